//! The chunk arithmetic of docs/SPEC.md §4, in one place.

use std::ops::Range;

// ANCHOR: over_split
/// How many chunks per thread the benchmark cuts when it over-splits `ramp`
/// to study load balance (docs/SPEC.md §4): `8T` chunks. The bench and the
/// report both read it here.
pub const OVER_SPLIT: usize = 8;
// ANCHOR_END: over_split

/// The bounds of chunk `c` of `chunks` over `n` elements: `c*n/C .. (c+1)*n/C`.
///
/// The products are taken in `u128`, so no `n` that fits in memory can
/// overflow them. Chunks are disjoint, in order and cover `0..n`; some are
/// empty when `chunks > n`.
///
/// ```
/// use doall_kernel::chunk_bounds;
/// assert_eq!(chunk_bounds(0, 10, 3), 0..3);
/// assert_eq!(chunk_bounds(1, 10, 3), 3..6);
/// assert_eq!(chunk_bounds(2, 10, 3), 6..10);
/// ```
///
/// # Panics
/// If `chunks` is 0 or `c >= chunks`: callers validate counts through
/// [`crate::Plan`], so this is a bug in the caller, not bad input.
// ANCHOR: chunk_bounds
pub fn chunk_bounds(c: usize, n: usize, chunks: usize) -> Range<usize> {
    assert!(c < chunks, "chunk {c} of {chunks} does not exist");
    let bound = |i: usize| (i as u128 * n as u128 / chunks as u128) as usize;
    bound(c)..bound(c + 1)
}
// ANCHOR_END: chunk_bounds

/// Splits `v` into the spec's `chunks` chunks, as disjoint `&mut` slices.
///
/// This is the safe way to hand pieces of one vector to several threads:
/// each `split_at_mut` proves to the borrow checker that the pieces do not
/// overlap. It yields exactly `chunks` slices (empty ones included, so a
/// strategy that signals once per chunk still signals `chunks` times).
///
/// ```
/// use doall_kernel::split_chunks;
/// let mut v = [0.0; 5];
/// let lengths: Vec<usize> = split_chunks(&mut v, 3).map(|c| c.len()).collect();
/// assert_eq!(lengths, [1, 2, 2]);
/// ```
// ANCHOR: split_chunks
pub fn split_chunks<T>(v: &mut [T], chunks: usize) -> SpecChunks<'_, T> {
    SpecChunks {
        len: v.len(),
        rest: v,
        chunks,
        next: 0,
    }
}
// ANCHOR_END: split_chunks

/// The iterator returned by [`split_chunks`].
#[derive(Debug)]
pub struct SpecChunks<'a, T> {
    rest: &'a mut [T],
    len: usize,
    chunks: usize,
    next: usize,
}

impl<'a, T> Iterator for SpecChunks<'a, T> {
    type Item = &'a mut [T];

    // ANCHOR: spec_chunks_next
    fn next(&mut self) -> Option<&'a mut [T]> {
        if self.next >= self.chunks {
            return None;
        }
        let bounds = chunk_bounds(self.next, self.len, self.chunks);
        let (chunk, rest) = std::mem::take(&mut self.rest).split_at_mut(bounds.len());
        self.rest = rest;
        self.next += 1;
        Some(chunk)
    }
    // ANCHOR_END: spec_chunks_next

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.chunks - self.next.min(self.chunks);
        (left, Some(left))
    }
}

impl<T> ExactSizeIterator for SpecChunks<'_, T> {}

/// The length that `par_chunks_mut`-style APIs need to cut `n` elements into
/// at most `chunks` pieces: `ceil(n / chunks)`, and at least 1.
///
/// Such APIs cut equal pieces with a short last one, so their bounds lie
/// after [`chunk_bounds`]'s, the c-th by up to c elements (9 elements in 4:
/// the second bound is 6, not 4), the last piece may be much shorter, and
/// there may be fewer than `chunks` pieces. Every element is still processed
/// exactly once, so the result is the same bits.
///
/// ```
/// use doall_kernel::uniform_chunk_len;
/// assert_eq!(uniform_chunk_len(10, 3), 4);
/// assert_eq!(uniform_chunk_len(0, 3), 1);
/// ```
// ANCHOR: uniform_chunk_len
pub fn uniform_chunk_len(n: usize, chunks: usize) -> usize {
    n.div_ceil(chunks.max(1)).max(1)
}
// ANCHOR_END: uniform_chunk_len

/// Where a piece of `len` elements is cut in two when a strategy halves its
/// chunks recursively down to leaves of at most `grain` elements: at
/// `len / 2`, or `None` if the piece is a leaf already. A `grain` of 0 is
/// taken as 1, so every cut makes progress.
///
/// [`crate::ChunkLayout::Halved`] lists the leaves this cuts, and a strategy
/// that halves (`chili`) asks it where to cut, so both agree by
/// construction.
///
/// ```
/// use doall_kernel::halving_split;
/// assert_eq!(halving_split(2049, 1024), Some(1024)); // then 1025 is cut again
/// assert_eq!(halving_split(1024, 1024), None);
/// assert_eq!(halving_split(0, 1024), None);
/// ```
pub fn halving_split(len: usize, grain: usize) -> Option<usize> {
    (len > grain.max(1)).then_some(len / 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all_bounds(n: usize, chunks: usize) -> Vec<Range<usize>> {
        (0..chunks).map(|c| chunk_bounds(c, n, chunks)).collect()
    }

    fn assert_partition(n: usize, chunks: usize) {
        let bounds = all_bounds(n, chunks);
        assert_eq!(bounds.len(), chunks);
        assert_eq!(bounds[0].start, 0, "first chunk starts at 0");
        assert_eq!(bounds[chunks - 1].end, n, "last chunk ends at n");
        for pair in bounds.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "chunks are contiguous");
        }
        for b in &bounds {
            assert!(b.start <= b.end, "chunk {b:?} is in order");
            // Spec bounds differ in length by at most one element.
            assert!(b.len() <= n / chunks + 1);
        }
    }

    #[test]
    fn more_chunks_than_elements_gives_empty_chunks() {
        let bounds = all_bounds(2, 5);
        assert_eq!(bounds.iter().filter(|b| b.is_empty()).count(), 3);
        assert_partition(2, 5);
    }

    #[test]
    fn split_chunks_matches_chunk_bounds() {
        let mut v: Vec<usize> = (0..103).collect();
        for (c, chunk) in split_chunks(&mut v, 7).enumerate() {
            let b = chunk_bounds(c, 103, 7);
            assert_eq!(chunk.first().copied(), b.clone().next());
            assert_eq!(chunk.len(), b.len());
        }
        assert_eq!(split_chunks(&mut v, 7).len(), 7);
        assert_eq!(split_chunks(&mut v, 500).count(), 500);
    }

    #[test]
    fn uniform_chunks_cover_everything() {
        for n in 0..50 {
            for chunks in 1..12 {
                let len = uniform_chunk_len(n, chunks);
                assert!(n.div_ceil(len) <= chunks);
                assert!(len * chunks >= n);
            }
        }
    }

    proptest! {
        #[test]
        fn chunks_partition_small_vectors(n in 0usize..10_000, chunks in 1usize..300) {
            assert_partition(n, chunks);
        }

        #[test]
        fn chunks_do_not_overflow_near_half_of_usize(
            slack in 0usize..1_000_000,
            chunks in 1usize..64,
        ) {
            let n = usize::MAX / 2 - slack;
            assert_partition(n, chunks);
        }

        #[test]
        fn chunks_partition_with_huge_chunk_counts(n in 0usize..1000, chunks in 1usize..5000) {
            assert_partition(n, chunks);
        }
    }
}
