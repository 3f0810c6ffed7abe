//! The command line of the benchmark binary, as `cargo bench -- …` and
//! `cargo test --benches` pass it, and the environment variables it reads
//! ([`BenchEnv`]).
//!
//! It speaks the part of criterion's and libtest's language that means
//! something here: a filter (a regular expression matched against each
//! benchmark's name), `--exact`, `--list`, `--test`, `--ignored`. Cargo adds
//! `--bench` when it benchmarks; without it (`cargo test --benches`) every
//! benchmark runs once, as a test. Options that only steer criterion's own
//! files (`--noplot`, `--save-baseline`, …) have nothing to act on: the
//! harness times every call itself and writes `results.json`, so they are
//! errors rather than silently ignored, except the few that cargo or habit
//! passes on every run.

use std::path::PathBuf;

use super::{
    BENCH_THREADS_VAR, BenchMode, MODE_VAR, ROUNDS_VAR, THREADS_FROM_BENCH_VAR, parse_rounds,
    peer::PeerKind, thread_counts,
};
use crate::Error;

/// What the benchmark binary was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Measure in rounds and write a report (`cargo bench`).
    Bench,
    /// Run each benchmark once and check its answer, measuring nothing
    /// (`cargo test --benches`, `cargo bench -- --test`).
    Test,
    /// Print the benchmarks' names (`--list`).
    List,
    /// Print the usage (`--help`).
    Help,
}

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchArgs {
    /// What to do.
    pub action: Action,
    /// Benchmarks whose name matches any of these run; none means all.
    pub filters: Vec<String>,
    /// The filters must match the whole name, literally.
    pub exact: bool,
    /// `--ignored`: there are no ignored benchmarks, so nothing runs.
    pub ignored: bool,
    /// `--quiet`: no line per benchmark, only the start and the end.
    pub quiet: bool,
}

/// The usage, for `--help`.
pub const USAGE: &str = "\
usage: cargo bench --bench doall -- [FILTER...] [--exact] [--list] [--test] [--quiet]

  FILTER     run only the benchmarks whose name matches this regular
             expression (any of several), e.g. heavy, 'rayon|crossbeam',
             '^light/seq/'; names look like heavy/rayon/t=2/c=2/4096,
             kernel/fast/ramp/1048576, bandwidth/rmw/t=2/16777216
  --exact    FILTER must equal the whole name
  --list     print the names of the benchmarks and stop
  --test     run each benchmark once and check its answer (what
             `cargo test --benches` does), measuring nothing
  --quiet    no line per benchmark

environment: DOALL_BENCH=quick|full, DOALL_BENCH_THREADS=1,2,4,
DOALL_BENCH_ROUNDS=3, DOALL_REPORTS_DIR=reports, DOALL_RUN_LABEL=label";

/// Options that libtest, cargo or habit pass and that change nothing here.
const HARMLESS: [&str; 5] = [
    "--nocapture",
    "--show-output",
    "--include-ignored",
    "--noplot",
    "-n",
];

/// Options that take a value which changes nothing here.
const HARMLESS_WITH_VALUE: [&str; 2] = ["--color", "--format"];

impl BenchArgs {
    /// Parses the arguments after the program name.
    ///
    /// ```
    /// use doall::bench::args::{Action, BenchArgs};
    /// let args = BenchArgs::parse(["--bench", "heavy"])?;
    /// assert_eq!((args.action, args.filters), (Action::Bench, vec!["heavy".to_owned()]));
    /// // Without --bench, cargo is running the benchmarks as tests.
    /// assert_eq!(BenchArgs::parse(Vec::<String>::new())?.action, Action::Test);
    /// assert!(BenchArgs::parse(["--bench", "--baseline", "x"]).is_err());
    /// # Ok::<(), String>(())
    /// ```
    pub fn parse<I, S>(args: I) -> Result<BenchArgs, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut parsed = BenchArgs {
            action: Action::Test,
            filters: Vec::new(),
            exact: false,
            ignored: false,
            quiet: false,
        };
        let (mut bench, mut test, mut list, mut help) = (false, false, false, false);
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let arg = arg.as_ref();
            let name = arg.split_once('=').map_or(arg, |(name, _)| name);
            match arg {
                "--bench" => bench = true,
                "--test" => test = true,
                "--list" => list = true,
                "--exact" => parsed.exact = true,
                "--ignored" => parsed.ignored = true,
                "-q" | "--quiet" => parsed.quiet = true,
                "-h" | "--help" => help = true,
                _ if HARMLESS.contains(&arg) => {}
                _ if HARMLESS_WITH_VALUE.contains(&name) => {
                    if name == arg && args.next().is_none() {
                        return Err(format!("option {arg} needs a value"));
                    }
                }
                _ if arg.starts_with('-') && arg != "-" => {
                    return Err(format!(
                        "unknown option {arg:?}: expected a filter, --exact, --list, --test or --quiet (see --help)"
                    ));
                }
                filter => parsed.filters.push(filter.to_owned()),
            }
        }
        parsed.action = if help {
            Action::Help
        } else if list {
            Action::List
        } else if bench && !test {
            Action::Bench
        } else {
            Action::Test
        };
        Ok(parsed)
    }
}

/// The variable that names the directory of the reports (default
/// `reports/` in the workspace).
pub const REPORTS_DIR_VAR: &str = "DOALL_REPORTS_DIR";
/// The variable whose value ends the run's name, to tell runs apart (say
/// `cores4`, from scripts/bench-cores.sh).
pub const RUN_LABEL_VAR: &str = "DOALL_RUN_LABEL";

/// The benchmark's environment, read once at the start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchEnv {
    /// How much to measure ([`MODE_VAR`]).
    pub mode: BenchMode,
    /// How many interleaved rounds ([`ROUNDS_VAR`]).
    pub rounds: usize,
    /// The thread counts to sweep ([`BENCH_THREADS_VAR`], or the cores').
    pub threads: Vec<usize>,
    /// Where the thread counts came from, as results record it.
    pub thread_source: &'static str,
    /// The peers left out even if their toolchain is installed
    /// ([`PeerKind::off_var`] set to `off`).
    pub peers_off: Vec<PeerKind>,
    /// Where reports go ([`REPORTS_DIR_VAR`]).
    pub reports_dir: PathBuf,
    /// The raw value of [`RUN_LABEL_VAR`], if set.
    pub run_label: Option<String>,
    /// Where cargo builds (`CARGO_TARGET_DIR`, or `target/` in the
    /// workspace): the peers' binaries go there.
    pub target_dir: PathBuf,
}

impl BenchEnv {
    /// Reads this process's environment; the default thread counts go up
    /// to the threads available to it.
    pub fn from_env() -> Result<BenchEnv, Error> {
        BenchEnv::from_vars(
            |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()),
            doall_kernel::available_threads().get(),
        )
    }

    /// Reads the environment through `var`, which returns a variable's
    /// value (`None` when unset), with `available` threads. A bad value is
    /// an error naming it, in one line.
    ///
    /// ```
    /// use doall::bench::{BenchMode, args::BenchEnv};
    /// let env = BenchEnv::from_vars(|name| (name == "DOALL_BENCH").then(|| "quick".to_owned()), 4)?;
    /// assert_eq!((env.mode, env.rounds, env.threads), (BenchMode::Quick, 3, vec![1, 2, 4]));
    /// assert!(BenchEnv::from_vars(|_| Some("fast".to_owned()), 4).is_err());
    /// # Ok::<(), doall::Error>(())
    /// ```
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        available: usize,
    ) -> Result<BenchEnv, Error> {
        let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mode = BenchMode::parse(var(MODE_VAR).as_deref())?;
        let rounds = parse_rounds(var(ROUNDS_VAR).as_deref())?;
        let threads_override = var(BENCH_THREADS_VAR).filter(|v| !v.is_empty());
        let threads = thread_counts(threads_override.as_deref(), available)?;
        let thread_source = if threads_override.is_some() {
            THREADS_FROM_BENCH_VAR
        } else {
            "available_parallelism"
        };
        let peers_off = PeerKind::ALL
            .into_iter()
            .filter(|kind| var(kind.off_var()).as_deref() == Some("off"))
            .collect();
        Ok(BenchEnv {
            mode,
            rounds,
            threads,
            thread_source,
            peers_off,
            reports_dir: var(REPORTS_DIR_VAR)
                .map_or_else(|| workspace.join("reports"), PathBuf::from),
            run_label: var(RUN_LABEL_VAR),
            target_dir: var("CARGO_TARGET_DIR")
                .map_or_else(|| workspace.join("target"), PathBuf::from),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<BenchArgs, String> {
        BenchArgs::parse(args)
    }

    #[test]
    fn cargo_bench_benchmarks_and_cargo_test_tests() {
        assert_eq!(parse(&["--bench"]).map(|a| a.action), Ok(Action::Bench));
        assert_eq!(parse(&[]).map(|a| a.action), Ok(Action::Test));
        assert_eq!(
            parse(&["--bench", "--test"]).map(|a| a.action),
            Ok(Action::Test)
        );
        assert_eq!(
            parse(&["--bench", "--list"]).map(|a| a.action),
            Ok(Action::List)
        );
        assert_eq!(
            parse(&["--list", "--format", "terse"]).map(|a| a.action),
            Ok(Action::List)
        );
        assert_eq!(
            parse(&["--bench", "--help"]).map(|a| a.action),
            Ok(Action::Help)
        );
    }

    #[test]
    fn filters_and_flags() {
        let args = parse(&[
            "--bench",
            "heavy",
            "--exact",
            "ramp",
            "--quiet",
            "--color=never",
        ])
        .expect("valid");
        assert_eq!(args.filters, ["heavy", "ramp"]);
        assert!(args.exact && args.quiet && !args.ignored);
        assert!(parse(&["--ignored"]).expect("valid").ignored);
        for harmless in [
            &["--bench", "--noplot"][..],
            &["--nocapture"],
            &["--color", "always"],
            &["--format=pretty", "--include-ignored"],
        ] {
            assert!(parse(harmless).is_ok(), "{harmless:?}");
        }
    }

    #[test]
    fn unknown_options_are_one_line_errors_naming_them() {
        for (bad, named) in [
            (&["--bench", "--save-baseline", "x"][..], "--save-baseline"),
            (&["--profile-time=5"], "--profile-time=5"),
            (&["-x"], "-x"),
            (&["--color"], "--color"),
        ] {
            let err = parse(bad).expect_err("refused");
            assert!(err.contains(named) && !err.contains('\n'), "{err}");
        }
    }

    fn env(vars: &[(&str, &str)]) -> Result<BenchEnv, Error> {
        BenchEnv::from_vars(
            |name| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            },
            2,
        )
    }

    #[test]
    fn an_empty_environment_is_the_full_run_on_every_core() {
        let env = env(&[]).expect("valid");
        assert_eq!(env.mode, BenchMode::Full);
        assert_eq!(env.rounds, super::super::DEFAULT_ROUNDS);
        assert_eq!(env.threads, [1, 2]);
        assert_eq!(env.thread_source, "available_parallelism");
        assert!(env.peers_off.is_empty() && env.run_label.is_none());
        assert!(env.reports_dir.ends_with("reports"));
    }

    #[test]
    fn the_environment_overrides() {
        let env = env(&[
            ("DOALL_BENCH", "quick"),
            ("DOALL_BENCH_ROUNDS", "5"),
            ("DOALL_BENCH_THREADS", "4,1"),
            ("DOALL_BENCH_GO", "off"),
            ("DOALL_BENCH_OPENMP", "on"),
            ("DOALL_REPORTS_DIR", "/tmp/r"),
            ("DOALL_RUN_LABEL", "cores4"),
        ])
        .expect("valid");
        assert_eq!((env.mode, env.rounds), (BenchMode::Quick, 5));
        assert_eq!(env.threads, [1, 4]);
        assert_eq!(env.thread_source, "env (DOALL_BENCH_THREADS)");
        assert_eq!(env.peers_off, [PeerKind::Go]);
        assert_eq!(env.reports_dir, PathBuf::from("/tmp/r"));
        assert_eq!(env.run_label.as_deref(), Some("cores4"));
        // An empty thread list is no override.
        let env = self::env(&[("DOALL_BENCH_THREADS", "")]).expect("valid");
        assert_eq!(env.thread_source, "available_parallelism");
    }

    #[test]
    fn a_bad_variable_is_a_one_line_error_naming_it() {
        for (name, bad) in [
            ("DOALL_BENCH", "fast"),
            ("DOALL_BENCH_ROUNDS", "0"),
            ("DOALL_BENCH_THREADS", "0"),
        ] {
            let err = env(&[(name, bad)]).expect_err(bad).to_string();
            assert!(err.contains(name) && !err.contains('\n'), "{err}");
        }
    }
}
