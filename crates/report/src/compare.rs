//! A page that sets several runs side by side: typically one benchmark run
//! restricted with `taskset` to 1, 2, 4, … cores, to see how each strategy
//! scales with the cores it is given.

use std::path::{Path, PathBuf};

use crate::{Error, files::write_atomic, results::RunResults};

use crate::{
    RESULTS_FILE,
    analysis::Run,
    charts,
    format::{count, plural, times},
    html::{escape, page, table},
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

    // The table: one row per run, with the best speedup per workload.
    let mut header: Vec<String> = [
        "run",
        "host",
        "CPU",
        "logical cores",
        "available parallelism",
        "most threads measured",
        "bench mode",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(
        workloads
            .iter()
            .map(|w| format!("best speedup, {}", escape(w))),
    );
    let rows: Vec<Vec<String>> = indexed
        .iter()
        .map(|(name, run)| {
            let m = &run.results.machine;
            let most = run
                .workloads
                .iter()
                .filter_map(|w| run.max_threads(w))
                .max();
            let mut row = vec![
                escape(name),
                escape(&m.host),
                escape(&m.cpu_model),
                count(m.logical_cores),
                count(m.available_parallelism),
                most.map_or_else(|| "–".to_owned(), count),
                escape(&m.bench_mode),
            ];
            for w in &workloads {
                let best = run.largest_len(w).and_then(|len| {
                    speedup_lines(run, w, len)
                        .into_iter()
                        .filter(|l| l.chunks_per_thread == 1)
                        .flat_map(|l| l.points)
                        .map(|p| (p.speedup, p.threads))
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                });
                row.push(match best {
                    Some((s, t)) => format!("{} at {t}", times(s)),
                    None => "–".to_owned(),
                });
            }
            row
        })
        .collect();

    let mut body = format!(
        "<h1>doall: {} runs side by side</h1>\n\
         <p class=\"note\">Each run's charts are its own: speedup over that run's seq, \
         from the fastest times at its largest length. Runs restricted with taskset show how \
         each strategy scales with the cores it is given.</p>\n{}",
        runs.len(),
        table("runs", &header, &rows)
    );
    for w in &workloads {
        body.push_str(&format!(
            "<h2>{}</h2>\n<div class=\"compare\">\n",
            escape(w)
        ));
        for (name, run) in &indexed {
            let Some(len) = run.largest_len(w) else {
                body.push_str(&format!(
                    "<p class=\"note\">{}: no speedup data for {}.</p>\n",
                    escape(name),
                    escape(w)
                ));
                continue;
            };
            let lines = speedup_lines(run, w, len);
            let title = format!(
                "{}: {w} at {} elements",
                plural(run.results.machine.available_parallelism, "core"),
                count(len)
            );
            let chart = speedup_chart(run, &palette, w, len, &lines, title);
            let figure = match charts::render(&chart) {
                Ok(svg) => format!(
                    "<figure>\n{svg}\n<figcaption>{}. {}</figcaption>\n</figure>\n",
                    escape(name),
                    speedup_caption(w, len)
                ),
                Err(reason) => format!("<p class=\"note\">{}</p>\n", escape(&reason)),
            };
            body.push_str(&figure);
        }
        body.push_str("</div>\n");
    }
    page("doall: runs side by side", &body)
}
