//! The exercise's solutions in `crates/exercise/solutions/`, compiled here
//! and run through the same oracle and panic checks as every registered
//! strategy, each made into a strategy of its own with
//! `Strategy::per_call`. So a solution cannot rot: if the kernel or the
//! checks change, this test says so.

#[path = "../../exercise/solutions/shared_queue.rs"]
mod shared_queue;
#[path = "../../exercise/solutions/spawn_per_chunk.rs"]
mod spawn_per_chunk;

use doall_kernel::{Plan, ThreadError, Workload, initial_vector};
use doall_registry::Strategy;

static SPAWN_PER_CHUNK: Strategy = Strategy::per_call(
    "solution spawn-per-chunk",
    "one scoped thread per chunk",
    spawn_per_chunk::THREAD_USE,
    Some(spawn_per_chunk::MAX_THREADS),
    spawn_per_chunk::PANIC_PROMISE,
    |v, op, plan| spawn_per_chunk::do_all(v, op, plan),
);

static SHARED_QUEUE: Strategy = Strategy::per_call(
    "solution shared-queue",
    "the caller and T − 1 threads take chunks from one queue",
    shared_queue::THREAD_USE,
    Some(shared_queue::MAX_THREADS),
    shared_queue::PANIC_PROMISE,
    |v, op, plan| shared_queue::do_all(v, op, plan),
);

#[test]
fn spawn_per_chunk_leaves_exactly_seqs_bits() {
    doall_conformance::check_oracle(&SPAWN_PER_CHUNK);
}

#[test]
fn spawn_per_chunk_panics_as_it_promises() {
    doall_conformance::check_panics(&SPAWN_PER_CHUNK);
}

#[test]
fn shared_queue_leaves_exactly_seqs_bits() {
    doall_conformance::check_oracle(&SHARED_QUEUE);
}

#[test]
fn shared_queue_panics_as_it_promises() {
    doall_conformance::check_panics(&SHARED_QUEUE);
}

/// A solution's `do_all` with the workloads as its `Op`.
type DoAll = fn(&mut [f64], &Workload, Plan) -> Result<(), ThreadError>;

#[test]
fn both_refuse_a_plan_over_their_limit_and_leave_v_untouched() {
    let initial = initial_vector(100).expect("small");
    let huge = Plan::new(5000, Some(5000)).expect("positive");
    let calls: [DoAll; 2] = [spawn_per_chunk::do_all, shared_queue::do_all];
    for call in calls {
        let mut v = initial.clone();
        let result = call(&mut v, &Workload::Light, huge);
        assert!(
            matches!(result, Err(ThreadError::TooMany { threads: 5000, .. })),
            "{result:?}"
        );
        assert_eq!(v, initial, "a refused call leaves v untouched");
    }
}
