//! What the caller and one worker share: a mailbox on its own cache lines,
//! the chunks the worker runs, and the spin-then-park wait both sides use.

use std::{
    any::Any,
    hint,
    panic::{self, AssertUnwindSafe},
    sync::{
        Mutex, MutexGuard, PoisonError,
        atomic::{AtomicBool, AtomicU64, Ordering},
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
/// each counter holds the number of the last call it has seen happen.
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
    /// worker that may really be parked (`unpark` costs microseconds).
    sleeping: AtomicBool,
    /// Written by the caller when it publishes a call: whether it found the
    /// worker parked. Take-back reads it.
    parked_at_publish: AtomicBool,
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
            parked_at_publish: AtomicBool::new(false),
            share: Mutex::new(share),
        }
    }

    /// The worker's share. A chunk's panic is caught inside the lock, so
    /// the mutex is never poisoned; if it were, the share is still whole.
    pub(crate) fn lock_share(&self) -> MutexGuard<'_, Share<'v>> {
        self.share.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Caller: hands call `call` to the worker and wakes it if it sleeps,
    /// noting whether it had to ([`Mailbox::was_parked`]).
    ///
    /// The store and the load are `SeqCst`, as are the worker's store to
    /// `sleeping` and its load of `call` before it parks: in the one total
    /// order of `SeqCst` operations, either the worker's load comes after
    /// this store (it sees the call and does not park) or this load comes
    /// after the worker's store (the caller sees `sleeping` and unparks).
    /// With weaker orderings both could read the old values, and the worker
    /// would sleep through the call.
    pub(crate) fn publish(&self, call: u64, worker: &Thread) {
        self.call.store(call, Ordering::SeqCst);
        let asleep = self.sleeping.load(Ordering::SeqCst);
        if asleep {
            worker.unpark();
        }
        self.parked_at_publish.store(asleep, Ordering::Relaxed);
    }

    /// Caller: whether the worker was parked when the last call was
    /// published, so that it needs an OS wake-up before it can start.
    pub(crate) fn was_parked(&self) -> bool {
        // Only the caller writes and reads it: `Relaxed` is enough.
        self.parked_at_publish.load(Ordering::Relaxed)
    }

    /// Whether the share of call `call` has been claimed, by its worker or
    /// by the caller.
    pub(crate) fn is_claimed(&self, call: u64) -> bool {
        self.claimed.load(Ordering::Relaxed) >= call
    }

    /// Worker or caller: claims call `call`'s share; `true` means run it.
    ///
    /// `Relaxed` is enough: the counter's one modification order lets
    /// exactly one claimant move it from `call - 1` to `call`, and the data
    /// the winner then touches is ordered by the share's mutex.
    pub(crate) fn claim(&self, call: u64) -> bool {
        self.claimed
            .compare_exchange(call - 1, call, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    }

    /// Worker or caller: the share of call `call` has been run.
    ///
    /// `SeqCst` pairs with the caller's `caller_sleeping` protocol (see
    /// [`Control::wake_caller`]); it also releases the share's writes to the
    /// caller's acquiring load in [`Mailbox::is_done`].
    pub(crate) fn finish(&self, call: u64) {
        self.done.store(call, Ordering::SeqCst);
    }

    /// Caller: whether the share of call `call` has been run.
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
}

impl Control {
    /// Worker: after [`Mailbox::finish`], wakes the caller if it may be
    /// parked. `SeqCst`, against the caller's store to `caller_sleeping` and
    /// its loads of `done`, for the reason given at [`Mailbox::publish`].
    pub(crate) fn wake_caller(&self) {
        if self.caller_sleeping.load(Ordering::SeqCst) {
            self.caller.unpark();
        }
    }
}

/// Waits until `poll` returns `Some`: polls (yielding the core every few
/// microseconds) for `spin_budget`, then parks.
///
/// `poll` is called with `Acquire` while spinning and with `SeqCst` once
/// `sleeping` is set, so that the thread that makes it ready and reads
/// `sleeping` afterwards (both `SeqCst`) cannot miss this thread's sleep.
/// `park` may return spuriously, or early because of a token left by an
/// earlier `unpark`: the loop polls again either way.
// ANCHOR: spin_then_park
pub(crate) fn spin_then_park<T>(
    spin_budget: Duration,
    sleeping: &AtomicBool,
    mut poll: impl FnMut(Ordering) -> Option<T>,
) -> T {
    if let Some(ready) = poll(Ordering::Acquire) {
        return ready;
    }
    if !spin_budget.is_zero() {
        let start = Instant::now();
        while start.elapsed() < spin_budget {
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
        }
    }
    let ready = loop {
        sleeping.store(true, Ordering::SeqCst);
        if let Some(ready) = poll(Ordering::SeqCst) {
            break ready;
        }
        thread::park();
    };
    // `Relaxed`: a waker that still reads `true` only unparks needlessly,
    // which leaves a token that makes one later `park` return at once.
    sleeping.store(false, Ordering::Relaxed);
    ready
}
// ANCHOR_END: spin_then_park

/// The loop of a worker thread: wait for a call, claim its share, run it,
/// signal, until the session stops.
// ANCHOR: work
pub(crate) fn work<O: Op>(mailbox: &Mailbox<'_>, control: &Control, op: &O, spin_budget: Duration) {
    let mut seen = 0;
    loop {
        // `Acquire` on `call` (or `SeqCst`, which includes it) makes the
        // caller's writes before it published visible, `stop` among them.
        let call = spin_then_park(spin_budget, &mailbox.sleeping, |order| {
            Some(mailbox.call.load(order)).filter(|&call| call != seen)
        });
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

/// Tells the workers to return: `stop` first, then a new call number, so a
/// worker that sees the number (acquiring it) also sees `stop`. Every worker
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
