//! A page that sets several runs side by side: one machine's benchmark run
//! restricted with `taskset` to 1, 2, 4, … cores (the "cores" case), or runs
//! from several machines (the "machines" case), to see how each strategy
//! scales with the cores it is given. The files, one idea each:
//!
//! - `mod` (here): reading the runs, the page, and each run's speedup
//!   charts, drawn on axes every run of a workload shares;
//! - `machines`: the table of the runs' machines and what kind of
//!   comparison the runs make;
//! - `scaling`: speedup against the cores of each run, one line per
//!   strategy and host.

mod machines;
mod scaling;

use std::path::{Path, PathBuf};

use doall_results::{RESULTS_FILE, RunResults, files::write_atomic};
use maud::{Markup, html};

use crate::{
    Error,
    analysis::Run,
    format::{and_list, count, plural, times},
    html::page,
    palette::Palette,
    sections::{SharedAxes, figure, speedup_caption, speedup_chart, speedup_lines},
};

/// Reads `run_dirs/*/results.json` and writes a comparison page to `out`.
/// A run that cannot be read stops it: the error names its file.
pub fn write_comparison(run_dirs: &[PathBuf], out: &Path) -> Result<PathBuf, Error> {
    let mut runs = Vec::new();
    for dir in run_dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        runs.push((name, RunResults::load(&dir.join(RESULTS_FILE))?));
    }
    write_atomic(out, render(&runs).as_bytes())?;
    Ok(out.to_path_buf())
}

/// One run of the page: its directory's name and its indexed records.
pub(crate) struct NamedRun<'a> {
    /// The run directory's name.
    pub(crate) name: &'a str,
    /// The run.
    pub(crate) run: Run<'a>,
}

impl NamedRun<'_> {
    /// The cores the run could use (at least 1).
    pub(crate) fn cores(&self) -> usize {
        self.run.results.machine.available_parallelism.max(1)
    }

    /// The host it ran on.
    pub(crate) fn host(&self) -> &str {
        &self.run.results.machine.host
    }
}

/// Every workload of `runs`, in the first run's order, then new ones.
fn workloads(runs: &[NamedRun<'_>]) -> Vec<String> {
    let mut workloads: Vec<String> = Vec::new();
    for r in runs {
        for w in &r.run.workloads {
            if !workloads.contains(w) {
                workloads.push(w.clone());
            }
        }
    }
    workloads
}

/// Whether the runs come from more than one host.
pub(crate) fn several_hosts(runs: &[NamedRun<'_>]) -> bool {
    runs.iter().any(|r| r.host() != runs[0].host())
}

/// `run`'s speedup chart of `workload` at its largest length, on `shared`
/// axes if given; `None` if the run has no speedup there.
fn run_chart(
    palette: &Palette,
    named: &NamedRun<'_>,
    workload: &str,
    with_host: bool,
    shared: Option<&SharedAxes>,
) -> Option<crate::charts::Chart> {
    let run = &named.run;
    let len = run.largest_len(workload)?;
    let lines = speedup_lines(run, workload, len);
    let host = if with_host {
        format!("{}, ", named.host())
    } else {
        String::new()
    };
    let title = format!(
        "{host}{}: {workload} at {} elements",
        plural(named.cores(), "core"),
        count(len)
    );
    Some(speedup_chart(
        run, palette, workload, len, &lines, title, shared,
    ))
}

/// The speedup axes every run's chart of `workload` shares.
fn shared_axes(palette: &Palette, runs: &[NamedRun<'_>], workload: &str) -> Option<SharedAxes> {
    let own: Vec<_> = runs
        .iter()
        .filter_map(|r| run_chart(palette, r, workload, false, None))
        .collect();
    SharedAxes::of(&own)
}

/// What the shared axes of `workload` span, as a sentence.
fn shared_axes_sentence(workload: &str, shared: &SharedAxes, charts: usize) -> String {
    let threads: Vec<String> = shared.threads.iter().map(|&t| count(t)).collect();
    format!(
        "The {charts} charts of {workload} share their axes: the same thread counts \
         ({}) and speedups from 0 to {}, so a line that stands higher in one chart is \
         faster than a line that stands lower in another.",
        and_list(&threads),
        times(shared.speedup)
    )
}

/// Every run's speedup chart of `workload`, side by side on shared axes.
fn workload_figures(palette: &Palette, runs: &[NamedRun<'_>], workload: &str) -> Markup {
    let shared = shared_axes(palette, runs, workload);
    let with_host = several_hosts(runs);
    let drawn = runs
        .iter()
        .filter(|r| r.run.largest_len(workload).is_some())
        .count();
    html! {
        h3 { (workload) }
        @if let Some(axes) = &shared {
            @if drawn > 1 { p.note { (shared_axes_sentence(workload, axes, drawn)) } }
        }
        div.compare {
            @for named in runs {
                @match run_chart(palette, named, workload, with_host, shared.as_ref()) {
                    Some(chart) => {
                        @let len = named.run.largest_len(workload).unwrap_or_default();
                        @let threads = named.run.thread_counts(workload, len);
                        (figure(&chart, html! {
                            (named.name) ". " (speedup_caption(workload, len, &threads, named.cores()))
                        }))
                    },
                    None => p.note { (named.name) ": no speedup data for " (workload) "." },
                }
            }
        }
    }
}

/// The comparison page of `runs` (directory name, results).
fn render(runs: &[(String, RunResults)]) -> String {
    let palette = Palette::for_runs(runs.iter().map(|(_, r)| r));
    let named: Vec<NamedRun<'_>> = runs
        .iter()
        .map(|(name, results)| NamedRun {
            name,
            run: Run::new(results),
        })
        .collect();
    let workloads = workloads(&named);
    let body = html! {
        h1 { "doall: " (runs.len()) " runs side by side" }
        div.findings {
            @for sentence in machines::kind_sentences(&named) { p { (sentence) } }
        }
        h2 { "The machines" }
        (machines::table(&named))
        h2 { "Speedup against cores" }
        (scaling::section(&palette, &named, &workloads))
        h2 { "Each run's speedup against threads" }
        p.note {
            "Each run's speedup is over that run's own seq, from the fastest times at its \
             largest length, with T chunks for T threads. Within a workload every chart has \
             the same axes, so the charts compare by eye."
        }
        @for w in &workloads { (workload_figures(&palette, &named, w)) }
    };
    page("doall: runs side by side", body)
}

#[cfg(test)]
mod tests;
