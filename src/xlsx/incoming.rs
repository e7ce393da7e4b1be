//! Sheets that arrive row by row while the workbook is still being parsed.
//!
//! An `.xlsx` sheet's cells come out of calamine in file order on one
//! thread; its merged regions are read on another (see [`super::merged`]).
//! The table reader need not wait for the last cell: once the merges are
//! known it reads each row as soon as the rows after it (which a row's
//! reading may look at) have arrived. A 24,000-row 附件2 is thus parsed and
//! read at the same time, on two cores.
//!
//! Rows are complete when they arrive: the reading thread sends a row only
//! when a cell of a later row shows up. A file whose rows are out of order
//! (no spreadsheet program writes one) is noticed; the sheet is then read
//! again once all of it is there, so the result is always that of reading
//! the whole sheet.

use std::collections::btree_map::Entry;
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use calamine::{Reader, Xlsx};

use super::layout;
use super::merged::Merge;
use super::sheet::{self, Row, Sheet};
use super::sniff::FileKind;
use crate::limits::{MAX_COLUMNS, MAX_SHEET_CELLS};

/// Rows a table row's reading may look ahead at (a header and its
/// sub-header row, a row of column numbers, the first data row), with
/// margin.
const LOOKAHEAD: u32 = 8;

/// Rows with cells the header searches look at from where they start: the
/// catalogue table's, and the national table's (its rows and the two after,
/// for the widest row).
const SEARCH_ROWS: usize = {
    let national = crate::national::workbook::HEADER_SEARCH_ROWS as usize + 2;
    if layout::HEADER_SEARCH_ROWS > national {
        layout::HEADER_SEARCH_ROWS
    } else {
        national
    }
};
/// The last row the header searches by row number look at: the ledger's
/// first rows, the national table's and the row under its last one.
const SEARCH_LAST_ROW: u32 = {
    let national = crate::national::workbook::HEADER_SEARCH_ROWS + 1;
    let ledger = crate::ledger::workbook::HEADER_SEARCH_ROWS;
    if ledger > national { ledger } else { national }
};

/// Complete rows sent at once.
const BATCH_ROWS: usize = 256;

/// What the reading thread sends, in this order for each sheet:
/// `Sheet`, `Rows`…, (`Unordered`), `End`; or `Failed` at any point.
enum Msg {
    Sheet(Arc<str>),
    /// Complete rows, ascending (unless `Unordered` was sent).
    Rows(Vec<(u32, Row)>),
    /// A row came again after a later one.
    Unordered,
    /// The sheet is complete; the merged regions calamine read, for a sheet
    /// whose merges the merge reader left to calamine.
    End(Option<Vec<Merge>>),
    /// The workbook cannot be read (a Chinese message).
    Failed(String),
}

/// A sheet being received.
pub struct Incoming<'a> {
    pub sheet: Sheet,
    rx: Option<&'a Receiver<Msg>>,
    /// All of the sheet is here.
    done: bool,
    unordered: bool,
    failed: Option<String>,
    /// The merges came with `End` (calamine's).
    merges_at_end: Option<Vec<Merge>>,
}

impl<'a> Incoming<'a> {
    /// A sheet that is already complete (the other workbook formats).
    pub fn complete(sheet: Sheet) -> Incoming<'static> {
        Incoming {
            sheet,
            rx: None,
            done: true,
            unordered: false,
            failed: None,
            merges_at_end: None,
        }
    }

    /// Waits for the next message of this sheet; false once the sheet is
    /// complete.
    fn more(&mut self) -> bool {
        if self.done {
            return false;
        }
        let Some(rx) = self.rx else {
            self.done = true;
            return false;
        };
        match rx.recv() {
            Ok(Msg::Rows(rows)) => {
                for (r, row) in rows {
                    match self.sheet.rows.entry(r) {
                        Entry::Vacant(v) => {
                            v.insert(row);
                        }
                        Entry::Occupied(mut o) => {
                            let have = o.get_mut();
                            for (&c, cell) in &row {
                                have.insert(c, cell.clone());
                            }
                        }
                    }
                }
                true
            }
            Ok(Msg::Unordered) => {
                self.unordered = true;
                true
            }
            Ok(Msg::End(merges)) => {
                self.merges_at_end = merges;
                self.done = true;
                false
            }
            Ok(Msg::Failed(msg)) => {
                self.failed = Some(msg);
                self.done = true;
                false
            }
            // The reader sends `End` before the next sheet and stops only
            // after `End` or `Failed`; anything else is its failure.
            Ok(Msg::Sheet(_)) | Err(_) => {
                self.failed = Some(sheet::DAMAGED.to_string());
                self.done = true;
                false
            }
        }
    }

    /// Receives the rest of the sheet.
    pub fn finish(&mut self) {
        while self.more() {}
    }

    /// True when all of the sheet is here.
    pub fn is_complete(&self) -> bool {
        self.done
    }

    /// Whether row `row` can be read as it will stay: it and the rows it
    /// may look ahead at have arrived.
    pub fn settled(&self, row: u32) -> bool {
        self.done
            || (!self.unordered
                && self
                    .sheet
                    .rows
                    .last_key_value()
                    .is_some_and(|(&last, _)| row.saturating_add(LOOKAHEAD) <= last))
    }

    /// Receives rows until row `row` is settled or the sheet is complete.
    pub fn settle(&mut self, row: u32) {
        while !self.settled(row) && self.more() {}
    }

    /// Receives rows until the header searches from row `from` see what
    /// they would see in the complete sheet.
    pub fn settle_search(&mut self, from: u32) {
        loop {
            let ready = self.settled(SEARCH_LAST_ROW) && {
                let last = self
                    .sheet
                    .rows
                    .last_key_value()
                    .map(|(&r, _)| r)
                    .unwrap_or(0);
                let settled_end = last.saturating_sub(LOOKAHEAD);
                from > settled_end
                    || self
                        .sheet
                        .rows
                        .range(from..=settled_end)
                        .take(SEARCH_ROWS)
                        .count()
                        >= SEARCH_ROWS
            };
            if self.done || ready || !self.more() {
                return;
            }
        }
    }
}

/// Reads every worksheet. `Err` is a Chinese message for the whole file.
pub fn load(bytes: Vec<u8>, kind: FileKind) -> Result<Vec<Sheet>, String> {
    load_each(bytes, kind, |_| ()).map(|sheets| sheets.into_iter().map(|(s, ())| s).collect())
}

/// Reads every worksheet, handing each to `each` while it arrives (see
/// [`Incoming`]): an `.xlsx` sheet's rows are read as calamine parses
/// them; the other formats' sheets arrive complete. Returns each sheet with
/// what `each` made of it; `Err` is a Chinese message for the whole file
/// (what `each` made of the sheets before is then to be dropped).
///
/// calamine can panic on malformed files (fuzzing found slice indexing past
/// the end in its xls/CFB reader); such a panic is caught here and reported
/// as a damaged file, and a panic hook keeps it off the terminal.
pub fn load_each<R>(
    bytes: Vec<u8>,
    kind: FileKind,
    mut each: impl FnMut(&mut Incoming) -> R,
) -> Result<Vec<(Sheet, R)>, String> {
    sheet::quiet_dependency_panics();
    if kind == FileKind::Xlsx {
        return load_xlsx(&bytes, each);
    }
    let sheets = sheet::load_complete(bytes, kind)?;
    Ok(sheets
        .into_iter()
        .map(|sheet| {
            let mut inc = Incoming::complete(sheet);
            let made = each(&mut inc);
            (inc.sheet, made)
        })
        .collect())
}

type XlsxBook<'b> = Xlsx<Cursor<&'b [u8]>>;

/// Reads an `.xlsx` on three threads: calamine reads the cells and sends
/// complete rows; the merged regions are read from a second pass over each
/// sheet's XML (src/xlsx/merged.rs); this thread hands each sheet to `each`
/// as it arrives.
fn load_xlsx<R>(
    bytes: &[u8],
    each: impl FnMut(&mut Incoming) -> R,
) -> Result<Vec<(Sheet, R)>, String> {
    let opened = std::panic::catch_unwind(|| XlsxBook::new(Cursor::new(bytes)));
    let mut wb = match opened {
        Ok(Ok(wb)) => wb,
        Ok(Err(e)) => return Err(sheet::broken(&e)),
        Err(_) => return Err(sheet::DAMAGED.to_string()),
    };
    let names = wb.sheet_names();
    let names = &names;
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel();
        let (merges_tx, merges_rx) = mpsc::channel();
        let (missing_tx, missing_rx) = mpsc::channel();
        s.spawn(move || {
            let found: HashMap<String, Vec<Merge>> = std::panic::catch_unwind(|| {
                let Some(mut merged) = super::merged::Merges::open(bytes, names) else {
                    return HashMap::new();
                };
                names
                    .iter()
                    .filter_map(|n| Some((n.clone(), merged.of(n)?)))
                    .collect()
            })
            .unwrap_or_default();
            let missing: HashSet<String> = names
                .iter()
                .filter(|n| !found.contains_key(*n))
                .cloned()
                .collect();
            // Either may have stopped listening (a damaged workbook).
            let _ = missing_tx.send(missing);
            let _ = merges_tx.send(found);
        });
        s.spawn(move || {
            let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read_cells(&mut wb, names, &tx, &missing_rx)
            }));
            let failed = match read {
                Ok(Ok(())) | Ok(Err(Stop::Gone)) => None,
                Ok(Err(Stop::Failed(msg))) => Some(msg),
                Err(_) => Some(sheet::DAMAGED.to_string()),
            };
            if let Some(msg) = failed {
                let _ = tx.send(Msg::Failed(msg));
            }
        });
        // `rx` is dropped when this returns, so a reader still sending
        // stops (the workbook failed on this side).
        consume(&rx, &merges_rx, each)
    })
}

/// Why the cell reader stopped early.
enum Stop {
    /// The receiving side stopped listening.
    Gone,
    Failed(String),
}

impl From<Gone> for Stop {
    fn from(_: Gone) -> Self {
        Stop::Gone
    }
}

/// Reads the cells of every worksheet and sends them as complete rows.
fn read_cells(
    wb: &mut XlsxBook,
    names: &[String],
    tx: &mpsc::Sender<Msg>,
    missing: &mpsc::Receiver<HashSet<String>>,
) -> Result<(), Stop> {
    let is_1904 = false;
    let mut missing_set: Option<HashSet<String>> = None;
    for name in names {
        let mut reader = match wb.worksheet_cells_reader(name) {
            Ok(r) => r,
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(Stop::Failed(sheet::broken(&e))),
        };
        let mut rows = RowSender::new(tx);
        rows.send(Msg::Sheet(Arc::from(name.as_str())))?;
        let mut count: u64 = 0;
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| Stop::Failed(sheet::broken(&e)))?
        {
            let (r, c) = cell.get_position();
            if c >= MAX_COLUMNS {
                continue;
            }
            if let Some(v) = sheet::cell_of_ref(cell.get_value(), is_1904) {
                count = count.saturating_add(1);
                if count > MAX_SHEET_CELLS {
                    return Err(Stop::Failed(sheet::too_many(name)));
                }
                rows.cell(r, c, v)?;
            }
        }
        drop(reader);
        // The merge reader left this sheet to calamine.
        let missing = missing_set.get_or_insert_with(|| missing.recv().unwrap_or_default());
        let found = missing
            .contains(name)
            .then(|| sheet::merges(wb.merge_cells_by_sheet_name(name).unwrap_or_default()));
        rows.end(found)?;
    }
    Ok(())
}

/// Reads each sheet as it arrives: `each` is called once per sheet with
/// the sheet arriving (and called again on the complete sheet if its rows
/// came out of order). `merges` brings every sheet's merged regions (a
/// sheet missing from it gets calamine's, sent with its `End`). Returns
/// each complete sheet with what `each` made of it.
fn consume<R>(
    rx: &Receiver<Msg>,
    merges: &Receiver<HashMap<String, Vec<Merge>>>,
    mut each: impl FnMut(&mut Incoming) -> R,
) -> Result<Vec<(Sheet, R)>, String> {
    let mut regions: Option<HashMap<String, Vec<Merge>>> = None;
    let mut out = Vec::new();
    loop {
        let name = match rx.recv() {
            Ok(Msg::Sheet(name)) => name,
            Ok(Msg::Failed(msg)) => return Err(msg),
            // The reader has finished.
            Err(_) => return Ok(out),
            Ok(_) => return Err(sheet::DAMAGED.to_string()),
        };
        let mut inc = Incoming {
            sheet: Sheet::named(name.clone()),
            rx: Some(rx),
            done: false,
            unordered: false,
            failed: None,
            merges_at_end: None,
        };
        let found = regions
            .get_or_insert_with(|| merges.recv().unwrap_or_default())
            .remove(&*name);
        let result = match found {
            Some(found) => {
                inc.sheet.set_merges(found)?;
                let first = each(&mut inc);
                inc.finish();
                if inc.unordered && inc.failed.is_none() {
                    each(&mut inc)
                } else {
                    first
                }
            }
            None => {
                inc.finish();
                let found = inc.merges_at_end.take().unwrap_or_default();
                inc.sheet.set_merges(found)?;
                each(&mut inc)
            }
        };
        if let Some(msg) = inc.failed {
            return Err(msg);
        }
        out.push((inc.sheet, result));
    }
}

/// Sends complete rows in batches, watching their order.
struct RowSender<'a> {
    tx: &'a Sender<Msg>,
    batch: Vec<(u32, Row)>,
    /// The row being filled.
    current: Option<(u32, Row)>,
    /// The last row sent (or batched).
    last: Option<u32>,
    unordered: bool,
}

/// The table reader has gone (it stopped reading the workbook).
struct Gone;

impl<'a> RowSender<'a> {
    pub fn new(tx: &'a Sender<Msg>) -> Self {
        RowSender {
            tx,
            batch: Vec::with_capacity(BATCH_ROWS),
            current: None,
            last: None,
            unordered: false,
        }
    }

    pub fn send(&self, msg: Msg) -> Result<(), Gone> {
        self.tx.send(msg).map_err(|_| Gone)
    }

    /// Adds a cell (cells arrive row by row).
    pub fn cell(&mut self, r: u32, c: u32, cell: sheet::Cell) -> Result<(), Gone> {
        if let Some((cr, row)) = &mut self.current
            && *cr == r
        {
            row.insert(c, cell);
            return Ok(());
        }
        self.close_row()?;
        if !self.unordered && self.last.is_some_and(|l| r <= l) {
            self.unordered = true;
            self.flush()?;
            self.send(Msg::Unordered)?;
        }
        let mut row = Row::default();
        row.insert(c, cell);
        self.current = Some((r, row));
        Ok(())
    }

    fn close_row(&mut self) -> Result<(), Gone> {
        if let Some((r, row)) = self.current.take() {
            self.last = Some(self.last.map_or(r, |l| l.max(r)));
            self.batch.push((r, row));
            if self.batch.len() >= BATCH_ROWS {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Gone> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let rows = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH_ROWS));
        self.send(Msg::Rows(rows))
    }

    /// Sends what is left of the sheet and its end.
    pub fn end(mut self, merges: Option<Vec<Merge>>) -> Result<(), Gone> {
        self.close_row()?;
        self.flush()?;
        self.send(Msg::End(merges))
    }
}

/// Rows out of order, as no spreadsheet program writes them (tests).
#[cfg(test)]
#[derive(Clone, Copy, Debug)]
pub(super) enum Disorder {
    /// The `i`th row comes last.
    Late(usize),
    /// The `i`th row's first cell comes, then the next row, then the rest.
    Split(usize),
}

/// Sends `sheet`'s cells as the reading thread would, `batch` rows at a
/// time, and reads it with `each` (tests of the readers built on this).
#[cfg(test)]
pub(super) fn feed<R>(
    sheet: &Sheet,
    batch: usize,
    disorder: Option<Disorder>,
    each: impl FnMut(&mut Incoming) -> R,
) -> Result<R, String> {
    // (row, column, cell) in the order sent; a new row closes the last.
    let mut cells: Vec<(u32, u32, &sheet::Cell)> = Vec::new();
    let rows: Vec<(&u32, &Row)> = sheet.rows.iter().collect();
    for (i, &(&r, row)) in rows.iter().enumerate() {
        let mut own: Vec<(u32, u32, &sheet::Cell)> =
            row.iter().map(|(&c, cell)| (r, c, cell)).collect();
        match disorder {
            Some(Disorder::Late(k)) if k == i => continue,
            Some(Disorder::Split(k)) if k == i && own.len() > 1 => {
                let rest = own.split_off(1);
                cells.extend(own);
                if let Some(&(&next, next_row)) = rows.get(i + 1) {
                    cells.extend(next_row.iter().map(|(&c, cell)| (next, c, cell)));
                }
                cells.extend(rest);
                continue;
            }
            Some(Disorder::Split(k))
                if k + 1 == i && rows.get(k).is_some_and(|(_, r)| r.len() > 1) =>
            {
                continue;
            }
            _ => cells.extend(own),
        }
    }
    if let Some(Disorder::Late(k)) = disorder
        && let Some(&(&r, row)) = rows.get(k)
    {
        cells.extend(row.iter().map(|(&c, cell)| (r, c, cell)));
    }
    let merges = HashMap::from([(sheet.name.to_string(), sheet.merges.clone())]);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel();
        let (merges_tx, merges_rx) = mpsc::channel();
        s.spawn(move || {
            let _ = merges_tx.send(merges);
        });
        s.spawn(move || -> Result<(), Gone> {
            let mut out = RowSender::new(&tx);
            out.send(Msg::Sheet(sheet.name.clone()))?;
            let mut rows_begun = 0;
            let mut last_row = None;
            for (r, c, cell) in cells {
                if last_row != Some(r) {
                    rows_begun += 1;
                    last_row = Some(r);
                    if rows_begun % batch == 0 {
                        out.close_row()?;
                        out.flush()?;
                    }
                }
                out.cell(r, c, cell.clone())?;
            }
            out.end(None)
        });
        let mut got = consume(&rx, &merges_rx, each)?;
        got.pop()
            .map(|(_, made)| made)
            .ok_or_else(|| "no sheet".to_string())
    })
}
