//! What a run writes: the records of `results.json`, assembled from what
//! the rounds measured, under `reports/runs/<UTC time>-<host>[-label]/`,
//! then the run's report and the index of runs.

use std::{path::Path, time::SystemTime};

use doall_report as report;
use doall_results::{
    BandwidthPoint, KernelRecord, OverheadRecord, RESULTS_FILE, Record, RunResults, SCHEMA_VERSION,
    StrategyInfo, ThreadsUsed,
    machine::{RunSettings, detect_machine, host_name, utc_timestamp},
    stats::timing_from_rounds,
};

use super::{
    matrix::{Config, Subject, benched},
    rounds::Measured,
};
use crate::{Error, bandwidth::gb_per_s};

/// The records of a run, each configuration's in the list its kind has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    /// The strategies' (and the peers') records of the main matrix.
    pub records: Vec<Record>,
    /// The single-thread kernels'.
    pub kernel: Vec<KernelRecord>,
    /// The per-call overhead benchmark's.
    pub overhead: Vec<OverheadRecord>,
    /// The bandwidth ceiling at each thread count (results keep it with
    /// the machine).
    pub bandwidth: Vec<BandwidthPoint>,
}

impl Records {
    /// Whether no strategy or kernel was measured: the bandwidth ceiling
    /// alone makes no report.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.kernel.is_empty() && self.overhead.is_empty()
    }
}

/// Turns each configuration's samples (`measured`, in the order of
/// `configs`) into its record; a configuration without samples has none.
pub fn assemble(configs: &[Config], measured: &[Measured]) -> Records {
    let mut assembled = Records::default();
    for (config, measured) in configs.iter().zip(measured) {
        let Some(timing) = timing_from_rounds(&measured.samples) else {
            continue;
        };
        if let Some(recorded) = config.recorded_as() {
            let threads_used = ThreadsUsed::from_counts(&measured.threads_used, recorded.threads);
            match recorded.overhead {
                None => assembled.records.push(Record {
                    strategy: recorded.name.to_owned(),
                    workload: config.workload.name().to_owned(),
                    len: config.len,
                    threads: recorded.threads,
                    chunks: recorded.chunks,
                    timing,
                    threads_used,
                }),
                Some(size) => assembled.overhead.push(OverheadRecord {
                    strategy: recorded.name.to_owned(),
                    size,
                    len: config.len,
                    threads: recorded.threads,
                    chunks: recorded.chunks,
                    idle_gap_s: config.idle_gap.as_secs_f64(),
                    timing,
                    threads_used,
                }),
            }
            continue;
        }
        match config.subject {
            Subject::Kernel(k) => assembled.kernel.push(KernelRecord {
                kernel: k.name().to_owned(),
                workload: config.workload.name().to_owned(),
                len: config.len,
                timing,
            }),
            Subject::Bandwidth { threads } => assembled.bandwidth.push(BandwidthPoint {
                threads,
                gb_per_s: gb_per_s(config.len, timing.min_s),
                round_gb_per_s: timing
                    .round_min_s
                    .iter()
                    .map(|&s| gb_per_s(config.len, s))
                    .collect(),
            }),
            // Recorded above.
            Subject::Strategy { .. } | Subject::Overhead { .. } | Subject::Peer { .. } => {}
        }
    }
    assembled
}

/// The strategies a run knew: the benched ones of the registry, in its
/// order (`seq` first), then the peers'.
pub fn strategy_infos(peer_strategies: Vec<StrategyInfo>) -> Vec<StrategyInfo> {
    let mut strategies: Vec<StrategyInfo> = benched()
        .map(|s| StrategyInfo {
            name: s.name.to_owned(),
            summary: s.summary.to_owned(),
            threads_rule: s.thread_use.describe().to_owned(),
            baseline: "seq".to_owned(),
            peer: None,
            contender: s.contender.map(str::to_owned),
        })
        .collect();
    strategies.extend(peer_strategies);
    strategies
}

/// The name of a run's directory: when it started (compact UTC, so that
/// names sort by time), the host, then the label if any (say `cores4`, from
/// scripts/bench-cores.sh, to tell runs apart), kept to ASCII letters,
/// digits and `-`.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use doall::bench::record::run_name;
/// let started = UNIX_EPOCH + Duration::from_secs(86_400 + 61);
/// assert_eq!(run_name(started, "box", None), "19700102T000101Z-box");
/// assert_eq!(run_name(started, "box", Some("cores 4!")), "19700102T000101Z-box-cores4");
/// ```
pub fn run_name(started: SystemTime, host: &str, label: Option<&str>) -> String {
    let label = label
        .map(|l| {
            l.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|l| !l.is_empty())
        .map_or_else(String::new, |l| format!("-{l}"));
    format!("{}-{host}{label}", utc_timestamp(started, false))
}

/// Assembles the records of `configs` from `measured` and writes the run
/// under `reports_dir/runs/`, named by [`run_name`] from `run_label`: its
/// `results.json` and report, then the refreshed index of runs. Says where
/// they are; with no strategy or kernel measured, says so and writes
/// nothing.
pub fn write_results(
    configs: &[Config],
    measured: &[Measured],
    mut settings: RunSettings,
    peer_strategies: Vec<StrategyInfo>,
    reports_dir: &Path,
    run_label: Option<&str>,
) -> Result<(), Error> {
    let assembled = assemble(configs, measured);
    if assembled.is_empty() {
        println!("doall bench: no strategy or kernel measured, so no report written");
        return Ok(());
    }
    let Records {
        records,
        kernel,
        overhead,
        bandwidth,
    } = assembled;
    settings.bandwidth.extend(bandwidth);
    let started = settings.started;
    let results = RunResults {
        schema_version: SCHEMA_VERSION,
        machine: detect_machine(settings),
        strategies: strategy_infos(peer_strategies),
        records,
        kernel,
        overhead,
    };
    let run_dir = reports_dir
        .join("runs")
        .join(run_name(started, &host_name(), run_label));
    results.save(&run_dir.join(RESULTS_FILE))?;
    report::write_run_report(&run_dir)?;
    let index = report::refresh_index(reports_dir)?;
    println!(
        "doall bench: results in {}",
        run_dir.join(RESULTS_FILE).display()
    );
    println!("doall bench: open {}", index.display());
    Ok(())
}

#[cfg(test)]
mod tests;
