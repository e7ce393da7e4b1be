//! Resource limits on input, so hostile or broken files are refused quickly
//! instead of exhausting time or memory. Documented in the README.

/// Largest YAML file read (bytes).
pub const MAX_YAML_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest YAML nesting accepted.
pub const MAX_YAML_DEPTH: usize = 64;
/// Most YAML nodes in one file, counting every alias expansion.
pub const MAX_YAML_NODES: usize = 5_000_000;
/// Largest workbook file read (bytes).
pub const MAX_WORKBOOK_BYTES: u64 = 200 * 1024 * 1024;
/// Most bytes a workbook's zip entries may decompress to, all together.
pub const MAX_WORKBOOK_UNZIPPED: u64 = 1024 * 1024 * 1024;
/// Largest ratio of decompressed to compressed size for one zip entry with
/// more than 1 MiB of content (zip-bomb guard).
pub const MAX_ZIP_RATIO: u64 = 200;
/// Most used cells (rows × columns of the used range) per sheet.
pub const MAX_SHEET_CELLS: u64 = 20_000_000;
/// Cells longer than this (characters) are kept, with a warning.
pub const LONG_CELL_CHARS: usize = 32_767;
/// Most columns a catalogue sheet may have.
pub const MAX_COLUMNS: u32 = 16_384;
