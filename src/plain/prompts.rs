//! The prompts `--plain` uses, with one behaviour for all: Esc or Ctrl-C stops the wizard
//! (the draft is already saved) rather than being taken as an answer.

use inquire::{Confirm, CustomType, Password, Select, Text};

pub fn ask_select(question: &str, options: Vec<String>, start: usize) -> anyhow::Result<usize> {
    let start = start.min(options.len().saturating_sub(1));
    let chosen = Select::new(question, options)
        .with_starting_cursor(start)
        .with_page_size(12)
        .raw_prompt()
        .map_err(stopped)?;
    Ok(chosen.index)
}

pub fn ask_text(question: &str, default: &str) -> anyhow::Result<String> {
    Text::new(question)
        .with_default(default)
        .prompt()
        .map_err(stopped)
}

pub fn ask_confirm(question: &str, default: bool) -> anyhow::Result<bool> {
    Confirm::new(question)
        .with_default(default)
        .prompt()
        .map_err(stopped)
}

pub fn ask_number(question: &str, default: u32, min: u32, max: u32) -> anyhow::Result<u32> {
    loop {
        let value = CustomType::<u32>::new(question)
            .with_default(default)
            .with_error_message("Type a whole number")
            .prompt()
            .map_err(stopped)?;
        if (min..=max).contains(&value) {
            return Ok(value);
        }
        println!("✖ Between {min} and {max}, please.");
    }
}

/// Optional, never echoed; ssh-keygen gets it, nothing else keeps it.
pub fn ask_passphrase() -> anyhow::Result<String> {
    Password::new("Passphrase for the private key (Enter for none)")
        .without_confirmation()
        .prompt()
        .map_err(stopped)
}

fn stopped(error: inquire::InquireError) -> anyhow::Error {
    match error {
        inquire::InquireError::OperationCanceled | inquire::InquireError::OperationInterrupted => {
            anyhow::anyhow!("stopped; your answers so far are saved (pcwiz --plain resumes them)")
        }
        other => anyhow::anyhow!("the prompt failed: {other}"),
    }
}

/// Print a paragraph wrapped on words to the terminal's width: screen readers and narrow
/// terminals read it better than a line broken mid-word.
pub fn say(text: &str) {
    let width = crossterm::terminal::size()
        .map_or(80, |(w, _)| w as usize)
        .clamp(40, 100);
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            println!("{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    println!("{line}");
}
