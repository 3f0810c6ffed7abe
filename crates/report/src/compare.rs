//! A page that sets several runs side by side: typically one benchmark run
//! restricted with `taskset` to 1, 2, 4, … cores, to see how each strategy
//! scales with the cores it is given.

use std::path::{Path, PathBuf};

use crate::{Error, files::write_atomic, results::RunResults};

use maud::{Markup, PreEscaped, html};

use crate::{
    RESULTS_FILE,
    analysis::Run,
    charts,
    format::{count, plural, times},
    html::page,
    palette::Palette,
    sections::{speedup_caption, speedup_chart, speedup_lines},
};

/// Reads `run_dirs/*/results.json` and writes a comparison page to `out`.
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

/// The best T-chunk speedup of `run` on `workload` and the threads it took.
fn best_speedup(run: &Run<'_>, workload: &str) -> Option<(f64, usize)> {
    let len = run.largest_len(workload)?;
    speedup_lines(run, workload, len)
        .into_iter()
        .filter(|l| l.chunks_per_thread == 1)
        .flat_map(|l| l.points)
        .map(|p| (p.speedup, p.threads))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// One run's speedup chart of `workload`, or a note that it has none.
fn run_figure(palette: &Palette, name: &str, run: &Run<'_>, workload: &str) -> Markup {
    let Some(len) = run.largest_len(workload) else {
        return html! { p.note { (name) ": no speedup data for " (workload) "." } };
    };
    let lines = speedup_lines(run, workload, len);
    let cores = run.results.machine.available_parallelism.max(1);
    let title = format!(
        "{}: {workload} at {} elements",
        plural(cores, "core"),
        count(len)
    );
    let chart = speedup_chart(run, palette, workload, len, &lines, title);
    let caption = speedup_caption(workload, len, &run.thread_counts(workload, len), cores);
    match charts::render(&chart) {
        Ok(svg) => html! {
            figure { (PreEscaped(svg)) figcaption { (name) ". " (caption) } }
        },
        Err(reason) => html! { p.note { (reason) } },
    }
}

fn render(runs: &[(String, RunResults)]) -> String {
    let palette = Palette::for_runs(runs.iter().map(|(_, r)| r));
    let indexed: Vec<(&String, Run<'_>)> = runs.iter().map(|(n, r)| (n, Run::new(r))).collect();
    let mut workloads: Vec<String> = Vec::new();
    for (_, run) in &indexed {
        for w in &run.workloads {
            if !workloads.contains(w) {
                workloads.push(w.clone());
            }
        }
    }
    let body = html! {
        h1 { "doall: " (runs.len()) " runs side by side" }
        p.note {
            "Each run's charts are its own: speedup over that run's seq, from the fastest \
             times at its largest length. Runs restricted with taskset show how each \
             strategy scales with the cores it is given."
        }
        table.runs {
            thead { tr {
                th { "run" } th { "host" } th { "CPU" } th { "logical cores" }
                th { "available parallelism" } th { "most threads measured" } th { "bench mode" }
                @for w in &workloads { th { "best speedup, " (w) } }
            } }
            tbody {
                @for (name, run) in &indexed {
                    @let m = &run.results.machine;
                    tr {
                        td { (name) } td { (m.host) } td { (m.cpu_model) }
                        td { (count(m.logical_cores)) } td { (count(m.available_parallelism)) }
                        td {
                            (run.workloads.iter().filter_map(|w| run.max_threads(w)).max()
                                .map_or_else(|| "–".to_owned(), count))
                        }
                        td { (m.bench_mode) }
                        @for w in &workloads {
                            td {
                                @match best_speedup(run, w) {
                                    Some((s, t)) => { (times(s)) " at " (t) },
                                    None => "–",
                                }
                            }
                        }
                    }
                }
            }
        }
        @for w in &workloads {
            h2 { (w) }
            div.compare {
                @for (name, run) in &indexed { (run_figure(&palette, name, run, w)) }
            }
        }
    };
    page("doall: runs side by side", body)
}
