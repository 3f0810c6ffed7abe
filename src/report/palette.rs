//! One colour per strategy, the same in every chart and table of a page.
//!
//! A strategy in the registry gets the colour at its registry index, so
//! `rayon` is always the same green. Names the registry does not know (from
//! an older or newer doall) get the following colours, in sorted order, so
//! the choice does not depend on the order of records in the file.

use std::collections::BTreeMap;

use plotters::style::RGBColor;

use crate::STRATEGIES;

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

/// The grey of reference lines (ideal speedup, ceilings): not a strategy.
pub(crate) const REFERENCE: RGBColor = RGBColor(0x99, 0x99, 0x99);

/// The static-chunking ceiling on ramp: a dark red, unlike any strategy.
pub(crate) const CEILING: RGBColor = RGBColor(0xa0, 0x30, 0x30);

/// The colour of every strategy on one page.
#[derive(Debug, Clone)]
pub(crate) struct Palette {
    colours: BTreeMap<String, RGBColor>,
}

impl Palette {
    /// A palette for `names`: registry colours first, unknown names after.
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Palette {
        let mut colours = BTreeMap::new();
        for (i, s) in STRATEGIES.iter().enumerate() {
            colours.insert(s.name.to_owned(), COLOURS[i % COLOURS.len()]);
        }
        let mut unknown: Vec<&str> = names
            .into_iter()
            .filter(|n| !colours.contains_key(*n))
            .collect();
        unknown.sort_unstable();
        unknown.dedup();
        for (k, name) in unknown.into_iter().enumerate() {
            let colour = COLOURS[(STRATEGIES.len() + k) % COLOURS.len()];
            colours.insert(name.to_owned(), colour);
        }
        Palette { colours }
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
    fn registry_names_keep_their_colour_and_unknown_names_get_new_ones() {
        let a = Palette::new(["rayon", "zeta", "alpha"]);
        let b = Palette::new(["alpha", "rayon", "zeta"]);
        assert_eq!(a.colour("rayon"), b.colour("rayon"));
        assert_eq!(
            a.colour("alpha"),
            b.colour("alpha"),
            "order of data ignored"
        );
        assert_eq!(a.colour("zeta"), b.colour("zeta"));
        let n = STRATEGIES.len();
        assert_eq!(a.colour("alpha"), COLOURS[n % COLOURS.len()]);
        assert_eq!(a.colour("zeta"), COLOURS[(n + 1) % COLOURS.len()]);
        assert_ne!(a.colour("alpha"), a.colour("rayon"));
        assert_eq!(a.hex("seq"), "#333333");
    }
}
