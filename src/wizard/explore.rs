//! Exploring without an account (issue 20): a grad student who wants to know what a reV
//! cluster would cost, before their lab gives them AWS access, walks the whole wizard.
//! The steps that need AWS (the key pair and the subnet live in an account) are put off:
//! they say what they need, and once credentials work the draft resumes with them, then
//! goes back to where exploring had got. The review builds the config with placeholders
//! in their place, so its YAML and cost breakdown are there to read; it cannot be saved
//! or launched until they are answered.

use super::{Draft, StepId};

/// The steps that cannot be answered without an AWS account.
pub const NEEDS_AWS: [StepId; 2] = [StepId::SshKey, StepId::Network];

/// What each put-off step needs, in one sentence.
pub fn what_it_needs(step: StepId) -> &'static str {
    match step {
        StepId::SshKey => {
            "Key pairs live in your AWS account: this step is done once you are signed in."
        }
        StepId::Network => {
            "Subnets live in your AWS account: this step is done once you are signed in."
        }
        _ => "This step needs your AWS account.",
    }
}

/// Where the review's YAML says a put-off answer goes.
pub const KEY_PLACEHOLDER: &str = "<key pair: chosen once signed in>";
pub const SUBNET_PLACEHOLDER: &str = "<subnet: chosen once signed in>";

impl Draft {
    /// Explored past `step` without answering it: it is done later.
    pub fn put_off(&mut self, step: StepId) {
        if !self.later.contains(&step) {
            self.later.push(step);
            self.later.sort_by_key(|s| s.index());
        }
    }

    /// Credentials work now: go to the first put-off step (remembering where exploring
    /// had got). False when nothing was put off.
    pub fn resume_with_aws(&mut self) -> bool {
        let Some(&first) = self.later.first() else {
            return false;
        };
        if self.current != first {
            let at = self.resume_at.unwrap_or(self.current);
            self.resume_at = Some(at);
            self.current = first;
        }
        true
    }

    /// The step after `step` is answered: the next put-off one, then where exploring had
    /// got, else simply the next.
    pub fn after(&mut self, step: StepId) -> Option<StepId> {
        // Put off just now (not answered), or never put off: on as usual.
        if !self.later.contains(&step) || !self.answered(step) {
            return step.next();
        }
        self.later.retain(|s| *s != step);
        match self.later.first() {
            Some(&next) => Some(next),
            None => self.resume_at.take().or(step.next()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_off_steps_are_done_once_signed_in_then_exploring_resumes() {
        let mut draft = Draft::default();
        draft.put_off(StepId::Network);
        draft.put_off(StepId::SshKey);
        draft.put_off(StepId::SshKey);
        assert_eq!(draft.later, [StepId::SshKey, StepId::Network]);
        draft.current = StepId::Review;
        assert!(draft.answered(StepId::Extras));

        assert!(draft.resume_with_aws());
        assert_eq!(draft.current, StepId::SshKey);
        assert!(
            draft.answered(StepId::Extras),
            "what was explored still counts"
        );
        // Resuming twice keeps the first place exploring had got to.
        assert!(draft.resume_with_aws());
        assert_eq!(draft.resume_at, Some(StepId::Review));

        assert_eq!(
            draft.after(StepId::SshKey),
            Some(StepId::Network),
            "not answered yet: still put off"
        );
        assert_eq!(draft.later.len(), 2);
        draft.key = Some(crate::wizard::draft::KeyChoice {
            name: "laptop".into(),
            kind: crate::cluster::ssh_key::KeyKind::Ed25519,
            private_key: None,
            origin: crate::wizard::draft::KeyOrigin::Existing,
        });
        assert_eq!(draft.after(StepId::SshKey), Some(StepId::Network));
        draft.network = Some(crate::wizard::draft::NetworkChoice {
            vpc_id: "vpc-1".into(),
            head_subnet: "subnet-1".into(),
            compute_subnet: "subnet-1".into(),
            availability_zone: "us-west-2a".into(),
            created_stack: None,
        });
        assert_eq!(draft.after(StepId::Network), Some(StepId::Review));
        assert!(draft.later.is_empty() && draft.resume_at.is_none());
        assert!(!draft.resume_with_aws(), "nothing left");
        assert_eq!(draft.after(StepId::Preset), Some(StepId::Os), "as usual");
    }
}
