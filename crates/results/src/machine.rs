//! Facts about the machine a benchmark runs on, for `results.json`.

use std::{process::Command, time::SystemTime};

use crate::{BandwidthPoint, Machine};

/// How a run was made: what [`detect_machine`] cannot read off the machine.
#[derive(Debug, Clone)]
pub struct RunSettings {
    /// Where the thread counts came from (`available_parallelism` or an
    /// environment variable).
    pub thread_source: String,
    /// `quick` or `full`.
    pub bench_mode: String,
    /// When the run started.
    pub started: SystemTime,
    /// Interleaved rounds over the matrix.
    pub rounds: usize,
    /// The bandwidth ceiling measured.
    pub bandwidth: Vec<BandwidthPoint>,
    /// The `pool` strategy's spin budget, in seconds.
    pub spin_budget_s: Option<f64>,
}

/// Reads the machine's facts; the run's duration is the time from
/// `settings.started` to now. Anything that cannot be read is "unknown" (or
/// `None`), never an error: a benchmark is still worth keeping.
pub fn detect_machine(settings: RunSettings) -> Machine {
    let duration_s = SystemTime::now()
        .duration_since(settings.started)
        .map_or(0.0, |d| d.as_secs_f64());
    Machine {
        host: host_name(),
        started_utc: utc_timestamp(settings.started, true),
        duration_s,
        rounds: settings.rounds,
        cpu_model: cpu_model().unwrap_or_else(|| "unknown".to_owned()),
        logical_cores: logical_cores(),
        available_parallelism: doall_kernel::available_threads().get(),
        thread_source: settings.thread_source,
        os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        rustc: command_line("rustc", &["--version"]),
        git_commit: command_line("git", &["rev-parse", "--short=12", "HEAD"]),
        bench_mode: settings.bench_mode,
        bandwidth: settings.bandwidth,
        spin_budget_s: settings.spin_budget_s,
    }
}

/// The host name, reduced to characters that are safe in a directory name.
pub fn host_name() -> String {
    let raw = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| command_line("hostname", &[]))
        .unwrap_or_else(|| "host".to_owned());
    let safe: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        "host".to_owned()
    } else {
        safe
    }
}

fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
}

/// Logical cores online, which may exceed what this process may use.
fn logical_cores() -> usize {
    let from_sysfs = std::fs::read_to_string("/sys/devices/system/cpu/online")
        .ok()
        .and_then(|list| count_cpu_list(list.trim()));
    from_sysfs.unwrap_or_else(|| doall_kernel::available_threads().get())
}

/// Counts a Linux CPU list such as `0-3,8,10-11`.
fn count_cpu_list(list: &str) -> Option<usize> {
    list.split(',').try_fold(0, |total, range| {
        let count = match range.split_once('-') {
            Some((lo, hi)) => hi.parse::<usize>().ok()?.checked_sub(lo.parse().ok()?)? + 1,
            None => range.parse::<usize>().map(|_| 1).ok()?,
        };
        Some(total + count)
    })
}

fn command_line(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}

/// A UTC timestamp: `2026-11-24T18:02:03Z`, or `20261124T180203Z` (compact,
/// for directory names that sort by time). A time before 1970 or past the
/// year 9999 (a broken clock) prints as the epoch.
pub fn utc_timestamp(time: SystemTime, readable: bool) -> String {
    let format = if readable {
        "%Y-%m-%dT%H:%M:%SZ"
    } else {
        "%Y%m%dT%H%M%SZ"
    };
    jiff::Timestamp::try_from(time)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime(format)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps() {
        assert_eq!(utc_timestamp(UNIX_EPOCH, true), "1970-01-01T00:00:00Z");
        // 2026-11-24T18:02:03Z, worked out with `date -u -d 2026-11-24T18:02:03Z +%s`.
        let t = UNIX_EPOCH + Duration::from_secs(1_795_543_323);
        assert_eq!(utc_timestamp(t, true), "2026-11-24T18:02:03Z");
        assert_eq!(utc_timestamp(t, false), "20261124T180203Z");
        // A leap day.
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(utc_timestamp(leap, true), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn cpu_lists() {
        assert_eq!(count_cpu_list("0-3,8,10-11"), Some(7));
        assert_eq!(count_cpu_list("0"), Some(1));
        assert_eq!(count_cpu_list("x"), None);
    }

    #[test]
    fn host_names_are_directory_safe() {
        let host = host_name();
        assert!(!host.is_empty());
        assert!(!host.contains('/'));
    }
}
