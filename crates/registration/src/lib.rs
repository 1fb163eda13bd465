//! Registration logic for Roundtable, with no I/O (the server stores).
//!
//! - [`orgname`]: one key per organisation however its name was typed, so
//!   the "no more than two people per organisation" rule and the
//!   colleagues-in-different-groups rule can be applied.
//! - [`subregion`]: ISO 3166-1 countries mapped to ESCAP subregions, the
//!   "location" that participation is balanced on.
//! - [`fields`]: gender, e-mail and free-text fields as form tools export
//!   them.
//! - [`assignment`]: balanced working-group assignment and its balance
//!   report.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod assignment;
pub mod fields;
pub mod orgname;
mod rng;
pub mod subregion;
mod text;

pub use assignment::{
    AssignError, AttributeBalance, BalanceReport, Candidate, GroupBalance, GroupSpec, ValueBalance,
    assign, balance_report, place_late,
};
pub use fields::{FieldError, Gender, email_key, valid_email};
pub use orgname::{OrgAliases, normalise};
pub use subregion::{Subregion, countries, country_code, country_name, subregion_of};
