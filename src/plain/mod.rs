//! `pcwiz --plain`: the same wizard as line-by-line prompts (inquire), for screen readers
//! and terminals where a full-screen app does not fit. It runs on the same model as the
//! TUI (`wizard::` steps, draft, choices, build, edits) and saves the same draft.
//!
//! Prompts block, so the flow runs on a blocking thread and hands AWS calls to the runtime.

mod money;
mod prompts;

use std::path::PathBuf;

use anyhow::Context as _;
use tokio::runtime::Handle;

use crate::aws::network_stack::{self, Layout};
use crate::aws::session::AwsSession;
use crate::aws::{catalog, keypairs, network, surroundings};
use crate::cluster::cost::Surroundings;
use crate::cluster::edits;
use crate::cluster::findings::{self, Severity};
use crate::cluster::network::{NAT_PRICE_SOURCE, RouteOut, Verdict};
use crate::cluster::os::Os;
use crate::cluster::regions::{self, REV_DATA_REGION, REV_WHY, SUPPORTED};
use crate::cluster::ssh_key::refusal;
use crate::context::Context;
use crate::doctor::gather;
use crate::keys;
use crate::store::presets as store_presets;
use crate::store::{atomic, drafts, ssh_dir};
use crate::wizard::draft::{HsdsData, KeyChoice, KeyOrigin, LOG_RETENTION_DAYS, NetworkChoice};
use crate::wizard::key_step::{self, KeyAction};
use crate::wizard::{Draft, StepId, build, network_step};
use prompts::{ask_confirm, ask_number, ask_select, ask_text, say};

pub fn run(ctx: &Context, rt: &Handle) -> anyhow::Result<i32> {
    println!(
        "pcwiz: a ParallelCluster config for reV, step by step. Ctrl-C stops; your answers are saved after each step.\n"
    );
    // 1. Credentials
    let check = rt.block_on(gather::check_identity(&ctx.doctor_inputs()));
    let Some(who) = &check.identity else {
        println!("pcwiz could not confirm who you are, so it cannot go on:");
        for finding in check
            .findings
            .iter()
            .filter(|f| f.level == crate::doctor::Level::Fail)
        {
            println!(
                "  - {}\n    next: {}",
                finding.message,
                finding.next_step.as_deref().unwrap_or("")
            );
        }
        return Ok(1);
    };
    println!(
        "1. You are {} ({}) in account {}.",
        who.principal_name,
        who.kind.as_str(),
        who.account
    );
    for warning in check
        .findings
        .iter()
        .filter(|f| f.level == crate::doctor::Level::Warn)
    {
        println!("   ! {}", warning.message);
    }

    let mut draft = match drafts::load(&ctx.dirs) {
        Ok(Some(saved))
            if ask_confirm(
                &format!("Resume your saved draft ({})?", saved.summary()),
                true,
            )? =>
        {
            saved
        }
        Ok(_) => Draft::default(),
        Err(problem) => {
            println!("! {problem}");
            Draft::default()
        }
    };
    let save = |draft: &mut Draft, next: StepId| -> anyhow::Result<()> {
        draft.current = next;
        draft.saved_at = Some(chrono::Utc::now());
        drafts::save(&ctx.dirs, draft).map_err(anyhow::Error::msg)
    };

    // 2. Region
    println!();
    say(&format!("2. Region. {REV_WHY}"));
    let configured = ctx.region().map(|r| r.name);
    let preferred = draft
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
    draft.set_region(region);
    save(&mut draft, StepId::SshKey)?;
    let session = rt.block_on(AwsSession::new(&ctx.aws_env, &ctx.profile(), region));

    // 3. SSH key
    println!();
    say(&format!("3. SSH key. {}", StepId::SshKey.why()));
    draft.key = Some(choose_key(ctx, rt, &session, &draft)?);
    save(&mut draft, StepId::Network)?;

    // 4. Network
    println!();
    say(&format!("4. Network. {}", StepId::Network.why()));
    let (network, surroundings) = choose_network(rt, &session, &ctx.dirs, &draft)?;
    draft.network = Some(network);
    save(&mut draft, StepId::Preset)?;

    // 5. Preset
    println!();
    say(&format!("5. Preset. {}", StepId::Preset.why()));
    let (all, problems) = store_presets::load(&ctx.dirs);
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
    save(&mut draft, StepId::Os)?;

    // 6. Operating system
    println!();
    say(&format!("6. Operating system. {}", StepId::Os.why()));
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
    loop {
        let start = Os::ALL.iter().position(|os| *os == draft.os).unwrap_or(0);
        let os = Os::ALL[ask_select("Operating system", labels.clone(), start)?];
        match draft.key.as_ref().and_then(|k| refusal(k.kind, os)) {
            Some(reason) => println!("✖ {reason}"),
            None => {
                draft.os = os;
                break;
            }
        }
    }
    save(&mut draft, StepId::HeadNode)?;

    // 7. Head node
    println!();
    say(&format!("7. Head node. {}", StepId::HeadNode.why()));
    let zone = draft
        .network
        .as_ref()
        .map(|n| n.availability_zone.clone())
        .unwrap_or_default();
    let types = rt
        .block_on(catalog::offered_in_zone(&session, &zone))
        .map_err(|e| anyhow::anyhow!(e.explained()))?;
    let current = build::build(&draft)
        .map(|c| c.head_node.instance_type)
        .unwrap_or_else(|_| "t3.large".into());
    let book = money::look_up(
        ctx,
        rt,
        &session,
        &types,
        draft.config.as_ref(),
        surroundings,
    );
    let labels = types.iter().map(|t| money::type_label(t, &book)).collect();
    let start = types.iter().position(|t| t.name == current).unwrap_or(0);
    draft.head_node_type = Some(
        types[ask_select("Head node type (type to filter)", labels, start)?]
            .name
            .clone(),
    );
    if let Some(config) = build::config_so_far(&draft) {
        money::summary(&config, &book, surroundings)
            .iter()
            .for_each(|l| say(l));
    }
    save(&mut draft, StepId::Queues)?;

    // 8. Queues and 9. storage
    println!();
    say(&format!("8. Queues. {}", StepId::Queues.why()));
    let mut config = draft.config.clone().context("no preset chosen")?;
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
    println!();
    say(&format!("9. Shared storage. {}", StepId::Storage.why()));
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
    draft.config = Some(config);
    if let Some(config) = build::config_so_far(&draft) {
        money::summary(&config, &book, surroundings)
            .iter()
            .for_each(|l| say(l));
    }
    save(&mut draft, StepId::Extras)?;

    // 10. Tags & upkeep
    println!();
    say(&format!("10. Tags & upkeep. {}", StepId::Extras.why()));
    draft.extras.org = ask_text("org tag", &draft.extras.org)?;
    draft.extras.billing_id = ask_text("billingId tag", &draft.extras.billing_id)?;
    draft.extras.scaledown_minutes = ask_number(
        "Idle minutes before a node stops",
        draft.extras.scaledown_minutes,
        1,
        1440,
    )?;
    let labels = LOG_RETENTION_DAYS
        .iter()
        .map(|d| format!("{d} days"))
        .collect();
    let start = LOG_RETENTION_DAYS
        .iter()
        .position(|d| *d == draft.extras.log_retention_days)
        .unwrap_or(10);
    draft.extras.log_retention_days =
        LOG_RETENTION_DAYS[ask_select("Keep the cluster's logs for", labels, start)?];
    loop {
        draft.extras.more_tags = ask_text(
            "More tags, as key=value, comma-separated (Enter for none)",
            &draft.extras.more_tags,
        )?;
        match draft.extras.parsed_tags() {
            Ok(_) => break,
            Err(why) => println!("✖ {why}"),
        }
    }
    loop {
        draft.extras.compute_policy = ask_text(
            "An extra IAM policy ARN for the compute nodes (Enter for none)",
            &draft.extras.compute_policy,
        )?;
        let policy = draft.extras.compute_policy.trim();
        if policy.is_empty() || (policy.starts_with("arn:aws") && policy.contains(":policy/")) {
            break;
        }
        println!("✖ `{policy}` is not an IAM policy ARN (arn:aws:iam::ACCOUNT:policy/NAME).");
    }
    draft.extras.delete_logs_with_cluster = ask_confirm(
        "Delete the logs with the cluster?",
        draft.extras.delete_logs_with_cluster,
    )?;
    let labels = HsdsData::ALL
        .iter()
        .map(|d| d.label().to_string())
        .collect();
    let start = HsdsData::ALL
        .iter()
        .position(|d| *d == draft.extras.hsds_data)
        .unwrap_or(0);
    draft.extras.hsds_data = HsdsData::ALL[ask_select(
        "Where reV's data comes from, through HSDS on the compute nodes",
        labels,
        start,
    )?];
    if let Ok(config) = build::build(&draft) {
        draft.instance_types = config.instance_types();
    }
    save(&mut draft, StepId::Review)?;

    // 11. Review
    println!("\n11. Review.");
    let config = build::build(&draft).map_err(anyhow::Error::msg)?;
    let yaml = config.to_yaml();
    println!("{yaml}");
    let around = match rt.block_on(surroundings::look_around(&session, &config)) {
        Ok(around) => around,
        Err(problem) => {
            println!(
                "! Could not check against AWS ({problem}); the checks that need it were skipped."
            );
            Default::default()
        }
    };
    let found = findings::check(&config, &around);
    for finding in &found {
        let label = if finding.severity == Severity::Error {
            "error"
        } else {
            "warn"
        };
        println!(
            "  {label}: {}\n         fix: {}",
            finding.message, finding.fix
        );
    }
    let errors = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    println!("{errors} error(s), {} warning(s).", found.len() - errors);
    println!("\nWhat it costs:");
    for line in money::breakdown(&config, &book, surroundings) {
        println!("{line}");
    }
    let default = ctx
        .dirs
        .data
        .join("configs")
        .join(build::default_file_name(&draft));
    let path = PathBuf::from(ask_text(
        "Save the config to",
        &default.display().to_string(),
    )?);
    let text = format!(
        "# ParallelCluster config made by pcwiz from preset `{}`.\n{yaml}",
        draft.preset.as_deref().unwrap_or("?")
    );
    atomic::write(&path, text.as_bytes(), 0o600)
        .with_context(|| format!("could not write {}", path.display()))?;
    draft.config_file = Some(path.clone());
    save(&mut draft, StepId::Review)?;
    println!(
        "Saved {} (mode 0600). Check it with pcluster: pcwiz config check {} --pcluster",
        path.display(),
        path.display()
    );
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rev-conus".into());
    println!(
        "Launch it (checks, pcluster's dry run, then the creation, followed until ready): pcwiz launch {} --name {name}",
        path.display()
    );
    Ok(if errors > 0 { 1 } else { 0 })
}

fn choose_key(
    ctx: &Context,
    rt: &Handle,
    session: &AwsSession,
    draft: &Draft,
) -> anyhow::Result<KeyChoice> {
    loop {
        let remote = rt
            .block_on(keypairs::list(session))
            .map_err(|e| anyhow::anyhow!(e.explained()))?;
        let local = ssh_dir::scan(&ctx.ssh_dir());
        let rows = key_step::rows(
            &local,
            &remote,
            draft.os,
            ctx.aws_env.home().map(|p| p.as_path()),
            &session.region,
        );
        let labels = rows
            .iter()
            .map(|r| {
                let mark = if r.refused.is_some() {
                    "✖"
                } else if r.action.is_none() {
                    "·"
                } else {
                    "✔"
                };
                format!("{mark} {}: {}", r.title, r.detail)
            })
            .collect();
        let row = &rows[ask_select("SSH key", labels, key_step::default_row(&rows))?];
        for warning in &row.warnings {
            println!("! {warning}");
        }
        if let Some(reason) = &row.refused {
            println!("✖ {reason}");
            continue;
        }
        let result = match row.action.clone() {
            None => {
                println!("✖ {}", row.detail);
                continue;
            }
            Some(KeyAction::UseExisting {
                pair,
                private_key,
                kind,
            }) => {
                return Ok(KeyChoice {
                    name: pair,
                    kind,
                    private_key: Some(private_key),
                    origin: KeyOrigin::Existing,
                });
            }
            Some(KeyAction::Import {
                public_key,
                suggested_name,
                ..
            }) => {
                let name = ask_text("Key pair name", &suggested_name)?;
                rt.block_on(keys::import_file(
                    session,
                    &public_key,
                    &name,
                    KeyOrigin::Imported,
                ))
            }
            Some(KeyAction::Generate { suggested_name }) => {
                let name = ask_text("Key pair name (also the file in ~/.ssh)", &suggested_name)?;
                let passphrase = prompts::ask_passphrase()?;
                rt.block_on(keys::generate_and_import(
                    session,
                    &ctx.search_path(),
                    &ctx.ssh_dir(),
                    &name,
                    &passphrase,
                ))
            }
        };
        match result {
            Ok(choice) => {
                println!("✔ Key pair `{}` is ready.", choice.name);
                return Ok(choice);
            }
            // Nothing is lost: say why and ask again.
            Err(problem) => println!("✖ {problem}"),
        }
    }
}

fn choose_network(
    rt: &Handle,
    session: &AwsSession,
    dirs: &crate::store::dirs::Dirs,
    draft: &Draft,
) -> anyhow::Result<(NetworkChoice, Surroundings)> {
    // Whether the compute nodes go out through a NAT gateway: a line of the estimate.
    let nat = |yes: bool| Surroundings {
        nat_gateways: Some(u32::from(yes)),
    };
    loop {
        let inventory = rt
            .block_on(network::inventory(session, &draft.instance_types))
            .map_err(|e| anyhow::anyhow!(e.explained()))?;
        let rows = network_step::rows(&inventory, &draft.instance_types);
        let mut labels: Vec<String> = rows
            .iter()
            .map(|r| {
                let (mark, why) = match &r.verdict {
                    Verdict::Usable => ("✔", String::new()),
                    Verdict::Caution(why) => ("!", format!(": {why}")),
                    Verdict::Unusable(why) => ("✖", format!(": {why}")),
                };
                format!(
                    "{mark} {} {} {} {}{why}",
                    r.subnet.id, r.subnet.availability_zone, r.subnet.cidr, r.vpc_label
                )
            })
            .collect();
        labels.push("+ Create a new network for the cluster".into());
        let start = network_step::default_row(&rows).unwrap_or(rows.len());
        let choice = ask_select("Subnet", labels, start)?;
        if let Some(row) = rows.get(choice) {
            if let Verdict::Unusable(why) = &row.verdict {
                println!("✖ {why}");
                continue;
            }
            let choice = NetworkChoice {
                vpc_id: row.subnet.vpc_id.clone(),
                head_subnet: row.subnet.id.clone(),
                compute_subnet: row.subnet.id.clone(),
                availability_zone: row.subnet.availability_zone.clone(),
                created_stack: None,
            };
            return Ok((choice, nat(row.subnet.route_out == RouteOut::NatGateway)));
        }
        let zones = network_step::zones_for_new_network(&inventory, &draft.instance_types);
        if zones.is_empty() {
            println!("✖ No zone in this region offers every planned type.");
            continue;
        }
        let zone = zones[ask_select("Zone for the new network", zones.clone(), 0)?].clone();
        let private = ask_confirm(
            &format!(
                "Also a private compute subnet behind a NAT gateway (≈ ${:.2}/month, {NAT_PRICE_SOURCE})?",
                network_step::nat_monthly_usd()
            ),
            false,
        )?;
        let layout = if private {
            Layout::PublicPrivate
        } else {
            Layout::Public
        };
        let progress = rt.block_on(async {
            // Recorded in pcwiz's history before CloudFormation is asked, as the
            // full-screen wizard's is.
            let name = crate::launch::network::create(session, dirs, layout, &zone).await?;
            loop {
                let progress = network_stack::progress(session, &name)
                    .await
                    .map_err(|e| e.explained())?;
                println!(
                    "  {} ({}/{} resources)",
                    progress.status, progress.resources_done, progress.resources_total
                );
                if progress.finished() {
                    return Ok::<_, String>(progress);
                }
                tokio::time::sleep(std::time::Duration::from_secs(3)).await;
            }
        });
        match progress {
            Ok(p) if p.succeeded() => {
                let choice = NetworkChoice::from_created_stack(&p.name, &zone, &p.outputs);
                return Ok((choice, nat(private)));
            }
            Ok(p) => println!("✖ {}", p.failure().unwrap_or(p.status)),
            Err(why) => println!("✖ {why}"),
        }
    }
}
