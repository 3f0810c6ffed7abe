//! What a strategy is to the registry ([`Strategy`]): its declarations, and
//! how a session is opened over a vector, with the thread probe around the
//! `Op` so that every session can count the threads that ran its chunks.
//! The list of strategies is in `strategies.rs`.

use std::num::NonZeroUsize;

use doall_kernel::{DynOp, Op, PanicPromise, Plan, Probed, ThreadError, ThreadProbe, ThreadUse};

use crate::{Error, FnRunner, Runner};

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
pub(crate) type Body<'b> = &'b mut dyn FnMut(&mut dyn Runner) -> Result<(), Error>;

/// A strategy crate's `do_all(v, op, plan)`, seen with the registry's `Op`.
pub type CallFn = fn(&mut [f64], &DynOp<'_>, Plan) -> Result<(), ThreadError>;

/// How the registry opens a strategy's session.
#[derive(Clone, Copy)]
pub(crate) enum Open {
    /// The strategy builds its own session around the vector and runs the
    /// body in it (what it keeps between calls: a thread pool).
    OwnSession(fn(SessionConfig, &DynOp<'_>, &mut [f64], Body<'_>) -> Result<(), Error>),
    /// A plain function that keeps nothing between calls: the session's
    /// runner is a [`FnRunner`] that calls it with the plan, and a thread
    /// error is named after the strategy.
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
    pub(crate) open: Open,
}

impl Strategy {
    /// A strategy outside the registry made of a crate's plain
    /// `do_all(v, op, plan)` and its declarations: the exercise's solutions
    /// are tested this way (`crates/conformance/tests/solutions.rs`), through
    /// the same checks as the registry's entries. Not benched.
    ///
    /// ```
    /// use doall_registry::Strategy;
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
    /// STD_SCOPE.call_once(Plan::new(2, None)?, &Workload::Heavy, &mut v)?;
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

    /// Builds what the strategy keeps between calls (a thread pool) around
    /// `v`, and runs `body` in that session; the body makes the calls with
    /// `op`. Opening the session is not timed: the benchmark and the CLI
    /// time calls inside the body. A plan over the strategy's limit is
    /// refused by the strategy's crate, before it starts a thread, as
    /// [`Error::Threads`]; a tool checks it up front with
    /// [`Strategy::os_threads`].
    ///
    /// `op` runs behind a [`Probed`] wrapper, so the runner's
    /// [`Runner::probed_call`] can count the threads that ran chunks.
    ///
    /// ```
    /// use doall_registry::STRATEGIES;
    /// use doall_kernel::{Plan, Workload, initial_vector};
    /// let mut v = initial_vector(4096)?;
    /// for strategy in STRATEGIES {
    ///     let plan = Plan::new(2, None)?;
    ///     let used = strategy.session(plan, &Workload::Heavy, &mut v, |runner| {
    ///         runner.probed_call()
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
        body: impl FnOnce(&mut dyn Runner) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let config = config.into();
        let probe = ThreadProbe::new();
        let probed = Probed::new(op, &probe);
        let mut body = Some(body);
        let mut result = None;
        let mut probing_body = |runner: &mut dyn Runner| {
            if let Some(body) = body.take() {
                result = Some(body(&mut ProbingRunner {
                    inner: runner,
                    probe: &probe,
                })?);
            }
            Ok(())
        };
        let op = DynOp(&probed);
        match self.open {
            Open::OwnSession(open) => open(config, &op, v, &mut probing_body)?,
            Open::PerCall(call) => probing_body(&mut FnRunner::new(v, |v: &mut [f64]| {
                call(v, &op, config.plan).map_err(refused(self.name))
            }))?,
        }
        Ok(result.expect("every strategy's session runs its body"))
    }

    /// One call on `v` with `op` in a session of its own: for tests and
    /// one-off calls (a pool is started and stopped around it).
    pub fn call_once<O: Op>(&self, plan: Plan, op: &O, v: &mut [f64]) -> Result<(), Error> {
        self.session(plan, op, v, |runner| runner.call())
    }
}

/// A runner whose `Op` reports to `probe`: the one every registry session
/// hands its body.
struct ProbingRunner<'s, 'p> {
    inner: &'s mut dyn Runner,
    probe: &'p ThreadProbe,
}

impl Runner for ProbingRunner<'_, '_> {
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

/// Names a strategy crate's thread error after the strategy.
pub(crate) fn refused(strategy: &'static str) -> impl Fn(ThreadError) -> Error {
    move |source| Error::Threads { strategy, source }
}
