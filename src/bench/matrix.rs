//! Every configuration that `cargo bench` measures: each strategy at each
//! workload, length and plan; the plain loop against the fast kernel on one
//! thread; and the memory-bandwidth ceiling at each thread count. All of
//! them are visited in the same rounds, so `light` and its ceiling, or the
//! two kernels, are measured side by side in time.

use std::time::Duration;

use doall_kernel::{OVER_SPLIT, Plan, ThreadError, ThreadUse, Workload, update_chunk};
use doall_report::results::OverheadSize;

use super::{
    BenchMode,
    peer::{Call, PeerCall, PeerKind},
};
use crate::{CallSession, Error, STRATEGIES, Session, Strategy, bandwidth::stream_pass};

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

/// The idle gaps of the overhead sweep, after back-to-back calls: from
/// shorter than any spin budget to far longer than the pool's (200 µs by
/// default), where every call starts with an OS wake-up.
pub const IDLE_GAPS: [Duration; 4] = [
    Duration::from_micros(10),
    Duration::from_micros(100),
    Duration::from_millis(1),
    Duration::from_millis(10),
];

/// `0`, `10us`, `1ms`: a gap as benchmark names spell it.
///
/// ```
/// use std::time::Duration;
/// use doall::bench::matrix::gap_name;
/// assert_eq!(gap_name(Duration::from_micros(100)), "100us");
/// assert_eq!(gap_name(Duration::from_millis(10)), "10ms");
/// assert_eq!(gap_name(Duration::ZERO), "0");
/// ```
pub fn gap_name(gap: Duration) -> String {
    let us = gap.as_micros();
    match us {
        0 => "0".to_owned(),
        us if us % 1000 == 0 => format!("{}ms", us / 1000),
        us => format!("{us}us"),
    }
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
                let (threads, max) = (call.threads(), call.peer.max_threads());
                if threads <= max {
                    return Ok(());
                }
                Err(Error::Threads {
                    strategy: call.name(),
                    source: ThreadError::TooMany {
                        threads,
                        rule: call.peer.threads_rule(),
                        max,
                    },
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
        body: impl FnOnce(&mut dyn Session) -> Result<R, Error>,
    ) -> Result<R, Error> {
        self.check_limits()?;
        let workload = self.workload;
        match self.subject {
            Subject::Strategy { strategy, plan } | Subject::Overhead { strategy, plan, .. } => {
                strategy.session(plan, &workload, v, body)
            }
            Subject::Kernel(Kernel::Plain) => body(&mut CallSession::new(v, |v: &mut [f64]| {
                workload.plain_kernel(v);
                Ok(())
            })),
            Subject::Kernel(Kernel::Fast) => body(&mut CallSession::new(v, |v: &mut [f64]| {
                update_chunk(v, &workload);
                Ok(())
            })),
            Subject::Bandwidth { threads } => body(&mut CallSession::new(v, |v: &mut [f64]| {
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

/// Who makes the calls of the overhead benchmark: a Rust strategy, or a
/// peer's parallel call (`parallel`) or sequential loop.
#[derive(Clone, Copy)]
enum Caller {
    Rust(&'static Strategy),
    Peer { peer: PeerKind, parallel: bool },
}

impl Caller {
    fn name(self) -> &'static str {
        match self {
            Caller::Rust(strategy) => strategy.name,
            Caller::Peer {
                peer,
                parallel: true,
            } => peer.name(),
            Caller::Peer {
                peer,
                parallel: false,
            } => peer.seq_name(),
        }
    }

    fn parallel(self) -> bool {
        match self {
            Caller::Rust(strategy) => strategy.parallel(),
            Caller::Peer { parallel, .. } => parallel,
        }
    }

    /// Whether the caller is a contender, measured on 64-element calls only.
    fn contender(self) -> bool {
        matches!(self, Caller::Rust(strategy) if strategy.contender.is_some())
    }

    fn subject(self, plan: Plan, size: OverheadSize) -> Subject {
        match self {
            Caller::Rust(strategy) => Subject::Overhead {
                strategy,
                plan,
                size,
            },
            Caller::Peer { peer, parallel } => Subject::Peer {
                call: PeerCall {
                    peer,
                    call: if parallel {
                        Call::DoAll {
                            threads: plan.threads().get(),
                        }
                    } else {
                        Call::Seq
                    },
                },
                size: Some(size),
            },
        }
    }
}

/// The per-call overhead benchmark: every strategy at every thread count on
/// tiny `heavy` calls, back to back, with `seq` on each call as the
/// baseline; then the idle-gap sweep on 64 elements at the largest thread
/// count that has a core per thread. The quick mode measures only the
/// 64-element calls.
fn overhead_configs(mode: BenchMode, threads: &[usize]) -> Result<Vec<Config>, Error> {
    let callers: Vec<Caller> = benched().map(Caller::Rust).collect();
    overhead_configs_of(mode, threads, &callers)
}

/// The overhead benchmark's configurations for `callers` (the first, a
/// sequential one, is the others' baseline).
fn overhead_configs_of(
    mode: BenchMode,
    threads: &[usize],
    callers: &[Caller],
) -> Result<Vec<Config>, Error> {
    let sizes: &[OverheadSize] = match mode {
        BenchMode::Full => &OverheadSize::ALL,
        BenchMode::Quick => &[OverheadSize::Elements64],
    };
    let cores = doall_kernel::available_threads().get();
    let gap_threads = threads.iter().copied().filter(|&t| t <= cores).max();
    let mut configs: Vec<Config> = Vec::new();
    let mut push =
        |caller: Caller, t: usize, size: OverheadSize, gap: Duration| -> Result<(), Error> {
            let plan = Plan::new(t, None)?;
            let len = size.len(plan.chunks().get());
            // The baseline's reference call (one chunk's work for fixed-per-chunk).
            let len = if caller.parallel() {
                len
            } else {
                size.baseline_len(len)
            };
            let mut id = format!("overhead/{}/{}", size.name(), caller.name());
            if caller.parallel() {
                id += &format!("/t={t}/c={t}");
            }
            id += &format!("/{len}");
            if !gap.is_zero() {
                id += &format!("/gap={}", gap_name(gap));
            }
            // The baseline's reference is the same at every thread count but
            // for one-per-chunk, whose length follows the chunks: one per length.
            if !configs.iter().any(|c| c.id == id) {
                configs.push(Config {
                    id,
                    subject: caller.subject(plan, size),
                    workload: Workload::Heavy,
                    len,
                    idle_gap: gap,
                });
            }
            Ok(())
        };
    for &size in sizes {
        for &t in threads {
            for &caller in callers {
                if caller.contender() && size != OverheadSize::Elements64 {
                    continue;
                }
                push(caller, t, size, Duration::ZERO)?;
            }
        }
    }
    if let Some(t) = gap_threads {
        for gap in IDLE_GAPS {
            for &caller in callers {
                push(caller, t, OverheadSize::Elements64, gap)?;
            }
        }
    }
    Ok(configs)
}

/// A peer's configurations: its sequential loop and its parallel call at
/// every thread count (one chunk per thread, as Effective Go splits), on
/// every workload at [`peer_lengths`], then the overhead benchmark as the
/// Rust strategies have it. Appended to [`matrix`]'s for each peer whose
/// toolchain is installed.
///
/// ```
/// use doall::bench::{BenchMode, matrix::peer_configs, peer::PeerKind};
/// let configs = peer_configs(PeerKind::Go, BenchMode::Quick, &[1, 2], Some(32 << 20))?;
/// assert!(configs.iter().any(|c| c.id == "heavy/go/t=2/c=2/262144"));
/// assert!(configs.iter().any(|c| c.id == "heavy/go-seq/1024"));
/// assert!(configs.iter().any(|c| c.id == "overhead/elements-64/go/t=2/c=2/64"));
/// let openmp = peer_configs(PeerKind::OpenMp, BenchMode::Quick, &[1, 2], Some(32 << 20))?;
/// assert!(openmp.iter().any(|c| c.id == "overhead/elements-64/openmp/t=2/c=2/64/gap=1ms"));
/// assert_eq!(configs.len(), openmp.len());
/// # Ok::<(), doall::Error>(())
/// ```
pub fn peer_configs(
    peer: PeerKind,
    mode: BenchMode,
    threads: &[usize],
    cache_bytes: Option<u64>,
) -> Result<Vec<Config>, Error> {
    let mut configs = Vec::new();
    for workload in Workload::ALL {
        for len in peer_lengths(&mode.lengths(workload, cache_bytes)) {
            let calls = std::iter::once(Call::Seq)
                .chain(threads.iter().map(|&threads| Call::DoAll { threads }));
            for call in calls {
                let call = PeerCall { peer, call };
                let name = match call.call {
                    Call::Seq => call.name().to_owned(),
                    Call::DoAll { threads: t } => format!("{}/t={t}/c={t}", call.name()),
                };
                configs.push(Config {
                    id: format!("{}/{name}/{len}", workload.name()),
                    subject: Subject::Peer { call, size: None },
                    workload,
                    len,
                    idle_gap: Duration::ZERO,
                });
            }
        }
    }
    let callers = [
        Caller::Peer {
            peer,
            parallel: false,
        },
        Caller::Peer {
            peer,
            parallel: true,
        },
    ];
    configs.extend(overhead_configs_of(mode, threads, &callers)?);
    Ok(configs)
}

/// The lengths a peer measures of the Rust strategies' `lengths`: every
/// other one, and the largest, so that its speedup stands beside theirs at
/// the largest length while a slower kernel keeps the run within its time.
///
/// ```
/// use doall::bench::matrix::peer_lengths;
/// assert_eq!(peer_lengths(&[1, 2, 3, 4, 5]), [1, 3, 5]);
/// assert_eq!(peer_lengths(&[1, 2, 3, 4]), [1, 3, 4]);
/// ```
pub fn peer_lengths(lengths: &[usize]) -> Vec<usize> {
    let mut chosen: Vec<usize> = lengths.iter().copied().step_by(2).collect();
    if let Some(&largest) = lengths.last()
        && chosen.last() != Some(&largest)
    {
        chosen.push(largest);
    }
    chosen
}

/// The lengths a contender ([`Strategy::contender`]) measures of a
/// workload's `lengths`: `heavy` only, where the cost of a fork is the
/// question, at the first length of at least 4096 elements (where a fork
/// still costs a fair share of a call) and the largest (where the speedup
/// is at its best). The per-call overhead benchmark measures the
/// contenders on 64-element calls, back to back and after idle gaps. This
/// keeps three contenders within a few minutes of a run; Go's
/// [`go_lengths`] would cost them several more.
///
/// ```
/// use doall::bench::matrix::contender_lengths;
/// use doall_kernel::Workload;
/// let heavy = [256, 1024, 4096, 16384, 1 << 20];
/// assert_eq!(contender_lengths(Workload::Heavy, &heavy), [4096, 1 << 20]);
/// assert_eq!(contender_lengths(Workload::Heavy, &[1024, 16384]), [16384]);
/// assert!(contender_lengths(Workload::Ramp, &heavy).is_empty());
/// ```
pub fn contender_lengths(workload: Workload, lengths: &[usize]) -> Vec<usize> {
    if workload != Workload::Heavy {
        return Vec::new();
    }
    let mut chosen: Vec<usize> = lengths
        .iter()
        .copied()
        .find(|&n| n >= 4096)
        .into_iter()
        .collect();
    if let Some(&largest) = lengths.last()
        && chosen.last() != Some(&largest)
    {
        chosen.push(largest);
    }
    chosen
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
