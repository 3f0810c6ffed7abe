//! How captions and notes name the peers a run measured, and no other.

use super::known;

/// The caption's sentence on peers, for a chart that draws the peers (or
/// their loops) named in `drawn`: it names those, and no other, so that a
/// run with Go alone does not mention OpenMP. Empty when `drawn` is.
pub(crate) fn legend_note<'a>(drawn: impl IntoIterator<Item = &'a str>) -> String {
    let mut peers: Vec<(&str, String, &str)> = Vec::new();
    for name in drawn {
        let (peer, what, own_loop) = match known(name) {
            Some(k) => (k.name, format!("{}: {}", k.name, k.caption), k.own_loop),
            None => (name, name.to_owned(), "its own loop"),
        };
        if !peers.iter().any(|p| p.0 == peer) {
            peers.push((peer, what, own_loop));
        }
    }
    if peers.is_empty() {
        return String::new();
    }
    let what: Vec<&str> = peers.iter().map(|p| p.1.as_str()).collect();
    let loops: Vec<&str> = peers.iter().map(|p| p.2).collect();
    format!(
        " Long dashes: a peer, the same work in another language run beside the Rust \
         strategies in the same rounds ({}); its speedup and overhead are against its own \
         sequential loop ({}: also long dashes), not against Rust's seq.",
        what.join("; "),
        loops.join(", ")
    )
}

/// The sequential loops of the peers `peers`, as a list: `go-seq,
/// openmp-seq`; a peer this report does not know is named as itself.
pub(crate) fn loop_names<'a>(peers: impl IntoIterator<Item = &'a str>) -> String {
    let mut loops: Vec<&str> = Vec::new();
    for peer in peers {
        let own_loop = known(peer).map_or(peer, |k| k.own_loop);
        if !loops.contains(&own_loop) {
            loops.push(own_loop);
        }
    }
    loops.join(", ")
}

/// What the peers of `names` (peers or their loops) are, for the table of
/// what ran: `Effective Go's DoAll, OpenMP's parallel for in C`, the names
/// of those this report does not know.
pub(crate) fn peer_descriptions(names: &[&str]) -> String {
    let mut described: Vec<&str> = Vec::new();
    for name in names {
        let what = known(name).map_or(*name, |k| k.caption);
        if !described.contains(&what) {
            described.push(what);
        }
    }
    described.join(", ")
}

#[cfg(test)]
mod tests {
    use super::{legend_note, peer_descriptions};

    #[test]
    fn the_legend_names_only_the_peers_drawn() {
        let go_only = legend_note(["go", "go-seq"]);
        assert!(go_only.contains("(go: Effective Go's DoAll)"), "{go_only}");
        assert!(go_only.contains("(go-seq: also long dashes)"), "{go_only}");
        assert!(
            !go_only.contains("openmp") && !go_only.contains("OpenMP"),
            "{go_only}"
        );
        let both = legend_note(["openmp-seq", "go", "openmp"]);
        assert!(
            both.contains("(openmp: OpenMP's parallel for in C; go: Effective Go's DoAll)"),
            "{both}"
        );
        assert!(legend_note([]).is_empty());
        let unknown = legend_note(["julia"]);
        assert!(
            unknown.contains("(julia)") && unknown.contains("its own loop"),
            "{unknown}"
        );
    }

    #[test]
    fn a_peers_loop_is_named_once() {
        assert_eq!(
            super::loop_names(["go", "openmp", "go"]),
            "go-seq, openmp-seq"
        );
        assert_eq!(super::loop_names(["go"]), "go-seq");
    }

    #[test]
    fn the_table_of_what_ran_describes_each_peer_once() {
        assert_eq!(peer_descriptions(&["go-seq"]), "Effective Go's DoAll");
        assert_eq!(
            peer_descriptions(&["go-seq", "openmp-seq", "go"]),
            "Effective Go's DoAll, OpenMP's parallel for in C"
        );
    }
}
