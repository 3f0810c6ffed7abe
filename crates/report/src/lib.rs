//! doall-report: the HTML report of a benchmark run.
//!
//! A run directory holds `results.json` (its schema, versions and loading
//! are the `doall-results` crate's); this crate turns it into `index.html`
//! next to it: one self-contained page (inline SVG charts and CSS, no
//! scripts, no external files) that a student can open from disk.
//! It knows nothing of the strategies themselves: everything it draws comes
//! from `results.json`, so a run from another machine or another version of
//! doall draws the same way. The files, one idea each:
//!
//! - `analysis`: the numbers (speedup, efficiency, crossover, COST, bandwidth);
//! - `rounds`: claims that must hold in every interleaved round;
//! - `per_call`: the per-call overhead of each strategy over seq;
//! - `charts`: line charts drawn with plotters as SVG;
//! - `sections`: one file per section of the page: the data it chooses, its
//!   findings as plain sentences, and its HTML (maud templates);
//! - `findings`: a run's findings as data, so that two runs compare claim by
//!   claim (`doall report --diff`);
//! - `index`: `reports/index.html`, the newest run plus links to all runs;
//! - `compare`: several runs side by side (one machine on 1, 2 and 4 cores,
//!   or several machines): the machines, speedup against cores, shared axes;
//! - `figure`: one figure of a run by name, for the book's `{{#figure}}`;
//! - `html`, `format`, `palette`: the page shell, number formatting, colours.

mod analysis;
mod charts;
mod compare;
pub mod figure;
mod findings;
pub mod format;
mod html;
mod index;
mod palette;
mod per_call;
mod rounds;
mod sections;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod xml_check;

use std::path::{Path, PathBuf};

use doall_results::{RESULTS_FILE, RunResults, files::write_atomic};

/// Reading results and writing pages fail as reading and writing files do.
pub use doall_results::Error;

pub use compare::write_comparison;
pub use findings::{DIFF_CONTRADICTION_EXIT, RunDiff, diff_runs};
pub use index::{RUNS_DIR, refresh_index, run_dirs};

/// The report file written next to `results.json` (and in the reports
/// directory).
pub const REPORT_FILE: &str = "index.html";

/// Reads `run_dir/results.json` and writes `run_dir/index.html`; returns the
/// path written. Errors name the file and what is wrong with it.
pub fn write_run_report(run_dir: &Path) -> Result<PathBuf, Error> {
    let results = RunResults::load(&run_dir.join(RESULTS_FILE))?;
    let out = run_dir.join(REPORT_FILE);
    let is_example = run_dir.file_name().is_some_and(|name| name == EXAMPLE_DIR);
    let page = render_run(&results, is_example);
    write_atomic(&out, page.as_bytes())?;
    Ok(out)
}

/// The committed example run, `reports/example/`.
pub const EXAMPLE_DIR: &str = "example";

/// What the example report says of itself, above everything else.
fn example_banner() -> maud::Markup {
    maud::html! {
        p.howto {
            strong { "This is an example report" } ", committed with the project: a real run \
            of " code { "cargo bench" } " on its 2-core development machine, so that you can \
            see the charts without running anything. Run " code { "cargo bench" } " and open "
            code { "reports/index.html" } " for your own machine's figures."
        }
    }
}

/// The complete HTML page of one run; the example run says it is one.
pub(crate) fn render_run(results: &RunResults, is_example: bool) -> String {
    let palette = palette::Palette::for_runs([results]);
    let body = maud::html! {
        @if is_example { (example_banner()) }
        (sections::run_body(results, &palette))
    };
    html::page(&sections::title(results), body)
}
