//! `reports/index.html`: the newest run's report, with links to every run.
//!
//! Runs live in `reports/runs/<UTC timestamp>-<host>/`, so sorting their
//! names sorts them by time. A run whose `results.json` cannot be read is
//! listed as skipped, with the reason; it never breaks the page.

use std::path::{Path, PathBuf};

use crate::{Error, files::write_atomic, results::RunResults};

use crate::{
    REPORT_FILE, RESULTS_FILE,
    html::{escape, page, url_segment},
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
fn run_link(name: &str) -> String {
    format!(
        "<a href=\"{RUNS_DIR}/{}/{REPORT_FILE}\">{}</a>",
        escape(&url_segment(name)),
        escape(name)
    )
}

fn render(listed: &[Listed], newest: Option<&Listed>, has_example: bool) -> String {
    let mut nav = String::from("<nav class=\"runs\">\n");
    match newest {
        Some(n) => nav.push_str(&format!(
            "<p>This page shows the newest run, {}. All runs, newest first:</p>\n",
            run_link(&n.name)
        )),
        None if listed.is_empty() => {
            nav.push_str("<p>No runs yet: run the benchmarks to fill <code>runs/</code>.</p>\n");
        }
        None => nav.push_str("<p>No run could be read. All runs, newest first:</p>\n"),
    }
    if !listed.is_empty() {
        nav.push_str("<ul>\n");
        for l in listed.iter().rev() {
            let item = match &l.results {
                Ok(r) => format!(
                    "{} — {}, {} available cores, {} mode",
                    run_link(&l.name),
                    escape(&r.machine.cpu_model),
                    r.machine.available_parallelism,
                    escape(&r.machine.bench_mode)
                ),
                Err(reason) => format!(
                    "{} <span class=\"skipped\">skipped: {}</span>",
                    escape(&l.name),
                    escape(reason)
                ),
            };
            nav.push_str(&format!("<li>{item}</li>\n"));
        }
        nav.push_str("</ul>\n");
    }
    if has_example {
        nav.push_str(&format!(
            "<p>An example report from a known machine: <a href=\"example/{REPORT_FILE}\">example</a>.</p>\n"
        ));
    }
    nav.push_str("</nav>\n");
    match newest.map(|n| &n.results) {
        Some(Ok(results)) => {
            let palette = Palette::for_runs([results]);
            let body = format!("{nav}{}", sections::run_body(results, &palette));
            page(&sections::title(results), &body)
        }
        _ => page(
            "doall benchmark reports",
            &format!("<h1>doall benchmark reports</h1>\n{nav}"),
        ),
    }
}
