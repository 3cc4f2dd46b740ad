use super::*;
use crate::cluster::presets;
use crate::cluster::price::PriceSource;

fn live() -> PriceSource {
    PriceSource::Live {
        fetched_at: "2026-11-21T12:00:00Z".parse().unwrap(),
    }
}

fn rev() -> ClusterConfig {
    presets::builtin()
        .into_iter()
        .find(|p| p.name == presets::REV)
        .unwrap()
        .config
}

/// us-west-2 prices: FACTS.md's cross-checked instance prices, and AWS's published
/// SCRATCH_2 Lustre ($0.140/GB-month), gp3 ($0.08/GB-month), NAT gateway ($0.045/h) and
/// public IPv4 ($0.005/h) list prices.
fn us_west_2() -> PriceBook {
    let mut book = PriceBook::new("us-west-2");
    for (t, usd) in [
        ("t3.large", 0.0832),
        ("c6a.12xlarge", 1.836),
        ("m6a.12xlarge", 2.0736),
    ] {
        book.insert(PriceKey::instance(t, false), Price::hourly(usd, live()));
    }
    book.insert(
        PriceKey::FsxLustre {
            deployment_type: "SCRATCH_2".into(),
            throughput: None,
        },
        Price::per_gb_month(0.140, live()),
    );
    book.insert(PriceKey::NatGatewayHour, Price::hourly(0.045, live()));
    book.insert(
        PriceKey::Ebs {
            volume_type: "gp3".into(),
        },
        Price::per_gb_month(0.08, live()),
    );
    book.insert(PriceKey::PublicIpv4Hour, Price::hourly(0.005, live()));
    book
}

/// The head node's root volume (35 GB gp3) and public IPv4 address, per hour.
const HEAD_EXTRAS: f64 = 35.0 * 0.08 / 730.0 + 0.005;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

const NO_NAT: Surroundings = Surroundings {
    nat_gateways: Some(0),
};

#[test]
fn rev_preset_idle_and_full_scale_by_hand() {
    let estimate = estimate(&rev(), &us_west_2(), NO_NAT);
    // Idle: t3.large 0.0832, its 35 GB gp3 root volume 35 × 0.08 / 730 h, its public IPv4
    // address 0.005, 1200 GB × 0.140 / 730 h (= 0.230137…) and no static nodes.
    let lustre_hourly = 1200.0 * 0.140 / 730.0;
    assert!(close(
        estimate.idle.usd_per_hour(),
        0.0832 + HEAD_EXTRAS + lustre_hourly
    ));
    // Per month: 60.736 + 2.80 + 3.65 + 168.00 = 235.186.
    assert!(close(estimate.idle.usd_per_month(), 235.186));
    let idle: Vec<&str> = estimate
        .idle
        .lines
        .iter()
        .map(|l| l.what.as_str())
        .collect();
    assert_eq!(
        idle,
        [
            "Head node",
            "Head node root volume",
            "Head node public IPv4 address",
            "FSx for Lustre /scratch"
        ]
    );
    // Each line says where its number comes from when it is not the config's own.
    assert!(
        estimate.idle.lines[1]
            .note
            .as_deref()
            .unwrap()
            .contains("AMI's size")
    );
    assert!(
        estimate.idle.lines[2]
            .note
            .as_deref()
            .unwrap()
            .contains("in use or idle")
    );
    assert_eq!(
        estimate.idle.dominant().unwrap().what,
        "FSx for Lustre /scratch",
        "idle, the file system costs more than the head node"
    );
    // Full scale: + 10 × 1.836 + 10 × 2.0736 = 39.096 more, and 20 × 35 GB of root volumes.
    assert!(close(
        estimate.full_scale.usd_per_hour(),
        0.0832 + HEAD_EXTRAS + lustre_hourly + 18.36 + 20.736 + 20.0 * 35.0 * 0.08 / 730.0
    ));
    let quantities: Vec<&str> = estimate
        .full_scale
        .lines
        .iter()
        .map(|l| l.quantity.as_str())
        .collect();
    assert_eq!(
        quantities,
        [
            "1 × t3.large",
            "10 × c6a.12xlarge",
            "10 × m6a.12xlarge",
            "21 × 35 GB gp3",
            "1 × address",
            "1200 GB SCRATCH_2"
        ]
    );
    assert_eq!(
        estimate.full_scale.dominant().unwrap().quantity,
        "10 × m6a.12xlarge"
    );
    assert_eq!(estimate.idle.unpriced(), 0);
}

#[test]
fn a_nat_gateway_is_a_line_of_its_own() {
    let with_nat = estimate(
        &rev(),
        &us_west_2(),
        Surroundings {
            nat_gateways: Some(1),
        },
    );
    let nat = with_nat.idle.lines.last().unwrap();
    assert_eq!(nat.quantity, "1 × NAT gateway");
    assert!(close(nat.usd_per_hour().unwrap(), 0.045));
    assert!(close(
        with_nat.idle.usd_per_month(),
        235.186 + 0.045 * 730.0
    ));
    // Not looked up: said so, not counted, not hidden.
    let unknown = estimate(&rev(), &us_west_2(), Surroundings { nat_gateways: None });
    assert_eq!(unknown.idle.unpriced(), 1);
    assert_eq!(unknown.idle.lines.last().unwrap().quantity, "not checked");
}

#[test]
fn static_nodes_bill_while_idle_and_spot_uses_spot_prices() {
    let mut config = rev();
    config.scheduling.slurm_queues[0].compute_resources[0].min_count = Some(2);
    config.scheduling.slurm_queues[0].capacity_type = Some("SPOT".into());
    let mut book = us_west_2();
    book.insert(
        PriceKey::instance("c6a.12xlarge", true),
        Price::hourly(0.7, live()),
    );
    let e = estimate(&config, &book, NO_NAT);
    let static_line = &e.idle.lines[1];
    assert_eq!(static_line.what, "Queue standard (spot)");
    assert_eq!(static_line.quantity, "2 × c6a.12xlarge");
    assert!(close(static_line.usd_per_hour().unwrap(), 1.4));
    assert!(price_keys(&config, NO_NAT).contains(&PriceKey::instance("c6a.12xlarge", true)));
    assert!(!price_keys(&config, NO_NAT).contains(&PriceKey::instance("c6a.12xlarge", false)));
}

#[test]
fn a_missing_price_is_unpriced_never_zero() {
    let mut book = PriceBook::new("eu-west-1");
    book.insert(
        PriceKey::instance("t3.large", false),
        Price::hourly(0.0912, live()),
    );
    let e = estimate(&rev(), &book, NO_NAT);
    assert_eq!(
        e.idle.unpriced(),
        3,
        "Lustre, gp3 and public IPv4 have no price here"
    );
    assert!(
        close(e.idle.usd_per_hour(), 0.0912),
        "the total is what is known"
    );
    assert_eq!(e.full_scale.unpriced(), 5);
}

#[test]
fn existing_storage_and_ebs_defaults() {
    let mut config = rev();
    config.shared_storage[0]
        .fsx_lustre_settings
        .as_mut()
        .unwrap()
        .extra
        .insert("FileSystemId".into(), "fs-0123".into());
    config
        .shared_storage
        .push(serde_yaml::from_str("{MountDir: /shared, Name: shared, StorageType: Ebs}").unwrap());
    let keys = price_keys(&config, NO_NAT);
    assert!(keys.contains(&PriceKey::Ebs {
        volume_type: "gp3".into()
    }));
    assert!(!keys.iter().any(|k| matches!(k, PriceKey::FsxLustre { .. })));
    let e = estimate(&config, &us_west_2(), NO_NAT);
    assert_eq!(e.idle.lines[3].quantity, "existing fs-0123");
    assert_eq!(e.idle.lines[4].quantity, "35 GB gp3");
    // A root volume the config sizes is the config's, with no note about defaults.
    config.head_node.extra.insert(
        "LocalStorage".into(),
        serde_yaml::from_str("{RootVolume: {Size: 100, VolumeType: gp2}}").unwrap(),
    );
    let e = estimate(&config, &us_west_2(), NO_NAT);
    assert_eq!(e.idle.lines[1].quantity, "100 GB gp2");
    assert_eq!(e.idle.lines[1].note, None);
}

#[test]
fn a_run_costs_node_hours_times_the_queue_price() {
    let run = run(&rev(), &us_west_2(), "standard", 100.0).unwrap();
    assert_eq!(run.instance_type, "c6a.12xlarge");
    assert!(close(run.usd().unwrap(), 183.6));
    assert!(super::run(&rev(), &us_west_2(), "nope", 1.0).is_none());
}

#[test]
fn what_runs_now_and_what_the_storage_costs_alone() {
    let instance = |t: &str, state: &str, public_ip: Option<&str>| ClusterInstance {
        instance_type: t.into(),
        state: state.into(),
        public_ip: public_ip.map(str::to_string),
        ..Default::default()
    };
    let instances = [
        instance("c6a.12xlarge", "running", None),
        instance("c6a.12xlarge", "pending", None),
        instance("t3.large", "running", Some("203.0.113.7")),
        instance("c6a.12xlarge", "stopped", None),
    ];
    let now = running(&instances, &us_west_2());
    assert_eq!(now.lines.len(), 3, "{now:#?}");
    assert!(close(now.usd_per_hour(), 2.0 * 1.836 + 0.0832 + 0.005));
    assert!(running_keys(&instances).contains(&PriceKey::PublicIpv4Hour));
    // Parked: the storage and the head node's root volume (35 GB gp3 by default).
    let parked = storage(&rev(), &us_west_2());
    assert!(
        close(parked.usd_per_hour(), (1200.0 * 0.14 + 35.0 * 0.08) / 730.0),
        "{parked:#?}"
    );
    assert_eq!(storage_keys(&rev()).len(), 2);
}

#[test]
fn a_rolled_back_cluster_has_no_storage_to_bill() {
    assert!(storage_exists("CREATE_COMPLETE"));
    assert!(storage_exists("UPDATE_COMPLETE"));
    assert!(!storage_exists("ROLLBACK_COMPLETE"));
    assert!(!storage_exists("DELETE_IN_PROGRESS"));
}
