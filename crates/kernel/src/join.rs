//! Joining worker threads without losing a panic.

use std::{panic, thread};

/// Takes the join results of every worker, in order, and, once all of them
/// are in, resumes the first worker's panic in the caller with its original
/// payload. Strategies call it as
/// `resume_first_panic(workers.into_iter().map(|w| w.join()))`, which joins
/// every worker before any panic moves on: the panic the caller gets is the
/// first in worker order, not whichever happened first, and it carries its
/// real message. (A `std::thread::scope` would join the workers anyway, but
/// a worker panic that nobody joined makes the scope panic with its own
/// "a scoped thread panicked".)
///
/// ```
/// use doall_kernel::resume_first_panic;
/// let caught = std::panic::catch_unwind(|| {
///     std::thread::scope(|scope| {
///         let workers = vec![scope.spawn(|| ()), scope.spawn(|| panic!("chunk 1 failed"))];
///         resume_first_panic(workers.into_iter().map(|w| w.join()));
///     })
/// });
/// let payload = caught.expect_err("the worker's panic reaches the caller");
/// assert_eq!(payload.downcast_ref::<&str>(), Some(&"chunk 1 failed"));
/// ```
// ANCHOR: resume_first_panic
pub fn resume_first_panic(joined: impl IntoIterator<Item = thread::Result<()>>) {
    let mut first_panic = None;
    for result in joined {
        if let Err(payload) = result {
            first_panic.get_or_insert(payload);
        }
    }
    if let Some(payload) = first_panic {
        panic::resume_unwind(payload);
    }
}
// ANCHOR_END: resume_first_panic
