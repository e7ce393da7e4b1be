//! The 公开台账 (publication ledger): each unit's record of every piece of
//! information it has published, read from YAML or a workbook and checked
//! against the unit's catalogues — names, 公开属性, dates and time limits
//! counted in working days by the official [`crate::calendar`].
//!
//! The checks are pure functions over the typed [`Ledger`]; each finding
//! points at the YAML line or the workbook cell of the record.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod deadline;
mod finding;
mod model;
pub mod resolve;
pub mod rules;
pub mod stats;
pub mod template;
pub mod workbook;
pub mod yaml;

use std::collections::HashSet;

pub use finding::Finding;
pub use model::{Ledger, Record, keys};

use crate::calendar::{Calendar, Date};
use crate::model::Catalog;
use crate::timelimit::{Span, TimeLimit};

/// The project's settings the ledger checks use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// 公开时限: the limit for pieces whose 附件3 公开时间 does not parse
    /// (or that are only in the 附件2).
    pub deadline: TimeLimit,
    /// The limit as written, e.g. "3个工作日".
    pub deadline_text: String,
}

impl Default for Settings {
    /// 3个工作日, the plan's rule.
    fn default() -> Self {
        Settings {
            deadline: TimeLimit {
                anchor: None,
                span: Span::WorkingDays(3),
            },
            deadline_text: "3个工作日".into(),
        }
    }
}

/// Checks one ledger against the catalogues of a project: every record's
/// names, the piece's 公开属性, the order of its dates and its time limit.
pub fn check(
    ledger: &Ledger,
    catalogs: &[Catalog],
    settings: &Settings,
    cal: &Calendar,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let cats = match resolve::unit_catalogs(ledger, catalogs) {
        Ok(cats) => cats,
        Err(miss) => {
            out.extend(rules::not_in_catalog::unit(ledger, &miss));
            Vec::new()
        }
    };
    // One calendar finding per missing year and file.
    let mut missing_years = HashSet::new();
    for record in &ledger.records {
        out.extend(rules::date_order::check(record));
        let piece = if cats.is_empty() {
            None
        } else {
            match resolve::resolve(ledger, record, &cats) {
                Ok(p) => Some(p),
                Err(miss) => {
                    out.extend(rules::not_in_catalog::record(ledger, record, &miss));
                    None
                }
            }
        };
        if let Some(p) = &piece {
            out.extend(rules::withheld_published::check(record, p));
        }
        let limit = deadline::limit_for(piece.as_ref(), settings);
        match deadline::assess(record, &limit, cal) {
            Ok(t) => out.extend(rules::late::check(record, &limit, &t)),
            Err(e) => {
                let year = match &e {
                    crate::calendar::CalendarError::YearMissing { year, .. } => Some(*year),
                    crate::calendar::CalendarError::OutOfRange => None,
                };
                if missing_years.insert(year) {
                    let at = [&record.formed, &record.published]
                        .into_iter()
                        .flatten()
                        .find(|d| Some(d.value.year()) == year)
                        .or(record.published.as_ref())
                        .map_or(&record.loc, |d| &d.loc);
                    out.push(rules::calendar_year_missing::finding(at, &e));
                }
            }
        }
    }
    out
}

/// `--as-of` check: every 主动公开 piece of a 附件3 item with no record
/// published between the 专栏's opening and `as_of` gets a warning
/// "尚未公开" at the piece in the catalogue.
pub fn check_unpublished(
    ledgers: &[Ledger],
    catalogs: &[Catalog],
    opened: Date,
    as_of: Date,
) -> Vec<Finding> {
    rules::unpublished::check(ledgers, catalogs, opened, as_of)
}
