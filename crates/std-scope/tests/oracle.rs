//! Every call is bit-identical to `seq`, for every workload, length, thread
//! count and chunk count; a plan over the thread limit is refused untouched.

mod support;

use doall_kernel::ThreadError;
use doall_kernel::{Plan, Workload, initial_vector};
use doall_std_scope::{MAX_THREADS, do_all};
use support::{LENGTHS, THREADS, assert_same_bits, chunk_counts, sequential, within};

#[test]
fn bit_identical_to_seq() {
    within("std-scope oracle", || {
        for workload in Workload::ALL {
            for n in LENGTHS {
                let initial = initial_vector(n).expect("small");
                let expected = sequential(&initial, &workload);
                for threads in THREADS {
                    for chunks in chunk_counts(threads, n) {
                        let plan = Plan::new(threads, Some(chunks)).expect("positive");
                        let mut v = initial.clone();
                        do_all(&mut v, &workload, plan).expect("within the thread limit");
                        assert_same_bits(&v, &expected, &|| {
                            format!("{workload:?} n={n} threads={threads} chunks={chunks}")
                        });
                    }
                }
            }
        }
    });
}

#[test]
fn more_threads_than_the_limit_is_an_error_and_leaves_v_untouched() {
    let initial = initial_vector(10_000).expect("small");
    let mut v = initial.clone();
    let plan = Plan::new(MAX_THREADS + 1, None).expect("positive");
    let err = do_all(&mut v, &Workload::Light, plan).expect_err("over the limit");
    assert!(
        matches!(err, ThreadError::TooMany { threads, max: MAX_THREADS, .. } if threads == MAX_THREADS + 1),
        "{err}"
    );
    assert!(err.to_string().contains(&MAX_THREADS.to_string()), "{err}");
    assert_same_bits(&v, &initial, &|| "refused call".to_owned());
}

#[test]
fn threads_beyond_the_chunks_are_not_started() {
    // 5 000 threads over 2 chunks: two threads, well within the limit.
    let initial = initial_vector(1000).expect("small");
    let mut v = initial.clone();
    let plan = Plan::new(5000, Some(2)).expect("positive");
    do_all(&mut v, &Workload::Heavy, plan).expect("two threads");
    assert_same_bits(&v, &sequential(&initial, &Workload::Heavy), &|| {
        "5000 threads, 2 chunks".to_owned()
    });
}
