//! Reads 附件2/附件3 workbooks as liaisons really fill them into the model:
//! item- and step-level cells merged, written once with blanks below, or
//! repeated on every row — all three give the same catalogue.

use std::path::Path;
use std::sync::Arc;

use super::incoming::Incoming;
use super::layout::{self, Layout, Role};
use super::names;
use super::sheet::{self, Row, Sheet};
use super::sniff;
use crate::code::Code;
use crate::config::Config;
use crate::diag::Sink;
use crate::format::hongkou::Field;
use crate::input::io_reason;
use crate::limits::{MAX_UNKNOWN_COLUMN_WARNINGS, MAX_WORKBOOK_BYTES};
use crate::model::{Attr, Catalog, Info, Item, Kind, Loc, Origin, Spanned, Step, Text};

/// Marks that tick an attribute column.
const MARKS: &[&str] = &[
    "√", "✓", "✔", "☑", "✅", "●", "■", "◆", "★", "是", "Y", "y", "YES", "Yes", "yes", "1", "x",
    "X", "V", "v",
];
/// Texts that mean "not ticked".
const UNMARKS: &[&str] = &[
    "否", "无", "/", "-", "—", "－", "0", "N", "n", "NO", "No", "○", "□", "不",
];

/// Reads every catalogue in a workbook. `None` when the file could not be
/// read at all (the reason is in `sink`).
pub fn read_workbook(
    path: &Path,
    shown: &Arc<str>,
    cfg: &Config,
    sink: &mut Sink,
) -> Option<Contents> {
    let file_loc = Loc::file(shown);
    let unreadable = |sink: &mut Sink, msg: String| {
        sink.emit(Code::FileUnreadable, &file_loc, msg)
            .help("用 Excel/WPS 打开后另存为 .xlsx，或用 gkml template 生成的模板重新填写");
        None
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return unreadable(sink, format!("无法读取文件：{}", io_reason(&e))),
    };
    if meta.len() > MAX_WORKBOOK_BYTES {
        return unreadable(
            sink,
            format!(
                "文件有 {} MB，超过工作簿上限 {} MB",
                meta.len() >> 20,
                MAX_WORKBOOK_BYTES >> 20
            ),
        );
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return unreadable(sink, format!("无法读取文件：{}", io_reason(&e))),
    };
    read_contents(bytes, shown, cfg, sink)
}

/// Reads a workbook from memory (also used by the fuzz targets): its
/// catalogues; sheets holding a 公开台账 are passed over.
pub fn read_bytes(
    bytes: Vec<u8>,
    shown: &Arc<str>,
    cfg: &Config,
    sink: &mut Sink,
) -> Option<Vec<Catalog>> {
    read_contents(bytes, shown, cfg, sink).map(|c| c.catalogs)
}

/// What a workbook holds: catalogues, and 公开台账 sheets.
#[derive(Default)]
pub struct Contents {
    pub catalogs: Vec<Catalog>,
    /// National-2019 tables (found by their header).
    pub nationals: Vec<crate::national::NationalCatalog>,
    pub ledgers: Vec<crate::ledger::Ledger>,
}

/// Reads a workbook from memory: every catalogue table and every sheet
/// holding a 公开台账 (found by its header). `None` when the bytes are no
/// workbook gkml can open.
pub fn read_contents(
    bytes: Vec<u8>,
    shown: &Arc<str>,
    cfg: &Config,
    sink: &mut Sink,
) -> Option<Contents> {
    let file_loc = Loc::file(shown);
    let kind = match sniff::sniff(&bytes) {
        Ok(k) => k,
        Err(sniff::NotWorkbook(msg)) => {
            sink.emit(Code::FileUnreadable, &file_loc, msg);
            return None;
        }
    };
    // Each sheet's tables are read while the sheet arrives; what a sheet
    // gave is kept only when the whole workbook could be read.
    let sheets = match super::incoming::load_each(bytes, kind, |inc| read_sheet(inc, shown, cfg)) {
        Ok(s) => s,
        Err(msg) => {
            sink.emit(Code::FileUnreadable, &file_loc, msg)
                .help("用 Excel/WPS 打开后另存为 .xlsx，或用 gkml template 生成的模板重新填写");
            return None;
        }
    };
    let mut cats = Vec::new();
    let mut ledgers = Vec::new();
    let mut nationals = Vec::new();
    let mut names = Vec::with_capacity(sheets.len());
    for (sh, made) in sheets {
        names.push(sh.name);
        cats.extend(made.catalogs);
        ledgers.extend(made.ledgers);
        nationals.extend(made.nationals);
        sink.extend(made.sink);
    }
    if cats.is_empty() && ledgers.is_empty() && nationals.is_empty() {
        let names: Vec<&str> = names.iter().map(|n| &**n).collect();
        sink.emit(
            Code::WorkbookNoCatalog,
            &file_loc,
            format!(
                "工作簿中没有找到附件2/附件3 目录表格（工作表：{}）",
                names.join("、")
            ),
        )
        .help(format!(
            "目录表格的表头应使用模板原词：{}……；可用 gkml template 生成模板",
            crate::format::hongkou::HONGKOU_2017
                .columns
                .iter()
                // The leading required columns (those of one kind only
                // passed over).
                .take_while(|c| c.required_everywhere() || !c.has(0) || !c.has(1))
                .filter(|c| c.required_everywhere())
                .map(|c| c.header)
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    Some(Contents {
        catalogs: cats,
        nationals,
        ledgers,
    })
}

/// What one sheet holds, with the findings of reading it.
#[derive(Default)]
struct Made {
    catalogs: Vec<Catalog>,
    nationals: Vec<crate::national::NationalCatalog>,
    ledgers: Vec<crate::ledger::Ledger>,
    sink: Sink,
}

/// Reads a sheet: a 公开台账, a national-2019 table, or catalogue tables.
/// The header searches wait for the rows they look at; a catalogue table's
/// rows are read as they arrive.
fn read_sheet(inc: &mut Incoming, shown: &Arc<str>, cfg: &Config) -> Made {
    let mut made = Made::default();
    inc.settle_search(0);
    if crate::ledger::workbook::is_ledger_sheet(&inc.sheet) {
        inc.finish();
        // Dates are already text (the loader applies the date system).
        let read = crate::ledger::workbook::read_sheet(
            shown,
            &inc.sheet,
            crate::calendar::DateSystem::Excel1900,
        );
        if let Some((ledger, findings)) = read {
            made.sink
                .diags
                .extend(findings.iter().filter_map(|f| f.to_diagnostic()));
            made.ledgers.push(ledger);
        }
        return made;
    }
    if crate::national::workbook::find_header(&inc.sheet, &cfg.national.channels).is_some() {
        inc.finish();
        if let Some(h) = crate::national::workbook::find_header(&inc.sheet, &cfg.national.channels)
        {
            made.nationals.push(crate::national::workbook::read_sheet(
                &inc.sheet,
                &h,
                shown,
                cfg,
                &mut made.sink,
            ));
        }
        return made;
    }
    let mut from = 0;
    loop {
        inc.settle_search(from);
        let Some(layout) = layout::find(&inc.sheet, from) else {
            return made;
        };
        let (cat, end) = read_table(inc, &layout, shown, cfg, &mut made.sink);
        made.catalogs.push(cat);
        from = end.max(layout.data_start);
    }
}

/// A cell seen through merges: a covered cell shows its region's top-left.
#[derive(Clone, Copy)]
struct View<'a> {
    text: &'a str,
    /// Where the value is (top-left of a merged region).
    at: (u32, u32),
    /// True for a covered (non-top) cell of a vertical merge.
    covered: bool,
    /// True for the top row of a merge spanning several rows.
    merge_top: bool,
    error: Option<&'a str>,
}

fn view(sh: &Sheet, row: u32, col: u32) -> View<'_> {
    view_in(sh, sh.rows.get(&row), row, col)
}

/// [`view`] with the row's cells already looked up.
fn view_in<'s>(sh: &'s Sheet, cells: Option<&'s Row>, row: u32, col: u32) -> View<'s> {
    let (cell, at, covered, merge_top) = match sh.merge_at(row, col) {
        Some(m) if m.r0 == row => (
            cells.and_then(|r| r.get(&m.c0)),
            (m.r0, m.c0),
            false,
            m.r1 > m.r0,
        ),
        Some(m) => (sh.get(m.r0, m.c0), (m.r0, m.c0), true, false),
        None => (cells.and_then(|r| r.get(&col)), (row, col), false, false),
    };
    View::new(cell, at, covered, merge_top)
}

impl<'a> View<'a> {
    /// How `cell` (a merged region's top-left cell, or the cell itself)
    /// shows at a place.
    fn new(cell: Option<&'a sheet::Cell>, at: (u32, u32), covered: bool, merge_top: bool) -> Self {
        View {
            text: cell.map(|c| c.text.as_str()).unwrap_or(""),
            at,
            covered,
            merge_top,
            error: cell.and_then(|c| c.error.as_deref()),
        }
    }
}

struct Reader<'a> {
    sh: &'a Sheet,
    file: &'a Arc<str>,
    layout: &'a Layout,
    sink: &'a mut Sink,
    /// The row whose table columns `views` holds.
    row: Option<u32>,
    /// The current row's cells in `layout.cols` order, seen through merges:
    /// a row's cells are looked at several times (blank? new item? new
    /// step? then read), each merge and cell lookup is done once.
    views: Vec<View<'a>>,
    /// The current row's own cells.
    cells: Option<&'a Row>,
    /// For each of `layout.cols`: where its merge lookups got to (rows are
    /// read downwards), and the top-left cell of the last merge seen.
    hints: Vec<(usize, Option<MergeTop<'a>>)>,
}

/// A merged region's top-left corner and its cell.
type MergeTop<'a> = (u32, u32, Option<&'a sheet::Cell>);

impl<'a> Reader<'a> {
    fn new(sh: &'a Sheet, file: &'a Arc<str>, layout: &'a Layout, sink: &'a mut Sink) -> Self {
        Reader {
            sh,
            file,
            layout,
            sink,
            row: None,
            views: Vec::with_capacity(layout.cols.len()),
            cells: None,
            hints: vec![(0, None); layout.cols.len()],
        }
    }

    /// The cell at `row`, `col` seen through merges, for the `i`th table
    /// column: the merge found from where the column's last lookup got to,
    /// the top-left cell of a merge covering several rows looked up once.
    fn view_col(&mut self, i: usize, row: u32, col: u32) -> View<'a> {
        let sh = self.sh;
        let cells = self.cells;
        let Some((hint, top)) = self.hints.get_mut(i) else {
            return view_in(sh, cells, row, col);
        };
        let (cell, at, covered, merge_top) = match sh.merge_from(row, col, hint) {
            Some(m) if m.r0 == row => {
                let cell = cells.and_then(|r| r.get(&m.c0));
                *top = Some((m.r0, m.c0, cell));
                (cell, (m.r0, m.c0), false, m.r1 > m.r0)
            }
            Some(m) => {
                let cell = match *top {
                    Some((r0, c0, cell)) if (r0, c0) == (m.r0, m.c0) => cell,
                    _ => {
                        let cell = sh.get(m.r0, m.c0);
                        *top = Some((m.r0, m.c0, cell));
                        cell
                    }
                };
                (cell, (m.r0, m.c0), true, false)
            }
            None => (cells.and_then(|r| r.get(&col)), (row, col), false, false),
        };
        View::new(cell, at, covered, merge_top)
    }

    fn loc(&self, (r, c): (u32, u32)) -> Loc {
        Loc::cell(self.file, &self.sh.name, r, c)
    }

    fn col(&self, role: Role) -> Option<u32> {
        self.layout.col(role)
    }

    /// Fills `views` for `row`.
    fn at_row(&mut self, row: u32) {
        if self.row != Some(row) {
            self.cells = self.sh.rows.get(&row);
            self.views.clear();
            let layout = self.layout;
            for (i, &(c, _)) in layout.cols.iter().enumerate() {
                let v = self.view_col(i, row, c);
                self.views.push(v);
            }
            self.row = Some(row);
        }
    }

    /// The cell at `row`, `col` seen through merges.
    fn view(&mut self, row: u32, col: u32) -> View<'a> {
        self.at_row(row);
        match self.layout.cols.iter().position(|&(c, _)| c == col) {
            Some(i) => self
                .views
                .get(i)
                .copied()
                .unwrap_or_else(|| view(self.sh, row, col)),
            None => view(self.sh, row, col),
        }
    }

    /// True when the row holds nothing of its own in the table's columns.
    fn blank(&mut self, row: u32) -> bool {
        self.at_row(row);
        self.views
            .iter()
            .all(|v| v.covered || (v.text.is_empty() && v.error.is_none()))
    }

    /// The text of a role's cell in `row`, with its place; error cells are
    /// diagnosed and read as blank. `None` when the column is absent.
    fn text(&mut self, row: u32, role: Role) -> Text {
        let col = self.col(role)?;
        let v = self.view(row, col);
        let at = v.at;
        if let Some(err) = v.error {
            let loc = self.loc(at);
            self.sink
                .emit(
                    Code::CellError,
                    &loc,
                    format!("“{}”单元格是错误值 {err}", role.header()),
                )
                .help("公式出错了：改正公式，或直接填入文字")
                .snippet(Some(&Arc::from(err)));
            return Some(Box::new(Spanned::new(String::new(), loc)));
        }
        let loc = self.loc(at);
        let own = if at.0 == row {
            self.cells.and_then(|r| r.get(&at.1))
        } else {
            self.sh.get(at.0, at.1)
        };
        if !v.covered
            && let Some(cell) = own
        {
            cell.warn(self.sink, &loc, role.header());
        }
        let mut s = Spanned::new(v.text.to_string(), loc);
        s.raw = Some(Arc::from(v.text));
        Some(Box::new(s))
    }

    /// Optional text: blank gives `None`.
    fn opt(&mut self, row: u32, role: Role) -> Text {
        self.text(row, role).filter(|t| !t.value.is_empty())
    }
}

/// A grouping row inside the table ("一、行政给付类"): its one cell is
/// merged across most of the table's columns, or it stands alone in the
/// first columns and starts with a Chinese enumerator. It is not an item.
fn group_row(sh: &Sheet, row: u32, cells: &Row, layout: &Layout) -> bool {
    let mut filled = cells.iter().filter(|(_, c)| !c.text.is_empty());
    let (Some((&col, cell)), None) = (filled.next(), filled.next()) else {
        return false;
    };
    let (Some(first), Some(last)) = (
        layout.cols.iter().map(|&(c, _)| c).min(),
        layout.cols.iter().map(|&(c, _)| c).max(),
    ) else {
        return false;
    };
    let width = u64::from(last - first) + 1;
    if let Some(m) = sh.merge_at(row, col) {
        let covered = u64::from(m.c1.min(last).saturating_sub(m.c0.max(first))) + 1;
        if m.r0 == row && covered * 4 >= width * 3 {
            return true;
        }
    }
    let leading = layout
        .cols
        .iter()
        .any(|&(c, r)| c == col && matches!(r, Role::Seq | Role::Category | Role::Name));
    let t = cell.text.trim_start_matches(['（', '(']);
    let enumerated = t
        .char_indices()
        .find(|&(_, c)| !"一二三四五六七八九十".contains(c))
        .is_some_and(|(i, c)| i > 0 && "、.．）)".contains(c));
    leading && enumerated
}

/// Labels of the sign-off line under a form ("填表人：张三  联系电话：…").
const SIGN_OFF: &[&str] = &[
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "负责人",
    "单位负责人",
    "分管领导",
    "联系人",
    "联系电话",
    "填报日期",
    "填表日期",
    "制表日期",
];

/// Whether `t` starts with a sign-off label and a colon. (A bare word such
/// as “审核” is a handling step, never a sign-off.)
fn sign_off(t: &str) -> bool {
    // Most rows are data: no colon, no allocation.
    if !t.contains(['：', ':']) {
        return false;
    }
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    SIGN_OFF.iter().any(|l| {
        t.strip_prefix(l)
            .is_some_and(|r| r.starts_with(['：', ':']))
    })
}

/// A note or sign-off line under the table ("注：…", "说明：…", "填表说明",
/// "填表人：…").
fn note_row(cells: &Row) -> bool {
    let Some(first) = cells.values().find(|c| !c.text.is_empty()) else {
        return false;
    };
    let t = first.text.trim_start();
    let after_zhu = t.strip_prefix('注').map(|r| r.trim_start());
    after_zhu.is_some_and(|r| {
        r.is_empty() || r.starts_with(['：', ':', '1', '１', '一', '.', '、', '（', '('])
    }) || t.starts_with("说明：")
        || t.starts_with("说明:")
        || t.starts_with("填表说明")
        || t.starts_with("填报说明")
        || sign_off(t)
}

/// Reads one table; returns the catalogue and the row after it.
fn read_table(
    inc: &mut Incoming,
    layout: &Layout,
    file: &Arc<str>,
    cfg: &Config,
    sink: &mut Sink,
) -> (Catalog, u32) {
    let sh = &inc.sheet;
    for (c, text) in layout.extras.iter().take(MAX_UNKNOWN_COLUMN_WARNINGS) {
        let loc = Loc::cell(file, &sh.name, layout.header_row, *c);
        sink.emit(
            Code::ColumnUnknown,
            &loc,
            format!(
                "“{}”不是模板中的栏目，这一列的内容没有读入",
                text.replace('\n', "")
            ),
        )
        .help("模板之外的说明请写在“备注”列；如果这是模板栏目，请使用模板原词作表头");
    }
    if let Some((c, _)) = layout.extras.get(MAX_UNKNOWN_COLUMN_WARNINGS) {
        let loc = Loc::cell(file, &sh.name, layout.header_row, *c);
        let more = layout
            .extras
            .len()
            .saturating_sub(MAX_UNKNOWN_COLUMN_WARNINGS);
        sink.emit(
            Code::ColumnUnknown,
            &loc,
            format!("从这一列起还有 {more} 列不是模板中的栏目，其内容都没有读入"),
        )
        .help("删除模板之外的列，或把说明写在“备注”列");
    }
    let (unit, domain, kind) = identify(sh, layout, file, cfg, sink);
    let mut table = Table {
        items: Vec::new(),
        cur_item: None,
        cur_step: None,
        end: layout.data_start,
        next: layout.data_start,
    };
    loop {
        let mut rd = Reader::new(&inc.sheet, file, layout, sink);
        // `Some` only while the sheet is still arriving.
        match table_rows(&mut rd, inc, kind, &mut table) {
            Some(waiting) => inc.settle(waiting),
            None => break,
        }
    }
    let rd = Reader::new(&inc.sheet, file, layout, sink);
    (finish(rd, unit, domain, kind, table.items), table.end)
}

/// A table being read.
struct Table {
    items: Vec<Item>,
    /// Values of the current item and step, to tell continuation from new.
    cur_item: Option<(String, String, u32)>,
    cur_step: Option<String>,
    /// The row after the table (so far).
    end: u32,
    /// The next row to look at.
    next: u32,
}

/// Reads the table's rows from `table.next` on, as far as they have
/// arrived. `None` when the table has ended; otherwise the row it waits
/// for.
fn table_rows(rd: &mut Reader, inc: &Incoming, kind: Kind, table: &mut Table) -> Option<u32> {
    let sh = rd.sh;
    let layout = rd.layout;
    // Rows without cells of their own are blank (merges only repeat the
    // value of their top row), so only rows with cells are visited: a sheet
    // with a million empty formatted rows costs nothing.
    for (&r, cells) in sh.rows.range(table.next..) {
        if !inc.settled(r) {
            table.next = r;
            return Some(r);
        }
        table.next = r.saturating_add(1);
        if note_row(cells) {
            table.end = r.saturating_add(1);
            return None;
        }
        if rd.blank(r) || group_row(sh, r, cells, layout) {
            continue;
        }
        // Another table further down the sheet starts here.
        if r > layout.data_start && layout::header_at(sh, r, cells).is_some() {
            table.end = r;
            return None;
        }
        table.end = r.saturating_add(1);
        let seq = rd.col(Role::Seq).map(|c| rd.view(r, c));
        let name = rd.col(Role::Name).map(|c| rd.view(r, c));
        let differs = |v: &Option<View>, cur: &str| {
            v.as_ref()
                .is_some_and(|v| v.merge_top || (!v.covered && !v.text.is_empty() && v.text != cur))
        };
        let new_item = match &table.cur_item {
            None => true,
            Some((cseq, cname, _)) => differs(&seq, cseq) || differs(&name, cname),
        };
        if new_item {
            let item = Item {
                origin: Origin(rd.loc((r, rd.col(Role::Name).or(rd.col(Role::Seq)).unwrap_or(0)))),
                seq: rd.text(r, Role::Seq),
                category: rd.text(r, Role::Category),
                name: rd.text(r, Role::Name),
                subject: rd.text(r, Role::Subject),
                basis: if kind == Kind::Operational {
                    rd.text(r, Role::Basis)
                } else {
                    None
                },
                aspect: item_level(rd, r, Role::Aspect, Role::ItemAspect),
                remark: item_level(rd, r, Role::Remark, Role::ItemRemark),
                steps: Vec::new(),
            };
            table.cur_item = Some((
                seq.as_ref().map(|v| v.text.to_string()).unwrap_or_default(),
                name.as_ref()
                    .map(|v| v.text.to_string())
                    .unwrap_or_default(),
                r,
            ));
            table.cur_step = None;
            table.items.push(item);
        }
        let step_view = rd.col(Role::Step).map(|c| rd.view(r, c));
        let new_step = new_item
            || match &table.cur_step {
                None => true,
                Some(cur) => differs(&step_view, cur),
            };
        let Some(item) = table.items.last_mut() else {
            continue;
        };
        if new_step {
            let step = Step {
                origin: Origin(rd.loc((r, rd.col(Role::Step).unwrap_or(0)))),
                name: rd.text(r, Role::Step),
                time_limit: rd.text(r, Role::TimeLimit),
                infos: Vec::new(),
            };
            table.cur_step = Some(
                step_view
                    .as_ref()
                    .map(|v| v.text.to_string())
                    .unwrap_or_default(),
            );
            item.steps.push(step);
        }
        let item_start = table.cur_item.as_ref().map(|c| c.2).unwrap_or(r);
        let info = read_info(rd, r, kind, item_start);
        if let Some(step) = table.items.last_mut().and_then(|i| i.steps.last_mut()) {
            step.infos.push(info);
        }
    }
    // Every row that has arrived is read; the table goes on unless the
    // sheet is complete.
    (!inc.is_complete()).then_some(table.next)
}

/// 五公开/备注 merged over the item's rows belong to the item, and so does
/// a column of its own (事项五公开/事项备注).
fn item_level(rd: &mut Reader, row: u32, role: Role, own: Role) -> Text {
    if rd.col(own).is_some() {
        return rd.opt(row, own);
    }
    let col = rd.col(role)?;
    let m = rd.sh.merge_at(row, col)?;
    if m.r0 == row && m.r1 > m.r0 {
        rd.opt(row, role)
    } else {
        None
    }
}

fn row_level(rd: &mut Reader, row: u32, role: Role, item_start: u32) -> Text {
    let col = rd.col(role)?;
    if let Some(m) = rd.sh.merge_at(row, col)
        && m.r0 == item_start
        && m.r1 > m.r0
    {
        return None;
    }
    rd.opt(row, role)
}

fn read_info(rd: &mut Reader, r: u32, kind: Kind, item_start: u32) -> Info {
    let name = rd.text(r, Role::InfoName);
    let mut attrs = Vec::new();
    let first_attr_col = rd
        .layout
        .cols
        .iter()
        .find(|(_, role)| matches!(role, Role::Attr(_) | Role::AttrSingle))
        .map(|(c, _)| *c)
        .unwrap_or(0);
    // A cell whose mark could not be read: attr-missing points there, so the
    // reading diagnostic stands alone.
    let mut bad_attr_at = None;
    for &(c, role) in &rd.layout.cols {
        if !matches!(role, Role::Attr(_) | Role::AttrSingle) {
            continue;
        }
        let loc = rd.loc((r, c));
        rd.at_row(r);
        let cell = rd.cells.and_then(|row| row.get(&c));
        if let Some(err) = cell.and_then(|c| c.error.as_deref()) {
            bad_attr_at.get_or_insert(c);
            rd.sink
                .emit(
                    Code::CellError,
                    &loc,
                    format!("公开属性单元格是错误值 {err}"),
                )
                .help("公式出错了：改正公式，或直接填写 √");
            continue;
        }
        let text = cell.map(|c| c.text.trim()).unwrap_or("");
        match role {
            Role::Attr(a) => {
                if text.is_empty() || UNMARKS.contains(&text) {
                    continue;
                }
                let own = Attr::parse(text) == Some(a);
                if MARKS.contains(&text) || own {
                    let mut s = Spanned::new(a, loc);
                    s.raw = Some(Arc::from(text));
                    attrs.push(s);
                } else {
                    bad_attr_at.get_or_insert(c);
                    rd.sink
                        .emit(
                            Code::AttrMarkInvalid,
                            &loc,
                            format!("“{}”列中的标记“{text}”无法识别", a.label()),
                        )
                        .help("选中的公开属性列填 √（也可用 ✓ ✔ ● ■ 是 Y 1 x），其余三列留空")
                        .snippet(Some(&Arc::from(text)));
                }
            }
            Role::AttrSingle => {
                for part in text
                    .split(['、', ',', '，', '/'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    match Attr::parse(part) {
                        Some(a) => {
                            let mut s = Spanned::new(a, loc.clone());
                            s.raw = Some(Arc::from(text));
                            attrs.push(s);
                        }
                        None => {
                            bad_attr_at.get_or_insert(c);
                            rd.sink
                                .emit(
                                    Code::AttrInvalid,
                                    &loc,
                                    format!("公开属性“{part}”不是四种之一"),
                                )
                                .help("公开属性只能是：主动公开、依申请公开、部分公开、不予公开")
                                .snippet(Some(&Arc::from(text)));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let reason_loc = rd.col(Role::Reason).map(|c| (r, c));
    let annex3 = kind == Kind::Operational;
    let mut reason = rd.opt(r, Role::Reason);
    if reason.is_none()
        && let Some(at) = reason_loc
    {
        // Blank reason: keep its place so reason-missing points at it.
        reason = Some(Box::new(Spanned::new(String::new(), rd.loc(at))));
    }
    let blank_at = |rd: &Reader, role: Role| {
        rd.col(role)
            .map(|c| Spanned::new(String::new(), rd.loc((r, c))))
    };
    let time = if annex3 {
        rd.opt(r, Role::Time)
            .or_else(|| blank_at(rd, Role::Time).map(Box::new))
    } else {
        None
    };
    let route = if annex3 {
        rd.opt(r, Role::Route)
            .or_else(|| blank_at(rd, Role::Route).map(Box::new))
    } else {
        None
    };
    let medium = if annex3 {
        rd.opt(r, Role::Medium)
            .or_else(|| blank_at(rd, Role::Medium).map(Box::new))
    } else {
        None
    };
    Info {
        origin: Origin(rd.loc((r, rd.col(Role::InfoName).unwrap_or(0)))),
        name,
        attrs,
        attr_origin: Origin(rd.loc((r, bad_attr_at.unwrap_or(first_attr_col)))),
        reason,
        time,
        route,
        medium,
        aspect: row_level(rd, r, Role::Aspect, item_start),
        remark: row_level(rd, r, Role::Remark, item_start),
    }
}

fn finish(rd: Reader, unit: Text, domain: Text, kind: Kind, items: Vec<Item>) -> Catalog {
    if items.is_empty() {
        // A blank template: one finding saying what is left to do, instead
        // of the rules' findings on an empty catalogue.
        let loc = rd.loc((rd.layout.data_start, rd.col(Role::Name).unwrap_or(0)));
        rd.sink
            .emit(Code::FieldMissing, &loc, format!("工作表“{}”还没有填写政务事项", rd.sh.name))
            .help(format!(
                "从第 {} 行起，每条政府信息填一行：{}、{}、{}、{}、办理环节、政府信息名称，并在一种公开属性下填 √",
                rd.layout.data_start + 1,
                Field::Seq.header(),
                Field::Category.header(),
                Field::Name.header(),
                Field::Subject.header(),
            ));
    }
    Catalog {
        origin: Origin(rd.loc((rd.layout.header_row, 0))),
        file: rd.file.clone(),
        sheet: Some(rd.sh.name.clone()),
        unit,
        domain,
        kind,
        items,
    }
}

/// Text after "填报单位：" up to the next field on the same line.
fn after_label(text: &str, label: &str) -> Option<String> {
    let i = text.find(label)?;
    let rest = text.get(i + label.len()..)?;
    let rest = rest.trim_start_matches(|c: char| {
        c == '（' || c == '(' || c == '盖' || c == '章' || c == '）' || c == ')'
    });
    let rest = rest.trim_start_matches([':', '：', ' ', '\u{3000}']);
    // A field ends at a tab, an ideographic space or two spaces; a single
    // space can be part of a name ("区 人保局").
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            c == '\t'
                || c == '\u{3000}'
                || c == '\n'
                || (c.is_whitespace()
                    && rest
                        .get(i + c.len_utf8()..)
                        .and_then(|r| r.chars().next())
                        .is_some_and(char::is_whitespace))
        })
        .map_or(rest.len(), |(i, _)| i);
    let mut v = rest.get(..end).unwrap_or(rest).trim().to_string();
    for stop in ["填报日期", "填报时间", "联系人", "日期"] {
        if let Some(j) = v.find(stop) {
            v.truncate(j);
        }
    }
    let v = v
        .trim_end_matches(['，', ',', '；', ';'])
        .trim()
        .to_string();
    (!v.is_empty()).then_some(v)
}

/// Unit, domain and kind of a table: the project file's mapping, then the
/// title and 填报单位 rows, then the file and sheet names.
fn identify(
    sh: &Sheet,
    layout: &Layout,
    file: &Arc<str>,
    cfg: &Config,
    sink: &mut Sink,
) -> (Text, Text, Kind) {
    let file_loc = Loc::file(file);
    // Registrations and display paths compare with `/` separators (a
    // display path has `\\` on Windows).
    let file_s = crate::source::slash_path(file);
    let base = file_s.rsplit('/').next().unwrap_or(&file_s);
    let mapping = cfg.workbooks.iter().find(|w| {
        let wb = crate::source::slash_path(&w.file);
        file_s == wb || file_s.ends_with(&format!("/{wb}")) || wb == base
    });
    let mut unit: Text = mapping
        .and_then(|m| m.unit.clone())
        .map(|u| Box::new(Spanned::new(u, file_loc.clone())));
    let mut domain: Text = mapping
        .and_then(|m| m.domain.clone())
        .map(|d| Box::new(Spanned::new(d, file_loc.clone())));
    let mut kind = layout.kind;
    let registry_domains: Vec<&str> = cfg
        .registry
        .iter()
        .flat_map(|r| r.domains.iter().map(|d| d.value.as_str()))
        .collect();
    let registry_units: Vec<&str> = cfg.registry.iter().map(|r| r.unit.value.as_str()).collect();

    let title_rows: Vec<(u32, u32, String)> = sh
        .rows
        .range(..layout.header_row)
        .rev()
        .take(6)
        .flat_map(|(&r, cells)| {
            cells
                .iter()
                .map(move |(&c, cell)| (r, c, cell.text.clone()))
        })
        .collect();
    for (r, c, text) in &title_rows {
        let loc = Loc::cell(file, &sh.name, *r, *c);
        if unit.is_none()
            && let Some(u) = after_label(text, "填报单位").or_else(|| after_label(text, "单位名称"))
        {
            unit = Some(Box::new(Spanned::new(u, loc.clone())));
        }
        let flat = layout::normalise(text);
        if flat.contains("规范化操作目录") {
            kind = Kind::Operational;
        }
        if domain.is_none() && flat.contains("目录") {
            let found = registry_domains
                .iter()
                .filter(|d| flat.contains(*d))
                .max_by_key(|d| d.chars().count())
                .map(|d| d.to_string())
                .or_else(|| {
                    let (u, d) = names::from_title(&strip_region(&flat, &cfg.region));
                    if unit.is_none() {
                        let known = registry_units.iter().find(|r| flat.contains(**r));
                        if let Some(u) = known.map(|r| r.to_string()).or(u) {
                            unit = Some(Box::new(Spanned::new(u, loc.clone())));
                        }
                    }
                    d.filter(|d| d != "XX" && d != "xx")
                });
            if let Some(d) = found {
                domain = Some(Box::new(Spanned::new(d, loc.clone())));
            }
        }
    }
    // File and sheet names.
    let names = format!("{base} {}", sh.name);
    if unit.is_none()
        && let Some(u) = registry_units
            .iter()
            .filter(|u| names.contains(*u))
            .max_by_key(|u| u.len())
    {
        unit = Some(Box::new(Spanned::new(u.to_string(), file_loc.clone())));
    }
    if domain.is_none()
        && let Some(d) = registry_domains
            .iter()
            .filter(|d| names.contains(*d))
            .max_by_key(|d| d.len())
    {
        domain = Some(Box::new(Spanned::new(d.to_string(), file_loc.clone())));
    }
    // Names written in the file or sheet name, for a file read on its own.
    for name in [base, &*sh.name] {
        let (u, d) = names::from_file_name(name);
        if unit.is_none()
            && let Some(u) = u
        {
            unit = Some(Box::new(Spanned::new(u, file_loc.clone())));
        }
        if domain.is_none()
            && let Some(d) = d
        {
            domain = Some(Box::new(Spanned::new(d, file_loc.clone())));
        }
    }
    if unit.is_none() || domain.is_none() {
        let missing: Vec<&str> = [(unit.is_none(), "试点单位"), (domain.is_none(), "试点领域")]
            .into_iter()
            .filter(|(m, _)| *m)
            .map(|(_, s)| s)
            .collect();
        let loc = Loc::cell(file, &sh.name, layout.header_row, 0);
        sink.emit(Code::WorkbookUnitUnknown, &loc, format!("无法确定工作表“{}”的{}", sh.name, missing.join("和")))
            .help(format!(
                "在表头上方加标题行（如“社会救助领域政务公开事项标准化目录”）和“填报单位：区民政局”行；或在 gkml.yaml 中登记：\n工作簿:\n  - 文件: {base}\n    试点单位: …\n    试点领域: …"
            ));
    }
    (unit, domain, kind)
}

/// "上海市虹口区社会救助" → "社会救助" (the project's region removed).
fn strip_region(s: &str, region: &str) -> String {
    let mut s = s.to_string();
    if !region.is_empty() {
        s = s.replace(region, "");
        // "上海市虹口区" also appears as "虹口区".
        if let Some(i) = region.rfind('市')
            && let Some(county) = region.get(i + '市'.len_utf8()..).filter(|c| !c.is_empty())
        {
            s = s.replace(county, "");
        }
    }
    s.trim().to_string()
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

    /// What reading a sheet gives, comparable.
    fn made(inc: &mut Incoming, shown: &Arc<str>, cfg: &Config) -> String {
        let m = read_sheet(inc, shown, cfg);
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}",
            m.catalogs, m.nationals, m.ledgers, m.sink.diags
        )
    }

    /// The sheet with `copies` copies of its rows and merges below them,
    /// `gap` rows apart: several tables on one sheet, and a sheet long
    /// enough to be read while it arrives.
    fn stacked(sh: &Sheet, copies: u32, gap: u32) -> Sheet {
        let Some((&last, _)) = sh.rows.last_key_value() else {
            return sh.clone();
        };
        let mut out = sh.clone();
        let mut merges = sh.merges.clone();
        for k in 1..=copies {
            let shift = (last + 1 + gap) * k;
            for (&r, row) in &sh.rows {
                out.rows.insert(r + shift, row.clone());
            }
            merges.extend(sh.merges.iter().map(|m| sheet::Merge {
                r0: m.r0 + shift,
                r1: m.r1 + shift,
                ..*m
            }));
        }
        out.set_merges(merges).unwrap();
        out
    }

    /// The sheet moved `down` rows down (a long title block above the
    /// header).
    fn shifted(sh: &Sheet, down: u32) -> Sheet {
        let mut out = Sheet::named(sh.name.clone());
        out.rows = sh
            .rows
            .iter()
            .map(|(&r, row)| (r + down, row.clone()))
            .collect();
        let merges = sh.merges.iter().map(|m| sheet::Merge {
            r0: m.r0 + down,
            r1: m.r1 + down,
            ..*m
        });
        out.set_merges(merges.collect()).unwrap();
        out
    }

    #[test]
    fn rows_arriving_in_any_batches_or_order_read_as_the_whole_sheet() {
        // The unit tests are compiled by gkml-tests, whose directory is tests/.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let cfg = Config::default();
        let mut paths = Vec::new();
        for dir in ["workbooks", "national", "ledger"] {
            paths.extend(
                std::fs::read_dir(root.join(dir))
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "xlsx")),
            );
        }
        paths.sort();
        // Each workbook on its own (the test is compiled unoptimised): in
        // parallel, (sheets checked, tables read) added up.
        use rayon::prelude::*;
        let (checked, tables) = paths
            .par_iter()
            .map(|path| {
                let mut checked = 0;
                let mut tables = 0;
                let bytes = std::fs::read(path).unwrap();
                // As `read_contents`: what the sniffer turns away is not read.
                let Ok(kind) = sniff::sniff(&bytes) else {
                    return (0, 0);
                };
                let Ok(sheets) = super::super::incoming::load(bytes, kind) else {
                    return (0, 0);
                };
                let shown: Arc<str> = Arc::from(path.display().to_string());
                for sh in sheets.iter().flat_map(|sh| {
                    [
                        sh.clone(),
                        stacked(sh, 1, 0),
                        stacked(&shifted(sh, 15), 6, 3),
                    ]
                }) {
                    let whole_made = read_sheet(&mut Incoming::complete(sh.clone()), &shown, &cfg);
                    tables += whole_made.catalogs.len();
                    let whole = made(&mut Incoming::complete(sh.clone()), &shown, &cfg);
                    let n = sh.rows.len();
                    use super::super::incoming::Disorder::{Late, Split};
                    for (batch, disorder) in [
                        (1, None),
                        (3, None),
                        (256, None),
                        (1, Some(Late(n / 4))),
                        (2, Some(Split(n / 2))),
                    ] {
                        let got = super::super::incoming::feed(&sh, batch, disorder, |inc| {
                            made(inc, &shown, &cfg)
                        })
                        .unwrap();
                        assert_eq!(
                            got,
                            whole,
                            "{} {}: {batch} rows at a time, {disorder:?}",
                            path.display(),
                            sh.name
                        );
                    }
                    checked += 1;
                }
                (checked, tables)
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        // The fixtures' sheets (catalogues, national tables, a ledger),
        // each also stacked twice on one sheet, and seven times under a
        // title block of 15 rows.
        assert!(checked >= 90, "{checked} sheets");
        assert!(tables >= 120, "{tables} tables");
    }

    #[test]
    fn unit_label() {
        assert_eq!(
            after_label("填报单位：区民政局", "填报单位").as_deref(),
            Some("区民政局")
        );
        assert_eq!(
            after_label(
                "填报单位（盖章）：区民政局    填报日期：2017年9月",
                "填报单位"
            )
            .as_deref(),
            Some("区民政局")
        );
        assert_eq!(
            after_label("填报单位:区人保局填报日期:2017", "填报单位").as_deref(),
            Some("区人保局")
        );
        assert_eq!(
            after_label("填报单位：区 人保局", "填报单位").as_deref(),
            Some("区 人保局")
        );
        assert_eq!(
            after_label("填报单位：区民政局 填报日期：2017年9月", "填报单位").as_deref(),
            Some("区民政局")
        );
        assert_eq!(
            after_label("填报单位：区民政局  联系电话 12345", "填报单位").as_deref(),
            Some("区民政局")
        );
        assert_eq!(
            strip_region("上海市虹口区社会救助", "上海市虹口区"),
            "社会救助"
        );
        assert_eq!(strip_region("虹口区社会救助", "上海市虹口区"), "社会救助");
    }
}
