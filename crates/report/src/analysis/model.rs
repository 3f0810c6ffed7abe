//! The model of a fork-join call: what it should gain, from three measured
//! constants, so that every measured speedup can be set beside a prediction.
//!
//! A call on `n` elements with `T` threads does `t·n` of work (`t`, the time
//! per element, is the baseline's own on one thread), split so that the
//! slowest thread holds a share `s` of it (`1/T` for balanced work,
//! `(2T−1)/T²` for `ramp` with T equal chunks, docs/SPEC.md §3), and pays a
//! per-call overhead `o` (the overhead section's fork and join) once:
//!
//! ```text
//! time_T(n) = max(s·t·n, 16·n / B_T) + o        time_1(n) = max(t·n, 16·n / B_1)
//! S(n)      = time_1(n) / time_T(n)
//! ```
//!
//! The `16·n / B` terms are the roofline: one pass moves 16 bytes per
//! element, and memory moves at most `B_T` bytes per second with `T`
//! threads. They count only where the vector comes from memory, at the
//! length the ceiling was measured on (`light`'s largest); a smaller
//! vector may sit in a cache, whose bandwidth this run does not measure.
//! Without the roofline, S(n) passes 1 at `n* = o / ((1 − s)·t)`:
//! `o·T / ((T−1)·t)` for balanced work.

use doall_kernel::{HEAVY_COEFFS, LIGHT_COEFFS};
use doall_results::OverheadSize;

use crate::{
    per_call::{call_costs, pick},
    rounds::{RoundValues, paired},
};

use super::{BYTES_PER_ELEMENT, Run, best, static_ceiling};

/// A measured speedup is off the model when it lies more than this
/// fraction above or below the prediction, in every round.
pub(crate) const OFF_MODEL: f64 = 0.2;

/// The overhead measurement the model takes `o` from: T chunks of 256
/// elements against seq on one chunk, so that what is left is exactly the
/// model's `o` (a perfect fork-join takes one chunk's time).
pub(crate) const OVERHEAD_SIZE: OverheadSize = OverheadSize::FixedPerChunk;

/// Floating-point operations per element of each workload (docs/SPEC.md
/// §2–3): a multiply and an add per Horner step, and the add of `v[i] +=`.
/// `light` has a step per coefficient (2: `0·x` is not folded under IEEE
/// rules), `heavy` 64, and `ramp` uses 1 to all 64 of heavy's, evenly along
/// the vector: 32.5 on average.
pub(crate) fn flops_per_element(workload: &str) -> Option<f64> {
    let flops = |steps: f64| 2.0 * steps + 1.0;
    let heavy_steps = HEAVY_COEFFS.len() as f64;
    match workload {
        "light" => Some(flops(LIGHT_COEFFS.len() as f64)),
        "heavy" => Some(flops(heavy_steps)),
        "ramp" => Some(flops((1.0 + heavy_steps) / 2.0)),
        _ => None,
    }
}

/// The memory terms of the roofline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Memory {
    /// The smallest length the roofline applies at: the ceiling's own.
    pub(crate) from_len: usize,
    /// The memory ceiling on one thread, bytes per second.
    pub(crate) one_thread: f64,
    /// The memory ceiling on the model's threads, bytes per second.
    pub(crate) threads: f64,
}

/// The model of one strategy on one workload at one thread count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Model {
    /// Seconds per element of the baseline on one thread: the fastest over
    /// the lengths measured, the work itself with nothing slowing it.
    pub(crate) t_element: f64,
    /// Seconds each call adds: the overhead section's measurement.
    pub(crate) overhead: f64,
    /// The threads.
    pub(crate) threads: usize,
    /// The slowest thread's share of the work.
    pub(crate) share: f64,
    /// The roofline's terms, if the run measured the ceiling.
    pub(crate) memory: Option<Memory>,
}

impl Model {
    /// The baseline's predicted time on `n` elements.
    pub(crate) fn one_thread_time(&self, n: usize) -> f64 {
        let n = n as f64;
        let compute = self.t_element * n;
        match self.memory_at(n) {
            Some(m) => compute.max(BYTES_PER_ELEMENT * n / m.one_thread),
            None => compute,
        }
    }

    /// The strategy's predicted time on `n` elements.
    pub(crate) fn parallel_time(&self, n: usize) -> f64 {
        let n = n as f64;
        let compute = self.share * self.t_element * n;
        let work = match self.memory_at(n) {
            Some(m) => compute.max(BYTES_PER_ELEMENT * n / m.threads),
            None => compute,
        };
        work + self.overhead
    }

    /// The predicted speedup on `n` elements.
    pub(crate) fn speedup(&self, n: usize) -> f64 {
        self.one_thread_time(n) / self.parallel_time(n)
    }

    /// The roofline's terms where they apply.
    fn memory_at(&self, n: f64) -> Option<Memory> {
        self.memory.filter(|m| n >= m.from_len as f64)
    }

    /// The speedup it tends to on long vectors, overhead aside: `1/s` for
    /// compute-bound work, the bandwidth's ratio for memory-bound work from
    /// memory.
    pub(crate) fn ceiling(&self) -> f64 {
        let compute = Model {
            overhead: 0.0,
            ..*self
        };
        // Far beyond any length measured, and so from memory too.
        compute.speedup(1 << 40)
    }

    /// The predicted crossover `n* = o / ((1 − s)·t)`, compute-bound: where
    /// the time the threads save equals the overhead. `None` when threads
    /// save nothing (one thread); 0 for an overhead at or below zero.
    pub(crate) fn crossover(&self) -> Option<f64> {
        let saved = (1.0 - self.share) * self.t_element;
        (saved > 0.0).then(|| (self.overhead / saved).max(0.0))
    }
}

/// Whether a measured speedup agrees with the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// Within [`OFF_MODEL`] of the prediction in at least one round.
    Holds,
    /// Above it by more than that in every round.
    Above,
    /// Below it by more than that in every round.
    Below,
}

/// How measured speedups, round by round, compare with `predicted`.
pub(crate) fn fit(baseline: &RoundValues, time: &RoundValues, predicted: f64) -> Fit {
    let speedups: Vec<f64> = paired(baseline, time).iter().map(|(b, t)| b / t).collect();
    if speedups.iter().all(|s| *s > predicted * (1.0 + OFF_MODEL)) {
        Fit::Above
    } else if speedups.iter().all(|s| *s < predicted * (1.0 - OFF_MODEL)) {
        Fit::Below
    } else {
        Fit::Holds
    }
}

/// The baseline's time per element on one thread: the fastest over the
/// lengths measured (a vector from memory is slower, and the roofline
/// says by how much).
pub(crate) fn t_element(run: &Run<'_>, baseline: &str, workload: &str) -> Option<f64> {
    run.lens(workload)
        .into_iter()
        .filter_map(|len| {
            run.baseline_record(baseline, workload, len)
                .map(|r| best(&r.timing) / len as f64)
        })
        .min_by(f64::total_cmp)
}

/// `strategy`'s overhead per call with `threads` threads, back to back, as
/// the overhead section measured it.
pub(crate) fn overhead(run: &Run<'_>, strategy: &str, threads: usize) -> Option<f64> {
    let costs = call_costs(run.results);
    pick(&costs, strategy, OVERHEAD_SIZE, threads, 0.0).map(|c| c.overhead_s())
}

/// The roofline's terms at `threads`: the ceiling measured on one thread
/// and on `threads`, applied from `light`'s largest length, where the bench
/// measures the ceiling.
pub(crate) fn memory(run: &Run<'_>, threads: usize) -> Option<Memory> {
    let ceiling = |t: usize| run.results.machine.ceiling_at(t).map(|b| b.gb_per_s * 1e9);
    Some(Memory {
        from_len: *run.lens("light").last()?,
        one_thread: ceiling(1)?,
        threads: ceiling(threads)?,
    })
}

/// The slowest thread's share of `workload` with `threads` equal chunks.
pub(crate) fn share(workload: &str, threads: usize) -> f64 {
    if workload == "ramp" {
        1.0 / static_ceiling(threads)
    } else {
        1.0 / threads as f64
    }
}

/// The model of `strategy` on `workload` with `threads` threads (and as
/// many chunks), if the run measured its three constants.
pub(crate) fn model(
    run: &Run<'_>,
    strategy: &str,
    workload: &str,
    threads: usize,
) -> Option<Model> {
    let baseline = run.results.baseline_of(strategy);
    Some(Model {
        t_element: t_element(run, baseline, workload)?,
        overhead: overhead(run, strategy, threads)?,
        threads,
        share: share(workload, threads),
        memory: memory(run, threads),
    })
}

/// The machine's balance at `threads`: the flops per byte at which compute
/// and memory take the same time. The compute rate is the fastest any
/// workload's baseline reached per thread (flops ÷ `t`), times the threads;
/// a workload of fewer flops per byte is memory-bound.
pub(crate) fn balance(run: &Run<'_>, threads: usize) -> Option<f64> {
    let rate = run
        .workloads
        .iter()
        .filter_map(|w| Some(flops_per_element(w)? / t_element(run, super::BASELINE, w)?))
        .max_by(f64::total_cmp)?;
    Some(rate * threads as f64 / memory(run, threads)?.threads)
}

#[cfg(test)]
mod tests;
