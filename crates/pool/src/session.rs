//! The caller's side: [`session`] opens a pool over a vector, and the
//! [`Session`] it lends to the body runs calls over the chunks it dealt
//! out once.

use std::{
    marker::PhantomData,
    panic, thread,
    time::{Duration, Instant},
};

use doall_kernel::{Op, Plan, available_threads, split_chunks};

use crate::{
    Error, MAX_THREADS, PoolConfig,
    config::check_spin_budget,
    mailbox::{
        Chunk, ChunkPanic, Control, Mailbox, Share, open, spin_then_park, stop_workers, work,
    },
    wake::{AtPublish, Ledger},
};

/// How long a caller done with its own share waits for a spinning worker
/// to claim its share before running it itself: many times what a spinning
/// worker takes to see a call, far less than an OS wake-up.
const TAKE_BACK_GRACE: Duration = Duration::from_micros(5);

/// Opens a session: starts `min(threads, chunks) − 1` workers that borrow
/// `v` until the session ends, runs `body` with the [`Session`] (on this
/// thread), then stops and joins the workers and returns `body`'s result.
///
/// The chunks are dealt out once, when the session opens: thread `t` of `T`
/// (`T = min(threads, chunks)`) owns chunks `t, t + T, …`, and the caller is
/// thread `T − 1`; with a chunk count that `T` divides (one chunk per
/// thread, the default, included) its share ends with the last chunk. Each
/// worker keeps its share in its mailbox for the whole session. Each [`Session::do_all`] then moves no data, only call numbers.
/// Between calls the body reads or resets the vector through the session
/// ([`Session::with_chunks`], [`Session::copy_from_slice`]); after the
/// session, `v` is the caller's again.
///
/// Before it lends the session to `body`, the caller waits until every
/// worker runs, then wakes each one: a handshake that lets the OS spread
/// the threads over the cores (`open`, in `mailbox.rs`, says why).
///
/// # Why a session, not a pool that outlives the call
/// The obvious pool keeps its workers in `'static` threads and hands them
/// each call's chunks. It does not compile:
///
// ANCHOR: naive_pool
/// ```compile_fail,E0521
/// use std::{sync::mpsc, thread};
///
/// /// One long-lived worker that runs every job it is sent.
/// struct NaivePool {
///     jobs: mpsc::Sender<Box<dyn FnOnce() + Send>>, // `+ 'static`, implied
/// }
///
/// impl NaivePool {
///     fn new() -> NaivePool {
///         let (jobs, inbox) = mpsc::channel::<Box<dyn FnOnce() + Send>>();
///         thread::spawn(move || inbox.into_iter().for_each(|job| job()));
///         NaivePool { jobs }
///     }
///
///     /// Hands `job` to the worker, which may run it at any later time.
///     fn execute(&self, job: impl FnOnce() + Send + 'static) {
///         self.jobs.send(Box::new(job)).expect("the worker is alive");
///     }
///
///     fn do_all(&self, v: &mut [f64]) {
///         let (left, right) = v.split_at_mut(v.len() / 2);
///         // The compiler: "borrowed data escapes outside of method".
///         self.execute(move || left.iter_mut().for_each(|x| *x += 1.0));
///         right.iter_mut().for_each(|x| *x += 1.0);
///         // ... and wait until the worker signals that `left` is done.
///     }
/// }
/// ```
// ANCHOR_END: naive_pool
///
/// The worker outlives every call, so what it is sent must be `'static`,
/// and `left` lives only as long as this call's borrow of `v`. Waiting for
/// the worker before returning would be sound, but the compiler cannot see
/// the wait, and a caller that panicked while waiting would return with the
/// worker still writing. `std::thread::scope` makes that promise in safe
/// Rust: it joins its threads before it returns, even when unwinding. So
/// the pool lives inside a scope, which borrows `v` for a whole session.
///
/// # Errors
/// [`Error::SpinBudget`], [`Error::TooManyThreads`] or [`Error::Spawn`],
/// before `body` runs and before `v` is touched.
///
/// # Panics
/// If `body` panics (a panic of `op` that `body` does not catch included),
/// after every worker is joined, with the original payload.
// ANCHOR: session
pub fn session<O: Op, R>(
    v: &mut [f64],
    op: &O,
    plan: Plan,
    config: PoolConfig,
    body: impl FnOnce(&mut Session<'_, '_, O>) -> R,
) -> Result<R, Error> {
    // `config`'s fields are public, so a budget above the limit can get here
    // without `PoolConfig::with_spin_budget`: refuse it before any thread.
    check_spin_budget(config.spin_budget)?;
    let (len, chunks) = (v.len(), plan.chunks().get());
    let threads = plan.threads().get().min(chunks);
    if threads > MAX_THREADS {
        let max = MAX_THREADS;
        return Err(Error::TooManyThreads { threads, max });
    }
    // ANCHOR: session_shares
    let mut shares: Vec<Share<'_>> = (0..threads).map(|_| Share::default()).collect();
    for (index, data) in split_chunks(v, chunks).enumerate() {
        shares[index % threads].chunks.push(Chunk { index, data });
    }
    // `threads` is at least 1, so there is a last share: the caller's.
    let own = shares.pop().unwrap_or_default();
    // ANCHOR_END: session_shares
    let mailboxes: Vec<Mailbox<'_>> = shares.into_iter().map(Mailbox::new).collect();
    let control = Control::new(mailboxes.len());
    // The caller counts as one spinning thread; so the first `cores − 1`
    // workers may spin, and the caller too if every thread has a core.
    let cores = available_threads().get();
    let spin_budget_of = |spins: bool| {
        if spins {
            config.spin_budget
        } else {
            Duration::ZERO
        }
    };
    thread::scope(|scope| {
        // Created before the workers: if a spawn fails, or `body` panics,
        // dropping the session stops the workers already started.
        let mut session = Session {
            op,
            mailboxes: &mailboxes,
            workers: Vec::with_capacity(mailboxes.len()),
            control: &control,
            own,
            call: 0,
            len,
            chunks,
            caller_spin_budget: spin_budget_of(threads <= cores),
            take_back: config.take_back,
            ledgers: vec![Default::default(); mailboxes.len()],
            share_cost: None,
            wake_up_price: if config.take_back {
                config.wake_up_price
            } else {
                Duration::ZERO
            },
            stats: Stats::default(),
            not_send: PhantomData,
        };
        for (index, mailbox) in mailboxes.iter().enumerate() {
            let spin_budget = spin_budget_of(index + 2 <= cores);
            let control = &control;
            let spawned = thread::Builder::new()
                .name(format!("doall-pool-{index}"))
                .spawn_scoped(scope, move || work(mailbox, control, op, spin_budget));
            match spawned {
                Ok(worker) => session.workers.push(worker.thread().clone()),
                Err(source) => {
                    let workers = mailboxes.len();
                    return Err(Error::Spawn {
                        index,
                        workers,
                        source,
                    });
                }
            }
        }
        open(&control, &session.workers);
        Ok(body(&mut session))
    })
}
// ANCHOR_END: session

/// The pool and the vector it works on, borrowed for the session: the
/// argument of the body that [`session`] runs.
///
/// A `Session` is not `Send`: its calls run on the thread that opened it,
/// the thread the workers wake when they finish. Calling from another
/// thread does not compile:
///
// ANCHOR: session_not_send
/// ```compile_fail,E0277
/// use doall_kernel::{Plan, Workload};
/// use doall_pool::PoolConfig;
///
/// let mut v = vec![0.0; 64];
/// let plan = Plan::new(2, None).expect("2 > 0");
/// doall_pool::session(&mut v, &Workload::Light, plan, PoolConfig::default(), |pool| {
///     // The compiler: "`*const ()` cannot be sent between threads safely".
///     std::thread::scope(|scope| scope.spawn(|| pool.do_all()).join())
/// });
/// ```
// ANCHOR_END: session_not_send
pub struct Session<'pool, 'v, O> {
    op: &'pool O,
    mailboxes: &'pool [Mailbox<'v>],
    /// The workers' handles, to unpark them; one per mailbox once started.
    workers: Vec<std::thread::Thread>,
    control: &'pool Control,
    /// The caller's own chunks: the last share (thread `T − 1`'s).
    own: Share<'v>,
    /// The number of the last call (0: none yet).
    call: u64,
    len: usize,
    chunks: usize,
    /// Zero when the threads outnumber the cores: then a waiting caller
    /// parks at once rather than take a core from a worker.
    caller_spin_budget: Duration,
    take_back: bool,
    /// What the caller knows of each worker's sleep, one per mailbox.
    ledgers: Vec<Ledger>,
    /// How long the caller's own share took the last time it was timed
    /// (in a call that found a worker parked); `None` before.
    share_cost: Option<Duration>,
    /// [`PoolConfig::wake_up_price`], or zero without take-back: a
    /// caller that does not take shares back must wake every worker.
    wake_up_price: Duration,
    stats: Stats,
    /// A raw pointer is neither `Send` nor `Sync`, and neither is a struct
    /// that holds one: this keeps every call on the thread in `control`.
    not_send: PhantomData<*const ()>,
}

impl<O: Op> Session<'_, '_, O> {
    /// Runs one fork-join call over the whole vector: `v[i] += op(v[i])`.
    ///
    /// Returns how many threads really ran a chunk in this call, the caller
    /// included: the pool's `T` unless the caller took back shares that no
    /// worker had started (see [`PoolConfig::take_back`]).
    ///
    /// # Panics
    /// If `op` panics in any chunk, once every share is finished, with the
    /// payload of the failing chunk of lowest index. The session stays
    /// usable.
    // ANCHOR: session_do_all
    pub fn do_all(&mut self) -> usize {
        self.call += 1;
        let call = self.call;
        self.stats.calls += 1;
        let mut any_parked = false;
        let workers = self.mailboxes.iter().zip(&self.workers);
        for ((mailbox, worker), ledger) in workers.zip(&mut self.ledgers) {
            let asleep = mailbox.publish(call);
            // The rule of `crate::wake`: wake a parked worker only once the
            // work run in its place pays for the wake-up.
            if ledger.publish(asleep, self.share_cost, self.wake_up_price) == AtPublish::Woken {
                worker.unpark();
                self.stats.wake_ups += 1;
            }
            any_parked |= asleep;
        }
        // The own share is timed only when a worker was parked: then the
        // call pays for a wake-up or a share anyway, and back-to-back calls
        // on spinning workers read no clock for it.
        let own_start = any_parked.then(Instant::now);
        self.own.run(self.op);
        if let Some(start) = own_start {
            self.share_cost = Some(start.elapsed());
        }
        let mut taken_back = 0;
        if self.take_back {
            // A parked worker needs an OS wake-up (tens of microseconds):
            // its share is taken back at once. A spinning worker claims its
            // share within a fraction of a microsecond, so the caller gives
            // it a short grace: taking back a share that is about to start
            // would make a small call run on one thread, which is no fork.
            // A spinning worker that the OS has put aside (on a busy
            // machine, for a time slice) gets no grace either: it has not
            // polled lately, and would not claim its share in time.
            let now = Instant::now();
            let grace_ends = now + TAKE_BACK_GRACE;
            let sleepers = self.mailboxes.iter().zip(&mut self.ledgers);
            for (mailbox, ledger) in sleepers.rev() {
                let waits = !ledger.at_publish().was_parked()
                    && mailbox.seems_on_a_core(self.control.epoch, now);
                while waits && !mailbox.is_claimed(call) && Instant::now() < grace_ends {
                    std::hint::spin_loop();
                }
                if mailbox.claim(call) {
                    let start = ledger.at_publish().was_parked().then(Instant::now);
                    mailbox.lock_share().run(self.op);
                    mailbox.finish(call);
                    if let Some(start) = start {
                        ledger.ran_share(start.elapsed());
                    }
                    if ledger.at_publish() == AtPublish::LeftAsleep {
                        self.stats.shares_run_for_sleepers += 1;
                    }
                    taken_back += 1;
                }
            }
            self.stats.shares_taken_back += taken_back as u64;
        }
        let mailboxes = self.mailboxes;
        spin_then_park(
            self.caller_spin_budget,
            &self.control.caller_sleeping,
            |order| {
                mailboxes
                    .iter()
                    .all(|m| m.is_done(call, order))
                    .then_some(())
            },
            |_| {},
        );
        if let Some(failed) = self.take_first_panic() {
            panic::resume_unwind(failed.payload);
        }
        self.threads() - taken_back
    }
    // ANCHOR_END: session_do_all

    /// Takes every panic of the last call out of its share (so the next
    /// call starts clean) and returns the one of the lowest chunk index.
    fn take_first_panic(&mut self) -> Option<ChunkPanic> {
        let mut first = self.own.panic.take();
        for mailbox in self.mailboxes {
            if let Some(failed) = mailbox.lock_share().panic.take()
                && first.as_ref().is_none_or(|f| failed.chunk < f.chunk)
            {
                first = Some(failed);
            }
        }
        first
    }
}

impl<O> Session<'_, '_, O> {
    /// What the session's calls have done so far: how often the caller
    /// woke a worker, and how often it ran a worker's share.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The threads of a call, the caller included: `min(threads, chunks)`.
    pub fn threads(&self) -> usize {
        self.mailboxes.len() + 1
    }

    /// The number of chunks of a call.
    pub fn chunks(&self) -> usize {
        self.chunks
    }

    /// The vector's length.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the vector is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Runs `f` on the vector, given as its chunks in order (the chunk
    /// bounds of docs/SPEC.md §4), between two calls.
    ///
    /// The session cannot lend the vector as one `&mut [f64]`: it was cut
    /// into chunks for the whole session, and safe Rust can split a `&mut`
    /// slice but never join the pieces back. `f` gets fresh borrows of the
    /// chunks, so reordering them in the slice changes nothing.
    pub fn with_chunks<R>(&mut self, f: impl FnOnce(&mut [&mut [f64]]) -> R) -> R {
        let mut guards: Vec<_> = self.mailboxes.iter().map(Mailbox::lock_share).collect();
        let mut by_thread: Vec<_> = guards
            .iter_mut()
            .map(|share| share.chunks.iter_mut())
            .chain([self.own.chunks.iter_mut()])
            .collect();
        let threads = by_thread.len();
        // Chunk c belongs to thread c % T, where it is the (c / T)-th.
        let mut chunks: Vec<&mut [f64]> = (0..self.chunks)
            .filter_map(|c| by_thread[c % threads].next())
            .map(|chunk| &mut *chunk.data)
            .collect();
        f(&mut chunks)
    }

    /// Copies `src` into the vector, e.g. to reset it before a timed call.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `src` is not as long as the vector.
    pub fn copy_from_slice(&mut self, src: &[f64]) -> Result<(), Error> {
        if src.len() != self.len {
            return Err(Error::LengthMismatch {
                expected: self.len,
                got: src.len(),
            });
        }
        self.with_chunks(|chunks| {
            let mut rest = src;
            for chunk in chunks {
                let (head, tail) = rest.split_at(chunk.len());
                chunk.copy_from_slice(head);
                rest = tail;
            }
        });
        Ok(())
    }

    /// A copy of the vector as it is between two calls.
    pub fn to_vec(&mut self) -> Vec<f64> {
        self.with_chunks(|chunks| chunks.concat())
    }
}

/// Counts of what a session's calls did, for tests and curious callers
/// ([`Session::stats`]). They count events, not time, so they can be
/// asserted without timing anything.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Calls made ([`Session::do_all`]).
    pub calls: u64,
    /// Workers the caller woke with an OS call (`unpark`) when it published
    /// a call, because they had parked and their share was worth it.
    pub wake_ups: u64,
    /// Shares of parked workers that the caller ran itself and did not
    /// wake the worker for: the rent of [`PoolConfig::wake_up_price`].
    pub shares_run_for_sleepers: u64,
    /// Shares the caller took back in all: those above, those of woken
    /// workers that had not started by the time the caller was done with
    /// its own, and those of spinning workers that missed their grace.
    pub shares_taken_back: u64,
}

impl<O> Drop for Session<'_, '_, O> {
    /// Stops the workers; the scope around the session then joins them.
    /// It runs however the session ends: after the body, when the body
    /// panics, or when a worker could not be started.
    fn drop(&mut self) {
        stop_workers(self.control, self.mailboxes, &self.workers, self.call);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use doall_kernel::{Plan, Workload};

    use crate::{PoolConfig, session};

    #[test]
    fn the_body_starts_only_once_every_worker_runs_and_has_left_the_dock() {
        let mut v = vec![1.0; 64];
        for threads in [1, 2, 5] {
            let plan = Plan::new(threads, None).expect("positive");
            session(
                &mut v,
                &Workload::Light,
                plan,
                PoolConfig::default(),
                |pool| {
                    let control = pool.control;
                    assert_eq!(control.workers, threads - 1);
                    assert_eq!(control.started.load(Ordering::SeqCst), threads - 1);
                    assert!(control.open.load(Ordering::SeqCst));
                    assert_eq!(pool.workers.len(), threads - 1);
                },
            )
            .expect("a few threads");
        }
    }
}
