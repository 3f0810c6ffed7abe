//! The configurations of a peer (`peers/go`, `peers/openmp`): the same
//! names as the Rust strategies', at fewer lengths.

use std::time::Duration;

use doall_kernel::Workload;

use super::{
    Config, Subject,
    lengths::peer_lengths,
    overhead::{Caller, overhead_configs_of},
};
use crate::{
    Error,
    bench::{
        BenchMode,
        peer::{Call, PeerCall, PeerKind},
    },
};

/// A peer's configurations: its sequential loop and its parallel call at
/// every thread count (one chunk per thread, as Effective Go splits), on
/// every workload at [`peer_lengths`], then the overhead benchmark as the
/// Rust strategies have it. Appended to [`matrix`](super::matrix)'s for
/// each peer whose toolchain is installed.
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
