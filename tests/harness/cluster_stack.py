#!/usr/bin/env python3
"""A "cluster-shaped" CloudFormation stack in moto, standing in for a ParallelCluster cluster.

moto cannot run pcluster's real template (see "What moto does" below), so tests that follow a
cluster launch use this script instead. It talks only to the moto at $AWS_ENDPOINT_URL, which
must be a loopback address, and it refuses to run otherwise.

    cluster_stack.py create NAME --scenario SCENARIO [--region us-west-2] [--subnet SUBNET]
                     [--key KEY] [--instance-type t3.large] [--os ubuntu2404] [--tag K=V ...]
                     [--cluster-user USER]
                     [--fail-after SECONDS] [--rollback-on-failure true|false] [--pace SECONDS]
                     [--no-public-ip] [--cluster-config FILE]
    cluster_stack.py signal NAME --status SUCCESS|FAILURE [--reason TEXT]
    cluster_stack.py delete NAME
    cluster_stack.py fleet-stop NAME [--after S]   # end its compute instances, fleet STOPPED
    cluster_stack.py real-update -- PCLUSTER-ARGS  # a real pcluster update-cluster, made to
                                                   # work on moto (see cmd_real_update)
    cluster_stack.py serve [--port 0]        # the CloudFormation overlay, see below

Every command prints one line of JSON on stdout. The state of each stack (its scenario and what
the overlay should show) is kept in one JSON file per stack in the state directory:
$CLUSTER_STACK_STATE_DIR, or <tmp>/pcwiz-cluster-stack/<moto host>_<port>.

What the stack looks like, to pcwiz and to `pcluster list-clusters` / `describe-cluster`:
  - stack tags parallelcluster:version (the installed aws-parallelcluster's version, else
    3.16.1) and parallelcluster:cluster-name, plus --tag K=V; no ParentId.
  - parameters ClusterUser (ubuntu for ubuntu*, ec2-user for alinux*/rhel*, rocky for rocky*),
    Scheduler=slurm, ResourcesS3Bucket, ArtifactS3RootDirectory, ClusterCWLogGroup,
    ConfigVersion, ClusterDNSDomain, OfficialAmi.
  - resources, all really created by moto: HeadNodeSecurityGroup, ComputeSecurityGroup,
    RoleHeadNode, InstanceProfileHeadNode, DynamoDBTable (parallelcluster-NAME),
    CloudWatchLogGroup (/aws/parallelcluster/NAME-YYYYMMDDHHMM, DeletionPolicy Retain, so it
    outlives the stack as pcluster's does), HeadNode (AWS::EC2::Instance, tags Name=HeadNode,
    parallelcluster:cluster-name=NAME, parallelcluster:node-type=HeadNode,
    parallelcluster:version, parallelcluster:attributes ...; moto also copies the stack tags
    and aws:cloudformation:* onto it), and HeadNodeWaitCondition<YYYYMMDDHHMMSS>, a
    Custom::HeadNodeWaitCondition whose ServiceToken is WaitConditionStandInFunction
    (AWS::Lambda::Function, role WaitConditionStandInRole).
  - outputs HeadNodeInstanceID, HeadNodePrivateIP, HeadNodePrivateDnsName.
  - an Elastic IP on the head node (tagged parallelcluster:cluster-name), because moto gives
    instances made by CloudFormation no public IP. moto draws Elastic IPs from 127.0.0.0/8,
    so the "public IP" is a loopback address. --no-public-ip leaves it out.
  - the region's pcluster bucket (ResourcesS3Bucket) versioned and bootstrapped as pcluster
    leaves it; with --cluster-config FILE, FILE stored at
    <ArtifactS3RootDirectory>/configs/cluster-config.yaml and ConfigVersion its real S3
    VersionId: what `pcluster update-cluster` and `describe-cluster` read, so the real
    pcluster computes change sets against moto (a config whose head node type, OS, subnet
    and key match the stack's shows no change there).
  - once the head node is "configured" (complete, or signal SUCCESS), the DynamoDB item
    Id=COMPUTE_FLEET, Data={status: RUNNING, lastStatusUpdatedTime}, as the head node writes it.

Scenarios:
  complete            moto: CREATE_COMPLETE at once, head node running.
  in-progress         moto: CREATE_IN_PROGRESS until `signal NAME --status SUCCESS`, then
                      CREATE_COMPLETE. The stand-in wait condition is a custom resource that moto
                      keeps pending until its response URL gets a SUCCESS.
  head-node-timeout   moto: CREATE_IN_PROGRESS forever (moto has no failed states at all).
                      Overlay: HeadNodeWaitCondition... AWS::CloudFormation::WaitCondition
                      CREATE_FAILED "WaitCondition timed out. Received 0 conditions when
                      expecting 1", then ROLLBACK_IN_PROGRESS "The following resource(s) failed
                      to create: [HeadNodeWaitCondition...]. Rollback requested by user.",
                      DELETE_* events (DELETE_SKIPPED for the retained log group) and
                      ROLLBACK_COMPLETE. The head node is terminated (and its Elastic IP
                      released) in moto when the overlay first shows ROLLBACK_*, or at once by
                      `create`/`signal` when the failure is immediate.
                      With --rollback-on-failure false: CREATE_FAILED, head node left running.
                      `pcluster describe-cluster` through the overlay: clusterStatus
                      CREATE_FAILED, failures [HeadNodeBootstrapFailure "Cluster creation timed
                      out."].
  on-node-configured  as head-node-timeout, but the reason is "WaitCondition received failed
                      message: 'Failed to execute OnNodeConfigured script 1, return code: 1.
                      Please check /var/log/cfn-init.log ...' for uniqueId: i-..."
                      (pcluster: OnNodeConfiguredExecutionFailure).
  capacity            moto: the stack has no head-node instance and stays CREATE_IN_PROGRESS.
                      Overlay: HeadNode AWS::EC2::Instance CREATE_FAILED "We currently do not
                      have sufficient t3.large capacity in the Availability Zone you requested
                      (us-west-2a). ... (Service: AmazonEC2; Status Code: 500; Error Code:
                      InsufficientInstanceCapacity; Request ID: ...; Proxy: null)", the wait
                      condition CREATE_FAILED "Resource creation cancelled", then the rollback
                      (pcluster, which reads only WaitCondition events: ResourceCreationFailure).
  --fail-after S delays the failure by S seconds (the stack shows CREATE_IN_PROGRESS until then);
  `signal NAME --status FAILURE [--reason TEXT]` fails an in-progress stack at once, with
  "WaitCondition received failed message: 'TEXT' for uniqueId: i-..." (TEXT defaults to
  pcluster's "Failed to bootstrap the head node. ..." message).
  --delete-fails-once: the first DeleteStack for the stack is refused as AWS refuses one whose
  security group a network interface still holds: the overlay answers it without telling
  moto, then shows DELETE_FAILED (with HeadNodeSecurityGroup DELETE_FAILED "has a dependent
  object" in the events); the next DeleteStack goes to moto, which deletes at once.
  --pace S spaces the synthesized resource events S seconds apart, so a poller sees the counts
  rise; by default they all carry the creation time.

Updates (`real-update`, which the pcluster stand-in runs for `update-cluster` without
--dryrun): the overlay adds what an update leaves on AWS after the creation's events: the stack
UPDATE_IN_PROGRESS, a new HeadNodeWaitCondition<time> the head node signals once it has applied
the change, UPDATE_COMPLETE_CLEANUP_IN_PROGRESS and UPDATE_COMPLETE, $STANDIN_UPDATE_PACE
seconds apart (moto's own UpdateStack completes at once); with $STANDIN_UPDATE_FAILS, the wait
condition CREATE_FAILED with that message and the rollback to UPDATE_ROLLBACK_COMPLETE.

The overlay also deletes network stacks (a VPC with route tables, as pcwiz's
assets/network/network.yaml and `pcluster configure` make) the way AWS's CloudFormation does,
in dependency order, because moto's DeleteStack cannot: it leaves a NAT gateway's interface
and the route tables behind and then refuses the VPC (DependencyViolation).

The overlay (`serve`): moto (5.2.5) writes only two stack-level events per stack, never a
resource event, and no stack ever reaches CREATE_FAILED or ROLLBACK_*. `serve` starts a small
HTTP front for CloudFormation on 127.0.0.1 that forwards every request to moto and, for stacks
this script created, rewrites the answers of DescribeStacks, ListStacks, DescribeStackEvents,
DescribeStackResources, ListStackResources and DescribeStackResource into the timeline a real
pcluster create would leave (per-resource CREATE_IN_PROGRESS / "Resource creation Initiated" /
CREATE_COMPLETE events with stable EventIds, the failure, the rollback). It prints
{"url": "http://127.0.0.1:PORT", "pid": N}; point the code under test at it with
AWS_ENDPOINT_URL_CLOUDFORMATION=URL (the Rust SDK and botocore both honour it). Everything else
(EC2, DynamoDB, ...) still goes straight to moto. Without the overlay, failure scenarios look
exactly like in-progress. The reason strings are taken from real sources: pcluster 3.16.1's
own head-node user data and its failure table (pcluster/models/cluster_resources.py), the
cookbook's fetch_and_run wording (aws-parallelcluster-cookbook PR #1692), and CloudFormation
events quoted in aws/aws-parallelcluster issues #3373, #3604, #1545.

What moto (5.2.5) does, observed here:
  - A real `pcluster create-cluster` fails twice over: first at the S3 bucket (pcluster puts a
    "deny aws:SecureTransport=false" bucket policy on the bucket it creates, moto enforces it
    on plain-HTTP requests and answers 403 Forbidden); with that worked around, CreateStack
    fails with "Template error: instance of Fn::GetAtt references undefined resource
    HeadNodeHealthAlarmB0807419" and leaves a stack stuck in CREATE_IN_PROGRESS that makes
    every DescribeStacks (all stacks, or that one by name) answer HTTP 500, and so
    `pcluster list-clusters` fail, until it is deleted.
  - AWS::CloudFormation::WaitCondition / WaitConditionHandle are ignored (no URL, no wait, no
    Timeout); CloudWatch alarms and other unsupported types are skipped. Skipped resources
    still appear in DescribeStackResources / ListStackResources as entries with no
    LogicalResourceId, PhysicalResourceId or ResourceType (the Rust SDK fills in "").
  - DescribeStackResources reports every resource with the stack's own status (so, straight
    from moto, an in-progress stack shows every resource CREATE_IN_PROGRESS), and a
    Timestamp of 2010-07-27T22:27:28Z. Stack tags are copied onto EC2 resources.
  - A resource that moto rejects (a subnet that does not exist: "InvalidSubnetID.NotFound")
    makes CreateStack itself return the error, leaving the stack CREATE_IN_PROGRESS with one
    event; a bad key pair, AMI or instance type is accepted. Such a stack is deleted here.
  - A Custom:: resource stays pending until a response reaches moto's response URL
    ({endpoint}/cloudformation_{region}/cfnresponse); Status SUCCESS completes the stack,
    Status FAILED is accepted and ignored. Its Lambda function has a container-image package
    with no code, so moto's invocation fails in Python before it would ever call Docker.
"""

import argparse
import datetime
import hashlib
import http.client
import http.server
import importlib.metadata
import json
import os
import random
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

import boto3
import botocore.exceptions
from botocore.config import Config

NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/"
ET.register_namespace("", NS)

SCENARIOS = ["complete", "in-progress", "head-node-timeout", "capacity", "on-node-configured"]
WAIT_TYPE = "AWS::CloudFormation::WaitCondition"
HANDLE_TYPE = "AWS::CloudFormation::WaitConditionHandle"
CUSTOM_WAIT_TYPE = "Custom::HeadNodeWaitCondition"

# --- failure wording, from real sources (see the module docstring) ---------------------------
TIMEOUT_REASON = "WaitCondition timed out. Received 0 conditions when expecting 1"
LOGS_HINT = (
    "Please refer to https://docs.aws.amazon.com/parallelcluster/latest/ug/"
    "troubleshooting-v3.html#troubleshooting-v3-get-logs for more details on ParallelCluster logs."
)
BOOTSTRAP_MESSAGE = (
    "Failed to bootstrap the head node. Please check /var/log/cfn-init.log and "
    "/var/log/chef-client.log in the head node or in CloudWatch logs. " + LOGS_HINT
)
ON_NODE_CONFIGURED_MESSAGE = (
    "Failed to execute OnNodeConfigured script 1, return code: 1. Please check "
    "/var/log/cfn-init.log in the head node, or check the cfn-init.log in CloudWatch logs. "
    + LOGS_HINT
)
CAPACITY_REASON = (
    "We currently do not have sufficient {itype} capacity in the Availability Zone you requested "
    "({az}). Our system will be working on provisioning additional capacity. You can currently "
    "get {itype} capacity by not specifying an Availability Zone in your request or choosing "
    "{others}. (Service: AmazonEC2; Status Code: 500; Error Code: InsufficientInstanceCapacity; "
    "Request ID: {request}; Proxy: null)"
)
CANCELLED_REASON = "Resource creation cancelled"

OS_INFO = {  # os -> (AMI name part, default user)
    "alinux2023": ("amzn2023-hvm", "ec2-user"),
    "ubuntu2204": ("ubuntu-2204-lts-hvm", "ubuntu"),
    "ubuntu2404": ("ubuntu-2404-lts-hvm", "ubuntu"),
    "rhel8": ("rhel8-hvm", "ec2-user"),
    "rhel9": ("rhel9-hvm", "ec2-user"),
    "rocky8": ("rocky8-hvm", "rocky"),
    "rocky9": ("rocky9-hvm", "rocky"),
}


def wait_failed_reason(message, instance_id):
    return f"WaitCondition received failed message: '{message}' for uniqueId: {instance_id}"


def die(message):
    print(json.dumps({"error": message}))
    sys.exit(1)


# --- endpoint, clients and state ---------------------------------------------------------------
def endpoint():
    url = os.environ.get("AWS_ENDPOINT_URL", "")
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        die(f"AWS_ENDPOINT_URL must point at a local moto (127.0.0.1), got {url!r}")
    return url.rstrip("/")


def client(service, region):
    return boto3.client(
        service,
        region_name=region,
        endpoint_url=endpoint(),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"),
        config=Config(retries={"max_attempts": 1}),
    )


def state_dir():
    explicit = os.environ.get("CLUSTER_STACK_STATE_DIR")
    if explicit:
        path = explicit
    else:
        parts = urllib.parse.urlsplit(endpoint())
        path = os.path.join(
            tempfile.gettempdir(), "pcwiz-cluster-stack", f"{parts.hostname}_{parts.port}"
        )
    os.makedirs(path, exist_ok=True)
    return path


def record_path(name):
    return os.path.join(state_dir(), f"{name}.json")


def load_record(name):
    try:
        with open(record_path(name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def save_record(record):
    path = record_path(record["name"])
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(record, f, indent=1)
    os.replace(tmp, path)


def all_records():
    records = []
    directory = state_dir()
    for entry in os.listdir(directory):
        if entry.endswith(".json"):
            record = load_record(entry[: -len(".json")])
            if record:
                records.append(record)
    return records


def pcluster_version():
    try:
        return importlib.metadata.version("aws-parallelcluster")
    except importlib.metadata.PackageNotFoundError:
        return "3.16.1"


def iso(ts):
    dt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def live_stack(cfn, name):
    """The stack called NAME in moto, or None."""
    try:
        stacks = cfn.describe_stacks(StackName=name)["Stacks"]
    except cfn.exceptions.ClientError:
        return None
    return stacks[0] if stacks and not stacks[0]["StackStatus"].startswith("DELETE") else None


# --- what pcluster update-cluster / describe-cluster read from S3 -------------------------------
BOOTSTRAP_FEATURES = ["basic", "export-logs"]  # pcluster.constants: PCLUSTER_BUCKET_REQUIRED_...
CONFIG_KEY = "configs/cluster-config.yaml"


def bootstrap_bucket(region, bucket):
    """The region's pcluster bucket as pcluster leaves it on AWS: versioned, with
    parallelcluster/.bootstrapped. Without it pcluster "configures" the bucket itself and puts
    a deny-plain-HTTP policy on it, which moto enforces: every later request is 403."""
    s3 = client("s3", region)
    try:
        s3.head_bucket(Bucket=bucket)
    except botocore.exceptions.ClientError:
        kwargs = {} if region == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": region}}
        try:
            s3.create_bucket(Bucket=bucket, **kwargs)
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass  # another test made it meanwhile
    s3.delete_bucket_policy(Bucket=bucket)  # one a pcluster run left on an unbootstrapped bucket
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="parallelcluster/.bootstrapped",
                  Body=json.dumps({"bootstrapped_features": BOOTSTRAP_FEATURES}).encode())
    return s3


def store_cluster_config(region, bucket, artifact_dir, config_text):
    """Put the cluster's config where pcluster reads it and return the object's VersionId:
    s3://<ResourcesS3Bucket>/<ArtifactS3RootDirectory>/configs/cluster-config.yaml, read at
    VersionId = the stack parameter ConfigVersion (pcluster/models/cluster.py)."""
    s3 = bootstrap_bucket(region, bucket)
    return s3.put_object(Bucket=bucket, Key=f"{artifact_dir}/{CONFIG_KEY}",
                         Body=config_text.encode())["VersionId"]


# --- the template ------------------------------------------------------------------------------
def build_template(name, vpc, subnet, ami, key, instance_type, head_tags, wait_id, with_head_node):
    resources = {
        "HeadNodeSecurityGroup": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": "Enable access to the head node",
                "VpcId": vpc,
                "SecurityGroupIngress": [
                    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}
                ],
            },
        },
        "ComputeSecurityGroup": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "Allow access to compute nodes", "VpcId": vpc},
        },
        "RoleHeadNode": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "Path": f"/parallelcluster/{name}/",
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "ec2.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
            },
        },
        "InstanceProfileHeadNode": {
            "Type": "AWS::IAM::InstanceProfile",
            "Properties": {"Path": f"/parallelcluster/{name}/", "Roles": [{"Ref": "RoleHeadNode"}]},
        },
        "DynamoDBTable": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "TableName": f"parallelcluster-{name}",
                "AttributeDefinitions": [{"AttributeName": "Id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "Id", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST",
            },
        },
        "CloudWatchLogGroup": {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Retain",
            "Properties": {"LogGroupName": {"Ref": "ClusterCWLogGroup"}, "RetentionInDays": 180},
        },
        "WaitConditionStandInRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "Path": "/parallelcluster/",
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
            },
        },
        # An image package with no code: moto's invoke fails before it would reach Docker, so
        # the custom resource below stays pending until `signal` answers its response URL.
        "WaitConditionStandInFunction": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "PackageType": "Image",
                "Code": {"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/none:latest"},
                "Role": {"Fn::GetAtt": ["WaitConditionStandInRole", "Arn"]},
                "Timeout": 30,
            },
        },
        wait_id: {
            "Type": CUSTOM_WAIT_TYPE,
            "Properties": {
                "ServiceToken": {"Fn::GetAtt": ["WaitConditionStandInFunction", "Arn"]},
                "Count": 1,
                "Timeout": "2100",
            },
        },
    }
    outputs = {}
    if with_head_node:
        properties = {
            "ImageId": ami,
            "InstanceType": instance_type,
            "SubnetId": subnet,
            "SecurityGroups": [{"Ref": "HeadNodeSecurityGroup"}],
            "IamInstanceProfile": {"Ref": "InstanceProfileHeadNode"},
            "Tags": [{"Key": k, "Value": v} for k, v in head_tags.items()],
        }
        if key:
            properties["KeyName"] = key
        resources["HeadNode"] = {"Type": "AWS::EC2::Instance", "Properties": properties}
        outputs = {
            "HeadNodeInstanceID": {
                "Description": "ID of the head node instance",
                "Value": {"Ref": "HeadNode"},
            },
            "HeadNodePrivateIP": {
                "Description": "Private IP Address of the head node",
                "Value": {"Fn::GetAtt": ["HeadNode", "PrivateIp"]},
            },
            "HeadNodePrivateDnsName": {
                "Description": "Private DNS name of the head node",
                "Value": {"Fn::GetAtt": ["HeadNode", "PrivateDnsName"]},
            },
        }
    parameters = {
        key: {"Type": "String"}
        for key in [
            "ClusterUser",
            "Scheduler",
            "ResourcesS3Bucket",
            "ArtifactS3RootDirectory",
            "ClusterCWLogGroup",
            "ConfigVersion",
            "ClusterDNSDomain",
            "OfficialAmi",
        ]
    }
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"AWS ParallelCluster stack stand-in for tests (cluster_stack.py), {name}",
        "Parameters": parameters,
        "Resources": resources,
    }
    if outputs:
        template["Outputs"] = outputs
    return template


# --- moto side effects -------------------------------------------------------------------------
def send_cfn_response(region, stack_id, logical_id, status, reason):
    """PUT a custom-resource response to moto's response URL, as cfn-response would."""
    parts = urllib.parse.urlsplit(endpoint())
    body = json.dumps(
        {
            "Status": status,
            "Reason": reason,
            "PhysicalResourceId": logical_id,
            "StackId": stack_id,
            "RequestId": str(uuid.uuid4()),
            "LogicalResourceId": logical_id,
            "Data": {},
        }
    )
    # moto routes an unsigned request to us-east-1; a SigV4-shaped header names the region.
    headers = {
        "Content-Type": "",
        "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20250101/"
        f"{region}/cloudformation/aws4_request, SignedHeaders=host, Signature=0",
    }
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        path = f"/cloudformation_{region}/cfnresponse?stack={urllib.parse.quote(stack_id, safe='')}"
        conn.request("PUT", path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        conn.close()
    if response.status != 200:
        die(f"moto refused the wait-condition response: HTTP {response.status}: {text[:300]}")


def write_compute_fleet_running(region, name):
    ddb = client("dynamodb", region)
    now = datetime.datetime.now(datetime.timezone.utc)
    ddb.put_item(
        TableName=f"parallelcluster-{name}",
        Item={
            "Id": {"S": "COMPUTE_FLEET"},
            "Data": {
                "M": {
                    "status": {"S": "RUNNING"},
                    "lastStatusUpdatedTime": {"S": str(now)},
                }
            },
        },
    )


def release_public_ips(ec2, name):
    addresses = ec2.describe_addresses(
        Filters=[{"Name": "tag:parallelcluster:cluster-name", "Values": [name]}]
    )["Addresses"]
    for address in addresses:
        if address.get("AssociationId"):
            ec2.disassociate_address(AssociationId=address["AssociationId"])
        ec2.release_address(AllocationId=address["AllocationId"])
    return [a["PublicIp"] for a in addresses]


def materialize_rollback(record, status):
    """What a rollback does outside the stack's own bookkeeping: the head node goes away.

    Done once, when the stack as the overlay shows it has reached ROLLBACK_*."""
    if record.get("materialized") or not status.startswith("ROLLBACK"):
        return
    ec2 = client("ec2", record["region"])
    release_public_ips(ec2, record["name"])
    if record.get("head_node_id"):
        ec2.terminate_instances(InstanceIds=[record["head_node_id"]])
    record["materialized"] = True
    save_record(record)


# --- the timeline a real create would leave (used by the overlay) ------------------------------
def event(record, ts, logical, rtype, physical, status, reason=None):
    return {
        "ts": ts,
        "logical": logical,
        "type": rtype,
        "physical": physical,
        "status": status,
        "reason": reason,
    }


def timeline(record, moto_status, now):
    """All events visible at `now`, oldest first, and whether they end in a deletion."""
    step = record.get("pace") or 0.001
    stack_id, name = record["stack_id"], record["name"]
    t = record["created_at"]
    events = [event(record, t, name, "AWS::CloudFormation::Stack", stack_id, "CREATE_IN_PROGRESS",
                    "User Initiated")]
    outcome = record.get("outcome")
    failing_head = outcome is not None and outcome["kind"] == "capacity"
    started = []  # resources whose creation began, in order
    for resource in record["resources"]:
        logical, rtype, physical = resource["logical"], resource["type"], resource["physical"]
        t += step
        events.append(event(record, t, logical, rtype, "", "CREATE_IN_PROGRESS"))
        started.append(resource)
        if rtype == WAIT_TYPE:
            t += step
            events.append(event(record, t, logical, rtype, physical, "CREATE_IN_PROGRESS",
                                "Resource creation Initiated"))
            continue
        if logical == "HeadNode" and failing_head:
            continue  # RunInstances is what fails: no physical id, no "Initiated"
        t += step
        events.append(event(record, t, logical, rtype, physical, "CREATE_IN_PROGRESS",
                            "Resource creation Initiated"))
        t += step
        events.append(event(record, t, logical, rtype, physical, "CREATE_COMPLETE"))
    wait = next(r for r in record["resources"] if r["type"] == WAIT_TYPE)

    if outcome is not None and now >= outcome["at"]:
        t = max(t, outcome["at"])
        failed = []
        if outcome["kind"] == "capacity":
            t += step
            events.append(event(record, t, "HeadNode", "AWS::EC2::Instance", "", "CREATE_FAILED",
                                outcome["reason"]))
            t += step
            events.append(event(record, t, wait["logical"], WAIT_TYPE, wait["physical"],
                                "CREATE_FAILED", CANCELLED_REASON))
            failed = ["HeadNode", wait["logical"]]
        else:
            t += step
            events.append(event(record, t, wait["logical"], WAIT_TYPE, wait["physical"],
                                "CREATE_FAILED", outcome["reason"]))
            failed = [wait["logical"]]
        summary = f"The following resource(s) failed to create: [{', '.join(failed)}]. "
        if outcome.get("rollback"):
            t += step
            events.append(event(record, t, name, "AWS::CloudFormation::Stack", stack_id,
                                "ROLLBACK_IN_PROGRESS", summary + "Rollback requested by user."))
            spread = max(outcome.get("rollback_seconds", 0), 0)
            per = spread / (2 * len(started) + 1) if spread else step
            for resource in reversed(started):
                logical, rtype, physical = resource["logical"], resource["type"], resource["physical"]
                if resource.get("retain"):  # DeletionPolicy Retain
                    t += per
                    events.append(event(record, t, logical, rtype, physical, "DELETE_SKIPPED"))
                    continue
                if not (logical == "HeadNode" and failing_head):
                    t += per
                    events.append(event(record, t, logical, rtype, physical, "DELETE_IN_PROGRESS"))
                t += per
                events.append(event(record, t, logical, rtype,
                                    "" if logical == "HeadNode" and failing_head else physical,
                                    "DELETE_COMPLETE"))
            t += per
            events.append(event(record, t, name, "AWS::CloudFormation::Stack", stack_id,
                                "ROLLBACK_COMPLETE"))
        else:
            t += step
            events.append(event(record, t, name, "AWS::CloudFormation::Stack", stack_id,
                                "CREATE_FAILED", summary))
    elif moto_status in ("CREATE_COMPLETE", "UPDATE_COMPLETE") or record.get("success_at"):
        t = max(t, record.get("success_at") or t) + step
        events.append(event(record, t, wait["logical"], WAIT_TYPE, wait["physical"],
                            "CREATE_COMPLETE"))
        t += step
        events.append(event(record, t, name, "AWS::CloudFormation::Stack", stack_id,
                            "CREATE_COMPLETE"))
        for update in record.get("updates", []):
            events.extend(update_timeline(record, update))
    visible = [e for e in events if e["ts"] <= now + 0.05]
    for index, e in enumerate(events):
        e["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{stack_id}#{index}"))
    return visible


UPDATE_FAILED_MESSAGE = "Update failed"  # the head node's cfn-signal on a failed chef update


def update_timeline(record, update):
    """What an update leaves on AWS: the stack UPDATE_IN_PROGRESS, a new head-node wait
    condition (pcluster's template names it by the update's time) that the head node
    signals once its cfn-hup has applied the change, then UPDATE_COMPLETE; or, when the head
    node signals failure, the rollback to the old settings (pcluster/templates/
    cluster_stack.py; the wait condition's failure text by analogy with creation's)."""
    name, stack_id = record["name"], record["stack_id"]
    pace, t = update["pace"], update["at"]
    wait = update["wait_logical"]
    handle = f"{stack_id}/{wait.replace('WaitCondition', 'WaitConditionHandle')}"
    head = record.get("head_node_id") or "i-unknown"
    stack = "AWS::CloudFormation::Stack"
    steps = [(name, stack, stack_id, "UPDATE_IN_PROGRESS", "User Initiated"),
             (wait, WAIT_TYPE, "", "CREATE_IN_PROGRESS", None),
             (wait, WAIT_TYPE, handle, "CREATE_IN_PROGRESS", "Resource creation Initiated")]
    if update.get("fail"):
        steps += [
            (wait, WAIT_TYPE, handle, "CREATE_FAILED",
             wait_failed_reason(update["fail"], head)),
            (name, stack, stack_id, "UPDATE_ROLLBACK_IN_PROGRESS",
             f"The following resource(s) failed to create: [{wait}]. "),
            (wait, WAIT_TYPE, handle, "DELETE_IN_PROGRESS", None),
            (wait, WAIT_TYPE, handle, "DELETE_COMPLETE", None),
            (name, stack, stack_id, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", None),
            (name, stack, stack_id, "UPDATE_ROLLBACK_COMPLETE", None),
        ]
    else:
        steps += [
            (wait, WAIT_TYPE, handle, "CREATE_COMPLETE", None),
            (name, stack, stack_id, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", None),
            (name, stack, stack_id, "UPDATE_COMPLETE", None),
        ]
    events = []
    for logical, rtype, physical, status, reason in steps:
        events.append(event(record, t, logical, rtype, physical, status, reason))
        t += pace
    return events


def view(record, moto_status, now=None):
    """Stack status, its reason, the events (oldest first) and each resource's latest state."""
    now = time.time() if now is None else now
    events = timeline(record, moto_status, now)
    status, reason = moto_status, None
    resources = {}
    for e in events:
        if e["type"] == "AWS::CloudFormation::Stack" and e["logical"] == record["name"]:
            status, reason = e["status"], e["reason"]
        else:
            resources[e["logical"]] = e
    return status, reason, events, resources


# --- commands ----------------------------------------------------------------------------------
def parse_tags(values):
    tags = {}
    for value in values or []:
        if "=" not in value:
            die(f"--tag wants KEY=VALUE, got {value!r}")
        key, val = value.split("=", 1)
        tags[key] = val
    return tags


def cmd_create(args):
    region, name = args.region, args.name
    cfn, ec2 = client("cloudformation", region), client("ec2", region)
    if live_stack(cfn, name):
        die(f"stack {name} already exists")
    if args.os not in OS_INFO:
        die(f"--os must be one of {', '.join(OS_INFO)}")
    ami_part, user = OS_INFO[args.os]
    # Tests that ssh to the harness's sshd need its user as the cluster's login user.
    user = args.cluster_user or user

    if args.subnet:
        subnet = ec2.describe_subnets(SubnetIds=[args.subnet])["Subnets"][0]
    else:
        subnets = ec2.describe_subnets(
            Filters=[
                {"Name": "availability-zone", "Values": [f"{region}a"]},
                {"Name": "default-for-az", "Values": ["true"]},
            ]
        )["Subnets"]
        if not subnets:
            die(f"no default subnet in {region}a; pass --subnet")
        subnet = subnets[0]
    if args.key:
        try:
            ec2.describe_key_pairs(KeyNames=[args.key])
        except ec2.exceptions.ClientError:
            die(f"The key pair '{args.key}' does not exist")
    version = pcluster_version()
    images = ec2.describe_images(
        Owners=["amazon"],
        Filters=[{"Name": "name", "Values": [f"aws-parallelcluster-{version}-{ami_part}-x86_64*"]}],
    )["Images"] or ec2.describe_images(Owners=["amazon"])["Images"]
    if not images:
        die("moto has no AMI to give the head node")
    ami = images[0]["ImageId"]

    stamp = datetime.datetime.now(datetime.timezone.utc)
    wait_id = "HeadNodeWaitCondition" + stamp.strftime("%Y%m%d%H%M%S")
    handle_id = "HeadNodeWaitConditionHandle" + stamp.strftime("%Y%m%d%H%M%S")
    user_tags = parse_tags(args.tag)
    stack_tags = dict(user_tags)
    stack_tags.update({"parallelcluster:cluster-name": name, "parallelcluster:version": version})
    head_tags = dict(user_tags)
    head_tags.update(
        {
            "Name": "HeadNode",
            "parallelcluster:attributes": f"{args.os}, slurm, {version}, x86_64",
            "parallelcluster:cluster-name": name,
            "parallelcluster:filesystem": "efs=0, multiebs=0, raid=0, fsx=0",
            "parallelcluster:networking": "EFA=NONE",
            "parallelcluster:node-type": "HeadNode",
            "parallelcluster:version": version,
        }
    )
    account_hash = hashlib.sha256(f"123456789012{region}".encode()).hexdigest()[:16]
    suffix = "".join(random.choices(string.ascii_lowercase + string.digits, k=16))
    parameters = {
        "ClusterUser": user,
        "Scheduler": "slurm",
        "ResourcesS3Bucket": f"parallelcluster-{account_hash}-v1-do-not-delete",
        "ArtifactS3RootDirectory": f"parallelcluster/{version}/clusters/{name}-{suffix}",
        "ClusterCWLogGroup": f"/aws/parallelcluster/{name}-{stamp.strftime('%Y%m%d%H%M')}",
        "ConfigVersion": str(uuid.uuid4()),
        "ClusterDNSDomain": f"{name}.pcluster.",
        "OfficialAmi": ami,
    }
    if args.cluster_config:
        with open(args.cluster_config) as f:
            parameters["ConfigVersion"] = store_cluster_config(
                region, parameters["ResourcesS3Bucket"], parameters["ArtifactS3RootDirectory"],
                f.read())
    else:
        bootstrap_bucket(region, parameters["ResourcesS3Bucket"])
    with_head_node = args.scenario != "capacity"
    template = build_template(
        name, subnet["VpcId"], subnet["SubnetId"], ami, args.key, args.instance_type, head_tags,
        wait_id, with_head_node,
    )
    rollback = args.rollback_on_failure == "true"
    created_at = time.time()
    try:
        stack_id = cfn.create_stack(
            StackName=name,
            TemplateBody=json.dumps(template),
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
            Tags=[{"Key": k, "Value": v} for k, v in stack_tags.items()],
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            DisableRollback=not rollback,
        )["StackId"]
    except Exception as error:  # a half-made stack wedges DescribeStacks for everyone
        try:
            cfn.delete_stack(StackName=name)
        except Exception:
            pass
        die(f"moto refused the stack: {error}")

    moto_resources = cfn.describe_stack_resources(StackName=stack_id)["StackResources"]
    physical = {r.get("LogicalResourceId"): r.get("PhysicalResourceId", "") for r in moto_resources}
    stack_uuid = stack_id.rsplit("/", 1)[-1]
    handle_url = (
        f"https://cloudformation-waitcondition-{region}.s3.{region}.amazonaws.com/"
        + urllib.parse.quote(f"arn:aws:cloudformation:{region}:123456789012:stack/{name}/"
                             f"{stack_uuid}/{handle_id}", safe="")
    )
    order = [
        ("HeadNodeSecurityGroup", "AWS::EC2::SecurityGroup"),
        ("ComputeSecurityGroup", "AWS::EC2::SecurityGroup"),
        ("RoleHeadNode", "AWS::IAM::Role"),
        ("WaitConditionStandInRole", "AWS::IAM::Role"),
        ("DynamoDBTable", "AWS::DynamoDB::Table"),
        ("CloudWatchLogGroup", "AWS::Logs::LogGroup"),
        ("InstanceProfileHeadNode", "AWS::IAM::InstanceProfile"),
        ("WaitConditionStandInFunction", "AWS::Lambda::Function"),
        (handle_id, HANDLE_TYPE),
        (wait_id, WAIT_TYPE),
        ("HeadNode", "AWS::EC2::Instance"),
    ]
    resources = []
    for logical, rtype in order:
        if logical == handle_id:
            resources.append({"logical": logical, "type": rtype, "physical": handle_url})
        elif logical == wait_id:
            resources.append({"logical": logical, "type": rtype, "moto_type": CUSTOM_WAIT_TYPE,
                              "physical": f"{stack_id}/{handle_id}"})
        elif logical == "HeadNode" and not with_head_node:
            resources.append({"logical": logical, "type": rtype, "physical": ""})
        else:
            resources.append({"logical": logical, "type": rtype, "physical": physical.get(logical, ""),
                              "retain": logical == "CloudWatchLogGroup"})
    head_node_id = physical.get("HeadNode") if with_head_node else None

    public_ip = None
    if head_node_id and not args.no_public_ip:
        allocation = ec2.allocate_address(
            Domain="vpc",
            TagSpecifications=[
                {
                    "ResourceType": "elastic-ip",
                    "Tags": [
                        {"Key": "parallelcluster:cluster-name", "Value": name},
                        {"Key": "Name", "Value": f"{name}-HeadNode"},
                    ],
                }
            ],
        )
        ec2.associate_address(AllocationId=allocation["AllocationId"], InstanceId=head_node_id)
        public_ip = allocation["PublicIp"]

    record = {
        "name": name,
        "stack_id": stack_id,
        "region": region,
        "scenario": args.scenario,
        "created_at": created_at,
        "pace": args.pace,
        "wait_logical_id": wait_id,
        "head_node_id": head_node_id,
        "instance_type": args.instance_type,
        "availability_zone": subnet["AvailabilityZone"],
        "resources": resources,
        "rollback": rollback,
        "outcome": None,
        "success_at": None,
        "materialized": False,
        "delete_fails_once": args.delete_fails_once,
        "delete_failed": None,
        "delete_retried": False,
    }
    if args.scenario == "complete":
        send_cfn_response(region, stack_id, wait_id, "SUCCESS", "HeadNode setup complete")
        record["success_at"] = time.time()
        write_compute_fleet_running(region, name)
    elif args.scenario in ("head-node-timeout", "on-node-configured", "capacity"):
        if args.scenario == "head-node-timeout":
            reason = TIMEOUT_REASON
        elif args.scenario == "on-node-configured":
            reason = wait_failed_reason(ON_NODE_CONFIGURED_MESSAGE, head_node_id)
        else:
            zones = ec2.describe_availability_zones()["AvailabilityZones"]
            others = [z["ZoneName"] for z in zones if z["ZoneName"] != subnet["AvailabilityZone"]]
            reason = CAPACITY_REASON.format(
                itype=args.instance_type, az=subnet["AvailabilityZone"],
                others=", ".join(others), request=str(uuid.uuid4()),
            )
        kind = "timeout" if args.scenario == "head-node-timeout" else args.scenario
        record["outcome"] = {
            "kind": kind,
            "reason": reason,
            "at": time.time() + max(args.fail_after, 0),
            "rollback": rollback,
            "rollback_seconds": args.rollback_seconds,
        }
    save_record(record)
    summarize(record, cfn, extra={"public_ip": public_ip})


def summarize(record, cfn, extra=None):
    stack = live_stack(cfn, record["stack_id"]) or {}
    moto_status = stack.get("StackStatus", "DELETE_COMPLETE")
    overlay_status, overlay_reason, _, _ = view(record, moto_status)
    if stack:
        materialize_rollback(record, overlay_status)
    out = {
        "stack_name": record["name"],
        "stack_id": record["stack_id"],
        "scenario": record["scenario"],
        "status": moto_status,
        "overlay_status": overlay_status,
        "overlay_reason": overlay_reason,
        "head_node_instance_id": record.get("head_node_id"),
        "state_file": record_path(record["name"]),
    }
    out.update(extra or {})
    print(json.dumps(out))


def cmd_signal(args):
    record = load_record(args.name)
    if not record:
        die(f"no stack {args.name} made by this script (state dir {state_dir()})")
    cfn = client("cloudformation", record["region"])
    stack = live_stack(cfn, record["stack_id"])
    if not stack:
        die(f"stack {args.name} no longer exists")
    status, _, _, _ = view(record, stack["StackStatus"])
    if status != "CREATE_IN_PROGRESS":
        die(f"stack {args.name} is {status}, not CREATE_IN_PROGRESS")
    if args.status == "SUCCESS":
        if not record.get("head_node_id"):
            die("this stack has no head node to signal from")
        send_cfn_response(record["region"], record["stack_id"], record["wait_logical_id"],
                          "SUCCESS", args.reason or "HeadNode setup complete")
        record["success_at"] = time.time()
        record["outcome"] = None
        write_compute_fleet_running(record["region"], record["name"])
        save_record(record)
    else:
        message = args.reason or BOOTSTRAP_MESSAGE
        # moto accepts a FAILED response and ignores it; the overlay shows the failure.
        send_cfn_response(record["region"], record["stack_id"], record["wait_logical_id"],
                          "FAILED", message)
        previous = record.get("outcome") or {}
        record["outcome"] = {
            "kind": "signal",
            "reason": wait_failed_reason(message, record.get("head_node_id")),
            "at": time.time(),
            "rollback": previous.get("rollback", record.get("rollback", True)),
            "rollback_seconds": previous.get("rollback_seconds", 0),
        }
        save_record(record)
    summarize(record, cfn)


def cmd_delete(args):
    record = load_record(args.name)
    region = record["region"] if record else args.region
    cfn, ec2 = client("cloudformation", region), client("ec2", region)
    stack = live_stack(cfn, record["stack_id"] if record else args.name)
    functions = {r["physical"] for r in (record or {}).get("resources", [])
                 if r["type"] == "AWS::Lambda::Function" and r["physical"]}
    if stack:
        functions.update(
            r["PhysicalResourceId"]
            for r in cfn.describe_stack_resources(StackName=stack["StackId"])["StackResources"]
            if r.get("ResourceType") == "AWS::Lambda::Function"
        )
    if stack:
        cfn.delete_stack(StackName=stack["StackId"])
    # As pcluster delete-cluster does: instances tagged with the cluster name go too.
    reservations = ec2.describe_instances(
        Filters=[
            {"Name": "tag:parallelcluster:cluster-name", "Values": [args.name]},
            {"Name": "instance-state-name", "Values": ["pending", "running", "stopping", "stopped"]},
        ]
    )["Reservations"]
    instances = [i["InstanceId"] for r in reservations for i in r["Instances"]]
    if instances:
        ec2.terminate_instances(InstanceIds=instances)
    released = release_public_ips(ec2, args.name)
    logs = client("logs", region)
    for function in functions:  # moto's failed invocation leaves a log group behind
        try:
            logs.delete_log_group(logGroupName=f"/aws/lambda/{function}")
        except Exception:
            pass
    if record:
        os.remove(record_path(args.name))
    print(json.dumps({
        "stack_name": args.name,
        "stack_id": stack["StackId"] if stack else (record or {}).get("stack_id"),
        "deleted": bool(stack),
        "terminated_instances": instances,
        "released_public_ips": released,
    }))


# --- the overlay -------------------------------------------------------------------------------
def q(tag):
    return f"{{{NS}}}{tag}"


def text_of(element, tag):
    child = element.find(q(tag))
    return child.text if child is not None else None


def set_child(element, tag, value, after=None):
    child = element.find(q(tag))
    if value is None:
        if child is not None:
            element.remove(child)
        return
    if child is None:
        child = ET.Element(q(tag))
        anchor = element.find(q(after)) if after else None
        if anchor is not None:
            element.insert(list(element).index(anchor) + 1, child)
        else:
            element.append(child)
    child.text = value


def add(parent, tag, value):
    if value is None or value == "":
        return
    child = ET.SubElement(parent, q(tag))
    child.text = value


class Overlay:
    def __init__(self, upstream):
        self.upstream = urllib.parse.urlsplit(upstream)
        self.lock = threading.Lock()

    def records_by_id(self):
        return {r["stack_id"]: r for r in all_records()}

    def forward(self, method, path, headers, body):
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()

    def moto_stack(self, headers, stack):
        """(StackId, StackStatus) of a stack as moto has it, or (None, None)."""
        body = urllib.parse.urlencode(
            {"Action": "DescribeStacks", "Version": "2010-05-15", "StackName": stack}
        ).encode()
        headers = dict(headers, **{"Content-Type": "application/x-www-form-urlencoded"})
        status, _, data = self.forward("POST", "/", headers, body)
        if status != 200:
            return None, None
        member = ET.fromstring(data).find(f"{q('DescribeStacksResult')}/{q('Stacks')}/{q('member')}")
        if member is None:
            return None, None
        return text_of(member, "StackId"), text_of(member, "StackStatus")

    def current(self, record, moto_status):
        status, reason, events, resources = view(record, moto_status)
        if status.startswith("ROLLBACK") and not record.get("materialized"):
            with self.lock:
                fresh = load_record(record["name"])
                if fresh and fresh["stack_id"] == record["stack_id"]:
                    materialize_rollback(fresh, status)
        return status, reason, events, resources

    def rewrite(self, action, params, headers, data):
        root = ET.fromstring(data)
        records = self.records_by_id()
        result = root.find(q(f"{action}Result"))
        if result is None:
            return None
        if action == "DescribeStacks":
            changed = False
            for member in result.findall(f"{q('Stacks')}/{q('member')}"):
                record = records.get(text_of(member, "StackId"))
                moto_status = text_of(member, "StackStatus")
                if not record or moto_status.startswith("DELETE"):
                    continue
                status, reason, _, _ = self.current(record, moto_status)
                if failing_delete(record):
                    status, reason = "DELETE_FAILED", DELETE_FAILED_REASON
                set_child(member, "StackStatus", status)
                set_child(member, "StackStatusReason", reason, after="StackStatus")
                rollback = (record.get("outcome") or {}).get("rollback")
                if record.get("outcome") is not None:
                    set_child(member, "DisableRollback", "false" if rollback else "true")
                if status.startswith("ROLLBACK"):
                    set_child(member, "Outputs", None)
                changed = True
            return root if changed else None
        if action == "ListStacks":
            wanted = [v for k, v in params.items() if k.startswith("StackStatusFilter.member.")]
            summaries = result.find(q("StackSummaries"))
            for member in list(summaries):
                record = records.get(text_of(member, "StackId"))
                moto_status = text_of(member, "StackStatus")
                if record and not moto_status.startswith("DELETE"):
                    status, reason, _, _ = self.current(record, moto_status)
                    set_child(member, "StackStatus", status)
                    set_child(member, "StackStatusReason", reason, after="StackStatus")
                if wanted and text_of(member, "StackStatus") not in wanted:
                    summaries.remove(member)
            return root
        # The per-stack actions: find the stack from the answer, or ask moto by name.
        stack_id = next((e.text for e in result.iter(q("StackId"))), None)
        if stack_id is None:
            wanted_name = params.get("StackName", "")
            if wanted_name.startswith("arn:"):
                stack_id = wanted_name
            elif any(r["name"] == wanted_name for r in records.values()):
                stack_id, _ = self.moto_stack(headers, wanted_name)
        record = records.get(stack_id)
        if not record:
            return None
        _, moto_status = self.moto_stack(headers, stack_id)
        status, _, events, resources = self.current(record, moto_status or "CREATE_IN_PROGRESS")
        if action == "DescribeStackEvents":
            container = result.find(q("StackEvents"))
            moto_deletes = []
            for member in list(container):
                if (text_of(member, "ResourceType") == "AWS::CloudFormation::Stack"
                        and (text_of(member, "ResourceStatus") or "").startswith("DELETE")):
                    moto_deletes.append(member)
                container.remove(member)
            for e in reversed(events):
                member = ET.SubElement(container, q("member"))
                add(member, "StackId", record["stack_id"])
                add(member, "EventId", e["id"])
                add(member, "StackName", record["name"])
                add(member, "LogicalResourceId", e["logical"])
                add(member, "PhysicalResourceId", e["physical"])
                add(member, "ResourceType", e["type"])
                add(member, "Timestamp", iso(e["ts"]))
                add(member, "ResourceStatus", e["status"])
                add(member, "ResourceStatusReason", e["reason"])
            for member in moto_deletes:  # a real deletion shows after the timeline
                container.insert(0, member)
            if record.get("delete_failed"):
                # The failed deletion, newest first, above the creation's timeline.
                at = record["delete_failed"]["at"]
                sg = next((r["physical"] for r in record["resources"]
                           if r["logical"] == "HeadNodeSecurityGroup"), "")
                for e in [
                    event(record, at, record["name"], "AWS::CloudFormation::Stack",
                          record["stack_id"], "DELETE_IN_PROGRESS", "User Initiated"),
                    event(record, at + 1, "HeadNodeSecurityGroup", "AWS::EC2::SecurityGroup",
                          sg, "DELETE_FAILED", SG_DEPENDENCY_REASON.format(sg=sg)),
                    event(record, at + 2, record["name"], "AWS::CloudFormation::Stack",
                          record["stack_id"], "DELETE_FAILED", DELETE_FAILED_REASON),
                ]:
                    member = ET.Element(q("member"))
                    add(member, "StackId", record["stack_id"])
                    add(member, "EventId", f"{e['logical']}-{e['status']}-{e['ts']}")
                    add(member, "StackName", record["name"])
                    add(member, "LogicalResourceId", e["logical"])
                    add(member, "PhysicalResourceId", e["physical"])
                    add(member, "ResourceType", e["type"])
                    add(member, "Timestamp", iso(e["ts"]))
                    add(member, "ResourceStatus", e["status"])
                    add(member, "ResourceStatusReason", e["reason"])
                    container.insert(0, member)
            return root
        if moto_status is None or moto_status.startswith("DELETE"):
            return None
        rows = [resources[r["logical"]] for r in record["resources"] if r["logical"] in resources]
        if action in ("DescribeStackResources", "ListStackResources"):
            tag = "StackResources" if action == "DescribeStackResources" else "StackResourceSummaries"
            container = result.find(q(tag))
            wanted = params.get("LogicalResourceId")
            for member in list(container):
                container.remove(member)
            for e in rows:
                if wanted and e["logical"] != wanted:
                    continue
                member = ET.SubElement(container, q("member"))
                if action == "DescribeStackResources":
                    add(member, "StackName", record["name"])
                    add(member, "StackId", record["stack_id"])
                add(member, "LogicalResourceId", e["logical"])
                add(member, "PhysicalResourceId", e["physical"])
                add(member, "ResourceType", e["type"])
                add(member, "Timestamp" if action == "DescribeStackResources"
                    else "LastUpdatedTimestamp", iso(e["ts"]))
                add(member, "ResourceStatus", e["status"])
                add(member, "ResourceStatusReason", e["reason"])
            return root
        if action == "DescribeStackResource":
            detail = result.find(q("StackResourceDetail"))
            e = resources.get(text_of(detail, "LogicalResourceId"))
            if e is None:
                return None
            set_child(detail, "ResourceType", e["type"])
            set_child(detail, "PhysicalResourceId", e["physical"] or None)
            set_child(detail, "LastUpdatedTimestamp", iso(e["ts"]))
            set_child(detail, "ResourceStatus", e["status"])
            set_child(detail, "ResourceStatusReason", e["reason"], after="ResourceStatus")
            return root
        return None


# AWS's words when a stack's security group is still held by a network interface.
DELETE_FAILED_REASON = "The following resource(s) failed to delete: [HeadNodeSecurityGroup]. "
SG_DEPENDENCY_REASON = (
    "resource {sg} has a dependent object (Service: Ec2, Status Code: 400, "
    "Request ID: 8d3a1b2c-0000-4000-8000-000000000000)"
)


def failing_delete(record):
    """The stack shows DELETE_FAILED: its first deletion was refused, none retried yet."""
    return bool(record.get("delete_failed")) and not record.get("delete_retried")


def region_of(headers):
    """The region a signed request was made for (its credential scope)."""
    auth = headers.get("Authorization", "")
    parts = auth.split("Credential=", 1)[-1].split("/")
    return parts[2] if len(parts) > 3 else os.environ.get("AWS_DEFAULT_REGION", "us-west-2")


def tear_down_network(region, stack_name):
    """What CloudFormation does on AWS when it deletes a network stack, in its dependency
    order, for the stacks moto's CloudFormation cannot delete: moto removes neither a NAT
    gateway's network interface nor the template's route tables first, so its DeleteStack
    fails with DependencyViolation on the VPC (and leaves the NAT gateway billing). Only
    the stack's own resources are touched. Returns whether it was a network stack."""
    cfn, ec2 = client("cloudformation", region), client("ec2", region)
    try:
        resources = cfn.describe_stack_resources(StackName=stack_name)["StackResources"]
    except botocore.exceptions.ClientError:
        return False
    ids = {}
    for r in resources:
        ids.setdefault(r["ResourceType"], []).append(r.get("PhysicalResourceId"))
    if "AWS::EC2::VPC" not in ids or "AWS::EC2::RouteTable" not in ids:
        return False
    vpc = ids["AWS::EC2::VPC"][0]
    nats = [n for n in ids.get("AWS::EC2::NatGateway", []) if n]
    if nats:
        for n in ec2.describe_nat_gateways(NatGatewayIds=nats)["NatGateways"]:
            ec2.delete_nat_gateway(NatGatewayId=n["NatGatewayId"])
            for a in n.get("NatGatewayAddresses", []):
                if a.get("NetworkInterfaceId"):
                    ec2.delete_network_interface(NetworkInterfaceId=a["NetworkInterfaceId"])
    for public_ip in [i for i in ids.get("AWS::EC2::EIP", []) if i]:
        for a in ec2.describe_addresses(Filters=[{"Name": "public-ip", "Values": [public_ip]}])["Addresses"]:
            if a.get("AssociationId"):
                ec2.disassociate_address(AssociationId=a["AssociationId"])
            ec2.release_address(AllocationId=a["AllocationId"])
    for table in ids["AWS::EC2::RouteTable"]:
        for rt in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"]:
            for assoc in rt.get("Associations", []):
                if not assoc.get("Main"):
                    ec2.disassociate_route_table(AssociationId=assoc["RouteTableAssociationId"])
            ec2.delete_route_table(RouteTableId=table)
    for subnet in ids.get("AWS::EC2::Subnet", []):
        ec2.delete_subnet(SubnetId=subnet)
    for gateway in ids.get("AWS::EC2::InternetGateway", []):
        ec2.detach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
        ec2.delete_internet_gateway(InternetGatewayId=gateway)
    ec2.delete_vpc(VpcId=vpc)
    return True


def find_record(name_or_id):
    for record in all_records():
        if name_or_id in (record["name"], record["stack_id"]):
            return record
    return None


REWRITTEN = {
    "DescribeStacks",
    "ListStacks",
    "DescribeStackEvents",
    "DescribeStackResources",
    "ListStackResources",
    "DescribeStackResource",
}


def make_handler(overlay):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in ("host", "connection", "content-length",
                                            "accept-encoding")}
            params = {}
            if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                params = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
            action = params.get("Action")
            forward_body = body
            if action == "ListStacks":  # filter after rewriting, so the overlay's states count
                forward_body = urllib.parse.urlencode(
                    {k: v for k, v in params.items() if not k.startswith("StackStatusFilter.")}
                ).encode()
            if action == "DeleteStack":
                # --delete-fails-once: the first deletion is refused as AWS refuses one
                # whose security group an interface still holds (moto never does); the
                # next goes to moto.
                with overlay.lock:
                    record = find_record(params.get("StackName", ""))
                    if record and record.get("delete_fails_once") and not record.get("delete_failed"):
                        record["delete_failed"] = {"at": time.time()}
                        save_record(record)
                        data = (b'<DeleteStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">'
                                b"<ResponseMetadata><RequestId>pcwiz-overlay</RequestId></ResponseMetadata>"
                                b"</DeleteStackResponse>")
                        self.send_response(200)
                        self.send_header("Content-Type", "text/xml")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                        return
                    if record and failing_delete(record):
                        record["delete_retried"] = True
                        save_record(record)
                if not record and tear_down_network(region_of(self.headers), params.get("StackName", "")):
                    # The resources are gone as AWS's CloudFormation would leave them;
                    # moto's DeleteStack then only forgets the stack (and complains about
                    # resources already gone, which AWS would not).
                    overlay.forward(self.command, self.path, headers, forward_body)
                    data = (b'<DeleteStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">'
                            b"<ResponseMetadata><RequestId>pcwiz-overlay</RequestId></ResponseMetadata>"
                            b"</DeleteStackResponse>")
                    self.send_response(200)
                    self.send_header("Content-Type", "text/xml")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
            status, upstream_headers, data = overlay.forward(
                self.command, self.path, headers, forward_body
            )
            if status == 200 and action in REWRITTEN:
                try:
                    root = overlay.rewrite(action, params, headers, data)
                    if root is not None:
                        data = ET.tostring(root, encoding="utf-8")
                except Exception as error:  # never hide moto's answer behind an overlay bug
                    sys.stderr.write(f"cluster_stack overlay: {action}: {error!r}\n")
            self.send_response(status)
            for key, value in upstream_headers:
                if key.lower() not in ("content-length", "transfer-encoding", "connection",
                                       "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any

    return Handler


def cmd_serve(args):
    upstream = args.upstream or endpoint()
    if urllib.parse.urlsplit(upstream).hostname not in ("127.0.0.1", "localhost"):
        die("the overlay forwards only to a local moto")
    overlay = Overlay(upstream)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(overlay))
    server.daemon_threads = True
    print(json.dumps({"url": f"http://127.0.0.1:{server.server_address[1]}", "pid": os.getpid(),
                      "upstream": upstream, "state_dir": state_dir()}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def loopback_subnet(ec2):
    """A subnet whose addresses are loopback ones (moto accepts 127.0.0.0/16, AWS would
    not): a compute instance here can carry 127.0.0.1, the address the harness's Slurm
    node has, so pcwiz can match the node to the instance as it does on a real cluster."""
    for subnet in ec2.describe_subnets(
        Filters=[{"Name": "cidr-block", "Values": ["127.0.0.0/24"]}]
    )["Subnets"]:
        return subnet["SubnetId"]
    vpc = ec2.create_vpc(CidrBlock="127.0.0.0/16")["Vpc"]["VpcId"]
    return ec2.create_subnet(VpcId=vpc, CidrBlock="127.0.0.0/24")["Subnet"]["SubnetId"]


def compute_tags(args):
    return [
        {"Key": "parallelcluster:cluster-name", "Value": args.name},
        {"Key": "parallelcluster:node-type", "Value": "Compute"},
        {"Key": "parallelcluster:queue-name", "Value": args.queue},
        {"Key": "parallelcluster:compute-resource-name", "Value": args.compute_resource},
        {"Key": "Name", "Value": "Compute"},
    ]


def cmd_add_compute(args):
    """A compute node's instance, tagged as ParallelCluster's resume program tags it. It is
    not a stack resource (nor is it on a real cluster)."""
    ec2 = client("ec2", args.region)
    # moto refuses an address in use, even by a terminated instance, and there is one
    # Slurm node's address to share: an instance already at it is handed over (retagged
    # for this cluster and started) rather than made again.
    for r in ec2.describe_instances(
        Filters=[{"Name": "private-ip-address", "Values": [args.private_ip]}]
    )["Reservations"]:
        for i in r["Instances"]:
            ec2.create_tags(Resources=[i["InstanceId"]], Tags=compute_tags(args))
            if i["State"]["Name"] != "running":
                ec2.start_instances(InstanceIds=[i["InstanceId"]])
            print(json.dumps({"instance_id": i["InstanceId"], "private_ip": args.private_ip,
                              "reused": True}))
            return
    market = {"InstanceMarketOptions": {"MarketType": "spot"}} if args.spot else {}
    tags = compute_tags(args)
    answer = ec2.run_instances(
        ImageId="ami-12c6146b",
        MinCount=1,
        MaxCount=1,
        InstanceType=args.instance_type,
        SubnetId=loopback_subnet(ec2),
        PrivateIpAddress=args.private_ip,
        TagSpecifications=[{"ResourceType": "instance", "Tags": tags}],
        **market,
    )
    instance = answer["Instances"][0]
    print(json.dumps({"instance_id": instance["InstanceId"],
                      "private_ip": instance.get("PrivateIpAddress")}))


def cmd_fleet_stop(args):
    """What ParallelCluster's daemons on the head node do after a fleet stop: end every
    compute instance of the cluster, then record the fleet STOPPED. moto has no head node
    to run them, so the pcluster stand-in starts this after `update-compute-fleet --status
    STOP_REQUESTED`, `--after` seconds later (real clusters take a minute or more)."""
    time.sleep(args.after)
    ec2 = client("ec2", args.region)
    ids = [
        i["InstanceId"]
        for r in ec2.describe_instances(Filters=[
            {"Name": "tag:parallelcluster:cluster-name", "Values": [args.name]},
            {"Name": "tag:parallelcluster:node-type", "Values": ["Compute"]},
            {"Name": "instance-state-name", "Values": ["pending", "running"]},
        ])["Reservations"]
        for i in r["Instances"]
    ]
    if ids:
        ec2.terminate_instances(InstanceIds=ids)
    now = datetime.datetime.now(datetime.timezone.utc)
    client("dynamodb", args.region).put_item(
        TableName=f"parallelcluster-{args.name}",
        Item={
            "Id": {"S": "COMPUTE_FLEET"},
            "Data": {"M": {"status": {"S": "STOPPED"},
                           "lastStatusUpdatedTime": {"S": str(now)}}},
        },
    )
    print(json.dumps({"terminated": ids, "status": "STOPPED"}))


def standin_template(cfn, s3, name):
    """The stand-in's own template, each parameter defaulted to its value now, stored where
    pcluster's update reads a DevSettings.ClusterTemplate; returns its s3:// URL."""
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    values = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
    body = cfn.get_template(StackName=name)["TemplateBody"]
    template = json.loads(body) if isinstance(body, str) else body
    for key, spec in template["Parameters"].items():
        spec["Default"] = values[key]
    bucket = values["ResourcesS3Bucket"]
    key = values["ArtifactS3RootDirectory"] + "/templates/aws-parallelcluster.cfn.yaml"
    s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(template).encode())
    return f"s3://{bucket}/{key}", values


def pin_config(cfn, s3, name, values, config_text):
    """Store the user's config as the newest version and point ConfigVersion at it, as the
    real template's new default does on AWS (moto keeps a parameter's previous value when
    UpdateStack passes none)."""
    version = s3.put_object(Bucket=values["ResourcesS3Bucket"],
                            Key=f"{values['ArtifactS3RootDirectory']}/{CONFIG_KEY}",
                            Body=config_text.encode())["VersionId"]
    cfn.update_stack(
        StackName=name, UsePreviousTemplate=True,
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
        Parameters=[{"ParameterKey": k, "UsePreviousValue": True} for k in values
                    if k != "ConfigVersion"]
        + [{"ParameterKey": "ConfigVersion", "ParameterValue": version}])


def option(argv, *names):
    for i, arg in enumerate(argv):
        if arg in names and i + 1 < len(argv):
            return i + 1
    die(f"pcluster update-cluster without {names[0]}")


def cmd_real_update(args):
    """A real `pcluster update-cluster` (no --dryrun) against moto, standing in for only the
    step moto cannot take. pcluster's own CDK template makes moto's UpdateStack fail ("Template
    error: instance of Fn::GetAtt references undefined resource HeadNodeHealthAlarmB0807419":
    moto skips CloudWatch alarms) and leaves the stack answering every DescribeStackResources
    with that error. So the config handed to the real pcluster gets DevSettings.ClusterTemplate
    pointing at this stand-in's own template: pcluster validates, compares, uploads the config
    and change set, and calls UpdateStack itself, all for real. Then the user's config (without
    DevSettings) is pinned as the stack's ConfigVersion, and the update's timeline is recorded
    for the overlay: UPDATE_COMPLETE, or with $STANDIN_UPDATE_FAILS a failure the head node
    signals and the rollback (the config stays the old one, as a rollback leaves it)."""
    argv = list(args.pcluster_args)
    if argv and argv[0] == "--":
        argv = argv[1:]
    name = argv[option(argv, "--cluster-name", "-n")]
    at = option(argv, "--cluster-configuration", "-c")
    region_at = next((i + 1 for i, a in enumerate(argv) if a in ("--region", "-r")), None)
    region = argv[region_at] if region_at else os.environ.get("AWS_REGION", "us-west-2")
    with open(argv[at]) as f:
        config_text = f.read()
    cfn, s3 = client("cloudformation", region), client("s3", region)
    url, values = standin_template(cfn, s3, name)
    fd, dev_config = tempfile.mkstemp(suffix=".yaml")
    with os.fdopen(fd, "w") as f:
        f.write(config_text.rstrip("\n") + f"\nDevSettings:\n  ClusterTemplate: {url}\n")
    argv[at] = dev_config
    try:
        ran = subprocess.run([os.environ["PCLUSTER_REAL"]] + argv, capture_output=True, text=True)
    finally:
        os.remove(dev_config)
    try:
        answer = json.loads(ran.stdout)
    except ValueError:
        sys.stdout.write(ran.stdout)
        sys.stderr.write(ran.stderr)
        sys.exit(ran.returncode)
    # What pcluster prints on AWS has no DevSettings change: the user asked for none.
    answer["changeSet"] = [c for c in answer.get("changeSet", [])
                           if c.get("parameter") != "DevSettings"]
    if ran.returncode == 0 and "cluster" in answer:
        failure = os.environ.get("STANDIN_UPDATE_FAILS")
        if not failure:
            pin_config(cfn, s3, name, values, config_text)
        record = load_record(name)
        if record:
            stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S")
            record.setdefault("updates", []).append({
                "at": time.time(),
                "pace": float(os.environ.get("STANDIN_UPDATE_PACE", "1")),
                "wait_logical": f"HeadNodeWaitCondition{stamp}",
                "fail": failure or None,
            })
            save_record(record)
    print(json.dumps(answer, indent=2))
    sys.exit(ran.returncode)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    create = sub.add_parser("create", help="create a cluster-shaped stack in moto")
    create.add_argument("name")
    create.add_argument("--scenario", choices=SCENARIOS, required=True)
    create.add_argument("--region", default=os.environ.get("AWS_REGION", "us-west-2"))
    create.add_argument("--subnet")
    create.add_argument("--key")
    create.add_argument("--instance-type", default="t3.large")
    create.add_argument("--os", default="ubuntu2404")
    create.add_argument("--cluster-user", help="the ClusterUser parameter (default: the OS's user)")
    create.add_argument("--tag", action="append", help="extra stack and head-node tag K=V")
    create.add_argument("--fail-after", type=float, default=0.0,
                        help="failure scenarios: seconds before the failure shows")
    create.add_argument("--rollback-on-failure", choices=["true", "false"], default="true")
    create.add_argument("--rollback-seconds", type=float, default=0.0,
                        help="how long ROLLBACK_IN_PROGRESS lasts in the overlay")
    create.add_argument("--pace", type=float, default=0.0,
                        help="seconds between synthesized resource events")
    create.add_argument("--no-public-ip", action="store_true")
    create.add_argument("--cluster-config",
                        help="the cluster's config YAML, stored where pcluster update reads it")
    create.add_argument("--delete-fails-once", action="store_true",
                        help="the first DeleteStack ends DELETE_FAILED (overlay)")
    create.set_defaults(func=cmd_create)

    signal = sub.add_parser("signal", help="answer the head node's wait condition")
    signal.add_argument("name")
    signal.add_argument("--status", choices=["SUCCESS", "FAILURE"], required=True)
    signal.add_argument("--reason")
    signal.set_defaults(func=cmd_signal)

    delete = sub.add_parser("delete", help="delete the stack and what pcluster would")
    delete.add_argument("name")
    delete.add_argument("--region", default=os.environ.get("AWS_REGION", "us-west-2"))
    delete.set_defaults(func=cmd_delete)

    compute = sub.add_parser("add-compute", help="a running compute instance of the cluster")
    compute.add_argument("name")
    compute.add_argument("--region", default=os.environ.get("AWS_REGION", "us-west-2"))
    compute.add_argument("--instance-type", default="c6a.12xlarge")
    compute.add_argument("--queue", default="standard")
    compute.add_argument("--compute-resource", default="standard")
    compute.add_argument("--private-ip", default="127.0.0.1")
    compute.add_argument("--spot", action="store_true")
    compute.set_defaults(func=cmd_add_compute)

    stop = sub.add_parser("fleet-stop", help="end the compute instances, as the head node would")
    stop.add_argument("name")
    stop.add_argument("--region", default=os.environ.get("AWS_REGION", "us-west-2"))
    stop.add_argument("--after", type=float, default=0.0)
    stop.set_defaults(func=cmd_fleet_stop)

    update = sub.add_parser("real-update",
                            help="the pcluster stand-in's update-cluster (see cmd_real_update)")
    update.add_argument("pcluster_args", nargs=argparse.REMAINDER)
    update.set_defaults(func=cmd_real_update)

    serve = sub.add_parser("serve", help="run the CloudFormation overlay in front of moto")
    serve.add_argument("--port", type=int, default=0)
    serve.add_argument("--upstream", help="moto's URL (default $AWS_ENDPOINT_URL)")
    serve.set_defaults(func=cmd_serve)

    args = parser.parse_args()
    try:
        args.func(args)
    except botocore.exceptions.ClientError as error:
        die(str(error))


if __name__ == "__main__":
    main()
