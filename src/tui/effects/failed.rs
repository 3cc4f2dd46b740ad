//! What each command answers when it could not run to its end: its task panicked. The
//! screen that asked then shows an error where its answer would go, in one sentence,
//! instead of a spinner that never stops (issue 20). A bug in pcwiz is still a bug: the
//! panic's own message goes to the log, and the sentence says so.

use super::cleanup;
use crate::cluster::price_book::PriceBook;
use crate::cluster::price_outage::{OutageKind, PriceOutage};
use crate::doctor::{Finding, IdentityCheck};
use crate::launch::preflight::Preflight;
use crate::monitor::priced::Refreshed;
use crate::tui::action::{Action, Command, LaunchEvent};

/// The command's own failure answer, with `why` where its error goes. None for the one
/// command that never runs as a task (the shell, which the event loop runs itself).
pub fn answer(command: &Command, why: String) -> Option<Action> {
    let dashboard = |name: &String| Action::DashboardActionDone {
        name: name.clone(),
        result: Err(why.clone()),
    };
    Some(match command {
        Command::CheckIdentity => Action::IdentityChecked(Box::new(IdentityCheck::stopped(
            why,
            "Press r to check again; the log has the details",
        ))),
        Command::CheckTools => Action::ToolsChecked(vec![Finding::fail(
            "tools",
            why,
            "Press r to check again; the log has the details",
        )]),
        Command::LoadKeys { region } => Action::KeysLoaded {
            region: region.clone(),
            result: Err(why),
        },
        Command::ImportKey { .. } | Command::GenerateKey { .. } => Action::KeyReady(Err(why)),
        Command::LoadNetwork { region, .. } => Action::NetworkLoaded {
            region: region.clone(),
            result: Err(why),
        },
        Command::CreateNetwork { .. } => Action::NetworkProgress(Err(why)),
        Command::SaveDraft(_) => Action::DraftSaved(Err(why)),
        Command::LookAround { .. } => Action::ConfigLookedAround(Err(why)),
        Command::LoadCatalog { zone, .. } => Action::CatalogLoaded {
            zone: zone.clone(),
            result: Err(why),
        },
        Command::SaveConfig { .. } => Action::ConfigSaved(Err(why)),
        Command::InstallPcluster => Action::PclusterInstalled(Err(why)),
        Command::AddKeys { .. } => Action::KeysWritten(Err(why)),
        Command::AddSso(setup) => Action::SsoWritten {
            profile: setup.profile.clone(),
            result: Err(why),
        },
        Command::LoadPrices { region, .. } => Action::PricesLoaded {
            region: region.clone(),
            book: Box::new(PriceBook::new(region)),
            problem: Some(PriceOutage::new(OutageKind::Other, why, chrono::Utc::now())),
            finished: true,
        },
        Command::LaunchPreflight { name, region, .. } => Action::LaunchChecked {
            name: name.clone(),
            preflight: Box::new(Preflight::stopped(name, region, why)),
        },
        // Past the dry run the creation may be under way in AWS: the failure is said where
        // the stack's looks go, and `pcwiz follow` or a resumed draft picks it up again.
        Command::Launch { .. } => Action::Launch(LaunchEvent::DryRun(Err(why))),
        Command::FollowLaunch { .. } => Action::Launch(LaunchEvent::Progress {
            look: Err(why),
            calls: 0,
        }),
        Command::DeleteStack { .. } => Action::Launch(LaunchEvent::Deleted(Err(why))),
        Command::SetUpUpkeep { .. } => Action::Launch(LaunchEvent::UpkeepDone(vec![why])),
        Command::StartRev { name, .. } => Action::RevRunDone {
            name: name.clone(),
            result: Box::new(Err(why)),
        },
        Command::FetchRev { name, .. } => Action::RevFetchDone {
            name: name.clone(),
            result: Err(why),
        },
        Command::ReadClusterConfig { name, .. } => Action::ClusterConfigRead {
            name: name.clone(),
            result: Err(why),
        },
        Command::PreviewUpdate { name, .. } => Action::UpdatePreviewed {
            name: name.clone(),
            result: Err(why),
        },
        // The update may be under way in AWS: said where its end goes; the dashboard's
        // next refresh shows the stack as it is.
        Command::ApplyUpdate { name, .. } => Action::UpdateApplied {
            name: name.clone(),
            result: Err(why),
        },
        Command::LoadClusters { region } => Action::ClustersLoaded {
            region: region.clone(),
            listing: Err(why),
        },
        Command::RefreshCluster { name, region, .. } => Action::ClusterRefreshed {
            name: name.clone(),
            refreshed: Box::new(Refreshed::failed(region, why)),
        },
        Command::SetFleet { name, .. }
        | Command::SetHeadNode { name, .. }
        | Command::RememberRevDir { name, .. }
        | Command::SetGuard { name, .. } => dashboard(name),
        Command::DescribeFleet { name, .. } => Action::FleetDescribed {
            name: name.clone(),
            status: Err(why),
        },
        Command::RepinHostKey { name, .. } => Action::HostKeyRepinned {
            name: name.clone(),
            result: Err(why.into()),
        },
        Command::LookUpBudget { name, .. } => Action::BudgetLooked {
            name: name.clone(),
            result: Err(why),
        },
        Command::PlanCleanup { name, .. } => Action::CleanupPlanned {
            name: name.clone(),
            plan: Err(why),
        },
        Command::RunCleanup { plan } => Action::CleanupFinished {
            name: plan.cluster.clone(),
            results: cleanup::unfinished(plan, vec![], &why),
        },
        Command::ParkCluster { name, .. } => Action::Parked {
            name: name.clone(),
            result: Err(why),
        },
        Command::Sweep { region } => Action::Swept {
            region: region.clone(),
            result: Err(why),
        },
        Command::SetUpHsds { name, .. } => Action::HsdsSetupDone {
            name: name.clone(),
            result: Box::new(Err(why)),
        },
        Command::MeasureUnit { .. } => Action::SizingMeasured(Err(why)),
        Command::SizeJob { .. } => Action::Sized(Err(why)),
        Command::OpenShell { .. } => return None,
    })
}

/// The panic's payload as text (`panic!` gives a &str or a String).
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".into())
}
