//! What a benchmark run records: `reports/runs/<UTC time>-<host>/results.json`.
//!
//! The bench harness writes it; `doall report` and the HTML report read it.
//! The harness times every sample itself and keeps each round's samples
//! apart, so nothing here depends on another tool's private file formats.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, files::write_atomic};

/// The version of this format, written by this doall.
pub const SCHEMA_VERSION: u32 = 5;

/// The versions this doall reads. Version 1 had no rounds, no duration and
/// no strategy list: its files read with one round each and the strategies
/// in the order their records appear. Version 2 had no threads used, no
/// per-call overhead and no spin budget: its files read without them.
/// Version 3 had no peers (Go) and so no baseline but `seq`: its strategies
/// read as Rust ones measured against `seq`. Version 4 had no contenders:
/// its strategies read as ours.
pub const READABLE_VERSIONS: [u32; 5] = [1, 2, 3, 4, 5];

/// Everything one benchmark run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunResults {
    /// [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// The machine and the run's settings.
    pub machine: Machine,
    /// The strategies the run knew, in registry order (`seq` first): the
    /// order and colours of the report.
    #[serde(default)]
    pub strategies: Vec<StrategyInfo>,
    /// One record per strategy measurement.
    pub records: Vec<Record>,
    /// The single-thread kernel micro-benchmark: plain loop vs fast kernel.
    #[serde(default)]
    pub kernel: Vec<KernelRecord>,
    /// The per-call overhead benchmark: tiny calls, back to back or after an
    /// idle gap (`seq`'s records are the baseline).
    #[serde(default)]
    pub overhead: Vec<OverheadRecord>,
}

/// The machine a run was measured on, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// Host name.
    pub host: String,
    /// When the run started, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub started_utc: String,
    /// How long the run took, in seconds (0 if not recorded).
    #[serde(default)]
    pub duration_s: f64,
    /// How many interleaved rounds measured every configuration (1 before
    /// rounds existed).
    #[serde(default = "one_round")]
    pub rounds: usize,
    /// CPU model name, as the OS reports it.
    pub cpu_model: String,
    /// Logical cores the OS has online.
    pub logical_cores: usize,
    /// `std::thread::available_parallelism()` for this process (follows
    /// `taskset` and cgroup quotas).
    pub available_parallelism: usize,
    /// Where the default thread count came from: `explicit`, `env` or
    /// `available_parallelism`.
    pub thread_source: String,
    /// Operating system and architecture.
    pub os: String,
    /// `rustc --version`, if it could be run.
    pub rustc: Option<String>,
    /// The project's git commit, if known.
    pub git_commit: Option<String>,
    /// `quick` or `full`.
    pub bench_mode: String,
    /// The memory-bandwidth ceiling at each thread count.
    pub bandwidth: Vec<BandwidthPoint>,
    /// How long the `pool` strategy's idle threads spun before parking, in
    /// seconds (absent before version 3).
    #[serde(default)]
    pub spin_budget_s: Option<f64>,
}

/// The schema version `value` declares, if this doall reads it; else why not.
fn schema_version(value: &serde_json::Value) -> Result<u32, String> {
    let readable: Vec<String> = READABLE_VERSIONS.iter().map(u32::to_string).collect();
    let readable = readable.join(", ");
    let field = value
        .get("schema_version")
        .ok_or_else(|| "no schema_version field: this is not a doall results file".to_owned())?;
    let version = field
        .as_u64()
        .ok_or_else(|| format!("schema_version is {field}, not a whole number"))?;
    READABLE_VERSIONS
        .into_iter()
        .find(|&known| u64::from(known) == version)
        .ok_or_else(|| {
            format!(
                "schema version {version} is not one this doall reads (it reads {readable}); \
                 regenerate it with this version's `cargo bench` or use a newer doall"
            )
        })
}

fn one_round() -> usize {
    1
}

/// One strategy as the registry described it when the run was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyInfo {
    /// The name used on the command line and in records.
    pub name: String,
    /// One line on what it is.
    pub summary: String,
    /// How many OS threads a call uses, in words (e.g. `one per chunk`).
    pub threads_rule: String,
    /// What its speedup and overhead are measured against: `seq` for a
    /// Rust strategy; a peer's own sequential loop (`go-seq` for `go`), since
    /// another language's kernel runs at another speed. A baseline names
    /// itself.
    #[serde(default = "seq_name")]
    pub baseline: String,
    /// For a peer program run beside the Rust strategies, its language and
    /// version (`go1.19.8 linux/amd64`); `None` for a Rust strategy.
    #[serde(default)]
    pub peer: Option<String>,
    /// For a contender (a fork-join library measured against ours on the
    /// same kernel), the crate and its pinned version (`chili 0.2.1`);
    /// `None` for ours and for a peer.
    #[serde(default)]
    pub contender: Option<String>,
}

fn seq_name() -> String {
    "seq".to_owned()
}

impl StrategyInfo {
    /// Whether this is a baseline: its own speedup is 1 by definition.
    pub fn is_baseline(&self) -> bool {
        self.baseline == self.name
    }

    /// Whether this is a contender: another library's fork-join, not ours.
    pub fn is_contender(&self) -> bool {
        self.contender.is_some()
    }
}

/// The best in-place read-modify-write bandwidth at one thread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandwidthPoint {
    /// Threads used.
    pub threads: usize,
    /// Bytes moved per second (read plus write), in GB/s (10^9 bytes): the
    /// best of all rounds.
    pub gb_per_s: f64,
    /// The best of each round, in round order.
    #[serde(default)]
    pub round_gb_per_s: Vec<f64>,
}

/// Timing statistics of one benchmark, in seconds per call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// Median over samples.
    pub median_s: f64,
    /// Lower bound of the 95% confidence interval of the median.
    pub lower_s: f64,
    /// Upper bound of the 95% confidence interval of the median.
    pub upper_s: f64,
    /// Fastest sample: the statistic that holds still on a noisy machine.
    pub min_s: f64,
    /// Number of samples.
    pub samples: usize,
    /// The fastest sample of each round, in round order: a claim that one
    /// configuration beats another must hold in every round.
    #[serde(default)]
    pub round_min_s: Vec<f64>,
}

/// One strategy measured at one point of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Strategy name from the registry.
    pub strategy: String,
    /// Workload name.
    pub workload: String,
    /// Vector length.
    pub len: usize,
    /// Threads (1 for `seq`).
    pub threads: usize,
    /// Chunks (1 for `seq`).
    pub chunks: usize,
    /// Seconds per call.
    #[serde(flatten)]
    pub timing: Timing,
    /// The threads that really ran chunks, from untimed probed calls made
    /// right after the timed ones (absent before version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads_used: Option<ThreadsUsed>,
}

/// How many distinct OS threads ran at least one chunk per call, over the
/// probed calls of one configuration (all rounds together).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadsUsed {
    /// The mean over the probed calls: 1.0 means the work never forked.
    pub mean: f64,
    /// The share of probed calls (0 to 1) that ran on every thread the
    /// strategy had for the call.
    pub all_share: f64,
    /// How many calls were probed.
    pub calls: usize,
}

impl ThreadsUsed {
    /// The summary of `counts` (threads that ran a chunk, one per call) for
    /// a call that had `threads` threads; `None` without counts.
    ///
    /// ```
    /// use doall_report::results::ThreadsUsed;
    /// let used = ThreadsUsed::from_counts(&[2, 1, 2, 2], 2).unwrap();
    /// assert_eq!((used.mean, used.all_share, used.calls), (1.75, 0.75, 4));
    /// assert!(ThreadsUsed::from_counts(&[], 2).is_none());
    /// ```
    pub fn from_counts(counts: &[usize], threads: usize) -> Option<ThreadsUsed> {
        if counts.is_empty() {
            return None;
        }
        let calls = counts.len();
        let total: usize = counts.iter().sum();
        let on_all = counts.iter().filter(|&&c| c >= threads).count();
        Some(ThreadsUsed {
            mean: total as f64 / calls as f64,
            all_share: on_all as f64 / calls as f64,
            calls,
        })
    }
}

/// What one call of the overhead benchmark holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OverheadSize {
    /// One element per chunk: almost nothing but the fork and the join.
    OnePerChunk,
    /// 64 elements, however many chunks.
    Elements64,
    /// A fixed amount of work per chunk ([`OVERHEAD_CHUNK_LEN`] elements of
    /// `heavy`), so the work grows with the threads as in EPCC's syncbench.
    FixedPerChunk,
}

/// The elements per chunk of [`OverheadSize::FixedPerChunk`].
pub const OVERHEAD_CHUNK_LEN: usize = 256;

impl OverheadSize {
    /// Every size, in report order.
    pub const ALL: [OverheadSize; 3] = [
        OverheadSize::OnePerChunk,
        OverheadSize::Elements64,
        OverheadSize::FixedPerChunk,
    ];

    /// The vector length for `chunks` chunks (saturating: a count that
    /// overflows is one no strategy accepts anyway).
    ///
    /// ```
    /// use doall_report::results::OverheadSize;
    /// assert_eq!(OverheadSize::OnePerChunk.len(4), 4);
    /// assert_eq!(OverheadSize::Elements64.len(4), 64);
    /// assert_eq!(OverheadSize::FixedPerChunk.len(4), 1024);
    /// ```
    pub fn len(self, chunks: usize) -> usize {
        match self {
            OverheadSize::OnePerChunk => chunks,
            OverheadSize::Elements64 => 64,
            OverheadSize::FixedPerChunk => OVERHEAD_CHUNK_LEN.saturating_mul(chunks),
        }
    }

    /// The length of `seq`'s reference call for a call of `len` elements:
    /// the same vector for the tiny sizes, whose work is next to nothing;
    /// one chunk for [`OverheadSize::FixedPerChunk`], as in EPCC's
    /// syncbench: a perfect fork-join of T chunks of equal work takes one
    /// chunk's time, so whatever the call takes beyond that is overhead.
    ///
    /// ```
    /// use doall_report::results::OverheadSize;
    /// assert_eq!(OverheadSize::Elements64.baseline_len(64), 64);
    /// assert_eq!(OverheadSize::FixedPerChunk.baseline_len(1024), 256);
    /// ```
    pub fn baseline_len(self, len: usize) -> usize {
        match self {
            OverheadSize::FixedPerChunk => OVERHEAD_CHUNK_LEN,
            OverheadSize::OnePerChunk | OverheadSize::Elements64 => len,
        }
    }

    /// The name in results and benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            OverheadSize::OnePerChunk => "one-per-chunk",
            OverheadSize::Elements64 => "elements-64",
            OverheadSize::FixedPerChunk => "fixed-per-chunk",
        }
    }

    /// In words, for the report.
    pub fn describe(self) -> &'static str {
        match self {
            OverheadSize::OnePerChunk => "one element per chunk",
            OverheadSize::Elements64 => "64 elements",
            OverheadSize::FixedPerChunk => "256 elements of heavy per chunk",
        }
    }
}

/// One strategy's per-call cost on a tiny `heavy` call (the EPCC syncbench
/// method): its overhead is this time minus `seq`'s record of the same size
/// and idle gap at [`OverheadSize::baseline_len`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverheadRecord {
    /// Strategy name (`seq` for the baseline).
    pub strategy: String,
    /// What a call holds.
    pub size: OverheadSize,
    /// Vector length.
    pub len: usize,
    /// OS threads of the call (1 for `seq`).
    pub threads: usize,
    /// Chunks (1 for `seq`).
    pub chunks: usize,
    /// How long the caller worked on something else (busy, on its own core)
    /// between two calls, in seconds: 0 for back-to-back calls.
    pub idle_gap_s: f64,
    /// Seconds per call (the gap not included).
    #[serde(flatten)]
    pub timing: Timing,
    /// The threads that really ran chunks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads_used: Option<ThreadsUsed>,
}

/// One kernel (plain loop or fast) on one thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KernelRecord {
    /// `plain` or `fast`.
    pub kernel: String,
    /// Workload name.
    pub workload: String,
    /// Vector length.
    pub len: usize,
    /// Seconds per call.
    #[serde(flatten)]
    pub timing: Timing,
}

impl RunResults {
    /// Reads and checks `path`; every error names the file and what is wrong.
    pub fn load(path: &Path) -> Result<RunResults, Error> {
        let bad = |reason: String| Error::BadResults {
            path: path.to_path_buf(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        if text.trim().is_empty() {
            return Err(bad("the file is empty".to_owned()));
        }
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("not valid JSON: {e}")))?;
        // The version is checked before the strict parse: a file from a newer
        // doall has fields this one does not know, and must be refused by
        // its version rather than by the first unknown field.
        let version = schema_version(&value).map_err(bad)?;
        let results: RunResults = serde_json::from_value(value).map_err(|e| {
            bad(format!(
                "does not match schema version {version} as this doall reads it: {e}"
            ))
        })?;
        results.check().map_err(bad)?;
        Ok(results)
    }

    /// Every strategy name of the run in report order: the registry's list
    /// first, then names only the records hold, in the order they first
    /// appear (a version 1 file has no list).
    pub fn strategy_order(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.strategies.iter().map(|s| s.name.as_str()).collect();
        for record in &self.records {
            if !names.contains(&record.strategy.as_str()) {
                names.push(&record.strategy);
            }
        }
        names
    }

    /// The strategy `name` is measured against: its recorded baseline, or
    /// `seq` for a name the run's strategy list lacks (a version 1 file).
    pub fn baseline_of(&self, name: &str) -> &str {
        self.strategies
            .iter()
            .find(|s| s.name == name)
            .map_or("seq", |s| s.baseline.as_str())
    }

    /// The peer language of `name` (`Some` for `go` and `go-seq`), or
    /// `None` for a Rust strategy.
    pub fn peer_of(&self, name: &str) -> Option<&str> {
        self.strategies
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.peer.as_deref())
    }

    /// Writes `path` atomically, pretty-printed.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let json = serde_json::to_string_pretty(self).map_err(|e| Error::BadResults {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        write_atomic(path, json.as_bytes())
    }

    /// The checks that serde's types cannot express.
    fn check(&self) -> Result<(), String> {
        let timings = self
            .records
            .iter()
            .map(|r| {
                (
                    format!(
                        "{} {} len {} threads {}",
                        r.strategy, r.workload, r.len, r.threads
                    ),
                    &r.timing,
                    r.threads,
                )
            })
            .chain(
                self.kernel
                    .iter()
                    .map(|k| (format!("kernel {} {}", k.kernel, k.workload), &k.timing, 1)),
            )
            .chain(self.overhead.iter().map(|o| {
                (
                    format!(
                        "overhead {} {} threads {} gap {} s",
                        o.strategy,
                        o.size.name(),
                        o.threads,
                        o.idle_gap_s
                    ),
                    &o.timing,
                    o.threads,
                )
            }));
        for (what, t, threads) in timings {
            let times = [t.median_s, t.lower_s, t.upper_s, t.min_s];
            if times.iter().any(|s| !s.is_finite() || *s <= 0.0) {
                return Err(format!("record {what}: times must be positive numbers"));
            }
            if threads == 0 {
                return Err(format!("record {what}: threads must be at least 1"));
            }
            // The report divides by these and draws intervals around medians.
            if !(t.lower_s <= t.median_s && t.median_s <= t.upper_s) {
                return Err(format!(
                    "record {what}: the median must lie between lower_s and upper_s"
                ));
            }
            if t.min_s > t.median_s {
                return Err(format!("record {what}: min_s must not exceed median_s"));
            }
            if t.round_min_s.iter().any(|s| !s.is_finite() || *s < t.min_s) {
                return Err(format!(
                    "record {what}: every round's fastest sample must be a number no faster than min_s"
                ));
            }
            if t.samples == 0 {
                return Err(format!("record {what}: samples must be at least 1"));
            }
        }
        if let Some(r) = self.records.iter().find(|r| r.chunks == 0) {
            return Err(format!(
                "record {} {} len {} threads {}: chunks must be at least 1",
                r.strategy, r.workload, r.len, r.threads
            ));
        }
        let used = self
            .records
            .iter()
            .map(|r| (&r.strategy, r.threads, r.threads_used))
            .chain(
                self.overhead
                    .iter()
                    .map(|o| (&o.strategy, o.threads, o.threads_used)),
            );
        for (strategy, threads, used) in used {
            if let Some(u) = used
                && !(u.calls > 0
                    && u.mean >= 1.0
                    && u.mean <= threads as f64
                    && (0.0..=1.0).contains(&u.all_share))
            {
                return Err(format!(
                    "{strategy} at {threads} threads: threads_used needs calls > 0, a mean from 1 to the threads and all_share from 0 to 1"
                ));
            }
        }
        if let Some(o) = self
            .overhead
            .iter()
            .find(|o| !o.idle_gap_s.is_finite() || o.idle_gap_s < 0.0 || o.chunks == 0)
        {
            return Err(format!(
                "overhead {} {}: idle_gap_s must be a number from 0 and chunks at least 1",
                o.strategy,
                o.size.name()
            ));
        }
        for b in &self.machine.bandwidth {
            if b.threads == 0 || !b.gb_per_s.is_finite() || b.gb_per_s <= 0.0 {
                return Err(format!(
                    "machine.bandwidth at {} threads: threads must be at least 1 and GB/s a positive number",
                    b.threads
                ));
            }
        }
        Ok(())
    }
}
