//! Bring your own `Op`: time your own per-element function with every
//! strategy, each result checked against `seq`'s bits.
//!
//! ```text
//! cargo run --release --example my_op                 # 100 000 elements, threads from $DOALL_THREADS or the cores
//! cargo run --release --example my_op -- 4096 2       # 4 096 elements on 2 threads
//! ```
//!
//! Change `MyOp::apply` to your own function. The registry takes any `Op`:
//! each strategy runs your function through the same chunk kernel as the
//! built-in workloads, with `apply` inlined into the chunk loop.

use std::{num::NonZeroUsize, process::ExitCode, time::Duration};

use doall_kernel::{Op, Plan, initial_vector, threads_from_env, update_chunk};
use doall_registry::{
    Error, STRATEGIES,
    timing::{probe_threads, runner_holds, time_calls},
};
use doall_results::ThreadsUsed;

/// Your per-element function: `v[i] += apply(v[i])`. Any pure function of
/// `x` gives the same bits on every strategy; one that reads a clock or a
/// global counter would not.
struct MyOp;

impl Op for MyOp {
    fn apply(&self, x: f64) -> f64 {
        // A damped oscillation: a few multiplications and a division.
        let y = x * 0.75 - 0.125;
        y / (1.0 + y * y) * 0.5
    }
}

/// Timed calls per strategy; the fastest is reported, as on a busy
/// machine it is the figure that holds still.
const CALLS: usize = 20;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("my_op: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let len = match args.next() {
        Some(text) => parse_count("length", &text)?,
        None => 100_000,
    };
    let threads = match args.next() {
        Some(text) => Some(parse_count("thread count", &text)?),
        None => None,
    };
    let threads = threads_from_env(threads).map_err(|e| e.to_string())?;
    let plan = Plan::for_threads(threads.threads, None).map_err(|e| e.to_string())?;
    let initial = initial_vector(len).map_err(|e| e.to_string())?;
    // The oracle: seq's answer is the kernel run once over the whole vector.
    let mut expected = initial.clone();
    update_chunk(&mut expected, &MyOp);

    println!("MyOp on {len} elements, {} threads", threads.threads);
    println!(
        "{:<10} {:>12} {:>8} {:>6}",
        "strategy", "fastest", "speedup", "used"
    );
    let mut seq_fastest = None;
    for strategy in STRATEGIES {
        let mut v = initial.clone();
        let (fastest, used) = strategy
            .session(plan, &MyOp, &mut v, |runner| {
                let mut fastest = Duration::MAX;
                for _ in 0..CALLS {
                    fastest = fastest.min(time_calls(runner, &initial, 1, Duration::ZERO)?);
                    if !runner_holds(runner, &expected) {
                        return Err(Error::WrongResult {
                            strategy: strategy.name,
                            workload: "MyOp",
                            len,
                            got: "other bits".to_owned(),
                            expected: "seq's".to_owned(),
                        });
                    }
                }
                let used = probe_threads(runner, &initial, CALLS, Duration::ZERO)?;
                Ok((fastest, used))
            })
            .map_err(|e| e.to_string())?;
        let seq = *seq_fastest.get_or_insert(fastest);
        let mean_used = ThreadsUsed::from_counts(&used, 1).map_or(0.0, |u| u.mean);
        println!(
            "{:<10} {:>12} {:>7.2}x {:>6.1}",
            strategy.name,
            format!("{fastest:.2?}"),
            seq.as_secs_f64() / fastest.as_secs_f64(),
            mean_used
        );
    }
    println!("every strategy left exactly seq's bits in every call");
    Ok(())
}

/// A positive count from the command line, or a message naming the text.
fn parse_count(what: &str, text: &str) -> Result<usize, String> {
    text.parse::<NonZeroUsize>()
        .map(NonZeroUsize::get)
        .map_err(|_| format!("the {what} must be a positive integer, got {text:?}"))
}
