//! The benchmark binary's one entry point, [`run`]: from its command line
//! and environment to the configurations, the peers beside them, then the
//! rounds and the report, a check of each configuration, or their names.

use std::time::{Duration, SystemTime};

use doall_results::machine::RunSettings;

use super::{
    args::{Action, BenchArgs, BenchEnv},
    filter::{Filter, runnable},
    matrix::{Config, matrix, peer_configs},
    peer::{Peer, PeerKind, PeerSkipped},
    record::write_results,
    rounds::measure_rounds,
    target::{Target, Vectors},
};
use crate::{Error, bandwidth::last_level_cache_bytes};
use doall_registry::timing::time_calls;

/// Does what `args` ask (all but `--help`, which needs no environment) in
/// `env`: lists the benchmarks that match the filters, runs each once as a
/// test, or measures them in rounds and writes the run, `started` at this
/// time. Progress goes to standard output.
pub fn run(args: &BenchArgs, env: &BenchEnv, started: SystemTime) -> Result<(), Error> {
    let filter = Filter::new(args)?;
    let cache_bytes = last_level_cache_bytes();
    let mut configs = runnable(matrix(env.mode, &env.threads, cache_bytes)?, &filter)?;
    // Peers run only when measuring: `--list` and `--test` stay Rust's.
    let mut peers = Vec::new();
    if args.action == Action::Bench {
        for kind in PeerKind::ALL {
            if env.peers_off.contains(&kind) {
                continue;
            }
            let matching = runnable(
                peer_configs(kind, env.mode, &env.threads, cache_bytes)?,
                &filter,
            )?;
            if !matching.is_empty()
                && let Some(peer) = start_peer(kind, env, matching.len())
            {
                configs.extend(matching);
                peers.push(peer);
            }
        }
    }
    if configs.is_empty() && args.action != Action::List {
        println!(
            "doall bench: no benchmark matches the filter; `cargo bench -- --list` names them all"
        );
        return Ok(());
    }
    match args.action {
        Action::List => {
            for config in &configs {
                println!("{}: benchmark", config.id);
            }
            Ok(())
        }
        Action::Test => test_once(&configs, args.quiet),
        // The binary prints the usage before it reads the environment.
        Action::Help => Ok(()),
        Action::Bench => {
            println!(
                "doall bench: {} mode, threads {:?} (from {})",
                env.mode.name(),
                env.threads,
                env.thread_source
            );
            let sampling = env.mode.sampling();
            let measured = measure_rounds(&configs, sampling, env.rounds, args.quiet, &mut peers)?;
            let peer_strategies = peers
                .iter()
                .flat_map(|peer| peer.kind.strategies(&peer.description))
                .collect();
            // The peers quit before the report is written.
            drop(peers);
            let settings = RunSettings {
                thread_source: env.thread_source.to_owned(),
                bench_mode: env.mode.name().to_owned(),
                started,
                rounds: env.rounds,
                bandwidth: Vec::new(),
                spin_budget_s: Some(doall_pool::DEFAULT_SPIN_BUDGET.as_secs_f64()),
            };
            write_results(
                &configs,
                &measured,
                settings,
                peer_strategies,
                &env.reports_dir,
                env.run_label.as_deref(),
            )
        }
    }
}

/// Builds and starts `kind`'s peer for its `configurations`, saying so; or
/// says in one line why the run goes on without it.
fn start_peer(kind: PeerKind, env: &BenchEnv, configurations: usize) -> Option<Peer> {
    match Peer::start(kind, &env.target_dir.join(kind.binary_name())) {
        Ok(peer) => {
            println!(
                "doall bench: {} runs beside the Rust strategies ({}, {} configurations; {}=off skips it)",
                kind.parallel_call(),
                peer.description,
                configurations,
                kind.off_var()
            );
            Some(peer)
        }
        Err(PeerSkipped(reason)) => {
            println!("doall bench: skipping {}: {reason}", kind.title());
            None
        }
    }
}

/// `--test` and `cargo test --benches`: each configuration once, checked.
fn test_once(configs: &[Config], quiet: bool) -> Result<(), Error> {
    let mut vectors = Vectors::new(configs)?;
    let mut scratch = std::mem::take(&mut vectors.scratch);
    for (done, config) in configs.iter().enumerate() {
        let target = Target::new(config, &vectors);
        target.session(&mut scratch, |session| {
            time_calls(session, target.initial, 1, Duration::ZERO)?;
            target.check(session)
        })?;
        if !quiet {
            println!("[{}/{}] test {}: ok", done + 1, configs.len(), config.id);
        }
    }
    println!(
        "doall bench: {} configurations ran once, each leaving the right bits; nothing measured, so no report written",
        configs.len()
    );
    Ok(())
}
