//! # `rayon`: `par_chunks_mut` on a pool built once
//!
//! Rayon keeps a pool of worker threads and splits work by *work stealing*:
//! `par_chunks_mut` hands out chunks, an idle worker steals half of a busy
//! one's remaining chunks, and `for_each` returns when all are done. The Go
//! original's channel, drain and `go` statements all disappear into one
//! line, and a panicking chunk is reported to the caller.
//!
//! The pool is the caller's: building one starts `threads` OS threads, so
//! build it once (`ThreadPoolBuilder::new().num_threads(t).build()`) and pass
//! it to every call. `install` runs the work on that pool rather than on
//! rayon's global one, whose size you may not control.
//!
//! `par_chunks_mut` cuts pieces of equal length (`ceil(n / chunks)`, the last
//! one shorter), not the spec's `c*n/C` bounds: each element is still updated
//! once, so the bits are the same.
//!
//! **Use it** by default: it balances unequal chunks, reuses its threads and
//! composes with other parallel code. For tiny vectors, stay sequential.
//!
//! # Panics
//! If `op` panics, rayon finishes every piece of work it has split off, then
//! resumes the panic in the caller with its original payload. The pool stays
//! usable. But one piece of work may hold several chunks, run in order, and
//! the rest of the failing piece is skipped: every chunk before the failing
//! one is updated, the failing one is left as [`update_chunk`] says, and
//! each chunk after it is either updated or left untouched, as a whole,
//! depending on how rayon split the work.
//!
//! ```
//! use doall_kernel::{initial_vector, Workload};
//! let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().expect("4 threads");
//! let mut v = initial_vector(1000)?;
//! let chunks = std::num::NonZeroUsize::new(16).expect("16 > 0");
//! doall_rayon::do_all(&pool, &mut v, &Workload::Ramp, chunks);
//! # Ok::<(), doall_kernel::Error>(())
//! ```

use std::num::NonZeroUsize;

use doall_kernel::{Op, uniform_chunk_len, update_chunk};
use rayon::{ThreadPool, prelude::*};

/// Applies `v[i] += op(v[i])` over about `chunks` chunks on `pool`.
pub fn do_all<O: Op>(pool: &ThreadPool, v: &mut [f64], op: &O, chunks: NonZeroUsize) {
    let chunk_len = uniform_chunk_len(v.len(), chunks.get());
    pool.install(|| {
        v.par_chunks_mut(chunk_len)
            .for_each(|chunk| update_chunk(chunk, op))
    });
}
