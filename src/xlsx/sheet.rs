//! Loads a workbook's sheets into a sparse grid of shown texts, with merged
//! regions, within the cell limits.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::sync::{Arc, OnceLock};

use calamine::{Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsb, Xlsx};

use super::sniff::FileKind;
use crate::limits::{MAX_COLUMNS, MAX_SHEET_CELLS};

/// A cell as a person sees it.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    /// The shown text (trimmed, invisible characters removed).
    pub text: String,
    /// `#N/A`, `#REF!` … for error cells.
    pub error: Option<String>,
}

/// A merged region, inclusive, 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub r0: u32,
    pub c0: u32,
    pub r1: u32,
    pub c1: u32,
}

/// One sheet.
#[derive(Debug, Default)]
pub struct Sheet {
    pub name: Arc<str>,
    /// row → column → cell; only non-empty cells.
    pub rows: BTreeMap<u32, BTreeMap<u32, Cell>>,
    pub merges: Vec<Merge>,
    /// Built on the first `merge_at`, after `merges` is set.
    merge_index: OnceLock<MergeIndex>,
}

/// Merged regions by column, so `merge_at` is a binary search instead of a
/// scan of every region (which made reading a sheet quadratic in its rows).
#[derive(Debug, Default)]
struct MergeIndex {
    /// column → (r0, r1, index into `merges`), sorted by r0.
    by_col: HashMap<u32, Vec<(u32, u32, u32)>>,
    /// False when regions overlap or cover too many columns: then `merge_at`
    /// scans, which keeps its first-region-in-file-order answer exact.
    usable: bool,
}

/// Most (region, column) pairs indexed.
const MAX_INDEXED: u64 = 1_000_000;

impl MergeIndex {
    fn build(merges: &[Merge]) -> MergeIndex {
        let total: u64 = merges.iter().map(|m| u64::from(m.c1.saturating_sub(m.c0)) + 1).sum();
        if total > MAX_INDEXED || merges.len() > u32::MAX as usize {
            return MergeIndex::default();
        }
        let mut by_col: HashMap<u32, Vec<(u32, u32, u32)>> = HashMap::new();
        for (i, m) in merges.iter().enumerate() {
            for c in m.c0..=m.c1 {
                by_col.entry(c).or_default().push((m.r0, m.r1, i as u32));
            }
        }
        for v in by_col.values_mut() {
            v.sort_unstable();
            if v.windows(2).any(|w| w[1].0 <= w[0].1) {
                return MergeIndex::default();
            }
        }
        MergeIndex { by_col, usable: true }
    }
}

impl Sheet {
    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.rows.get(&row)?.get(&col)
    }

    /// The text of a cell, "" when empty.
    pub fn text(&self, row: u32, col: u32) -> &str {
        self.get(row, col).map(|c| c.text.as_str()).unwrap_or("")
    }

    /// The merged region containing a cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        let index = self.merge_index.get_or_init(|| MergeIndex::build(&self.merges));
        if !index.usable {
            return self.merges.iter().find(|m| m.r0 <= row && row <= m.r1 && m.c0 <= col && col <= m.c1);
        }
        let regions = index.by_col.get(&col)?;
        let k = regions.partition_point(|e| e.0 <= row).checked_sub(1)?;
        let &(_, r1, i) = regions.get(k)?;
        if row <= r1 { self.merges.get(i as usize) } else { None }
    }
}

/// Removes characters that cannot be seen and only confuse matching: zero-width
/// spaces, bidirectional controls, BOMs and control characters (line breaks
/// and tabs stay).
pub fn clean(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|&c| {
            !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
                && (!c.is_control() || c == '\n' || c == '\t')
        })
        .collect();
    let s = s.replace("\r\n", "\n").replace('\u{a0}', " ");
    s.trim().to_string()
}

/// Shown text for a number: integers without ".0", others as short as exact.
pub fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let s = format!("{f}");
        if s.len() > 15 {
            format!("{f:.10}").trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// "2017-11-30" (and " HH:MM" when there is a time) from an Excel serial.
pub fn date_text(serial: f64, is_1904: bool) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return number_text(serial);
    }
    let serial = if is_1904 { serial + 1462.0 } else { serial };
    let days = serial.floor() as i64;
    // Days since 1970-01-01; Excel's day 25569 is 1970-01-01 (1900 system,
    // with its 1900-02-29 quirk irrelevant after March 1900).
    let z = days - 25569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let secs = ((serial - serial.floor()) * 86400.0).round() as i64;
    if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", secs / 3600, secs / 60 % 60)
    }
}

fn cell_of(d: &Data) -> Option<Cell> {
    let text = match d {
        Data::Empty => return None,
        Data::String(s) => clean(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                date_text(dt.as_f64(), false)
            } else {
                number_text(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.replace('T', " "),
        Data::Error(e) => {
            return Some(Cell {
                text: String::new(),
                error: Some(e.to_string()),
            });
        }
    };
    (!text.is_empty()).then_some(Cell { text, error: None })
}

fn cell_of_ref(d: DataRef, is_1904: bool) -> Option<Cell> {
    match d {
        DataRef::SharedString(s) => {
            let text = clean(s);
            (!text.is_empty()).then_some(Cell { text, error: None })
        }
        DataRef::DateTime(dt) if dt.is_datetime() => Some(Cell {
            text: date_text(dt.as_f64(), is_1904),
            error: None,
        }),
        other => cell_of(&Data::from(other)),
    }
}

fn merges(dims: Vec<Dimensions>) -> Vec<Merge> {
    dims.into_iter()
        .filter(|d| d.end.0 >= d.start.0 && d.end.1 >= d.start.1)
        .map(|d| Merge {
            r0: d.start.0,
            c0: d.start.1,
            r1: d.end.0,
            c1: d.end.1,
        })
        .collect()
}

fn too_many(name: &str) -> String {
    format!("工作表“{name}”的单元格超过 {MAX_SHEET_CELLS} 个，超出处理上限")
}

fn from_range(name: &str, range: calamine::Range<Data>) -> Result<Sheet, String> {
    let (h, w) = range.get_size();
    if (h as u64).saturating_mul(w as u64) > MAX_SHEET_CELLS {
        return Err(too_many(name));
    }
    let mut sheet = Sheet {
        name: Arc::from(name),
        ..Sheet::default()
    };
    for (r, c, d) in range.used_cells() {
        let (r, c) = (r as u32 + range.start().map_or(0, |s| s.0), c as u32 + range.start().map_or(0, |s| s.1));
        if c >= MAX_COLUMNS {
            continue;
        }
        if let Some(cell) = cell_of(d) {
            sheet.rows.entry(r).or_default().insert(c, cell);
        }
    }
    Ok(sheet)
}

/// Reads every worksheet. `Err` is a Chinese message for the whole file.
pub fn load(bytes: Vec<u8>, kind: FileKind) -> Result<Vec<Sheet>, String> {
    let broken = |e: &dyn std::fmt::Display| format!("工作簿无法读取（{e}）；请在 Excel/WPS 中打开后重新保存为 .xlsx");
    match kind {
        FileKind::Xlsx => {
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
            let is_1904 = false;
            let mut out = Vec::new();
            for name in wb.sheet_names() {
                let mut sheet = Sheet {
                    name: Arc::from(name.as_str()),
                    ..Sheet::default()
                };
                {
                    let mut reader = match wb.worksheet_cells_reader(&name) {
                        Ok(r) => r,
                        Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
                        Err(e) => return Err(broken(&e)),
                    };
                    let mut count: u64 = 0;
                    while let Some(cell) = reader.next_cell().map_err(|e| broken(&e))? {
                        let (r, c) = cell.get_position();
                        if c >= MAX_COLUMNS {
                            continue;
                        }
                        if let Some(v) = cell_of_ref(cell.get_value().clone(), is_1904) {
                            count += 1;
                            if count > MAX_SHEET_CELLS {
                                return Err(too_many(&name));
                            }
                            sheet.rows.entry(r).or_default().insert(c, v);
                        }
                    }
                }
                sheet.merges = merges(wb.merge_cells_by_sheet_name(&name).unwrap_or_default());
                out.push(sheet);
            }
            Ok(out)
        }
        FileKind::Xls => {
            let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| {
                let s = e.to_string();
                if s.to_lowercase().contains("password") || s.contains("encrypt") {
                    "工作簿设置了密码（已加密），无法读取；请取消密码后另存".to_string()
                } else {
                    broken(&e)
                }
            })?;
            let mut out = Vec::new();
            for name in wb.sheet_names() {
                let range = match wb.worksheet_range(&name) {
                    Ok(r) => r,
                    Err(_) => continue,
                };
                let mut sheet = from_range(&name, range)?;
                sheet.merges = merges(wb.merge_cells_by_sheet_name(&name).unwrap_or_default());
                out.push(sheet);
            }
            Ok(out)
        }
        FileKind::Xlsb => {
            let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
            let mut out = Vec::new();
            for name in wb.sheet_names() {
                if let Ok(range) = wb.worksheet_range(&name) {
                    out.push(from_range(&name, range)?);
                }
            }
            Ok(out)
        }
        FileKind::Ods => {
            let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
            let mut out = Vec::new();
            for name in wb.sheet_names() {
                if let Ok(range) = wb.worksheet_range(&name) {
                    out.push(from_range(&name, range)?);
                }
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers() {
        assert_eq!(date_text(43069.0, false), "2017-11-30");
        assert_eq!(date_text(43069.5, false), "2017-11-30 12:00");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(clean("\u{200b} 区民政局\u{202e} "), "区民政局");
    }

    fn sheet_with(merges: Vec<Merge>) -> Sheet {
        Sheet { merges, ..Sheet::default() }
    }

    fn linear(sh: &Sheet, row: u32, col: u32) -> Option<Merge> {
        sh.merges.iter().find(|m| m.r0 <= row && row <= m.r1 && m.c0 <= col && col <= m.c1).copied()
    }

    #[test]
    fn merge_index_agrees_with_a_scan() {
        let m = |r0, c0, r1, c1| Merge { r0, c0, r1, c1 };
        let cases = vec![
            vec![],
            vec![m(0, 0, 0, 15), m(2, 0, 3, 0), m(4, 0, 9, 0), m(4, 4, 5, 4), m(6, 4, 9, 4), m(2, 6, 2, 9)],
            // Overlapping regions (not valid in Excel): first in file order wins.
            vec![m(0, 0, 5, 2), m(3, 1, 8, 1), m(7, 0, 7, 3)],
        ];
        for merges in cases {
            let sh = sheet_with(merges);
            for row in 0..12 {
                for col in 0..17 {
                    assert_eq!(sh.merge_at(row, col).copied(), linear(&sh, row, col), "({row}, {col}) in {:?}", sh.merges);
                }
            }
        }
    }
}
