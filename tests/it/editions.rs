//! A build killed at any moment leaves the output directory wholly the
//! previous edition or wholly the new one, and the next build removes what
//! the killed one left (issue 20). Faults are injected with strace at each
//! rename (and at each fsync and unlink around it), not by a timer; a failed
//! write leaves the previous edition whole and says why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::root;

/// Relative path (with `/`) → bytes of every file under a directory.
type Snapshot = BTreeMap<String, Vec<u8>>;

/// Files an office keeps in its output directory beside gkml's outputs.
const USER_FILES: [(&str, &str); 2] = [
    ("说明.txt", "本目录由 gkml 汇编，另有人工放入的说明。\n"),
    ("往年/2016年版.txt", "上一年的目录清单另存于此。\n"),
];

/// The syscalls the tests count and interrupt (each group is one strace
/// syscall set).
const RENAMES: &str = "rename,renameat,renameat2";
const SYNCS: &str = "fsync,fdatasync";
const UNLINKS: &str = "unlink,unlinkat,rmdir";

fn gkml() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gkml-test"))
}

/// strace, or a failure that names the Debian package to install.
fn strace() -> PathBuf {
    let found = Command::new("strace").arg("-V").output();
    match found {
        Ok(o) if o.status.success() => PathBuf::from("strace"),
        _ => panic!(
            "strace is needed to interrupt builds at each rename: apt-get install strace \
             (Debian package `strace`)"
        ),
    }
}

fn snapshot(dir: &Path) -> Snapshot {
    let mut out = Snapshot::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn names(s: &Snapshot) -> Vec<&String> {
    s.keys().collect()
}

/// Copies a directory tree.
fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in snapshot(from) {
        let p = to.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// Writes a snapshot into `dir` (created).
fn restore(dir: &Path, s: &Snapshot) {
    for (rel, bytes) in s {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

fn user_files() -> Snapshot {
    USER_FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect()
}

fn build_cmd(project: &Path, out: &Path) -> Vec<String> {
    vec![
        gkml().to_string_lossy().into_owned(),
        "build".into(),
        project.to_string_lossy().into_owned(),
        "-o".into(),
        out.to_string_lossy().into_owned(),
    ]
}

fn run(cmd: &[String]) -> Output {
    Command::new(&cmd[0])
        .args(&cmd[1..])
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Cuts a copy of the sample down to its first unit, 区人保局: two domains,
/// catalogues in YAML and ledgers in workbooks, so a build still writes the
/// booklet, catalog.json and a workbook per domain, and every kind of step
/// the kill tests interrupt still happens, with fewer files than the whole
/// sample (and so fewer builds per test).
fn one_unit(project: &Path) {
    let f = project.join("gkml.yaml");
    let y = std::fs::read_to_string(&f).unwrap();
    let (head, rest) = y
        .split_once("  - 序号: 2\n")
        .expect("the sample lists a second unit");
    let (_, tail) = rest
        .split_once("\n政务事项分类")
        .expect("the unit table ends");
    std::fs::write(&f, format!("{head}\n政务事项分类{tail}")).unwrap();
    let mut kept = 0;
    for e in std::fs::read_dir(project).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "区人保局") {
                kept += 1;
            } else {
                std::fs::remove_dir_all(&p).unwrap();
            }
        }
    }
    assert_eq!(kept, 1, "the sample has a folder 区人保局");
}

/// Two editions of the sample project cut to one unit, and their outputs,
/// built into fresh directories; the second has another title (so another
/// PDF name) and another 编制说明.
struct Editions {
    tmp: tempfile::TempDir,
    new_project: PathBuf,
    old: Snapshot,
    new: Snapshot,
}

impl Editions {
    fn new() -> Editions {
        let tmp = tempfile::tempdir().unwrap();
        let old_project = tmp.path().join("2017");
        let new_project = tmp.path().join("2018");
        copy_tree(&root().join("catalogs/hongkou-2017"), &old_project);
        one_unit(&old_project);
        copy_tree(&old_project, &new_project);
        let f = new_project.join("gkml.yaml");
        let y = std::fs::read_to_string(&f).unwrap();
        let changed = y
            .replace(
                "标题: 虹口区试点领域政务公开事项标准化目录清单",
                "标题: 虹口区试点领域政务公开事项标准化目录清单（修订版）",
            )
            .replace("为深入推进", "为进一步深入推进");
        assert_ne!(changed, y, "the sample's title or 编制说明 changed wording");
        std::fs::write(&f, changed).unwrap();
        let mut snaps = Vec::new();
        for (p, name) in [(&old_project, "ref-old"), (&new_project, "ref-new")] {
            let out = tmp.path().join(name);
            let o = run(&build_cmd(p, &out));
            assert!(o.status.success(), "{}", stderr(&o));
            snaps.push(snapshot(&out));
        }
        let new = snaps.pop().unwrap();
        let old = snaps.pop().unwrap();
        assert_ne!(
            names(&old),
            names(&new),
            "the editions have different file sets"
        );
        Editions {
            tmp,
            new_project,
            old,
            new,
        }
    }

    /// A fresh site directory holding only `out`: the previous edition
    /// (as gkml built it into a fresh directory) and the office's own files.
    fn site(&self, name: &str) -> (PathBuf, PathBuf) {
        let site = self.tmp.path().join(name);
        let out = site.join("out");
        restore(&out, &self.old);
        restore(&out, &user_files());
        (site, out)
    }

    /// Asserts that `out` shows wholly one edition (`which` says when) and
    /// the office's files unchanged; returns which edition.
    fn whole(&self, out: &Path, when: &str) -> &'static str {
        let mut s = snapshot(out);
        for (n, t) in USER_FILES {
            assert_eq!(
                s.remove(n).as_deref(),
                Some(t.as_bytes()),
                "{when}: the office's file {n} was lost or changed"
            );
        }
        if s == self.old {
            "old"
        } else if s == self.new {
            "new"
        } else {
            panic!(
                "{when}: the output directory is neither edition: {:?}\nold: {:?}\nnew: {:?}",
                names(&s),
                names(&self.old),
                names(&self.new)
            )
        }
    }

    /// The next build over a killed one: the new edition whole, the
    /// office's files kept, nothing else left in or beside the directory.
    fn next_build_cleans(&self, site: &Path, out: &Path, when: &str) {
        let o = run(&build_cmd(&self.new_project, out));
        assert!(o.status.success(), "{when}, next build: {}", stderr(&o));
        assert_eq!(self.whole(out, when), "new", "{when}, next build");
        let beside: Vec<String> = std::fs::read_dir(site)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(beside, ["out"], "{when}: left beside the output directory");
    }
}

/// The strace log of a build of the new edition over `out`, tracing `set`.
fn trace(ed: &Editions, out: &Path, set: &str, extra: &[&str]) -> String {
    let log = ed.tmp.path().join("strace.log");
    let mut cmd = vec![
        strace().to_string_lossy().into_owned(),
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        log.to_string_lossy().into_owned(),
        "-e".into(),
        format!("trace={set}"),
    ];
    cmd.extend(extra.iter().map(|s| s.to_string()));
    cmd.extend(build_cmd(&ed.new_project, out));
    let o = run(&cmd);
    assert!(o.status.success(), "traced build: {}", stderr(&o));
    std::fs::read_to_string(&log).unwrap()
}

/// The most calls of `set` one thread made in a strace log (strace counts
/// `when=N` per thread).
fn most_calls_per_thread(log: &str, set: &str) -> usize {
    let calls: Vec<&str> = set.split(',').collect();
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for line in log.lines() {
        let Some((tid, rest)) = line.split_once(' ') else {
            continue;
        };
        let rest = rest.trim_start();
        if calls.iter().any(|c| rest.starts_with(&format!("{c}("))) {
            *per.entry(tid).or_default() += 1;
        }
    }
    per.values().copied().max().unwrap_or(0)
}

/// Builds the new edition over the old one, killed (SIGKILL) at the N-th
/// call of `set`, for every N the build reaches; after each kill the
/// directory must be wholly one edition, and the next build must clean up.
fn kill_at_each(set: &str) -> (usize, Vec<&'static str>) {
    let ed = Editions::new();
    let (site, out) = ed.site("count");
    let count = most_calls_per_thread(&trace(&ed, &out, set, &[]), set);
    assert_eq!(ed.whole(&out, "after a traced build"), "new");
    let mut seen = Vec::new();
    for n in 1..=count {
        let (site_n, out_n) = ed.site(&format!("kill-{n}"));
        let mut cmd = vec![
            strace().to_string_lossy().into_owned(),
            "-f".into(),
            "-qq".into(),
            "-o".into(),
            "/dev/null".into(),
            "-e".into(),
            format!("trace={set}"),
            "-e".into(),
            format!("inject={set}:signal=KILL:when={n}"),
        ];
        cmd.extend(build_cmd(&ed.new_project, &out_n));
        let o = run(&cmd);
        assert!(
            !o.status.success(),
            "killed at {set} #{n}, yet the build succeeded"
        );
        let when = format!("killed at {set} #{n}");
        seen.push(ed.whole(&out_n, &when));
        ed.next_build_cleans(&site_n, &out_n, &when);
        std::fs::remove_dir_all(&site_n).unwrap();
    }
    std::fs::remove_dir_all(&site).unwrap();
    (count, seen)
}

#[test]
fn a_build_killed_at_each_rename_leaves_one_whole_edition() {
    let (count, seen) = kill_at_each(RENAMES);
    assert!(
        count >= 1,
        "a build over an earlier edition renames something"
    );
    // Killed at the switch itself, the previous edition is still shown.
    assert_eq!(seen.first(), Some(&"old"), "{seen:?}");
}

#[test]
fn a_build_killed_while_flushing_its_files_leaves_the_old_edition() {
    let (count, seen) = kill_at_each(SYNCS);
    assert!(count >= 1, "the outputs are flushed to disk");
    // Every file is flushed before the switch.
    assert!(seen.contains(&"old"), "{seen:?}");
}

#[test]
fn a_build_killed_while_removing_the_previous_edition_shows_the_new_one() {
    let (count, seen) = kill_at_each(UNLINKS);
    assert!(
        count >= 1,
        "the previous edition is removed after the switch"
    );
    assert!(seen.contains(&"new"), "{seen:?}");
}

#[test]
fn a_failed_write_keeps_the_old_edition_and_says_why() {
    let ed = Editions::new();
    let (site, out) = ed.site("nospace");
    // Which write (of its thread) is the first into the new edition.
    let log = trace(&ed, &out, "write", &["-yy"]);
    std::fs::remove_dir_all(&site).unwrap();
    let first = log
        .lines()
        .find(|l| l.contains(".gkml-new-"))
        .expect("the build writes its outputs into a private directory first");
    let tid = first.split(' ').next().unwrap();
    let k = log
        .lines()
        .take_while(|l| *l != first)
        .filter(|l| l.split(' ').next() == Some(tid) && l.contains("write("))
        .count()
        + 1;
    let (site, out) = ed.site("nospace");
    let mut cmd = vec![
        strace().to_string_lossy().into_owned(),
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        "/dev/null".into(),
        "-e".into(),
        "trace=write".into(),
        "-e".into(),
        format!("inject=write:error=ENOSPC:when={k}"),
    ];
    cmd.extend(build_cmd(&ed.new_project, &out));
    let o = run(&cmd);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("磁盘空间不足"), "{err}");
    assert!(err.contains("无法写入"), "{err}");
    assert!(err.contains("未写入任何文件"), "{err}");
    assert_eq!(ed.whole(&out, "after a failed write"), "old");
    let beside: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        beside,
        ["out"],
        "a failed build removes its private directory"
    );
}

#[test]
fn outputs_the_new_edition_dropped_disappear_and_the_office_files_stay() {
    let ed = Editions::new();
    let (site, out) = ed.site("plain");
    ed.next_build_cleans(&site, &out, "a plain build");
    // The old PDF (another title) is gone, the office's files are there.
    let pdfs: Vec<String> = snapshot(&out)
        .into_keys()
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "{pdfs:?}");
    assert!(pdfs[0].contains("修订版"), "{pdfs:?}");
}
