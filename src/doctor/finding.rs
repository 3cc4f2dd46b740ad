//! A finding: one thing doctor checked, how it went, and what to do next.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Ok,
    Warn,
    Fail,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warn => "warn",
            Self::Fail => "fail",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable identifier for scripts, e.g. `credentials.hsds`.
    pub id: &'static str,
    pub level: Level,
    pub message: String,
    /// A command to run or a key to press; absent when there is nothing to do.
    pub next_step: Option<String>,
}

impl Finding {
    pub fn ok(id: &'static str, message: impl Into<String>) -> Self {
        Self {
            id,
            level: Level::Ok,
            message: message.into(),
            next_step: None,
        }
    }

    pub fn warn(id: &'static str, message: impl Into<String>, next: impl Into<String>) -> Self {
        Self {
            id,
            level: Level::Warn,
            message: message.into(),
            next_step: Some(next.into()),
        }
    }

    pub fn fail(id: &'static str, message: impl Into<String>, next: impl Into<String>) -> Self {
        Self {
            id,
            level: Level::Fail,
            message: message.into(),
            next_step: Some(next.into()),
        }
    }

    pub fn with_next(mut self, next: impl Into<String>) -> Self {
        self.next_step = Some(next.into());
        self
    }
}
