//! Joining worker threads without losing a panic, and keeping the panic
//! of the lowest failing chunk when a library's threads run the chunks.

use std::{
    any::Any,
    panic::{self, AssertUnwindSafe},
    sync::{Mutex, PoisonError},
    thread,
};

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

/// The panic of the failing chunk of lowest index, for a strategy whose
/// chunks run in any order on threads it does not join itself (a library's
/// pool): each chunk runs through [`LowestPanic::run`], which catches its
/// panic so the pool's other chunks still run, and once the pool is done
/// the caller resumes the kept panic with [`LowestPanic::resume`].
///
/// ```
/// use doall_kernel::LowestPanic;
/// let failed = LowestPanic::default();
/// for chunk in [3, 1, 2] {
///     failed.run(chunk, || panic!("chunk {chunk} failed"));
/// }
/// let caught = std::panic::catch_unwind(|| failed.resume());
/// let payload = caught.expect_err("a chunk failed");
/// assert_eq!(payload.downcast_ref::<String>().map(String::as_str), Some("chunk 1 failed"));
/// ```
#[derive(Debug, Default)]
pub struct LowestPanic(Mutex<Option<(usize, Box<dyn Any + Send>)>>);

impl LowestPanic {
    /// Runs chunk `index` with `f`; if it panics, keeps the payload unless
    /// a chunk of lower index has failed already.
    pub fn run(&self, index: usize, f: impl FnOnce()) {
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(f)) {
            let mut first = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            if first.as_ref().is_none_or(|(kept, _)| index < *kept) {
                *first = Some((index, payload));
            }
        }
    }

    /// Resumes the kept panic in the caller, with its original payload, if
    /// any chunk failed.
    pub fn resume(self) {
        let first = self.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, payload)) = first {
            panic::resume_unwind(payload);
        }
    }
}
