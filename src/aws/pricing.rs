//! Asking AWS for prices: the Price List Query API (GetProducts) for list prices, EC2
//! DescribeSpotPriceHistory for spot. Calls go out in small parallel batches, and a batch
//! that meets an error (AccessDenied, no credentials, no network, throttling past the
//! retries) stops the rest: a thousand failing calls would only make the user wait for the same answer.
//!
//! The Price List client makes one attempt per call (`AwsSession::pricing`): a closed port
//! or a denial is the same on the second try, and the SDK's backoff between attempts was
//! most of what `pcwiz list` waited. Only throttling is worth a retry, so it gets one here.

use std::collections::BTreeMap;

use aws_sdk_ec2::types::InstanceType;
use aws_sdk_pricing::types::{Filter, FilterType};
use chrono::{DateTime, Utc};
use futures::StreamExt;

use super::error::{AwsError, sdk_error};
use super::price_list;
use super::session::AwsSession;
use crate::cluster::price::{Price, PriceSource};
use crate::cluster::price_book::{PriceBook, PriceKey};

/// GetProducts calls in flight at once: fast enough for a picker's worth of types, gentle
/// enough not to be throttled.
const PARALLEL: usize = 8;

/// Beyond this many instance types, one region-wide query (paginated, 100 products a page)
/// takes fewer calls than one query per type.
const REGION_WIDE_ABOVE: usize = 40;

/// Throttled GetProducts calls are tried this many times in all, backing off between.
const THROTTLED_ATTEMPTS: u32 = 3;

/// What came back: the prices found, and the first problem met (if any).
#[derive(Debug, Default)]
pub struct Fetched {
    pub book: PriceBook,
    /// The Price List API's first failure.
    pub problem: Option<AwsError>,
    /// EC2's, for spot prices: another service, another permission.
    pub spot_problem: Option<AwsError>,
    /// Keys AWS answered for with no price (an unknown type, a region it does not list).
    pub unknown: Vec<PriceKey>,
}

impl Fetched {
    /// Instance prices found by type: each key gets its price, or goes on the unknown list.
    fn record(&mut self, keys: &[&PriceKey], prices: &BTreeMap<String, f64>, live: &PriceSource) {
        for &key in keys {
            match key.instance_type().and_then(|t| prices.get(t)) {
                Some(&usd) => self
                    .book
                    .insert(key.clone(), Price::hourly(usd, live.clone())),
                None => self.unknown.push(key.clone()),
            }
        }
    }
}

/// Live prices for `keys` in `region`. Spot keys are looked up in `zone` when given (the
/// compute subnet's AZ), else the highest of the region's zones (the cautious estimate).
pub async fn fetch(
    session: &AwsSession,
    region: &str,
    keys: &[PriceKey],
    zone: Option<&str>,
    now: DateTime<Utc>,
) -> Fetched {
    let mut fetched = Fetched {
        book: PriceBook::new(region),
        ..Fetched::default()
    };
    let (spot, mut listed): (Vec<&PriceKey>, Vec<&PriceKey>) = keys
        .iter()
        .partition(|k| matches!(k, PriceKey::Spot { .. }));
    let live = PriceSource::Live { fetched_at: now };

    let client = session.pricing();
    let endpoint = session.endpoint("pricing");
    let instances: Vec<&PriceKey> = listed
        .iter()
        .copied()
        .filter(|k| matches!(k, PriceKey::OnDemand { .. }))
        .collect();
    if instances.len() > REGION_WIDE_ABOVE {
        match region_wide(&client, &endpoint, region).await {
            Ok(prices) => {
                fetched.record(&instances, &prices, &live);
                listed.retain(|k| !matches!(k, PriceKey::OnDemand { .. }));
            }
            Err(e) => {
                fetched.problem = Some(e);
                return fetched;
            }
        }
    }
    for batch in listed.chunks(PARALLEL) {
        // Owned data in each future: borrowed ones trip up `Send` for the spawned task.
        let calls: Vec<_> = batch
            .iter()
            .map(|&key| {
                let (client, endpoint, key, region) = (
                    client.clone(),
                    endpoint.clone(),
                    key.clone(),
                    region.to_string(),
                );
                async move {
                    let answer = list_price(&client, &endpoint, &key, &region).await;
                    (key, answer)
                }
            })
            .collect();
        let answers: Vec<_> = futures::stream::iter(calls)
            .buffer_unordered(PARALLEL)
            .collect()
            .await;
        // Whatever the error, the next batch would most likely meet it too.
        let mut stop = false;
        for (key, answer) in answers {
            match answer {
                Ok(Some((usd, per))) => fetched.book.insert(
                    key,
                    Price {
                        usd,
                        per,
                        source: live.clone(),
                    },
                ),
                Ok(None) => fetched.unknown.push(key),
                Err(e) => {
                    stop = true;
                    fetched.problem.get_or_insert(e);
                }
            }
        }
        if stop {
            break;
        }
    }

    if !spot.is_empty() && fetched.problem.is_none() {
        match spot_prices(session, &spot, zone).await {
            Ok(prices) => fetched.record(&spot, &prices, &live),
            Err(e) => fetched.spot_problem = Some(e),
        }
    }
    fetched
}

async fn list_price(
    client: &aws_sdk_pricing::Client,
    endpoint: &str,
    key: &PriceKey,
    region: &str,
) -> Result<Option<(f64, crate::cluster::price::Per)>, AwsError> {
    let Some(query) = price_list::query(key, region) else {
        return Ok(None);
    };
    let items = get_products(client, endpoint, &query).await?;
    // An ambiguous answer is this key's problem, not the API's: no price, and go on.
    Ok(price_list::choose(key, &items).unwrap_or_else(|why| {
        tracing::warn!("no price for {}: {why}", key.cache_id());
        None
    }))
}

/// Every instance type's on-demand price in `region`, from one paginated query.
async fn region_wide(
    client: &aws_sdk_pricing::Client,
    endpoint: &str,
    region: &str,
) -> Result<BTreeMap<String, f64>, AwsError> {
    let query = price_list::region_wide_instances(region);
    let items = get_products(client, endpoint, &query).await?;
    price_list::by_instance_type(&items).map_err(AwsError::Other)
}

/// Every page of one GetProducts query.
async fn get_products(
    client: &aws_sdk_pricing::Client,
    endpoint: &str,
    query: &price_list::Query,
) -> Result<Vec<String>, AwsError> {
    let mut request = client
        .get_products()
        .service_code(query.service_code)
        .format_version("aws_v1")
        .max_results(100);
    for (field, value) in &query.filters {
        request = request.filters(
            Filter::builder()
                .r#type(FilterType::TermMatch)
                .field(*field)
                .value(value)
                .build()
                .map_err(|e| AwsError::Other(e.to_string()))?,
        );
    }
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = request.clone().set_next_token(token.clone());
        let mut attempt = 1;
        let page = loop {
            match page.clone().send().await {
                Ok(page) => break page,
                Err(e) => match sdk_error(e, endpoint, "pricing:GetProducts") {
                    AwsError::Throttled(_) if attempt < THROTTLED_ATTEMPTS => {
                        tokio::time::sleep(std::time::Duration::from_millis(200 << attempt)).await;
                        attempt += 1;
                    }
                    other => return Err(other),
                },
            }
        };
        items.extend(page.price_list().iter().cloned());
        token = page
            .next_token()
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if token.is_none() {
            return Ok(items);
        }
    }
}

/// The latest Linux/UNIX spot price per type: in `zone`, or the highest across zones.
async fn spot_prices(
    session: &AwsSession,
    keys: &[&PriceKey],
    zone: Option<&str>,
) -> Result<BTreeMap<String, f64>, AwsError> {
    let types: Vec<InstanceType> = keys
        .iter()
        .filter_map(|k| match k {
            PriceKey::Spot { instance_type } => Some(InstanceType::from(instance_type.as_str())),
            _ => None,
        })
        .collect();
    let endpoint = session.endpoint("ec2");
    let mut request = session
        .ec2()
        .describe_spot_price_history()
        .set_instance_types(Some(types))
        .product_descriptions("Linux/UNIX")
        // From "now": AWS answers with the price in force now, per type and zone.
        .start_time(aws_smithy_types::DateTime::from_secs(
            Utc::now().timestamp(),
        ));
    if let Some(zone) = zone {
        request = request.availability_zone(zone);
    }
    // Newest per (type, zone) first, then the highest across zones.
    let mut newest: BTreeMap<(String, String), (i64, f64)> = BTreeMap::new();
    let mut pages = request.into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeSpotPriceHistory"))?;
        for p in page.spot_price_history() {
            let (Some(t), Some(az), Some(usd)) = (
                p.instance_type().map(|t| t.as_str().to_string()),
                p.availability_zone().map(str::to_string),
                p.spot_price().and_then(|s| s.parse::<f64>().ok()),
            ) else {
                continue;
            };
            let at = p.timestamp().map(|t| t.secs()).unwrap_or(0);
            let entry = newest.entry((t, az)).or_insert((at, usd));
            if at > entry.0 {
                *entry = (at, usd);
            }
        }
    }
    let mut prices: BTreeMap<String, f64> = BTreeMap::new();
    for ((t, _az), (_, usd)) in newest {
        let highest = prices.entry(t).or_insert(usd);
        *highest = highest.max(usd);
    }
    Ok(prices)
}
