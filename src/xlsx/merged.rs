//! Merged regions of xlsx worksheets, read from each sheet's XML in memory.
//!
//! calamine's `merge_cells_by_sheet_name` inflates the sheet a second time
//! and parses all of it through a buffered zip reader, event by event, to
//! reach `<mergeCells>` at the end: as much work as reading the cells. Here
//! the sheet is inflated into memory and parsed from a slice, and a sheet
//! whose XML never names `mergeCells` is not parsed at all.
//!
//! The result must be calamine's. This reader follows calamine's steps
//! (package relationships → workbook relationships → `<sheet>` → path;
//! first `<mergeCells>` start anywhere; `ref` of each `<mergeCell>`) and
//! answers `None` — "ask calamine" — for anything off the plain path: an
//! XML or zip error, an entity or duplicate where calamine and quick-xml
//! might differ, a reference it does not read exactly as calamine does, sheet
//! names that differ from calamine's, a sheet too big to hold in memory
//! that names `mergeCells` (one that never does is streamed through once
//! and has none).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A merged region, inclusive, 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub r0: u32,
    pub c0: u32,
    pub r1: u32,
    pub c1: u32,
}

/// Sheets larger than this are left to calamine, which streams them.
const MAX_IN_MEMORY: u64 = 64 * 1024 * 1024;

pub struct Merges<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Stored entry names by lower-case name, as calamine looks them up.
    names: HashMap<String, String>,
    /// Sheet name → path of its XML part.
    sheets: Vec<(String, String)>,
}

impl<'a> Merges<'a> {
    /// `None` when the workbook's parts are not plain enough to be sure of
    /// finding the same sheet parts as calamine (whose `sheet_names` are
    /// `calamine_names`).
    pub fn open(bytes: &'a [u8], calamine_names: &[String]) -> Option<Merges<'a>> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let mut names = HashMap::with_capacity(zip.len());
        for n in zip.file_names() {
            let n = n.ok()?;
            names.insert(n.replace('\\', "/").to_ascii_lowercase(), n.to_string());
        }
        let mut m = Merges {
            zip,
            names,
            sheets: Vec::new(),
        };
        let (xl_path, workbook) = m.office_document()?;
        let rels = m.relationships(&format!("{xl_path}_rels/{workbook}.rels"))?;
        m.sheets = m.sheet_paths(&format!("{xl_path}{workbook}"), &xl_path, &rels)?;
        let same = m.sheets.len() == calamine_names.len()
            && m.sheets
                .iter()
                .zip(calamine_names)
                .all(|((a, _), b)| a == b);
        same.then_some(m)
    }

    /// The merged regions of a sheet as calamine gives them, or `None` when
    /// calamine must be asked.
    pub fn of(&mut self, sheet: &str) -> Option<Vec<Merge>> {
        let path = self.sheets.iter().find(|(n, _)| n == sheet)?.1.clone();
        let xml = match self.read_part(&path, MAX_IN_MEMORY)? {
            Part::Held(xml) => xml,
            // A sheet that never names `mergeCells` has none, as below,
            // without calamine parsing all of it a second time; one that
            // does is left to calamine.
            Part::TooBig => {
                return self
                    .names_merge_cells(&path)
                    .is_some_and(|named| !named)
                    .then(Vec::new);
            }
        };
        if memchr::memmem::find(&xml, b"mergeCells").is_none() {
            // No element of that name: calamine reads to the end (or to an
            // XML error) and finds none; either way no merges.
            return Some(Vec::new());
        }
        let mut r = match skip_to_merge_cells(&xml) {
            Skip::At(i) => {
                // Parsing from a tag boundary is parsing from the start with
                // everything before it read.
                let mut r = reader(xml.get(i..)?);
                match r.read_event().ok()? {
                    Event::Start(e) if e.local_name().as_ref() == "mergeCells" => r,
                    _ => return None,
                }
            }
            Skip::Unsure => {
                let mut r = reader(&xml);
                loop {
                    match r.read_event().ok()? {
                        Event::Start(e) if e.local_name().as_ref() == "mergeCells" => break,
                        Event::Eof => return Some(Vec::new()),
                        _ => {}
                    }
                }
                r
            }
        };
        let mut out = Vec::new();
        loop {
            match r.read_event().ok()? {
                Event::Start(e) if e.local_name().as_ref() == "mergeCell" => {
                    out.push(merge_ref(&only_attr(&e, "ref")?)?);
                }
                Event::End(e) if e.local_name().as_ref() == "mergeCells" => break,
                Event::Eof => return None,
                _ => {}
            }
        }
        Some(out)
    }

    /// A part's bytes, by calamine's lookup (exact name, else lower-case).
    /// `None` when it is larger than `limit` or cannot be read.
    fn part(&mut self, path: &str, limit: u64) -> Option<Vec<u8>> {
        match self.read_part(path, limit)? {
            Part::Held(bytes) => Some(bytes),
            Part::TooBig => None,
        }
    }

    /// A part's bytes, or that it is larger than `limit`; `None` when it
    /// cannot be read.
    fn read_part(&mut self, path: &str, limit: u64) -> Option<Part> {
        let stored = self.stored_name(path);
        let mut f = self.zip.by_name(&stored).ok()?;
        if f.size() > limit {
            return Some(Part::TooBig);
        }
        // The declared size may lie (the zip reader stops at it).
        let mut out = Vec::with_capacity(usize::try_from(f.size().min(1 << 24)).ok()?);
        f.read_to_end(&mut out).ok()?;
        Some(Part::Held(out))
    }

    /// Whether a part's inflated bytes contain `mergeCells` anywhere, read
    /// in chunks (for a part too big to hold); `None` on a zip error.
    fn names_merge_cells(&mut self, path: &str) -> Option<bool> {
        let stored = self.stored_name(path);
        let f = self.zip.by_name(&stored).ok()?;
        stream_contains(f, b"mergeCells")
    }

    /// A part's stored name, by calamine's lookup (exact name, else
    /// lower-case).
    fn stored_name(&self, path: &str) -> String {
        self.names
            .get(&path.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| path.to_string())
    }

    /// Folder and file name of the workbook part, from `_rels/.rels`.
    fn office_document(&mut self) -> Option<(String, String)> {
        let xml = self.part("_rels/.rels", MAX_IN_MEMORY)?;
        let mut r = reader(&xml);
        let mut target = None;
        let mut found = false;
        loop {
            match r.read_event().ok()? {
                Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                    let typ = only_attr(&e, "Type");
                    if typ.is_some_and(|t| t.ends_with("/relationships/officeDocument")) {
                        // calamine keeps the last; two would need checking which.
                        if found {
                            return None;
                        }
                        found = true;
                        target = Some(only_attr(&e, "Target")?);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let target = target?;
        let (dir, name) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => ("", target.as_str()),
        };
        if name.is_empty() {
            return None;
        }
        Some((
            dir.strip_prefix('/').unwrap_or(dir).to_string(),
            name.to_string(),
        ))
    }

    /// Relationship id → (target, type).
    fn relationships(&mut self, path: &str) -> Option<HashMap<String, (String, String)>> {
        let xml = self.part(path, MAX_IN_MEMORY)?;
        let mut r = reader(&xml);
        let mut out = HashMap::new();
        loop {
            match r.read_event().ok()? {
                Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                    let id = only_attr(&e, "Id")?;
                    let target = only_attr(&e, "Target")?;
                    let typ = only_attr(&e, "Type")?;
                    if out.insert(id, (target, typ)).is_some() {
                        return None;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Some(out)
    }

    /// Sheet names and parts, in the workbook's order.
    fn sheet_paths(
        &mut self,
        path: &str,
        xl_path: &str,
        rels: &HashMap<String, (String, String)>,
    ) -> Option<Vec<(String, String)>> {
        let xml = self.part(path, MAX_IN_MEMORY)?;
        let mut r = reader(&xml);
        let mut out = Vec::new();
        loop {
            match r.read_event().ok()? {
                Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                    let name = only_attr(&e, "name")?;
                    let mut id = None;
                    for a in e.attributes() {
                        let a = a.ok()?;
                        let key = a.key.as_ref();
                        if key == "id" || key.strip_suffix(":id").is_some() {
                            if id.is_some() {
                                return None;
                            }
                            id = Some(plain(&a.value)?);
                        }
                    }
                    let (target, _) = rels.get(&id?)?;
                    let part = match target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("{xl_path}{target}"),
                    };
                    out.push((name, part));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Some(out)
    }
}

/// Whether `needle` (not empty) occurs in what `r` reads, holding at most
/// a chunk of it at a time; `None` on a read error.
fn stream_contains(mut r: impl Read, needle: &[u8]) -> Option<bool> {
    const CHUNK: usize = 1 << 20;
    let finder = memchr::memmem::Finder::new(needle);
    // The end of the previous chunk is kept, so a needle split across two
    // reads is still found.
    let keep = needle.len().saturating_sub(1);
    let mut buf = vec![0u8; keep + CHUNK];
    let mut held = 0;
    loop {
        let n = r.read(buf.get_mut(held..)?).ok()?;
        if n == 0 {
            return Some(false);
        }
        let filled = held + n;
        if finder.find(buf.get(..filled)?).is_some() {
            return Some(true);
        }
        held = keep.min(filled);
        buf.copy_within(filled - held..filled, 0);
    }
}

enum Part {
    Held(Vec<u8>),
    /// Larger than the limit asked for; not read.
    TooBig,
}

enum Skip {
    /// The first `<mergeCells>` (or `<x:mergeCells>`) start tag is at this offset.
    At(usize),
    /// The XML holds something this scan does not follow; parse it all.
    Unsure,
}

/// Finds the first `mergeCells` start tag by looking only at `<` and `>`:
/// a sheet's XML is mostly small tags, and quick-xml's events for each cost
/// as much as reading the cells. Only XML that this scan splits into tags
/// exactly as quick-xml does is scanned: no comment, CDATA, doctype or
/// processing instruction (`<!`, `<?` after the declaration), no entity or
/// character reference (`&`), no quote left open at a tag's first `>`, no
/// tag without a name, no tag left open at the end; anything else is
/// `Unsure`.
fn skip_to_merge_cells(xml: &[u8]) -> Skip {
    let mut pos = 0;
    if xml.starts_with(b"<?") {
        match memchr::memmem::find(xml, b"?>") {
            Some(end) => pos = end + 2,
            None => return Skip::Unsure,
        }
    }
    let rest = xml.get(pos..).unwrap_or_default();
    if memchr::memchr(b'&', rest).is_some()
        || memchr::memmem::find(rest, b"<!").is_some()
        || memchr::memmem::find(rest, b"<?").is_some()
    {
        return Skip::Unsure;
    }
    loop {
        let Some(open) = memchr::memchr(b'<', xml.get(pos..).unwrap_or_default()) else {
            return Skip::Unsure;
        };
        let start = pos + open;
        let Some(close) = memchr::memchr(b'>', xml.get(start..).unwrap_or_default()) else {
            return Skip::Unsure;
        };
        let end = start + close;
        let tag = xml.get(start + 1..end).unwrap_or_default();
        pos = end + 1;
        if tag.first() == Some(&b'/') {
            continue;
        }
        let quotes = |q: u8| tag.iter().filter(|&&b| b == q).count() % 2;
        if quotes(b'"') != 0 || quotes(b'\'') != 0 {
            return Skip::Unsure;
        }
        // quick-xml: an empty element's `/` is cut, the name ends at XML
        // whitespace.
        let content = tag.strip_suffix(b"/").unwrap_or(tag);
        let name_len = content
            .iter()
            .position(|&b| matches!(b, b' ' | b'\r' | b'\n' | b'\t'))
            .unwrap_or(content.len());
        let Some(name) = content.get(..name_len).filter(|n| !n.is_empty()) else {
            return Skip::Unsure;
        };
        let local = match memchr::memchr(b':', name) {
            Some(i) => name.get(i + 1..).unwrap_or_default(),
            None => name,
        };
        if local == b"mergeCells" {
            return Skip::At(start);
        }
    }
}

pub(super) fn reader(xml: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(xml);
    // calamine's settings.
    let c = r.config_mut();
    c.check_end_names = false;
    c.trim_text(false);
    c.check_comments = false;
    c.expand_empty_elements = true;
    r
}

/// The value of the one attribute named `key` (checked attributes, no
/// duplicates), when it needs no unescaping.
pub(super) fn only_attr(e: &BytesStart, key: &str) -> Option<String> {
    let mut found = None;
    for a in e.attributes() {
        let a = a.ok()?;
        if a.key.as_ref() == key {
            if found.is_some() {
                return None;
            }
            found = Some(plain(&a.value)?);
        }
    }
    found
}

/// An attribute value with no entity or character reference, as is.
fn plain(v: &str) -> Option<String> {
    (!v.contains('&')).then(|| v.to_string())
}

/// "B3:D7" or "B3" → a region, when it is plainly written: 1–3 capital
/// letters and a row number of at most 7 digits, first corner not below or
/// right of the second (anything else is left to calamine).
fn merge_ref(s: &str) -> Option<Merge> {
    let (a, b) = match s.split_once(':') {
        Some((a, b)) => (cell_ref(a)?, cell_ref(b)?),
        None => (cell_ref(s)?, cell_ref(s)?),
    };
    (a.0 <= b.0 && a.1 <= b.1).then_some(Merge {
        r0: a.0,
        c0: a.1,
        r1: b.0,
        c1: b.1,
    })
}

/// "B3" → (row 2, column 1).
fn cell_ref(s: &str) -> Option<(u32, u32)> {
    let digits = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = s.split_at(digits);
    if !(1..=3).contains(&letters.len())
        || !letters.bytes().all(|b| b.is_ascii_uppercase())
        || !(1..=7).contains(&number.len())
        || !number.bytes().all(|b| b.is_ascii_digit())
        || number.starts_with('0')
    {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |c, b| c * 26 + u32::from(b - b'A') + 1);
    let row: u32 = number.parse().ok()?;
    Some((row - 1, col - 1))
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
    fn skips_to_merge_cells() {
        let at = |xml: &str| match skip_to_merge_cells(xml.as_bytes()) {
            Skip::At(i) => Some(i),
            Skip::Unsure => None,
        };
        let head = r#"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/></row></sheetData>"#;
        assert_eq!(
            at(&format!(
                "{head}<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>"
            )),
            Some(head.len())
        );
        assert_eq!(
            at(&format!("{head}<x:mergeCells/></worksheet>")),
            Some(head.len())
        );
        // Look-alikes are passed over.
        assert_eq!(
            at(r#"<a><mergeCellsX/><b t="mergeCells > x"/><mergeCells>"#),
            None
        );
        assert_eq!(at(r#"<a><mergeCellsX/><mergeCells>"#), Some(17));
        // What quick-xml would read differently: parse it all.
        for odd in [
            "<a><!-- <mergeCells> --><mergeCells>",
            "<a><![CDATA[<mergeCells>]]><mergeCells>",
            "<a>&amp;<mergeCells>",
            "<a><?pi?><mergeCells>",
            "<a b='>'><mergeCells>",
            "<a>< mergeCells>",
            "<a>mergeCells",
        ] {
            assert_eq!(at(odd), None, "{odd}");
        }
    }

    /// Reads 1 to 7 bytes at a time, then errors if asked to.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
        fail_at_end: bool,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.data.is_empty() && self.fail_at_end {
                return Err(std::io::Error::other("broken"));
            }
            self.step = self.step % 7 + 1;
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_name_split_across_reads_is_found() {
        let needle = b"mergeCells";
        let filler = b"<row><c s=\"1\"/></row>".repeat(8);
        for at in 0..=filler.len() {
            for step in 0..7 {
                let mut data = filler.clone();
                data.splice(at..at, needle.iter().copied());
                let r = Trickle {
                    data: &data,
                    step,
                    fail_at_end: false,
                };
                assert_eq!(
                    stream_contains(r, needle),
                    Some(true),
                    "at {at}, step {step}"
                );
            }
        }
        // Near misses are not the name.
        for odd in ["mergeCell", "ergeCells", "mergeCelLs", ""] {
            let mut data = filler.clone();
            data.extend_from_slice(odd.as_bytes());
            data.extend_from_slice(&filler);
            let r = Trickle {
                data: &data,
                step: 3,
                fail_at_end: false,
            };
            assert_eq!(stream_contains(r, needle), Some(false), "{odd}");
        }
        let r = Trickle {
            data: &filler,
            step: 0,
            fail_at_end: true,
        };
        assert_eq!(stream_contains(r, needle), None);
        // Larger than a chunk, the name in the second.
        let mut big = vec![b' '; (1 << 20) + 5];
        big.extend_from_slice(needle);
        assert_eq!(stream_contains(&big[..], needle), Some(true));
        assert_eq!(stream_contains(&big[..big.len() - 1], needle), Some(false));
    }

    #[test]
    fn references() {
        assert_eq!(
            merge_ref("B3:D7"),
            Some(Merge {
                r0: 2,
                c0: 1,
                r1: 6,
                c1: 3
            })
        );
        assert_eq!(
            merge_ref("AA10"),
            Some(Merge {
                r0: 9,
                c0: 26,
                r1: 9,
                c1: 26
            })
        );
        for odd in [
            "",
            "A",
            "3",
            "D7:B3",
            "a1:b2",
            "A0",
            "A01",
            "AAAA1",
            "A12345678",
            "A1:B2:C3",
            "A1:",
            "A1B",
        ] {
            assert_eq!(merge_ref(odd), None, "{odd}");
        }
    }
}
