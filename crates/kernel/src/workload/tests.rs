//! The workloads against docs/SPEC.md's reference values, and the fast
//! kernel against the plain loop.

use super::*;
use crate::{Checksum, update_chunk};

/// docs/SPEC.md §6 reference checksums, from independent implementations.
const REFERENCE: [(Workload, [&str; 4]); 3] = [
    (
        Workload::Light,
        [
            "cbf29ce484222325",
            "aab1693229ba1db8",
            "1a5d2bd4271b1de7",
            "a1064be74692d637",
        ],
    ),
    (
        Workload::Heavy,
        [
            "cbf29ce484222325",
            "aab1693229ba1db8",
            "c632d21cc9c01cdb",
            "6b481ed2bd675c94",
        ],
    ),
    (
        Workload::Ramp,
        [
            "cbf29ce484222325",
            "aab1693229ba1db8",
            "61c8e5fd97da59b2",
            "162e3bf5deea5f89",
        ],
    ),
];

// ANCHOR: spec_reference_test
#[test]
fn spec_reference_checksums_plain_and_fast() {
    for (workload, expected) in REFERENCE {
        for (n, want) in [0, 1, 7, 1000].into_iter().zip(expected) {
            let mut plain = initial_vector(n).expect("small");
            workload.plain_kernel(&mut plain);
            assert_eq!(
                Checksum::of(&plain).to_string(),
                want,
                "{workload:?} plain n={n}"
            );
            let mut fast = initial_vector(n).expect("small");
            update_chunk(&mut fast, &workload);
            assert_eq!(
                Checksum::of(&fast).to_string(),
                want,
                "{workload:?} fast n={n}"
            );
        }
    }
}
// ANCHOR_END: spec_reference_test

#[test]
fn heavy_coefficients_alternate() {
    assert_eq!(HEAVY_COEFFS[0], 1.0);
    assert_eq!(HEAVY_COEFFS[1], -0.5);
    assert_eq!(HEAVY_COEFFS[63], -1.0 / 64.0);
}

#[test]
fn ramp_terms_clamp() {
    assert_eq!(RAMP.terms(0.0), 1);
    assert_eq!(RAMP.terms(0.999_999), 64);
    assert_eq!(RAMP.terms(1.0 / 64.0), 2);
    assert_eq!(RAMP.terms(f64::NAN), 1);
    assert_eq!(RAMP.terms(-5.0), 1);
    assert_eq!(RAMP.terms(-0.0), 1);
    assert_eq!(RAMP.terms(7.0), 64);
    assert_eq!(RAMP.terms(f64::INFINITY), 64);
    assert_eq!(RAMP.terms(f64::NEG_INFINITY), 1);
}

#[test]
fn workload_names_round_trip() {
    for w in Workload::ALL {
        assert_eq!(Workload::from_name(w.name()), Ok(w));
    }
    let err = Workload::from_name("medium").expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "unknown workload \"medium\": expected one of light, heavy, ramp"
    );
}

#[test]
fn allocation_failure_is_an_error() {
    let err = initial_vector(usize::MAX / 4).expect_err("too big");
    assert!(matches!(err, Error::Alloc { .. }), "{err}");
    assert!(err.to_string().contains(&(usize::MAX / 4).to_string()));
}

/// Values that break careless lane tricks, mixed with ordinary ones.
const SPECIALS: [f64; 12] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    -0.0,
    f64::MIN_POSITIVE / 8.0,
    -f64::MIN_POSITIVE / 8.0,
    f64::MAX,
    1.0,
    -1.0,
    0.999_999_999_999,
    1.0 / 64.0,
];

fn value(bits: u64, pick: u8) -> f64 {
    match pick % 4 {
        0 => SPECIALS[(bits % SPECIALS.len() as u64) as usize],
        1 => f64::from_bits(bits), // any bit pattern at all
        _ => (bits >> 11) as f64 / (1u64 << 53) as f64, // the workloads' own range [0, 1)
    }
}

// ANCHOR: assert_fast_equals_plain
fn assert_fast_equals_plain(v: &[f64]) {
    for workload in Workload::ALL {
        let mut plain = v.to_vec();
        workload.plain_kernel(&mut plain);
        let mut fast = v.to_vec();
        update_chunk(&mut fast, &workload);
        for (i, (p, f)) in plain.iter().zip(&fast).enumerate() {
            assert_eq!(
                p.to_bits(),
                f.to_bits(),
                "{workload:?} element {i} (input {:e}): plain {p:e}, fast {f:e}",
                v[i]
            );
        }
    }
}
// ANCHOR_END: assert_fast_equals_plain

#[test]
fn fast_equals_plain_on_every_special_in_every_lane() {
    // Each special value next to each other one, at every lane offset.
    let mut v = Vec::new();
    for a in SPECIALS {
        for b in SPECIALS {
            v.extend([a, b, 0.5, 0.9]);
        }
    }
    for offset in 0..LANES {
        assert_fast_equals_plain(&v[offset..]);
    }
}

#[test]
fn default_apply_lanes_is_apply() {
    struct Square;
    impl Op for Square {
        fn apply(&self, x: f64) -> f64 {
            x * x
        }
    }
    let v: Vec<f64> = (0..37).map(|i| f64::from(i) * 0.25 - 3.0).collect();
    let mut plain = v.clone();
    update_plain(&mut plain, &Square);
    let mut fast = v;
    update_chunk(&mut fast, &Square);
    assert_eq!(plain, fast);
}

// ANCHOR: fast_equals_plain_props
proptest::proptest! {
    #[test]
    fn fast_equals_plain_on_random_vectors(
        elements in proptest::collection::vec((proptest::num::u64::ANY, proptest::num::u8::ANY), 0..200)
    ) {
        let v: Vec<f64> = elements.iter().map(|&(bits, pick)| value(bits, pick)).collect();
        assert_fast_equals_plain(&v);
    }

    #[test]
    fn fast_equals_plain_on_spec_vectors(n in 0usize..3000) {
        assert_fast_equals_plain(&initial_vector(n).expect("small"));
    }
}
// ANCHOR_END: fast_equals_plain_props
