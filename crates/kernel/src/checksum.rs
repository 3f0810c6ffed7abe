//! The checksum of docs/SPEC.md §6: 64-bit FNV-1a over each element's bits,
//! and the bit-for-bit comparison every check of a result makes.

use std::fmt;

/// FNV-1a hash of a vector, element bits as little-endian bytes in index order.
///
/// It prints as 16 lower-case hex digits, the form that docs/SPEC.md's reference
/// values use, so two runs in any language can be compared as text.
///
/// ```
/// use doall_kernel::Checksum;
/// assert_eq!(Checksum::of(&[]).to_string(), "cbf29ce484222325");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Checksum(pub u64);

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl Checksum {
    /// Hashes `v` as docs/SPEC.md §6 says.
    pub fn of(v: &[f64]) -> Checksum {
        let mut hash = FNV_OFFSET_BASIS;
        for x in v {
            for byte in x.to_bits().to_le_bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
            }
        }
        Checksum(hash)
    }
}

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// The first index at which `got` and `expected` differ bit for bit, or the
/// shorter length when one is the other's prefix; `None` when they are the
/// same bits. Bits, not `==`: a strategy that differs from `seq` by one
/// rounding is a bug, a NaN equals itself, and `-0.0` is not `0.0`.
///
/// ```
/// use doall_kernel::first_bit_difference;
/// assert_eq!(first_bit_difference(&[0.5, 1.0], &[0.5, 1.0]), None);
/// assert_eq!(first_bit_difference(&[0.5, 0.0], &[0.5, -0.0]), Some(1));
/// assert_eq!(first_bit_difference(&[f64::NAN], &[f64::NAN]), None);
/// assert_eq!(first_bit_difference(&[1.0], &[1.0, 2.0]), Some(1));
/// ```
pub fn first_bit_difference(got: &[f64], expected: &[f64]) -> Option<usize> {
    got.iter()
        .zip(expected)
        .position(|(x, y)| x.to_bits() != y.to_bits())
        .or_else(|| (got.len() != expected.len()).then(|| got.len().min(expected.len())))
}

/// Whether `got` holds exactly the bits of `expected` ([`first_bit_difference`]).
///
/// ```
/// use doall_kernel::same_bits;
/// assert!(same_bits(&[0.5, 1.0], &[0.5, 1.0]));
/// assert!(!same_bits(&[0.0], &[-0.0]));
/// ```
pub fn same_bits(got: &[f64], expected: &[f64]) -> bool {
    first_bit_difference(got, expected).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a of a byte string, written out the slow way, to check the
    /// element loop against.
    fn fnv1a(bytes: &[u8]) -> u64 {
        bytes.iter().fold(FNV_OFFSET_BASIS, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
        })
    }

    #[test]
    fn empty_vector_hashes_to_the_offset_basis() {
        assert_eq!(Checksum::of(&[]).to_string(), "cbf29ce484222325");
    }

    #[test]
    fn zero_is_eight_zero_bytes() {
        // Worked by hand: h = basis; eight times h = (h ^ 0) * prime.
        let mut h = FNV_OFFSET_BASIS;
        for _ in 0..8 {
            h = h.wrapping_mul(FNV_PRIME);
        }
        assert_eq!(Checksum::of(&[0.0]).0, h);
        assert_eq!(Checksum::of(&[0.0]).0, fnv1a(&[0; 8]));
    }

    #[test]
    fn one_point_five_uses_little_endian_bits() {
        // 1.5 is 0x3FF8_0000_0000_0000: the low bytes come first.
        let bytes = [0, 0, 0, 0, 0, 0, 0xF8, 0x3F];
        assert_eq!(Checksum::of(&[1.5]).0, fnv1a(&bytes));
    }

    #[test]
    fn negative_zero_differs_from_zero() {
        assert_ne!(Checksum::of(&[-0.0]), Checksum::of(&[0.0]));
    }

    #[test]
    fn order_matters() {
        assert_ne!(Checksum::of(&[1.0, 2.0]), Checksum::of(&[2.0, 1.0]));
        let bytes: Vec<u8> = [1.0f64, 2.0]
            .iter()
            .flat_map(|x| x.to_bits().to_le_bytes())
            .collect();
        assert_eq!(Checksum::of(&[1.0, 2.0]).0, fnv1a(&bytes));
    }

    #[test]
    fn prints_sixteen_lower_case_digits() {
        assert_eq!(Checksum(0xAB).to_string(), "00000000000000ab");
    }
}
