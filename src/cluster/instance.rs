//! Instance types as the picker shows them, and how the picker filters and sorts them.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstanceInfo {
    pub name: String,
    pub vcpus: u32,
    pub memory_mib: u64,
    pub architectures: Vec<String>,
    /// "Up to 5 Gigabit", "50 Gigabit"…
    pub network: String,
    /// T-family CPU credits: fine for a head node, poor for compute.
    pub burstable: bool,
    pub efa: bool,
    pub gpus: u32,
}

impl InstanceInfo {
    pub fn memory_gib(&self) -> f64 {
        self.memory_mib as f64 / 1024.0
    }

    pub fn architecture(&self) -> &str {
        self.architectures.first().map_or("?", String::as_str)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Vcpus,
    Memory,
}

impl SortKey {
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Name => SortKey::Vcpus,
            SortKey::Vcpus => SortKey::Memory,
            SortKey::Memory => SortKey::Name,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Vcpus => "vCPUs",
            SortKey::Memory => "memory",
        }
    }
}

/// The picker's state: everything offered, the filter typed so far, the sort, the
/// selection. Filtering is a pass over a few hundred names: instant on every keystroke.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    all: Vec<InstanceInfo>,
    pub filter: String,
    pub sort: Option<SortKey>,
    /// Indices into `all`, in display order.
    visible: Vec<usize>,
    pub selected: usize,
}

impl Picker {
    pub fn new(all: Vec<InstanceInfo>, preselect: &str) -> Self {
        let mut picker = Self {
            all,
            sort: Some(SortKey::Name),
            ..Default::default()
        };
        picker.refresh();
        picker.select_name(preselect);
        picker
    }

    pub fn visible(&self) -> impl Iterator<Item = &InstanceInfo> {
        self.visible.iter().map(|&i| &self.all[i])
    }

    pub fn visible_count(&self) -> usize {
        self.visible.len()
    }

    pub fn total(&self) -> usize {
        self.all.len()
    }

    pub fn current(&self) -> Option<&InstanceInfo> {
        self.visible.get(self.selected).map(|&i| &self.all[i])
    }

    /// A type by name, whatever the filter.
    pub fn find(&self, name: &str) -> Option<&InstanceInfo> {
        self.all.iter().find(|t| t.name == name)
    }

    pub fn select_name(&mut self, name: &str) {
        let position = self.visible().position(|t| t.name == name);
        if let Some(position) = position {
            self.selected = position;
        }
    }

    pub fn type_char(&mut self, c: char) {
        self.filter.push(c);
        self.refresh_keeping_selection();
    }

    pub fn backspace(&mut self) {
        self.filter.pop();
        self.refresh_keeping_selection();
    }

    pub fn clear_filter(&mut self) {
        self.filter.clear();
        self.refresh_keeping_selection();
    }

    pub fn cycle_sort(&mut self) {
        self.sort = Some(self.sort.unwrap_or(SortKey::Name).next());
        self.refresh_keeping_selection();
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    fn refresh_keeping_selection(&mut self) {
        let current = self.current().map(|t| t.name.clone());
        self.refresh();
        self.selected = 0;
        if let Some(name) = current {
            self.select_name(&name);
        }
    }

    /// Every word of the filter must appear in the name, the architecture, or a feature
    /// word ("efa", "gpu", "burstable"): `c6a 12x`, `arm64`, `efa`.
    fn refresh(&mut self) {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        let mut visible: Vec<usize> = self
            .all
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                words.iter().all(|w| {
                    t.name.contains(w.as_str())
                        || t.architectures.iter().any(|a| a == w)
                        || (w == "efa" && t.efa)
                        || (w == "gpu" && t.gpus > 0)
                        || (w == "burstable" && t.burstable)
                })
            })
            .map(|(i, _)| i)
            .collect();
        let all = &self.all;
        match self.sort.unwrap_or(SortKey::Name) {
            SortKey::Name => {
                visible.sort_by(|&a, &b| natural(&all[a].name).cmp(&natural(&all[b].name)))
            }
            SortKey::Vcpus => visible.sort_by_key(|&i| (all[i].vcpus, all[i].memory_mib)),
            SortKey::Memory => visible.sort_by_key(|&i| (all[i].memory_mib, all[i].vcpus)),
        }
        self.visible = visible;
    }
}

/// `c6a.2xlarge` before `c6a.12xlarge`: size words in size order, numbers as numbers.
fn natural(name: &str) -> (String, u32, u32) {
    let (family, size) = name.split_once('.').unwrap_or((name, ""));
    let rank = match size.trim_start_matches(|c: char| c.is_ascii_digit()) {
        "nano" => 0,
        "micro" => 1,
        "small" => 2,
        "medium" => 3,
        "large" => 4,
        "xlarge" => 5,
        "metal" => 7,
        _ => 6,
    };
    let multiple = size
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(1);
    (family.to_string(), rank, multiple)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, vcpus: u32, gib: u64, arch: &str) -> InstanceInfo {
        InstanceInfo {
            name: name.into(),
            vcpus,
            memory_mib: gib * 1024,
            architectures: vec![arch.into()],
            network: "Up to 5 Gigabit".into(),
            burstable: name.starts_with('t'),
            efa: name.ends_with("18xlarge"),
            gpus: 0,
        }
    }

    fn picker() -> Picker {
        Picker::new(
            vec![
                t("c6a.12xlarge", 48, 96, "x86_64"),
                t("c6a.2xlarge", 8, 16, "x86_64"),
                t("t3.large", 2, 8, "x86_64"),
                t("c5n.18xlarge", 72, 192, "x86_64"),
                t("m7g.large", 2, 8, "arm64"),
            ],
            "t3.large",
        )
    }

    fn names(p: &Picker) -> Vec<&str> {
        p.visible().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn sizes_sort_naturally_and_the_default_is_preselected() {
        let p = picker();
        assert_eq!(
            names(&p),
            [
                "c5n.18xlarge",
                "c6a.2xlarge",
                "c6a.12xlarge",
                "m7g.large",
                "t3.large"
            ]
        );
        assert_eq!(p.current().unwrap().name, "t3.large");
    }

    #[test]
    fn typing_filters_by_name_architecture_and_feature() {
        let mut p = picker();
        for c in "c6a 12".chars() {
            p.type_char(c);
        }
        assert_eq!(names(&p), ["c6a.12xlarge"]);
        p.filter.clear();
        for c in "arm64".chars() {
            p.type_char(c);
        }
        assert_eq!(names(&p), ["m7g.large"]);
        p.filter = String::new();
        for c in "efa".chars() {
            p.type_char(c);
        }
        assert_eq!(names(&p), ["c5n.18xlarge"]);
        p.backspace();
        p.backspace();
        p.backspace();
        assert_eq!(p.visible_count(), 5);
    }

    #[test]
    fn sorting_keeps_the_selection() {
        let mut p = picker();
        p.cycle_sort();
        assert_eq!(p.sort, Some(SortKey::Vcpus));
        assert_eq!(names(&p)[4], "c5n.18xlarge");
        assert_eq!(p.current().unwrap().name, "t3.large");
    }
}
