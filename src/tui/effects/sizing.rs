//! The sizing screen's background work: measuring one unit (samples streamed to the
//! screen as they come) and sizing the job over the priced candidates.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::CommandEnv;
use crate::aws::price_engine::PriceEngine;
use crate::aws::sizing_catalog::priced_candidates;
use crate::cluster::sizing::{self, Job, Knobs, MeasuredUnit, candidates};
use crate::measure::{self, Output};
use crate::tui::action::{Action, Sized, StopFlag};

/// Catalog offerings and live prices; the cache and the snapshot answer after it.
const SIZE_LIMIT: Duration = Duration::from_secs(60);

/// Runs the unit's command here, its output to a log in the state dir (a full screen has
/// no room for it), each sample sent as it is taken.
pub async fn measure_unit(
    env: &CommandEnv,
    command: Vec<String>,
    stop: StopFlag,
    tx: &UnboundedSender<Action>,
) {
    let log = env.dirs.state.join("sizing-unit.log");
    let options = measure::Options {
        output: Output::File(log.clone()),
        stop: Some(stop.0),
        ..measure::Options::default()
    };
    let (samples, mut received) = tokio::sync::mpsc::unbounded_channel();
    let forward = {
        let tx = tx.clone();
        tokio::spawn(async move {
            while let Some(sample) = received.recv().await {
                let _ = tx.send(Action::SizingSample(sample));
            }
        })
    };
    let result = measure::measure_in_background(command, options, samples)
        .await
        .map_err(|e| format!("{e} (its output is in {})", log.display()));
    let _ = forward.await;
    let _ = tx.send(Action::SizingMeasured(result));
}

pub async fn size_job(
    env: &CommandEnv,
    region: &str,
    unit: MeasuredUnit,
    job: Job,
    knobs: Knobs,
    offline: bool,
) -> Action {
    let work = async {
        // No account: the bundled catalog and offline prices, nothing asked.
        let session = match offline {
            true => None,
            false => Some(env.session(region).await),
        };
        let priced = priced_candidates(
            session.as_ref(),
            PriceEngine::in_dir(&env.dirs.cache),
            region,
            &candidates::default_names(),
            None,
            false,
        )
        .await;
        let sizing =
            sizing::size(&unit, &job, &knobs, &priced.candidates).map_err(|e| e.to_string())?;
        let mut notes = priced.left_out;
        let unknown = match &priced.problem {
            Some(problem) => {
                notes.push(problem.sentence(chrono::Utc::now()));
                "unknown offline".to_string()
            }
            None if offline => "unknown offline".to_string(),
            None => "unknown: AWS lists no price for it here".to_string(),
        };
        Ok(Box::new(Sized {
            sizing,
            unknown,
            notes,
        }))
    };
    let result = tokio::time::timeout(SIZE_LIMIT, work)
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "sizing took longer than {} s; try again",
                SIZE_LIMIT.as_secs()
            ))
        });
    Action::Sized(result)
}
