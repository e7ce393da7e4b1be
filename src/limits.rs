//! Resource limits on input, so hostile or broken files are refused quickly
//! instead of exhausting time or memory. A real catalogue is a few hundred KB
//! (a district's largest workbook: a few thousand rows), so every limit is
//! far above real use. Measured behaviour at the limits: tests/HOSTILE.md.

/// Largest YAML file read (bytes); checked before reading and while reading.
pub const MAX_YAML_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest YAML nesting accepted (a catalogue needs 6 levels).
pub const MAX_YAML_DEPTH: usize = 64;
/// Most YAML nodes in one file, counting every alias expansion (the
/// "billion laughs" guard). A 50 MB catalogue has about 3 million.
pub const MAX_YAML_NODES: usize = 5_000_000;
/// Most YAML nodes copied by aliases (`*name`) in one file, the anchored
/// copies included: the "billion laughs" guard proper. A catalogue that
/// shares a list among its items copies a few thousand; a 700-byte alias
/// bomb reaches the limit at once instead of building millions of nodes
/// (3.6 s and 362 MB per file under the node limit alone, a cost any
/// upload to the liaisons' service could impose).
pub const MAX_YAML_ALIAS_NODES: usize = 100_000;
/// Largest workbook file read (bytes).
pub const MAX_WORKBOOK_BYTES: u64 = 200 * 1024 * 1024;
/// Most bytes a workbook's zip entries may decompress to, all together.
/// Enforced on the declared sizes before anything is unpacked; the zip
/// reader stops any entry that inflates past its declared size, so a lying
/// header cannot get past it.
pub const MAX_WORKBOOK_UNZIPPED: u64 = 512 * 1024 * 1024;
/// Most bytes one zip entry (a sheet, the shared strings) may decompress to.
pub const MAX_ZIP_ENTRY: u64 = 256 * 1024 * 1024;
/// Largest ratio of decompressed to compressed size for one zip entry with
/// more than 1 MiB of content (zip-bomb guard; real sheet XML is 5–30:1).
pub const MAX_ZIP_RATIO: u64 = 200;
/// Most non-empty cells per sheet (xlsx), and largest used range
/// (rows × columns) per sheet for xls/xlsb/ods.
pub const MAX_SHEET_CELLS: u64 = 5_000_000;
/// Texts longer than this (characters: Excel's cell limit) are kept, with a
/// `text-too-long` warning.
pub const LONG_CELL_CHARS: usize = 32_767;
/// Columns from this one on are ignored (Excel's last column is 16,384).
pub const MAX_COLUMNS: u32 = 16_384;
/// At most this many `column-unknown` warnings per table; the rest are
/// summed up in one.
pub const MAX_UNKNOWN_COLUMN_WARNINGS: usize = 10;
/// Most column-runs of merged cells per sheet (a merge counts once per
/// column it spans); real sheets have a few hundred.
pub const MAX_MERGE_COLUMNS: u64 = 2_000_000;
