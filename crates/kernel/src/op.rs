//! `Op`, the per-element function, and the one chunk kernel, `update_chunk`.
//!
//! [`update_chunk`] is Go's `DoSome` without its channel send: `for ; i < n;
//! i++ { v[i] += u.Op(v[i]) }` over one chunk (the signal is each strategy's
//! own business). Written the same way in Rust ([`update_plain`]), the loop
//! is *latency-bound*: each Horner step of an element waits for the step
//! before it, so the core's floating-point units sit mostly idle.
//! [`update_lanes`] evaluates [`LANES`] independent elements side by side
//! instead; their steps do not wait for each other, the compiler keeps them
//! in SIMD registers, and the same core does several times more work per
//! second, with the same bits. Make one core fast before adding threads, or
//! the speedups you measure flatter the threads.
//!
//! # Why `Op` is `Sync`: `Send` and `Sync` where a thread borrows the vector
//! (Chapter 3 of the book includes this section from
//! `crates/kernel/listings/send_sync.md`, so its examples are tested here.)
//!
#![doc = include_str!("../listings/send_sync.md")]

// ANCHOR: lanes
/// How many elements the lanes kernel evaluates side by side.
///
/// Sixteen `f64` are eight 128-bit registers (SSE2, every x86-64) or four
/// 256-bit ones: enough independent work to hide the latency of a multiply
/// and an add, few enough to stay in registers.
pub const LANES: usize = 16;
// ANCHOR_END: lanes

/// The per-element function `u.Op(x)` of the Go original.
///
/// Implement [`Op::apply`] for your own function; strategies are generic over
/// `Op`, so the call is inlined into the chunk loop rather than made through
/// a pointer for every element.
///
/// ```
/// use doall_kernel::{update_chunk, Op};
///
/// struct Double;
/// impl Op for Double {
///     fn apply(&self, x: f64) -> f64 { 2.0 * x }
/// }
///
/// let mut v = vec![1.0, 2.0, 3.0];
/// update_chunk(&mut v, &Double);
/// assert_eq!(v, [3.0, 6.0, 9.0]); // v[i] += 2 v[i]
/// ```
// ANCHOR: op_trait
pub trait Op: Sync {
    /// Returns `u.Op(x)`.
    fn apply(&self, x: f64) -> f64;

    /// Returns `apply` of each of `xs`. Override it when your function can
    /// evaluate several elements at once faster than one by one; the override
    /// must give exactly the bits `apply` gives, lane by lane.
    #[inline]
    fn apply_lanes(&self, xs: [f64; LANES]) -> [f64; LANES] {
        xs.map(|x| self.apply(x))
    }

    /// The chunk kernel that [`update_chunk`] runs for this `Op`: by default
    /// [`update_lanes`]. [`crate::Horner`] overrides it to take
    /// [`update_plain`] for short polynomials, and [`crate::Workload`] to send
    /// every strategy to one out-of-line compiled copy, so that a measured
    /// difference between strategies never comes from code placement.
    #[inline]
    fn chunk_kernel(&self, chunk: &mut [f64])
    where
        Self: Sized,
    {
        update_lanes(chunk, self);
    }
}
// ANCHOR_END: op_trait

/// The chunk kernel that every strategy calls, the sequential one included:
/// `x += op.apply(x)` for every element of `chunk`, by the kernel that
/// [`Op::chunk_kernel`] picks for `op`.
///
/// # Panics
/// If `op` panics on an element, the panic propagates and the chunk is left
/// partly updated. Which elements are updated depends on the kernel:
///
/// - [`update_lanes`] (the default) writes whole groups of [`LANES`]: every
///   group before the failing element's group is updated, the failing group
///   and everything after it are not. If the failing element is among the
///   last `len % LANES`, which go one by one, every element before it is
///   updated.
/// - [`update_plain`] (taken for short polynomials, such as the `light`
///   workload) updates every element before the failing one.
///
/// Each strategy's own `# Panics` section says only what it adds: which
/// chunks besides the failing one are updated. This crate's tests check both
/// kernels; `tests/panics.rs` checks every strategy.
// ANCHOR: update_chunk
#[inline]
pub fn update_chunk<O: Op>(chunk: &mut [f64], op: &O) {
    op.chunk_kernel(chunk);
}
// ANCHOR_END: update_chunk

// ANCHOR: update_lanes
/// The lanes kernel: [`LANES`] elements at a time through
/// [`Op::apply_lanes`], the leftover tail one by one.
#[inline]
pub fn update_lanes<O: Op + ?Sized>(chunk: &mut [f64], op: &O) {
    let (groups, tail) = chunk.as_chunks_mut::<LANES>();
    for group in groups {
        let xs = *group;
        let ys = op.apply_lanes(xs);
        for lane in 0..LANES {
            group[lane] = xs[lane] + ys[lane];
        }
    }
    for x in tail {
        *x += op.apply(*x);
    }
}
// ANCHOR_END: update_lanes

// ANCHOR: update_plain
/// The plain loop, Go's `DoSome` as written: one element after another.
/// Tests compare the lanes kernel against it, and the kernel benchmark shows
/// what the lanes kernel gains.
#[inline]
pub fn update_plain<O: Op + ?Sized>(chunk: &mut [f64], op: &O) {
    for x in chunk {
        *x += op.apply(*x);
    }
}
// ANCHOR_END: update_plain

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{self, AssertUnwindSafe};

    /// The payload of this module's deliberate panics.
    struct Deliberate;

    /// `1`, so that `update_chunk` adds 1 to each element, except that it
    /// panics on `x == bad`; it takes the lanes
    /// kernel (the default) or, if `plain`, the plain loop.
    struct PanicAt {
        bad: f64,
        plain: bool,
    }

    impl Op for PanicAt {
        fn apply(&self, x: f64) -> f64 {
            if x == self.bad {
                panic::panic_any(Deliberate);
            }
            1.0
        }

        fn chunk_kernel(&self, chunk: &mut [f64]) {
            if self.plain {
                update_plain(chunk, self);
            } else {
                update_lanes(chunk, self);
            }
        }
    }

    /// How many leading elements `update_chunk` has updated when element
    /// `bad` of a chunk of `len` panics: the count its `# Panics` promises.
    fn updated_prefix(len: usize, bad: usize, plain: bool) -> usize {
        if plain || bad >= len - len % LANES {
            bad
        } else {
            bad / LANES * LANES
        }
    }

    #[test]
    fn a_panicking_chunk_is_updated_as_the_panics_section_says() {
        // Keep the deliberate panics out of the output, and only those.
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !info.payload().is::<Deliberate>() {
                previous(info);
            }
        }));
        let len = 3 * LANES + 5; // three groups and a tail of five
        for plain in [false, true] {
            for bad in 0..len {
                let mut v: Vec<f64> = (0..len).map(|i| i as f64).collect();
                let op = PanicAt {
                    bad: bad as f64,
                    plain,
                };
                let caught = panic::catch_unwind(AssertUnwindSafe(|| update_chunk(&mut v, &op)));
                assert!(
                    caught.is_err_and(|p| p.is::<Deliberate>()),
                    "element {bad} panics"
                );
                let updated = v
                    .iter()
                    .enumerate()
                    .take_while(|&(i, &x)| x == i as f64 + 1.0);
                let prefix = updated.count();
                assert_eq!(
                    prefix,
                    updated_prefix(len, bad, plain),
                    "bad={bad} plain={plain}"
                );
                let rest = v.iter().enumerate().skip(prefix);
                assert!(
                    rest.clone().all(|(i, &x)| x == i as f64),
                    "bad={bad} plain={plain}"
                );
            }
        }
        let _ = panic::take_hook(); // back to the default hook
    }
}
