//! Writes workbooks in the plan's 附件2/附件3 layout (rust_xlsxwriter), one
//! file per thing produced:
//! - [`template`]: blank, fillable templates (`gkml template`, `init`);
//! - [`domain`]: a domain's workbook of `gkml build`, from the compiled
//!   catalogue ([`crate::compiled::Compiled`]) like the PDF and
//!   `catalog.json`;
//! - [`annotate`]: the catalogues as read (`gkml convert`) and a liaison's
//!   catalogue with every problem cell highlighted and explained in a note
//!   (批注, `gkml validate --annotate`).
//!
//! This file holds what they share: the layout of a sheet ([`Plan`], laid
//! out from the model or the compiled catalogue through [`ItemRow`]), the
//! formats, the title and header rows and the dropdowns.
//!
//! Layout: row 1 title, row 2 "填报单位：…", rows 3–4 the two-row header
//! (the attribute's group header merged over its four sub-columns), data
//! from row 5 with item- and step-level cells merged over their rows. What
//! this module writes, [`super::read`] reads back as an equal catalogue.

mod annotate;
mod bytes;
mod domain;
mod template;

pub use annotate::{annotate, catalog_sheets};
pub use bytes::workbook_bytes;
pub use domain::{DomainSheet, domain_workbook};
pub use template::template;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

use super::layout::Role;
use crate::config::{Config, parse_date};
use crate::diag::Severity;
use crate::format::Presence;
use crate::format::hongkou::{Field, HONGKOU_2017};
use crate::model::{Attr, Kind, Loc, Pos};

/// Why a workbook could not be written.
#[derive(Debug)]
pub struct WriteError(pub String);

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl From<XlsxError> for WriteError {
    fn from(e: XlsxError) -> Self {
        WriteError(format!("无法生成工作簿：{e}"))
    }
}

/// First data row (0-based): rows 1–4 are title, unit and header.
const DATA_START: u32 = 4;
/// Blank rows in a template.
const TEMPLATE_ROWS: u32 = 200;
/// Excel's limit on the text of one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on the joined list of a dropdown.
const MAX_LIST_CHARS: usize = 255;

/// One column of the written table.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Col {
    role: Role,
    width: f64,
}

fn col(role: Role, width: f64) -> Col {
    Col { role, width }
}

/// Optional columns at the end of the table.
#[derive(Clone, Copy, Debug, Default)]
struct Extras {
    item_aspect: bool,
    aspect: bool,
    item_remark: bool,
    remark: bool,
}

impl Extras {
    /// Whether an optional column is wanted.
    fn has(self, field: Field) -> bool {
        match field {
            Field::ItemAspect => self.item_aspect,
            Field::Aspect => self.aspect,
            Field::ItemRemark => self.item_remark,
            Field::Remark => self.remark,
            _ => false,
        }
    }

    /// The optional columns some row of `items` fills.
    fn of<'a, I: ItemRow + 'a>(items: impl IntoIterator<Item = &'a I>) -> Extras {
        let mut e = Extras::default();
        let has = |v: Val<'_>| !v.0.trim().is_empty();
        for item in items {
            e.item_aspect |= has(item.val(Field::ItemAspect));
            e.item_remark |= has(item.val(Field::ItemRemark));
            for info in item.steps().iter().flat_map(|s| s.infos()) {
                e.aspect |= has(info.val(Field::Aspect));
                e.remark |= has(info.val(Field::Remark));
            }
        }
        e
    }
}

/// A value as a sheet shows it, and where it was read (for the notes of an
/// annotated workbook; `None` for the compiled catalogue).
pub type Val<'a> = (&'a str, Option<&'a Loc>);

/// A row of some level the layout reads: the model's (annotated and
/// converted workbooks, implemented in [`annotate`]) or the compiled
/// catalogue's (domain workbooks, implemented in `src/compiled.rs`).
pub trait Row {
    /// The value of one of its columns (`("", None)` for a column of
    /// another level or a blank).
    fn val(&self, field: Field) -> Val<'_>;
    /// Where the row itself was read.
    fn origin(&self) -> Option<&Loc>;
}

/// A 政务事项 row.
pub trait ItemRow: Row {
    type Step: StepRow;
    /// Its 办理环节.
    fn steps(&self) -> &[Self::Step];
}

/// A 办理环节 row.
pub trait StepRow: Row {
    type Info: InfoRow;
    /// Its 政府信息.
    fn infos(&self) -> &[Self::Info];
}

/// A 政府信息 row.
pub trait InfoRow: Row {
    /// One entry per mark of `attr` (with where it was read).
    fn marks(&self, attr: Attr) -> Vec<Option<&Loc>>;
    /// Where a missing or doubled attribute is reported.
    fn attr_origin(&self) -> Option<&Loc>;
}

/// The template's columns for a kind (from the format description: the
/// columns the kind has, a choice column as its tick sub-columns), the
/// optional ones only when `extras` says some row fills them.
fn columns(kind: Kind, extras: Extras) -> Vec<Col> {
    let mut cols = Vec::new();
    for c in HONGKOU_2017.columns {
        let Some(k) = c.in_kind(kind.index()) else {
            continue;
        };
        let wanted = match k.presence {
            Presence::Absent => false,
            Presence::Required | Presence::Always => true,
            Presence::Optional => extras.has(c.field),
        };
        if !wanted {
            continue;
        }
        if c.field == Field::Attr {
            for a in Attr::ALL {
                cols.push(col(Role::Attr(a), c.sheet_width));
            }
        } else {
            cols.push(col(Role::of(c.field), c.sheet_width));
        }
    }
    cols
}

/// Header text of a column (the template's words, with line breaks where
/// the printed template has them).
fn header(role: Role) -> &'static str {
    role.sheet_header()
}

/// How a cell is formatted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Style {
    Text,
    Center,
}

/// A cell (or vertical merged range) of the data area.
#[derive(Clone, Debug)]
struct PCell {
    row: u32,
    col: u16,
    last_row: u32,
    value: String,
    style: Style,
}

/// Everything about one sheet before it is written.
struct Plan {
    name: String,
    kind: Kind,
    title: String,
    unit_line: String,
    cols: Vec<Col>,
    cells: Vec<PCell>,
    /// Rows after the last data row.
    end_row: u32,
    /// Original place → cell written here.
    exact: HashMap<Loc, (u32, u16)>,
    /// Where "no/several attributes" findings go (for YAML the place of a
    /// missing attribute is the information's own place).
    attr_exact: HashMap<Loc, (u32, u16)>,
    /// (file, sheet, original row) → row here, for diagnostics on cells the
    /// model holds no value for.
    rows: HashMap<(String, String, u32), u32>,
    /// (file, sheet, original column) → column here.
    cols_by_orig: HashMap<(String, String, u32), u16>,
}

impl Plan {
    /// An empty sheet plan: title and 填报单位 line for `domain` and `unit`,
    /// the template's columns plus `extras`.
    fn new(name: String, kind: Kind, domain: &str, unit: &str, extras: Extras) -> Plan {
        Plan {
            name,
            kind,
            title: title(kind, domain),
            unit_line: format!("填报单位：{unit}"),
            cols: columns(kind, extras),
            cells: Vec::new(),
            end_row: DATA_START,
            exact: HashMap::new(),
            attr_exact: HashMap::new(),
            rows: HashMap::new(),
            cols_by_orig: HashMap::new(),
        }
    }

    fn col_of(&self, role: Role) -> Option<u16> {
        self.cols
            .iter()
            .position(|c| c.role == role)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// Records that the value from `loc` is shown at (row, col).
    fn remember(&mut self, loc: &Loc, row: u32, col: u16) {
        self.exact.entry(loc.clone()).or_insert((row, col));
        if let Pos::Cell {
            sheet,
            row: r,
            col: c,
        } = &loc.pos
        {
            let key = |n: u32| (loc.file.to_string(), sheet.to_string(), n);
            self.rows.entry(key(*r)).or_insert(row);
            self.cols_by_orig.entry(key(*c)).or_insert(col);
        }
    }

    /// Writes a value at (row..=last_row, role's column).
    fn put(&mut self, row: u32, last_row: u32, role: Role, (value, loc): Val<'_>) {
        let Some(c) = self.col_of(role) else { return };
        if let Some(loc) = loc {
            self.remember(loc, row, c);
        }
        let style = if matches!(role, Role::Seq) {
            Style::Center
        } else {
            Style::Text
        };
        self.cells.push(PCell {
            row,
            col: c,
            last_row,
            value: value.to_string(),
            style,
        });
    }

    /// Lays out the rows of a catalogue from the first data row.
    fn lay_out<I: ItemRow>(&mut self, items: &[I]) {
        let mut row = DATA_START;
        for item in items {
            row = self.item(item, row);
        }
        self.end_row = row;
    }

    fn item<I: ItemRow>(&mut self, item: &I, start: u32) -> u32 {
        let steps = item.steps();
        let height: u32 = steps
            .iter()
            .map(|s| (s.infos().len() as u32).max(1))
            .sum::<u32>()
            .max(1);
        let last = start + height - 1;
        for (role, field) in [
            (Role::Seq, Field::Seq),
            (Role::Category, Field::Category),
            (Role::Name, Field::Name),
            (Role::Subject, Field::Subject),
        ] {
            self.put(start, last, role, item.val(field));
        }
        if self.kind == Kind::Operational {
            self.put(start, last, Role::Basis, item.val(Field::Basis));
        }
        self.put(start, last, Role::ItemAspect, item.val(Field::ItemAspect));
        self.put(start, last, Role::ItemRemark, item.val(Field::ItemRemark));
        if let (Some(c), Some(loc)) = (
            self.col_of(Role::Name).or(self.col_of(Role::Seq)),
            item.origin(),
        ) {
            self.remember(loc, start, c);
        }
        let mut row = start;
        if steps.is_empty() {
            self.blank_info_row(row);
            for role in [Role::Step, Role::TimeLimit] {
                self.put(row, row, role, ("", None));
            }
            return row + 1;
        }
        for step in steps {
            let infos = step.infos();
            let h = (infos.len() as u32).max(1);
            self.put(row, row + h - 1, Role::Step, step.val(Field::Step));
            self.put(
                row,
                row + h - 1,
                Role::TimeLimit,
                step.val(Field::TimeLimit),
            );
            if let (Some(c), Some(loc)) = (self.col_of(Role::Step), step.origin()) {
                self.remember(loc, row, c);
            }
            if infos.is_empty() {
                self.blank_info_row(row);
            }
            for (i, info) in infos.iter().enumerate() {
                self.info(info, row + i as u32);
            }
            row += h;
        }
        row
    }

    fn blank_info_row(&mut self, row: u32) {
        let roles: Vec<Role> = self
            .cols
            .iter()
            .map(|c| c.role)
            .filter(|r| !is_item_role(*r) && !matches!(r, Role::Step | Role::TimeLimit))
            .collect();
        for role in roles {
            self.put(row, row, role, ("", None));
        }
    }

    fn info<R: InfoRow>(&mut self, info: &R, row: u32) {
        self.put(row, row, Role::InfoName, info.val(Field::InfoName));
        if let (Some(c), Some(loc)) = (self.col_of(Role::InfoName), info.origin()) {
            self.remember(loc, row, c);
        }
        let first_attr = self.col_of(Role::Attr(Attr::Active));
        for a in Attr::ALL {
            let Some(c) = self.col_of(Role::Attr(a)) else {
                continue;
            };
            let marks = info.marks(a);
            for loc in marks.iter().flatten() {
                self.remember(loc, row, c);
            }
            self.cells.push(PCell {
                row,
                col: c,
                last_row: row,
                value: if marks.is_empty() {
                    String::new()
                } else {
                    "√".to_string()
                },
                style: Style::Center,
            });
        }
        // Where "no attribute marked" points: its original column if that
        // is an attribute column here, else the first attribute column.
        if let (Some(first), Some(attr_loc)) = (first_attr, info.attr_origin()) {
            let mapped = match &attr_loc.pos {
                Pos::Cell { sheet, col, .. } => self
                    .cols_by_orig
                    .get(&(attr_loc.file.to_string(), sheet.to_string(), *col))
                    .copied()
                    .filter(|c| {
                        matches!(
                            self.cols.get(usize::from(*c)).map(|x| x.role),
                            Some(Role::Attr(_))
                        )
                    }),
                _ => None,
            };
            let at = (row, mapped.unwrap_or(first));
            self.exact.entry(attr_loc.clone()).or_insert(at);
            self.attr_exact.entry(attr_loc.clone()).or_insert(at);
        }
        self.put(row, row, Role::Reason, info.val(Field::Reason));
        if self.kind == Kind::Operational {
            self.put(row, row, Role::Time, info.val(Field::Time));
            self.put(row, row, Role::Route, info.val(Field::Route));
            self.put(row, row, Role::Medium, info.val(Field::Medium));
        }
        self.put(row, row, Role::Aspect, info.val(Field::Aspect));
        self.put(row, row, Role::Remark, info.val(Field::Remark));
    }
}

fn is_item_role(r: Role) -> bool {
    matches!(
        r,
        Role::Seq
            | Role::Category
            | Role::Name
            | Role::Subject
            | Role::Basis
            | Role::ItemAspect
            | Role::ItemRemark
    )
}

/// Title row text.
fn title(kind: Kind, domain: &str) -> String {
    let domain = if domain.trim().is_empty() {
        "XX"
    } else {
        domain.trim()
    };
    format!("{domain}{}", kind.spec().title)
}

/// The sheet name for a unit's catalogue of a kind in a domain (blank
/// names left out).
fn catalog_sheet_name(unit: &str, domain: &str, kind: Kind, used: &mut HashSet<String>) -> String {
    let wanted = [unit.trim(), domain.trim(), kind.label()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-");
    sheet_name(&wanted, used)
}

/// A sheet name Excel accepts: no []:*?/\, not starting or ending with ',
/// at most 31 characters, unique in the workbook (case-insensitively).
fn sheet_name(wanted: &str, used: &mut HashSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches(['\'', ' ']).to_string();
    let base = if clean.is_empty() {
        "目录".to_string()
    } else {
        clean
    };
    for n in 1u32.. {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("({n})")
        };
        let room = 31 - suffix.chars().count();
        let name: String = base.chars().take(room).collect::<String>() + &suffix;
        let name = name.trim_end_matches('\'').to_string();
        if used.insert(name.to_lowercase()) {
            return name;
        }
    }
    base
}

/// Formats, built once per workbook.
struct Formats {
    title: Format,
    unit: Format,
    header: Format,
    text: Format,
    center: Format,
    /// (style, severity) → highlighted formats.
    marked: BTreeMap<(Style, Severity), Format>,
}

const FONT: &str = "宋体";

impl Formats {
    fn new() -> Formats {
        let body = Format::new()
            .set_font_name(FONT)
            .set_font_size(10)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let text = body.clone().set_align(FormatAlign::Left);
        let center = body.clone().set_align(FormatAlign::Center);
        let mut marked = BTreeMap::new();
        for (sev, color) in [(Severity::Error, 0xFFC7CE), (Severity::Warning, 0xFFEB9C)] {
            marked.insert(
                (Style::Text, sev),
                text.clone().set_background_color(Color::RGB(color)),
            );
            marked.insert(
                (Style::Center, sev),
                center.clone().set_background_color(Color::RGB(color)),
            );
        }
        Formats {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            unit: Format::new()
                .set_font_name(FONT)
                .set_font_size(11)
                .set_align(FormatAlign::Left),
            header: Format::new()
                .set_font_name(FONT)
                .set_font_size(10)
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9D9D9)),
            text,
            center,
            marked,
        }
    }

    fn cell(&self, style: Style, sev: Option<Severity>) -> &Format {
        if let Some(f) = sev.and_then(|s| self.marked.get(&(style, s))) {
            return f;
        }
        match style {
            Style::Text => &self.text,
            Style::Center => &self.center,
        }
    }
}

/// A fixed document date (so the same input gives the same bytes): the
/// project's 编制日期, else 1 January of its 年度, else 2017-01-01.
fn doc_properties(cfg: &Config) -> Result<DocProperties, WriteError> {
    let (y, m, d) = cfg
        .date
        .as_deref()
        .and_then(parse_date)
        .or_else(|| {
            cfg.year
                .as_deref()
                .and_then(|y| y.trim().parse().ok())
                .map(|y| (y, 1, 1))
        })
        .filter(|(y, _, _)| (1900..=9999).contains(y))
        .unwrap_or((2017, 1, 1));
    let when = ExcelDateTime::from_ymd(u16::try_from(y).unwrap_or(2017), m, d)
        .or_else(|_| ExcelDateTime::from_ymd(2017, 1, 1))?;
    Ok(DocProperties::new()
        .set_title(cfg.title.as_str())
        .set_author("gkml")
        .set_creation_datetime(&when))
}

fn new_workbook(cfg: &Config) -> Result<Workbook, WriteError> {
    let mut wb = Workbook::new();
    wb.set_properties(&doc_properties(cfg)?);
    Ok(wb)
}

fn clip(s: &str) -> String {
    if s.chars().count() > MAX_CELL_CHARS {
        s.chars().take(MAX_CELL_CHARS).collect()
    } else {
        s.to_string()
    }
}

/// Title, 填报单位 row, the two-row header, widths, print set-up, frozen
/// header, and the dropdowns/hints over `rows` data rows.
fn write_frame(
    ws: &mut Worksheet,
    p: &Plan,
    fm: &Formats,
    cfg: &Config,
    data_rows: u32,
) -> Result<(), WriteError> {
    let ncols = u16::try_from(p.cols.len()).unwrap_or(u16::MAX);
    let last_col = ncols.saturating_sub(1);
    ws.merge_range(0, 0, 0, last_col, &p.title, &fm.title)?;
    ws.set_row_height(0, 30)?;
    ws.merge_range(1, 0, 1, last_col, &clip(&p.unit_line), &fm.unit)?;
    ws.set_row_height(1, 20)?;
    for (i, c) in p.cols.iter().enumerate() {
        let Ok(ci) = u16::try_from(i) else { continue };
        ws.set_column_width(ci, c.width)?;
        if !matches!(c.role, Role::Attr(_)) {
            ws.merge_range(2, ci, 3, ci, header(c.role), &fm.header)?;
        }
    }
    let first_attr = p.col_of(Role::Attr(Attr::Active));
    let last_attr = p.col_of(Role::Attr(Attr::Withheld));
    if let (Some(a0), Some(a1)) = (first_attr, last_attr) {
        ws.merge_range(2, a0, 2, a1, Field::Attr.header(), &fm.header)?;
        for a in Attr::ALL {
            if let Some(c) = p.col_of(Role::Attr(a)) {
                ws.write_string_with_format(3, c, header(Role::Attr(a)), &fm.header)?;
            }
        }
    }
    ws.set_row_height(2, 24)?;
    ws.set_row_height(3, 36)?;
    ws.set_freeze_panes(DATA_START, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(2, 3)?;
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    validations(ws, p, cfg, data_rows)?;
    Ok(())
}

/// Dropdowns on the 公开属性 columns and 政务事项分类, hints on the columns
/// people get wrong.
fn validations(
    ws: &mut Worksheet,
    p: &Plan,
    cfg: &Config,
    data_rows: u32,
) -> Result<(), WriteError> {
    if data_rows == 0 {
        return Ok(());
    }
    let (r0, r1) = (DATA_START, DATA_START + data_rows - 1);
    if let (Some(a0), Some(a1)) = (
        p.col_of(Role::Attr(Attr::Active)),
        p.col_of(Role::Attr(Attr::Withheld)),
    ) {
        let dv = DataValidation::new()
            .allow_list_strings(&["√"])?
            .set_input_title(Field::Attr.header())?
            .set_input_message("四种属性中选一种：在对应列填 √（可从下拉列表选择），其余三列留空。部分公开、不予公开须在“理由”列写明理由和法定依据。")?
            .set_error_title("公开属性只填 √")?
            .set_error_message("在选中的公开属性列填 √，其余三列留空。")?
            .set_error_style(DataValidationErrorStyle::Warning);
        ws.add_data_validation(r0, a0, r1, a1, &dv)?;
    }
    if let Some(c) = p.col_of(Role::Category) {
        let cats: Vec<&str> = cfg
            .categories
            .iter()
            .map(String::as_str)
            .filter(|s| !s.contains(','))
            .collect();
        let joined: usize = cats.iter().map(|s| s.encode_utf16().count() + 1).sum();
        if !cats.is_empty() && joined <= MAX_LIST_CHARS {
            let dv = DataValidation::new()
                .allow_list_strings(cats.as_slice())?
                .set_input_title(Field::Category.header())?
                .set_input_message(clip_msg(&format!("从下拉列表选择：{}", cats.join("、"))))?
                .set_error_title(format!("{}不在词表中", Field::Category.header()))?
                .set_error_message(format!("请从下拉列表中选择{}。", Field::Category.header()))?
                .set_error_style(DataValidationErrorStyle::Warning);
            ws.add_data_validation(r0, c, r1, c, &dv)?;
        }
    }
    let grounds: Vec<&str> = cfg
        .grounds
        .iter()
        .map(|g| g.name.as_str())
        .take(4)
        .collect();
    let hints: [(Role, String); 3] = [
        (
            Role::Reason,
            format!(
                "只有部分公开、不予公开才填。写明理由并援引法定依据，例如“涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开”。可援引：{}",
                grounds.join("；")
            ),
        ),
        (
            Role::TimeLimit,
            "写成：即时、当场、5个工作日、10日、1个月、每月，或“受理之日起10个工作日内”。"
                .to_string(),
        ),
        (
            Role::Time,
            format!(
                "主动公开：信息形成之日起{}内（如“信息形成之日起3个工作日内”）；依申请公开：收到申请之日起20个工作日内；不予公开：留空。",
                cfg.deadline_text
            ),
        ),
    ];
    for (role, msg) in hints {
        let Some(c) = p.col_of(role) else { continue };
        let dv = DataValidation::new()
            .allow_any_value()
            .set_input_title(role.header())?
            .set_input_message(clip_msg(&msg))?;
        ws.add_data_validation(r0, c, r1, c, &dv)?;
    }
    Ok(())
}

/// An input message within Excel's 255 UTF-16 units.
fn clip_msg(s: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    for ch in s.chars() {
        n += ch.len_utf16();
        if n > 250 {
            out.push('…');
            break;
        }
        out.push(ch);
    }
    out
}

/// Notes for the cells of one sheet: (row, col) → (worst severity, text).
type Marks = BTreeMap<(u32, u16), (Severity, String)>;

fn write_sheet(
    wb: &mut Workbook,
    p: &Plan,
    fm: &Formats,
    cfg: &Config,
    marks: &Marks,
) -> Result<(), WriteError> {
    let ws = wb.add_worksheet();
    ws.set_name(&p.name)?;
    let data_rows = p.end_row - DATA_START;
    write_frame(ws, p, fm, cfg, data_rows.max(1))?;
    for c in &p.cells {
        let sev = marks.get(&(c.row, c.col)).map(|m| m.0);
        let f = fm.cell(c.style, sev);
        let value = clip(&c.value);
        if c.last_row > c.row {
            ws.merge_range(c.row, c.col, c.last_row, c.col, &value, f)?;
        } else if let Some(n) = seq_number(&value, p, c.col) {
            ws.write_number_with_format(c.row, c.col, n, f)?;
        } else if value.is_empty() {
            ws.write_blank(c.row, c.col, f)?;
        } else {
            ws.write_string_with_format(c.row, c.col, &value, f)?;
        }
    }
    if p.cells.is_empty() {
        // An empty catalogue still shows one bordered row to fill.
        for c in 0..u16::try_from(p.cols.len()).unwrap_or(0) {
            ws.write_blank(DATA_START, c, &fm.text)?;
        }
    }
    ws.set_default_note_author("gkml");
    for (&(r, c), (_, msg)) in marks {
        let note = Note::new(msg.as_str())
            .add_author_prefix(false)
            .set_width(360)
            .set_height(160);
        ws.insert_note(r, c, &note)?;
    }
    Ok(())
}

/// 序号 written as a number when it is a plain one (it reads back the same).
fn seq_number(v: &str, p: &Plan, col: u16) -> Option<f64> {
    if p.col_of(Role::Seq) != Some(col) {
        return None;
    }
    let plain = !v.is_empty()
        && v.len() <= 9
        && v.bytes().all(|b| b.is_ascii_digit())
        && (v == "0" || !v.starts_with('0'));
    plain.then(|| v.parse::<f64>().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names() {
        let mut used = HashSet::new();
        assert_eq!(
            sheet_name("区民政局-社会救助-标准化目录", &mut used),
            "区民政局-社会救助-标准化目录"
        );
        assert_eq!(
            sheet_name("区民政局-社会救助-标准化目录", &mut used),
            "区民政局-社会救助-标准化目录(2)"
        );
        assert_eq!(sheet_name("a/b[c]:d*e?f\\g", &mut used), "a_b_c__d_e_f_g");
        let long = "很".repeat(40);
        let n = sheet_name(&long, &mut used);
        assert_eq!(n.chars().count(), 31);
        let n2 = sheet_name(&long, &mut used);
        assert_eq!(n2.chars().count(), 31);
        assert!(n2.ends_with("(2)"));
        assert_eq!(sheet_name("''", &mut used), "目录");
    }

    #[test]
    fn messages_fit() {
        let long = "长".repeat(400);
        assert!(clip_msg(&long).encode_utf16().count() <= 255);
    }
}
