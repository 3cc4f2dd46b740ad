//! Prices and where they came from. Every price pcwiz shows carries its source and age:
//! an estimate never pretends to be a bill.

use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum PriceSource {
    /// Fetched from the AWS Price List API just now (or `fetched_at`).
    Live { fetched_at: DateTime<Utc> },
    /// From the on-disk cache of earlier live answers.
    Cached { fetched_at: DateTime<Utc> },
    /// The snapshot bundled with pcwiz (`assets/prices/`), as of a month.
    Snapshot { as_of: String },
    /// One price AWS published for every region, from a date (the public IPv4 charge):
    /// not looked up, because there is nothing to look up.
    Published { since: String },
}

impl PriceSource {
    /// "live · 2 min ago", "cached 3 days ago", "offline snapshot 2023-08".
    pub fn label(&self, now: DateTime<Utc>) -> String {
        match self {
            PriceSource::Live { fetched_at } => format!("live · {}", ago(*fetched_at, now)),
            PriceSource::Cached { fetched_at } => format!("cached {}", ago(*fetched_at, now)),
            PriceSource::Snapshot { as_of } => format!("offline snapshot {as_of}"),
            PriceSource::Published { since } => format!("AWS's published price since {since}"),
        }
    }

    /// How much to trust it: live over cached over the snapshot.
    pub fn rank(&self) -> u8 {
        match self {
            PriceSource::Snapshot { .. } | PriceSource::Published { .. } => 0,
            PriceSource::Cached { .. } => 1,
            PriceSource::Live { .. } => 2,
        }
    }
}

fn ago(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - at).num_seconds().max(0);
    match seconds {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", seconds / 60),
        3600..=86_399 => format!("{} h ago", seconds / 3600),
        _ => match seconds / 86_400 {
            1 => "1 day ago".into(),
            d => format!("{d} days ago"),
        },
    }
}

/// The unit a price is quoted in: instances and NAT gateways by the hour, storage by the
/// GB-month (AWS's own units, so a price reads as AWS publishes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Per {
    Hour,
    GbMonth,
}

/// A unit price and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Price {
    pub usd: f64,
    pub per: Per,
    #[serde(flatten)]
    pub source: PriceSource,
}

/// AWS's calculators count a month as 730 hours.
pub const HOURS_PER_MONTH: f64 = 730.0;

impl Price {
    pub fn hourly(usd: f64, source: PriceSource) -> Self {
        Self {
            usd,
            per: Per::Hour,
            source,
        }
    }

    pub fn per_gb_month(usd: f64, source: PriceSource) -> Self {
        Self {
            usd,
            per: Per::GbMonth,
            source,
        }
    }

    /// What one unit (an instance, a GB) costs per month.
    pub fn per_month(&self) -> f64 {
        match self.per {
            Per::Hour => self.usd * HOURS_PER_MONTH,
            Per::GbMonth => self.usd,
        }
    }

    /// What one unit costs per hour (a GB-month spread over its 730 hours).
    pub fn per_hour(&self) -> f64 {
        match self.per {
            Per::Hour => self.usd,
            Per::GbMonth => self.usd / HOURS_PER_MONTH,
        }
    }

    /// "$0.0832/h", "$0.14/GB-month".
    pub fn label(&self) -> String {
        match self.per {
            Per::Hour => format!("{}/h", hourly(self.usd)),
            Per::GbMonth => format!("{}/GB-month", hourly(self.usd)),
        }
    }
}

/// Monthly and total sums: cents are enough, thousands grouped ("$60.74", "$28,600.82").
pub fn money(usd: f64) -> String {
    // An empty sum of f64s is -0.0, which must not read "-$0.00".
    let usd = usd + 0.0;
    let text = format!("{usd:.2}");
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let (sign, digits) = match whole.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", whole),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{cents}")
}

/// Hourly prices keep AWS's precision ("$0.0832", "$1.836", "$2.0736").
pub fn hourly(usd: f64) -> String {
    let usd = usd + 0.0; // -0.0 (an empty sum) reads "$0"
    // A fraction of a cent (some spot prices) keeps its digits rather than reading "$0".
    let text = if usd > 0.0 && usd < 0.001 {
        format!("{usd:.6}")
    } else {
        format!("{usd:.4}")
    };
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("${text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_say_where_and_how_old() {
        let now: DateTime<Utc> = "2026-11-21T12:00:00Z".parse().unwrap();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            PriceSource::Live {
                fetched_at: at("2026-11-21T11:58:00Z")
            }
            .label(now),
            "live · 2 min ago"
        );
        assert_eq!(
            PriceSource::Cached {
                fetched_at: at("2026-11-18T12:00:00Z")
            }
            .label(now),
            "cached 3 days ago"
        );
        assert_eq!(
            PriceSource::Snapshot {
                as_of: "2023-08".into()
            }
            .label(now),
            "offline snapshot 2023-08"
        );
    }

    #[test]
    fn a_month_is_730_hours() {
        let price = Price::hourly(
            0.0832,
            PriceSource::Snapshot {
                as_of: "2023-08".into(),
            },
        );
        assert!((price.per_month() - 60.736).abs() < 1e-9);
        assert_eq!(price.label(), "$0.0832/h");
        let lustre = Price {
            usd: 0.14,
            per: Per::GbMonth,
            source: price.source.clone(),
        };
        assert!((lustre.per_hour() * HOURS_PER_MONTH - 0.14).abs() < 1e-12);
        assert_eq!(lustre.label(), "$0.14/GB-month");
        assert_eq!(hourly(0.0832), "$0.0832");
        assert_eq!(hourly(1.836), "$1.836");
        assert_eq!(hourly(2.0), "$2");
        assert_eq!(hourly(0.00001), "$0.00001");
        assert_eq!(money(60.736), "$60.74");
        assert_eq!(money(28600.816), "$28,600.82");
        assert_eq!(money(1340.28), "$1,340.28");
        assert_eq!(money(0.0), "$0.00");
        assert_eq!(money(999.999), "$1,000.00");
    }
}
