//! Where a strategy starts to pay off against its baseline, as an interval
//! of lengths: one run places the crossover between two measured lengths,
//! and a second run of the same commit must place it in an interval that
//! overlaps, never at a length the first run contradicts.

use crate::rounds::{Verdict, wins_in_every_round};

use super::{BEATS, LenPoint};

/// Where a strategy starts to pay off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Crossover {
    /// It beats its baseline (by more than [`BEATS`] in every round) at
    /// `from` and at every larger length both were measured at; `after` is
    /// the largest smaller length at which the baseline beats it in every
    /// round. The crossover lies somewhere above `after` and at or below
    /// `from`: between them, a round was within noise.
    From {
        /// The largest length below `from` that the baseline wins: `None`
        /// when none does (every smaller length is a tie, or there is none).
        after: Option<usize>,
        /// The smallest length of the winning tail.
        from: usize,
    },
    /// At the largest length both were measured at, it does not beat its
    /// baseline in every round: no crossover within the lengths measured.
    Beyond {
        /// The largest length at which the baseline beats it in every round.
        after: Option<usize>,
        /// Whether the baseline beats it in every round at the largest
        /// length too (else neither wins there: a tie).
        loses_at_largest: bool,
    },
    /// No length where both were measured.
    NoData,
}

impl Crossover {
    /// The lengths the crossover may lie at, as `(above, up_to)`: above the
    /// first (0 for none), at or below the second (`None`: beyond the
    /// lengths measured). Two runs agree if their intervals overlap.
    pub(crate) fn interval(self) -> Option<(usize, Option<usize>)> {
        match self {
            Crossover::From { after, from } => Some((after.unwrap_or(0), Some(from))),
            Crossover::Beyond { after, .. } => Some((after.unwrap_or(0), None)),
            Crossover::NoData => None,
        }
    }

    /// The smallest length of the winning tail, where the chart rings it.
    pub(crate) fn from(self) -> Option<usize> {
        match self {
            Crossover::From { from, .. } => Some(from),
            _ => None,
        }
    }
}

/// The crossover of `strategy` against `seq` (its baseline): the smallest
/// measured length from which it beats it at that length and every larger
/// one both were measured at, and the largest length below that at which the
/// baseline beats it in every round.
pub(crate) fn crossover(strategy: &[LenPoint], seq: &[LenPoint]) -> Crossover {
    let mut verdicts: Vec<(usize, Verdict)> = strategy
        .iter()
        .filter_map(|p| {
            seq.iter()
                .find(|q| q.len == p.len)
                .map(|q| (p.len, wins_in_every_round(&p.timing, &q.timing, BEATS)))
        })
        .collect();
    verdicts.sort_by_key(|&(len, _)| len);
    let Some(&(largest, at_largest)) = verdicts.last() else {
        return Crossover::NoData;
    };
    let tail = verdicts
        .iter()
        .rev()
        .take_while(|(_, v)| *v == Verdict::Wins)
        .count();
    let from = (tail > 0).then(|| verdicts[verdicts.len() - tail].0);
    let after = verdicts
        .iter()
        .filter(|&&(len, v)| v == Verdict::Loses && from.is_none_or(|f| len < f))
        .map(|&(len, _)| len)
        .next_back();
    match from {
        Some(from) => Crossover::From { after, from },
        None => Crossover::Beyond {
            after,
            loses_at_largest: at_largest == Verdict::Loses && after == Some(largest),
        },
    }
}
