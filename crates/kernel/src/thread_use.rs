//! How many OS threads a strategy uses for a plan: one rule per strategy,
//! declared in its crate, which enforces its limit with it, and read by the
//! registry, the command-line tool, the benchmark and the tests.

use std::num::NonZeroUsize;

use crate::{Plan, ThreadError};

/// The most OS threads one call of any strategy may use, the limit every
/// strategy crate declares as its own `MAX_THREADS` and checks with
/// [`ThreadUse::limit`]. Far beyond any useful count, and far below where
/// Linux runs out of memory maps (about 16 000 threads with the default
/// `vm.max_map_count`): there a thread starts but cannot map its guard
/// page, and std aborts the process from inside that thread, where no
/// caller can catch it.
pub const MAX_THREADS: usize = 4096;

/// The rule by which a strategy turns a [`Plan`] into OS threads.
///
/// It counts the threads that run chunks: a caller that only waits for its
/// workers is not counted, a caller that runs the chunks itself is.
///
/// ```
/// use doall_kernel::{Plan, ThreadUse};
/// let plan = Plan::new(8, Some(2))?;
/// assert_eq!(ThreadUse::OnePerChunk.os_threads(plan).get(), 2);
/// assert_eq!(ThreadUse::UpToChunks.os_threads(plan).get(), 2); // no worker without a chunk
/// assert_eq!(ThreadUse::WorkerPool.os_threads(plan).get(), 8);
/// # Ok::<(), doall_kernel::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
// ANCHOR: thread_use_enum
pub enum ThreadUse {
    /// The caller's own thread and no other, whatever the plan (`seq`).
    Caller,
    /// A new thread for every chunk, on every call: Go's goroutine per chunk
    /// (`std-mpsc`).
    OnePerChunk,
    /// `min(threads, chunks)` new threads on every call: a worker that could
    /// not get a chunk would only start and stop (`crossbeam`).
    UpToChunks,
    /// A pool of `threads` worker threads, started once when the pool is
    /// built and reused by every call, while the caller waits (`rayon`,
    /// `paralight`). With fewer chunks than threads, some of them get no
    /// work. Not the rule of the strategy named `pool`, whose caller works
    /// ([`ThreadUse::CallerAndSession`]).
    WorkerPool,
    /// `min(threads, chunks)` threads, the caller one of them: the other
    /// `T − 1` are started on every call (`std-scope`).
    CallerAndSpawned,
    /// `min(threads, chunks)` threads, the caller one of them: the other
    /// `T − 1` are started once for a session of many calls (`pool`).
    CallerAndSession,
    /// A pool of `threads` threads, the caller one of them: `threads − 1`
    /// workers started once and reused by every call, whatever the chunks.
    /// With fewer chunks than threads, some of them get no work
    /// (`forkunion`).
    CallerAndPool,
    /// Like [`ThreadUse::CallerAndPool`], plus one heartbeat thread that
    /// runs no chunk but tells the others when to share work. A call hands
    /// work to a worker only when a heartbeat has come, so it may run on
    /// fewer threads than the pool has, a short call often on the caller
    /// alone (`chili`).
    CallerAndHeartbeat,
}
// ANCHOR_END: thread_use_enum

impl ThreadUse {
    /// How many OS threads a call with `plan` uses.
    // ANCHOR: os_threads
    pub fn os_threads(self, plan: Plan) -> NonZeroUsize {
        match self {
            ThreadUse::Caller => NonZeroUsize::MIN,
            ThreadUse::OnePerChunk => plan.chunks(),
            ThreadUse::UpToChunks | ThreadUse::CallerAndSpawned | ThreadUse::CallerAndSession => {
                plan.threads().min(plan.chunks())
            }
            ThreadUse::WorkerPool | ThreadUse::CallerAndPool | ThreadUse::CallerAndHeartbeat => {
                plan.threads()
            }
        }
    }
    // ANCHOR_END: os_threads

    /// Whether the caller's own thread runs chunks (and is one of
    /// [`ThreadUse::os_threads`]).
    pub fn caller_works(self) -> bool {
        !matches!(
            self,
            ThreadUse::OnePerChunk | ThreadUse::UpToChunks | ThreadUse::WorkerPool
        )
    }

    /// Whether a call may run on fewer threads than
    /// [`ThreadUse::os_threads`] even with a chunk for each: the library
    /// decides at run time when to fork ([`ThreadUse::CallerAndHeartbeat`]).
    /// For every other rule, each of those threads runs a chunk when there
    /// are enough.
    pub fn forks_on_demand(self) -> bool {
        self == ThreadUse::CallerAndHeartbeat
    }

    /// How many OS threads the strategy starts for a call or a session with
    /// `plan`, besides the caller: the threads of
    /// [`ThreadUse::os_threads`] that are not the caller, and a helper that
    /// runs no chunk (chili's heartbeat thread).
    ///
    /// ```
    /// use doall_kernel::{Plan, ThreadUse};
    /// let plan = Plan::new(4, Some(2))?;
    /// assert_eq!(ThreadUse::CallerAndSession.threads_started(plan), 1);
    /// assert_eq!(ThreadUse::CallerAndPool.threads_started(plan), 3);
    /// assert_eq!(ThreadUse::CallerAndHeartbeat.threads_started(plan), 4);
    /// # Ok::<(), doall_kernel::Error>(())
    /// ```
    pub fn threads_started(self, plan: Plan) -> usize {
        match self {
            // threads − 1 workers and the heartbeat thread.
            ThreadUse::CallerAndHeartbeat => plan.threads().get(),
            _ => self.os_threads(plan).get() - usize::from(self.caller_works()),
        }
    }

    /// The rule in words, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            ThreadUse::Caller => "the caller's thread only",
            ThreadUse::OnePerChunk => "one new thread per chunk, every call",
            ThreadUse::UpToChunks => "min(threads, chunks) new threads, every call",
            ThreadUse::WorkerPool => "a pool of the plan's threads, started once",
            ThreadUse::CallerAndSpawned => {
                "min(threads, chunks), the caller one of them; the rest started every call"
            }
            ThreadUse::CallerAndSession => {
                "min(threads, chunks), the caller one of them; the rest started once per session"
            }
            ThreadUse::CallerAndPool => {
                "a pool of the plan's threads, the caller one of them, started once"
            }
            ThreadUse::CallerAndHeartbeat => {
                "up to the plan's threads, the caller one of them, forking on a heartbeat; the rest and a heartbeat thread started once"
            }
        }
    }

    /// [`ThreadUse::os_threads`] of `plan`, or [`ThreadError::TooMany`] if
    /// that is more than `max`. Strategies check it before they start
    /// anything, so a refused plan leaves the vector untouched; a pool
    /// crate checks its thread count as the plan of one chunk per thread
    /// (`Plan::from(threads)`).
    ///
    /// ```
    /// use doall_kernel::{Plan, ThreadError, ThreadUse};
    /// let plan = Plan::new(8, Some(100_008))?;
    /// assert_eq!(ThreadUse::UpToChunks.limit(plan, 4096)?.get(), 8);
    /// let refused = ThreadUse::OnePerChunk.limit(plan, 4096);
    /// assert!(matches!(refused, Err(ThreadError::TooMany { threads: 100_008, max: 4096, .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn limit(self, plan: Plan, max: usize) -> Result<NonZeroUsize, ThreadError> {
        let threads = self.os_threads(plan);
        ThreadError::check_limit(threads.get(), self.describe(), max)?;
        Ok(threads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ThreadUse; 8] = [
        ThreadUse::Caller,
        ThreadUse::OnePerChunk,
        ThreadUse::UpToChunks,
        ThreadUse::WorkerPool,
        ThreadUse::CallerAndSpawned,
        ThreadUse::CallerAndSession,
        ThreadUse::CallerAndPool,
        ThreadUse::CallerAndHeartbeat,
    ];

    #[test]
    fn os_threads_by_rule() {
        let cases = [
            // (threads, chunks) -> Caller, OnePerChunk, UpToChunks, Pool,
            // CallerAndSpawned, CallerAndSession, CallerAndPool,
            // CallerAndHeartbeat
            ((1, 1), [1, 1, 1, 1, 1, 1, 1, 1]),
            ((8, 2), [1, 2, 2, 8, 2, 2, 8, 8]),
            ((2, 8), [1, 8, 2, 2, 2, 2, 2, 2]),
            ((3, 3), [1, 3, 3, 3, 3, 3, 3, 3]),
        ];
        for ((threads, chunks), expected) in cases {
            let plan = Plan::new(threads, Some(chunks)).expect("positive");
            let got = ALL.map(|rule| rule.os_threads(plan).get());
            assert_eq!(got, expected, "{plan:?}");
        }
    }

    #[test]
    fn limit_refuses_only_above_the_maximum() {
        let plan = Plan::new(4, Some(16)).expect("positive");
        for rule in ALL {
            let threads = rule.os_threads(plan).get();
            assert_eq!(rule.limit(plan, threads).ok(), Some(rule.os_threads(plan)));
            if threads > 1 {
                let err = rule.limit(plan, threads - 1).expect_err("one too many");
                assert_eq!(
                    err.to_string(),
                    format!(
                        "the plan needs {threads} OS threads ({}), more than the limit of {}",
                        rule.describe(),
                        threads - 1
                    )
                );
            }
        }
    }

    #[test]
    fn threads_started_are_the_callers_companions_and_the_heartbeat() {
        let plan = Plan::new(8, Some(2)).expect("positive");
        // Caller, OnePerChunk, UpToChunks, Pool, CallerAndSpawned,
        // CallerAndSession, CallerAndPool, CallerAndHeartbeat
        let started = ALL.map(|rule| rule.threads_started(plan));
        assert_eq!(started, [0, 2, 2, 8, 1, 1, 7, 8]);
        let on_demand: Vec<ThreadUse> = ALL.into_iter().filter(|r| r.forks_on_demand()).collect();
        assert_eq!(on_demand, [ThreadUse::CallerAndHeartbeat]);
    }

    #[test]
    fn descriptions_differ() {
        let mut texts = ALL.map(ThreadUse::describe);
        texts.sort_unstable();
        assert!(texts.windows(2).all(|w| w[0] != w[1]), "{texts:?}");
    }
}
