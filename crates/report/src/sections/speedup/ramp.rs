//! What equal static chunks can reach on ramp, T²/(2T−1), and which
//! strategies went past it, named by a fixed rule.

use doall_kernel::OVER_SPLIT;

use super::{SpeedupView, names_with_verb, ramp_ceiling};
use crate::{
    analysis::{Speedup, static_ceiling},
    format::{count, number, plural, times},
    rounds::RoundValues,
};

/// Where a speedup lies against a ceiling, in every round.
fn against(p: &Speedup, ceiling: f64) -> &'static str {
    let per_round = RoundValues::ratio(&p.baseline, &p.time);
    let rounds = if per_round.each.is_empty() {
        vec![per_round.best]
    } else {
        per_round.each
    };
    if rounds.iter().all(|s| *s > ceiling) {
        "above that ceiling"
    } else if rounds.iter().all(|s| *s < ceiling) {
        "below that ceiling"
    } else {
        "at that ceiling within noise"
    }
}

/// What equal static chunks can reach on ramp, and what the strategies did.
pub(super) fn ramp_sentences(view: &SpeedupView<'_>) -> Vec<String> {
    let t = view.max_t;
    let ceiling = ramp_ceiling(t, view.cores);
    let on_cores = if ceiling < static_ceiling(t) {
        format!(" with only {}", plural(view.cores, "core"))
    } else {
        String::new()
    };
    // Every strategy with T chunks (`split` false) or over-split, in the
    // registry's order: the sentences name all those a verdict holds for,
    // never the one that happened to be fastest, so that a second run
    // names the same ones.
    let at_max = |split: bool| -> Vec<(&str, &Speedup)> {
        view.lines
            .iter()
            .filter(|l| (l.chunks_per_thread != 1) == split && !l.peer)
            .filter_map(|l| l.at(t).map(|p| (l.strategy.as_str(), p)))
            .collect()
    };
    let above = |split: bool, ceiling: f64| -> Vec<(&str, &Speedup)> {
        at_max(split)
            .into_iter()
            .filter(|(_, p)| against(p, ceiling) == "above that ceiling")
            .collect()
    };
    let names = |at: &[(&str, &Speedup)]| -> Vec<String> {
        at.iter().map(|(name, _)| (*name).to_owned()).collect()
    };
    let cannot = format!(
        "Equal static chunks cannot beat {} at {} on ramp{on_cores}",
        times(ceiling),
        plural(t, "thread")
    );
    let mut sentences = Vec::new();
    if !at_max(true).is_empty() {
        let split = count(OVER_SPLIT * t);
        let over = above(true, ceiling);
        sentences.push(if over.is_empty() {
            format!("{cannot}; with {split} chunks none is above it in every round.")
        } else {
            format!(
                "{cannot}; with {split} chunks {} {}, above that ceiling in every round.",
                names_with_verb(&names(&over), "reaches", "reach"),
                speedup_range(&over)
            )
        });
    } else if let Some((name, p)) = at_max(false).first() {
        sentences.push(format!(
            "{cannot}; with T chunks {name} reaches {}.",
            times(p.speedup)
        ));
    }
    let still = above(false, ceiling * 1.02);
    if !still.is_empty() {
        sentences.push(format!(
            "With T chunks {} {}, above that ceiling in every round: the ceiling assumes an \
             element costs in proportion to its terms, but the kernel also pays a fixed cost \
             per element (loading, storing, counting its terms), which makes the equal chunks \
             less unequal than the terms alone.",
            names_with_verb(&names(&still), "still reaches", "still reach"),
            speedup_range(&still)
        ));
    }
    sentences
}

/// `1.38×`, or `1.38–1.85×` for several strategies' fastest speedups.
fn speedup_range(at: &[(&str, &Speedup)]) -> String {
    let (lo, hi) = at
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, p)| {
            (lo.min(p.speedup), hi.max(p.speedup))
        });
    if at.len() < 2 || number(lo) == number(hi) {
        times(hi)
    } else {
        format!("{}–{}", number(lo), times(hi))
    }
}
