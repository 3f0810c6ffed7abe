//! `reports/index.html`: the newest run's report, with links to every run.
//!
//! Runs live in `reports/runs/<UTC timestamp>-<host>/`, so sorting their
//! names sorts them by time. A run whose `results.json` cannot be read is
//! listed as skipped, with the reason; it never breaks the page.

use std::path::{Path, PathBuf};

use doall_results::{RESULTS_FILE, RunResults, files::write_atomic};
use maud::{Markup, html};

use crate::{
    Error, REPORT_FILE,
    html::{page, url_segment},
    palette::Palette,
    sections,
};

/// The directory under the reports directory that holds one directory per run.
pub const RUNS_DIR: &str = "runs";

/// The run directories under `reports_dir/runs`, sorted by name (oldest
/// first). A missing `runs` directory has no runs.
pub fn run_dirs(reports_dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let runs = reports_dir.join(RUNS_DIR);
    if !runs.exists() {
        return Ok(Vec::new());
    }
    let io_error = |source| Error::Io {
        path: runs.clone(),
        source,
    };
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(&runs).map_err(io_error)? {
        let path = entry.map_err(io_error)?.path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// One run as the index sees it.
struct Listed {
    /// The directory's name.
    name: String,
    /// Its results, or why they cannot be read.
    results: Result<RunResults, String>,
}

/// Writes `reports_dir/index.html`: the newest readable run's report, after
/// a list of every run (newest first) and a link to `example/` if present.
pub fn refresh_index(reports_dir: &Path) -> Result<PathBuf, Error> {
    let listed: Vec<Listed> = run_dirs(reports_dir)?
        .iter()
        .map(|dir| Listed {
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            results: RunResults::load(&dir.join(RESULTS_FILE)).map_err(|e| e.to_string()),
        })
        .collect();
    let newest = listed.iter().rev().find(|l| l.results.is_ok());
    let has_example = reports_dir.join("example").is_dir();
    let html = render(&listed, newest, has_example);
    let out = reports_dir.join(REPORT_FILE);
    write_atomic(&out, html.as_bytes())?;
    Ok(out)
}

/// The link to a run's report, relative to the reports directory.
fn run_link(name: &str) -> Markup {
    html! { a href={ (RUNS_DIR) "/" (url_segment(name)) "/" (REPORT_FILE) } { (name) } }
}

/// The list of runs, newest first, and the link to the example.
fn nav(listed: &[Listed], newest: Option<&Listed>, has_example: bool) -> Markup {
    html! {
        nav.runs {
            @match newest {
                Some(n) => p { "This page shows the newest run, " (run_link(&n.name)) ". All runs, newest first:" },
                None if listed.is_empty() => p { "No runs yet: run the benchmarks to fill " code { "runs/" } "." },
                None => p { "No run could be read. All runs, newest first:" },
            }
            @if !listed.is_empty() {
                ul {
                    @for l in listed.iter().rev() {
                        li {
                            @match &l.results {
                                Ok(r) => {
                                    (run_link(&l.name)) " — " (r.machine.cpu_model) ", "
                                    (r.machine.available_parallelism) " available cores, "
                                    (r.machine.bench_mode) " mode"
                                },
                                Err(reason) => {
                                    (l.name) " " span.skipped { "skipped: " (reason) }
                                },
                            }
                        }
                    }
                }
            }
            @if has_example {
                p {
                    "An example report from a known machine: "
                    a href={ "example/" (REPORT_FILE) } { "example" } "."
                }
            }
        }
    }
}

fn render(listed: &[Listed], newest: Option<&Listed>, has_example: bool) -> String {
    let nav = nav(listed, newest, has_example);
    match newest.map(|n| &n.results) {
        Some(Ok(results)) => {
            let palette = Palette::for_runs([results]);
            let body = html! { (nav) (sections::run_body(results, &palette)) };
            page(&sections::title(results), body)
        }
        _ => page(
            "doall benchmark reports",
            html! { h1 { "doall benchmark reports" } (nav) },
        ),
    }
}
