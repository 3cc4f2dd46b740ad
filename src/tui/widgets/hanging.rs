//! Text wrapped to a width with every line after the first indented: a change's words and
//! pcluster's reason then read as one item under its heading, not as the pane's margin.

/// `text` in lines of at most `width` characters, each after the first starting with
/// `indent`; words longer than a line are cut.
pub fn wrap(text: &str, first_indent: &str, indent: &str, width: usize) -> Vec<String> {
    let mut lines = vec![];
    let mut line = first_indent.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        let room = width.saturating_sub(line.chars().count() + usize::from(!empty));
        if !empty && word.chars().count() > room {
            lines.push(std::mem::replace(&mut line, indent.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_after_the_first_hang() {
        assert_eq!(
            wrap(
                "needs the compute fleet stopped: the jobs are killed",
                "  ",
                "    ",
                25
            ),
            [
                "  needs the compute fleet",
                "    stopped: the jobs are",
                "    killed"
            ]
        );
        assert_eq!(wrap("", "  ", "    ", 10), ["  "]);
    }
}
