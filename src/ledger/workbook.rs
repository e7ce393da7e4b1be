//! Reads a ledger kept as a workbook sheet: a title row such as
//! `社会救助领域政府信息公开台账`, a `填报单位：区民政局` row, a header row,
//! then one row per published piece.
//!
//! The layout is described once, as data ([`COLUMNS`], [`TITLE_MARK`],
//! [`UNIT_LABEL`]), and read by one function, [`read_sheet`], over the
//! shared [`Sheet`] grid — ready to become a format description.

use std::sync::Arc;

use crate::calendar::{Date, DateSystem};
use crate::code::Code;
use crate::model::{Loc, Spanned, Text};
use crate::xlsx::sheet::Sheet;

use super::model::{Ledger, Record, keys};
use super::{Finding, rules};

/// A ledger column: its key, the headers accepted for it (white space
/// ignored), and whether every record must fill it.
pub struct Column {
    pub key: &'static str,
    pub headers: &'static [&'static str],
    pub required: bool,
}

/// The ledger's columns, in the blank template's order (序号 first, read
/// and ignored).
pub static COLUMNS: &[Column] = &[
    Column {
        key: "序号",
        headers: &["序号", "编号"],
        required: false,
    },
    Column {
        key: keys::ITEM,
        headers: &["政务事项名称", "事项名称", "政务事项"],
        required: true,
    },
    Column {
        key: keys::INFO,
        headers: &[
            "政府信息名称",
            "信息名称",
            "政府信息",
            "所在环节办理产生的政府信息名称",
        ],
        required: true,
    },
    Column {
        key: keys::FORMED,
        headers: &["形成日期", "信息形成日期", "形成时间", "获取或制作日期"],
        required: true,
    },
    Column {
        key: keys::PUBLISHED,
        headers: &["公开日期", "公开时间", "发布日期"],
        required: true,
    },
    Column {
        key: keys::LINK,
        headers: &["公开链接", "链接", "公开网址", "网址"],
        required: false,
    },
    Column {
        key: keys::DOMAIN,
        headers: &["试点领域", "领域"],
        required: false,
    },
    Column {
        key: keys::REMARK,
        headers: &["备注"],
        required: false,
    },
];

/// A title names the ledger by this word (`…政府信息公开台账`).
pub const TITLE_MARK: &str = "公开台账";
/// The unit row's label (`填报单位：区民政局`).
pub const UNIT_LABEL: &str = "填报单位";
/// How far down the header row may be.
pub(crate) const HEADER_SEARCH_ROWS: u32 = 20;

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn column_of(header: &str) -> Option<&'static Column> {
    let h = squash(header);
    COLUMNS.iter().find(|c| c.headers.contains(&h.as_str()))
}

/// The header row and the column of each key, if the sheet has one: a row
/// with both 政务事项名称 and 政府信息名称 and a date column.
fn header(sheet: &Sheet) -> Option<(u32, Vec<(u32, &'static Column)>)> {
    sheet
        .rows
        .range(..HEADER_SEARCH_ROWS)
        .find_map(|(&row, cells)| {
            let cols: Vec<(u32, &'static Column)> = cells
                .iter()
                .filter_map(|(&c, cell)| column_of(&cell.text).map(|k| (c, k)))
                .collect();
            let has = |key: &str| cols.iter().any(|(_, k)| k.key == key);
            (has(keys::ITEM) && has(keys::INFO) && (has(keys::FORMED) || has(keys::PUBLISHED)))
                .then_some((row, cols))
        })
}

/// True when a sheet holds a ledger (found by its header, as catalogues are).
pub fn is_ledger_sheet(sheet: &Sheet) -> bool {
    header(sheet).is_some()
}

/// A cell's text, the merged region's where the cell is inside one.
fn text_at(sheet: &Sheet, row: u32, col: u32) -> (&str, u32, u32) {
    match sheet.merge_at(row, col) {
        Some(m) => (sheet.text(m.r0, m.c0), m.r0, m.c0),
        None => (sheet.text(row, col), row, col),
    }
}

/// Reads the ledger on a sheet; `None` when the sheet has no ledger header.
/// `system` is the workbook's Excel date system, for dates shown as serial
/// numbers.
pub fn read_sheet(
    file: &Arc<str>,
    sheet: &Sheet,
    system: DateSystem,
) -> Option<(Ledger, Vec<Finding>)> {
    let (header_row, cols) = header(sheet)?;
    let mut findings = Vec::new();
    let cell = |row: u32, col: u32| Loc::cell(file, &sheet.name, row, col);
    let spanned = |text: &str, row: u32, col: u32| -> Text {
        let t = text.trim();
        (!t.is_empty()).then(|| Box::new(Spanned::new(t.to_string(), cell(row, col))))
    };

    // Title and unit rows above the header.
    let mut title: Option<(String, u32, u32)> = None;
    let mut unit: Text = None;
    for (&row, cells) in sheet.rows.range(..header_row) {
        for (&col, c) in cells {
            let t = squash(&c.text);
            if title.is_none() && t.contains(TITLE_MARK) {
                title = Some((t.clone(), row, col));
            }
            if let Some(rest) = t.strip_prefix(UNIT_LABEL) {
                let rest = rest.trim_start_matches([':', '：']);
                unit = if rest.is_empty() {
                    // "填报单位：" with the name in the next cell.
                    cells
                        .from_col(col + 1)
                        .next()
                        .and_then(|(&c2, next)| spanned(&next.text, row, c2))
                } else {
                    spanned(rest, row, col)
                };
            }
        }
    }
    let domain: Text = title.as_ref().and_then(|(t, row, col)| {
        let d = t.split("领域").next().filter(|d| *d != t.as_str())?;
        spanned(d, *row, *col)
    });
    let sheet_loc = title
        .as_ref()
        .map_or_else(|| cell(0, 0), |(_, r, c)| cell(*r, *c));
    if unit.is_none() {
        findings.push(
            Finding::core(
                Code::WorkbookUnitUnknown,
                &sheet_loc,
                format!(
                    "工作表“{}”的公开台账没有“{UNIT_LABEL}：”行，无法确定试点单位",
                    sheet.name
                ),
            )
            .help("在表头上方加一行“填报单位：区民政局”（与目录中的试点单位写法一致）"),
        );
    }
    // Header cells gkml does not know.
    if let Some(cells) = sheet.rows.get(&header_row) {
        for (&col, c) in cells {
            if column_of(&c.text).is_none() {
                findings.push(
                    Finding::core(
                        Code::ColumnUnknown,
                        &cell(header_row, col),
                        format!("公开台账中没有“{}”这一列，其内容未读入", c.text),
                    )
                    .help(format!(
                        "公开台账的列：{}",
                        COLUMNS.iter().map(|c| c.key).collect::<Vec<_>>().join("、")
                    )),
                );
            }
        }
    }

    let col_of = |key: &str| cols.iter().find(|(_, k)| k.key == key).map(|&(c, _)| c);
    let mut records = Vec::new();
    let mut previous: Option<Record> = None;
    let rows: Vec<u32> = sheet
        .rows
        .range(header_row + 1..)
        .map(|(&r, _)| r)
        .collect();
    for row in rows {
        let first = sheet
            .rows
            .get(&row)
            .and_then(|cells| cells.values().next())
            .map(|c| c.text.trim_start().to_string())
            .unwrap_or_default();
        if first.starts_with("注") || first.starts_with("说明") {
            continue;
        }
        let read = |key: &str, prev: Option<&Text>| -> Text {
            let col = col_of(key)?;
            let (t, r, c) = text_at(sheet, row, col);
            if t.trim() == "同上" {
                return prev.cloned().flatten();
            }
            spanned(t, r, c)
        };
        // A row counts when one of its own (not merged-in) cells is filled.
        let own = cols.iter().filter(|(_, k)| k.key != "序号").any(|&(c, _)| {
            !sheet.text(row, c).trim().is_empty()
                || sheet.get(row, c).is_some_and(|x| x.error.is_some())
        });
        if !own {
            continue;
        }
        for &(c, k) in &cols {
            if let Some(err) = sheet.get(row, c).and_then(|x| x.error.as_ref()) {
                findings.push(Finding::core(
                    Code::CellError,
                    &cell(row, c),
                    format!("“{}”单元格是错误值 {err}", k.key),
                ));
            }
        }
        let item = read(keys::ITEM, previous.as_ref().map(|p| &p.item));
        let info = read(keys::INFO, None);
        let formed_text = read(keys::FORMED, None);
        let published_text = read(keys::PUBLISHED, None);
        for column in COLUMNS.iter().filter(|c| c.required) {
            let t = match column.key {
                keys::ITEM => &item,
                keys::INFO => &info,
                keys::FORMED => &formed_text,
                _ => &published_text,
            };
            let at = col_of(column.key).map_or_else(|| cell(row, 0), |c| cell(row, c));
            let errored = col_of(column.key)
                .and_then(|c| sheet.get(row, c))
                .is_some_and(|x| x.error.is_some());
            if t.is_none() && !errored {
                findings.push(
                    Finding::core(
                        Code::FieldMissing,
                        &at,
                        format!("公开记录缺少“{}”", column.key),
                    )
                    .help(format!(
                        "每条公开记录都要填{}",
                        keys::RECORD_REQUIRED.join("、")
                    )),
                );
            }
        }
        let record = Record {
            loc: cell(row, 0),
            formed: date(&formed_text, keys::FORMED, system, &mut findings),
            published: date(&published_text, keys::PUBLISHED, system, &mut findings),
            item,
            info,
            link: read(keys::LINK, None),
            domain: read(keys::DOMAIN, previous.as_ref().map(|p| &p.domain)),
            remark: read(keys::REMARK, None),
        };
        previous = Some(record.clone());
        records.push(record);
    }
    Some((
        Ledger {
            file: file.clone(),
            loc: sheet_loc,
            unit,
            domain,
            records,
        },
        findings,
    ))
}

fn date(
    t: &Text,
    key: &str,
    system: DateSystem,
    findings: &mut Vec<Finding>,
) -> Option<Spanned<Date>> {
    let t = t.as_ref()?;
    match Date::parse_cell(&t.value, system) {
        Ok(d) => Some(Spanned {
            value: d,
            loc: t.loc.clone(),
            raw: Some(Arc::from(t.value.as_str())),
        }),
        Err(e) => {
            findings.push(
                rules::date_invalid::finding(&t.loc, key, &e)
                    .snippet(Some(&Arc::from(t.value.as_str()))),
            );
            None
        }
    }
}
