//! The figures of the "Which strategy for this work" section: one cell of
//! a workload's grid, and the section's sentences, worded by the section
//! itself (`sections::choice`).

use crate::{format::count, sections::choice};

use super::{Figure, FigureError, Figures, options::positional};

/// `pick WORKLOAD LEN THREADS`: the cell's words, `seq`, `pool` or `a tie
/// of rayon and pool`.
pub(super) fn pick(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let args = positional(f, 3, 3)?;
    let (len, threads) = (f.number(&args[1])?, f.number(&args[2])?);
    let cell = choice::pick(&figures.run, &args[0], len, threads);
    choice::pick_words(&cell).ok_or_else(|| {
        f.missing(format!(
            "parallel strategy measured beside seq on {} at {} elements, {threads} threads",
            args[0],
            count(len)
        ))
    })
}

/// `choice WORKLOAD|PEER`: the section's sentence on the workload's grid,
/// or on the peer (`go`, `openmp`) against its own loop.
pub(super) fn sentence(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let args = positional(f, 1, 1)?;
    let subject = args[0].as_str();
    let found = choice::sentences(&figures.run)
        .into_iter()
        .find(|(s, _)| s == subject)
        .map(|(_, sentence)| sentence);
    found.ok_or_else(|| f.missing(format!("choice of a strategy on {subject}")))
}
