//! Reads a national 基层政务公开标准目录 sheet as county sites publish it:
//! the two-row header with merged groups (or one row), label variants,
//! 一级事项 merged down or written on its first row only, `同上`, channels
//! as one ■/□ checklist cell or one √ column each, title / 编制单位 rows,
//! and the unit and domain from the title, that row or the file name.

use std::collections::HashMap;
use std::sync::Arc;

use super::channel::{self, Mark, Vocabulary};
use super::labels::{self, Audience, Method};
use super::model::{Channel, Channels, Group, NationalCatalog, Row, Ticks, keys};
use super::tick::{self, Tick};
use super::{is_same_as_above, tidy, title};
use crate::code::Code;
use crate::config::Config;
use crate::diag::Sink;
use crate::model::{Loc, Spanned, Text};
use crate::xlsx::sheet::Sheet;

/// How many rows from the top a header is looked for in.
pub(crate) const HEADER_SEARCH_ROWS: u32 = 20;

/// What a column holds.
#[derive(Clone, Debug, PartialEq)]
enum Col {
    Dir1,
    Level1,
    Level2,
    Level3,
    Content,
    Basis,
    Time,
    Subject,
    ChannelCell,
    ChannelColumn(String),
    Audience(Audience),
    Method(Method),
    Level(String),
    Url,
    Note,
}

/// A national table's header: where it is and what each column holds.
#[derive(Clone, Debug)]
pub struct Header {
    /// The first header row (0-based).
    pub row: u32,
    /// The first data row.
    pub data_start: u32,
    cols: Vec<(u32, Col)>,
}

impl Header {
    fn first(&self, want: impl Fn(&Col) -> bool) -> Option<u32> {
        self.cols.iter().find(|(_, c)| want(c)).map(|(i, _)| *i)
    }

    fn all<T>(&self, pick: impl Fn(&Col) -> Option<T>) -> Vec<(u32, T)> {
        self.cols
            .iter()
            .filter_map(|(i, c)| pick(c).map(|t| (*i, t)))
            .collect()
    }
}

/// The text of a cell seen through merges (a covered cell shows its
/// region's top-left), tidied.
fn merged_text(sh: &Sheet, row: u32, col: u32) -> String {
    let (r, c) = match sh.merge_at(row, col) {
        Some(m) => (m.r0, m.c0),
        None => (row, col),
    };
    tidy(sh.text(r, c))
}

/// A heading standing alone (not under a group).
fn single(label: &str) -> Option<Col> {
    Some(match label {
        "一级目录" => Col::Dir1,
        "一级事项" => Col::Level1,
        "二级事项" => Col::Level2,
        "三级事项" => Col::Level3,
        "公开依据" => Col::Basis,
        "公开时限" => Col::Time,
        "公开主体" => Col::Subject,
        "公开渠道和载体" | "公开渠道" | "公开载体" | "公开渠道及载体" | "公开渠道与载体" => {
            Col::ChannelCell
        }
        "公开网址" | "网址" | "链接" | "公开链接" | "信息链接" => Col::Url,
        "备注" => Col::Note,
        l if l.starts_with("公开内容") || l == "公开要素" => Col::Content,
        _ => return None,
    })
}

/// A sub-heading under a group heading.
fn under(group: &str, label: &str, vocab: &Vocabulary) -> Option<Col> {
    if group.starts_with("公开渠道") || group.starts_with("公开载体") {
        let name = vocab
            .lookup(label)
            .map_or_else(|| label.to_string(), str::to_string);
        return Some(Col::ChannelColumn(name));
    }
    match group {
        "公开对象" => Audience::from_label(label).map(Col::Audience),
        "公开方式" => Method::from_label(label).map(Col::Method),
        "公开层级" => labels::level(label).map(|l| Col::Level(l.label)),
        _ => single(label)
            .or_else(|| Audience::from_label(label).map(Col::Audience))
            .or_else(|| Method::from_label(label).map(Col::Method)),
    }
}

/// True for a label the second header row holds.
fn is_sub_label(label: &str) -> bool {
    matches!(label, "一级事项" | "二级事项" | "三级事项")
        || Audience::from_label(label).is_some()
        || Method::from_label(label).is_some()
        || labels::level(label).is_some()
}

/// Finds a national table's header in the first rows of a sheet: a row
/// naming 二级事项 (itself or in the row below) with 公开时限 or 公开依据.
pub fn find_header(sh: &Sheet, vocab: &Vocabulary) -> Option<Header> {
    let last = sh.rows.keys().next_back().copied()?;
    let max_col = sh
        .rows
        .values()
        .take(HEADER_SEARCH_ROWS as usize + 2)
        .filter_map(|r| r.keys().next_back().copied())
        .max()
        .unwrap_or(0)
        .min(crate::limits::MAX_COLUMNS);
    for row in 0..=last.min(HEADER_SEARCH_ROWS) {
        let two_rows = (0..=max_col).any(|c| {
            is_sub_label(&merged_text(sh, row + 1, c))
                && sh.merge_at(row + 1, c).is_none_or(|m| m.r0 == row + 1)
        });
        let mut cols = Vec::new();
        for c in 0..=max_col {
            let top = merged_text(sh, row, c);
            let col = if two_rows {
                let spans_both = sh
                    .merge_at(row, c)
                    .is_some_and(|m| m.r0 <= row && m.r1 > row);
                let low = merged_text(sh, row + 1, c);
                if spans_both || low.is_empty() {
                    single(&top)
                } else {
                    under(&top, &low, vocab)
                }
            } else {
                single(&top)
            };
            if let Some(col) = col {
                cols.push((c, col));
            }
        }
        let has = |want: &Col| cols.iter().any(|(_, c)| c == want);
        if has(&Col::Level2) && (has(&Col::Time) || has(&Col::Basis)) {
            return Some(Header {
                row,
                data_start: row + if two_rows { 2 } else { 1 },
                cols,
            });
        }
    }
    None
}

/// Reads one sheet holding a national table (its header found by
/// [`find_header`]).
pub fn read_sheet(
    sh: &Sheet,
    header: &Header,
    shown: &Arc<str>,
    cfg: &Config,
    sink: &mut Sink,
) -> NationalCatalog {
    let mut r = SheetReader {
        sh,
        file: shown,
        vocab: &cfg.national.channels,
        sink,
        above: HashMap::new(),
    };
    let (unit, domain, origin) = r.unit_and_domain(header, cfg);
    for (what, missing) in [("编制单位", unit.is_none()), ("试点领域", domain.is_none())] {
        if missing {
            r.sink
                .emit(
                    Code::WorkbookUnitUnknown,
                    &origin,
                    format!("工作表“{}”没有写明{what}", sh.name),
                )
                .help("在表格上方加标题行（如“县民政局社会救助领域基层政务公开标准目录”）或“编制单位：…”行，或把文件命名为“编制单位-试点领域.xlsx”");
        }
    }
    let levels: Vec<(u32, String)> = header.all(|c| match c {
        Col::Level(l) => Some(l.clone()),
        _ => None,
    });
    let channel_cols: Vec<(u32, String)> = header.all(|c| match c {
        Col::ChannelColumn(n) => Some(n.clone()),
        _ => None,
    });
    let mut cat = NationalCatalog {
        file: shown.clone(),
        sheet: Some(sh.name.clone()),
        origin,
        unit,
        domain,
        has_dir1: header.first(|c| *c == Col::Dir1).is_some(),
        has_level3: header.first(|c| *c == Col::Level3).is_some(),
        levels: (!levels.is_empty()).then(|| levels.iter().map(|(_, l)| l.clone()).collect()),
        channel_columns: (!channel_cols.is_empty())
            .then(|| channel_cols.iter().map(|(_, n)| n.clone()).collect()),
        groups: Vec::new(),
    };
    let last = sh.rows.keys().next_back().copied().unwrap_or(0);
    let col = |want: Col| header.first(|c| *c == want);
    let (c_dir1, c_l1, c_l2, c_l3) = (
        col(Col::Dir1),
        col(Col::Level1),
        col(Col::Level2),
        col(Col::Level3),
    );
    let mut dir1: Text = None;
    let mut l1: Text = None;
    let mut l2: Text = None;
    for row in header.data_start..=last {
        if r.is_note_row(row) {
            break;
        }
        if header
            .cols
            .iter()
            .filter(|(_, c)| !matches!(c, Col::Level1 | Col::Dir1))
            .all(|(c, _)| merged_text(sh, row, *c).is_empty())
        {
            continue;
        }
        // 一级目录 / 一级事项: merged down, or written on the first row only.
        if let Some(c) = c_dir1
            && let Some(t) = r.carried(row, c, "一级目录")
        {
            dir1 = Some(t);
        }
        if let Some(c) = c_l1
            && let Some(t) = r.carried(row, c, keys::LEVEL1)
        {
            l1 = Some(t);
        }
        let l2_here = c_l2.and_then(|c| r.carried(row, c, keys::LEVEL2));
        let name = match l2_here {
            Some(t) => {
                l2 = Some(t.clone());
                Some(t)
            }
            // Under a 三级事项 column, 二级事项 may be written once.
            None if c_l3.is_some() && l2.is_some() => l2.clone(),
            None => c_l2.map(|c| Box::new(Spanned::new(String::new(), r.loc(row, c)))),
        };
        let row_loc = r.loc(row, c_l2.unwrap_or(0));
        let l1_loc = r.loc(row, c_l1.unwrap_or(0));
        let text = |r: &mut SheetReader, want: Col, what: &str| -> Text {
            header
                .first(|c| *c == want)
                .and_then(|c| r.field(row, c, what))
        };
        // A blank required cell keeps its place for the finding.
        let required = |r: &mut SheetReader, want: Col, what: &str| -> Text {
            let c = header.first(|c| *c == want)?;
            r.field(row, c, what)
                .or_else(|| Some(Box::new(Spanned::new(String::new(), r.loc(row, c)))))
        };
        let level3 = text(&mut r, Col::Level3, keys::LEVEL3);
        let content = required(&mut r, Col::Content, keys::CONTENT);
        let basis = required(&mut r, Col::Basis, keys::BASIS);
        let time = required(&mut r, Col::Time, keys::TIME);
        let subject = required(&mut r, Col::Subject, keys::SUBJECT);
        let url = text(&mut r, Col::Url, keys::URL);
        let note = text(&mut r, Col::Note, keys::NOTE);
        let channels = match header.first(|c| *c == Col::ChannelCell) {
            Some(c) => r.checklist(row, c),
            None => r.channel_columns(row, &channel_cols),
        };
        let audiences = r.ticks(
            row,
            &header.all(|c| match c {
                Col::Audience(a) => Some((*a, a.label().to_string())),
                _ => None,
            }),
        );
        let methods = r.ticks(
            row,
            &header.all(|c| match c {
                Col::Method(m) => Some((*m, m.label().to_string())),
                _ => None,
            }),
        );
        let level_ticks = (!levels.is_empty()).then(|| {
            let pairs: Vec<(u32, (String, String))> = levels
                .iter()
                .map(|(c, l)| (*c, (l.clone(), l.clone())))
                .collect();
            r.ticks(row, &pairs)
        });
        let row_model = Row {
            loc: row_loc,
            name,
            level3,
            content,
            basis,
            time,
            subject,
            channels,
            audiences,
            methods,
            levels: level_ticks,
            url,
            note,
        };
        let key = (text_of(&dir1), text_of(&l1));
        let same_as_last = cat
            .groups
            .last()
            .is_some_and(|g| (text_of(&g.dir1), text_of(&g.name)) == key);
        if !same_as_last {
            cat.groups.push(Group {
                dir1: dir1.clone(),
                name: l1.clone(),
                loc: l1_loc,
                rows: Vec::new(),
            });
        }
        if let Some(g) = cat.groups.last_mut() {
            g.rows.push(row_model);
        }
    }
    cat
}

fn text_of(t: &Text) -> String {
    t.as_ref().map(|s| s.value.clone()).unwrap_or_default()
}

struct SheetReader<'a> {
    sh: &'a Sheet,
    file: &'a Arc<str>,
    vocab: &'a Vocabulary,
    sink: &'a mut Sink,
    /// The last value read in each column, for `同上`.
    above: HashMap<u32, Spanned<String>>,
}

impl SheetReader<'_> {
    fn loc(&self, row: u32, col: u32) -> Loc {
        Loc::cell(self.file, &self.sh.name, row, col)
    }

    /// The unit and domain, from rows above the header, else the file name;
    /// and where the table starts (the title cell, else the header).
    fn unit_and_domain(&mut self, header: &Header, cfg: &Config) -> (Text, Text, Loc) {
        let mut unit: Text = None;
        let mut title_unit: Text = None;
        let mut domain: Text = None;
        let mut origin = None;
        for row in 0..header.row {
            let Some((&col, cell)) = self.sh.rows.get(&row).and_then(|r| r.iter().next()) else {
                continue;
            };
            let loc = self.loc(row, col);
            let t = cell.text.as_str();
            if let Some(u) = title::from_label_row(t) {
                unit = Some(Box::new(Spanned::new(u, loc)));
                continue;
            }
            let named = title::from_title(t);
            if named.domain.is_some() || named.unit.is_some() {
                origin.get_or_insert_with(|| loc.clone());
            }
            if let Some(d) = named.domain
                && domain.is_none()
            {
                domain = Some(Box::new(Spanned::new(d, loc.clone())));
            }
            if let Some(u) = named.unit
                && title_unit.is_none()
            {
                title_unit = Some(Box::new(Spanned::new(u, loc)));
            }
        }
        let unit = unit.or(title_unit);
        let origin = origin.unwrap_or_else(|| self.loc(header.row, 0));
        if unit.is_some() && domain.is_some() {
            return (unit, domain, origin);
        }
        let mut from_name = title::from_file_name(self.file);
        let file_loc = Loc::file(self.file);
        // The project file: a 工作簿 entry naming this file, or the
        // 编制单位 whose folder holds it (its domain when it has one).
        let path = std::path::Path::new(&**self.file);
        let base = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Some(w) = cfg.workbooks.iter().find(|w| {
            std::path::Path::new(&w.file)
                .file_name()
                .and_then(|n| n.to_str())
                == Some(base)
        }) {
            from_name.unit = w.unit.clone().or(from_name.unit);
            from_name.domain = w.domain.clone().or(from_name.domain);
        }
        let folder = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Some((u, domains)) = cfg.national.units.iter().find(|(u, _)| u.value == folder) {
            if from_name.unit.is_none() && unit.is_none() {
                from_name.unit = Some(u.value.clone());
            }
            if let [d] = domains.as_slice()
                && from_name.domain.is_none()
            {
                from_name.domain = Some(d.value.clone());
            }
        }
        let unit = unit.or_else(|| {
            from_name
                .unit
                .map(|u| Box::new(Spanned::new(u, file_loc.clone())))
        });
        let domain = domain.or_else(|| {
            from_name
                .domain
                .map(|d| Box::new(Spanned::new(d, file_loc.clone())))
        });
        (unit, domain, origin)
    }

    /// True for a note row under the table (`注：…`, `说明：…`).
    fn is_note_row(&self, row: u32) -> bool {
        let Some((_, cell)) = self.sh.rows.get(&row).and_then(|r| r.iter().next()) else {
            return false;
        };
        let t = tidy(&cell.text);
        ["注：", "注:", "注1", "说明：", "填表说明", "备注："]
            .iter()
            .any(|p| t.starts_with(p))
            || t == "注"
    }

    /// A cell's own value (a merged cell's value on each of its rows), with
    /// `同上` resolved to the value above; `None` when blank.
    fn field(&mut self, row: u32, col: u32, what: &str) -> Text {
        let loc = self.loc(row, col);
        let (r0, c0, covered) = match self.sh.merge_at(row, col) {
            Some(m) => (m.r0, m.c0, m.r0 != row || m.c0 != col),
            None => (row, col, false),
        };
        let cell = self.sh.get(r0, c0)?;
        if let Some(e) = &cell.error {
            if !covered {
                self.sink
                    .emit(Code::CellError, &loc, format!("“{what}”单元格是错误值 {e}"))
                    .help("改正公式或直接填写文字");
            }
            return None;
        }
        if !covered {
            cell.warn(self.sink, &loc, what);
        }
        let text = cell.text.trim();
        if text.is_empty() {
            return None;
        }
        if is_same_as_above(text) {
            let prev = self.above.get(&col)?;
            let mut s = Spanned::new(prev.value.clone(), loc);
            s.raw = Some(Arc::from(text));
            return Some(Box::new(s));
        }
        let s = Spanned::new(text.to_string(), loc);
        self.above.insert(col, s.clone());
        Some(Box::new(s))
    }

    /// 一级目录 / 一级事项 on a row: its value when written (or merged
    /// over the row from above); `None` when blank or `同上` (the caller
    /// keeps the value of the rows above). The value's place is the cell
    /// where it is written.
    fn carried(&mut self, row: u32, col: u32, what: &str) -> Option<Box<Spanned<String>>> {
        let (r0, c0) = match self.sh.merge_at(row, col) {
            Some(m) => (m.r0, m.c0),
            None => (row, col),
        };
        let cell = self.sh.get(r0, c0)?;
        let text = cell.text.trim();
        if text.is_empty() || is_same_as_above(text) || cell.error.is_some() {
            return None;
        }
        if r0 == row && c0 == col {
            cell.warn(self.sink, &self.loc(row, col), what);
        }
        Some(Box::new(Spanned::new(text.to_string(), self.loc(r0, c0))))
    }

    /// A 公开渠道和载体 checklist cell.
    fn checklist(&mut self, row: u32, col: u32) -> Channels {
        let loc = self.loc(row, col);
        let text = self.field(row, col, keys::CHANNELS);
        let list =
            channel::parse_checklist(text.as_ref().map_or("", |t| t.value.as_str()), self.vocab);
        let entries = list
            .entries
            .into_iter()
            .filter(|e| !e.text.is_empty())
            .map(|e| Channel {
                name: self
                    .vocab
                    .lookup(&e.text)
                    .map_or(e.text.clone(), str::to_string),
                mark: e.mark,
                loc: loc.clone(),
            })
            .collect();
        Channels {
            entries,
            loc,
            unreadable: false,
        }
    }

    /// Channels given as one √ column each.
    fn channel_columns(&mut self, row: u32, cols: &[(u32, String)]) -> Channels {
        let loc = self.loc(row, cols.first().map_or(0, |c| c.0));
        let mut out = Channels {
            entries: Vec::new(),
            loc,
            unreadable: false,
        };
        for (c, name) in cols {
            let cell_loc = self.loc(row, *c);
            let mark = match self.tick(row, *c, name) {
                Some(true) => Mark::Filled,
                Some(false) => Mark::Empty,
                None => {
                    out.unreadable = true;
                    continue;
                }
            };
            out.entries.push(Channel {
                name: name.clone(),
                mark,
                loc: cell_loc,
            });
        }
        out
    }

    /// A √ cell: `Some(true)` ticked, `Some(false)` not, `None` unreadable
    /// (reported).
    fn tick(&mut self, row: u32, col: u32, label: &str) -> Option<bool> {
        let loc = self.loc(row, col);
        let text = self
            .field(row, col, label)
            .map(|t| t.value)
            .unwrap_or_default();
        match tick::read(&text, label) {
            Tick::Yes => Some(true),
            Tick::No => Some(false),
            Tick::Unknown => {
                self.sink
                    .emit(
                        Code::AttrMarkInvalid,
                        &loc,
                        format!("“{label}”栏的“{text}”不是勾选标记"),
                    )
                    .help("勾选的格填 √，不勾选的留空");
                None
            }
        }
    }

    /// A √ group on a row: the values ticked, in column order.
    fn ticks<T: Clone>(&mut self, row: u32, cols: &[(u32, (T, String))]) -> Ticks<T> {
        let loc = self.loc(row, cols.first().map_or(0, |c| c.0));
        let mut out = Ticks {
            set: Vec::new(),
            loc,
            unreadable: false,
        };
        for (c, (value, label)) in cols {
            match self.tick(row, *c, label) {
                Some(true) => out.set.push(value.clone()),
                Some(false) => {}
                None => out.unreadable = true,
            }
        }
        out
    }
}
