//! The 修订对照表 workbook: one row per change, old and new values side by
//! side. Deterministic: the creation date is fixed.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::render::{attribute_words, catalog_label, label, summary_parts};
use super::{Change, Diff, Status};
use crate::national::model::keys;

/// Columns and their widths (in characters).
pub const COLUMNS: [(&str, f64); 11] = [
    ("试点单位", 14.0),
    ("试点领域", 12.0),
    ("目录类型", 14.0),
    ("政务事项", 24.0),
    ("办理环节", 14.0),
    ("政府信息", 26.0),
    ("变化", 12.0),
    ("字段", 18.0),
    ("原内容", 32.0),
    ("新内容", 32.0),
    ("说明", 40.0),
];

/// The columns of a national-2019 comparison: the table's own words for
/// unit, domain and the two (or three) levels of 公开事项.
fn national_columns(level3: bool) -> Vec<(&'static str, f64)> {
    let mut cols = vec![
        (keys::UNIT, 16.0),
        (keys::DOMAIN, 12.0),
        ("目录类型", 16.0),
        (keys::LEVEL1, 20.0),
        (keys::LEVEL2, 22.0),
    ];
    if level3 {
        cols.push((keys::LEVEL3, 18.0));
    }
    cols.extend([
        ("变化", 12.0),
        ("字段", 16.0),
        ("原内容", 32.0),
        ("新内容", 32.0),
        ("说明", 40.0),
    ]);
    cols
}

/// The cells naming where a change is, between 目录类型 and 变化.
fn place(c: &Change, national: bool, level3: bool) -> Vec<String> {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    if national {
        let mut out = vec![s(&c.level1), s(&c.level2)];
        if level3 {
            out.push(s(&c.level3));
        }
        out
    } else {
        vec![s(&c.item), s(&c.step), s(&c.info)]
    }
}

/// Name of the main sheet.
pub const SHEET: &str = "修订对照表";

/// Excel holds at most 32 767 characters in a cell.
fn cell_text(s: &str) -> String {
    const MAX: usize = 32_000;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

fn write_row(ws: &mut Worksheet, row: u32, cells: &[&str], fmt: &Format) -> Result<(), XlsxError> {
    for (col, v) in cells.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, cell_text(v), fmt)?;
    }
    Ok(())
}

/// The workbook as bytes.
pub fn to_xlsx(d: &Diff) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(SHEET)
        .set_author("gkml")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(&props);

    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let body = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let narrowed = body
        .clone()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));

    let national = d.is_national();
    let level3 = national
        && d.catalogs
            .iter()
            .flat_map(|c| &c.changes)
            .any(|c| c.level3.is_some());
    let columns: Vec<(&str, f64)> = if national {
        national_columns(level3)
    } else {
        COLUMNS.to_vec()
    };
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    for (col, (name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *name, &header)?;
        ws.set_column_width(col as u16, *width)?;
    }
    ws.set_row_height(0, 24)?;
    ws.set_freeze_panes(1, 0)?;

    let mut row = 1u32;
    for cd in &d.catalogs {
        let kind = format!("{}（{}）", cd.label, cd.kind);
        match cd.status {
            Status::Added | Status::Removed => {
                let file = cd
                    .new_file
                    .as_deref()
                    .or(cd.old_file.as_deref())
                    .unwrap_or("");
                let note = cd.note.as_deref().unwrap_or("");
                let (old, new) = if cd.status == Status::Added {
                    ("", file)
                } else {
                    (file, "")
                };
                let mut cells = vec![cd.unit.as_str(), cd.domain.as_str(), kind.as_str()];
                cells.resize(columns.len().saturating_sub(5), "");
                cells.extend([catalog_label(cd), "目录文件", old, new, note]);
                write_row(ws, row, &cells, &body)?;
                row += 1;
            }
            Status::Changed => {
                for c in &cd.changes {
                    let s = |v: &Option<String>| v.clone().unwrap_or_default();
                    let mut cells = vec![cd.unit.clone(), cd.domain.clone(), kind.clone()];
                    cells.extend(place(c, national, level3));
                    cells.extend([
                        label(c),
                        c.field.unwrap_or("").to_string(),
                        s(&c.old),
                        s(&c.new),
                        s(&c.note),
                    ]);
                    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                    let fmt = if c.is_narrowing() { &narrowed } else { &body };
                    write_row(ws, row, &cells, fmt)?;
                    row += 1;
                }
            }
        }
    }
    ws.autofilter(0, 0, row.saturating_sub(1), (columns.len() - 1) as u16)?;

    // A second sheet with what was compared and the totals.
    let info = wb.add_worksheet();
    info.set_name("概况")?;
    info.set_column_width(0, 16)?;
    info.set_column_width(1, 60)?;
    let edition = |path: &str, year: &Option<String>| match year {
        Some(y) => format!("{path}（{y}年）"),
        None => path.to_string(),
    };
    let s = &d.summary;
    let total = if d.is_empty() {
        "没有变化".to_string()
    } else {
        format!("{} 处：{}", s.changes, summary_parts(s).join("、"))
    };
    let narrow = if s.narrowed == 0 {
        "无".to_string()
    } else {
        format!(
            "{} 处，其中 {} 处未写明理由",
            s.narrowed, s.narrowed_without_reason
        )
    };
    let attrs = if national {
        attribute_words(true)
    } else {
        "公开属性".to_string()
    };
    let lines: [(String, String); 5] = [
        ("原版本".to_string(), edition(&d.old.path, &d.old.year)),
        ("新版本".to_string(), edition(&d.new.path, &d.new.year)),
        ("修订".to_string(), total),
        (
            format!("{attrs}调整"),
            format!("{} 处", s.attributes_changed),
        ),
        (format!("{attrs}收窄"), narrow),
    ];
    for (r, (k, v)) in lines.iter().enumerate() {
        info.write_string_with_format(r as u32, 0, k, &header)?;
        info.write_string_with_format(r as u32, 1, cell_text(v), &body)?;
    }
    crate::xlsx::write::workbook_bytes(&mut wb)
}
