//! Which sites a reV run covers: resource gids listed (`0,1,5-9`), or a bounding box the
//! cluster turns into gids from the resource's coordinates (`assets/remote/select_sites.py`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Sites {
    Gids {
        gids: Vec<u64>,
    },
    Bbox {
        lat_min: f64,
        lon_min: f64,
        lat_max: f64,
        lon_max: f64,
    },
}

/// More gids than this in a list is a typo in a range (reV projects that big use a box).
const MAX_LISTED: u64 = 10_000_000;

impl Sites {
    /// `0,1,5-9` (spaces allowed): each gid once, in order.
    pub fn parse_gids(text: &str) -> Result<Self, String> {
        let mut gids = vec![];
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let number = |s: &str| {
                s.trim().parse::<u64>().map_err(|_| {
                    format!("{s:?} in the site list is not a gid (a whole number from 0)")
                })
            };
            match part.split_once('-') {
                Some((from, to)) => {
                    let (from, to) = (number(from)?, number(to)?);
                    if to < from {
                        return Err(format!("the range {part} goes backwards"));
                    }
                    if to - from >= MAX_LISTED {
                        return Err(format!(
                            "the range {part} is more sites than a list takes: use a box"
                        ));
                    }
                    gids.extend(from..=to);
                }
                None => gids.push(number(part)?),
            }
        }
        if gids.is_empty() {
            return Err("no sites: list gids (0,1,5-9) or give a box".into());
        }
        let mut seen = std::collections::HashSet::new();
        gids.retain(|g| seen.insert(*g));
        Ok(Sites::Gids { gids })
    }

    pub fn bbox(values: &[f64]) -> Result<Self, String> {
        let [lat_min, lon_min, lat_max, lon_max] = values else {
            return Err("a box is four numbers: LAT_MIN LON_MIN LAT_MAX LON_MAX".into());
        };
        let sites = Sites::Bbox {
            lat_min: *lat_min,
            lon_min: *lon_min,
            lat_max: *lat_max,
            lon_max: *lon_max,
        };
        sites.check()?;
        Ok(sites)
    }

    pub fn check(&self) -> Result<(), String> {
        if let Sites::Bbox {
            lat_min,
            lon_min,
            lat_max,
            lon_max,
        } = *self
        {
            let lat = |v: f64| (-90.0..=90.0).contains(&v);
            let lon = |v: f64| (-180.0..=180.0).contains(&v);
            if !(lat(lat_min) && lat(lat_max) && lon(lon_min) && lon(lon_max)) {
                return Err(
                    "latitudes are -90 to 90 and longitudes -180 to 180 (west is negative)".into(),
                );
            }
            if lat_min >= lat_max || lon_min >= lon_max {
                return Err(
                    "the box's first corner is its south-west one: LAT_MIN LON_MIN LAT_MAX LON_MAX"
                        .into(),
                );
            }
        }
        Ok(())
    }

    /// The number of sites, when known without the resource (a list).
    pub fn count(&self) -> Option<usize> {
        match self {
            Sites::Gids { gids } => Some(gids.len()),
            Sites::Bbox { .. } => None,
        }
    }

    /// reV's project points for a list: `gid,config` with every site on the one SAM file.
    pub fn project_points(&self) -> Option<String> {
        let Sites::Gids { gids } = self else {
            return None;
        };
        let mut csv = String::from("gid,config\n");
        for gid in gids {
            csv.push_str(&format!("{gid},default\n"));
        }
        Some(csv)
    }

    /// The selector's arguments for a box (`--bbox LAT LON LAT LON`).
    pub fn selector_args(&self) -> Vec<String> {
        match *self {
            Sites::Bbox {
                lat_min,
                lon_min,
                lat_max,
                lon_max,
            } => ["--bbox".to_string()]
                .into_iter()
                .chain([lat_min, lon_min, lat_max, lon_max].map(|v| v.to_string()))
                .collect(),
            Sites::Gids { .. } => vec![],
        }
    }

    /// "gids 0-23 (24 sites)" or "box -7, -56.23 to -6.85, -56".
    pub fn describe(&self) -> String {
        match self {
            Sites::Gids { gids } => match (gids.first(), gids.last()) {
                (Some(a), Some(b)) if gids.len() as u64 == b - a + 1 => {
                    format!("gids {a}-{b} ({} sites)", gids.len())
                }
                _ => format!("{} listed gids", gids.len()),
            },
            Sites::Bbox {
                lat_min,
                lon_min,
                lat_max,
                lon_max,
            } => format!("box {lat_min}, {lon_min} to {lat_max}, {lon_max}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_ranges_become_gids_once_each() {
        let Sites::Gids { gids } = Sites::parse_gids("3, 0-2,2,7").unwrap() else {
            panic!()
        };
        assert_eq!(gids, [3, 0, 1, 2, 7]);
        assert!(Sites::parse_gids("1,x").unwrap_err().contains("\"x\""));
        assert!(Sites::parse_gids("5-2").unwrap_err().contains("backwards"));
        assert!(Sites::parse_gids("-3").is_err());
        assert!(Sites::parse_gids(" , ").unwrap_err().contains("no sites"));
        assert!(Sites::parse_gids("0-99999999").unwrap_err().contains("box"));
        let sites = Sites::parse_gids("0-2").unwrap();
        assert_eq!(sites.count(), Some(3));
        assert_eq!(
            sites.project_points().unwrap(),
            "gid,config\n0,default\n1,default\n2,default\n"
        );
        assert_eq!(sites.describe(), "gids 0-2 (3 sites)");
    }

    #[test]
    fn a_box_is_south_west_first_and_on_the_globe() {
        let sites = Sites::bbox(&[-7.0, -56.23, -6.85, -56.0]).unwrap();
        assert_eq!(sites.count(), None);
        assert_eq!(
            sites.selector_args(),
            ["--bbox", "-7", "-56.23", "-6.85", "-56"]
        );
        assert!(
            Sites::bbox(&[41.0, -102.0, 37.0, -109.0])
                .unwrap_err()
                .contains("south-west")
        );
        assert!(
            Sites::bbox(&[37.0, 250.0, 41.0, 260.0])
                .unwrap_err()
                .contains("-180 to 180")
        );
        assert!(Sites::bbox(&[1.0, 2.0]).is_err());
    }
}
