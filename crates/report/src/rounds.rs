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

    /// The lowest of `members` round by round, and the lowest best: the
    /// best member of a group in each round, for a claim about the group
    /// ("the best of them") that no single member's slow round can flip.
    /// Without the same rounds for every member, the best values alone.
    pub(crate) fn lowest_of(members: &[RoundValues]) -> RoundValues {
        let rounds = members.first().map_or(0, |m| m.each.len());
        let complete = members.iter().all(|m| m.each.len() == rounds);
        RoundValues {
            each: if complete {
                (0..rounds)
                    .map(|i| {
                        members
                            .iter()
                            .map(|m| m.each[i])
                            .fold(f64::INFINITY, f64::min)
                    })
                    .collect()
            } else {
                Vec::new()
            },
            best: members.iter().map(|m| m.best).fold(f64::INFINITY, f64::min),
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
///
/// Every round is not quite enough on its own: three rounds that are 7%,
/// 17% and 29% apart clear a 6% margin, yet a second run of the same
/// configurations may well find a round 4% apart, and say the opposite.
/// So the rounds must also agree: the lower 95% confidence bound of the
/// ratio's geometric mean over the rounds (a one-sided paired t bound on
/// the logarithms) must clear the margin too. A round ahead by more than
/// the margin twice over counts as ahead by exactly that much: how far
/// beyond it lies says nothing against the lead, so a round 100 times
/// ahead must not widen the bound. Rounds that all clear the margin twice
/// over, or agree closely, change nothing; rounds that scatter just above
/// the margin ask for a wider lead.
pub(crate) fn verdict(a: &RoundValues, b: &RoundValues, margin: f64) -> Verdict {
    verdict_among(a, b, margin, 1)
}

/// [`verdict`] for one of `comparisons` pairs that one claim rests on. A
/// claim that asks many pairs ("no other is ahead of this one", "this one
/// is ahead of every other") would, at 95% each, find some pair apart by
/// chance far more often than one time in twenty; so each pair's bound is
/// taken so that the claim holds at 95% (Bonferroni: one-sided
/// 1 − 0.05 ÷ `comparisons`). The every-round rule
/// is unchanged, and rounds that clear the margin twice over, or agree
/// closely, still decide whatever the number of pairs.
pub(crate) fn verdict_among(
    a: &RoundValues,
    b: &RoundValues,
    margin: f64,
    comparisons: usize,
) -> Verdict {
    let rounds = paired(a, b);
    let faster: Vec<f64> = rounds.iter().map(|(a, b)| b / a).collect();
    let slower: Vec<f64> = rounds.iter().map(|(a, b)| a / b).collect();
    if clears(&faster, margin, comparisons) {
        Verdict::Wins
    } else if clears(&slower, margin, comparisons) {
        Verdict::Loses
    } else {
        Verdict::Tie
    }
}

/// Whether every ratio exceeds `margin` and so does the lower bound of
/// their geometric mean, at 95% over `comparisons` (see [`verdict`] and
/// [`verdict_among`]).
fn clears(ratios: &[f64], margin: f64, comparisons: usize) -> bool {
    if !ratios.iter().all(|r| *r > margin) {
        return false;
    }
    let Some(t) = t_bound(ratios.len().saturating_sub(1), comparisons) else {
        return true;
    };
    let twice_over = margin.ln() * 2.0;
    let logs: Vec<f64> = ratios.iter().map(|r| r.ln().min(twice_over)).collect();
    let n = logs.len() as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let variance = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean - t * (variance / n).sqrt()).exp() > margin
}

/// Student's t at one-sided 95% over `comparisons` (1 − 0.05 ÷
/// `comparisons`) for `freedom` degrees of freedom; `None` for none (one
/// round: no spread to judge, every round is the rule). Three rounds give
/// 2.92 for one pair and 6.21 for four.
fn t_bound(freedom: usize, comparisons: usize) -> Option<f64> {
    (freedom > 0).then(|| {
        let level = 1.0 - 0.05 / comparisons.max(1) as f64;
        distrs::StudentsT::ppf(level, freedom as f64)
    })
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
    /// These cannot be told apart: none of them is ahead of another in
    /// every round. They are listed in the contenders' order (the registry's),
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

/// Which of `contenders` is lowest (the fastest): those that no other
/// contender beats in every round (see [`verdict`]), in the contenders'
/// order; alone when that is one contender that beats every other. `None`
/// for no contenders.
///
/// The set does not hang on one anchor. "Tied with the fastest sample"
/// would let one lucky round of one contender decide who is tied, and a
/// second run would name a different set; "nobody is clearly ahead of it"
/// asks every pair the same question, each held to the bound of
/// [`verdict_among`] over the pairs a contender is judged on.
pub(crate) fn lowest(contenders: &[RoundValues], margin: f64) -> Option<Lead> {
    lead(contenders, margin, Verdict::Wins)
}

/// Which of `contenders` is highest (the slowest), like [`lowest`]: those
/// that no other is clearly behind.
pub(crate) fn highest(contenders: &[RoundValues], margin: f64) -> Option<Lead> {
    lead(contenders, margin, Verdict::Loses)
}

/// The best and the worst of `contenders` (lower is better), like
/// [`lowest`] and [`highest`]. When one contender is both among the best
/// and among the worst (no other is ahead of it, and it is ahead of no
/// other, in every round), the worst are not named: "a ties for fastest
/// and for slowest" says nothing a reader can use, while the best still
/// are those no other is ahead of, as the time section says of the same
/// times. `None` for no contenders.
pub(crate) fn best_and_worst(
    contenders: &[RoundValues],
    margin: f64,
) -> Option<(Lead, Option<Lead>)> {
    let best = lowest(contenders, margin)?;
    let worst = highest(contenders, margin)?;
    let shared = worst.members().iter().any(|m| best.members().contains(m));
    Some((best, (!shared).then_some(worst)))
}

/// The contenders that no other one is `ahead` of by [`verdict`]: `Wins`
/// for the lowest, `Loses` for the highest.
fn lead(contenders: &[RoundValues], margin: f64, ahead: Verdict) -> Option<Lead> {
    // Each contender is kept or dropped on its pairs with all the others.
    let others = contenders.len().saturating_sub(1);
    let ahead_of =
        |a: usize, b: usize| verdict_among(&contenders[a], &contenders[b], margin, others) == ahead;
    let all = 0..contenders.len();
    let members: Vec<usize> = all
        .clone()
        .filter(|&m| !all.clone().any(|other| other != m && ahead_of(other, m)))
        .collect();
    match members.as_slice() {
        [] => None,
        [one]
            if all
                .clone()
                .all(|other| other == *one || ahead_of(*one, other)) =>
        {
            Some(Lead::Alone(*one))
        }
        // No one is ahead of this one, but it is not ahead of everyone: one
        // it does not beat is behind a third. It ties with those it does not
        // beat.
        [one] => Some(Lead::Tied(
            all.clone()
                .filter(|&other| other == *one || !ahead_of(*one, other))
                .collect(),
        )),
        _ => Some(Lead::Tied(members)),
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
    fn the_lowest_of_a_group_is_taken_round_by_round() {
        let group = [values(&[1.0, 3.0, 2.0]), values(&[2.0, 1.5, 2.5])];
        let lowest = RoundValues::lowest_of(&group);
        assert_eq!((lowest.each, lowest.best), (vec![1.0, 1.5, 2.0], 1.0));
        // A member without the same rounds leaves the best values alone.
        let ragged = RoundValues::lowest_of(&[values(&[1.0, 3.0]), values(&[2.0])]);
        assert_eq!((ragged.each, ragged.best), (Vec::new(), 1.0));
    }

    #[test]
    fn a_win_must_hold_in_every_round_by_the_margin() {
        // Round by round 1.0 against 1.1, 1.2 against 1.3 (8% apart), 1.0
        // against 1.1: a win with a 3% margin, not with a 10% margin.
        let a = values(&[1.0, 1.2, 1.0]);
        let b = values(&[1.1, 1.3, 1.1]);
        assert_eq!(verdict(&a, &b, 1.03), Verdict::Wins);
        assert_eq!(verdict(&b, &a, 1.03), Verdict::Loses);
        assert_eq!(verdict(&a, &b, 1.10), Verdict::Tie);
        // Faster overall (1.0 against 1.1 best) but slower in round 2: a tie.
        let c = values(&[1.0, 1.5, 1.0]);
        assert_eq!(verdict(&c, &b, 1.03), Verdict::Tie);
    }

    #[test]
    fn rounds_that_scatter_ask_for_a_wider_lead() {
        // 7%, 17% and 29% apart: every round clears 6%, but the rounds
        // disagree so much that the lower bound of their mean does not.
        let a = values(&[1.0, 1.0, 1.0]);
        let scattered = values(&[1.07, 1.17, 1.29]);
        assert_eq!(verdict(&a, &scattered, 1.06), Verdict::Tie);
        // 7%, 8% and 7% apart: the rounds agree, the lead holds.
        let close = values(&[1.07, 1.08, 1.07]);
        assert_eq!(verdict(&a, &close, 1.06), Verdict::Wins);
        // Ahead in every round, one of them 100 times: the far round does
        // not count against the lead.
        let far = values(&[4.5, 4.6, 100.0]);
        assert_eq!(verdict(&a, &far, 1.06), Verdict::Wins);
        // One round: nothing to scatter, every round is the rule.
        assert_eq!(
            verdict(&values(&[1.0]), &values(&[1.07]), 1.06),
            Verdict::Wins
        );
    }

    #[test]
    fn t_bounds_follow_the_table_and_widen_with_the_pairs() {
        let near = |x: Option<f64>, y: f64| x.is_some_and(|x| (x - y).abs() < 0.01);
        assert_eq!(t_bound(0, 1), None, "one round: every round is the rule");
        // One-sided 95%: 6.314, 2.920, 2.353 for 1 to 3 degrees of freedom.
        assert!(near(t_bound(1, 1), 6.314));
        assert!(near(t_bound(2, 1), 2.920));
        assert!(near(t_bound(3, 1), 2.353));
        // Three rounds, four pairs: 98.75% one-sided, 6.205.
        assert!(near(t_bound(2, 4), 6.205));
    }

    #[test]
    fn among_many_a_lead_asks_for_rounds_that_agree_more() {
        // 9%, 15% and 35% apart: against one other this is a lead (its
        // bound clears 6%), but as one of four pairs it is within noise.
        let a = values(&[1.0, 1.0, 1.0]);
        let b = values(&[1.09, 1.153, 1.352]);
        assert_eq!(verdict(&a, &b, 1.06), Verdict::Wins);
        assert_eq!(verdict_among(&a, &b, 1.06, 4), Verdict::Tie);
        // Far apart in every round: a lead among any number of pairs.
        let far = values(&[1.5, 1.6, 1.55]);
        assert_eq!(verdict_among(&a, &far, 1.06, 12), Verdict::Wins);
        // So b stays among the fastest of five.
        let equal = values(&[1.02, 1.05, 1.12]);
        let five = [a, equal.clone(), equal.clone(), equal, b];
        assert_eq!(lowest(&five, 1.06), Some(Lead::Tied(vec![0, 1, 2, 3, 4])));
    }

    #[test]
    fn the_fastest_are_those_no_other_is_ahead_of() {
        // b won one round against a, a won the others; c is behind both in
        // every round. a's fastest sample is the best, yet a and b tie and c
        // is out: it does not depend on whose sample was luckiest.
        let a = values(&[1.0, 1.0, 1.0]);
        let b = values(&[1.02, 0.99, 1.01]);
        let c = values(&[1.2, 1.2, 1.21]);
        let all = [a.clone(), b.clone(), c.clone()];
        assert_eq!(lowest(&all, 1.06), Some(Lead::Tied(vec![0, 1])));
        assert_eq!(highest(&all, 1.06), Some(Lead::Alone(2)));
        assert_eq!(lowest(&[a, c], 1.06), Some(Lead::Alone(0)));
        assert_eq!(lowest(&[], 1.06), None);
    }

    #[test]
    fn one_among_the_best_and_the_worst_leaves_the_worst_unnamed() {
        // a beats c in every round; b ties with both (slow in round 3 only).
        let a = values(&[1.0, 1.0, 1.0]);
        let b = values(&[1.0, 1.0, 1.5]);
        let c = values(&[1.2, 1.2, 1.2]);
        let all = [a, b, c];
        assert_eq!(highest(&all, 1.06), Some(Lead::Tied(vec![1, 2])));
        assert_eq!(
            best_and_worst(&all, 1.06),
            Some((Lead::Tied(vec![0, 1]), None)),
            "the best are still those no one is ahead of, not everyone"
        );
        // Without b the order holds both ways.
        let two = [all[0].clone(), all[2].clone()];
        assert_eq!(
            best_and_worst(&two, 1.06),
            Some((Lead::Alone(0), Some(Lead::Alone(1))))
        );
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
