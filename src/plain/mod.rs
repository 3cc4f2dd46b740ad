//! `pcwiz --plain`: the same wizard as line-by-line prompts (inquire), for screen readers
//! and terminals where a full-screen app does not fit. It runs on the same model as the
//! TUI (`wizard::` steps, draft, choices, build, edits), saves the same draft, and launches
//! through the same `launch` service.
//!
//! Each step is one function over a `Flow`; `<` at any prompt goes back to the start of the
//! step before. Prompts block, so the flow runs on a blocking thread and hands AWS calls to
//! the runtime.

mod key;
mod launch;
mod money;
mod network;
mod prompts;
mod review;
mod steps;

use tokio::runtime::Handle;

use crate::aws::session::AwsSession;
use crate::cluster::cost::Surroundings;
use crate::cluster::price_book::PriceBook;
use crate::context::Context;
use crate::doctor::gather;
use crate::store::drafts;
use crate::wizard::{Draft, StepId};
use prompts::ask_confirm;

/// What the steps share: the draft, and what earlier steps found out.
pub(super) struct Flow<'a> {
    ctx: &'a Context,
    rt: &'a Handle,
    draft: Draft,
    /// Made by the region step; every later step acts in it.
    session: Option<AwsSession>,
    /// Whether the compute subnet goes out through a NAT gateway (a line of the estimate).
    surroundings: Surroundings,
    /// The prices found at the head-node step, for every estimate after it.
    book: PriceBook,
    /// The review's error count: a config with errors is saved but not launched.
    errors: usize,
}

impl Flow<'_> {
    fn session(&self) -> &AwsSession {
        self.session
            .as_ref()
            .expect("the region step comes before every step that acts in AWS")
    }

    /// The draft on disk after each step, so Ctrl-C loses nothing.
    fn save(&mut self, next: StepId) -> anyhow::Result<()> {
        self.draft.current = next;
        self.draft.saved_at = Some(chrono::Utc::now());
        drafts::save(&self.ctx.dirs, &self.draft).map_err(anyhow::Error::msg)
    }
}

/// What a step leads to.
enum Next {
    Forward,
    /// The wizard is over, with this exit status.
    Finished(i32),
}

pub fn run(ctx: &Context, rt: &Handle) -> anyhow::Result<i32> {
    println!(
        "pcwiz: a ParallelCluster config for reV, step by step. Ctrl-C stops; your answers are saved after each step; < goes back a step.\n"
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

    let draft = match drafts::load(&ctx.dirs) {
        Ok(Some(saved)) => {
            let question = format!("Resume your saved draft ({})?", saved.summary());
            match ask_confirm(&question, true) {
                Ok(true) => saved,
                Ok(false) => Draft::default(),
                // Nothing comes before this question: `<` keeps the draft, as Enter would.
                Err(e) if prompts::is_back(&e) => saved,
                Err(e) => return Err(e),
            }
        }
        Ok(None) => Draft::default(),
        Err(problem) => {
            println!("! {problem}");
            Draft::default()
        }
    };
    let mut flow = Flow {
        ctx,
        rt,
        draft,
        session: None,
        surroundings: Surroundings { nat_gateways: None },
        book: PriceBook::new(""),
        errors: 0,
    };
    walk(&mut flow)
}

/// The steps after the credentials, in order, each started again from its beginning
/// when `<` comes back to it.
fn walk(flow: &mut Flow) -> anyhow::Result<i32> {
    let order = &StepId::ALL[1..];
    let mut at = 0;
    loop {
        let step = order[at];
        println!();
        let number = at + 2;
        let went = match step {
            StepId::Region => steps::region(flow, number),
            StepId::SshKey => steps::ssh_key(flow, number),
            StepId::Network => steps::network(flow, number),
            StepId::Preset => steps::preset(flow, number),
            StepId::Os => steps::os(flow, number),
            StepId::HeadNode => steps::head_node(flow, number),
            StepId::Queues => steps::queues(flow, number),
            StepId::Storage => steps::storage(flow, number),
            StepId::Extras => steps::extras(flow, number),
            StepId::Review => review::review(flow, number),
            StepId::Launch => launch::launch(flow, number),
            StepId::Credentials => unreachable!("checked before the steps"),
        };
        match went {
            Ok(Next::Forward) => {
                at += 1;
                let next = order.get(at).copied().unwrap_or(StepId::Launch);
                flow.save(next)?;
            }
            Ok(Next::Finished(code)) => return Ok(code),
            Err(e) if prompts::is_back(&e) && at == 0 => {
                println!("↩ Region is the first step; there is nothing before it.");
            }
            Err(e) if prompts::is_back(&e) => {
                at -= 1;
                println!("↩ Back to {}.", order[at].title());
            }
            Err(e) => return Err(e),
        }
    }
}
