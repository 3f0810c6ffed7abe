//! One visit of one configuration: warm up, plan the samples from what the
//! warm-up saw, take them, then make the untimed probed calls that count the
//! threads used. The same loop visits a Rust strategy in this process and
//! a peer in its own process, so both are sampled by the same rules.

use std::time::{Duration, Instant};

use super::schedule::Sampling;
use crate::Error;

/// What a visit needs of what it measures.
pub trait Visited {
    /// Times `calls` calls, each on a fresh copy of the starting vector
    /// (not timed) after `gap` of busy work (not timed); returns their total.
    fn time_calls(&mut self, calls: u64, gap: Duration) -> Result<Duration, Error>;
    /// Checks that the last call left exactly the right bits: a wrong
    /// result is a bug, never noise, and stops the run.
    fn check(&mut self) -> Result<(), Error>;
    /// Makes `calls` untimed calls after `gap` each and returns how many
    /// threads ran chunks in each (empty for what has no threads to count).
    fn probe(&mut self, calls: usize, gap: Duration) -> Result<Vec<usize>, Error>;
}

/// What one visit measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// Seconds per call of each sample.
    pub samples: Vec<f64>,
    /// Threads that ran chunks in each probed call (empty for a kernel or
    /// the bandwidth pass, which have no strategy to probe).
    pub threads_used: Vec<usize>,
}

/// The untimed probed calls of a visit: as many as fit in this many
/// seconds, within [`MIN_PROBES`] and [`MAX_PROBES`]. A hundred calls per
/// round can tell 99% of calls on every thread from 98%; a call long
/// enough that only the minimum fits keeps every thread busy for
/// milliseconds, and each more probe of the largest vectors costs a call.
const PROBE_BUDGET_S: f64 = 0.02;
const MIN_PROBES: f64 = 2.0;
const MAX_PROBES: f64 = 100.0;

/// Visits `target`: every call after `gap`, sampled as `sampling` says.
pub fn visit(
    target: &mut impl Visited,
    sampling: &Sampling,
    gap: Duration,
) -> Result<Visit, Error> {
    let warm_up = Instant::now();
    let (mut calls, mut timed, mut batch) = (0u64, Duration::ZERO, 1u64);
    loop {
        timed += target.time_calls(batch, gap)?;
        calls += batch;
        let elapsed = warm_up.elapsed().as_secs_f64();
        if elapsed >= sampling.warm_up_s {
            break;
        }
        // Batches double, but never past the warm-up's end by much.
        let per_call = elapsed / calls as f64;
        let to_end = ((sampling.warm_up_s - elapsed) / per_call).ceil();
        batch = (to_end.max(1.0) as u64).min(batch.saturating_mul(2));
    }
    let wall_per_call_s = warm_up.elapsed().as_secs_f64() / calls as f64;
    let check_start = Instant::now();
    target.check()?;
    let check_s = check_start.elapsed().as_secs_f64();
    // After an idle gap, a sample of a millisecond of calls would take
    // a hundred times as long in gaps; each call is timed on its own
    // anyway, so a gap's calls plan by their wall time.
    let call_s = if gap.is_zero() {
        timed.as_secs_f64() / calls as f64
    } else {
        wall_per_call_s
    };
    let plan = sampling.plan(call_s, wall_per_call_s, check_s);
    let mut samples = Vec::with_capacity(plan.samples);
    for _ in 0..plan.samples {
        let total = target.time_calls(plan.calls_per_sample, gap)?;
        samples.push(total.as_secs_f64() / plan.calls_per_sample as f64);
        target.check()?;
    }
    let probes = (PROBE_BUDGET_S / wall_per_call_s).clamp(MIN_PROBES, MAX_PROBES) as usize;
    let threads_used = target.probe(probes, gap)?;
    target.check()?;
    Ok(Visit {
        samples,
        threads_used,
    })
}
