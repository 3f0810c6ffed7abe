//! The per-call overhead benchmark's configurations: every caller on tiny
//! `heavy` calls, back to back, with `seq` on each call as the baseline,
//! then on 64 elements after each of the [`IDLE_GAPS`].

use std::time::Duration;

use doall_kernel::{Plan, Workload};
use doall_results::OverheadSize;

use super::{Config, Subject, benched};
use crate::{
    Error,
    bench::{
        BenchMode,
        peer::{Call, PeerCall, PeerKind},
    },
};
use doall_registry::Strategy;

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

/// Who makes the calls of the overhead benchmark: a Rust strategy, or a
/// peer's parallel call (`parallel`) or sequential loop.
#[derive(Clone, Copy)]
pub(super) enum Caller {
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
pub(super) fn overhead_configs(mode: BenchMode, threads: &[usize]) -> Result<Vec<Config>, Error> {
    let callers: Vec<Caller> = benched().map(Caller::Rust).collect();
    overhead_configs_of(mode, threads, &callers)
}

/// The overhead benchmark's configurations for `callers` (the first, a
/// sequential one, is the others' baseline).
pub(super) fn overhead_configs_of(
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
