//! Knowing the head node before anything runs on it: its host key pinned in pcwiz's own
//! known hosts for the cluster, from what AWS vouches for where it can.
//!
//! - A pin for this head node (the same instance id): used as it is, strictly.
//! - A pin for another instance: the head node was replaced (EC2 says so), so the old
//!   keys mean nothing; the new one is pinned afresh.
//! - No pin: the keys cloud-init printed to the instance's EC2 console output are pinned
//!   (verified by AWS). If the console lists only fingerprints, the key the host presents
//!   must be among them. If it lists nothing (yet, or never), the presented key is accepted
//!   on first use, recorded, and shown as not verified.
//! - A key that changed under the same instance is refused by ssh itself
//!   (StrictHostKeyChecking=yes); re-pinning is a deliberate act (`repin`), and it trusts a
//!   new key only when the console output confirms it, or when told to accept it
//!   unverified.

use std::path::PathBuf;

use crate::aws::console_output;
use crate::aws::session::AwsSession;
use crate::cluster::host_keys::{self, ConsoleHostKeys, HostPin, PinSource};
use crate::cluster::ssh_key::PublicKey;
use crate::remote::first_contact;
use crate::remote::target::SshTarget;
use crate::remote::{SshFailure, SshFailureKind};
use crate::store::known_hosts::HostPins;

/// The pin for `target`'s head node, made on first contact. Err: why nothing may run there.
pub async fn ensure_pinned(
    session: &AwsSession,
    pins: &HostPins,
    target: &SshTarget,
) -> Result<HostPin, SshFailure> {
    let (region, name, instance) = parts(session, target);
    if let Some(pin) = pins.load(region, name) {
        if pin.instance_id == instance {
            return Ok(pin);
        }
        tracing::info!(
            "{name}: head node changed from {} to {instance}; pinning afresh",
            pin.instance_id
        );
        forget(pins, region, name, target)
            .await
            .map_err(SshFailure::other)?;
    }
    let console = console_keys(session, instance).await;
    let (keys, source) = if !console.keys.is_empty() {
        (console.keys.clone(), PinSource::ConsoleOutput)
    } else {
        let presented = first_contact::presented_keys(target, &scratch(pins, region, name)).await?;
        if console.fingerprints.is_empty() {
            (presented, PinSource::FirstUse)
        } else {
            let vouched = vouched_for(&console, &presented);
            if vouched.is_empty() {
                return Err(SshFailure {
                    kind: SshFailureKind::HostKeyChanged,
                    message: not_vouched(target, &presented),
                });
            }
            (vouched, PinSource::ConsoleOutput)
        }
    };
    save(pins, region, name, instance, &keys, source).map_err(SshFailure::other)
}

/// Why a re-pin did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepinRefused {
    pub message: String,
    /// The console output lists no keys: the person may still accept the key unverified.
    pub can_accept_unverified: bool,
}

impl From<String> for RepinRefused {
    fn from(message: String) -> Self {
        Self {
            message,
            can_accept_unverified: false,
        }
    }
}

/// Re-pins a head node whose key changed: the console output's keys when it has them (and
/// the host must present one of them), else the presented key only when
/// `accept_unverified`. The old pin stays until a new one is certain.
pub async fn repin(
    session: &AwsSession,
    pins: &HostPins,
    target: &SshTarget,
    accept_unverified: bool,
) -> Result<HostPin, RepinRefused> {
    let (region, name, instance) = parts(session, target);
    let console = console_keys(session, instance).await;
    let presented = first_contact::presented_keys(target, &scratch(pins, region, name)).await;
    let pin = if console.is_empty() {
        let presented = presented.map_err(|e| e.message)?;
        if !accept_unverified {
            return Err(RepinRefused {
                can_accept_unverified: true,
                message: format!(
                    "EC2's console output for {instance} lists no host keys, so pcwiz cannot confirm the key the head node presents now ({}). If you know why it changed (the head node was rebuilt), accept it unverified: `pcwiz ssh {name} --repin --accept-unverified`, or K then y on the dashboard.",
                    fingerprints(&presented)
                ),
            });
        }
        forget(pins, region, name, target).await?;
        save(
            pins,
            region,
            name,
            instance,
            &presented,
            PinSource::FirstUse,
        )?
    } else {
        let presented = presented.map_err(|e| e.message)?;
        let vouched = vouched_for(&console, &presented);
        if vouched.is_empty() {
            return Err(not_vouched(target, &presented).into());
        }
        let keys = if console.keys.is_empty() {
            vouched
        } else {
            console.keys.clone()
        };
        forget(pins, region, name, target).await?;
        save(
            pins,
            region,
            name,
            instance,
            &keys,
            PinSource::ConsoleOutput,
        )?
    };
    Ok(pin)
}

fn parts<'a>(session: &'a AwsSession, target: &'a SshTarget) -> (&'a str, &'a str, &'a str) {
    (
        session.region.as_str(),
        target.host_key.cluster.as_str(),
        target.host_key.alias.as_str(),
    )
}

/// What the console vouches for; nothing when it cannot be read (said in the log: the
/// key is then accepted on first use and shown as not verified, which says enough).
async fn console_keys(session: &AwsSession, instance: &str) -> ConsoleHostKeys {
    match console_output::text(session, instance).await {
        Ok(text) => host_keys::from_console_output(&text),
        Err(e) => {
            tracing::warn!(
                "could not read {instance}'s console output: {}",
                e.explained()
            );
            ConsoleHostKeys::default()
        }
    }
}

fn vouched_for(console: &ConsoleHostKeys, presented: &[PublicKey]) -> Vec<PublicKey> {
    presented
        .iter()
        .filter(|k| console.vouches_for(&k.fingerprint))
        .cloned()
        .collect()
}

fn not_vouched(target: &SshTarget, presented: &[PublicKey]) -> String {
    format!(
        "REFUSED: the host at {} presents the key {}, which is not among the keys EC2's console output lists for {}. Someone may be in the middle of the connection: pcwiz pinned nothing and ran nothing.",
        target.host,
        fingerprints(presented),
        target.host_key.alias
    )
}

fn fingerprints(keys: &[PublicKey]) -> String {
    keys.iter()
        .map(|k| k.fingerprint.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn save(
    pins: &HostPins,
    region: &str,
    name: &str,
    instance: &str,
    keys: &[PublicKey],
    source: PinSource,
) -> Result<HostPin, String> {
    pins.pin(region, name, instance, keys, source)
        .map_err(|e| format!("could not record the head node's host key: {e}"))
}

/// Forgets the old pin and closes any shared connection made under it, which would
/// otherwise carry on to the old host without any check.
async fn forget(
    pins: &HostPins,
    region: &str,
    name: &str,
    target: &SshTarget,
) -> Result<(), String> {
    crate::remote::run::close_shared(target).await;
    pins.forget(region, name)
        .map_err(|e| format!("could not forget the old host key: {e}"))
}

fn scratch(pins: &HostPins, region: &str, name: &str) -> PathBuf {
    let file = pins.file(region, name);
    file.with_file_name(format!(".{name}.first-contact-{}", std::process::id()))
}
