//! The registry of strategies. Adding a strategy is one crate plus one entry
//! in [`STRATEGIES`]: the CLI, the benchmarks and the report iterate over it.

use doall_kernel::{DynOp, ThreadUse};

use crate::{
    Error, FnRunner, Runner, Strategy,
    strategy::{Open, refused},
};

/// [`doall_pool`]'s session seen as a registry [`Runner`].
struct PoolRunner<'s, 'p, 'v, 'o>(&'s mut doall_pool::Session<'p, 'v, DynOp<'o>>);

impl Runner for PoolRunner<'_, '_, '_, '_> {
    fn reset(&mut self, initial: &[f64]) {
        // The trait promises `initial` has the vector's length.
        if let Err(err) = self.0.copy_from_slice(initial) {
            panic!("Runner::reset: {err}");
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

/// The pool's errors in the registry's terms: its thread errors are named
/// after it like any strategy's; bad settings (a spin budget over the
/// limit) are bad input, not threads it could not have.
fn pool_error(err: doall_pool::Error) -> Error {
    match err {
        doall_pool::Error::Threads(source) => refused("pool")(source),
        other => Error::Pool(other),
    }
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
        open: Open::OwnSession(|config, op, v, body| {
            let pool = doall_rayon::pool(config.plan.threads()).map_err(refused("rayon"))?;
            body(&mut FnRunner::new(v, |v: &mut [f64]| {
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
        open: Open::OwnSession(|config, op, v, body| {
            doall_pool::session(v, op, config.plan, config.pool, |pool| {
                body(&mut PoolRunner(pool))
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
        open: Open::OwnSession(|config, op, v, body| {
            let pool = doall_chili::pool(config.plan.threads()).map_err(refused("chili"))?;
            let mut scope = pool.scope();
            body(&mut FnRunner::new(v, |v: &mut [f64]| {
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
        open: Open::OwnSession(|config, op, v, body| {
            let mut pool =
                doall_fork_union::pool(config.plan.threads()).map_err(refused("fork-union"))?;
            body(&mut FnRunner::new(v, |v: &mut [f64]| {
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
        open: Open::OwnSession(|config, op, v, body| {
            let mut pool =
                doall_paralight::pool(config.plan.threads()).map_err(refused("paralight"))?;
            body(&mut FnRunner::new(v, |v: &mut [f64]| {
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
/// use doall_registry::{STRATEGIES, find_strategies};
/// assert_eq!(find_strategies("rayon").unwrap()[0].name, "rayon");
/// assert_eq!(find_strategies("all").unwrap().len(), STRATEGIES.len());
/// let names: Vec<&str> = find_strategies("exercise,seq,exercise")
///     .unwrap()
///     .iter()
///     .map(|s| s.name)
///     .collect();
/// assert_eq!(names, ["exercise", "seq"]);
/// assert!(find_strategies("go").is_err());
/// assert!(find_strategies("seq,").is_err());
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
