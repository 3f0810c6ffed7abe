//! The CLI's timing loop: fresh vector, time the call, repeat.

use std::num::NonZeroUsize;

use doall_kernel::{Checksum, Workload};
use doall_results::ThreadsUsed;
use serde::Serialize;

use std::time::Duration;

use crate::{
    Error, SessionConfig, Strategy, runner_to_vec,
    timing::{probe_threads, time_calls},
};

/// The result of timing one strategy: one JSON line of `doall run --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    /// The strategy's name.
    pub strategy: &'static str,
    /// The workload's name.
    pub workload: &'static str,
    /// The vector length.
    pub len: usize,
    /// OS threads used, by the strategy's [`doall_kernel::ThreadUse`] rule (1
    /// for `seq`, the chunk count for `std-mpsc`, at most the chunk count for
    /// `crossbeam`).
    pub threads: usize,
    /// Chunks used (1 for `seq`).
    pub chunks: usize,
    /// The distinct OS threads that really ran chunks, the mean over
    /// untimed probed calls made right after the timed ones: below
    /// `threads` when some threads found no work (a job that ended before a
    /// sleeping worker woke). `None` only for a runner that cannot probe,
    /// which no registry runner is.
    pub threads_used: Option<f64>,
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

/// The fewest untimed probed calls [`measure`] makes to count threads used.
pub const PROBED_CALLS: usize = 20;

/// Times `strategy` on `workload`, `repeat` times in one session, each call
/// on a fresh copy of `initial` (the copy is not timed; opening the session,
/// such as starting a pool, is done once before and not timed either). Then
/// makes `max(repeat, PROBED_CALLS)` untimed probed calls in the same
/// session to count the threads used.
pub fn measure(
    strategy: &Strategy,
    workload: Workload,
    initial: &[f64],
    config: impl Into<SessionConfig>,
    repeat: NonZeroUsize,
) -> Result<Measurement, Error> {
    let config = config.into();
    let mut v = doall_kernel::initial_vector(initial.len())?;
    let (mut seconds, checksum, counts) =
        strategy.session(config, &workload, &mut v, |runner| {
            let mut seconds = Vec::with_capacity(repeat.get());
            for _ in 0..repeat.get() {
                seconds.push(time_calls(runner, initial, 1, Duration::ZERO)?.as_secs_f64());
            }
            let checksum = Checksum::of(&runner_to_vec(runner));
            let probed = repeat.get().max(PROBED_CALLS);
            let counts = probe_threads(runner, initial, probed, Duration::ZERO)?;
            Ok((seconds, checksum, counts))
        })?;
    seconds.sort_by(f64::total_cmp);
    let (threads, chunks) = strategy.threads_and_chunks(config.plan);
    let threads_used = ThreadsUsed::from_counts(&counts, threads).map(|used| used.mean);
    Ok(Measurement {
        strategy: strategy.name,
        workload: workload.name(),
        len: initial.len(),
        threads,
        chunks,
        threads_used,
        min_s: seconds[0],
        median_s: doall_results::stats::median_of_sorted(&seconds),
        checksum,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use doall_kernel::Plan;

    #[test]
    fn measure_records_the_threads_of_each_rule_and_checks_bits() {
        let initial = doall_kernel::initial_vector(1000).expect("small");
        let repeat = NonZeroUsize::new(3).expect("3 > 0");
        // (threads, chunks) -> (seq, std-mpsc, std-scope, crossbeam, rayon,
        // pool, chili, fork-union, paralight) threads, then the exercise's
        // by its own rule
        let exercise = |threads, chunks| {
            let plan = Plan::new(threads, Some(chunks)).expect("valid");
            doall_exercise::THREAD_USE.os_threads(plan).get()
        };
        let cases = [
            ((4, 8), [1, 8, 4, 4, 4, 4, 4, 4, 4, exercise(4, 8)]),
            ((8, 2), [1, 2, 2, 2, 8, 2, 8, 8, 8, exercise(8, 2)]),
        ];
        for ((threads, chunks), expected) in cases {
            let plan = Plan::new(threads, Some(chunks)).expect("valid");
            assert_eq!(
                crate::STRATEGIES.len(),
                expected.len(),
                "a new strategy: add it"
            );
            for (strategy, want) in crate::STRATEGIES.iter().zip(expected) {
                let m = measure(strategy, Workload::Heavy, &initial, plan, repeat).expect("runs");
                let context = format!("{} {plan:?}", strategy.name);
                assert_eq!(m.checksum.to_string(), "6b481ed2bd675c94", "{context}");
                assert!(m.min_s <= m.median_s, "{context}");
                let want_chunks = if strategy.parallel() { chunks } else { 1 };
                assert_eq!((m.threads, m.chunks), (want, want_chunks), "{context}");
                let used = m.threads_used.expect("registry sessions probe");
                assert!((1.0..=want as f64).contains(&used), "{context}: {used}");
            }
        }
    }
}
