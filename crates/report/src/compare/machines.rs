//! The machines of a comparison: a table with one column per run, and the
//! sentences that say what kind of comparison the runs make. Runs of one
//! host with different available parallelism are the "cores" case (the
//! same CPU given fewer or more cores); runs of several hosts are the
//! "machines" case, where CPU and memory differ as well as the cores.

use maud::{Markup, html};

use crate::{
    format::{and_list, count, plural},
    sections::machine_rows,
};

use super::NamedRun;

/// `items` without repeats, in first-seen order.
fn distinct<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Core counts as words: `1 and 2 cores`.
fn cores_words(cores: &[usize]) -> String {
    let mut sorted = cores.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let last = sorted.last().copied().unwrap_or(1);
    let words: Vec<String> = sorted.iter().map(|&c| count(c)).collect();
    let noun = if last == 1 && sorted.len() == 1 {
        "core"
    } else {
        "cores"
    };
    format!("{}{}{noun}", and_list(&words), crate::format::NBSP)
}

/// What kind of comparison the runs make, and what else differs between
/// them, as plain sentences.
pub(super) fn kind_sentences(runs: &[NamedRun<'_>]) -> Vec<String> {
    let hosts: Vec<&str> = distinct(runs.iter().map(NamedRun::host));
    let cores_of = |host: &str| -> Vec<usize> {
        distinct(
            runs.iter()
                .filter(|r| r.host() == host)
                .map(NamedRun::cores),
        )
    };
    let mut sentences = Vec::new();
    match hosts.as_slice() {
        [] => {}
        [host] => {
            let cores = cores_of(host);
            if cores.len() > 1 {
                sentences.push(format!(
                    "All {} runs are from host {host}, given {} (their available \
                     parallelism, which follows taskset): the same CPU with more or fewer \
                     cores, so what differs between them is what the cores buy, and noise.",
                    runs.len(),
                    cores_words(&cores)
                ));
            } else {
                sentences.push(format!(
                    "All {} runs are from host {host} with {} each: they differ only in \
                     when they ran (and in the code, if their commits differ), so the \
                     differences between them are run-to-run noise.",
                    runs.len(),
                    cores_words(&cores)
                ));
            }
        }
        several => {
            let names: Vec<String> = several.iter().map(|h| (*h).to_owned()).collect();
            let per_host: Vec<String> = several
                .iter()
                .map(|h| format!("{h} on {}", cores_words(&cores_of(h))))
                .collect();
            sentences.push(format!(
                "The runs come from {} machines ({}): their speedups differ with the CPU \
                 and memory as well as with the cores, so compare a host's runs with each \
                 other before comparing hosts. Runs: {}.",
                several.len(),
                and_list(&names),
                per_host.join("; ")
            ));
        }
    }
    let modes: Vec<&str> = distinct(
        runs.iter()
            .map(|r| r.run.results.machine.bench_mode.as_str()),
    );
    if modes.len() > 1 {
        let modes: Vec<String> = modes.iter().map(|m| (*m).to_owned()).collect();
        sentences.push(format!(
            "The runs used different bench modes ({}), so they measured different \
             lengths; every speedup is read at its own run's largest length.",
            and_list(&modes)
        ));
    }
    let commits: Vec<&str> = distinct(
        runs.iter()
            .filter_map(|r| r.run.results.machine.git_commit.as_deref()),
    );
    if commits.len() > 1 {
        sentences.push(format!(
            "The runs were made from {} different commits of doall: a change in the \
             code can move a strategy as much as a change of cores.",
            count(commits.len())
        ));
    }
    sentences
}

/// The threads `named` measured its parallel strategies with, as a list.
fn threads_measured(named: &NamedRun<'_>) -> String {
    let mut threads: Vec<usize> = named
        .run
        .results
        .records
        .iter()
        .filter(|r| named.run.strategies.contains(&r.strategy))
        .map(|r| r.threads)
        .collect();
    threads.sort_unstable();
    threads.dedup();
    if threads.is_empty() {
        return "none".to_owned();
    }
    let words: Vec<String> = threads.iter().map(|&t| count(t)).collect();
    words.join(", ")
}

/// One row per fact, one column per run; a row whose values differ
/// between the runs is marked, since that is where to look first.
pub(super) fn table(runs: &[NamedRun<'_>]) -> Markup {
    let columns: Vec<Vec<(&str, String)>> = runs
        .iter()
        .map(|named| {
            let mut rows = machine_rows(named.run.results);
            // The threads measured belong beside the cores the run could use.
            let at = rows
                .iter()
                .position(|(what, _)| what.starts_with("Available parallelism"))
                .map_or(rows.len(), |i| i + 1);
            rows.insert(at, ("Threads measured", threads_measured(named)));
            rows.push((
                "results.json schema version",
                named.run.results.schema_version.to_string(),
            ));
            rows
        })
        .collect();
    let facts: Vec<&str> = columns
        .first()
        .map(|c| c.iter().map(|(what, _)| *what).collect())
        .unwrap_or_default();
    html! {
        table.machine.machines {
            thead { tr {
                th { "run" }
                @for named in runs { th { (named.name) } }
            } }
            tbody {
                @for (i, what) in facts.iter().enumerate() {
                    @let values: Vec<&str> = columns.iter().map(|c| c[i].1.as_str()).collect();
                    @let differs = values.iter().any(|v| *v != values[0]);
                    tr.differs[differs] {
                        td { (what) }
                        @for v in &values { td { (v) } }
                    }
                }
            }
        }
        p.note {
            "One column per run, in the order given. Rows in bold differ between the runs. \
             Available parallelism is the cores the run could use: "
            code { "taskset" } " and container quotas lower it below the logical cores."
        }
        @if runs.len() > 1 && runs.iter().all(|r| r.cores() == runs[0].cores()) {
            p.note {
                "Every run could use " (plural(runs[0].cores(), "core")) ": the speedup \
                 against cores below has one core count to show."
            }
        }
    }
}
