//! A domain's workbook of `gkml build`: its 附件2 catalogues (a sheet per
//! unit), then its 附件3 catalogues, in the booklet's order. The values come
//! from the compiled catalogue ([`crate::compiled`], whose rows implement
//! [`ItemRow`]), as the PDF's and `catalog.json`'s do; this module does not
//! name its types, so the readers' fuzz build needs none of it.

use std::collections::HashSet;

use super::{
    Extras, Formats, ItemRow, Marks, Plan, WriteError, catalog_sheet_name, new_workbook,
    write_sheet,
};
use crate::config::Config;
use crate::model::Kind;

/// One sheet of a domain workbook: a unit's catalogue of a kind.
pub struct DomainSheet<'a, I> {
    pub kind: Kind,
    pub unit: &'a str,
    pub items: &'a [I],
}

/// The workbook of one domain: a sheet per unit's catalogue, in the order
/// given. Same input, same bytes.
pub fn domain_workbook<I: ItemRow>(
    domain: &str,
    sheets: &[DomainSheet<'_, I>],
    cfg: &Config,
) -> Result<Vec<u8>, WriteError> {
    if sheets.is_empty() {
        return Err(WriteError("没有可写入工作簿的目录".to_string()));
    }
    let mut wb = new_workbook(cfg)?;
    let fm = Formats::new();
    let mut used = HashSet::new();
    for s in sheets {
        let name = catalog_sheet_name(s.unit, domain, s.kind, &mut used);
        let mut p = Plan::new(name, s.kind, domain, s.unit, Extras::of(s.items));
        p.lay_out(s.items);
        write_sheet(&mut wb, &p, &fm, cfg, &Marks::new())?;
    }
    Ok(super::workbook_bytes(&mut wb)?)
}
