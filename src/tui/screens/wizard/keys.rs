//! The wizard's keys, step by step (and for what may open over a step: the key form, the
//! new-network box, the instance picker, a name or path being typed): one table for the
//! handler, the footer and its section of the help. The footer and the help sum the keys
//! up; each step's own letters are here too, in the step's mode.

use crossterm::event::KeyCode::{
    BackTab, Backspace, Char, Down, Enter, Esc, Left, PageDown, PageUp, Right, Tab, Up,
};

use super::state::{LaunchStage, WizardUi};
use crate::tui::keys::{Binding, KeyTable};
use crate::wizard::StepId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Down,
    Up,
    PageDown,
    PageUp,
    /// Enter: choose the selected row, or go on.
    Choose,
    /// Esc on a step: back a step (or clear the picker's filter first).
    Back,
    /// Esc on the key form or the new-network box: close it.
    Close,
    Type,
    Erase,
    NextField,
    PreviousField,
    Left,
    Right,
    /// Look again (a list fetched from AWS, the review's checks).
    Reload,
    /// The picker's sort order.
    Sort,
    NewNetwork,
    ZonePrevious,
    ZoneNext,
    /// The new network's layout: with a private compute subnet or not.
    PrivateCompute,
    WholeNodes,
    Spot,
    Smt,
    MoreNodes,
    FewerNodes,
    MoreStatic,
    FewerStatic,
    /// A queue, or an EFS file system.
    Add,
    AddEbs,
    Remove,
    Rename,
    PlacementGroup,
    SizeIt,
    Efa,
    PickType,
    MountDir,
    Bigger,
    Smaller,
    Deployment,
    DeletionPolicy,
    /// The review's other pane.
    Pane,
    Cost,
    Save,
    /// The launch: back to the name after a refusal.
    Retry,
    /// The launch: delete the stack whose creation failed.
    DeleteStack,
    /// The launch: install pcluster when the checks found it missing.
    InstallPcluster,
}

/// What takes the keys now: a box over the step, a part of a step that is open, or the
/// step itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    KeyForm,
    CreateNetwork,
    /// The head-node step before the zone's types came (or after they failed).
    HeadNodeWaiting,
    /// An instance picker: the head node's, or a queue's type.
    Picker,
    QueueRename,
    StorageMount,
    ReviewSavePath,
    LaunchNaming,
    LaunchConfirming,
    /// The launch's checks found errors: only `r` checks again.
    LaunchBlocked,
    /// The launch under way, or ended.
    Launch,
    /// A step with nothing open over it.
    Step(StepId),
}

fn may_install_pcluster(w: &WizardUi) -> bool {
    mode(w) == Mode::LaunchBlocked
        && w.launch.as_ref().is_some_and(|l| {
            let missing = matches!(&l.stage, LaunchStage::Confirming { preflight, .. } if preflight.needs_pcluster());
            missing && !l.install.as_ref().is_some_and(|i| i.running())
        })
}

pub fn mode(w: &WizardUi) -> Mode {
    if w.key_form.is_some() {
        return Mode::KeyForm;
    }
    if w.create.is_some() {
        return Mode::CreateNetwork;
    }
    match w.step {
        StepId::HeadNode => match w.catalog.value() {
            Some(Ok(_)) => Mode::Picker,
            _ => Mode::HeadNodeWaiting,
        },
        StepId::Queues if w.queue_picking => Mode::Picker,
        StepId::Queues if w.queue_rename.is_some() => Mode::QueueRename,
        StepId::Storage if w.storage_mount.is_some() => Mode::StorageMount,
        StepId::Review if w.review.as_ref().is_some_and(|r| r.save_path.is_some()) => {
            Mode::ReviewSavePath
        }
        StepId::Launch => match w.launch.as_ref().map(|l| &l.stage) {
            Some(LaunchStage::Naming { .. }) => Mode::LaunchNaming,
            Some(LaunchStage::Confirming { preflight, .. }) if preflight.blocked() => {
                Mode::LaunchBlocked
            }
            Some(LaunchStage::Confirming { .. }) => Mode::LaunchConfirming,
            _ => Mode::Launch,
        },
        step => Mode::Step(step),
    }
}

fn is(w: &WizardUi, modes: &[Mode]) -> bool {
    modes.contains(&mode(w))
}

/// The modes where `j`/`k` move in a list (elsewhere they may be text).
fn list(w: &WizardUi) -> bool {
    is(
        w,
        &[
            Mode::Step(StepId::Region),
            Mode::Step(StepId::SshKey),
            Mode::Step(StepId::Network),
            Mode::Step(StepId::Preset),
            Mode::Step(StepId::Os),
            Mode::Step(StepId::Queues),
            Mode::Step(StepId::Storage),
            Mode::Step(StepId::Review),
        ],
    )
}

/// A name, a path or a filter being typed, one letter at a time.
fn text(w: &WizardUi) -> bool {
    is(
        w,
        &[
            Mode::KeyForm,
            Mode::Picker,
            Mode::QueueRename,
            Mode::StorageMount,
            Mode::ReviewSavePath,
            Mode::LaunchNaming,
            Mode::LaunchConfirming,
        ],
    )
}

/// Enter chooses the row, or goes on, on every step and box but the new-network box and
/// the blocked launch.
fn enter_chooses(w: &WizardUi) -> bool {
    !is(w, &[Mode::CreateNetwork, Mode::LaunchBlocked, Mode::Launch])
}

/// Esc is the wizard's (back a step) everywhere but on the boxes that close.
fn steps(w: &WizardUi) -> bool {
    !is(w, &[Mode::KeyForm, Mode::CreateNetwork])
}

/// The queue step, with nothing open over it.
fn queues(w: &WizardUi) -> bool {
    mode(w) == Mode::Step(StepId::Queues)
}

/// The storage step, with nothing open over it.
fn storage(w: &WizardUi) -> bool {
    mode(w) == Mode::Step(StepId::Storage)
}

/// The review, with no path being typed.
fn review(w: &WizardUi) -> bool {
    mode(w) == Mode::Step(StepId::Review)
}

/// The extras' form.
fn extras(w: &WizardUi) -> bool {
    mode(w) == Mode::Step(StepId::Extras)
}

/// An instance picker, the head node's or a queue's.
fn picker(w: &WizardUi) -> bool {
    mode(w) == Mode::Picker
}

/// The new-network box.
fn create_network(w: &WizardUi) -> bool {
    mode(w) == Mode::CreateNetwork
}

/// The key form.
fn key_form(w: &WizardUi) -> bool {
    mode(w) == Mode::KeyForm
}

type B = Binding<WizardUi, Key>;

pub const KEYS: KeyTable<WizardUi, Key> = KeyTable {
    title: "Create a cluster",
    bindings: &[
        B::note("Enter", "next step · Esc  previous step"),
        B::note("↑ ↓  j k", "move in a list · / filters the instance picker"),
        B::shown("↑↓", "select"),
        B::shown("⏎", "choose"),
        // Lists and pickers.
        B::on(&[Down, Char('j')], Key::Down).when(list),
        B::on(&[Up, Char('k')], Key::Up).when(list),
        B::on(&[Down], Key::Down).when(picker),
        B::on(&[Up], Key::Up).when(picker),
        B::on(&[PageDown], Key::PageDown).when(|w| picker(w) || review(w)),
        B::on(&[PageUp], Key::PageUp).when(|w| picker(w) || review(w)),
        B::on(&[Tab], Key::Sort).when(picker),
        B::on(&[Char('r')], Key::Reload).when(|w| {
            is(
                w,
                &[
                    Mode::Step(StepId::SshKey),
                    Mode::Step(StepId::Network),
                    Mode::HeadNodeWaiting,
                    Mode::Step(StepId::Review),
                ],
            )
        }),
        B::on(&[Enter], Key::Choose).when(enter_chooses),
        // The key form: a name and, for a new key, a passphrase.
        B::on(&[Esc], Key::Close).when(|w| key_form(w) || create_network(w)),
        B::on(&[Tab], Key::NextField).when(key_form),
        // The new-network box.
        B::on(&[Char('c')], Key::NewNetwork).when(|w| mode(w) == Mode::Step(StepId::Network)),
        B::on(&[Left, Char('h')], Key::ZonePrevious).when(create_network),
        B::on(&[Right, Char('l')], Key::ZoneNext).when(create_network),
        B::on(&[Char('p')], Key::PrivateCompute).when(create_network),
        B::on(&[Enter], Key::Choose).when(create_network),
        // The review.
        B::on(&[Tab], Key::Pane).when(review),
        B::on(&[Char('c')], Key::Cost)
            .when(review)
            .help("c", "on the review: the full cost breakdown"),
        B::on(&[Char('w')], Key::Save).when(review),
        // The queues.
        B::on(&[Char('x')], Key::WholeNodes).when(queues),
        B::on(&[Char('p')], Key::Spot).when(queues),
        B::on(&[Char('t')], Key::Smt).when(queues),
        B::on(&[Char('+')], Key::MoreNodes).when(queues),
        B::on(&[Char('-')], Key::FewerNodes).when(queues),
        B::on(&[Char('>')], Key::MoreStatic).when(queues),
        B::on(&[Char('<')], Key::FewerStatic).when(queues),
        B::on(&[Char('a')], Key::Add).when(|w| queues(w) || storage(w)),
        B::on(&[Char('D')], Key::Remove).when(|w| queues(w) || storage(w)),
        B::on(&[Char('n')], Key::Rename).when(queues),
        B::on(&[Char('g')], Key::PlacementGroup).when(queues),
        B::on(&[Char('z')], Key::SizeIt).when(queues).help(
            "z",
            "on the queues: size the selected queue from one measured unit",
        ),
        B::on(&[Char('e')], Key::Efa).when(queues),
        B::on(&[Char('i')], Key::PickType).when(queues),
        // The shared storage.
        B::on(&[Char('b')], Key::AddEbs).when(storage),
        B::on(&[Char('m')], Key::MountDir).when(storage),
        B::on(&[Char('+')], Key::Bigger).when(storage),
        B::on(&[Char('-')], Key::Smaller).when(storage),
        B::on(&[Char('t')], Key::Deployment).when(storage),
        B::on(&[Char('d')], Key::DeletionPolicy).when(storage),
        // The extras' form.
        B::on(&[Down, Tab], Key::NextField).when(extras),
        B::on(&[Up, BackTab], Key::PreviousField).when(extras),
        B::on(&[Left], Key::Left).when(extras),
        B::on(&[Right], Key::Right).when(extras),
        B::on(&[Backspace], Key::Erase).when(|w| extras(w) || mode(w) == Mode::LaunchBlocked),
        B::text(Key::Type).when(extras),
        // The launch.
        B::on(&[Char('r')], Key::Retry).when(|w| is(w, &[Mode::LaunchBlocked, Mode::Launch])),
        B::on(&[Char('d')], Key::DeleteStack).when(|w| mode(w) == Mode::Launch),
        B::on(&[Char('i')], Key::InstallPcluster)
            .when(may_install_pcluster)
            .footer("i", "install pcluster")
            .help(
                "i",
                "at the launch, when pcluster is missing: install it and node into pcwiz's own venv, then check again",
            ),
        // Names, paths and filters.
        B::on(&[Backspace], Key::Erase).when(text),
        B::text(Key::Type).when(text),
        B::on(&[Esc], Key::Back)
            .when(steps)
            .footer("Esc", "back a step")
            .footer_always(),
        B::help_key()
            .when(|w| !w.typing())
            .footer("?", "help")
            .footer_always(),
        B::quit(&[Char('q')])
            .when(|w| !w.typing())
            .footer("q", "quit")
            .footer_always(),
    ],
};
