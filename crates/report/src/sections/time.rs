//! Time against length, log–log, one chart per workload, with each
//! strategy's crossover: the length from which it beats its baseline (seq,
//! or Go's own loop for Go, drawn as a line of its own).

use doall_results::Record;
use maud::{Markup, html};

use crate::{
    analysis::{
        BASELINE, BEATS, Crossover, LenPoint, Run, best, crossover, is_noisy, times_by_len,
    },
    charts::{Axis, Chart, Point, Scale, Series},
    format::{count, duration, length_tick, plural, times},
    palette::Palette,
    rounds::{Verdict, wins_in_every_round},
};

use super::{figure, findings, missing, names_with_verb, noisy};

/// One strategy's times on a workload, with its crossover.
pub(crate) struct TimeLine {
    /// The strategy.
    pub(crate) strategy: String,
    /// Its times, ascending by length.
    pub(crate) points: Vec<LenPoint>,
    /// Where it starts to beat its baseline.
    pub(crate) crossover: Crossover,
    /// Its baseline: seq, or go-seq for go.
    pub(crate) baseline: String,
    /// A peer program's: the fastest at the largest length is told among
    /// the Rust strategies only, which share seq's kernel.
    pub(crate) peer: bool,
}

/// What the time chart of one workload shows.
pub(crate) struct TimeView<'a> {
    /// The workload.
    pub(crate) workload: String,
    /// The threads (and chunks) of the parallel strategies.
    pub(crate) threads: usize,
    /// seq's times.
    pub(crate) seq: Vec<LenPoint>,
    /// The other baselines' times (go-seq's if Go ran), drawn like seq.
    pub(crate) other_baselines: Vec<(String, Vec<LenPoint>)>,
    /// The parallel strategies' times.
    pub(crate) lines: Vec<TimeLine>,
    /// Every length measured on the workload.
    pub(crate) lens: Vec<usize>,
    /// Every record drawn.
    pub(crate) used: Vec<&'a Record>,
}

/// The times of `workload`: seq's and every parallel strategy's at the most
/// threads measured. `None` without seq or a parallel strategy.
pub(crate) fn view<'a>(run: &Run<'a>, workload: &str) -> Option<TimeView<'a>> {
    let threads = run.max_threads(workload)?;
    let seq = times_by_len(run, BASELINE, workload, 1, 1);
    if seq.is_empty() {
        return None;
    }
    let mut used: Vec<&Record> = Vec::new();
    let mut baselines: Vec<(String, Vec<LenPoint>)> = Vec::new();
    for b in &run.baselines {
        let points = times_by_len(run, b, workload, 1, 1);
        used.extend(
            points
                .iter()
                .filter_map(|p| run.baseline_record(b, workload, p.len)),
        );
        if !points.is_empty() {
            baselines.push((b.clone(), points));
        }
    }
    let mut lines = Vec::new();
    for s in &run.strategies {
        let points = times_by_len(run, s, workload, threads, threads);
        if points.is_empty() {
            continue;
        }
        used.extend(
            points
                .iter()
                .filter_map(|p| run.record(s, workload, p.len, threads, threads)),
        );
        let baseline = run.results.baseline_of(s);
        let against = baselines
            .iter()
            .find(|(b, _)| b == baseline)
            .map_or(&[][..], |(_, points)| points.as_slice());
        lines.push(TimeLine {
            strategy: s.clone(),
            crossover: crossover(&points, against),
            points,
            baseline: baseline.to_owned(),
            peer: run.is_peer(s),
        });
    }
    Some(TimeView {
        workload: workload.to_owned(),
        threads,
        seq,
        other_baselines: baselines
            .into_iter()
            .filter(|(b, _)| b != BASELINE)
            .collect(),
        lines,
        lens: run.lens(workload),
        used,
    })
}

/// The findings under a time chart: crossovers and the cost of starting
/// threads at the smallest length. Who is fastest at the largest length is
/// the speedup section's first sentence (the same times at the same thread
/// count), said there once: a second run that moves one name in or out of
/// that tie then changes one sentence, not two.
pub(crate) fn time_findings(view: &TimeView<'_>) -> Vec<String> {
    let mut sentences = Vec::new();
    sentences.extend(crossover_sentence(view));
    sentences.extend(smallest_sentence(view));
    sentences
}

/// Where a crossover lies, after "beats seq": `from somewhere between 1 024
/// and 4 096 elements`; `None` when it lies beyond the lengths measured.
/// `smallest` is the smallest length both were measured at.
pub(crate) fn crossover_words(c: Crossover, smallest: usize) -> Option<String> {
    match c {
        Crossover::From {
            after: Some(after),
            from,
        } => Some(format!(
            "from somewhere between {} and {} elements",
            count(after),
            count(from)
        )),
        Crossover::From { after: None, from } if from <= smallest => Some(format!(
            "from below the smallest length measured ({} elements)",
            count(from)
        )),
        Crossover::From { after: None, from } => {
            Some(format!("from somewhere below {} elements", count(from)))
        }
        Crossover::Beyond { .. } | Crossover::NoData => None,
    }
}

/// The crossover clause of some names against one baseline.
fn crossover_clause(names: &[String], baseline: &str, c: Crossover, smallest: usize) -> String {
    match (crossover_words(c, smallest), c) {
        (Some(words), _) => format!(
            "{} {baseline} {words}",
            names_with_verb(names, "beats", "beat")
        ),
        (
            None,
            Crossover::Beyond {
                loses_at_largest: true,
                ..
            },
        ) => format!(
            "{} {baseline} within the lengths measured",
            names_with_verb(names, "never beats", "never beat")
        ),
        (None, _) => format!(
            "{} {baseline} in every round within the lengths measured (a tie at the largest)",
            names_with_verb(names, "does not beat", "do not beat")
        ),
    }
}

/// What a crossover clause says besides its names: two names share a clause
/// only when it says the same of each.
fn clause_key(c: Crossover, smallest: usize) -> (Option<String>, bool) {
    let never = matches!(
        c,
        Crossover::Beyond {
            loses_at_largest: true,
            ..
        }
    );
    (crossover_words(c, smallest), never)
}

/// Every strategy's crossover in one sentence: the Rust strategies grouped
/// by where theirs lies (the earliest first, names in the registry's
/// order), then each peer's against its own loop.
fn crossover_sentence(view: &TimeView<'_>) -> Option<String> {
    let smallest = |l: &TimeLine| {
        l.points
            .iter()
            .find(|p| baseline_at(view, l, p.len).is_some())
            .map_or(0, |p| p.len)
    };
    let mut groups: Vec<(Crossover, usize, Vec<String>)> = Vec::new();
    for l in view.lines.iter().filter(|l| !l.peer) {
        if l.crossover == Crossover::NoData {
            continue;
        }
        let (c, at) = (l.crossover, smallest(l));
        match groups
            .iter_mut()
            .find(|(c2, at2, _)| clause_key(*c2, *at2) == clause_key(c, at))
        {
            Some((_, _, names)) => names.push(l.strategy.clone()),
            None => groups.push((c, at, vec![l.strategy.clone()])),
        }
    }
    groups.sort_by_key(|(c, _, _)| match c.interval() {
        Some((above, Some(to))) => (0, to, above),
        Some((above, None)) => (1, usize::MAX, above),
        None => (2, usize::MAX, 0),
    });
    let mut clauses: Vec<String> = groups
        .iter()
        .map(|(c, smallest, names)| crossover_clause(names, BASELINE, *c, *smallest))
        .collect();
    // A peer's crossover is against its own loop, so it gets its own clause.
    for l in view.lines.iter().filter(|l| l.peer) {
        if l.crossover != Crossover::NoData {
            clauses.push(crossover_clause(
                std::slice::from_ref(&l.strategy),
                &l.baseline,
                l.crossover,
                smallest(l),
            ));
        }
    }
    (!clauses.is_empty()).then(|| format!("{}.", clauses.join("; ")))
}

/// The point of `line`'s baseline at `len`.
fn baseline_at<'v>(view: &'v TimeView<'_>, line: &TimeLine, len: usize) -> Option<&'v LenPoint> {
    let points = if line.baseline == BASELINE {
        &view.seq
    } else {
        &view
            .other_baselines
            .iter()
            .find(|(b, _)| *b == line.baseline)?
            .1
    };
    points.iter().find(|q| q.len == len)
}

/// At its smallest length shared with its baseline, the first strategy in
/// the registry's order that its baseline beats there in every round: a
/// fixed rule, so that a second run names the same one.
fn smallest_sentence(view: &TimeView<'_>) -> Option<String> {
    let (line, point, seq) = view.lines.iter().filter(|l| !l.peer).find_map(|l| {
        let p = l
            .points
            .iter()
            .find(|p| baseline_at(view, l, p.len).is_some())?;
        let seq = baseline_at(view, l, p.len)?;
        (wins_in_every_round(&p.timing, &seq.timing, BEATS) == Verdict::Loses)
            .then_some((l, p, seq))
    })?;
    Some(format!(
        "At {} elements {} takes {} against {}'s {} ({} slower): starting and joining {} \
         costs more than the work.",
        count(point.len),
        line.strategy,
        duration(best(&point.timing)),
        line.baseline,
        duration(best(&seq.timing)),
        times(best(&point.timing) / best(&seq.timing)),
        plural(view.threads, "thread")
    ))
}

/// Up to `max` values spread evenly (by position) over `values`, ends included.
pub(crate) fn thin(values: &[usize], max: usize) -> Vec<usize> {
    if values.len() <= max || max < 2 {
        return values.to_vec();
    }
    let last = values.len() - 1;
    let mut out: Vec<usize> = (0..max)
        .map(|i| values[(i * last + (max - 1) / 2) / (max - 1)])
        .collect();
    out.dedup();
    out
}

/// A strategy's times as a chart series, with a ring at `ring`'s length.
fn len_series(
    palette: &Palette,
    strategy: &str,
    points: &[LenPoint],
    ring: Option<usize>,
) -> Series {
    let points = points
        .iter()
        .map(|p| Point {
            x: p.len as f64,
            y: best(&p.timing),
            bar: Some((best(&p.timing), p.timing.upper_s)),
            noisy: is_noisy(&p.timing),
            ring: ring == Some(p.len),
            few_threads: false,
        })
        .collect();
    Series::strategy(palette, strategy, points)
}

/// The chart of one workload.
fn chart(palette: &Palette, view: &TimeView<'_>) -> Chart {
    let mut series = vec![len_series(palette, BASELINE, &view.seq, None)];
    series.extend(
        view.other_baselines
            .iter()
            .map(|(b, points)| len_series(palette, b, points, None)),
    );
    series.extend(
        view.lines
            .iter()
            .map(|l| len_series(palette, &l.strategy, &l.points, l.crossover.from())),
    );
    Chart {
        title: format!(
            "{}: time per call, {} against seq",
            view.workload,
            plural(view.threads, "thread")
        ),
        x: Axis {
            label: "vector length (elements)".to_owned(),
            scale: Scale::Log,
            from_zero: false,
            ticks: thin(&view.lens, 6).into_iter().map(|l| l as f64).collect(),
            format: |v| length_tick(v.round() as usize),
            names: Vec::new(),
            span: None,
        },
        y: Axis::log("time per call (fastest)", duration),
        series,
        legend: None,
        marking: None,
    }
}

/// Section 2: time against length, log–log, with crossovers.
pub(crate) fn section(run: &Run<'_>, palette: &Palette) -> Markup {
    let views: Vec<TimeView<'_>> = run.workloads.iter().filter_map(|w| view(run, w)).collect();
    html! {
        h2 { "Time against length" }
        @for v in &views {
            h3 { (v.workload) }
            (figure(&chart(palette, v), html! {
                "Fastest time per call, with a bar up to the upper 95% bound of the median; \
                 both axes logarithmic. Parallel strategies use " (v.threads) " threads and "
                (v.threads) " chunks; seq runs on one thread. A ring marks each strategy's \
                 crossover: the smallest measured length from which it beats seq (by more \
                 than 3% in every round) at every larger measured length."
                @if !v.other_baselines.is_empty() {
                    " A peer runs on " (v.threads) " threads with " (v.threads) " chunks too, \
                     and its crossover is against its own sequential loop ("
                    (v.other_baselines.iter().map(|(b, _)| b.as_str()).collect::<Vec<_>>().join(", "))
                    "), one thread."
                    (super::peer::legend_note(v.other_baselines.iter().map(|(b, _)| b.as_str())))
                }
            }))
            (findings(&time_findings(v), noisy::block(&v.used)))
        }
        @if views.is_empty() {
            (missing("No time-against-length chart: it needs seq and a parallel strategy on the same workload", run))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{record, results};

    fn sentences(r: &doall_results::RunResults) -> String {
        let run = Run::new(r);
        let v = view(&run, "heavy").expect("measured");
        time_findings(&v).join(" ").replace('\u{a0}', " ")
    }

    #[test]
    fn findings_state_the_hand_worked_numbers() {
        // At 1 024 elements std-mpsc loses (10 s against seq's 1 s); at 4 096
        // it wins (2.5 s against 8 s): its crossover is 4 096.
        let r = results(vec![
            record("seq", "heavy", 1024, 1, 1, 1.0),
            record("std-mpsc", "heavy", 1024, 4, 4, 10.0),
            record("seq", "heavy", 4096, 1, 1, 8.0),
            record("std-mpsc", "heavy", 4096, 4, 4, 2.5),
        ]);
        assert_eq!(
            sentences(&r),
            "std-mpsc beats seq from somewhere between 1 024 and 4 096 elements. At 1 024 elements std-mpsc takes 10.0 s \
             against seq's 1.00 s (10.0× slower): starting and joining 4 threads costs more \
             than the work."
        );
    }

    #[test]
    fn ties_and_losses_are_said_as_such() {
        // At 4 096: rayon 4.0 s and crossbeam 4.08 s (2% apart: tied for
        // fastest, both beat seq's 8 s); std-mpsc 8.1 s ties with seq. At
        // 1 024 std-mpsc 1.02 s against seq's 1 s: not clearly slower.
        let r = results(vec![
            record("seq", "heavy", 1024, 1, 1, 1.0),
            record("seq", "heavy", 4096, 1, 1, 8.0),
            record("std-mpsc", "heavy", 1024, 2, 2, 1.02),
            record("std-mpsc", "heavy", 4096, 2, 2, 8.1),
            record("crossbeam", "heavy", 4096, 2, 2, 4.08),
            record("rayon", "heavy", 4096, 2, 2, 4.0),
        ]);
        assert_eq!(
            sentences(&r),
            "crossbeam and rayon beat seq from below the smallest length measured (4 096 \
             elements); std-mpsc does not beat seq in every round within the lengths measured \
             (a tie at the largest)."
        );
    }

    #[test]
    fn never_is_said_when_seq_wins_at_the_largest_length() {
        let r = results(vec![
            record("seq", "heavy", 1024, 1, 1, 1.0),
            record("rayon", "heavy", 1024, 2, 2, 1.5),
        ]);
        assert!(
            sentences(&r).starts_with("rayon never beats seq within the lengths measured."),
            "{}",
            sentences(&r)
        );
    }

    #[test]
    fn thin_keeps_the_ends() {
        assert_eq!(thin(&[1, 2, 3], 6), vec![1, 2, 3]);
        assert_eq!(
            thin(&(1..=11).collect::<Vec<_>>(), 6),
            vec![1, 3, 5, 7, 9, 11]
        );
    }
}
