//! ESCAP subregions and the country table behind them.
//!
//! Registrants give a country; balance is measured by ESCAP subregion, the
//! grouping that the UN Economic and Social Commission for Asia and the
//! Pacific uses for its member and associate member States. The table covers
//! every ISO 3166-1 code; docs/subregions.md lists its sources and choices.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::text::fold;

mod aliases;
mod table;

/// An ESCAP subregion, or outside ESCAP's Asia-Pacific membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subregion {
    /// East and North-East Asia (ENEA).
    EastAndNorthEastAsia,
    /// South-East Asia (SEA).
    SouthEastAsia,
    /// South and South-West Asia (SSWA).
    SouthAndSouthWestAsia,
    /// North and Central Asia (NCA).
    NorthAndCentralAsia,
    /// The Pacific.
    Pacific,
    /// Not a regional member or associate member of ESCAP (including
    /// ESCAP's non-regional members France, the Netherlands, the United
    /// Kingdom and the United States).
    OutsideRegion,
}

impl Subregion {
    /// All subregions, in ESCAP's usual order, `OutsideRegion` last.
    pub const ALL: [Subregion; 6] = [
        Subregion::EastAndNorthEastAsia,
        Subregion::SouthEastAsia,
        Subregion::SouthAndSouthWestAsia,
        Subregion::NorthAndCentralAsia,
        Subregion::Pacific,
        Subregion::OutsideRegion,
    ];

    /// The serde name, e.g. `"south_east_asia"`: the value to put in
    /// [`crate::assignment::Candidate::subregion`].
    pub fn as_str(self) -> &'static str {
        match self {
            Subregion::EastAndNorthEastAsia => "east_and_north_east_asia",
            Subregion::SouthEastAsia => "south_east_asia",
            Subregion::SouthAndSouthWestAsia => "south_and_south_west_asia",
            Subregion::NorthAndCentralAsia => "north_and_central_asia",
            Subregion::Pacific => "pacific",
            Subregion::OutsideRegion => "outside_region",
        }
    }

    /// The English label ESCAP uses, e.g. "South-East Asia".
    pub fn label(self) -> &'static str {
        match self {
            Subregion::EastAndNorthEastAsia => "East and North-East Asia",
            Subregion::SouthEastAsia => "South-East Asia",
            Subregion::SouthAndSouthWestAsia => "South and South-West Asia",
            Subregion::NorthAndCentralAsia => "North and Central Asia",
            Subregion::Pacific => "Pacific",
            Subregion::OutsideRegion => "Outside the ESCAP region",
        }
    }
}

impl fmt::Display for Subregion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The text was not a subregion name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown subregion {0:?}; expected one of east_and_north_east_asia, south_east_asia, south_and_south_west_asia, north_and_central_asia, pacific, outside_region"
)]
pub struct UnknownSubregion(pub String);

impl FromStr for Subregion {
    type Err = UnknownSubregion;

    /// Accepts the serde name or the label, in any case and spacing.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let folded = fold(s).replace(' ', "_");
        Subregion::ALL
            .into_iter()
            .find(|r| r.as_str() == folded || fold(r.label()).replace(' ', "_") == folded)
            .ok_or_else(|| UnknownSubregion(s.to_owned()))
    }
}

/// Every ISO 3166-1 country: (alpha-2 code, ISO short name, subregion),
/// sorted by code.
pub fn countries() -> &'static [(&'static str, &'static str, Subregion)] {
    table::COUNTRIES
}

fn lookup(iso_alpha2: &str) -> Option<&'static (&'static str, &'static str, Subregion)> {
    let code = iso_alpha2.trim();
    if code.len() != 2 {
        return None;
    }
    let code = code.to_ascii_uppercase();
    let table = table::COUNTRIES;
    table
        .binary_search_by(|row| row.0.cmp(code.as_str()))
        .ok()
        .map(|i| &table[i])
}

/// The subregion of an ISO 3166-1 alpha-2 code (any case); `None` when the
/// code is not an ISO 3166-1 country.
pub fn subregion_of(iso_alpha2: &str) -> Option<Subregion> {
    lookup(iso_alpha2).map(|row| row.2)
}

/// The ISO short name of an alpha-2 code (any case), e.g. "Viet Nam".
pub fn country_name(iso_alpha2: &str) -> Option<&'static str> {
    lookup(iso_alpha2).map(|row| row.1)
}

static BY_NAME: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (code, name, _) in table::COUNTRIES {
        map.insert(fold(name), *code);
    }
    for (name, code) in aliases::ALIASES {
        map.entry(fold(name)).or_insert(*code);
    }
    map
});

/// The alpha-2 code for what a registration form produced: an alpha-2 code
/// in any case, the ISO short name, or a common, official or UN name
/// ("Vietnam", "Republic of Korea", "Türkiye", "Turkey"), compared after
/// folding case, punctuation and diacritics.
pub fn country_code(input: &str) -> Option<&'static str> {
    if let Some(row) = lookup(input) {
        return Some(row.0);
    }
    BY_NAME.get(&fold(input)).copied()
}

#[cfg(test)]
mod tests;
