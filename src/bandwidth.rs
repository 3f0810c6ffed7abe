//! The memory-bandwidth ceiling: how fast this machine can stream an array
//! through the cores and back, so that `light` (2 Horner steps per 16 bytes
//! moved) can be drawn against the physical limit instead of against `T`.

use std::thread;

use doall_kernel::split_chunks;

/// Bytes each element moves in an in-place update: 8 read, 8 written.
pub const BYTES_PER_ELEMENT: f64 = 16.0;

/// Bytes moved per second, in GB/s, by one [`stream_pass`] over `len`
/// elements that took `seconds`.
///
/// ```
/// use doall::bandwidth::gb_per_s;
/// // A billion elements in 16 seconds: 16 GB moved, 1 GB/s.
/// assert_eq!(gb_per_s(1_000_000_000, 16.0), 1.0);
/// ```
pub fn gb_per_s(len: usize, seconds: f64) -> f64 {
    BYTES_PER_ELEMENT * len as f64 / seconds / 1e9
}

/// One STREAM-like pass: an in-place read-modify-write of every element,
/// split over `threads` scoped threads (one chunk each, spawned as
/// `std-mpsc` spawns them). It is the simplest loop that reads and writes
/// every element; the compiler vectorizes it, so it runs at memory speed on
/// a vector far larger than the last-level cache. The benchmark times it
/// exactly as it times the strategies, in the same rounds, so the ceiling
/// and `light` are measured alike and side by side in time.
pub fn stream_pass(v: &mut [f64], threads: usize) {
    thread::scope(|scope| {
        for chunk in split_chunks(v, threads.max(1)) {
            scope.spawn(move || {
                for x in chunk.iter_mut() {
                    *x = stream_update(*x);
                }
            });
        }
    });
}

/// What [`stream_pass`] does to one element.
#[inline]
pub fn stream_update(x: f64) -> f64 {
    x * 0.5 + 1.0
}

/// Whether `result` holds exactly the bits of one [`stream_pass`] over
/// `initial`: the benchmark's check of every ceiling sample, computed on the
/// fly so that no second copy of a vector larger than the cache is kept.
///
/// ```
/// use doall::bandwidth::{is_one_stream_pass, stream_pass};
/// let initial = vec![0.0, 0.5, 1.0];
/// let mut v = initial.clone();
/// stream_pass(&mut v, 2);
/// assert!(is_one_stream_pass(&initial, &v));
/// stream_pass(&mut v, 2);
/// assert!(!is_one_stream_pass(&initial, &v));
/// ```
pub fn is_one_stream_pass(initial: &[f64], result: &[f64]) -> bool {
    initial.len() == result.len()
        && initial
            .iter()
            .zip(result)
            .all(|(&x, y)| stream_update(x).to_bits() == y.to_bits())
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
    fn a_stream_pass_updates_every_element_once() {
        for threads in [1, 2, 7] {
            let mut v: Vec<f64> = (0..1001).map(f64::from).collect();
            stream_pass(&mut v, threads);
            assert!(
                v.iter()
                    .enumerate()
                    .all(|(i, x)| *x == i as f64 * 0.5 + 1.0)
            );
        }
    }
}
