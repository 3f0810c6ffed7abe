//! `doall report` from the outside: files written, exit codes, one-line errors.

use std::{
    fs,
    path::{Path, PathBuf},
    process::{Command, Output},
};

fn doall(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_doall"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("doall runs")
}

/// A fresh scratch directory for one test, removed when it is dropped.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("scratch dir")
}

/// A small valid results.json: seq and rayon on heavy, two threads.
const RESULTS: &str = r#"{
  "schema_version": 1,
  "machine": {
    "host": "box", "started_utc": "2025-01-01T00:00:00Z", "cpu_model": "cpu",
    "logical_cores": 2, "available_parallelism": 2, "thread_source": "available_parallelism",
    "os": "linux", "rustc": null, "git_commit": null, "bench_mode": "quick",
    "bandwidth": [{"threads": 1, "gb_per_s": 10.0}]
  },
  "records": [
    {"strategy": "seq", "workload": "heavy", "len": 1024, "threads": 1, "chunks": 1,
     "median_s": 0.002, "lower_s": 0.0019, "upper_s": 0.0021, "min_s": 0.0018, "samples": 10},
    {"strategy": "rayon", "workload": "heavy", "len": 1024, "threads": 2, "chunks": 2,
     "median_s": 0.001, "lower_s": 0.0009, "upper_s": 0.0011, "min_s": 0.0009, "samples": 10}
  ]
}"#;

fn add_run(reports: &Path, name: &str, contents: &str) -> PathBuf {
    let dir = reports.join("runs").join(name);
    fs::create_dir_all(&dir).expect("run dir");
    fs::write(dir.join("results.json"), contents).expect("written");
    dir
}

#[test]
fn report_without_arguments_writes_every_run_and_the_index() {
    let scratch = scratch();
    let root = scratch.path();
    let reports = root.join("reports");
    add_run(&reports, "20250101T000000Z-box", RESULTS);
    add_run(&reports, "20250102T000000Z-box", "{");
    let out = doall(&["report"], root);
    assert!(out.status.success(), "{out:?}");
    assert!(
        reports
            .join("runs/20250101T000000Z-box/index.html")
            .is_file()
    );
    assert!(reports.join("index.html").is_file());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped") && stderr.contains("results.json"),
        "{stderr}"
    );
}

#[test]
fn report_of_one_bad_run_fails_with_one_line_naming_the_file() {
    let scratch = scratch();
    let root = scratch.path();
    let run = add_run(root, "r", "{\"schema_version\": 7}");
    let out = doall(&["report", run.to_str().expect("utf-8")], root);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("results.json") && stderr.contains("schema version 7"),
        "{stderr}"
    );
}

#[test]
fn report_of_several_runs_writes_a_comparison() {
    let scratch = scratch();
    let root = scratch.path();
    let a = add_run(root, "a", RESULTS);
    let b = add_run(root, "b", RESULTS);
    let out = doall(
        &[
            "report",
            a.to_str().expect("utf-8"),
            b.to_str().expect("utf-8"),
            "--out",
            "cmp.html",
        ],
        root,
    );
    assert!(out.status.success(), "{out:?}");
    assert!(a.join("index.html").is_file() && b.join("index.html").is_file());
    let page = fs::read_to_string(root.join("cmp.html")).expect("comparison written");
    assert!(page.contains("2 runs side by side"));
}

#[test]
fn report_without_a_runs_directory_says_so() {
    let scratch = scratch();
    let root = scratch.path();
    let out = doall(&["report", "--reports-dir", "nowhere"], root);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nowhere/runs"), "{stderr}");
}

/// The committed example run, as a run directory of its own under `root`,
/// with every heavy time of `slowed` at 2 threads multiplied by `factor`.
fn example_run(root: &Path, name: &str, slowed: &str, factor: f64) -> PathBuf {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/example/results.json");
    let text = fs::read_to_string(example).expect("the example run is committed");
    let mut results: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let records = results["records"].as_array_mut().expect("records");
    for record in records
        .iter_mut()
        .filter(|r| r["strategy"] == slowed && r["workload"] == "heavy" && r["threads"] == 2)
    {
        for key in ["median_s", "lower_s", "upper_s", "min_s"] {
            let value = record[key].as_f64().expect("a time");
            record[key] = serde_json::json!(value * factor);
        }
        for round in record["round_min_s"].as_array_mut().expect("rounds") {
            let value = round.as_f64().expect("a time");
            *round = serde_json::json!(value * factor);
        }
    }
    add_run(root, name, &results.to_string())
}

#[test]
fn diff_of_a_run_with_itself_finds_nothing_and_writes_nothing() {
    let scratch = scratch();
    let root = scratch.path();
    let a = example_run(root, "a", "rayon", 1.0);
    let path = a.to_str().expect("utf-8");
    let out = doall(&["report", "--diff", path, path], root);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("summary: 0 contradictions"), "{stdout}");
    assert!(!a.join("index.html").exists(), "--diff writes no page");
}

#[test]
fn diff_of_contradicting_runs_exits_3_and_names_the_claim() {
    let scratch = scratch();
    let root = scratch.path();
    let a = example_run(root, "a", "rayon", 1.0);
    let b = example_run(root, "b", "rayon", 3.0);
    let (a, b) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));
    let out = doall(&["report", "--diff", a, b], root);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("heavy: crossover of rayon"), "{stdout}");
}

#[test]
fn diff_of_a_missing_run_fails_with_one_line_naming_it() {
    let scratch = scratch();
    let root = scratch.path();
    let a = example_run(root, "a", "rayon", 1.0);
    let out = doall(
        &["report", "--diff", a.to_str().expect("utf-8"), "nowhere"],
        root,
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nowhere"), "{stderr}");
}

#[test]
fn diff_needs_two_runs() {
    let scratch = scratch();
    let out = doall(&["report", "--diff", "a"], scratch.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}
