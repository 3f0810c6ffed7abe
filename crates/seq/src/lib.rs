//! # `seq`: the sequential baseline
//!
//! One thread, one chunk: the whole vector goes through the shared chunk
//! kernel, [`doall_kernel::do_some`]. In Go this is calling `v.DoSome(0,
//! len(v), u, c)` without the `go` keyword.
//!
//! Every parallel strategy is measured against this one, and it calls the
//! very same compiled kernel as they do, so a speedup is what threads add and
//! nothing else. That kernel is already fast on one core (it evaluates
//! [`doall_kernel::LANES`] elements side by side): beating a slow baseline
//! proves nothing.
//!
//! **Use it** when the vector is small (spawning a thread costs tens of
//! microseconds), when the caller is already parallel, or as the oracle.
//!
//! # Panics
//! If `op` panics, the panic propagates unchanged. The kernel writes
//! [`doall_kernel::LANES`] elements at a time, so every element before the
//! failing element's group of `LANES` is updated and the rest are not (the
//! last `len % LANES` elements go one at a time: there, every element before
//! the failing one is updated). `tests/panics.rs` checks this.
//!
//! ```
//! use doall_kernel::{initial_vector, Workload};
//! let mut v = initial_vector(1000)?;
//! doall_seq::do_all(&mut v, &Workload::Light);
//! assert_eq!(v[2], 0.002 + (1.0 + 0.002 * 0.5));
//! # Ok::<(), doall_kernel::Error>(())
//! ```

use doall_kernel::{Op, do_some};

/// Applies `v[i] += op(v[i])` to every element, on the calling thread.
pub fn do_all<O: Op>(v: &mut [f64], op: &O) {
    do_some(v, op);
}
