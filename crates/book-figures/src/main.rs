//! The `doall-book-figures` command: mdBook's preprocessor protocol around
//! [`doall_book_figures::expand_book`].
//!
//! - `doall-book-figures supports RENDERER`: exit 0 for `html`, else 1
//!   (the figures are text any renderer could take, but the book builds
//!   HTML only, and a renderer never tried is not claimed);
//! - `doall-book-figures`: read `[context, book]` from stdin, write the
//!   filled book to stdout; on a failed figure, list every one on stderr
//!   and exit 1, which fails `mdbook build`;
//! - `doall-book-figures statements RESULTS`: print what the report of
//!   that run states (claims, then sentences, then the choice section's
//!   sentences), one a line, to choose a `cost`, `crossover`, `lead`,
//!   `finding` or `choice` figure from;
//! - `doall-book-figures check FILE [RESULTS]`: exit 1, naming each, if a
//!   `<!-- figure: WORDS -->VALUE<!-- /figure -->` of FILE (the README)
//!   fails or holds another value than the run (by default
//!   `reports/example/results.json`);
//! - `doall-book-figures refresh FILE [RESULTS]`: write the run's values
//!   into FILE and name each that changed.

use std::{io::Read, process::ExitCode};

use doall_book_figures::{Error, expand_book, refresh, results_path};
use doall_report::figure::Figures;
use doall_results::RunResults;
use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [supports, renderer] = args.as_slice()
        && supports == "supports"
    {
        return if renderer == "html" {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    if let [statements, path] = args.as_slice()
        && statements == "statements"
    {
        return match RunResults::load(std::path::Path::new(path)) {
            Ok(results) => {
                for line in Figures::new(&results).statements() {
                    println!("{line}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("figures: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if let [mode, file, rest @ ..] = args.as_slice()
        && (mode == "check" || mode == "refresh")
        && rest.len() <= 1
    {
        let results = rest.first().map_or(EXAMPLE_RESULTS, String::as_str);
        return match in_place(file, results, mode == "refresh") {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    match run() {
        Ok(book) => {
            println!("{book}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The filled book as JSON, from mdBook's input on stdin.
fn run() -> Result<String, Error> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| Error::Protocol(e.to_string()))?;
    let value: Value = serde_json::from_str(&input).map_err(|e| Error::Protocol(e.to_string()))?;
    let Value::Array(mut pair) = value else {
        return Err(Error::Protocol("not a [context, book] array".to_owned()));
    };
    if pair.len() != 2 {
        return Err(Error::Protocol("not a [context, book] array".to_owned()));
    }
    let mut book = pair.pop().unwrap_or(Value::Null);
    let context = pair.pop().unwrap_or(Value::Null);
    let results = RunResults::load(&results_path(&context)?)?;
    expand_book(&mut book, &Figures::new(&results))?;
    serde_json::to_string(&book).map_err(|e| Error::Protocol(e.to_string()))
}

/// The run a page's figures come from when none is named, relative to the
/// repository's root.
const EXAMPLE_RESULTS: &str = "reports/example/results.json";

/// Checks (or, with `write`, refreshes) the figures in place of `file`
/// against the run at `results`.
fn in_place(file: &str, results: &str, write: bool) -> Result<(), String> {
    let path = std::path::Path::new(file);
    let text = std::fs::read_to_string(path).map_err(|e| format!("figures: {file}: {e}"))?;
    let run =
        RunResults::load(std::path::Path::new(results)).map_err(|e| format!("figures: {e}"))?;
    let (filled, changed) = refresh(&text, &Figures::new(&run)).map_err(|failed| {
        let lines: Vec<String> = failed
            .iter()
            .map(|f| format!("{file}: <!-- figure: {} -->: {}", f.key, f.error))
            .collect();
        format!(
            "figures: {} figure(s) failed:\n{}",
            failed.len(),
            lines.join("\n")
        )
    })?;
    for stale in &changed {
        println!(
            "{file}: {}: {:?} -> {:?}",
            stale.key, stale.written, stale.computed
        );
    }
    if write {
        if filled != text {
            std::fs::write(path, filled).map_err(|e| format!("figures: {file}: {e}"))?;
        }
        Ok(())
    } else if changed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "figures: {} figure(s) of {file} differ from {results}: \
             `cargo run -p doall-book-figures -- refresh {file}` writes them",
            changed.len()
        ))
    }
}
