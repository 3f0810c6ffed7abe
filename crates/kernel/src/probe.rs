//! Any `Op` behind one pointer per chunk, and a probe that sees which
//! threads really ran chunks.
//!
//! Strategies are generic over [`Op`], so the per-element call is inlined
//! into the chunk loop. A registry of strategies that the command line
//! chooses from at run time cannot be generic, though: it needs one type of
//! `Op` for every strategy and every function a test or a reader brings.
//! [`DynOp`] is that type. It pays one indirect call per *chunk*, never per
//! element: behind the pointer, [`update_chunk`] runs the real `Op`'s kernel,
//! compiled for that type.
//!
//! A speedup only means something if the work really forked. [`Probed`]
//! wraps an `Op` and, while its [`ThreadProbe`] is armed, records the
//! thread that runs each chunk; disarmed, it costs one relaxed load per
//! chunk. The benchmark and `doall run` arm it for a few untimed calls after
//! the timed ones and report how many distinct threads did the work.

use std::{
    sync::{
        Mutex,
        atomic::{AtomicBool, Ordering},
    },
    thread::{self, ThreadId},
};

use crate::{LANES, Op, update_chunk};

/// What a [`DynOp`] points to: any [`Op`], seen through its chunk kernel.
///
/// Every `Op` is a `ChunkOp`; you never implement it yourself.
pub trait ChunkOp: Sync {
    /// [`Op::apply`] of the `Op` behind the pointer.
    fn apply_one(&self, x: f64) -> f64;
    /// [`update_chunk`] with the `Op` behind the pointer.
    fn update(&self, chunk: &mut [f64]);
}

impl<O: Op> ChunkOp for O {
    fn apply_one(&self, x: f64) -> f64 {
        self.apply(x)
    }

    fn update(&self, chunk: &mut [f64]) {
        update_chunk(chunk, self);
    }
}

/// An [`Op`] chosen at run time: every strategy given a `DynOp` computes
/// exactly what it computes with the `Op` inside.
///
/// ```
/// use doall_kernel::{update_chunk, DynOp, Workload, initial_vector};
///
/// let mut direct = initial_vector(100)?;
/// let mut erased = direct.clone();
/// update_chunk(&mut direct, &Workload::Heavy);
/// update_chunk(&mut erased, &DynOp(&Workload::Heavy));
/// assert_eq!(direct, erased);
/// # Ok::<(), doall_kernel::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct DynOp<'a>(pub &'a dyn ChunkOp);

impl Op for DynOp<'_> {
    fn apply(&self, x: f64) -> f64 {
        self.0.apply_one(x)
    }

    fn apply_lanes(&self, xs: [f64; LANES]) -> [f64; LANES] {
        xs.map(|x| self.0.apply_one(x))
    }

    /// One indirect call for the whole chunk, to the inner `Op`'s own kernel.
    fn chunk_kernel(&self, chunk: &mut [f64]) {
        self.0.update(chunk);
    }
}

/// Records the distinct threads that run chunks while it is armed.
#[derive(Debug, Default)]
pub struct ThreadProbe {
    armed: AtomicBool,
    seen: Mutex<Vec<ThreadId>>,
}

impl ThreadProbe {
    /// A disarmed probe that has seen no thread.
    pub fn new() -> ThreadProbe {
        ThreadProbe::default()
    }

    /// Starts recording: call it before the call to observe. A strategy
    /// hands its chunks to its threads through a channel, a lock or a
    /// spawn, each of which orders this store before the chunks run, so a
    /// relaxed store is enough.
    pub fn arm(&self) {
        self.seen_threads().clear();
        self.armed.store(true, Ordering::Relaxed);
    }

    /// Stops recording and returns how many distinct threads ran at least
    /// one chunk since [`ThreadProbe::arm`].
    pub fn disarm(&self) -> usize {
        self.armed.store(false, Ordering::Relaxed);
        let mut seen = self.seen_threads();
        let count = seen.len();
        seen.clear();
        count
    }

    // ANCHOR: probe_record
    fn record(&self) {
        if self.armed.load(Ordering::Relaxed) {
            let id = thread::current().id();
            let mut seen = self.seen_threads();
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
    }
    // ANCHOR_END: probe_record

    /// The list survives a panicking chunk: recording never panics while
    /// the lock is held, so a poisoned lock still holds a whole list.
    fn seen_threads(&self) -> std::sync::MutexGuard<'_, Vec<ThreadId>> {
        self.seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// An [`Op`] that tells its [`ThreadProbe`] which thread runs each chunk.
///
/// ```
/// use doall_kernel::{update_chunk, Probed, ThreadProbe, Workload};
///
/// let probe = ThreadProbe::new();
/// let op = Probed::new(&Workload::Light, &probe);
/// let mut v = vec![0.5; 64];
/// update_chunk(&mut v, &op); // disarmed: nothing recorded
/// probe.arm();
/// std::thread::scope(|s| {
///     let (left, right) = v.split_at_mut(32);
///     s.spawn(|| update_chunk(left, &op));
///     update_chunk(right, &op);
/// });
/// assert_eq!(probe.disarm(), 2);
/// # Ok::<(), doall_kernel::Error>(())
/// ```
pub struct Probed<'a, O> {
    op: &'a O,
    probe: &'a ThreadProbe,
}

impl<'a, O: Op> Probed<'a, O> {
    /// `op`, reporting to `probe`.
    pub fn new(op: &'a O, probe: &'a ThreadProbe) -> Probed<'a, O> {
        Probed { op, probe }
    }
}

impl<O: Op> Op for Probed<'_, O> {
    fn apply(&self, x: f64) -> f64 {
        self.op.apply(x)
    }

    fn apply_lanes(&self, xs: [f64; LANES]) -> [f64; LANES] {
        self.op.apply_lanes(xs)
    }

    // ANCHOR: probed_kernel
    fn chunk_kernel(&self, chunk: &mut [f64]) {
        self.probe.record();
        update_chunk(chunk, self.op);
    }
    // ANCHOR_END: probed_kernel
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Workload, initial_vector};

    #[test]
    fn a_disarmed_probe_records_nothing_and_arming_forgets_the_last_call() {
        let probe = ThreadProbe::new();
        let op = Probed::new(&Workload::Heavy, &probe);
        let mut v = initial_vector(40).expect("small");
        update_chunk(&mut v, &op);
        assert_eq!(probe.disarm(), 0);
        probe.arm();
        update_chunk(&mut v[..20], &op);
        update_chunk(&mut v[20..], &op);
        assert_eq!(probe.disarm(), 1, "one thread, however many chunks");
        probe.arm();
        assert_eq!(probe.disarm(), 0);
    }

    #[test]
    fn probed_and_erased_ops_leave_the_bits_of_the_op_inside() {
        for workload in Workload::ALL {
            let probe = ThreadProbe::new();
            let probed = Probed::new(&workload, &probe);
            let erased = DynOp(&probed);
            let mut expected = initial_vector(1000).expect("small");
            let mut got = expected.clone();
            update_chunk(&mut expected, &workload);
            update_chunk(&mut got, &erased);
            assert!(crate::same_bits(&expected, &got));
            assert_eq!(erased.apply(0.25).to_bits(), workload.apply(0.25).to_bits());
        }
    }
}
