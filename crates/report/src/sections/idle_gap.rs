//! Calls after an idle gap: the caller works on something else for a while
//! between two calls. A pool whose workers spin answers at once while they
//! spin; once they have parked, a call pays an OS wake-up, or the caller
//! runs the parked workers' shares itself and the call does not fork. This
//! section shows where pool falls from its fast path, what a long gap costs
//! every other strategy, and what the spinning costs the rest of the machine.

use doall_results::{OverheadRecord, OverheadSize, RunResults};
use maud::{Markup, html};

use crate::{
    analysis::CLEAR,
    charts::{Axis, Chart, Marking, Point, Scale, Series},
    format::{and_list, count, micros, plural, short_duration, tick},
    palette::Palette,
    per_call::{CallCost, call_costs, pick, same_gap, strategies},
    rounds::{RoundValues, Verdict, verdict},
};

use super::{figure, findings, used::unforked_calls};
use falls::fall_sentences;

/// The size of the idle-gap sweep: 64 elements.
const SIZE: OverheadSize = OverheadSize::Elements64;

/// A strategy has fallen from its fast path by a gap when its time per call
/// there is more than this many times its back-to-back time in every round:
/// an OS wake-up costs tens of microseconds, many times a fast hand-over,
/// while noise moves a time by a few percent.
pub(crate) const FALL: f64 = 1.5;

/// The strategy whose workers spin for the run's spin budget.
const SPINNING: &str = "pool";

/// The strategy that starts its threads on every call: what a spinning pool
/// must beat once its workers have parked.
const SPAWNING: &str = "std-scope";

/// One strategy's times per call across the gaps.
pub(crate) struct GapLine<'a> {
    /// The strategy (seq and go-seq too).
    pub(crate) strategy: String,
    /// Whether it is a baseline (seq, go-seq), which has no fall to tell.
    pub(crate) is_baseline: bool,
    /// `(gap, record)`, ascending by gap; back to back (gap 0) first.
    pub(crate) points: Vec<(f64, &'a OverheadRecord)>,
}

impl GapLine<'_> {
    /// The record after `gap_s`, if measured.
    fn at(&self, gap_s: f64) -> Option<&OverheadRecord> {
        self.points
            .iter()
            .find(|(g, _)| same_gap(*g, gap_s))
            .map(|(_, r)| *r)
    }
}

/// What the idle-gap chart shows.
pub(crate) struct GapView<'a> {
    /// The threads of the sweep.
    pub(crate) threads: usize,
    /// The gaps measured, ascending, 0 first if measured.
    pub(crate) gaps: Vec<f64>,
    /// The baselines first (seq, then go-seq if Go ran), then each parallel
    /// strategy.
    pub(crate) lines: Vec<GapLine<'a>>,
    /// The sweep's calls after a gap, with their baselines.
    pub(crate) after_gaps: Vec<CallCost<'a>>,
    /// The parallel strategies of the sweep.
    pub(crate) strategies: Vec<String>,
    /// How long pool's workers spin after a call, if recorded.
    pub(crate) spin_budget_s: Option<f64>,
    /// The whole results file.
    pub(crate) results: &'a RunResults,
}

/// The idle-gap sweep of `results`, at its one thread count (the largest
/// within the cores if there are several); `None` without one.
pub(crate) fn view(results: &RunResults) -> Option<GapView<'_>> {
    let costs = call_costs(results);
    let cores = results.machine.available_parallelism.max(1);
    let swept = |c: &&CallCost<'_>| c.record.size == SIZE && c.record.idle_gap_s > 0.0;
    let mut counts: Vec<usize> = costs
        .iter()
        .filter(swept)
        .map(|c| c.record.threads)
        .collect();
    counts.sort_unstable();
    let threads = counts
        .iter()
        .copied()
        .filter(|&t| t <= cores)
        .max()
        .or(counts.first().copied())?;
    let sweep: Vec<CallCost<'_>> = costs
        .iter()
        .filter(|c| c.record.size == SIZE && c.record.threads == threads)
        .copied()
        .collect();
    let mut gaps: Vec<f64> = sweep.iter().map(|c| c.record.idle_gap_s).collect();
    gaps.sort_by(f64::total_cmp);
    gaps.dedup_by(|a, b| same_gap(*a, *b));
    let names = strategies(results, &sweep);
    let mut baselines: Vec<&str> = vec![crate::analysis::BASELINE];
    for s in &names {
        let b = results.baseline_of(s);
        if !baselines.contains(&b) {
            baselines.push(b);
        }
    }
    // Each baseline's line: its reference records of the sweep, gap by gap.
    let mut lines: Vec<GapLine<'_>> = baselines
        .into_iter()
        .map(|b| GapLine {
            strategy: b.to_owned(),
            is_baseline: true,
            points: gaps
                .iter()
                .filter_map(|&g| {
                    sweep
                        .iter()
                        .find(|c| c.baseline.strategy == b && same_gap(c.record.idle_gap_s, g))
                })
                .map(|c| (c.baseline.idle_gap_s, c.baseline))
                .collect(),
        })
        .collect();
    lines.extend(names.iter().map(|s| {
        GapLine {
            strategy: s.clone(),
            is_baseline: false,
            points: gaps
                .iter()
                .filter_map(|&g| pick(&sweep, s, SIZE, threads, g).map(|c| (g, c.record)))
                .collect(),
        }
    }));
    Some(GapView {
        threads,
        gaps,
        lines,
        after_gaps: sweep
            .into_iter()
            .filter(|c| c.record.idle_gap_s > 0.0)
            .collect(),
        strategies: names,
        spin_budget_s: results.machine.spin_budget_s,
        results,
    })
}

/// The findings: where pool falls and what a long gap costs the others, the
/// peers' cost after it, pool against std-scope once pool's workers have
/// parked, what the spinning costs, and the calls that did not fork.
pub(crate) fn gap_findings(view: &GapView<'_>) -> Vec<String> {
    let mut sentences = fall_sentences(view);
    if let Some(&largest) = view.gaps.last().filter(|g| **g > 0.0) {
        sentences.extend(super::peer::overhead_sentences(
            &view.after_gaps,
            &view.strategies,
            view.results,
            (SIZE, view.threads, largest),
        ));
    }
    sentences.extend(parked_against_spawned(view));
    sentences.extend(spin_cost(view));
    sentences.extend(unforked_calls(&view.strategies, &view.after_gaps));
    sentences
}

/// Whether pool, after gaps longer than its spin budget, is ever slower than
/// std-scope, with the numbers.
fn parked_against_spawned(view: &GapView<'_>) -> Option<String> {
    let budget = view.spin_budget_s?;
    let pool = view.lines.iter().find(|l| l.strategy == SPINNING)?;
    let scope = view.lines.iter().find(|l| l.strategy == SPAWNING)?;
    let mut slower = false;
    let clauses: Vec<String> = view
        .gaps
        .iter()
        .filter(|&&g| g > budget)
        .filter_map(|&g| {
            let (p, s) = (pool.at(g)?, scope.at(g)?);
            let v = verdict(
                &RoundValues::of(&p.timing),
                &RoundValues::of(&s.timing),
                CLEAR,
            );
            slower |= v == Verdict::Loses;
            let word = match v {
                Verdict::Wins => "faster in every round",
                Verdict::Loses => "slower in every round",
                Verdict::Tie => "a tie within noise",
            };
            Some(format!(
                "after {} {} against {} ({word})",
                short_duration(g),
                micros(p.timing.min_s),
                micros(s.timing.min_s)
            ))
        })
        .collect();
    if clauses.is_empty() {
        return None;
    }
    let claim = if slower {
        "can be slower than"
    } else {
        "is never slower beyond noise than"
    };
    Some(format!(
        "After gaps longer than its {} spin budget, {SPINNING} {claim} {SPAWNING} (which \
         starts its threads on every call): {}.",
        short_duration(budget),
        and_list(&clauses)
    ))
}

/// What the spinning costs: a core per worker for the spin budget.
fn spin_cost(view: &GapView<'_>) -> Option<String> {
    let budget = view.spin_budget_s?;
    view.lines.iter().find(|l| l.strategy == SPINNING)?;
    let workers = view.threads.checked_sub(1).filter(|&w| w > 0)?;
    Some(format!(
        "What the speed costs: {SPINNING}'s workers spin for {} after a call before they \
         park, and at {} the pool has {} besides the caller, so a program that calls it at \
         least every {} keeps up to {} busy all the time, even between calls: cores that \
         other programs, or other threads of the same program, cannot use.",
        short_duration(budget),
        plural(view.threads, "thread"),
        plural(workers, "worker"),
        short_duration(budget),
        plural(workers, "more core")
    ))
}

/// Where back-to-back calls stand on the log axis: a decade left of the
/// smallest gap, since a gap of zero has no logarithm.
fn back_to_back_x(gaps: &[f64]) -> f64 {
    gaps.iter().copied().find(|g| *g > 0.0).unwrap_or(1e-5) / 10.0
}

/// The chart: time per call against the gap, one line per strategy.
fn chart(view: &GapView<'_>, palette: &Palette) -> Chart {
    let zero = back_to_back_x(&view.gaps);
    let x_of = |g: f64| if g > 0.0 { g } else { zero };
    let series = view
        .lines
        .iter()
        .map(|l| {
            let points = l
                .points
                .iter()
                .map(|(g, r)| Point {
                    noisy: crate::analysis::is_noisy(&r.timing),
                    few_threads: crate::analysis::few_threads(r.threads_used, r.threads),
                    ..Point::at(x_of(*g), r.timing.min_s * 1e6)
                })
                .collect();
            Series::strategy(palette, &l.strategy, points)
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    Chart {
        title: format!(
            "heavy: time per call after an idle gap, {}",
            plural(view.threads, "thread")
        ),
        x: Axis {
            label: "idle gap before the call (log scale)".to_owned(),
            scale: Scale::Log,
            from_zero: false,
            ticks: view.gaps.iter().map(|&g| x_of(g)).collect(),
            format: short_duration,
            names: vec![(zero, "back to back".to_owned())],
            span: None,
        },
        y: Axis::log("time per call (µs, log scale)", tick),
        series,
        legend: None,
        marking: view.spin_budget_s.map(|budget| Marking {
            x: budget,
            label: format!("{SPINNING} spins {}", short_duration(budget)),
        }),
    }
}

/// The idle-gap section, or nothing if the run did not sweep gaps.
pub(crate) fn section(results: &RunResults, palette: &Palette) -> Markup {
    let Some(view) = view(results) else {
        return html! {};
    };
    html! {
        h2 #idle-gap { "Calls after an idle gap" }
        p {
            "The same 64-element calls at " (plural(view.threads, "thread")) ", but before \
             each call the caller works on something else, on its own core, for the idle \
             gap (not timed). Threads that wait between calls by spinning answer at once; \
             threads that sleep must be woken by the OS, which takes tens of microseconds."
        }
        (figure(&chart(&view, palette), html! {
            "Fastest time per call after each gap; the leftmost points are the calls back to \
             back (no gap), set apart since a gap of zero has no place on a log axis. Both \
             axes are logarithmic."
            @if let Some(budget) = view.spin_budget_s {
                " The dashed vertical line is " (SPINNING) "'s spin budget: its workers spin \
                 for " (short_duration(budget)) " after a call, then park."
            }
            " Hollow: noisy; hollow square: the calls ran on fewer than 90% of their threads."
            (super::peer::legend_note(
                view.lines
                    .iter()
                    .map(|l| l.strategy.as_str())
                    .filter(|s| results.peer_of(s).is_some()),
            ))
        }))
        (findings(&gap_findings(&view), html! {}))
        p.note {
            "Measured at " (plural(view.threads, "thread")) ", the most threads within the \
             cores, so that every spinning thread can have a core; gaps of "
            (and_list(&view.gaps.iter().filter(|g| **g > 0.0).map(|g| short_duration(*g)).collect::<Vec<_>>()))
            ". " (SPINNING) " falls from its fast path by a gap when its time there is \
             more than " (FALL) "× its back-to-back time in every round and no larger gap \
             (of the " (count(view.gaps.len())) " measured) brings it back under that in \
             every round: its spin budget says where that should be. For the others the \
             findings give the fastest call after the longest gap over the fastest back to \
             back; the chart shows where the slowdown begins."
        }
    }
}

mod falls;

#[cfg(test)]
mod tests;
