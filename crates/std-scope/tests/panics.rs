//! A panicking `Op` in the first, a middle or the last chunk reaches the
//! caller with its payload, in bounded time, and every other thread's
//! chunks are updated as `seq` would update them.

mod support;

use std::panic::{self, AssertUnwindSafe};

use doall_kernel::{Plan, chunk_bounds, initial_vector};
use doall_std_scope::do_all;
use support::{Boom, PanicOn, assert_same_bits, quiet_booms, sequential, within};

#[test]
fn panic_in_any_chunk_reaches_the_caller_with_its_payload() {
    quiet_booms();
    within("std-scope panics", || {
        let n = 1000;
        let initial = initial_vector(n).expect("small");
        for (threads, chunks) in [(1, 1), (2, 2), (3, 3), (4, 4), (3, 12), (8, 8)] {
            for failing_chunk in [0, chunks / 2, chunks - 1] {
                let failing = chunk_bounds(failing_chunk, n, chunks).start;
                let op = PanicOn::new(initial[failing]);
                let expected = sequential(&initial, &PanicOn::new(f64::NAN));
                let mut v = initial.clone();
                let plan = Plan::new(threads, Some(chunks)).expect("positive");
                let caught = panic::catch_unwind(AssertUnwindSafe(|| do_all(&mut v, &op, plan)));
                let context =
                    || format!("threads={threads} chunks={chunks} failing={failing_chunk}");
                let payload = caught.expect_err("the panic reaches the caller");
                assert_eq!(
                    payload.downcast_ref::<Boom>(),
                    Some(&Boom {
                        bits: initial[failing].to_bits()
                    }),
                    "{}",
                    context()
                );
                // Every chunk of the other threads is fully updated.
                let failing_thread = failing_chunk % threads.min(chunks);
                for c in (0..chunks).filter(|c| c % threads.min(chunks) != failing_thread) {
                    let bounds = chunk_bounds(c, n, chunks);
                    assert_same_bits(&v[bounds.clone()], &expected[bounds], &|| {
                        format!("{} chunk {c}", context())
                    });
                }
            }
        }
    });
}
