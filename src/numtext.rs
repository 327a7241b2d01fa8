//! Decimal text for floats without core's `f64: Display` (its dragon and grisu algorithms are
//! ~14 KB of the page's wasm): whole numbers as integers, others as zmij's shortest round-trip
//! text, which serde_json links in anyway.

/// `x` as short decimal text: `10` for 10.0, `0.25` for 0.25, `NaN`, `inf`.
pub fn float(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        (x as i64).to_string()
    } else {
        zmij::Buffer::new().format(x).to_string()
    }
}

/// `x` rounded to `places` decimals (at most 6), as `format!("{x:.places$}")` would write it
/// for the magnitudes a page shows (speeds, percentages, seconds), with integer arithmetic only.
/// Halves round away from zero.
pub fn fixed(x: f64, places: u32) -> String {
    if !x.is_finite() {
        return float(x);
    }
    let places = places.min(6);
    let scale = 10u64.pow(places);
    let scaled = (x.abs() * scale as f64).round() as u64;
    let sign = if x < 0.0 && scaled != 0 { "-" } else { "" };
    let (whole, frac) = (scaled / scale, scaled % scale);
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = places as usize)
    }
}

/// A decimal number read from text such as a link's value or an SVG attribute, with
/// serde_json's number reader (already on the page) rather than core's `f64: FromStr` and its
/// tables. JSON's grammar: `0.5`, `-2`, `1e3`; not `.5`, `+1` or `inf`.
pub fn parse(text: &str) -> Option<f64> {
    serde_json::from_str::<f64>(text.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::{fixed, float, parse};

    #[test]
    fn fixed_places_match_the_standard_formatter() {
        for x in [
            0.0, 0.04, 0.05, 1.25, 2.5, 9.96, 10.0, 123.456, -0.4, -3.75, 1234.5,
        ] {
            for places in 0..=3 {
                let ours = fixed(x, places);
                let std = format!("{x:.prec$}", prec = places as usize);
                // The standard formatter rounds exact halves to even; ours away from zero.
                let same = ours == std
                    || (parse(&ours).unwrap() - parse(&std).unwrap()).abs()
                        <= 10f64.powi(-(places as i32)) + 1e-9;
                assert!(same, "{x} to {places} places: ours {ours}, std {std}");
                assert_eq!(ours.split('.').nth(1).map_or(0, str::len), places as usize);
            }
        }
        assert_eq!(fixed(2.345, 2), "2.35");
        assert_eq!(fixed(-0.001, 1), "0.0");
        assert_eq!(fixed(12.0, 0), "12");
    }

    #[test]
    fn parse_reads_json_numbers_and_refuses_the_rest() {
        assert_eq!(parse("0.5"), Some(0.5));
        assert_eq!(parse(" -2 "), Some(-2.0));
        assert_eq!(parse("1e3"), Some(1000.0));
        assert_eq!(parse("abc"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("1.5x"), None);
    }

    #[test]
    fn whole_numbers_have_no_point_and_fractions_round_trip() {
        assert_eq!(float(10.0), "10");
        assert_eq!(float(-3.0), "-3");
        assert_eq!(float(0.25), "0.25");
        assert_eq!(float(1.5e-7).parse::<f64>().unwrap(), 1.5e-7);
        assert_eq!(float(2e30).parse::<f64>().unwrap(), 2e30);
    }
}
