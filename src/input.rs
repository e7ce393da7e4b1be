//! Reading one input by its file type: the one dispatch that project
//! loading (`gkml validate`, `build`, `stats`, `diff`) and `gkml convert`
//! share. A YAML file goes to the YAML reader, a workbook (.xlsx, .xlsm,
//! .xls, .xlsb, .ods — the workbook reader checks the bytes, not the name)
//! to the workbook reader; a directory is a project (see `project::load`).
//!
//! To read a new input file type, add a [`FileType`], name its extensions
//! in [`FileType::of`] and call its reader in [`read_file`].

use std::path::Path;
use std::sync::Arc;

use crate::code::Code;
use crate::config::{Config, PROJECT_FILE};
use crate::diag::Sink;
use crate::ledger::{self, Ledger};
use crate::limits::MAX_YAML_BYTES;
use crate::model::{Catalog, Loc};
use crate::national::{self, NationalCatalog};
use crate::{xlsx, yaml};

/// What a path holds, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    /// A YAML catalogue (.yaml, .yml).
    Yaml,
    /// A workbook (.xlsx, .xlsm, .xls, .xlsb, .ods).
    Workbook,
}

impl FileType {
    /// The type of a catalogue file by its extension; `None` for other files.
    pub fn of(path: &Path) -> Option<FileType> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(FileType::Yaml),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Some(FileType::Workbook),
            _ => None,
        }
    }
}

/// True for files gkml reads as catalogues.
pub fn is_catalog_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.starts_with("~$") || name == PROJECT_FILE {
        return false;
    }
    FileType::of(p).is_some()
}

/// What reading one file gave.
pub struct FileRead {
    /// The file as reports name it.
    pub file: Arc<str>,
    pub catalogs: Vec<Catalog>,
    /// National-2019 tables (基层政务公开标准目录).
    pub nationals: Vec<NationalCatalog>,
    /// 公开台账 read from the file (a YAML ledger, or workbook sheets).
    pub ledgers: Vec<Ledger>,
    /// Findings made while reading.
    pub sink: Sink,
    /// The text of a YAML file, for reports that quote it.
    pub text: Option<Arc<str>>,
    /// True when nothing in the file could be checked.
    pub unreadable: bool,
}

/// Reads one catalogue file with the reader for its type. A file named
/// neither YAML nor workbook is tried as a workbook (its bytes decide).
pub fn read_file(path: &Path, shown: Arc<str>, cfg: &Config) -> FileRead {
    match FileType::of(path) {
        Some(FileType::Yaml) => match read_text(path) {
            Ok(text) => read_yaml(shown, text, cfg),
            Err(msg) => unreadable(shown, msg),
        },
        Some(FileType::Workbook) | None => {
            let mut sink = Sink::new();
            let contents = xlsx::read::read_workbook(path, &shown, cfg, &mut sink);
            from_workbook(shown, contents, sink)
        }
    }
}

/// Reads one file given as bytes (an upload on the liaisons' page), by the
/// type its name `shown` says, with the same readers and limits as
/// [`read_file`].
pub fn read_bytes(bytes: Vec<u8>, shown: Arc<str>, cfg: &Config) -> FileRead {
    match FileType::of(Path::new(&*shown)) {
        Some(FileType::Yaml) => {
            if bytes.len() as u64 > MAX_YAML_BYTES {
                let msg = format!(
                    "文件有 {} MB，超过 YAML 文件上限 {} MB",
                    bytes.len() / 1024 / 1024,
                    MAX_YAML_BYTES / 1024 / 1024
                );
                return unreadable(shown, msg);
            }
            match decode_owned(bytes) {
                Ok(text) => read_yaml(shown, text, cfg),
                Err(msg) => unreadable(shown, msg),
            }
        }
        Some(FileType::Workbook) | None => {
            let mut sink = Sink::new();
            let contents = xlsx::read::read_contents(bytes, &shown, cfg, &mut sink);
            from_workbook(shown, contents, sink)
        }
    }
}

fn empty(file: Arc<str>) -> FileRead {
    FileRead {
        file,
        catalogs: Vec::new(),
        nationals: Vec::new(),
        ledgers: Vec::new(),
        sink: Sink::new(),
        text: None,
        unreadable: false,
    }
}

/// A file that could not be read at all.
fn unreadable(shown: Arc<str>, msg: String) -> FileRead {
    let mut res = empty(shown.clone());
    res.sink
        .emit(Code::FileUnreadable, &Loc::file(&shown), msg)
        .help("确认文件存在、可读，并以 UTF-8 编码保存");
    res.unreadable = true;
    res
}

/// A YAML file: a 公开台账 (a mapping with 公开记录), a national-2019
/// table (a mapping with 公开事项) or a catalogue.
fn read_yaml(shown: Arc<str>, text: String, cfg: &Config) -> FileRead {
    let mut res = empty(shown.clone());
    let text: Arc<str> = Arc::from(text);
    if ledger::yaml::is_ledger_text(&text) {
        let (l, findings) = ledger::yaml::read(&shown, &text);
        res.sink
            .diags
            .extend(findings.iter().filter_map(|f| f.to_diagnostic()));
        match l {
            Some(l) => res.ledgers.push(l),
            None => res.unreadable = true,
        }
    } else if national::yaml::is_national_text(&text) {
        match national::yaml::read(&shown, &text, cfg, &mut res.sink) {
            Some(n) => res.nationals.push(n),
            None => res.unreadable = true,
        }
    } else if let Some(c) = yaml::read::read_catalog(&shown, &text, &mut res.sink) {
        res.catalogs.push(c);
    }
    res.text = Some(text);
    res
}

/// A workbook's catalogues and ledgers; with neither, nothing could be
/// checked.
fn from_workbook(shown: Arc<str>, contents: Option<xlsx::read::Contents>, sink: Sink) -> FileRead {
    let mut res = empty(shown);
    res.sink = sink;
    match contents {
        Some(c) if c.catalogs.is_empty() && c.ledgers.is_empty() && c.nationals.is_empty() => {
            res.unreadable = true
        }
        Some(c) => {
            res.catalogs = c.catalogs;
            res.nationals = c.nationals;
            res.ledgers = c.ledgers;
        }
        None => res.unreadable = true,
    }
    res
}

/// Reads a text file as UTF-8 (a BOM is dropped), within the size limit
/// (checked before reading and while reading, should the file grow).
pub fn read_text(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let too_big = |len: u64| {
        format!(
            "文件有 {} MB，超过 YAML 文件上限 {} MB",
            len / 1024 / 1024,
            MAX_YAML_BYTES / 1024 / 1024
        )
    };
    let unreadable = |e: std::io::Error| format!("无法读取文件：{}", io_reason(&e));
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.is_dir() {
        return Err("这是目录，不是文件".into());
    }
    if meta.len() > MAX_YAML_BYTES {
        return Err(too_big(meta.len()));
    }
    // Sized from the metadata so a big file is not copied as it grows.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    file.take(MAX_YAML_BYTES.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_YAML_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    decode_owned(bytes)
}

/// Bytes of a YAML file as text: UTF-8, a BOM dropped; other encodings are
/// refused with the line where the first foreign byte is.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    decode_owned(bytes.to_vec())
}

/// [`decode_text`] without copying the bytes.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            "文件是 UTF-16 编码（Windows 记事本的“Unicode”）；请在编辑器中另存为 UTF-8".into(),
        );
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.as_bytes();
            let e = e.utf8_error();
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let line = valid
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                .saturating_add(1);
            let column = std::str::from_utf8(valid)
                .map(|v| {
                    v.rsplit('\n')
                        .next()
                        .unwrap_or("")
                        .chars()
                        .count()
                        .saturating_add(1)
                })
                .unwrap_or(1);
            Err(format!(
                "文件不是 UTF-8 编码（第 {line} 行第 {column} 列起有无法识别的字节，可能是 GBK/GB2312 编码）；请在编辑器中另存为 UTF-8（记事本：另存为→编码选“UTF-8”）"
            ))
        }
    }
}

/// A short Chinese reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在".into(),
        PermissionDenied => "没有读取权限".into(),
        IsADirectory => "这是目录，不是文件".into(),
        _ => e.to_string(),
    }
}
