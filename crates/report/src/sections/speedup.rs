//! Speedup over seq against threads, one chart per workload, with COST
//! beside it.

use doall_results::Record;
use maud::{Markup, html};

use crate::{
    analysis::{CLEAR, Cost, Run, Speedup, cost, few_threads, round_range, speedups},
    format::{and_list, count, percent, plural, times, times_range},
    palette::Palette,
    rounds::{Lead, RoundValues, best_and_worst},
};

use super::{
    chunkings, figure, findings, missing, name_cell, names_with_verb, noisy,
    speedup_chart::{SpeedupLine, ideal, ramp_ceiling, speedup_caption_with, speedup_chart},
    used::{few_used_speedups, square_note, used_cell},
    variant,
};

impl SpeedupLine {
    /// The point at `threads`, if measured.
    fn at(&self, threads: usize) -> Option<&Speedup> {
        self.points.iter().find(|p| p.threads == threads)
    }
}

/// Every speedup line of `workload` at `len`.
pub(crate) fn speedup_lines(run: &Run<'_>, workload: &str, len: usize) -> Vec<SpeedupLine> {
    let mut lines = Vec::new();
    for s in &run.strategies {
        for k in chunkings(run, s, workload, len) {
            let points = speedups(run, s, workload, len, k);
            if !points.is_empty() {
                lines.push(SpeedupLine {
                    strategy: s.clone(),
                    chunks_per_thread: k,
                    points,
                    peer: run.is_peer(s),
                    baseline: run.results.baseline_of(s).to_owned(),
                });
            }
        }
    }
    lines
}

/// What the speedup section of one workload shows.
pub(crate) struct SpeedupView<'a> {
    /// The workload.
    pub(crate) workload: String,
    /// The length the speedups are read at.
    pub(crate) len: usize,
    /// The most threads measured.
    pub(crate) max_t: usize,
    /// The cores this process could use.
    pub(crate) cores: usize,
    /// The lines drawn.
    pub(crate) lines: Vec<SpeedupLine>,
    /// Every record the chart draws.
    pub(crate) used: Vec<&'a Record>,
    /// The sentences on a peer (Go) beside the Rust strategies.
    pub(crate) peer: Vec<String>,
}

/// The speedups of `workload` at `len`; `None` without a baseline there.
pub(crate) fn view<'a>(run: &Run<'a>, workload: &str, len: usize) -> Option<SpeedupView<'a>> {
    let lines = speedup_lines(run, workload, len);
    // Each baseline drawn against, seq first: their noise moves the points.
    let mut used: Vec<&Record> = run
        .baselines
        .iter()
        .filter(|b| {
            lines
                .iter()
                .any(|l| run.results.baseline_of(&l.strategy) == *b)
        })
        .filter_map(|b| run.baseline_record(b, workload, len))
        .collect();
    if used.is_empty() {
        used.extend(run.seq(workload, len));
    }
    if used.is_empty() {
        return None;
    }
    for line in &lines {
        used.extend(line.points.iter().filter_map(|p| {
            run.record(
                &line.strategy,
                workload,
                len,
                p.threads,
                line.chunks_per_thread * p.threads,
            )
        }));
    }
    Some(SpeedupView {
        workload: workload.to_owned(),
        len,
        max_t: run
            .thread_counts(workload, len)
            .into_iter()
            .max()
            .unwrap_or(1),
        cores: run.results.machine.available_parallelism.max(1),
        lines,
        used,
        peer: super::peer::speedup_sentences(run, workload),
    })
}

/// The findings under a speedup chart.
pub(crate) fn speedup_findings(view: &SpeedupView<'_>) -> Vec<String> {
    let mut sentences: Vec<String> = Vec::new();
    sentences.extend(at_most_threads(view));
    sentences.extend(cost_sentence(view));
    if view.workload == "ramp" {
        sentences.extend(ramp::ramp_sentences(view));
    }
    sentences.extend(view.peer.iter().cloned());
    sentences.extend(few_used_speedups(&view.workload, view.len, &view.lines));
    if view.max_t > view.cores {
        sentences.push(format!(
            "Counts above {} exceed the cores this process may use: those threads take \
             turns, so the ideal stays at {}.",
            plural(view.cores, "thread"),
            times(view.cores as f64)
        ));
    }
    sentences
}

/// The Rust strategies' T-chunk speedups at the most threads measured.
/// Fastest and slowest compare times, which only strategies sharing a kernel
/// and a baseline can: the Rust ones. Go has sentences of its own.
pub(crate) fn at_most<'v>(view: &'v SpeedupView<'_>) -> Vec<(&'v str, &'v Speedup)> {
    view.lines
        .iter()
        .filter(|l| l.chunks_per_thread == 1 && !l.peer)
        .filter_map(|l| l.at(view.max_t).map(|p| (l.strategy.as_str(), p)))
        .collect()
}

/// Who is fastest and who is slowest among `at_max`, as far as every round
/// tells: what the first sentence states, and what a diff of two runs
/// compares.
pub(crate) fn leads(at_max: &[(&str, &Speedup)]) -> Option<(Lead, Option<Lead>)> {
    let contenders: Vec<RoundValues> = at_max.iter().map(|(_, p)| p.time.clone()).collect();
    best_and_worst(&contenders, CLEAR)
}

/// Who is fastest at the most threads, if that held in every round.
fn at_most_threads(view: &SpeedupView<'_>) -> Option<String> {
    let t = view.max_t;
    let ideal = ideal(t, view.cores);
    let at_max = at_most(view);
    let of_ideal = |s: f64| format!("{} of the ideal {}", percent(s / ideal), times(ideal));
    if let [(name, p)] = at_max.as_slice() {
        return Some(format!(
            "At {} {name} reaches {} ({}).",
            plural(t, "thread"),
            times(p.speedup),
            of_ideal(p.speedup)
        ));
    }
    let named = |members: &[usize]| -> Vec<String> {
        members
            .iter()
            .map(|&i| format!("{} ({})", at_max[i].0, times(at_max[i].1.speedup)))
            .collect()
    };
    let (fastest, slowest) = leads(&at_max)?;
    let mut sentence = match &fastest {
        Lead::Alone(i) => format!(
            "At {} {} is fastest with {} ({})",
            plural(t, "thread"),
            at_max[*i].0,
            times(at_max[*i].1.speedup),
            of_ideal(at_max[*i].1.speedup)
        ),
        Lead::Tied(members) if members.len() == at_max.len() => {
            return Some(format!(
                "At {} {} within noise: none is faster than the others in every round \
                 (the ideal is {}).",
                plural(t, "thread"),
                names_with_verb(&named(members), "ties", "tie"),
                times(ideal)
            ));
        }
        Lead::Tied(members) => format!(
            "At {} {} for fastest within noise (the ideal is {})",
            plural(t, "thread"),
            names_with_verb(&named(members), "ties", "tie"),
            times(ideal)
        ),
    };
    match slowest {
        Some(Lead::Alone(i)) => sentence.push_str(&format!(
            "; {} is slowest with {}",
            at_max[i].0,
            times(at_max[i].1.speedup)
        )),
        Some(Lead::Tied(members)) => sentence.push_str(&format!(
            "; {} for slowest within noise",
            names_with_verb(&named(&members), "ties", "tie")
        )),
        None => {}
    }
    sentence.push('.');
    Some(sentence)
}

/// The COST table's cell for one line.
fn cost_cell(c: Cost) -> String {
    match c {
        Cost::From(t) => plural(t, "thread"),
        Cost::Marginal(t) => format!("a few % at best ({})", plural(t, "thread")),
        Cost::Tie => "tie within noise".to_owned(),
        Cost::Never => "never on this machine".to_owned(),
    }
}

/// COST of every T-chunk line in one sentence: the Rust strategies' against
/// seq, then each peer's against its own baseline.
fn cost_sentence(view: &SpeedupView<'_>) -> Option<String> {
    let mut sentence = rust_cost(view);
    for l in view
        .lines
        .iter()
        .filter(|l| l.peer && l.chunks_per_thread == 1)
    {
        let (name, baseline) = (&l.strategy, &l.baseline);
        let clause = match cost(&l.points) {
            Cost::From(t) => format!(
                "{name} beats {baseline} from {} ({})",
                plural(t, "thread"),
                per_round_range(l.points.iter().filter(|p| p.threads == t))
            ),
            Cost::Marginal(_) => {
                format!("{name} beats {baseline} by at most a few percent on this machine")
            }
            Cost::Tie => format!("{name} ties with {baseline} within noise at best"),
            Cost::Never => format!("{name} never beats {baseline} on this machine"),
        };
        sentence = Some(match sentence {
            Some(s) => format!("{}; {clause}.", s.trim_end_matches('.')),
            None => format!("COST: {clause}."),
        });
    }
    sentence
}

/// COST of the Rust strategies' T-chunk lines, against seq.
fn rust_cost(view: &SpeedupView<'_>) -> Option<String> {
    let costs: Vec<(&str, Cost)> = view
        .lines
        .iter()
        .filter(|l| l.chunks_per_thread == 1 && !l.peer)
        .map(|l| (l.strategy.as_str(), cost(&l.points)))
        .collect();
    if costs.is_empty() {
        return None;
    }
    let named = |wanted: fn(Cost) -> bool| -> Vec<String> {
        costs
            .iter()
            .filter(|(_, c)| wanted(*c))
            .map(|(n, _)| (*n).to_owned())
            .collect()
    };
    // One clause per thread count, fewest first: "a and b beat seq from 2 threads".
    let mut counts: Vec<usize> = costs
        .iter()
        .filter_map(|(_, c)| match c {
            Cost::From(t) => Some(*t),
            _ => None,
        })
        .collect();
    counts.sort_unstable();
    counts.dedup();
    let beats: Vec<String> = counts
        .iter()
        .map(|&t| {
            let names: Vec<String> = costs
                .iter()
                .filter(|(_, c)| *c == Cost::From(t))
                .map(|(n, _)| (*n).to_owned())
                .collect();
            let at_t = view
                .lines
                .iter()
                .filter(|l| names.contains(&l.strategy) && l.chunks_per_thread == 1 && !l.peer)
                .filter_map(|l| l.at(t));
            format!(
                "{} seq from {} ({})",
                names_with_verb(&names, "beats", "beat"),
                plural(t, "thread"),
                per_round_range(at_t)
            )
        })
        .collect();
    let marginal = named(|c| matches!(c, Cost::Marginal(_)));
    let ties = named(|c| c == Cost::Tie);
    let never = named(|c| c == Cost::Never);
    let mut s = if beats.is_empty() {
        "COST: no strategy beats seq clearly at any measured thread count".to_owned()
    } else {
        format!("COST: {}", and_list(&beats))
    };
    if !marginal.is_empty() {
        s.push_str(&format!(
            "; {} seq by at most a few percent on this machine",
            names_with_verb(&marginal, "beats", "beat")
        ));
    }
    if !ties.is_empty() {
        s.push_str(&format!(
            "; {} with seq within noise at best",
            names_with_verb(&ties, "ties", "tie")
        ));
    }
    if !never.is_empty() && !beats.is_empty() {
        s.push_str(&format!("; {} never on this machine", and_list(&never)));
    }
    s.push('.');
    Some(s)
}

/// The per-round range of speedups a win is stated with: `1.61–1.80× per
/// round`, or one figure when every round gave the same.
fn per_round_range<'p>(points: impl IntoIterator<Item = &'p Speedup>) -> String {
    let (lo, hi) = round_range(points);
    if !lo.is_finite() {
        return String::new();
    }
    if times(lo) == times(hi) {
        format!("{} in every round", times(lo))
    } else {
        format!("{} per round", times_range(lo, hi))
    }
}

impl SpeedupLine {
    /// The point of the best speedup, if any.
    fn best(&self) -> Option<&Speedup> {
        self.points
            .iter()
            .max_by(|a, b| a.speedup.total_cmp(&b.speedup))
    }
}

/// Section 1: speedup against threads, with COST beside it.
pub(crate) fn section(run: &Run<'_>, palette: &Palette) -> Markup {
    let views: Vec<SpeedupView<'_>> = run
        .workloads
        .iter()
        .filter_map(|w| view(run, w, run.largest_len(w)?))
        .collect();
    html! {
        h2 { "Speedup over seq" }
        @for v in &views { (workload_html(run, palette, v)) }
        @if views.is_empty() {
            (missing("No speedup chart: no parallel strategy was measured next to seq", run))
        }
    }
}

fn workload_html(run: &Run<'_>, palette: &Palette, v: &SpeedupView<'_>) -> Markup {
    let title = format!(
        "{}: speedup over seq at {} elements",
        v.workload,
        count(v.len)
    );
    let chart = speedup_chart(run, palette, &v.workload, v.len, &v.lines, title, None);
    let threads = run.thread_counts(&v.workload, v.len);
    let squares = v
        .lines
        .iter()
        .flat_map(|l| &l.points)
        .any(|p| few_threads(p.used, p.threads));
    let peers: Vec<&str> = v
        .lines
        .iter()
        .filter(|l| l.peer)
        .map(|l| l.strategy.as_str())
        .collect();
    let caption =
        speedup_caption_with(&v.workload, v.len, &threads, v.cores, &peers) + square_note(squares);
    html! {
        h3 { (v.workload) }
        div.figure-row {
            (figure(&chart, html! { (caption) }))
            div.side {
                table.cost {
                    thead { tr {
                        th { "strategy" } th { "COST" } th { "best speedup" } th { "threads used" }
                    } }
                    tbody {
                        @for l in &v.lines {
                            tr {
                                td { (name_cell(palette, &l.strategy, &variant(l.chunks_per_thread))) }
                                td { (cost_cell(cost(&l.points))) }
                                @if let Some(p) = l.best() {
                                    td { (times(p.speedup)) }
                                    td { (used_cell(p.used, p.threads)) }
                                } @else {
                                    td { "–" } td { "–" }
                                }
                            }
                        }
                    }
                }
                p.note {
                    "COST (McSherry et al., " em { "Scalability! But at what COST?" } "): the \
                     fewest threads at which the strategy's fastest time beats seq's by more \
                     than 3% in every round, at " (count(v.len)) " elements. Threads used: \
                     the mean number of OS threads that ran chunks in probed calls at the \
                     best speedup's thread count, of the threads the calls had."
                }
            }
        }
        (findings(&speedup_findings(v), noisy::block(&v.used)))
    }
}

mod ramp;
#[cfg(test)]
mod tests;
