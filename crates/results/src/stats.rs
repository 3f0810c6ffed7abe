//! The statistics of a set of timed samples, in one place: the median, its
//! confidence interval and the fastest sample.

use crate::Timing;

/// The median of a sorted, non-empty slice (the mean of the middle two for
/// an even length).
///
/// ```
/// assert_eq!(doall_results::stats::median_of_sorted(&[1.0, 2.0, 4.0, 9.0]), 3.0);
/// ```
pub fn median_of_sorted(sorted: &[f64]) -> f64 {
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

/// Median, its 95% confidence interval and the minimum of per-call times.
///
/// The interval is distribution-free: the order statistics at ranks
/// `n/2 ∓ 0.98·√n` (from the binomial distribution of how many samples fall
/// below the true median), so one outlier cannot move it far.
pub fn timing_from_samples(samples: &[f64]) -> Option<Timing> {
    let mut sorted: Vec<f64> = samples
        .iter()
        .copied()
        .filter(|s| s.is_finite() && *s > 0.0)
        .collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = median_of_sorted(&sorted);
    let half_width = 0.98 * (n as f64).sqrt();
    let lower_rank = ((n as f64 / 2.0 - half_width).floor().max(0.0)) as usize;
    let upper_rank = ((n as f64 / 2.0 + half_width).ceil() as usize).min(n - 1);
    Some(Timing {
        median_s: median,
        lower_s: sorted[lower_rank].min(median),
        upper_s: sorted[upper_rank].max(median),
        min_s: sorted[0],
        samples: n,
        round_min_s: vec![sorted[0]],
    })
}

/// [`timing_from_samples`] over the samples of several rounds pooled, with
/// each round's fastest sample kept in [`Timing::round_min_s`] (a round
/// without a usable sample is left out). `None` if no round has one.
///
/// ```
/// let t = doall_results::stats::timing_from_rounds(&[vec![3.0, 2.0], vec![], vec![1.0, 4.0]]).unwrap();
/// assert_eq!((t.min_s, t.samples), (1.0, 4));
/// assert_eq!(t.round_min_s, [2.0, 1.0]);
/// ```
pub fn timing_from_rounds(rounds: &[Vec<f64>]) -> Option<Timing> {
    let pooled: Vec<f64> = rounds.iter().flatten().copied().collect();
    let mut timing = timing_from_samples(&pooled)?;
    timing.round_min_s = rounds
        .iter()
        .filter_map(|round| timing_from_samples(round).map(|t| t.min_s))
        .collect();
    Some(timing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_odd_and_even() {
        assert_eq!(median_of_sorted(&[1.0]), 1.0);
        assert_eq!(median_of_sorted(&[1.0, 2.0, 9.0]), 2.0);
        assert_eq!(median_of_sorted(&[1.0, 2.0, 4.0, 9.0]), 3.0);
    }

    #[test]
    fn timing_statistics() {
        let samples: Vec<f64> = (1..=20).map(f64::from).collect();
        let t = timing_from_samples(&samples).expect("samples");
        assert_eq!(t.median_s, 10.5);
        assert_eq!(t.min_s, 1.0);
        assert_eq!(t.samples, 20);
        // ranks 10 -/+ 4.38: sorted[5] = 6 and sorted[15] = 16.
        assert_eq!((t.lower_s, t.upper_s), (6.0, 16.0));
        let one = timing_from_samples(&[2.0]).expect("one sample");
        assert_eq!((one.lower_s, one.median_s, one.upper_s), (2.0, 2.0, 2.0));
        assert!(timing_from_samples(&[]).is_none());
        assert!(timing_from_samples(&[f64::NAN, 0.0]).is_none());
    }
}
