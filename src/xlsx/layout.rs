//! Finds the catalogue table on a sheet: the (usually two-row) header,
//! recognised by its column names, not by position.

use std::collections::BTreeMap;

use super::sheet::{Cell, Sheet};
use crate::model::{Attr, Kind};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Seq,
    Category,
    Name,
    Subject,
    Basis,
    Step,
    TimeLimit,
    InfoName,
    /// One of the four 公开属性 sub-columns.
    Attr(Attr),
    /// A single 公开属性 column holding the attribute's name.
    AttrSingle,
    Reason,
    Time,
    Route,
    Medium,
    Aspect,
    Remark,
    /// 五公开 of the item as a whole, in a column of its own ("事项五公开").
    ItemAspect,
    /// 备注 of the item as a whole, in a column of its own ("事项备注").
    ItemRemark,
}

impl Role {
    /// The template's header text.
    pub fn header(self) -> &'static str {
        match self {
            Role::Seq => "序号",
            Role::Category => "政务事项分类",
            Role::Name => "政务事项名称",
            Role::Subject => "政务事项办理主体",
            Role::Basis => "政务事项依据",
            Role::Step => "政务事项办理环节",
            Role::TimeLimit => "所在环节办理时限",
            Role::InfoName => "所在环节办理产生的政府信息名称",
            Role::Attr(a) => a.label(),
            Role::AttrSingle => "政府信息公开属性",
            Role::Reason => "不予公开和部分公开的理由",
            Role::Time => "政府信息公开时间",
            Role::Route => "政府信息公开途径",
            Role::Medium => "政府信息公开载体",
            Role::Aspect => "五公开",
            Role::Remark => "备注",
            Role::ItemAspect => "事项五公开",
            Role::ItemRemark => "事项备注",
        }
    }
}

/// Header text normalised: no spaces or line breaks, ASCII for full-width
/// forms, no bracketed notes, no required-field stars.
pub fn normalise(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = (depth - 1i32).max(0),
            c if c.is_whitespace() || c == '*' || c == '\u{3000}' => {}
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// What a header cell names, if anything gkml knows.
pub fn classify(text: &str) -> Option<HeaderCell> {
    let t = normalise(text);
    if t.is_empty() {
        return None;
    }
    let r = |role| Some(HeaderCell::Role(role));
    if matches!(t.as_str(), "序号" | "编号" | "序") {
        return r(Role::Seq);
    }
    if t.contains("事项五公开") {
        return r(Role::ItemAspect);
    }
    if t.contains("事项备注") {
        return r(Role::ItemRemark);
    }
    if t.contains("五公开") {
        return r(Role::Aspect);
    }
    if t.contains("备注") {
        return r(Role::Remark);
    }
    if t.contains("理由") {
        return r(Role::Reason);
    }
    if t.contains("公开属性") {
        return Some(HeaderCell::AttrParent);
    }
    if let Some(a) = Attr::parse(&t) {
        return r(Role::Attr(a));
    }
    if t.contains("途径") || t.contains("渠道") {
        return r(Role::Route);
    }
    if t.contains("载体") {
        return r(Role::Medium);
    }
    if t.contains("公开时间") || t.contains("公开时限") {
        return r(Role::Time);
    }
    if t.contains("时限") || t.contains("期限") {
        return r(Role::TimeLimit);
    }
    if t.contains("依据") {
        return r(Role::Basis);
    }
    if t.contains("信息名称") || (t.contains("信息") && t.contains("名称")) {
        return r(Role::InfoName);
    }
    if t.contains("环节") {
        return r(Role::Step);
    }
    if t.contains("分类") || t.contains("类别") {
        return r(Role::Category);
    }
    if t.contains("主体") || t.contains("实施机关") || t.contains("办理机构") {
        return r(Role::Subject);
    }
    if t.contains("事项名称") || t == "名称" || t == "政务事项" || t == "事项" {
        return r(Role::Name);
    }
    None
}

/// A recognised header cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderCell {
    Role(Role),
    /// 政府信息公开属性, spanning the four sub-columns.
    AttrParent,
}

/// The table found on a sheet.
#[derive(Debug, Clone)]
pub struct Layout {
    /// First header row (0-based).
    pub header_row: u32,
    /// First data row.
    pub data_start: u32,
    /// Recognised columns, left to right.
    pub cols: Vec<(u32, Role)>,
    /// Header cells gkml does not know: (column, text).
    pub extras: Vec<(u32, String)>,
    /// 附件3 when it has 依据/公开时间/途径/载体 columns.
    pub kind: Kind,
}

impl Layout {
    pub fn col(&self, role: Role) -> Option<u32> {
        self.cols.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
    }
}

/// How many header rows are searched.
const HEADER_SEARCH_ROWS: usize = 40;

/// Finds the catalogue table after row `from`, if any.
pub fn find(sheet: &Sheet, from: u32) -> Option<Layout> {
    sheet
        .rows
        .range(from..)
        .take(HEADER_SEARCH_ROWS)
        .find_map(|(&row, cells)| header(sheet, row, cells))
}

/// The table whose header is exactly row `row`, if any.
pub fn header_at(sheet: &Sheet, row: u32) -> Option<Layout> {
    header(sheet, row, sheet.rows.get(&row)?)
}

/// Whether a row can be a header at all, without normalising its cells: a
/// header names the item (序号, 编号, 序, …名称, 政务事项, 事项) and the step
/// or the information (…环节, …名称), and each of those names holds one of
/// the characters looked for here. [`normalise`] only drops characters or
/// turns full-width ASCII into ASCII, so a Chinese character in a normalised
/// text is in the cell's text too. Data rows, which rarely hold these
/// characters, are thus ruled out cheaply (the table reader asks this of
/// every row, to find a second table further down).
fn may_be_header(cells: &BTreeMap<u32, Cell>) -> bool {
    cells
        .values()
        .any(|c| c.text.contains(['序', '编', '称', '项']))
        && cells.values().any(|c| c.text.contains(['称', '环']))
}

fn header(sheet: &Sheet, row: u32, cells: &BTreeMap<u32, Cell>) -> Option<Layout> {
    if !may_be_header(cells) {
        return None;
    }
    let mut cols: Vec<(u32, Role)> = Vec::new();
    let mut extras = Vec::new();
    let mut parent: Option<u32> = None;
    for (&c, cell) in cells {
        match classify(&cell.text) {
            Some(HeaderCell::Role(role)) if !cols.iter().any(|(_, r)| *r == role) => {
                cols.push((c, role))
            }
            Some(HeaderCell::AttrParent) => parent = Some(c),
            _ => extras.push((c, cell.text.clone())),
        }
    }
    let roles = cols.len() + usize::from(parent.is_some());
    let has = |r: Role| cols.iter().any(|(_, x)| *x == r);
    if roles < 4
        || !(has(Role::Name) || has(Role::Seq))
        || !(has(Role::InfoName) || has(Role::Step))
    {
        return None;
    }
    // The second header row: the four attribute sub-columns.
    let mut data_start = row.saturating_add(1);
    let mut sub_attrs = 0;
    if let Some(next) = sheet.rows.get(&row.saturating_add(1)) {
        for (&c, cell) in next {
            if let Some(HeaderCell::Role(Role::Attr(a))) = classify(&cell.text)
                && !cols.iter().any(|(_, x)| *x == Role::Attr(a))
            {
                cols.push((c, Role::Attr(a)));
                sub_attrs += 1;
            }
        }
        if sub_attrs > 0 {
            data_start = row.saturating_add(2);
            extras.retain(|(c, _)| !next.contains_key(c) || cols.iter().all(|(x, _)| x != c));
        }
    }
    if sub_attrs == 0 {
        // Header cells merged over two rows also make a two-row header.
        if cells.keys().any(|&c| {
            sheet
                .merge_at(row, c)
                .is_some_and(|m| m.r1 > m.r0 && m.r0 == row)
        }) {
            data_start = row.saturating_add(2);
        }
    }
    let attr_cols = cols
        .iter()
        .filter(|(_, r)| matches!(r, Role::Attr(_)))
        .count();
    if attr_cols == 0 {
        match parent {
            Some(p) => cols.push((p, Role::AttrSingle)),
            None => return None,
        }
    }
    // A row of column numbers (1 2 3 …) under the header is skipped.
    if let Some(next) = sheet.rows.get(&data_start) {
        let numeric = next
            .values()
            .filter(|c| c.text.parse::<u32>().is_ok())
            .count();
        if numeric >= 6 && numeric == next.len() {
            data_start = data_start.saturating_add(1);
        }
    }
    cols.sort_by_key(|(c, _)| *c);
    let kind = if cols
        .iter()
        .any(|(_, r)| matches!(r, Role::Basis | Role::Time | Role::Route | Role::Medium))
    {
        Kind::Operational
    } else {
        Kind::Standard
    };
    extras.retain(|(c, _)| !cols.iter().any(|(x, _)| x == c) && parent != Some(*c));
    Some(Layout {
        header_row: row,
        data_start,
        cols,
        extras,
        kind,
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn header_variants() {
        assert_eq!(classify("序 号"), Some(HeaderCell::Role(Role::Seq)));
        assert_eq!(
            classify("政务事项\n名称"),
            Some(HeaderCell::Role(Role::Name))
        );
        assert_eq!(
            classify("所在环节办理时限（工作日）"),
            Some(HeaderCell::Role(Role::TimeLimit))
        );
        assert_eq!(
            classify("主动\n公开"),
            Some(HeaderCell::Role(Role::Attr(Attr::Active)))
        );
        assert_eq!(classify("政府信息公开属性"), Some(HeaderCell::AttrParent));
        assert_eq!(
            classify("所在环节办理产生的政府信息名称"),
            Some(HeaderCell::Role(Role::InfoName))
        );
        assert_eq!(
            classify("政府信息公开时间"),
            Some(HeaderCell::Role(Role::Time))
        );
        assert_eq!(classify("经办人"), None);
    }
}
