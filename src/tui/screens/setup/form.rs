//! The form for an IAM user's access keys (`a` on Check my setup): the profile to write,
//! the key id, the secret (shown as dots and its last 4 characters only, never whole)
//! and the region. Its shape is checked here; STS checks the rest in the background.

use super::keys::Key;
use crate::cluster::access_keys::AccessKeys;
use crate::tui::keys::Pressed;

/// The fields, in order: (label, what it holds).
pub const FIELDS: [&str; 4] = ["Profile", "Access key id", "Secret access key", "Region"];

#[derive(Clone, Default, PartialEq, Eq)]
pub struct KeysForm {
    pub values: [String; 4],
    pub field: usize,
    /// Why the last try was refused (shape, or what STS said).
    pub error: Option<String>,
    /// Waiting for STS.
    pub checking: bool,
}

impl std::fmt::Debug for KeysForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeysForm({}, field {})", self.values[0], self.field)
    }
}

/// What a key in the form leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum FormOutcome {
    Stay,
    Cancel,
    Submit {
        profile: String,
        keys: AccessKeys,
        region: String,
    },
}

/// The length of every AWS secret access key.
const SECRET_KEY_LENGTH: usize = 40;

impl KeysForm {
    pub fn new(profile: &str, region: &str) -> Self {
        Self {
            values: [profile.into(), String::new(), String::new(), region.into()],
            field: 1,
            ..Self::default()
        }
    }

    /// How a field reads on screen: the secret as dots, with its last 4 characters once it
    /// is whole (an AWS secret access key's 40). Showing the tail while it is typed one
    /// character at a time would show someone watching every character in turn.
    pub fn shown(&self, field: usize) -> String {
        let value = &self.values[field];
        if field != 2 {
            return value.clone();
        }
        let count = value.chars().count();
        let tail: String = value.chars().skip(count.saturating_sub(4)).collect();
        match count {
            n if n < SECRET_KEY_LENGTH => "•".repeat(n),
            n => format!("{}{tail}", "•".repeat(n - 4)),
        }
    }

    pub fn on_key(&mut self, pressed: Pressed<Key>) -> FormOutcome {
        if self.checking {
            return FormOutcome::Stay;
        }
        if super::fields::edit(&mut self.values, &mut self.field, &pressed) {
            if pressed.action == Some(Key::Type) {
                self.error = None;
            }
            return FormOutcome::Stay;
        }
        match pressed.action {
            Some(Key::Cancel) => FormOutcome::Cancel,
            Some(Key::Submit) => self.submit(),
            _ => FormOutcome::Stay,
        }
    }

    fn submit(&mut self) -> FormOutcome {
        let [profile, id, secret, region] = &self.values;
        if let Err(why) = crate::credentials::check_profile_name(profile.trim()) {
            self.error = Some(why);
            self.field = 0;
            return FormOutcome::Stay;
        }
        match AccessKeys::parse(id, secret) {
            Ok(keys) => {
                self.checking = true;
                self.error = None;
                FormOutcome::Submit {
                    profile: profile.trim().into(),
                    keys,
                    region: region.trim().into(),
                }
            }
            Err(why) => {
                self.field = match why {
                    crate::cluster::access_keys::KeysRefused::NotASecret => 2,
                    _ => 1,
                };
                self.error = Some(why.to_string());
                FormOutcome::Stay
            }
        }
    }

    /// STS (or the files) refused: say why, and let the keys be fixed.
    pub fn refused(&mut self, why: String) {
        self.checking = false;
        self.error = Some(why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_shows_as_dots_and_its_last_four_characters() {
        let mut form = KeysForm::new("default", "us-west-2");
        form.values[2] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into();
        assert_eq!(form.shown(2), format!("{}EKEY", "•".repeat(36)));
        // Typed one character at a time, nothing of it shows until it is whole.
        form.values[2] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE".into();
        assert_eq!(form.shown(2), "•".repeat(39));
        form.values[2] = "abc".into();
        assert_eq!(form.shown(2), "•••");
        assert_eq!(form.shown(0), "default");
        assert!(!format!("{form:?}").contains("abc"));
    }
}
