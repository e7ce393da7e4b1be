//! Publishing the site as one edition, with [`crate::atomic::publish`]:
//! every page is written into a private sibling directory and switched in
//! whole (one `renameat2(RENAME_EXCHANGE)` on Linux), so the previous site
//! stays whole until the new one is, and pages the new edition lacks are
//! gone afterwards. Before that, [`check_target`] refuses a directory that
//! is neither empty nor an earlier site (a wrong `-o` must not take over a
//! folder of other files).

use std::fs;
use std::io;
use std::path::Path;

use crate::atomic::Output;

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

/// Writes `files` as the new content of `dir`, all or nothing (see the
/// module documentation).
pub fn publish(dir: &Path, files: &[Output]) -> Result<(), String> {
    check_target(dir)?;
    crate::atomic::publish(dir, files)
        .map(|_| ())
        .map_err(|e| e.to_string())
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
