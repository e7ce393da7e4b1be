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

/// The figures of one unit in one domain (or of a unit, or of all).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
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

/// The figures of every unit and domain, sorted by unit then domain, with
/// each unit's and the project's totals.
#[derive(Clone, Debug, PartialEq, Default, serde::Serialize)]
pub struct LedgerStats {
    pub groups: Vec<DomainStats>,
    /// One row per unit (domain 合计).
    pub units: Vec<DomainStats>,
    /// Every record (unit and domain 合计).
    pub total: Option<DomainStats>,
}

/// The domain (and unit) label of a total row.
pub const TOTAL: &str = "合计";

#[derive(Default, Clone)]
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
    let mut units: BTreeMap<String, Acc> = BTreeMap::new();
    let mut all = Acc::default();
    for ((unit, _), a) in &acc {
        units.entry(unit.clone()).or_default().add(a);
        all.add(a);
    }
    let groups = acc
        .into_iter()
        .map(|((unit, domain), a)| a.finish(unit, domain))
        .collect();
    let units = units
        .into_iter()
        .map(|(unit, a)| a.finish(unit, TOTAL.to_string()))
        .collect();
    let total = (all.records > 0).then(|| all.finish(TOTAL.to_string(), TOTAL.to_string()));
    LedgerStats {
        groups,
        units,
        total,
    }
}

impl Acc {
    fn add(&mut self, o: &Acc) {
        self.records += o.records;
        self.on_time += o.on_time;
        self.late += o.late;
        self.unmeasured += o.unmeasured;
        self.days.extend_from_slice(&o.days);
    }

    fn finish(mut self, unit: String, domain: String) -> DomainStats {
        let measured = self.on_time + self.late;
        DomainStats {
            unit,
            domain,
            records: self.records,
            on_time: self.on_time,
            late: self.late,
            unmeasured: self.unmeasured,
            on_time_rate: (measured > 0).then(|| self.on_time as f64 / measured as f64),
            median_working_days: median(&mut self.days),
        }
    }
}

/// The column headings of the ledger's figures.
const HEADER: &[&str] = &[
    "试点单位",
    "试点领域",
    "公开记录",
    "按时公开",
    "超时公开",
    "无法计算",
    "按时公开率",
    "公开用时中位数（工作日）",
];

fn cells(g: &DomainStats) -> Vec<String> {
    vec![
        g.unit.clone(),
        g.domain.clone(),
        g.records.to_string(),
        g.on_time.to_string(),
        g.late.to_string(),
        g.unmeasured.to_string(),
        g.on_time_rate
            .map_or_else(|| "—".to_string(), crate::stats::percent),
        g.median_working_days
            .map_or_else(|| "—".to_string(), |d| format!("{d}")),
    ]
}

impl LedgerStats {
    /// Sorts units and domains as the project's 附件1 lists them (the others
    /// after, by name).
    pub fn order_by(&mut self, units: &[String], domains: &[String]) {
        let pos = |list: &[String], s: &str| list.iter().position(|x| x == s).unwrap_or(usize::MAX);
        self.groups.sort_by(|a, b| {
            (
                pos(units, &a.unit),
                &a.unit,
                pos(domains, &a.domain),
                &a.domain,
            )
                .cmp(&(
                    pos(units, &b.unit),
                    &b.unit,
                    pos(domains, &b.domain),
                    &b.domain,
                ))
        });
        self.units
            .sort_by(|a, b| (pos(units, &a.unit), &a.unit).cmp(&(pos(units, &b.unit), &b.unit)));
    }

    /// Every row in print order: each unit's domains then its total (when
    /// it has several), then the grand total.
    fn rows(&self) -> Vec<&DomainStats> {
        let mut out = Vec::new();
        for u in &self.units {
            let mine: Vec<&DomainStats> = self.groups.iter().filter(|g| g.unit == u.unit).collect();
            let several = mine.len() > 1;
            out.extend(mine);
            if several {
                out.push(u);
            }
        }
        out.extend(self.total.as_ref());
        out
    }

    /// The readable table (for `gkml stats`).
    pub fn to_text(&self) -> String {
        let mut out = String::from(
            "公开台账（按时公开：在公开时限内公开；工作日按国务院办公厅节假日安排计算）\n\n",
        );
        let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
        let rows: Vec<Vec<String>> = self.rows().into_iter().map(cells).collect();
        crate::stats::table(&mut out, &header, &rows, 2);
        out
    }

    /// The CSV table (header first).
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let mut line = |cells: Vec<String>| {
            let v: Vec<String> = cells.iter().map(|c| crate::stats::csv_field(c)).collect();
            out.push_str(&v.join(","));
            out.push_str("\r\n");
        };
        line(HEADER.iter().map(|h| h.to_string()).collect());
        for g in self.rows() {
            let mut c = cells(g);
            // Machine-readable figures: the rate as a fraction.
            if let Some(rate) = c.get_mut(6) {
                *rate = g
                    .on_time_rate
                    .map_or_else(String::new, |r| format!("{r:.4}"));
            }
            if let Some(m) = c.get_mut(7) {
                *m = g
                    .median_working_days
                    .map_or_else(String::new, |d| format!("{d}"));
            }
            line(c);
        }
        out
    }
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
