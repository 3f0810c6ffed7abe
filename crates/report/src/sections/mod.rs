//! The sections of one run's report, one file each. Every section has three
//! parts: a function that chooses the data, the findings (sentences computed
//! from that data, as plain text, tested on fixtures with hand-worked
//! numbers) and the HTML, a maud template that escapes every value.
//!
//! - `header`: title, machine, what ran and how to read the report;
//! - `choice`: which strategy was fastest in every round, per workload,
//!   length and thread count;
//! - `speedup`: speedup against threads, with COST; `speedup_chart` its chart;
//! - `efficiency`: speedup per thread as a heat table;
//! - `time`: time against length, with crossovers;
//! - `bandwidth`: light's bandwidth against the machine's ceiling;
//! - `kernel`: the single-thread plain loop against the fast kernel;
//! - `overhead`: what each strategy adds to a tiny call, back to back;
//! - `idle_gap`: the same calls after the caller was busy elsewhere;
//! - `model`: each strategy's predicted speedup against length beside its
//!   measured points, and the predicted crossover against the measured;
//! - `used`: the threads that really ran chunks, beside every speedup;
//! - `peer`: the peers (Go's DoAll, OpenMP's parallel for) set beside the
//!   Rust strategies in words;
//! - `noisy`: the list of noisy measurements under a chart.

pub(crate) mod bandwidth;
pub(crate) mod choice;
pub(crate) mod efficiency;
mod header;
pub(crate) mod idle_gap;
pub(crate) mod kernel;
pub(crate) mod model;
mod noisy;
pub(crate) mod overhead;
pub(crate) mod peer;
pub(crate) mod speedup;
mod speedup_chart;
pub(crate) mod time;
mod used;

use doall_kernel::OVER_SPLIT;
use doall_results::{RunResults, words::agreeing};
use maud::{Markup, PreEscaped, html};

use crate::{
    analysis::Run,
    charts::{self, Axis, Chart, Scale},
    format::{and_list, count},
    html::swatch,
    palette::Palette,
};

pub(crate) use header::machine_rows;
pub(crate) use speedup::speedup_lines;
pub(crate) use speedup_chart::{SharedAxes, speedup_caption, speedup_chart};

/// The whole body of a run's report: header, then one section per chart.
pub(crate) fn run_body(results: &RunResults, palette: &Palette) -> Markup {
    let run = Run::new(results);
    html! {
        (header::section(&run, palette))
        (choice::section(&run, palette))
        (speedup::section(&run, palette))
        (efficiency::section(&run, palette))
        (time::section(&run, palette))
        (bandwidth::section(&run, palette))
        (kernel::section(results, peer::kernel_sentences(&run)))
        (overhead::section(results, palette))
        (idle_gap::section(results, palette))
        (model::section(&run, palette))
    }
}

/// Every findings paragraph of a run's page, with the section (and
/// workload) it stands in, in page order: what `doall report --diff`
/// compares. The noisy lists are left out: they list measurements, not
/// findings.
pub(crate) fn all_findings(results: &RunResults) -> Vec<(String, String)> {
    let run = Run::new(results);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |section: String, sentences: Vec<String>| {
        out.extend(
            sentences
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(|s| (section.clone(), s)),
        );
    };
    for w in &run.workloads {
        if let Some(v) = run
            .largest_len(w)
            .and_then(|len| speedup::view(&run, w, len))
        {
            add(format!("speedup, {w}"), speedup::speedup_findings(&v));
        }
    }
    for t in run
        .workloads
        .iter()
        .filter_map(|w| efficiency::table(&run, w))
    {
        add(
            format!("efficiency, {}", t.workload),
            efficiency::efficiency_findings(&t),
        );
    }
    for v in run.workloads.iter().filter_map(|w| time::view(&run, w)) {
        add(format!("time, {}", v.workload), time::time_findings(&v));
    }
    if let Some(v) = bandwidth::view(&run) {
        add(
            "bandwidth".to_owned(),
            bandwidth::bandwidth_findings(&run, &v),
        );
    }
    let pairs = kernel::kernel_pairs(results);
    let mut kernel = kernel::kernel_findings(&pairs);
    kernel.extend(peer::kernel_sentences(&run));
    add("kernel".to_owned(), kernel);
    if let Some(v) = overhead::view(results) {
        add("overhead".to_owned(), overhead::overhead_findings(&v));
    }
    if let Some(v) = idle_gap::view(results) {
        add("idle gap".to_owned(), idle_gap::gap_findings(&v));
    }
    for v in run.workloads.iter().filter_map(|w| model::view(&run, w)) {
        add(format!("model, {}", v.workload), model::model_findings(&v));
    }
    out
}

/// The page title of a run.
pub(crate) fn title(results: &RunResults) -> String {
    format!(
        "doall benchmark: {} at {}",
        results.machine.host, results.machine.started_utc
    )
}

/// What a run measured, for the note that replaces a missing chart.
fn what_ran(run: &Run<'_>) -> String {
    if run.workloads.is_empty() {
        return "this run has no strategy records".to_owned();
    }
    let parts: Vec<String> = run
        .workloads
        .iter()
        .map(|w| {
            let mut names: Vec<&str> = run
                .results
                .records
                .iter()
                .filter(|r| &r.workload == w)
                .map(|r| r.strategy.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            let lens = run.lens(w);
            let len_range = match (lens.first(), lens.last()) {
                (Some(a), Some(b)) if a == b => format!("{} elements", count(*a)),
                (Some(a), Some(b)) => format!(
                    "{} lengths from {} to {} elements",
                    lens.len(),
                    count(*a),
                    count(*b)
                ),
                _ => String::new(),
            };
            format!("{w} ({}; {len_range})", names.join(", "))
        })
        .collect();
    format!("this run measured {}", parts.join("; "))
}

/// The note that stands where a chart or table could not be drawn.
fn missing(what: &str, run: &Run<'_>) -> Markup {
    html! { p.note { (what) "; " (what_ran(run)) "." } }
}

/// A chart with its caption, or a note if it could not be drawn. The SVG is
/// inserted as it is: plotters escaped its text.
pub(crate) fn figure(chart: &Chart, caption: Markup) -> Markup {
    match charts::render(chart) {
        Ok(svg) => html! { figure { (PreEscaped(svg)) figcaption { (caption) } } },
        Err(reason) => html! { p.note { (reason) } },
    }
}

/// Sentences as a findings box, with an optional block after it (the
/// noisy list: it says which marks of the chart are hollow, a note on the
/// measurements rather than a finding, so it stands outside the box).
pub(crate) fn findings(sentences: &[String], after: Markup) -> Markup {
    html! {
        div.findings {
            @for s in sentences.iter().filter(|s| !s.is_empty()) { p { (s) } }
        }
        (after)
    }
}

/// A strategy's name with its colour, for tables; a peer's and a
/// contender's are marked.
fn name_cell(palette: &Palette, strategy: &str, variant: &str) -> Markup {
    html! { (swatch_of(palette, strategy)) (palette.label(strategy)) (variant) }
}

/// A strategy's colour swatch: a square, or a diamond for a contender, as
/// its marker on the charts.
fn swatch_of(palette: &Palette, strategy: &str) -> Markup {
    if palette.is_contender(strategy) {
        html! { span.swatch.diamond style={ "background:" (palette.hex(strategy)) } {} }
    } else {
        swatch(&palette.hex(strategy))
    }
}

/// The chunkings drawn for a workload: T chunks, and over-split on ramp.
fn chunkings(run: &Run<'_>, strategy: &str, workload: &str, len: usize) -> Vec<usize> {
    let mut out = vec![1];
    if workload == "ramp" && run.has_chunking(strategy, workload, len, OVER_SPLIT) {
        out.push(OVER_SPLIT);
    }
    out
}

/// The label of a strategy at a chunking.
fn variant(chunks_per_thread: usize) -> String {
    if chunks_per_thread == 1 {
        String::new()
    } else {
        format!(", {chunks_per_thread}T chunks")
    }
}

/// Whether thread counts are drawn on a log₂ axis: when there are more than
/// two and all are powers of two (1, 2, 4, … 64), so that small counts do not
/// crowd a corner.
fn log2_threads(counts: &[usize]) -> bool {
    counts.len() > 2 && counts.iter().all(|t| t.is_power_of_two())
}

/// The horizontal axis of a chart against thread counts, with a tick at each.
pub(crate) fn threads_axis(counts: &[usize]) -> Axis {
    let log2 = log2_threads(counts);
    Axis {
        label: if log2 {
            "threads T (log₂ scale)".to_owned()
        } else {
            "threads T".to_owned()
        },
        scale: if log2 { Scale::Log2 } else { Scale::Linear },
        from_zero: false,
        ticks: counts.iter().map(|&t| t as f64).collect(),
        format: |v| format!("{v:.0}"),
        names: Vec::new(),
        span: None,
    }
}

/// The sentence that says a chart's thread axis is logarithmic, or nothing.
fn log2_note(counts: &[usize]) -> &'static str {
    if log2_threads(counts) {
        " Threads are on a log₂ axis: each step doubles them."
    } else {
        ""
    }
}

/// Names joined for a sentence with the verb that agrees with them:
/// `rayon ties`, `rayon and crossbeam tie`.
fn names_with_verb(names: &[String], singular: &str, plural: &str) -> String {
    let verb = agreeing(names.len(), singular, plural);
    format!("{} {verb}", and_list(names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_of_two_beyond_two_counts_get_a_log2_axis() {
        assert!(log2_threads(&[1, 2, 4, 8, 16, 32, 64]));
        assert!(!log2_threads(&[1, 2]), "two counts: nothing to crowd");
        assert!(!log2_threads(&[1, 2, 3, 4]));
        assert_eq!(threads_axis(&[1, 2, 4]).scale, Scale::Log2);
        assert_eq!(threads_axis(&[1, 3, 6]).scale, Scale::Linear);
        assert_eq!(threads_axis(&[1, 2, 4]).ticks, vec![1.0, 2.0, 4.0]);
    }

    #[test]
    fn verbs_agree_with_their_names() {
        let names = ["rayon".to_owned(), "crossbeam".to_owned()];
        assert_eq!(names_with_verb(&names[..1], "ties", "tie"), "rayon ties");
        assert_eq!(
            names_with_verb(&names, "ties", "tie"),
            "rayon and crossbeam tie"
        );
    }
}
