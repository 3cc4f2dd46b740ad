//! "Check my setup"'s state: the selected finding, the keys form when open, and the
//! pcluster install while it runs. The findings themselves are doctor's answers, which
//! the app keeps (the header and the wizard show them too).

use super::form::{FormOutcome, KeysForm};
use super::keys::Key;
use super::sso_form::{SsoForm, SsoFormOutcome};
use crate::cluster::access_keys::AccessKeys;
use crate::credentials::SsoSetup;
use crate::pcluster::install::InstallEvent;
use crate::tui::keys::Pressed;
pub use crate::tui::widgets::install_bar::Install;

#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub selected: usize,
    /// The IAM keys form (`a`), while open.
    pub form: Option<KeysForm>,
    /// The pcluster install (`i`): running, or how it ended.
    pub install: Option<Install>,
    /// How the last keys form ended ("Profile `default` written…"), or why it did not.
    pub note: Option<Result<String, String>>,
    /// The SSO profile form (`s`), while open.
    pub sso: Option<SsoForm>,
    /// `aws sso login` once the SSO profile is written: its output, then how it ended.
    pub login: Option<SsoLogin>,
}

/// The AWS CLI's login, as it goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SsoLogin {
    pub profile: String,
    /// Its output so far (the address to open and the code to type).
    pub lines: Vec<String>,
    /// Logged in, or why not (no AWS CLI: how to log in instead).
    pub done: Option<Result<(), String>>,
}

/// What the app should do after a key here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupOutcome {
    Stay,
    /// Back to the main menu.
    Leave,
    /// Ask doctor again.
    Recheck,
    /// Install pcluster (`i`).
    Install,
    /// Check these keys with STS and write them as `profile` in `region`.
    AddKeys {
        profile: String,
        keys: AccessKeys,
        region: String,
    },
    /// Write this SSO profile, then log in to it.
    AddSso(SsoSetup),
}

impl Setup {
    /// A key, with `count` findings on the list. `defaults`: the profile and region the
    /// keys form starts with.
    pub fn on_key(
        &mut self,
        pressed: Pressed<Key>,
        count: usize,
        defaults: (&str, &str),
    ) -> SetupOutcome {
        if let Some(form) = &mut self.form {
            return match form.on_key(pressed) {
                FormOutcome::Stay => SetupOutcome::Stay,
                FormOutcome::Cancel => {
                    self.form = None;
                    SetupOutcome::Stay
                }
                FormOutcome::Submit {
                    profile,
                    keys,
                    region,
                } => SetupOutcome::AddKeys {
                    profile,
                    keys,
                    region,
                },
            };
        }
        if let Some(form) = &mut self.sso {
            return match form.on_key(pressed) {
                SsoFormOutcome::Stay => SetupOutcome::Stay,
                SsoFormOutcome::Cancel => {
                    self.sso = None;
                    SetupOutcome::Stay
                }
                SsoFormOutcome::Submit(setup) => SetupOutcome::AddSso(setup),
            };
        }
        match pressed.action {
            Some(Key::Back) => return SetupOutcome::Leave,
            Some(Key::Down) => self.move_by(1, count),
            Some(Key::Up) => self.move_by(-1, count),
            Some(Key::First) => self.selected = 0,
            Some(Key::Last) => self.selected = count.saturating_sub(1),
            Some(Key::Recheck) => return SetupOutcome::Recheck,
            Some(Key::PasteKeys) => {
                self.note = None;
                self.form = Some(KeysForm::new(defaults.0, defaults.1));
            }
            Some(Key::SsoProfile) => {
                self.note = None;
                self.login = None;
                self.sso = Some(SsoForm::new(defaults.0, defaults.1));
            }
            Some(Key::Install) if !self.installing() => {
                self.install = Some(Install::default());
                return SetupOutcome::Install;
            }
            _ => {}
        }
        SetupOutcome::Stay
    }

    pub fn installing(&self) -> bool {
        self.install.as_ref().is_some_and(|i| i.done.is_none())
    }

    pub fn install_progress(&mut self, event: InstallEvent) {
        if let Some(install) = &mut self.install {
            install.apply(event);
        }
    }

    pub fn installed(&mut self, result: Result<String, String>) {
        if let Some(install) = &mut self.install {
            install.done = Some(result);
        }
    }

    /// The keys were written (the form closes) or refused (it stays, saying why).
    pub fn keys_written(&mut self, result: Result<String, String>) {
        match (result, &mut self.form) {
            (Ok(said), _) => {
                self.form = None;
                self.note = Some(Ok(said));
            }
            (Err(why), Some(form)) => form.refused(why),
            (Err(why), None) => self.note = Some(Err(why)),
        }
    }

    /// The SSO profile was written (the form closes and the login starts) or not (the form
    /// stays, saying why).
    pub fn sso_written(&mut self, profile: &str, result: Result<String, String>) {
        match (result, &mut self.sso) {
            (Ok(said), _) => {
                self.sso = None;
                self.note = Some(Ok(said));
                self.login = Some(SsoLogin {
                    profile: profile.to_string(),
                    ..SsoLogin::default()
                });
            }
            (Err(why), Some(form)) => form.refused(why),
            (Err(why), None) => self.note = Some(Err(why)),
        }
    }

    pub fn login_line(&mut self, line: String) {
        if let Some(login) = &mut self.login {
            login.lines.push(line);
        }
    }

    pub fn logged_in(&mut self, result: Result<(), String>) {
        if let Some(login) = &mut self.login {
            login.done = Some(result);
        }
    }

    pub fn move_by(&mut self, delta: isize, count: usize) {
        if count == 0 {
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(count - 1);
    }

    /// Findings came or went: the selection stays on the list.
    pub fn clamp(&mut self, count: usize) {
        self.selected = self.selected.min(count.saturating_sub(1));
    }
}
