//! The form for an IAM Identity Center (SSO) profile (`s` on Check my setup): what
//! `aws configure sso` asks for. Checked here as `credentials::SsoSetup` checks it; the
//! same code as `pcwiz credentials sso` writes it, in the background.

use super::keys::Key;
use crate::credentials::SsoSetup;
use crate::tui::keys::Pressed;

/// The fields, in order.
pub const SSO_FIELDS: [&str; 6] = [
    "Profile",
    "Start URL",
    "SSO region",
    "Account id",
    "Role name",
    "Region",
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SsoForm {
    pub values: [String; 6],
    pub field: usize,
    /// Why the last try was refused (its shape, or the files).
    pub error: Option<String>,
    /// Being written.
    pub writing: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SsoFormOutcome {
    Stay,
    Cancel,
    Submit(SsoSetup),
}

impl SsoForm {
    /// Starts with the profile and region in use, and Identity Center's usual home.
    pub fn new(profile: &str, region: &str) -> Self {
        Self {
            values: [
                profile.into(),
                String::new(),
                "us-east-1".into(),
                String::new(),
                String::new(),
                region.into(),
            ],
            field: 1,
            ..Self::default()
        }
    }

    pub fn on_key(&mut self, pressed: Pressed<Key>) -> SsoFormOutcome {
        if self.writing {
            return SsoFormOutcome::Stay;
        }
        if super::fields::edit(&mut self.values, &mut self.field, &pressed) {
            if pressed.action == Some(Key::Type) {
                self.error = None;
            }
            return SsoFormOutcome::Stay;
        }
        match pressed.action {
            Some(Key::Cancel) => SsoFormOutcome::Cancel,
            Some(Key::Submit) => self.submit(),
            _ => SsoFormOutcome::Stay,
        }
    }

    fn submit(&mut self) -> SsoFormOutcome {
        let [profile, start_url, sso_region, account, role, region] =
            self.values.clone().map(|v| v.trim().to_string());
        let setup = SsoSetup {
            // One sso-session per profile, named after it, as `pcwiz credentials sso` does.
            session: profile.clone(),
            profile,
            start_url,
            sso_region,
            account_id: account,
            role_name: role,
            region,
        };
        match setup.check() {
            Ok(()) => {
                self.writing = true;
                self.error = None;
                SsoFormOutcome::Submit(setup)
            }
            Err(why) => {
                self.error = Some(why);
                SsoFormOutcome::Stay
            }
        }
    }

    /// The files could not be written: say why, and let it be fixed.
    pub fn refused(&mut self, why: String) {
        self.writing = false;
        self.error = Some(why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::Pressed;

    fn press(form: &mut SsoForm, action: Key, char: Option<char>) -> SsoFormOutcome {
        form.on_key(Pressed {
            action: Some(action),
            char,
            code: crossterm::event::KeyCode::Null,
        })
    }

    #[test]
    fn a_bad_account_id_is_refused_and_a_good_form_becomes_the_setup() {
        let mut form = SsoForm::new("rev", "us-west-2");
        form.values[1] = "https://my-org.awsapps.com/start".into();
        form.values[3] = "1234".into();
        form.values[4] = "PowerUserAccess".into();
        assert_eq!(press(&mut form, Key::Submit, None), SsoFormOutcome::Stay);
        assert!(form.error.as_deref().unwrap().contains("12 digits"));
        form.values[3] = "111122223333".into();
        let SsoFormOutcome::Submit(setup) = press(&mut form, Key::Submit, None) else {
            panic!("{form:?}");
        };
        assert_eq!(setup.session, "rev");
        assert_eq!(setup.sso_region, "us-east-1");
        assert_eq!(setup.region, "us-west-2");
        assert!(form.writing);
    }
}
