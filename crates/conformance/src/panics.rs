//! A panicking `Op`: a strategy's call panics in the caller with the
//! original payload, in bounded time, leaves the vector exactly as the
//! strategy's declared `panic_promise` says, and its session is still usable
//! afterwards.
//!
//! Nothing here names a strategy: each one is checked against the promise
//! its [`Strategy`] carries, so a new strategy is tested as soon as it is
//! registered.

use std::{
    any::Any,
    ops::Range,
    panic::{self, AssertUnwindSafe},
    sync::{
        Once,
        atomic::{AtomicBool, Ordering},
    },
};

use doall_kernel::{ChunkFate, LANES, Op, Plan, initial_vector};
use doall_testkit::{Boom, assert_same_bits, within};

use doall_registry::{Error, Strategy, runner_to_vec};

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

/// `x ↦ 1 + x/2` (the light workload's op), except that, while armed, it
/// panics on the input values in `triggers` (or on every input if `every`).
/// Disarmed, it lets a test check that a session still works after a panic.
#[derive(Debug)]
struct PanicOn {
    triggers: Vec<u64>,
    every: bool,
    payload: Payload,
    armed: AtomicBool,
}

impl PanicOn {
    /// Panics on the inputs `values`.
    fn values(values: &[f64], payload: Payload) -> PanicOn {
        PanicOn {
            triggers: values.iter().map(|x| x.to_bits()).collect(),
            every: false,
            payload,
            armed: AtomicBool::new(true),
        }
    }

    /// Panics on every input.
    fn everywhere() -> PanicOn {
        PanicOn {
            every: true,
            ..PanicOn::values(&[], Payload::Custom)
        }
    }

    fn disarm(&self) {
        self.armed.store(false, Ordering::Relaxed);
    }
}

impl Op for PanicOn {
    fn apply(&self, x: f64) -> f64 {
        let triggered = self.every || self.triggers.contains(&x.to_bits());
        if triggered && self.armed.load(Ordering::Relaxed) {
            match self.payload {
                Payload::Custom => panic::panic_any(Boom { bits: x.to_bits() }),
                Payload::Str => panic!("doall test: deliberate &str panic"),
                Payload::String => panic!("{STRING_PREFIX}{}", x.to_bits()),
            }
        }
        1.0 + 0.5 * x
    }
}

/// What every element becomes when no panic stops it.
fn updated(initial: &[f64]) -> Vec<f64> {
    doall_testkit::sequential(initial, &PanicOn::values(&[], Payload::Custom))
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

/// What one session saw: the panic of its first call, the vector that call
/// left, and the vector after a second call with the op disarmed (if asked
/// for).
struct Outcome {
    caught: Result<Result<(), Error>, Box<dyn Any + Send>>,
    after_panic: Vec<f64>,
    next_call: Option<Vec<f64>>,
}

impl Outcome {
    /// The payload of the first call, which must have panicked.
    fn payload(&self, context: &str) -> &(dyn Any + Send) {
        match &self.caught {
            Err(payload) => payload.as_ref(),
            Ok(returned) => panic!("{context}: the call did not panic, it returned {returned:?}"),
        }
    }

    /// Checks that the second call of the session, if there was one, left
    /// `expected`.
    fn assert_next_call(&self, expected: &[f64], context: &str) {
        if let Some(next_call) = &self.next_call {
            assert_same_bits(next_call, expected, &|| {
                format!("{context}: the next call in the same session")
            });
        }
    }
}

/// Opens a session of `strategy` with `op` over `initial` on a watchdog
/// thread, so that a hang fails the test: makes one call, which panics,
/// inside the session, then, if `call_again`, disarms `op`, resets the
/// vector and calls again in the same session, which must work.
fn panicking_session(
    strategy: &'static Strategy,
    plan: Plan,
    initial: &[f64],
    op: PanicOn,
    call_again: bool,
    context: &str,
) -> Outcome {
    let initial = initial.to_vec();
    within(context, move || {
        let mut v = initial.clone();
        let mut outcome = None;
        strategy
            .session(plan, &op, &mut v, |runner| {
                let caught = panic::catch_unwind(AssertUnwindSafe(|| runner.call()));
                let after_panic = runner_to_vec(runner);
                let mut next_call = None;
                if call_again {
                    op.disarm();
                    runner.reset(&initial);
                    runner.call()?;
                    next_call = Some(runner_to_vec(runner));
                }
                outcome = Some(Outcome {
                    caught,
                    after_panic,
                    next_call,
                });
                Ok(())
            })
            .expect("threads start");
        outcome.expect("every session runs its body")
    })
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

/// Checks one chunk of `got` against its fate; `bad` is the failing
/// element, used for the [`ChunkFate::Failing`] chunk.
fn assert_fate(
    got: &[f64],
    initial: &[f64],
    updated: &[f64],
    (range, fate): (Range<usize>, ChunkFate),
    bad: usize,
    context: &str,
) {
    let same = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
    let (got, initial, updated) = (
        &got[range.clone()],
        &initial[range.clone()],
        &updated[range.clone()],
    );
    let ok = match fate {
        ChunkFate::Updated => same(got, updated),
        ChunkFate::Untouched => same(got, initial),
        ChunkFate::WholeOrUntouched => same(got, updated) || same(got, initial),
        ChunkFate::Failing => {
            let prefix = updated_prefix(range.len(), bad - range.start);
            same(&got[..prefix], &updated[..prefix]) && same(&got[prefix..], &initial[prefix..])
        }
    };
    assert!(ok, "{context}: chunk {range:?} is not {fate:?}: {got:?}");
}

/// A panic in the first, a middle or the last element, with each kind of
/// payload, over many plans: the caller gets that payload, the vector is
/// what the promise says, and the next call of the session works.
pub fn a_panic_in_one_chunk_leaves_what_the_strategy_promises(strategy: &'static Strategy) {
    quiet_deliberate_panics();
    // 1001 elements: chunks with full LANES groups and ragged tails; 5
    // elements with 8 or more chunks: empty chunks.
    for n in [1001, 5] {
        let initial = initial_vector(n).expect("small");
        let updated = updated(&initial);
        // The first chunk (a worker's), a middle one off a group boundary,
        // and the last element, in the chunk that a strategy whose caller
        // works runs on the caller.
        let middle = if n > 20 { n / 2 + 5 } else { n / 2 };
        for bad in [0, middle, n - 1] {
            for threads in [1, 2, 8] {
                for chunks in [threads, 4 * threads, n + 3] {
                    let plan = Plan::new(threads, Some(chunks)).expect("positive");
                    for kind in PAYLOADS {
                        let context = format!(
                            "{} n={n} bad={bad} threads={threads} chunks={chunks} {kind:?}",
                            strategy.name
                        );
                        let op = PanicOn::values(&[initial[bad]], kind);
                        // Whether the session survives does not depend
                        // on the payload, so one kind is enough: a second
                        // call of a strategy with a thread per chunk,
                        // given more chunks than elements, starts a
                        // thousand threads more.
                        let again = kind == Payload::Custom;
                        let outcome =
                            panicking_session(strategy, plan, &initial, op, again, &context);
                        assert_payload(outcome.payload(&context), kind, initial[bad], &context);
                        for fate in strategy.panic_promise.fates(n, plan, bad) {
                            let got = &outcome.after_panic;
                            assert_fate(got, &initial, &updated, fate, bad, &context);
                        }
                        outcome.assert_next_call(&updated, &context);
                    }
                }
            }
        }
    }
}

/// An `Op` that panics on every element: one panic reaches the caller,
/// whether it leaves the session or is caught inside it, and no element
/// changes.
pub fn an_op_that_panics_everywhere_changes_nothing(strategy: &'static Strategy) {
    quiet_deliberate_panics();
    let initial = initial_vector(777).expect("small");
    let names_an_input = |payload: &(dyn Any + Send), context: &str| {
        let boom = payload
            .downcast_ref::<Boom>()
            .unwrap_or_else(|| panic!("{context}: payload is not a Boom"));
        assert!(
            initial.iter().any(|x| x.to_bits() == boom.bits),
            "{context}: payload names an input value"
        );
    };
    for threads in [1, 3] {
        for chunks in [1, threads, 50] {
            let plan = Plan::new(threads, Some(chunks)).expect("positive");
            let context = format!(
                "{} everywhere threads={threads} chunks={chunks}",
                strategy.name
            );
            // A panic that leaves the session: every thread stops, and
            // the caller of `call_once` gets one panic.
            let leaving = initial.clone();
            let (got, caught) = within(&context, move || {
                let mut v = leaving;
                let caught = panic::catch_unwind(AssertUnwindSafe(|| {
                    strategy.call_once(plan, &PanicOn::everywhere(), &mut v)
                }));
                (v, caught)
            });
            let payload = caught
                .err()
                .unwrap_or_else(|| panic!("{context}: no panic"));
            names_an_input(payload.as_ref(), &context);
            // Every chunk panics on its first group, before writing.
            assert_same_bits(&got, &initial, &|| context.clone());
            // A panic caught inside the session: it is still usable.
            let op = PanicOn::everywhere();
            let outcome = panicking_session(strategy, plan, &initial, op, true, &context);
            names_an_input(outcome.payload(&context), &context);
            assert_same_bits(&outcome.after_panic, &initial, &|| context.clone());
            outcome.assert_next_call(&updated(&initial), &context);
        }
    }
}

/// Two failing chunks: the caller gets the panic the promise names (or one
/// of the two, if it names none), and every chunk that neither panic may
/// stop is updated.
pub fn with_two_failing_chunks_the_caller_gets_the_promised_panic(strategy: &'static Strategy) {
    quiet_deliberate_panics();
    let n = 800;
    let initial = initial_vector(n).expect("small");
    let updated = updated(&initial);
    // Elements 150 and 650: with 12 chunks over 3 threads they are in
    // chunks 2 and 9, whose threads are 2 and 0, so the lowest failing
    // chunk and the lowest failing thread disagree.
    let bad = [650, 150];
    let values = bad.map(|i| initial[i]);
    // More threads than failing chunks (see below).
    for (threads, chunks) in [(8, 8), (3, 12), (4, 7)] {
        let plan = Plan::new(threads, Some(chunks)).expect("positive");
        let promise = strategy.panic_promise;
        // A chunk is left undone only if a thread meant to run it
        // stopped at a panic. If no single failing element can leave a
        // chunk undone, both together cannot either, as long as a
        // thread is left to finish any shared work: here fewer chunks
        // fail than threads run.
        let single: Vec<Vec<(Range<usize>, ChunkFate)>> =
            bad.iter().map(|&b| promise.fates(n, plan, b)).collect();
        let resumed = promise.resumed(n, plan, &bad);
        // Which panic wins may depend on timing: try it several times.
        for round in 0..20 {
            let context = format!(
                "{} two panics, threads={threads} chunks={chunks}, round {round}",
                strategy.name
            );
            let op = PanicOn::values(&values, Payload::Custom);
            let outcome = panicking_session(strategy, plan, &initial, op, true, &context);
            let payload = outcome.payload(&context);
            match resumed {
                Some(i) => assert_payload(payload, Payload::Custom, initial[i], &context),
                None => {
                    let boom = payload.downcast_ref::<Boom>();
                    assert!(
                        values
                            .iter()
                            .any(|x| Some(&Boom { bits: x.to_bits() }) == boom),
                        "{context}: the payload of one of the failing elements"
                    );
                }
            }
            let got = &outcome.after_panic;
            for (c, (range, _)) in single[0].iter().enumerate() {
                if single.iter().all(|fates| fates[c].1 == ChunkFate::Updated) {
                    let (range, fate) = (range.clone(), ChunkFate::Updated);
                    assert_fate(got, &initial, &updated, (range, fate), 0, &context);
                }
            }
            // Whatever the promise, no element is anything but its
            // initial or its updated value.
            for (i, x) in got.iter().enumerate() {
                assert!(
                    [initial[i], updated[i]]
                        .iter()
                        .any(|y| y.to_bits() == x.to_bits()),
                    "{context}: element {i} is {x:e}"
                );
            }
            outcome.assert_next_call(&updated, &context);
        }
    }
}
