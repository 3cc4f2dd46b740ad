//! ParallelCluster's rule for a cluster's name, which is also its CloudFormation stack's
//! name: a letter first, then letters, digits and hyphens, 60 characters at most.

pub const MAX_LEN: usize = 60;

/// Why `name` cannot be a cluster's name, or Ok.
pub fn check(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    match chars.next() {
        None => return Err("a cluster needs a name".into()),
        Some(c) if !c.is_ascii_alphabetic() => {
            return Err(format!("`{name}` must start with a letter"));
        }
        _ => {}
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
        return Err(format!(
            "`{name}` may hold only letters, digits and hyphens, not `{bad}`"
        ));
    }
    if name.len() > MAX_LEN {
        return Err(format!(
            "`{name}` is {} characters long; ParallelCluster allows {MAX_LEN}",
            name.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_parallelclusters_rule() {
        assert!(check("rev-conus-2").is_ok());
        assert!(check("").is_err());
        assert!(check("2rev").unwrap_err().contains("start with a letter"));
        assert!(check("rev_conus").unwrap_err().contains("not `_`"));
        assert!(
            check(&"r".repeat(61))
                .unwrap_err()
                .contains("61 characters")
        );
        assert!(check(&"r".repeat(60)).is_ok());
    }
}
