//! Driving the real binary in tmux, as a user at a terminal would: type keys, read the screen.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of our own (its own socket), with one window running a script.
pub struct TmuxSession {
    socket: String,
    pub dir: tempfile::TempDir,
    /// tmux records its panes as terminal logins (utempter): the idle guard's tests wait.
    _terminal: super::TerminalInUse,
}

impl TmuxSession {
    /// Run `command_line` (a shell line) in a 100×30 window. After it ends, the script
    /// records the exit status and `stty -a`, so tests can check the terminal was restored.
    pub fn start(env: &[(String, String)], command_line: &str) -> Self {
        let terminal = super::terminal_in_use();
        let dir = tempfile::tempdir().unwrap();
        let socket = format!("pcwiz-e2e-{}-{}", std::process::id(), unique());
        let exports: String = env
            .iter()
            .map(|(k, v)| format!("export {k}='{v}'\n"))
            .collect();
        let script = dir.path().join("run.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/bash\n{exports}{command_line}\necho $? > {status}\nstty -a > {stty}\nsleep 600\n",
                status = dir.path().join("status").display(),
                stty = dir.path().join("stty").display(),
            ),
        )
        .unwrap();
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "e2e",
            ])
            .args(["-x", "100", "-y", "30"])
            // env -i: the pane sees only what the test exports, not the test runner's
            // environment (the harness's AWS keys, RUST_BACKTRACE…).
            .arg(format!(
                "env -i TERM=tmux-256color bash {}",
                script.display()
            ))
            .env("TERM", "xterm-256color")
            .status()
            .expect("tmux is installed (tests/harness/install.sh installs it)");
        assert!(status.success(), "tmux new-session failed");
        Self {
            socket,
            dir,
            _terminal: terminal,
        }
    }

    pub fn screen(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "e2e"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The screen and all the lines scrolled off it, for a line-by-line program (plain
    /// mode) whose earlier lines a burst of later ones may have pushed off the screen.
    pub fn scrollback(&self) -> String {
        let output = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "capture-pane",
                "-p",
                "-S",
                "-",
                "-t",
                "e2e",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Is the pane showing the alternate screen (a full-screen app) right now?
    pub fn alternate_screen(&self) -> bool {
        let output = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "e2e",
                "#{alternate_on}",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).trim() == "1"
    }

    pub fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "e2e"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Types `text` literally, as a paste would arrive (no key names).
    pub fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "e2e", "-l", text])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Esc, then wait until `open_text` has left the screen. The next key must not follow
    /// the Esc at once: the app would read ESC and that key as one Alt-key (as a terminal
    /// sends Alt-r), and the Esc would be lost.
    pub fn escape_until_gone(&self, open_text: &str) {
        self.keys(&["Escape"]);
        self.screen_until(Duration::from_secs(30), |screen| {
            !screen.contains(open_text)
        })
        .unwrap_or_else(|screen| {
            panic!("Esc never closed {open_text:?}; the screen was:\n{screen}")
        });
    }

    /// Wait until the screen contains `text`, or fail showing the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_within(text, Duration::from_secs(30))
    }

    /// `wait_for` for steps that take longer (pcluster's dry run: a minute or so).
    pub fn wait_for_within(&self, text: &str, limit: Duration) -> String {
        self.screen_until(limit, |screen| screen.contains(text))
            .unwrap_or_else(|screen| panic!("never saw {text:?}; the screen was:\n{screen}"))
    }

    /// The screen once `done` holds for it, looked at every 100 ms; the last screen seen
    /// as the error when `limit` passes first.
    fn screen_until(&self, limit: Duration, done: impl Fn(&str) -> bool) -> Result<String, String> {
        let deadline = Instant::now() + limit;
        loop {
            let screen = self.screen();
            if done(&screen) {
                return Ok(screen);
            }
            if Instant::now() >= deadline {
                return Err(screen);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Moves a list's selection down until the row naming `row` is selected (`› row`),
    /// waiting after each key for the selection to move.
    pub fn select_row(&self, row: &str) -> String {
        let selected = format!("› {row}");
        let deadline = Instant::now() + Duration::from_secs(30);
        // The selected row's line: what a key press moves (spinners elsewhere do not count).
        let marked = |screen: &str| screen.lines().find(|l| l.contains('›')).map(str::to_string);
        loop {
            let before = self.screen();
            if before.contains(&selected) {
                return before;
            }
            self.keys(&["Down"]);
            loop {
                let after = self.screen();
                if marked(&after) != marked(&before) {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "the selection never reached {row:?}; the screen was:\n{after}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// Wait for the program to end; returns (exit status, `stty -a` afterwards).
    pub fn wait_for_exit(&self) -> (i32, String) {
        let status_file = self.path("status");
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.path("stty").exists()
            || std::fs::read_to_string(self.path("stty"))
                .unwrap()
                .is_empty()
        {
            assert!(
                Instant::now() < deadline,
                "the program did not exit; the screen was:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let status = std::fs::read_to_string(status_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        (status, std::fs::read_to_string(self.path("stty")).unwrap())
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for TmuxSession {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// True when `stty -a` shows a cooked terminal: line editing and echo back on.
pub fn terminal_is_sane(stty: &str) -> bool {
    let flags: Vec<&str> = stty.split_whitespace().collect();
    flags.contains(&"icanon") && flags.contains(&"echo") && !flags.contains(&"-icanon")
}
