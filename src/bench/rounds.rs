//! The interleaved rounds of `cargo bench`: each round visits every
//! configuration once, in a shuffled order that changes from round to round,
//! so that a slow spell of a shared machine falls on all configurations
//! alike and a comparison can be checked round by round. Within a round the
//! configurations a claim compares (one workload at one length: its
//! [`Config::cell`]) are visited one after another, so that the comparison
//! is between visits seconds apart ([`round_orders`]). One line per visit
//! says what it measured and how long the run has left.

use std::time::Instant;

use doall_report::format::duration;
use doall_results::{ThreadsUsed, words::noun};

use super::{
    matrix::{Config, Subject},
    peer::Peer,
    schedule::{Sampling, TimeLeft, elapsed_text, progress_line, round_orders, time_left_text},
    target::{InPeer, InProcess, Target, Vectors},
    visit::{Visit, visit},
};
use crate::{Error, bandwidth::gb_per_s};

/// The seed of the round orders ("doall" in ASCII): fixed, so that two runs
/// (say, on 1 and on 2 cores) visit the configurations in the same order.
const ORDER_SEED: u64 = 0x0064_6f61_6c6c;

/// What the rounds measured of one configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The samples of each round (outer: round).
    pub samples: Vec<Vec<f64>>,
    /// The threads used in every probed call of every round.
    pub threads_used: Vec<usize>,
}

/// Every configuration once per round, in each round's order; a peer's
/// configurations are visited in their running peer, among `peers`.
/// Returns what each configuration measured, in the order of `configs`.
pub fn measure_rounds(
    configs: &[Config],
    sampling: Sampling,
    rounds: usize,
    quiet: bool,
    peers: &mut [Peer],
) -> Result<Vec<Measured>, Error> {
    let clock = Instant::now();
    let mut vectors = Vectors::new(configs)?;
    let mut scratch = std::mem::take(&mut vectors.scratch);
    let cells: Vec<_> = configs.iter().map(Config::cell).collect();
    let orders = round_orders(&cells, rounds, ORDER_SEED);
    let mut measured: Vec<Measured> = (0..configs.len())
        .map(|_| Measured {
            samples: vec![Vec::new(); rounds],
            threads_used: Vec::new(),
        })
        .collect();
    let mut time_left = TimeLeft::new(configs.len(), sampling.visit_guess_s());
    let every: Vec<usize> = (0..configs.len()).collect();
    println!(
        "doall bench: {} × {} = {} visits, {}",
        counted(configs.len(), "configuration"),
        counted(rounds, "round"),
        configs.len() * rounds,
        time_left_text(time_left.seconds(&every, rounds.saturating_sub(1)))
    );
    if !quiet {
        println!(
            "doall bench: a line per visit: its fastest sample (time per call), then the time left"
        );
    }
    let mut done = 0;
    for (round, order) in orders.iter().enumerate() {
        for (position, &index) in order.iter().enumerate() {
            let config = &configs[index];
            let visit_start = Instant::now();
            // The session ends with the visit: a pool shuts down before the
            // next visit starts its own.
            let target = Target::new(config, &vectors);
            let gap = config.idle_gap;
            let peer = match config.subject {
                Subject::Peer { call, .. } => peers
                    .iter_mut()
                    .find(|peer| peer.kind == call.peer)
                    .map(|peer| (peer, call)),
                _ => None,
            };
            let visit = match peer {
                Some((peer, call)) => visit(&mut InPeer::new(peer, &target, call), &sampling, gap)?,
                None => target.session(&mut scratch, |session| {
                    visit(
                        &mut InProcess {
                            target: &target,
                            session,
                        },
                        &sampling,
                        gap,
                    )
                })?,
            };
            time_left.record(index, visit_start.elapsed().as_secs_f64());
            done += 1;
            if !quiet {
                let left = time_left.seconds(&order[position + 1..], rounds - round - 1);
                println!(
                    "{}",
                    progress_line(
                        done,
                        configs.len() * rounds,
                        (round + 1, rounds),
                        &config.id,
                        &visit_result(config, &visit),
                        &time_left_text(left)
                    )
                );
            }
            measured[index].samples[round] = visit.samples;
            measured[index].threads_used.extend(visit.threads_used);
        }
    }
    println!(
        "doall bench: measured {done} visits in {}",
        elapsed_text(clock.elapsed().as_secs_f64())
    );
    Ok(measured)
}

/// What a progress line says a visit measured: its fastest sample, the
/// bandwidth it means for the ceiling, the mean threads used.
fn visit_result(config: &Config, visit: &Visit) -> String {
    let fastest = visit.samples.iter().copied().fold(f64::INFINITY, f64::min);
    let mut result = duration(fastest);
    if let Subject::Bandwidth { .. } = config.subject {
        result += &format!(", {:.1} GB/s", gb_per_s(config.len, fastest));
    }
    // Only the mean is shown, so the threads a call had do not matter.
    if let Some(used) = ThreadsUsed::from_counts(&visit.threads_used, 1) {
        result += &format!(" on {:.1} threads", used.mean);
    }
    result
}

/// `1 round`, `3 rounds`.
fn counted(n: usize, word: &str) -> String {
    format!("{n} {}", noun(n, word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::{BenchMode, matrix::matrix};

    #[test]
    fn counts_read_naturally() {
        assert_eq!(counted(1, "round"), "1 round");
        assert_eq!(counted(3, "round"), "3 rounds");
        assert_eq!(counted(0, "configuration"), "0 configurations");
    }

    #[test]
    fn a_visits_result_is_its_fastest_sample_with_what_it_means() {
        let configs = matrix(BenchMode::Quick, &[2], None).expect("valid");
        let find = |prefix: &str| {
            configs
                .iter()
                .find(|c| c.id.starts_with(prefix))
                .expect(prefix)
        };
        let visit = |samples: &[f64], threads_used: &[usize]| Visit {
            samples: samples.to_vec(),
            threads_used: threads_used.to_vec(),
        };
        let seq = find("light/seq/");
        assert_eq!(
            visit_result(seq, &visit(&[3e-3, 2e-3], &[])),
            duration(2e-3)
        );
        let rayon = find("heavy/rayon/t=2/");
        assert_eq!(
            visit_result(rayon, &visit(&[2e-3], &[2, 1])),
            format!("{} on 1.5 threads", duration(2e-3))
        );
        let ceiling = find("bandwidth/");
        let seconds = 16.0 * ceiling.len as f64 / 10e9;
        assert_eq!(
            visit_result(ceiling, &visit(&[seconds], &[])),
            format!("{}, 10.0 GB/s", duration(seconds))
        );
    }
}
