//! The types of `results.json`, field by field: what one benchmark run
//! measured and on which machine. Serde writes them in the order declared
//! here; every field added after version 1 has a default, so that older
//! files read (see `load` for the versions).

use serde::{Deserialize, Serialize};

use crate::{OverheadSize, ThreadsUsed};

/// Everything one benchmark run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunResults {
    /// [`SCHEMA_VERSION`](crate::SCHEMA_VERSION) when written.
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
    /// Where the thread counts came from: `available_parallelism`, or
    /// `env (DOALL_BENCH_THREADS)` when that variable listed them.
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

fn one_round() -> usize {
    1
}

impl Machine {
    /// The memory-bandwidth ceiling measured at `threads` threads, if the
    /// run measured one there.
    pub fn ceiling_at(&self, threads: usize) -> Option<&BandwidthPoint> {
        self.bandwidth.iter().find(|b| b.threads == threads)
    }
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
}
