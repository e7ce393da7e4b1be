//! Merged regions of `.xlsb` worksheets, which calamine does not read.
//!
//! An `.xlsb` workbook is a zip of binary record streams (MS-XLSB 2.1.4):
//! each record is a type (one or two bytes, seven bits each, the high bit
//! saying another byte follows), a size (one to four such bytes) and the
//! data. The workbook stream names the sheets in order (`BrtBundleSh`, type
//! 0x9C: state, tab id, relationship id, name), the workbook's relationships
//! (XML) give each sheet's part, and each sheet's stream lists its merged
//! regions as `BrtMergeCell` records (type 0xB0: first row, last row, first
//! column, last column, each a little-endian u32).
//!
//! calamine also skips the "short" cell records (MS-XLSB 2.4.8xx,
//! `BrtShortBlank` … `BrtShortIsst`, types 0x0C–0x12) that SheetJS and newer
//! writers use for a cell right after another in the same row: they carry no
//! column, only the style and the value. [`Extras::cells`] reads them, so a
//! header written that way is not lost.
//!
//! Anything off that plain path — a missing part, a truncated record, a
//! sheet list that differs from calamine's — gives no merges for that sheet
//! (or for the workbook), never an error: the cells are still read, and a
//! two-row header that needed its merges is then reported as not found.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;

use super::le::{u16_at, u32_at};
use super::merged::{Merge, only_attr, reader};

/// Parts larger than this are not read (the cell reader has its own limits).
const MAX_PART: u64 = 64 * 1024 * 1024;

/// Short-record cells kept per sheet, at most (the sheet's own cell limit
/// applies when they are added).
const MAX_SHORT_CELLS: usize = 5_000_000;

const BRT_ROW_HDR: u16 = 0x0000;
const BRT_SHORT_RK: u16 = 0x000D;
const BRT_SHORT_ERROR: u16 = 0x000E;
const BRT_SHORT_BOOL: u16 = 0x000F;
const BRT_SHORT_REAL: u16 = 0x0010;
const BRT_SHORT_ST: u16 = 0x0011;
const BRT_SHORT_ISST: u16 = 0x0012;
const BRT_SST_ITEM: u16 = 0x0013;
const BRT_FMT: u16 = 0x002C;
const BRT_XF: u16 = 0x002F;
const BRT_WB_PROP: u16 = 0x0099;
const BRT_BUNDLE_SH: u16 = 0x009C;
const BRT_MERGE_CELL: u16 = 0x00B0;
const BRT_BEGIN_CELL_XFS: u16 = 0x0269;
const BRT_END_CELL_XFS: u16 = 0x026A;

/// What calamine leaves out of one sheet.
#[derive(Debug, Default)]
pub struct Extras {
    pub merges: Vec<Merge>,
    /// Cells of short records: (row, column, value).
    pub cells: Vec<(u32, u32, Value)>,
}

/// The value of a short record, as the sheet reader turns it into a cell.
#[derive(Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// An Excel serial date; true for the 1904 system.
    Date(f64, bool),
    Bool(bool),
    /// `#N/A`, `#REF!` …
    Error(&'static str),
}

/// Sheet name → what calamine leaves out, for the sheets calamine names
/// (`calamine_names`, in its order); `None` when the workbook's sheet list
/// cannot be matched to calamine's.
pub fn extras(bytes: &[u8], calamine_names: &[String]) -> Option<HashMap<String, Extras>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut stored = HashMap::with_capacity(zip.len());
    for n in zip.file_names() {
        let n = n.ok()?;
        stored.insert(n.replace('\\', "/").to_ascii_lowercase(), n.to_string());
    }
    let mut part = |path: &str| -> Option<Vec<u8>> {
        let name = stored.get(&path.to_ascii_lowercase())?;
        let mut f = zip.by_name(name).ok()?;
        if f.size() > MAX_PART {
            return None;
        }
        let mut out = Vec::with_capacity(usize::try_from(f.size().min(1 << 24)).ok()?);
        f.by_ref().take(MAX_PART).read_to_end(&mut out).ok()?;
        Some(out)
    };
    let rels = relationships(&part("xl/_rels/workbook.bin.rels")?)?;
    let workbook = part("xl/workbook.bin")?;
    let sheets = sheet_parts(&workbook, &rels)?;
    let same = sheets.len() == calamine_names.len()
        && sheets.iter().zip(calamine_names).all(|((a, _), b)| a == b);
    if !same {
        return None;
    }
    let is_1904 = records(&workbook)
        .find(|&(typ, _)| typ == BRT_WB_PROP)
        .and_then(|(_, d)| d.first())
        .is_some_and(|b| b & 1 != 0);
    let target = |suffix: &str| {
        let mut found: Vec<&String> = rels
            .values()
            .filter(|t| t.to_ascii_lowercase().ends_with(suffix))
            .collect();
        found.sort();
        found.first().map(|t| xl_path(t))
    };
    let strings = target("sharedstrings.bin")
        .and_then(|p| part(&p))
        .map(|b| shared_strings(&b))
        .unwrap_or_default();
    let dates = target("styles.bin")
        .and_then(|p| part(&p))
        .map(|b| date_styles(&b))
        .unwrap_or_default();
    let book = Book {
        strings,
        dates,
        is_1904,
    };
    let mut out = HashMap::new();
    for (name, path) in sheets {
        let extras = part(&path)
            .map(|s| sheet_extras(&s, &book))
            .unwrap_or_default();
        out.insert(name, extras);
    }
    Some(out)
}

/// A target relative to the workbook part (in `xl/`), or absolute.
fn xl_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    }
}

/// Relationship id → target, from `workbook.bin.rels`.
fn relationships(xml: &[u8]) -> Option<HashMap<String, String>> {
    let mut r = reader(xml);
    let mut out = HashMap::new();
    loop {
        match r.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (only_attr(&e, "Id"), only_attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Some(out)
}

/// The records of a stream: (type, data); stops at the first truncated one.
fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let (&b0, rest) = s.split_first()?;
        s = rest;
        let typ = if b0 & 0x80 != 0 {
            let (&b1, rest) = s.split_first()?;
            s = rest;
            u16::from(b0 & 0x7F) | (u16::from(b1 & 0x7F) << 7)
        } else {
            u16::from(b0)
        };
        let mut len = 0usize;
        for i in 0..4 {
            let (&b, rest) = s.split_first()?;
            s = rest;
            len |= usize::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        if len > s.len() {
            s = &[];
            return None;
        }
        let (data, rest) = s.split_at(len);
        s = rest;
        Some((typ, data))
    })
}

/// A length-prefixed UTF-16LE string at `at`, and the offset after it.
fn wide_str(data: &[u8], at: usize) -> Option<(String, usize)> {
    let chars = usize::try_from(u32_at(data, at)?).ok()?;
    let start = at.checked_add(4)?;
    let end = start.checked_add(chars.checked_mul(2)?)?;
    let units: Vec<u16> = data
        .get(start..end)?
        .chunks_exact(2)
        .filter_map(|c| <[u8; 2]>::try_from(c).ok().map(u16::from_le_bytes))
        .collect();
    Some((String::from_utf16_lossy(&units), end))
}

/// Sheet names and parts, in the workbook's order (as calamine lists them:
/// sheets without a relationship are left out).
fn sheet_parts(workbook: &[u8], rels: &HashMap<String, String>) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (typ, data) in records(workbook) {
        if typ != BRT_BUNDLE_SH {
            continue;
        }
        // hsState (4), iTabID (4), strRelID, strName.
        if u32_at(data, 8)? == u32::MAX {
            continue;
        }
        let (rel, next) = wide_str(data, 8)?;
        let (name, _) = wide_str(data, next)?;
        out.push((name, xl_path(rels.get(&rel)?)));
    }
    Some(out)
}

/// What the workbook's other parts say about cells.
struct Book {
    /// The shared strings, by index.
    strings: Vec<String>,
    /// For each cell style (XF index): whether its number format is a date.
    dates: Vec<bool>,
    is_1904: bool,
}

/// The merges and the short-record cells of a sheet stream.
fn sheet_extras(sheet: &[u8], book: &Book) -> Extras {
    let mut out = Extras::default();
    let mut row = 0u32;
    // The column of the last cell record in this row; a short record is the
    // next column.
    let mut col: Option<u32> = None;
    for (typ, d) in records(sheet) {
        match typ {
            BRT_ROW_HDR => {
                row = u32_at(d, 0).unwrap_or(row);
                col = None;
            }
            // Full cell records: the column comes first.
            0x01..=0x0B => col = u32_at(d, 0),
            0x0C..=0x12 => {
                let c = col.map_or(Some(0), |c| c.checked_add(1));
                col = c;
                let Some(c) = c else { continue };
                if out.cells.len() >= MAX_SHORT_CELLS {
                    continue;
                }
                if let Some(cell) = short_cell(typ, d, book) {
                    out.cells.push((row, c, cell));
                }
            }
            BRT_MERGE_CELL => {
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                    (u32_at(d, 0), u32_at(d, 4), u32_at(d, 8), u32_at(d, 12))
                    && r1 >= r0
                    && c1 >= c0
                {
                    out.merges.push(Merge { r0, c0, r1, c1 });
                }
            }
            _ => {}
        }
    }
    out
}

/// The value of a short record (style in the first three bytes, the value
/// from the fifth); `None` for a blank.
fn short_cell(typ: u16, d: &[u8], book: &Book) -> Option<Value> {
    let [s0, s1, s2]: [u8; 3] = d.get(..3)?.try_into().ok()?;
    let style = usize::from(s0) | usize::from(s1) << 8 | usize::from(s2) << 16;
    let number = |v: f64| {
        if book.dates.get(style).copied().unwrap_or(false) {
            Value::Date(v, book.is_1904)
        } else {
            Value::Number(v)
        }
    };
    Some(match typ {
        BRT_SHORT_RK => number(rk(u32_at(d, 4)?)),
        BRT_SHORT_ERROR => Value::Error(error_text(*d.get(4)?)),
        BRT_SHORT_BOOL => Value::Bool(*d.get(4)? != 0),
        BRT_SHORT_REAL => {
            let b: [u8; 8] = d.get(4..12)?.try_into().ok()?;
            number(f64::from_le_bytes(b))
        }
        BRT_SHORT_ST => Value::Text(wide_str(d, 4)?.0),
        BRT_SHORT_ISST => {
            let i = usize::try_from(u32_at(d, 4)?).ok()?;
            Value::Text(book.strings.get(i)?.clone())
        }
        _ => return None,
    })
}

/// An `RkNumber` (MS-XLSB 2.5.122).
fn rk(x: u32) -> f64 {
    let v = if x & 2 != 0 {
        f64::from((x as i32) >> 2)
    } else {
        f64::from_bits(u64::from(x & 0xFFFF_FFFC) << 32)
    };
    if x & 1 != 0 { v / 100.0 } else { v }
}

fn error_text(code: u8) -> &'static str {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        _ => "#GETTING_DATA",
    }
}

/// `BrtSSTItem` records: a flags byte, then the string.
fn shared_strings(sst: &[u8]) -> Vec<String> {
    records(sst)
        .filter(|&(typ, _)| typ == BRT_SST_ITEM)
        .map(|(_, d)| wide_str(d, 1).map(|(s, _)| s).unwrap_or_default())
        .collect()
}

/// For each cell XF (`BrtXF` between `BrtBeginCellXFs` and
/// `BrtEndCellXFs`), whether its number format shows a date.
fn date_styles(styles: &[u8]) -> Vec<bool> {
    let mut custom: HashMap<u16, bool> = HashMap::new();
    let mut out = Vec::new();
    let mut in_cell_xfs = false;
    for (typ, d) in records(styles) {
        match typ {
            BRT_FMT => {
                if let (Some(id), Some((code, _))) = (u16_at(d, 0), wide_str(d, 2)) {
                    custom.insert(id, date_format(&code));
                }
            }
            BRT_BEGIN_CELL_XFS => in_cell_xfs = true,
            BRT_END_CELL_XFS => in_cell_xfs = false,
            BRT_XF if in_cell_xfs => {
                let fmt = u16_at(d, 2).unwrap_or(0);
                let date = custom
                    .get(&fmt)
                    .copied()
                    .unwrap_or_else(|| builtin_date(fmt));
                out.push(date);
            }
            _ => {}
        }
    }
    out
}

/// Excel's built-in date and time formats (including the CJK ones).
fn builtin_date(id: u16) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// Whether a number format code shows a date or time: a y, m, d, h or s
/// outside quoted text, escapes and `[…]` sections (colours, conditions).
fn date_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let section: String = chars.by_ref().take_while(|&q| q != ']').collect();
                let lower = section.to_ascii_lowercase();
                if matches!(lower.as_str(), "h" | "hh" | "m" | "mm" | "s" | "ss") {
                    return true;
                }
            }
            ';' => return false,
            c if matches!(c.to_ascii_lowercase(), 'y' | 'm' | 'd' | 'h' | 's') => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        if typ >= 0x80 {
            out.push((typ & 0x7F) as u8 | 0x80);
            out.push((typ >> 7) as u8);
        } else {
            out.push(typ as u8);
        }
        let mut len = data.len();
        loop {
            let b = (len & 0x7F) as u8;
            len >>= 7;
            if len == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn reads_merge_records_and_stops_at_a_truncated_one() {
        let mut d = Vec::new();
        for v in [2u32, 5, 0, 0] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        let mut s = record(0x0081, &[0; 200]);
        s.extend(record(BRT_MERGE_CELL, &d));
        s.extend(record(BRT_MERGE_CELL, &d[..8]));
        let mut whole = s.clone();
        whole.extend(record(BRT_MERGE_CELL, &d));
        whole.truncate(whole.len() - 3);
        let book = Book {
            strings: Vec::new(),
            dates: Vec::new(),
            is_1904: false,
        };
        assert_eq!(
            sheet_extras(&whole, &book).merges,
            vec![Merge {
                r0: 2,
                c0: 0,
                r1: 5,
                c1: 0
            }]
        );
        assert!(sheet_extras(&[0xFF], &book).merges.is_empty());
    }

    #[test]
    fn reads_the_sheetjs_fixture() {
        // The unit tests are compiled by gkml-tests, whose directory is tests/.
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/workbooks/merged-annex2.xlsb"
        ))
        .unwrap();
        let m = extras(&bytes, &["Sheet1".to_string()]).unwrap();
        let sheet = m.get("Sheet1").unwrap();
        assert_eq!(sheet.merges.len(), 35);
        // The header's short records: 政务事项分类 … right of 序号 (A3).
        let b3 = sheet.cells.iter().find(|(r, c, _)| (*r, *c) == (2, 1));
        assert_eq!(
            b3.map(|(_, _, v)| v),
            Some(&Value::Text("政务事项分类".to_string()))
        );
    }

    #[test]
    fn date_formats() {
        for yes in [
            "yyyy-mm-dd",
            "yyyy\"年\"m\"月\"d\"日\"",
            "[$-804]yyyy/m/d",
            "h:mm",
            "[h]",
        ] {
            assert!(date_format(yes), "{yes}");
        }
        for no in ["General", "0.00", "\"day\"0", "[Red]0", "#,##0_);(#,##0)"] {
            assert!(!date_format(no), "{no}");
        }
        assert!(builtin_date(14) && builtin_date(31) && !builtin_date(0) && !builtin_date(49));
        assert_eq!(rk(0x0000_0002 | (7 << 2)), 7.0);
        assert_eq!(rk(0x0000_0003 | (150 << 2)), 1.5);
    }
}
