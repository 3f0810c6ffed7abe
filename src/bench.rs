//! What `cargo bench` measures and how, and the harness that does it:
//! `benches/doall.rs` reads its command line and environment
//! ([`args`]) and calls [`harness::run`]; everything else lives here, where
//! it can be tested.
//!
//! - [`args`]: the harness's command line (filters, `--test`, `--list`)
//!   and environment (`DOALL_BENCH`, `DOALL_BENCH_ROUNDS`, …).
//! - [`harness`]: the one entry point: configurations, peers, then the
//!   rounds, a check of each configuration, or their names.
//! - [`filter`]: which configurations the command line's filters select.
//! - [`matrix`]: every configuration (strategies, kernels, bandwidth,
//!   the overhead benchmark, the peers').
//! - [`rounds`]: the interleaved rounds and their progress lines.
//! - [`schedule`]: rounds, their order, samples per visit, time left.
//! - [`visit`]: one visit of a configuration: warm-up, samples, probes.
//! - [`target`]: what a visit starts from and must leave, in this process
//!   or in a peer.
//! - [`peer`]: the peers (Effective Go's `DoAll`, OpenMP's parallel for),
//!   built and driven as subprocesses.
//! - [`record`]: the records of `results.json`, the run's name and its
//!   files.

pub mod args;
pub mod filter;
pub mod harness;
pub mod matrix;
pub mod peer;
pub mod record;
pub mod rounds;
pub mod schedule;
pub mod target;
pub mod visit;

use doall_kernel::{Workload, parse_thread_list};

use crate::Error;

/// The variable that selects the bench mode: `quick`, or `full` (the default).
pub const MODE_VAR: &str = "DOALL_BENCH";
/// The variable that overrides the thread counts, e.g. `1,2,4,8,16`.
pub const BENCH_THREADS_VAR: &str = "DOALL_BENCH_THREADS";
/// What `results.json` records as the thread counts' source when
/// [`BENCH_THREADS_VAR`] set them (else `available_parallelism`).
pub const THREADS_FROM_BENCH_VAR: &str = "env (DOALL_BENCH_THREADS)";
/// The variable that sets how many interleaved rounds measure the matrix.
pub const ROUNDS_VAR: &str = "DOALL_BENCH_ROUNDS";
/// Rounds when [`ROUNDS_VAR`] is unset: enough that a claim which holds in
/// every round is unlikely to be one slow spell of the machine.
pub const DEFAULT_ROUNDS: usize = 3;

/// How much to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenchMode {
    /// A smaller matrix and shorter measurements: the budget is 3 minutes
    /// on 2 cores with the peers.
    Quick,
    /// The whole matrix: the budget is 12 minutes on 2 cores with the
    /// peers and the contenders.
    Full,
}

impl BenchMode {
    /// Reads the mode from the value of [`MODE_VAR`]; unset or empty is `full`.
    pub fn parse(value: Option<&str>) -> Result<BenchMode, Error> {
        match value {
            None | Some("") | Some("full") => Ok(BenchMode::Full),
            Some("quick") => Ok(BenchMode::Quick),
            Some(other) => Err(doall_kernel::Error::BadVar {
                var: MODE_VAR,
                value: other.to_owned(),
                expected: "expected quick or full",
            }
            .into()),
        }
    }

    /// `quick` or `full`.
    pub fn name(self) -> &'static str {
        match self {
            BenchMode::Quick => "quick",
            BenchMode::Full => "full",
        }
    }

    /// The vector lengths to sweep for `workload`, smallest first. They reach
    /// down to lengths where spawning threads loses to `seq`, and for `light`
    /// up to [`BenchMode::memory_len`], well past the last-level cache.
    pub fn lengths(self, workload: Workload, cache_bytes: Option<u64>) -> Vec<usize> {
        let exponents: &[u32] = match (self, workload) {
            (BenchMode::Full, Workload::Light) => &[10, 12, 14, 16, 18, 20, 22],
            (BenchMode::Full, _) => &[8, 10, 12, 14, 16, 18, 20],
            (BenchMode::Quick, Workload::Light) => &[12, 16, 20],
            (BenchMode::Quick, _) => &[10, 14, 18],
        };
        let mut lengths: Vec<usize> = exponents.iter().map(|&e| 1usize << e).collect();
        if workload == Workload::Light {
            lengths.push(self.memory_len(cache_bytes));
        }
        lengths
    }

    /// The length of `light`'s largest vector, of its kernel benchmark and of
    /// the bandwidth-ceiling array, so that all three meet the same memory:
    /// a power of two of at least 2^24 elements (128 MiB; quick: 2^23) and
    /// at least twice the last-level cache (quick: once), at most 2^29
    /// elements (4 GiB).
    ///
    /// Twice is enough: a vector streamed through a cache half its size
    /// leaves nothing there that the next pass reads before it is evicted.
    /// More would add little but time: at this length each call moves
    /// gigabytes, and each visit copies and checks the vector too, so on a
    /// machine with a large cache these configurations are most of a run.
    pub fn memory_len(self, cache_bytes: Option<u64>) -> usize {
        let (floor, factor) = match self {
            BenchMode::Full => (1usize << 24, 2),
            BenchMode::Quick => (1usize << 23, 1),
        };
        let from_cache = cache_bytes.unwrap_or(0).saturating_mul(factor) / 8;
        usize::try_from(from_cache)
            .unwrap_or(usize::MAX)
            .max(floor)
            .checked_next_power_of_two()
            .unwrap_or(usize::MAX)
            .min(1 << 29)
    }

    /// The length of the single-thread kernel benchmark (plain vs fast).
    pub fn kernel_len(self, workload: Workload, cache_bytes: Option<u64>) -> usize {
        match (self, workload) {
            (_, Workload::Light) => self.memory_len(cache_bytes),
            (BenchMode::Full, _) => 1 << 20,
            (BenchMode::Quick, _) => 1 << 18,
        }
    }

    /// How long each visit of a configuration warms up and samples.
    ///
    /// Every configuration is visited once per round, so a visit gets a
    /// fraction of what one block per configuration would: full 0.03 s of
    /// warm-up and 0.25 s of samples (10 of 25 ms each), quick 0.01 s and
    /// 0.06 s (6 of 10 ms). A call longer than a sample is one sample on
    /// its own, and such a visit takes at least 3 (quick: 2): a call of tens
    /// of milliseconds already averages over the scheduler's hiccups, and
    /// its fastest of 3 per round holds within a few percent, while each
    /// more sample at the largest `light` length costs a call, a copy and a
    /// check of gigabytes: on a machine with a large cache these visits are
    /// most of a run. This keeps a run of the whole matrix (about 500
    /// configurations with the peers and the contenders on 2 threads, the
    /// idle gaps' calls taking their gaps too) within its budget.
    pub fn sampling(self) -> schedule::Sampling {
        match self {
            BenchMode::Quick => schedule::Sampling {
                warm_up_s: 0.01,
                measurement_s: 0.06,
                samples: 6,
                min_samples: 2,
            },
            BenchMode::Full => schedule::Sampling {
                warm_up_s: 0.03,
                measurement_s: 0.25,
                samples: 10,
                min_samples: 3,
            },
        }
    }
}

/// Reads the round count from the value of [`ROUNDS_VAR`]: unset or empty
/// is [`DEFAULT_ROUNDS`], anything else must be a positive integer (ASCII
/// digits only, as for every count in doall: docs/SPEC.md §5).
///
/// ```
/// use doall::bench::parse_rounds;
/// assert_eq!(parse_rounds(None)?, 3);
/// assert_eq!(parse_rounds(Some("5"))?, 5);
/// assert!(parse_rounds(Some("0")).is_err());
/// # Ok::<(), doall::Error>(())
/// ```
pub fn parse_rounds(value: Option<&str>) -> Result<usize, Error> {
    match value {
        None | Some("") => Ok(DEFAULT_ROUNDS),
        Some(value) => {
            let expected = "expected a positive integer such as 3 (digits only)";
            Ok(doall_kernel::parse_positive(ROUNDS_VAR, value, expected)?.get())
        }
    }
}

/// The thread counts to sweep: the list in [`BENCH_THREADS_VAR`] if set (counts
/// past the core count are allowed: oversubscription is worth seeing), else
/// 1, 2, 4, … up to `available`, plus `available` itself.
///
/// ```
/// use doall::bench::thread_counts;
/// assert_eq!(thread_counts(None, 6).unwrap(), [1, 2, 4, 6]);
/// assert_eq!(thread_counts(Some("1,32"), 6).unwrap(), [1, 32]);
/// ```
pub fn thread_counts(env_value: Option<&str>, available: usize) -> Result<Vec<usize>, Error> {
    let mut counts = match env_value {
        Some(list) if !list.is_empty() => parse_thread_list(BENCH_THREADS_VAR, list)?
            .into_iter()
            .map(|t| t.get())
            .collect(),
        _ => {
            let available = available.max(1);
            let mut counts: Vec<usize> = std::iter::successors(Some(1usize), |t| t.checked_mul(2))
                .take_while(|&t| t <= available)
                .collect();
            counts.push(available);
            counts
        }
    };
    counts.sort_unstable();
    counts.dedup();
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(BenchMode::parse(None).ok(), Some(BenchMode::Full));
        assert_eq!(BenchMode::parse(Some("")).ok(), Some(BenchMode::Full));
        assert_eq!(BenchMode::parse(Some("quick")).ok(), Some(BenchMode::Quick));
        let err = BenchMode::parse(Some("fast")).expect_err("unknown mode");
        assert!(err.to_string().contains("DOALL_BENCH=\"fast\""), "{err}");
    }

    #[test]
    fn rounds_are_positive_integers() {
        let rounds = |v| parse_rounds(v).ok();
        assert_eq!(rounds(None), Some(DEFAULT_ROUNDS));
        assert_eq!(rounds(Some("")), Some(DEFAULT_ROUNDS));
        assert_eq!(rounds(Some("1")), Some(1));
        assert_eq!(rounds(Some("007")), Some(7));
        for bad in [
            "0",
            "00",
            "-1",
            "+3",
            " 3",
            "3 ",
            "3.0",
            "three",
            "99999999999999999999999",
        ] {
            let err = parse_rounds(Some(bad)).expect_err(bad);
            let message = err.to_string();
            assert!(
                message.contains(&format!("DOALL_BENCH_ROUNDS={bad:?}")),
                "{message}"
            );
            assert!(!message.contains('\n'), "one line: {message}");
        }
    }

    #[test]
    fn a_visit_samples_long_enough_and_often_enough() {
        for mode in [BenchMode::Quick, BenchMode::Full] {
            let s = mode.sampling();
            assert!(s.min_samples >= 2 && s.samples >= s.min_samples);
            assert!(
                s.measurement_s / s.samples as f64 >= 1e-3,
                "samples of 1 ms or more"
            );
        }
    }

    #[test]
    fn default_thread_counts_are_powers_of_two_then_the_core_count() {
        assert_eq!(thread_counts(None, 1).ok(), Some(vec![1]));
        assert_eq!(thread_counts(None, 2).ok(), Some(vec![1, 2]));
        assert_eq!(thread_counts(None, 12).ok(), Some(vec![1, 2, 4, 8, 12]));
        assert_eq!(thread_counts(None, 256).ok().map(|c| c.len()), Some(9));
        assert_eq!(thread_counts(Some(""), 4).ok(), Some(vec![1, 2, 4]));
    }

    #[test]
    fn thread_count_overrides() {
        assert_eq!(
            thread_counts(Some("16,1,4,4"), 2).ok(),
            Some(vec![1, 4, 16])
        );
        for bad in ["1,,2", "0", "x", "-1"] {
            let err = thread_counts(Some(bad), 2).expect_err(bad);
            assert!(err.to_string().contains("DOALL_BENCH_THREADS"), "{err}");
        }
    }

    #[test]
    fn lengths_reach_both_ends() {
        for mode in [BenchMode::Quick, BenchMode::Full] {
            for workload in Workload::ALL {
                let lengths = mode.lengths(workload, Some(32 << 20));
                assert!(lengths.windows(2).all(|w| w[0] < w[1]));
                assert!(lengths[0] <= 4096, "small enough that threads lose");
            }
            let light = mode.lengths(Workload::Light, Some(32 << 20));
            assert_eq!(light.last().copied(), Some(mode.memory_len(Some(32 << 20))));
            assert_eq!(
                mode.kernel_len(Workload::Light, None),
                mode.memory_len(None)
            );
        }
    }

    #[test]
    fn memory_length_follows_the_cache() {
        // 32 MiB of cache: 2 x 32 MiB = 64 MiB, under the 2^24 floor.
        assert_eq!(BenchMode::Full.memory_len(Some(32 << 20)), 1 << 24);
        assert_eq!(BenchMode::Full.memory_len(None), 1 << 24);
        // 480 MiB of cache: 960 MiB, rounded up to 1 GiB = 2^27 elements.
        assert_eq!(BenchMode::Full.memory_len(Some(480 << 20)), 1 << 27);
        assert_eq!(BenchMode::Quick.memory_len(Some(480 << 20)), 1 << 26);
        assert_eq!(BenchMode::Quick.memory_len(Some(32 << 20)), 1 << 23);
        assert_eq!(BenchMode::Full.memory_len(Some(u64::MAX)), 1 << 29);
    }
}
