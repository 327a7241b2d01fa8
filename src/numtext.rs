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

#[cfg(test)]
mod tests {
    use super::float;

    #[test]
    fn whole_numbers_have_no_point_and_fractions_round_trip() {
        assert_eq!(float(10.0), "10");
        assert_eq!(float(-3.0), "-3");
        assert_eq!(float(0.25), "0.25");
        assert_eq!(float(1.5e-7).parse::<f64>().unwrap(), 1.5e-7);
        assert_eq!(float(2e30).parse::<f64>().unwrap(), 2e30);
    }
}
