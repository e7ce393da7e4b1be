//! Workbooks of the model's catalogues as read: `gkml convert`'s (values
//! exactly as written) and `gkml validate --annotate`'s, where each problem
//! cell is filled (errors red, warnings yellow) with a note, and a 问题清单
//! sheet lists every finding.

use std::collections::HashSet;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook};

use super::{
    Extras, FONT, Formats, InfoRow, ItemRow, Marks, Plan, Row, StepRow, Val, WriteError,
    catalog_sheet_name, clip, new_workbook, sheet_name, write_sheet,
};
use crate::code::Code;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::format::hongkou::Field;
use crate::model::{Attr, Catalog, Info, Item, Loc, Pos, Step, Text, cell_name, text};

/// A model value with where it was read.
fn val(t: Option<&Text>) -> Val<'_> {
    match t {
        Some(t) => (text(t), t.as_ref().map(|s| &s.loc)),
        None => ("", None),
    }
}

impl Row for Item {
    fn val(&self, field: Field) -> Val<'_> {
        val(self.text(field))
    }
    fn origin(&self) -> Option<&Loc> {
        Some(&self.origin.0)
    }
}

impl ItemRow for Item {
    type Step = Step;
    fn steps(&self) -> &[Step] {
        &self.steps
    }
}

impl Row for Step {
    fn val(&self, field: Field) -> Val<'_> {
        val(self.text(field))
    }
    fn origin(&self) -> Option<&Loc> {
        Some(&self.origin.0)
    }
}

impl StepRow for Step {
    type Info = Info;
    fn infos(&self) -> &[Info] {
        &self.infos
    }
}

impl Row for Info {
    fn val(&self, field: Field) -> Val<'_> {
        val(self.text(field))
    }
    fn origin(&self) -> Option<&Loc> {
        Some(&self.origin.0)
    }
}

impl InfoRow for Info {
    fn marks(&self, attr: Attr) -> Vec<Option<&Loc>> {
        self.attrs
            .iter()
            .filter(|s| s.value == attr)
            .map(|s| Some(&s.loc))
            .collect()
    }
    fn attr_origin(&self) -> Option<&Loc> {
        Some(&self.attr_origin.0)
    }
}

/// A sheet per catalogue, values and their places as read.
fn plans(cats: &[&Catalog]) -> Vec<Plan> {
    let mut used = HashSet::new();
    cats.iter()
        .map(|c| {
            let (unit, domain) = (text(&c.unit).trim(), text(&c.domain));
            let name = catalog_sheet_name(unit, domain, c.kind, &mut used);
            let mut p = Plan::new(name, c.kind, domain, unit, Extras::of(&c.items));
            p.exact.insert(c.origin.0.clone(), (0, 0));
            if let Some(u) = &c.unit {
                p.exact.entry(u.loc.clone()).or_insert((1, 0));
            }
            if let Some(d) = &c.domain {
                p.exact.entry(d.loc.clone()).or_insert((0, 0));
            }
            p.lay_out(&c.items);
            p
        })
        .collect()
}

/// The catalogues as a workbook, one sheet per catalogue in the plan's
/// layout. Same input, same bytes.
pub fn catalog_sheets(cats: &[&Catalog], cfg: &Config) -> Result<Vec<u8>, WriteError> {
    let mut wb = new_workbook(cfg)?;
    let fm = Formats::new();
    let plans = plans(cats);
    if plans.is_empty() {
        return Err(WriteError("没有可写入工作簿的目录".to_string()));
    }
    for p in &plans {
        write_sheet(&mut wb, p, &fm, cfg, &Marks::new())?;
    }
    Ok(super::workbook_bytes(&mut wb)?)
}

/// The catalogues rewritten in template layout, each problem cell filled
/// (errors red, warnings yellow) with a note saying what is wrong and how to
/// fix it. Every diagnostic is also listed on a 问题清单 sheet, with where it
/// was and where it is now; those that cannot be placed on a cell go in a
/// note on the title cell of their file's first sheet.
pub fn annotate(
    cats: &[&Catalog],
    diags: &[Diagnostic],
    cfg: &Config,
) -> Result<Vec<u8>, WriteError> {
    let mut wb = new_workbook(cfg)?;
    let fm = Formats::new();
    let plans = plans(cats);
    let mut marks: Vec<Marks> = vec![Marks::new(); plans.len()];
    // For each diagnostic: (sheet index, cell) it was placed at.
    let mut placed: Vec<Option<(usize, (u32, u16))>> = Vec::with_capacity(diags.len());
    for d in diags {
        let at = plans
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.place(d).map(|cell| (i, cell)));
        // Whole-file (or unplaceable) problems of a file we wrote: on the
        // title cell of its first sheet.
        let at = at.or_else(|| {
            cats.iter()
                .position(|c| *c.file == *d.loc.file)
                .map(|i| (i, (0, 0)))
        });
        if let Some((i, cell)) = at
            && let Some(m) = marks.get_mut(i)
        {
            let entry = m.entry(cell).or_insert((d.severity, String::new()));
            entry.0 = entry.0.max(d.severity);
            if !entry.1.is_empty() {
                entry.1.push_str("\n\n");
            }
            entry.1.push_str(&note_text(d));
        }
        placed.push(at);
    }
    for (p, m) in plans.iter().zip(&marks) {
        write_sheet(&mut wb, p, &fm, cfg, m)?;
    }
    problem_sheet(&mut wb, &plans, diags, &placed)?;
    Ok(super::workbook_bytes(&mut wb)?)
}

fn note_text(d: &Diagnostic) -> String {
    let mut s = format!("【{}】{}", d.severity.label(), d.message);
    if let Some(h) = &d.help {
        s.push_str("\n修改：");
        s.push_str(h);
    }
    let pos = d.loc.position_label();
    if !pos.is_empty() {
        s.push_str(&format!("\n（原位置 {pos}，规则 {}）", d.code.as_str()));
    } else {
        s.push_str(&format!("\n（规则 {}）", d.code.as_str()));
    }
    s
}

fn problem_sheet(
    wb: &mut Workbook,
    plans: &[Plan],
    diags: &[Diagnostic],
    placed: &[Option<(usize, (u32, u16))>],
) -> Result<(), WriteError> {
    let ws = wb.add_worksheet();
    let mut used: HashSet<String> = plans.iter().map(|p| p.name.to_lowercase()).collect();
    let name = sheet_name("问题清单", &mut used);
    ws.set_name(&name)?;
    let head = Format::new()
        .set_font_name(FONT)
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9D9D9));
    let body = Format::new()
        .set_font_name(FONT)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let widths = [28.0, 6.0, 22.0, 50.0, 50.0, 24.0];
    let heads = [
        "原文件和位置",
        "级别",
        "规则",
        "问题",
        "修改建议",
        "本工作簿中的位置",
    ];
    for (i, (w, h)) in widths.iter().zip(heads).enumerate() {
        let c = u16::try_from(i).unwrap_or(0);
        ws.set_column_width(c, *w)?;
        ws.write_string_with_format(0, c, h, &head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if diags.is_empty() {
        ws.write_string_with_format(1, 0, "没有发现问题", &body)?;
        return Ok(());
    }
    for (i, (d, at)) in diags.iter().zip(placed).enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let here = match at {
            Some((s, (row, col))) => plans
                .get(*s)
                .map(|p| format!("{}!{}", p.name, cell_name(*row, u32::from(*col))))
                .unwrap_or_default(),
            None => "—".to_string(),
        };
        let cells = [
            d.loc.to_string(),
            d.severity.label().to_string(),
            d.code.as_str().to_string(),
            d.message.clone(),
            d.help.clone().unwrap_or_default(),
            here,
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_with_format(r, u16::try_from(c).unwrap_or(0), clip(v), &body)?;
        }
    }
    Ok(())
}

impl Plan {
    /// Where a diagnostic lands, if anywhere on this sheet.
    fn place(&self, d: &Diagnostic) -> Option<(u32, u16)> {
        let loc = &d.loc;
        let about_attr = matches!(
            d.code,
            Code::AttrMissing | Code::AttrMultiple | Code::AttrInvalid | Code::AttrMarkInvalid
        );
        if let Some(&at) = self.attr_exact.get(loc).filter(|_| about_attr) {
            return Some(at);
        }
        if let Some(&at) = self.exact.get(loc) {
            return Some(at);
        }
        if let Pos::Cell { sheet, row, col } = &loc.pos {
            let key = |n: u32| (loc.file.to_string(), sheet.to_string(), n);
            let r = self.rows.get(&key(*row))?;
            let c = self.cols_by_orig.get(&key(*col))?;
            return Some((*r, *c));
        }
        None
    }
}
