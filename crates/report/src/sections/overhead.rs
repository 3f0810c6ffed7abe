//! Per-call overhead: what each strategy adds to a call that holds almost no
//! work, back to back, against threads. A chart of the 64-element calls, a
//! table of every size, and who is cheapest where that held in every round.

use std::collections::BTreeSet;

use doall_results::{OverheadRecord, OverheadSize, RunResults, words::agreeing};
use maud::{Markup, html};

use crate::{
    analysis::{BASELINE, CLEAR},
    charts::{Axis, Chart, Point, Series},
    format::{count, duration, micros, percent, plural, tick},
    palette::Palette,
    per_call::{CallCost, baseline_record, call_costs, pick, strategies, thread_counts},
    rounds::{Lead, lowest},
};

use super::{
    figure, findings, log2_note, name_cell, names_with_verb,
    noisy::{self, Noisy},
    threads_axis,
    used::{unforked_calls, used_with_share},
};

/// The size the chart draws: 64 elements, the same work at every thread
/// count, so only the overhead changes along a line.
const DRAWN: OverheadSize = OverheadSize::Elements64;

/// The lowest overhead a log axis draws, in seconds. An overhead at or
/// below zero (a call no slower than seq) has no logarithm: it is drawn at
/// this floor, and the findings say so.
pub(crate) const FLOOR_S: f64 = 1e-8;

/// The back-to-back overhead measurements of a run.
pub(crate) struct OverheadView<'a> {
    /// The whole results file.
    pub(crate) results: &'a RunResults,
    /// The parallel strategies measured, in the run's order (a peer's too).
    pub(crate) strategies: Vec<String>,
    /// The baselines the strategies are measured against: seq, go-seq.
    pub(crate) baselines: Vec<String>,
    /// Every back-to-back call with its seq baseline, every size.
    pub(crate) costs: Vec<CallCost<'a>>,
    /// The thread counts of the drawn size, ascending.
    pub(crate) threads: Vec<usize>,
    /// The cores this process could use.
    pub(crate) cores: usize,
}

/// The back-to-back overheads of `results`; `None` if the run has none
/// (runs before version 3, or a filtered run).
pub(crate) fn view(results: &RunResults) -> Option<OverheadView<'_>> {
    let costs: Vec<CallCost<'_>> = call_costs(results)
        .into_iter()
        .filter(|c| c.record.idle_gap_s == 0.0)
        .collect();
    if costs.is_empty() {
        return None;
    }
    let strategies = strategies(results, &costs);
    let mut baselines: Vec<String> = vec![BASELINE.to_owned()];
    for s in &strategies {
        let b = results.baseline_of(s);
        if !baselines.iter().any(|known| known == b) {
            baselines.push(b.to_owned());
        }
    }
    Some(OverheadView {
        results,
        strategies,
        baselines,
        threads: thread_counts(&costs, DRAWN, 0.0),
        costs,
        cores: results.machine.available_parallelism.max(1),
    })
}

impl OverheadView<'_> {
    /// Each strategy's drawn calls at `threads`, in strategy order.
    fn at(&self, threads: usize) -> Vec<CallCost<'_>> {
        self.strategies
            .iter()
            .filter_map(|s| pick(&self.costs, s, DRAWN, threads, 0.0))
            .collect()
    }

    /// The Rust strategies' drawn calls at `threads`: who is cheapest
    /// compares times, which only calls over the same seq can.
    fn rust_at(&self, threads: usize) -> Vec<CallCost<'_>> {
        self.at(threads)
            .into_iter()
            .filter(|c| self.results.peer_of(&c.record.strategy).is_none())
            .collect()
    }

    /// The thread counts that get a sentence: those within the cores, and
    /// the largest if it is beyond them (the ones between add little).
    fn counts_told(&self) -> Vec<usize> {
        let mut told: Vec<usize> = self
            .threads
            .iter()
            .copied()
            .filter(|&t| t <= self.cores)
            .collect();
        if let Some(&max) = self.threads.last()
            && !told.contains(&max)
        {
            told.push(max);
        }
        told
    }
}

/// The findings: the cheapest at each thread count, the peers beside them
/// at the most threads, and the calls that did not fork. The overheads
/// drawn at the floor are a note on the chart, after the box.
pub(crate) fn overhead_findings(view: &OverheadView<'_>) -> Vec<String> {
    let told = view.counts_told();
    let mut sentences: Vec<String> = told.iter().filter_map(|&t| cheapest(view, t)).collect();
    // The peers at the most threads told: at fewer, their calls fork little.
    if let Some(&most) = told.last() {
        sentences.extend(super::peer::overhead_sentences(
            &view.costs,
            &view.strategies,
            view.results,
            (DRAWN, most, 0.0),
        ));
    }
    sentences.extend(unforked_calls(&view.strategies, &view.costs));
    sentences
}

/// Every strategy's overhead at `threads`, cheapest first, with who is
/// cheapest if that held in every round.
fn cheapest(view: &OverheadView<'_>, threads: usize) -> Option<String> {
    let mut at = view.rust_at(threads);
    if at.is_empty() {
        return None;
    }
    at.sort_by(|a, b| a.overhead_s().total_cmp(&b.overhead_s()));
    let listed: Vec<String> = at
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cost = if i == 0 {
                format!("costs {} per call over seq", micros(c.overhead_s()))
            } else {
                micros(c.overhead_s())
            };
            let below = if c.overhead_s() <= 0.0 {
                " (no slower than seq)"
            } else {
                ""
            };
            format!("{} {cost}{below}", c.record.strategy)
        })
        .collect();
    let start = format!(
        "At {} {}",
        plural(threads, "thread"),
        crate::format::and_list(&listed)
    );
    if at.len() == 1 {
        return Some(format!("{start}."));
    }
    let times: Vec<_> = at.iter().map(CallCost::time).collect();
    let names = |members: &[usize]| -> Vec<String> {
        members
            .iter()
            .map(|&i| at[i].record.strategy.clone())
            .collect()
    };
    Some(match lowest(&times, CLEAR)? {
        Lead::Alone(i) => format!(
            "{start}: {} is cheapest in every round.",
            at[i].record.strategy
        ),
        Lead::Tied(all) if all.len() == at.len() => {
            format!("{start}: they tie within noise, none cheaper than the others in every round.")
        }
        Lead::Tied(members) => format!(
            "{start}: {} for cheapest within noise.",
            names_with_verb(&names(&members), "ties", "tie")
        ),
    })
}

/// The drawn overheads at or below zero, which the chart shows at its floor.
fn floored(view: &OverheadView<'_>) -> Option<String> {
    let low: Vec<String> = view
        .threads
        .iter()
        .flat_map(|&t| view.at(t))
        .filter(|c| c.overhead_s() <= 0.0)
        .map(|c| {
            let over = if c.baseline.strategy == BASELINE {
                String::new()
            } else {
                format!(" over {}", c.baseline.strategy)
            };
            format!(
                "{} at {} ({}{over})",
                c.record.strategy,
                plural(c.record.threads, "thread"),
                micros(c.overhead_s())
            )
        })
        .collect();
    if low.is_empty() {
        return None;
    }
    let low_peer = view
        .threads
        .iter()
        .flat_map(|&t| view.at(t))
        .any(|c| c.overhead_s() <= 0.0 && c.baseline.strategy != BASELINE);
    let verb = agreeing(low.len(), "was", "were");
    let points = agreeing(low.len(), "its point is", "their points are");
    Some(format!(
        "{} {verb} no slower than {}: a log axis has no place for an overhead at or \
         below zero, so {points} drawn at the floor of {}.",
        crate::format::and_list(&low),
        if low_peer { "their baselines" } else { "seq" },
        micros(FLOOR_S)
    ))
}

/// The chart: each strategy's overhead on 64 elements against threads.
fn chart(view: &OverheadView<'_>, palette: &Palette) -> Chart {
    let series = view
        .strategies
        .iter()
        .map(|s| {
            let points = view
                .threads
                .iter()
                .filter_map(|&t| pick(&view.costs, s, DRAWN, t, 0.0))
                .map(|c| Point {
                    few_threads: c.few_threads(),
                    noisy: c.noisy(),
                    ..Point::at(c.record.threads as f64, c.overhead_s().max(FLOOR_S) * 1e6)
                })
                .collect();
            Series::strategy(palette, s, points)
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    Chart {
        title: format!("heavy: overhead per call on {}", DRAWN.describe()),
        x: threads_axis(&view.threads),
        y: Axis::log(
            if view.baselines.len() > 1 {
                "overhead over its seq (µs, log scale)"
            } else {
                "overhead over seq (µs, log scale)"
            },
            tick,
        ),
        series,
        legend: None,
        marking: None,
    }
}

/// The noisy measurements among the calls drawn and their baselines.
fn noisy_records(view: &OverheadView<'_>) -> Vec<Noisy> {
    let drawn: Vec<CallCost<'_>> = view.threads.iter().flat_map(|&t| view.at(t)).collect();
    let mut records: Vec<&OverheadRecord> = Vec::new();
    for c in &drawn {
        for r in [c.baseline, c.record] {
            if !records.iter().any(|seen| std::ptr::eq(*seen, r)) {
                records.push(r);
            }
        }
    }
    records
        .into_iter()
        .filter(|r| crate::analysis::is_noisy(&r.timing))
        .map(|r| Noisy::new(&r.strategy, (r.len, r.threads, r.chunks), &r.timing))
        .collect()
}

/// The per-call overhead section, or nothing if the run did not measure it.
pub(crate) fn section(results: &RunResults, palette: &Palette) -> Markup {
    let Some(view) = view(results) else {
        return html! {};
    };
    let seq = baseline_record(results, BASELINE, DRAWN, DRAWN.len(1), 0.0);
    let go_seq: Vec<&OverheadRecord> = view.baselines[1..]
        .iter()
        .filter_map(|b| baseline_record(results, b, DRAWN, DRAWN.len(1), 0.0))
        .collect();
    html! {
        h2 #overhead { "Per-call overhead" }
        p {
            "What a strategy adds to one call that holds almost no work (the EPCC syncbench \
             method): its fastest time per call on a tiny " code { "heavy" } " vector minus \
             seq's fastest time on the same elements. The calls run back to back, with T \
             chunks for T threads. A strategy that starts threads on every call pays for \
             them here; a pool whose threads wait between calls pays only to hand the work \
             over."
        }
        @if !view.threads.is_empty() {
            (figure(&chart(&view, palette), html! {
                "Overhead = the strategy's fastest time per call on 64 elements minus seq's"
                @if let Some(s) = seq { " (" (duration(s.timing.min_s)) ")" }
                @for b in &go_seq {
                    "; a peer's minus its own loop's, " (b.strategy) "'s ("
                    (duration(b.timing.min_s)) ")"
                }
                ". The vertical axis is logarithmic; an overhead at or below zero is drawn at "
                (micros(FLOOR_S)) ". Hollow: noisy; hollow square: the calls ran on fewer \
                 than 90% of their threads."
                (log2_note(&view.threads))
                (super::peer::legend_note(go_seq.iter().map(|b| b.strategy.as_str())))
            }))
        }
        (findings(&overhead_findings(&view), html! {
            @if let Some(s) = floored(&view) { p.note { (s) } }
            (noisy::list_block(&noisy_records(&view)))
        }))
        (table(&view, palette))
    }
}

/// Every size at every thread count: overhead, time per call, threads used.
fn table(view: &OverheadView<'_>, palette: &Palette) -> Markup {
    let threads: BTreeSet<usize> = OverheadSize::ALL
        .iter()
        .flat_map(|&size| thread_counts(&view.costs, size, 0.0))
        .collect();
    // The reference call of T threads' size: one chunk for fixed-per-chunk.
    let baseline_at = |baseline: &str, size: OverheadSize, t: usize| {
        let len = size.baseline_len(size.len(t));
        baseline_record(view.results, baseline, size, len, 0.0)
    };
    html! {
        table.overhead {
            thead {
                tr {
                    th rowspan="2" { "T" } th rowspan="2" { "strategy" }
                    @for size in OverheadSize::ALL { th colspan="3" { (size.describe()) } }
                }
                tr {
                    @for _ in OverheadSize::ALL {
                        th { "over seq" } th { "per call" } th { "threads used (calls on all T)" }
                    }
                }
            }
            tbody {
                @for &t in &threads {
                    @for b in &view.baselines {
                        tr {
                            td { (count(t)) } td { (name_cell(palette, b, "")) }
                            @for size in OverheadSize::ALL {
                                td { "baseline" }
                                td { @match baseline_at(b, size, t) { Some(s) => (micros(s.timing.min_s)), None => "–" } }
                                td { "1" }
                            }
                        }
                    }
                    @for s in &view.strategies {
                        tr {
                            td { (count(t)) } td { (name_cell(palette, s, "")) }
                            @for size in OverheadSize::ALL {
                                @match pick(&view.costs, s, size, t, 0.0) {
                                    Some(c) => {
                                        td title=(format!("{} − {}'s {} at {} elements",
                                            duration(c.record.timing.min_s),
                                            c.baseline.strategy,
                                            duration(c.baseline.timing.min_s),
                                            count(c.record.len))) {
                                            (micros(c.overhead_s()))
                                        }
                                        td { (micros(c.record.timing.min_s)) }
                                        td { (used_with_share(c.record.threads_used)) }
                                    },
                                    None => { td { "–" } td { "–" } td { "–" } },
                                }
                            }
                        }
                    }
                }
            }
        }
        p.note {
            "Each size against a seq call: one element per chunk (T elements) and 64 elements \
             against seq on the same elements; 256 elements of heavy per chunk (256 × T \
             elements) against seq on one chunk of 256, as in EPCC's syncbench: a perfect \
             fork-join of T equal chunks takes one chunk's time, so the rest is overhead. \
             Threads used: the mean number of OS threads that ran \
             chunks in probed calls, and in brackets the share of calls that ran on all T; \
             a dash where the run did not probe them. Times are fastest samples; "
            (percent(CLEAR - 1.0)) " is the margin by which one strategy must be cheaper \
             than another in every round to be named cheaper."
        }
    }
}

#[cfg(test)]
mod tests;
