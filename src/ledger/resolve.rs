//! Finds the catalogue piece a ledger record names: the unit's catalogues,
//! the item by 政务事项名称, the piece by 政府信息名称 — in the 附件3 where
//! the item is there (it has the 公开时间), and in the 附件2.

use crate::model::{Attr, Catalog, Info, Item, Kind, Spanned, text};

use super::model::{Ledger, Record};

/// The catalogue piece a record names.
#[derive(Clone, Copy, Debug)]
pub struct Piece<'c> {
    /// The item (from the 附件3 when it is there, else the 附件2).
    pub item: &'c Item,
    /// The 试点领域 of the catalogue it was found in.
    pub domain: &'c str,
    /// The piece in the 附件2, if there.
    pub standard: Option<&'c Info>,
    /// The piece in the 附件3, if there.
    pub operational: Option<&'c Info>,
}

impl<'c> Piece<'c> {
    /// The piece's 公开属性 (the 附件3's when it has one).
    pub fn attr(&self) -> Option<Attr> {
        self.operational
            .and_then(Info::attr)
            .or_else(|| self.standard.and_then(Info::attr))
    }

    /// The 附件3's 政府信息公开时间, if written.
    pub fn publish_time(&self) -> Option<&'c Spanned<String>> {
        self.operational
            .and_then(|i| i.time.as_deref())
            .filter(|t| !t.value.trim().is_empty())
    }

    /// The piece as the catalogue has it (the 附件3's first).
    pub fn info(&self) -> Option<&'c Info> {
        self.operational.or(self.standard)
    }
}

/// Why a record names nothing in the catalogue: which level failed, and
/// the nearest name there is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Miss {
    /// The ledger's 试点单位 has no catalogue.
    Unit { suggestion: Option<String> },
    /// The unit has no catalogue for the record's 试点领域.
    Domain { suggestion: Option<String> },
    /// No item of that name in the unit's catalogues (of that domain).
    Item { suggestion: Option<String> },
    /// The item has no piece of that name.
    Info { suggestion: Option<String> },
    /// The record names no item or no piece (a reader reported it).
    Blank,
}

/// Normalised name for matching: white space removed (cells wrap names).
fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn same(a: &str, b: &str) -> bool {
    a == b || norm(a) == norm(b)
}

/// The catalogues of the ledger's unit.
pub fn unit_catalogs<'c>(
    ledger: &Ledger,
    catalogs: &'c [Catalog],
) -> Result<Vec<&'c Catalog>, Miss> {
    let unit = text(&ledger.unit);
    if unit.trim().is_empty() {
        return Err(Miss::Blank);
    }
    let found: Vec<&Catalog> = catalogs
        .iter()
        .filter(|c| same(text(&c.unit), unit))
        .collect();
    if found.is_empty() {
        let units: Vec<&str> = catalogs.iter().map(|c| text(&c.unit)).collect();
        return Err(Miss::Unit {
            suggestion: crate::suggest::closest(unit, units).map(str::to_string),
        });
    }
    Ok(found)
}

/// The piece a record names, among the unit's catalogues.
pub fn resolve<'c>(
    ledger: &Ledger,
    record: &Record,
    unit_cats: &[&'c Catalog],
) -> Result<Piece<'c>, Miss> {
    let item_name = text(&record.item);
    let info_name = text(&record.info);
    if item_name.trim().is_empty() || info_name.trim().is_empty() {
        return Err(Miss::Blank);
    }
    let domain = text(record.domain(ledger));
    let cats: Vec<&Catalog> = unit_cats
        .iter()
        .copied()
        .filter(|c| domain.trim().is_empty() || same(text(&c.domain), domain))
        .collect();
    if cats.is_empty() {
        let domains: Vec<&str> = unit_cats.iter().map(|c| text(&c.domain)).collect();
        return Err(Miss::Domain {
            suggestion: crate::suggest::closest(domain, domains).map(str::to_string),
        });
    }
    let find_item = |kind: Kind| {
        cats.iter().filter(|c| c.kind == kind).find_map(|c| {
            c.items
                .iter()
                .find(|i| same(text(&i.name), item_name))
                .map(|i| (*c, i))
        })
    };
    let op = find_item(Kind::Operational);
    let st = find_item(Kind::Standard);
    let Some((cat, item)) = op.or(st) else {
        let names: Vec<&str> = cats
            .iter()
            .flat_map(|c| &c.items)
            .map(|i| text(&i.name))
            .collect();
        return Err(Miss::Item {
            suggestion: crate::suggest::closest(item_name, names).map(str::to_string),
        });
    };
    let find_info = |item: &'c Item| {
        item.steps
            .iter()
            .flat_map(|s| &s.infos)
            .find(|i| same(text(&i.name), info_name))
    };
    let operational = op.and_then(|(_, i)| find_info(i));
    let standard = st.and_then(|(_, i)| find_info(i));
    if operational.is_none() && standard.is_none() {
        let names: Vec<&str> = [op, st]
            .into_iter()
            .flatten()
            .flat_map(|(_, i)| &i.steps)
            .flat_map(|s| &s.infos)
            .map(|i| text(&i.name))
            .collect();
        return Err(Miss::Info {
            suggestion: crate::suggest::closest(info_name, names).map(str::to_string),
        });
    }
    Ok(Piece {
        item,
        domain: text(&cat.domain),
        standard,
        operational,
    })
}
