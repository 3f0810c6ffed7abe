use super::*;
use crate::fixtures::contender_run;

#[test]
fn each_cell_picks_the_every_round_winner_a_tie_in_registry_order_or_seq() {
    let r = contender_run();
    let run = Run::new(&r);
    // heavy, 1 024 elements, 2 threads: pool (22.7 µs) beats the rest but
    // fork-union by more than 6% in every round; fork-union it beats by less.
    let close = ["pool", "fork-union"].map(str::to_owned).to_vec();
    assert_eq!(pick(&run, "heavy", 1024, 2), Pick::Tie(close));
    // ramp: chili steals, the others stay under the static ceiling.
    assert_eq!(
        pick(&run, "ramp", 1_048_576, 2),
        Pick::One("chili".to_owned())
    );
    // heavy, 2^20 elements: pool 21.6 ms, chili 21.7 ms, rayon 21.9 ms and
    // the rest within 6% tie; listed in registry order, not by speed.
    let tie = [
        "crossbeam",
        "rayon",
        "pool",
        "chili",
        "paralight",
        "orx-parallel",
    ]
    .map(str::to_owned)
    .to_vec();
    assert_eq!(pick(&run, "heavy", 1_048_576, 2), Pick::Tie(tie));
    // Nothing beats seq on light at 1 024 elements, nor at one thread.
    assert_eq!(pick(&run, "light", 1024, 2), Pick::Seq);
    assert_eq!(pick(&run, "heavy", 1_048_576, 1), Pick::Seq);
}

#[test]
fn a_win_that_fails_in_one_round_is_a_tie_and_a_peer_is_no_candidate() {
    let mut r = contender_run();
    for rec in &mut r.records {
        if rec.workload == "heavy" && rec.len == 1024 && rec.threads == 2 {
            if rec.strategy == "rayon" {
                // Faster than pool in the second round only.
                rec.timing.round_min_s[1] = 20e-6;
                rec.timing.min_s = 20e-6;
                rec.timing.lower_s = rec.timing.lower_s.max(20e-6);
            }
            if rec.strategy == "go" {
                rec.timing.min_s = 1e-9;
                rec.timing.round_min_s = vec![1e-9; 3];
            }
        }
    }
    let run = Run::new(&r);
    // rayon's best is now the fastest, but it loses two rounds to pool:
    // no one wins, and Go, fastest of all, is not among the candidates.
    let Pick::Tie(names) = pick(&run, "heavy", 1024, 2) else {
        panic!("a tie expected");
    };
    assert_eq!(names[..2], ["rayon".to_owned(), "pool".to_owned()]);
    assert!(!names.contains(&"go".to_owned()), "{names:?}");
}

#[test]
fn one_sentence_per_workload_and_one_per_peer() {
    let r = contender_run();
    let run = Run::new(&r);
    let heavy = summary(&grid(&run, "heavy").expect("grid")).expect("sentence");
    assert!(
        heavy.starts_with("On heavy, pool and fork-union tie at "),
        "{heavy}"
    );
    assert!(
        heavy.contains("crossbeam, rayon, pool, chili, paralight and orx-parallel tie"),
        "{heavy}"
    );
    let ramp = summary(&grid(&run, "ramp").expect("grid")).expect("sentence");
    assert!(ramp.contains("chili is fastest at every length"), "{ramp}");
    let all = sentences(&run);
    let peers: Vec<&(String, String)> = all.iter().filter(|(s, _)| run.is_peer(s)).collect();
    assert_eq!(peers.len(), 1);
    assert_eq!(peers[0].0, "go");
    assert!(peers[0].1.contains("own loop (go-seq)"), "{}", peers[0].1);
    assert!(all.contains(&("heavy".to_owned(), heavy)));
}

#[test]
fn a_contender_is_drawn_with_the_family_marker_and_named_in_tables() {
    let r = contender_run();
    let page = crate::render_run(&r, false);
    let chili = Palette::for_runs([&r]).hex("chili").to_uppercase();
    assert!(page.contains(&format!("<polygon opacity=\"1\" fill=\"{chili}\"")));
    assert!(page.contains(crate::charts::DIAMOND_NOTE));
    assert!(page.contains("chili (contender)"));
    assert!(page.contains("swatch diamond"));
    assert!(page.contains(TITLE));
    crate::xml_check::check_well_formed(&page).expect("well-formed");
    // Ours and Go keep their colours beside the contenders.
    let go = crate::fixtures::go_run();
    let (with, without) = (Palette::for_runs([&r]), Palette::for_runs([&go]));
    for name in ["seq", "rayon", "pool", "go", "go-seq"] {
        assert_eq!(with.hex(name), without.hex(name), "{name}");
    }
    if let Ok(dir) = std::env::var("DOALL_PREVIEW_DIR") {
        std::fs::write(format!("{dir}/index.html"), &page).expect("preview written");
    }
}
