//! Why live prices could not be had, and for how long pcwiz will not ask again.
//!
//! A denied or unreachable Price List API gives the same answer on the next run, so
//! asking every time only makes every command wait for it (issue 20: `pcwiz list` paid
//! 1.8 s a run). The failure is remembered on disk (`store::price_outage`) for a time that
//! fits its cause: permissions change rarely, networks come back. While it holds, prices
//! come from the cache or the snapshot, labelled, with this reason beside them.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What kind of failure it was: decides how long it is remembered and how it is said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutageKind {
    /// AccessDenied: the user's policy lacks pricing:GetProducts (pcluster's documented
    /// user policy does not grant it).
    Denied,
    /// The endpoint refused the connection or could not be resolved.
    Unreachable,
    /// No answer within the wait pcwiz allows for prices.
    TooSlow,
    /// AWS throttled the requests past pcwiz's retries.
    Throttled,
    /// No credentials, expired or unrecognised ones.
    Credentials,
    /// Anything else AWS answered with.
    Other,
}

impl OutageKind {
    /// How long a failure of this kind is remembered before AWS is asked again.
    pub fn hold(self) -> Duration {
        match self {
            OutageKind::Denied => Duration::hours(6),
            OutageKind::Unreachable | OutageKind::TooSlow => Duration::minutes(10),
            OutageKind::Credentials | OutageKind::Other => Duration::minutes(5),
            OutageKind::Throttled => Duration::minutes(1),
        }
    }

    /// The failure in a few words a user would use.
    fn words(self) -> &'static str {
        match self {
            OutageKind::Denied => "your AWS user may not read the Price List (pricing:GetProducts)",
            OutageKind::Unreachable => "the AWS Price List could not be reached",
            OutageKind::TooSlow => "the AWS Price List did not answer in time",
            OutageKind::Throttled => "AWS is throttling price requests",
            OutageKind::Credentials => "there are no working AWS credentials to ask with",
            OutageKind::Other => "the AWS Price List answered with an error",
        }
    }
}

/// One failed attempt at live prices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceOutage {
    pub kind: OutageKind,
    /// AWS's (or the SDK's) own words, for whoever opens the detail.
    pub detail: String,
    pub at: DateTime<Utc>,
    /// True when this answer came from memory: AWS was not asked this time.
    #[serde(skip)]
    pub remembered: bool,
}

impl PriceOutage {
    pub fn new(kind: OutageKind, detail: impl Into<String>, at: DateTime<Utc>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            at,
            remembered: false,
        }
    }

    /// When AWS will be asked again.
    pub fn until(&self) -> DateTime<Utc> {
        self.at + self.kind.hold()
    }

    /// Whether it still stands in for asking AWS.
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        now < self.until() && now >= self.at - Duration::minutes(5)
    }

    /// One sentence, where prices are labelled: "Prices are cached or the offline
    /// snapshot: the AWS Price List could not be reached (3 min ago; asking again in 7 min)."
    pub fn sentence(&self, now: DateTime<Utc>) -> String {
        let when = if self.remembered {
            format!(
                " ({}; asking again in {})",
                ago(now - self.at),
                span(self.until() - now)
            )
        } else {
            String::new()
        };
        format!(
            "Prices are cached or the offline snapshot: {}{when}.",
            self.kind.words()
        )
    }

    /// `sentence` with what to do about it, where a whole line is free: `pcwiz list`'s
    /// warning and the cluster list's note under its $/h column.
    pub fn with_next_step(&self, now: DateTime<Utc>) -> String {
        let next = self
            .next_step()
            .map(|n| format!(" Next: {n}."))
            .unwrap_or_default();
        format!("{}{next}", self.sentence(now))
    }

    /// A few words for a narrow panel: "not live: Price List denied". The full sentence
    /// is where there is room (the review's cost breakdown, the command line).
    pub fn short(&self) -> &'static str {
        match self.kind {
            OutageKind::Denied => "not live: Price List denied",
            OutageKind::Unreachable => "not live: Price List unreachable",
            OutageKind::TooSlow => "not live: Price List too slow",
            OutageKind::Throttled => "not live: Price List throttled",
            OutageKind::Credentials => "not live: no AWS credentials",
            OutageKind::Other => "not live: Price List error",
        }
    }

    /// What to do about it, when the user can do something.
    pub fn next_step(&self) -> Option<&'static str> {
        match self.kind {
            OutageKind::Denied => Some(
                "ask your AWS administrator to allow pricing:GetProducts; estimates use the snapshot meanwhile",
            ),
            OutageKind::Credentials => {
                Some("open Check my setup (pcwiz doctor) to set up credentials")
            }
            OutageKind::Unreachable | OutageKind::TooSlow => {
                Some("check the network (and AWS_ENDPOINT_URL if you set it)")
            }
            OutageKind::Throttled | OutageKind::Other => None,
        }
    }
}

fn ago(d: Duration) -> String {
    match d.num_seconds().max(0) {
        0..=59 => "just now".into(),
        s => format!("{} ago", span(Duration::seconds(s))),
    }
}

/// "40 s", "7 min", "5 h 55 min".
fn span(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    if s < 60 {
        return format!("{s} s");
    }
    // Whole minutes, rounded up: "asking again in 0 min" would be a lie.
    match ((s + 59) / 60 / 60, (s + 59) / 60 % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_denial_is_remembered_for_hours_an_unreachable_endpoint_for_minutes() {
        let t = at("2026-11-21T12:00:00Z");
        let denied = PriceOutage::new(OutageKind::Denied, "AccessDeniedException", t);
        assert!(denied.in_force(t + Duration::hours(5)));
        assert!(!denied.in_force(t + Duration::hours(6)));
        let down = PriceOutage::new(OutageKind::Unreachable, "connection refused", t);
        assert!(down.in_force(t + Duration::minutes(9)));
        assert!(!down.in_force(t + Duration::minutes(11)));
        let throttled = PriceOutage::new(OutageKind::Throttled, "Rate exceeded", t);
        assert!(!throttled.in_force(t + Duration::minutes(2)));
        // A clock set back by more than a few minutes does not keep it forever.
        assert!(!down.in_force(t - Duration::hours(1)));
    }

    #[test]
    fn the_sentence_names_the_cause_and_when_pcwiz_asks_again() {
        let t = at("2026-11-21T12:00:00Z");
        let mut denied = PriceOutage::new(OutageKind::Denied, "AccessDeniedException: …", t);
        assert_eq!(
            denied.sentence(t),
            "Prices are cached or the offline snapshot: your AWS user may not read the Price List (pricing:GetProducts)."
        );
        denied.remembered = true;
        assert_eq!(
            denied.sentence(t + Duration::minutes(5)),
            "Prices are cached or the offline snapshot: your AWS user may not read the Price List (pricing:GetProducts) (5 min ago; asking again in 5 h 55 min)."
        );
        assert!(denied.next_step().unwrap().contains("pricing:GetProducts"));
        let mut down = PriceOutage::new(OutageKind::Unreachable, "refused", t);
        down.remembered = true;
        assert!(
            down.sentence(t + Duration::seconds(20))
                .ends_with("could not be reached (just now; asking again in 10 min)."),
            "{}",
            down.sentence(t + Duration::seconds(20))
        );
        assert!(
            !down.sentence(t).contains("refused"),
            "AWS's words stay in the detail"
        );
    }
}
