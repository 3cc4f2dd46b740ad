//! A progress bar on stderr for the long steps (an install, a copy): redrawn in place on a
//! terminal, one line per tenth otherwise (a CI log), never on stdout, which is the answer's.

use std::io::{IsTerminal, Write};

pub struct Bar {
    terminal: bool,
    /// The last tenth printed (not on a terminal), and the last text drawn.
    tenth: Option<u32>,
    drawn: String,
}

impl Bar {
    pub fn new() -> Self {
        Self {
            terminal: std::io::stderr().is_terminal(),
            tenth: None,
            drawn: String::new(),
        }
    }

    /// Draws `fraction` (0‥1) with a label.
    pub fn show(&mut self, fraction: f64, label: &str) {
        let fraction = fraction.clamp(0.0, 1.0);
        let filled = (fraction * 30.0).round() as usize;
        let text = format!(
            "[{}{}] {:>3.0}% {label}",
            "#".repeat(filled),
            "-".repeat(30 - filled),
            fraction * 100.0
        );
        let mut err = std::io::stderr().lock();
        if self.terminal {
            if text != self.drawn {
                let _ = write!(err, "\r\x1b[2K{text}");
                let _ = err.flush();
            }
        } else {
            let tenth = (fraction * 10.0).floor() as u32;
            if self.tenth != Some(tenth) {
                let _ = writeln!(err, "{text}");
                self.tenth = Some(tenth);
            }
        }
        self.drawn = text;
    }

    /// Ends the bar's line (on a terminal) so the next output starts clean.
    pub fn done(&mut self) {
        if self.terminal && !self.drawn.is_empty() {
            let _ = writeln!(std::io::stderr());
        }
        self.drawn.clear();
        self.tenth = None;
    }
}

impl Default for Bar {
    fn default() -> Self {
        Self::new()
    }
}

/// "12.5 MB".
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
