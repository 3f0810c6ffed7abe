//! A run's findings as data: what the report states in words, keyed by what
//! it is about, so that two runs can be compared claim by claim
//! (`doall report --diff`) rather than string by string.
//!
//! Two kinds are kept:
//!
//! - claims, the verdicts that can contradict another run: each strategy's
//!   COST and crossover against its baseline, and who is fastest and slowest
//!   where the report names them. The sections word these same values.
//! - sentences: every finding of the page as written, compared with their
//!   figures masked (`words`), so that a change of wording shows even where
//!   no claim is structured.

mod diff;
mod words;

pub use diff::{DIFF_CONTRADICTION_EXIT, RunDiff, diff_runs};

use doall_results::RunResults;

use crate::{
    analysis::{Cost, Crossover, Run, cost, is_ours},
    format::{count, plural},
    rounds::Lead,
    sections::{self, speedup, time},
};

/// What a claim says, without its measured figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Claim {
    /// The strategy's COST against its baseline.
    Cost(Cost),
    /// Where the strategy starts to beat its baseline.
    Crossover(Crossover),
    /// Who leads (is fastest, or slowest) among the Rust strategies.
    Lead {
        /// Whether one beat every other in every round.
        alone: bool,
        /// The leader, or the names tied for the lead, in registry order.
        names: Vec<String>,
    },
}

/// One claim of a run's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// What it is about, in words: `heavy: COST of rayon`.
    pub(crate) topic: String,
    /// The baseline it is measured against (seq, go-seq), for its words.
    pub(crate) baseline: String,
    /// What it says.
    pub(crate) claim: Claim,
}

impl Finding {
    /// The claim in words, figures aside, with plain spaces: what `--diff`
    /// prints and compares.
    pub(crate) fn words(&self) -> String {
        self.page_words().replace('\u{a0}', " ")
    }

    /// The claim in words as a page writes it: a length keeps its
    /// non-breaking spaces (`16 384`), so it never wraps inside.
    pub(crate) fn page_words(&self) -> String {
        let baseline = &self.baseline;
        match &self.claim {
            Claim::Cost(Cost::From(t)) => {
                format!("beats {baseline} from {}", plural(*t, "thread"))
            }
            Claim::Cost(Cost::Marginal(_)) => {
                format!("beats {baseline} by at most a few percent")
            }
            Claim::Cost(Cost::Tie) => format!("ties with {baseline} within noise at best"),
            Claim::Cost(Cost::Never) => format!("never beats {baseline}"),
            Claim::Crossover(c) => match (time::crossover_words(*c, 0), c) {
                (Some(words), _) => format!("beats {baseline} {words}"),
                (
                    None,
                    Crossover::Beyond {
                        loses_at_largest: true,
                        ..
                    },
                ) => format!("never beats {baseline} within the lengths measured"),
                (None, _) => format!("does not beat {baseline} within the lengths measured"),
            },
            Claim::Lead { alone: true, names } => {
                format!("{} alone, in every round", names.join(", "))
            }
            Claim::Lead {
                alone: false,
                names,
            } => crate::format::tie_of(names),
        }
    }
}

/// A finding's sentence, with the section it stands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// The section and workload: `time against length, heavy`.
    pub(crate) section: String,
    /// The sentence as the page writes it.
    pub(crate) text: String,
    /// Whether it is about the Rust strategies of ours only: it names one
    /// of them or seq, and no peer (Go) or contender.
    pub(crate) rust: bool,
}

/// Everything a run's report states: its claims and its sentences.
pub(crate) struct Findings {
    /// The structured claims.
    pub(crate) claims: Vec<Finding>,
    /// Every sentence of every findings box, one sentence each.
    pub(crate) sentences: Vec<Sentence>,
    /// The names the sentences may list: strategies and baselines.
    pub(crate) names: Vec<String>,
}

/// The findings of `results`.
pub(crate) fn findings(results: &RunResults) -> Findings {
    let run = Run::new(results);
    let mut claims = Vec::new();
    for w in &run.workloads {
        if let Some(v) = run
            .largest_len(w)
            .and_then(|len| speedup::view(&run, w, len))
        {
            for l in v.lines.iter().filter(|l| l.chunks_per_thread == 1) {
                claims.push(Finding {
                    topic: format!("{w}: COST of {}", l.strategy),
                    baseline: l.baseline.clone(),
                    claim: Claim::Cost(cost(&l.points)),
                });
            }
            let at_max = speedup::at_most(&v);
            if let Some((fastest, slowest)) = speedup::leads(&at_max) {
                let at = format!("{} elements, {}", count(v.len), plural(v.max_t, "thread"));
                for (lead, what) in [(Some(fastest), "fastest"), (slowest, "slowest")] {
                    let Some(lead) = lead else { continue };
                    claims.push(lead_finding(
                        format!("{w}, speedup: {what} at {at}"),
                        &lead,
                        &at_max.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
                    ));
                }
            }
        }
        if let Some(v) = time::view(&run, w) {
            for l in &v.lines {
                claims.push(Finding {
                    topic: format!("{w}: crossover of {}", l.strategy),
                    baseline: l.baseline.clone(),
                    claim: Claim::Crossover(l.crossover),
                });
            }
        }
    }
    for c in &mut claims {
        c.topic = c.topic.replace('\u{a0}', " ");
    }
    let ours: Vec<&str> = run
        .strategies
        .iter()
        .chain(&run.baselines)
        .map(String::as_str)
        .filter(|s| is_ours(results, s))
        .collect();
    let others: Vec<&str> = run
        .strategies
        .iter()
        .chain(&run.baselines)
        .map(String::as_str)
        .filter(|s| !ours.contains(s))
        .collect();
    let mut sentences = Vec::new();
    for (section, paragraph) in sections::all_findings(results) {
        for text in words::sentences(&paragraph) {
            let rust = ours.iter().any(|n| words::names(&text, n))
                && !others.iter().any(|n| words::names(&text, n))
                && !PEER_WORDS.iter().any(|w| words::names(&text, w));
            sentences.push(Sentence {
                section: section.clone(),
                text,
                rust,
            });
        }
    }
    Findings {
        claims,
        sentences,
        names: run
            .strategies
            .iter()
            .chain(&run.baselines)
            .cloned()
            .collect(),
    }
}

/// Words that name a peer in a sentence without its strategy name: such a
/// sentence is about the peer, not only about the Rust strategies.
const PEER_WORDS: [&str; 4] = ["Go", "Go's", "OpenMP", "OpenMP's"];

/// A lead as a finding, the names in the registry's order.
fn lead_finding(topic: String, lead: &Lead, names: &[&str]) -> Finding {
    Finding {
        topic,
        baseline: String::new(),
        claim: Claim::Lead {
            alone: matches!(lead, Lead::Alone(_)),
            names: lead
                .members()
                .iter()
                .filter_map(|&i| names.get(i).map(|n| (*n).to_owned()))
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests;
