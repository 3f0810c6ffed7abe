//! One colour per strategy, the same in every chart and table of a page.
//!
//! Every strategy gets the colour at its index in the run's strategy order
//! (the registry's, recorded in `results.json`), so `rayon` is the same
//! green on every page. On a page of several runs, the first run's order
//! comes first and names only later runs know follow.
//!
//! A peer (a program in another language run beside the Rust strategies,
//! such as Effective Go's DoAll) takes its colour from a palette of its own,
//! so that a run with a peer keeps every Rust strategy's colour; a peer the
//! palette knows by name (go, openmp and their loops) has the same colour
//! whichever other peers ran. The palette
//! is where every chart and table asks whether a name is a peer: its lines
//! are dashed and its name is marked, everywhere, from this one answer.
//!
//! A contender (another crate's fork-join, measured on our kernel) is a
//! family of its own in the same way: colours from a palette of its own, so
//! that ours keep theirs, a diamond at each point on every chart and its
//! name marked in every table.

use std::collections::{BTreeMap, BTreeSet};

use doall_results::RunResults;
use plotters::style::RGBColor;

/// Ten colours that stay distinct on screen and on paper.
const COLOURS: [RGBColor; 10] = [
    RGBColor(0x33, 0x33, 0x33), // dark grey: seq, the baseline
    RGBColor(0x1f, 0x77, 0xb4), // blue
    RGBColor(0xff, 0x7f, 0x0e), // orange
    RGBColor(0x2c, 0xa0, 0x2c), // green
    RGBColor(0xd6, 0x27, 0x28), // red
    RGBColor(0x94, 0x67, 0xbd), // purple
    RGBColor(0x8c, 0x56, 0x4b), // brown
    RGBColor(0xe3, 0x77, 0xc2), // pink
    RGBColor(0x17, 0xbe, 0xcf), // cyan
    RGBColor(0xbc, 0xbd, 0x22), // olive
];

/// The colours of peers: Go's blue (its brand colour) and a dark teal for
/// Go's own loop, a dark gold and a dark brown for OpenMP and its C loop,
/// then more for peers the palette does not know by name.
const PEER_COLOURS: [RGBColor; 6] = [
    RGBColor(0x00, 0xad, 0xd8), // Go blue: go
    RGBColor(0x00, 0x5f, 0x6b), // dark teal: go-seq
    RGBColor(0xb8, 0x86, 0x0b), // dark gold: openmp
    RGBColor(0x5c, 0x40, 0x00), // dark brown: openmp-seq
    RGBColor(0x6a, 0x3d, 0x9a), // dark purple
    RGBColor(0x80, 0x80, 0x00), // dark olive
];

/// The peers with a colour of their own, at these places of PEER_COLOURS.
const KNOWN_PEERS: [&str; 4] = ["go", "go-seq", "openmp", "openmp-seq"];

/// What a table and a legend add to a peer's name.
pub(crate) const PEER_MARK: &str = " (peer)";

/// The colours of contenders, in registry order: hues that none of ours
/// (the first six of [`COLOURS`]) and none of the peers' uses, so that a
/// contender's line never passes for one of ours even before its diamond
/// is seen.
const CONTENDER_COLOURS: [RGBColor; 6] = [
    RGBColor(0xe7, 0x29, 0x8a), // magenta
    RGBColor(0x28, 0x35, 0x93), // indigo
    RGBColor(0x7f, 0xb8, 0x00), // lime
    RGBColor(0xe6, 0xab, 0x02), // amber
    RGBColor(0x66, 0x66, 0x00), // dark olive
    RGBColor(0xf4, 0x6d, 0x43), // coral
];

/// What a table adds to a contender's name. A legend does not: it draws
/// the contender's diamond and says once what the diamond means.
pub(crate) const CONTENDER_MARK: &str = " (contender)";

/// The grey of reference lines (ideal speedup, ceilings): not a strategy.
pub(crate) const REFERENCE: RGBColor = RGBColor(0x99, 0x99, 0x99);

/// The static-chunking ceiling on ramp: a dark red, unlike any strategy.
pub(crate) const CEILING: RGBColor = RGBColor(0xa0, 0x30, 0x30);

/// The colour of every strategy on one page.
#[derive(Debug, Clone)]
pub(crate) struct Palette {
    colours: BTreeMap<String, RGBColor>,
    peers: BTreeSet<String>,
    contenders: BTreeSet<String>,
}

impl Palette {
    /// A palette for the strategies of `runs`, in their order.
    pub(crate) fn for_runs<'a>(runs: impl IntoIterator<Item = &'a RunResults>) -> Palette {
        let mut order: Vec<&str> = Vec::new();
        let mut peers: BTreeSet<String> = BTreeSet::new();
        let mut contenders: BTreeSet<String> = BTreeSet::new();
        for run in runs {
            for name in run.strategy_order() {
                if run.peer_of(name).is_some() {
                    peers.insert(name.to_owned());
                }
                if run
                    .strategies
                    .iter()
                    .any(|s| s.name == name && s.is_contender())
                {
                    contenders.insert(name.to_owned());
                }
                if !order.contains(&name) {
                    order.push(name);
                }
            }
        }
        let (peer_order, rust_order): (Vec<&str>, Vec<&str>) =
            order.into_iter().partition(|name| peers.contains(*name));
        let (contender_order, ours_order): (Vec<&str>, Vec<&str>) = rust_order
            .into_iter()
            .partition(|name| contenders.contains(*name));
        let rust = ours_order
            .into_iter()
            .enumerate()
            .map(|(i, name)| (name.to_owned(), COLOURS[i % COLOURS.len()]));
        // Peers it does not know take the colours after the known ones'.
        let others = &PEER_COLOURS[KNOWN_PEERS.len()..];
        let mut unknown = 0;
        let peer = peer_order.into_iter().map(|name| {
            let colour = match KNOWN_PEERS.iter().position(|k| *k == name) {
                Some(i) => PEER_COLOURS[i],
                None => {
                    unknown += 1;
                    others[(unknown - 1) % others.len()]
                }
            };
            (name.to_owned(), colour)
        });
        let contender = contender_order.into_iter().enumerate().map(|(i, name)| {
            (
                name.to_owned(),
                CONTENDER_COLOURS[i % CONTENDER_COLOURS.len()],
            )
        });
        Palette {
            colours: rust.chain(peer).chain(contender).collect(),
            peers,
            contenders,
        }
    }

    /// Whether `name` is a peer program's (drawn dashed, named with
    /// [`PEER_MARK`]).
    pub(crate) fn is_peer(&self, name: &str) -> bool {
        self.peers.contains(name)
    }

    /// Whether `name` is a contender's (drawn with diamonds, named with
    /// [`CONTENDER_MARK`] in tables).
    pub(crate) fn is_contender(&self, name: &str) -> bool {
        self.contenders.contains(name)
    }

    /// The name of `name` in tables: `go (peer)` for a peer, `chili
    /// (contender)` for a contender.
    pub(crate) fn label(&self, name: &str) -> String {
        if self.is_peer(name) {
            format!("{name}{PEER_MARK}")
        } else if self.is_contender(name) {
            format!("{name}{CONTENDER_MARK}")
        } else {
            name.to_owned()
        }
    }

    /// The name of `name` in a chart's legend: [`Palette::label`], except
    /// that a contender's is its bare name, since its diamond and the
    /// legend's note on diamonds say what it is in fewer characters.
    pub(crate) fn legend_label(&self, name: &str) -> String {
        if self.is_contender(name) {
            name.to_owned()
        } else {
            self.label(name)
        }
    }

    /// The colour of `name`; grey for a name the palette was not built with.
    pub(crate) fn colour(&self, name: &str) -> RGBColor {
        self.colours.get(name).copied().unwrap_or(REFERENCE)
    }

    /// The colour of `name` as CSS, `#rrggbb`.
    pub(crate) fn hex(&self, name: &str) -> String {
        let RGBColor(r, g, b) = self.colour(name);
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_follow_the_recorded_order_and_every_run_of_a_page() {
        let first = crate::fixtures::full_run();
        let mut second = crate::fixtures::results(vec![crate::fixtures::record(
            "zeta", "heavy", 1024, 2, 2, 1e-3,
        )]);
        second.strategies.clear();
        let one = Palette::for_runs([&first]);
        let both = Palette::for_runs([&first, &second]);
        assert_eq!(one.hex("seq"), "#333333");
        assert_eq!(one.colour("rayon"), both.colour("rayon"));
        // The full run records the registry's six strategies: zeta is the seventh.
        assert_eq!(both.colour("zeta"), COLOURS[6]);
        assert_eq!(one.colour("zeta"), REFERENCE, "unknown to that page");
    }

    #[test]
    fn a_known_peer_keeps_its_colour_whichever_peers_ran() {
        let mut run = crate::fixtures::full_run();
        let peer = |name: &str, baseline: &str| doall_results::StrategyInfo {
            name: name.to_owned(),
            summary: String::new(),
            threads_rule: String::new(),
            baseline: baseline.to_owned(),
            peer: Some("cc".to_owned()),
            contender: None,
        };
        run.strategies.retain(|s| s.peer.is_none());
        run.strategies.push(peer("openmp", "openmp-seq"));
        run.strategies.push(peer("openmp-seq", "openmp-seq"));
        run.strategies.push(peer("zig", "zig"));
        let palette = Palette::for_runs([&run]);
        assert_eq!(palette.hex("openmp"), "#b8860b");
        assert_eq!(palette.hex("openmp-seq"), "#5c4000");
        assert_eq!(palette.hex("zig"), "#6a3d9a");
        assert!(palette.is_peer("openmp") && palette.label("openmp") == "openmp (peer)");
    }
}
