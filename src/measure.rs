//! The CLI's timing loop: fresh vector, time the call, repeat.

use std::{num::NonZeroUsize, time::Instant};

use doall_kernel::{Checksum, Plan, Workload};
use serde::Serialize;

use crate::{Error, Strategy};

/// The result of timing one strategy: one JSON line of `doall run --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    /// The strategy's name.
    pub strategy: &'static str,
    /// The workload's name.
    pub workload: &'static str,
    /// The vector length.
    pub len: usize,
    /// Threads used (1 for `seq`; the chunk count for a strategy that starts
    /// one thread per chunk).
    pub threads: usize,
    /// Chunks used (1 for `seq`).
    pub chunks: usize,
    /// The fastest call, in seconds: the statistic that holds still on a
    /// noisy machine.
    pub min_s: f64,
    /// The median call, in seconds.
    pub median_s: f64,
    /// The checksum of the result (docs/SPEC.md §6).
    #[serde(serialize_with = "serialize_checksum")]
    pub checksum: Checksum,
}

fn serialize_checksum<S: serde::Serializer>(c: &Checksum, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(c)
}

/// Times `strategy` on `workload`, `repeat` times, each call on a fresh copy
/// of `initial` (the copy is not timed; preparing the strategy, such as
/// building its pool, is done once before and not timed either).
pub fn measure(
    strategy: &Strategy,
    workload: Workload,
    initial: &[f64],
    plan: Plan,
    repeat: NonZeroUsize,
) -> Result<Measurement, Error> {
    let run = (strategy.prepare)(plan)?;
    let mut v = doall_kernel::initial_vector(initial.len())?;
    let mut seconds = Vec::with_capacity(repeat.get());
    for _ in 0..repeat.get() {
        v.copy_from_slice(initial);
        let start = Instant::now();
        run(&mut v, workload);
        seconds.push(start.elapsed().as_secs_f64());
    }
    seconds.sort_by(f64::total_cmp);
    let (threads, chunks) = strategy.threads_and_chunks(plan);
    Ok(Measurement {
        strategy: strategy.name,
        workload: workload.name(),
        len: initial.len(),
        threads,
        chunks,
        min_s: seconds[0],
        median_s: doall_report::stats::median_of_sorted(&seconds),
        checksum: Checksum::of(&v),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_reports_seq_as_one_thread_and_checks_bits() {
        let initial = doall_kernel::initial_vector(1000).expect("small");
        let plan = Plan::new(4, Some(8)).expect("valid");
        let repeat = NonZeroUsize::new(3).expect("3 > 0");
        for strategy in crate::STRATEGIES {
            let m = measure(strategy, Workload::Heavy, &initial, plan, repeat).expect("runs");
            assert_eq!(
                m.checksum.to_string(),
                "6b481ed2bd675c94",
                "{}",
                strategy.name
            );
            assert!(m.min_s <= m.median_s);
            let expected = match (strategy.parallel, strategy.one_thread_per_chunk) {
                (false, _) => (1, 1),
                (true, true) => (8, 8),
                (true, false) => (4, 8),
            };
            assert_eq!((m.threads, m.chunks), expected);
        }
    }
}
