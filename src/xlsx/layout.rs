//! Finds the catalogue table on a sheet: the (usually two-row) header,
//! recognised by its column names, not by position.

use super::sheet::{Row, Sheet};
use crate::format::Heading;
use crate::format::hongkou::{Field, HONGKOU_2017};
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
    /// The column of the format description this role fills.
    pub fn field(self) -> Field {
        match self {
            Role::Seq => Field::Seq,
            Role::Category => Field::Category,
            Role::Name => Field::Name,
            Role::Subject => Field::Subject,
            Role::Basis => Field::Basis,
            Role::Step => Field::Step,
            Role::TimeLimit => Field::TimeLimit,
            Role::InfoName => Field::InfoName,
            Role::Attr(_) | Role::AttrSingle => Field::Attr,
            Role::Reason => Field::Reason,
            Role::Time => Field::Time,
            Role::Route => Field::Route,
            Role::Medium => Field::Medium,
            Role::Aspect => Field::Aspect,
            Role::Remark => Field::Remark,
            Role::ItemAspect => Field::ItemAspect,
            Role::ItemRemark => Field::ItemRemark,
        }
    }

    /// The role of a column holding a field's value in one column (a
    /// 公开属性 column holding the attribute's name, for [`Field::Attr`]).
    pub fn of(field: Field) -> Role {
        match field {
            Field::Seq => Role::Seq,
            Field::Category => Role::Category,
            Field::Name => Role::Name,
            Field::Subject => Role::Subject,
            Field::Basis => Role::Basis,
            Field::Step => Role::Step,
            Field::TimeLimit => Role::TimeLimit,
            Field::InfoName => Role::InfoName,
            Field::Attr => Role::AttrSingle,
            Field::Reason => Role::Reason,
            Field::Time => Role::Time,
            Field::Route => Role::Route,
            Field::Medium => Role::Medium,
            Field::Aspect => Role::Aspect,
            Field::Remark => Role::Remark,
            Field::ItemAspect => Role::ItemAspect,
            Field::ItemRemark => Role::ItemRemark,
        }
    }

    /// The template's header text.
    pub fn header(self) -> &'static str {
        match self {
            Role::Attr(a) => a.label(),
            r => r.field().header(),
        }
    }

    /// The header written in workbooks (with the template's line breaks).
    pub fn sheet_header(self) -> &'static str {
        match self {
            Role::Attr(a) => a.option().sheet_header,
            r => r.field().column().sheet_header,
        }
    }
}

pub use crate::format::normalise;

/// What a header cell names, if anything gkml knows.
pub fn classify(text: &str) -> Option<HeaderCell> {
    match HONGKOU_2017.classify(text)? {
        Heading::Column(Field::Attr) => Some(HeaderCell::AttrParent),
        Heading::Column(f) => Some(HeaderCell::Role(Role::of(f))),
        Heading::Option(Field::Attr, i) => {
            Attr::ALL.get(i).map(|&a| HeaderCell::Role(Role::Attr(a)))
        }
        Heading::Option(..) => None,
    }
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
pub(crate) const HEADER_SEARCH_ROWS: usize = 40;

/// Finds the catalogue table after row `from`, if any.
pub fn find(sheet: &Sheet, from: u32) -> Option<Layout> {
    sheet
        .rows
        .range(from..)
        .take(HEADER_SEARCH_ROWS)
        .find_map(|(&row, cells)| header(sheet, row, cells))
}

/// The table whose header is exactly row `row` (whose cells are `cells`),
/// if any.
pub fn header_at(sheet: &Sheet, row: u32, cells: &Row) -> Option<Layout> {
    header(sheet, row, cells)
}

/// Whether a row can be a header at all, without normalising its cells: a
/// header names the item (序号, 编号, 序, …名称, 政务事项, 事项) and the step
/// or the information (…环节, …名称), and each of those names holds one of
/// the characters looked for here. [`normalise`] only drops characters or
/// turns full-width ASCII into ASCII, so a Chinese character in a normalised
/// text is in the cell's text too. Data rows, which rarely hold these
/// characters, are thus ruled out cheaply (the table reader asks this of
/// every row, to find a second table further down).
fn may_be_header(cells: &Row) -> bool {
    // One pass over each cell's characters (a substring search per
    // character costs more on short cell texts), stopping once both kinds
    // of name are seen.
    let (mut item, mut step) = (false, false);
    for cell in cells.values() {
        for ch in cell.text.chars() {
            match ch {
                '称' => (item, step) = (true, true),
                '序' | '编' | '项' => item = true,
                '环' => step = true,
                _ => continue,
            }
            if item && step {
                return true;
            }
        }
    }
    false
}

/// Whether `next`, the row under the header row `row`, is a data row
/// rather than the header's second row. A second header row holds only
/// header words under the first row's group headers; a data row holds a
/// 序号 number, or a value under a column the first row names on its own
/// (a header cell not merged down over `next`), or a long text, or a single
/// attribute where a header names all four.
fn is_data_row(sheet: &Sheet, row: u32, cells: &Row, next: &Row, cols: &[(u32, Role)]) -> bool {
    let named_alone = |c: u32| {
        cols.iter()
            .any(|(x, r)| *x == c && !matches!(r, Role::Attr(_)))
            && !sheet
                .merge_at(row, c)
                .is_some_and(|m| m.r1 > row || m.c1 > m.c0)
    };
    let mut attrs = 0;
    for (&c, cell) in next {
        let t = crate::model::trim(&cell.text);
        if t.is_empty() || cells.get(&c).is_some_and(|h| h.text == cell.text) {
            // Blank, or the header cell seen again through a merge.
            continue;
        }
        match classify(t) {
            Some(HeaderCell::Role(Role::Attr(_))) => attrs += 1,
            Some(_) => {}
            None if normalise(t).is_empty() => {}
            None => {
                let seq = cols.iter().any(|(x, r)| *x == c && *r == Role::Seq);
                if (seq && t.parse::<u32>().is_ok())
                    || named_alone(c)
                    || t.chars().count() > LONG_HEADER_CHARS
                {
                    return true;
                }
            }
        }
    }
    // One attribute's name where a header row would name all four.
    attrs == 1
}

/// Header cells are short; a longer text is data.
const LONG_HEADER_CHARS: usize = 40;

fn header(sheet: &Sheet, row: u32, cells: &Row) -> Option<Layout> {
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
    // The second header row: the four attribute sub-columns. A data row
    // under a one-row header may hold an attribute's name too (a 公开属性
    // column filled from a dropdown): it is told apart by more than its
    // words (see `is_data_row`).
    let mut data_start = row.saturating_add(1);
    let mut sub_attrs = 0;
    if let Some(next) = sheet.rows.get(&row.saturating_add(1))
        && !is_data_row(sheet, row, cells, next, &cols)
    {
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
            classify(&format!("{}（工作日）", Field::TimeLimit.header())),
            Some(HeaderCell::Role(Role::TimeLimit))
        );
        assert_eq!(
            classify("主动\n公开"),
            Some(HeaderCell::Role(Role::Attr(Attr::Active)))
        );
        assert_eq!(classify(Field::Attr.header()), Some(HeaderCell::AttrParent));
        assert_eq!(
            classify(Field::InfoName.header()),
            Some(HeaderCell::Role(Role::InfoName))
        );
        assert_eq!(
            classify(Field::Time.header()),
            Some(HeaderCell::Role(Role::Time))
        );
        assert_eq!(classify("经办人"), None);
    }
}
