//! Tests of record assembly and run naming: made-up samples, nothing timed.

use std::time::{Duration, UNIX_EPOCH};

use doall_results::OverheadSize;

use super::*;
use crate::bench::{
    BenchMode,
    matrix::{matrix, peer_configs},
    peer::PeerKind,
};

/// The quick matrix at 2 threads, and a peer's.
fn configs() -> Vec<Config> {
    let mut configs = matrix(BenchMode::Quick, &[2], Some(32 << 20)).expect("valid");
    configs
        .extend(peer_configs(PeerKind::Go, BenchMode::Quick, &[2], Some(32 << 20)).expect("valid"));
    configs
}

/// Two rounds of samples, the second round's fastest `scale` times the
/// first's; every probed call on `threads` threads.
fn measured(scale: f64, threads: usize) -> Measured {
    Measured {
        samples: vec![vec![2e-3, 1e-3, 3e-3], vec![scale * 1e-3, 4e-3]],
        threads_used: vec![threads; 4],
    }
}

/// The configurations whose name starts with one of `prefixes`, each
/// measured by [`measured`].
fn pick(prefixes: &[&str]) -> (Vec<Config>, Vec<Measured>) {
    let picked: Vec<Config> = prefixes
        .iter()
        .map(|prefix| {
            configs()
                .into_iter()
                .find(|c| c.id.starts_with(prefix))
                .unwrap_or_else(|| panic!("a configuration {prefix}…"))
        })
        .collect();
    let measured = picked.iter().map(|_| measured(2.0, 2)).collect();
    (picked, measured)
}

#[test]
fn a_strategy_at_a_plan_becomes_one_record_with_its_rounds() {
    let (configs, measured) = pick(&["heavy/rayon/t=2/c=2/", "light/seq/"]);
    let assembled = assemble(&configs, &measured);
    assert!(assembled.kernel.is_empty() && assembled.overhead.is_empty());
    assert!(assembled.bandwidth.is_empty());
    let [rayon, seq] = assembled.records.as_slice() else {
        panic!("two records: {:?}", assembled.records);
    };
    assert_eq!(
        (rayon.strategy.as_str(), rayon.workload.as_str()),
        ("rayon", "heavy")
    );
    assert_eq!(
        (rayon.len, rayon.threads, rayon.chunks),
        (configs[0].len, 2, 2)
    );
    assert_eq!(rayon.timing.min_s, 1e-3);
    assert_eq!(rayon.timing.samples, 5);
    assert_eq!(rayon.timing.round_min_s, [1e-3, 2e-3]);
    let used = rayon.threads_used.expect("probed");
    assert_eq!((used.mean, used.all_share, used.calls), (2.0, 1.0, 4));
    assert_eq!(
        (seq.strategy.as_str(), seq.threads, seq.chunks),
        ("seq", 1, 1)
    );
}

#[test]
fn kernels_overheads_and_the_ceiling_have_lists_of_their_own() {
    let (configs, measured) = pick(&[
        "kernel/fast/ramp/",
        "overhead/elements-64/pool/t=2/c=2/64/gap=1ms",
        "bandwidth/rmw/t=2/",
    ]);
    let assembled = assemble(&configs, &measured);
    assert!(assembled.records.is_empty());
    let [kernel] = assembled.kernel.as_slice() else {
        panic!("one kernel record: {:?}", assembled.kernel);
    };
    assert_eq!(
        (kernel.kernel.as_str(), kernel.workload.as_str()),
        ("fast", "ramp")
    );
    assert_eq!(kernel.timing.min_s, 1e-3);
    let [overhead] = assembled.overhead.as_slice() else {
        panic!("one overhead record: {:?}", assembled.overhead);
    };
    assert_eq!(overhead.strategy, "pool");
    assert_eq!(overhead.size, OverheadSize::Elements64);
    assert_eq!(
        (overhead.len, overhead.threads, overhead.chunks),
        (64, 2, 2)
    );
    assert_eq!(overhead.idle_gap_s, 1e-3);
    assert_eq!(overhead.threads_used.map(|u| u.calls), Some(4));
    let [ceiling] = assembled.bandwidth.as_slice() else {
        panic!("one bandwidth point: {:?}", assembled.bandwidth);
    };
    let len = configs[2].len;
    assert_eq!(ceiling.threads, 2);
    assert_eq!(ceiling.gb_per_s, gb_per_s(len, 1e-3));
    assert_eq!(
        ceiling.round_gb_per_s,
        [gb_per_s(len, 1e-3), gb_per_s(len, 2e-3)]
    );
}

#[test]
fn a_peer_records_one_chunk_per_thread_under_its_own_name() {
    let (configs, measured) = pick(&["heavy/go/t=2/c=2/", "overhead/elements-64/go-seq/64"]);
    let assembled = assemble(&configs, &measured);
    let [go] = assembled.records.as_slice() else {
        panic!("one record: {:?}", assembled.records);
    };
    assert_eq!((go.strategy.as_str(), go.threads, go.chunks), ("go", 2, 2));
    let [go_seq] = assembled.overhead.as_slice() else {
        panic!("one overhead record: {:?}", assembled.overhead);
    };
    assert_eq!((go_seq.strategy.as_str(), go_seq.threads), ("go-seq", 1));
    assert_eq!(go_seq.idle_gap_s, 0.0);
}

#[test]
fn what_was_not_measured_has_no_record_and_the_ceiling_alone_makes_no_report() {
    let (configs, mut measured) = pick(&["light/seq/", "bandwidth/rmw/t=2/"]);
    measured[0] = Measured {
        samples: vec![Vec::new(); 2],
        threads_used: Vec::new(),
    };
    let assembled = assemble(&configs, &measured);
    assert!(assembled.records.is_empty());
    assert_eq!(assembled.bandwidth.len(), 1);
    assert!(assembled.is_empty(), "no strategy or kernel measured");
    assert!(assemble(&[], &[]).is_empty());
}

#[test]
fn the_strategies_are_the_benched_ones_in_registry_order_then_the_peers() {
    let peers = PeerKind::Go.strategies("go1.22");
    let infos = strategy_infos(peers.to_vec());
    let names: Vec<&str> = infos.iter().map(|s| s.name.as_str()).collect();
    let benched: Vec<&str> = benched().map(|s| s.name).collect();
    assert_eq!(names[..benched.len()], benched[..]);
    assert_eq!(
        names[benched.len()..],
        [peers[0].name.as_str(), peers[1].name.as_str()]
    );
    assert_eq!(names.first(), Some(&"seq"));
    assert!(
        infos[..benched.len()]
            .iter()
            .all(|s| s.baseline == "seq" && s.peer.is_none())
    );
    assert!(
        infos.iter().any(|s| s.contender.is_some()),
        "contenders say whose they are"
    );
    assert!(!names.contains(&"exercise"));
}

#[test]
fn a_run_is_named_by_its_start_host_and_label() {
    let started = UNIX_EPOCH + Duration::from_secs(1_764_990_000);
    assert_eq!(run_name(started, "box", None), "20251206T030000Z-box");
    assert_eq!(
        run_name(started, "box", Some("cores4")),
        "20251206T030000Z-box-cores4"
    );
    // Only letters, digits and `-` reach a directory name.
    assert_eq!(
        run_name(started, "box", Some("../cores 4/é")),
        "20251206T030000Z-box-cores4"
    );
    assert_eq!(
        run_name(started, "box", Some("!/ ")),
        "20251206T030000Z-box"
    );
    assert_eq!(run_name(started, "box", Some("")), "20251206T030000Z-box");
}
