//! The command-line tool, run as a user runs it.

mod support;

use std::process::Output;

use support::doall;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn json_lines_have_exactly_the_documented_keys() {
    let out = doall(
        &[
            "run",
            "--strategy",
            "all",
            "--workload",
            "heavy",
            "--len",
            "1000",
            "--threads",
            "3",
            "--repeat",
            "2",
            "--json",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), doall_registry::STRATEGIES.len());
    for line in &lines {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let object = value.as_object().expect("each line is an object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "checksum",
                "chunks",
                "len",
                "median_s",
                "min_s",
                "strategy",
                "threads",
                "threads_used",
                "workload"
            ]
        );
        assert_eq!(
            object["checksum"], "6b481ed2bd675c94",
            "docs/SPEC.md §6 reference"
        );
        assert_eq!(object["workload"], "heavy");
        assert_eq!(object["len"], 1000);
        assert!(
            object["min_s"].as_f64().expect("number")
                <= object["median_s"].as_f64().expect("number")
        );
    }
    let rayon: serde_json::Value = lines
        .iter()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("JSON"))
        .find(|object| object["strategy"] == "rayon")
        .expect("a rayon line");
    assert_eq!(
        (
            rayon["strategy"].as_str(),
            rayon["threads"].as_u64(),
            rayon["chunks"].as_u64()
        ),
        (Some("rayon"), Some(3), Some(3))
    );
}

#[test]
fn table_shows_speedup_against_seq() {
    let out = doall(
        &[
            "run", "-s", "all", "-w", "ramp", "-l", "5000", "-t", "2", "-c", "16",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("speedup"), "{text}");
    for s in doall_registry::STRATEGIES {
        assert!(text.lines().any(|l| l.starts_with(s.name)), "{text}");
    }
    assert!(text.contains("1.00x"), "seq against itself: {text}");
}

#[test]
fn a_comma_list_runs_those_strategies_in_that_order_against_seq() {
    let out = doall(
        &[
            "run",
            "-s",
            "exercise,seq,std-scope",
            "-w",
            "heavy",
            "-l",
            "4096",
            "-t",
            "2",
            "-r",
            "2",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| ["exercise", "seq", "std-scope"].contains(name))
        .collect();
    assert_eq!(rows, ["exercise", "seq", "std-scope"], "{text}");
    assert!(text.contains("1.00x"), "seq against itself: {text}");
}

#[test]
fn threads_come_from_the_environment_when_not_given() {
    let out = doall(
        &["run", "-s", "rayon", "-w", "light", "-l", "100", "--json"],
        &[("DOALL_THREADS", "5")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("JSON");
    assert_eq!(value["threads"], 5);
    assert_eq!(value["chunks"], 5);
}

#[test]
fn json_records_the_threads_each_strategy_really_starts() {
    // 8 threads, 2 chunks: crossbeam starts a worker per chunk, not 8.
    let out = doall(
        &[
            "run", "-s", "all", "-w", "light", "-l", "1000", "-t", "8", "-c", "2", "-r", "1",
            "--json",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let recorded: Vec<(String, u64, u64)> = stdout(&out)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let count = |key: &str| value[key].as_u64().expect("a count");
            let name = value["strategy"].as_str().expect("a name").to_owned();
            (name, count("threads"), count("chunks"))
        })
        .collect();
    let expected = [
        ("seq", 1, 1),
        ("std-mpsc", 2, 2),
        ("std-scope", 2, 2),
        ("crossbeam", 2, 2),
        ("rayon", 8, 2),
        ("pool", 2, 2),
        ("chili", 8, 2),
        ("fork-union", 8, 2),
        ("paralight", 8, 2),
    ];
    let mut expected: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|&(name, t, c)| (name.to_owned(), t, c))
        .collect();
    // The exercise by its own rule: 1 thread and 1 chunk until a reader
    // makes it parallel.
    let exercise = doall_registry::find_strategies("exercise").expect("registered")[0];
    let plan = doall_kernel::Plan::new(8, Some(2)).expect("positive");
    let (t, c) = exercise.threads_and_chunks(plan);
    expected.push(("exercise".to_owned(), t as u64, c as u64));
    assert_eq!(recorded, expected);
}

/// Arguments, environment, and a piece of the expected error line.
type Case = (
    Vec<&'static str>,
    Vec<(&'static str, &'static str)>,
    &'static str,
);

#[test]
fn bad_input_is_one_line_naming_the_value() {
    let base = ["run", "-s", "seq", "-w", "light", "-l", "10"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    let cases: Vec<Case> = vec![
        (
            vec!["run", "-s", "go", "-w", "light", "-l", "10"],
            vec![],
            "\"go\"",
        ),
        (
            vec!["run", "-s", "go", "-w", "light", "-l", "10"],
            vec![],
            "std-mpsc",
        ),
        (
            vec!["run", "-s", "seq", "-w", "medium", "-l", "10"],
            vec![],
            "\"medium\"",
        ),
        (
            vec!["run", "-s", "seq", "-w", "medium", "-l", "10"],
            vec![],
            "light, heavy, ramp",
        ),
        (with(&["--threads", "0"]), vec![], "got 0"),
        (with(&["--chunks", "0"]), vec![], "chunk count"),
        (with(&["--repeat", "0"]), vec![], "repeat count"),
        (with(&["--threads", "abc"]), vec![], "'abc'"),
        (
            base.to_vec(),
            vec![("DOALL_THREADS", "abc")],
            "DOALL_THREADS=\"abc\"",
        ),
        (
            base.to_vec(),
            vec![("DOALL_THREADS", "0")],
            "DOALL_THREADS=\"0\"",
        ),
        (
            base.to_vec(),
            vec![("DOALL_THREADS", " 2")],
            "DOALL_THREADS=\" 2\"",
        ),
        (
            vec!["run", "-s", "seq", "-w", "light", "-l", "1000000000000000"],
            vec![],
            "1000000000000000 f64 elements",
        ),
        (
            vec!["run", "-s", "seq", "-w", "light", "-l", "-5"],
            vec![],
            "-5",
        ),
        (vec!["frobnicate"], vec![], "frobnicate"),
    ];
    for (args, env, needle) in cases {
        let out = doall(&args, &env);
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?} should fail");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line, got {err:?}"
        );
        assert!(
            err.contains(needle),
            "{args:?}: {err:?} should contain {needle:?}"
        );
        assert!(err.starts_with("doall: "), "{err:?}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
}

#[test]
fn list_names_every_strategy_and_workload() {
    let out = doall(&["list"], &[]);
    assert!(out.status.success());
    let text = stdout(&out);
    for s in doall_registry::STRATEGIES {
        assert!(text.contains(s.name) && text.contains(s.summary), "{text}");
    }
    for w in ["light", "heavy", "ramp"] {
        assert!(text.contains(w), "{text}");
    }
}

#[test]
fn help_succeeds() {
    let out = doall(&["--help"], &[]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("run"));
}
