//! Atomic output: a file is either the complete new version or the old one,
//! never half written.
//!
//! Every file is first written to a temporary file in the same directory
//! (`.gkml-tmp-<pid>-<n>-<name>`), flushed to disk, then renamed over the
//! target. [`write_set`] does this for a whole set of outputs: all temporary
//! files are written first, and only when every one succeeded are they
//! renamed into place, so a failed build leaves the directory as it was.
//! Temporary files left by a killed earlier run are removed by
//! [`clean_stale`], which [`write_set`] calls first.

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
}
