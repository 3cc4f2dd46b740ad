//! pcluster's messages when it will not even compare a new config, said with what to do
//! next. The wording matched is pcluster 3.16.1's, observed against moto (notes §2.1, §4.5);
//! anything else is passed on as pcluster said it.

/// One sentence (or two) for pcluster's `message`.
pub fn in_words(message: &str) -> String {
    let message = message.trim();
    let bare = message.strip_prefix("Bad Request: ").unwrap_or(message);
    if let Some(rest) = bare.strip_prefix("Cannot execute update while stack is in ") {
        let status = rest.split_whitespace().next().unwrap_or("a busy");
        return format!(
            "the cluster's stack is busy ({status}): wait until it has finished (the dashboard shows it), then try again."
        );
    }
    if bare.contains("update can be performed only with the same ParallelCluster version") {
        let version = bare
            .split('(')
            .nth(1)
            .and_then(|r| r.split(')').next())
            .unwrap_or("the cluster's");
        return format!(
            "updates need the ParallelCluster version the cluster was made with ({version}), and another is installed: install that one (pip install aws-parallelcluster=={version}) and try again."
        );
    }
    if bare.starts_with("Unable to find node executable") {
        return "pcluster needs Node.js even for an update's dry run, and finds none: `pcwiz doctor --install-pcluster` installs pcluster with its own node.".into();
    }
    if bare.contains("does not exist or belongs to an incompatible") {
        return format!(
            "{bare} Check the name and --region (`pcwiz list` shows the region's clusters)."
        );
    }
    if bare == "Unable to retrieve head node information." {
        return "pcluster finds no head node for this cluster (stopped-and-terminated, or being replaced): `pcwiz status NAME` shows what EC2 has.".into();
    }
    if let Some(action) = denied_action(bare) {
        return format!(
            "AWS refused pcluster: your identity may not call {action}. Ask whoever manages the account to allow it (ParallelCluster's user policies list it), then try again."
        );
    }
    bare.to_string()
}

/// "…is not authorized to perform: cloudformation:DescribeStacks on resource…" → the action.
fn denied_action(message: &str) -> Option<&str> {
    let rest = message.split("not authorized to perform: ").nth(1)?;
    rest.split_whitespace().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_refusals_say_what_to_do() {
        assert_eq!(
            in_words("Cannot execute update while stack is in CREATE_IN_PROGRESS status."),
            "the cluster's stack is busy (CREATE_IN_PROGRESS): wait until it has finished (the dashboard shows it), then try again."
        );
        assert!(in_words("Bad Request: the update can be performed only with the same ParallelCluster version (3.15.0) used to create the cluster.").contains("aws-parallelcluster==3.15.0"));
        assert!(
            in_words("Unable to find node executable. Node.js is required…")
                .contains("--install-pcluster")
        );
        assert_eq!(
            in_words(
                "User: arn:aws:iam::1:user/ana is not authorized to perform: cloudformation:UpdateStack on resource: x"
            ),
            "AWS refused pcluster: your identity may not call cloudformation:UpdateStack. Ask whoever manages the account to allow it (ParallelCluster's user policies list it), then try again."
        );
        assert_eq!(in_words("Something new."), "Something new.");
    }
}
