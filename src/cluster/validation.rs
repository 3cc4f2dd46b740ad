//! pcluster's validator messages, as its dry runs (create and update) report them. A domain
//! type, so a launch's review and an update's change set show them the same way.

use serde::{Deserialize, Serialize};

/// One of pcluster's validator messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationProblem {
    /// "ERROR", "WARNING" or "INFO".
    pub level: String,
    #[serde(rename = "type")]
    pub validator: String,
    pub message: String,
}

impl ValidationProblem {
    /// "✖" for an error, "!" for anything less: the marks every screen uses.
    pub fn mark(&self) -> &'static str {
        if self.level == "ERROR" { "✖" } else { "!" }
    }

    /// "! pcluster KeyPairValidator: If you do not specify a key pair, …".
    pub fn line(&self) -> String {
        format!(
            "{} pcluster {}: {}",
            self.mark(),
            self.validator,
            self.message
        )
    }
}
