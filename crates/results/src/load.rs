//! The versions of `results.json`, loading a file of any version this doall
//! reads, the checks serde cannot express, and saving.

use std::path::Path;

use crate::{Error, RunResults, files::write_atomic};

/// The version of this format, written by this doall.
pub const SCHEMA_VERSION: u32 = 5;

/// The versions this doall reads. Version 1 had no rounds, no duration and
/// no strategy list: its files read with one round each and the strategies
/// in the order their records appear. Version 2 had no threads used, no
/// per-call overhead and no spin budget: its files read without them.
/// Version 3 had no peers (Go) and so no baseline but `seq`: its strategies
/// read as Rust ones measured against `seq`. Version 4 had no contenders:
/// its strategies read as ours.
pub const READABLE_VERSIONS: [u32; 5] = [1, 2, 3, 4, 5];

/// The schema version `value` declares, if this doall reads it; else why not.
fn schema_version(value: &serde_json::Value) -> Result<u32, String> {
    let readable: Vec<String> = READABLE_VERSIONS.iter().map(u32::to_string).collect();
    let readable = readable.join(", ");
    let field = value
        .get("schema_version")
        .ok_or_else(|| "no schema_version field: this is not a doall results file".to_owned())?;
    let version = field
        .as_u64()
        .ok_or_else(|| format!("schema_version is {field}, not a whole number"))?;
    READABLE_VERSIONS
        .into_iter()
        .find(|&known| u64::from(known) == version)
        .ok_or_else(|| {
            format!(
                "schema version {version} is not one this doall reads (it reads {readable}); \
                 regenerate it with this version's `cargo bench` or use a newer doall"
            )
        })
}

impl RunResults {
    /// Reads and checks `path`; every error names the file and what is wrong.
    pub fn load(path: &Path) -> Result<RunResults, Error> {
        let bad = |reason: String| Error::BadResults {
            path: path.to_path_buf(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        if text.trim().is_empty() {
            return Err(bad("the file is empty".to_owned()));
        }
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("not valid JSON: {e}")))?;
        // The version is checked before the strict parse: a file from a newer
        // doall has fields this one does not know, and must be refused by
        // its version rather than by the first unknown field.
        let version = schema_version(&value).map_err(bad)?;
        let results: RunResults = serde_json::from_value(value).map_err(|e| {
            bad(format!(
                "does not match schema version {version} as this doall reads it: {e}"
            ))
        })?;
        results.check().map_err(bad)?;
        Ok(results)
    }

    /// Writes `path` atomically, pretty-printed.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let json = serde_json::to_string_pretty(self).map_err(|e| Error::BadResults {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        write_atomic(path, json.as_bytes())
    }

    /// The checks that serde's types cannot express.
    fn check(&self) -> Result<(), String> {
        let timings = self
            .records
            .iter()
            .map(|r| {
                (
                    format!(
                        "{} {} len {} threads {}",
                        r.strategy, r.workload, r.len, r.threads
                    ),
                    &r.timing,
                    r.threads,
                )
            })
            .chain(
                self.kernel
                    .iter()
                    .map(|k| (format!("kernel {} {}", k.kernel, k.workload), &k.timing, 1)),
            )
            .chain(self.overhead.iter().map(|o| {
                (
                    format!(
                        "overhead {} {} threads {} gap {} s",
                        o.strategy,
                        o.size.name(),
                        o.threads,
                        o.idle_gap_s
                    ),
                    &o.timing,
                    o.threads,
                )
            }));
        for (what, t, threads) in timings {
            let times = [t.median_s, t.lower_s, t.upper_s, t.min_s];
            if times.iter().any(|s| !s.is_finite() || *s <= 0.0) {
                return Err(format!("record {what}: times must be positive numbers"));
            }
            if threads == 0 {
                return Err(format!("record {what}: threads must be at least 1"));
            }
            // The report divides by these and draws intervals around medians.
            if !(t.lower_s <= t.median_s && t.median_s <= t.upper_s) {
                return Err(format!(
                    "record {what}: the median must lie between lower_s and upper_s"
                ));
            }
            if t.min_s > t.median_s {
                return Err(format!("record {what}: min_s must not exceed median_s"));
            }
            if t.round_min_s.iter().any(|s| !s.is_finite() || *s < t.min_s) {
                return Err(format!(
                    "record {what}: every round's fastest sample must be a number no faster than min_s"
                ));
            }
            if t.samples == 0 {
                return Err(format!("record {what}: samples must be at least 1"));
            }
        }
        if let Some(r) = self.records.iter().find(|r| r.chunks == 0) {
            return Err(format!(
                "record {} {} len {} threads {}: chunks must be at least 1",
                r.strategy, r.workload, r.len, r.threads
            ));
        }
        let used = self
            .records
            .iter()
            .map(|r| (&r.strategy, r.threads, r.threads_used))
            .chain(
                self.overhead
                    .iter()
                    .map(|o| (&o.strategy, o.threads, o.threads_used)),
            );
        for (strategy, threads, used) in used {
            if let Some(u) = used
                && !(u.calls > 0
                    && u.mean >= 1.0
                    && u.mean <= threads as f64
                    && (0.0..=1.0).contains(&u.all_share))
            {
                return Err(format!(
                    "{strategy} at {threads} threads: threads_used needs calls > 0, a mean from 1 to the threads and all_share from 0 to 1"
                ));
            }
        }
        if let Some(o) = self
            .overhead
            .iter()
            .find(|o| !o.idle_gap_s.is_finite() || o.idle_gap_s < 0.0 || o.chunks == 0)
        {
            return Err(format!(
                "overhead {} {}: idle_gap_s must be a number from 0 and chunks at least 1",
                o.strategy,
                o.size.name()
            ));
        }
        for b in &self.machine.bandwidth {
            if b.threads == 0 || !b.gb_per_s.is_finite() || b.gb_per_s <= 0.0 {
                return Err(format!(
                    "machine.bandwidth at {} threads: threads must be at least 1 and GB/s a positive number",
                    b.threads
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
