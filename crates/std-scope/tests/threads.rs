//! No thread outlives a call, normal, panicking or refused. Threads are counted in
//! `/proc/self/task`, per process, so this binary holds exactly one test.

mod support;

use std::panic::{self, AssertUnwindSafe};

use doall_kernel::{Plan, RefuseNth, Workload, initial_vector};
use doall_std_scope::{do_all, do_all_with_spawner};
use support::{PanicOn, PeakThreads, assert_threads_back_to, quiet_booms, thread_count, within};

#[test]
fn no_thread_outlives_a_call() {
    quiet_booms();
    within("std-scope threads", || {
        let baseline = thread_count();
        for threads in [2, 3, 8] {
            let plan = Plan::new(threads, None).expect("positive");
            let mut v = initial_vector(4096).expect("small");
            do_all(&mut v, &Workload::Heavy, plan).expect("within the limit");
            assert_threads_back_to(baseline, &|| format!("{threads} threads"));
            let peak = PeakThreads::default();
            do_all(&mut v[..threads], &peak, plan).expect("within the limit");
            if let Some(baseline) = baseline {
                let seen = peak.0.into_inner();
                assert!(
                    seen > baseline,
                    "{threads} threads: the counter saw none of them"
                );
            }
            assert_threads_back_to(baseline, &|| format!("{threads} threads, counted"));
            let op = PanicOn::new(v[4095]);
            let caught = panic::catch_unwind(AssertUnwindSafe(|| do_all(&mut v, &op, plan)));
            assert!(caught.is_err(), "the last chunk panics");
            assert_threads_back_to(baseline, &|| format!("{threads} threads, panicking"));
            let last_worker = RefuseNth(threads - 2);
            let refused = do_all_with_spawner(&mut v, &Workload::Heavy, plan, &last_worker);
            assert!(refused.is_err(), "the last worker is refused");
            assert_threads_back_to(baseline, &|| format!("{threads} threads, refused"));
        }
    });
}
