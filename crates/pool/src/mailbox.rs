//! What the caller and one worker share: a mailbox on its own cache lines,
//! the chunks the worker runs, the spin-then-park wait both sides use, and
//! the start handshake of a session.
//!
//! # The protocol: every atomic, in one table
//! (`protocol.md`, beside this file: chapter 7 of the book includes it too,
//! so the orderings are argued in one place.)
//!
#![doc = include_str!("protocol.md")]

use std::{
    any::Any,
    hint,
    panic::{self, AssertUnwindSafe},
    sync::{
        Mutex, MutexGuard, PoisonError,
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    },
    thread::{self, Thread},
    time::{Duration, Instant},
};

use doall_kernel::{Op, update_chunk};

/// How many times a waiting thread polls between two readings of the clock
/// (and two yields of its core): reading the clock costs tens of
/// nanoseconds, and 64 polls with `spin_loop` hints between them take a few
/// microseconds, a small error on a spin budget of a hundred or more.
const POLLS_PER_CLOCK_READING: u32 = 64;

/// How long a spinning worker can go without stamping `polled_at` before
/// the caller takes it for a thread off its core (the OS ran something
/// else): many rounds of polls, far less than a scheduler's time slice.
const OFF_CORE_AFTER: Duration = Duration::from_micros(20);

/// One chunk of the vector, with its index among the plan's chunks.
#[derive(Debug)]
pub(crate) struct Chunk<'v> {
    pub(crate) index: usize,
    pub(crate) data: &'v mut [f64],
}

/// A panic caught in a chunk, kept until the caller resumes it.
pub(crate) struct ChunkPanic {
    pub(crate) chunk: usize,
    pub(crate) payload: Box<dyn Any + Send>,
}

/// The chunks that one thread runs in every call (chunks `t, t + T, …` for
/// thread `t` of `T`), and the panic of the last call, if any.
#[derive(Default)]
pub(crate) struct Share<'v> {
    pub(crate) chunks: Vec<Chunk<'v>>,
    pub(crate) panic: Option<ChunkPanic>,
}

impl Share<'_> {
    /// Runs every chunk through the kernel, in order. A panic stops the
    /// share at the failing chunk and is kept, not propagated: the thread
    /// that runs the share must go on to signal that it is done.
    pub(crate) fn run<O: Op>(&mut self, op: &O) {
        let mut current = 0;
        let ran = panic::catch_unwind(AssertUnwindSafe(|| {
            for chunk in &mut self.chunks {
                current = chunk.index;
                update_chunk(chunk.data, op);
            }
        }));
        if let Err(payload) = ran {
            self.panic = Some(ChunkPanic {
                chunk: current,
                payload,
            });
        }
    }
}

// ANCHOR: mailbox
/// Everything the caller and worker `t` exchange, padded to 128 bytes so
/// that no two workers' mailboxes share a cache line (x86 fetches lines in
/// adjacent pairs, hence 128 rather than 64). Calls are numbered from 1;
/// each counter holds the number of the last call it has seen happen. Who
/// writes and reads each one, and with which ordering: the table in
/// `protocol.md`.
#[repr(align(128))]
pub(crate) struct Mailbox<'v> {
    /// The last call published to this worker. The worker polls it.
    call: AtomicU64,
    /// The last call whose share has been claimed, by the worker or taken
    /// back by the caller: whoever moves it from `call - 1` to `call` runs
    /// the share.
    claimed: AtomicU64,
    /// The last call whose share has been run. The caller polls it.
    done: AtomicU64,
    /// Set by the worker before it parks, so the caller unparks only a
    /// worker that may really be parked (`unpark` costs microseconds), and
    /// knows which shares would wait for an OS wake-up.
    sleeping: AtomicBool,
    /// When the spinning worker last read the clock, in nanoseconds since
    /// [`Control::epoch`]: a worker whose stamp is old is not on a core.
    polled_at: AtomicU64,
    /// The worker's chunks. Whoever claimed the call holds the lock while
    /// running them; between calls, the caller locks it to read or reset
    /// the vector. It is never contended during a call.
    share: Mutex<Share<'v>>,
}
// ANCHOR_END: mailbox

impl<'v> Mailbox<'v> {
    pub(crate) fn new(share: Share<'v>) -> Mailbox<'v> {
        Mailbox {
            call: AtomicU64::new(0),
            claimed: AtomicU64::new(0),
            done: AtomicU64::new(0),
            sleeping: AtomicBool::new(false),
            polled_at: AtomicU64::new(0),
            share: Mutex::new(share),
        }
    }

    /// The worker's share. A chunk's panic is caught inside the lock, so
    /// the mutex is never poisoned; if it were, the share is still whole.
    pub(crate) fn lock_share(&self) -> MutexGuard<'_, Share<'v>> {
        self.share.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Caller: hands call `call` to the worker and returns whether the
    /// worker may be parked. If it may, the caller must either unpark it or
    /// run its share itself: the worker would sleep through the call (the
    /// sleep pair of `protocol.md`).
    pub(crate) fn publish(&self, call: u64) -> bool {
        self.call.store(call, Ordering::SeqCst);
        self.sleeping.load(Ordering::SeqCst)
    }

    /// Worker, spinning: stamps `now` as the time it last polled.
    fn note_polling(&self, epoch: Instant, now: Instant) {
        self.polled_at
            .store(nanos_since(epoch, now), Ordering::Relaxed);
    }

    /// Caller: whether the spinning worker has polled lately, so that it
    /// is on a core and will see a call within a fraction of a microsecond.
    /// On a busy machine the OS may have put it aside for a time slice:
    /// then waiting for it is waiting for nothing.
    pub(crate) fn seems_on_a_core(&self, epoch: Instant, now: Instant) -> bool {
        let silent = nanos_since(epoch, now).saturating_sub(self.polled_at.load(Ordering::Relaxed));
        Duration::from_nanos(silent) <= OFF_CORE_AFTER
    }

    /// Whether the share of call `call` has been claimed, by its worker or
    /// by the caller.
    pub(crate) fn is_claimed(&self, call: u64) -> bool {
        self.claimed.load(Ordering::Relaxed) >= call
    }

    /// Worker or caller: claims call `call`'s share; `true` means run it.
    /// Exactly one claimant wins (the table's row `claimed`).
    pub(crate) fn claim(&self, call: u64) -> bool {
        self.claimed
            .compare_exchange(call - 1, call, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    }

    /// Worker or caller: the share of call `call` has been run. The
    /// runner then calls [`Control::wake_caller`] (the wait pair).
    pub(crate) fn finish(&self, call: u64) {
        self.done.store(call, Ordering::SeqCst);
    }

    /// Caller: whether the share of call `call` has been run, loaded with
    /// the `order` that [`spin_then_park`] gives.
    pub(crate) fn is_done(&self, call: u64, order: Ordering) -> bool {
        self.done.load(order) == call
    }
}

/// The state every worker reads: padded too, since workers read it after
/// every call while the caller writes it only when it parks or stops.
#[repr(align(128))]
pub(crate) struct Control {
    /// Set once, when the session ends.
    pub(crate) stop: AtomicBool,
    /// Set by the caller before it parks to wait for the workers.
    pub(crate) caller_sleeping: AtomicBool,
    /// The thread that opened the session, the only one that calls.
    pub(crate) caller: Thread,
    /// When the session started: the origin of `Mailbox::polled_at`.
    pub(crate) epoch: Instant,
    /// How many workers the session starts.
    pub(crate) workers: usize,
    /// How many workers have reported that they run ([`open`]).
    pub(crate) started: AtomicUsize,
    /// Set once every worker has reported: the workers leave the dock.
    pub(crate) open: AtomicBool,
}

impl Control {
    /// A session's control block, before any worker starts.
    pub(crate) fn new(workers: usize) -> Control {
        Control {
            stop: false.into(),
            caller_sleeping: false.into(),
            caller: thread::current(),
            epoch: Instant::now(),
            workers,
            started: 0.into(),
            open: false.into(),
        }
    }

    /// Worker, first thing: reports that it runs; the last one to report
    /// wakes the caller, which waits in [`open`].
    fn report_started(&self) {
        if self.started.fetch_add(1, Ordering::AcqRel) + 1 == self.workers {
            self.caller.unpark();
        }
    }

    /// Worker: after [`Mailbox::finish`], wakes the caller if it may be
    /// parked (the wait pair of `protocol.md`).
    pub(crate) fn wake_caller(&self) {
        if self.caller_sleeping.load(Ordering::SeqCst) {
            self.caller.unpark();
        }
    }
}

/// Nanoseconds from `epoch` to `now`; a session would have to last
/// centuries to overflow them.
fn nanos_since(epoch: Instant, now: Instant) -> u64 {
    u64::try_from(now.saturating_duration_since(epoch).as_nanos()).unwrap_or(u64::MAX)
}

/// Waits until `poll` returns `Some`: polls (yielding the core every few
/// microseconds) for `spin_budget`, then parks. `on_round` gets the time at
/// the start of each round of polls.
///
/// `poll` gets the ordering to load with: `Acquire` while spinning,
/// `SeqCst` once `sleeping` is set. With the thread that makes it ready,
/// that is the sleep pair or the wait pair of `protocol.md`, whose token
/// rule is why `park` sits in a loop.
// ANCHOR: spin_then_park
pub(crate) fn spin_then_park<T>(
    spin_budget: Duration,
    sleeping: &AtomicBool,
    mut poll: impl FnMut(Ordering) -> Option<T>,
    mut on_round: impl FnMut(Instant),
) -> T {
    if let Some(ready) = poll(Ordering::Acquire) {
        return ready;
    }
    if !spin_budget.is_zero() {
        let start = Instant::now();
        let mut now = start;
        while now.duration_since(start) < spin_budget {
            on_round(now);
            for _ in 0..POLLS_PER_CLOCK_READING {
                if let Some(ready) = poll(Ordering::Acquire) {
                    return ready;
                }
                hint::spin_loop();
            }
            // The scheduler may have put the thread this one waits for on
            // this very core (on a busy machine it does): spinning on would
            // keep it waiting for the rest of the budget. Yielding lets it
            // run, and costs one system call when nothing else is runnable.
            thread::yield_now();
            now = Instant::now();
        }
    }
    let ready = loop {
        sleeping.store(true, Ordering::SeqCst);
        if let Some(ready) = poll(Ordering::SeqCst) {
            break ready;
        }
        thread::park();
    };
    // `Relaxed`: a stale `true` costs only a needless `unpark` (the table).
    sleeping.store(false, Ordering::Relaxed);
    ready
}
// ANCHOR_END: spin_then_park

/// The loop of a worker thread: wait for a call, claim its share, run it,
/// signal, until the session stops.
// ANCHOR: work
pub(crate) fn work<O: Op>(mailbox: &Mailbox<'_>, control: &Control, op: &O, spin_budget: Duration) {
    control.report_started();
    // The dock: parked until the caller has heard from every worker and
    // unparks each, so that every worker starts its first spin from an OS
    // wake-up (see [`open`]). A session that ends before it opens (a later
    // worker could not start) sets `stop`, which lets the worker out too.
    spin_then_park(
        Duration::ZERO,
        &mailbox.sleeping,
        |order| (control.open.load(order) || control.stop.load(order)).then_some(()),
        |_| {},
    );
    let mut seen = 0;
    loop {
        // A new `call` also makes `stop` visible (the table's row `stop`).
        let call = spin_then_park(
            spin_budget,
            &mailbox.sleeping,
            |order| Some(mailbox.call.load(order)).filter(|&call| call != seen),
            |now| mailbox.note_polling(control.epoch, now),
        );
        if control.stop.load(Ordering::Acquire) {
            return;
        }
        seen = call;
        // The caller may have taken the share back, and even gone on to a
        // later call: then this claim fails and the worker waits again.
        if mailbox.claim(call) {
            mailbox.lock_share().run(op);
            mailbox.finish(call);
            control.wake_caller();
        }
    }
}
// ANCHOR_END: work

/// Caller: the start handshake. Waits, parked, until every worker has
/// reported that it runs, then opens the session and unparks every worker.
///
/// A new thread often starts on the core of the thread that spawned it, and
/// Linux moves a running thread to an idle core only when its balancer next
/// looks; a spinning caller and a spinning worker on one core may take turns
/// there for a long while. A thread that wakes up, though, is placed on an
/// idle core at once if there is one. So the caller parks (a spin would
/// keep a worker off its core), the last worker to start wakes it, and the
/// caller wakes every worker in turn: each thread of the session has just
/// been woken while the others ran, and the scheduler has spread them.
/// It costs two wake-ups per worker when the session opens, none per call.
pub(crate) fn open(control: &Control, workers: &[Thread]) {
    while control.started.load(Ordering::Acquire) < control.workers {
        thread::park();
    }
    control.open.store(true, Ordering::Release);
    for worker in workers {
        worker.unpark();
    }
}

/// Tells the workers to return: sets `stop`, then publishes a call number
/// no worker has seen, in that order (the table's row `stop`). Every worker
/// is unparked, asleep or not: this happens once per session.
pub(crate) fn stop_workers(
    control: &Control,
    mailboxes: &[Mailbox<'_>],
    workers: &[Thread],
    last_call: u64,
) {
    control.stop.store(true, Ordering::Release);
    for (mailbox, worker) in mailboxes.iter().zip(workers) {
        mailbox.call.store(last_call + 1, Ordering::SeqCst);
        worker.unpark();
    }
}
