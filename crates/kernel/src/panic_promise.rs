//! What a strategy promises about the vector when its `Op` panics: one
//! declaration per strategy, next to its [`crate::ThreadUse`], read by the
//! registry and checked by the tests against what really happens.
//!
//! Every strategy resumes the panic in the caller, so the caller never sees
//! a vector that is half done without knowing it. What differs is *how*
//! half done it is, and that follows from how the strategy hands out its
//! chunks: a thread that panics stops, so the chunks it would still have run
//! are left untouched unless another thread runs them. A strategy that gives
//! every chunk a thread of its own loses nothing but the failing chunk; one
//! that gives each thread a fixed share loses the rest of that share.

use std::ops::Range;

use crate::{Plan, chunk_bounds, halving_split, uniform_chunk_len};

/// How a strategy cuts the vector into the chunks it hands to
/// [`crate::update_chunk`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChunkLayout {
    /// One chunk, the whole vector, whatever the plan (`seq`).
    Whole,
    /// The plan's chunks with the spec's bounds, [`chunk_bounds`]; some are
    /// empty when there are more chunks than elements (`std-mpsc`,
    /// `std-scope`, `crossbeam`, `pool`).
    Spec,
    /// Pieces of [`uniform_chunk_len`] elements, the last one shorter, as
    /// `par_chunks_mut` cuts them: there may be fewer than the plan's chunks,
    /// and none is empty (`rayon`).
    Uniform,
    /// The plan's chunks with the spec's bounds, each halved recursively
    /// ([`halving_split`]) down to leaves of at most `grain` elements, in
    /// index order; an empty chunk is one empty leaf (`chili`).
    Halved {
        /// The most elements a leaf holds (0 is taken as 1).
        grain: usize,
    },
}

impl ChunkLayout {
    /// The chunks of a call with `plan` over `n` elements, in index order.
    ///
    /// ```
    /// use doall_kernel::{ChunkLayout, Plan};
    /// let plan = Plan::new(2, Some(3))?;
    /// assert_eq!(ChunkLayout::Whole.bounds(10, plan), [0..10]);
    /// assert_eq!(ChunkLayout::Spec.bounds(10, plan), [0..3, 3..6, 6..10]);
    /// assert_eq!(ChunkLayout::Uniform.bounds(10, plan), [0..4, 4..8, 8..10]);
    /// // Chunks of 3, 3 and 4 elements, each halved once to reach a grain of 2.
    /// let halved = ChunkLayout::Halved { grain: 2 };
    /// assert_eq!(halved.bounds(10, plan), [0..1, 1..3, 3..4, 4..6, 6..8, 8..10]);
    /// # Ok::<(), doall_kernel::Error>(())
    /// ```
    pub fn bounds(self, n: usize, plan: Plan) -> Vec<Range<usize>> {
        let chunks = plan.chunks().get();
        match self {
            ChunkLayout::Whole => std::iter::once(0..n).collect(),
            ChunkLayout::Spec => (0..chunks).map(|c| chunk_bounds(c, n, chunks)).collect(),
            ChunkLayout::Uniform => {
                let len = uniform_chunk_len(n, chunks);
                (0..n.div_ceil(len))
                    .map(|c| c * len..((c + 1) * len).min(n))
                    .collect()
            }
            ChunkLayout::Halved { grain } => {
                let mut leaves = Vec::new();
                for c in 0..chunks {
                    halve(chunk_bounds(c, n, chunks), grain, &mut leaves);
                }
                leaves
            }
        }
    }
}

/// Pushes the leaves of `piece`, halved down to `grain`, in index order.
fn halve(piece: Range<usize>, grain: usize, leaves: &mut Vec<Range<usize>>) {
    match halving_split(piece.len(), grain) {
        None => leaves.push(piece),
        Some(split) => {
            let mid = piece.start + split;
            halve(piece.start..mid, grain, leaves);
            halve(mid..piece.end, grain, leaves);
        }
    }
}

/// What happens to the chunks other than the failing one. `T` is
/// `min(threads, chunks)`: a thread without a chunk would have nothing to
/// stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OtherChunks {
    /// One thread runs every chunk in order, and the panic stops it: the
    /// chunks before the failing one are updated, those after it untouched
    /// (`seq`).
    InOrder,
    /// Every chunk has a thread of its own and no thread is stopped early,
    /// so every other chunk is updated (`std-mpsc`); or every chunk catches
    /// its own panic (`chili`'s leaves).
    EveryOtherChunk,
    /// `T` workers take chunks from one queue; the failing worker stops and
    /// the others empty the queue, so every other chunk is updated. With a
    /// single worker nobody is left to do that: it is [`OtherChunks::InOrder`]
    /// (`crossbeam`).
    Queue,
    /// Thread `t` of `T` owns chunks `t, t + T, t + 2T, …` and runs them in
    /// order; nobody takes over a share. The failing thread's later chunks
    /// are untouched, every other chunk is updated (`std-scope`, `pool`).
    Shares,
    /// Work stealing splits the chunks into runs of consecutive chunks, each
    /// run in order by one thread, and waits for every run even after a
    /// panic. The failing run skips its rest, and where the runs end depends
    /// on timing: the chunks before the failing one are updated, each chunk
    /// after it is updated or untouched as a whole (`rayon`).
    Stealing,
}

/// Whose panic reaches the caller when several chunks panic. Within a chunk
/// the elements are tried in index order, so a chunk's panic is that of its
/// first failing element (for an `Op` that overrides
/// [`crate::Op::apply_lanes`], of one element of the first failing group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResumedPanic {
    /// The failing element of lowest index: the strategy keeps every
    /// chunk's panic and resumes the first in chunk order (`seq` stops at
    /// it; `std-mpsc` joins its threads in chunk order; `pool` compares chunk
    /// indices).
    LowestChunk,
    /// The first failing element of the lowest failing thread of
    /// [`OtherChunks::Shares`]: the strategy joins its threads in order
    /// (`std-scope`). With one chunk per thread, that is
    /// [`ResumedPanic::LowestChunk`].
    LowestShare,
    /// One of the panics, and which one depends on timing (`crossbeam`:
    /// which worker drew which chunk; `rayon`: how the work was split).
    Unordered,
}

/// What a strategy promises when its `Op` panics: the caller gets the panic,
/// with its payload, once every thread of the call has stopped, and the
/// vector is left as this says. Each strategy crate declares one as
/// `PANIC_PROMISE`, and explains why in its `# Panics` section.
///
/// ```
/// use doall_kernel::{ChunkFate, ChunkLayout, OtherChunks, PanicPromise, Plan, ResumedPanic};
/// let shares = PanicPromise {
///     layout: ChunkLayout::Spec,
///     others: OtherChunks::Shares,
///     resumed: ResumedPanic::LowestChunk,
/// };
/// // Two threads, four chunks of 10: thread 0 owns chunks 0 and 2, thread 1
/// // chunks 1 and 3. Element 15 is in chunk 1, so thread 1 stops there.
/// let plan = Plan::new(2, Some(4))?;
/// let fates: Vec<ChunkFate> = shares.fates(40, plan, 15).into_iter().map(|(_, f)| f).collect();
/// use ChunkFate::*;
/// assert_eq!(fates, [Updated, Failing, Updated, Untouched]);
/// # Ok::<(), doall_kernel::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
// ANCHOR: panic_promise
pub struct PanicPromise {
    /// How the vector is cut into chunks.
    pub layout: ChunkLayout,
    /// What happens to the chunks other than the failing one.
    pub others: OtherChunks,
    /// Whose panic the caller gets when several chunks panic.
    pub resumed: ResumedPanic,
}
// ANCHOR_END: panic_promise

/// What the promise says about one chunk after a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChunkFate {
    /// Every element updated, as `seq` would update it.
    Updated,
    /// Every element as it was before the call.
    Untouched,
    /// The chunk that panicked: updated as far as [`crate::update_chunk`]'s
    /// `# Panics` section says for the `Op`'s kernel.
    Failing,
    /// Updated or untouched, but as a whole: never half done.
    WholeOrUntouched,
}

impl PanicPromise {
    /// The chunks of a call with `plan` over `n` elements, each with what
    /// the promise says about it when the element at index `failing`, and
    /// no other, panics. An index outside the vector fails no chunk, and
    /// every chunk is then [`ChunkFate::Updated`].
    pub fn fates(self, n: usize, plan: Plan, failing: usize) -> Vec<(Range<usize>, ChunkFate)> {
        let chunks = self.layout.bounds(n, plan);
        let Some(f) = chunks.iter().position(|chunk| chunk.contains(&failing)) else {
            return chunks
                .into_iter()
                .map(|c| (c, ChunkFate::Updated))
                .collect();
        };
        let threads = plan.threads().get().min(chunks.len());
        // A thread that runs its chunks in order and stops at the failing
        // one has done those before it and none after it.
        let in_order = |c: usize| {
            if c < f {
                ChunkFate::Updated
            } else {
                ChunkFate::Untouched
            }
        };
        let fate = |c: usize| match self.others {
            _ if c == f => ChunkFate::Failing,
            OtherChunks::InOrder => in_order(c),
            OtherChunks::EveryOtherChunk => ChunkFate::Updated,
            OtherChunks::Queue if threads >= 2 => ChunkFate::Updated,
            OtherChunks::Queue => in_order(c),
            OtherChunks::Shares if c % threads == f % threads => in_order(c),
            OtherChunks::Shares => ChunkFate::Updated,
            OtherChunks::Stealing if c < f => ChunkFate::Updated,
            OtherChunks::Stealing => ChunkFate::WholeOrUntouched,
        };
        chunks
            .into_iter()
            .enumerate()
            .map(|(c, chunk)| (chunk, fate(c)))
            .collect()
    }

    /// Which of the elements at the indices `failing` has its panic resumed
    /// in the caller of a call with `plan` over `n` elements, when exactly
    /// those elements panic; `None` if the promise does not say, or if none
    /// of them is in the vector.
    ///
    /// ```
    /// use doall_kernel::{ChunkLayout, OtherChunks, PanicPromise, Plan, ResumedPanic};
    /// let promise = |resumed| PanicPromise {
    ///     layout: ChunkLayout::Spec,
    ///     others: OtherChunks::Shares,
    ///     resumed,
    /// };
    /// // Two threads, four chunks of 10: element 15 is in chunk 1 (thread
    /// // 1), element 25 in chunk 2 (thread 0).
    /// let plan = Plan::new(2, Some(4))?;
    /// assert_eq!(promise(ResumedPanic::LowestChunk).resumed(40, plan, &[25, 15]), Some(15));
    /// assert_eq!(promise(ResumedPanic::LowestShare).resumed(40, plan, &[25, 15]), Some(25));
    /// assert_eq!(promise(ResumedPanic::Unordered).resumed(40, plan, &[25, 15]), None);
    /// # Ok::<(), doall_kernel::Error>(())
    /// ```
    pub fn resumed(self, n: usize, plan: Plan, failing: &[usize]) -> Option<usize> {
        let inside = failing.iter().copied().filter(|&e| e < n);
        match self.resumed {
            // Chunks are in index order, so the lowest failing chunk holds
            // the lowest failing element.
            ResumedPanic::LowestChunk => inside.min(),
            ResumedPanic::LowestShare => {
                let chunks = self.layout.bounds(n, plan);
                let threads = plan.threads().get().min(chunks.len());
                let chunk_of = |e: usize| chunks.iter().position(|chunk| chunk.contains(&e));
                // A share stops at its first failing element, and the
                // shares are joined in thread order.
                inside.min_by_key(|&e| (chunk_of(e).map(|c| c % threads), e))
            }
            ResumedPanic::Unordered => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChunkFate::*;

    fn fates(others: OtherChunks, plan: Plan, n: usize, failing: usize) -> Vec<ChunkFate> {
        let promise = PanicPromise {
            layout: ChunkLayout::Spec,
            others,
            resumed: ResumedPanic::Unordered,
        };
        promise
            .fates(n, plan, failing)
            .into_iter()
            .map(|(_, fate)| fate)
            .collect()
    }

    #[test]
    fn each_kind_of_scheduling_leaves_the_chunks_its_docs_describe() {
        // Three threads, six chunks of 10; element 25 is in chunk 2, which
        // thread 2 owns together with chunk 5.
        let plan = Plan::new(3, Some(6)).expect("positive");
        let cases = [
            (
                OtherChunks::InOrder,
                [Updated, Updated, Failing, Untouched, Untouched, Untouched],
            ),
            (
                OtherChunks::EveryOtherChunk,
                [Updated, Updated, Failing, Updated, Updated, Updated],
            ),
            (
                OtherChunks::Queue,
                [Updated, Updated, Failing, Updated, Updated, Updated],
            ),
            (
                OtherChunks::Shares,
                [Updated, Updated, Failing, Updated, Updated, Untouched],
            ),
            (
                OtherChunks::Stealing,
                [
                    Updated,
                    Updated,
                    Failing,
                    WholeOrUntouched,
                    WholeOrUntouched,
                    WholeOrUntouched,
                ],
            ),
        ];
        for (others, expected) in cases {
            assert_eq!(fates(others, plan, 60, 25), expected, "{others:?}");
        }
    }

    #[test]
    fn one_thread_runs_every_kind_of_scheduling_in_order() {
        let plan = Plan::new(1, Some(4)).expect("positive");
        let in_order = [Updated, Failing, Untouched, Untouched];
        for others in [
            OtherChunks::InOrder,
            OtherChunks::Queue,
            OtherChunks::Shares,
        ] {
            assert_eq!(fates(others, plan, 40, 15), in_order, "{others:?}");
        }
    }

    #[test]
    fn an_element_outside_the_vector_fails_no_chunk() {
        let plan = Plan::new(2, Some(3)).expect("positive");
        assert_eq!(fates(OtherChunks::InOrder, plan, 9, 9), [Updated; 3]);
    }

    #[test]
    fn uniform_pieces_cover_the_vector_without_empty_ones() {
        for n in 0..40 {
            for chunks in 1..12 {
                let plan = Plan::new(1, Some(chunks)).expect("positive");
                let pieces = ChunkLayout::Uniform.bounds(n, plan);
                assert!(pieces.len() <= chunks, "n={n} chunks={chunks}");
                assert!(
                    pieces.iter().all(|p| !p.is_empty()),
                    "n={n} chunks={chunks}"
                );
                let covered: Vec<usize> = pieces.into_iter().flatten().collect();
                assert_eq!(covered, (0..n).collect::<Vec<_>>(), "n={n} chunks={chunks}");
            }
        }
    }

    #[test]
    fn halved_leaves_split_each_spec_chunk_down_to_the_grain() {
        for n in [0, 1, 5, 100, 1001, 4097] {
            for chunks in [1, 2, 3, 7, 12] {
                let plan = Plan::new(2, Some(chunks)).expect("positive");
                let spec = ChunkLayout::Spec.bounds(n, plan);
                for grain in [0, 1, 3, 64, 1024] {
                    let context = format!("n={n} chunks={chunks} grain={grain}");
                    let leaves = ChunkLayout::Halved { grain }.bounds(n, plan);
                    assert!(
                        leaves.iter().all(|l| l.len() <= grain.max(1)),
                        "{context}: a leaf over the grain"
                    );
                    let covered: Vec<usize> = leaves.iter().cloned().flatten().collect();
                    assert_eq!(covered, (0..n).collect::<Vec<_>>(), "{context}");
                    // Every leaf lies in one spec chunk, and each chunk is
                    // cut into at least ceil(len / grain) leaves, none empty
                    // unless the chunk is.
                    for chunk in &spec {
                        let inside: Vec<_> = leaves
                            .iter()
                            .filter(|l| chunk.start <= l.start && l.end <= chunk.end)
                            .filter(|l| !l.is_empty() || chunk.is_empty())
                            .collect();
                        assert!(
                            inside.len() >= chunk.len().div_ceil(grain.max(1)),
                            "{context}: chunk {chunk:?}"
                        );
                    }
                    let empty = spec.iter().filter(|c| c.is_empty()).count();
                    let empty_leaves = leaves.iter().filter(|l| l.is_empty()).count();
                    assert_eq!(
                        empty_leaves, empty,
                        "{context}: one empty leaf per empty chunk"
                    );
                }
            }
        }
        // Two chunks of 50 000 halve six times each: 64 leaves of 781 or
        // 782 elements per chunk.
        let plan = Plan::new(2, Some(2)).expect("positive");
        let leaves = ChunkLayout::Halved { grain: 1024 }.bounds(100_000, plan);
        assert_eq!(leaves.len(), 128);
        assert!(leaves.iter().all(|l| (781..=782).contains(&l.len())));
        assert_eq!(leaves[64].start, 50_000, "no leaf crosses a spec chunk");
    }

    #[test]
    fn the_lowest_share_wins_over_the_lowest_chunk_only_for_lowest_share() {
        let promise = |resumed| PanicPromise {
            layout: ChunkLayout::Spec,
            others: OtherChunks::Shares,
            resumed,
        };
        // Three threads, twelve chunks of 10: element 25 is in chunk 2
        // (thread 2), 95 in chunk 9 (thread 0), 5 in chunk 0 (thread 0).
        let plan = Plan::new(3, Some(12)).expect("positive");
        let lowest_share = promise(ResumedPanic::LowestShare);
        assert_eq!(lowest_share.resumed(120, plan, &[25, 95]), Some(95));
        assert_eq!(lowest_share.resumed(120, plan, &[95, 25, 5]), Some(5));
        assert_eq!(
            promise(ResumedPanic::LowestChunk).resumed(120, plan, &[95, 25]),
            Some(25)
        );
        assert_eq!(lowest_share.resumed(120, plan, &[120]), None, "outside");
    }
}
