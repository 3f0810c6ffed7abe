//! The memory-bandwidth ceiling: how fast this machine can stream an array
//! through the cores and back, so that `light` (2 Horner steps per 16 bytes
//! moved) can be drawn against the physical limit instead of against `T`.

use std::{hint::black_box, thread, time::Instant};

use doall_kernel::{initial_vector, split_chunks};

use crate::Error;

/// Bytes each element moves in an in-place update: 8 read, 8 written.
pub const BYTES_PER_ELEMENT: f64 = 16.0;

/// The best bandwidth, in GB/s, of `passes` STREAM-like in-place
/// read-modify-write passes over `len` `f64`s split over `threads` scoped
/// threads (one chunk each), each pass on a freshly copied array. `len`
/// should be far larger than the last-level cache, or the figure is the
/// cache's, not memory's.
pub fn measure_bandwidth(len: usize, threads: usize, passes: usize) -> Result<f64, Error> {
    let threads = threads.max(1);
    let initial = initial_vector(len)?;
    let mut v = initial_vector(len)?;
    let mut best = f64::INFINITY;
    for _ in 0..passes.max(1) {
        // The same untimed reset as the benchmarks do before every call, so
        // the cache holds the same leftovers here as there.
        v.copy_from_slice(&initial);
        let start = Instant::now();
        thread::scope(|scope| {
            for chunk in split_chunks(&mut v, threads) {
                scope.spawn(move || {
                    // The simplest loop that reads and writes every element;
                    // the compiler vectorizes it, so it runs at memory speed.
                    for x in chunk.iter_mut() {
                        *x = *x * 0.5 + 1.0;
                    }
                });
            }
        });
        best = best.min(start.elapsed().as_secs_f64());
    }
    black_box(&v);
    Ok(BYTES_PER_ELEMENT * len as f64 / best / 1e9)
}

/// The size of the largest CPU cache in bytes, read from Linux's sysfs
/// (`None` elsewhere or if unreadable).
pub fn last_level_cache_bytes() -> Option<u64> {
    let caches = std::fs::read_dir("/sys/devices/system/cpu/cpu0/cache").ok()?;
    caches
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path().join("size")).ok())
        .filter_map(|size| parse_cache_size(size.trim()))
        .max()
}

/// Parses sysfs cache sizes such as `32768K` or `2M`.
fn parse_cache_size(text: &str) -> Option<u64> {
    let (digits, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let value: u64 = digits.parse().ok()?;
    let scale = match unit {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return None,
    };
    value.checked_mul(scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_sizes_parse() {
        assert_eq!(parse_cache_size("32768K"), Some(32 << 20));
        assert_eq!(parse_cache_size("2M"), Some(2 << 20));
        assert_eq!(parse_cache_size("512"), Some(512));
        assert_eq!(parse_cache_size("5Q"), None);
        assert_eq!(parse_cache_size(""), None);
    }

    #[test]
    fn bandwidth_is_positive_and_finite() {
        let gb_per_s = measure_bandwidth(1 << 16, 2, 2).expect("small array");
        assert!(gb_per_s.is_finite() && gb_per_s > 0.0);
    }
}
