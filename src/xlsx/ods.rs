//! Merged cells of an OpenDocument spreadsheet. calamine reads .ods values
//! but not merges, and the 附件2/附件3 layout lives on merges (an item's
//! cells merged over its rows), so they are read here from content.xml:
//! a cell with `table:number-rows-spanned` / `table:number-columns-spanned`.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::merged::Merge;
use crate::limits::{MAX_SHEET_CELLS, MAX_WORKBOOK_UNZIPPED};

/// How far a sheet's filled cells reach once repeat counts are expanded.
/// calamine expands `number-rows-repeated` / `number-columns-repeated` and
/// then allocates the whole rectangle, so a few bytes of XML can ask for
/// billions of cells; this is checked before calamine sees the file.
#[derive(Default)]
struct Extent {
    cells: u64,
    rows: u64,
    cols: u64,
}

impl Extent {
    /// Counts a cell with content at (`row`, `col`), repeated `row_repeat`
    /// times down and its own column repeat across.
    fn add(&mut self, e: &BytesStart, row: u32, row_repeat: u32, col: u32) {
        let reps = u64::from(num(e, "table:number-columns-repeated").max(1));
        self.cells = self
            .cells
            .saturating_add(reps.saturating_mul(u64::from(row_repeat)));
        self.rows = self.rows.max(u64::from(row) + u64::from(row_repeat));
        self.cols = self.cols.max(u64::from(col) + reps);
    }

    fn too_big(&self) -> bool {
        self.cells > MAX_SHEET_CELLS || self.rows.saturating_mul(self.cols) > MAX_SHEET_CELLS
    }
}

/// Merged regions by sheet name. A file whose content.xml cannot be read
/// gives no merges (calamine reports the file itself as broken). `Err` is
/// the message for a sheet whose repeated cells would exceed the cell limit.
pub fn merges(bytes: &[u8]) -> Result<HashMap<String, Vec<Merge>>, String> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(out);
    };
    let Ok(entry) = zip.by_name("content.xml") else {
        return Ok(out);
    };
    let limited = entry.take(MAX_WORKBOOK_UNZIPPED);
    let mut reader = Reader::from_reader(BufReader::new(limited));
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    let mut sheet: Option<String> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    let mut extent = Extent::default();
    // Open elements. calamine loops for ever on a content.xml that ends
    // inside a table, so an unbalanced or malformed file is refused here.
    let mut depth: u64 = 0;
    loop {
        let Ok(ev) = reader.read_event_into(&mut buf) else {
            return Err(damaged());
        };
        match &ev {
            Event::Start(_) => depth = depth.saturating_add(1),
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match ev {
            Event::Eof if depth > 0 => return Err(damaged()),
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name() == QName("table:table") => {
                sheet = attr(&e, "table:name");
                row = 0;
                extent = Extent::default();
            }
            Event::Start(e) if e.name() == QName("table:table-row") => {
                row_repeat = num(&e, "table:number-rows-repeated").max(1);
                col = 0;
            }
            Event::End(e) if e.name() == QName("table:table-row") => {
                row = row.saturating_add(row_repeat);
            }
            Event::Empty(e) if e.name() == QName("table:table-row") => {
                row = row.saturating_add(num(&e, "table:number-rows-repeated").max(1));
            }
            Event::Start(e) if is_cell(&e) => {
                extent.add(&e, row, row_repeat, col);
                if extent.too_big() {
                    return Err(too_many(&sheet));
                }
                cell(&e, &sheet, row, &mut col, &mut out);
                // Skip the cell's content (its text is calamine's business).
                let tag = e.name().as_ref().to_owned();
                skip.clear();
                if reader.read_to_end_into(QName(&tag), &mut skip).is_err() {
                    return Err(damaged());
                }
                depth = depth.saturating_sub(1);
            }
            Event::Empty(e) if is_cell(&e) => {
                if attr(&e, "office:value-type").is_some() {
                    extent.add(&e, row, row_repeat, col);
                    if extent.too_big() {
                        return Err(too_many(&sheet));
                    }
                }
                cell(&e, &sheet, row, &mut col, &mut out);
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn damaged() -> String {
    "工作簿已损坏：content.xml 不完整或不是合法的 XML（可能下载或复制不完整）；请在 WPS/LibreOffice 中打开后重新保存".to_string()
}

fn too_many(sheet: &Option<String>) -> String {
    let name = sheet.as_deref().unwrap_or("");
    format!("工作表“{name}”的单元格超过 {MAX_SHEET_CELLS} 个（重复的行和列展开后），超出处理上限")
}

fn is_cell(e: &BytesStart) -> bool {
    e.name() == QName("table:table-cell") || e.name() == QName("table:covered-table-cell")
}

/// Records a spanning cell's region and moves past its columns.
fn cell(
    e: &BytesStart,
    sheet: &Option<String>,
    row: u32,
    col: &mut u32,
    out: &mut HashMap<String, Vec<Merge>>,
) {
    let rs = num(e, "table:number-rows-spanned").max(1);
    let cs = num(e, "table:number-columns-spanned").max(1);
    if (rs > 1 || cs > 1)
        && let Some(name) = sheet
    {
        out.entry(name.clone()).or_default().push(Merge {
            r0: row,
            c0: *col,
            r1: row.saturating_add(rs - 1),
            c1: col.saturating_add(cs - 1),
        });
    }
    *col = col.saturating_add(num(e, "table:number-columns-repeated").max(1));
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    let a = e.try_get_attribute(key).ok()??;
    Some(a.value.into_owned())
}

fn num(e: &BytesStart, key: &str) -> u32 {
    attr(e, key)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}
