//! The prompts `--plain` uses, with one behaviour for all: Esc or Ctrl-C stops the wizard
//! (the draft is already saved) rather than being taken as an answer, and `<` (typed as
//! the answer, or chosen as a list's last entry) goes back one step, answered as `Back`.

use inquire::validator::Validation;
use inquire::{Password, Select, Text};

/// The answer "go back one step": an error the wizard's step loop catches, so every
/// prompt can give it without each step checking for it.
#[derive(Debug)]
pub struct Back;

impl std::fmt::Display for Back {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("back one step")
    }
}

impl std::error::Error for Back {}

pub fn is_back(error: &anyhow::Error) -> bool {
    error.downcast_ref::<Back>().is_some()
}

/// What typing `<` as an answer means everywhere.
pub const BACK: &str = "<";
const BACK_ENTRY: &str = "< Back to the previous step";
const SELECT_HELP: &str = "↑↓ move, Enter chooses, type to filter, < then Enter goes back a step";
const TEXT_HELP: &str = "Enter keeps the answer in brackets; < goes back a step";

pub fn ask_select(question: &str, options: Vec<String>, start: usize) -> anyhow::Result<usize> {
    let start = start.min(options.len().saturating_sub(1));
    let real = options.len();
    let mut options = options;
    options.push(BACK_ENTRY.into());
    let chosen = Select::new(question, options)
        .with_starting_cursor(start)
        .with_page_size(12)
        .with_help_message(SELECT_HELP)
        .with_scorer(&back_first)
        .raw_prompt()
        .map_err(stopped)?;
    if chosen.index == real {
        return Err(Back.into());
    }
    Ok(chosen.index)
}

/// `<` finds the back entry alone (a label that happens to hold a `<` must not win);
/// anything else is inquire's own fuzzy match.
fn back_first(input: &str, option: &String, label: &str, index: usize) -> Option<i64> {
    if input.trim() == BACK {
        return (label == BACK_ENTRY).then_some(0);
    }
    Select::<String>::DEFAULT_SCORER(input, option, label, index)
}

pub fn ask_text(question: &str, default: &str) -> anyhow::Result<String> {
    let answer = Text::new(question)
        .with_default(default)
        .with_help_message(TEXT_HELP)
        .prompt()
        .map_err(stopped)?;
    back_or(answer)
}

/// A text answer, or Err(Back) for `<`.
fn back_or(answer: String) -> anyhow::Result<String> {
    if answer.trim() == BACK {
        Err(Back.into())
    } else {
        Ok(answer)
    }
}

/// Yes or no, Enter for `default`, `<` back.
pub fn ask_confirm(question: &str, default: bool) -> anyhow::Result<bool> {
    let shown = if default { "yes" } else { "no" };
    let answer = Text::new(question)
        .with_default(shown)
        .with_help_message("y or n; Enter keeps the answer in brackets; < goes back a step")
        .with_validator(|input: &str| {
            Ok(match yes_no(input) {
                Some(_) => Validation::Valid,
                None if input.trim() == BACK => Validation::Valid,
                None => Validation::Invalid("Answer y or n (or < to go back).".into()),
            })
        })
        .prompt()
        .map_err(stopped)?;
    let answer = back_or(answer)?;
    Ok(yes_no(&answer).unwrap_or(default))
}

fn yes_no(input: &str) -> Option<bool> {
    match input.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}

pub fn ask_number(question: &str, default: u32, min: u32, max: u32) -> anyhow::Result<u32> {
    let fits = move |input: &str| {
        input
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n))
    };
    let answer = Text::new(question)
        .with_default(&default.to_string())
        .with_help_message(TEXT_HELP)
        .with_validator(move |input: &str| {
            Ok(if fits(input).is_some() || input.trim() == BACK {
                Validation::Valid
            } else {
                Validation::Invalid(format!("A whole number from {min} to {max}, please.").into())
            })
        })
        .prompt()
        .map_err(stopped)?;
    let answer = back_or(answer)?;
    Ok(fits(&answer).unwrap_or(default))
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
