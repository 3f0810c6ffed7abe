//! Facts about the machine a benchmark runs on, for `results.json`.

use std::{
    process::Command,
    time::{SystemTime, UNIX_EPOCH},
};

use crate::results::{BandwidthPoint, Machine};

/// Reads the machine's facts. Anything that cannot be read is "unknown"
/// (or `None`), never an error: a benchmark is still worth keeping.
pub fn detect_machine(
    thread_source: &str,
    bench_mode: &str,
    bandwidth: Vec<BandwidthPoint>,
) -> Machine {
    Machine {
        host: host_name(),
        started_utc: utc_timestamp(SystemTime::now(), true),
        cpu_model: cpu_model().unwrap_or_else(|| "unknown".to_owned()),
        logical_cores: logical_cores(),
        available_parallelism: std::thread::available_parallelism().map_or(1, |n| n.get()),
        thread_source: thread_source.to_owned(),
        os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        rustc: command_line("rustc", &["--version"]),
        git_commit: command_line("git", &["rev-parse", "--short=12", "HEAD"]),
        bench_mode: bench_mode.to_owned(),
        bandwidth,
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
    from_sysfs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
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
/// for directory names that sort by time).
pub fn utc_timestamp(time: SystemTime, readable: bool) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, day_secs) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    let (h, m, s) = (day_secs / 3600, day_secs / 60 % 60, day_secs % 60);
    if readable {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
    } else {
        format!("{year:04}{month:02}{day:02}T{h:02}{m:02}{s:02}Z")
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
