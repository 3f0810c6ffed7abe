//! Tests of the chart drawing: ranges, ticks, styles and the SVG.

use super::*;
use crate::xml_check::check_well_formed;

fn plain(v: f64) -> String {
    format!("{v}")
}

fn sample(label: &str, scale: Scale) -> Chart {
    let axis = |label: &str| Axis {
        label: label.to_owned(),
        scale,
        from_zero: true,
        ticks: Vec::new(),
        format: plain,
        names: Vec::new(),
        span: None,
    };
    Chart {
        title: "a chart".to_owned(),
        x: axis("threads"),
        y: axis("speedup (×)"),
        series: vec![Series {
            label: label.to_owned(),
            colour: RGBColor(1, 2, 3),
            line: Line::Dashed,
            marker: Marker::Triangle,
            points: vec![
                Point {
                    x: 1.0,
                    y: 1.0,
                    bar: Some((0.9, 1.1)),
                    noisy: true,
                    ring: true,
                    few_threads: false,
                },
                Point::at(2.0, 1.9),
            ],
        }],
        legend: None,
        marking: Some(Marking {
            x: 2.0,
            label: "2 cores".to_owned(),
        }),
    }
}

#[test]
fn a_chart_is_well_formed_svg_with_its_labels_escaped_once() {
    for scale in [Scale::Linear, Scale::Log, Scale::Log2] {
        let svg = render(&sample(r#"<b>&"x"#, scale)).expect("draws");
        check_well_formed(&svg).expect("well-formed");
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("&lt;b&gt;&amp;&quot;x"), "label escaped");
        assert!(!svg.contains("<b>"), "no raw label");
        for text in ["threads", "speedup (×)", "a chart", "2 cores", "crossover"] {
            assert!(svg.contains(text), "{text} missing");
        }
        assert!(svg.contains("<text"), "text drawn as SVG text");
    }
}

#[test]
fn automatic_ticks_are_round_numbers() {
    assert_eq!(
        auto_ticks(Scale::Linear, (0.0, 4.3)),
        vec![0.0, 1.0, 2.0, 3.0, 4.0]
    );
    assert_eq!(
        auto_ticks(Scale::Log, (-6.2, -2.9)),
        vec![-6.0, -5.0, -4.0, -3.0]
    );
    let few = auto_ticks(Scale::Log, (0.0, 1.0));
    assert_eq!(few.len(), 4, "1, 2, 5 and 10: {few:?}");
    // 1 to 64 on a log₂ axis: 2⁰ … 2⁶.
    assert_eq!(
        auto_ticks(Scale::Log2, range(Scale::Log2, false, &[1.0, 64.0])),
        vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    );
}

#[test]
fn a_log2_axis_spaces_powers_of_two_evenly() {
    let (lo, hi) = range(Scale::Log2, false, &[1.0, 2.0, 4.0, 64.0]);
    assert!(lo < 0.0 && hi > 6.0, "{lo}..{hi}");
    let axis = TickedAxis {
        lo,
        hi,
        ticks: Vec::new(),
    };
    let at = |threads: f64| axis.map(&to_axis(Scale::Log2, threads), (0, 600));
    // 1→2, 2→4 and 32→64 take the same width, to a pixel's rounding.
    let step = at(2.0) - at(1.0);
    assert!(step > 60, "{step} pixels per doubling");
    assert!((at(4.0) - at(2.0) - step).abs() <= 1);
    assert!((at(64.0) - at(32.0) - step).abs() <= 1);
    assert_eq!(from_axis(Scale::Log2, to_axis(Scale::Log2, 16.0)), 16.0);
}

#[test]
fn long_legend_labels_are_shortened() {
    assert_eq!(shorten("rayon"), "rayon");
    assert_eq!(shorten(&"x".repeat(40)).chars().count(), LEGEND_CHARS);
}
