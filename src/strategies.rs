//! The registry of strategies. Adding a strategy is one crate plus one entry
//! in [`STRATEGIES`]: the CLI, the benchmarks and the report iterate over it.

use doall_kernel::{Plan, Workload};

use crate::Error;

/// The most OS threads that one strategy may start for one call (or keep in
/// its pool). Far beyond any useful count, and far below where the OS fails:
/// a thread that cannot get its stack or its guard page makes std panic or
/// abort the process (tens of thousands of threads on a typical Linux), and
/// a rayon pool of 4096 threads takes seconds per call on 2 cores.
pub const MAX_THREADS: usize = 4096;

/// `Ok` if `threads` is at most [`MAX_THREADS`].
fn check_threads(strategy: &'static str, threads: usize, per: &'static str) -> Result<(), Error> {
    if threads <= MAX_THREADS {
        Ok(())
    } else {
        Err(Error::TooManyThreads {
            strategy,
            threads,
            per,
            max: MAX_THREADS,
        })
    }
}

/// A prepared strategy: call it with a vector and a workload.
pub type Runner = Box<dyn Fn(&mut [f64], Workload) + Send + Sync>;

/// One way of doing `DoAll`.
pub struct Strategy {
    /// The name used on the command line and in results.
    pub name: &'static str,
    /// One line on what it is.
    pub summary: &'static str,
    /// Whether it uses the plan's threads and chunks (`seq` does not).
    pub parallel: bool,
    /// Whether it starts one OS thread per chunk (`std-mpsc`, like Go's one
    /// goroutine per chunk), so that its thread count is its chunk count.
    pub one_thread_per_chunk: bool,
    /// Builds what the strategy keeps between calls (a thread pool) and
    /// returns the call itself; refuses a plan that needs more than
    /// [`MAX_THREADS`] threads. Not timed: the benchmark and the CLI call it
    /// once, then time only the runner.
    pub prepare: fn(Plan) -> Result<Runner, Error>,
}

impl Strategy {
    /// The threads and chunks a call with `plan` really uses: (1, 1) for a
    /// sequential strategy, (chunks, chunks) for one that starts a thread per
    /// chunk, else the plan's. Results record these, never the plan's alone.
    pub fn threads_and_chunks(&self, plan: Plan) -> (usize, usize) {
        let (threads, chunks) = (plan.threads().get(), plan.chunks().get());
        match (self.parallel, self.one_thread_per_chunk) {
            (false, _) => (1, 1),
            (true, true) => (chunks, chunks),
            (true, false) => (threads, chunks),
        }
    }

    /// How many OS threads a call uses, in words, for reports.
    pub fn threads_rule(&self) -> &'static str {
        match (self.parallel, self.one_thread_per_chunk) {
            (false, _) => "one: the caller's",
            (true, true) => "one per chunk",
            (true, false) => "the plan's thread count",
        }
    }
}

/// Every strategy, `seq` first: it is the baseline the others are compared to.
pub static STRATEGIES: &[Strategy] = &[
    Strategy {
        name: "seq",
        summary: "the sequential baseline: one thread, the shared fast kernel",
        parallel: false,
        one_thread_per_chunk: false,
        prepare: |_| Ok(Box::new(|v, workload| doall_seq::do_all(v, &workload))),
    },
    Strategy {
        name: "std-mpsc",
        summary: "Go's DoAll: one scoped std thread per chunk, an mpsc channel drained",
        parallel: true,
        one_thread_per_chunk: true,
        prepare: |plan| {
            check_threads("std-mpsc", plan.chunks().get(), "one per chunk")?;
            Ok(Box::new(move |v, workload| {
                doall_std_mpsc::do_all(v, &workload, plan)
            }))
        },
    },
    Strategy {
        name: "crossbeam",
        summary: "crossbeam scoped threads taking chunks from a shared MPMC queue",
        parallel: true,
        one_thread_per_chunk: false,
        prepare: |plan| {
            let workers = plan.threads().get().min(plan.chunks().get());
            check_threads(
                "crossbeam",
                workers,
                "one per thread, at most one per chunk",
            )?;
            Ok(Box::new(move |v, workload| {
                doall_crossbeam::do_all(v, &workload, plan)
            }))
        },
    },
    Strategy {
        name: "rayon",
        summary: "rayon par_chunks_mut on a pool of exactly T threads, built once",
        parallel: true,
        one_thread_per_chunk: false,
        prepare: |plan| {
            let threads = plan.threads().get();
            check_threads("rayon", threads, "its pool")?;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("doall-rayon-{i}"))
                .build()
                .map_err(|e| Error::Pool {
                    threads,
                    reason: e.to_string(),
                })?;
            Ok(Box::new(move |v, workload| {
                doall_rayon::do_all(&pool, v, &workload, plan.chunks())
            }))
        },
    },
];

/// The strategies that `name` selects: one by name, or `all`.
///
/// ```
/// assert_eq!(doall::find_strategies("rayon").unwrap()[0].name, "rayon");
/// assert_eq!(doall::find_strategies("all").unwrap().len(), doall::STRATEGIES.len());
/// assert!(doall::find_strategies("go").is_err());
/// ```
pub fn find_strategies(name: &str) -> Result<Vec<&'static Strategy>, Error> {
    if name == "all" {
        return Ok(STRATEGIES.iter().collect());
    }
    STRATEGIES
        .iter()
        .find(|s| s.name == name)
        .map(|s| vec![s])
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
