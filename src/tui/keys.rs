//! One key table per screen drives its handler, its footer and its section of the help, so
//! a key is written once. A table lists its bindings in footer and help order; a key goes
//! to the first binding that takes it in the screen's current mode (its state, or a mode
//! worked out from it), so the order also says which binding wins.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the help says the logs are.
pub const LOGS: &str = "Logs go to ~/.local/state/pcwiz/pcwiz.log (--verbose for more).";

/// The keys that work on every screen. Only Ctrl-C is answered here, before any screen:
/// `?`, `q` and Esc are each screen's, where letters are not being typed.
pub const EVERYWHERE: KeyTable<(), ()> = KeyTable {
    title: "Everywhere",
    bindings: &[
        Binding::note("?", "show or hide this help (Esc also closes it)"),
        Binding::note("q", "quit pcwiz"),
        Binding::new(Keys::Ctrl('c'), Act::Quit).help("Ctrl-C", "quit pcwiz"),
        Binding::note("Esc", "go back (on the main menu: quit)"),
    ],
};

/// The help overlay's text: the keys that work everywhere, then the screen's (all of them
/// at once would not fit a small terminal), then where the logs are.
pub fn help_text(screen: &str) -> String {
    format!("{}\n{screen}\n{LOGS}\n", EVERYWHERE.help())
}

/// The keys a binding takes.
#[derive(Debug, Clone, Copy)]
pub enum Keys {
    /// None: a line for the footer or the help only (the mouse, a summary of keys).
    None,
    /// Any of these codes, whatever the modifiers (Shift comes in the code: `G`, BackTab).
    Codes(&'static [KeyCode]),
    /// Any character: text being typed.
    Text,
    /// A digit from the first to the last (the handler reads which from the character).
    Digits(char, char),
    /// Every key: a screen over the screen takes them all.
    All,
    /// Ctrl with this letter.
    Ctrl(char),
}

impl Keys {
    fn take(self, key: KeyEvent) -> bool {
        match self {
            Keys::None => false,
            Keys::Codes(codes) => codes.contains(&key.code),
            Keys::Text => matches!(key.code, KeyCode::Char(_)),
            Keys::Digits(first, last) => {
                matches!(key.code, KeyCode::Char(c) if (first..=last).contains(&c))
            }
            Keys::All => true,
            Keys::Ctrl(c) => {
                key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
            }
        }
    }
}

/// What a key does: the app's own (`?` the help, `q` quit) or the screen's action `A`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act<A> {
    Help,
    Quit,
    Screen(A),
}

/// One line of a table: the keys, the modes it works in, what it does, and what the
/// footer and the help say about it.
pub struct Binding<M: 'static, A: 'static> {
    keys: Keys,
    when: fn(&M) -> bool,
    act: Option<Act<A>>,
    footer: Option<(&'static str, &'static str)>,
    /// When the footer shows it, if not whenever it works.
    footer_when: Option<fn(&M) -> bool>,
    help: Option<(&'static str, &'static str)>,
}

fn always<M>(_: &M) -> bool {
    true
}

impl<M, A> Binding<M, A> {
    pub const fn new(keys: Keys, act: Act<A>) -> Self {
        Self {
            keys,
            when: always,
            act: Some(act),
            footer: None,
            footer_when: None,
            help: None,
        }
    }

    /// These keys do the screen's `action`.
    pub const fn on(codes: &'static [KeyCode], action: A) -> Self {
        Self::new(Keys::Codes(codes), Act::Screen(action))
    }

    /// A digit from `first` to `last`: the screen's `action`, with the digit.
    pub const fn digits(first: char, last: char, action: A) -> Self {
        Self::new(Keys::Digits(first, last), Act::Screen(action))
    }

    /// Any character is typed: the screen's `action` gets it.
    pub const fn text(action: A) -> Self {
        Self::new(Keys::Text, Act::Screen(action))
    }

    /// Every key goes to the screen's `action` (a screen over the screen).
    pub const fn all(action: A) -> Self {
        Self::new(Keys::All, Act::Screen(action))
    }

    /// `?` opens the help.
    pub const fn help_key() -> Self {
        Self::new(Keys::Codes(&[KeyCode::Char('?')]), Act::Help)
    }

    /// These keys quit pcwiz.
    pub const fn quit(codes: &'static [KeyCode]) -> Self {
        Self::new(Keys::Codes(codes), Act::Quit)
    }

    /// A line of the help about keys bound elsewhere (or the mouse).
    pub const fn note(label: &'static str, text: &'static str) -> Self {
        Self {
            keys: Keys::None,
            when: always,
            act: None,
            footer: None,
            footer_when: None,
            help: Some((label, text)),
        }
    }

    /// An entry of the footer that sums up keys bound elsewhere.
    pub const fn shown(key: &'static str, word: &'static str) -> Self {
        Self {
            keys: Keys::None,
            when: always,
            act: None,
            footer: Some((key, word)),
            footer_when: None,
            help: None,
        }
    }

    /// It works (and shows in the footer) only in the modes `when` accepts.
    pub const fn when(mut self, when: fn(&M) -> bool) -> Self {
        self.when = when;
        self
    }

    /// The footer shows it as `key word`, whenever it works.
    pub const fn footer(mut self, key: &'static str, word: &'static str) -> Self {
        self.footer = Some((key, word));
        self
    }

    /// The footer shows it in these modes, whether it works there or not.
    pub const fn footer_when(mut self, when: fn(&M) -> bool) -> Self {
        self.footer_when = Some(when);
        self
    }

    /// The footer shows it on every mode of the screen.
    pub const fn footer_always(self) -> Self {
        self.footer_when(always)
    }

    /// Its line in the help: `label`, padded, then `text`.
    pub const fn help(mut self, label: &'static str, text: &'static str) -> Self {
        self.help = Some((label, text));
        self
    }
}

/// A key as a screen's handler gets it: what its table made of it (None: a key this mode
/// does not bind, which may still clear a message) and the character, for text and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pressed<A> {
    pub action: Option<A>,
    pub char: Option<char>,
    /// The key itself, only to hand on to a screen over this one (the dashboard's HSDS
    /// set-up), which reads it with its own table.
    pub code: KeyCode,
}

/// Where the app sends a key: to the help, out, or to the screen's handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routed<A> {
    Help,
    Quit,
    Screen(Pressed<A>),
}

/// A screen's keys, with the title of its section in the help.
pub struct KeyTable<M: 'static, A: 'static> {
    pub title: &'static str,
    pub bindings: &'static [Binding<M, A>],
}

impl<M, A: Copy> KeyTable<M, A> {
    /// What `key` does in `mode`: the first binding that takes it there.
    pub fn act(&self, mode: &M, key: KeyEvent) -> Option<Act<A>> {
        self.bindings
            .iter()
            .find(|b| b.keys.take(key) && (b.when)(mode))
            .and_then(|b| b.act)
    }

    /// Where the app sends `key`: `?` and `q` where the screen binds them so, else the
    /// screen's handler, with what its table made of the key.
    pub fn route(&self, mode: &M, key: KeyEvent) -> Routed<A> {
        let action = match self.act(mode, key) {
            Some(Act::Help) => return Routed::Help,
            Some(Act::Quit) => return Routed::Quit,
            Some(Act::Screen(action)) => Some(action),
            None => None,
        };
        let char = match key.code {
            KeyCode::Char(c) => Some(c),
            _ => None,
        };
        Routed::Screen(Pressed {
            action,
            char,
            code: key.code,
        })
    }

    /// What the screen's handler gets for `code` (for a screen within a screen, which gets
    /// its keys from the one below it).
    pub fn pressed(&self, mode: &M, code: KeyCode) -> Pressed<A> {
        match self.route(mode, KeyEvent::from(code)) {
            Routed::Screen(pressed) => pressed,
            Routed::Help | Routed::Quit => Pressed {
                action: None,
                char: None,
                code,
            },
        }
    }

    /// The footer's (key, what it does) pairs for `mode`, in order.
    pub fn footer(&self, mode: &M) -> Vec<(&'static str, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.footer_when.unwrap_or(b.when)(mode))
            .filter_map(|b| b.footer)
            .collect()
    }

    /// The screen's section of the help: its title, then a line a key.
    pub fn help(&self) -> String {
        let mut text = format!("{}\n", self.title);
        for (label, what) in self.bindings.iter().filter_map(|b| b.help) {
            text.push_str(&format!("  {label:<11}{what}\n"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Key {
        Down,
        Type,
    }

    /// Typing or not.
    type B = Binding<bool, Key>;
    const TABLE: KeyTable<bool, Key> = KeyTable {
        title: "Test",
        bindings: &[
            B::text(Key::Type).when(|typing| *typing),
            B::on(&[KeyCode::Down, KeyCode::Char('j')], Key::Down)
                .footer("↑↓", "move")
                .help("↑ ↓  j k", "move"),
            B::help_key().when(|typing| !typing).footer("?", "help"),
            B::quit(&[KeyCode::Char('q')])
                .when(|typing| !typing)
                .footer("q", "quit")
                .footer_always(),
        ],
    };

    fn key(c: char) -> KeyEvent {
        KeyEvent::from(KeyCode::Char(c))
    }

    #[test]
    fn the_first_binding_that_takes_a_key_in_the_mode_wins() {
        assert_eq!(TABLE.route(&false, key('q')), Routed::Quit);
        assert_eq!(
            TABLE.route(&true, key('q')),
            Routed::Screen(Pressed {
                action: Some(Key::Type),
                char: Some('q'),
                code: KeyCode::Char('q'),
            })
        );
        assert_eq!(TABLE.route(&false, key('?')), Routed::Help);
        assert_eq!(
            TABLE.route(&false, key('x')),
            Routed::Screen(Pressed {
                action: None,
                char: Some('x'),
                code: KeyCode::Char('x'),
            })
        );
        assert_eq!(TABLE.pressed(&false, KeyCode::Down).action, Some(Key::Down));
    }

    #[test]
    fn the_footer_follows_the_mode_and_the_help_lists_every_line() {
        assert_eq!(
            TABLE.footer(&false),
            [("↑↓", "move"), ("?", "help"), ("q", "quit")]
        );
        assert_eq!(TABLE.footer(&true), [("↑↓", "move"), ("q", "quit")]);
        assert_eq!(TABLE.help(), "Test\n  ↑ ↓  j k   move\n");
    }

    #[test]
    fn ctrl_c_quits_everywhere_and_the_help_starts_with_it() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(EVERYWHERE.act(&(), ctrl_c), Some(Act::Quit));
        assert_eq!(EVERYWHERE.act(&(), key('c')), None);
        assert!(help_text("Test\n").starts_with("Everywhere\n  ?          show or hide"));
    }
}
