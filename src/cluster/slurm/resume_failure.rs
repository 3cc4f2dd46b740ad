//! Why ParallelCluster could not start a node, in words. When EC2 refuses to launch a
//! dynamic node, ParallelCluster's resume program marks the node DOWN with the EC2 error
//! code as its reason, "(Code:InsufficientInstanceCapacity)Failure when resuming nodes",
//! and powers it down again; the next job tries again.

/// The EC2 error behind a node's reason and what it means, or None when the reason is not
/// a launch failure.
pub fn launch_error(reason: &str) -> Option<String> {
    let code = reason
        .split("(Code:")
        .nth(1)?
        .split(')')
        .next()?
        .trim()
        .to_string();
    let meaning = match code.as_str() {
        "InsufficientInstanceCapacity"
        | "InsufficientHostCapacity"
        | "InsufficientReservedInstanceCapacity" => {
            "EC2 has no spare capacity for this instance type in the zone; Slurm retries with the next job, or add another type or subnet to the queue"
        }
        "MaxSpotInstanceCountExceeded" => {
            "the account's spot instance limit is reached; ask for a higher spot quota"
        }
        "SpotMaxPriceTooLow" => "the spot price is above the queue's SpotPrice limit",
        "VcpuLimitExceeded" | "InstanceLimitExceeded" => {
            "the account's vCPU quota for this instance family is used up; ask for more in Service Quotas"
        }
        "InsufficientFreeAddressesInSubnet" => "the compute subnet has no free IP addresses",
        "Unsupported" => "this instance type is not offered in the subnet's zone",
        "UnauthorizedOperation" | "AccessDenied" => {
            "the cluster's role may not launch instances (check its IAM policy)"
        }
        _ => "EC2 refused to launch the instance",
    };
    Some(format!("{meaning} ({code})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_failures_name_the_ec2_code_and_what_to_do() {
        let said =
            launch_error("(Code:InsufficientInstanceCapacity)Failure when resuming nodes").unwrap();
        assert!(said.starts_with("EC2 has no spare capacity"), "{said}");
        assert!(said.ends_with("(InsufficientInstanceCapacity)"));
        assert_eq!(
            launch_error("(Code:SomethingNew)Failure when resuming nodes").unwrap(),
            "EC2 refused to launch the instance (SomethingNew)"
        );
        assert_eq!(launch_error("Kill task failed"), None);
        assert_eq!(launch_error("Not responding"), None);
    }
}
