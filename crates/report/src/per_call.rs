//! The numbers of the per-call overhead benchmark, the EPCC syncbench method
//! (Bull, "Measuring synchronisation and scheduling overheads in OpenMP",
//! 1999): time a call that holds almost no work, subtract its baseline's
//! time for the same work (`seq`'s for a Rust strategy, Go's own loop's for
//! Go), and what is left is what the strategy adds to every call. No HTML
//! here, so every number can be checked by hand.

use doall_results::{OverheadRecord, OverheadSize, RunResults};

use crate::{
    analysis::{best, few_threads, is_noisy},
    rounds::{RoundValues, Verdict, paired},
};

/// One strategy's call next to its baseline's reference call (seq's, or
/// go-seq's for go): the same size and idle gap, at
/// [`OverheadSize::baseline_len`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CallCost<'a> {
    /// The strategy's record.
    pub(crate) record: &'a OverheadRecord,
    /// The baseline's reference record.
    pub(crate) baseline: &'a OverheadRecord,
}

impl CallCost<'_> {
    /// The strategy's fastest time per call minus its baseline's: what it adds to a
    /// call. It can be zero or below when the work shared between threads
    /// saves more than the fork and the join cost, or within noise of seq.
    pub(crate) fn overhead_s(&self) -> f64 {
        best(&self.record.timing) - best(&self.baseline.timing)
    }

    /// The strategy's time per call, round by round. Claims among Rust
    /// strategies compare these rather than overheads: the overheads of one
    /// size share seq's time, so they order like the times, and a difference
    /// near zero has no ratio that a margin could be applied to. A peer's
    /// overhead is over another baseline: [`overhead_verdict`] compares it.
    pub(crate) fn time(&self) -> RoundValues {
        RoundValues::of(&self.record.timing)
    }

    /// The overhead round by round (the strategy's fastest sample minus its
    /// baseline's in the same round), and over all rounds.
    pub(crate) fn overhead_rounds(&self) -> RoundValues {
        let own = RoundValues::of(&self.record.timing);
        let baseline = RoundValues::of(&self.baseline.timing);
        RoundValues {
            each: paired(&own, &baseline)
                .into_iter()
                .map(|(a, b)| a - b)
                .collect(),
            best: self.overhead_s(),
        }
    }

    /// Whether the strategy's or its baseline's measurement is noisy.
    pub(crate) fn noisy(&self) -> bool {
        is_noisy(&self.record.timing) || is_noisy(&self.baseline.timing)
    }

    /// Whether the probed calls ran on well under their threads.
    pub(crate) fn few_threads(&self) -> bool {
        few_threads(self.record.threads_used, self.record.threads)
    }
}

/// Whether two idle gaps are the same setting. The harness writes them from
/// the same constants, but a comparison of floats should not rely on that.
pub(crate) fn same_gap(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// Whether `a` costs less per call than `b` in every round, more in every
/// round, or neither. Overheads against different baselines (Rust's seq,
/// Go's loop) have no common time to divide, and one near zero has no ratio:
/// the margin is [`BEATS`](crate::analysis::BEATS) − 1 of the slower call's
/// time in that round, so "cheaper" means by more than 3% of a call.
pub(crate) fn overhead_verdict(a: &CallCost<'_>, b: &CallCost<'_>) -> Verdict {
    let margin = crate::analysis::BEATS - 1.0;
    let (oa, ob) = (a.overhead_rounds(), b.overhead_rounds());
    let ta = RoundValues::of(&a.record.timing);
    let tb = RoundValues::of(&b.record.timing);
    // Each round: (a's overhead, b's overhead, the slower call's time).
    let rounds: Vec<(f64, f64, f64)> = if !oa.each.is_empty()
        && oa.each.len() == ob.each.len()
        && ta.each.len() == oa.each.len()
        && tb.each.len() == ob.each.len()
    {
        (0..oa.each.len())
            .map(|i| (oa.each[i], ob.each[i], ta.each[i].max(tb.each[i])))
            .collect()
    } else {
        vec![(oa.best, ob.best, ta.best.max(tb.best))]
    };
    if rounds.iter().all(|(x, y, t)| y - x > margin * t) {
        Verdict::Wins
    } else if rounds.iter().all(|(x, y, t)| x - y > margin * t) {
        Verdict::Loses
    } else {
        Verdict::Tie
    }
}

/// `baseline`'s record of `size` at `len` after `gap_s` (the one with the
/// fewest threads, normally 1).
pub(crate) fn baseline_record<'a>(
    results: &'a RunResults,
    baseline: &str,
    size: OverheadSize,
    len: usize,
    gap_s: f64,
) -> Option<&'a OverheadRecord> {
    results
        .overhead
        .iter()
        .filter(|o| {
            o.strategy == baseline
                && o.size == size
                && o.len == len
                && same_gap(o.idle_gap_s, gap_s)
        })
        .min_by_key(|o| o.threads)
}

/// Every parallel strategy's overhead record that has a record of its
/// baseline to be compared with, in the order of the file.
pub(crate) fn call_costs(results: &RunResults) -> Vec<CallCost<'_>> {
    results
        .overhead
        .iter()
        .filter(|o| results.baseline_of(&o.strategy) != o.strategy)
        .filter_map(|record| {
            let baseline = results.baseline_of(&record.strategy);
            let len = record.size.baseline_len(record.len);
            let baseline = baseline_record(results, baseline, record.size, len, record.idle_gap_s)?;
            Some(CallCost { record, baseline })
        })
        .collect()
}

/// The parallel strategies of `costs` in the run's strategy order, then any
/// the registry list does not name, in the order they first appear.
pub(crate) fn strategies(results: &RunResults, costs: &[CallCost<'_>]) -> Vec<String> {
    let mut names: Vec<String> = results
        .strategy_order()
        .into_iter()
        .filter(|s| costs.iter().any(|c| c.record.strategy == *s))
        .map(str::to_owned)
        .collect();
    for c in costs {
        if !names.contains(&c.record.strategy) {
            names.push(c.record.strategy.clone());
        }
    }
    names
}

/// `strategy`'s cost of `size` with `threads` threads after `gap_s`: with one
/// chunk per thread if measured so, else with the fewest chunks.
pub(crate) fn pick<'a>(
    costs: &[CallCost<'a>],
    strategy: &str,
    size: OverheadSize,
    threads: usize,
    gap_s: f64,
) -> Option<CallCost<'a>> {
    costs
        .iter()
        .filter(|c| {
            let r = c.record;
            r.strategy == strategy
                && r.size == size
                && r.threads == threads
                && same_gap(r.idle_gap_s, gap_s)
        })
        .min_by_key(|c| (c.record.chunks != threads, c.record.chunks))
        .copied()
}

/// The thread counts of the parallel records of `size` after `gap_s`,
/// ascending.
pub(crate) fn thread_counts(costs: &[CallCost<'_>], size: OverheadSize, gap_s: f64) -> Vec<usize> {
    let mut threads: Vec<usize> = costs
        .iter()
        .filter(|c| c.record.size == size && same_gap(c.record.idle_gap_s, gap_s))
        .map(|c| c.record.threads)
        .collect();
    threads.sort_unstable();
    threads.dedup();
    threads
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{overhead, results};

    #[test]
    fn overhead_is_the_time_above_seq_at_the_same_size_length_and_gap() {
        // seq takes 2.6 µs on 64 elements back to back and 2.8 µs after a
        // 10 ms gap; rayon 4.5 µs and 32 µs: overheads 1.9 µs and 29.2 µs.
        // pool at one thread takes 2.58 µs: 0.02 µs under seq.
        let mut r = results(Vec::new());
        r.overhead = vec![
            overhead("seq", OverheadSize::Elements64, 1, 0.0, 2.6e-6),
            overhead("seq", OverheadSize::Elements64, 1, 10e-3, 2.8e-6),
            overhead("rayon", OverheadSize::Elements64, 2, 0.0, 4.5e-6),
            overhead("rayon", OverheadSize::Elements64, 2, 10e-3, 32e-6),
            overhead("pool", OverheadSize::Elements64, 1, 0.0, 2.58e-6),
            // No seq record of one element per chunk: left out.
            overhead("pool", OverheadSize::OnePerChunk, 2, 0.0, 1e-6),
        ];
        let costs = call_costs(&r);
        let overheads: Vec<f64> = costs.iter().map(|c| c.overhead_s() * 1e6).collect();
        assert_eq!(costs.len(), 3);
        assert!((overheads[0] - 1.9).abs() < 1e-9, "{overheads:?}");
        assert!((overheads[1] - 29.2).abs() < 1e-9, "{overheads:?}");
        assert!((overheads[2] + 0.02).abs() < 1e-9, "{overheads:?}");
        assert_eq!(strategies(&r, &costs), vec!["rayon", "pool"]);
        assert_eq!(
            thread_counts(&costs, OverheadSize::Elements64, 0.0),
            vec![1, 2]
        );
        let after = pick(&costs, "rayon", OverheadSize::Elements64, 2, 10e-3);
        assert_eq!(after.map(|c| c.record.idle_gap_s), Some(10e-3));
        assert!(pick(&costs, "rayon", OverheadSize::Elements64, 4, 0.0).is_none());
    }

    #[test]
    fn one_chunk_per_thread_is_picked_first() {
        let mut r = results(Vec::new());
        let mut split = overhead("rayon", OverheadSize::Elements64, 2, 0.0, 5e-6);
        split.chunks = 16;
        r.overhead = vec![
            overhead("seq", OverheadSize::Elements64, 1, 0.0, 2.6e-6),
            split,
            overhead("rayon", OverheadSize::Elements64, 2, 0.0, 4.5e-6),
        ];
        let costs = call_costs(&r);
        let picked = pick(&costs, "rayon", OverheadSize::Elements64, 2, 0.0);
        assert_eq!(picked.map(|c| c.record.chunks), Some(2));
    }
}
