//! The booklet PDF: content read back with poppler (pdftotext, pdfinfo,
//! pdffonts), reproducibility, literal catalogue text, drafts, and the
//! isolation of custom templates.

use std::path::Path;
use std::process::Command as Std;

use crate::common;
use common::{SAMPLE, build, gkml, pdf_text, root, stderr};

const TITLE: &str = "虹口区试点领域政务公开事项标准化目录清单";

/// True when the poppler tool runs; fails naming poppler-utils when it does
/// not (see `common::SKIP_MISSING`).
fn have(tool: &str) -> bool {
    common::require_poppler(tool)
}

/// What `pdftotext <mode> -enc UTF-8` prints for the PDF.
fn pdftotext(mode: &str, pdf: &Path) -> String {
    let out = Std::new("pdftotext")
        .args([mode, "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdfinfo(pdf: &Path) -> String {
    let out = Std::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    pdfinfo(pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// Every 政务事项名称 in the sample, read with a plain line scan (not with
/// gkml's reader).
fn sample_item_names() -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![root().join(SAMPLE)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml") {
                for line in std::fs::read_to_string(&p).unwrap().lines() {
                    if let Some(v) = line.trim().strip_prefix("政务事项名称:") {
                        let v = v.trim().trim_matches(['\'', '"']).to_string();
                        if !names.contains(&v) {
                            names.push(v);
                        }
                    }
                }
            }
        }
    }
    names
}

#[test]
fn sample_booklet_content_and_reproducibility() {
    let tmp = tempfile::tempdir().unwrap();
    let out1 = tmp.path().join("a");
    let o = build(&root().join(SAMPLE), &out1, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("页") && err.contains("用时"),
        "summary line: {err}"
    );
    let pdf = out1.join(format!("{TITLE}.pdf"));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(out1.join("catalog.json").is_file());

    // Same inputs in another time zone and locale: the same bytes.
    let out2 = tmp.path().join("b");
    let o2 = gkml()
        .env("TZ", "Asia/Shanghai")
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "zh_CN.UTF-8")
        .args(["build", SAMPLE, "-o"])
        .arg(&out2)
        .output()
        .unwrap();
    assert!(o2.status.success(), "{}", stderr(&o2));
    let o3 = gkml()
        .env("TZ", "UTC")
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .args(["build", SAMPLE, "-o"])
        .arg(tmp.path().join("c"))
        .output()
        .unwrap();
    assert!(o3.status.success(), "{}", stderr(&o3));
    for dir in ["b", "c"] {
        let other = tmp.path().join(dir);
        assert!(
            std::fs::read(other.join(format!("{TITLE}.pdf"))).unwrap() == bytes,
            "PDF differs between builds ({dir})"
        );
        assert_eq!(
            std::fs::read(other.join("catalog.json")).unwrap(),
            std::fs::read(out1.join("catalog.json")).unwrap()
        );
    }

    if !have("pdftotext") {
        return;
    }
    let text = pdf_text(&pdf);
    let names = sample_item_names();
    assert!(names.len() >= 20, "only {} names found", names.len());
    let missing: Vec<_> = names
        .iter()
        .filter(|n| !text.contains(&squash(n)))
        .collect();
    assert!(missing.is_empty(), "item names not in the PDF: {missing:?}");
    for s in [
        "编制说明",
        "目录",
        "试点单位及试点内容表",
        "政务公开事项汇总表",
        "第一部分标准化目录",
        "第二部分规范化操作目录",
        "所在环节办理产生的政府信息名称",
        "政府信息公开途径",
        "√",
        "虹口区人民政府办公室（区信息公开办）",
        "2017年11月30日",
    ] {
        assert!(text.contains(s), "{s} not in the PDF");
    }
    assert!(!text.contains("草稿"), "a clean build has no draft mark");
    // Pages are numbered from the one after the cover.
    let n = pages(&pdf);
    let total = format!("第{}页共{}页", n - 1, n - 1);
    assert!(
        text.contains(&total),
        "footer 第 N 页 共 {} 页 missing",
        n - 1
    );
    assert!((15..=200).contains(&n), "{n} pages");

    let info = pdfinfo(&pdf);
    assert!(
        info.contains(&format!("Title:           {TITLE}")),
        "{info}"
    );
    assert!(
        info.contains("Author:          虹口区人民政府办公室（区信息公开办）"),
        "{info}"
    );

    // Only the embedded subset fonts, all embedded.
    let fonts = Std::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for r in &rows {
        assert!(
            r.contains("NotoSerifCJK") || r.contains("NotoSansCJK"),
            "unexpected font: {r}"
        );
        // Columns: name type encoding emb sub uni …
        let cols: Vec<&str> = r.split_whitespace().collect();
        let emb = cols.iter().rev().nth(4).copied();
        assert_eq!(emb, Some("yes"), "font not embedded: {r}");
    }
    assert!(
        rows.iter()
            .any(|r| r.contains("NotoSerifCJKsc-Regular") || r.contains("NotoSerifCJK"))
    );
    assert!(rows.iter().any(|r| r.contains("NotoSansCJK")));
}

/// A small project whose texts are full of typst markup.
fn markup_project(dir: &Path) {
    std::fs::create_dir_all(dir.join("测试单位")).unwrap();
    std::fs::write(
        dir.join("gkml.yaml"),
        "标题: '标记测试 #set text(red) $x$'\n编制单位: '单位 *粗* _斜_'\n编制日期: 2020-01-02\n\
         编制说明: '说明 [方括号] <label> @ref \\ 反斜杠 // 注释 #import \"/etc/passwd\"'\n",
    )
    .unwrap();
    let yaml = r##"试点单位: 测试单位
试点领域: 测试领域
目录类型: 标准化目录
政务事项:
  - 序号: 1
    政务事项分类: 公共服务
    政务事项名称: '#strong[井号标记]'
    政务事项办理主体: '$x^2$ 美元 *星号* _下划线_'
    办理环节:
      - 政务事项办理环节: '[方括号] <尖括号>'
        所在环节办理时限: 即时
        政府信息:
          - 所在环节办理产生的政府信息名称: '@引用 \反斜杠 // 双斜线'
            政府信息公开属性: 主动公开
          - 所在环节办理产生的政府信息名称: '#import "/etc/passwd"'
            政府信息公开属性: 不予公开
            不予公开和部分公开的理由: '涉及个人隐私，依据第十五条 #read("/etc/passwd")'
"##;
    std::fs::write(dir.join("测试单位/测试领域-标准化目录.yaml"), yaml).unwrap();
}

#[test]
fn markup_in_catalogue_text_prints_literally() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    markup_project(&proj);
    let out = tmp.path().join("out");
    let o = build(&proj, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = out.join("标记测试 #set text(red) $x$.pdf");
    assert!(
        pdf.is_file(),
        "{:?}",
        std::fs::read_dir(&out).unwrap().collect::<Vec<_>>()
    );
    if !have("pdftotext") {
        return;
    }
    let text = pdf_text(&pdf);
    for s in [
        "标记测试#settext(red)$x$",
        "单位*粗*_斜_",
        "[方括号]<label>@ref\\反斜杠//注释#import\"/etc/passwd\"",
        "#strong[井号标记]",
        "$x^2$美元*星号*_下划线_",
        "[方括号]<尖括号>",
        "@引用\\反斜杠//双斜线",
        "#import\"/etc/passwd\"",
        "#read(\"/etc/passwd\")",
    ] {
        assert!(text.contains(s), "{s:?} not printed literally in:\n{text}");
    }
    assert!(
        !text.contains("root:"),
        "no file content may leak into the PDF"
    );
}

#[test]
fn draft_has_watermark_and_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    markup_project(&proj);
    // Break it: an attribute that does not exist.
    let f = proj.join("测试单位/测试领域-标准化目录.yaml");
    let y = std::fs::read_to_string(&f)
        .unwrap()
        .replace("主动公开", "大概公开");
    std::fs::write(&f, y).unwrap();
    let out = tmp.path().join("out");
    let o = build(&proj, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
    let o = build(&proj, &out, &["--draft"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = out.join("标记测试 #set text(red) $x$.pdf");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("catalog.json")).unwrap()).unwrap();
    assert_eq!(json["edition"]["draft"], true);
    assert!(!json["problems"].as_array().unwrap().is_empty());
    if !have("pdftotext") {
        return;
    }
    let text = pdf_text(&pdf);
    assert!(text.contains("草稿"));
    assert!(text.contains("附录问题清单"));
    assert!(
        text.contains("大概公开"),
        "the problem message quotes the bad value"
    );
}

/// The (x, text) of each word on each page, from `pdftotext -bbox`.
fn words_by_page(pdf: &Path) -> Vec<Vec<(f64, String)>> {
    let html = pdftotext("-bbox", pdf);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut words = Vec::new();
        for w in page.split("<word ").skip(1) {
            let (tag, rest) = w.split_once('>').unwrap();
            let text = rest.split_once("</word>").unwrap().0.to_string();
            words.push(((attr(tag, "xMin") + attr(tag, "xMax")) / 2.0, text));
        }
        pages.push(words);
    }
    pages
}

#[test]
fn each_tick_sits_under_its_attribute_column() {
    // The four 公开属性 columns of a row are one cell with the “√” moved
    // into the right column: every tick must stand under its column's
    // header, and the ticks per column must add up to the catalogue's.
    if !have("pdftotext") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let o = build(&root().join(SAMPLE), tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("catalog.json")).unwrap()).unwrap();
    let heads = ["主动", "依申请", "部分", "不予"];
    let attrs = ["主动公开", "依申请公开", "部分公开", "不予公开"];
    let mut want = [0usize; 4];
    for d in json["domains"].as_array().unwrap() {
        for key in ["standard", "operational"] {
            for u in d[key].as_array().unwrap() {
                for it in u["items"].as_array().unwrap() {
                    for st in it["steps"].as_array().unwrap() {
                        for info in st["infos"].as_array().unwrap() {
                            if let Some(i) = attrs.iter().position(|a| info["attribute"] == *a) {
                                want[i] += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    let mut got = [0usize; 4];
    for words in words_by_page(&tmp.path().join(format!("{TITLE}.pdf"))) {
        let ticks: Vec<f64> = words.iter().filter(|w| w.1 == "√").map(|w| w.0).collect();
        if ticks.is_empty() {
            continue;
        }
        // The header of this page's table (repeated on every page); the
        // leftmost, as 附件3's 公开途径 column may also say 依申请.
        let cols: Vec<f64> = heads
            .iter()
            .map(|h| {
                let xs = words.iter().filter(|w| w.1 == *h).map(|w| w.0);
                xs.min_by(f64::total_cmp).unwrap()
            })
            .collect();
        for x in ticks {
            let (i, off) = cols
                .iter()
                .map(|c| (x - c).abs())
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            assert!(
                off < 1.0,
                "a tick {off:.2} pt off the centre of column {}",
                heads[i]
            );
            got[i] += 1;
        }
    }
    assert_eq!(
        got, want,
        "ticks per column (主动公开, 依申请公开, 部分公开, 不予公开)"
    );
    assert!(
        want.iter().all(|&n| n > 0),
        "the sample uses every attribute: {want:?}"
    );
}

#[test]
fn pdf_is_tagged_unless_asked_not_to_be() {
    if !have("pdfinfo") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let tagged = tmp.path().join("tagged");
    let plain = tmp.path().join("plain");
    let o = build(&root().join(SAMPLE), &tagged, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = build(&root().join(SAMPLE), &plain, &["--no-pdf-tags"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let info = |d: &Path| pdfinfo(&d.join(format!("{TITLE}.pdf")));
    assert!(
        info(&tagged).contains("Tagged:          yes"),
        "{}",
        info(&tagged)
    );
    assert!(
        info(&plain).contains("Tagged:          no"),
        "{}",
        info(&plain)
    );
    // The same pages either way.
    assert_eq!(
        pages(&tagged.join(format!("{TITLE}.pdf"))),
        pages(&plain.join(format!("{TITLE}.pdf")))
    );
}

#[test]
fn hostile_templates_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    markup_project(&proj);
    // A secret next to the project, and a symlink inside it pointing out.
    std::fs::write(tmp.path().join("secret.txt"), "TOP SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), proj.join("link.txt")).unwrap();
    let cases: &[(&str, &str)] = &[
        ("#read(\"/etc/passwd\")", "/etc/passwd"),
        ("#read(\"../../x\")", "项目目录"),
        ("#read(\"../secret.txt\")", "项目目录"),
        ("#import \"@preview/x:0.1.0\"", "不能导入包"),
        ("#image(\"/proc/self/environ\")", "不存在"),
        #[cfg(unix)]
        ("#read(\"link.txt\")", "项目目录以外"),
    ];
    for (i, (src, expect)) in cases.iter().enumerate() {
        let t = tmp.path().join(format!("t{i}.typ"));
        std::fs::write(&t, format!("第一行\n{src}\n")).unwrap();
        let out = tmp.path().join(format!("out{i}"));
        let o = build(&proj, &out, &["--template", t.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{src}: {err}");
        assert!(err.contains(expect), "{src}: expected {expect:?} in: {err}");
        assert!(
            err.contains("第 2 行"),
            "{src}: names the template line: {err}"
        );
        assert!(!err.contains("TOP SECRET"));
        assert!(!out.exists(), "{src}: nothing written");
    }
    // Reading inside the project is allowed.
    let t = tmp.path().join("ok.typ");
    std::fs::write(
        &t,
        "#let d = json(\"/data.json\")\n#d.edition.title\n#read(\"gkml.yaml\").len()\n",
    )
    .unwrap();
    let out = tmp.path().join("ok");
    let o = build(&proj, &out, &["--template", t.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn missing_glyph_is_a_warning_naming_the_character() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    markup_project(&proj);
    let f = proj.join("测试单位/测试领域-标准化目录.yaml");
    // U+2A6D6 (CJK Extension B) is outside the embedded subsets.
    let y = std::fs::read_to_string(&f)
        .unwrap()
        .replace("井号标记", "井号\u{2A6D6}标记");
    std::fs::write(&f, y).unwrap();
    let out = tmp.path().join("out");
    let o = build(&proj, &out, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("U+2A6D6"), "{err}");
    assert!(
        err.contains("测试领域 · 测试单位 · 标准化目录 · 序号 1"),
        "{err}"
    );
    assert!(err.contains("政务事项名称"), "{err}");
}

#[test]
fn emitted_typst_sources_compile_to_the_same_text() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    markup_project(&proj);
    let out = tmp.path().join("out");
    let src = tmp.path().join("src");
    let o = build(&proj, &out, &["--emit-typst", src.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "booklet.typ",
        "data.json",
        "fonts/NotoSerifCJKsc-Regular.otf",
        "fonts/OFL.txt",
    ] {
        assert!(src.join(f).is_file(), "{f} missing");
    }
    assert_eq!(
        std::fs::read(src.join("data.json")).unwrap(),
        std::fs::read(out.join("catalog.json")).unwrap()
    );
    // Compiled by typst itself (typst-py 0.15, the Python binding of the
    // typst compiler; `.ci/run` installs it), the emitted sources give the
    // same text and pages: they are a complete typst project.
    if !common::require("python3", "-c", "python3 (Debian package python3)") {
        return;
    }
    let py = "import sys, typst\n\
              pdf = typst.compile(sys.argv[1], root=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)\n\
              open(sys.argv[4], 'wb').write(pdf)\n";
    let theirs = tmp.path().join("typst.pdf");
    let ran = Std::new("python3")
        .args(["-c", py])
        .arg(src.join("booklet.typ"))
        .arg(&src)
        .arg(src.join("fonts"))
        .arg(&theirs)
        .output();
    let ran = ran.unwrap();
    let err = String::from_utf8_lossy(&ran.stderr);
    if err.contains("No module named 'typst'") {
        assert!(
            common::skip_missing(),
            "typst-py is not installed: pip install typst==0.15.0 (or set {}=1 to skip)",
            common::SKIP_MISSING
        );
        return;
    }
    assert!(ran.status.success(), "typst-py failed: {err}");
    if have("pdftotext") {
        let ours = out.join("标记测试 #set text(red) $x$.pdf");
        assert_eq!(pdf_text(&theirs), pdf_text(&ours));
        assert_eq!(pages(&theirs), pages(&ours));
    }
}
