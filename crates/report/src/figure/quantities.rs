//! The quantities of a [`Figure`]: each reads its arguments, finds what
//! they name in the run, and formats it with the report's own formatters.

use doall_results::Record;

use crate::{
    analysis::{Speedup, best, gb_per_s, round_range, speedups},
    format::{
        self, NBSP, count, duration, micros, number, percent, short_duration, times, times_range,
    },
    rounds::{RoundValues, Verdict},
    sections::kernel::{KernelPair, kernel_pairs},
};

use super::{
    Figure, FigureError, Figures,
    calls::{call, call_cost},
    choices,
    options::{bad_option, in_unit, pick, positional},
};

/// The value of `f` in the run of `figures`.
pub(super) fn value(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    match f.quantity.as_str() {
        "time" => time(figures, f),
        "time-span" => time_span(figures, f),
        "time-spread" => {
            let args = positional(f, 4, usize::MAX)?;
            let mut span = (f64::INFINITY, f64::NEG_INFINITY);
            for strategy in &args[3..] {
                let r = record(figures, f, strategy, &args[0], &args[1], Some(&args[2]))?;
                span = (span.0.min(best(&r.timing)), span.1.max(best(&r.timing)));
            }
            Ok(format!("{} to {}", duration(span.0), duration(span.1)))
        }
        "speedup" if f.option("over") == Some("plain") => {
            let args = positional(f, 4, 4)?;
            let r = record(figures, f, &args[0], &args[1], &args[2], Some(&args[3]))?;
            let plain = kernel_pair(figures, f, &args[1])?.plain;
            if plain.len != r.len {
                return Err(f.missing("plain-loop measurement at that length"));
            }
            Ok(times(best(&plain.timing) / best(&r.timing)))
        }
        "speedup" => {
            if let Some(over) = f.option("over") {
                return Err(bad_option(f, "over", over, "only over=plain"));
            }
            let p = speedup(figures, f, positional(f, 4, 4)?)?;
            Ok(times(pick(f, &p.per_round(), p.speedup)?))
        }
        "speedup-range" => {
            let (lo, hi) = round_range([&speedup(figures, f, positional(f, 4, 4)?)?]);
            Ok(times_range(lo, hi))
        }
        "speedup-span" => speedup_span(figures, f),
        "verdict" => verdict(figures, f),
        "ratio" => ratio(figures, f),
        "used" | "forked" => {
            let args = positional(f, 4, 4)?;
            let r = record(figures, f, &args[0], &args[1], &args[2], Some(&args[3]))?;
            let used = r
                .threads_used
                .ok_or_else(|| f.missing("probe of the threads used there"))?;
            Ok(if f.quantity == "used" {
                number(used.mean)
            } else {
                percent(used.all_share)
            })
        }
        "ceiling" => {
            let args = positional(f, 1, 1)?;
            let threads = f.number(&args[0])?;
            let point = figures
                .results
                .machine
                .ceiling_at(threads)
                .ok_or_else(|| f.missing(format!("bandwidth ceiling at {threads} threads")))?;
            Ok(format::bandwidth(pick(
                f,
                &point.round_gb_per_s,
                point.gb_per_s,
            )?))
        }
        "gbps" | "ceiling-share" => bandwidth(figures, f),
        "ceiling-speedup" => {
            // What a strategy that ran at the ceiling would gain over seq:
            // the ceiling's bandwidth over seq's (the same round's, with
            // `round=`).
            let args = positional(f, 3, 3)?;
            let threads = f.number(&args[0])?;
            let point = figures
                .results
                .machine
                .ceiling_at(threads)
                .ok_or_else(|| f.missing(format!("bandwidth ceiling at {threads} threads")))?;
            let seq = record(figures, f, "seq", &args[1], &args[2], None)?;
            let ceiling = pick(f, &point.round_gb_per_s, point.gb_per_s)?;
            let seq_seconds = pick(f, &seq.timing.round_min_s, best(&seq.timing))?;
            Ok(times(ceiling / gb_per_s(seq.len, seq_seconds)))
        }
        "kernel" | "kernel-rate" => {
            let n = if f.quantity == "kernel-rate" { 3 } else { 2 };
            let args = positional(f, n, n)?;
            let pair = kernel_pair(figures, f, &args[1])?;
            let k = match args[0].as_str() {
                "plain" => pair.plain,
                "fast" => pair.fast,
                _ => return Err(f.arguments()),
            };
            let seconds = pick(f, &k.timing.round_min_s, best(&k.timing))?;
            let ns = seconds / pair.len as f64 * 1e9;
            match (args.get(2), f.option("per")) {
                // Operations per nanosecond are billions per second.
                (Some(ops), _) => Ok(number(f.number(ops)? as f64 / ns)),
                (None, None | Some("element")) => Ok(format!("{}{NBSP}ns", number(ns))),
                (None, Some("call")) => Ok(duration(seconds)),
                (None, Some(per)) => Err(bad_option(f, "per", per, "per=element or per=call")),
            }
        }
        "kernel-speedup" => {
            let args = positional(f, 1, 1)?;
            let pair = kernel_pair(figures, f, &args[0])?;
            Ok(match pair.verdict() {
                Verdict::Wins => times(pair.speedup()),
                Verdict::Tie => "a tie".to_owned(),
                Verdict::Loses => format!("slower ({})", times(pair.speedup())),
            })
        }
        "overhead" => {
            let cost = call_cost(figures, f)?;
            let rounds = cost.overhead_rounds();
            Ok(micros(pick(f, &rounds.each, rounds.best)?))
        }
        "call" | "call-used" | "call-forked" => call(figures, f),
        "cost" | "crossover" => {
            let args = positional(f, 2, 2)?;
            let kind = if f.quantity == "cost" {
                "COST"
            } else {
                "crossover"
            };
            let topic = format!("{}: {kind} of {}", args[1], args[0]);
            figures
                .findings
                .claims
                .iter()
                .find(|c| c.topic == topic)
                .map(|c| c.page_words())
                .ok_or_else(|| f.missing(format!("finding on `{topic}`")))
        }
        "lead" => {
            let args = positional(f, 3, 3)?;
            let prefix = format!("{}, {}: {} at ", args[0], args[1], args[2]);
            figures
                .findings
                .claims
                .iter()
                .find(|c| c.topic.starts_with(&prefix))
                .map(|c| c.page_words())
                .ok_or_else(|| f.missing(format!("finding on `{prefix}…`")))
        }
        "finding" => {
            // `finding A … B`: the first sentence that says A and then B,
            // for a sentence whose figures sit between the words a page
            // can name.
            let text = positional(f, 1, usize::MAX)?.join(" ");
            figures
                .findings
                .sentences
                .iter()
                .find(|s| says_in_order(&s.text.replace(NBSP, " "), &text))
                .map(|s| s.text.clone())
                .ok_or_else(|| f.missing(format!("finding that says “{text}”")))
        }
        "pick" => choices::pick(figures, f),
        "choice" => choices::sentence(figures, f),
        "machine" => machine(figures, f),
        "peer" => {
            let args = positional(f, 1, 1)?;
            figures
                .results
                .strategies
                .iter()
                .find(|s| s.name == args[0])
                .and_then(|s| s.peer.clone().or_else(|| s.contender.clone()))
                .ok_or_else(|| f.missing(format!("peer or contender named {}", args[0])))
        }
        _ => Err(FigureError::UnknownQuantity(f.quantity.clone())),
    }
}

/// The record of `strategy` on `workload` at `len`: at `threads` threads and
/// `chunks=` (default: one per thread) chunks, or a baseline's own record
/// when no threads are given.
fn record<'a>(
    figures: &Figures<'a>,
    f: &Figure,
    strategy: &str,
    workload: &str,
    len: &str,
    threads: Option<&String>,
) -> Result<&'a Record, FigureError> {
    let len = f.number(len)?;
    let run = &figures.run;
    let found = match threads {
        None if run.is_baseline(strategy) => run.baseline_record(strategy, workload, len),
        None => return Err(f.arguments()),
        Some(t) => {
            let t = f.number(t)?;
            let chunks = f.option("chunks").map(|c| f.number(c)).transpose()?;
            run.record(strategy, workload, len, t, chunks.unwrap_or(t))
        }
    };
    found.ok_or_else(|| {
        f.missing(format!(
            "record of {strategy} on {workload} at {} elements with these threads and chunks",
            count(len)
        ))
    })
}

/// `time STRATEGY WORKLOAD LEN [THREADS]`: the fastest sample.
fn time(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let args = positional(f, 3, 4)?;
    let r = record(figures, f, &args[0], &args[1], &args[2], args.get(3))?;
    let seconds = pick(f, &r.timing.round_min_s, best(&r.timing))?;
    if let Some(per) = f.option("per") {
        if per != "element" {
            return Err(bad_option(f, "per", per, "only per=element"));
        }
        return Ok(format!("{}{NBSP}ns", number(seconds / r.len as f64 * 1e9)));
    }
    in_unit(f, seconds)
}

/// `time-span STRATEGY WORKLOAD THREADS LEN…`: the fastest and the
/// slowest of the strategy's times at these lengths, `69.8 µs to 110 µs`.
fn time_span(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let args = positional(f, 4, usize::MAX)?;
    let mut span = (f64::INFINITY, f64::NEG_INFINITY);
    for len in &args[3..] {
        let r = record(figures, f, &args[0], &args[1], len, Some(&args[2]))?;
        span = (span.0.min(best(&r.timing)), span.1.max(best(&r.timing)));
    }
    Ok(format!("{} to {}", duration(span.0), duration(span.1)))
}

/// The speedup point of `STRATEGY WORKLOAD LEN THREADS` (and `chunks=`).
fn speedup(figures: &Figures<'_>, f: &Figure, args: &[String]) -> Result<Speedup, FigureError> {
    let (strategy, workload) = (&args[0], &args[1]);
    let (len, threads) = (f.number(&args[2])?, f.number(&args[3])?);
    let chunks = f
        .option("chunks")
        .map(|c| f.number(c))
        .transpose()?
        .unwrap_or(threads);
    let missing = || {
        f.missing(format!(
            "speedup of {strategy} on {workload} at {} elements, {threads} threads, {chunks} chunks",
            count(len)
        ))
    };
    if threads == 0 || chunks % threads != 0 {
        return Err(missing());
    }
    speedups(&figures.run, strategy, workload, len, chunks / threads)
        .into_iter()
        .find(|p| p.threads == threads)
        .ok_or_else(missing)
}

/// `speedup-span WORKLOAD LEN THREADS STRATEGY…`: the lowest and highest
/// best speedup of the strategies named.
fn speedup_span(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let args = positional(f, 4, usize::MAX)?;
    let mut span = (f64::INFINITY, f64::NEG_INFINITY);
    for strategy in &args[3..] {
        let subject = [
            strategy.clone(),
            args[0].clone(),
            args[1].clone(),
            args[2].clone(),
        ];
        let s = if f.option("over") == Some("plain") {
            let r = record(figures, f, strategy, &args[0], &args[1], Some(&args[2]))?;
            let plain = kernel_pair(figures, f, &args[0])?.plain;
            if plain.len != r.len {
                return Err(f.missing("plain-loop measurement at that length"));
            }
            best(&plain.timing) / best(&r.timing)
        } else {
            speedup(figures, f, &subject)?.speedup
        };
        span = (span.0.min(s), span.1.max(s));
    }
    Ok(times_range(span.0, span.1))
}

/// `verdict STRATEGY WORKLOAD LEN THREADS`: the report's word for the
/// strategy against its baseline there, under the every-round rule.
fn verdict(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let args = positional(f, 4, 4)?;
    let p = speedup(figures, f, args)?;
    let baseline = figures.results.baseline_of(&args[0]);
    Ok(match p.against_seq {
        Verdict::Wins if p.clear_win() => format!("beats {baseline}"),
        Verdict::Wins => format!("beats {baseline} by at most a few percent"),
        Verdict::Tie => format!("ties with {baseline} within noise"),
        Verdict::Loses => format!("loses to {baseline}"),
    })
}

/// `ratio STRATEGY OTHER WORKLOAD LEN [THREADS]`: the strategy's time over
/// the other's (at the same threads, or its own record for a baseline).
fn ratio(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let args = positional(f, 4, 5)?;
    let a = record(figures, f, &args[0], &args[2], &args[3], args.get(4))?;
    let other_threads = if figures.run.is_baseline(&args[1]) {
        None
    } else {
        args.get(4)
    };
    let b = record(figures, f, &args[1], &args[2], &args[3], other_threads)?;
    let rounds = RoundValues::ratio(&RoundValues::of(&a.timing), &RoundValues::of(&b.timing));
    let r = pick(f, &rounds.each, rounds.best)?;
    match f.option("as").unwrap_or("times") {
        "times" => Ok(times(r)),
        "percent" => Ok(percent(r)),
        "less" => Ok(percent(1.0 - r)),
        other => Err(bad_option(
            f,
            "as",
            other,
            "as=times, as=percent or as=less",
        )),
    }
}

/// `gbps` and `ceiling-share`: the bandwidth a record moved, alone or as a
/// share of the ceiling at its threads.
fn bandwidth(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let args = positional(f, 3, 4)?;
    let r = record(figures, f, &args[0], &args[1], &args[2], args.get(3))?;
    let moved = gb_per_s(r.len, pick(f, &r.timing.round_min_s, best(&r.timing))?);
    if f.quantity == "gbps" {
        return Ok(format::bandwidth(moved));
    }
    let ceiling = figures
        .results
        .machine
        .ceiling_at(r.threads)
        .ok_or_else(|| f.missing(format!("bandwidth ceiling at {} threads", r.threads)))?;
    Ok(percent(moved / ceiling.gb_per_s))
}

/// The kernel micro-benchmark's pair on `workload`.
fn kernel_pair<'a>(
    figures: &Figures<'a>,
    f: &Figure,
    workload: &str,
) -> Result<KernelPair<'a>, FigureError> {
    kernel_pairs(figures.results)
        .into_iter()
        .find(|p| p.workload == workload)
        .ok_or_else(|| f.missing(format!("kernel measurement on {workload}")))
}

/// `machine rounds|cores|cpu|spin-budget`.
fn machine(figures: &Figures<'_>, f: &Figure) -> Result<String, FigureError> {
    let args = positional(f, 1, 1)?;
    let m = &figures.results.machine;
    match args[0].as_str() {
        "rounds" => Ok(count(m.rounds)),
        "cores" => Ok(count(m.logical_cores)),
        "cpu" => Ok(m.cpu_model.clone()),
        "spin-budget" => m
            .spin_budget_s
            .map(short_duration)
            .ok_or_else(|| f.missing("spin budget")),
        _ => Err(f.arguments()),
    }
}

/// Whether `sentence` contains the parts of `words` split at ` … `, in
/// that order.
fn says_in_order(sentence: &str, words: &str) -> bool {
    let mut rest = sentence;
    for part in words.split(" … ") {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}
