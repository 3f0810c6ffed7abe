//! A refused thread: the spawning stops, the started threads finish their
//! chunks and are joined, the rest of `v` is untouched, and the caller gets
//! `ThreadError::Refused`.

use doall_kernel::{
    Plan, RefuseNth, ThreadError, Workload, chunk_bounds, initial_vector, update_chunk,
};
use doall_std_mpsc::do_all_with_spawner;

#[test]
fn a_refused_thread_stops_the_spawning_and_the_started_chunks_finish() {
    let initial = initial_vector(800).expect("small");
    let mut expected = initial.clone();
    update_chunk(&mut expected, &Workload::Heavy);
    let plan = Plan::new(8, None).expect("positive");
    for refused in [0, 3, 7] {
        let mut v = initial.clone();
        let err = do_all_with_spawner(&mut v, &Workload::Heavy, plan, &RefuseNth(refused))
            .expect_err("thread refused");
        assert!(
            matches!(err, ThreadError::Refused { started, wanted: 8, .. } if started == refused),
            "{err}"
        );
        let named = format!("refused to start thread {} of 8", refused + 1);
        assert!(err.to_string().contains(&named), "{err}");
        for c in 0..8 {
            let range = chunk_bounds(c, 800, 8);
            let want = if c < refused { &expected } else { &initial };
            assert_eq!(
                v[range.clone()],
                want[range],
                "chunk {c}, refused {refused}"
            );
        }
    }
}
