//! Loads a workbook's sheets into a sparse grid of shown texts, with merged
//! regions, within the cell limits.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsb};

use super::sniff::FileKind;
use crate::diag::Sink;
use crate::limits::{LONG_CELL_CHARS, MAX_COLUMNS, MAX_MERGE_COLUMNS, MAX_SHEET_CELLS};
use crate::model::Loc;
use crate::text::invisible;

/// A cell as a person sees it.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    /// The shown text (trimmed, invisible characters removed).
    pub text: String,
    /// `#N/A`, `#REF!` … for error cells.
    pub error: Option<String>,
    /// Invisible characters removed from the text: the first one and how
    /// many (see [`clean`]).
    pub removed: Option<(char, usize)>,
}

impl Cell {
    fn text(raw: &str) -> Option<Cell> {
        if plain(raw) {
            let text = raw.trim();
            return (!text.is_empty()).then(|| Cell {
                text: text.to_string(),
                error: None,
                removed: None,
            });
        }
        let text = clean(raw);
        if text.is_empty() {
            return None;
        }
        let mut hidden = raw.chars().filter(|&c| c != '\r' && invisible(c));
        let removed = hidden.next().map(|first| (first, 1 + hidden.count()));
        Some(Cell {
            text,
            error: None,
            removed,
        })
    }

    /// Warns about a long text or removed invisible characters (once per
    /// cell: call it where the cell's value is read, not where a merge
    /// repeats it).
    pub fn warn(&self, sink: &mut Sink, loc: &Loc, what: &str) {
        let chars = if self.text.len() > LONG_CELL_CHARS {
            self.text.chars().count()
        } else {
            0
        };
        crate::text::report(sink, loc, what, chars, self.removed);
    }
}

pub use super::merged::Merge;

/// The non-empty cells of one row, by column: a sorted vector (a
/// workbook's cells arrive in order, so filling it is appending; a large
/// sheet's rows each cost one small allocation, not a tree's nodes).
#[derive(Clone, Debug, Default)]
pub struct Row(Vec<(u32, Cell)>);

impl Row {
    pub fn get(&self, col: &u32) -> Option<&Cell> {
        match self.0.last() {
            Some((c, cell)) if c == col => Some(cell),
            _ => {
                let i = self.0.binary_search_by_key(col, |&(c, _)| c).ok()?;
                self.0.get(i).map(|(_, cell)| cell)
            }
        }
    }

    /// Sets a cell, replacing what the column held.
    pub fn insert(&mut self, col: u32, cell: Cell) {
        match self.0.last() {
            None => self.0.push((col, cell)),
            Some(&(c, _)) if c < col => self.0.push((col, cell)),
            _ => match self.0.binary_search_by_key(&col, |&(c, _)| c) {
                Ok(i) => {
                    if let Some(slot) = self.0.get_mut(i) {
                        slot.1 = cell;
                    }
                }
                Err(i) => self.0.insert(i, (col, cell)),
            },
        }
    }

    /// (column, cell) in column order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&u32, &Cell)> {
        self.0.iter().map(|(c, cell)| (c, cell))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &u32> {
        self.0.iter().map(|(c, _)| c)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Cell> {
        self.0.iter().map(|(_, cell)| cell)
    }

    pub fn contains_key(&self, col: &u32) -> bool {
        self.get(col).is_some()
    }

    /// The cells from column `from` on.
    pub fn from_col(&self, from: u32) -> impl Iterator<Item = (&u32, &Cell)> {
        let i = self.0.partition_point(|&(c, _)| c < from);
        self.0
            .get(i..)
            .unwrap_or_default()
            .iter()
            .map(|(c, cell)| (c, cell))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Row {
    type Item = (&'a u32, &'a Cell);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (u32, Cell)>,
        fn(&'a (u32, Cell)) -> (&'a u32, &'a Cell),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(c, cell)| (c, cell))
    }
}

/// One sheet.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: Arc<str>,
    /// row → column → cell; only non-empty cells.
    pub rows: BTreeMap<u32, Row>,
    pub merges: Vec<Merge>,
    /// Column → (first row, last row, index in `merges`), sorted; built by
    /// [`Sheet::set_merges`] so a lookup costs a binary search, not a scan of
    /// every merge (a hostile sheet may have hundreds of thousands).
    merge_index: Option<MergeIndex>,
}

/// Column → runs of (first row, last row, index in `merges`), sorted.
/// Indexed by column (below [`MAX_COLUMNS`]).
type MergeIndex = Vec<Vec<(u32, u32, usize)>>;

impl Sheet {
    /// An empty sheet.
    pub fn named(name: Arc<str>) -> Sheet {
        Sheet {
            name,
            ..Sheet::default()
        }
    }

    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.rows.get(&row)?.get(&col)
    }

    /// The text of a cell, "" when empty.
    pub fn text(&self, row: u32, col: u32) -> &str {
        self.get(row, col).map(|c| c.text.as_str()).unwrap_or("")
    }

    /// The merged region containing a cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        let Some(index) = &self.merge_index else {
            return self
                .merges
                .iter()
                .find(|m| m.r0 <= row && row <= m.r1 && m.c0 <= col && col <= m.c1);
        };
        let runs = index.get(usize::try_from(col).ok()?)?;
        // The last merge in this column starting at or above `row`.
        let i = runs
            .partition_point(|&(r0, _, _)| r0 <= row)
            .checked_sub(1)?;
        let &(_, r1, idx) = runs.get(i)?;
        (row <= r1).then(|| self.merges.get(idx)).flatten()
    }

    /// [`Sheet::merge_at`] for rows looked at downwards, one column at a
    /// time: `hint` keeps where the last lookup in this column got to, so
    /// each lookup moves on from there instead of searching again.
    pub fn merge_from(&self, row: u32, col: u32, hint: &mut usize) -> Option<&Merge> {
        let Some(index) = &self.merge_index else {
            return self.merge_at(row, col);
        };
        let runs = index.get(usize::try_from(col).ok()?)?;
        let at_or_before = |i: usize| runs.get(i).is_some_and(|&(r0, _, _)| r0 <= row);
        let i = if at_or_before(*hint) {
            let mut i = *hint;
            // A few steps at most when rows go downwards.
            while at_or_before(i + 1) {
                i += 1;
            }
            i
        } else {
            runs.partition_point(|&(r0, _, _)| r0 <= row)
                .checked_sub(1)?
        };
        *hint = i;
        let &(_, r1, idx) = runs.get(i)?;
        (row <= r1).then(|| self.merges.get(idx)).flatten()
    }

    /// Sets the merged regions and indexes them by column. Merges beyond
    /// the column limit are cut there; `Err` when the merges cover more
    /// columns in all than [`MAX_MERGE_COLUMNS`] (a real sheet: hundreds).
    ///
    /// Regions that overlap cannot be made in Excel, which removes them when
    /// it repairs such a file; here a region overlapping one earlier in the
    /// file is dropped, so every cell is in one region at most.
    pub fn set_merges(&mut self, merges: Vec<Merge>) -> Result<(), String> {
        let mut index = index_merges(&self.name, &merges)?;
        let merges = if index.iter().any(|runs| overlapping(runs)) {
            let kept = drop_overlapping(merges);
            index = index_merges(&self.name, &kept)?;
            kept
        } else {
            merges
        };
        self.merges = merges;
        self.merge_index = Some(index);
        Ok(())
    }
}

/// Column → the merges' runs of rows, sorted by first row.
fn index_merges(name: &str, merges: &[Merge]) -> Result<MergeIndex, String> {
    let mut index: MergeIndex = Vec::new();
    let mut entries: u64 = 0;
    for (i, m) in merges.iter().enumerate() {
        let last = m.c1.min(MAX_COLUMNS.saturating_sub(1));
        entries = entries.saturating_add(u64::from(last.saturating_sub(m.c0)).saturating_add(1));
        if entries > MAX_MERGE_COLUMNS {
            return Err(format!("工作表“{name}”的合并单元格过多，超出处理上限"));
        }
        for c in m.c0..=last {
            let Ok(c) = usize::try_from(c) else { break };
            if index.len() <= c {
                index.resize_with(c + 1, Vec::new);
            }
            if let Some(runs) = index.get_mut(c) {
                runs.push((m.r0, m.r1, i));
            }
        }
    }
    for runs in &mut index {
        runs.sort_unstable_by_key(|&(r0, _, i)| (r0, i));
    }
    Ok(index)
}

/// Whether two of a column's runs (sorted) share a row.
fn overlapping(runs: &[(u32, u32, usize)]) -> bool {
    let mut below: Option<u32> = None;
    for &(r0, r1, _) in runs {
        if below.is_some_and(|b| r0 <= b) {
            return true;
        }
        below = Some(below.map_or(r1, |b| b.max(r1)));
    }
    false
}

/// The merges without those overlapping an earlier one (in file order).
fn drop_overlapping(merges: Vec<Merge>) -> Vec<Merge> {
    // Column → first row → last row of the regions kept (disjoint).
    let mut taken: HashMap<u32, BTreeMap<u32, u32>> = HashMap::new();
    let mut kept = Vec::with_capacity(merges.len());
    for m in merges {
        let last = m.c1.min(MAX_COLUMNS.saturating_sub(1));
        let clashes = (m.c0..=last).any(|c| {
            taken
                .get(&c)
                .and_then(|rows| rows.range(..=m.r1).next_back())
                .is_some_and(|(_, &r1)| r1 >= m.r0)
        });
        if clashes {
            continue;
        }
        for c in m.c0..=last {
            taken.entry(c).or_default().insert(m.r0, m.r1);
        }
        kept.push(m);
    }
    kept
}

/// True when [`clean`] would only trim `s` (most cells): no invisible
/// character, no no-break space.
fn plain(s: &str) -> bool {
    !s.chars().any(|c| c == '\u{a0}' || invisible(c))
}

/// Removes characters that cannot be seen and only confuse matching: zero-width
/// spaces, bidirectional controls, BOMs and control characters (line breaks
/// and tabs stay).
pub fn clean(s: &str) -> String {
    if plain(s) {
        return s.trim().to_string();
    }
    let s: String = s.chars().filter(|&c| !invisible(c)).collect();
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
            format!("{f:.10}")
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
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
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}",
            secs / 3600,
            secs / 60 % 60
        )
    }
}

fn cell_of(d: &Data) -> Option<Cell> {
    let text = match d {
        Data::Empty => return None,
        Data::String(s) => return Cell::text(s),
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
                removed: None,
            });
        }
    };
    (!text.is_empty()).then_some(Cell {
        text,
        error: None,
        removed: None,
    })
}

/// The cell of an `.xlsb` short record (see [`super::xlsb`]).
fn short_cell(v: super::xlsb::Value) -> Option<Cell> {
    use super::xlsb::Value;
    match v {
        Value::Text(s) => Cell::text(&s),
        Value::Number(f) => Cell::text(&number_text(f)),
        Value::Date(f, is_1904) => Cell::text(&date_text(f, is_1904)),
        Value::Bool(b) => Cell::text(if b { "TRUE" } else { "FALSE" }),
        Value::Error(e) => Some(Cell {
            text: String::new(),
            error: Some(e.to_string()),
            removed: None,
        }),
    }
}

pub(super) fn cell_of_ref(d: &DataRef, is_1904: bool) -> Option<Cell> {
    match d {
        DataRef::SharedString(s) => Cell::text(s),
        DataRef::String(s) => Cell::text(s),
        DataRef::DateTime(dt) if dt.is_datetime() => Some(Cell {
            text: date_text(dt.as_f64(), is_1904),
            error: None,
            removed: None,
        }),
        other => cell_of(&Data::from(other.clone())),
    }
}

pub(super) fn merges(dims: Vec<Dimensions>) -> Vec<Merge> {
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

pub(super) fn too_many(name: &str) -> String {
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
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (r, c) = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
        if c >= MAX_COLUMNS {
            continue;
        }
        if let Some(cell) = cell_of(d) {
            sheet.rows.entry(r).or_default().insert(c, cell);
        }
    }
    Ok(sheet)
}

/// The message for a workbook whose parts cannot be parsed.
pub const DAMAGED: &str = "工作簿已损坏，内部结构无法解析（可能下载或复制不完整）；请在 Excel/WPS 中打开后重新保存为 .xlsx";

/// Installs (once) a panic hook that stays silent for panics inside the
/// spreadsheet libraries (caught by [`load`]) and passes every other panic
/// to the hook that was there before.
pub(super) fn quiet_dependency_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_reader = info.location().is_some_and(|l| {
                let f = l.file();
                f.contains("/calamine-") || f.contains("/zip-") || f.contains("/quick-xml-")
            });
            if !in_reader {
                previous(info);
            }
        }));
    });
}

pub(super) fn broken(e: &dyn std::fmt::Display) -> String {
    let e = e.to_string();
    if e.contains("larger than its declared") {
        // The zip reader stopped a part inflating past its declared size.
        return "工作簿中有部件解压后超过其声明的大小，拒绝读取（疑似“压缩炸弹”或文件已损坏）；请在 Excel/WPS 中打开后重新保存为 .xlsx".to_string();
    }
    format!("工作簿无法读取（{e}）；请在 Excel/WPS 中打开后重新保存为 .xlsx")
}

/// Reads the sheets of an `.xls`, `.xlsb` or `.ods` (an `.xlsx` is read
/// by [`super::incoming`]), catching calamine's panics.
pub(super) fn load_complete(bytes: Vec<u8>, kind: FileKind) -> Result<Vec<Sheet>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load_other(bytes, kind)))
        .unwrap_or_else(|_| Err(DAMAGED.to_string()))
}

fn load_other(bytes: Vec<u8>, kind: FileKind) -> Result<Vec<Sheet>, String> {
    match kind {
        FileKind::Xlsx => Err(DAMAGED.to_string()),
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
                sheet.set_merges(merges(
                    wb.merge_cells_by_sheet_name(&name).unwrap_or_default(),
                ))?;
                out.push(sheet);
            }
            Ok(out)
        }
        FileKind::Xlsb => {
            let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(&bytes[..])).map_err(|e| broken(&e))?;
            let names = wb.sheet_names();
            let mut extras = super::xlsb::extras(&bytes, &names).unwrap_or_default();
            let mut out = Vec::new();
            for name in names {
                if let Ok(range) = wb.worksheet_range(&name) {
                    let mut sheet = from_range(&name, range)?;
                    let more = extras.remove(&name).unwrap_or_default();
                    let mut count = sheet.rows.values().map(|r| r.len() as u64).sum::<u64>();
                    for (r, c, value) in more.cells {
                        if c >= MAX_COLUMNS || sheet.get(r, c).is_some() {
                            continue;
                        }
                        let Some(cell) = short_cell(value) else {
                            continue;
                        };
                        count = count.saturating_add(1);
                        if count > MAX_SHEET_CELLS {
                            return Err(too_many(&name));
                        }
                        sheet.rows.entry(r).or_default().insert(c, cell);
                    }
                    sheet.set_merges(more.merges)?;
                    out.push(sheet);
                }
            }
            Ok(out)
        }
        FileKind::Ods => {
            let mut merged = super::ods::merges(&bytes)?;
            let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
            let mut out = Vec::new();
            for name in wb.sheet_names() {
                if let Ok(range) = wb.worksheet_range(&name) {
                    let mut sheet = from_range(&name, range)?;
                    sheet.set_merges(merged.remove(&name).unwrap_or_default())?;
                    out.push(sheet);
                }
            }
            Ok(out)
        }
    }
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

    #[test]
    fn dates_and_numbers() {
        assert_eq!(date_text(43069.0, false), "2017-11-30");
        assert_eq!(date_text(43069.5, false), "2017-11-30 12:00");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(clean("\u{200b} 区民政局\u{202e} "), "区民政局");
    }

    fn sheet_with(merges: Vec<Merge>) -> Sheet {
        Sheet {
            merges,
            ..Sheet::default()
        }
    }

    fn linear(sh: &Sheet, row: u32, col: u32) -> Option<Merge> {
        sh.merges
            .iter()
            .find(|m| m.r0 <= row && row <= m.r1 && m.c0 <= col && col <= m.c1)
            .copied()
    }

    #[test]
    fn overlapping_merges_after_the_first_are_dropped() {
        let m = |r0, c0, r1, c1| Merge { r0, c0, r1, c1 };
        let mut sh = sheet_with(Vec::new());
        sh.set_merges(vec![
            m(0, 0, 5, 2),
            m(3, 1, 8, 1),
            m(7, 0, 7, 3),
            m(5, 2, 5, 2),
            m(6, 2, 6, 4),
        ])
        .unwrap();
        // The second overlaps the first; the fourth lies inside it.
        assert_eq!(sh.merges, vec![m(0, 0, 5, 2), m(7, 0, 7, 3), m(6, 2, 6, 4)]);
        assert_eq!(sh.merge_at(3, 1).copied(), Some(m(0, 0, 5, 2)));
        assert_eq!(sh.merge_at(7, 1).copied(), Some(m(7, 0, 7, 3)));
        assert_eq!(sh.merge_at(6, 3).copied(), Some(m(6, 2, 6, 4)));
        assert_eq!(sh.merge_at(8, 1).copied(), None);
    }

    #[test]
    fn merge_index_agrees_with_a_scan() {
        let m = |r0, c0, r1, c1| Merge { r0, c0, r1, c1 };
        let cases = vec![
            vec![],
            vec![
                m(0, 0, 0, 15),
                m(2, 0, 3, 0),
                m(4, 0, 9, 0),
                m(4, 4, 5, 4),
                m(6, 4, 9, 4),
                m(2, 6, 2, 9),
            ],
            // Overlapping regions (not valid in Excel): those overlapping
            // an earlier one are dropped (see `overlapping_merges_…`).
            vec![m(0, 0, 5, 2), m(3, 1, 8, 1), m(7, 0, 7, 3)],
            vec![m(2, 0, 4, 0), m(2, 0, 2, 3), m(0, 3, 9, 3), m(5, 0, 6, 0)],
        ];
        for merges in cases {
            let mut sh = sheet_with(Vec::new());
            sh.set_merges(merges).unwrap();
            for col in 0..17 {
                // Downwards, then upwards, then jumping: as a scan.
                let mut hint = 0;
                let rows = (0..12).chain((0..12).rev()).chain([3, 9, 0, 11, 5]);
                for row in rows {
                    assert_eq!(
                        sh.merge_from(row, col, &mut hint).copied(),
                        linear(&sh, row, col),
                        "({row}, {col}) in {:?}",
                        sh.merges
                    );
                }
            }
            for row in 0..12 {
                for col in 0..17 {
                    assert_eq!(
                        sh.merge_at(row, col).copied(),
                        linear(&sh, row, col),
                        "({row}, {col}) in {:?}",
                        sh.merges
                    );
                }
            }
        }
    }
}
