use super::*;

fn event(id: &str, kind: &str, status: &str, reason: Option<&str>) -> StackEvent {
    StackEvent {
        time: None,
        logical_id: id.into(),
        resource_type: kind.into(),
        status: status.into(),
        reason: reason.map(str::to_string),
        physical_id: None,
    }
}

/// A rolled-back creation, newest event first, as DescribeStackEvents returns them.
fn rolled_back(cause: StackEvent) -> StackProgress {
    StackProgress {
        name: "rev".into(),
        status: "ROLLBACK_COMPLETE".into(),
        reason: Some(
            "The following resource(s) failed to create: [HeadNode]. Rollback requested by user."
                .into(),
        ),
        events: vec![
            event(
                "rev",
                "AWS::CloudFormation::Stack",
                "ROLLBACK_COMPLETE",
                None,
            ),
            event(
                "ComputeFleet",
                "AWS::CloudFormation::Stack",
                "CREATE_FAILED",
                Some("Resource creation cancelled"),
            ),
            cause,
            event("HeadNode", "AWS::EC2::Instance", "CREATE_IN_PROGRESS", None),
        ],
        ..StackProgress::default()
    }
}

fn context() -> FailureContext {
    FailureContext {
        head_instance_type: Some("c6a.12xlarge".into()),
        key_name: Some("laptop".into()),
        head_route: Some(RouteOut::InternetGateway),
        has_on_node_configured: false,
    }
}

#[test]
fn capacity_is_told_apart_from_the_knock_on_cancellations() {
    let progress = rolled_back(event(
        "HeadNode",
        "AWS::EC2::Instance",
        "CREATE_FAILED",
        Some(
            "We currently do not have sufficient c6a.12xlarge capacity in the Availability Zone you requested (us-west-2d). Our system will be working on provisioning additional capacity. (Service: Ec2, Status Code: 500, Request ID: 1) (InsufficientInstanceCapacity)",
        ),
    ));
    let d = diagnose(&progress, &context()).unwrap();
    assert!(
        d.cause.contains("no spare capacity for c6a.12xlarge"),
        "{d:?}"
    );
    assert!(d.next.contains("another instance type"), "{d:?}");
    assert!(
        d.detail
            .starts_with("HeadNode (AWS::EC2::Instance): We currently"),
        "{d:?}"
    );
}

#[test]
fn vcpu_quota_points_at_service_quotas() {
    let progress = rolled_back(event(
        "HeadNode",
        "AWS::EC2::Instance",
        "CREATE_FAILED",
        Some(
            "You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to. (VcpuLimitExceeded)",
        ),
    ));
    let d = diagnose(&progress, &context()).unwrap();
    assert!(d.cause.contains("vCPU quota"), "{d:?}");
    assert!(d.next.contains("Service Quotas"), "{d:?}");
}

#[test]
fn a_missing_key_pair_says_import_it_here() {
    let progress = rolled_back(event(
        "HeadNodeLaunchTemplate",
        "AWS::EC2::LaunchTemplate",
        "CREATE_FAILED",
        Some("The key pair 'laptop' does not exist (Service: Ec2, Status Code: 400)"),
    ));
    let d = diagnose(&progress, &context()).unwrap();
    assert_eq!(d.cause, "The EC2 key pair laptop is not in this region.");
    assert!(d.next.contains("pcwiz keys import --name laptop"), "{d:?}");
}

#[test]
fn a_head_node_timeout_blames_the_subnet_when_it_has_no_way_out() {
    let timeout = event(
        "HeadNodeWaitCondition",
        "AWS::CloudFormation::WaitCondition",
        "CREATE_FAILED",
        // pcluster 3's words (aws/aws-parallelcluster#3373); 2.x said "Failed to receive 1
        // resource signal(s) within the specified duration".
        Some("WaitCondition timed out. Received 0 conditions when expecting 1"),
    );
    let mut context = context();
    context.head_route = Some(RouteOut::None);
    let d = diagnose(&rolled_back(timeout.clone()), &context).unwrap();
    assert!(d.cause.contains("no route to the internet"), "{d:?}");
    // With a public subnet, the general explanation, naming both usual causes.
    let d = diagnose(&rolled_back(timeout.clone()), &self::context()).unwrap();
    assert!(d.cause.contains("never reported in"), "{d:?}");
    assert!(d.next.contains("export-cluster-logs"), "{d:?}");
    let mut context = self::context();
    context.has_on_node_configured = true;
    let d = diagnose(&rolled_back(timeout), &context).unwrap();
    assert!(d.cause.contains("OnNodeConfigured"), "{d:?}");
}

#[test]
fn an_unknown_failure_still_shows_aws_words() {
    let progress = StackProgress {
        status: "CREATE_FAILED".into(),
        reason: Some("Template error: something odd".into()),
        ..StackProgress::default()
    };
    let d = diagnose(&progress, &context()).unwrap();
    assert_eq!(d.detail, "Template error: something odd");
    assert!(d.next.contains("config check"), "{d:?}");
    let fine = StackProgress {
        status: "CREATE_COMPLETE".into(),
        ..StackProgress::default()
    };
    assert!(diagnose(&fine, &context()).is_none());
}

#[test]
fn pclusters_own_failure_messages_are_named() {
    let failed = |message: &str| {
        rolled_back(event(
            "HeadNodeWaitCondition20261121120000",
            "AWS::CloudFormation::WaitCondition",
            "CREATE_FAILED",
            Some(&format!(
                "WaitCondition received failed message: '{message}' for uniqueId: i-0123"
            )),
        ))
    };
    let cause = |message: &str| diagnose(&failed(message), &context()).unwrap().cause;
    assert!(cause("Failed to execute OnNodeConfigured script 1, return code: 1. Please check /var/log/cfn-init.log in the head node").contains("OnNodeConfigured script failed"));
    assert!(cause("Failed to execute OnNodeStart script, return code: 1.").contains("OnNodeStart"));
    assert!(
        cause("Failed to mount FSX. Please check /var/log/chef-client.log")
            .contains("FSx for Lustre")
    );
    assert!(
        cause("Failed to bootstrap the head node. Please check /var/log/cfn-init.log")
            .contains("failed while setting itself up")
    );
    assert!(
        cause("This AMI was created with 3.9.0, but is trying to be used with 3.16.1.")
            .contains("custom AMI")
    );
}
