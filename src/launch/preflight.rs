//! Everything checked before pcwiz asks pcluster to create anything, looked up at once:
//! the credentials (SSO tokens expire mid-wizard), the config's checks against the account,
//! `pcluster` and `node`, the cluster name (valid and not taken), and what the cluster will
//! cost idle. Errors stop the launch; warnings are shown and the user goes on.

use serde::Serialize;

use crate::aws::clusters;
use crate::aws::price_engine::PriceEngine;
use crate::aws::session::AwsSession;
use crate::aws::surroundings;
use crate::cluster::aws_scope::AwsScope;
use crate::cluster::cluster_name;
use crate::cluster::config::ClusterConfig;
use crate::cluster::cost::{self, Estimate};
use crate::cluster::findings::{self, ConfigFinding, Severity};
use crate::doctor::gather::{self, DoctorInputs};
use crate::doctor::{IdentityCheck, Level};
use crate::pcluster::Pcluster;
use crate::store::dirs::Dirs;

#[derive(Debug, Clone, Serialize)]
pub struct Preflight {
    pub name: String,
    pub region: String,
    pub checks: Vec<ConfigFinding>,
    /// What the cluster costs idle and at full scale (None: no preset-shaped config).
    #[serde(skip)]
    pub estimate: Option<Estimate>,
    /// "iam-user", "sso"…, recorded in the history.
    pub credential_kind: Option<String>,
    /// The account the credentials belong to (STS), recorded in the history and shown.
    pub account: Option<String>,
    /// The profile and region the launch acts in (handed to pcluster).
    pub scope: AwsScope,
    #[serde(skip)]
    pub pcluster: Option<Pcluster>,
}

impl Preflight {
    /// The checks could not be run at all: one error that says why, so nothing launches.
    pub fn stopped(name: &str, region: &str, why: String) -> Self {
        Self {
            name: name.to_string(),
            region: region.to_string(),
            checks: vec![ConfigFinding {
                id: "launch.checks",
                severity: Severity::Error,
                message: why,
                fix: "Press r to run the checks again; the log has the details".into(),
            }],
            estimate: None,
            credential_kind: None,
            account: None,
            scope: AwsScope {
                profile: None,
                region: region.to_string(),
            },
            pcluster: None,
        }
    }

    /// Any error stops the launch.
    pub fn blocked(&self) -> bool {
        self.checks.iter().any(|c| c.severity == Severity::Error)
    }

    /// pcluster (or the node it needs) is missing: installing pcwiz's own fixes both.
    pub fn needs_pcluster(&self) -> bool {
        self.checks
            .iter()
            .any(|c| matches!(c.id, "launch.pcluster" | "launch.node"))
    }
}

pub async fn run(
    inputs: &DoctorInputs,
    dirs: &Dirs,
    config: &ClusterConfig,
    name: &str,
    region: &str,
) -> Preflight {
    let profile = crate::aws::credential_source::ProfileChoice::resolve(
        inputs.profile_flag.as_deref(),
        &inputs.env,
    );
    let session = AwsSession::new(&inputs.env, &profile, region).await;
    let name_ok = cluster_name::check(name);
    let (identity, around, taken, prices) = tokio::join!(
        gather::check_identity(inputs),
        surroundings::look_around(&session, config),
        async {
            match &name_ok {
                Ok(()) => Some(clusters::stack_status(&session, name).await),
                Err(_) => None,
            }
        },
        async {
            let surroundings = cost::Surroundings { nat_gateways: None };
            let keys = cost::price_keys(config, surroundings);
            PriceEngine::in_dir(&dirs.cache)
                .prices(Some(&session), region, &keys, None, chrono::Utc::now())
                .await
        },
    );

    let mut checks = credential_checks(&identity);
    match &around {
        Ok(around) => checks.extend(findings::check(config, around)),
        Err(why) => checks.push(error(
            "launch.lookup",
            format!("Could not check the key pair and subnet against AWS: {why}."),
            "Run `pcwiz doctor` to see what is wrong with the credentials or network",
        )),
    }
    match name_ok {
        Err(why) => checks.push(error(
            "launch.name",
            format!("The cluster name {why}."),
            "Pick a name like rev-conus-1",
        )),
        Ok(()) => match taken {
            Some(Ok(Some(status))) => checks.push(error(
                "launch.name-taken",
                format!("A stack named {name} already exists in {region} ({status})."),
                "Pick another name, or clean up the old cluster first",
            )),
            Some(Err(e)) => checks.push(error(
                "launch.name-lookup",
                format!("Could not check whether {name} is taken: {}", e.explained()),
                "Run `pcwiz doctor`",
            )),
            _ => {}
        },
    }
    let pcluster = Pcluster::locate(&inputs.search);
    checks.extend(tool_checks(pcluster.as_ref(), &inputs.search));

    let surroundings = cost::Surroundings {
        nat_gateways: around.as_ref().ok().and_then(|a| nat_gateways(config, a)),
    };
    Preflight {
        name: name.to_string(),
        region: region.to_string(),
        checks,
        estimate: Some(cost::estimate(config, &prices.book, surroundings)),
        credential_kind: identity
            .identity
            .as_ref()
            .map(|i| i.kind.as_str().to_string()),
        account: identity.identity.as_ref().map(|i| i.account.clone()),
        scope: session.scope(),
        pcluster,
    }
}

/// One NAT gateway if the head subnet goes out through one; none if every queue shares
/// the head's (public) subnet; unknown when the compute subnets are others.
fn nat_gateways(config: &ClusterConfig, around: &findings::Surroundings) -> Option<u32> {
    let head = around.head_subnet.as_ref()?;
    if head.route_out == crate::cluster::network::RouteOut::NatGateway {
        return Some(1);
    }
    let head_id = &config.head_node.networking.subnet_id;
    let shared = config
        .scheduling
        .slurm_queues
        .iter()
        .flat_map(|q| &q.networking.subnet_ids)
        .all(|id| id == head_id);
    shared.then_some(0)
}

/// Doctor's credential findings that fail become errors: without valid credentials
/// pcluster cannot create anything.
fn credential_checks(identity: &IdentityCheck) -> Vec<ConfigFinding> {
    let failing: Vec<_> = identity
        .findings
        .iter()
        .filter(|f| f.level == Level::Fail)
        .collect();
    if identity.identity.is_some() && failing.is_empty() {
        return vec![];
    }
    if failing.is_empty() {
        return vec![error(
            "launch.credentials",
            "AWS did not say who you are, so nothing can be created.".into(),
            "Run `pcwiz doctor`",
        )];
    }
    failing
        .into_iter()
        .map(|f| ConfigFinding {
            id: "launch.credentials",
            severity: Severity::Error,
            message: f.message.clone(),
            fix: f
                .next_step
                .clone()
                .unwrap_or_else(|| "Run `pcwiz doctor`".into()),
        })
        .collect()
}

fn tool_checks(
    pcluster: Option<&Pcluster>,
    search: &crate::tools::locate::SearchPath,
) -> Vec<ConfigFinding> {
    let Some(pcluster) = pcluster else {
        return vec![error(
            "launch.pcluster",
            "pcluster (the ParallelCluster CLI) is not installed.".into(),
            "Install it: `pcwiz doctor --install-pcluster` (or Check my setup → i)",
        )];
    };
    // pcluster runs `node` (the AWS CDK) to build the template; its own directory counts.
    let beside = pcluster
        .program
        .parent()
        .is_some_and(|bin| bin.join("node").is_file());
    if beside || search.find("node").is_some() {
        vec![]
    } else {
        vec![error(
            "launch.node",
            "pcluster needs `node` (Node.js) to create clusters, and there is none.".into(),
            "Install pcluster with node: `pcwiz doctor --install-pcluster`",
        )]
    }
}

fn error(id: &'static str, message: String, fix: &str) -> ConfigFinding {
    ConfigFinding {
        id,
        severity: Severity::Error,
        message,
        fix: fix.into(),
    }
}
