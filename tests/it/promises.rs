//! What the README promises about running gkml, checked as a user would see
//! it: the PDF's bookmarks and date, fonts from `--font-path` and the project
//! file's 字体, workbooks placed by the project file's 工作簿, colour only on a
//! terminal (and never with NO_COLOR), no progress bar in CI, and a Chinese
//! `--help` with exit codes for every command.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{self, SAMPLE, build, copy_sample, gkml, root, stderr, stdout};

const TITLE: &str = "虹口区试点领域政务公开事项标准化目录清单";

fn sample_pdf(out: &Path) -> std::path::PathBuf {
    out.join(format!("{TITLE}.pdf"))
}

/// The PDF's bookmarks (outline) as (depth, title), read with poppler's
/// `pdftohtml -xml`, which writes the outline as nested `<outline>` lists.
fn bookmarks(pdf: &Path) -> Vec<(usize, String)> {
    let o = Command::new("pdftohtml")
        .args(["-xml", "-i", "-q", "-stdout", "-enc", "UTF-8"])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let xml = stdout(&o);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if rest.starts_with("<outline") {
            depth += 1;
        } else if rest.starts_with("</outline") {
            depth = depth.saturating_sub(1);
        } else if rest.starts_with("<item") {
            let body = &rest[rest.find('>').unwrap() + 1..];
            let end = body.find("</item>").unwrap();
            let title = body[..end]
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"");
            out.push((depth, title.trim().to_string()));
        }
        rest = &rest[1..];
    }
    out
}

/// The printed booklet has bookmarks: its parts, and under the two parts
/// each 试点领域, in 附件1 order.
#[test]
fn booklet_has_bookmarks_for_its_parts_and_domains() {
    if !common::require_poppler("pdftohtml") {
        return;
    }
    let tmp = common::tmp();
    let out = tmp.path().join("out");
    let o = build(&root().join(SAMPLE), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let marks = bookmarks(&sample_pdf(&out));
    let titles: Vec<&str> = marks.iter().map(|(_, t)| t.as_str()).collect();
    let find = |t: &str| -> usize {
        titles
            .iter()
            .position(|x| x.contains(t))
            .unwrap_or_else(|| panic!("no bookmark “{t}”: {marks:?}"))
    };
    let intro = find("编制说明");
    let annex1 = find("试点单位及试点内容表");
    let part1 = find("标准化目录");
    let part2 = find("规范化操作目录");
    assert!(
        intro < annex1 && annex1 < part1 && part1 < part2,
        "{marks:?}"
    );
    // Every domain appears under each part, deeper than the part.
    let domains = [
        "就业创业",
        "社会保险",
        "社会救助",
        "养老服务",
        "户籍管理",
        "医疗卫生",
        "城市综合执法",
    ];
    for (from, to) in [(part1, part2), (part2, marks.len())] {
        let under: Vec<&str> = marks[from + 1..to]
            .iter()
            .filter(|(d, _)| *d > marks[from].0)
            .map(|(_, t)| t.as_str())
            .collect();
        let order: Vec<usize> = domains
            .iter()
            .map(|d| {
                under.iter().position(|t| t.contains(d)).unwrap_or_else(|| {
                    panic!("no bookmark for {d} under {}: {marks:?}", titles[from])
                })
            })
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{marks:?}");
    }
}

/// `pdfinfo`'s CreationDate line, read in UTC.
fn creation_date(pdf: &Path) -> String {
    let o = Command::new("pdfinfo")
        .env("TZ", "UTC")
        .arg(pdf)
        .output()
        .unwrap();
    stdout(&o)
        .lines()
        .find(|l| l.starts_with("CreationDate:"))
        .unwrap_or_else(|| panic!("no CreationDate: {}", stdout(&o)))
        .to_string()
}

/// The PDF is dated by the project file's 编制日期; without one, by
/// SOURCE_DATE_EPOCH (reproducible builds); 编制日期 wins when both are set.
#[test]
fn pdf_date_is_the_edition_date_or_source_date_epoch() {
    if !common::require_poppler("pdfinfo") {
        return;
    }
    let tmp = common::tmp();
    let proj = tmp.path().join("proj");
    copy_sample(&proj);
    // 1700000000 is 2023-11-14 22:13:20 UTC: the PDF carries the day.
    let epoch = "1700000000";

    let out = tmp.path().join("dated");
    let o = gkml()
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(["build"])
        .arg(&proj)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let d = creation_date(&sample_pdf(&out));
    assert!(d.contains("Nov 30") && d.contains("2017"), "{d}");

    let project = proj.join("gkml.yaml");
    let text = std::fs::read_to_string(&project).unwrap();
    let undated: String = text
        .lines()
        .filter(|l| !l.starts_with("编制日期:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(undated, text);
    std::fs::write(&project, undated).unwrap();
    let out = tmp.path().join("epoch");
    let o = gkml()
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(["build"])
        .arg(&proj)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let d = creation_date(&sample_pdf(&out));
    assert!(d.contains("Nov 14") && d.contains("2023"), "{d}");
    // The same epoch gives the same bytes again.
    let again = tmp.path().join("epoch-again");
    let o = gkml()
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(["build"])
        .arg(&proj)
        .arg("-o")
        .arg(&again)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(sample_pdf(&out)).unwrap(),
        std::fs::read(sample_pdf(&again)).unwrap()
    );
}

/// A copy of the embedded serif font whose family and PostScript names are
/// changed to `Gkml Test Serif X` / `GkmlTestSerifX` (same lengths, so the
/// font's tables stay where they are): a family no machine has.
fn renamed_font() -> Vec<u8> {
    let (_, bytes) = gkml::booklet::fonts::EMBEDDED
        .iter()
        .find(|(n, _)| *n == "NotoSerifCJKsc-Regular.otf")
        .unwrap();
    let mut data = bytes.to_vec();
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_be_bytes).collect() };
    let mut replaced = 0;
    for (from, to) in [
        ("Noto Serif CJK SC", "Gkml Test Serif X"),
        ("NotoSerifCJKsc", "GkmlTestSerifX"),
    ] {
        for (f, t) in [
            (from.as_bytes().to_vec(), to.as_bytes().to_vec()),
            (utf16(from), utf16(to)),
        ] {
            let mut i = 0;
            while let Some(at) = data[i..].windows(f.len()).position(|w| w == f.as_slice()) {
                data[i + at..i + at + f.len()].copy_from_slice(&t);
                i += at + f.len();
                replaced += 1;
            }
        }
    }
    assert!(replaced >= 2, "font names not found");
    data
}

/// The project file's 字体 names the body font; a family found nowhere is a
/// warning naming it, and `--font-path` makes it available: the booklet is
/// then set in it (pdffonts lists it) and the warning is gone.
#[test]
fn project_fonts_come_from_font_path() {
    if !common::require_poppler("pdffonts") {
        return;
    }
    let tmp = common::tmp();
    let proj = tmp.path().join("proj");
    copy_sample(&proj);
    let project = proj.join("gkml.yaml");
    let text = std::fs::read_to_string(&project).unwrap();
    assert!(!text.contains("字体:"), "the sample sets 字体 already");
    std::fs::write(
        &project,
        format!("{text}\n字体:\n  正文: Gkml Test Serif X\n"),
    )
    .unwrap();
    let fonts = tmp.path().join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    std::fs::write(fonts.join("GkmlTestSerifX.otf"), renamed_font()).unwrap();

    // Not installed anywhere: a warning that names the family and the option.
    let out = tmp.path().join("without");
    let o = build(&proj, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("找不到字体“Gkml Test Serif X”") && err.contains("--font-path"),
        "{err}"
    );

    let out = tmp.path().join("with");
    let o = build(&proj, &out, &["--font-path", fonts.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("找不到字体"), "{}", stderr(&o));
    let listed = Command::new("pdffonts")
        .arg(sample_pdf(&out))
        .output()
        .unwrap();
    assert!(
        stdout(&listed).contains("GkmlTestSerifX"),
        "{}",
        stdout(&listed)
    );
}

/// A workbook whose name, title and sheet say nothing about who filed it is
/// placed by the project file's 工作簿 entry (文件, 试点单位, 试点领域).
#[test]
fn project_file_registers_a_workbook() {
    let tmp = common::tmp();
    let proj = tmp.path().join("proj");
    std::fs::create_dir_all(&proj).unwrap();
    // A 附件2 table with no title and no 填报单位 row, in a file named 目录.xlsx.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "序号",
        "政务事项分类",
        "政务事项名称",
        "政务事项办理主体",
        "政务事项办理环节",
        "所在环节办理产生的政府信息名称",
        "政府信息公开属性",
        "",
        "",
        "",
        "不予公开和部分公开的理由",
        "所在环节办理时限",
    ];
    let sub = ["主动公开", "依申请公开", "部分公开", "不予公开"];
    let row = [
        "1",
        "公共服务",
        "临时救助",
        "区民政局",
        "受理",
        "临时救助办事指南",
        "√",
        "",
        "",
        "",
        "",
        "即时",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, s) in sub.iter().enumerate() {
        ws.write_string(1, 6 + i as u16, *s).unwrap();
    }
    for (c, v) in row.iter().enumerate() {
        ws.write_string(2, c as u16, *v).unwrap();
    }
    wb.save(proj.join("目录.xlsx")).unwrap();
    let project = "标题: 测试目录清单\n年度: 2017\n试点单位及试点内容表:\n  - 序号: 1\n    试点单位: 区民政局\n    试点领域: [社会救助]\n";
    std::fs::write(proj.join("gkml.yaml"), project).unwrap();

    // Unregistered: gkml cannot tell whose catalogue it is.
    let o = gkml()
        .args(["validate", "--format", "json"])
        .arg(&proj)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("workbook-unit-unknown"),
        "{}",
        stdout(&o)
    );

    // Registered in the project file: read as 区民政局 社会救助.
    std::fs::write(
        proj.join("gkml.yaml"),
        format!("{project}工作簿:\n  - 文件: 目录.xlsx\n    试点单位: 区民政局\n    试点领域: 社会救助\n"),
    )
    .unwrap();
    let o = gkml()
        .args(["validate", "--format", "json"])
        .arg(&proj)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = report["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    // What is left is the 附件3 nobody has filed yet: the workbook counts as
    // 区民政局's 社会救助 附件2.
    assert_eq!(codes, ["registry-missing"], "{report}");
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("区民政局") && msg.contains("社会救助") && msg.contains("附件3"),
        "{msg}"
    );
}

/// Runs `gkml args…` on a pseudo-terminal (util-linux `script`), with extra
/// environment; returns what the terminal showed.
fn on_terminal(args: &[&str], env: &[(&str, &str)]) -> Output {
    assert!(
        common::require(
            "script",
            "--version",
            "the Debian package bsdutils (util-linux script)"
        ),
        "script is needed"
    );
    let bin = env!("CARGO_BIN_EXE_gkml-test");
    let mut line = shell_quote(bin);
    for a in args {
        line.push(' ');
        line.push_str(&shell_quote(a));
    }
    let mut c = Command::new("script");
    c.args(["-q", "-e", "-c", &line, "/dev/null"])
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A project with one error, for reports worth colouring.
fn broken_project(dir: &Path) -> std::path::PathBuf {
    let proj = dir.join("proj");
    copy_sample(&proj);
    let f = proj.join("区民政局/社会救助-标准化目录.yaml");
    let y = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        y.replacen(
            "政府信息公开属性: 主动公开",
            "政府信息公开属性: 大概公开",
            1,
        ),
    )
    .unwrap();
    proj
}

/// The human report is coloured on a terminal only, and not at all with
/// NO_COLOR; piped (as in CI or `> 报告.txt`) it is plain text.
#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let tmp = common::tmp();
    let proj = broken_project(tmp.path());
    let p = proj.to_str().unwrap();

    let piped = gkml()
        .args(["validate", p])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(1));
    assert!(stdout(&piped).contains("大概公开"), "{}", stdout(&piped));
    assert!(!stdout(&piped).contains('\u{1b}'), "{}", stdout(&piped));

    let tty = on_terminal(&["validate", p], &[]);
    assert_eq!(tty.status.code(), Some(1), "{}", stdout(&tty));
    assert!(stdout(&tty).contains("大概公开"), "{}", stdout(&tty));
    assert!(stdout(&tty).contains("\u{1b}["), "no colour on a terminal");

    let no_color = on_terminal(&["validate", p], &[("NO_COLOR", "1")]);
    assert_eq!(no_color.status.code(), Some(1));
    assert!(stdout(&no_color).contains("大概公开"));
    assert!(
        !stdout(&no_color).contains('\u{1b}'),
        "{}",
        stdout(&no_color)
    );
}

/// `gkml build` draws a progress bar on a terminal; in CI (stderr a pipe) it
/// prints only its lines: no bar, no carriage returns, no escape codes, and
/// the summary last.
#[test]
fn build_progress_bar_only_on_a_terminal() {
    let tmp = common::tmp();
    let out = tmp.path().join("ci");
    let o = build(&root().join(SAMPLE), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    assert!(!bar_drawn(&err), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.contains("页") && last.contains(TITLE), "{err}");

    let out = tmp.path().join("tty");
    let tty = on_terminal(&["build", SAMPLE, "-o", out.to_str().unwrap()], &[]);
    assert_eq!(tty.status.code(), Some(0), "{}", stdout(&tty));
    let shown = stdout(&tty);
    assert!(
        bar_drawn(&shown),
        "no progress bar on a terminal: {shown:?}"
    );
}

/// True when `text` shows the build's progress bar (`[pos/len]`).
fn bar_drawn(text: &str) -> bool {
    (0..20).any(|i| text.contains(&format!("[{i}/")))
}

/// Every command in the README's table answers `--help` in Chinese and
/// states its exit codes.
#[test]
fn every_command_has_chinese_help_with_exit_codes() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table = readme
        .split("## 子命令")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let commands: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `gkml "))
        .filter_map(|l| l.split([' ', '`']).next())
        .collect();
    assert!(commands.len() >= 8, "{commands:?}");
    let top = gkml().arg("--help").output().unwrap();
    assert!(top.status.success());
    for c in &commands {
        assert!(stdout(&top).contains(c), "gkml --help does not list {c}");
        let o = gkml().args([*c, "--help"]).output().unwrap();
        assert!(o.status.success(), "gkml {c} --help: {}", stderr(&o));
        let help = stdout(&o);
        assert!(
            help.contains("退出码"),
            "gkml {c} --help names no exit codes:\n{help}"
        );
        // Chinese throughout: the usage line and the options' texts.
        assert!(help.contains("用法"), "gkml {c} --help:\n{help}");
        for english in [
            "Usage:",
            "Print help",
            "Options:",
            "Possible values",
            "[default:",
        ] {
            assert!(!help.contains(english), "gkml {c} --help:\n{help}");
        }
    }
}
