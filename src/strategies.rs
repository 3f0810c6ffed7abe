//! The registry of strategies. Adding a strategy is one crate plus one entry
//! in [`STRATEGIES`]: the CLI, the benchmarks and the report iterate over it.

use std::num::NonZeroUsize;

use doall_kernel::{DynOp, Op, PanicPromise, Plan, Probed, ThreadError, ThreadProbe, ThreadUse};

use crate::{CallSession, Error, Session};

/// What a session is opened with: the plan, and the settings of the one
/// strategy that has any (the pool's spin budget). A [`Plan`] alone converts
/// into a `SessionConfig` with the pool's defaults.
#[derive(Debug, Clone, Copy)]
pub struct SessionConfig {
    /// Threads and chunks.
    pub plan: Plan,
    /// How the `pool` strategy waits; the others ignore it.
    pub pool: doall_pool::PoolConfig,
}

impl From<Plan> for SessionConfig {
    fn from(plan: Plan) -> SessionConfig {
        SessionConfig {
            plan,
            pool: doall_pool::PoolConfig::default(),
        }
    }
}

/// The body a strategy runs inside its session.
type Body<'b> = &'b mut dyn FnMut(&mut dyn Session) -> Result<(), Error>;

/// A strategy crate's `do_all(v, op, plan)`, seen with the registry's `Op`.
pub type CallFn = fn(&mut [f64], &DynOp<'_>, Plan) -> Result<(), ThreadError>;

/// How the registry opens a strategy's session.
#[derive(Clone, Copy)]
enum Open {
    /// The strategy builds its own session around the vector and runs the
    /// body in it (what it keeps between calls: a thread pool).
    Session(fn(SessionConfig, &DynOp<'_>, &mut [f64], Body<'_>) -> Result<(), Error>),
    /// A plain function that keeps nothing between calls: the session is a
    /// [`CallSession`] that calls it with the plan, and a thread error is
    /// named after the strategy.
    PerCall(CallFn),
}

/// One way of doing `DoAll`.
pub struct Strategy {
    /// The name used on the command line and in results.
    pub name: &'static str,
    /// One line on what it is.
    pub summary: &'static str,
    /// How many OS threads a call uses: the strategy crate's `THREAD_USE`.
    /// Every count of threads in the CLI, the benchmark and the tests comes
    /// from this rule.
    pub thread_use: ThreadUse,
    /// The most OS threads a call may use: the strategy crate's
    /// `MAX_THREADS`, or `None` for one that starts none.
    pub max_threads: Option<usize>,
    /// What a call leaves in the vector when the `Op` panics, and whose
    /// panic it resumes: the strategy crate's `PANIC_PROMISE`. The panic
    /// tests check every strategy against its own.
    pub panic_promise: PanicPromise,
    /// Whether `cargo bench` measures it. Every strategy is, but for an
    /// exercise (`crates/exercise`): it starts as a copy of `seq` and
    /// changes as a reader works on it, so the benchmark would spend time
    /// on it and draw a sequential "parallel" strategy in the report. The
    /// CLI (`doall run -s exercise`) and the tests still run it.
    pub benched: bool,
    /// For a contender, a fork-join library measured against ours on the
    /// same kernel: the crate and the version the workspace pins
    /// (`chili 0.2.1`). `None` for ours. The report draws contenders as a
    /// family of their own.
    pub contender: Option<&'static str>,
    /// Whether its idle threads busy-wait for as long as the session lives
    /// (forkunion). With more threads than cores, every call then waits for
    /// the OS to take a core from a spinning thread, milliseconds instead of
    /// microseconds, so the stress tests give it a thread per core at most.
    pub busy_waits: bool,
    /// Builds what the strategy keeps between calls (a thread pool) around
    /// `v` and runs the body once in that session. The `Op` comes as a
    /// [`DynOp`]: one registry entry serves every workload and every `Op` a
    /// test or a reader brings, at the price of one indirect call per chunk.
    open: Open,
}

impl Strategy {
    /// A strategy outside the registry made of a crate's plain
    /// `do_all(v, op, plan)` and its declarations: the exercise's solutions
    /// are tested this way (`crates/exercise/tests/solutions.rs`), through
    /// the same checks as the registry's entries. Not benched.
    ///
    /// ```
    /// use doall::Strategy;
    /// use doall_kernel::{Plan, Workload, initial_vector};
    /// static STD_SCOPE: Strategy = Strategy::per_call(
    ///     "std-scope again",
    ///     "std-scope's function, wrapped once more",
    ///     doall_std_scope::THREAD_USE,
    ///     Some(doall_std_scope::MAX_THREADS),
    ///     doall_std_scope::PANIC_PROMISE,
    ///     |v, op, plan| doall_std_scope::do_all(v, op, plan),
    /// );
    /// let mut v = initial_vector(1000)?;
    /// STD_SCOPE.run_once(Plan::new(2, None)?, &Workload::Heavy, &mut v)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn per_call(
        name: &'static str,
        summary: &'static str,
        thread_use: ThreadUse,
        max_threads: Option<usize>,
        panic_promise: PanicPromise,
        call: CallFn,
    ) -> Strategy {
        Strategy {
            name,
            summary,
            thread_use,
            max_threads,
            panic_promise,
            benched: false,
            contender: None,
            busy_waits: false,
            open: Open::PerCall(call),
        }
    }

    /// Whether the strategy uses the plan's threads and chunks (`seq` does not).
    pub fn parallel(&self) -> bool {
        self.thread_use != ThreadUse::Caller
    }

    /// The OS threads a call with `plan` uses, or [`Error::Threads`] if that
    /// is more than the strategy's limit.
    pub fn os_threads(&self, plan: Plan) -> Result<NonZeroUsize, Error> {
        let Some(max) = self.max_threads else {
            return Ok(self.thread_use.os_threads(plan));
        };
        (self.thread_use.limit(plan, max)).map_err(refused(self.name))
    }

    /// The threads and chunks a call with `plan` really uses: the OS threads
    /// of [`Strategy::thread_use`], and the plan's chunks (1 for a strategy
    /// that runs on the caller alone). Results record these, never the plan's
    /// alone.
    pub fn threads_and_chunks(&self, plan: Plan) -> (usize, usize) {
        let chunks = if self.parallel() {
            plan.chunks().get()
        } else {
            1
        };
        (self.thread_use.os_threads(plan).get(), chunks)
    }

    /// Checks `plan` against the strategy's limit, builds what the strategy
    /// keeps between calls (a thread pool) around `v`, and runs `body` in
    /// that session; the body makes the calls with `op`. Opening the session
    /// is not timed: the benchmark and the CLI time calls inside the body.
    ///
    /// `op` runs behind a [`Probed`] wrapper, so the session's
    /// [`Session::probed_call`] can count the threads that ran chunks.
    ///
    /// ```
    /// use doall::STRATEGIES;
    /// use doall_kernel::{Plan, Workload, initial_vector};
    /// let mut v = initial_vector(4096)?;
    /// for strategy in STRATEGIES {
    ///     let plan = Plan::new(2, None)?;
    ///     let used = strategy.session(plan, &Workload::Heavy, &mut v, |session| {
    ///         session.probed_call()
    ///     })?;
    ///     assert!((1..=2).contains(&used.expect("registry sessions probe")));
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn session<O: Op, R>(
        &self,
        config: impl Into<SessionConfig>,
        op: &O,
        v: &mut [f64],
        body: impl FnOnce(&mut dyn Session) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let config = config.into();
        self.os_threads(config.plan)?;
        let probe = ThreadProbe::new();
        let probed = Probed::new(op, &probe);
        let mut body = Some(body);
        let mut result = None;
        let mut probing_body = |session: &mut dyn Session| {
            if let Some(body) = body.take() {
                result = Some(body(&mut ProbingSession {
                    inner: session,
                    probe: &probe,
                })?);
            }
            Ok(())
        };
        let op = DynOp(&probed);
        match self.open {
            Open::Session(open) => open(config, &op, v, &mut probing_body)?,
            Open::PerCall(call) => probing_body(&mut CallSession::new(v, |v: &mut [f64]| {
                call(v, &op, config.plan).map_err(refused(self.name))
            }))?,
        }
        Ok(result.expect("every strategy's session runs its body"))
    }

    /// One call on `v` with `op` in a session of its own: for tests and
    /// one-off calls (a pool is started and stopped around it).
    pub fn run_once<O: Op>(&self, plan: Plan, op: &O, v: &mut [f64]) -> Result<(), Error> {
        self.session(plan, op, v, |session| session.call())
    }
}

/// A registry session whose `Op` reports to `probe`.
struct ProbingSession<'s, 'p> {
    inner: &'s mut dyn Session,
    probe: &'p ThreadProbe,
}

impl Session for ProbingSession<'_, '_> {
    fn reset(&mut self, initial: &[f64]) {
        self.inner.reset(initial);
    }

    fn call(&mut self) -> Result<(), Error> {
        self.inner.call()
    }

    fn pieces(&mut self, visit: &mut dyn FnMut(&[f64])) {
        self.inner.pieces(visit);
    }

    fn probed_call(&mut self) -> Result<Option<usize>, Error> {
        self.probe.arm();
        let called = self.inner.call();
        let threads = self.probe.disarm();
        called.map(|()| Some(threads))
    }
}

/// [`doall_pool`]'s session seen as a registry [`Session`].
struct PoolSession<'s, 'p, 'v, 'o>(&'s mut doall_pool::Session<'p, 'v, DynOp<'o>>);

impl Session for PoolSession<'_, '_, '_, '_> {
    fn reset(&mut self, initial: &[f64]) {
        // The trait promises `initial` has the vector's length.
        if let Err(err) = self.0.copy_from_slice(initial) {
            panic!("Session::reset: {err}");
        }
    }

    fn call(&mut self) -> Result<(), Error> {
        self.0.do_all();
        Ok(())
    }

    fn pieces(&mut self, visit: &mut dyn FnMut(&[f64])) {
        self.0
            .with_chunks(|chunks| chunks.iter().for_each(|chunk| visit(chunk)));
    }
}

/// The pool's errors in the registry's terms: a refused thread is a
/// [`ThreadError::Refused`] like any strategy's.
fn pool_error(err: doall_pool::Error) -> Error {
    let source = match err {
        doall_pool::Error::Spawn {
            index,
            workers,
            source,
        } => ThreadError::Refused {
            // The caller is one of the pool's threads, already running.
            started: index + 1,
            wanted: workers + 1,
            source,
        },
        doall_pool::Error::TooManyThreads { threads, max } => ThreadError::TooMany {
            threads,
            rule: doall_pool::THREAD_USE.describe(),
            max,
        },
        // Bad settings (a spin budget over the limit) are bad input, not
        // a thread the OS refused.
        other => return Error::Pool(other),
    };
    Error::Threads {
        strategy: "pool",
        source,
    }
}

/// Names a strategy crate's thread error after the strategy.
fn refused(strategy: &'static str) -> impl Fn(ThreadError) -> Error {
    move |source| Error::Threads { strategy, source }
}

/// Every strategy, `seq` first: it is the baseline the others are compared to.
pub static STRATEGIES: &[Strategy] = &[
    Strategy {
        name: "seq",
        summary: "the sequential baseline: one thread, the shared fast kernel",
        thread_use: doall_seq::THREAD_USE,
        max_threads: None,
        panic_promise: doall_seq::PANIC_PROMISE,
        benched: true,
        contender: None,
        busy_waits: false,
        open: Open::PerCall(|v, op, _| {
            doall_seq::do_all(v, op);
            Ok(())
        }),
    },
    Strategy {
        name: "std-mpsc",
        summary: "Go's DoAll: one scoped std thread per chunk, an mpsc channel drained",
        thread_use: doall_std_mpsc::THREAD_USE,
        max_threads: Some(doall_std_mpsc::MAX_THREADS),
        panic_promise: doall_std_mpsc::PANIC_PROMISE,
        benched: true,
        contender: None,
        busy_waits: false,
        open: Open::PerCall(|v, op, plan| doall_std_mpsc::do_all(v, op, plan)),
    },
    Strategy {
        name: "std-scope",
        summary: "std::thread::scope with join handles, no channel; the caller runs a share",
        thread_use: doall_std_scope::THREAD_USE,
        max_threads: Some(doall_std_scope::MAX_THREADS),
        panic_promise: doall_std_scope::PANIC_PROMISE,
        benched: true,
        contender: None,
        busy_waits: false,
        open: Open::PerCall(|v, op, plan| doall_std_scope::do_all(v, op, plan)),
    },
    Strategy {
        name: "crossbeam",
        summary: "crossbeam scoped threads taking chunks from a shared MPMC queue",
        thread_use: doall_crossbeam::THREAD_USE,
        max_threads: Some(doall_crossbeam::MAX_THREADS),
        panic_promise: doall_crossbeam::PANIC_PROMISE,
        benched: true,
        contender: None,
        busy_waits: false,
        open: Open::PerCall(|v, op, plan| doall_crossbeam::do_all(v, op, plan)),
    },
    Strategy {
        name: "rayon",
        summary: "rayon par_chunks_mut on a pool of exactly T threads, built once",
        thread_use: doall_rayon::THREAD_USE,
        max_threads: Some(doall_rayon::MAX_THREADS),
        panic_promise: doall_rayon::PANIC_PROMISE,
        benched: true,
        contender: None,
        busy_waits: false,
        open: Open::Session(|config, op, v, body| {
            let pool = doall_rayon::pool(config.plan.threads()).map_err(refused("rayon"))?;
            body(&mut CallSession::new(v, |v: &mut [f64]| {
                doall_rayon::do_all(&pool, v, op, config.plan.chunks());
                Ok(())
            }))
        }),
    },
    Strategy {
        name: "pool",
        summary: "our persistent pool: spin-then-park workers borrowed for a session, the caller works",
        thread_use: doall_pool::THREAD_USE,
        max_threads: Some(doall_pool::MAX_THREADS),
        panic_promise: doall_pool::PANIC_PROMISE,
        benched: true,
        contender: None,
        busy_waits: false,
        open: Open::Session(|config, op, v, body| {
            doall_pool::session(v, op, config.plan, config.pool, |pool| {
                body(&mut PoolSession(pool))
            })
            .map_err(pool_error)?
        }),
    },
    // Contenders: fork-join libraries measured against ours, each on a pool
    // built once per session, as rayon's is.
    Strategy {
        name: "chili",
        summary: "contender chili: join on a heartbeat, halving the chunks down to 1024-element leaves",
        thread_use: doall_chili::THREAD_USE,
        max_threads: Some(doall_chili::MAX_THREADS),
        panic_promise: doall_chili::PANIC_PROMISE,
        benched: true,
        contender: Some("chili 0.2.1"),
        busy_waits: false,
        open: Open::Session(|config, op, v, body| {
            let pool = doall_chili::pool(config.plan.threads()).map_err(refused("chili"))?;
            let mut scope = pool.scope();
            body(&mut CallSession::new(v, |v: &mut [f64]| {
                doall_chili::do_all(&mut scope, v, op, config.plan.chunks());
                Ok(())
            }))
        }),
    },
    Strategy {
        name: "fork-union",
        summary: "contender forkunion: a busy-waiting OpenMP-style pool, for_n over the chunks",
        thread_use: doall_fork_union::THREAD_USE,
        max_threads: Some(doall_fork_union::MAX_THREADS),
        panic_promise: doall_fork_union::PANIC_PROMISE,
        benched: true,
        contender: Some("forkunion 3.0.2"),
        busy_waits: true,
        open: Open::Session(|config, op, v, body| {
            let mut pool =
                doall_fork_union::pool(config.plan.threads()).map_err(refused("fork-union"))?;
            body(&mut CallSession::new(v, |v: &mut [f64]| {
                doall_fork_union::do_all(&mut pool, v, op, config.plan.chunks());
                Ok(())
            }))
        }),
    },
    Strategy {
        name: "paralight",
        summary: "contender paralight: a parallel iterator over the chunks, work stealing",
        thread_use: doall_paralight::THREAD_USE,
        max_threads: Some(doall_paralight::MAX_THREADS),
        panic_promise: doall_paralight::PANIC_PROMISE,
        benched: true,
        contender: Some("paralight 0.0.12"),
        busy_waits: false,
        open: Open::Session(|config, op, v, body| {
            let mut pool =
                doall_paralight::pool(config.plan.threads()).map_err(refused("paralight"))?;
            body(&mut CallSession::new(v, |v: &mut [f64]| {
                doall_paralight::do_all(&mut pool, v, op, config.plan.chunks());
                Ok(())
            }))
        }),
    },
    // The reader's exercise: sequential until completed (crates/exercise).
    Strategy {
        name: "exercise",
        summary: "the exercise: yours to make parallel (crates/exercise; sequential until you do)",
        thread_use: doall_exercise::THREAD_USE,
        max_threads: limit_unless_caller(doall_exercise::THREAD_USE, doall_exercise::MAX_THREADS),
        panic_promise: doall_exercise::PANIC_PROMISE,
        benched: false,
        contender: None,
        busy_waits: false,
        open: Open::PerCall(|v, op, plan| doall_exercise::do_all(v, op, plan)),
    },
];

/// A strategy's thread limit as the registry holds it: `None` for one that
/// runs on the caller alone. The exercise's rule changes when a reader
/// makes it parallel, and its limit then follows.
const fn limit_unless_caller(thread_use: ThreadUse, max: usize) -> Option<usize> {
    match thread_use {
        ThreadUse::Caller => None,
        _ => Some(max),
    }
}

/// The strategies that `names` selects: one name, several separated by
/// commas (in that order, each once), or `all`.
///
/// ```
/// assert_eq!(doall::find_strategies("rayon").unwrap()[0].name, "rayon");
/// assert_eq!(doall::find_strategies("all").unwrap().len(), doall::STRATEGIES.len());
/// let names: Vec<&str> = doall::find_strategies("exercise,seq,exercise")
///     .unwrap()
///     .iter()
///     .map(|s| s.name)
///     .collect();
/// assert_eq!(names, ["exercise", "seq"]);
/// assert!(doall::find_strategies("go").is_err());
/// assert!(doall::find_strategies("seq,").is_err());
/// ```
pub fn find_strategies(names: &str) -> Result<Vec<&'static Strategy>, Error> {
    let mut found: Vec<&'static Strategy> = Vec::new();
    for name in names.split(',') {
        let selected: Vec<&'static Strategy> = if name == "all" {
            STRATEGIES.iter().collect()
        } else {
            vec![find_one(name)?]
        };
        for strategy in selected {
            if !found.iter().any(|s| s.name == strategy.name) {
                found.push(strategy);
            }
        }
    }
    Ok(found)
}

/// The strategy called `name`, or an error that lists the valid names.
fn find_one(name: &str) -> Result<&'static Strategy, Error> {
    STRATEGIES
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| Error::UnknownStrategy {
            name: name.to_owned(),
            valid: STRATEGIES
                .iter()
                .map(|s| s.name)
                .chain(["all"])
                .collect::<Vec<_>>()
                .join(", "),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use doall_kernel::{OtherChunks, ResumedPanic};

    /// The declarations of each entry fit together. These are rules about
    /// the declarations, not a list of strategies: a new entry must follow
    /// them too. What each declaration says about the strategy's behaviour is
    /// checked by the oracle, threads and panics tests.
    #[test]
    fn registry_entries_declare_rules_that_fit_together() {
        assert_eq!(STRATEGIES[0].name, "seq", "the baseline comes first");
        for (i, strategy) in STRATEGIES.iter().enumerate() {
            let name = strategy.name;
            assert!(
                STRATEGIES[..i].iter().all(|s| s.name != name),
                "{name}: names are unique"
            );
            // Only a strategy that starts no thread may have no limit.
            assert_eq!(
                strategy.max_threads.is_none(),
                strategy.thread_use == ThreadUse::Caller,
                "{name}: a thread limit, unless it runs on the caller alone"
            );
            // "The lowest failing thread" means something only when each
            // thread owns a fixed share.
            let promise = strategy.panic_promise;
            if promise.resumed == ResumedPanic::LowestShare {
                assert_eq!(promise.others, OtherChunks::Shares, "{name}");
            }
        }
    }
}
