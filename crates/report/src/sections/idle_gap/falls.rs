//! What an idle gap costs, in words: where pool falls from its fast path
//! (its spin budget predicts where, and the sentence checks it), and every
//! other strategy's slowdown after the longest gap. A fall is a bound: the
//! smallest gap after which the calls are slower than [`FALL`] times their
//! back-to-back time in every round, with no larger gap that brings them
//! back.

use crate::{
    analysis::is_ours,
    format::{and_list, micros, short_duration, times},
    rounds::{RoundValues, Verdict, verdict},
};

use super::{FALL, GapLine, GapView, SPINNING};

/// Where a strategy leaves its fast path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Fall {
    /// More than [`FALL`] times its back-to-back time in every round after
    /// the gap `by`, and within it in no round at no larger gap: somewhere
    /// after the gap `kept` (the largest shorter one at which it stayed
    /// within [`FALL`] in every round, if any) and by `by`. Gaps in between
    /// were neither: some rounds slow, some not.
    Between {
        /// The largest gap before `by` after which it kept its fast path.
        kept: Option<f64>,
        /// The smallest gap from which it is slower in every round.
        by: f64,
    },
    /// Not so at any gap, or nothing to compare.
    Never,
}

/// Where `line` falls from its back-to-back time: the smallest gap after
/// which it is slower than [`FALL`] times that in every round, with no
/// larger gap at which it stays within [`FALL`] in every round. A larger
/// gap that is merely undecided (slow in some rounds) does not undo the
/// fall: a longer idle gap can only leave the threads colder, and asking
/// every larger gap to be slow in every round too would let one quick
/// round there flip the finding between runs.
pub(super) fn fall(line: &GapLine<'_>) -> Fall {
    let Some(back) = line.at(0.0) else {
        return Fall::Never;
    };
    let back = RoundValues::of(&back.timing);
    let after: Vec<(f64, Verdict, bool)> = line
        .points
        .iter()
        .filter(|(g, _)| *g > 0.0)
        .map(|(g, r)| {
            let values = RoundValues::of(&r.timing);
            (
                *g,
                verdict(&values, &back, FALL),
                within_fall(&values, &back),
            )
        })
        .collect();
    let by = after.iter().enumerate().find(|(i, (_, v, _))| {
        *v == Verdict::Loses && !after[i + 1..].iter().any(|(_, _, kept)| *kept)
    });
    match by {
        Some((i, &(by, _, _))) => Fall::Between {
            kept: after[..i]
                .iter()
                .rev()
                .find(|(_, _, kept)| *kept)
                .map(|(g, _, _)| *g),
            by,
        },
        None => Fall::Never,
    }
}

/// Whether `values` stay within [`FALL`] times `back` in every round.
fn within_fall(values: &RoundValues, back: &RoundValues) -> bool {
    let ratios = RoundValues::ratio(values, back);
    ratios.best < FALL && ratios.each.iter().all(|x| *x < FALL)
}

/// The time per call after `gap_s`, as the findings write it.
fn time_at(line: &GapLine<'_>, gap_s: f64) -> String {
    line.at(gap_s)
        .map_or_else(|| "–".to_owned(), |r| micros(r.timing.min_s))
}

/// A gap in words: `a 10.0 µs gap`.
fn gap_words(gap_s: f64) -> String {
    format!("a {} gap", short_duration(gap_s))
}

/// The sentences on what a gap costs: pool's fall, where its spin budget
/// predicts one, then each other strategy's time after the longest gap over
/// its back-to-back time, ours in one sentence and the guests' (contenders
/// and peers) in another. A fall is named only where a budget predicts it:
/// a 1.5× rule on the others would name strategies whose slowdown sits near
/// 1.5× in one run and not the next, while the ratio is the finding.
pub(super) fn fall_sentences(view: &GapView<'_>) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut ours = Vec::new();
    let mut guests = Vec::new();
    for line in view.lines.iter().filter(|l| !l.is_baseline) {
        if line.strategy == SPINNING
            && let Some(budget) = view.spin_budget_s
            && let Fall::Between { kept, by } = fall(line)
        {
            sentences.push(format!(
                "{} falls from its fast path by {}: {} per call back to back, {} after {}{}.",
                line.strategy,
                gap_words(by),
                time_at(line, 0.0),
                time_at(line, by),
                short_duration(by),
                budget_clause(line, kept, by, budget)
            ));
        } else if is_ours(view.results, &line.strategy) {
            ours.push(line);
        } else {
            guests.push(line);
        }
    }
    if let Some(&longest) = view.gaps.last().filter(|g| **g > 0.0) {
        sentences.extend(slowdowns(&ours, longest));
        sentences.extend(slowdowns(&guests, longest));
    }
    sentences
}

/// `After a 10 ms gap std-mpsc takes 2.66× its back-to-back time per call,
/// std-scope 3.36× and rayon 1.23×`: the fastest call after the gap over
/// the fastest back to back, for each of `lines` that has both.
fn slowdowns(lines: &[&GapLine<'_>], gap_s: f64) -> Option<String> {
    let listed: Vec<String> = lines
        .iter()
        .filter_map(|line| {
            let (back, after) = (line.at(0.0)?, line.at(gap_s)?);
            Some((
                line.strategy.as_str(),
                after.timing.min_s / back.timing.min_s,
            ))
        })
        .enumerate()
        .map(|(i, (strategy, ratio))| {
            if i == 0 {
                format!(
                    "{strategy} takes {} its back-to-back time per call",
                    times(ratio)
                )
            } else {
                format!("{strategy} {}", times(ratio))
            }
        })
        .collect();
    (!listed.is_empty()).then(|| format!("After {} {}.", gap_words(gap_s), and_list(&listed)))
}

/// How pool's fall, by the gap `by` and after the gap `kept` at which it
/// was still fast (if any), lines up with its spin budget.
fn budget_clause(line: &GapLine<'_>, kept: Option<f64>, by: f64, budget: f64) -> String {
    let budget_words = short_duration(budget);
    if by <= budget {
        format!(
            ", before its {budget_words} spin budget ran out, which the spinning alone does \
             not explain"
        )
    } else if kept.is_some_and(|kept| kept > budget) {
        format!(", later than its {budget_words} spin budget would have it")
    } else {
        // A parked worker is woken, or its share is taken back by the
        // caller: the threads used say which the calls did.
        let unforked = line
            .at(by)
            .is_some_and(|r| crate::analysis::few_threads(r.threads_used, r.threads));
        let then = if unforked {
            "the caller ran their shares itself rather than wait for an OS wake-up"
        } else {
            "every call paid an OS wake-up"
        };
        format!(", past its {budget_words} spin budget: its workers had parked, and {then}")
    }
}
