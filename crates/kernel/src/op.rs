//! `Op`, the per-element function, and the one chunk kernel, `do_some`.
//!
//! Go's `DoSome` is `for ; i < n; i++ { v[i] += u.Op(v[i]) }`. Written the
//! same way in Rust ([`do_some_plain`]), the loop is *latency-bound*: each
//! Horner step of an element waits for the step before it, so the core's
//! floating-point units sit mostly idle. [`do_some_lanes`] evaluates
//! [`LANES`] independent elements side by side instead; their steps do not
//! wait for each other, the compiler keeps them in SIMD registers, and the
//! same core does several times more work per second, with the same bits.
//! Make one core fast before adding threads, or the speedups you measure
//! flatter the threads.

/// How many elements the fast kernel evaluates side by side.
///
/// Sixteen `f64` are eight 128-bit registers (SSE2, every x86-64) or four
/// 256-bit ones: enough independent work to hide the latency of a multiply
/// and an add, few enough to stay in registers.
pub const LANES: usize = 16;

/// The per-element function `u.Op(x)` of the Go original.
///
/// Implement [`Op::apply`] for your own function; strategies are generic over
/// `Op`, so the call is inlined into the chunk loop rather than made through
/// a pointer for every element.
///
/// ```
/// use doall_kernel::{do_some, Op};
///
/// struct Double;
/// impl Op for Double {
///     fn apply(&self, x: f64) -> f64 { 2.0 * x }
/// }
///
/// let mut v = vec![1.0, 2.0, 3.0];
/// do_some(&mut v, &Double);
/// assert_eq!(v, [3.0, 6.0, 9.0]); // v[i] += 2 v[i]
/// ```
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

    /// Runs the chunk kernel for this `Op`: by default [`do_some_lanes`].
    /// [`crate::Horner`] overrides it to pick the plain loop for short
    /// polynomials, and [`crate::Workload`] to send every strategy to one
    /// out-of-line compiled copy, so that a measured difference between
    /// strategies never comes from code placement.
    #[inline]
    fn do_some(&self, chunk: &mut [f64])
    where
        Self: Sized,
    {
        do_some_lanes(chunk, self);
    }
}

/// The chunk kernel that every strategy calls: `x += op.apply(x)` for every
/// element of `chunk`, by the fast path of `op` (see [`Op::do_some`]).
#[inline]
pub fn do_some<O: Op>(chunk: &mut [f64], op: &O) {
    op.do_some(chunk);
}

/// The fast kernel: [`LANES`] elements at a time through
/// [`Op::apply_lanes`], the leftover tail one by one.
#[inline]
pub fn do_some_lanes<O: Op + ?Sized>(chunk: &mut [f64], op: &O) {
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

/// The readable reference: Go's `DoSome` loop, one element after another.
/// Tests compare the fast kernel against it, and the kernel benchmark shows
/// what the fast one gains.
#[inline]
pub fn do_some_plain<O: Op + ?Sized>(chunk: &mut [f64], op: &O) {
    for x in chunk {
        *x += op.apply(*x);
    }
}
