//! Tests of the benchmark matrix: counts, names, plans and answers.

use super::*;

#[test]
fn quick_matrix_on_two_cores() {
    let configs = matrix(BenchMode::Quick, &[1, 2], Some(32 << 20)).expect("valid");
    let count = |prefix: &str| configs.iter().filter(|c| c.id.starts_with(prefix)).count();
    assert_eq!(count("bandwidth/"), 2);
    assert_eq!(count("kernel/"), 6);
    // 4 lengths of light and 3 of heavy, 11 configurations each (seq,
    // then 2 plans of each of 5 parallel strategies); ramp's 3 lengths
    // have 19 (every strategy but std-mpsc also over-split). The 3
    // contenders add 2 plans at heavy's 2 largest lengths.
    let parallel = benched().filter(|s| s.parallel()).count();
    assert_eq!(parallel, 8, "a new strategy: update the counts");
    assert_eq!(benched().count(), 9, "a new strategy: update the counts");
    let contenders = benched().filter(|s| s.contender.is_some()).count();
    assert_eq!(contenders, 3, "a new contender: update the counts");
    assert_eq!(count("light/"), 4 * 11);
    assert_eq!(count("heavy/"), 3 * 11 + 2 * 3 * 2);
    assert_eq!(count("ramp/"), 3 * 19);
    // 64 elements only: seq once, 8 parallel strategies at 2 thread
    // counts; then 4 idle gaps × 9 strategies at the largest count.
    assert_eq!(count("overhead/"), 1 + 8 * 2 + 4 * 9);
    assert!(
        configs
            .iter()
            .any(|c| c.id == "overhead/elements-64/pool/t=2/c=2/64/gap=10ms")
            || doall_kernel::available_threads().get() < 2
    );
    let mut ids: Vec<&str> = configs.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), configs.len(), "names are unique");
}

#[test]
fn the_exercise_is_not_benched() {
    let exercise = STRATEGIES.iter().find(|s| s.name == "exercise");
    assert!(
        exercise.is_some_and(|s| !s.benched),
        "registered, not benched"
    );
    let configs = matrix(BenchMode::Full, &[1, 2], None).expect("valid");
    assert!(
        configs.iter().all(|c| c.subject_name() != "exercise"),
        "no configuration runs the exercise"
    );
}

#[test]
fn std_mpsc_is_never_over_split_and_records_its_real_threads() {
    let configs = matrix(BenchMode::Quick, &[2], None).expect("valid");
    let ramp_mpsc: Vec<&str> = configs
        .iter()
        .filter(|c| c.id.starts_with("ramp/std-mpsc/"))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        ramp_mpsc,
        [
            "ramp/std-mpsc/t=2/c=2/1024",
            "ramp/std-mpsc/t=2/c=2/16384",
            "ramp/std-mpsc/t=2/c=2/262144"
        ]
    );
    assert!(configs.iter().any(|c| c.id == "ramp/rayon/t=2/c=16/1024"));
}

#[test]
fn the_ceiling_and_the_light_kernel_meet_lights_largest_vector() {
    for mode in [BenchMode::Quick, BenchMode::Full] {
        let configs = matrix(mode, &[1], None).expect("valid");
        let largest_light = configs
            .iter()
            .filter(|c| c.id.starts_with("light/"))
            .map(|c| c.len)
            .max();
        for config in &configs {
            let memory_bound = matches!(config.subject, Subject::Bandwidth { .. })
                || config.id.starts_with("kernel/plain/light/");
            if memory_bound {
                assert_eq!(Some(config.len), largest_light, "{}", config.id);
            }
        }
    }
}

#[test]
fn every_configuration_opens_and_computes_its_answer() {
    let initial = doall_kernel::initial_vector(1000).expect("small");
    for config in matrix(BenchMode::Quick, &[1, 3], None).expect("valid") {
        let mut v = initial.clone();
        config
            .session(&mut v, |session| session.call())
            .expect("runs");
        let mut expected = initial.clone();
        match config.answer() {
            Answer::Seq => doall_seq::do_all(&mut expected, &config.workload),
            Answer::Stream => stream_pass(&mut expected, 1),
        }
        assert!(doall_kernel::same_bits(&v, &expected), "{}", config.id);
    }
}

#[test]
fn huge_thread_counts_are_refused_by_the_strategy_not_by_overflow() {
    let configs = matrix(BenchMode::Quick, &[usize::MAX], None).expect("plans build");
    let rayon = configs
        .iter()
        .find(|c| c.id.starts_with("ramp/rayon/"))
        .expect("rayon on ramp");
    assert!(matches!(rayon.check_limits(), Err(Error::Threads { .. })));
    let ceiling = configs.first().expect("the ceiling comes first");
    assert!(matches!(ceiling.subject, Subject::Bandwidth { .. }));
    assert!(matches!(ceiling.check_limits(), Err(Error::Threads { .. })));
}
