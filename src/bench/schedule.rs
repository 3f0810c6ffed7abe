//! When and how long each configuration is measured: the rounds and their
//! order, the samples of one visit, and the estimate of the time left.
//!
//! Memory bandwidth and CPU time on a shared machine come and go over
//! minutes. Measured one block per configuration, two strategies could be
//! compared minutes apart, in different weather. So the harness visits every
//! configuration once per round, in an order that changes between rounds,
//! and keeps each round's samples apart: a claim that one configuration
//! beats another can then be checked round by round.

/// The shortest sample: the mean of as many calls as fill it, so that the
/// clock's resolution and the cost of reading it do not show.
pub const MIN_SAMPLE_S: f64 = 1e-3;

/// How long one visit of a configuration warms up and samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sampling {
    /// Calls before the samples, untimed for the results: they wake the
    /// threads and fill the caches, and tell how long one call takes.
    pub warm_up_s: f64,
    /// Wall-clock time for the samples of one visit, copies and checks
    /// included.
    pub measurement_s: f64,
    /// Samples per visit when calls are short.
    pub samples: usize,
    /// Samples per visit however long a call takes.
    pub min_samples: usize,
}

/// What one visit measures after its warm-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SamplePlan {
    /// Samples to take.
    pub samples: usize,
    /// Calls per sample; a sample is their mean.
    pub calls_per_sample: u64,
}

impl Sampling {
    /// The samples of a visit, from what the warm-up saw: `call_s`, the
    /// timed part of one call; `wall_per_call_s`, one call with its untimed
    /// copy of the vector; `check_s`, one check of the answer (once per
    /// sample).
    ///
    /// A sample gets `measurement_s / samples` of the wall clock (its check
    /// included), and at least [`MIN_SAMPLE_S`] of timed calls. When one call is longer than
    /// that, each sample is one call and there are as many samples as fit
    /// in `measurement_s`, but never fewer than `min_samples`.
    ///
    /// ```
    /// use doall::bench::{BenchMode, schedule::SamplePlan};
    /// let full = BenchMode::Full.sampling();
    /// // 10 µs calls: 10 samples of 2 500 calls (25 ms each).
    /// assert_eq!(full.plan(10e-6, 10e-6, 0.0), SamplePlan { samples: 10, calls_per_sample: 2500 });
    /// // 50 ms calls plus 30 ms of copy: one call per sample, 3 samples.
    /// assert_eq!(full.plan(0.05, 0.08, 0.0), SamplePlan { samples: 3, calls_per_sample: 1 });
    /// ```
    pub fn plan(&self, call_s: f64, wall_per_call_s: f64, check_s: f64) -> SamplePlan {
        // A clock that read 0 (or nonsense) must not ask for endless calls.
        let call_s = finite_at_least(call_s, 1e-9);
        let wall_per_call_s = finite_at_least(wall_per_call_s, call_s);
        let check_s = finite_at_least(check_s, 0.0);
        let sample_wall_s = self.measurement_s / self.samples.max(1) as f64;
        let to_fill_wall = ((sample_wall_s - check_s) / wall_per_call_s).floor();
        let to_fill_min = (MIN_SAMPLE_S / call_s).ceil();
        // At most a billion calls a sample: past that, the clock says nothing.
        let calls_per_sample = to_fill_wall.max(to_fill_min).clamp(1.0, 1e9) as u64;
        let sample_s = calls_per_sample as f64 * wall_per_call_s + check_s;
        // The tolerance keeps 15 planned samples of a fifteenth each from
        // rounding down to 14.
        let fit = (self.measurement_s / sample_s * (1.0 + 1e-9)).floor();
        let samples = (fit.min(self.samples as f64) as usize).max(self.min_samples);
        SamplePlan {
            samples,
            calls_per_sample,
        }
    }

    /// A first guess at the wall time of one visit, before any was timed:
    /// on the project's 2-core machine visits took 1.2 times their warm-up
    /// and samples on average (preparing the strategy, the checks, and the
    /// largest vectors, whose samples take longer than planned).
    pub fn visit_guess_s(&self) -> f64 {
        1.2 * (self.warm_up_s + self.measurement_s)
    }
}

fn finite_at_least(x: f64, floor: f64) -> f64 {
    if x.is_finite() { x.max(floor) } else { floor }
}

/// The order in which each round visits configurations `0..groups.len()`,
/// where `groups[i]` names the cell of configuration `i` (configurations
/// whose times a claim compares: one workload at one length). Each round
/// visits one cell's configurations one after another, so a ratio of a
/// round compares visits seconds apart rather than minutes: the memory
/// bandwidth of a shared machine drifts over minutes, and two visits far
/// apart in a round would compare two machines. The cells, and the visits
/// within each, are shuffled anew every round (the same for the same
/// `seed`), and no round visits the cells in the order of the round before
/// (when there are 2 or more), so that no configuration always follows the
/// same other one.
///
/// ```
/// use doall::bench::schedule::round_orders;
/// // Five configurations in two cells: 0, 2 and 4 in one, 1 and 3 in the other.
/// let orders = round_orders(&[7, 9, 7, 9, 7], 3, 7);
/// assert_eq!(orders.len(), 3);
/// for order in &orders {
///     let mut sorted = order.clone();
///     sorted.sort();
///     assert_eq!(sorted, [0, 1, 2, 3, 4]);
///     // One cell's visits follow each other.
///     let cells: Vec<bool> = order.iter().map(|i| i % 2 == 0).collect();
///     assert!(cells.windows(2).filter(|w| w[0] != w[1]).count() == 1);
/// }
/// ```
pub fn round_orders<K: PartialEq>(groups: &[K], rounds: usize, seed: u64) -> Vec<Vec<usize>> {
    // The cells in the order they first appear, each with its members.
    let mut cells: Vec<(&K, Vec<usize>)> = Vec::new();
    for (index, key) in groups.iter().enumerate() {
        match cells.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(index),
            None => cells.push((key, vec![index])),
        }
    }
    let mut rng = SplitMix64(seed);
    let mut cell_orders: Vec<Vec<usize>> = Vec::with_capacity(rounds);
    let mut orders: Vec<Vec<usize>> = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let mut cell_order: Vec<usize> = (0..cells.len()).collect();
        shuffle(&mut cell_order, &mut rng);
        if cells.len() >= 2 && cell_orders.last() == Some(&cell_order) {
            cell_order.rotate_left(1);
        }
        let mut order = Vec::with_capacity(groups.len());
        for &cell in &cell_order {
            let mut members = cells[cell].1.clone();
            shuffle(&mut members, &mut rng);
            order.extend(members);
        }
        cell_orders.push(cell_order);
        orders.push(order);
    }
    orders
}

/// Fisher–Yates: every order equally likely (up to the tiny bias of a
/// remainder, which does not matter here).
fn shuffle(items: &mut [usize], rng: &mut SplitMix64) {
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): eight lines that give well
/// mixed 64-bit numbers from any seed. Shuffling a list needs nothing
/// stronger, and a hand-written generator keeps the order the same on every
/// machine and every version of every crate.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The time left, from the visits timed so far: a configuration that was
/// visited is expected to take as long as its visits did on average; one
/// not yet visited, as long as the average visit so far (or the mode's
/// guess before the first). Visits of one configuration differ little
/// between rounds, while configurations differ a hundredfold (a 128 MiB
/// vector against a 1 KiB one), so this is close after the first round and
/// reasonable during it, as the shuffled order samples every kind early.
#[derive(Debug, Clone)]
pub struct TimeLeft {
    /// Per configuration: total seconds of its visits and their number.
    visits: Vec<(f64, u32)>,
    guess_s: f64,
}

impl TimeLeft {
    /// No visit timed yet among `count` configurations; `guess_s` is the
    /// expected length of one visit until one has been timed.
    pub fn new(count: usize, guess_s: f64) -> TimeLeft {
        TimeLeft {
            visits: vec![(0.0, 0); count],
            guess_s,
        }
    }

    /// Records that a visit of configuration `config` took `seconds`.
    pub fn record(&mut self, config: usize, seconds: f64) {
        if let Some((total, count)) = self.visits.get_mut(config) {
            *total += seconds;
            *count += 1;
        }
    }

    /// The expected seconds of the visits still to come: `pending` are the
    /// configurations still to visit in this round, and `later_rounds` the
    /// number of rounds after it (each visits every configuration).
    ///
    /// ```
    /// use doall::bench::schedule::TimeLeft;
    /// let mut left = TimeLeft::new(3, 1.0);
    /// assert_eq!(left.seconds(&[0, 1, 2], 1), 6.0);
    /// left.record(0, 4.0);
    /// // 1 and 2 are guessed at the mean visit (4 s); 0 takes 4 s.
    /// assert_eq!(left.seconds(&[1, 2], 1), 8.0 + 12.0);
    /// ```
    pub fn seconds(&self, pending: &[usize], later_rounds: usize) -> f64 {
        let (total, count) = self
            .visits
            .iter()
            .fold((0.0, 0u32), |(t, c), &(total, count)| {
                (t + total, c + count)
            });
        let unknown = if count == 0 {
            self.guess_s
        } else {
            total / f64::from(count)
        };
        let expected = |config: usize| match self.visits.get(config) {
            Some(&(total, count)) if count > 0 => total / f64::from(count),
            _ => unknown,
        };
        let this_round: f64 = pending.iter().map(|&c| expected(c)).sum();
        let every_round: f64 = (0..self.visits.len()).map(expected).sum();
        this_round + later_rounds as f64 * every_round
    }
}

/// A time left as people say it: `about 40 s left`, `about 3 min left`,
/// `about 1 h 05 min left`; `done` when nothing is left. Seconds are rounded
/// up to tens, minutes to the nearest.
///
/// ```
/// use doall::bench::schedule::time_left_text;
/// assert_eq!(time_left_text(0.0), "done");
/// assert_eq!(time_left_text(31.0), "about 40 s left");
/// assert_eq!(time_left_text(151.0), "about 3 min left");
/// assert_eq!(time_left_text(3900.0), "about 1 h 05 min left");
/// ```
pub fn time_left_text(seconds: f64) -> String {
    if !seconds.is_finite() || seconds <= 0.0 {
        return "done".to_owned();
    }
    if seconds < 90.0 {
        let tens = (seconds / 10.0).ceil().max(1.0) * 10.0;
        return format!("about {tens:.0} s left");
    }
    let minutes = (seconds / 60.0).round() as u64;
    if minutes < 60 {
        format!("about {minutes} min left")
    } else {
        format!("about {} h {:02} min left", minutes / 60, minutes % 60)
    }
}

/// The line printed after each visit: its number among all visits, its
/// round, the benchmark's name, what it measured and the time left.
///
/// ```
/// use doall::bench::schedule::progress_line;
/// assert_eq!(
///     progress_line(37, 570, (1, 3), "heavy/rayon/t=2/c=2/4096", "12.3 µs", "about 3 min left"),
///     "[ 37/570] round 1/3  heavy/rayon/t=2/c=2/4096            12.3 µs  · about 3 min left"
/// );
/// ```
pub fn progress_line(
    done: usize,
    total: usize,
    (round, rounds): (usize, usize),
    id: &str,
    result: &str,
    time_left: &str,
) -> String {
    let width = total.to_string().len();
    // Names fit in 34 columns up to 16 threads; padding them lines the
    // results up.
    format!("[{done:>width$}/{total}] round {round}/{rounds}  {id:<34}  {result}  · {time_left}")
}

/// A total duration for the start and end lines: `52 s`, `6 min 10 s`.
///
/// ```
/// use doall::bench::schedule::elapsed_text;
/// assert_eq!(elapsed_text(52.4), "52 s");
/// assert_eq!(elapsed_text(370.0), "6 min 10 s");
/// ```
pub fn elapsed_text(seconds: f64) -> String {
    let whole = if seconds.is_finite() {
        seconds.max(0.0).round() as u64
    } else {
        0
    };
    if whole < 60 {
        format!("{whole} s")
    } else {
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sampling() -> Sampling {
        Sampling {
            warm_up_s: 0.05,
            measurement_s: 0.4,
            samples: 15,
            min_samples: 5,
        }
    }

    #[test]
    fn short_calls_fill_samples_of_the_planned_length() {
        let plan = sampling().plan(1e-6, 1.2e-6, 1e-6);
        assert_eq!(plan.samples, 15);
        // 26.7 ms per sample less 1 µs of check, in 1.2 µs calls: 22 221.
        assert_eq!(plan.calls_per_sample, 22_221);
    }

    #[test]
    fn a_sample_is_at_least_a_millisecond_of_calls() {
        let s = Sampling {
            measurement_s: 0.001,
            samples: 10,
            ..sampling()
        };
        let plan = s.plan(1e-6, 1e-6, 0.0);
        let sample_s = plan.calls_per_sample as f64 * 1e-6;
        assert!((1e-3..1.01e-3).contains(&sample_s), "{plan:?}");
        assert_eq!(plan.samples, 5, "never fewer than min_samples");
    }

    #[test]
    fn long_calls_take_fewer_samples_but_never_too_few() {
        // 20 ms call, 15 ms copy, 10 ms check: 45 ms a sample, 8 fit in 0.4 s.
        assert_eq!(
            sampling().plan(0.02, 0.035, 0.01),
            SamplePlan {
                samples: 8,
                calls_per_sample: 1
            }
        );
        // A 2 s call still gets min_samples.
        assert_eq!(sampling().plan(2.0, 2.0, 0.0).samples, 5);
    }

    #[test]
    fn nonsense_clock_readings_stay_bounded() {
        for (call, wall) in [(0.0, 0.0), (f64::NAN, f64::NAN), (-1.0, f64::INFINITY)] {
            let plan = sampling().plan(call, wall, f64::NAN);
            assert!(plan.calls_per_sample >= 1 && plan.calls_per_sample <= 1_000_000_000);
            assert!((5..=15).contains(&plan.samples));
        }
    }

    #[test]
    fn every_round_visits_everything_once_in_a_new_order() {
        let alone: Vec<usize> = (0..190).collect();
        let orders = round_orders(&alone, 3, 1);
        for order in &orders {
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, alone);
        }
        assert_ne!(orders[0], orders[1]);
        assert_ne!(orders[1], orders[2]);
        assert_eq!(
            orders,
            round_orders(&alone, 3, 1),
            "the same seed, the same order"
        );
        // Two configurations: every round swaps them.
        let two = round_orders(&[0, 1], 4, 9);
        assert!(two.windows(2).all(|w| w[0] != w[1]), "{two:?}");
        assert_eq!(round_orders(&[0], 2, 0), [[0], [0]]);
        assert_eq!(
            round_orders::<usize>(&[], 2, 0),
            [Vec::<usize>::new(), Vec::new()]
        );
    }

    #[test]
    fn a_cells_visits_follow_each_other_in_a_new_order_every_round() {
        // 12 cells of 8 configurations, listed interleaved as a matrix lists them.
        let cells: Vec<usize> = (0..96).map(|i| i % 12).collect();
        let orders = round_orders(&cells, 4, 3);
        for order in &orders {
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..96).collect::<Vec<_>>());
            let visited: Vec<usize> = order.iter().map(|&i| cells[i]).collect();
            let changes = visited.windows(2).filter(|w| w[0] != w[1]).count();
            assert_eq!(changes, 11, "one run of visits per cell: {visited:?}");
        }
        let firsts: Vec<Vec<usize>> = orders.iter().map(|o| o[..8].to_vec()).collect();
        assert!(
            firsts.windows(2).all(|w| w[0] != w[1]),
            "each round starts differently: {firsts:?}"
        );
    }

    #[test]
    fn splitmix64_matches_the_reference() {
        // The first outputs for seed 1234567 of the reference C code
        // (https://prng.di.unimi.it/splitmix64.c).
        let mut rng = SplitMix64(1234567);
        assert_eq!(rng.next(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn time_left_uses_each_configurations_own_visits() {
        let mut left = TimeLeft::new(4, 0.5);
        assert_eq!(left.seconds(&[], 0), 0.0);
        assert_eq!(left.seconds(&[0, 1, 2, 3], 2), 6.0);
        left.record(0, 10.0);
        left.record(1, 2.0);
        // Unvisited 2 and 3 are guessed at the mean visit, 6 s.
        assert_eq!(left.seconds(&[2, 3], 0), 12.0);
        // A round is 10 + 2 + 6 + 6.
        assert_eq!(left.seconds(&[2, 3], 1), 12.0 + 24.0);
        left.record(0, 20.0);
        assert_eq!(left.seconds(&[0], 0), 15.0);
        left.record(99, 1.0); // out of range: ignored
    }

    #[test]
    fn times_left_read_naturally() {
        assert_eq!(time_left_text(-1.0), "done");
        assert_eq!(time_left_text(f64::NAN), "done");
        assert_eq!(time_left_text(0.2), "about 10 s left");
        assert_eq!(time_left_text(89.0), "about 90 s left");
        assert_eq!(time_left_text(90.0), "about 2 min left");
        assert_eq!(time_left_text(599.0), "about 10 min left");
        assert_eq!(time_left_text(7200.0), "about 2 h 00 min left");
        assert_eq!(elapsed_text(0.4), "0 s");
        assert_eq!(elapsed_text(59.6), "1 min 00 s");
        assert_eq!(elapsed_text(f64::NAN), "0 s");
    }
}
