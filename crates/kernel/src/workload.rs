//! The three workloads of docs/SPEC.md §3 and their starting vector.

use crate::{Error, LANES, Op, update_lanes, update_plain};

// ANCHOR: coeffs
/// The coefficients of `light`: `1 + x/2`.
pub const LIGHT_COEFFS: [f64; 2] = [1.0, 0.5];

/// The 64 coefficients of `heavy` and `ramp`: `u[k] = ±1 / (k + 1)`, `+` for
/// even `k`. Computed at compile time, with the same correctly rounded
/// division as at run time.
pub const HEAVY_COEFFS: [f64; 64] = heavy_coeffs();
// ANCHOR_END: coeffs

const fn heavy_coeffs() -> [f64; 64] {
    let mut u = [0.0; 64];
    let mut k = 0;
    while k < 64 {
        let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
        u[k] = sign / (k + 1) as f64;
        k += 1;
    }
    u
}

/// The polynomial `u[0] + u[1] x + … + u[d] x^d`, evaluated by Horner's rule
/// in the exact order of docs/SPEC.md §2 (a rounded multiply, then a rounded add:
/// never `mul_add`).
///
/// ```
/// use doall_kernel::{Horner, Op};
/// let p = Horner { coeffs: &[1.0, 0.5] }; // 1 + x/2
/// assert_eq!(p.apply(2.0), 2.0);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Horner<'a> {
    /// `u[0..=d]`, constant term first.
    pub coeffs: &'a [f64],
}

/// Up to this many coefficients a polynomial is short enough that the plain
/// loop is not latency-bound (see `Horner`'s [`Op::chunk_kernel`]).
const SHORT_POLYNOMIAL: usize = 4;

// ANCHOR: horner_op
impl Op for Horner<'_> {
    #[inline]
    fn apply(&self, x: f64) -> f64 {
        let mut acc = 0.0;
        for &u in self.coeffs.iter().rev() {
            acc = acc * x + u;
        }
        acc
    }

    #[inline]
    fn apply_lanes(&self, xs: [f64; LANES]) -> [f64; LANES] {
        // The same steps as `apply`, one lane per element: the lanes do not
        // depend on each other, so their multiplies and adds overlap.
        let mut acc = [0.0; LANES];
        for &u in self.coeffs.iter().rev() {
            for lane in 0..LANES {
                acc[lane] = acc[lane] * xs[lane] + u;
            }
        }
        acc
    }

    /// Lanes pay off when each element's chain of steps is long. With a few
    /// terms (`light` has two) the chain is short, the compiler already
    /// vectorizes the plain loop across elements, and the loop waits on
    /// memory, not on arithmetic: there lanes gain nothing, and the plain
    /// loop is kept.
    #[inline]
    fn chunk_kernel(&self, chunk: &mut [f64]) {
        if self.coeffs.len() <= SHORT_POLYNOMIAL {
            update_plain(chunk, self);
        } else {
            update_lanes(chunk, self);
        }
    }
}
// ANCHOR_END: horner_op

/// `ramp`: element `x` uses only the first `m(x) = 1 + floor(N x)` of the
/// `N` coefficients (clamped to `1..=N`, NaN giving 1), so the work grows
/// along the vector.
#[derive(Debug, Clone, Copy)]
pub struct Ramp<'a> {
    /// `u[0..N]`, constant term first; `ramp` uses [`HEAVY_COEFFS`].
    pub coeffs: &'a [f64],
}

// ANCHOR: ramp_terms
impl Ramp<'_> {
    /// `N x`, or 0 for a negative or NaN `x`: element `x` uses term `k`
    /// exactly when `k <= reach(x)`, since `k < 1 + floor(N x)` is
    /// `k <= floor(N x)`, which for a whole number `k` is `k <= N x`.
    #[inline]
    fn reach(&self, x: f64) -> f64 {
        // f64::max returns the other operand when one is NaN.
        (x * self.coeffs.len() as f64).max(0.0)
    }

    /// The number of terms for a given reach: `as usize` truncates, which is
    /// the floor for a reach of 0 or more, and saturates at +infinity.
    #[inline]
    fn terms_for_reach(&self, reach: f64) -> usize {
        let most = self.coeffs.len();
        ((reach as usize).min(most.saturating_sub(1)) + 1).min(most)
    }

    /// `m(x)`, the number of terms that element `x` uses.
    ///
    /// ```
    /// use doall_kernel::{Ramp, HEAVY_COEFFS};
    /// let ramp = Ramp { coeffs: &HEAVY_COEFFS };
    /// assert_eq!(ramp.terms(0.0), 1);
    /// assert_eq!(ramp.terms(0.5), 33);
    /// assert_eq!(ramp.terms(f64::NAN), 1);
    /// ```
    #[inline]
    pub fn terms(&self, x: f64) -> usize {
        self.terms_for_reach(self.reach(x))
    }
}
// ANCHOR_END: ramp_terms

impl Op for Ramp<'_> {
    // ANCHOR: ramp_apply
    #[inline]
    fn apply(&self, x: f64) -> f64 {
        let mut acc = 0.0;
        for &u in self.coeffs[..self.terms(x)].iter().rev() {
            acc = acc * x + u;
        }
        acc
    }
    // ANCHOR_END: ramp_apply

    #[inline]
    fn apply_lanes(&self, xs: [f64; LANES]) -> [f64; LANES] {
        // Each lane starts its Horner sequence at its own term k = m - 1.
        // All lanes step through k together. While some lanes have not reached
        // their first term, each lane selects between its stepped and its
        // untouched `acc` (a select, not a multiply by a mask, so 0, -0, NaN
        // and infinity stay exactly as the spec's sequence leaves them). Once
        // every lane has started, the steps are plain Horner. Neighbours in a
        // ramp need almost the same number of terms, so the selects are few.
        // The lane tests stay in f64 (`k <= reach`): converting every lane's
        // term count to an integer would cost more than the selects.
        let reach = xs.map(|x| self.reach(x));
        let (lowest, highest) = reach.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &r| {
            (lo.min(r), hi.max(r))
        });
        let longest = self.terms_for_reach(highest);
        let shortest = self.terms_for_reach(lowest).min(longest);
        let mut acc = [0.0; LANES];
        for k in (shortest..longest).rev() {
            let (u, step) = (self.coeffs[k], k as f64);
            for lane in 0..LANES {
                let next = acc[lane] * xs[lane] + u;
                acc[lane] = if step <= reach[lane] { next } else { acc[lane] };
            }
        }
        for &u in self.coeffs[..shortest].iter().rev() {
            for lane in 0..LANES {
                acc[lane] = acc[lane] * xs[lane] + u;
            }
        }
        acc
    }
}

const LIGHT: Horner<'static> = Horner {
    coeffs: &LIGHT_COEFFS,
};
const HEAVY: Horner<'static> = Horner {
    coeffs: &HEAVY_COEFFS,
};
const RAMP: Ramp<'static> = Ramp {
    coeffs: &HEAVY_COEFFS,
};

/// The workloads of docs/SPEC.md §3.
///
/// `Workload` is itself an [`Op`], so strategies take it like any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Workload {
    /// Two Horner steps per element: memory-bound for large vectors.
    Light,
    /// 64 Horner steps per element: compute-bound.
    Heavy,
    /// 1 to 64 steps, growing along the vector: unbalanced static chunks.
    Ramp,
}

impl Workload {
    /// Every workload, in the order reports list them.
    pub const ALL: [Workload; 3] = [Workload::Light, Workload::Heavy, Workload::Ramp];

    /// The name used on the command line and in results.
    pub fn name(self) -> &'static str {
        match self {
            Workload::Light => "light",
            Workload::Heavy => "heavy",
            Workload::Ramp => "ramp",
        }
    }

    /// One line on what the workload is and teaches.
    pub fn summary(self) -> &'static str {
        match self {
            Workload::Light => "1 + x/2, 2 Horner steps: memory-bound, capped by bandwidth",
            Workload::Heavy => "64-term polynomial: compute-bound, near-linear speedup",
            Workload::Ramp => "1 to 64 terms growing along the vector: unbalanced static chunks",
        }
    }

    /// Looks a workload up by [`Workload::name`].
    ///
    /// ```
    /// use doall_kernel::Workload;
    /// assert_eq!(Workload::from_name("ramp"), Ok(Workload::Ramp));
    /// assert!(Workload::from_name("Heavy").is_err());
    /// ```
    pub fn from_name(name: &str) -> Result<Workload, Error> {
        Workload::ALL
            .into_iter()
            .find(|w| w.name() == name)
            .ok_or_else(|| Error::UnknownWorkload {
                name: name.to_owned(),
                valid: Workload::ALL.map(Workload::name).join(", "),
            })
    }

    /// [`update_plain`] for this workload, compiled once, out of line: the
    /// reference that the chunk kernel is measured and tested against.
    ///
    /// ```
    /// use doall_kernel::{initial_vector, update_chunk, Workload};
    /// let (mut plain, mut fast) = (initial_vector(100)?, initial_vector(100)?);
    /// Workload::Ramp.plain_kernel(&mut plain);
    /// update_chunk(&mut fast, &Workload::Ramp);
    /// assert_eq!(plain, fast);
    /// # Ok::<(), doall_kernel::Error>(())
    /// ```
    #[inline(never)]
    pub fn plain_kernel(self, chunk: &mut [f64]) {
        match self {
            Workload::Light => update_plain(chunk, &LIGHT),
            Workload::Heavy => update_plain(chunk, &HEAVY),
            Workload::Ramp => update_plain(chunk, &RAMP),
        }
    }
}

impl Op for Workload {
    #[inline]
    fn apply(&self, x: f64) -> f64 {
        match self {
            Workload::Light => LIGHT.apply(x),
            Workload::Heavy => HEAVY.apply(x),
            Workload::Ramp => RAMP.apply(x),
        }
    }

    #[inline]
    fn apply_lanes(&self, xs: [f64; LANES]) -> [f64; LANES] {
        match self {
            Workload::Light => LIGHT.apply_lanes(xs),
            Workload::Heavy => HEAVY.apply_lanes(xs),
            Workload::Ramp => RAMP.apply_lanes(xs),
        }
    }

    fn chunk_kernel(&self, chunk: &mut [f64]) {
        workload_chunk_kernel(*self, chunk);
    }
}

// ANCHOR: workload_chunk_kernel
/// The compiled chunk kernel of the workloads. It is not generic and never
/// inlined, so it exists once, in this crate, and every strategy (the
/// sequential one included) calls the very same machine code; the `match`
/// runs once per chunk, not per element.
#[inline(never)]
fn workload_chunk_kernel(workload: Workload, chunk: &mut [f64]) {
    match workload {
        Workload::Light => LIGHT.chunk_kernel(chunk),
        Workload::Heavy => HEAVY.chunk_kernel(chunk),
        Workload::Ramp => RAMP.chunk_kernel(chunk),
    }
}
// ANCHOR_END: workload_chunk_kernel

// ANCHOR: initial_vector
/// The starting vector of every workload: `v[i] = i / n`, one correctly
/// rounded division per element.
///
/// The memory is reserved with `try_reserve_exact`, so a length that cannot
/// be allocated is an [`Error::Alloc`], not an abort.
///
/// ```
/// use doall_kernel::initial_vector;
/// assert_eq!(initial_vector(4)?, [0.0, 0.25, 0.5, 0.75]);
/// assert!(initial_vector(1 << 60).is_err());
/// # Ok::<(), doall_kernel::Error>(())
/// ```
pub fn initial_vector(n: usize) -> Result<Vec<f64>, Error> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| Error::Alloc {
        len: n,
        bytes: n as u128 * size_of::<f64>() as u128,
    })?;
    v.extend((0..n).map(|i| i as f64 / n as f64));
    Ok(v)
}
// ANCHOR_END: initial_vector

#[cfg(test)]
mod tests;
