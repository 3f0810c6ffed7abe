//! `cargo test -p doall-conformance`: the registry's `exercise` entry, which
//! calls `doall_exercise::do_all`, through the same oracle and panic checks
//! as every registered strategy. These tests live here, not in
//! `crates/exercise`, because the registry depends on the exercise: its own
//! tests could not depend on the registry without a cycle. A failure names the
//! case, e.g. `exercise heavy len=1000 threads=2 chunks=2: element 999 is …,
//! seq gives …`.

use doall_registry::Strategy;

/// The registry's entry, checked to be the exercise's: its declarations
/// are the crate's own.
fn exercise() -> &'static Strategy {
    let exercise = doall_registry::find_strategies("exercise").expect("registered")[0];
    assert_eq!(exercise.thread_use, doall_exercise::THREAD_USE);
    assert_eq!(exercise.panic_promise, doall_exercise::PANIC_PROMISE);
    exercise
}

#[test]
fn the_exercise_leaves_exactly_seqs_bits() {
    doall_conformance::check_oracle(exercise());
}

#[test]
fn a_panic_in_the_exercise_reaches_the_caller_and_leaves_what_it_promises() {
    doall_conformance::check_panics(exercise());
}

#[test]
fn a_plan_over_the_limit_is_an_error_once_the_exercise_starts_threads() {
    let plan = doall_kernel::Plan::new(doall_exercise::MAX_THREADS + 1, None).expect("positive");
    let mut v = doall_kernel::initial_vector(10).expect("small");
    let result = doall_exercise::do_all(&mut v, &doall_kernel::Workload::Light, plan);
    let starts_threads = doall_exercise::THREAD_USE != doall_kernel::ThreadUse::Caller;
    assert_eq!(result.is_err(), starts_threads, "{result:?}");
}
