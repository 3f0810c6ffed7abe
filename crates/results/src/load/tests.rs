//! Loading: every version this doall reads, and one-line errors that name
//! the file for everything it refuses.

use std::{fs, path::PathBuf};

use super::*;
use crate::{
    BandwidthPoint, KernelRecord, Machine, OverheadRecord, OverheadSize, RESULTS_FILE, Record,
    StrategyInfo, ThreadsUsed, Timing,
};

/// A version 1 `results.json` as doall wrote it: no rounds, no duration,
/// no strategy list, no threads used, no overhead and no spin budget. The
/// report's tests draw it too.
const VERSION_1: &str = include_str!("version-1.json");

/// A timing whose fastest sample is `s`, over three rounds. Its seconds
/// are sums of powers of two, which serde_json reads back to the very same
/// `f64`: without its `float_roundtrip` feature, a number printed with 17
/// digits may come back one unit in the last place off.
fn timing(s: f64) -> Timing {
    Timing {
        median_s: s + 0.25,
        lower_s: s + 0.125,
        upper_s: s + 0.5,
        min_s: s,
        samples: 20,
        round_min_s: vec![s, s + 0.125, s + 0.0625],
    }
}

/// One strategy of ours, measured against `seq`.
fn ours(name: &str) -> StrategyInfo {
    StrategyInfo {
        name: name.to_owned(),
        summary: format!("the {name} strategy"),
        threads_rule: "one per chunk".to_owned(),
        baseline: "seq".to_owned(),
        peer: None,
        contender: None,
    }
}

/// A current run with a field of every version: a strategy list with a
/// peer and a contender, threads used, overhead, kernels and a spin budget.
fn run() -> RunResults {
    let record = |strategy: &str, threads: usize, s: f64| Record {
        strategy: strategy.to_owned(),
        workload: "heavy".to_owned(),
        len: 4096,
        threads,
        chunks: threads,
        timing: timing(s),
        threads_used: ThreadsUsed::from_counts(&[threads; 10], threads),
    };
    let go = StrategyInfo {
        peer: Some("go1.19.8 linux/amd64".to_owned()),
        baseline: "go-seq".to_owned(),
        ..ours("go")
    };
    let chili = StrategyInfo {
        contender: Some("chili 0.2.1".to_owned()),
        ..ours("chili")
    };
    RunResults {
        schema_version: SCHEMA_VERSION,
        machine: Machine {
            host: "testbox".to_owned(),
            started_utc: "2025-01-02T03:04:05Z".to_owned(),
            duration_s: 312.0,
            rounds: 3,
            cpu_model: "Test CPU".to_owned(),
            logical_cores: 2,
            available_parallelism: 2,
            thread_source: "available_parallelism".to_owned(),
            os: "linux x86_64".to_owned(),
            rustc: None,
            git_commit: None,
            bench_mode: "quick".to_owned(),
            bandwidth: vec![BandwidthPoint {
                threads: 1,
                gb_per_s: 24.0,
                round_gb_per_s: vec![24.0, 23.0],
            }],
            spin_budget_s: Some(200e-6),
        },
        strategies: vec![ours("seq"), ours("rayon"), chili, go],
        records: vec![
            record("seq", 1, 8.0),
            record("rayon", 2, 4.0),
            record("chili", 2, 4.5),
            record("go", 2, 5.0),
        ],
        kernel: vec![KernelRecord {
            kernel: "fast".to_owned(),
            workload: "heavy".to_owned(),
            len: 4096,
            timing: timing(7.0),
        }],
        overhead: vec![OverheadRecord {
            strategy: "rayon".to_owned(),
            size: OverheadSize::Elements64,
            len: 64,
            threads: 2,
            chunks: 2,
            idle_gap_s: 0.0,
            timing: timing(3.0),
            threads_used: None,
        }],
    }
}

/// `contents` written as `results.json` in `dir`; its path.
fn write(dir: &tempfile::TempDir, contents: &str) -> PathBuf {
    let path = dir.path().join(RESULTS_FILE);
    fs::write(&path, contents).expect("written");
    path
}

/// `contents` (none: no file at all) loaded as `results.json`.
fn load_text(contents: Option<&str>) -> Result<RunResults, Error> {
    let dir = tempfile::tempdir().expect("scratch dir");
    let path = match contents {
        Some(c) => write(&dir, c),
        None => dir.path().join(RESULTS_FILE),
    };
    RunResults::load(&path)
}

/// The error of loading `contents`, checked to be one line naming the file.
fn error_for(contents: Option<&str>) -> String {
    let err = load_text(contents).expect_err("must fail").to_string();
    assert!(err.contains(RESULTS_FILE), "names the file: {err}");
    assert!(!err.contains('\n'), "one line: {err}");
    err
}

#[test]
fn a_saved_run_loads_as_it_was() {
    let dir = tempfile::tempdir().expect("scratch dir");
    let path = dir.path().join("runs/one").join(RESULTS_FILE);
    run().save(&path).expect("saved");
    assert_eq!(RunResults::load(&path).expect("loads"), run());
    let text = fs::read_to_string(&path).expect("readable");
    assert!(text.starts_with("{\n  \"schema_version\": 5,"), "{text}");
}

#[test]
fn bad_results_give_one_line_naming_the_file() {
    let good = serde_json::to_string(&run()).expect("serializes");
    assert!(error_for(None).contains("No such file"));
    assert!(error_for(Some("  \n")).contains("empty"));
    assert!(error_for(Some(&good[..good.len() / 2])).contains("not valid JSON"));
    let current = format!("\"schema_version\":{SCHEMA_VERSION}");
    let next = SCHEMA_VERSION + 1;
    let future = good.replacen(&current, &format!("\"schema_version\":{next}"), 1);
    assert!(error_for(Some(&future)).contains(&format!("schema version {next}")));
    let mut slow_round = run();
    slow_round.records[0].timing.round_min_s[1] = slow_round.records[0].timing.min_s / 2.0;
    let slow_round = serde_json::to_string(&slow_round).expect("serializes");
    assert!(error_for(Some(&slow_round)).contains("no faster than min_s"));
    let negative = good.replacen("\"median_s\":", "\"median_s\":-", 1);
    assert!(error_for(Some(&negative)).contains("positive"));
    let unknown = good.replacen("\"len\":", "\"length_typo\":0,\"len\":", 1);
    assert!(error_for(Some(&unknown)).contains("length_typo"));
    let mut inverted = run();
    inverted.records[0].timing.lower_s = inverted.records[0].timing.upper_s * 2.0;
    let inverted = serde_json::to_string(&inverted).expect("serializes");
    assert!(error_for(Some(&inverted)).contains("between lower_s and upper_s"));
}

#[test]
fn a_file_from_a_newer_doall_is_refused_by_its_version_not_its_fields() {
    // Version 7 with fields this doall has never heard of: the version is
    // what the reader must be told about, not the first unknown field.
    let mut future = serde_json::to_value(run()).expect("json");
    future["schema_version"] = 7.into();
    future["machine"]["numa_nodes"] = 2.into();
    future["energy"] = serde_json::json!([{ "joules": 1.5 }]);
    let err = error_for(Some(&future.to_string()));
    assert!(
        err.ends_with(
            "results.json: schema version 7 is not one this doall reads (it reads 1, 2, 3, 4, 5); \
             regenerate it with this version's `cargo bench` or use a newer doall"
        ),
        "{err}"
    );
    assert!(
        !err.contains("numa_nodes") && !err.contains("energy"),
        "{err}"
    );
    future["schema_version"] = "3".into();
    assert!(
        error_for(Some(&future.to_string()))
            .contains("schema_version is \"3\", not a whole number")
    );
    assert!(error_for(Some("{}")).contains("no schema_version field"));
    // A known version with a field it never had is named by that field.
    future["schema_version"] = 3.into();
    let err = error_for(Some(&future.to_string()));
    assert!(
        err.contains("does not match schema version 3") && err.contains("unknown field `energy`"),
        "{err}"
    );
}

#[test]
fn a_version_1_file_reads_with_one_round_and_its_records_order() {
    let old = load_text(Some(VERSION_1)).expect("version 1 reads");
    assert_eq!((old.schema_version, old.machine.rounds), (1, 1));
    assert_eq!(old.strategy_order(), vec!["seq", "rayon"]);
    assert_eq!(old.baseline_of("rayon"), "seq");
    assert_eq!(old.machine.spin_budget_s, None);
}

#[test]
fn a_version_2_file_reads_without_threads_used_overhead_or_spin_budget() {
    let mut v2 = serde_json::to_value(run()).expect("json");
    v2["schema_version"] = 2.into();
    if let Some(object) = v2.as_object_mut() {
        object.remove("overhead");
    }
    if let Some(machine) = v2["machine"].as_object_mut() {
        machine.remove("spin_budget_s");
    }
    for record in v2["records"].as_array_mut().expect("records") {
        if let Some(record) = record.as_object_mut() {
            record.remove("threads_used");
        }
    }
    let read = load_text(Some(&v2.to_string())).expect("version 2 reads");
    assert!(read.overhead.is_empty() && read.records[1].threads_used.is_none());
    assert_eq!(read.machine.spin_budget_s, None);
}

/// `run()` as version `version` wrote it, its strategies without `fields`.
fn strategies_without(version: u32, fields: &[&str]) -> String {
    let mut value = serde_json::to_value(run()).expect("json");
    value["schema_version"] = version.into();
    for s in value["strategies"].as_array_mut().expect("a list") {
        let info = s.as_object_mut().expect("an object");
        for field in fields {
            info.remove(*field);
        }
    }
    value.to_string()
}

#[test]
fn a_version_3_file_reads_with_seq_as_every_baseline() {
    let r = load_text(Some(&strategies_without(
        3,
        &["baseline", "peer", "contender"],
    )))
    .expect("a v3 file reads");
    assert!(
        r.strategies
            .iter()
            .all(|s| s.baseline == "seq" && s.peer.is_none())
    );
    assert_eq!(r.baseline_of("go"), "seq");
    assert!(r.strategies[0].is_baseline(), "seq is its own baseline");
}

#[test]
fn a_version_4_file_reads_with_every_strategy_ours() {
    let r = load_text(Some(&strategies_without(4, &["contender"]))).expect("a v4 file reads");
    assert!(r.strategies.iter().all(|s| !s.is_contender()));
    assert_eq!(r.peer_of("go"), Some("go1.19.8 linux/amd64"));
    assert_eq!(r.baseline_of("go"), "go-seq");
}
