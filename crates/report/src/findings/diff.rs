//! Two runs' findings side by side: which claims contradict each other,
//! which are a tie in one run and a verdict in the other, and which
//! sentences are worded differently once their figures are masked.

use std::{collections::HashMap, fmt, path::Path};

use doall_results::{RESULTS_FILE, RunResults};

use crate::{
    Error,
    analysis::{BEATS, Cost, Crossover},
    format::{NBSP, bandwidth_range, plural},
};

use super::{Claim, Finding, Findings, findings, words};

/// The exit code of `doall report --diff` when the runs contradict each
/// other (1 is an error, 2 a bad command line).
pub const DIFF_CONTRADICTION_EXIT: u8 = 3;

/// How two runs' versions of one claim differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Each says the opposite of the other: A says X is faster in every
    /// round, B says Y is; crossover intervals that do not overlap.
    Contradiction,
    /// One says "tie within noise", the other states a verdict.
    TieVsVerdict,
    /// Both hold, worded differently (a marginal win and a clear one, two
    /// overlapping crossover intervals, two different ties).
    Other,
}

/// The differences between two runs' findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunDiff {
    /// What the two runs are, one line each.
    pub runs: [String; 2],
    /// Where the two machines measured differently in every round, one
    /// line each: the memory bandwidth loop at a thread count whose rounds
    /// do not overlap. Claims on memory-bound work may then differ because
    /// the machines did.
    pub machines: Vec<String>,
    /// Claims that contradict each other, one line each.
    pub contradictions: Vec<String>,
    /// Claims that are a tie in one run and a verdict in the other.
    pub tie_vs_verdict: Vec<String>,
    /// Claims and sentences worded differently.
    pub other: Vec<String>,
    /// Sentences of the first run about the Rust strategies (ours, seq
    /// included; not Go's, not a contender's) that the second run does not
    /// say, figures masked.
    pub rust_sentences_differ: usize,
    /// All sentences of the first run about the Rust strategies.
    pub rust_sentences: usize,
    /// Sentences of the first run, about anything, that the second run
    /// does not say, figures masked.
    pub sentences_differ: usize,
    /// All sentences of the first run.
    pub sentences: usize,
}

impl RunDiff {
    /// Whether any claim of one run contradicts the other.
    pub fn has_contradiction(&self) -> bool {
        !self.contradictions.is_empty()
    }
}

impl fmt::Display for RunDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "A: {}", self.runs[0])?;
        writeln!(f, "B: {}", self.runs[1])?;
        let groups = [
            ("machines apart", &self.machines),
            ("contradictions", &self.contradictions),
            ("tie in one, verdict in the other", &self.tie_vs_verdict),
            ("other wording", &self.other),
        ];
        for (title, lines) in groups {
            writeln!(f, "{title} ({}):", lines.len())?;
            for line in lines.iter() {
                writeln!(f, "  {line}")?;
            }
        }
        let share = |part: usize, whole: usize| {
            if whole == 0 {
                0.0
            } else {
                100.0 * part as f64 / whole as f64
            }
        };
        write!(
            f,
            "summary: {} contradictions, {} tie/verdict, {} other; {} of {} sentences about the \
             Rust strategies in A differ in B ({:.0}%, marked \"counted\"), {} of all {} \
             ({:.0}%), figures masked",
            self.contradictions.len(),
            self.tie_vs_verdict.len(),
            self.other.len(),
            self.rust_sentences_differ,
            self.rust_sentences,
            share(self.rust_sentences_differ, self.rust_sentences),
            self.sentences_differ,
            self.sentences,
            share(self.sentences_differ, self.sentences)
        )
    }
}

/// Loads `a/results.json` and `b/results.json` and compares their findings.
pub fn diff_runs(a: &Path, b: &Path) -> Result<RunDiff, Error> {
    let first = RunResults::load(&a.join(RESULTS_FILE))?;
    let second = RunResults::load(&b.join(RESULTS_FILE))?;
    let mut diff = diff_results(&first, &second);
    diff.runs = [describe(a, &first), describe(b, &second)];
    Ok(diff)
}

/// One line naming a run.
fn describe(dir: &Path, results: &RunResults) -> String {
    format!(
        "{} ({}, {})",
        dir.display(),
        results.machine.host,
        results.machine.started_utc
    )
}

/// The differences between the findings of `a` and `b`.
pub(crate) fn diff_results(a: &RunResults, b: &RunResults) -> RunDiff {
    let mut diff = diff_findings(&findings(a), &findings(b));
    diff.machines = bandwidth_apart(a, b);
    diff
}

/// A line for each thread count at which the two runs' bandwidth loops are
/// apart in every round: every round of one above every round of the
/// other by more than [`BEATS`], the margin of every other verdict. The loop is the machine's, not a strategy's, so such a gap says
/// the two runs measured different machines (a shared machine's memory
/// changes over minutes), and verdicts on light from memory may flip for
/// that reason alone.
fn bandwidth_apart(a: &RunResults, b: &RunResults) -> Vec<String> {
    let rounds = |p: &doall_results::BandwidthPoint| -> (f64, f64) {
        let each: &[f64] = if p.round_gb_per_s.is_empty() {
            std::slice::from_ref(&p.gb_per_s)
        } else {
            &p.round_gb_per_s
        };
        let low = each.iter().copied().fold(f64::INFINITY, f64::min);
        let high = each.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (low, high)
    };
    a.machine
        .bandwidth
        .iter()
        .filter_map(|pa| {
            let pb = b
                .machine
                .bandwidth
                .iter()
                .find(|p| p.threads == pa.threads)?;
            let ((a_low, a_high), (b_low, b_high)) = (rounds(pa), rounds(pb));
            (a_high * BEATS < b_low || b_high * BEATS < a_low).then(|| {
                format!(
                    "memory bandwidth at {}: A {} B {} per round, apart in every round: the \
                     machines differed, so claims on memory-bound work (light from memory) \
                     may differ for that reason alone",
                    plural(pa.threads, "thread"),
                    bandwidth_range(a_low, a_high).replace(NBSP, " ") + ",",
                    bandwidth_range(b_low, b_high).replace(NBSP, " ")
                )
            })
        })
        .collect()
}

/// The differences between two sets of findings.
pub(crate) fn diff_findings(a: &Findings, b: &Findings) -> RunDiff {
    let mut diff = RunDiff::default();
    let in_b: HashMap<&str, &Finding> = b.claims.iter().map(|f| (f.topic.as_str(), f)).collect();
    for fa in &a.claims {
        let Some(fb) = in_b.get(fa.topic.as_str()) else {
            continue;
        };
        let Some(mut kind) = classify(&fa.claim, &fb.claim) else {
            continue;
        };
        if fa.words() == fb.words() {
            // Apart only in what the page does not say (where seq last won
            // below a crossover beyond the lengths measured, say): the
            // reader of either page reads the same.
            continue;
        }
        if kind == Kind::Contradiction && names_one_run_only(&fa.claim, &fb.claim, a, b) {
            // A leader the other run never measured (a strategy added
            // between the runs, say) was beaten nowhere: the runs differ in
            // what ran, not in what they found.
            kind = Kind::Other;
        }
        let line = format!("{}: A: {}; B: {}", fa.topic, fa.words(), fb.words());
        match kind {
            Kind::Contradiction => diff.contradictions.push(line),
            Kind::TieVsVerdict => diff.tie_vs_verdict.push(line),
            Kind::Other => diff.other.push(line),
        }
    }
    let mut names = a.names.clone();
    names.extend(b.names.iter().cloned());
    let key = |s: &super::Sentence| (s.section.clone(), words::masked(&s.text, &names));
    let mut left_in_b: HashMap<(String, String), usize> = HashMap::new();
    for s in &b.sentences {
        *left_in_b.entry(key(s)).or_default() += 1;
    }
    let mut only_a = Vec::new();
    for s in &a.sentences {
        let k = key(s);
        match left_in_b.get_mut(&k) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                diff.rust_sentences_differ += usize::from(s.rust);
                diff.sentences_differ += 1;
                only_a.push(s);
            }
        }
        diff.rust_sentences += usize::from(s.rust);
        diff.sentences += 1;
    }
    let mut left_in_a: HashMap<(String, String), usize> = HashMap::new();
    for s in &a.sentences {
        *left_in_a.entry(key(s)).or_default() += 1;
    }
    let only_b: Vec<_> = b
        .sentences
        .iter()
        .filter(|s| match left_in_a.get_mut(&key(s)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect();
    // Section by section, in page order, A's sentences then B's.
    let mut sections: Vec<&str> = Vec::new();
    for s in a.sentences.iter().chain(&b.sentences) {
        if !sections.contains(&s.section.as_str()) {
            sections.push(&s.section);
        }
    }
    for section in sections {
        for (side, list) in [("A", &only_a), ("B", &only_b)] {
            for s in list.iter().filter(|s| s.section == section) {
                // The first run's sentences about the Rust strategies are
                // the summary's count: say which they are.
                let counted = if s.rust && side == "A" {
                    " (counted)"
                } else {
                    ""
                };
                diff.other.push(format!(
                    "{section}: only {side} says{counted} \"{}\"",
                    s.text.replace('\u{a0}', " ")
                ));
            }
        }
    }
    diff
}

/// Whether either lead claim names a strategy that only one of the runs
/// measured.
fn names_one_run_only(x: &Claim, y: &Claim, a: &Findings, b: &Findings) -> bool {
    let named = |claim: &Claim| match claim {
        Claim::Lead { names, .. } => names.clone(),
        _ => Vec::new(),
    };
    named(x)
        .iter()
        .chain(&named(y))
        .any(|n| a.names.contains(n) != b.names.contains(n))
}

/// How `a` and `b` differ, if they do.
fn classify(a: &Claim, b: &Claim) -> Option<Kind> {
    if a == b {
        return None;
    }
    Some(match (a, b) {
        (Claim::Cost(x), Claim::Cost(y)) => classify_cost(*x, *y),
        (Claim::Crossover(x), Claim::Crossover(y)) => classify_crossover(*x, *y),
        (
            Claim::Lead {
                alone: true,
                names: x,
            },
            Claim::Lead {
                alone: true,
                names: y,
            },
        ) if x != y => Kind::Contradiction,
        (
            Claim::Lead {
                alone: true,
                names: one,
            },
            Claim::Lead {
                alone: false,
                names: tied,
            },
        )
        | (
            Claim::Lead {
                alone: false,
                names: tied,
            },
            Claim::Lead {
                alone: true,
                names: one,
            },
        ) => {
            // A leader outside the other run's tie was beaten there in every
            // round by that run's leader.
            if one.iter().all(|n| tied.contains(n)) {
                Kind::TieVsVerdict
            } else {
                Kind::Contradiction
            }
        }
        _ => Kind::Other,
    })
}

/// Two COSTs: a win against "seq always wins" contradicts; a win against a
/// tie, or at different thread counts, is a tie in one and a verdict in the
/// other; a marginal win against a clear one or a tie is wording.
fn classify_cost(a: Cost, b: Cost) -> Kind {
    use Cost::{From, Marginal, Never, Tie};
    match (a, b) {
        (From(_) | Marginal(_), Never) | (Never, From(_) | Marginal(_)) => Kind::Contradiction,
        (From(_), From(_) | Tie) | (Tie, From(_) | Never) | (Never, Tie) => Kind::TieVsVerdict,
        _ => Kind::Other,
    }
}

/// Two crossovers: intervals that do not overlap contradict (one run wins
/// every round at a length where the other loses every round); a crossover
/// against "a tie at the largest length" is a tie against a verdict.
fn classify_crossover(a: Crossover, b: Crossover) -> Kind {
    let (Some((a_above, a_to)), Some((b_above, b_to))) = (a.interval(), b.interval()) else {
        return Kind::Other;
    };
    let below = |above: usize, to: Option<usize>| to.is_none_or(|t| above < t);
    if !below(a_above, b_to) || !below(b_above, a_to) {
        return Kind::Contradiction;
    }
    let never = |c: Crossover| {
        matches!(
            c,
            Crossover::Beyond {
                loses_at_largest: true,
                ..
            }
        )
    };
    if a_to.is_some() != b_to.is_some() || never(a) != never(b) {
        Kind::TieVsVerdict
    } else {
        Kind::Other
    }
}
