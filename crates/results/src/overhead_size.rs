//! What one call of the per-call overhead benchmark holds. The sizes are the
//! bench's design, but they are kept with the schema: a record names its
//! size, and the report works out from it which `seq` record is the
//! baseline ([`OverheadSize::baseline_len`]), so the bench and the report
//! must agree on one definition.

use serde::{Deserialize, Serialize};

/// What one call of the overhead benchmark holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OverheadSize {
    /// One element per chunk: almost nothing but the fork and the join.
    OnePerChunk,
    /// 64 elements, however many chunks.
    Elements64,
    /// A fixed amount of work per chunk ([`OVERHEAD_CHUNK_LEN`] elements of
    /// `heavy`), so the work grows with the threads as in EPCC's syncbench.
    FixedPerChunk,
}

/// The elements per chunk of [`OverheadSize::FixedPerChunk`].
pub const OVERHEAD_CHUNK_LEN: usize = 256;

impl OverheadSize {
    /// Every size, in report order.
    pub const ALL: [OverheadSize; 3] = [
        OverheadSize::OnePerChunk,
        OverheadSize::Elements64,
        OverheadSize::FixedPerChunk,
    ];

    /// The vector length for `chunks` chunks (saturating: a count that
    /// overflows is one no strategy accepts anyway).
    ///
    /// ```
    /// use doall_results::OverheadSize;
    /// assert_eq!(OverheadSize::OnePerChunk.len(4), 4);
    /// assert_eq!(OverheadSize::Elements64.len(4), 64);
    /// assert_eq!(OverheadSize::FixedPerChunk.len(4), 1024);
    /// ```
    pub fn len(self, chunks: usize) -> usize {
        match self {
            OverheadSize::OnePerChunk => chunks,
            OverheadSize::Elements64 => 64,
            OverheadSize::FixedPerChunk => OVERHEAD_CHUNK_LEN.saturating_mul(chunks),
        }
    }

    /// The length of `seq`'s reference call for a call of `len` elements:
    /// the same vector for the tiny sizes, whose work is next to nothing;
    /// one chunk for [`OverheadSize::FixedPerChunk`], as in EPCC's
    /// syncbench: a perfect fork-join of T chunks of equal work takes one
    /// chunk's time, so whatever the call takes beyond that is overhead.
    ///
    /// ```
    /// use doall_results::OverheadSize;
    /// assert_eq!(OverheadSize::Elements64.baseline_len(64), 64);
    /// assert_eq!(OverheadSize::FixedPerChunk.baseline_len(1024), 256);
    /// ```
    pub fn baseline_len(self, len: usize) -> usize {
        match self {
            OverheadSize::FixedPerChunk => OVERHEAD_CHUNK_LEN,
            OverheadSize::OnePerChunk | OverheadSize::Elements64 => len,
        }
    }

    /// The name in results and benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            OverheadSize::OnePerChunk => "one-per-chunk",
            OverheadSize::Elements64 => "elements-64",
            OverheadSize::FixedPerChunk => "fixed-per-chunk",
        }
    }

    /// In words, for the report.
    pub fn describe(self) -> &'static str {
        match self {
            OverheadSize::OnePerChunk => "one element per chunk",
            OverheadSize::Elements64 => "64 elements",
            OverheadSize::FixedPerChunk => "256 elements of heavy per chunk",
        }
    }
}
