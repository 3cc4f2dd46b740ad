//! The wizard's steps from the region to the extras, as prompts. Each starts from the
//! draft's answers (so a resumed draft or a step come back to offers what was chosen) and
//! returns `Next::Forward`, or `Back` from any of its prompts.

use anyhow::Context as _;

use super::prompts::{ask_confirm, ask_number, ask_select, ask_text, say};
use super::{Flow, Next, key, money, network};
use crate::aws::catalog;
use crate::aws::session::AwsSession;
use crate::cluster::os::Os;
use crate::cluster::regions::{self, REV_DATA_REGION, REV_WHY, SUPPORTED};
use crate::cluster::ssh_key::refusal;
use crate::cluster::{budget, cost, edits};
use crate::store::presets as store_presets;
use crate::wizard::draft::{HsdsData, LOG_RETENTION_DAYS};
use crate::wizard::{StepId, build};

type Went = anyhow::Result<Next>;

pub(super) fn region(flow: &mut Flow, n: usize) -> Went {
    say(&format!("{n}. Region. {REV_WHY}"));
    let configured = flow.ctx.region().map(|r| r.name);
    let preferred = flow
        .draft
        .region
        .clone()
        .unwrap_or_else(|| regions::default_choice(configured.as_deref()).to_string());
    let labels: Vec<String> = SUPPORTED
        .iter()
        .map(|r| {
            let star = if r.code == REV_DATA_REGION {
                "  ★ reV data here"
            } else {
                ""
            };
            format!("{:<15} {}{star}", r.code, r.name)
        })
        .collect();
    let start = SUPPORTED
        .iter()
        .position(|r| r.code == preferred)
        .unwrap_or(0);
    let region = SUPPORTED[ask_select("Region", labels, start)?].code;
    flow.draft.set_region(region);
    let ctx = flow.ctx;
    flow.session = Some(
        flow.rt
            .block_on(AwsSession::new(&ctx.aws_env, &ctx.profile(), region)),
    );
    Ok(Next::Forward)
}

pub(super) fn ssh_key(flow: &mut Flow, n: usize) -> Went {
    say(&format!("{n}. SSH key. {}", StepId::SshKey.why()));
    let chosen = key::choose_key(flow.ctx, flow.rt, flow.session(), &flow.draft)?;
    flow.draft.key = Some(chosen);
    Ok(Next::Forward)
}

pub(super) fn network(flow: &mut Flow, n: usize) -> Went {
    say(&format!("{n}. Network. {}", StepId::Network.why()));
    let (choice, surroundings) =
        network::choose_network(flow.rt, flow.session(), &flow.ctx.dirs, &flow.draft)?;
    flow.draft.network = Some(choice);
    flow.surroundings = surroundings;
    Ok(Next::Forward)
}

pub(super) fn preset(flow: &mut Flow, n: usize) -> Went {
    say(&format!("{n}. Preset. {}", StepId::Preset.why()));
    let (all, problems) = store_presets::load(&flow.ctx.dirs);
    for problem in problems {
        println!("! {problem}");
    }
    for preset in &all {
        say(&format!("   {}: {}", preset.name, preset.r#for));
    }
    let labels = all
        .iter()
        .map(|p| format!("{:<10} {}", p.name, p.title))
        .collect();
    let draft = &mut flow.draft;
    let start = draft
        .preset
        .as_ref()
        .and_then(|n| all.iter().position(|p| &p.name == n))
        .unwrap_or(0);
    let preset = &all[ask_select("Preset", labels, start)?];
    if draft.preset.as_deref() != Some(&preset.name) {
        draft.preset = Some(preset.name.clone());
        draft.config = Some(preset.config.clone());
        draft.os = Os::from_config_name(&preset.config.image.os).unwrap_or(draft.os);
    }
    Ok(Next::Forward)
}

pub(super) fn os(flow: &mut Flow, n: usize) -> Went {
    say(&format!("{n}. Operating system. {}", StepId::Os.why()));
    let labels = Os::ALL
        .iter()
        .map(|os| {
            format!(
                "{:<11} {:<18} login {:<9} {}",
                os.config_name(),
                os.label(),
                os.default_user(),
                os.note()
            )
        })
        .collect::<Vec<_>>();
    let draft = &mut flow.draft;
    loop {
        let start = Os::ALL.iter().position(|os| *os == draft.os).unwrap_or(0);
        let os = Os::ALL[ask_select("Operating system", labels.clone(), start)?];
        match draft.key.as_ref().and_then(|k| refusal(k.kind, os)) {
            Some(reason) => println!("✖ {reason}"),
            None => {
                draft.os = os;
                return Ok(Next::Forward);
            }
        }
    }
}

pub(super) fn head_node(flow: &mut Flow, n: usize) -> Went {
    say(&format!("{n}. Head node. {}", StepId::HeadNode.why()));
    let zone = flow
        .draft
        .network
        .as_ref()
        .map(|n| n.availability_zone.clone())
        .unwrap_or_default();
    let types = flow
        .rt
        .block_on(catalog::offered_in_zone(flow.session(), &zone))
        .map_err(|e| anyhow::anyhow!(e.explained()))?;
    let current = build::build(&flow.draft)
        .map(|c| c.head_node.instance_type)
        .unwrap_or_else(|_| "t3.large".into());
    flow.book = money::look_up(
        flow.ctx,
        flow.rt,
        flow.session(),
        &types,
        flow.draft.config.as_ref(),
        flow.surroundings,
    );
    let labels = types
        .iter()
        .map(|t| money::type_label(t, &flow.book))
        .collect();
    let start = types.iter().position(|t| t.name == current).unwrap_or(0);
    let chosen = ask_select("Head node type (type to filter)", labels, start)?;
    flow.draft.head_node_type = Some(types[chosen].name.clone());
    estimate(flow);
    Ok(Next::Forward)
}

/// The estimate so far, as the full-screen wizard's cost panel shows it.
fn estimate(flow: &Flow) {
    if let Some(config) = build::config_so_far(&flow.draft) {
        money::summary(&config, &flow.book, flow.surroundings)
            .iter()
            .for_each(|l| say(l));
    }
}

pub(super) fn queues(flow: &mut Flow, n: usize) -> Went {
    say(&format!("{n}. Queues. {}", StepId::Queues.why()));
    let mut config = flow.draft.config.clone().context("no preset chosen")?;
    for q in 0..config.scheduling.slurm_queues.len() {
        let name = config.scheduling.slurm_queues[q].name.clone();
        let exclusive = config.scheduling.slurm_queues[q].job_exclusive_allocation == Some(true);
        if ask_confirm(
            &format!("Give each job on queue `{name}` whole nodes (what reV expects)?"),
            true,
        )? != exclusive
        {
            edits::toggle_exclusive(&mut config, q);
        }
        for r in 0..config.scheduling.slurm_queues[q].compute_resources.len() {
            let max = config.scheduling.slurm_queues[q].compute_resources[r]
                .max_count
                .unwrap_or(10);
            let wanted = ask_number(
                &format!("Most nodes queue `{name}` may start (MaxCount)"),
                max,
                1,
                1000,
            )?;
            edits::adjust_max(&mut config, q, r, wanted as i64 - max as i64);
        }
    }
    flow.draft.config = Some(config);
    Ok(Next::Forward)
}

pub(super) fn storage(flow: &mut Flow, n: usize) -> Went {
    say(&format!("{n}. Shared storage. {}", StepId::Storage.why()));
    let mut config = flow.draft.config.clone().context("no preset chosen")?;
    for s in 0..config.shared_storage.len() {
        let mount = config.shared_storage[s].mount_dir.clone();
        let retain = edits::deletion_policy(&config.shared_storage[s]) == "Retain";
        if ask_confirm(
            &format!("Keep {mount} and its data after the cluster is deleted (it keeps billing)?"),
            retain,
        )? != retain
        {
            edits::toggle_deletion_policy(&mut config, s);
        }
    }
    flow.draft.config = Some(config);
    estimate(flow);
    Ok(Next::Forward)
}

pub(super) fn extras(flow: &mut Flow, n: usize) -> Went {
    say(&format!("{n}. Tags & upkeep. {}", StepId::Extras.why()));
    let extras = &mut flow.draft.extras;
    extras.org = ask_text("org tag", &extras.org)?;
    extras.billing_id = ask_text("billingId tag", &extras.billing_id)?;
    extras.scaledown_minutes = ask_number(
        "Idle minutes before a node stops",
        extras.scaledown_minutes,
        1,
        1440,
    )?;
    let labels = LOG_RETENTION_DAYS
        .iter()
        .map(|d| format!("{d} days"))
        .collect();
    let start = LOG_RETENTION_DAYS
        .iter()
        .position(|d| *d == extras.log_retention_days)
        .unwrap_or(10);
    extras.log_retention_days =
        LOG_RETENTION_DAYS[ask_select("Keep the cluster's logs for", labels, start)?];
    loop {
        extras.more_tags = ask_text(
            "More tags, as key=value, comma-separated (Enter for none)",
            &extras.more_tags,
        )?;
        match extras.parsed_tags() {
            Ok(_) => break,
            Err(why) => println!("✖ {why}"),
        }
    }
    loop {
        extras.compute_policy = ask_text(
            "An extra IAM policy ARN for the compute nodes (Enter for none)",
            &extras.compute_policy,
        )?;
        let policy = extras.compute_policy.trim();
        if policy.is_empty() || (policy.starts_with("arn:aws") && policy.contains(":policy/")) {
            break;
        }
        println!("✖ `{policy}` is not an IAM policy ARN (arn:aws:iam::ACCOUNT:policy/NAME).");
    }
    extras.delete_logs_with_cluster = ask_confirm(
        "Delete the logs with the cluster?",
        extras.delete_logs_with_cluster,
    )?;
    // The same guard the full-screen wizard arms once the cluster is ready.
    extras.idle_guard_minutes = ask_number(
        "Stop the head node after how many idle minutes, once launched (0 for never)",
        extras.idle_guard_minutes,
        0,
        10080,
    )?;
    let labels = HsdsData::ALL
        .iter()
        .map(|d| d.label().to_string())
        .collect();
    let start = HsdsData::ALL
        .iter()
        .position(|d| *d == extras.hsds_data)
        .unwrap_or(0);
    extras.hsds_data = HsdsData::ALL[ask_select(
        "Where reV's data comes from, through HSDS on the compute nodes",
        labels,
        start,
    )?];
    ask_budget(flow)?;
    if let Ok(config) = build::build(&flow.draft) {
        flow.draft.instance_types = config.instance_types();
    }
    Ok(Next::Forward)
}

/// The monthly AWS Budget the launch makes once the cluster is ready, as the full-screen
/// wizard asks it: where its alerts go (none: no budget), then the amount, suggested from
/// the estimate with the reason.
fn ask_budget(flow: &mut Flow) -> anyhow::Result<()> {
    let suggested = build::build(&flow.draft).ok().map(|config| {
        budget::default_monthly(&cost::estimate(&config, &flow.book, flow.surroundings))
    });
    let extras = &mut flow.draft.extras;
    loop {
        let email = ask_text(
            "Email for a monthly budget's alerts (Enter for no budget)",
            &extras.budget_email,
        )?;
        if email.trim().is_empty() {
            extras.budget_email.clear();
            extras.budget_monthly_usd = None;
            return Ok(());
        }
        match budget::check_email(&email) {
            Ok(email) => {
                extras.budget_email = email;
                break;
            }
            Err(why) => println!("✖ {why}: AWS would not send alerts there."),
        }
    }
    let (default, why) = match (extras.budget_monthly_usd, suggested) {
        (Some(usd), _) => (usd, "your earlier answer".to_string()),
        (None, Some(suggested)) => suggested,
        (None, None) => (100, "no estimate to suggest from".to_string()),
    };
    extras.budget_monthly_usd = Some(ask_number(
        &format!("Monthly budget in US dollars (${default}: {why})"),
        default,
        1,
        1_000_000,
    )?);
    Ok(())
}
