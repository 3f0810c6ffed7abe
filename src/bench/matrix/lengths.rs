//! Which of a workload's lengths a peer or a contender measures: fewer
//! than the Rust strategies, so that a run keeps within its time.

use doall_kernel::Workload;

/// The lengths a peer measures of the Rust strategies' `lengths`: every
/// other one, and the largest, so that its speedup stands beside theirs at
/// the largest length while a slower kernel keeps the run within its time.
///
/// ```
/// use doall::bench::matrix::peer_lengths;
/// assert_eq!(peer_lengths(&[1, 2, 3, 4, 5]), [1, 3, 5]);
/// assert_eq!(peer_lengths(&[1, 2, 3, 4]), [1, 3, 4]);
/// ```
pub fn peer_lengths(lengths: &[usize]) -> Vec<usize> {
    let mut chosen: Vec<usize> = lengths.iter().copied().step_by(2).collect();
    if let Some(&largest) = lengths.last()
        && chosen.last() != Some(&largest)
    {
        chosen.push(largest);
    }
    chosen
}

/// The lengths a contender
/// ([`Strategy::contender`](doall_registry::Strategy::contender)) measures of a
/// workload's `lengths`: `heavy` only, where the cost of a fork is the
/// question, at the first length of at least 4096 elements (where a fork
/// still costs a fair share of a call) and the largest (where the speedup
/// is at its best). The per-call overhead benchmark measures the
/// contenders on 64-element calls, back to back and after idle gaps. This
/// keeps three contenders within a few minutes of a run; a peer's
/// [`peer_lengths`] would cost them several more.
///
/// ```
/// use doall::bench::matrix::contender_lengths;
/// use doall_kernel::Workload;
/// let heavy = [256, 1024, 4096, 16384, 1 << 20];
/// assert_eq!(contender_lengths(Workload::Heavy, &heavy), [4096, 1 << 20]);
/// assert_eq!(contender_lengths(Workload::Heavy, &[1024, 16384]), [16384]);
/// assert!(contender_lengths(Workload::Ramp, &heavy).is_empty());
/// ```
pub fn contender_lengths(workload: Workload, lengths: &[usize]) -> Vec<usize> {
    if workload != Workload::Heavy {
        return Vec::new();
    }
    let mut chosen: Vec<usize> = lengths
        .iter()
        .copied()
        .find(|&n| n >= 4096)
        .into_iter()
        .collect();
    if let Some(&largest) = lengths.last()
        && chosen.last() != Some(&largest)
    {
        chosen.push(largest);
    }
    chosen
}
