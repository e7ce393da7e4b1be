//! Atomic output.
//!
//! A single file is either the complete new version or the old one, never
//! half written: [`write`] writes a temporary file in the same directory
//! (`.gkml-tmp-<pid>-<n>-<name>`), flushes it to disk and renames it over
//! the target.
//!
//! A set of files — the booklet, the workbooks and `catalog.json` of one
//! build, or a site — is published as one edition by [`publish`]: the whole
//! new set is written into a private sibling directory
//! (`.gkml-new-<pid>-<n>-<name>` beside the output directory), the files in
//! the output directory that are not gkml's are carried over into it (hard
//! links, so nothing is copied), and the two directories are then switched
//! with ONE atomic operation. On Linux that is `renameat2(RENAME_EXCHANGE)`;
//! a process killed at any moment leaves the output directory wholly the
//! previous edition or wholly the new one. Where exchanging is not available
//! (other systems, or a file system without it) the switch is two renames
//! (old directory aside, new one into place): a kill in the instant between
//! them leaves the output directory missing — never mixed — and the next run
//! puts the previous edition back. Whatever a killed run left beside or in
//! the output directory is removed by the next [`publish`].
//!
//! Which files are gkml's is recorded in the edition file [`EDITION_FILE`]
//! in the output directory; outputs of the previous edition that the new one
//! no longer has disappear with the switch, everything else in the directory
//! (a user's own notes, a web server's `.htaccess`, subdirectories) stays.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// File-name prefix of temporary files.
pub const TEMP_PREFIX: &str = ".gkml-tmp-";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// An output that could not be written.
#[derive(Debug)]
pub struct WriteError {
    /// The file (or directory) concerned.
    pub path: PathBuf,
    pub source: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "无法写入 {}：{}",
            self.path.display(),
            reason(&self.source)
        )
    }
}

impl std::error::Error for WriteError {}

fn reason(e: &io::Error) -> String {
    use io::ErrorKind::*;
    match e.kind() {
        NotFound => "目录不存在".into(),
        PermissionDenied => "没有写入权限".into(),
        StorageFull => "磁盘空间不足".into(),
        ReadOnlyFilesystem => "文件系统只读".into(),
        IsADirectory => "同名的目录已存在".into(),
        _ => e.to_string(),
    }
}

fn err(path: &Path, source: io::Error) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        source,
    }
}

/// A fresh temporary path beside `target`.
fn temp_path(dir: &Path, name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // Keep the name short enough for file systems with a 255-byte limit.
    let short: String = name.chars().take(60).collect();
    dir.join(format!("{TEMP_PREFIX}{}-{n}-{short}", std::process::id()))
}

/// Writes `bytes` to a new temporary file in `dir` and flushes it to disk.
/// The file is removed again if anything fails.
fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let tmp = temp_path(dir, name);
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(err(&dir.join(name), e))
        }
    }
}

/// Flushes a directory's entries (the renames) to disk. Not every platform
/// can open a directory; failures are ignored.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes `bytes` to `path` atomically: the file is either replaced
/// completely or left untouched.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = write_temp(&dir, &name, bytes)?;
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(err(path, e));
    }
    sync_dir(&dir);
    Ok(())
}

/// `s` as a file name without extension, safe on every system: characters
/// file systems reject (/ \ : * ? " < > | and control characters) become
/// `_`, leading and trailing dots and spaces go, at most 80 characters (240
/// bytes of CJK, under the usual 255-byte limit with an extension);
/// `fallback` when nothing is left.
pub fn safe_stem(s: &str, fallback: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let out = out.trim().trim_matches('.').trim();
    if out.is_empty() {
        fallback.to_string()
    } else {
        out.chars().take(80).collect()
    }
}

/// [`write`] with the error as a message, for callers that report strings.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write(path, bytes).map_err(|e| e.to_string())
}

/// One output file: a name (may contain `/` for a subdirectory) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Output {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Output {
            name: name.into(),
            bytes,
        }
    }
}

/// Writes every output under `dir` (created if missing), all or nothing:
/// every file is written to a temporary file first; only when all of them
/// are on disk are they renamed into place. If a rename fails, the files
/// already replaced are restored from backups (hard links of the old
/// versions), so the directory is left as it was.
pub fn write_set(dir: &Path, outputs: &[Output]) -> Result<(), WriteError> {
    // Names must stay inside `dir`.
    for o in outputs {
        let p = Path::new(&o.name);
        let ok = !o.name.is_empty()
            && p.components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !ok {
            return Err(err(
                &dir.join(&o.name),
                io::Error::new(io::ErrorKind::InvalidInput, "输出文件名无效"),
            ));
        }
    }
    fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    clean_stale(dir);
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let abort = |staged: &[(PathBuf, PathBuf)], made_dirs: &[PathBuf]| {
        for (tmp, _) in staged {
            let _ = fs::remove_file(tmp);
        }
        for d in made_dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    };
    for o in outputs {
        let target = dir.join(&o.name);
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dir.to_path_buf());
        if !parent.exists() {
            // Remember every directory level we create, to remove it on failure.
            let mut missing = Vec::new();
            let mut p = parent.clone();
            while !p.exists() && p.starts_with(dir) && p != dir {
                missing.push(p.clone());
                match p.parent() {
                    Some(q) => p = q.to_path_buf(),
                    None => break,
                }
            }
            if let Err(e) = fs::create_dir_all(&parent) {
                abort(&staged, &made_dirs);
                return Err(err(&parent, e));
            }
            made_dirs.extend(missing.into_iter().rev());
            clean_stale(&parent);
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match write_temp(&parent, &name, &o.bytes) {
            Ok(tmp) => staged.push((tmp, target)),
            Err(e) => {
                abort(&staged, &made_dirs);
                return Err(e);
            }
        }
    }
    // Back up the files about to be replaced (hard links, cheap), so a
    // failed rename can be undone.
    let mut backups: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (_, target) in &staged {
        if target.is_file() {
            let parent = target.parent().unwrap_or(dir);
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bak = temp_path(parent, &format!("bak-{name}"));
            if fs::hard_link(target, &bak).is_ok() {
                backups.push((bak, target.clone()));
            }
        }
    }
    let mut done: Vec<&PathBuf> = Vec::new();
    for (tmp, target) in &staged {
        if let Err(e) = fs::rename(tmp, target) {
            // Undo: restore the old versions, drop new files that had none.
            for t in &done {
                match backups.iter().find(|(_, orig)| orig == *t) {
                    Some((bak, _)) => {
                        let _ = fs::rename(bak, t);
                    }
                    None => {
                        let _ = fs::remove_file(t);
                    }
                }
            }
            for (tmp, _) in &staged {
                let _ = fs::remove_file(tmp);
            }
            for (bak, _) in &backups {
                let _ = fs::remove_file(bak);
            }
            return Err(err(target, e));
        }
        done.push(target);
    }
    for (bak, _) in &backups {
        let _ = fs::remove_file(bak);
    }
    let mut dirs: Vec<PathBuf> = staged
        .iter()
        .filter_map(|(_, t)| t.parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        sync_dir(&d);
    }
    Ok(())
}

/// Removes temporary files that an earlier, interrupted run left in `dir`.
/// A file whose writer is still running (another gkml writing to the same
/// directory) is left alone. Returns how many were removed.
pub fn clean_stale(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.filter_map(Result::ok) {
        let name: OsString = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(TEMP_PREFIX) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let me = std::process::id();
        let stale = match pid {
            Some(p) if p == me => false,
            Some(p) if has_proc() => !Path::new("/proc").join(p.to_string()).exists(),
            _ => older_than(&e, std::time::Duration::from_secs(3600)),
        };
        if !stale {
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_file()) && fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// True where running processes can be told from `/proc` (Linux). Elsewhere
/// a temporary file older than an hour counts as abandoned.
fn has_proc() -> bool {
    Path::new("/proc/self").exists()
}

fn older_than(e: &fs::DirEntry, age: std::time::Duration) -> bool {
    e.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|d| d > age)
}

/// Name of the edition file: the list of the files gkml published in an
/// output directory, one relative path (with `/`) a line.
pub const EDITION_FILE: &str = ".gkml-edition";

/// Prefix of the private directory a new edition is written into.
const NEW_PREFIX: &str = ".gkml-new-";
/// Prefix of a previous edition set aside by the two-rename switch.
const OLD_PREFIX: &str = ".gkml-old-";

/// How an edition was switched into place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    /// The output directory did not exist: one rename created it.
    Created,
    /// One atomic exchange of the two directories (Linux).
    Exchanged,
    /// Two renames (the old directory aside, the new one into place).
    TwoRenames,
    /// File by file ([`write_set`]): the output directory is the current
    /// directory (or holds it), a mount point, or its parent is not writable.
    PerFile,
}

/// Checks that every output name stays inside `dir`.
fn check_names(dir: &Path, outputs: &[Output]) -> Result<(), WriteError> {
    for o in outputs {
        let p = Path::new(&o.name);
        let ok = !o.name.is_empty()
            && o.name != EDITION_FILE
            && p.components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !ok {
            return Err(err(
                &dir.join(&o.name),
                io::Error::new(io::ErrorKind::InvalidInput, "输出文件名无效"),
            ));
        }
    }
    Ok(())
}

/// Publishes `outputs` into `dir` (created if missing) as one edition: the
/// visible content of `dir` switches from the previous edition to the new
/// one whole, or — on any error — stays the previous edition. Files in `dir`
/// that the previous edition did not list in [`EDITION_FILE`] are kept (a new
/// output of the same name replaces one). Returns how the switch was made.
pub fn publish(dir: &Path, outputs: &[Output]) -> Result<Switch, WriteError> {
    check_names(dir, outputs)?;
    let abs = std::path::absolute(dir).map_err(|e| err(dir, e))?;
    // Recover first: a run killed between two renames left no `dir`.
    if let (Some(parent), Some(name)) = (abs.parent(), abs.file_name())
        && parent.is_dir()
    {
        recover(parent, &name.to_string_lossy());
    }
    // The real directory behind a symbolic link is the one switched.
    let real = if abs.exists() {
        fs::canonicalize(&abs).map_err(|e| err(dir, e))?
    } else {
        abs.clone()
    };
    let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
        return per_file(dir, outputs);
    };
    let name = name.to_string_lossy().into_owned();
    if real.exists() {
        if !real.is_dir() {
            return Err(err(
                dir,
                io::Error::new(io::ErrorKind::AlreadyExists, "同名的文件已存在，不是目录"),
            ));
        }
        clean_stale(&real);
        // Switching the directory a shell stands in would leave that shell
        // in the deleted previous edition.
        let holds_cwd = std::env::current_dir()
            .and_then(fs::canonicalize)
            .is_ok_and(|cwd| cwd.starts_with(&real));
        if holds_cwd {
            return per_file(dir, outputs);
        }
    } else {
        fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
        recover(parent, &name);
    }
    let stage = parent.join(format!(
        "{NEW_PREFIX}{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    if let Err(e) = fs::create_dir(&stage) {
        if e.kind() == io::ErrorKind::PermissionDenied && real.is_dir() {
            return per_file(dir, outputs);
        }
        return Err(err(dir, e));
    }
    let staged = stage_edition(&stage, &real, dir, outputs);
    let switched = staged.and_then(|()| switch(&stage, &real).map_err(|e| err(dir, e)));
    match switched {
        Ok(how) => {
            // `stage` now holds the previous edition (or nothing).
            remove_tree(&stage);
            remove_tree(&parent.join(format!(
                "{OLD_PREFIX}{}",
                stage
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
                    .trim_start_matches(NEW_PREFIX)
            )));
            sync_dir(parent);
            Ok(how)
        }
        Err(e) => {
            remove_tree(&stage);
            let busy = matches!(
                e.source.raw_os_error(),
                Some(code) if code == EBUSY || code == EXDEV
            );
            if busy && real.is_dir() {
                // A mount point cannot be renamed.
                return per_file(dir, outputs);
            }
            Err(e)
        }
    }
}

const EBUSY: i32 = 16;
const EXDEV: i32 = 18;

/// Writes the new edition into `stage`: the outputs, then whatever of `real`
/// (the current output directory) is not gkml's, then the edition file.
fn stage_edition(
    stage: &Path,
    real: &Path,
    shown: &Path,
    outputs: &[Output],
) -> Result<(), WriteError> {
    // Keep the output directory's permissions (a web server may need them).
    if let Ok(m) = fs::metadata(real) {
        let _ = fs::set_permissions(stage, m.permissions());
    }
    let mut dirs = vec![stage.to_path_buf()];
    for o in outputs {
        let target = stage.join(&o.name);
        if let Some(p) = target.parent()
            && !p.is_dir()
        {
            fs::create_dir_all(p).map_err(|e| err(&shown.join(&o.name), e))?;
            dirs.push(p.to_path_buf());
        }
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|e| err(&shown.join(&o.name), e))?;
        f.write_all(&o.bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| err(&shown.join(&o.name), e))?;
    }
    if real.is_dir() {
        let old: std::collections::HashSet<String> = fs::read_to_string(real.join(EDITION_FILE))
            .map(|s| s.lines().map(str::to_string).collect())
            .unwrap_or_default();
        carry(real, stage, "", &old, shown)?;
    }
    let mut list: Vec<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
    list.sort_unstable();
    let mut text = list.join("\n");
    text.push('\n');
    let edition = stage.join(EDITION_FILE);
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&edition)
        .map_err(|e| err(&shown.join(EDITION_FILE), e))?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| err(&shown.join(EDITION_FILE), e))?;
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        sync_dir(&d);
    }
    Ok(())
}

/// Carries the entries of `from` (the directory `rel` of the current output
/// directory) into `to`, except the previous edition's files (`old`), gkml's
/// own temporary files and the new outputs already in `to`. Files are hard
/// links (copied where the file system has none). Returns how many entries
/// were carried.
fn carry(
    from: &Path,
    to: &Path,
    rel: &str,
    old: &std::collections::HashSet<String>,
    shown: &Path,
) -> Result<usize, WriteError> {
    let entries = fs::read_dir(from).map_err(|e| err(&shown.join(rel), e))?;
    let mut carried = 0;
    for e in entries {
        let e = e.map_err(|e| err(&shown.join(rel), e))?;
        let name = e.file_name();
        let name_str = name.to_string_lossy();
        let r = if rel.is_empty() {
            name_str.to_string()
        } else {
            format!("{rel}/{name_str}")
        };
        if rel.is_empty() && (name_str == EDITION_FILE || name_str.starts_with(TEMP_PREFIX)) {
            continue;
        }
        if old.contains(&r) {
            continue;
        }
        let src = e.path();
        let dst = to.join(&name);
        let ty = e.file_type().map_err(|e| err(&shown.join(&r), e))?;
        let conflict = || {
            err(
                &shown.join(&r),
                io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "已有同名的文件或目录，与输出冲突",
                ),
            )
        };
        if ty.is_dir() {
            let existed = dst.is_dir();
            if dst.symlink_metadata().is_ok() && !existed {
                return Err(conflict());
            }
            if !existed {
                fs::create_dir(&dst).map_err(|e| err(&shown.join(&r), e))?;
                if let Ok(m) = e.metadata() {
                    let _ = fs::set_permissions(&dst, m.permissions());
                }
            }
            let n = carry(&src, &dst, &r, old, shown)?;
            let prefix = format!("{r}/");
            let gkmls = old.iter().any(|o| o.starts_with(&prefix));
            if !existed && n == 0 && gkmls {
                // A directory that only held the previous edition's files.
                let _ = fs::remove_dir(&dst);
            } else {
                carried += 1;
            }
        } else if dst.symlink_metadata().is_ok() {
            // A new output of the same name replaces the file.
            if dst.is_dir() {
                return Err(conflict());
            }
        } else if ty.is_symlink() {
            let target = fs::read_link(&src).map_err(|e| err(&shown.join(&r), e))?;
            symlink(&target, &dst).map_err(|e| err(&shown.join(&r), e))?;
            carried += 1;
        } else if ty.is_file() {
            if fs::hard_link(&src, &dst).is_err() {
                fs::copy(&src, &dst).map_err(|e| err(&shown.join(&r), e))?;
            }
            carried += 1;
        } else {
            return Err(err(
                &shown.join(&r),
                io::Error::new(
                    io::ErrorKind::Unsupported,
                    "不是普通文件或目录，无法保留到新版输出目录中",
                ),
            ));
        }
    }
    Ok(carried)
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "符号链接无法保留到新版输出目录中",
    ))
}

/// Switches the staged edition `stage` into `real`'s place. Afterwards
/// `stage` holds the previous edition (exchange), or the previous edition
/// sits at the `OLD_PREFIX` name (two renames), or nothing is left.
fn switch(stage: &Path, real: &Path) -> io::Result<Switch> {
    if !real.exists() {
        fs::rename(stage, real)?;
        return Ok(Switch::Created);
    }
    match exchange(stage, real) {
        Ok(()) => return Ok(Switch::Exchanged),
        Err(e) if e.kind() != io::ErrorKind::Unsupported => return Err(e),
        Err(_) => {}
    }
    let stage_name = stage
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = stage.with_file_name(format!(
        "{OLD_PREFIX}{}",
        stage_name.trim_start_matches(NEW_PREFIX)
    ));
    fs::rename(real, &aside)?;
    if let Err(e) = fs::rename(stage, real) {
        let _ = fs::rename(&aside, real);
        return Err(e);
    }
    Ok(Switch::TwoRenames)
}

/// Exchanges two directories atomically (`renameat2(RENAME_EXCHANGE)`).
/// `Unsupported` when the system or the file system cannot.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let ca = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let cb = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD with absolute
    // paths.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => {
            Err(io::Error::new(io::ErrorKind::Unsupported, e))
        }
        _ => Err(e),
    }
}

/// Other systems: no exchange; [`switch`] uses two renames.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The fallback: every file atomic, the set renamed file by file; the
/// previous edition's files the new one does not have are then removed.
fn per_file(dir: &Path, outputs: &[Output]) -> Result<Switch, WriteError> {
    let old: Vec<String> = fs::read_to_string(dir.join(EDITION_FILE))
        .map(|s| s.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let mut list: Vec<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
    list.sort_unstable();
    let mut text = list.join("\n");
    text.push('\n');
    let mut all = outputs.to_vec();
    all.push(Output::new(EDITION_FILE, text.into_bytes()));
    write_set(dir, &all)?;
    for o in old {
        let gone = !outputs.iter().any(|n| n.name == o);
        let inside = Path::new(&o)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if gone && inside && !o.is_empty() {
            let _ = fs::remove_file(dir.join(&o));
        }
    }
    Ok(Switch::PerFile)
}

/// Removes what runs killed while publishing into `parent/name` left: a
/// previous edition set aside by the two-rename switch is put back when
/// `name` is missing; staged and set-aside directories of runs that are no
/// longer running are deleted.
pub fn recover(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut leftovers: Vec<(bool, PathBuf)> = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let file = e.file_name();
        let Some(file) = file.to_str() else { continue };
        let (is_old, rest) = match (file.strip_prefix(OLD_PREFIX), file.strip_prefix(NEW_PREFIX)) {
            (Some(r), _) => (true, r),
            (_, Some(r)) => (false, r),
            _ => continue,
        };
        let mut parts = rest.splitn(3, '-');
        let pid = parts.next().and_then(|p| p.parse::<u32>().ok());
        let _n = parts.next();
        if parts.next() != Some(name) {
            continue;
        }
        if !is_dead(pid, &e) {
            continue;
        }
        leftovers.push((is_old, e.path()));
    }
    let target = parent.join(name);
    for (is_old, path) in leftovers {
        if is_old && target.symlink_metadata().is_err() && fs::rename(&path, &target).is_ok() {
            continue;
        }
        remove_tree(&path);
    }
}

/// True when the process `pid` that made `e` is no longer running.
fn is_dead(pid: Option<u32>, e: &fs::DirEntry) -> bool {
    match pid {
        Some(p) if p == std::process::id() => false,
        Some(p) if has_proc() => !Path::new("/proc").join(p.to_string()).exists(),
        _ => older_than(e, std::time::Duration::from_secs(3600)),
    }
}

/// Removes a file or a directory tree (symbolic links are removed, never
/// followed); missing is fine.
fn remove_tree(path: &Path) {
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => {
            let _ = fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = fs::remove_file(path);
        }
        Err(_) => {}
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
    fn write_replaces_and_leaves_no_temp() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.txt");
        write(&p, b"one").unwrap();
        write(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn set_is_all_or_nothing() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("keep.pdf"), b"old").unwrap();
        // A directory where a file should go makes the rename fail.
        fs::create_dir(d.path().join("blocked.json")).unwrap();
        fs::write(d.path().join("blocked.json").join("x"), b"x").unwrap();
        let outs = vec![
            Output::new("keep.pdf", b"new".to_vec()),
            Output::new("blocked.json", b"{}".to_vec()),
        ];
        assert!(write_set(d.path(), &outs).is_err());
        assert_eq!(fs::read(d.path().join("keep.pdf")).unwrap(), b"old");
        let stray: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TEMP_PREFIX))
            .collect();
        assert!(stray.is_empty(), "{stray:?}");
    }

    #[test]
    fn set_writes_subdirectories() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("new");
        write_set(
            &out,
            &[
                Output::new("a.txt", b"a".to_vec()),
                Output::new("fonts/b.otf", b"b".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(fs::read(out.join("fonts/b.otf")).unwrap(), b"b");
    }

    #[test]
    fn rejects_escaping_names() {
        let d = tempfile::tempdir().unwrap();
        assert!(write_set(d.path(), &[Output::new("../x", vec![])]).is_err());
        assert!(write_set(d.path(), &[Output::new("/etc/x", vec![])]).is_err());
    }

    #[test]
    fn stale_temp_files_are_removed() {
        let d = tempfile::tempdir().unwrap();
        // pid 0 never names a user process.
        let stale = d.path().join(format!("{TEMP_PREFIX}0-3-book.pdf"));
        fs::write(&stale, b"half").unwrap();
        fs::write(d.path().join("other.pdf"), b"keep").unwrap();
        assert_eq!(clean_stale(d.path()), 1);
        assert!(!stale.exists());
        assert!(d.path().join("other.pdf").exists());
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn publish_switches_the_edition_and_keeps_the_office_files() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("dist");
        let how = publish(
            &out,
            &[
                Output::new("2017.pdf", b"old pdf".to_vec()),
                Output::new("catalog.json", b"{}".to_vec()),
                Output::new("site/a.html", b"a".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(how, Switch::Created);
        fs::write(out.join("readme.txt"), b"mine").unwrap();
        fs::create_dir(out.join("site/extra")).unwrap();
        fs::write(out.join("site/extra/x.css"), b"x").unwrap();
        let how = publish(
            &out,
            &[
                Output::new("2018.pdf", b"new pdf".to_vec()),
                Output::new("catalog.json", b"{\"v\":2}".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(how, Switch::Exchanged);
        assert_eq!(
            listing(&out),
            [
                EDITION_FILE,
                "2018.pdf",
                "catalog.json",
                "readme.txt",
                "site"
            ]
        );
        // The old edition's page is gone, the office's stylesheet stays.
        assert_eq!(listing(&out.join("site")), ["extra"]);
        assert_eq!(fs::read(out.join("site/extra/x.css")).unwrap(), b"x");
        assert_eq!(fs::read(out.join("readme.txt")).unwrap(), b"mine");
        assert_eq!(
            fs::read_to_string(out.join(EDITION_FILE)).unwrap(),
            "2018.pdf\ncatalog.json\n"
        );
        // Nothing left beside the output directory.
        assert_eq!(listing(d.path()), ["dist"]);
    }

    #[test]
    fn publish_failure_leaves_the_previous_edition() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("dist");
        publish(&out, &[Output::new("keep.pdf", b"old".to_vec())]).unwrap();
        // The office has a directory where the new edition puts a file.
        fs::create_dir(out.join("blocked.json")).unwrap();
        fs::write(out.join("blocked.json").join("x"), b"x").unwrap();
        let e = publish(
            &out,
            &[
                Output::new("keep.pdf", b"new".to_vec()),
                Output::new("blocked.json", b"{}".to_vec()),
            ],
        )
        .unwrap_err();
        assert!(e.to_string().contains("blocked.json"), "{e}");
        assert_eq!(fs::read(out.join("keep.pdf")).unwrap(), b"old");
        assert_eq!(listing(d.path()), ["dist"]);
    }

    #[test]
    fn leftovers_of_killed_runs_are_recovered() {
        let d = tempfile::tempdir().unwrap();
        // Killed between the two renames of the fallback switch: the
        // previous edition is aside, the output directory missing; and a
        // staged edition that never got switched. pid 0 is never a user
        // process.
        let aside = d.path().join(format!("{OLD_PREFIX}0-1-dist"));
        fs::create_dir(&aside).unwrap();
        fs::write(aside.join("a.pdf"), b"previous").unwrap();
        let staged = d.path().join(format!("{NEW_PREFIX}0-2-dist"));
        fs::create_dir(&staged).unwrap();
        fs::write(staged.join("a.pdf"), b"half").unwrap();
        // Another output directory's leftovers are not touched.
        let other = d.path().join(format!("{NEW_PREFIX}0-3-dist-2018"));
        fs::create_dir(&other).unwrap();
        recover(d.path(), "dist");
        assert_eq!(fs::read(d.path().join("dist/a.pdf")).unwrap(), b"previous");
        assert_eq!(
            listing(d.path()),
            [format!("{NEW_PREFIX}0-3-dist-2018"), "dist".to_string()]
        );
    }
}
