//! Threads: every strategy runs on exactly the OS threads that its registry
//! rule (`Strategy::thread_use`) says, and no thread outlives a call or a
//! session, normal or panicking. Every strategy is called through the
//! registry, with the test's own `Op`.
//!
//! Threads are counted by their ids and in `/proc/self/task` (Linux; the
//! `/proc` checks are skipped elsewhere). That count is per process, so this
//! binary holds exactly one test: no other test's threads can come and go
//! while it counts.

mod support;

use std::{
    collections::HashSet,
    panic::{self, AssertUnwindSafe},
    sync::{
        Condvar, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    thread::{self, ThreadId},
    time::{Duration, Instant},
};

use doall_kernel::{Op, Plan, Workload, initial_vector};
use doall_registry::{STRATEGIES, Strategy};
use support::{assert_same_bits, assert_threads_back_to, sequential, thread_count, within};

/// Panics on the value 0.5 (element `n/2` of `initial_vector(n)`, n even).
struct PanicOnHalf;

impl Op for PanicOnHalf {
    fn apply(&self, x: f64) -> f64 {
        if x == 0.5 {
            panic::panic_any(Quiet);
        }
        x
    }
}

/// The payload of this file's deliberate panics.
#[derive(Debug)]
struct Quiet;

/// Records the id of every thread that runs it and the most threads the
/// process had meanwhile. A thread's first element waits until `meet`
/// threads have come (or [`MEET_TIMEOUT`] has passed), so that threads which
/// could each take all the work still all show up: a thread that is not
/// there when the others wait is a thread the strategy did not start.
struct SeenThreads {
    meet: usize,
    ids: Mutex<HashSet<ThreadId>>,
    arrived: Condvar,
    peak: AtomicUsize,
}

/// Far longer than starting a few threads takes, even on a busy machine; only
/// a rule that promises threads the strategy does not start waits this long.
const MEET_TIMEOUT: Duration = Duration::from_secs(10);

impl SeenThreads {
    fn new(meet: usize) -> SeenThreads {
        SeenThreads {
            meet,
            ids: Mutex::new(HashSet::new()),
            arrived: Condvar::new(),
            peak: AtomicUsize::new(0),
        }
    }

    fn ids(&self) -> HashSet<ThreadId> {
        self.ids.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Op for SeenThreads {
    fn apply(&self, x: f64) -> f64 {
        let deadline = Instant::now() + MEET_TIMEOUT;
        let mut ids = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        if ids.insert(thread::current().id()) {
            self.arrived.notify_all();
            while ids.len() < self.meet && Instant::now() < deadline {
                let wait = deadline.saturating_duration_since(Instant::now());
                ids = match self.arrived.wait_timeout(ids, wait) {
                    Ok((ids, _)) => ids,
                    Err(poisoned) => poisoned.into_inner().0,
                };
            }
            drop(ids);
            // Every thread that met the others is alive now.
            if let Some(now) = thread_count() {
                self.peak.fetch_max(now, Ordering::Relaxed);
            }
        }
        x
    }
}

#[test]
fn strategies_run_on_the_threads_their_rule_says_and_leave_none_behind() {
    // Silence only this file's deliberate panics; this binary has no other
    // test, so the global hook is ours.
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !info.payload().is::<Quiet>() {
            previous(info);
        }
    }));
    within("thread rules", check_thread_rules);
    if thread_count().is_some() {
        within("thread leak checks", check_no_thread_outlives_a_call);
    } else {
        eprintln!("no /proc/self/task here: thread leak checks skipped");
    }
    let _ = panic::take_hook(); // back to the default hook
}

/// Every registered strategy, called through the registry with
/// [`SeenThreads`], runs on exactly the threads that
/// `thread_use.os_threads(plan)` counts: crossbeam with 8 threads and 2
/// chunks on 2, std-mpsc on one per chunk, rayon on its pool and never on
/// the caller, seq on the caller alone.
fn check_thread_rules() {
    // Divisible by every chunk count below, so that rayon's equal pieces are
    // exactly the chunks and no chunk is empty.
    const LEN: usize = 1680;
    let plans = [(1, 1), (2, 2), (8, 2), (2, 8), (3, 7), (8, 8)];
    let caller = thread::current().id();
    let baseline = thread_count();
    for (threads, chunks) in plans {
        let plan = Plan::new(threads, Some(chunks)).expect("positive");
        for strategy in STRATEGIES {
            let context = format!("{} threads={threads} chunks={chunks}", strategy.name);
            let rule = strategy.thread_use;
            let os_threads = rule.os_threads(plan).get();
            // A pool's threads may outnumber the chunks; the rest stay idle.
            let layout = strategy.panic_promise.layout;
            let most = os_threads.min(layout.bounds(LEN, plan).len());
            // A library that forks on demand (chili, on a heartbeat) may
            // leave the others out: its threads are not made to meet, and
            // only the most it may use is checked.
            let meet = if rule.forks_on_demand() { 1 } else { most };
            let seen = SeenThreads::new(meet);
            let mut v = initial_vector(LEN).expect("small");
            strategy
                .call_once(plan, &seen, &mut v)
                .expect("threads start");
            let ids = seen.ids();
            if rule.forks_on_demand() {
                assert!(
                    (1..=most).contains(&ids.len()),
                    "{context}: {} threads ran chunks, at most {most}",
                    ids.len()
                );
            } else {
                assert_eq!(ids.len(), most, "{context}: threads that ran chunks");
            }
            let caller_works = rule.caller_works();
            assert_eq!(
                ids.contains(&caller),
                caller_works,
                "{context}: whether the caller ran chunks"
            );
            // Threads started by the call, seen while all were alive. Each
            // registry session starts its own, a rayon pool included, and a
            // caller that works is one of the rule's threads.
            if let Some(baseline) = baseline {
                let started = seen.peak.into_inner().saturating_sub(baseline);
                let expected = rule.threads_started(plan);
                assert_eq!(started, expected, "{context}: threads started by the call");
            }
            assert_threads_back_to(baseline, &|| context.clone());
        }
    }
}

/// No thread outlives a call or a session: normal and panicking calls, the
/// panic caught inside the session or leaving it.
///
/// A session's threads are not all joined by the time it returns: rayon's
/// `ThreadPool` only tells its threads to stop when it is dropped, and they
/// leave `/proc/self/task` a little later. So the count is not compared at
/// once: `assert_threads_back_to` waits, a few seconds at most, for it to
/// come back to the baseline, and fails only if it never does.
fn check_no_thread_outlives_a_call() {
    let baseline = thread_count();
    let initial = initial_vector(1000).expect("small");
    for threads in [1, 2, 8] {
        for chunks in [threads, 4 * threads, 1003] {
            let plan = Plan::new(threads, Some(chunks)).expect("positive");
            for strategy in STRATEGIES {
                let context = |what: &str| format!("{} {what}, {plan:?}", strategy.name);
                normal_call(strategy, plan, &initial, baseline);
                // A panic that leaves the session ends it.
                let mut v = initial.clone();
                let caught = panic::catch_unwind(AssertUnwindSafe(|| {
                    strategy.call_once(plan, &PanicOnHalf, &mut v)
                }));
                assert!(
                    caught.is_err_and(|p| p.is::<Quiet>()),
                    "{}: the panic reaches the caller",
                    context("panicking call")
                );
                assert_threads_back_to(baseline, &|| context("panicking call"));
                // Panics caught inside the session, which then goes on and
                // ends as usual.
                let mut v = initial.clone();
                strategy
                    .session(plan, &PanicOnHalf, &mut v, |runner| {
                        for _ in 0..2 {
                            let caught = panic::catch_unwind(AssertUnwindSafe(|| runner.call()));
                            assert!(
                                caught.is_err_and(|p| p.is::<Quiet>()),
                                "{}: the panic reaches the body",
                                context("session with panics")
                            );
                        }
                        Ok(())
                    })
                    .expect("threads start");
                assert_threads_back_to(baseline, &|| context("session with panics"));
            }
        }
    }
}

/// One call through the registry: `seq`'s bits, and no thread left after it.
fn normal_call(strategy: &Strategy, plan: Plan, initial: &[f64], baseline: Option<usize>) {
    let mut v = initial.to_vec();
    strategy
        .call_once(plan, &Workload::Ramp, &mut v)
        .expect("threads start");
    assert_same_bits(&v, &sequential(initial, Workload::Ramp), &|| {
        format!("{} {plan:?}", strategy.name)
    });
    assert_threads_back_to(baseline, &|| {
        format!("{} normal call, {plan:?}", strategy.name)
    });
}
