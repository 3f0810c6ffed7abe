//! Every configuration that `cargo bench` measures: each strategy at each
//! workload, length and plan; the plain loop against the fast kernel on one
//! thread; and the memory-bandwidth ceiling at each thread count. All of
//! them are visited in the same rounds, so `light` and its ceiling, or the
//! two kernels, are measured side by side in time.
//!
//! The overhead benchmark's configurations, those of the peers and the
//! lengths that peers and contenders measure have files of their own.

mod lengths;
mod overhead;
mod peers;

use std::time::Duration;

use doall_kernel::{OVER_SPLIT, Plan, ThreadError, ThreadUse, Workload, update_chunk};
use doall_results::OverheadSize;

pub use lengths::{contender_lengths, peer_lengths};
use overhead::overhead_configs;
pub use overhead::{IDLE_GAPS, gap_name};
pub use peers::peer_configs;

use super::{BenchMode, peer::PeerCall};
use crate::{Error, bandwidth::stream_pass};
use doall_registry::{FnRunner, Runner, STRATEGIES, Strategy};

/// The two single-thread kernels that the kernel benchmark compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// The plain one-element-at-a-time loop, [`Workload::plain_kernel`].
    Plain,
    /// The shared fast kernel, [`update_chunk`], as every strategy calls it.
    Fast,
}

impl Kernel {
    /// `plain` or `fast`, as in results.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Plain => "plain",
            Kernel::Fast => "fast",
        }
    }
}

/// What a configuration runs.
#[derive(Clone, Copy)]
pub enum Subject {
    /// A strategy from the registry with a plan.
    Strategy {
        /// The strategy.
        strategy: &'static Strategy,
        /// Its threads and chunks.
        plan: Plan,
    },
    /// A single-thread kernel.
    Kernel(Kernel),
    /// The bandwidth ceiling: [`stream_pass`] on `threads` threads.
    Bandwidth {
        /// Threads of the pass.
        threads: usize,
    },
    /// A strategy on a tiny `heavy` call, for its per-call overhead (the
    /// EPCC syncbench method: its time minus `seq`'s on the same call),
    /// back to back or after [`Config::idle_gap`].
    Overhead {
        /// The strategy (`seq` for the baseline).
        strategy: &'static Strategy,
        /// Its threads and chunks.
        plan: Plan,
        /// What a call holds.
        size: OverheadSize,
    },
    /// A peer program (`peers/go`, `peers/openmp`), which runs in its own
    /// process: [`Config::session`] refuses it, and the bench drives it
    /// through [`super::peer::Peer`].
    Peer {
        /// The peer's parallel call or its sequential loop.
        call: PeerCall,
        /// `Some` for the per-call overhead benchmark, like
        /// [`Subject::Overhead`].
        size: Option<OverheadSize>,
    },
}

/// A strategy's configuration as results record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// The strategy's name (`go`, `go-seq`, `openmp`, `openmp-seq` for
    /// the peers).
    pub name: &'static str,
    /// OS threads of a call.
    pub threads: usize,
    /// Chunks of a call.
    pub chunks: usize,
    /// The overhead benchmark's size, or `None` for the main matrix.
    pub overhead: Option<OverheadSize>,
}

/// What a correct call leaves in the vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// What `seq` computes for the workload: every strategy and kernel must
    /// leave exactly these bits.
    Seq,
    /// One [`stream_pass`] over the starting vector.
    Stream,
}

/// One point of the matrix.
#[derive(Clone)]
pub struct Config {
    /// The benchmark's name, which filters match:
    /// `heavy/rayon/t=2/c=2/4096`, `light/seq/4096`,
    /// `kernel/plain/light/16777216`, `bandwidth/rmw/t=2/16777216`.
    pub id: String,
    /// What runs.
    pub subject: Subject,
    /// The workload (`light` for the bandwidth pass, which ignores it).
    pub workload: Workload,
    /// The vector length.
    pub len: usize,
    /// How long the caller works on something else before each call (zero
    /// but for the overhead sweep's gaps).
    pub idle_gap: Duration,
}

impl Config {
    /// The cell of the configuration: what a claim compares it with shares
    /// it. A strategy's time is compared with seq's, another strategy's or
    /// its own at other thread counts, all at one workload and length; the
    /// bandwidth ceiling with light at its length; an overhead call with
    /// seq's call of the same size, back to back or after a gap.
    /// [`super::schedule::round_orders`] visits a cell's configurations one
    /// after another.
    pub fn cell(&self) -> (Option<OverheadSize>, Workload, usize) {
        let size = match self.subject {
            Subject::Overhead { size, .. } => Some(size),
            Subject::Peer { size, .. } => size,
            Subject::Strategy { .. } | Subject::Kernel(_) | Subject::Bandwidth { .. } => None,
        };
        let workload = match self.subject {
            // The bandwidth pass ignores its workload; its ceiling is read
            // against light's.
            Subject::Bandwidth { .. } => Workload::Light,
            _ => self.workload,
        };
        (size, workload, self.len)
    }

    /// Whether the configuration can run at all: a strategy (or the
    /// bandwidth pass) refuses a plan over its thread limit
    /// ([`Error::Threads`]) before anything starts.
    pub fn check_limits(&self) -> Result<(), Error> {
        match self.subject {
            Subject::Strategy { strategy, plan } | Subject::Overhead { strategy, plan, .. } => {
                strategy.os_threads(plan).map(|_| ())
            }
            Subject::Kernel(_) => Ok(()),
            Subject::Peer { call, .. } => {
                let (rule, max) = (call.peer.threads_rule(), call.peer.max_threads());
                ThreadError::check_limit(call.threads(), rule, max).map_err(|source| {
                    Error::Threads {
                        strategy: call.name(),
                        source,
                    }
                })
            }
            Subject::Bandwidth { threads } => {
                // The pass starts a scoped thread per chunk, like std-mpsc,
                // and is held to the same limit.
                let plan = Plan::new(threads, None)?;
                ThreadUse::OnePerChunk
                    .limit(plan, doall_std_mpsc::MAX_THREADS)
                    .map(|_| ())
                    .map_err(|source: ThreadError| Error::Threads {
                        strategy: "bandwidth",
                        source,
                    })
            }
        }
    }

    /// Opens the configuration's session over `v` (a strategy builds what
    /// it keeps between calls, such as its pool) and runs `body` in it.
    /// Opening is not timed; the body times the calls.
    pub fn session<R>(
        &self,
        v: &mut [f64],
        body: impl FnOnce(&mut dyn Runner) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let workload = self.workload;
        match self.subject {
            Subject::Strategy { strategy, plan } | Subject::Overhead { strategy, plan, .. } => {
                strategy.session(plan, &workload, v, body)
            }
            Subject::Kernel(Kernel::Plain) => body(&mut FnRunner::new(v, |v: &mut [f64]| {
                workload.plain_kernel(v);
                Ok(())
            })),
            Subject::Kernel(Kernel::Fast) => body(&mut FnRunner::new(v, |v: &mut [f64]| {
                update_chunk(v, &workload);
                Ok(())
            })),
            Subject::Bandwidth { threads } => body(&mut FnRunner::new(v, |v: &mut [f64]| {
                stream_pass(v, threads);
                Ok(())
            })),
            Subject::Peer { call, .. } => Err(Error::Peer {
                peer: call.peer.title(),
                message: format!("{} runs in the peer's process, not in this one", self.id),
            }),
        }
    }

    /// What a correct call leaves.
    pub fn answer(&self) -> Answer {
        match self.subject {
            Subject::Bandwidth { .. } => Answer::Stream,
            Subject::Strategy { .. }
            | Subject::Overhead { .. }
            | Subject::Kernel(_)
            | Subject::Peer { .. } => Answer::Seq,
        }
    }

    /// How results record a strategy's (or a peer's) configuration;
    /// `None` for a kernel or the bandwidth pass, which have records of
    /// their own.
    pub fn recorded_as(&self) -> Option<Recorded> {
        let (name, (threads, chunks), overhead) = match self.subject {
            Subject::Strategy { strategy, plan } => {
                (strategy.name, strategy.threads_and_chunks(plan), None)
            }
            Subject::Overhead {
                strategy,
                plan,
                size,
            } => (strategy.name, strategy.threads_and_chunks(plan), Some(size)),
            // A peer runs one chunk per thread, as Effective Go splits.
            Subject::Peer { call, size } => (call.name(), (call.threads(), call.threads()), size),
            Subject::Kernel(_) | Subject::Bandwidth { .. } => return None,
        };
        Some(Recorded {
            name,
            threads,
            chunks,
            overhead,
        })
    }

    /// The name of what runs, for messages: the strategy, the kernel or
    /// `bandwidth`.
    pub fn subject_name(&self) -> &'static str {
        match self.subject {
            Subject::Strategy { strategy, .. } | Subject::Overhead { strategy, .. } => {
                strategy.name
            }
            Subject::Kernel(kernel) => kernel.name(),
            Subject::Bandwidth { .. } => "bandwidth",
            Subject::Peer { call, .. } => call.name(),
        }
    }
}

/// Every configuration of a run, in the order results list them: the
/// bandwidth ceiling at each thread count, the kernels for each workload,
/// then each workload's [`benched`] strategies by length.
///
/// The ceiling and the `light` kernel use `light`'s largest length
/// ([`BenchMode::memory_len`]), so that all three meet the same memory.
///
/// ```
/// use doall::bench::{BenchMode, matrix::matrix};
/// let configs = matrix(BenchMode::Full, &[1, 2], Some(32 << 20))?;
/// // 2 ceilings, 6 kernels, 298 configurations of our strategies and 12
/// // of the 3 contenders (heavy at 2 lengths × 2 thread counts), and 76
/// // of the overhead benchmark: 3 sizes × 2 thread counts × 6 strategies
/// // back to back (seq's 64-element and one-chunk references once each),
/// // the contenders' 64-element calls at 2 thread counts, then 4 idle
/// // gaps × 9 strategies.
/// assert_eq!(configs.len(), 306 + 12 + 58 + 18);
/// assert_eq!(configs[0].id, "bandwidth/rmw/t=1/16777216");
/// assert!(configs.iter().any(|c| c.id == "heavy/rayon/t=2/c=2/4096"));
/// # Ok::<(), doall::Error>(())
/// ```
pub fn matrix(
    mode: BenchMode,
    threads: &[usize],
    cache_bytes: Option<u64>,
) -> Result<Vec<Config>, Error> {
    let memory_len = mode.memory_len(cache_bytes);
    let mut configs = Vec::new();
    for &t in threads {
        configs.push(Config {
            id: format!("bandwidth/rmw/t={t}/{memory_len}"),
            subject: Subject::Bandwidth { threads: t },
            workload: Workload::Light,
            len: memory_len,
            idle_gap: Duration::ZERO,
        });
    }
    for workload in Workload::ALL {
        let len = mode.kernel_len(workload, cache_bytes);
        for kernel in [Kernel::Plain, Kernel::Fast] {
            configs.push(Config {
                id: format!("kernel/{}/{}/{len}", kernel.name(), workload.name()),
                subject: Subject::Kernel(kernel),
                workload,
                len,
                idle_gap: Duration::ZERO,
            });
        }
    }
    for workload in Workload::ALL {
        let lengths = mode.lengths(workload, cache_bytes);
        let contenders_at = contender_lengths(workload, &lengths);
        for &len in &lengths {
            for strategy in benched() {
                if strategy.contender.is_some() && !contenders_at.contains(&len) {
                    continue;
                }
                let plans = if strategy.parallel() {
                    plans(
                        workload,
                        threads,
                        strategy.thread_use == ThreadUse::OnePerChunk,
                    )?
                } else {
                    vec![Plan::new(1, None)?]
                };
                for plan in plans {
                    let (t, c) = strategy.threads_and_chunks(plan);
                    let name = if strategy.parallel() {
                        format!("{}/t={t}/c={c}", strategy.name)
                    } else {
                        strategy.name.to_owned()
                    };
                    configs.push(Config {
                        id: format!("{}/{name}/{len}", workload.name()),
                        subject: Subject::Strategy { strategy, plan },
                        workload,
                        len,
                        idle_gap: Duration::ZERO,
                    });
                }
            }
        }
    }
    configs.extend(overhead_configs(mode, threads)?);
    Ok(configs)
}

/// The strategies the benchmark measures: every registered one but those
/// that are not [`Strategy::benched`] (the exercise, which starts as a copy
/// of `seq`).
pub fn benched() -> impl Iterator<Item = &'static Strategy> {
    STRATEGIES.iter().filter(|s| s.benched)
}

/// One chunk per thread; for `ramp` also [`OVER_SPLIT`] per thread, to show
/// over-splitting. Over-splitting is left out for a strategy that starts one
/// thread per chunk: there 8T chunks would mean 8T threads, oversubscription
/// rather than load balancing (`DOALL_BENCH_THREADS` measures that).
///
/// ```
/// use doall::bench::matrix::plans;
/// use doall_kernel::Workload;
/// let ramp = plans(Workload::Ramp, &[2], false)?;
/// assert_eq!(ramp.iter().map(|p| p.chunks().get()).collect::<Vec<_>>(), [2, 16]);
/// assert_eq!(plans(Workload::Ramp, &[2], true)?.len(), 1);
/// assert_eq!(plans(Workload::Heavy, &[1, 2], false)?.len(), 2);
/// # Ok::<(), doall::Error>(())
/// ```
pub fn plans(
    workload: Workload,
    threads: &[usize],
    one_thread_per_chunk: bool,
) -> Result<Vec<Plan>, Error> {
    let per_thread: &[usize] = if workload == Workload::Ramp && !one_thread_per_chunk {
        &[1, OVER_SPLIT]
    } else {
        &[1]
    };
    let mut plans = Vec::new();
    for &t in threads {
        for &k in per_thread {
            // A count past usize stays a count the strategy refuses.
            plans.push(Plan::new(t, Some(t.saturating_mul(k)))?);
        }
    }
    Ok(plans)
}

#[cfg(test)]
mod tests;
