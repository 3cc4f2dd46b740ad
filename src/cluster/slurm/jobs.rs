//! `squeue --json` into [`Job`]s, for every data_parser version from v0.0.38 (22.05)
//! to v0.0.42 (24.11).

use serde_json::Value;

use super::stream;
use super::value::{count, number, text, timestamp, words};
use super::{Answer, Job, SlurmError};

/// Job states that are a job's place in its life (`JOB_STATE_BASE` in slurm.h). Anything
/// else in `job_state` is a flag riding on one of these.
const BASE_STATES: &[&str] = &[
    "PENDING",
    "RUNNING",
    "SUSPENDED",
    "COMPLETED",
    "CANCELLED",
    "FAILED",
    "TIMEOUT",
    "NODE_FAIL",
    "PREEMPTED",
    "BOOT_FAIL",
    "DEADLINE",
    "OUT_OF_MEMORY",
];

/// States after which a job's exit code means something: every base state but those of a
/// job that has not ended.
fn finished(state: &str) -> bool {
    BASE_STATES.contains(&state) && !matches!(state, "PENDING" | "RUNNING" | "SUSPENDED")
}

pub fn parse_squeue(json: &str) -> Result<Answer<Job>, SlurmError> {
    // Streamed: squeue's answer grows with the queue (50 MB for 10,000 jobs).
    let (env, jobs) = stream::open(json, "jobs", job)?;
    let items = match jobs {
        Some(jobs) => jobs,
        // A missing `jobs` is fine when Slurm said why in `errors` (22.05 with the
        // controller down sends both, `jobs` empty); without either it is not squeue's.
        None if !env.errors.is_empty() => Vec::new(),
        None => {
            return Err(SlurmError::Unexpected(
                "no `jobs` array: is this `squeue --json` output?".into(),
            ));
        }
    };
    Ok(Answer {
        items,
        errors: env.errors,
        warnings: env.warnings,
        version: env.version,
    })
}

fn job(v: &Value) -> Option<Job> {
    if !v.is_object() {
        return None;
    }
    let (state, flags) = state_and_flags(words(v.get("job_state")));
    let exit_code = match state.as_str() {
        // Slurm records 0 for a job cancelled before it ran (both captures show it); a
        // 0 there would read as "succeeded", so only a real failure code is kept.
        "CANCELLED" => exit_code(v.get("exit_code")).filter(|&c| c != 0),
        s if finished(s) => exit_code(v.get("exit_code")),
        // A running or pending job's "exit code" is a placeholder 0, not an answer.
        _ => None,
    };
    let reason = text(v.get("state_reason"));
    Some(Job {
        id: job_id(v),
        name: text(v.get("name")),
        user: user(v),
        partition: text(v.get("partition")),
        state,
        flags,
        reason: if reason == "None" {
            String::new()
        } else {
            reason
        },
        nodes: text(v.get("nodes")),
        node_count: count(v.get("node_count")),
        submit_time: timestamp(v.get("submit_time")),
        start_time: timestamp(v.get("start_time")),
        end_time: timestamp(v.get("end_time")),
        time_limit_minutes: number(v.get("time_limit")).and_then(|m| u64::try_from(m).ok()),
        exit_code,
    })
}

/// The id squeue itself prints: "1234", "1234_5" for a running array task, "1234_[2-3]"
/// (or "1234_[3-5%3]") for the array's tasks still pending as one record, "1234+1" for a
/// heterogeneous job's component.
fn job_id(v: &Value) -> String {
    let id = number(v.get("job_id"));
    let array_job = number(v.get("array_job_id")).filter(|&a| a > 0);
    if let Some(array_job) = array_job {
        let rest = text(v.get("array_task_string"));
        let rest = rest.trim();
        if !rest.is_empty() {
            // A lone task number needs no brackets, as in squeue.
            return if rest.chars().all(|c| c.is_ascii_digit()) {
                format!("{array_job}_{rest}")
            } else {
                format!("{array_job}_[{rest}]")
            };
        }
        if let Some(task) = number(v.get("array_task_id")) {
            return format!("{array_job}_{task}");
        }
    }
    let het_job = number(v.get("het_job_id")).filter(|&h| h > 0);
    if let (Some(het_job), Some(offset)) = (het_job, number(v.get("het_job_offset"))) {
        return format!("{het_job}+{offset}");
    }
    id.map(|i| i.to_string()).unwrap_or_default()
}

fn user(v: &Value) -> String {
    let name = text(v.get("user_name"));
    if !name.is_empty() {
        return name;
    }
    // A uid with no name (an LDAP user slurmctld cannot resolve) is still someone.
    number(v.get("user_id"))
        .map(|uid| uid.to_string())
        .unwrap_or_default()
}

/// Split `job_state` into the base state and its flags. 23.11+ send the base first and
/// the flags after (`["RUNNING","CONFIGURING","POWER_UP_NODE"]`); 22.05 and 23.02 send
/// one word, which for a flagged job is the flag alone (Slurm's job_state_string() names
/// CONFIGURING or COMPLETING instead of the base). For those lone flags the base is
/// implied where Slurm leaves no doubt: a CONFIGURING job holds an allocation, so it is
/// RUNNING; a requeued or held-for-requeue job waits, so it is PENDING.
fn state_and_flags(mut states: Vec<String>) -> (String, Vec<String>) {
    for s in &mut states {
        *s = s.to_ascii_uppercase();
    }
    if let Some(i) = states
        .iter()
        .position(|s| BASE_STATES.contains(&s.as_str()))
    {
        let base = states.remove(i);
        return (base, states);
    }
    let implied = states.iter().find_map(|s| match s.as_str() {
        "CONFIGURING" => Some("RUNNING"),
        "REQUEUED" | "REQUEUE_HOLD" | "REQUEUE_FED" | "SPECIAL_EXIT" | "RESV_DEL_HOLD" => {
            Some("PENDING")
        }
        _ => None,
    });
    match implied {
        Some(base) => (base.to_string(), states),
        // COMPLETING and the like: the flag is the best word there is.
        None if !states.is_empty() => {
            let first = states.remove(0);
            (first, states)
        }
        None => (String::new(), states),
    }
}

/// The process's return code. 23.11+ decode it for us (`return_code`, unset when the
/// job was killed by a signal); 22.05 and 23.02 give the raw wait(2) status, where the
/// code sits in the second byte and a signal in the low seven bits.
fn exit_code(value: Option<&Value>) -> Option<i32> {
    match value? {
        Value::Object(map) if map.contains_key("return_code") || map.contains_key("status") => {
            number(map.get("return_code")).and_then(|c| i32::try_from(c).ok())
        }
        other => {
            let status = number(Some(other))?;
            let status = u32::try_from(status).ok()?;
            // Killed by a signal: there is no return code to show.
            if status & 0x7f != 0 {
                return None;
            }
            Some(((status >> 8) & 0xff) as i32)
        }
    }
}
