//! The idle guard (`assets/remote/idle_guard.sh`) as pcwiz sees it: the settings it is
//! installed with, the state file it leaves on the head node
//! (`/var/lib/pcwiz/idle-guard.json`, read by the dashboard's one ssh round trip), and the
//! one sentence the dashboard header and `pcwiz status` show. Pure.

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The window the wizard offers and `pcwiz guard` uses when none is given.
pub const DEFAULT_IDLE_MINUTES: u32 = 60;
/// How long logged-in users have, after the `wall`, to start something.
pub const DEFAULT_GRACE_SECONDS: u32 = 120;
/// The shortest window that makes sense: the timer looks every 5 minutes.
pub const MIN_IDLE_MINUTES: u32 = 10;
/// The timer looks every 5 minutes; a state older than three looks means it is not running.
const STALE_AFTER_SECONDS: i64 = 15 * 60;

/// What the guard is installed with (`/etc/pcwiz/idle-guard.conf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardSettings {
    pub idle_minutes: u32,
    pub grace_seconds: u32,
    /// What EC2 does to the head node on an OS shutdown (`stop`, `terminate`), as pcwiz
    /// found it: the guard acts only on `stop`.
    pub shutdown_behaviour: String,
}

impl GuardSettings {
    /// The settings file, in the shell syntax the guard sources. Only digits and a plain
    /// word reach it, so nothing in it can run.
    pub fn conf_file(&self) -> String {
        let behaviour: String = self
            .shutdown_behaviour
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        format!(
            "# pcwiz's idle guard settings (written by pcwiz; `pcwiz guard NAME --idle MINUTES` changes them)\n\
             IDLE_MINUTES={}\nGRACE_SECONDS={}\nARMED=1\nSHUTDOWN_BEHAVIOUR={}\n",
            self.idle_minutes.max(MIN_IDLE_MINUTES),
            self.grace_seconds,
            if behaviour.is_empty() {
                "unknown"
            } else {
                &behaviour
            }
        )
    }
}

/// Why the guard may not be armed on a head node, from what EC2 says of it (FACTS.md,
/// "Stopping the head node from inside"): only an EBS-backed instance whose shutdown
/// behaviour is `stop` stops, rather than vanishes, when its OS shuts down.
pub fn arming_refusal(shutdown_behaviour: &str, root_device_type: &str) -> Option<String> {
    if root_device_type != "ebs" {
        return Some(format!(
            "the head node's root device is '{root_device_type}', not EBS: it cannot be stopped, so the guard will not shut it down"
        ));
    }
    if shutdown_behaviour != "stop" {
        return Some(format!(
            "the head node's shutdown behaviour is '{shutdown_behaviour}': an OS shutdown would not just stop it, so the guard will not arm"
        ));
    }
    None
}

/// The guard's state file, as the script writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct GuardState {
    #[serde(default)]
    pub armed: bool,
    #[serde(default)]
    pub window_minutes: u32,
    #[serde(default)]
    pub grace_seconds: u32,
    #[serde(default)]
    pub shutdown_behaviour: String,
    /// Epoch seconds of its last look.
    pub last_check: Option<i64>,
    /// When it last saw the cluster busy (or started watching).
    pub last_busy: Option<i64>,
    /// What kept the cluster busy at the last look, one reason each.
    #[serde(default)]
    pub busy: Vec<String>,
    #[serde(default)]
    pub static_nodes: u32,
    /// When it will stop the head node if nothing changes.
    pub stops_at: Option<i64>,
    /// Why it will not act at all (static nodes, shutdown behaviour, switched off).
    pub will_not_act: Option<String>,
    /// When it stopped the head node.
    pub acted_at: Option<i64>,
    /// What it last did, in words ("stop called off after the warning: 1 job(s) running").
    pub last_action: Option<String>,
}

pub fn parse_state(text: &str) -> Result<GuardState, String> {
    serde_json::from_str(text.trim()).map_err(|e| {
        format!(
            "the idle guard's state file is damaged ({e}): {}",
            text.chars().take(120).collect::<String>()
        )
    })
}

/// The guard as one refresh found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuardSeen {
    /// No state file: never installed, or removed.
    NotInstalled,
    State(GuardState),
    /// A state file pcwiz could not read.
    Unreadable(String),
}

/// The one line: "idle guard: stops the head node at 03:40 unless a job starts". `now` is
/// the head node's clock when it was read; times are shown in `tz` (the user's).
pub fn sentence<Tz: TimeZone>(seen: &GuardSeen, now: i64, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let at = |epoch: i64| {
        DateTime::<Utc>::from_timestamp(epoch, 0)
            .map(|t| t.with_timezone(tz).format("%H:%M").to_string())
            .unwrap_or_else(|| "?".into())
    };
    let state = match seen {
        GuardSeen::NotInstalled => {
            return "idle guard: off (nothing stops an idle head node)".into();
        }
        GuardSeen::Unreadable(why) => return format!("idle guard: {why}"),
        GuardSeen::State(state) => state,
    };
    if let Some(acted) = state.acted_at {
        return format!("idle guard: stopped the head node at {}", at(acted));
    }
    if !state.armed {
        return "idle guard: off".into();
    }
    if let Some(why) = &state.will_not_act {
        return format!("idle guard: will not act: {why}");
    }
    let window = state.window_minutes;
    if let Some(checked) = state.last_check
        && now - checked > STALE_AFTER_SECONDS
    {
        return format!(
            "idle guard: last looked {} min ago (is its timer running? sudo systemctl status pcwiz-idle-guard.timer)",
            (now - checked) / 60
        );
    }
    if !state.busy.is_empty() {
        return format!(
            "idle guard: busy ({}); stops the head node after {window} min idle",
            state.busy.join(", ")
        );
    }
    match state.stops_at {
        Some(stops) => format!(
            "idle guard: stops the head node at {} unless a job starts",
            at(stops)
        ),
        None => format!("idle guard: armed, {window} min window"),
    }
}

/// EC2's state reason for an instance whose own OS shut it down (FACTS.md): how a head node
/// the guard stopped is told from one stopped by `pcwiz park` or the console.
pub const STOPPED_FROM_INSIDE: &str = "Client.InstanceInitiatedShutdown";

/// When EC2's state transition reason dates it: "User initiated (2026-12-06 03:40:12 GMT)".
pub fn transition_time(reason: &str) -> Option<DateTime<Utc>> {
    let inside = reason.rsplit_once('(')?.1.strip_suffix(')')?;
    let stamp = inside.strip_suffix(" GMT")?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn state(json: &str) -> GuardSeen {
        GuardSeen::State(parse_state(json).unwrap())
    }

    const NOW: i64 = 1_796_528_400; // 2026-12-06T03:40:00Z

    #[test]
    fn each_state_reads_as_one_sentence() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let idle = state(&format!(
            r#"{{"version": 1, "armed": true, "window_minutes": 60, "last_check": {NOW}, "last_busy": {}, "busy": [], "static_nodes": 0, "stops_at": {}, "will_not_act": null, "acted_at": null, "last_action": null}}"#,
            NOW - 600,
            NOW + 3000
        ));
        assert_eq!(
            sentence(&idle, NOW, &utc),
            "idle guard: stops the head node at 04:30 unless a job starts"
        );
        // In the user's time zone, not the head node's.
        let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
        assert!(sentence(&idle, NOW, &new_york).contains("at 23:30"));

        let busy = state(&format!(
            r#"{{"armed": true, "window_minutes": 60, "last_check": {NOW}, "busy": ["1 job(s) running, 0 pending"], "stops_at": {}}}"#,
            NOW + 3600
        ));
        assert_eq!(
            sentence(&busy, NOW, &utc),
            "idle guard: busy (1 job(s) running, 0 pending); stops the head node after 60 min idle"
        );

        let static_nodes = state(
            r#"{"armed": true, "window_minutes": 60, "last_check": 1796528400, "static_nodes": 2, "will_not_act": "2 static compute node(s) never power down, so the cluster is never idle; the guard does not act"}"#,
        );
        assert!(
            sentence(&static_nodes, NOW, &utc)
                .starts_with("idle guard: will not act: 2 static compute node(s)")
        );

        let stale = state(&format!(
            r#"{{"armed": true, "window_minutes": 60, "last_check": {}, "stops_at": {NOW}}}"#,
            NOW - 40 * 60
        ));
        assert!(sentence(&stale, NOW, &utc).starts_with("idle guard: last looked 40 min ago"));

        assert_eq!(
            sentence(&GuardSeen::NotInstalled, NOW, &utc),
            "idle guard: off (nothing stops an idle head node)"
        );
        let acted = state(&format!(r#"{{"armed": true, "acted_at": {NOW}}}"#));
        assert_eq!(
            sentence(&acted, NOW, &utc),
            "idle guard: stopped the head node at 03:40"
        );
        assert!(parse_state("{\"armed\": tru").is_err());
    }

    #[test]
    fn only_an_ebs_head_node_that_stops_on_shutdown_is_guarded() {
        assert_eq!(arming_refusal("stop", "ebs"), None);
        assert!(
            arming_refusal("terminate", "ebs")
                .unwrap()
                .contains("shutdown behaviour is 'terminate'")
        );
        assert!(
            arming_refusal("stop", "instance-store")
                .unwrap()
                .contains("not EBS")
        );
    }

    #[test]
    fn the_settings_file_carries_no_shell() {
        let conf = GuardSettings {
            idle_minutes: 3,
            grace_seconds: 120,
            shutdown_behaviour: "stop; rm -rf /".into(),
        }
        .conf_file();
        assert!(conf.contains("IDLE_MINUTES=10\n"), "raised to the minimum");
        assert!(conf.contains("SHUTDOWN_BEHAVIOUR=stoprm-rf\n"), "{conf}");
    }

    #[test]
    fn ec2_transition_reasons_are_dated() {
        assert_eq!(
            transition_time("User initiated (2026-12-06 03:40:12 GMT)").unwrap(),
            "2026-12-06T03:40:12Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(transition_time("User initiated"), None);
    }
}
