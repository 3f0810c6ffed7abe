//! The model beside the measurements: each strategy's predicted speedup
//! against length (`analysis::model`, from three measured constants) drawn
//! with its measured points, one chart per workload, at the threads of the
//! time section; the predicted crossover against the measured one; and the
//! points more than 20% off the model in every round, with the likely
//! reason.
//!
//! The findings are worded so that a second run of the same machine says
//! the same: they summarise (the length from which the model holds, how
//! many points are off) and leave the points themselves to the table.

mod chart;
mod constants;
mod html;
#[cfg(test)]
mod tests;

pub(crate) use html::section;

use crate::{
    analysis::{
        Crossover, Run, few_threads, is_noisy,
        model::{Fit, Model, OFF_MODEL, balance, fit, flops_per_element, model},
    },
    format::{count, percent, plural},
    rounds::RoundValues,
};

use super::time;

/// The baseline's time per element at a length, above its best by more
/// than this fraction, says that the vector has left the fastest caches:
/// the baseline's own calls are slowed by memory. (Its shortest calls are
/// slowed by a few percent too, by the call itself.)
const SLOWED: f64 = 0.15;

/// Why a measured point is off the model, as far as the run can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    /// Its calls ran on fewer than 90% of their threads.
    DidNotFork,
    /// Below the model on a memory-bound workload, at a length where the
    /// baseline itself runs slower per element than at its best, which
    /// the roofline does not count: the threads share caches and memory.
    Memory,
    /// Below the model: a call here costs more than the overhead section's.
    DearerCall,
    /// Above the model: a call here costs less than the overhead section's.
    CheaperCall,
}

impl Reason {
    /// The likely reason in words, for the table.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Reason::DidNotFork => "its calls ran on fewer than 90% of their threads",
            Reason::Memory => {
                "memory-bound work from beyond the fastest caches (seq slows down here too): \
                 the threads share the caches and the memory bus, which the roofline counts \
                 only from the ceiling's length"
            }
            Reason::DearerCall => {
                "a call costs more here than the overhead section's back-to-back calls"
            }
            Reason::CheaperCall => {
                "a call costs less here than the overhead section measured: o is not a constant"
            }
        }
    }
}

/// One measured speedup beside its prediction.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ModelPoint {
    /// The length.
    pub(crate) len: usize,
    /// The measured speedup: the baseline's fastest time over the
    /// strategy's.
    pub(crate) measured: f64,
    /// The model's speedup.
    pub(crate) predicted: f64,
    /// How the rounds compare with the prediction.
    pub(crate) fit: Fit,
    /// Why it is off, if it is.
    pub(crate) reason: Option<Reason>,
    /// The strategy's or its baseline's measurement is noisy.
    pub(crate) noisy: bool,
    /// Its calls ran on well under their threads.
    pub(crate) few_threads: bool,
}

/// One strategy's model and measurements on a workload.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ModelLine {
    /// The strategy.
    pub(crate) strategy: String,
    /// Its baseline: seq, or go-seq for go.
    pub(crate) baseline: String,
    /// Its model.
    pub(crate) model: Model,
    /// Its measured points, ascending by length.
    pub(crate) points: Vec<ModelPoint>,
    /// Its crossover as the time section measured it.
    pub(crate) crossover: Crossover,
}

/// What the model section shows of one workload.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ModelView {
    /// The workload.
    pub(crate) workload: String,
    /// The threads (and chunks) of the parallel strategies.
    pub(crate) threads: usize,
    /// Every length measured on the workload.
    pub(crate) lens: Vec<usize>,
    /// Each strategy whose three constants were measured.
    pub(crate) lines: Vec<ModelLine>,
    /// seq's time per element.
    pub(crate) t_seq: Option<f64>,
    /// The machine's balance at the threads, flops per byte.
    pub(crate) balance: Option<f64>,
}

/// The model of `workload` at the time section's threads; `None` if no
/// strategy has its three constants (a run without overhead records).
pub(crate) fn view(run: &Run<'_>, workload: &str) -> Option<ModelView> {
    let time = time::view(run, workload)?;
    let threads = time.threads;
    let memory_bound = is_memory_bound(run, workload, threads);
    let lines: Vec<ModelLine> = time
        .lines
        .iter()
        .filter_map(|line| {
            let model = model(run, &line.strategy, workload, threads)?;
            let points = time
                .lens
                .iter()
                .filter_map(|&len| {
                    let record = run.record(&line.strategy, workload, len, threads, threads)?;
                    let baseline = run.baseline_record(&line.strategy, workload, len)?;
                    let predicted = model.speedup(len);
                    let fit = fit(
                        &RoundValues::of(&baseline.timing),
                        &RoundValues::of(&record.timing),
                        predicted,
                    );
                    let few = few_threads(record.threads_used, threads);
                    let per_element = baseline.timing.min_s / len as f64;
                    let from_memory =
                        memory_bound && per_element > model.t_element * (1.0 + SLOWED);
                    Some(ModelPoint {
                        len,
                        measured: baseline.timing.min_s / record.timing.min_s,
                        predicted,
                        fit,
                        reason: reason(fit, few, from_memory),
                        noisy: is_noisy(&record.timing) || is_noisy(&baseline.timing),
                        few_threads: few,
                    })
                })
                .collect();
            Some(ModelLine {
                strategy: line.strategy.clone(),
                baseline: line.baseline.clone(),
                model,
                points,
                crossover: line.crossover,
            })
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    Some(ModelView {
        workload: workload.to_owned(),
        threads,
        lens: time.lens,
        lines,
        t_seq: crate::analysis::model::t_element(run, crate::analysis::BASELINE, workload),
        balance: balance(run, threads),
    })
}

/// Whether `workload` does fewer flops per byte than the machine's balance.
fn is_memory_bound(run: &Run<'_>, workload: &str, threads: usize) -> bool {
    match (flops_per_element(workload), balance(run, threads)) {
        (Some(flops), Some(balance)) => flops / crate::analysis::BYTES_PER_ELEMENT < balance,
        _ => false,
    }
}

/// The likely reason a point is off, by a fixed rule: threads first, then
/// memory (a memory-bound workload whose baseline slowed down at this
/// length), then the overhead.
fn reason(fit: Fit, few_threads: bool, from_memory: bool) -> Option<Reason> {
    match fit {
        Fit::Holds => None,
        _ if few_threads => Some(Reason::DidNotFork),
        Fit::Below if from_memory => Some(Reason::Memory),
        Fit::Below => Some(Reason::DearerCall),
        Fit::Above => Some(Reason::CheaperCall),
    }
}

impl ModelView {
    /// Every point off the model, with its strategy.
    pub(crate) fn off(&self) -> Vec<(&str, &ModelPoint)> {
        self.lines
            .iter()
            .flat_map(|l| l.points.iter().map(move |p| (l.strategy.as_str(), p)))
            .filter(|(_, p)| p.fit != Fit::Holds)
            .collect()
    }

    /// The smallest length from which no strategy's point is off the
    /// model; `None` if one is off at the largest length.
    pub(crate) fn holds_from(&self) -> Option<usize> {
        let off = self.off();
        self.lens
            .iter()
            .copied()
            .filter(|&len| !off.iter().any(|(_, p)| p.len >= len))
            .min()
    }
}

/// Whether the predicted crossover lies where the measured one does: above
/// the largest length the baseline won and at or below the smallest of the
/// winning tail (beyond the lengths measured for no winning tail).
pub(crate) fn crossover_agrees(line: &ModelLine, largest: usize) -> Option<bool> {
    let predicted = line.model.crossover()?;
    let (above, up_to) = line.crossover.interval()?;
    Some(
        predicted > above as f64
            && match up_to {
                Some(up_to) => predicted <= up_to as f64,
                None => predicted > largest as f64,
            },
    )
}

/// The findings of one workload: the roofline, where the model holds, and
/// how many predicted crossovers agree.
pub(crate) fn model_findings(view: &ModelView) -> Vec<String> {
    let mut sentences = Vec::new();
    sentences.extend(constants::roofline_sentence(view));
    sentences.push(holds_sentence(view));
    sentences.extend(crossover_sentence(view));
    sentences
}

/// Where the model holds, and how many points it misses.
fn holds_sentence(view: &ModelView) -> String {
    let at = format!("On {} at {}", view.workload, plural(view.threads, "thread"));
    let limit = percent(OFF_MODEL);
    let off = view.off().len();
    let listed = "the table names each with its likely reason";
    match view.holds_from() {
        _ if off == 0 => format!(
            "{at} every measured speedup lies within {limit} of the model in at least one \
             round, at every length measured."
        ),
        Some(from) => format!(
            "{at} the model holds within {limit} for every strategy from {} elements up; \
             below, {} off by more than {limit} in every round ({listed}).",
            count(from),
            points_are(off)
        ),
        None => format!(
            "{at} the model misses some strategy even at the largest length: {} off by more \
             than {limit} in every round ({listed}).",
            points_are(off)
        ),
    }
}

/// `1 point is`, `3 points are`.
fn points_are(n: usize) -> String {
    if n == 1 {
        format!("{} is", plural(n, "point"))
    } else {
        format!("{} are", plural(n, "point"))
    }
}

/// How many strategies' predicted crossovers lie where the measured ones do.
fn crossover_sentence(view: &ModelView) -> Option<String> {
    let largest = *view.lens.last()?;
    let verdicts: Vec<bool> = view
        .lines
        .iter()
        .filter_map(|l| crossover_agrees(l, largest))
        .collect();
    if verdicts.is_empty() {
        return None;
    }
    let agree = verdicts.iter().filter(|a| **a).count();
    Some(format!(
        "The predicted crossover n* lies within the measured interval for {} of {} \
         strategies.",
        count(agree),
        count(verdicts.len())
    ))
}
