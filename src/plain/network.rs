//! The network step as prompts: the region's subnets with what can run where, or a new
//! network made on the spot (recorded in the history before CloudFormation is asked).

use tokio::runtime::Handle;

use super::prompts::{ask_confirm, ask_select};
use crate::aws::network;
use crate::aws::network_stack::{self, Layout};
use crate::aws::session::AwsSession;
use crate::cluster::cost::Surroundings;
use crate::cluster::network::{NAT_PRICE_SOURCE, RouteOut, Verdict};
use crate::wizard::Draft;
use crate::wizard::draft::NetworkChoice;
use crate::wizard::network_step;

pub(super) fn choose_network(
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
