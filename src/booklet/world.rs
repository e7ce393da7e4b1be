//! The typst `World` the booklet is compiled in.
//!
//! Its file system has two virtual files — the template (`/booklet.typ`, or
//! the custom template's place in the project) and the data (`/data.json`) —
//! and, read-only, the files under the project directory. Nothing else is
//! readable: paths are resolved inside the project and checked after
//! following symlinks; packages (`@preview/…`) are refused (no network).
//! The date is fixed by the caller, never taken from the clock.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;

/// Largest project file the template may read (bytes).
const MAX_READ: u64 = 64 * 1024 * 1024;

/// Virtual path of the data file.
pub const DATA_PATH: &str = "/data.json";
/// Virtual path of the table columns' description.
pub const COLUMNS_PATH: &str = "/columns.json";
/// Virtual path of the built-in template.
pub const TEMPLATE_PATH: &str = "/booklet.typ";

/// The booklet's world.
pub struct BookletWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Fonts,
    main: Source,
    data_id: FileId,
    data: Bytes,
    columns_id: FileId,
    columns: Bytes,
    /// Canonical project directory; `None`: no project files are readable.
    root: Option<PathBuf>,
    today: Option<Datetime>,
    /// Refused accesses, in Chinese, for the error report.
    pub refused: Mutex<Vec<String>>,
}

fn id(path: &str) -> Option<FileId> {
    VirtualPath::new(path)
        .ok()
        .map(|v| RootedPath::new(VirtualRoot::Project, v).intern())
}

impl BookletWorld {
    /// The fonts the booklet is typeset with.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// A world for `template` (its text and virtual path) with `data` as
    /// `/data.json` and `columns` as `/columns.json`.
    pub fn new(
        template_vpath: &str,
        template: String,
        data: Vec<u8>,
        columns: Vec<u8>,
        fonts: Fonts,
        root: Option<&Path>,
        today: Option<(i32, u8, u8)>,
    ) -> Result<BookletWorld, String> {
        let main_id =
            id(template_vpath).ok_or_else(|| format!("模板路径“{template_vpath}”无效"))?;
        let data_id = id(DATA_PATH).ok_or("数据路径无效")?;
        let columns_id = id(COLUMNS_PATH).ok_or("数据路径无效")?;
        let root = match root {
            Some(r) => Some(
                r.canonicalize()
                    .map_err(|e| format!("无法打开项目目录 {}：{e}", r.display()))?,
            ),
            None => None,
        };
        Ok(BookletWorld {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(fonts.book.clone()),
            fonts,
            main: Source::new(main_id, template),
            data_id,
            data: Bytes::new(data),
            columns_id,
            columns: Bytes::new(columns),
            root,
            today: today.and_then(|(y, m, d)| Datetime::from_ymd(y, m, d)),
            refused: Mutex::new(Vec::new()),
        })
    }

    /// Records a refused access; returns the error for typst.
    fn refuse(&self, msg: String) -> FileError {
        if let Ok(mut r) = self.refused.lock()
            && !r.contains(&msg)
        {
            r.push(msg.clone());
        }
        FileError::Other(Some(msg.into()))
    }

    /// The real file behind a project path, if it may be read.
    fn project_file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            let msg = format!(
                "不能导入包 {spec}：gkml 排版时不联网、不使用外部包；请把所需文件放在项目目录中，用相对路径导入"
            );
            let _ = self.refuse(msg.clone());
            return Err(FileError::Package(PackageError::Other(Some(msg.into()))));
        }
        let vpath = id.vpath().get_with_slash();
        let Some(root) = &self.root else {
            return Err(self.refuse(format!("模板不能读取文件“{vpath}”：没有项目目录")));
        };
        let real = id
            .vpath()
            .realize(root)
            .map_err(|_| self.refuse(format!("模板不能读取“{vpath}”：路径无效")))?;
        let canon = match real.canonicalize() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(FileError::NotFound(PathBuf::from(vpath)));
            }
            Err(_) => return Err(FileError::AccessDenied),
        };
        if !canon.starts_with(root) {
            return Err(self.refuse(format!(
                "模板不能读取项目目录以外的文件（“{vpath}”指向项目目录之外）"
            )));
        }
        let meta = std::fs::metadata(&canon).map_err(|e| FileError::from_io(e, &canon))?;
        if meta.is_dir() {
            return Err(FileError::IsDirectory);
        }
        if meta.len() > MAX_READ {
            return Err(self.refuse(format!(
                "“{vpath}”有 {} MB，超过模板可读取的上限 {} MB",
                meta.len() / 1024 / 1024,
                MAX_READ / 1024 / 1024
            )));
        }
        std::fs::read(&canon)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, Path::new(vpath)))
    }
}

impl World for BookletWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if id == self.columns_id {
            return Ok(self.columns.clone());
        }
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.project_file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.slots.get(index)?.get()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
