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
//!   that run states (claims, then sentences), one a line, to choose a
//!   `cost`, `crossover`, `lead` or `finding` figure from.

use std::{io::Read, process::ExitCode};

use doall_book_figures::{Error, expand_book, results_path};
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
