//! The launch step as lines, through the same `launch` service as the full-screen wizard
//! and `pcwiz launch`: a name, the pre-launch checks with the idle and full-scale cost,
//! "type the name to confirm", pcluster's dry run, the creation (recorded in the history
//! at once) and each look at the stack as it comes, ending with the ssh command.

use super::prompts::{Back, ask_confirm, ask_text, say};
use super::{Flow, Next};
use crate::cluster::cluster_name;
use crate::cluster::launch_failure::FailureContext;
use crate::guard::budget::BudgetRequest;
use crate::launch::narrated::{self, Following};
use crate::launch::preflight;
use crate::launch::start::LaunchRequest;
use crate::launch::upkeep::Upkeep;
use crate::wizard::{StepId, build, key_step};

pub(super) fn launch(flow: &mut Flow, n: usize) -> anyhow::Result<Next> {
    say(&format!("{n}. Launch. {}", StepId::Launch.why()));
    let config = build::build(&flow.draft).map_err(anyhow::Error::msg)?;
    let Some(file) = flow.draft.config_file.clone() else {
        anyhow::bail!("the review saves the config before the launch; < goes back to it");
    };
    let suggested = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rev-conus".into());
    let later = format!(
        "Launch it later (checks, pcluster's dry run, then the creation, followed until ready): pcwiz launch {} --name {suggested}",
        file.display()
    );
    if flow.errors > 0 {
        println!(
            "✖ The review found errors, so pcwiz will not launch this config: < goes back to the review."
        );
        println!("{later}");
        return Ok(Next::Finished(1));
    }
    if !ask_confirm(
        "Launch it now? It starts billing once created (n stops here)",
        false,
    )? {
        println!("{later}");
        return Ok(Next::Finished(0));
    }
    let name = loop {
        let name = ask_text("Cluster name", &suggested)?;
        match cluster_name::check(&name) {
            Ok(()) => break name,
            Err(why) => println!("✖ {why}"),
        }
    };

    let region = flow.session().region.clone();
    println!(
        "Checking {} before launching {name} in {region}…",
        file.display()
    );
    let ctx = flow.ctx;
    let checked = flow.rt.block_on(preflight::run(
        &ctx.doctor_inputs(),
        &ctx.dirs,
        &config,
        &name,
        &region,
    ));
    narrated::check_lines(&checked)
        .iter()
        .for_each(|l| println!("{l}"));
    let Some(pcluster) = checked.pcluster.clone().filter(|_| !checked.blocked()) else {
        // Going back is the only way on: the fix is in the answers or outside pcwiz.
        ask_text(
            "Fix the errors above, then press Enter to go back to the review (Ctrl-C stops; nothing was created)",
            "",
        )?;
        return Err(Back.into());
    };
    confirm(&name)?;

    let say_line = |line: &str| println!("{line}");
    let request = LaunchRequest::from_draft(&flow.draft, &name, &region, &ctx.suppress_validators)
        .expect("the config file was checked above")
        .checked_by(&checked);
    let created = flow
        .rt
        .block_on(narrated::dry_run_then_create(
            &pcluster, &request, &ctx.dirs, false, &say_line,
        ))
        .map_err(anyhow::Error::msg)?;
    if created.history_file.is_none() {
        println!("Nothing was created. Change the config (< goes back a step) and launch again.");
        return Ok(Next::Finished(1));
    }
    flow.draft.launched = Some(name.clone());
    flow.save(StepId::Launch)?;

    let context = FailureContext::of(&config, None);
    let key_file = request
        .key_file
        .as_ref()
        .map(|p| key_step::display_path(p, ctx.aws_env.home().map(|p| p.as_path())));
    let upkeep = upkeep(&flow.draft.extras);
    let how = Following {
        name: &name,
        region: &region,
        context: &context,
        key_file: key_file.as_deref(),
        fallback_user: flow.draft.os.default_user(),
        after_ready: Some((&ctx.dirs, &upkeep)),
        ssh_config: std::env::var_os("PCWIZ_SSH_CONFIG").map(Into::into),
    };
    let followed = flow
        .rt
        .block_on(narrated::follow_to_the_end(flow.session(), how, &say_line));
    Ok(Next::Finished(followed.code))
}

/// "Type the cluster name to confirm": a launch costs money, a typo should not start one.
/// `<` or an empty answer goes back to the review.
fn confirm(name: &str) -> anyhow::Result<()> {
    loop {
        let typed = ask_text(
            &format!("Type {name} to launch it (< or an empty answer goes back to the review)"),
            "",
        )?;
        match typed.trim() {
            "" => return Err(Back.into()),
            t if t == name => return Ok(()),
            t => println!("✖ `{t}` is not {name}; nothing was launched."),
        }
    }
}

/// What looks after the cluster once ready: the idle guard the extras asked for, and a
/// budget when the draft has both its amount and its email.
fn upkeep(extras: &crate::wizard::draft::Extras) -> Upkeep {
    let email = extras.budget_email.trim();
    Upkeep {
        idle_guard_minutes: Some(extras.idle_guard_minutes).filter(|m| *m > 0),
        budget: extras
            .budget_monthly_usd
            .filter(|_| !email.is_empty())
            .map(|monthly_usd| BudgetRequest {
                monthly_usd,
                email: email.to_string(),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plain::prompts;

    #[test]
    fn no_guard_and_no_budget_when_not_asked() {
        let mut extras = crate::wizard::draft::Extras {
            idle_guard_minutes: 0,
            budget_monthly_usd: Some(50),
            ..Default::default()
        };
        let asked = upkeep(&extras);
        assert_eq!(asked.idle_guard_minutes, None);
        assert!(asked.budget.is_none(), "no email, no budget");
        extras.budget_email = "me@example.org".into();
        extras.idle_guard_minutes = 30;
        let asked = upkeep(&extras);
        assert_eq!(asked.idle_guard_minutes, Some(30));
        assert_eq!(asked.budget.unwrap().monthly_usd, 50);
    }

    #[test]
    fn back_is_told_apart_from_other_failures() {
        assert!(prompts::is_back(&anyhow::Error::new(Back)));
        assert!(!prompts::is_back(&anyhow::anyhow!("the prompt failed")));
    }
}
