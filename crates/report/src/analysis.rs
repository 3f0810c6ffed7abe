//! The numbers behind the report, computed from a run's records and nothing
//! else: speedups, efficiencies, crossover lengths, COST and bandwidth (the
//! kernel comparison is its section's own, in `sections::kernel`). No HTML here, so every formula can be tested by hand.

use doall_kernel::Workload;

use crate::{
    results::{Record, RunResults, ThreadsUsed, Timing},
    rounds::{RoundValues, Verdict, wins_in_every_round},
};

/// The strategy every other one is compared with.
pub(crate) const BASELINE: &str = "seq";

/// A measurement whose median lies more than this fraction above its fastest
/// sample, or whose median's 95% confidence interval is wider than this
/// fraction of the median, is called noisy: drawn hollow and listed.
pub(crate) const NOISY: f64 = 0.2;

/// One measurement beats another only if it is faster by more than this
/// factor in every round: the fastest sample still moves by a few percent
/// between rounds, so 1.01× is a tie, not a win.
pub(crate) const BEATS: f64 = 1.03;

/// A call that ran on fewer than this share of its threads, on average,
/// did not do what its thread count says: its point is drawn as a hollow
/// square and named in the findings. Not 1.0, because a strategy that forks
/// in almost every call (1.9 of 2 threads) has still measured a fork.
pub(crate) const FEW_USED: f64 = 0.9;

/// Whether calls with `threads` threads that ran on `used` threads used
/// well under them; `false` when nothing was probed (an older run).
pub(crate) fn few_threads(used: Option<ThreadsUsed>, threads: usize) -> bool {
    used.is_some_and(|u| u.mean < FEW_USED * threads as f64)
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
    /// The parallel strategies measured (every name but seq), in the run's
    /// strategy order.
    pub(crate) strategies: Vec<String>,
    /// The workloads measured: light, heavy, ramp first, then others, sorted.
    pub(crate) workloads: Vec<String>,
}

impl<'a> Run<'a> {
    /// Indexes `results`.
    pub(crate) fn new(results: &'a RunResults) -> Run<'a> {
        let strategies = results
            .strategy_order()
            .into_iter()
            .filter(|s| *s != BASELINE && results.records.iter().any(|r| r.strategy == *s))
            .map(str::to_owned)
            .collect();
        let known_workloads = Workload::ALL.iter().map(|w| w.name());
        let workloads = ordered(
            known_workloads,
            results.records.iter().map(|r| r.workload.as_str()),
        );
        Run {
            results,
            strategies,
            workloads,
        }
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

    /// seq's record at `len` (the one with the fewest threads, normally 1).
    pub(crate) fn seq(&self, workload: &str, len: usize) -> Option<&'a Record> {
        self.results
            .records
            .iter()
            .filter(|r| r.strategy == BASELINE && r.workload == workload && r.len == len)
            .min_by_key(|r| r.threads)
    }

    /// Every record of a parallel strategy on `workload`.
    fn parallel(&self, workload: &str) -> impl Iterator<Item = &'a Record> + '_ {
        let workload = workload.to_owned();
        self.results
            .records
            .iter()
            .filter(move |r| r.strategy != BASELINE && r.workload == workload)
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

    /// The largest length at which seq and some parallel strategy were both
    /// measured: where speedups are read.
    pub(crate) fn largest_len(&self, workload: &str) -> Option<usize> {
        self.parallel(workload)
            .map(|r| r.len)
            .filter(|&len| self.seq(workload, len).is_some())
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
    /// seq's median divided by the strategy's median.
    pub(crate) speedup: f64,
    /// seq's lower CI bound over the strategy's upper bound: the pessimistic end.
    pub(crate) low: f64,
    /// seq's upper CI bound over the strategy's lower bound: the optimistic end.
    pub(crate) high: f64,
    /// The strategy's or seq's measurement is noisy.
    pub(crate) noisy: bool,
    /// The strategy's time, round by round: what claims compare.
    pub(crate) time: RoundValues,
    /// Whether the strategy beats seq by more than [`BEATS`] in every round.
    pub(crate) against_seq: Verdict,
    /// The threads that really ran chunks, if the run probed them.
    pub(crate) used: Option<ThreadsUsed>,
}

impl Speedup {
    /// Parallel efficiency: speedup per thread, 1 being perfect.
    pub(crate) fn efficiency(&self) -> f64 {
        self.speedup / self.threads as f64
    }
}

/// `strategy`'s speedup over seq at `len` for every measured thread count,
/// with `chunks_per_thread` × threads chunks.
pub(crate) fn speedups(
    run: &Run<'_>,
    strategy: &str,
    workload: &str,
    len: usize,
    chunks_per_thread: usize,
) -> Vec<Speedup> {
    let Some(seq) = run.seq(workload, len) else {
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
    /// The fewest threads at which it beats seq by more than [`BEATS`] in
    /// every round.
    From(usize),
    /// It beats seq in every round at no measured count, but ties with it
    /// (within noise) at one or more.
    Tie,
    /// seq beats it in every round at every measured count.
    Never,
}

/// The COST of a speedup line.
pub(crate) fn cost(points: &[Speedup]) -> Cost {
    let wins = points
        .iter()
        .filter(|p| p.against_seq == Verdict::Wins)
        .map(|p| p.threads)
        .min();
    match wins {
        Some(threads) => Cost::From(threads),
        None if points.iter().any(|p| p.against_seq == Verdict::Tie) => Cost::Tie,
        None => Cost::Never,
    }
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
            let record = if strategy == BASELINE {
                run.seq(workload, len)
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

/// Where a strategy starts to pay off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Crossover {
    /// It beats seq (by more than [`BEATS`] in every round) at this length
    /// and at every larger measured length.
    From(usize),
    /// At the largest length both were measured at, seq beats it in every
    /// round.
    Never,
    /// At the largest length both were measured at, neither beats the other
    /// in every round.
    Tie,
    /// No length where both were measured.
    NoData,
}

/// The smallest measured length from which `strategy` beats `seq` at that
/// length and every larger one both were measured at.
pub(crate) fn crossover(strategy: &[LenPoint], seq: &[LenPoint]) -> Crossover {
    let mut verdicts: Vec<(usize, Verdict)> = strategy
        .iter()
        .filter_map(|p| {
            seq.iter()
                .find(|q| q.len == p.len)
                .map(|q| (p.len, wins_in_every_round(&p.timing, &q.timing, BEATS)))
        })
        .collect();
    verdicts.sort_by_key(|&(len, _)| len);
    let Some(&(_, at_largest)) = verdicts.last() else {
        return Crossover::NoData;
    };
    match at_largest {
        Verdict::Loses => Crossover::Never,
        Verdict::Tie => Crossover::Tie,
        Verdict::Wins => {
            let from = verdicts
                .iter()
                .rev()
                .take_while(|(_, v)| *v == Verdict::Wins)
                .map(|&(len, _)| len)
                .last();
            from.map_or(Crossover::NoData, Crossover::From)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{record, results, timing};

    #[test]
    fn speedup_efficiency_and_cost_on_hand_worked_numbers() {
        // seq takes 8 s; std-mpsc 10 s at 1 thread, 5 s at 2, 2.5 s at 4.
        let r = results(vec![
            record("seq", "heavy", 1000, 1, 1, 8.0),
            record("std-mpsc", "heavy", 1000, 1, 1, 10.0),
            record("std-mpsc", "heavy", 1000, 2, 2, 5.0),
            record("std-mpsc", "heavy", 1000, 4, 4, 2.5),
        ]);
        let run = Run::new(&r);
        let s = speedups(&run, "std-mpsc", "heavy", 1000, 1);
        let values: Vec<f64> = s.iter().map(|p| p.speedup).collect();
        assert_eq!(values, vec![0.8, 1.6, 3.2]);
        assert_eq!(s[2].efficiency(), 0.8);
        assert_eq!(s[1].efficiency(), 0.8);
        assert_eq!(cost(&s), Cost::From(2));
        assert_eq!(cost(&s[..1]), Cost::Never, "0.8× in every round");
        assert_eq!(run.largest_len("heavy"), Some(1000));
        assert_eq!(run.strategies, vec!["std-mpsc".to_owned()]);
    }

    #[test]
    fn few_threads_means_under_ninety_percent_of_them() {
        let used = |mean| {
            Some(ThreadsUsed {
                mean,
                all_share: 0.0,
                calls: 10,
            })
        };
        // 0.9 × 2 = 1.8 threads: 1.79 is few, 1.8 is not.
        assert!(few_threads(used(1.0), 2));
        assert!(few_threads(used(1.79), 2));
        assert!(!few_threads(used(1.8), 2));
        assert!(!few_threads(used(1.0), 1), "one thread is all it had");
        assert!(!few_threads(None, 4), "not probed: no claim");
    }

    #[test]
    fn speedup_bounds_reach_from_fastest_to_upper_bounds() {
        // Fastest 4 s and 2 s; upper bounds of the medians 6 s and 3 s.
        let mut seq = record("seq", "light", 10, 1, 1, 4.0);
        seq.timing.upper_s = 6.0;
        let mut par = record("rayon", "light", 10, 2, 2, 2.0);
        par.timing.upper_s = 3.0;
        let r = results(vec![seq, par]);
        let run = Run::new(&r);
        let s = speedups(&run, "rayon", "light", 10, 1);
        // 4 / 2 = 2; 4 / 3 at worst; 6 / 2 = 3 at best.
        assert_eq!((s[0].speedup, s[0].low, s[0].high), (2.0, 4.0 / 3.0, 3.0));
        assert!(s[0].noisy, "a CI of 65% of the median is noisy");
    }

    #[test]
    fn a_tie_with_seq_is_not_a_win() {
        // 1.01x at 1 thread is noise; 1.5x at 2 threads is a win.
        let r = results(vec![
            record("seq", "heavy", 1000, 1, 1, 1.01),
            record("rayon", "heavy", 1000, 1, 1, 1.0),
            record("rayon", "heavy", 1000, 2, 2, 1.01 / 1.5),
        ]);
        let run = Run::new(&r);
        let points = speedups(&run, "rayon", "heavy", 1000, 1);
        assert_eq!(points[0].against_seq, Verdict::Tie);
        assert_eq!(cost(&points), Cost::From(2));
        assert_eq!(cost(&points[..1]), Cost::Tie);
    }

    #[test]
    fn cost_needs_the_win_in_every_round() {
        // seq's rounds: 10, 10, 10 s. rayon at 2 threads: 5, 5, 9.9 s: twice
        // as fast by its fastest sample, but only 1% faster in round 3. At 4
        // threads: 4, 4.5, 9.6 s (4.2% faster in round 3): a win.
        let mut seq = record("seq", "heavy", 1000, 1, 1, 10.0);
        seq.timing.round_min_s = vec![10.0, 10.0, 10.0];
        let mut two = record("rayon", "heavy", 1000, 2, 2, 5.0);
        two.timing.round_min_s = vec![5.0, 5.0, 9.9];
        let mut four = record("rayon", "heavy", 1000, 4, 4, 4.0);
        four.timing.round_min_s = vec![4.0, 4.5, 9.6];
        let r = results(vec![seq, two, four]);
        let run = Run::new(&r);
        let points = speedups(&run, "rayon", "heavy", 1000, 1);
        assert_eq!(points[0].speedup, 2.0, "the figure is the fastest sample");
        assert_eq!(points[0].against_seq, Verdict::Tie);
        assert_eq!(cost(&points), Cost::From(4));
    }

    #[test]
    fn a_median_far_above_the_fastest_sample_is_noisy() {
        let mut t = timing(1.0);
        assert!(!is_noisy(&t), "2% apart, tight interval");
        t.median_s = 1.3;
        t.lower_s = 1.29;
        t.upper_s = 1.31;
        assert!(is_noisy(&t), "median 30% above the fastest");
        assert!((spread(&t) - 0.3).abs() < 1e-12);
    }

    #[test]
    fn chunks_per_thread_selects_the_over_split_records() {
        let r = results(vec![
            record("seq", "ramp", 100, 1, 1, 6.0),
            record("rayon", "ramp", 100, 2, 2, 4.0),
            record("rayon", "ramp", 100, 2, 16, 3.0),
        ]);
        let run = Run::new(&r);
        assert_eq!(speedups(&run, "rayon", "ramp", 100, 1)[0].speedup, 1.5);
        assert_eq!(speedups(&run, "rayon", "ramp", 100, 8)[0].speedup, 2.0);
        assert!(run.has_chunking("rayon", "ramp", 100, 8));
        assert!(!run.has_chunking("rayon", "ramp", 100, 4));
    }

    #[test]
    fn the_static_ceiling_matches_the_spec() {
        assert_eq!(static_ceiling(1), 1.0);
        assert_eq!(static_ceiling(2), 4.0 / 3.0);
        assert_eq!(static_ceiling(4), 16.0 / 7.0);
        assert_eq!(static_ceiling(16), 256.0 / 31.0);
    }

    fn points(times: &[(usize, f64)]) -> Vec<LenPoint> {
        times
            .iter()
            .map(|&(len, s)| LenPoint {
                len,
                timing: timing(s),
            })
            .collect()
    }

    #[test]
    fn crossover_is_the_start_of_the_winning_tail() {
        let seq = points(&[(1, 1.0), (2, 2.0), (4, 4.0), (8, 8.0)]);
        // Wins at 1 (noise), loses at 2, wins from 4 on: the crossover is 4.
        let a = points(&[(1, 0.5), (2, 3.0), (4, 3.0), (8, 5.0)]);
        assert_eq!(crossover(&a, &seq), Crossover::From(4));
        // Wins everywhere: from the smallest length.
        let b = points(&[(1, 0.5), (2, 1.0), (4, 2.0), (8, 4.0)]);
        assert_eq!(crossover(&b, &seq), Crossover::From(1));
        // Ties at the largest length (8.1 s against 8 s): a tie, not a win.
        let c = points(&[(1, 0.5), (2, 1.0), (4, 2.0), (8, 8.1)]);
        assert_eq!(crossover(&c, &seq), Crossover::Tie);
        // Loses at the largest length: never.
        let c = points(&[(1, 0.5), (2, 1.0), (4, 2.0), (8, 9.0)]);
        assert_eq!(crossover(&c, &seq), Crossover::Never);
        // Only lengths seq was not measured at: no data.
        let d = points(&[(16, 1.0)]);
        assert_eq!(crossover(&d, &seq), Crossover::NoData);
        // A missing length in the strategy is skipped, not a loss.
        let e = points(&[(2, 3.0), (8, 5.0)]);
        assert_eq!(crossover(&e, &seq), Crossover::From(8));
        // 1.02× faster at 4 in every round is a tie: the tail starts at 8.
        let f = points(&[(4, 4.0 / 1.02), (8, 4.0)]);
        assert_eq!(crossover(&f, &seq), Crossover::From(8));
    }

    #[test]
    fn bandwidth_counts_sixteen_bytes_per_element() {
        assert_eq!(gb_per_s(1_000_000_000, 16.0), 1.0);
        assert!((gb_per_s(1_000_000, 1e-3) - 16.0).abs() < 1e-9);
    }

    #[test]
    fn names_follow_the_recorded_order_then_the_records() {
        let r = results(vec![
            record("zz", "mine", 1, 2, 2, 1.0),
            record("rayon", "heavy", 1, 2, 2, 1.0),
            record("aa", "light", 1, 2, 2, 1.0),
            record("std-mpsc", "heavy", 1, 2, 2, 1.0),
        ]);
        let run = Run::new(&r);
        assert_eq!(run.strategies, vec!["std-mpsc", "rayon", "zz", "aa"]);
        assert_eq!(run.workloads, vec!["light", "heavy", "mine"]);
    }
}
