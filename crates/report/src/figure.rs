//! Figures of a run quoted by name, so that a text about the run (the
//! book) states exactly what the report computes, in the report's own
//! formatting, and fails loudly on a figure the run does not hold.
//!
//! A figure is written as words: a quantity, its positional subject, then
//! `option=value` pairs, e.g. `speedup pool heavy 1048576 2` or
//! `time seq heavy 1048576 round=2 unit=µs`. [`Figure::parse`] reads the
//! words; [`Figures::value`] computes the figure from one run.
//!
//! Verdicts ("beats", "a tie") come from the report's own every-round rule,
//! never from comparing two quoted figures by eye: the `verdict`, `cost`,
//! `crossover`, `kernel-speedup` and `finding` quantities word them.
//!
//! The "Which strategy for this work" section is quoted by `pick WORKLOAD
//! LEN THREADS`, one cell of its grid (`seq` where no parallel strategy
//! beat seq in every round, the strategy that beat every other, or `a tie
//! of rayon and pool`, the tied names in registry order), and by `choice
//! WORKLOAD|PEER`, its sentence on that workload's grid or on that peer.

mod calls;
mod choices;
mod options;
mod quantities;

use doall_results::RunResults;

use crate::{analysis::Run, findings::Findings, sections::choice};

/// Every quantity, with its positional arguments and the options it takes:
/// the one list that parsing, errors and the book's documentation share.
pub const QUANTITIES: [(&str, &str); 29] = [
    (
        "time",
        "STRATEGY WORKLOAD LEN [THREADS] [chunks=N round=N unit=ns|µs|ms|s per=element]",
    ),
    ("time-span", "STRATEGY WORKLOAD THREADS LEN…"),
    ("time-spread", "WORKLOAD LEN THREADS STRATEGY… [chunks=N]"),
    (
        "speedup",
        "STRATEGY WORKLOAD LEN THREADS [chunks=N round=N over=plain]",
    ),
    ("speedup-range", "STRATEGY WORKLOAD LEN THREADS [chunks=N]"),
    (
        "speedup-span",
        "WORKLOAD LEN THREADS STRATEGY… [chunks=N over=plain]",
    ),
    ("verdict", "STRATEGY WORKLOAD LEN THREADS [chunks=N]"),
    (
        "ratio",
        "STRATEGY OTHER WORKLOAD LEN [THREADS] [chunks=N round=N as=times|percent|less]",
    ),
    ("used", "STRATEGY WORKLOAD LEN THREADS [chunks=N]"),
    ("forked", "STRATEGY WORKLOAD LEN THREADS [chunks=N]"),
    ("ceiling", "THREADS [round=N]"),
    ("ceiling-speedup", "THREADS WORKLOAD LEN [round=N]"),
    ("gbps", "STRATEGY WORKLOAD LEN [THREADS] [chunks=N round=N]"),
    ("ceiling-share", "STRATEGY WORKLOAD LEN THREADS [chunks=N]"),
    ("kernel", "plain|fast WORKLOAD [round=N per=element|call]"),
    ("kernel-rate", "plain|fast WORKLOAD OPERATIONS_PER_ELEMENT"),
    ("kernel-speedup", "WORKLOAD"),
    ("overhead", "STRATEGY SIZE THREADS [gap=DURATION round=N]"),
    (
        "call",
        "STRATEGY SIZE THREADS [gap=DURATION round=N unit=ns|µs|ms|s]",
    ),
    ("call-used", "STRATEGY SIZE THREADS [gap=DURATION]"),
    ("call-forked", "STRATEGY SIZE THREADS [gap=DURATION]"),
    ("cost", "STRATEGY WORKLOAD"),
    ("crossover", "STRATEGY WORKLOAD"),
    ("lead", "WORKLOAD speedup fastest|slowest"),
    ("pick", "WORKLOAD LEN THREADS"),
    ("choice", "WORKLOAD|PEER"),
    ("finding", "WORDS… [… MORE WORDS]"),
    ("machine", "rounds|cores|cpu|spin-budget"),
    ("peer", "STRATEGY"),
];

/// What can be wrong with a figure: each message names the figure's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FigureError {
    /// No quantity by this name.
    #[error("unknown quantity `{0}` (known: {known})", known = known_quantities())]
    UnknownQuantity(String),
    /// No words at all.
    #[error("an empty figure: write a quantity and its subject")]
    Empty,
    /// The positional arguments do not fit the quantity.
    #[error("`{figure}`: expected `{quantity} {usage}`")]
    Arguments {
        /// The figure's words.
        figure: String,
        /// The quantity.
        quantity: String,
        /// Its arguments, as [`QUANTITIES`] lists them.
        usage: String,
    },
    /// An option the quantity does not take, or a value it cannot read.
    #[error("`{figure}`: bad option `{option}`: {reason}")]
    Option {
        /// The figure's words.
        figure: String,
        /// The option as written.
        option: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A number that is not one.
    #[error("`{figure}`: `{word}` is not a whole number")]
    Number {
        /// The figure's words.
        figure: String,
        /// The word.
        word: String,
    },
    /// The run holds nothing the figure names.
    #[error("`{figure}`: the run has no {what}")]
    Missing {
        /// The figure's words.
        figure: String,
        /// What is missing, in words.
        what: String,
    },
}

fn known_quantities() -> String {
    QUANTITIES
        .iter()
        .map(|(q, _)| *q)
        .collect::<Vec<_>>()
        .join(", ")
}

/// One figure, as written: a quantity, its positional arguments, options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The quantity, one of [`QUANTITIES`].
    pub quantity: String,
    /// The positional arguments, in order.
    pub args: Vec<String>,
    /// The `name=value` options, in order.
    pub options: Vec<(String, String)>,
}

impl Figure {
    /// Reads a figure's words: the first is the quantity, a word with `=`
    /// is an option, every other word a positional argument.
    ///
    /// ```
    /// let f = doall_report::figure::Figure::parse("speedup pool heavy 256 2 chunks=16").unwrap();
    /// assert_eq!(f.quantity, "speedup");
    /// assert_eq!(f.args, ["pool", "heavy", "256", "2"]);
    /// assert_eq!(f.options, [("chunks".to_owned(), "16".to_owned())]);
    /// assert!(doall_report::figure::Figure::parse("speed pool").is_err());
    /// ```
    pub fn parse(words: &str) -> Result<Figure, FigureError> {
        let mut words = words.split_whitespace();
        let quantity = words.next().ok_or(FigureError::Empty)?.to_owned();
        if !QUANTITIES.iter().any(|(q, _)| *q == quantity) {
            return Err(FigureError::UnknownQuantity(quantity));
        }
        let (mut args, mut options) = (Vec::new(), Vec::new());
        for word in words {
            match word.split_once('=') {
                Some((name, value)) => options.push((name.to_owned(), value.to_owned())),
                None => args.push(word.to_owned()),
            }
        }
        Ok(Figure {
            quantity,
            args,
            options,
        })
    }

    /// The figure's words, as an error names them.
    pub fn words(&self) -> String {
        let mut words = vec![self.quantity.clone()];
        words.extend(self.args.iter().cloned());
        words.extend(self.options.iter().map(|(n, v)| format!("{n}={v}")));
        words.join(" ")
    }

    /// The usage line of the figure's quantity.
    fn usage(&self) -> &'static str {
        QUANTITIES
            .iter()
            .find(|(q, _)| *q == self.quantity)
            .map_or("", |(_, usage)| usage)
    }

    /// The arguments error of this figure.
    fn arguments(&self) -> FigureError {
        FigureError::Arguments {
            figure: self.words(),
            quantity: self.quantity.clone(),
            usage: self.usage().to_owned(),
        }
    }

    /// A missing-subject error of this figure.
    fn missing(&self, what: impl Into<String>) -> FigureError {
        FigureError::Missing {
            figure: self.words(),
            what: what.into(),
        }
    }

    /// The value of option `name`, if given; an error if the figure has an
    /// option its quantity does not list.
    fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Fails on an option the quantity's usage does not name.
    fn check_options(&self) -> Result<(), FigureError> {
        let usage = self.usage();
        match self
            .options
            .iter()
            .find(|(n, _)| !usage.contains(&format!("{n}=")))
        {
            Some((n, v)) => Err(FigureError::Option {
                figure: self.words(),
                option: format!("{n}={v}"),
                reason: format!("`{}` takes {usage}", self.quantity),
            }),
            None => Ok(()),
        }
    }

    /// A whole number read from `word`.
    fn number(&self, word: &str) -> Result<usize, FigureError> {
        word.replace('_', "")
            .parse()
            .map_err(|_| FigureError::Number {
                figure: self.words(),
                word: word.to_owned(),
            })
    }
}

/// One run, ready to answer figures.
pub struct Figures<'a> {
    results: &'a RunResults,
    run: Run<'a>,
    findings: Findings,
}

impl<'a> Figures<'a> {
    /// Indexes `results` and computes the report's findings once.
    pub fn new(results: &'a RunResults) -> Figures<'a> {
        Figures {
            results,
            run: Run::new(results),
            findings: crate::findings::findings(results),
        }
    }

    /// What the report states, for an author choosing a `cost`,
    /// `crossover`, `lead`, `finding` or `choice` figure: each claim as
    /// `topic: words`, each sentence as `section: sentence`, then each
    /// sentence of the choice section as `choice SUBJECT: sentence`.
    pub fn statements(&self) -> Vec<String> {
        let claims = self
            .findings
            .claims
            .iter()
            .map(|c| format!("{}: {}", c.topic, c.words()));
        let sentences = self
            .findings
            .sentences
            .iter()
            .map(|s| format!("{}: {}", s.section, s.text.replace('\u{a0}', " ")));
        let choices = choice::sentences(&self.run)
            .into_iter()
            .map(|(subject, s)| format!("choice {subject}: {}", s.replace('\u{a0}', " ")));
        claims.chain(sentences).chain(choices).collect()
    }

    /// The figure's value as the report writes it: `1.90×`, `4.34 ms`,
    /// `beats seq from 2 threads`. Fails on an unknown option, a figure
    /// whose arguments do not fit its quantity, or one the run lacks.
    pub fn value(&self, figure: &Figure) -> Result<String, FigureError> {
        figure.check_options()?;
        quantities::value(self, figure)
    }
}

#[cfg(test)]
mod tests;
