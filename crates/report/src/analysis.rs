//! The numbers behind the report, computed from a run's records and nothing
//! else: speedups, efficiencies, crossover lengths, COST and bandwidth (the
//! kernel comparison is its section's own, in `sections::kernel`), and the
//! model that predicts a fork-join call's speedup (`model`). No HTML here, so every formula can be tested by hand.

use doall_kernel::Workload;
use doall_results::{Record, RunResults, ThreadsUsed, Timing};

use crate::rounds::{RoundValues, Verdict, wins_in_every_round};

/// Whether `strategy` is one of ours (seq included): neither a peer in
/// another language nor a contender, another library's fork-join.
pub(crate) fn is_ours(results: &RunResults, strategy: &str) -> bool {
    results.peer_of(strategy).is_none()
        && !results
            .strategies
            .iter()
            .any(|s| s.name == strategy && s.is_contender())
}

/// Rust's baseline: the strategy every Rust strategy is compared with. A
/// peer program (Go) has its own, which the results file names
/// ([`RunResults::baseline_of`]): `Run::baseline_record` is the one place
/// that looks it up. The name stays for what is Rust's by nature: the
/// bandwidth of light and the kernel micro-benchmark.
pub(crate) const BASELINE: &str = "seq";

/// A measurement whose median lies more than this fraction above its fastest
/// sample, or whose median's 95% confidence interval is wider than this
/// fraction of the median, is called noisy: drawn hollow and listed.
pub(crate) const NOISY: f64 = 0.2;

/// One measurement beats another only if it is faster by more than this
/// factor in every round: the fastest sample still moves by a few percent
/// between rounds, so 1.01× is a tie, not a win.
pub(crate) const BEATS: f64 = 1.03;

/// A win whose weakest round is faster by no more than twice the margin of
/// [`BEATS`] (6%) is marginal: held in every round, but by so little that a
/// second run of the same commit may call it a tie. The report words it as
/// "at most a few percent", not as a win. Between two parallel strategies
/// (who is fastest, cheapest, above another's speedup) the report names one
/// ahead only by this margin: closer, they tie, since the order of two
/// strategies a few percent apart changes from run to run.
pub(crate) const CLEAR: f64 = 1.0 + 2.0 * (BEATS - 1.0);

/// A call that ran on fewer than this share of its threads, on average,
/// did not do what its thread count says: its point is drawn as a hollow
/// square and named in the findings. Not 1.0, because a strategy that forks
/// in almost every call (1.9 of 2 threads) has still measured a fork.
pub(crate) const FEW_USED: f64 = 0.9;

/// Whether calls with `threads` threads that ran on `used` threads used
/// well under them; `false` when nothing was probed (an older run).
///
/// Well under means two things: the mean is below [`FEW_USED`] of the
/// threads, and so few calls ran on all of them that chance cannot explain
/// it: the upper 95% bound of that share (a Wilson interval over the probed
/// calls) is below [`FEW_USED`] too. A long call is probed only a few times,
/// and 4 forks in 6 calls in one run are 6 in 6 in the next; 0 in 300 are
/// not.
pub(crate) fn few_threads(used: Option<ThreadsUsed>, threads: usize) -> bool {
    used.is_some_and(|u| {
        u.mean < FEW_USED * threads as f64 && wilson_upper(u.all_share, u.calls) < FEW_USED
    })
}

/// The upper bound of the 95% Wilson score interval of a share `share`
/// observed in `trials` trials: 1.0 when nothing was tried.
fn wilson_upper(share: f64, trials: usize) -> f64 {
    if trials == 0 {
        return 1.0;
    }
    const Z: f64 = 1.96;
    let n = trials as f64;
    let z2 = Z * Z;
    let centre = share + z2 / (2.0 * n);
    let half = Z * (share * (1.0 - share) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre + half) / (1.0 + z2 / n)).min(1.0)
}

/// Bytes one element moves through memory: an 8-byte read and an 8-byte write.
pub(crate) const BYTES_PER_ELEMENT: f64 = 16.0;

/// The width of the confidence interval as a fraction of the median.
pub(crate) fn relative_ci(t: &Timing) -> f64 {
    (t.upper_s - t.lower_s) / t.median_s
}

/// How far the median lies above the fastest sample, as a fraction of it.
pub(crate) fn spread(t: &Timing) -> f64 {
    t.median_s / t.min_s - 1.0
}

/// Whether a measurement is too noisy to trust at a glance.
pub(crate) fn is_noisy(t: &Timing) -> bool {
    relative_ci(t) > NOISY || spread(t) > NOISY
}

/// The time every figure of the report is computed from: the fastest sample
/// (each sample is the mean time of many calls). On a shared machine the
/// median of the same benchmark swings by 30% or more from run to run, while
/// the fastest sample holds within a few percent; the bandwidth ceiling is a
/// fastest sample too, so the two compare like with like.
pub(crate) fn best(t: &Timing) -> f64 {
    t.min_s
}

/// The best speedup static equal chunks can reach on `ramp` with `t` threads
/// (docs/SPEC.md §3): the last chunk holds (2t−1)/t² of the work.
pub(crate) fn static_ceiling(t: usize) -> f64 {
    let t = t as f64;
    t * t / (2.0 * t - 1.0)
}

/// Bandwidth in GB/s (10⁹ bytes per second) of one pass over `len` elements.
pub(crate) fn gb_per_s(len: usize, seconds: f64) -> f64 {
    BYTES_PER_ELEMENT * len as f64 / seconds / 1e9
}

/// A run's records, with the questions the report asks of them.
pub(crate) struct Run<'a> {
    /// The whole results file.
    pub(crate) results: &'a RunResults,
    /// The parallel strategies measured (every name but the baselines), in
    /// the run's strategy order: Rust's first, then a peer's (Go).
    pub(crate) strategies: Vec<String>,
    /// The baselines measured (seq, and go-seq if Go ran), in the same order.
    pub(crate) baselines: Vec<String>,
    /// The workloads measured: light, heavy, ramp first, then others, sorted.
    pub(crate) workloads: Vec<String>,
}

impl<'a> Run<'a> {
    /// Indexes `results`.
    pub(crate) fn new(results: &'a RunResults) -> Run<'a> {
        let measured: Vec<&str> = results
            .strategy_order()
            .into_iter()
            .filter(|s| results.records.iter().any(|r| r.strategy == *s))
            .collect();
        let (baselines, strategies): (Vec<&str>, Vec<&str>) = measured
            .into_iter()
            .partition(|s| results.baseline_of(s) == *s);
        let strategies = strategies.into_iter().map(str::to_owned).collect();
        let baselines = baselines.into_iter().map(str::to_owned).collect();
        let known_workloads = Workload::ALL.iter().map(|w| w.name());
        let workloads = ordered(
            known_workloads,
            results.records.iter().map(|r| r.workload.as_str()),
        );
        Run {
            results,
            strategies,
            baselines,
            workloads,
        }
    }

    /// Whether `strategy` is a baseline (seq, go-seq): its own speedup is 1.
    pub(crate) fn is_baseline(&self, strategy: &str) -> bool {
        self.results.baseline_of(strategy) == strategy
    }

    /// Whether `strategy` is a peer program's (Go's), not a Rust strategy.
    pub(crate) fn is_peer(&self, strategy: &str) -> bool {
        self.results.peer_of(strategy).is_some()
    }

    /// The record `strategy` is compared with at `len`: its baseline's (the
    /// one with the fewest threads, normally 1), or its own for a baseline.
    /// Every speedup, crossover and COST goes through here, so Go is always
    /// measured against Go's own loop, never against Rust's seq.
    pub(crate) fn baseline_record(
        &self,
        strategy: &str,
        workload: &str,
        len: usize,
    ) -> Option<&'a Record> {
        let baseline = self.results.baseline_of(strategy);
        self.results
            .records
            .iter()
            .filter(|r| r.strategy == baseline && r.workload == workload && r.len == len)
            .min_by_key(|r| r.threads)
    }

    /// The first record with exactly these coordinates.
    pub(crate) fn record(
        &self,
        strategy: &str,
        workload: &str,
        len: usize,
        threads: usize,
        chunks: usize,
    ) -> Option<&'a Record> {
        self.results.records.iter().find(|r| {
            r.strategy == strategy
                && r.workload == workload
                && r.len == len
                && r.threads == threads
                && r.chunks == chunks
        })
    }

    /// Rust's seq record at `len` (the one with the fewest threads).
    pub(crate) fn seq(&self, workload: &str, len: usize) -> Option<&'a Record> {
        self.baseline_record(BASELINE, workload, len)
    }

    /// Every record of a parallel strategy on `workload`.
    fn parallel(&self, workload: &str) -> impl Iterator<Item = &'a Record> + '_ {
        let workload = workload.to_owned();
        self.results
            .records
            .iter()
            .filter(move |r| r.workload == workload && !self.is_baseline(&r.strategy))
    }

    /// The lengths measured on `workload`, ascending.
    pub(crate) fn lens(&self, workload: &str) -> Vec<usize> {
        let mut lens: Vec<usize> = self
            .results
            .records
            .iter()
            .filter(|r| r.workload == workload)
            .map(|r| r.len)
            .collect();
        lens.sort_unstable();
        lens.dedup();
        lens
    }

    /// The largest length at which some parallel strategy and its baseline
    /// were both measured: where speedups are read.
    pub(crate) fn largest_len(&self, workload: &str) -> Option<usize> {
        self.parallel(workload)
            .filter(|r| self.baseline_record(&r.strategy, workload, r.len).is_some())
            .map(|r| r.len)
            .max()
    }

    /// The thread counts of parallel records on `workload` at `len`, ascending.
    pub(crate) fn thread_counts(&self, workload: &str, len: usize) -> Vec<usize> {
        let mut threads: Vec<usize> = self
            .parallel(workload)
            .filter(|r| r.len == len)
            .map(|r| r.threads)
            .collect();
        threads.sort_unstable();
        threads.dedup();
        threads
    }

    /// The highest thread count of any parallel record on `workload`.
    pub(crate) fn max_threads(&self, workload: &str) -> Option<usize> {
        self.parallel(workload).map(|r| r.threads).max()
    }

    /// Whether `strategy` was measured with `chunks_per_thread` × threads
    /// chunks at `len`.
    pub(crate) fn has_chunking(
        &self,
        strategy: &str,
        workload: &str,
        len: usize,
        chunks_per_thread: usize,
    ) -> bool {
        self.parallel(workload).any(|r| {
            r.strategy == strategy && r.len == len && r.chunks == chunks_per_thread * r.threads
        })
    }
}

/// `known` names that occur in `data`, in `known`'s order, then the other
/// names of `data`, sorted.
pub(crate) fn ordered<'k, 'd>(
    known: impl Iterator<Item = &'k str>,
    data: impl Iterator<Item = &'d str>,
) -> Vec<String> {
    let mut seen: Vec<&str> = data.collect();
    seen.sort_unstable();
    seen.dedup();
    let known: Vec<&str> = known.collect();
    let mut out: Vec<String> = known
        .iter()
        .filter(|k| seen.contains(k))
        .map(|k| (*k).to_owned())
        .collect();
    out.extend(
        seen.iter()
            .filter(|s| !known.contains(s))
            .map(|s| (*s).to_owned()),
    );
    out
}

/// One point of a speedup curve.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Speedup {
    /// Threads used.
    pub(crate) threads: usize,
    /// The baseline's fastest time divided by the strategy's (seq's for a
    /// Rust strategy, go-seq's for Go).
    pub(crate) speedup: f64,
    /// The baseline's fastest time over the strategy's upper bound: the
    /// pessimistic end.
    pub(crate) low: f64,
    /// The baseline's upper bound over the strategy's fastest: the
    /// optimistic end.
    pub(crate) high: f64,
    /// The strategy's or seq's measurement is noisy.
    pub(crate) noisy: bool,
    /// The strategy's time, round by round: what claims compare.
    pub(crate) time: RoundValues,
    /// The baseline's time, round by round.
    pub(crate) baseline: RoundValues,
    /// Whether the strategy beats its baseline by more than [`BEATS`] in
    /// every round.
    pub(crate) against_seq: Verdict,
    /// The threads that really ran chunks, if the run probed them.
    pub(crate) used: Option<ThreadsUsed>,
}

impl Speedup {
    /// Parallel efficiency: speedup per thread, 1 being perfect.
    pub(crate) fn efficiency(&self) -> f64 {
        self.speedup / self.threads as f64
    }

    /// The speedup of each round (the baseline's time over the strategy's),
    /// or the best speedup alone for a run without matching rounds.
    pub(crate) fn per_round(&self) -> Vec<f64> {
        crate::rounds::paired(&self.baseline, &self.time)
            .iter()
            .map(|(b, t)| b / t)
            .collect()
    }

    /// Whether it beats its baseline clearly: in every round, and by more
    /// than [`CLEAR`] in its weakest round.
    pub(crate) fn clear_win(&self) -> bool {
        self.against_seq == Verdict::Wins && self.per_round().iter().all(|s| *s > CLEAR)
    }

    /// The strategy's time over its baseline's, round by round: lower is a
    /// larger speedup. Speedups against different baselines (Rust's seq,
    /// Go's loop) compare through this, never through raw times.
    pub(crate) fn time_ratio(&self) -> RoundValues {
        RoundValues::ratio(&self.time, &self.baseline)
    }
}

/// `strategy`'s speedup over its baseline at `len` for every measured thread
/// count, with `chunks_per_thread` × threads chunks.
pub(crate) fn speedups(
    run: &Run<'_>,
    strategy: &str,
    workload: &str,
    len: usize,
    chunks_per_thread: usize,
) -> Vec<Speedup> {
    let Some(seq) = run.baseline_record(strategy, workload, len) else {
        return Vec::new();
    };
    run.thread_counts(workload, len)
        .into_iter()
        .filter_map(|t| run.record(strategy, workload, len, t, chunks_per_thread * t))
        .map(|r| Speedup {
            threads: r.threads,
            speedup: best(&seq.timing) / best(&r.timing),
            low: best(&seq.timing) / r.timing.upper_s,
            high: seq.timing.upper_s / best(&r.timing),
            noisy: is_noisy(&r.timing) || is_noisy(&seq.timing),
            time: RoundValues::of(&r.timing),
            baseline: RoundValues::of(&seq.timing),
            against_seq: wins_in_every_round(&r.timing, &seq.timing, BEATS),
            used: r.threads_used,
        })
        .collect()
}

/// COST (McSherry, Isard and Murray, "Scalability! But at what COST?", 2015):
/// the fewest threads at which a strategy beats seq, the fast single-thread
/// baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cost {
    /// The fewest threads at which it beats seq clearly: by more than
    /// [`BEATS`] in every round and more than [`CLEAR`] in the weakest.
    From(usize),
    /// It beats seq clearly at no measured count, but in every round by a
    /// few percent at this many threads (the fewest such).
    Marginal(usize),
    /// It beats seq in every round at no measured count, but ties with it
    /// (within noise) at one or more.
    Tie,
    /// seq beats it in every round at every measured count.
    Never,
}

/// The COST of a speedup line.
pub(crate) fn cost(points: &[Speedup]) -> Cost {
    let fewest = |wanted: &dyn Fn(&Speedup) -> bool| {
        points.iter().filter(|p| wanted(p)).map(|p| p.threads).min()
    };
    if let Some(threads) = fewest(&|p| p.clear_win()) {
        Cost::From(threads)
    } else if let Some(threads) = fewest(&|p| p.against_seq == Verdict::Wins) {
        Cost::Marginal(threads)
    } else if points.iter().any(|p| p.against_seq == Verdict::Tie) {
        Cost::Tie
    } else {
        Cost::Never
    }
}

/// The smallest and the largest per-round speedup of `points`: the range a
/// win is stated with.
pub(crate) fn round_range<'p>(points: impl IntoIterator<Item = &'p Speedup>) -> (f64, f64) {
    points
        .into_iter()
        .flat_map(Speedup::per_round)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| {
            (lo.min(s), hi.max(s))
        })
}

/// One point of a time-versus-length curve.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LenPoint {
    /// Vector length.
    pub(crate) len: usize,
    /// The timing at that length.
    pub(crate) timing: Timing,
}

/// `strategy`'s timings on `workload` at every length, with `threads` threads
/// and `chunks` chunks, ascending by length.
pub(crate) fn times_by_len(
    run: &Run<'_>,
    strategy: &str,
    workload: &str,
    threads: usize,
    chunks: usize,
) -> Vec<LenPoint> {
    run.lens(workload)
        .into_iter()
        .filter_map(|len| {
            let record = if run.is_baseline(strategy) {
                run.baseline_record(strategy, workload, len)
            } else {
                run.record(strategy, workload, len, threads, chunks)
            };
            record.map(|r| LenPoint {
                len,
                timing: r.timing.clone(),
            })
        })
        .collect()
}

mod crossover;
pub(crate) mod model;

pub(crate) use crossover::{Crossover, crossover};

#[cfg(test)]
mod tests;
