//! Hostile input: every file here is either read correctly or refused with a
//! clear diagnostic naming its place and exit 1 or 2 — never a panic (exit
//! 101), never a hang, never a change to the input. Big inputs are generated
//! into temporary directories; limits are in src/limits.rs and tests/HOSTILE.md.

mod util;
mod zipgen;

use std::io::{Read, Write};
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use tempfile::TempDir;
use util::{assert_refused, fixture, put, sample, validate};
use zipgen::{Entry, SHEET_HEAD, SHEET_TAIL, deflate_repeat, xlsx_skeleton};

fn tmp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;

// ---------------------------------------------------------------------------
// Generators

/// A small, clean 附件2 sheet (title, 填报单位, two-row header, one item with
/// two pieces of information), then `extra` adds to it.
fn annex2_sheet(ws: &mut Worksheet, extra: impl FnOnce(&mut Worksheet)) {
    let w = |ws: &mut Worksheet, r: u32, c: u16, s: &str| {
        ws.write_string(r, c, s).expect("write cell");
    };
    w(ws, 0, 0, "社会救助领域政务公开事项标准化目录");
    w(ws, 1, 0, "填报单位：区民政局");
    let head = [
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
    for (c, h) in head.iter().enumerate() {
        if !h.is_empty() {
            w(ws, 2, c as u16, h);
        }
    }
    for (c, h) in ["主动公开", "依申请公开", "部分公开", "不予公开"]
        .iter()
        .enumerate()
    {
        w(ws, 3, 6 + c as u16, h);
    }
    let rows: [[&str; 12]; 2] = [
        [
            "1",
            "行政给付",
            "最低生活保障",
            "区民政局",
            "受理",
            "最低生活保障办事指南",
            "√",
            "",
            "",
            "",
            "",
            "即时",
        ],
        ["", "", "", "", "", "受理通知书", "", "√", "", "", "", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                w(ws, 4 + r as u32, c as u16, v);
            }
        }
    }
    extra(ws);
}

fn annex2_workbook(path: &Path, extra: impl FnOnce(&mut Worksheet)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("标准化目录").expect("sheet name");
    annex2_sheet(ws, extra);
    wb.save(path).expect("save workbook");
}

/// Sheet XML rows of the same small catalogue, as inline strings.
fn annex2_rows_xml() -> String {
    let rows: [&[(&str, &str)]; 6] = [
        &[("A1", "社会救助领域政务公开事项标准化目录")],
        &[("A2", "填报单位：区民政局")],
        &[
            ("A3", "序号"),
            ("B3", "政务事项分类"),
            ("C3", "政务事项名称"),
            ("D3", "政务事项办理主体"),
            ("E3", "政务事项办理环节"),
            ("F3", "所在环节办理产生的政府信息名称"),
            ("G3", "政府信息公开属性"),
            ("K3", "不予公开和部分公开的理由"),
            ("L3", "所在环节办理时限"),
        ],
        &[
            ("G4", "主动公开"),
            ("H4", "依申请公开"),
            ("I4", "部分公开"),
            ("J4", "不予公开"),
        ],
        &[
            ("A5", "1"),
            ("B5", "行政给付"),
            ("C5", "最低生活保障"),
            ("D5", "区民政局"),
            ("E5", "受理"),
            ("F5", "最低生活保障办事指南"),
            ("G5", "√"),
            ("L5", "即时"),
        ],
        &[("F6", "受理通知书"), ("H6", "√")],
    ];
    let mut xml = String::new();
    for (i, cells) in rows.iter().enumerate() {
        xml.push_str(&format!("<row r=\"{}\">", i + 1));
        for (r, v) in *cells {
            xml.push_str(&format!(
                "<c r=\"{r}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"
            ));
        }
        xml.push_str("</row>");
    }
    xml
}

/// A catalogue YAML with `n` items (one step, two pieces of information each).
fn big_yaml(n: usize) -> String {
    let mut s =
        String::from("试点单位: 区民政局\n试点领域: 社会救助\n目录类型: 标准化目录\n政务事项:\n");
    for i in 1..=n {
        s.push_str(&format!(
            "  - 序号: {i}\n    政务事项分类: 行政给付\n    政务事项名称: 最低生活保障{i}\n    政务事项办理主体: 区民政局\n    办理环节:\n      - 政务事项办理环节: 受理\n        所在环节办理时限: 即时\n        政府信息:\n          - 所在环节办理产生的政府信息名称: 办事指南{i}\n            政府信息公开属性: 主动公开\n          - 所在环节办理产生的政府信息名称: 申请书{i}\n            政府信息公开属性: 不予公开\n            不予公开和部分公开的理由: 涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开\n"
        ));
    }
    s
}

fn read_sample_yaml() -> Vec<u8> {
    std::fs::read(sample("区民政局/社会救助-标准化目录.yaml")).expect("sample catalogue")
}

// ---------------------------------------------------------------------------
// The generator itself

#[test]
fn generated_deflate_streams_inflate_to_what_they_claim() {
    // Match counts below, at and past the eight-match rounds that are
    // copied rather than computed, and a remainder after them.
    let cases: [(&[u8], u64); 5] = [
        ("政务公开".as_bytes(), 100_000),
        (b" ", 258 * 8 * 5 + 258 * 3 + 7),
        (b"<si><t>x</t></si>", 17 * 258),
        (b"ab", 258 * 15),
        (b"xyz", 258 * 7 + 2),
    ];
    for (pat, repeat) in cases {
        let (raw, size) = deflate_repeat(b"<t>", pat, repeat, b"</t>");
        assert!(
            (raw.len() as u64) < 3000 + repeat / 100,
            "{} bytes",
            raw.len()
        );
        let mut expect = b"<t>".to_vec();
        expect.extend(pat.iter().cycle().take(repeat as usize));
        expect.extend_from_slice(b"</t>");
        assert_eq!(size, expect.len() as u64);
        let mut e = Entry::bomb("x.txt", raw, size as u32);
        e.crc = zipgen::crc32(&expect);
        let bytes = zipgen::write(&[e, Entry::stored("y.txt", b"hello")]);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("valid zip");
        let mut got = Vec::new();
        zip.by_name("x.txt")
            .expect("entry")
            .read_to_end(&mut got)
            .expect("inflate");
        assert_eq!(got, expect, "{} × {repeat}", String::from_utf8_lossy(pat));
    }
}

// ---------------------------------------------------------------------------
// Empty and truncated files

#[test]
fn zero_byte_files() {
    let d = tmp();
    let x = put(d.path(), "空.xlsx", b"");
    let run = validate(&[&x]);
    assert_refused(&run, "file-unreadable", "空.xlsx", "0 字节", 2);

    let y = put(d.path(), "空.yaml", b"");
    let run = validate(&[&y]);
    let diag = run.one("field-missing", "空.yaml");
    assert!(
        diag["message"]
            .as_str()
            .unwrap_or("")
            .contains("文件是空的")
    );
    assert_eq!(run.code, 1);

    for ext in ["xls", "ods", "xlsb", "yml"] {
        let p = put(d.path(), &format!("空.{ext}"), b"");
        let run = validate(&[&p]);
        assert_ne!(run.code, 0, "{ext}");
        assert!(!run.diags().is_empty(), "{ext}");
    }
}

/// Cut points: the first bytes, the middle, just before the central
/// directory, one byte short.
fn cut_points(len: usize) -> Vec<usize> {
    let mut v = vec![
        1,
        2,
        4,
        30,
        100,
        512,
        1000,
        len / 3,
        len / 2,
        len * 2 / 3,
        len.saturating_sub(100),
        len - 22,
        len - 1,
    ];
    v.retain(|&n| n > 0 && n < len);
    v.sort();
    v.dedup();
    v
}

#[test]
fn truncated_workbooks_are_refused() {
    let d = tmp();
    for name in [
        "merged-annex2.xlsx",
        "merged-annex2.xls",
        "merged-annex2.ods",
        "annex3-merged.xlsx",
    ] {
        let full = std::fs::read(fixture(&format!("workbooks/{name}"))).expect("fixture");
        let ext = name.rsplit('.').next().unwrap_or("xlsx");
        for cut in cut_points(full.len()) {
            let shown = format!("cut{cut}.{ext}");
            let p = put(d.path(), &shown, &full[..cut]);
            let run = validate(&[&p]);
            // A file cut inside its last bytes may still be readable (the
            // reader then reports the catalogue); otherwise it is refused.
            if run.code == 2 {
                let diag = run.one("file-unreadable", &shown);
                let msg = diag["message"].as_str().unwrap_or("");
                assert!(
                    msg.contains("损坏")
                        || msg.contains("无法读取")
                        || msg.contains("不完整")
                        || msg.contains("无法识别"),
                    "{shown}: {msg}"
                );
            } else {
                assert!(
                    run.summary("catalogs") >= 1,
                    "{shown} exit {} without a catalogue:\n{}",
                    run.code,
                    run.stdout
                );
            }
        }
    }
}

#[test]
fn truncated_yaml_is_diagnosed() {
    let d = tmp();
    let full = read_sample_yaml();
    let mut mid_char = 0;
    for cut in cut_points(full.len()) {
        let shown = format!("cut{cut}.yaml");
        let p = put(d.path(), &shown, &full[..cut]);
        let run = validate(&[&p]);
        if std::str::from_utf8(&full[..cut]).is_err() {
            // Cut inside a character: not UTF-8.
            mid_char += 1;
            assert_refused(&run, "file-unreadable", &shown, "UTF-8", 2);
        } else {
            // Missing fields / syntax errors are findings in a readable file,
            // each naming that file and a line the cut text has.
            let lines = full[..cut].split(|&b| b == b'\n').count() as u64;
            match run.code {
                0 => assert!(
                    run.with_code("field-missing").is_empty(),
                    "{shown}: {}",
                    run.stdout
                ),
                1 => {
                    let diags = run.diags();
                    assert!(!diags.is_empty(), "{shown}: exit 1 without a finding");
                    for d in diags {
                        assert!(
                            d["file"].as_str().is_some_and(|f| f.ends_with(&shown)),
                            "{shown}: {d}"
                        );
                        if let Some(line) = d["location"]["line"].as_u64() {
                            assert!(line >= 1 && line <= lines + 1, "{shown}: {d}");
                        }
                    }
                }
                code => panic!("{shown}: exit {code}: {}", run.stdout),
            }
        }
    }
    assert!(mid_char > 0, "no cut fell inside a character");
}

// ---------------------------------------------------------------------------
// Zip bombs

#[test]
fn zip_bomb_fixture_is_refused() {
    let p = fixture("workbooks/zip-bomb.xlsx");
    let run = validate(&[&p]);
    assert_refused(&run, "file-unreadable", "zip-bomb.xlsx", "压缩", 2);
}

/// xlsx with `sheet` as sheet1.xml (raw deflate of `real` bytes, headers
/// claiming `declared`) and optional shared strings.
fn bomb_workbook(sheet: (Vec<u8>, u32), sst: Option<(Vec<u8>, u32)>) -> Vec<u8> {
    let mut entries = xlsx_skeleton(sst.is_some());
    entries.push(Entry::bomb("xl/worksheets/sheet1.xml", sheet.0, sheet.1));
    if let Some((raw, declared)) = sst {
        entries.push(Entry::bomb("xl/sharedStrings.xml", raw, declared));
    }
    zipgen::write(&entries)
}

fn small_sheet_xml() -> (Vec<u8>, u32) {
    let xml = format!("{SHEET_HEAD}{}{SHEET_TAIL}", annex2_rows_xml());
    let (raw, size) = deflate_repeat(xml.as_bytes(), b" ", 0, b"");
    (raw, size as u32)
}

#[test]
fn zip_bombs_with_true_sizes_are_refused() {
    let d = tmp();
    // Sheet XML: one inline string of 3 GiB of spaces.
    let head = format!(
        "{SHEET_HEAD}{}<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>",
        annex2_rows_xml()
    );
    let tail = format!("</t></is></c></row>{SHEET_TAIL}");
    // (Fixed-Huffman length-258 matches give about 160:1, so 1 GiB of
    // spaces is some 6.5 MB on disk.)
    let (raw, size) = deflate_repeat(head.as_bytes(), b" ", GIB, tail.as_bytes());
    assert!(raw.len() < 8 * MIB as usize);
    let p = put(
        d.path(),
        "sheet-bomb.xlsx",
        &bomb_workbook((raw, size as u32), None),
    );
    let run = validate(&[&p]);
    assert_refused(&run, "file-unreadable", "sheet-bomb.xlsx", "压缩炸弹", 2);

    // Shared strings: 200 million tiny strings (3.4 GB) — each would cost a
    // String if they were ever unpacked.
    let (raw, size) = deflate_repeat(
        b"<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
        b"<si><t>x</t></si>",
        (u32::MAX as u64 - 200) / 17 * 17,
        b"</sst>",
    );
    let p = put(
        d.path(),
        "sst-bomb.xlsx",
        &bomb_workbook(small_sheet_xml(), Some((raw, size as u32))),
    );
    let run = validate(&[&p]);
    assert_refused(&run, "file-unreadable", "sst-bomb.xlsx", "压缩炸弹", 2);

    // Several entries, each under both per-entry guards (a period-4 pattern
    // deflates at about 158:1), together more than the total limit.
    let mut entries = xlsx_skeleton(false);
    let (sheet, sheet_size) = small_sheet_xml();
    entries.push(Entry::bomb("xl/worksheets/sheet1.xml", sheet, sheet_size));
    for i in 0..3 {
        let (raw, size) = deflate_repeat(b"", b"\x00\x01\x02\x03", 200 * MIB, b"");
        assert!(size / raw.len() as u64 <= gkml::limits::MAX_ZIP_RATIO);
        entries.push(Entry::bomb(
            &format!("xl/media/image{i}.bin"),
            raw,
            size as u32,
        ));
    }
    let p = put(d.path(), "many-entries.xlsx", &zipgen::write(&entries));
    let run = validate(&[&p]);
    let diag = run.one("file-unreadable", "many-entries.xlsx");
    let msg = diag["message"].as_str().unwrap_or("");
    assert!(msg.contains("解压后") || msg.contains("压缩炸弹"), "{msg}");
    assert_eq!(run.code, 2);
}

#[test]
fn zip_bombs_with_lying_sizes_are_stopped_while_inflating() {
    let d = tmp();
    // Sheet XML claims 2 KB, really inflates to 3 GiB.
    let head = format!(
        "{SHEET_HEAD}{}<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>",
        annex2_rows_xml()
    );
    let tail = format!("</t></is></c></row>{SHEET_TAIL}");
    let (raw, _) = deflate_repeat(head.as_bytes(), b"<x/>", 3 * GIB, tail.as_bytes());
    let p = put(
        d.path(),
        "lying-sheet.xlsx",
        &bomb_workbook((raw, 2048), None),
    );
    let run = validate(&[&p]);
    assert_refused(&run, "file-unreadable", "lying-sheet.xlsx", "", 2);

    // Shared strings claim 1 KB, really 4 GiB of tiny strings.
    let (raw, _) = deflate_repeat(
        b"<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
        b"<si><t>x</t></si>",
        (u32::MAX as u64 - 200) / 17 * 17,
        b"</sst>",
    );
    let p = put(
        d.path(),
        "lying-sst.xlsx",
        &bomb_workbook(small_sheet_xml(), Some((raw, 1024))),
    );
    let run = validate(&[&p]);
    assert_refused(&run, "file-unreadable", "lying-sst.xlsx", "", 2);

    // Shared strings claim 0 bytes (as streamed entries sometimes do).
    let (raw, _) = deflate_repeat(b"<sst><si><t>", b"y", 3 * GIB, b"</t></si></sst>");
    let p = put(
        d.path(),
        "zero-sst.xlsx",
        &bomb_workbook(small_sheet_xml(), Some((raw, 0))),
    );
    let run = validate(&[&p]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    run.one("file-unreadable", "zero-sst.xlsx");
}

// ---------------------------------------------------------------------------
// Not workbooks

#[test]
fn password_and_renamed_files_are_refused() {
    let run = validate(&[&fixture("workbooks/password.xlsx")]);
    assert_refused(&run, "file-unreadable", "password.xlsx", "密码", 2);
    let run = validate(&[&fixture("workbooks/docx-renamed.xlsx")]);
    assert_refused(&run, "file-unreadable", "docx-renamed.xlsx", "Word", 2);
    let run = validate(&[&fixture("workbooks/csv-renamed.xlsx")]);
    assert_refused(&run, "file-unreadable", "csv-renamed.xlsx", "CSV", 2);
    let run = validate(&[&fixture("workbooks/broken-zip.xlsx")]);
    assert_refused(&run, "file-unreadable", "broken-zip.xlsx", "损坏", 2);

    // A workbook given the name of a YAML file, and YAML named .xlsx.
    let d = tmp();
    let wb = std::fs::read(fixture("workbooks/merged-annex2.xlsx")).expect("fixture");
    let p = put(d.path(), "目录.yaml", &wb);
    let run = validate(&[&p]);
    assert_refused(&run, "file-unreadable", "目录.yaml", "UTF-8", 2);
    let p = put(d.path(), "目录.xlsx", &read_sample_yaml());
    let run = validate(&[&p]);
    assert_refused(&run, "file-unreadable", "目录.xlsx", "文本", 2);
}

#[test]
fn broken_ods_content_is_refused() {
    let d = tmp();
    let src = std::fs::read(fixture("workbooks/merged-annex2.ods")).expect("fixture");
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(src)).expect("ods is a zip");
    type Rewrite = fn(&[u8]) -> Vec<u8>;
    let variants: [(&str, Rewrite); 4] = [
        ("half", |b| b[..b.len() / 2].to_vec()),
        ("garbage", |_| b"\x00\x01not xml at all <<<".to_vec()),
        ("unclosed", |b| {
            let s = String::from_utf8_lossy(b);
            s.replace("</table:table>", "").into_bytes()
        }),
        ("huge-repeat", |b| {
            // Repeat counts that would expand to every cell of the sheet.
            let s = String::from_utf8_lossy(b);
            s.replacen("<table:table-row", "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"16000\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row", 1)
                .into_bytes()
        }),
    ];
    for (tag, f) in variants {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zin.len() {
            let mut e = zin.by_index(i).expect("entry");
            let name = e.name().expect("entry name").to_string();
            let mut data = Vec::new();
            e.read_to_end(&mut data).expect("read entry");
            let data = if name == "content.xml" {
                f(&data)
            } else {
                data
            };
            let opts = zip::write::SimpleFileOptions::default().compression_method(
                if name == "mimetype" {
                    zip::CompressionMethod::Stored
                } else {
                    zip::CompressionMethod::Deflated
                },
            );
            out.start_file(name, opts).expect("start entry");
            out.write_all(&data).expect("write entry");
        }
        let bytes = out.finish().expect("finish zip").into_inner();
        let shown = format!("broken-{tag}.ods");
        let p = put(d.path(), &shown, &bytes);
        let run = validate(&[&p]);
        assert_eq!(run.code, 2, "{shown}: {}", run.stdout);
        run.one("file-unreadable", &shown);
    }
}

// ---------------------------------------------------------------------------
// YAML

#[test]
fn yaml_alias_bomb_is_refused() {
    let d = tmp();
    let mut text = String::from(
        "试点单位: 区民政局\n试点领域: 社会救助\n目录类型: 标准化目录\nlol0: &a0 [\"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\"]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 10].join(", ");
        text.push_str(&format!("lol{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("政务事项: *a9\n");
    let p = put(d.path(), "laughs.yaml", text.as_bytes());
    let run = validate(&[&p]);
    let diag = run.one("yaml-limit", "laughs.yaml");
    assert!(
        diag["message"].as_str().unwrap_or("").contains("别名"),
        "{diag}"
    );
    assert!(
        diag["location"]["line"].as_u64().is_some(),
        "names its line: {diag}"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn deeply_nested_yaml_is_refused() {
    let d = tmp();
    let head = "试点单位: 区民政局\n目录类型: 标准化目录\n政务事项: ";
    let flow = format!("{head}{}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let block = format!("{head}\n{}x\n", "- ".repeat(10_000));
    let maps = format!("{head}{}1{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
    for (name, text) in [
        ("flow.yaml", flow),
        ("block.yaml", block),
        ("maps.yaml", maps),
    ] {
        let p = put(d.path(), name, text.as_bytes());
        let run = validate(&[&p]);
        let diag = run.one("yaml-limit", name);
        assert!(
            diag["message"].as_str().unwrap_or("").contains("嵌套"),
            "{diag}"
        );
        assert!(
            diag["location"]["line"].as_u64().is_some_and(|l| l >= 3),
            "{diag}"
        );
        assert_eq!(run.code, 1);
    }
}

#[test]
fn fifty_megabyte_yaml_is_read() {
    let d = tmp();
    let text = big_yaml(75_000);
    assert!(text.len() > 50_000_000, "{} bytes", text.len());
    let p = put(d.path(), "big.yaml", text.as_bytes());
    let run = validate(&[&p]);
    assert_eq!(run.summary("items"), 75_000, "{}", run.stderr);
    assert_eq!(run.summary("infos"), 150_000);
    assert_eq!(run.code, 0, "{}", &run.stdout[..run.stdout.len().min(2000)]);
}

#[test]
fn oversized_yaml_is_refused_before_reading() {
    let d = tmp();
    let p = d.path().join("huge.yaml");
    let f = std::fs::File::create(&p).expect("create");
    // Sparse: 65 MiB of zero bytes costs nothing on disk.
    f.set_len(gkml::limits::MAX_YAML_BYTES + MIB)
        .expect("grow file");
    drop(f);
    let run = validate(&[&p]);
    assert_refused(&run, "file-unreadable", "huge.yaml", "MB", 2);
}

/// README: 工作簿 200 MB. A genuine workbook (the sample's 附件2 fixture)
/// carrying a 201 MiB stored attachment is refused by its size, with the
/// limit in the message, and the file is left as it was.
#[test]
fn workbook_over_200_mb_is_refused() {
    use zip::write::SimpleFileOptions;
    let d = tmp();
    let p = d.path().join("大工作簿.xlsx");
    let src = std::fs::read(fixture("workbooks/merged-annex2.xlsx")).expect("fixture");
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(src)).expect("zip");
    let mut to = zip::ZipWriter::new(std::fs::File::create(&p).expect("create"));
    for i in 0..from.len() {
        let f = from.by_index_raw(i).expect("entry");
        to.raw_copy_file(f).expect("copy");
    }
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    to.start_file("xl/media/scan.bin", opts).expect("entry");
    let chunk = vec![0u8; MIB as usize];
    for _ in 0..201 {
        to.write_all(&chunk).expect("write");
    }
    to.finish().expect("finish");
    let size = std::fs::metadata(&p).expect("meta").len();
    assert!(size > gkml::limits::MAX_WORKBOOK_BYTES, "{size}");
    let run = validate(&[&p]);
    assert_refused(
        &run,
        "file-unreadable",
        "大工作簿.xlsx",
        "超过工作簿上限 200 MB",
        2,
    );
}

#[test]
fn yaml_with_tabs_is_diagnosed_at_the_tab() {
    let d = tmp();
    let text =
        "试点单位: 区民政局\n试点领域: 社会救助\n目录类型: 标准化目录\n政务事项:\n\t- 序号: 1\n";
    let p = put(d.path(), "tabs.yaml", text.as_bytes());
    let run = validate(&[&p]);
    let diag = run.one("yaml-syntax", "tabs.yaml");
    assert!(
        diag["message"].as_str().unwrap_or("").contains("制表符"),
        "{diag}"
    );
    assert_eq!(diag["location"]["line"].as_u64(), Some(5), "{diag}");
    assert_eq!(run.code, 1);

    // Tabs inside values are text, not indentation.
    let text = String::from_utf8(read_sample_yaml())
        .expect("utf-8")
        .replace("最低生活保障办事指南", "最低生活保障\t办事指南");
    let p = put(d.path(), "tab-in-value.yaml", text.as_bytes());
    let run = validate(&[&p]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn yaml_with_bom_is_read() {
    let d = tmp();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(read_sample_yaml());
    let p = put(d.path(), "bom.yaml", &bytes);
    let run = validate(&[&p]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.summary("catalogs"), 1);
    assert!(run.summary("items") > 0);
}

#[test]
fn gbk_yaml_says_save_as_utf8() {
    let d = tmp();
    // "试点单位: 区民政局" in GBK, on line 3.
    let mut bytes = b"# catalogue\n\n".to_vec();
    bytes.extend_from_slice(&[
        0xCA, 0xD4, 0xB5, 0xE3, 0xB5, 0xA5, 0xCE, 0xBB, b':', b' ', 0xC7, 0xF8, 0xC3, 0xF1, 0xD5,
        0xFE, 0xBE, 0xD6, b'\n',
    ]);
    let p = put(d.path(), "gbk.yaml", &bytes);
    let run = validate(&[&p]);
    assert_refused(&run, "file-unreadable", "gbk.yaml", "UTF-8", 2);
    let msg = run.one("file-unreadable", "gbk.yaml")["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(msg.contains("GBK") && msg.contains("第 3 行"), "{msg}");
}

#[test]
fn control_and_bidi_characters_in_yaml() {
    let d = tmp();
    let base = String::from_utf8(read_sample_yaml()).expect("utf-8");
    // Right-to-left override and zero-width characters inside a name: kept
    // readable, flagged where they are.
    let bidi = base.replace(
        "最低生活保障办事指南",
        "最低生活\u{202E}保障办事\u{200B}指南",
    );
    let p = put(d.path(), "bidi.yaml", bidi.as_bytes());
    let run = validate(&[&p]);
    assert!(run.code <= 1, "{}", run.stdout);
    assert_eq!(run.summary("catalogs"), 1);
    let invisible = run.with_code("text-invisible");
    assert_eq!(invisible.len(), 1, "{}", run.stdout);
    assert!(invisible[0]["location"]["line"].as_u64().is_some());

    // Raw control characters (the YAML spec forbids them; they come in by
    // copy and paste): read, dropped, and flagged at the place, not a crash.
    let ctrl = base.replace(
        "最低生活保障办事指南",
        "最低生活\u{7}保障\u{1b}[31m办事指南",
    );
    let p = put(d.path(), "ctrl.yaml", ctrl.as_bytes());
    let run = validate(&[&p]);
    assert!(run.code <= 1, "{}", run.stdout);
    assert_eq!(run.summary("catalogs"), 1);
    let invisible = run.with_code("text-invisible");
    assert_eq!(invisible.len(), 1, "{}", run.stdout);
    assert!(
        invisible[0]["location"]["line"]
            .as_u64()
            .is_some_and(|l| l > 1),
        "{}",
        run.stdout
    );

    // A NUL byte.
    let nul = base.replace("最低生活保障办事指南", "最低\u{0}指南");
    let p = put(d.path(), "nul.yaml", nul.as_bytes());
    let run = validate(&[&p]);
    assert_eq!(run.code, 1, "{}", run.stdout);
}

#[test]
fn long_yaml_value_is_kept_with_a_warning() {
    let d = tmp();
    let long = "很".repeat(100_000);
    let text = String::from_utf8(read_sample_yaml())
        .expect("utf-8")
        .replacen("最低生活保障办事指南", &long, 1);
    let p = put(d.path(), "long.yaml", text.as_bytes());
    let run = validate(&[&p]);
    let diag = run.one("text-too-long", "long.yaml");
    assert!(
        diag["message"].as_str().unwrap_or("").contains("100000"),
        "{diag}"
    );
    assert_eq!(run.code, 0, "a warning only");
}

// ---------------------------------------------------------------------------
// Cells

#[test]
fn control_and_bidi_characters_in_cells() {
    let d = tmp();
    let p = d.path().join("bidi.xlsx");
    annex2_workbook(&p, |ws| {
        ws.write_string(4, 5, "最低生活\u{202E}保障办事\u{200B}指南\u{7}")
            .expect("cell");
        ws.write_string(5, 5, "受理\u{1b}[31m通知书\u{0}")
            .expect("cell");
    });
    let run = validate(&[&p]);
    assert!(run.code <= 1, "{}", run.stdout);
    assert_eq!(run.summary("infos"), 2, "{}", run.stdout);
    // Invisible characters are removed from cells (they only confuse
    // matching); the cell that had them is named.
    let inv = run.with_code("text-invisible");
    assert!(
        inv.iter().any(|d| d["location"]["cell"] == "F5"),
        "{}",
        run.stdout
    );
}

#[test]
fn long_cell_is_kept_with_a_warning() {
    let d = tmp();
    // Excel itself stops at 32,767 characters; write the XML directly.
    let long = "很".repeat(100_000);
    let rows = annex2_rows_xml().replace("最低生活保障办事指南", &long);
    let xml = format!("{SHEET_HEAD}{rows}{SHEET_TAIL}");
    let mut entries = xlsx_skeleton(false);
    entries.push(Entry::stored("xl/worksheets/sheet1.xml", xml.as_bytes()));
    let p = put(d.path(), "long.xlsx", &zipgen::write(&entries));
    let run = validate(&[&p]);
    assert_eq!(run.summary("infos"), 2, "{}", run.stdout);
    let diag = run.one("text-too-long", "long.xlsx");
    assert_eq!(diag["location"]["cell"], "F5", "{diag}");
    assert_eq!(run.code, 0);
}

#[test]
fn ten_thousand_columns() {
    let d = tmp();
    // Data far to the right of the table is ignored.
    let p = d.path().join("wide.xlsx");
    annex2_workbook(&p, |ws| {
        for c in 12..10_012u16 {
            ws.write_string(4, c, "旁注").expect("cell");
        }
    });
    let run = validate(&[&p]);
    assert_eq!(run.summary("infos"), 2, "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stdout);

    // 10,000 header cells gkml does not know: one warning per column would
    // drown the report, so they are summarised.
    let p = d.path().join("wide-header.xlsx");
    annex2_workbook(&p, |ws| {
        for c in 12..10_012u16 {
            ws.write_string(2, c, format!("附加栏目{c}")).expect("cell");
        }
    });
    let run = validate(&[&p]);
    assert_eq!(run.summary("infos"), 2, "{}", run.stdout);
    let unknown = run.with_code("column-unknown");
    assert!(
        !unknown.is_empty() && unknown.len() <= 20,
        "{} column-unknown warnings",
        unknown.len()
    );
    assert!(run.code <= 1);
}

#[test]
fn million_blank_formatted_rows_are_skipped() {
    let d = tmp();
    let p = d.path().join("formatted.xlsx");
    let fill = Format::new()
        .set_background_color(rust_xlsxwriter::Color::RGB(0xFFFF99))
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    annex2_workbook(&p, |ws| {
        for r in 6..1_000_006u32 {
            ws.set_row_format(r, &fill).expect("row format");
        }
    });
    let run = validate(&[&p]);
    assert_eq!(run.summary("items"), 1, "{}", run.stdout);
    assert_eq!(run.summary("infos"), 2);
    assert_eq!(run.code, 0, "{}", run.stdout);

    // The same with every cell of those rows written blank-with-a-border, as
    // XML (rust_xlsxwriter would hold 12 million cells in memory).
    let mut xml = String::from(SHEET_HEAD);
    xml.push_str(&annex2_rows_xml());
    let (raw, size) = {
        let mut row = String::new();
        // One row pattern repeated; row numbers are omitted (allowed by the
        // format: a row without r follows the previous one).
        row.push_str("<row s=\"1\" customFormat=\"1\">");
        for c in 0..12 {
            row.push_str(&format!("<c s=\"{}\"/>", 1 + c % 2));
        }
        row.push_str("</row>");
        let tail = SHEET_TAIL.as_bytes();
        let rows = row.len() as u64 * 1_000_000;
        deflate_repeat(xml.as_bytes(), row.as_bytes(), rows, tail)
    };
    let ratio = size / raw.len() as u64;
    let mut entries = xlsx_skeleton(false);
    let mut e = Entry::bomb("xl/worksheets/sheet1.xml", raw, size as u32);
    e.crc = 0;
    entries.push(e);
    let bytes = zipgen::write(&entries);
    // The ratio stays under the zip bomb guard, so the sheet is read: the
    // million blank rows are skipped like the formatted ones above, and the
    // one item with its two pieces of information is all the user sees.
    // (The CRC is wrong, not computed over 150 MB here; the reader stops at
    // the end of the sheet's XML and does not check it.)
    assert!(ratio <= gkml::limits::MAX_ZIP_RATIO, "ratio {ratio}:1");
    let p = put(d.path(), "blank-cells.xlsx", &bytes);
    let run = validate(&[&p]);
    assert_eq!(run.summary("items"), 1, "{}", run.stdout);
    assert_eq!(run.summary("infos"), 2, "{}", run.stdout);
    assert!(run.diags().is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------------------
// Projects with an unreadable file

fn project_with(dir: &Path, extra: &[(&str, &[u8])]) {
    std::fs::copy(sample("gkml.yaml"), dir.join("gkml.yaml")).expect("copy project file");
    let unit = dir.join("区民政局");
    std::fs::create_dir_all(&unit).expect("mkdir");
    // A clean file with one planted mistake, so its findings are visible.
    let text = String::from_utf8(read_sample_yaml())
        .expect("utf-8")
        .replacen(
            "政府信息公开属性: 主动公开",
            "政府信息公开属性: 主动公示",
            1,
        );
    std::fs::write(unit.join("社会救助-标准化目录.yaml"), text).expect("write");
    for (name, bytes) in extra {
        put(dir, name, bytes);
    }
}

#[test]
fn unreadable_file_does_not_hide_other_findings() {
    let d = tmp();
    let gbk: &[u8] = &[
        0xC7, 0xF8, 0xC3, 0xF1, 0xD5, 0xFE, 0xBE, 0xD6, b':', b' ', b'1', b'\n',
    ];
    project_with(
        d.path(),
        &[
            ("区民政局/养老服务-标准化目录.yaml", gbk),
            ("区民政局/养老服务.xlsx", b"PK\x03\x04broken"),
        ],
    );
    let run = validate(&[d.path()]);
    assert_eq!(run.with_code("file-unreadable").len(), 2, "{}", run.stdout);
    // The readable file is still checked.
    let invalid = run.with_code("attr-invalid");
    assert_eq!(invalid.len(), 1, "{}", run.stdout);
    assert!(
        invalid[0]["file"]
            .as_str()
            .unwrap_or("")
            .ends_with("社会救助-标准化目录.yaml")
    );
    assert_eq!(run.summary("catalogs"), 1);
    assert_eq!(run.code, 1, "something was checked: exit 1, not 2");
}

#[test]
fn nothing_readable_exits_2() {
    let d = tmp();
    std::fs::copy(sample("gkml.yaml"), d.path().join("gkml.yaml")).expect("copy project file");
    put(d.path(), "区民政局/a.xlsx", b"");
    put(d.path(), "区民政局/b.yaml", &[0xFF, 0xFE, 0x00]);
    let run = validate(&[d.path()]);
    assert_eq!(run.with_code("file-unreadable").len(), 2, "{}", run.stdout);
    assert_eq!(run.code, 2, "no catalogue could be checked");
}

// ---------------------------------------------------------------------------
// Committed fixtures (tests/fixtures/hostile/README.md)

#[test]
fn committed_hostile_fixtures() {
    // (file, diagnostic code, words in its message, exit code)
    let table: [(&str, &str, &str, i32); 6] = [
        ("billion-laughs.yaml", "yaml-limit", "别名", 1),
        ("deep.yaml", "yaml-limit", "嵌套", 1),
        ("gbk.yaml", "file-unreadable", "GBK", 2),
        ("utf16.yaml", "file-unreadable", "UTF-16", 2),
        ("tabs.yaml", "yaml-syntax", "制表符", 1),
        ("bidi.yaml", "text-invisible", "U+202E", 0),
    ];
    for (file, code, words, exit) in table {
        let run = validate(&[&fixture(&format!("hostile/{file}"))]);
        assert_refused(&run, code, file, words, exit);
    }
    // Nested anchors are read without expanding anything; the user learns
    // that 政务事项 holds lists where items belong, at the place.
    let run = validate(&[&fixture("hostile/anchors-nested.yaml")]);
    let d = run.one("yaml-type", "anchors-nested.yaml");
    assert_eq!(d["location"]["line"], 4, "{}", run.stdout);
    let msg = d["message"].as_str().unwrap_or("");
    assert!(msg.contains("政务事项应为键值对"), "{msg}");
    assert_eq!(run.code, 1);
}

// ---------------------------------------------------------------------------
// Crashes found by fuzzing (fuzz/, tests/HOSTILE.md), kept as regressions

#[test]
fn fuzz_found_cfb_slice_panic() {
    // A mutated .xls whose sector chain points past the end: calamine's CFB
    // reader indexed out of bounds (panic). Now a damaged-file diagnostic.
    let run = validate(&[&fixture("hostile/fuzz-cfb-slice.xls")]);
    assert_refused(&run, "file-unreadable", "fuzz-cfb-slice.xls", "损坏", 2);
}
