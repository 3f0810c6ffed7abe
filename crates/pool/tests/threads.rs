//! Threads: the pool keeps exactly `T − 1` workers during a session and
//! none after it, however it ends (a refused worker included); and `do_all` reports exactly the threads
//! that ran a chunk. Threads are counted in `/proc/self/task`, per process,
//! so this binary holds exactly one test.

mod support;

use std::{
    collections::HashSet,
    panic::{self, AssertUnwindSafe},
    sync::Mutex,
    thread::{self, ThreadId},
    time::Duration,
};

use doall_kernel::{Op, Plan, RefuseNth, Workload, initial_vector};
use doall_pool::{PoolConfig, session, session_with_spawner};
use support::{PanicOn, assert_threads_back_to, quiet_booms, thread_count, within};

/// `x ↦ x`, recording which threads ran it.
#[derive(Default)]
struct RecordThreads(Mutex<HashSet<ThreadId>>);

impl RecordThreads {
    fn take(&self) -> HashSet<ThreadId> {
        std::mem::take(&mut *self.0.lock().expect("never poisoned"))
    }
}

impl Op for RecordThreads {
    fn apply(&self, x: f64) -> f64 {
        self.0
            .lock()
            .expect("never poisoned")
            .insert(thread::current().id());
        x
    }
}

#[test]
fn threads_are_counted_right_and_none_outlives_its_session() {
    quiet_booms();
    within("pool threads", || {
        let baseline = thread_count();
        for threads in [1, 2, 3, 8] {
            let plan = Plan::new(threads, None).expect("positive");
            let mut v = initial_vector(4096).expect("small");
            for config in [
                PoolConfig::default(),
                PoolConfig {
                    take_back: false,
                    ..PoolConfig::default()
                },
                PoolConfig {
                    spin_budget: Duration::ZERO,
                    ..PoolConfig::default()
                },
            ] {
                let context = format!("{threads} threads, {config:?}");
                let record = RecordThreads::default();
                session(&mut v[..64], &record, plan, config, |pool| {
                    if let Some(baseline) = baseline {
                        let now = thread_count().unwrap_or(0);
                        assert_eq!(now, baseline + threads - 1, "{context}: workers alive");
                    }
                    for call in 0..200 {
                        let used = pool.do_all();
                        let ran = record.take().len();
                        assert_eq!(
                            used, ran,
                            "{context}, call {call}: threads that ran a chunk"
                        );
                        if !config.take_back {
                            assert_eq!(used, threads, "{context}, call {call}: every thread runs");
                        }
                    }
                })
                .expect("within the limit");
                assert_threads_back_to(baseline, &|| context.clone());
            }
            // A panic that leaves the body: the workers are joined first.
            let op = PanicOn::new(v[4095]);
            let caught = panic::catch_unwind(AssertUnwindSafe(|| {
                session(&mut v, &op, plan, PoolConfig::default(), |pool| {
                    pool.do_all()
                })
            }));
            assert!(caught.is_err(), "{threads} threads: the last chunk panics");
            assert_threads_back_to(baseline, &|| format!("{threads} threads, panicking"));
            let _ = session(
                &mut v,
                &Workload::Heavy,
                plan,
                PoolConfig::default(),
                |pool| pool.do_all(),
            );
            assert_threads_back_to(baseline, &|| format!("{threads} threads, heavy"));
            if threads > 1 {
                // The last worker refused: the ones started are stopped.
                let last_worker = RefuseNth(threads - 2);
                let config = PoolConfig::default();
                let refused = session_with_spawner(
                    &mut v,
                    &Workload::Heavy,
                    plan,
                    config,
                    &last_worker,
                    |_| (),
                );
                assert!(
                    refused.is_err(),
                    "{threads} threads: the last worker is refused"
                );
                assert_threads_back_to(baseline, &|| format!("{threads} threads, refused"));
            }
        }
    });
}
