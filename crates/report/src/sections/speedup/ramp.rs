//! What equal static chunks can reach on ramp, T²/(2T−1), and whether the
//! strategies went past it: a claim about the ceiling, made of a fixed group
//! (every strategy with T chunks, or every over-split one, in the registry's
//! order), never of the members one run happened to find above it.

use doall_kernel::OVER_SPLIT;

use super::{SpeedupView, names_with_verb, ramp_ceiling};
use crate::{
    analysis::{BEATS, Speedup, static_ceiling},
    format::{count, plural, times, times_span},
    rounds::{RoundValues, Verdict, verdict},
};

/// Whether the best of `group` is above `ceiling` in every round: round by
/// round, the highest speedup of any member, held to the every-round rule
/// against the ceiling (by more than [`BEATS`], with its confidence bound).
///
/// The claim is about the ceiling: in every round some static split went
/// past it. Which members did in every round is a finer claim that one slow
/// round of one member (a neighbour taking a core for a second) would flip
/// from run to run; the chart shows each member.
fn best_above(group: &[(&str, &Speedup)], ceiling: f64) -> bool {
    // Time over the baseline's: the lower, the larger the speedup.
    let per_member: Vec<RoundValues> = group
        .iter()
        .map(|(_, p)| RoundValues::ratio(&p.time, &p.baseline))
        .collect();
    let measured = RoundValues::lowest_of(&per_member);
    let limit = RoundValues {
        each: vec![1.0 / ceiling; measured.each.len()],
        best: 1.0 / ceiling,
    };
    measured.best.is_finite() && verdict(&measured, &limit, BEATS) == Verdict::Wins
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
    // registry's order.
    let at_max = |split: bool| -> Vec<(&str, &Speedup)> {
        view.lines
            .iter()
            .filter(|l| (l.chunks_per_thread != 1) == split && !l.peer)
            .filter_map(|l| l.at(t).map(|p| (l.strategy.as_str(), p)))
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
    let above = |group: &[(&str, &Speedup)]| match group.len() {
        1 => "above that ceiling in every round",
        _ => "the best of them above that ceiling in every round",
    };
    let mut sentences = Vec::new();
    let over_split = at_max(true);
    if !over_split.is_empty() {
        let split = count(OVER_SPLIT * t);
        sentences.push(if best_above(&over_split, ceiling) {
            format!(
                "{cannot}; with {split} chunks {} {}, {}.",
                names_with_verb(&names(&over_split), "reaches", "reach"),
                times_span(over_split.iter().map(|(_, p)| p.speedup)),
                above(&over_split)
            )
        } else {
            format!("{cannot}; with {split} chunks none is above it in every round.")
        });
    } else if let Some((name, p)) = at_max(false).first() {
        sentences.push(format!(
            "{cannot}; with T chunks {name} reaches {}.",
            times(p.speedup)
        ));
    }
    let equal = at_max(false);
    if best_above(&equal, ceiling) {
        sentences.push(format!(
            "With T chunks {} {}, {}: the ceiling assumes an element costs in proportion to \
             its terms, but the kernel also pays a fixed cost per element (loading, storing, \
             counting its terms), which makes the equal chunks less unequal than the terms \
             alone.",
            names_with_verb(&names(&equal), "still reaches", "still reach"),
            times_span(equal.iter().map(|(_, p)| p.speedup)),
            above(&equal)
        ));
    }
    sentences
}
