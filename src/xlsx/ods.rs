//! Merged cells of an OpenDocument spreadsheet. calamine reads .ods values
//! but not merges, and the 附件2/附件3 layout lives on merges (an item's
//! cells merged over its rows), so they are read here from content.xml:
//! a cell with `table:number-rows-spanned` / `table:number-columns-spanned`.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::sheet::Merge;
use crate::limits::MAX_WORKBOOK_UNZIPPED;

/// Merged regions by sheet name. A file whose content.xml cannot be read
/// gives no merges (calamine reports the file itself as broken).
pub fn merges(bytes: &[u8]) -> HashMap<String, Vec<Merge>> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(entry) = zip.by_name("content.xml") else {
        return out;
    };
    let limited = entry.take(MAX_WORKBOOK_UNZIPPED);
    let mut reader = Reader::from_reader(BufReader::new(limited));
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    let mut sheet: Option<String> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    while let Ok(ev) = reader.read_event_into(&mut buf) {
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name() == QName("table:table") => {
                sheet = attr(&e, "table:name");
                row = 0;
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
                cell(&e, &sheet, row, &mut col, &mut out);
                // Skip the cell's content (its text is calamine's business).
                let tag = e.name().as_ref().to_owned();
                skip.clear();
                if reader.read_to_end_into(QName(&tag), &mut skip).is_err() {
                    break;
                }
            }
            Event::Empty(e) if is_cell(&e) => cell(&e, &sheet, row, &mut col, &mut out),
            _ => {}
        }
        buf.clear();
    }
    out
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
