//! A panicking `Op`: every strategy's call panics in the caller with the
//! original payload, in bounded time, and leaves the vector exactly as its
//! crate's `# Panics` section promises.
//!
//! The registry's runners take a `Workload`, which cannot panic, so these
//! tests call each strategy crate with an arbitrary `Op` directly
//! (`support::call_with_op`); a strategy added to the registry but not there
//! fails the test until it is added.

mod support;

use std::{
    any::Any,
    collections::BTreeMap,
    num::NonZeroUsize,
    panic::{self, AssertUnwindSafe},
    sync::{Arc, Once},
};

use doall::{STRATEGIES, Strategy};
use doall_kernel::{LANES, Op, Plan, Workload, chunk_bounds, initial_vector, uniform_chunk_len};
use rayon::ThreadPool;
use support::{assert_same_bits, call_with_op, sequential, within};

/// A custom panic payload: which input value the op refused.
#[derive(Debug, PartialEq)]
struct Boom {
    bits: u64,
}

const STR_MESSAGE: &str = "doall test: deliberate &str panic";
const STRING_PREFIX: &str = "doall test: deliberate String panic on ";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Payload {
    /// `panic_any(Boom { .. })`
    Custom,
    /// `panic!("literal")`: a `&'static str`
    Str,
    /// `panic!("{}", ..)`: a `String`
    String,
}

const PAYLOADS: [Payload; 3] = [Payload::Custom, Payload::Str, Payload::String];

/// `x ↦ 1 + x/2` (the light workload's op), except that it panics on the
/// input values in `triggers` (or on every input if `every`).
#[derive(Debug, Clone)]
struct PanicOn {
    triggers: Vec<u64>,
    every: bool,
    payload: Payload,
}

impl PanicOn {
    fn value(x: f64, payload: Payload) -> PanicOn {
        PanicOn {
            triggers: vec![x.to_bits()],
            every: false,
            payload,
        }
    }
}

impl Op for PanicOn {
    fn apply(&self, x: f64) -> f64 {
        if self.every || self.triggers.contains(&x.to_bits()) {
            match self.payload {
                Payload::Custom => panic::panic_any(Boom { bits: x.to_bits() }),
                Payload::Str => panic!("doall test: deliberate &str panic"),
                Payload::String => panic!("{STRING_PREFIX}{}", x.to_bits()),
            }
        }
        1.0 + 0.5 * x
    }
}

/// Checks that `payload` is exactly what [`PanicOn`] threw for input `x`.
fn assert_payload(payload: &(dyn Any + Send), kind: Payload, x: f64, context: &str) {
    match kind {
        Payload::Custom => assert_eq!(
            payload.downcast_ref::<Boom>(),
            Some(&Boom { bits: x.to_bits() }),
            "{context}: custom payload"
        ),
        Payload::Str => assert_eq!(
            payload.downcast_ref::<&str>(),
            Some(&STR_MESSAGE),
            "{context}: &str payload"
        ),
        Payload::String => assert_eq!(
            payload.downcast_ref::<String>(),
            Some(&format!("{STRING_PREFIX}{}", x.to_bits())),
            "{context}: String payload"
        ),
    }
}

/// Keeps the deliberate panics of this file out of the test output; every
/// other panic (a failing assertion) still goes to the previous hook. The
/// hook is process-wide, so it is installed once and only filters payloads
/// that no other test throws.
fn quiet_deliberate_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            let deliberate = payload.is::<Boom>()
                || message.is_some_and(|s| s == STR_MESSAGE || s.starts_with(STRING_PREFIX));
            if !deliberate {
                previous(info);
            }
        }));
    });
}

/// What a `# Panics` section promises about one element.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Promise {
    Updated,
    Untouched,
    /// Either, but the same for the whole chunk (rayon's unstarted chunks).
    WholeChunkEither,
}

/// How many leading elements of a chunk of `len` the lanes kernel (which
/// [`PanicOn`] takes, the default) has written when the element at local
/// index `bad` panics, as `doall_kernel::update_chunk`'s `# Panics` says:
/// whole groups of [`LANES`] before the failing group, or, in the
/// one-by-one tail (`len % LANES` elements), every element before it.
fn updated_prefix(len: usize, bad: usize) -> usize {
    if bad < len - len % LANES {
        bad / LANES * LANES
    } else {
        bad
    }
}

/// The chunks a strategy hands to `update_chunk`, in order.
fn strategy_chunks(name: &str, n: usize, plan: Plan) -> Vec<std::ops::Range<usize>> {
    let chunks = plan.chunks().get();
    match name {
        "seq" => std::iter::once(0..n).collect(),
        "rayon" => {
            let len = uniform_chunk_len(n, chunks);
            (0..n.div_ceil(len))
                .map(|c| c * len..((c + 1) * len).min(n))
                .collect()
        }
        _ => (0..chunks).map(|c| chunk_bounds(c, n, chunks)).collect(),
    }
}

/// The state each crate's `# Panics` section promises after the element at
/// `bad` (the only trigger) panicked.
fn expected_after_panic(strategy: &Strategy, n: usize, plan: Plan, bad: usize) -> Vec<Promise> {
    let name = strategy.name;
    let chunks = strategy_chunks(name, n, plan);
    let failing = chunks
        .iter()
        .position(|c| c.contains(&bad))
        .expect("some chunk holds the bad element");
    // The registry's rule: crossbeam starts min(threads, chunks) workers.
    let workers = strategy.thread_use.os_threads(plan).get();
    let mut promise = Vec::with_capacity(n);
    for (c, range) in chunks.iter().enumerate() {
        for i in range.clone() {
            promise.push(if c == failing {
                let prefix = updated_prefix(range.len(), bad - range.start);
                if i - range.start < prefix {
                    Promise::Updated
                } else {
                    Promise::Untouched
                }
            } else if c < failing {
                Promise::Updated
            } else {
                match name {
                    "std-mpsc" => Promise::Updated,
                    "crossbeam" if workers >= 2 => Promise::Updated,
                    "crossbeam" => Promise::Untouched,
                    "rayon" => Promise::WholeChunkEither,
                    // Thread t runs chunks t, t + T, …: only the failing
                    // thread's later chunks are left.
                    "std-scope" | "pool" if c % workers == failing % workers => Promise::Untouched,
                    "std-scope" | "pool" => Promise::Updated,
                    other => panic!("no # Panics promise known for {other:?}"),
                }
            });
        }
    }
    promise
}

fn check_promises(
    name: &str,
    got: &[f64],
    initial: &[f64],
    updated: &[f64],
    promise: &[Promise],
    chunks: &[std::ops::Range<usize>],
    context: &str,
) {
    let same = |a: f64, b: f64| a.to_bits() == b.to_bits();
    for i in 0..got.len() {
        let ok = match promise[i] {
            Promise::Updated => same(got[i], updated[i]),
            Promise::Untouched => same(got[i], initial[i]),
            Promise::WholeChunkEither => same(got[i], updated[i]) || same(got[i], initial[i]),
        };
        assert!(
            ok,
            "{context}: element {i} is {:e}, promised {:?} (initial {:e}, updated {:e})",
            got[i], promise[i], initial[i], updated[i]
        );
    }
    if name == "rayon" {
        for range in chunks {
            let states: Vec<bool> = range
                .clone()
                .filter(|&i| promise[i] == Promise::WholeChunkEither)
                .map(|i| same(got[i], updated[i]))
                .collect();
            assert!(
                states.windows(2).all(|w| w[0] == w[1]),
                "{context}: rayon chunk {range:?} is half updated"
            );
        }
    }
}

/// One rayon pool per thread count, built once and shared by every case.
fn pools(threads: &[usize]) -> BTreeMap<usize, Arc<ThreadPool>> {
    threads
        .iter()
        .map(|&t| {
            let threads = NonZeroUsize::new(t).expect("positive");
            let pool = doall_rayon::pool(threads).expect("pool starts");
            (t, Arc::new(pool))
        })
        .collect()
}

/// Runs `op` through strategy `name` on a watchdog thread; returns the vector
/// and the payload the caller caught (`None` if the call returned).
fn run_caught(
    name: &'static str,
    v: Vec<f64>,
    op: PanicOn,
    plan: Plan,
    pool: Arc<ThreadPool>,
    context: &str,
) -> (Vec<f64>, Option<Box<dyn Any + Send>>) {
    within(context, move || {
        let mut v = v;
        let caught = panic::catch_unwind(AssertUnwindSafe(|| {
            call_with_op(name, &mut v, &op, plan, &pool);
        }));
        (v, caught.err())
    })
}

/// The rayon pool still works after a panic: the next call matches seq.
fn assert_pool_usable(pool: &Arc<ThreadPool>, plan: Plan, context: &str) {
    let pool = Arc::clone(pool);
    let initial = initial_vector(5000).expect("small");
    let expected = sequential(&initial, Workload::Heavy);
    let got = within(context, move || {
        let mut v = initial;
        doall_rayon::do_all(&pool, &mut v, &Workload::Heavy, plan.chunks());
        v
    });
    assert_same_bits(&got, &expected, &|| format!("{context}: next call"));
}

#[test]
fn a_panicking_op_panics_in_the_caller_with_its_payload_and_keeps_the_promises() {
    quiet_deliberate_panics();
    const THREADS: [usize; 3] = [1, 2, 8];
    let pools = pools(&THREADS);
    let mut cases = 0;
    // 1001 elements: chunks with full LANES groups and ragged tails; 5
    // elements with 8 or more chunks: empty chunks.
    for n in [1001, 5] {
        let initial = initial_vector(n).expect("small");
        let mut updated = initial.clone();
        doall_kernel::update_plain(&mut updated, &PanicOn::value(f64::NAN, Payload::Str));
        // First chunk, middle chunk (off a group boundary), last element.
        let middle = if n > 20 { n / 2 + 5 } else { n / 2 };
        for bad in [0, middle, n - 1] {
            for threads in THREADS {
                for chunks in [threads, 4 * threads, n + 3] {
                    let plan = Plan::new(threads, Some(chunks)).expect("positive");
                    for strategy in STRATEGIES {
                        for kind in PAYLOADS {
                            let context = format!(
                                "{} n={n} bad={bad} threads={threads} chunks={chunks} {kind:?}",
                                strategy.name
                            );
                            let op = PanicOn::value(initial[bad], kind);
                            let pool = Arc::clone(&pools[&threads]);
                            let (got, payload) = run_caught(
                                strategy.name,
                                initial.clone(),
                                op,
                                plan,
                                pool,
                                &context,
                            );
                            let payload = payload
                                .unwrap_or_else(|| panic!("{context}: the call did not panic"));
                            assert_payload(payload.as_ref(), kind, initial[bad], &context);
                            let promise = expected_after_panic(strategy, n, plan, bad);
                            let chunks = strategy_chunks(strategy.name, n, plan);
                            check_promises(
                                strategy.name,
                                &got,
                                &initial,
                                &updated,
                                &promise,
                                &chunks,
                                &context,
                            );
                            if strategy.name == "rayon" {
                                assert_pool_usable(&pools[&threads], plan, &context);
                            }
                            cases += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(cases >= 2 * 3 * 3 * 3 * 4 * 3);
}

#[test]
fn an_op_that_panics_everywhere_panics_once_in_the_caller_and_changes_nothing() {
    quiet_deliberate_panics();
    let pools = pools(&[1, 3]);
    let initial = initial_vector(777).expect("small");
    for threads in [1, 3] {
        for chunks in [1, threads, 50] {
            let plan = Plan::new(threads, Some(chunks)).expect("positive");
            for strategy in STRATEGIES {
                let context = format!(
                    "{} everywhere threads={threads} chunks={chunks}",
                    strategy.name
                );
                let op = PanicOn {
                    triggers: Vec::new(),
                    every: true,
                    payload: Payload::Custom,
                };
                let pool = Arc::clone(&pools[&threads]);
                let (got, payload) =
                    run_caught(strategy.name, initial.clone(), op, plan, pool, &context);
                let payload = payload.unwrap_or_else(|| panic!("{context}: no panic"));
                let boom = payload
                    .downcast_ref::<Boom>()
                    .unwrap_or_else(|| panic!("{context}: payload is not a Boom"));
                assert!(
                    initial.iter().any(|x| x.to_bits() == boom.bits),
                    "{context}: payload names an input value"
                );
                // Every chunk panics on its first group, before writing.
                assert_same_bits(&got, &initial, &|| context.clone());
                if strategy.name == "rayon" {
                    assert_pool_usable(&pools[&threads], plan, &context);
                }
            }
        }
    }
}

#[test]
fn std_mpsc_resumes_the_panic_of_the_first_failing_chunk() {
    quiet_deliberate_panics();
    // Two bad elements in chunks 1 and 6 of 8: whichever fails first in
    // time, the caller sees chunk 1's payload (workers are joined in order).
    let initial = initial_vector(800).expect("small");
    let plan = Plan::new(8, None).expect("positive");
    let pool = Arc::new(doall_rayon::pool(NonZeroUsize::MIN).expect("pool"));
    for round in 0..20 {
        let op = PanicOn {
            triggers: vec![initial[650].to_bits(), initial[150].to_bits()],
            every: false,
            payload: Payload::Custom,
        };
        let context = format!("std-mpsc two panics, round {round}");
        let (got, payload) = run_caught(
            "std-mpsc",
            initial.clone(),
            op,
            plan,
            Arc::clone(&pool),
            &context,
        );
        let payload = payload.unwrap_or_else(|| panic!("{context}: no panic"));
        assert_payload(payload.as_ref(), Payload::Custom, initial[150], &context);
        // The six chunks without a bad element are all updated.
        let expected = sequential(&initial, Workload::Light);
        for c in [0, 2, 3, 4, 5, 7] {
            let range = chunk_bounds(c, 800, 8);
            assert_same_bits(&got[range.clone()], &expected[range], &|| context.clone());
        }
    }
}
