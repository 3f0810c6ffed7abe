//! Bad command lines: every bad value is a one-line error that names it,
//! never a panic or an abort; the odd but valid ones work. (tests/cli.rs
//! covers the first bad values of the command line; this file adds the
//! rest and checks that none panics.)

mod support;

use std::process::Output;

use support::{doall, past_usize};

use doall_registry::STRATEGIES;

// ------------------------------------------------------------ command line --

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Exited by itself (not killed by a signal such as SIGABRT) and printed no
/// panic message.
fn assert_no_crash(out: &Output, context: &str) {
    let err = text(&out.stderr);
    assert!(
        out.status.code().is_some(),
        "{context}: killed by a signal ({:?}): {err}",
        out.status
    );
    assert!(!err.contains("panicked"), "{context}: {err}");
}

/// A command line's arguments.
type Args = Vec<&'static str>;
/// Variables set on the child process only.
type Env = Vec<(&'static str, &'static str)>;

/// The arguments of a small run, with `extra` appended.
fn run_args(strategy: &'static str, extra: &[&'static str]) -> Vec<&'static str> {
    let base = ["run", "-s", strategy, "-w", "light", "-l", "10", "-r", "1"];
    base.iter().chain(extra).copied().collect()
}

#[test]
fn bad_command_lines_are_one_line_errors_naming_the_value_never_panics() {
    let past = Box::leak(past_usize().into_boxed_str());
    let max = Box::leak(usize::MAX.to_string().into_boxed_str());
    let too_many = Box::leak(
        (doall_std_mpsc::MAX_THREADS + 1)
            .to_string()
            .into_boxed_str(),
    );
    let huge = "100008"; // what aborted the process before the limit
    // (arguments, environment, a piece of the error line)
    let cases: Vec<(Args, Env, &str)> = vec![
        (
            run_args("seq", &[]),
            vec![("DOALL_THREADS", "-3")],
            "\"-3\"",
        ),
        (
            run_args("seq", &[]),
            vec![("DOALL_THREADS", "1e3")],
            "\"1e3\"",
        ),
        (
            run_args("seq", &[]),
            vec![("DOALL_THREADS", "4.0")],
            "\"4.0\"",
        ),
        (run_args("seq", &[]), vec![("DOALL_THREADS", past)], past),
        // A broken variable is reported even when --threads would win.
        (
            run_args("seq", &["-t", "2"]),
            vec![("DOALL_THREADS", "abc")],
            "\"abc\"",
        ),
        (run_args("seq", &["--threads", past]), vec![], past),
        (run_args("seq", &["--threads", "-3"]), vec![], "-3"),
        (run_args("seq", &["--chunks", "x"]), vec![], "'x'"),
        (
            vec![
                "run", "-s", "seq", "-w", "light", "-l", "1", "--repeat", past,
            ],
            vec![],
            past,
        ),
        (
            vec!["run", "-s", "seq", "-w", "light", "--len", "abc"],
            vec![],
            "'abc'",
        ),
        (
            vec!["run", "-s", "seq", "-w", "light", "--len", past],
            vec![],
            past,
        ),
        (
            vec!["run", "-s", "seq", "-w", "light", "--len", max],
            vec![],
            max,
        ),
        (
            vec![
                "run",
                "-s",
                "seq",
                "-w",
                "light",
                "--len",
                "2305843009213693952",
            ],
            vec![],
            "2305843009213693952",
        ),
        (
            vec!["run", "-s", "", "-w", "light", "-l", "1"],
            vec![],
            "\"\"",
        ),
        (run_args("std-mpsc", &["-t", "2", "-c", huge]), vec![], huge),
        (
            run_args("std-mpsc", &["-t", "2", "-c", too_many]),
            vec![],
            too_many,
        ),
        (run_args("crossbeam", &["-t", huge]), vec![], huge),
        (run_args("rayon", &["-t", huge]), vec![], huge),
        (run_args("all", &["-t", huge]), vec![], huge),
        (run_args("all", &[]), vec![("DOALL_THREADS", huge)], huge),
        // Spin budgets that do not parse or would spin past the limit.
        (
            run_args("pool", &["--spin-budget", "fast"]),
            vec![],
            "\"fast\"",
        ),
        (run_args("pool", &["--spin-budget", "2s"]), vec![], "\"2s\""),
        (run_args("pool", &["--spin-budget", ""]), vec![], "\"\""),
        (run_args("all", &["--spin-budget=-1ms"]), vec![], "\"-1ms\""),
    ];
    for (args, env, needle) in cases {
        let context = format!("{args:?} {env:?}");
        let out = doall(&args, &env);
        assert_no_crash(&out, &context);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{context} should fail");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{context}: one line: {err:?}"
        );
        assert!(err.starts_with("doall: "), "{context}: {err:?}");
        assert!(
            err.contains(needle),
            "{context}: {err:?} should name {needle:?}"
        );
    }
}

#[test]
fn odd_but_valid_command_lines_work() {
    // A pool that busy-waits (`Strategy::busy_waits`) takes seconds to start
    // and stop 64 threads on 2 cores: it has 8.
    let names = |busy_waits: bool| -> &'static str {
        let names: Vec<&str> = STRATEGIES
            .iter()
            .filter(|s| s.busy_waits == busy_waits)
            .map(|s| s.name)
            .collect();
        Box::leak(names.join(",").into_boxed_str())
    };
    let (not_busy_waiting, busy_waiting) = (names(false), names(true));
    let threads_256 = [
        "run",
        "-s",
        not_busy_waiting,
        "-w",
        "heavy",
        "-l",
        "1000",
        "-t",
        "256",
        "-r",
        "1",
    ];
    let cases: Vec<(Args, Env)> = vec![
        // Far more threads than the 2 cores of a small machine.
        (threads_256.to_vec(), vec![]),
        // More chunks than elements: empty chunks.
        (run_args("all", &["-t", "3", "-c", "100"]), vec![]),
        (run_args("all", &["-t", "3", "-c", "1000"]), vec![]),
        // The most threads the registry allows.
        (run_args("crossbeam", &["-t", "1024"]), vec![]),
        // An empty vector, and one element on many threads.
        (
            vec!["run", "-s", "all", "-w", "ramp", "-l", "0", "-r", "1"],
            vec![],
        ),
        (
            vec![
                "run",
                "-s",
                not_busy_waiting,
                "-w",
                "ramp",
                "-l",
                "1",
                "-t",
                "64",
                "-r",
                "1",
            ],
            vec![],
        ),
        (
            vec![
                "run",
                "-s",
                busy_waiting,
                "-w",
                "ramp",
                "-l",
                "1",
                "-t",
                "8",
                "-r",
                "1",
            ],
            vec![],
        ),
        // An empty DOALL_THREADS counts as unset.
        (run_args("all", &[]), vec![("DOALL_THREADS", "")]),
        (run_args("all", &[]), vec![("DOALL_THREADS", "007")]),
        // Spin budgets: none (park at once), a fraction, a space, the limit.
        (run_args("pool", &["--spin-budget", "0"]), vec![]),
        (run_args("pool", &["--spin-budget", "1.5ms"]), vec![]),
        (run_args("all", &["--spin-budget", "50 us"]), vec![]),
        (run_args("pool", &["--spin-budget", "1s"]), vec![]),
    ];
    for (args, env) in cases {
        let context = format!("{args:?} {env:?}");
        let out = doall(&args, &env);
        assert_no_crash(&out, &context);
        assert!(out.status.success(), "{context}: {}", text(&out.stderr));
        let table = text(&out.stdout);
        assert!(table.contains("checksum"), "{context}: {table}");
    }
}
