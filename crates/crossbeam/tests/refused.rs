//! A refused worker: the spawning stops, the started workers empty the
//! whole queue and are joined, and the caller gets `ThreadError::Refused`.

use doall_crossbeam::do_all_with_spawner;
use doall_kernel::{Plan, RefuseNth, ThreadError, Workload, initial_vector, update_chunk};

#[test]
fn a_refused_worker_stops_the_spawning_and_the_started_ones_finish_the_queue() {
    let initial = initial_vector(800).expect("small");
    let mut expected = initial.clone();
    update_chunk(&mut expected, &Workload::Heavy);
    let plan = Plan::new(4, Some(32)).expect("positive");
    for refused in [0, 1, 3] {
        let mut v = initial.clone();
        let err = do_all_with_spawner(&mut v, &Workload::Heavy, plan, &RefuseNth(refused))
            .expect_err("worker refused");
        assert!(
            matches!(err, ThreadError::Refused { started, wanted: 4, .. } if started == refused),
            "{err}"
        );
        // One started worker is enough to empty the queue.
        let want = if refused > 0 { &expected } else { &initial };
        assert_eq!(&v, want, "refused worker {refused}");
    }
}
