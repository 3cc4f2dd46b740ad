//! Which instance types the assistant compares when the user names none, and what each
//! one brings: its description and its price.

use super::snapshot_catalog;
use crate::cluster::instance::InstanceInfo;
use crate::cluster::price::Price;
use crate::cluster::price_book::{PriceBook, PriceKey};

/// Current-generation x86_64 compute (c), general (m) and memory (r) families: no burstable
/// T types (CPU credits run out under reV), no GPU types (reV's SAM runs on CPUs), and
/// x86_64 only, like the machine a unit is usually measured on: a Graviton core is not the
/// core that was measured. All are in the bundled catalog, so they work offline too.
pub const DEFAULT_FAMILIES: [&str; 8] = ["c6a", "c6i", "m6a", "m6i", "m7a", "m7i", "r6a", "r6i"];

/// The rev-conus preset's 48-vCPU size, a smaller one (less load on each node's HSDS) and a
/// larger one (fewer nodes, less start-up to pay for).
pub const DEFAULT_SIZES: [&str; 3] = ["8xlarge", "12xlarge", "24xlarge"];

/// "c6a.8xlarge", "c6a.12xlarge", … in family order.
pub fn default_names() -> Vec<String> {
    DEFAULT_FAMILIES
        .iter()
        .flat_map(|family| {
            DEFAULT_SIZES
                .iter()
                .map(move |size| format!("{family}.{size}"))
        })
        .collect()
}

/// One instance type to plan for, with its price when one is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub instance: InstanceInfo,
    pub price: Option<Price>,
}

/// The types the bundled catalog describes, and a line for each it does not.
pub fn describe_all(names: &[String]) -> (Vec<InstanceInfo>, Vec<String>) {
    let mut unknown = Vec::new();
    let described = names
        .iter()
        .filter_map(|name| {
            let described = snapshot_catalog::describe(name);
            if described.is_none() {
                unknown.push(format!(
                    "{name}: not in pcwiz's catalog (vCPUs and memory unknown)"
                ));
            }
            described
        })
        .collect();
    (described, unknown)
}

/// The price keys to look up for `types`, on demand or spot.
pub fn price_keys(types: &[InstanceInfo], spot: bool) -> Vec<PriceKey> {
    types
        .iter()
        .map(|t| PriceKey::instance(&t.name, spot))
        .collect()
}

/// Each type with its price from `book`, if the book has one.
pub fn priced(types: Vec<InstanceInfo>, book: &PriceBook, spot: bool) -> Vec<Candidate> {
    types
        .into_iter()
        .map(|instance| Candidate {
            price: book.get(&PriceKey::instance(&instance.name, spot)),
            instance,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_set_has_the_rev_preset_types_and_nothing_burstable() {
        let names = default_names();
        assert_eq!(names.len(), 24);
        assert!(names.contains(&"c6a.12xlarge".to_string()));
        assert!(names.contains(&"m6a.12xlarge".to_string()));
        assert!(!names.iter().any(|n| n.starts_with('t')));
    }

    #[test]
    fn unknown_types_are_named_and_prices_follow_the_market() {
        let (types, unknown) = describe_all(&["c6a.12xlarge".into(), "x9.huge".into()]);
        assert_eq!(types.len(), 1);
        assert_eq!(
            unknown,
            ["x9.huge: not in pcwiz's catalog (vCPUs and memory unknown)"]
        );
        let mut book = PriceBook::new("us-west-2");
        book.insert(
            PriceKey::instance("c6a.12xlarge", false),
            crate::cluster::sizing::test_support::snapshot_price(1.836),
        );
        assert!(priced(types.clone(), &book, false)[0].price.is_some());
        assert!(
            priced(types, &book, true)[0].price.is_none(),
            "no spot price in the book"
        );
    }
}
