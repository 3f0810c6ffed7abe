//! # `pool`: a persistent pool in safe std Rust, fork-join in under a microsecond
//!
//! Go's `DoAll` is cheap because a goroutine is: the runtime keeps idle
//! threads spinning for a moment, so `go` plus a channel signal costs well
//! under a microsecond. A new OS thread per chunk (`std-mpsc`, `std-scope`)
//! costs tens of microseconds, and a pool whose workers sleep (rayon) pays
//! a wake-up of about as much, on a machine where 4 096 elements of `heavy`
//! take 24–35 µs on one core. This crate does what OpenMP's runtime does:
//! `T − 1` workers that live for many calls, plus the calling thread, which
//! runs a share itself; idle workers spin for a while before they sleep.
//!
//! ## Why a session: a `'static` pool cannot borrow a call's vector
//! The obvious pool keeps its workers in `'static` threads and hands them
//! each call's chunks. It does not compile:
//!
// ANCHOR: naive_pool
//! ```compile_fail,E0521
//! use std::{sync::mpsc, thread};
//!
//! /// One long-lived worker that runs every job it is sent.
//! struct NaivePool {
//!     jobs: mpsc::Sender<Box<dyn FnOnce() + Send>>, // `+ 'static`, implied
//! }
//!
//! impl NaivePool {
//!     fn new() -> NaivePool {
//!         let (jobs, inbox) = mpsc::channel::<Box<dyn FnOnce() + Send>>();
//!         thread::spawn(move || inbox.into_iter().for_each(|job| job()));
//!         NaivePool { jobs }
//!     }
//!
//!     /// Hands `job` to the worker, which may run it at any later time.
//!     fn execute(&self, job: impl FnOnce() + Send + 'static) {
//!         self.jobs.send(Box::new(job)).expect("the worker is alive");
//!     }
//!
//!     fn do_all(&self, v: &mut [f64]) {
//!         let (left, right) = v.split_at_mut(v.len() / 2);
//!         // The compiler: "borrowed data escapes outside of method".
//!         self.execute(move || left.iter_mut().for_each(|x| *x += 1.0));
//!         right.iter_mut().for_each(|x| *x += 1.0);
//!         // ... and wait until the worker signals that `left` is done.
//!     }
//! }
//! ```
// ANCHOR_END: naive_pool
//!
//! The worker outlives every call, so what it is sent must be `'static`,
//! and `left` lives only as long as this call's borrow of `v`. Waiting for
//! the worker's signal before returning would make it sound, but the
//! compiler cannot see the wait, and a caller that panicked while waiting
//! would return with the worker still writing. (rayon's `scope` makes that
//! promise with `unsafe` code and a wait that also runs on unwinding.)
//!
//! Safe Rust can make the promise only with `std::thread::scope`, which
//! joins its threads before it returns. So the pool lives *inside* a scope,
//! and the scope borrows the vector for a whole **session** of many calls:
//! [`session`] cuts the vector into its chunks once, gives each worker its
//! share of them in its mailbox for the whole session, runs your `body`
//! with a [`Session`], and stops and joins the workers when `body` returns.
//! Each [`Session::do_all`] then moves no data, only call numbers. Between
//! calls the caller reads or resets the vector through the mailboxes
//! ([`Session::with_chunks`], [`Session::copy_from_slice`]); after the
//! session, `v` is the caller's again.
//!
//! ## One call
//! Thread `t` of `T` owns chunks `t, t + T, …`; the caller is thread
//! `T − 1` and owns the last chunk. Each worker has a mailbox on its own
//! cache lines (`#[repr(align(128))]`) holding three call counters and its
//! share behind a `Mutex`.
//! 1. The caller writes the new call number into each mailbox. A worker
//!    that has set its `sleeping` flag needs an OS wake-up; the caller
//!    unparks it only if the call is worth it (below, *Waking a parked
//!    worker*), and otherwise leaves it asleep and will run its share.
//! 2. It runs its own share. A worker spinning on its mailbox sees the call
//!    within a fraction of a microsecond, *claims* it (moves `claimed` to
//!    the call's number), runs its share and sets `done`.
//! 3. With [`PoolConfig::take_back`], the caller then claims and runs the
//!    share of every worker that was parked when the call was published,
//!    woken or not, rather than wait for its OS wake-up, and of every
//!    spinning worker that has not claimed its share within a few
//!    microseconds. It does not take back from a spinning worker at once:
//!    on a call of a few hundred nanoseconds the caller would win every
//!    race, and the call would never fork. But a spinning worker that has
//!    not polled lately (the OS has given its core to another program)
//!    gets no grace: it would not come in time. A worker that loses the
//!    claim goes back to waiting. `do_all` returns the number of threads
//!    that really ran a share, so a speedup never hides a call that did
//!    not fork.
//! 4. The caller waits for every `done` the same way the workers wait for
//!    calls: it spins, then parks and lets the last worker unpark it. It
//!    never spins on a parked worker: the shares it waits for have been
//!    claimed by running workers.
//!
//! An idle thread spins for [`PoolConfig::spin_budget`] (the analogue of
//! OpenMP's `GOMP_SPINCOUNT`, measured in time), then parks. Spinning keeps
//! a core busy, so at most [`doall_kernel::available_threads`] threads spin,
//! the caller counted: with more threads than cores, the extra workers park
//! at once, and so does a waiting caller. Other programs still compete for
//! the cores, and the scheduler may then put the caller and a worker on the
//! same one: a spinner would keep the other off it for its whole budget
//! (under load, calls many times as long as they should be). So a spinning
//! thread also yields its core every few microseconds.
//!
//! The budget is at most [`MAX_SPIN_BUDGET`], one second: a spin saves at
//! most one wake-up (microseconds to tens of microseconds), so a longer one
//! gains nothing and only keeps a core busy. A larger budget is refused
//! with [`Error::SpinBudget`], naming it and the limit, by
//! [`PoolConfig::with_spin_budget`] and, since the fields are public, by
//! [`session`] too, before it starts a thread or touches `v`. To read a
//! budget from a flag or a variable, [`parse_spin_budget`] takes text such
//! as `0`, `200us`, `200µs` or `1.5ms`; bad text is an
//! [`Error::SpinBudgetText`], one line naming the text and what is accepted.
//!
//! ```
//! use doall_pool::{Error, PoolConfig, parse_spin_budget};
//!
//! let config = PoolConfig::default().with_spin_budget(parse_spin_budget("50us")?)?;
//! assert_eq!(config.spin_budget.as_micros(), 50);
//! assert_eq!(
//!     parse_spin_budget("200s").expect_err("over a second").to_string(),
//!     "spin budget \"200s\" is not valid (200s is more than the limit); \
//!      expected a duration of at most 1s, such as 0, 50us, 200µs or 1.5ms",
//! );
//! # Ok::<(), Error>(())
//! ```
//!
//! ## Waking a parked worker: ski rental
//! Once the gap between calls outlasts the spin budget, the workers have
//! parked, and waking one costs the caller a system call, and the worker
//! its way back onto a core, which takes longer than a small call lasts.
//! A pool that always wakes its workers (this one did) pays that on every
//! call after a gap, only to run the shares itself while the workers are
//! still waking. So the caller keeps, per worker, the *rent*: the time it
//! has spent running that worker's shares since it found it parked. It
//! wakes the worker when the rent, plus the cost of this call's share (as
//! the caller last timed its own), reaches [`PoolConfig::wake_up_price`]
//! (until the caller has timed a share of the session, it wakes them):
//! - a call whose share alone is worth a wake-up wakes its workers at once;
//! - a stream of calls worth less regains its workers after the few calls
//!   whose rent pays for the wake-up, and keeps them spinning from then on;
//! - small calls after idle gaps make no system call; a long run of them
//!   pays one wake-up per price's worth of rent, so at most doubles what
//!   the caller spent on the sleepers' shares, the classic bound of ski
//!   rental (never pay more than twice what the best choice in hindsight
//!   would have).
//!
//! A call whose shares the caller ran alone ran on one thread, and
//! `do_all` says so: the benchmark's probe reports such calls as 1 thread,
//! and the speedup of small calls after idle gaps is that of a sequential
//! loop, not of a fork. [`Session::stats`] counts the wake-ups and the
//! shares run for sleepers.
//!
//! ## A session starts with a handshake
//! A new thread often starts on the core of the thread that spawned it,
//! and Linux moves a *running* thread to an idle core only when its load
//! balancer next looks; until then a spinning caller and a spinning worker
//! take turns on one core, and every call runs on one thread. A thread that
//! *wakes up*, though, is placed on an idle core at once if there is one.
//! So [`session`] does not run `body` until every worker has reported that
//! it runs: the workers report and park (a dock), the caller parks until
//! the last one wakes it, then wakes each worker. Every thread of the
//! session has then just been woken while the others ran, and the
//! scheduler has spread them. This costs two wake-ups per worker when the
//! session opens, none per call. (The OS may still put two threads on one
//! core later, when other programs compete for the cores; safe, std-only
//! Rust cannot pin threads to cores.)
//!
//! ## What the pool took from others
//! - From OpenMP's runtime (libgomp): the spin-then-sleep wait with a
//!   budget (`GOMP_SPINCOUNT`, here a time, [`PoolConfig::spin_budget`]),
//!   fewer spinners than cores (libgomp throttles its spin when threads
//!   outnumber cores), and the dock at the start of a team, where new
//!   threads wait at a barrier that the master thread joins before the
//!   team runs.
//! - From chili: sharing only work that has run long enough to pay for
//!   sharing. Chili's workers sleep on a condition variable, and a thread
//!   offers half of its work to them only after a heartbeat (every hundred
//!   microseconds by default), so the cost of a wake-up is spread over at
//!   least that much work; the owner runs its own half back if nobody took
//!   it. Here the caller's rent plays the heartbeat's part, counted in the
//!   work it did for the sleepers rather than in elapsed time, since a
//!   session's calls are all the same size. Chili also waits at a barrier
//!   until its workers run before it hands out its pool.
//! - From fork_union: one counter per call that spinning workers watch
//!   (its "generation" or epoch; here each worker's `call` in its own
//!   padded mailbox, so that the caller can tell which worker claimed a
//!   share), and the caller working as thread 0. Fork_union's workers spin
//!   (yielding) until told to sleep, and the caller busy-waits for them;
//!   this pool parks both after its budget instead, so that an idle pool
//!   frees its cores, and pays for it with the rule above. Fork_union also
//!   pins its threads to cores, which std alone cannot do.
//!
//! **Use it** when one vector is processed by many short calls (a time step,
//! an iteration) and a call's work is worth more than a microsecond but less
//! than a wake-up. Spinning workers take cores from everything else on the
//! machine for up to a spin budget after each call: for long calls or a
//! shared machine, rayon's sleeping workers are the better neighbours.
//!
//! # Panics
//! A chunk's panic is caught in the thread that runs it, which stops its
//! share there (its later chunks are left untouched; the failing one is
//! updated as far as `seq` would update it) and signals as usual. Every
//! other share runs to the end; then `do_all` resumes the panic of the
//! failing chunk of lowest index in the caller, with its original payload,
//! and the session stays usable. A panic that leaves `body` ends the session:
//! the workers are stopped and joined, then [`session`] resumes it
//! ([`PANIC_PROMISE`]).
//!
//! ```
//! use doall_kernel::{initial_vector, Plan, Workload};
//! use doall_pool::PoolConfig;
//!
//! let initial = initial_vector(4096)?;
//! let mut v = initial.clone();
//! let plan = Plan::new(2, None)?;
//! let threads_used = doall_pool::session(&mut v, &Workload::Heavy, plan, PoolConfig::default(), |pool| {
//!     let mut threads_used = Vec::new();
//!     for _ in 0..100 {
//!         pool.copy_from_slice(&initial)?; // reset, between calls
//!         threads_used.push(pool.do_all());
//!     }
//!     Ok::<_, doall_pool::Error>(threads_used)
//! })??;
//! assert!(threads_used.iter().all(|&t| (1..=2).contains(&t)));
//! let mut expected = initial.clone();
//! doall_kernel::update_chunk(&mut expected, &Workload::Heavy);
//! assert_eq!(v, expected);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod budget;
mod mailbox;
mod session;
mod wake;

use std::{io, marker::PhantomData, thread, time::Duration};

use doall_kernel::{
    ChunkLayout, Op, OtherChunks, PanicPromise, Plan, ResumedPanic, ThreadUse, available_threads,
    split_chunks,
};

pub use budget::{MAX_SPIN_BUDGET, parse_spin_budget};
use mailbox::{Chunk, Control, Mailbox, Share, open, work};
pub use session::{Session, Stats};

/// The OS threads a call uses: `min(threads, chunks)`, the caller one of
/// them, the others started once for the session. A call may run on fewer
/// of them (the caller runs the shares of workers it did not wait for or
/// did not wake); [`Session::do_all`] returns how many ran a share.
pub const THREAD_USE: ThreadUse = ThreadUse::CallerAndSession;

/// What a panic leaves: each thread owns a fixed share of the chunks (the
/// caller may run a worker's share, but never half of one), so the failing
/// share's later chunks are left and every other chunk is updated. Each
/// share records the index of its failing chunk, so the caller gets the
/// panic of the lowest one.
pub const PANIC_PROMISE: PanicPromise = PanicPromise {
    layout: ChunkLayout::Spec,
    others: OtherChunks::Shares,
    resumed: ResumedPanic::LowestChunk,
};

/// The most threads (the caller included) one pool may use. Far beyond any
/// useful count, and far below where the OS runs out of threads or memory
/// maps (tens of thousands on a typical Linux).
pub const MAX_THREADS: usize = 4096;

/// How long an idle thread spins by default before it parks. Long enough to
/// bridge the gap between calls in a loop (and a reset of a few thousand
/// elements), short enough that an idle pool soon frees its cores.
pub const DEFAULT_SPIN_BUDGET: Duration = Duration::from_micros(200);

/// What the caller assumes, by default, that waking a parked worker costs
/// ([`PoolConfig::wake_up_price`]). An OS wake-up costs the caller a system
/// call of microseconds, and the worker reaches a core only some time
/// later: a few microseconds on an idle bare-metal machine, tens on a
/// virtual one or a busy one. The default sits between the two: priced too
/// low, a stream of small calls after idle gaps pays a system call every
/// few calls; priced too high, a stream of larger calls runs a few more of
/// them on the caller alone before it gets its workers back.
pub const DEFAULT_WAKE_UP_PRICE: Duration = Duration::from_micros(20);

/// How a pool waits and shares work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
    /// How long an idle thread (a worker waiting for a call, the caller
    /// waiting for the workers) polls, yielding its core every few
    /// microseconds, before it parks. Zero parks at once; more than
    /// [`MAX_SPIN_BUDGET`] is refused ([`PoolConfig::with_spin_budget`],
    /// [`session`]).
    pub spin_budget: Duration,
    /// Whether the caller, done with its own share, runs the shares that no
    /// worker has started yet instead of waiting for their workers to wake.
    pub take_back: bool,
    /// What waking a parked worker is worth, in time the caller would
    /// otherwise spend running the worker's share itself. With take-back, a
    /// worker found parked is woken only once the shares the caller ran in
    /// its place since it parked, plus the share of this call, add up to
    /// this much; until then the caller runs its share and makes no system
    /// call. (The first call that finds a worker parked wakes it: the
    /// caller has not timed a share yet.) Zero wakes every parked worker at
    /// every call; without
    /// take-back it is ignored, since the caller must wake every worker.
    pub wake_up_price: Duration,
}

impl Default for PoolConfig {
    /// [`DEFAULT_SPIN_BUDGET`], take-back on, [`DEFAULT_WAKE_UP_PRICE`].
    fn default() -> PoolConfig {
        PoolConfig {
            spin_budget: DEFAULT_SPIN_BUDGET,
            take_back: true,
            wake_up_price: DEFAULT_WAKE_UP_PRICE,
        }
    }
}

/// Why a session did not run, or a request within it was refused.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The plan needs more threads than [`MAX_THREADS`]; `v` is untouched.
    #[error("the pool would use {threads} threads, more than its limit of {max}")]
    TooManyThreads {
        /// `min(threads, chunks)` of the plan.
        threads: usize,
        /// [`MAX_THREADS`].
        max: usize,
    },
    /// The OS refused to start a worker: the session did not run `body`,
    /// and `v` is untouched.
    #[error("the OS refused to start pool worker {index} of {workers}: {source}")]
    Spawn {
        /// Which worker (0-based) could not start.
        index: usize,
        /// How many workers the pool needed.
        workers: usize,
        /// What the OS said.
        source: io::Error,
    },
    /// The spin budget is above [`MAX_SPIN_BUDGET`]: the session did not
    /// start, and `v` is untouched.
    #[error("a spin budget of {budget:?} is more than the limit of {max:?}")]
    SpinBudget {
        /// The budget asked for.
        budget: Duration,
        /// [`MAX_SPIN_BUDGET`].
        max: Duration,
    },
    /// [`parse_spin_budget`] was given text that is not a duration, or is
    /// one above [`MAX_SPIN_BUDGET`].
    #[error(
        "spin budget {text:?} is not valid ({reason}); expected a duration of at most {max:?}, such as 0, 50us, 200µs or 1.5ms",
        max = MAX_SPIN_BUDGET
    )]
    SpinBudgetText {
        /// The text, as it was given.
        text: String,
        /// What is wrong with it. A message rather than `humantime`'s error
        /// type, so that the parser stays out of this crate's public API.
        reason: String,
    },
    /// [`Session::copy_from_slice`] was given a slice of another length.
    #[error("cannot copy {got} elements into a vector of {expected}")]
    LengthMismatch {
        /// The vector's length.
        expected: usize,
        /// The source's length.
        got: usize,
    },
}

/// Opens a session: starts `min(threads, chunks) − 1` workers that borrow
/// `v` until the session ends, runs `body` with the [`Session`] (on this
/// thread), then stops and joins the workers and returns `body`'s result.
///
/// # Errors
/// [`Error::SpinBudget`], [`Error::TooManyThreads`] or [`Error::Spawn`],
/// before `body` runs.
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
    budget::check_spin_budget(config.spin_budget)?;
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
