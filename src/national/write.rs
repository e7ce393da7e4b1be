//! Writes national catalogues as a workbook in the layout counties publish:
//! a title row naming the domain, an 编制单位 row, the two-row header with
//! merged groups, 一级事项 merged down its rows, channels as one ■/□ cell
//! (or, for a table read with one √ column per channel, those columns under
//! a merged 公开渠道和载体 heading), √ in the 公开对象 / 公开方式 / 公开层级
//! columns. [`super::workbook`]
//! reads it back to the same catalogue. The same layout makes the blank
//! template (`gkml template --kind 标准目录`) and the annotated copy of
//! `validate --annotate` (each problem cell filled, with a note).

use std::collections::{HashMap, HashSet};

use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

use super::channel::{self, Mark, MarkMeaning};
use super::labels::{Audience, Method};
use super::model::{Channels, NationalCatalog, Ticks, keys};
use crate::code::Severity;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Loc, Pos, Text, cell_name, text};

/// A column of the written table.
enum Out {
    Seq,
    Dir1,
    Level1,
    Level2,
    Level3,
    Field(&'static str, fn(&super::model::Row) -> &Text),
    Channels,
    /// One channel's √ column (tables that give channels so).
    ChannelColumn(String),
    Audience(Audience),
    Method(Method),
    Level(String),
}

/// The workbook's bytes: one sheet per catalogue.
pub fn workbook(cats: &[&NationalCatalog], meaning: MarkMeaning) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let mut used = HashSet::new();
    for cat in cats {
        let ws = wb.add_worksheet();
        let wanted = if cat.domain_text().is_empty() {
            "标准目录".to_string()
        } else {
            cat.domain_text().to_string()
        };
        ws.set_name(sheet_name(&wanted, &mut used))?;
        write_sheet(ws, cat, meaning)?;
    }
    crate::xlsx::write::workbook_bytes(&mut wb)
}

/// Where the values of a written sheet came from: each value's place as
/// read, and the rows and columns of the source, mapped to the written cell.
#[derive(Default)]
struct Placement {
    exact: HashMap<Loc, (u32, u16)>,
    rows: HashMap<(String, String, u32), u32>,
    cols: HashMap<(String, String, u32), u16>,
    /// The text written in each cell (to rewrite it filled).
    cells: HashMap<(u32, u16), String>,
}

impl Placement {
    fn note(&mut self, loc: Option<&Loc>, at: (u32, u16), value: &str) {
        self.cells.entry(at).or_insert_with(|| value.to_string());
        let Some(loc) = loc else { return };
        self.exact.entry(loc.clone()).or_insert(at);
        if let Pos::Cell { sheet, row, col } = &loc.pos {
            let key = |n: u32| (loc.file.to_string(), sheet.to_string(), n);
            self.rows.entry(key(*row)).or_insert(at.0);
            self.cols.entry(key(*col)).or_insert(at.1);
        }
    }

    /// Where a finding lands on this sheet, if anywhere.
    fn place(&self, loc: &Loc) -> Option<(u32, u16)> {
        if let Some(&at) = self.exact.get(loc) {
            return Some(at);
        }
        if let Pos::Cell { sheet, row, col } = &loc.pos {
            let key = |n: u32| (loc.file.to_string(), sheet.to_string(), n);
            let r = self.rows.get(&key(*row))?;
            let c = self.cols.get(&key(*col))?;
            return Some((*r, *c));
        }
        None
    }
}

fn loc_of(t: &Text) -> Option<&Loc> {
    t.as_ref().map(|s| &s.loc)
}

/// The catalogues in the national layout, each cell a finding points at
/// filled (errors red, warnings yellow) with a note saying what is wrong and
/// how to fix it; findings that name no cell of a sheet go on the title cell
/// of their file's first sheet. A 问题清单 sheet lists every finding.
pub fn annotate(
    cats: &[&NationalCatalog],
    diags: &[Diagnostic],
    meaning: MarkMeaning,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let mut used = HashSet::new();
    let mut names = Vec::new();
    let mut placements = Vec::new();
    for cat in cats {
        let ws = wb.add_worksheet();
        let name = sheet_name(&wanted_name(cat), &mut used);
        ws.set_name(&name)?;
        placements.push(write_sheet(ws, cat, meaning)?);
        names.push(name);
    }
    let mut marks: Vec<HashMap<(u32, u16), (Severity, String)>> =
        vec![HashMap::new(); placements.len()];
    let mut placed = Vec::with_capacity(diags.len());
    for d in diags {
        let at = placements
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.place(&d.loc).map(|c| (i, c)))
            .or_else(|| {
                cats.iter()
                    .position(|c| *c.file == *d.loc.file)
                    .map(|i| (i, (0, 0)))
            });
        if let Some((i, cell)) = at
            && let Some(m) = marks.get_mut(i)
        {
            let e = m.entry(cell).or_insert((d.severity, String::new()));
            e.0 = e.0.max(d.severity);
            if !e.1.is_empty() {
                e.1.push_str("\n\n");
            }
            e.1.push_str(&note_text(d));
        }
        placed.push(at);
    }
    for (i, m) in marks.iter().enumerate() {
        let (Some(p), Ok(ws)) = (placements.get(i), wb.worksheet_from_index(i)) else {
            continue;
        };
        let mut cells: Vec<_> = m.iter().collect();
        cells.sort_by_key(|(c, _)| **c);
        for (&(r, c), (sev, msg)) in cells {
            let fill = match sev {
                Severity::Error => Color::RGB(0xFFC7CE),
                Severity::Warning => Color::RGB(0xFFEB9C),
            };
            let f = Format::new()
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(fill);
            let value = p.cells.get(&(r, c)).cloned().unwrap_or_default();
            ws.write_string_with_format(r, c, clip(&value), &f)?;
            let note = Note::new(clip_note(msg))
                .set_author("gkml")
                .set_width(360)
                .set_height(160);
            ws.insert_note(r, c, &note)?;
        }
    }
    problem_sheet(&mut wb, &names, diags, &placed, &mut used)?;
    crate::xlsx::write::workbook_bytes(&mut wb)
}

fn wanted_name(cat: &NationalCatalog) -> String {
    match (cat.unit_text(), cat.domain_text()) {
        (_, "") => "标准目录".to_string(),
        ("", d) => d.to_string(),
        (u, d) => format!("{u}-{d}"),
    }
}

fn note_text(d: &Diagnostic) -> String {
    let mut s = format!("【{}】{}", d.severity.label(), d.message);
    if let Some(h) = &d.help {
        s.push_str("\n修改：");
        s.push_str(h);
    }
    let pos = d.loc.position_label();
    if pos.is_empty() {
        s.push_str(&format!("\n（规则 {}）", d.code.as_str()));
    } else {
        s.push_str(&format!("\n（原位置 {pos}，规则 {}）", d.code.as_str()));
    }
    s
}

fn problem_sheet(
    wb: &mut Workbook,
    names: &[String],
    diags: &[Diagnostic],
    placed: &[Option<(usize, (u32, u16))>],
    used: &mut HashSet<String>,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name("问题清单", used))?;
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9D9D9));
    let body = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let heads = [
        ("原文件和位置", 28.0),
        ("级别", 6.0),
        ("规则", 22.0),
        ("问题", 50.0),
        ("修改建议", 50.0),
        ("本工作簿中的位置", 24.0),
    ];
    for (c, (h, w)) in (0u16..).zip(heads) {
        ws.set_column_width(c, w)?;
        ws.write_string_with_format(0, c, h, &head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if diags.is_empty() {
        ws.write_string_with_format(1, 0, "没有发现问题", &body)?;
    }
    for (r, (d, at)) in (1u32..).zip(diags.iter().zip(placed)) {
        let here = at
            .and_then(|(s, (row, col))| {
                names
                    .get(s)
                    .map(|n| format!("{n}!{}", cell_name(row, u32::from(col))))
            })
            .unwrap_or_else(|| "—".to_string());
        let cells = [
            d.loc.to_string(),
            d.severity.label().to_string(),
            d.code.as_str().to_string(),
            d.message.clone(),
            d.help.clone().unwrap_or_default(),
            here,
        ];
        for (c, v) in (0u16..).zip(cells.iter()) {
            ws.write_string_with_format(r, c, clip(v), &body)?;
        }
    }
    Ok(())
}

/// Rows with borders ready to fill in a template.
const TEMPLATE_ROWS: u32 = 200;
/// The first data row of the written layout (title, 编制单位, two header rows).
const DATA_START: u32 = 4;

/// A blank national template (`gkml template --kind 标准目录`): the title
/// and 编制单位 rows, the two-row header with merged groups, one ■/□
/// checklist cell for 公开渠道和载体 whose input hint lists the project's
/// channels, √ dropdowns under 公开对象 / 公开方式 / 公开层级 (the project's
/// levels, or 县级 and 乡级), a frozen header and a 填表说明 sheet. gkml
/// reads it back as a table with no rows. Same arguments, same bytes.
pub fn template(
    unit: Option<&str>,
    domain: Option<&str>,
    cfg: &Config,
) -> Result<Vec<u8>, XlsxError> {
    let unit = unit.unwrap_or("").trim();
    let domain = domain.unwrap_or("").trim();
    let file: std::sync::Arc<str> = std::sync::Arc::from("模板.xlsx");
    let spanned = |s: &str| -> Text {
        (!s.is_empty())
            .then(|| Box::new(crate::model::Spanned::new(s.to_string(), Loc::file(&file))))
    };
    let levels = if cfg.national.levels.is_empty() {
        vec!["县级".to_string(), "乡级".to_string()]
    } else {
        cfg.national.levels.clone()
    };
    let cat = NationalCatalog {
        file: file.clone(),
        sheet: None,
        origin: Loc::file(&file),
        unit: spanned(unit),
        domain: spanned(domain),
        has_dir1: false,
        has_level3: false,
        levels: Some(levels),
        channel_columns: None,
        groups: Vec::new(),
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut used = HashSet::new();
    let wanted = if domain.is_empty() {
        "标准目录".to_string()
    } else {
        domain.to_string()
    };
    ws.set_name(sheet_name(&wanted, &mut used))?;
    write_sheet(ws, &cat, cfg.national.marks)?;
    let body = Format::new()
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let tick_f = body.clone().set_align(FormatAlign::Center);
    let end = DATA_START + TEMPLATE_ROWS - 1;
    let channel_names: Vec<&str> = cfg.national.channels.names().collect();
    for (ci, col) in (0u16..).zip(columns(&cat).iter()) {
        let ticks = matches!(col, Out::Audience(_) | Out::Method(_) | Out::Level(_));
        for r in DATA_START..=end {
            ws.write_blank(
                r,
                ci,
                if ticks || matches!(col, Out::Seq) {
                    &tick_f
                } else {
                    &body
                },
            )?;
        }
        let (title, hint) = template_hint(col, &channel_names, cfg.national.marks);
        let dv = if ticks {
            DataValidation::new().allow_list_strings(&["√"])?
        } else {
            DataValidation::new().allow_any_value()
        };
        let dv = dv
            .set_input_title(clip_chars(&title, 32))?
            .set_input_message(clip_chars(&hint, 255))?;
        ws.add_data_validation(DATA_START, ci, end, ci, &dv)?;
    }
    help_sheet(&mut wb, &channel_names, &cat, cfg.national.marks)?;
    crate::xlsx::write::workbook_bytes(&mut wb)
}

/// The input hint of a template column: its heading and what goes in it.
fn template_hint(col: &Out, channels: &[&str], meaning: MarkMeaning) -> (String, String) {
    let marks = match meaning {
        MarkMeaning::Used => "■表示采用、□表示不采用",
        MarkMeaning::Required => "■表示必选、□表示可选",
    };
    match col {
        Out::Seq => (keys::SEQ.into(), "按行编号，可留空。".into()),
        Out::Dir1 => (keys::DIR1.into(), "一级目录名称，可合并单元格。".into()),
        Out::Level1 => (
            keys::LEVEL1.into(),
            "同一一级事项的各行可合并单元格，或只在第一行填写。".into(),
        ),
        Out::Level2 => (keys::LEVEL2.into(), "每个二级事项一行（必填）。".into()),
        Out::Level3 => (keys::LEVEL3.into(), "三级事项，可留空。".into()),
        Out::Field(h, _) => (
            (*h).to_string(),
            match *h {
                keys::CONTENT => "公开内容（要素），如“申请条件、办理流程、办理结果”（必填）。",
                keys::BASIS => {
                    "公开依据，写法律法规名称和条款，如《社会救助暂行办法》第九条（必填）。"
                }
                keys::TIME => "如“信息形成或变更之日起20个工作日内”（必填）；只写“及时”无法核对。",
                keys::SUBJECT => "负责公开的单位（必填）。",
                _ => "可留空。",
            }
            .to_string(),
        ),
        Out::Channels => (
            keys::CHANNELS.into(),
            format!(
                "在渠道名称前写■或□（{marks}），也可以只写采用的渠道，用空格或“、”分隔。可选渠道：{}",
                channels.join("、")
            ),
        ),
        Out::ChannelColumn(n) => (
            format!("{}·{n}", keys::CHANNELS),
            "采用的渠道打√，至少一项。".into(),
        ),
        Out::Audience(a) => (
            format!("{}·{}", keys::AUDIENCE, a.label()),
            "适用的打√，至少一项。".into(),
        ),
        Out::Method(m) => (
            format!("{}·{}", keys::METHOD, m.label()),
            "适用的打√，至少一项；主动与依申请可同时打√。".into(),
        ),
        Out::Level(l) => (
            format!("{}·{l}", keys::LEVELS),
            "适用的打√，至少一项；县级与乡级可同时打√。".into(),
        ),
    }
}

/// 填表说明: what goes in each column (two cells a row, so it is never taken
/// for a table).
fn help_sheet(
    wb: &mut Workbook,
    channels: &[&str],
    cat: &NationalCatalog,
    meaning: MarkMeaning,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("填表说明")?;
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 90)?;
    let mut lines: Vec<(String, String)> = vec![(
        "填写方法".into(),
        format!(
            "按国办发〔2019〕54号和所属领域的标准指引填写。标题写“××{}”，第2行写“{}：单位名称”。每个二级事项占一行；同一一级事项的各行可以合并单元格，也可以只在第一行填写、下面留空，或写“同上”。空行不会读入。gkml validate 检查必填项、渠道、公开对象、公开方式、公开层级和公开时限，每个问题指到单元格。",
            keys::TITLE_END,
            keys::UNIT
        ),
    )];
    let mut seen = HashSet::new();
    for col in columns(cat) {
        let (title, hint) = template_hint(&col, channels, meaning);
        let head = match &col {
            Out::ChannelColumn(_) => keys::CHANNELS.to_string(),
            Out::Audience(_) => keys::AUDIENCE.to_string(),
            Out::Method(_) => keys::METHOD.to_string(),
            Out::Level(_) => keys::LEVELS.to_string(),
            _ => title,
        };
        if seen.insert(head.clone()) {
            lines.push((head, hint));
        }
    }
    for (r, (k, v)) in (0u32..).zip(lines.iter()) {
        ws.write_string_with_format(r, 0, k, &bold)?;
        ws.write_string_with_format(r, 1, v, &wrap)?;
    }
    Ok(())
}

fn clip_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Excel's limit on a note's text.
fn clip_note(s: &str) -> String {
    clip_chars(s, 32_000)
}

fn sheet_name(wanted: &str, used: &mut HashSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\'".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut n = 2;
    while !used.insert(name.clone()) {
        name = format!("{clean}({n})");
        n += 1;
    }
    name
}

fn columns(cat: &NationalCatalog) -> Vec<Out> {
    let mut cols = vec![Out::Seq];
    if cat.has_dir1 {
        cols.push(Out::Dir1);
    }
    cols.push(Out::Level1);
    cols.push(Out::Level2);
    if cat.has_level3 {
        cols.push(Out::Level3);
    }
    cols.push(Out::Field(keys::CONTENT, |r| &r.content));
    cols.push(Out::Field(keys::BASIS, |r| &r.basis));
    cols.push(Out::Field(keys::TIME, |r| &r.time));
    cols.push(Out::Field(keys::SUBJECT, |r| &r.subject));
    match &cat.channel_columns {
        Some(names) => cols.extend(names.iter().cloned().map(Out::ChannelColumn)),
        None => cols.push(Out::Channels),
    }
    cols.push(Out::Audience(Audience::Public));
    cols.push(Out::Audience(Audience::Specific));
    cols.push(Out::Method(Method::Active));
    cols.push(Out::Method(Method::OnRequest));
    for l in cat.levels.iter().flatten() {
        cols.push(Out::Level(l.clone()));
    }
    if cat.rows().any(|(_, r)| r.url.is_some()) {
        cols.push(Out::Field(keys::URL, |r| &r.url));
    }
    if cat.rows().any(|(_, r)| r.note.is_some()) {
        cols.push(Out::Field(keys::NOTE, |r| &r.note));
    }
    cols
}

fn write_sheet(
    ws: &mut Worksheet,
    cat: &NationalCatalog,
    meaning: MarkMeaning,
) -> Result<Placement, XlsxError> {
    let mut place = Placement::default();
    let title_f = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let body = Format::new()
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let tick_f = body.clone().set_align(FormatAlign::Center);
    let cols = columns(cat);
    let last = u16::try_from(cols.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let title = format!("{}{}", cat.domain_text(), keys::TITLE_END);
    let title = title.trim_start_matches("领域").to_string();
    ws.merge_range(0, 0, 0, last, &title, &title_f)?;
    place.note(Some(&cat.origin), (0, 0), &title);
    place.note(loc_of(&cat.domain), (0, 0), &title);
    let unit_line = format!("{}：{}", keys::UNIT, cat.unit_text());
    ws.merge_range(1, 0, 1, last, &unit_line, &Format::new())?;
    place.note(loc_of(&cat.unit), (1, 0), &unit_line);
    // Header: rows 2 and 3.
    let (h1, h2) = (2u32, 3u32);
    let mut c = 0u16;
    while let Some(col) = cols.get(usize::from(c)) {
        let span = |pred: &dyn Fn(&Out) -> bool| -> u16 {
            let n = cols
                .iter()
                .skip(usize::from(c))
                .take_while(|o| pred(o))
                .count();
            u16::try_from(n).unwrap_or(1).max(1)
        };
        let (group, n): (Option<&str>, u16) = match col {
            Out::Level1 | Out::Level2 | Out::Level3 => (
                Some(keys::ITEMS),
                span(&|o| matches!(o, Out::Level1 | Out::Level2 | Out::Level3)),
            ),
            Out::ChannelColumn(_) => (
                Some(keys::CHANNELS),
                span(&|o| matches!(o, Out::ChannelColumn(_))),
            ),
            Out::Audience(_) => (Some(keys::AUDIENCE), 2),
            Out::Method(_) => (Some(keys::METHOD), 2),
            Out::Level(_) => (Some(keys::LEVELS), span(&|o| matches!(o, Out::Level(_)))),
            _ => (None, 1),
        };
        match group {
            Some(g) => {
                if n > 1 {
                    ws.merge_range(h1, c, h1, c + n - 1, g, &head)?;
                } else {
                    ws.write_string_with_format(h1, c, g, &head)?;
                }
                for i in 0..n {
                    let label = match cols.get(usize::from(c + i)) {
                        Some(Out::Level1) => keys::LEVEL1.to_string(),
                        Some(Out::Level2) => keys::LEVEL2.to_string(),
                        Some(Out::Level3) => keys::LEVEL3.to_string(),
                        Some(Out::ChannelColumn(n)) => n.clone(),
                        Some(Out::Audience(a)) => a.label().to_string(),
                        Some(Out::Method(m)) => m.label().to_string(),
                        Some(Out::Level(l)) => l.clone(),
                        _ => String::new(),
                    };
                    ws.write_string_with_format(h2, c + i, &label, &head)?;
                }
                c += n;
            }
            None => {
                let label = match col {
                    Out::Seq => keys::SEQ,
                    Out::Dir1 => keys::DIR1,
                    Out::Field(h, _) => h,
                    _ => keys::CHANNELS,
                };
                ws.merge_range(h1, c, h2, c, label, &head)?;
                c += 1;
            }
        }
    }
    for (i, col) in cols.iter().enumerate() {
        let width = match col {
            Out::Seq => 6.0,
            Out::Audience(_) | Out::Method(_) | Out::Level(_) | Out::ChannelColumn(_) => 7.0,
            Out::Channels | Out::Field(..) => 28.0,
            _ => 14.0,
        };
        ws.set_column_width(u16::try_from(i).unwrap_or(u16::MAX), width)?;
    }
    ws.set_freeze_panes(h2 + 1, 0)?;
    ws.set_landscape();
    ws.set_repeat_rows(h1, h2)?;
    // Data rows.
    let first_channel = cols
        .iter()
        .position(|o| matches!(o, Out::ChannelColumn(_)))
        .unwrap_or(usize::MAX);
    let mut row = h2 + 1;
    let mut seq = 1u32;
    for g in &cat.groups {
        let first = row;
        for r in &g.rows {
            for (i, col) in cols.iter().enumerate() {
                let ci = u16::try_from(i).unwrap_or(u16::MAX);
                let cell: String = match col {
                    Out::Seq => seq.to_string(),
                    Out::Dir1 => text(&g.dir1).to_string(),
                    Out::Level1 => text(&g.name).to_string(),
                    Out::Level2 => text(&r.name).to_string(),
                    Out::Level3 => text(&r.level3).to_string(),
                    Out::Field(_, get) => text(get(r)).to_string(),
                    Out::Channels => {
                        let entries: Vec<channel::Entry> = r
                            .channels
                            .entries
                            .iter()
                            .filter(|e| meaning == MarkMeaning::Required || e.mark != Mark::Empty)
                            .map(|e| channel::Entry {
                                text: e.name.clone(),
                                mark: e.mark,
                            })
                            .collect();
                        channel::format_checklist(&entries)
                    }
                    Out::ChannelColumn(n) => tick(channel_ticked(&r.channels, n)),
                    Out::Audience(a) => tick(r.audiences.set.contains(a)),
                    Out::Method(m) => tick(r.methods.set.contains(m)),
                    Out::Level(l) => tick(r.levels.as_ref().is_some_and(|t| t.set.contains(l))),
                };
                let f = match col {
                    Out::Audience(_)
                    | Out::Method(_)
                    | Out::Level(_)
                    | Out::ChannelColumn(_)
                    | Out::Seq => &tick_f,
                    _ => &body,
                };
                ws.write_string_with_format(row, ci, clip(&cell), f)?;
                let at = (row, ci);
                match col {
                    Out::Seq => place.note(None, at, &cell),
                    Out::Dir1 => place.note(loc_of(&g.dir1), at, &cell),
                    Out::Level1 => {
                        place.note(loc_of(&g.name), at, &cell);
                        place.note(Some(&g.loc), at, &cell);
                    }
                    Out::Level2 => {
                        place.note(loc_of(&r.name), at, &cell);
                        place.note(Some(&r.loc), at, &cell);
                    }
                    Out::Level3 => place.note(loc_of(&r.level3), at, &cell),
                    Out::Field(_, get) => place.note(loc_of(get(r)), at, &cell),
                    Out::Channels => note_channels(&mut place, &r.channels, at, &cell),
                    Out::ChannelColumn(n) => {
                        if i == first_channel {
                            place.note(Some(&r.channels.loc), at, &cell);
                        }
                        for e in r.channels.entries.iter().filter(|e| e.name == *n) {
                            place.note(Some(&e.loc), at, &cell);
                        }
                    }
                    Out::Audience(_) => note_ticks(&mut place, &r.audiences, at, &cell),
                    Out::Method(_) => note_ticks(&mut place, &r.methods, at, &cell),
                    Out::Level(_) => {
                        if let Some(t) = &r.levels {
                            note_ticks(&mut place, t, at, &cell);
                        }
                    }
                }
            }
            row += 1;
            seq += 1;
        }
        // 一级目录 / 一级事项 merged down the group's rows.
        if row > first + 1 {
            for (i, col) in cols.iter().enumerate() {
                let value = match col {
                    Out::Dir1 => text(&g.dir1),
                    Out::Level1 => text(&g.name),
                    _ => continue,
                };
                let ci = u16::try_from(i).unwrap_or(u16::MAX);
                ws.merge_range(first, ci, row - 1, ci, &clip(value), &body)?;
            }
        }
    }
    Ok(place)
}

/// True when a row ticks the channel's √ column (its entry is marked ■).
fn channel_ticked(ch: &Channels, name: &str) -> bool {
    ch.entries
        .iter()
        .any(|e| e.name == name && e.mark != Mark::Empty)
}

fn note_channels(place: &mut Placement, ch: &Channels, at: (u32, u16), cell: &str) {
    place.note(Some(&ch.loc), at, cell);
    for e in &ch.entries {
        place.note(Some(&e.loc), at, cell);
    }
}

/// A √ group's place (where "nothing ticked" is reported) lands on its
/// first column; a cell of a later column by row and column.
fn note_ticks<T>(place: &mut Placement, t: &Ticks<T>, at: (u32, u16), cell: &str) {
    place.note(Some(&t.loc), at, cell);
}

fn tick(yes: bool) -> String {
    if yes { "√".into() } else { String::new() }
}

/// Excel's limit for a cell's text.
fn clip(s: &str) -> String {
    const MAX: usize = 32_767;
    if s.chars().count() > MAX {
        s.chars().take(MAX).collect()
    } else {
        s.to_string()
    }
}
