//! The light workload's bandwidth against the machine's measured ceiling.
//!
//! The findings are Rust's: the section asks whether Rust's fast kernel on
//! light is held back by memory, and its sentences compare speedups over
//! Rust's seq. A peer (Go), whose kernel is 2–3× slower per element, is
//! drawn in its long dashes and gets one sentence of its own: how close its
//! bytes per second come to the same ceiling.

use doall_results::{BandwidthPoint, Record};
use maud::{Markup, html};

use crate::{
    analysis::{
        BASELINE, BYTES_PER_ELEMENT, CLEAR, Run, Speedup, best, gb_per_s, is_noisy, speedups,
    },
    charts::{Axis, Chart, Line, Marker, Point, Scale, Series},
    format::{bandwidth, count, number, percent, plural, tick, times_span},
    palette::{Palette, REFERENCE},
    rounds::{Lead, RoundValues, Verdict, lowest, verdict},
};

use super::{figure, findings, log2_note, missing, names_with_verb, noisy, threads_axis};

/// The workload whose bandwidth is drawn: two Horner steps per element.
const WORKLOAD: &str = "light";

/// A bandwidth that beats the ceiling by more than this in every round says
/// the machine's bandwidth changed during the run.
const ABOVE_CEILING: f64 = 1.05;

/// The most configurations a tie names one by one.
const MOST_NAMED: usize = 4;

/// What the bandwidth chart shows.
pub(crate) struct BandwidthView<'a> {
    /// The length read.
    pub(crate) len: usize,
    /// seq's record there, if any.
    pub(crate) seq: Option<&'a Record>,
    /// Each parallel strategy's records with T chunks, ascending by threads.
    pub(crate) lines: Vec<(String, Vec<&'a Record>)>,
    /// The same for each peer program, its own loop included (`go-seq`).
    pub(crate) peers: Vec<(String, Vec<&'a Record>)>,
    /// The measured ceiling, ascending by threads.
    pub(crate) ceiling: Vec<&'a BandwidthPoint>,
    /// The thread counts of the chart.
    pub(crate) ticks: Vec<usize>,
}

/// The bandwidth of light at its largest length, if seq and a parallel
/// strategy were measured there.
pub(crate) fn view<'a>(run: &Run<'a>) -> Option<BandwidthView<'a>> {
    let len = run.largest_len(WORKLOAD)?;
    let threads = run.thread_counts(WORKLOAD, len);
    let records_of = |s: &String| -> Option<(String, Vec<&'a Record>)> {
        let records: Vec<&Record> = threads
            .iter()
            .filter_map(|&t| run.record(s, WORKLOAD, len, t, t))
            .collect();
        (!records.is_empty()).then(|| (s.clone(), records))
    };
    let (peers, lines): (Vec<_>, Vec<_>) = run
        .baselines
        .iter()
        .filter(|s| run.is_peer(s))
        .chain(&run.strategies)
        .filter_map(records_of)
        .partition(|(s, _)| run.is_peer(s));
    let mut ceiling: Vec<&BandwidthPoint> = run.results.machine.bandwidth.iter().collect();
    ceiling.sort_by_key(|b| b.threads);
    let mut ticks = threads;
    ticks.extend(ceiling.iter().map(|b| b.threads));
    ticks.push(1);
    ticks.sort_unstable();
    ticks.dedup();
    Some(BandwidthView {
        len,
        seq: run.seq(WORKLOAD, len),
        lines,
        peers,
        ceiling,
        ticks,
    })
}

impl<'a> BandwidthView<'a> {
    /// Every record drawn, seq first: (name, record).
    fn points(&self) -> Vec<(&str, &'a Record)> {
        let seq = self.seq.map(|r| (BASELINE, r));
        seq.into_iter()
            .chain(
                self.lines
                    .iter()
                    .flat_map(|(s, records)| records.iter().map(move |r| (s.as_str(), *r))),
            )
            .collect()
    }

    /// The ceiling at `threads` as a time per call over the view's length,
    /// round by round: comparable with a record's timing.
    fn ceiling_time(&self, b: &BandwidthPoint) -> RoundValues {
        let bytes = BYTES_PER_ELEMENT * self.len as f64;
        RoundValues {
            each: b.round_gb_per_s.iter().map(|g| bytes / (g * 1e9)).collect(),
            best: bytes / (b.gb_per_s * 1e9),
        }
    }
}

/// The findings under the bandwidth chart.
pub(crate) fn bandwidth_findings(run: &Run<'_>, view: &BandwidthView<'_>) -> Vec<String> {
    let mut sentences = Vec::new();
    sentences.extend(best_sentence(view));
    sentences.extend(light_against_heavy(run, view));
    sentences.extend(peer_sentence(run, view));
    sentences
}

/// How close each peer's fastest bandwidth comes to the ceiling at its
/// thread count: a slower kernel moves fewer bytes per second, so it meets
/// the wall later, and its speedup over its own loop can pass Rust's.
fn peer_sentence(run: &Run<'_>, view: &BandwidthView<'_>) -> Option<String> {
    let parts: Vec<String> = view
        .peers
        .iter()
        .filter_map(|(name, records)| {
            let best = records
                .iter()
                .max_by(|a, b| b.timing.min_s.total_cmp(&a.timing.min_s))?;
            let gb = gb_per_s(view.len, best.timing.min_s);
            let ceiling = view.ceiling.iter().find(|c| c.threads == best.threads);
            let share = ceiling.map_or_else(String::new, |c| {
                format!(", {} of the ceiling there", percent(gb / c.gb_per_s))
            });
            Some(format!(
                "{name} {} at {}{share}",
                bandwidth(gb),
                plural(best.threads, "thread")
            ))
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    // One language (Go, its loop and DoAll) or several (Go and C).
    let mut languages: Vec<&str> = view
        .peers
        .iter()
        .filter_map(|(name, _)| run.results.peer_of(name))
        .collect();
    languages.sort_unstable();
    languages.dedup();
    let (subject, speedups) = if languages.len() > 1 {
        (
            "The peers' slower kernels move",
            "their speedups over their own loops",
        )
    } else {
        (
            "The peer's slower kernel moves",
            "its speedup over its own loop",
        )
    };
    Some(format!(
        "{subject} fewer bytes per second: at best {}. Below the wall, threads can still \
         add speed: compare {speedups} on light, in the speedup section, with the Rust \
         strategies'.",
        parts.join("; ")
    ))
}

/// How the top point compares with the ceiling at its thread count (or the
/// highest ceiling measured).
fn ceiling_clause(view: &BandwidthView<'_>, record: &Record) -> String {
    let gb = gb_per_s(view.len, best(&record.timing));
    if let Some(c) = view.ceiling.iter().find(|b| b.threads == record.threads) {
        let mut clause = format!(
            "{} of the {} ceiling measured at {}.",
            percent(gb / c.gb_per_s),
            bandwidth(c.gb_per_s),
            plural(c.threads, "thread")
        );
        let above = verdict(
            &RoundValues::of(&record.timing),
            &view.ceiling_time(c),
            ABOVE_CEILING,
        );
        if above == Verdict::Wins {
            clause.push_str(
                " Above the ceiling in every round: this machine's memory bandwidth changed \
                 during the run (the ceiling is the best of its rounds), so read the \
                 bandwidth figures as approximate.",
            );
        }
        return clause;
    }
    match view
        .ceiling
        .iter()
        .max_by(|a, b| a.gb_per_s.total_cmp(&b.gb_per_s))
    {
        Some(c) => format!(
            "{} of the highest ceiling measured ({} at {}).",
            percent(gb / c.gb_per_s),
            bandwidth(c.gb_per_s),
            plural(c.threads, "thread")
        ),
        None => "no ceiling was measured on this machine.".to_owned(),
    }
}

/// Which configuration moves the most bytes, if it did so in every round.
fn best_sentence(view: &BandwidthView<'_>) -> Option<String> {
    let points = view.points();
    // At one length the highest bandwidth is the lowest time.
    let times: Vec<RoundValues> = points
        .iter()
        .map(|(_, r)| RoundValues::of(&r.timing))
        .collect();
    let describe = |i: usize| {
        let (name, r) = points[i];
        format!(
            "{name} at {} ({})",
            plural(r.threads, "thread"),
            bandwidth(gb_per_s(view.len, best(&r.timing)))
        )
    };
    match lowest(&times, CLEAR)? {
        Lead::Alone(i) => {
            let (name, r) = points[i];
            Some(format!(
                "The best is {name} at {}: {}, {}",
                plural(r.threads, "thread"),
                bandwidth(gb_per_s(view.len, best(&r.timing))),
                ceiling_clause(view, r)
            ))
        }
        Lead::Tied(members) => {
            // The members are named in the registry's order, never in the
            // order of this run's figures: which of a tie measured highest
            // changes from run to run, so it is no subject for a sentence.
            // The range and the highest are read from the figures.
            let gb = |i: usize| gb_per_s(view.len, times[i].best);
            let highest = members
                .iter()
                .copied()
                .max_by(|&a, &b| gb(a).total_cmp(&gb(b)))?;
            let lowest_gb = members.iter().map(|&i| gb(i)).fold(f64::INFINITY, f64::min);
            let threads: Vec<usize> = members.iter().map(|&i| points[i].1.threads).collect();
            let one_count = threads.iter().all(|&t| t == threads[0]);
            let tied = if members.len() > MOST_NAMED || one_count {
                // With many thread counts on few cores, a dozen configurations
                // can tie: give the range, not each one (the chart names them).
                // A tie at one thread count is the speedup section's lead
                // there, in bytes per second: it is said once, in that
                // section, and here only counted.
                let at = if one_count {
                    format!(" at {}", plural(threads[0], "thread"))
                } else {
                    String::new()
                };
                format!(
                    "{} configurations{at} tie for the best within noise, {} to {}",
                    count(members.len()),
                    number(lowest_gb),
                    bandwidth(gb(highest))
                )
            } else {
                let named: Vec<String> = members.iter().map(|&i| describe(i)).collect();
                format!(
                    "{} for the best within noise",
                    names_with_verb(&named, "ties", "tie")
                )
            };
            Some(format!(
                "{tied}; the highest is {}",
                ceiling_clause(view, points[highest].1)
            ))
        }
    }
}

/// Every strategy measured on both light and heavy at the most threads,
/// their speedups on light against those on heavy: memory, not cores,
/// limits light. A claim about the group (the best of them in each round,
/// on each workload), with their ranges, so that no subject is picked by
/// this run's figures (the fastest on light is the speedup section's to
/// name) and no member's lucky round on light flips it.
fn light_against_heavy(run: &Run<'_>, view: &BandwidthView<'_>) -> Option<String> {
    let max_t = view
        .lines
        .iter()
        .flat_map(|(_, r)| r)
        .map(|r| r.threads)
        .max()?;
    let heavy_len = run.largest_len("heavy")?;
    let at_max = |strategy: &str, workload: &str, len: usize| {
        speedups(run, strategy, workload, len, 1)
            .into_iter()
            .find(|p| p.threads == max_t)
    };
    let both: Vec<(&str, Speedup, Speedup)> = run
        .strategies
        .iter()
        .filter(|s| !run.is_peer(s))
        .filter_map(|s| {
            let light = at_max(s, WORKLOAD, view.len)?;
            let heavy = at_max(s, "heavy", heavy_len)?;
            Some((s.as_str(), light, heavy))
        })
        .collect();
    if both.is_empty() {
        return None;
    }
    let seq_light = RoundValues::of(&run.seq(WORKLOAD, view.len)?.timing);
    let seq_heavy = RoundValues::of(&run.seq("heavy", heavy_len)?.timing);
    // Time over seq's time, round by round: the lower, the larger the
    // speedup. The best of the group in each round, on each workload: one
    // strategy's lucky round on light must not decide for all of them.
    let best_of = |times: Vec<&RoundValues>, seq: &RoundValues| {
        let ratios: Vec<RoundValues> = times
            .into_iter()
            .map(|time| RoundValues::ratio(time, seq))
            .collect();
        RoundValues::lowest_of(&ratios)
    };
    let light_best = best_of(both.iter().map(|b| &b.1.time).collect(), &seq_light);
    let heavy_best = best_of(both.iter().map(|b| &b.2.time).collect(), &seq_heavy);
    let heavy_ahead = verdict(&heavy_best, &light_best, CLEAR) == Verdict::Wins;
    let names: Vec<String> = both.iter().map(|(s, _, _)| (*s).to_owned()).collect();
    let subject = names_with_verb(&names, "speeds", "speed");
    let light = times_span(both.iter().map(|b| b.1.speedup));
    let heavy = times_span(both.iter().map(|b| b.2.speedup));
    let at = plural(max_t, "thread");
    let best = if both.len() > 1 {
        "the best of them "
    } else {
        ""
    };
    Some(if heavy_ahead {
        format!(
            "At {at} {subject} light up {light} but heavy {heavy}, {best}further on heavy \
             in every round: light does 2 Horner steps per 16 bytes, so memory, not the \
             cores, sets its pace."
        )
    } else {
        format!(
            "At {at} {subject} light up {light} and heavy {heavy}, {best}not further on \
             heavy in every round: this run does not show memory holding light back."
        )
    })
}

fn chart(palette: &Palette, view: &BandwidthView<'_>) -> Chart {
    let gb_point = |r: &Record| Point {
        x: r.threads as f64,
        y: gb_per_s(view.len, best(&r.timing)),
        bar: Some((
            gb_per_s(view.len, r.timing.upper_s),
            gb_per_s(view.len, best(&r.timing)),
        )),
        noisy: is_noisy(&r.timing),
        ring: false,
        few_threads: false,
    };
    let line = |label: String, colour, points: Vec<Point>| Series {
        label,
        colour,
        line: Line::Solid,
        marker: Marker::Circle,
        points,
    };
    let mut series: Vec<Series> = view
        .seq
        .map(|seq| {
            line(
                "seq (1 thread)".to_owned(),
                palette.colour(BASELINE),
                vec![gb_point(seq)],
            )
        })
        .into_iter()
        .collect();
    series.extend(view.lines.iter().map(|(s, records)| {
        Series::strategy(palette, s, records.iter().map(|r| gb_point(r)).collect())
    }));
    series.extend(view.peers.iter().map(|(s, records)| {
        Series::strategy(palette, s, records.iter().map(|r| gb_point(r)).collect())
    }));
    if !view.ceiling.is_empty() {
        series.push(Series {
            label: "measured ceiling".to_owned(),
            colour: REFERENCE,
            line: Line::Dotted,
            marker: if view.ceiling.len() == 1 {
                Marker::Triangle
            } else {
                Marker::None
            },
            points: view
                .ceiling
                .iter()
                .map(|b| Point::at(b.threads as f64, b.gb_per_s))
                .collect(),
        });
    }
    Chart {
        title: format!("light: bandwidth at {} elements", count(view.len)),
        x: threads_axis(&view.ticks),
        y: Axis {
            label: "bandwidth (GB/s, read + write)".to_owned(),
            scale: Scale::Linear,
            from_zero: true,
            ticks: Vec::new(),
            format: tick,
            names: Vec::new(),
            span: None,
        },
        series,
        legend: None,
        marking: None,
    }
}

/// Section 3: the light workload's bandwidth against the machine's ceiling.
pub(crate) fn section(run: &Run<'_>, palette: &Palette) -> Markup {
    let Some(view) = view(run) else {
        return html! {
            h2 { "Memory bandwidth on light" }
            (missing("No bandwidth chart: it needs light with seq and a parallel strategy", run))
        };
    };
    let used: Vec<&Record> = view.points().into_iter().map(|(_, r)| r).collect();
    html! {
        h2 { "Memory bandwidth on light" }
        (figure(&chart(palette, &view), html! {
            "Bandwidth = 16 bytes (one 8-byte read and one 8-byte write) × " (count(view.len))
            " elements ÷ fastest time per call, in GB/s (10⁹ bytes per second), with T chunks \
             for T threads; bars reach down to the upper 95% bound of the median time. The \
             dotted line is the ceiling: a STREAM-like in-place read-modify-write over the \
             same length, reset and timed the same way in the same run, its fastest sample."
            (log2_note(&view.ticks))
            (super::peer::legend_note(view.peers.iter().map(|(s, _)| s.as_str())))
        }))
        (findings(&bandwidth_findings(run, &view), noisy::block(&used)))
    }
}

#[cfg(test)]
mod tests;
