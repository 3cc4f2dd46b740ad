//! No more precision than one measured unit supports: times, node-hours and costs to two
//! significant figures ("≈ 23 h", "≈ $1,200"), the same on screen and in `--json`.

use crate::cluster::price::money;

/// Two significant figures: run-to-run noise of one small unit is easily 10 %.
pub const SIGNIFICANT_FIGURES: i32 = 2;

/// `x` to `SIGNIFICANT_FIGURES`: 1234 → 1200, 0.002149 → 0.0021.
pub fn rounded(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    // Always divide by or multiply with a whole power of ten: 0.01 has no exact binary
    // form, 100 does.
    let places = SIGNIFICANT_FIGURES - 1 - magnitude(x);
    if places >= 0 {
        let scale = 10f64.powi(places);
        (x * scale).round() / scale
    } else {
        let step = 10f64.powi(-places);
        (x / step).round() * step
    }
}

/// The power of ten of the leading digit: 1234 → 3, 0.0021 → −3.
fn magnitude(x: f64) -> i32 {
    x.abs().log10().floor() as i32
}

/// A rounded number as text, with only the digits it has: "1,200", "23", "2.3", "0.0021".
pub fn number(x: f64) -> String {
    let r = rounded(x);
    if r == 0.0 {
        return "0".into();
    }
    let decimals = (SIGNIFICANT_FIGURES - 1 - magnitude(r)).max(0) as usize;
    if decimals == 0 {
        grouped(r as u64)
    } else {
        // "9", not "9.0": the zero adds nothing a reader needs.
        let text = format!("{r:.decimals$}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// An exact count with its thousands grouped: "1,000,000", "5,000".
pub fn grouped(n: u64) -> String {
    // `money` already groups thousands: a count only drops its dollar sign and cents.
    money(n as f64)
        .trim_start_matches('$')
        .trim_end_matches(".00")
        .to_string()
}

/// "≈ $1,200", "≈ $0.0021".
pub fn usd(x: f64) -> String {
    format!("≈ ${}", number(x))
}

/// A time to finish in the unit that reads best: "≈ 40 s", "≈ 45 min", "≈ 23 h", "≈ 3.1 days".
pub fn duration(hours: f64) -> String {
    let (value, unit) = if hours < 1.0 / 60.0 {
        (hours * 3600.0, "s")
    } else if hours < 1.5 {
        (hours * 60.0, "min")
    } else if hours < 48.0 {
        (hours, "h")
    } else {
        (hours / 24.0, "days")
    };
    format!("≈ {} {unit}", number(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_significant_figures_and_no_more() {
        assert_eq!(rounded(1234.0), 1200.0);
        assert_eq!(rounded(0.002149), 0.0021);
        assert_eq!(rounded(69.3), 69.0);
        assert_eq!(rounded(9.96), 10.0);
        assert_eq!(number(1234.0), "1,200");
        assert_eq!(number(1_254_321.0), "1,300,000");
        assert_eq!(number(23.4), "23");
        assert_eq!(number(2.34), "2.3");
        assert_eq!(number(0.002149), "0.0021");
        assert_eq!(number(9.96), "10");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(9.0), "9");
        assert_eq!(usd(127.27), "≈ $130");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(999), "999");
    }

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(duration(40.0 / 3600.0), "≈ 40 s");
        assert_eq!(duration(0.75), "≈ 45 min");
        assert_eq!(duration(22.93), "≈ 23 h");
        assert_eq!(duration(74.0), "≈ 3.1 days");
    }
}
