//! The chart's coordinates as text, exactly as the templates wrote them when they were
//! numbers (Rust's `{:?}`: the shortest decimal that reads back as the same number, `12.0`
//! for a whole one), at a fraction of the cost: a postmortem's picture writes about 200.

use serde::Serializer;

/// Serializes a coordinate as its text, for the fields that templates only write.
pub fn as_text<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buffer = zmij::Buffer::new();
    match fast_text(*value, &mut buffer) {
        Some(text) => serializer.serialize_str(text),
        None => serializer.serialize_str(&format!("{value:?}")),
    }
}

/// The text of `value` when zmij's shortest digits are certainly the standard library's:
/// `None` otherwise.
///
/// Both write the shortest digits that read back as `value`, and differ only where two such
/// digit strings are equally close to it (zmij then takes the even one), or where one lies
/// exactly on the edge of the numbers that read back as `value`; and in where they switch
/// to an exponent (`1e-5`, `1e16`). Either needs the exact value, or the edge (one more
/// binary digit), to be a decimal of at most 18 significant digits. A number of `bits`
/// binary digits after the point has exactly `bits` decimal digits after it, of which at
/// most 3 are leading zeros at or above 1e-4: above 22 such digits, there are more than 18
/// significant ones. A whole number (no binary digit after the point) below 1e15 is its
/// own shortest text, which both write the same.
fn fast_text(value: f64, buffer: &mut zmij::Buffer) -> Option<&str> {
    let magnitude = value.abs();
    if !(1e-4..1e15).contains(&magnitude) && magnitude != 0.0 {
        return None;
    }
    let bits = fraction_bits(magnitude);
    (bits == 0 || bits > 22).then(|| buffer.format_finite(value))
}

/// How many binary digits `value` (finite, not negative) has after the point.
fn fraction_bits(value: f64) -> u32 {
    if value == 0.0 {
        return 0;
    }
    let raw = value.to_bits();
    let exponent = ((raw >> 52) & 0x7ff) as i64;
    let fraction = raw & ((1 << 52) - 1);
    // value = mantissa × 2^(exponent − 1075), with the implicit leading bit of a normal number.
    let (mantissa, power) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), exponent - 1075)
    };
    let power = power + i64::from(mantissa.trailing_zeros());
    u32::try_from(-power).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: f64) -> String {
        let mut buffer = zmij::Buffer::new();
        fast_text(value, &mut buffer).map_or_else(|| format!("{value:?}"), str::to_string)
    }

    #[test]
    fn coordinates_read_as_the_standard_library_writes_them() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let seconds = (state % 200_000) as f64;
            let span = ((state >> 20) % 300_000 + 60) as f64;
            let ratio = (seconds / span).clamp(0.0, 1.0);
            for value in [
                12.0 + ratio * 936.0,
                12.0 + ratio * 336.0,
                ratio * 936.0 - ratio * 336.0,
                (state >> 11) as f64 / (1u64 << 53) as f64 * 2000.0,
                f64::from_bits(state).abs(),
            ] {
                assert_eq!(text(value), format!("{value:?}"));
            }
        }
    }

    #[test]
    fn ties_edges_and_exponents_are_written_by_the_standard_library() {
        // Two shortest texts equally close (…562 and …563), where zmij takes the even one.
        let tie = 1000.0 + 2f64.powi(-14);
        assert_eq!(fraction_bits(tie), 14);
        for value in [
            tie,
            662_936_471_232_937.3,
            0.0,
            12.0,
            3.0,
            0.5,
            0.1,
            1e-4,
            1e-5,
            1e15,
            1e16,
            -6.5,
            f64::MIN_POSITIVE / 4.0,
        ] {
            assert_eq!(text(value), format!("{value:?}"), "{value:?}");
        }
        let mut buffer = zmij::Buffer::new();
        assert_eq!(fast_text(tie, &mut buffer), None);
        assert_eq!(fast_text(1e16, &mut buffer), None);
        assert_eq!(fast_text(12.0, &mut buffer), Some("12.0"));
    }
}
