//! The preset, operating-system and head-node steps (the head node's instance picker).

use super::*;

impl WizardUi {
    pub(super) fn on_preset_key(&mut self, action: Option<Key>) -> Vec<Command> {
        match action {
            Some(Key::Down) => {
                self.preset_selected =
                    (self.preset_selected + 1).min(self.presets.len().saturating_sub(1));
            }
            Some(Key::Up) => self.preset_selected = self.preset_selected.saturating_sub(1),
            Some(Key::Choose) => {
                let Some(preset) = self.presets.get(self.preset_selected) else {
                    return vec![];
                };
                if self.draft.preset.as_deref() != Some(&preset.name) {
                    // A new preset brings its own OS and instance types.
                    self.draft.os =
                        Os::from_config_name(&preset.config.image.os).unwrap_or(self.draft.os);
                    self.draft.instance_types = preset.config.instance_types();
                    self.os_selected = Os::ALL
                        .iter()
                        .position(|os| *os == self.draft.os)
                        .unwrap_or(0);
                    self.draft.preset = Some(preset.name.clone());
                }
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    pub(super) fn on_os_key(&mut self, action: Option<Key>) -> Vec<Command> {
        match action {
            Some(Key::Down) => self.os_selected = (self.os_selected + 1).min(Os::ALL.len() - 1),
            Some(Key::Up) => self.os_selected = self.os_selected.saturating_sub(1),
            Some(Key::Choose) => {
                let os = Os::ALL[self.os_selected];
                // The key chosen two steps back must work with this OS.
                if let Some(reason) = self.draft.key.as_ref().and_then(|k| refusal(k.kind, os)) {
                    self.os_problem = Some(format!(
                        "{reason} Go back (Esc) to the SSH key step, or pick another OS."
                    ));
                    return vec![];
                }
                self.os_problem = None;
                self.draft.os = os;
                return self.advance();
            }
            _ => {}
        }
        self.os_problem = None;
        vec![]
    }

    pub(super) fn on_head_node_key(&mut self, pressed: Pressed<Key>) -> Vec<Command> {
        let Some(Ok(picker)) = self.catalog.value_mut() else {
            return match pressed.action {
                Some(Key::Reload) => self.enter(StepId::HeadNode),
                _ => vec![],
            };
        };
        if picker_key(picker, pressed) || pressed.action != Some(Key::Choose) {
            return vec![];
        }
        let Some(chosen) = picker.current().map(|t| t.name.clone()) else {
            return vec![];
        };
        self.draft.head_node_type = Some(chosen);
        self.sync_instance_types();
        self.advance()
    }

    /// The zone's types; while exploring (no subnet, so no zone) the bundled catalog.
    pub(super) fn enter_catalog(&mut self) -> Vec<Command> {
        let Some(region) = &self.draft.region else {
            return vec![];
        };
        let zone = self.catalog_zone();
        if zone.is_none() && !self.offline {
            return vec![];
        }
        self.catalog = Remote::Loading;
        self.catalog_requested = true;
        vec![Command::LoadCatalog {
            region: region.clone(),
            zone,
        }]
    }

    /// Where the picker's types come from, for its header: the zone, or the bundled
    /// catalog while exploring.
    pub fn catalog_place(&self) -> String {
        self.catalog_zone()
            .unwrap_or_else(|| "the offline catalog".into())
    }

    /// The zone the picker lists: the subnet's (None: no subnet yet, the bundled catalog).
    fn catalog_zone(&self) -> Option<String> {
        self.draft
            .network
            .as_ref()
            .map(|n| n.availability_zone.clone())
    }

    pub fn catalog_loaded(
        &mut self,
        zone: Option<&str>,
        result: Result<Vec<InstanceInfo>, String>,
    ) -> Vec<Command> {
        if self.catalog_zone().as_deref() != zone {
            return vec![];
        }
        let preselect = self
            .draft
            .head_node_type
            .clone()
            .or_else(|| {
                build::build(&self.draft)
                    .ok()
                    .map(|c| c.head_node.instance_type)
            })
            .unwrap_or_else(|| "t3.large".into());
        self.catalog = Remote::Ready {
            value: result.map(|types| Picker::new(types, &preselect)),
            at: Instant::now(),
        };
        self.price_requests()
    }
}

/// The keys every instance picker shares: moving, sorting, typing the filter. True when
/// the key was one of them.
pub(super) fn picker_key(picker: &mut Picker, pressed: Pressed<Key>) -> bool {
    match (pressed.action, pressed.char) {
        (Some(Key::Down), _) => picker.move_by(1),
        (Some(Key::Up), _) => picker.move_by(-1),
        (Some(Key::PageDown), _) => picker.move_by(10),
        (Some(Key::PageUp), _) => picker.move_by(-10),
        (Some(Key::Sort), _) => picker.cycle_sort(),
        (Some(Key::Erase), _) => picker.backspace(),
        (Some(Key::Type), Some(c)) => picker.type_char(c),
        _ => return false,
    }
    true
}
