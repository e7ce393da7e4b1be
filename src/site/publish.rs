//! Publishing the site as one edition: every file is written into a fresh
//! sibling directory (`.gkml-site-<pid>-<n>-<name>` beside the target), and
//! only when all of them are on disk is that directory switched with the
//! target — in one step where the system can exchange two directories
//! (Linux `renameat2(RENAME_EXCHANGE)`), else by two renames. The previous
//! edition stays whole until the new one is; a failed run leaves it as it
//! was.
//!
//! COORDINATOR: this is a minimal private version of "publish a set of files
//! as one edition". When the `atomic` helper's edition API lands in
//! src/atomic.rs, replace [`publish`] by it (keeping the refusal to replace
//! a directory gkml did not write, [`check_target`]).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::atomic::Output;

/// Prefix of the staging (and retired) directories.
pub const STAGE_PREFIX: &str = ".gkml-site-";

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn msg(path: &Path, e: &io::Error) -> String {
    use io::ErrorKind::*;
    let why = match e.kind() {
        NotFound => "目录不存在".to_string(),
        PermissionDenied => "没有写入权限".to_string(),
        StorageFull => "磁盘空间不足".to_string(),
        ReadOnlyFilesystem => "文件系统只读".to_string(),
        _ => e.to_string(),
    };
    format!("无法写入 {}：{why}", path.display())
}

fn sibling(parent: &Path, name: &str, what: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let short: String = name.chars().take(60).collect();
    parent.join(format!(
        "{STAGE_PREFIX}{}-{n}-{what}-{short}",
        std::process::id()
    ))
}

/// True when `index.html` in `dir` was written by `gkml site`.
fn written_by_gkml(dir: &Path) -> bool {
    fs::read_to_string(dir.join("index.html"))
        .map(|s| {
            s.contains(&format!(
                "<meta name=\"generator\" content=\"{}",
                super::GENERATOR
            ))
        })
        .unwrap_or(false)
}

/// Refuses to replace anything but a missing or empty directory or an
/// earlier edition of a site (a wrong `-o` must not wipe a folder).
pub fn check_target(dir: &Path) -> Result<(), String> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(msg(dir, &e)),
        Ok(m) if !m.is_dir() => Err(format!("输出位置 {} 已有同名文件，不是目录", dir.display())),
        Ok(_) => {
            let empty = fs::read_dir(dir)
                .map_err(|e| msg(dir, &e))?
                .next()
                .is_none();
            if empty || written_by_gkml(dir) {
                Ok(())
            } else {
                Err(format!(
                    "输出目录 {} 已有其他文件，不是 gkml 生成的专栏；为免覆盖，请指定一个新目录或空目录",
                    dir.display()
                ))
            }
        }
    }
}

fn write_all(stage: &Path, files: &[Output]) -> Result<(), String> {
    fs::create_dir(stage).map_err(|e| msg(stage, &e))?;
    for f in files {
        let rel = Path::new(&f.name);
        let ok = !f.name.is_empty()
            && rel
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !ok {
            return Err(format!("输出文件名无效：{}", f.name));
        }
        let path = stage.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(|e| msg(p, &e))?;
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| msg(&path, &e))?;
        file.write_all(&f.bytes).map_err(|e| msg(&path, &e))?;
        file.sync_all().map_err(|e| msg(&path, &e))?;
    }
    Ok(())
}

/// Swaps two directories in one step. `Ok(false)` when the system cannot.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them
    // relative to the working directory as rename(2) would.
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
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes staging directories an interrupted earlier run left beside
/// `dir` (their process is gone).
fn clean_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(STAGE_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let gone = pid != std::process::id()
            && Path::new("/proc/self").exists()
            && !Path::new("/proc").join(pid.to_string()).exists();
        if gone && e.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Writes `files` as the new content of `dir`, all or nothing (see the
/// module documentation). Files of the previous edition that the new one
/// lacks are gone afterwards.
pub fn publish(dir: &Path, files: &[Output]) -> Result<(), String> {
    check_target(dir)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("输出目录 {} 无效", dir.display()))?;
    fs::create_dir_all(&parent).map_err(|e| msg(&parent, &e))?;
    clean_stale(&parent);
    let stage = sibling(&parent, &name, "new");
    if let Err(e) = write_all(&stage, files) {
        let _ = fs::remove_dir_all(&stage);
        return Err(e);
    }
    sync(&stage);
    let result = if !dir.exists() {
        fs::rename(&stage, dir).map_err(|e| msg(dir, &e))
    } else {
        match exchange(&stage, dir) {
            // The old edition is now at `stage`.
            Ok(true) => Ok(()),
            Ok(false) => {
                let old = sibling(&parent, &name, "old");
                fs::rename(dir, &old)
                    .map_err(|e| msg(dir, &e))
                    .and_then(|()| match fs::rename(&stage, dir) {
                        Ok(()) => {
                            let _ = fs::remove_dir_all(&old);
                            Ok(())
                        }
                        Err(e) => {
                            let _ = fs::rename(&old, dir);
                            Err(msg(dir, &e))
                        }
                    })
            }
            Err(e) => Err(msg(dir, &e)),
        }
    };
    // Either the retired edition or, after a failure, the unused new one.
    if stage.exists() {
        let _ = fs::remove_dir_all(&stage);
    }
    sync(&parent);
    result
}

fn sync(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
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

    fn index(body: &str) -> Output {
        Output::new(
            "index.html",
            format!("<meta name=\"generator\" content=\"gkml site\">{body}").into_bytes(),
        )
    }

    #[test]
    fn new_edition_replaces_the_old_one_whole() {
        let d = tempfile::tempdir().unwrap();
        let site = d.path().join("专栏");
        publish(
            &site,
            &[index("1"), Output::new("item/a.html", b"a".to_vec())],
        )
        .unwrap();
        publish(
            &site,
            &[index("2"), Output::new("item/b.html", b"b".to_vec())],
        )
        .unwrap();
        assert!(
            fs::read_to_string(site.join("index.html"))
                .unwrap()
                .ends_with('2')
        );
        assert!(!site.join("item/a.html").exists(), "old pages are gone");
        assert!(site.join("item/b.html").exists());
        let left: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "no staging directory left: {left:?}");
    }

    #[test]
    fn refuses_a_directory_gkml_did_not_write() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("report.docx"), b"x").unwrap();
        let e = publish(d.path(), &[index("1")]).unwrap_err();
        assert!(e.contains("不是 gkml 生成的专栏"), "{e}");
        assert!(d.path().join("report.docx").exists());
    }

    #[test]
    fn a_failed_write_leaves_the_old_edition() {
        let d = tempfile::tempdir().unwrap();
        let site = d.path().join("site");
        publish(&site, &[index("1")]).unwrap();
        let e = publish(&site, &[index("2"), Output::new("../escape", vec![])]);
        assert!(e.is_err());
        assert!(
            fs::read_to_string(site.join("index.html"))
                .unwrap()
                .ends_with('1')
        );
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }
}
