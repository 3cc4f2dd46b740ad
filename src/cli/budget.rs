//! `pcwiz budget NAME [--monthly USD --email ADDRESS | --off] [--json]`: the cluster's AWS
//! Budget, shown with what it has counted this month, made or changed, or removed.

use serde::Serialize;

use crate::cli::args::BudgetArgs;
use crate::cluster::budget::BudgetSeen;
use crate::context::Context;
use crate::guard::budget::{self, BudgetMade, BudgetRequest};

#[derive(Serialize)]
struct Out<'a> {
    name: &'a str,
    /// "shown", "created" or "removed".
    action: &'static str,
    made: Option<&'a BudgetMade>,
    /// The budget as AWS has it now; null when there is none.
    budget: Option<&'a BudgetSeen>,
}

pub async fn run(ctx: &Context, args: &BudgetArgs) -> anyhow::Result<i32> {
    let mut found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let session = ctx.session_in(&found.region).await;
    found.acting_as(&session).await?;
    let fail = |e: String| anyhow::anyhow!(e);
    let (action, made) = match (args.monthly, &args.email, args.off) {
        (Some(monthly_usd), Some(email), _) => {
            let request = BudgetRequest {
                monthly_usd,
                email: email.clone(),
            };
            let made = budget::create(&session, &ctx.dirs, &args.name, &request)
                .await
                .map_err(fail)?;
            ("created", Some(made))
        }
        (_, _, true) => {
            let removed = budget::remove(&session, &ctx.dirs, &args.name)
                .await
                .map_err(fail)?;
            if !removed {
                eprintln!("{} had no budget.", args.name);
            }
            ("removed", None)
        }
        _ => ("shown", None),
    };
    let seen = budget::look(&session, &args.name).await.map_err(fail)?;
    if args.json {
        super::print_json(&Out {
            name: &args.name,
            action,
            made: made.as_ref(),
            budget: seen.as_ref(),
        })?;
        return Ok(0);
    }
    if let Some(made) = &made {
        for note in &made.notes {
            println!("  {note}");
        }
    }
    match &seen {
        Some(seen) => println!("{}: budget {}: {}", args.name, seen.name, seen.describe()),
        None => println!(
            "{}: no budget. Make one: pcwiz budget {} --monthly USD --email ADDRESS",
            args.name, args.name
        ),
    }
    Ok(0)
}
