//! Claims that must hold in every round.
//!
//! The bench runs the whole matrix in interleaved rounds, every configuration
//! once per round, so round i of one configuration ran under the same machine
//! state as round i of another. A claim such as "rayon beats seq" or "rayon
//! is fastest" is made only if it holds in each round on its own; otherwise
//! the report calls it a tie within noise. The figures shown stay the fastest
//! sample over all rounds.
//!
//! A measurement without a round list, or two whose lists differ in length
//! (a version 1 file, a round without samples), is compared by its fastest
//! samples alone: a run of one round.

use doall_results::{RunResults, Timing};

/// How one measurement compares with another over the rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Faster by more than the margin in every round.
    Wins,
    /// Slower by more than the margin in every round.
    Loses,
    /// Neither: a tie within noise.
    Tie,
}

/// A lower-is-better quantity measured once per round: a time, or a ratio
/// of times.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RoundValues {
    /// The value of each round, in round order (may be empty).
    pub(crate) each: Vec<f64>,
    /// The value shown: the best over all rounds.
    pub(crate) best: f64,
}

impl RoundValues {
    /// A timing's fastest sample per round and over all rounds.
    pub(crate) fn of(timing: &Timing) -> RoundValues {
        RoundValues {
            each: timing.round_min_s.clone(),
            best: timing.min_s,
        }
    }

    /// `numerator ÷ denominator`, round by round where both have the same
    /// rounds, else from their best values alone.
    pub(crate) fn ratio(numerator: &RoundValues, denominator: &RoundValues) -> RoundValues {
        RoundValues {
            each: paired(numerator, denominator)
                .iter()
                .map(|(n, d)| n / d)
                .collect(),
            best: numerator.best / denominator.best,
        }
    }
}

/// The values of `a` and `b` round by round, or their best values as one
/// round when their round lists are missing or differ in length.
pub(crate) fn paired(a: &RoundValues, b: &RoundValues) -> Vec<(f64, f64)> {
    if !a.each.is_empty() && a.each.len() == b.each.len() {
        a.each.iter().copied().zip(b.each.iter().copied()).collect()
    } else {
        vec![(a.best, b.best)]
    }
}

/// Whether `a` is lower than `b` by more than the factor `margin` in every
/// round (wins), higher by more than it in every round (loses), or neither.
pub(crate) fn verdict(a: &RoundValues, b: &RoundValues, margin: f64) -> Verdict {
    let rounds = paired(a, b);
    if rounds.iter().all(|(a, b)| b / a > margin) {
        Verdict::Wins
    } else if rounds.iter().all(|(a, b)| a / b > margin) {
        Verdict::Loses
    } else {
        Verdict::Tie
    }
}

/// Whether timing `a` beats timing `b` by more than `margin` in every round,
/// loses by more than it in every round, or ties.
pub(crate) fn wins_in_every_round(a: &Timing, b: &Timing, margin: f64) -> Verdict {
    verdict(&RoundValues::of(a), &RoundValues::of(b), margin)
}

/// Who leads a set of contenders (lower is better).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lead {
    /// This one beats every other in every round.
    Alone(usize),
    /// These cannot be told apart: the best does not beat them in every
    /// round. They are listed in the contenders' order (the registry's),
    /// not by this run's figures, so that a second run that ties the same
    /// names words them the same.
    Tied(Vec<usize>),
}

impl Lead {
    /// The indices in the lead, in the contenders' order.
    pub(crate) fn members(&self) -> Vec<usize> {
        match self {
            Lead::Alone(i) => vec![*i],
            Lead::Tied(all) => all.clone(),
        }
    }
}

/// Which of `contenders` is lowest (the fastest): the one with the best
/// value, alone if it wins against every other in every round, else tied with
/// each one it does not beat (in the contenders' order). `None` for no
/// contenders.
pub(crate) fn lowest(contenders: &[RoundValues], margin: f64) -> Option<Lead> {
    lead(contenders, margin, Verdict::Wins, |a, b| a.total_cmp(&b))
}

/// Which of `contenders` is highest (the slowest), like [`lowest`].
pub(crate) fn highest(contenders: &[RoundValues], margin: f64) -> Option<Lead> {
    lead(contenders, margin, Verdict::Loses, |a, b| b.total_cmp(&a))
}

/// The best and the worst of `contenders` (lower is better), like
/// [`lowest`] and [`highest`], except that when one contender is tied both
/// with the best and with the worst, the best does not beat the worst in
/// every round and no order holds: the best is then a tie of everyone.
/// `None` for no contenders.
pub(crate) fn best_and_worst(contenders: &[RoundValues], margin: f64) -> Option<(Lead, Lead)> {
    let best = lowest(contenders, margin)?;
    let worst = highest(contenders, margin)?;
    if let (Lead::Tied(top), Lead::Tied(bottom)) = (&best, &worst)
        && top.iter().any(|m| bottom.contains(m))
    {
        return Some((Lead::Tied((0..contenders.len()).collect()), worst));
    }
    Some((best, worst))
}

fn lead(
    contenders: &[RoundValues],
    margin: f64,
    needed: Verdict,
    order: impl Fn(f64, f64) -> std::cmp::Ordering,
) -> Option<Lead> {
    let mut ranked: Vec<usize> = (0..contenders.len()).collect();
    ranked.sort_by(|&a, &b| order(contenders[a].best, contenders[b].best));
    let (&top, rest) = ranked.split_first()?;
    let tied: Vec<usize> = rest
        .iter()
        .copied()
        .filter(|&other| verdict(&contenders[top], &contenders[other], margin) != needed)
        .collect();
    if tied.is_empty() {
        Some(Lead::Alone(top))
    } else {
        let mut members: Vec<usize> = std::iter::once(top).chain(tied).collect();
        members.sort_unstable();
        Some(Lead::Tied(members))
    }
}

/// How many rounds a run's claims rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RoundsOfRun {
    /// The rounds the run recorded: 1 for a file without round lists.
    pub(crate) rounds: usize,
    /// Whether any record holds a round list (a version 1 file has none).
    pub(crate) recorded: bool,
    /// Measurements whose round list does not have that many rounds: claims
    /// about them rest on their fastest samples alone.
    pub(crate) incomplete: usize,
    /// All measurements.
    pub(crate) measurements: usize,
}

impl RoundsOfRun {
    /// Counts the rounds of `results`' strategy records. The kernel
    /// micro-benchmark keeps rounds of its own, which its section states.
    pub(crate) fn of(results: &RunResults) -> RoundsOfRun {
        let timings: Vec<&Timing> = results.records.iter().map(|r| &r.timing).collect();
        let recorded = timings.iter().any(|t| !t.round_min_s.is_empty());
        let rounds = if recorded {
            results.machine.rounds.max(1)
        } else {
            1
        };
        let incomplete = if rounds > 1 {
            timings
                .iter()
                .filter(|t| t.round_min_s.len() != rounds)
                .count()
        } else {
            0
        };
        RoundsOfRun {
            rounds,
            recorded,
            incomplete,
            measurements: timings.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{record, results, timing};

    fn values(each: &[f64]) -> RoundValues {
        RoundValues {
            each: each.to_vec(),
            best: each.iter().copied().fold(f64::INFINITY, f64::min),
        }
    }

    #[test]
    fn a_win_must_hold_in_every_round_by_the_margin() {
        // Round by round 1.0 against 1.1, 1.2 against 1.3 (8% apart), 1.0
        // against 1.2: a win with a 3% margin, not with a 10% margin.
        let a = values(&[1.0, 1.2, 1.0]);
        let b = values(&[1.1, 1.3, 1.2]);
        assert_eq!(verdict(&a, &b, 1.03), Verdict::Wins);
        assert_eq!(verdict(&b, &a, 1.03), Verdict::Loses);
        assert_eq!(verdict(&a, &b, 1.10), Verdict::Tie);
        // Faster overall (1.0 against 1.1 best) but slower in round 2: a tie.
        let c = values(&[1.0, 1.5, 1.0]);
        assert_eq!(verdict(&c, &b, 1.03), Verdict::Tie);
    }

    #[test]
    fn rounds_are_paired_by_position_not_sorted() {
        // Each beats the other in one round: sorted lists would hide that.
        let a = values(&[1.0, 2.0]);
        let b = values(&[2.0, 1.0]);
        assert_eq!(verdict(&a, &b, 1.03), Verdict::Tie);
    }

    #[test]
    fn without_matching_rounds_the_fastest_samples_decide() {
        let mut a = timing(1.0);
        let mut b = timing(2.0);
        a.round_min_s.clear();
        assert_eq!(wins_in_every_round(&a, &b, 1.03), Verdict::Wins);
        a.round_min_s = vec![1.0, 3.0];
        b.round_min_s = vec![2.0, 2.0, 2.0];
        assert_eq!(wins_in_every_round(&a, &b, 1.03), Verdict::Wins);
        assert_eq!(wins_in_every_round(&b, &a, 1.03), Verdict::Loses);
    }

    #[test]
    fn ratios_go_round_by_round() {
        let r = RoundValues::ratio(&values(&[2.0, 3.0]), &values(&[1.0, 2.0]));
        assert_eq!(r.each, vec![2.0, 1.5]);
        assert_eq!(r.best, 2.0);
        let one = RoundValues::ratio(&values(&[2.0, 3.0]), &values(&[4.0]));
        assert_eq!((one.each, one.best), (vec![0.5], 0.5));
    }

    #[test]
    fn the_lead_is_shared_with_everyone_it_does_not_beat_in_every_round() {
        let contenders = [
            values(&[2.0, 2.0, 2.0]),
            values(&[1.0, 1.0, 1.0]),
            values(&[1.02, 1.01, 1.015]),
            values(&[3.0, 3.1, 3.2]),
        ];
        assert_eq!(lowest(&contenders, 1.03), Some(Lead::Tied(vec![1, 2])));
        assert_eq!(highest(&contenders, 1.03), Some(Lead::Alone(3)));
        assert_eq!(lowest(&contenders[..1], 1.03), Some(Lead::Alone(0)));
        assert_eq!(lowest(&[], 1.03), None);
        assert_eq!(Lead::Tied(vec![1, 2]).members(), vec![1, 2]);
    }

    #[test]
    fn a_run_counts_its_rounds_and_its_incomplete_measurements() {
        let mut r = results(vec![
            record("seq", "heavy", 1, 1, 1, 1.0),
            record("rayon", "heavy", 1, 2, 2, 1.0),
        ]);
        let of = RoundsOfRun::of(&r);
        assert_eq!((of.rounds, of.incomplete, of.measurements), (3, 0, 2));
        r.records[1].timing.round_min_s.pop();
        assert_eq!(RoundsOfRun::of(&r).incomplete, 1);
        for record in &mut r.records {
            record.timing.round_min_s.clear();
        }
        assert_eq!(RoundsOfRun::of(&r).rounds, 1, "a version 1 file");
        assert!(!RoundsOfRun::of(&r).recorded);
    }
}
