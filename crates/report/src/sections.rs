//! The sections of one run's report, each a chart or table with its caption
//! and findings. Every sentence under a chart is computed from the data: it
//! names strategies and states numbers with units.

use doall_kernel::OVER_SPLIT;

use crate::results::{Record, RunResults};

use crate::{
    analysis::{
        self, BASELINE, Crossover, Run, Speedup, best, cost, crossover, gb_per_s, is_noisy,
        kernel_pairs, relative_ci, speedups, spread, static_ceiling, times_by_len,
    },
    charts::{self, Axis, Chart, Line, Marker, Marking, Point, Scale, Series},
    format::{NBSP, and_list, count, duration, length_tick, number, percent, plural, tick, times},
    html::{escape, swatch, table},
    palette::{CEILING, Palette, REFERENCE},
};

/// The whole body of a run's report: header, then one section per chart.
pub(crate) fn run_body(results: &RunResults, palette: &Palette) -> String {
    let run = Run::new(results);
    let mut body = header(results);
    body.push_str(&speedup_section(&run, palette));
    body.push_str(&efficiency_section(&run, palette));
    body.push_str(&time_section(&run, palette));
    body.push_str(&bandwidth_section(&run, palette));
    body.push_str(&kernel_section(results));
    body
}

/// The page title of a run.
pub(crate) fn title(results: &RunResults) -> String {
    format!(
        "doall benchmark: {} at {}",
        results.machine.host, results.machine.started_utc
    )
}

/// Title, machine table and the note on how to read the report.
fn header(results: &RunResults) -> String {
    let m = &results.machine;
    let unknown = || "unknown".to_owned();
    let ceiling = if m.bandwidth.is_empty() {
        "not measured".to_owned()
    } else {
        let parts: Vec<String> = m
            .bandwidth
            .iter()
            .map(|b| {
                format!(
                    "{}{NBSP}GB/s at {}",
                    number(b.gb_per_s),
                    plural(b.threads, "thread")
                )
            })
            .collect();
        parts.join(", ")
    };
    let rows: Vec<Vec<String>> = [
        ("Host", m.host.clone()),
        ("CPU", m.cpu_model.clone()),
        ("Logical cores", count(m.logical_cores)),
        (
            "Available parallelism (cores this process may use)",
            count(m.available_parallelism),
        ),
        ("Default thread count from", m.thread_source.clone()),
        ("OS", m.os.clone()),
        ("rustc", m.rustc.clone().unwrap_or_else(unknown)),
        ("Commit", m.git_commit.clone().unwrap_or_else(unknown)),
        ("Bench mode", m.bench_mode.clone()),
        ("Started (UTC)", m.started_utc.clone()),
        ("Memory bandwidth ceiling (read + write)", ceiling),
    ]
    .into_iter()
    .map(|(k, v)| vec![escape(k), escape(&v)])
    .collect();
    let samples: Vec<usize> = results.records.iter().map(|r| r.timing.samples).collect();
    let sample_note = match (samples.iter().min(), samples.iter().max()) {
        (Some(lo), Some(hi)) if lo == hi => format!("{} samples", count(*lo)),
        (Some(lo), Some(hi)) => format!("{} to {} samples", count(*lo), count(*hi)),
        _ => "its samples".to_owned(),
    };
    format!(
        "<h1>{}</h1>\n{}\
         <div class=\"howto\"><p><strong>How to read this.</strong> Every figure \
         comes from the <em>fastest</em> of {sample_note} (each sample is the mean time of \
         many calls): on a shared machine the median of the same benchmark swings by 30% or \
         more from run to run, while the fastest sample holds within a few percent. Each \
         point's bar reaches from it to the upper 95% confidence bound of the median, so \
         a long bar shows a noisy measurement. <em>Speedup</em> is seq's fastest time \
         divided by the strategy's at the same length (seq is one thread running the same \
         fast kernel); <em>efficiency</em> is speedup divided by threads (1 is perfect). \
         <em>COST</em> is the fewest threads at which a strategy beats seq. A point whose \
         median lies more than 20% above its fastest sample, or whose median's confidence \
         interval is wider than 20% of it, is drawn hollow and listed as noisy: do not \
         read much into it.</p></div>\n",
        escape(&title(results)),
        table("machine", &[escape("Machine"), escape("Value")], &rows)
    )
}

/// What a run measured, for the note that replaces a missing chart.
fn what_ran(run: &Run<'_>) -> String {
    if run.workloads.is_empty() {
        return "this run has no strategy records".to_owned();
    }
    let parts: Vec<String> = run
        .workloads
        .iter()
        .map(|w| {
            let mut names: Vec<String> = run
                .results
                .records
                .iter()
                .filter(|r| &r.workload == w)
                .map(|r| r.strategy.clone())
                .collect();
            names.sort_unstable();
            names.dedup();
            let lens = run.lens(w);
            let len_range = match (lens.first(), lens.last()) {
                (Some(a), Some(b)) if a == b => format!("{} elements", count(*a)),
                (Some(a), Some(b)) => format!(
                    "{} lengths from {} to {} elements",
                    lens.len(),
                    count(*a),
                    count(*b)
                ),
                _ => String::new(),
            };
            format!("{} ({}; {len_range})", escape(w), escape(&names.join(", ")))
        })
        .collect();
    format!("this run measured {}", parts.join("; "))
}

/// A chart with its caption, or a note if it could not be drawn.
fn figure(chart: &Chart, caption: &str) -> String {
    match charts::render(chart) {
        Ok(svg) => format!("<figure>\n{svg}\n<figcaption>{caption}</figcaption>\n</figure>\n"),
        Err(reason) => format!("<p class=\"note\">{}</p>\n", escape(&reason)),
    }
}

/// Sentences as a findings box.
fn findings(sentences: &[String]) -> String {
    let mut out = String::from("<div class=\"findings\">\n");
    for s in sentences.iter().filter(|s| !s.is_empty()) {
        out.push_str(&format!("<p>{s}</p>\n"));
    }
    out.push_str("</div>\n");
    out
}

/// The sentence that lists a chart's noisy records, or nothing.
fn noisy_note(records: &[&Record]) -> String {
    let noisy: Vec<String> = records
        .iter()
        .filter(|r| is_noisy(&r.timing))
        .map(|r| {
            format!(
                "{} at {} elements, {}, {} (median {} above the fastest, CI {} of the median)",
                escape(&r.strategy),
                count(r.len),
                plural(r.threads, "thread"),
                plural(r.chunks, "chunk"),
                percent(spread(&r.timing)),
                percent(relative_ci(&r.timing))
            )
        })
        .collect();
    if noisy.is_empty() {
        String::new()
    } else {
        format!("Noisy (hollow): {}.", and_list(&noisy))
    }
}

/// A strategy's name with its colour, for tables.
fn name_cell(palette: &Palette, strategy: &str, variant: &str) -> String {
    format!(
        "{}{}{}",
        swatch(&palette.hex(strategy)),
        escape(strategy),
        escape(variant)
    )
}

/// The chunkings drawn for a workload: T chunks, and 8T on ramp.
fn chunkings(run: &Run<'_>, strategy: &str, workload: &str, len: usize) -> Vec<usize> {
    let mut out = vec![1];
    if workload == "ramp" && run.has_chunking(strategy, workload, len, OVER_SPLIT) {
        out.push(OVER_SPLIT);
    }
    out
}

/// The label of a strategy at a chunking.
fn variant(chunks_per_thread: usize) -> String {
    if chunks_per_thread == 1 {
        String::new()
    } else {
        format!(", {chunks_per_thread}T chunks")
    }
}

fn threads_axis(ticks: Vec<f64>) -> Axis {
    Axis {
        label: "threads T".to_owned(),
        scale: Scale::Linear,
        from_zero: false,
        ticks,
        format: |v| format!("{v:.0}"),
    }
}

/// Section 1: speedup against threads, with COST beside it.
fn speedup_section(run: &Run<'_>, palette: &Palette) -> String {
    let mut out = String::from("<h2>Speedup over seq</h2>\n");
    let mut drawn = 0;
    for workload in &run.workloads {
        let Some(len) = run.largest_len(workload) else {
            continue;
        };
        drawn += 1;
        out.push_str(&speedup_workload(run, palette, workload, len));
    }
    if drawn == 0 {
        out.push_str(&format!(
            "<p class=\"note\">No speedup chart: no parallel strategy was measured next to seq; {}.</p>\n",
            what_ran(run)
        ));
    }
    out
}

/// One line of a speedup chart: a strategy at one chunking.
pub(crate) struct SpeedupLine {
    /// The strategy.
    pub(crate) strategy: String,
    /// Chunks per thread: 1, or 8 for the over-split ramp lines.
    pub(crate) chunks_per_thread: usize,
    /// The points, ascending by threads.
    pub(crate) points: Vec<Speedup>,
}

impl SpeedupLine {
    /// The legend label, unescaped.
    fn label(&self) -> String {
        format!("{}{}", self.strategy, variant(self.chunks_per_thread))
    }
}

/// Every speedup line of `workload` at `len`.
pub(crate) fn speedup_lines(run: &Run<'_>, workload: &str, len: usize) -> Vec<SpeedupLine> {
    let mut lines = Vec::new();
    for s in &run.strategies {
        for k in chunkings(run, s, workload, len) {
            let points = speedups(run, s, workload, len, k);
            if !points.is_empty() {
                lines.push(SpeedupLine {
                    strategy: s.clone(),
                    chunks_per_thread: k,
                    points,
                });
            }
        }
    }
    lines
}

/// The speedup chart of `workload` at `len`: the lines, the ideal, the ramp
/// ceiling and, if threads exceed the cores, where the cores run out.
pub(crate) fn speedup_chart(
    run: &Run<'_>,
    palette: &Palette,
    workload: &str,
    len: usize,
    lines: &[SpeedupLine],
    title: String,
) -> Chart {
    let threads = run.thread_counts(workload, len);
    let max_t = threads.iter().copied().max().unwrap_or(1);
    let available = run.results.machine.available_parallelism;
    let mut series: Vec<Series> = lines
        .iter()
        .map(|l| {
            let plain = l.chunks_per_thread == 1;
            Series {
                label: l.label(),
                colour: palette.colour(&l.strategy),
                line: if plain { Line::Solid } else { Line::Dashed },
                marker: if plain {
                    Marker::Circle
                } else {
                    Marker::Triangle
                },
                points: l
                    .points
                    .iter()
                    .map(|p| Point {
                        x: p.threads as f64,
                        y: p.speedup,
                        bar: Some((p.low, p.high)),
                        noisy: p.noisy,
                        ring: false,
                    })
                    .collect(),
            }
        })
        .collect();
    let mut all_t = threads;
    if !all_t.contains(&1) {
        all_t.insert(0, 1);
    }
    series.push(Series {
        label: "ideal: speedup = T".to_owned(),
        colour: REFERENCE,
        line: Line::Dashed,
        marker: Marker::None,
        points: all_t
            .iter()
            .map(|&t| Point::at(t as f64, t as f64))
            .collect(),
    });
    if workload == "ramp" {
        series.push(Series {
            label: "ceiling T²/(2T−1)".to_owned(),
            colour: CEILING,
            line: Line::Dotted,
            marker: Marker::None,
            points: all_t
                .iter()
                .map(|&t| Point::at(t as f64, static_ceiling(t)))
                .collect(),
        });
    }
    Chart {
        title,
        x: threads_axis(all_t.iter().map(|&t| t as f64).collect()),
        y: Axis {
            label: "speedup over seq (×)".to_owned(),
            scale: Scale::Linear,
            from_zero: true,
            ticks: Vec::new(),
            format: tick,
        },
        series,
        marking: (max_t > available).then(|| Marking {
            x: available as f64,
            label: format!("{available} cores available"),
        }),
    }
}

/// The caption of a speedup chart.
pub(crate) fn speedup_caption(workload: &str, len: usize) -> String {
    let ramp_caption = if workload == "ramp" {
        " Dashed lines with triangles use 8T chunks (over-splitting); the dotted line is the \
         best speedup T equal static chunks can reach on ramp, T²/(2T−1)."
    } else {
        ""
    };
    format!(
        "Speedup = seq's fastest time ÷ the strategy's fastest time, both at {} elements, \
         with T chunks for T threads (solid lines).{ramp_caption} Bars run from seq's fastest \
         ÷ the strategy's upper 95% CI bound of its median to seq's upper bound ÷ the \
         strategy's fastest: how far noise could move the point.",
        count(len)
    )
}

fn speedup_workload(run: &Run<'_>, palette: &Palette, workload: &str, len: usize) -> String {
    let max_t = run
        .thread_counts(workload, len)
        .into_iter()
        .max()
        .unwrap_or(1);
    let available = run.results.machine.available_parallelism;
    let lines = speedup_lines(run, workload, len);
    let chart = speedup_chart(
        run,
        palette,
        workload,
        len,
        &lines,
        format!("{workload}: speedup over seq at {} elements", count(len)),
    );
    let caption = speedup_caption(workload, len);
    let mut cost_rows = Vec::new();
    let mut used: Vec<&Record> = run.seq(workload, len).into_iter().collect();
    // (label, speedup at max_t) of the T-chunk lines, and of the 8T lines.
    let mut at_max: Vec<(String, f64)> = Vec::new();
    let mut split_at_max: Vec<(String, f64)> = Vec::new();
    let mut costs: Vec<(String, Option<usize>)> = Vec::new();
    for line in &lines {
        let (s, k, points) = (&line.strategy, line.chunks_per_thread, &line.points);
        used.extend(
            points
                .iter()
                .filter_map(|p| run.record(s, workload, len, p.threads, k * p.threads)),
        );
        if let Some(p) = points.iter().find(|p| p.threads == max_t) {
            if k == 1 {
                at_max.push((escape(s), p.speedup));
            } else {
                split_at_max.push((escape(s), p.speedup));
            }
        }
        let c = cost(points);
        if k == 1 {
            costs.push((escape(s), c));
        }
        let best = points.iter().map(|p| p.speedup).fold(f64::NAN, f64::max);
        cost_rows.push(vec![
            name_cell(palette, s, &variant(k)),
            match c {
                Some(t) => plural(t, "thread"),
                None => "never on this machine".to_owned(),
            },
            times(best),
        ]);
    }
    let cost_table = table(
        "cost",
        &[
            "strategy".to_owned(),
            "COST".to_owned(),
            "best speedup".to_owned(),
        ],
        &cost_rows,
    );

    let mut sentences = Vec::new();
    at_max.sort_by(|a, b| b.1.total_cmp(&a.1));
    match at_max.as_slice() {
        [] => {}
        [(name, s)] => sentences.push(format!(
            "At {} {name} reaches {} ({} of the ideal {}).",
            plural(max_t, "thread"),
            times(*s),
            percent(s / max_t as f64),
            times(max_t as f64)
        )),
        [(best, bs), .., (worst, ws)] => sentences.push(format!(
            "At {} {best} is fastest with {} ({} of the ideal {}); {worst} is slowest with {}.",
            plural(max_t, "thread"),
            times(*bs),
            percent(bs / max_t as f64),
            times(max_t as f64),
            times(*ws)
        )),
    }
    if !costs.is_empty() {
        let beats: Vec<String> = costs
            .iter()
            .filter_map(|(n, c)| c.map(|t| format!("{n} beats seq from {}", plural(t, "thread"))))
            .collect();
        let never: Vec<String> = costs
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| n.clone())
            .collect();
        let mut s = format!("COST: {}", and_list(&beats));
        if beats.is_empty() {
            s = "COST: no strategy beats seq at any measured thread count".to_owned();
        }
        if !never.is_empty() && !beats.is_empty() {
            s.push_str(&format!("; {} never on this machine", and_list(&never)));
        }
        s.push('.');
        sentences.push(s);
    }
    if workload == "ramp" {
        let ceiling = static_ceiling(max_t);
        split_at_max.sort_by(|a, b| b.1.total_cmp(&a.1));
        if let Some((name, s)) = split_at_max.first() {
            let verdict = if *s > ceiling { "above" } else { "below" };
            sentences.push(format!(
                "Equal static chunks cannot beat {} at {} on ramp; with {} chunks {name} \
                 reaches {}, {verdict} that ceiling.",
                times(ceiling),
                plural(max_t, "thread"),
                count(OVER_SPLIT * max_t),
                times(*s)
            ));
        } else if let Some((name, s)) = at_max.first() {
            sentences.push(format!(
                "Equal static chunks cannot beat {} at {} on ramp; the best with T chunks, \
                 {name}, reaches {}.",
                times(ceiling),
                plural(max_t, "thread"),
                times(*s)
            ));
        }
        if let Some((name, s)) = at_max.first().filter(|(_, s)| *s > ceiling * 1.02) {
            sentences.push(format!(
                "With T chunks {name} still reaches {}, above that ceiling: the ceiling \
                 assumes an element costs in proportion to its terms, but the kernel also \
                 pays a fixed cost per element (loading, storing, counting its terms), \
                 which makes the equal chunks less unequal than the terms alone.",
                times(*s)
            ));
        }
    }
    if max_t > available {
        sentences.push(format!(
            "Counts above {} exceed the cores this process may use: those threads take turns.",
            plural(available, "thread")
        ));
    }
    sentences.push(noisy_note(&used));
    format!(
        "<h3>{}</h3>\n<div class=\"figure-row\">\n{}<div class=\"side\">{cost_table}<p class=\"note\">COST \
         (McSherry et al., <em>Scalability! But at what COST?</em>): the fewest threads at \
         which the strategy's fastest time beats seq's by more than 3%, at {} elements.</p></div>\n</div>\n{}",
        escape(workload),
        figure(&chart, &caption),
        count(len),
        findings(&sentences)
    )
}

/// A heat colour from red (efficiency 0) through yellow to green (1 or more).
fn heat(efficiency: f64) -> String {
    let hue = (efficiency.clamp(0.0, 1.0) * 120.0).round();
    format!("hsl({hue}, 70%, 80%)")
}

/// Section 4: efficiency as a heat-coloured table per workload.
fn efficiency_section(run: &Run<'_>, palette: &Palette) -> String {
    let mut out = String::from("<h2>Parallel efficiency (speedup ÷ threads)</h2>\n");
    let mut drawn = 0;
    for workload in &run.workloads {
        let Some(len) = run.largest_len(workload) else {
            continue;
        };
        drawn += 1;
        let threads = run.thread_counts(workload, len);
        let max_t = threads.iter().copied().max().unwrap_or(1);
        let mut header = vec!["strategy".to_owned()];
        header.extend(threads.iter().map(|t| format!("T{NBSP}={NBSP}{t}")));
        let mut rows = Vec::new();
        let mut at_max: Vec<(String, f64)> = Vec::new();
        for s in &run.strategies {
            for k in chunkings(run, s, workload, len) {
                let points = speedups(run, s, workload, len, k);
                if points.is_empty() {
                    continue;
                }
                let mut row = vec![name_cell(palette, s, &variant(k))];
                for t in &threads {
                    row.push(match points.iter().find(|p| p.threads == *t) {
                        Some(p) => format!(
                            "<span class=\"heat\" style=\"background:{}\">{}</span>",
                            heat(p.efficiency()),
                            number(p.efficiency())
                        ),
                        None => "–".to_owned(),
                    });
                }
                rows.push(row);
                if let Some(p) = points.iter().find(|p| p.threads == max_t) {
                    at_max.push((escape(&format!("{s}{}", variant(k))), p.efficiency()));
                }
            }
        }
        at_max.sort_by(|a, b| b.1.total_cmp(&a.1));
        let sentence = match at_max.as_slice() {
            [] => String::new(),
            [(name, e)] => format!(
                "At {} {name} keeps an efficiency of {}: each thread does {} of the work \
                 seq does alone in the same time.",
                plural(max_t, "thread"),
                number(*e),
                percent(*e)
            ),
            [(best, be), .., (worst, we)] => format!(
                "At {} the most efficient is {best} ({}: each thread does {} of what seq does \
                 alone) and the least efficient is {worst} ({}).",
                plural(max_t, "thread"),
                number(*be),
                percent(*be),
                number(*we)
            ),
        };
        out.push_str(&format!(
            "<h3>{}</h3>\n{}<p class=\"note\">Efficiency = speedup ÷ T from the fastest times at {} \
             elements, T chunks for T threads{}; red is 0, green is 1 or more.</p>\n{}",
            escape(workload),
            table("efficiency", &header, &rows),
            count(len),
            if workload == "ramp" {
                " (and 8T chunks where marked)"
            } else {
                ""
            },
            findings(&[sentence])
        ));
    }
    if drawn == 0 {
        out.push_str(&format!(
            "<p class=\"note\">No efficiency table: no parallel strategy was measured next to seq; {}.</p>\n",
            what_ran(run)
        ));
    }
    out
}

/// Up to `max` values spread evenly (by position) over `values`, ends included.
fn thin(values: &[usize], max: usize) -> Vec<usize> {
    if values.len() <= max || max < 2 {
        return values.to_vec();
    }
    let last = values.len() - 1;
    let mut out: Vec<usize> = (0..max)
        .map(|i| values[(i * last + (max - 1) / 2) / (max - 1)])
        .collect();
    out.dedup();
    out
}

/// Section 2: time against length, log–log, with crossovers.
fn time_section(run: &Run<'_>, palette: &Palette) -> String {
    let mut out = String::from("<h2>Time against length</h2>\n");
    let mut drawn = 0;
    for workload in &run.workloads {
        let Some(max_t) = run.max_threads(workload) else {
            continue;
        };
        let seq_points = times_by_len(run, BASELINE, workload, 1, 1);
        if seq_points.is_empty() {
            continue;
        }
        drawn += 1;
        let mut series = vec![len_series(palette, BASELINE, &seq_points, None)];
        let mut used: Vec<&Record> = seq_points
            .iter()
            .filter_map(|p| run.seq(workload, p.len))
            .collect();
        let mut beats = Vec::new();
        let mut never = Vec::new();
        let mut largest: Vec<(String, f64)> = Vec::new();
        let mut smallest: Vec<(String, usize, f64)> = Vec::new();
        for s in &run.strategies {
            let points = times_by_len(run, s, workload, max_t, max_t);
            if points.is_empty() {
                continue;
            }
            used.extend(
                points
                    .iter()
                    .filter_map(|p| run.record(s, workload, p.len, max_t, max_t)),
            );
            let c = crossover(&points, &seq_points);
            match c {
                Crossover::From(len) => beats.push(format!(
                    "{} beats seq from {} elements",
                    escape(s),
                    count(len)
                )),
                Crossover::Never => never.push(escape(s)),
                Crossover::NoData => {}
            }
            // The largest and smallest lengths seq was also measured at.
            let common: Vec<(usize, f64)> = points
                .iter()
                .filter(|p| seq_points.iter().any(|q| q.len == p.len))
                .map(|p| (p.len, best(&p.timing)))
                .collect();
            if let Some((_, t)) = common.last() {
                largest.push((escape(s), *t));
            }
            if let Some((len, t)) = common.first() {
                smallest.push((escape(s), *len, *t));
            }
            let ring = match c {
                Crossover::From(len) => Some(len),
                _ => None,
            };
            series.push(len_series(palette, s, &points, ring));
        }
        let lens = run.lens(workload);
        let chart = Chart {
            title: format!(
                "{workload}: time per call, {} against seq",
                plural(max_t, "thread")
            ),
            x: Axis {
                label: "vector length (elements)".to_owned(),
                scale: Scale::Log,
                from_zero: false,
                ticks: thin(&lens, 6).into_iter().map(|l| l as f64).collect(),
                format: |v| length_tick(v.round() as usize),
            },
            y: Axis {
                label: "time per call (fastest)".to_owned(),
                scale: Scale::Log,
                from_zero: false,
                ticks: Vec::new(),
                format: duration,
            },
            series,
            marking: None,
        };
        let caption = format!(
            "Fastest time per call, with a bar up to the upper 95% bound of the median; both axes logarithmic. \
             Parallel strategies use {max_t} threads and {max_t} chunks; seq runs on one \
             thread. A ring marks each strategy's crossover: the smallest measured length \
             from which its fastest time beats seq's at every larger measured length."
        );
        let mut sentences = Vec::new();
        let mut crossing = beats.clone();
        if !never.is_empty() {
            crossing.push(format!(
                "{} never {} at these sizes",
                and_list(&never),
                if never.len() == 1 { "does" } else { "do" }
            ));
        }
        if !crossing.is_empty() {
            sentences.push(format!("{}.", crossing.join("; ")));
        }
        if let Some((name, len, t)) = smallest.iter().max_by(|a, b| a.2.total_cmp(&b.2))
            && let Some(seq) = seq_points.iter().find(|q| q.len == *len)
        {
            let ratio = t / best(&seq.timing);
            if ratio > 1.0 {
                sentences.push(format!(
                    "At {} elements {name} takes {} against seq's {} ({} slower): starting \
                     and joining {} costs more than the work.",
                    count(*len),
                    duration(*t),
                    duration(best(&seq.timing)),
                    times(ratio),
                    plural(max_t, "thread")
                ));
            }
        }
        if let (Some((name, t)), Some(seq)) = (
            largest.iter().min_by(|a, b| a.1.total_cmp(&b.1)),
            seq_points.last(),
        ) {
            sentences.push(format!(
                "At {} elements the fastest is {name} with {}, against seq's {}.",
                count(seq.len),
                duration(*t),
                duration(best(&seq.timing))
            ));
        }
        sentences.push(noisy_note(&used));
        out.push_str(&format!(
            "<h3>{}</h3>\n{}{}",
            escape(workload),
            figure(&chart, &caption),
            findings(&sentences)
        ));
    }
    if drawn == 0 {
        out.push_str(&format!(
            "<p class=\"note\">No time-against-length chart: it needs seq and a parallel \
             strategy on the same workload; {}.</p>\n",
            what_ran(run)
        ));
    }
    out
}

/// A strategy's times as a chart series, with a ring at `ring`'s length.
fn len_series(
    palette: &Palette,
    strategy: &str,
    points: &[analysis::LenPoint],
    ring: Option<usize>,
) -> Series {
    Series {
        label: strategy.to_owned(),
        colour: palette.colour(strategy),
        line: Line::Solid,
        marker: Marker::Circle,
        points: points
            .iter()
            .map(|p| Point {
                x: p.len as f64,
                y: best(&p.timing),
                bar: Some((best(&p.timing), p.timing.upper_s)),
                noisy: is_noisy(&p.timing),
                ring: ring == Some(p.len),
            })
            .collect(),
    }
}

/// Section 3: the light workload's bandwidth against the machine's ceiling.
fn bandwidth_section(run: &Run<'_>, palette: &Palette) -> String {
    let mut out = String::from("<h2>Memory bandwidth on light</h2>\n");
    let workload = "light";
    let Some(len) = run.largest_len(workload) else {
        out.push_str(&format!(
            "<p class=\"note\">No bandwidth chart: it needs light with seq and a parallel \
             strategy; {}.</p>\n",
            what_ran(run)
        ));
        return out;
    };
    let ceiling = &run.results.machine.bandwidth;
    let mut series = Vec::new();
    let mut used: Vec<&Record> = Vec::new();
    // (name, threads, GB/s) of every point drawn.
    let mut achieved: Vec<(String, usize, f64)> = Vec::new();
    let gb_point = |r: &Record| Point {
        x: r.threads as f64,
        y: gb_per_s(len, best(&r.timing)),
        bar: Some((
            gb_per_s(len, r.timing.upper_s),
            gb_per_s(len, best(&r.timing)),
        )),
        noisy: is_noisy(&r.timing),
        ring: false,
    };
    if let Some(seq) = run.seq(workload, len) {
        used.push(seq);
        achieved.push((BASELINE.to_owned(), 1, gb_per_s(len, best(&seq.timing))));
        series.push(Series {
            label: "seq (1 thread)".to_owned(),
            colour: palette.colour(BASELINE),
            line: Line::Solid,
            marker: Marker::Circle,
            points: vec![gb_point(seq)],
        });
    }
    let threads = run.thread_counts(workload, len);
    for s in &run.strategies {
        let records: Vec<&Record> = threads
            .iter()
            .filter_map(|&t| run.record(s, workload, len, t, t))
            .collect();
        if records.is_empty() {
            continue;
        }
        used.extend(records.iter().copied());
        achieved.extend(
            records
                .iter()
                .map(|r| (s.clone(), r.threads, gb_per_s(len, best(&r.timing)))),
        );
        series.push(Series {
            label: s.clone(),
            colour: palette.colour(s),
            line: Line::Solid,
            marker: Marker::Circle,
            points: records.iter().map(|r| gb_point(r)).collect(),
        });
    }
    let mut ceiling_points: Vec<&crate::results::BandwidthPoint> = ceiling.iter().collect();
    ceiling_points.sort_by_key(|b| b.threads);
    if !ceiling_points.is_empty() {
        series.push(Series {
            label: "measured ceiling".to_owned(),
            colour: REFERENCE,
            line: Line::Dotted,
            marker: if ceiling_points.len() == 1 {
                Marker::Triangle
            } else {
                Marker::None
            },
            points: ceiling_points
                .iter()
                .map(|b| Point::at(b.threads as f64, b.gb_per_s))
                .collect(),
        });
    }
    let mut ticks: Vec<usize> = threads.clone();
    ticks.extend(ceiling_points.iter().map(|b| b.threads));
    ticks.push(1);
    ticks.sort_unstable();
    ticks.dedup();
    let chart = Chart {
        title: format!("light: bandwidth at {} elements", count(len)),
        x: threads_axis(ticks.iter().map(|&t| t as f64).collect()),
        y: Axis {
            label: "bandwidth (GB/s, read + write)".to_owned(),
            scale: Scale::Linear,
            from_zero: true,
            ticks: Vec::new(),
            format: tick,
        },
        series,
        marking: None,
    };
    let caption = format!(
        "Bandwidth = 16 bytes (one 8-byte read and one 8-byte write) × {} elements ÷ fastest \
         time per call, in GB/s (10⁹ bytes per second), with T chunks for T threads; bars reach \
         down to the upper 95% bound of the median time. The dotted line is the ceiling: a \
         STREAM-like in-place read-modify-write over the same length, reset and timed the same \
         way in the same run (before the benchmarks and right after light), its fastest sample.",
        count(len)
    );
    let mut sentences = Vec::new();
    let ceiling_at = |t: usize| ceiling.iter().find(|b| b.threads == t).map(|b| b.gb_per_s);
    if let Some((name, t, gb)) = achieved.iter().max_by(|a, b| a.2.total_cmp(&b.2)) {
        let mut s = format!(
            "The best is {} at {}: {}{NBSP}GB/s",
            escape(name),
            plural(*t, "thread"),
            number(*gb)
        );
        match ceiling_at(*t) {
            Some(c) => {
                s.push_str(&format!(
                    ", {} of the {}{NBSP}GB/s ceiling measured at {}.",
                    percent(gb / c),
                    number(c),
                    plural(*t, "thread")
                ));
                if gb / c > 1.05 {
                    s.push_str(
                        " Above the ceiling: this machine's memory bandwidth changed during \
                         the run (the ceiling is the best of its rounds), so read the \
                         bandwidth figures as approximate.",
                    );
                }
            }
            None => match ceiling
                .iter()
                .max_by(|a, b| a.gb_per_s.total_cmp(&b.gb_per_s))
            {
                Some(c) => s.push_str(&format!(
                    ", {} of the highest ceiling measured ({}{NBSP}GB/s at {}).",
                    percent(gb / c.gb_per_s),
                    number(c.gb_per_s),
                    plural(c.threads, "thread")
                )),
                None => s.push_str("; no ceiling was measured on this machine."),
            },
        }
        sentences.push(s);
    }
    // Light against heavy: the same strategy, the same thread count.
    let max_t = threads.iter().copied().max().unwrap_or(1);
    if let Some(heavy_len) = run.largest_len("heavy") {
        let best_light = run
            .strategies
            .iter()
            .filter_map(|s| {
                speedups(run, s, workload, len, 1)
                    .into_iter()
                    .find(|p| p.threads == max_t)
                    .map(|p| (s, p.speedup))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((s, light_speedup)) = best_light
            && let Some(heavy) = speedups(run, s, "heavy", heavy_len, 1)
                .into_iter()
                .find(|p| p.threads == max_t)
        {
            sentences.push(format!(
                "At {} {} speeds light up {} but heavy {}: light does 2 Horner steps per \
                 16 bytes, so memory, not the cores, sets its pace.",
                plural(max_t, "thread"),
                escape(s),
                times(light_speedup),
                times(heavy.speedup)
            ));
        }
    }
    sentences.push(noisy_note(&used));
    out.push_str(&figure(&chart, &caption));
    out.push_str(&findings(&sentences));
    out
}

/// Section 6: the plain loop against the fast kernel, one thread.
fn kernel_section(results: &RunResults) -> String {
    let mut out = String::from("<h2>Single-thread kernel: plain loop against fast kernel</h2>\n");
    let pairs = kernel_pairs(results);
    if pairs.is_empty() {
        out.push_str(
            "<p class=\"note\">No kernel table: this run has no plain/fast kernel pair.</p>\n",
        );
        return out;
    }
    let widest = pairs.iter().map(|p| p.speedup()).fold(1.0, f64::max);
    let rows: Vec<Vec<String>> = pairs
        .iter()
        .map(|p| {
            let plain = &p.plain.timing;
            let fast = &p.fast.timing;
            vec![
                escape(&p.workload),
                count(p.len),
                number(analysis::ns_per_element(plain, p.len)),
                number(analysis::ns_per_element(fast, p.len)),
                number(analysis::elements_per_s(plain, p.len) / 1e6),
                number(analysis::elements_per_s(fast, p.len) / 1e6),
                format!(
                    "{}<span class=\"bar\" style=\"width:{:.1}em\"></span>",
                    times(p.speedup()),
                    4.0 * p.speedup() / widest
                ),
            ]
        })
        .collect();
    let header: Vec<String> = [
        "workload",
        "elements",
        "plain ns/element",
        "fast ns/element",
        "plain M elements/s",
        "fast M elements/s",
        "fast ÷ plain",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    out.push_str(&table("kernel", &header, &rows));
    out.push_str(
        "<p class=\"note\">One thread, fastest time per call over two interleaved rounds; \
         the speedup is the plain loop's time ÷ the fast kernel's.</p>\n",
    );
    let mut sentences: Vec<String> = pairs
        .iter()
        .map(|p| {
            format!(
                "On {} the fast kernel takes {}{NBSP}ns per element against {}{NBSP}ns for \
                 the plain loop: {} faster.",
                escape(&p.workload),
                number(analysis::ns_per_element(&p.fast.timing, p.len)),
                number(analysis::ns_per_element(&p.plain.timing, p.len)),
                times(p.speedup())
            )
        })
        .collect();
    if pairs.len() > 1 {
        let most = pairs
            .iter()
            .max_by(|a, b| a.speedup().total_cmp(&b.speedup()));
        let least = pairs
            .iter()
            .min_by(|a, b| a.speedup().total_cmp(&b.speedup()));
        if let (Some(most), Some(least)) = (most, least) {
            sentences.push(format!(
                "The gain is largest on {} ({}) and smallest on {} ({}).",
                escape(&most.workload),
                times(most.speedup()),
                escape(&least.workload),
                times(least.speedup())
            ));
        }
    }
    let noisy: Vec<&str> = results
        .kernel
        .iter()
        .filter(|k| is_noisy(&k.timing))
        .map(|k| k.kernel.as_str())
        .collect();
    if !noisy.is_empty() {
        sentences.push(format!(
            "{} of the kernel measurements are noisy (median over 20% above the fastest, or CI wider than 20% of the median).",
            count(noisy.len())
        ));
    }
    out.push_str(&findings(&sentences));
    out
}
