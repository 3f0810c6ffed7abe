//! A refused thread: the spawning stops, the started threads finish their
//! shares and are joined, the caller runs none of its own, and it gets
//! `ThreadError::Refused`.

use doall_kernel::{
    Plan, RefuseNth, ThreadError, Workload, chunk_bounds, initial_vector, update_chunk,
};
use doall_std_scope::do_all_with_spawner;

#[test]
fn a_refused_thread_leaves_only_the_started_shares_updated() {
    let initial = initial_vector(800).expect("small");
    let mut expected = initial.clone();
    update_chunk(&mut expected, &Workload::Heavy);
    // Four threads over eight chunks: worker t owns chunks t and t + 4, the
    // caller (thread 3) chunks 3 and 7.
    let plan = Plan::new(4, Some(8)).expect("positive");
    for refused in [0, 1, 2] {
        let mut v = initial.clone();
        let err = do_all_with_spawner(&mut v, &Workload::Heavy, plan, &RefuseNth(refused))
            .expect_err("thread refused");
        // The caller counts as started: it was running all along.
        assert!(
            matches!(err, ThreadError::Refused { started, wanted: 4, .. } if started == refused + 1),
            "{err}"
        );
        for c in 0..8 {
            let range = chunk_bounds(c, 800, 8);
            let want = if c % 4 < refused { &expected } else { &initial };
            assert_eq!(
                v[range.clone()],
                want[range],
                "chunk {c}, refused {refused}"
            );
        }
    }
}
