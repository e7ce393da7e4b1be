//! The ledger's figures per unit and domain for the plan's 验收 report
//! (四(三)): records, on time, late, on-time rate, median working days from
//! forming to publishing.

use std::collections::BTreeMap;

use crate::calendar::Calendar;
use crate::model::{Catalog, text};

use super::deadline::{self, Timeliness};
use super::resolve::{resolve, unit_catalogs};
use super::{Ledger, Settings};

/// The domain shown for records that name none and match no catalogue.
pub const NO_DOMAIN: &str = "（未注明领域）";

/// The figures of one unit in one domain.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainStats {
    /// 试点单位.
    pub unit: String,
    /// 试点领域 (the record's, the ledger's, or the matched catalogue's).
    pub domain: String,
    /// 公开记录数.
    pub records: usize,
    /// Published within the limit.
    pub on_time: usize,
    /// Published after the limit.
    pub late: usize,
    /// Records whose timeliness cannot be measured (a date missing or
    /// unreadable, out of order, in a year without a schedule, or a limit
    /// counted from a request).
    pub unmeasured: usize,
    /// on_time ÷ (on_time + late); `None` when nothing was measured.
    pub on_time_rate: Option<f64>,
    /// Median working days from 形成日期 to 公开日期 over the records with
    /// both dates in order; `None` when there are none.
    pub median_working_days: Option<f64>,
}

/// The figures of every unit and domain, sorted by unit then domain.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LedgerStats {
    pub groups: Vec<DomainStats>,
}

#[derive(Default)]
struct Acc {
    records: usize,
    on_time: usize,
    late: usize,
    unmeasured: usize,
    days: Vec<i64>,
}

/// Counts the ledgers' records by unit and domain.
pub fn stats(
    ledgers: &[Ledger],
    catalogs: &[Catalog],
    settings: &Settings,
    cal: &Calendar,
) -> LedgerStats {
    let mut acc: BTreeMap<(String, String), Acc> = BTreeMap::new();
    for ledger in ledgers {
        let unit = text(&ledger.unit).trim().to_string();
        let cats = unit_catalogs(ledger, catalogs).unwrap_or_default();
        for record in &ledger.records {
            let piece = resolve(ledger, record, &cats).ok();
            let domain = [text(record.domain(ledger)), piece.map_or("", |p| p.domain)]
                .into_iter()
                .map(str::trim)
                .find(|d| !d.is_empty())
                .unwrap_or(NO_DOMAIN)
                .to_string();
            let a = acc.entry((unit.clone(), domain)).or_default();
            a.records += 1;
            let limit = deadline::limit_for(piece.as_ref(), settings);
            match deadline::assess(record, &limit, cal) {
                Ok(Timeliness::OnTime { .. }) => a.on_time += 1,
                Ok(Timeliness::Late { .. }) => a.late += 1,
                Ok(Timeliness::Unmeasured) | Err(_) => a.unmeasured += 1,
            }
            if let Some(n) = deadline::working_days(record, cal) {
                a.days.push(n);
            }
        }
    }
    let groups = acc
        .into_iter()
        .map(|((unit, domain), mut a)| {
            let measured = a.on_time + a.late;
            DomainStats {
                unit,
                domain,
                records: a.records,
                on_time: a.on_time,
                late: a.late,
                unmeasured: a.unmeasured,
                on_time_rate: (measured > 0).then(|| a.on_time as f64 / measured as f64),
                median_working_days: median(&mut a.days),
            }
        })
        .collect();
    LedgerStats { groups }
}

/// The median (the mean of the two middle values for an even count).
fn median(v: &mut [i64]) -> Option<f64> {
    v.sort_unstable();
    let n = v.len();
    let mid = n / 2;
    match n {
        0 => None,
        _ if n % 2 == 1 => v.get(mid).map(|&x| x as f64),
        _ => Some((*v.get(mid - 1)? as f64 + *v.get(mid)? as f64) / 2.0),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(super::median(&mut []), None);
        assert_eq!(super::median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(super::median(&mut [4, 1, 3, 2]), Some(2.5));
    }
}
