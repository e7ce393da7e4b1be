//! A workbook's bytes, the same on every platform.
//!
//! rust_xlsxwriter's zip writer records the system it runs on in each
//! central-directory entry ("version made by": Unix on Linux and macOS,
//! MS-DOS on Windows), so the same catalogue gave workbooks that differed in
//! one byte per part between an office's Windows PC and CI. Every entry is
//! marked Unix here, as a Linux build writes it; nothing else changes (the
//! file attributes are the same on both).

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::xlsx::le::{u16_at, u32_at, u64_at};

/// The host byte for Unix in "version made by".
const UNIX: u8 = 3;

/// The workbook as bytes, marked as made on Unix whatever the platform.
pub fn workbook_bytes(wb: &mut Workbook) -> Result<Vec<u8>, XlsxError> {
    let mut bytes = wb.save_to_buffer()?;
    made_on_unix(&mut bytes);
    Ok(bytes)
}

/// Where the central directory starts and how many entries it has (the
/// zip64 record when the classic one says so).
fn central_directory(zip: &[u8]) -> Option<(usize, u64)> {
    const EOCD: u32 = 0x0605_4b50;
    const LOCATOR: u32 = 0x0706_4b50;
    const EOCD64: u32 = 0x0606_4b50;
    // No archive comment is written: the record ends the file.
    let eocd = zip.len().checked_sub(22)?;
    if u32_at(zip, eocd)? != EOCD {
        return None;
    }
    let entries = u64::from(u16_at(zip, eocd + 10)?);
    let offset = u32_at(zip, eocd + 16)?;
    if entries != 0xFFFF && offset != 0xFFFF_FFFF {
        return Some((usize::try_from(offset).ok()?, entries));
    }
    let locator = eocd.checked_sub(20)?;
    if u32_at(zip, locator)? != LOCATOR {
        return None;
    }
    let record = usize::try_from(u64_at(zip, locator + 8)?).ok()?;
    if u32_at(zip, record)? != EOCD64 {
        return None;
    }
    let entries = u64_at(zip, record.checked_add(32)?)?;
    let offset = u64_at(zip, record.checked_add(48)?)?;
    Some((usize::try_from(offset).ok()?, entries))
}

/// Marks every central-directory entry as made on Unix. `false` (and the
/// bytes untouched) when the archive is not laid out as expected.
fn made_on_unix(zip: &mut [u8]) -> bool {
    const ENTRY: u32 = 0x0201_4b50;
    let Some((mut at, entries)) = central_directory(zip) else {
        return false;
    };
    let mut hosts = Vec::new();
    for _ in 0..entries {
        let header = (|| {
            if u32_at(zip, at)? != ENTRY {
                return None;
            }
            let name = usize::from(u16_at(zip, at + 28)?);
            let extra = usize::from(u16_at(zip, at + 30)?);
            let comment = usize::from(u16_at(zip, at + 32)?);
            let next = at.checked_add(46 + name + extra + comment)?;
            (next <= zip.len()).then_some(next)
        })();
        let Some(next) = header else {
            return false;
        };
        hosts.push(at + 5);
        at = next;
    }
    for h in hosts {
        if let Some(b) = zip.get_mut(h) {
            *b = UNIX;
        }
    }
    true
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;
    use zip::{DateTime, System, ZipWriter};

    /// A zip as rust_xlsxwriter writes one, on the given system.
    fn written_on(system: System, parts: usize, zip64: bool) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .unix_permissions(0o600)
            .last_modified_time(DateTime::default())
            .large_file(zip64)
            .system(system);
        for i in 0..parts {
            w.start_file(format!("xl/worksheets/sheet{i}.xml"), options)
                .unwrap();
            w.write_all(format!("<worksheet>{i}</worksheet>").as_bytes())
                .unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_windows_zip_becomes_the_unix_one() {
        for (parts, zip64) in [(1, false), (11, false), (3, true)] {
            let unix = written_on(System::Unix, parts, zip64);
            let mut dos = written_on(System::Dos, parts, zip64);
            assert_ne!(dos, unix, "the zip crate records the system");
            assert!(made_on_unix(&mut dos));
            assert_eq!(dos, unix, "{parts} parts, zip64 {zip64}");
            // Already Unix: unchanged.
            let mut again = unix.clone();
            assert!(made_on_unix(&mut again));
            assert_eq!(again, unix);
        }
    }

    #[test]
    fn a_workbook_reads_back_after_marking() {
        let mut wb = Workbook::new();
        wb.add_worksheet().write(0, 0, "政务公开").unwrap();
        let bytes = workbook_bytes(&mut wb).unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        for i in 0..z.len() {
            assert_eq!(z.by_index(i).unwrap().unix_mode(), Some(0o100600));
        }
    }

    #[test]
    fn anything_else_is_left_alone() {
        let unix = written_on(System::Unix, 2, false);
        for cut in [0, 1, 21, 22, unix.len() / 2, unix.len() - 1] {
            let mut b = unix[..cut].to_vec();
            let before = b.clone();
            assert!(!made_on_unix(&mut b));
            assert_eq!(b, before);
        }
        // A central directory pointing past the end.
        let mut b = unix.clone();
        let n = b.len();
        b[n - 6..n - 2].copy_from_slice(&u32::MAX.to_le_bytes()[..4]);
        let before = b.clone();
        assert!(!made_on_unix(&mut b));
        assert_eq!(b, before);
    }
}
