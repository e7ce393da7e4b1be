//! `gkml serve`: a liaison opens the office's self-check page, uploads a
//! workbook and sees the same findings `gkml validate` gives; the service
//! survives oversized and hostile uploads and keeps nothing on disk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::root;

fn workbooks() -> PathBuf {
    root().join("tests/fixtures/workbooks")
}

const ACCEPTED: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "yaml", "yml"];

/// A running `gkml serve` on a port the system picked, with its own empty
/// temporary directory (TMPDIR) so the test can see nothing was written.
struct Server {
    child: Child,
    addr: String,
    tmp: tempfile::TempDir,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_gkml-test"))
            .current_dir(root())
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .args(extra)
            .env("TMPDIR", tmp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut addr = None;
        let mut seen = String::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            seen.push_str(&line);
            seen.push('\n');
            if let Some(rest) = line.split("http://").nth(1) {
                addr = Some(rest.split('/').next().unwrap().to_string());
                break;
            }
        }
        let addr = addr.unwrap_or_else(|| panic!("gkml serve did not start:\n{seen}"));
        let log = Arc::new(Mutex::new(seen));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        Server {
            child,
            addr,
            tmp,
            log,
        }
    }

    fn get(&self, path: &str) -> Reply {
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        send(&self.addr, req.as_bytes(), &[])
    }

    /// Uploads `bytes` as the multipart field `file` named `name`.
    fn upload(&self, path: &str, name: &str, bytes: &[u8]) -> Reply {
        let (head, body) = multipart(&self.addr, path, &[("file", Some(name), bytes)]);
        send(&self.addr, &head, &body)
    }

    fn check(&self, name: &str, bytes: &[u8]) -> Reply {
        self.upload("/api/check", name, bytes)
    }

    /// Peak resident memory of the server (VmHWM), in KiB.
    fn peak_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap()
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn assert_healthy(&self) {
        let r = self.get("/healthz");
        assert_eq!(r.status, 200, "healthz after the previous request");
        assert_eq!(r.text(), "ok\n");
    }

    /// Files the server left in its temporary directory.
    fn leftovers(&self) -> Vec<PathBuf> {
        walk(self.tmp.path())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

/// An HTTP answer.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

fn multipart(addr: &str, path: &str, fields: &[(&str, Option<&str>, &[u8])]) -> (Vec<u8>, Vec<u8>) {
    let boundary = "gkml-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, file, bytes) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    (head.into_bytes(), body)
}

fn send(addr: &str, head: &[u8], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(head).unwrap();
    s.write_all(body).unwrap();
    read_reply(&mut s)
}

fn read_reply(s: &mut TcpStream) -> Reply {
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse_reply(&raw)
}

fn parse_reply(raw: &[u8]) -> Reply {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let nl = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let n = usize::from_str_radix(std::str::from_utf8(&rest[..nl]).unwrap().trim(), 16)
                .unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + n]);
            rest = &rest[nl + 2 + n + 2..];
        }
        body = out;
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// `gkml validate --format json NAME` run next to the file, so that the
/// report names it as the upload does; (exit code, report).
fn validate_json(dir: &Path, name: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gkml-test"))
        .current_dir(dir)
        .args(["validate", "--format", "json", name])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn accepted(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ACCEPTED.contains(&e))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| accepted(p))
        .collect();
    v.sort();
    v
}

fn name_of(p: &Path) -> String {
    p.file_name().unwrap().to_str().unwrap().to_string()
}

#[test]
fn api_check_answers_what_validate_says_for_every_fixture_workbook() {
    let server = Server::start(&[]);
    let mut dirs = vec![workbooks(), root().join("tests/fixtures/hostile")];
    dirs.push(root().join("catalogs/hongkou-2017/区民政局"));
    let mut checked = 0;
    for dir in dirs {
        for file in files_in(&dir) {
            let name = name_of(&file);
            let (code, expected) = validate_json(&dir, &name);
            let reply = server.check(&name, &std::fs::read(&file).unwrap());
            assert_eq!(
                reply.text(),
                expected,
                "{name}: /api/check differs from gkml validate --format json"
            );
            // Nothing could be checked (exit 2) → 422; else 200.
            let status = if code == 2 { 422 } else { 200 };
            assert_eq!(reply.status, status, "{name}: status for exit code {code}");
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} files compared");
    // The planted mistakes are all reported at their cells.
    let planted = server.check(
        "planted-mistakes-annex2.xlsx",
        &std::fs::read(workbooks().join("planted-mistakes-annex2.xlsx")).unwrap(),
    );
    let report: serde_json::Value = serde_json::from_slice(&planted.body).unwrap();
    let mut found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["location"]["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    found.dedup();
    let want = [
        ("attr-mark-invalid", "G11"),
        ("attr-missing", "G7"),
        ("attr-multiple", "H12"),
        ("cell-error", "L25"),
        ("field-missing", "D15"),
        ("reason-missing", "K6"),
        ("reason-stray", "K14"),
        ("seq-duplicate", "A20"),
        ("time-unparsed", "L17"),
        ("vocab-unknown", "B20"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    assert_eq!(found, want, "the planted mistakes at their cells");
    assert!(server.leftovers().is_empty());
}

#[test]
fn api_annotate_answers_the_workbook_validate_annotate_writes() {
    let server = Server::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let name = "planted-mistakes-annex2.xlsx";
    std::fs::copy(workbooks().join(name), dir.path().join(name)).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_gkml-test"))
        .current_dir(dir.path())
        .args(["validate", "--annotate", "批注.xlsx", name])
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
    let expected = std::fs::read(dir.path().join("批注.xlsx")).unwrap();
    let reply = server.upload(
        "/api/annotate",
        name,
        &std::fs::read(workbooks().join(name)).unwrap(),
    );
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert!(
        reply
            .header("content-disposition")
            .unwrap()
            .contains("filename*=UTF-8''planted-mistakes-annex2-%E6%89%B9%E6%B3%A8.xlsx")
    );
    assert!(
        reply.body == expected,
        "annotated workbook differs from gkml validate --annotate"
    );
    // A file with no catalogue in it cannot be annotated: a Chinese reason.
    let none = server.upload("/api/annotate", "empty.xlsx", b"");
    assert_eq!(none.status, 422);
    assert!(
        none.text().contains("无法生成批注工作簿"),
        "{}",
        none.text()
    );
}

#[test]
fn the_pages_offer_templates_rules_and_a_result_table() {
    let server = Server::start(&[]);
    let index = server.get("/");
    assert_eq!(index.status, 200);
    let html = index.text();
    for needle in [
        "<form class=\"upload\" id=\"upload\" action=\"/check\" method=\"post\" enctype=\"multipart/form-data\">",
        "name=\"file\" type=\"file\"",
        "href=\"/template/annex2\"",
        "href=\"/template/annex3\"",
        "href=\"/rules\"",
    ] {
        assert!(html.contains(needle), "index page lacks {needle}");
    }
    assert!(
        !html.contains("<script>") && !html.contains("style="),
        "no inline script or style"
    );
    // Every blank template is the one `gkml template` writes.
    let dir = tempfile::tempdir().unwrap();
    for (slug, kind) in [("annex2", "附件2"), ("annex3", "附件3")] {
        let out = dir.path().join(format!("{slug}.xlsx"));
        let st = Command::new(env!("CARGO_BIN_EXE_gkml-test"))
            .args(["template", "--kind", kind, "-o"])
            .arg(&out)
            .status()
            .unwrap();
        assert!(st.success());
        let reply = server.get(&format!("/template/{slug}"));
        assert_eq!(reply.status, 200);
        assert!(
            reply.body == std::fs::read(&out).unwrap(),
            "{kind} template differs"
        );
    }
    let rules = server.get("/rules").text();
    for code in ["file-unreadable", "attr-missing", "registry-unknown"] {
        assert!(
            rules.contains(&format!("id=\"{code}\"")),
            "rule page lacks {code}"
        );
    }
    // The form's result page: counts, then each finding at its cell.
    let name = "planted-mistakes-annex2.xlsx";
    let (_, json) = validate_json(&workbooks(), name);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let page = server.upload(
        "/check",
        name,
        &std::fs::read(workbooks().join(name)).unwrap(),
    );
    assert_eq!(page.status, 200);
    let page = page.text();
    assert!(page.contains("<th scope=\"col\">位置</th><th scope=\"col\">规则代码</th><th scope=\"col\">说明</th><th scope=\"col\">怎么改</th>"));
    for d in report["diagnostics"].as_array().unwrap() {
        let place = format!(
            "{}!{}",
            d["location"]["sheet"].as_str().unwrap(),
            d["location"]["cell"].as_str().unwrap()
        );
        let code = d["code"].as_str().unwrap();
        assert!(
            page.contains(&format!("data-label=\"位置\">{place}</td>")),
            "result page lacks {place}"
        );
        assert!(
            page.contains(&format!(">{code}</a>")),
            "result page lacks {code}"
        );
    }
    assert!(page.contains("action=\"/annotate\""), "download form");
    // Unknown paths: a Chinese 404 page, with the headers too.
    let missing = server.get("/../../etc/passwd");
    assert_eq!(missing.status, 404);
}

#[test]
fn every_answer_has_the_security_headers_and_a_log_line() {
    let server = Server::start(&[]);
    let answers = [
        server.get("/"),
        server.get("/healthz"),
        server.get("/static/style.css"),
        server.get("/nothing-here"),
        server.check("bad.pdf", b"%PDF-1.4"),
        server.check(
            "tabs.yaml",
            &std::fs::read(root().join("tests/fixtures/hostile/tabs.yaml")).unwrap(),
        ),
    ];
    for a in &answers {
        assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
        assert!(
            a.header("content-security-policy")
                .is_some_and(|v| v.starts_with("default-src 'self'")),
            "CSP on a {} answer",
            a.status
        );
    }
    assert_eq!(answers[4].status, 415);
    assert!(answers[4].text().contains("只能检查"));
    std::thread::sleep(Duration::from_millis(200));
    let log = server.log();
    for line in [
        "GET / 200 ",
        "GET /healthz 200 3 ",
        "GET /nothing-here 404 ",
        "POST /api/check 415 ",
        "POST /api/check 200 ",
    ] {
        assert!(log.contains(line), "log lacks “{line}”:\n{log}");
    }
    assert!(
        !log.contains("政务事项"),
        "the log must not contain file contents:\n{log}"
    );
}

#[test]
fn a_60_mib_upload_is_refused_with_413_while_streaming() {
    let server = Server::start(&[]);
    let big = vec![b'x'; 60 << 20];
    // Declared size over the limit: refused before the body is read (a
    // client that asks with Expect: 100-continue never sends it).
    let (head, _) = multipart(
        &server.addr,
        "/api/check",
        &[("file", Some("big.xlsx"), &big)],
    );
    let head = String::from_utf8(head)
        .unwrap()
        .replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n");
    let reply = send(&server.addr, head.as_bytes(), &[]);
    assert_eq!(reply.status, 413);
    assert!(
        reply.text().contains("文件超过上传上限 20 MiB"),
        "{}",
        reply.text()
    );
    // No declared size (chunked): the limit is enforced while reading.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let boundary = "b0undary";
    write!(
        s,
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut reader = s.try_clone().unwrap();
    let got = std::thread::spawn(move || read_reply(&mut reader));
    let mut first = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n\r\n").into_bytes();
    first.extend_from_slice(&big[..1 << 20]);
    let mut chunks = vec![first];
    chunks.extend(big.chunks(1 << 20).skip(1).map(<[u8]>::to_vec));
    for c in chunks {
        if write!(s, "{:x}\r\n", c.len()).is_err()
            || s.write_all(&c).is_err()
            || s.write_all(b"\r\n").is_err()
        {
            break; // the server stopped reading: expected
        }
    }
    let reply = got.join().unwrap();
    assert_eq!(reply.status, 413);
    assert!(reply.text().contains("上传上限"));
    let peak = server.peak_kib();
    println!(
        "serve: peak memory after the 60 MiB uploads: {} MiB",
        peak / 1024
    );
    server.assert_healthy();
    assert!(server.leftovers().is_empty());
}

#[test]
fn hostile_files_get_an_answer_and_the_service_stays_up() {
    let server = Server::start(&[]);
    let mut files = files_in(&root().join("tests/fixtures/hostile"));
    for broken in [
        "zip-bomb.xlsx",
        "password.xlsx",
        "broken-zip.xlsx",
        "docx-renamed.xlsx",
        "empty.xlsx",
    ] {
        files.push(workbooks().join(broken));
    }
    for file in files {
        let name = name_of(&file);
        for path in ["/api/check", "/check", "/api/annotate"] {
            let reply = server.upload(path, &name, &std::fs::read(&file).unwrap());
            let ok_report = reply.status == 200
                && (path != "/api/check" || reply.text().contains("\"version\": 1"));
            assert!(
                ok_report || (400..500).contains(&reply.status),
                "{name} on {path}: status {}",
                reply.status
            );
            server.assert_healthy();
        }
    }
    // A file name is only a label: directories are dropped, never opened.
    let r = server.check(
        "../../../etc/gbk.yaml",
        &std::fs::read(root().join("tests/fixtures/hostile/gbk.yaml")).unwrap(),
    );
    let report: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(report["diagnostics"][0]["file"], "gbk.yaml");
    assert!(server.leftovers().is_empty());
}

#[test]
fn with_a_project_uploads_are_checked_against_its_registry() {
    let server = Server::start(&["catalogs/hongkou-2017"]);
    let dir = root().join("catalogs/hongkou-2017/区民政局");
    let name = "养老服务-标准化目录.yaml";
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    // The project's own file: what `gkml validate` says about it in the project.
    let out = Command::new(env!("CARGO_BIN_EXE_gkml-test"))
        .current_dir(root())
        .args(["validate", "--format", "json", "catalogs/hongkou-2017"])
        .output()
        .unwrap();
    let whole: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let in_file: Vec<&serde_json::Value> = whole["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with(name))
        .collect();
    let reply: serde_json::Value =
        serde_json::from_slice(&server.check(name, text.as_bytes()).body).unwrap();
    assert_eq!(
        reply["diagnostics"].as_array().unwrap().len(),
        in_file.len()
    );
    // A unit that is not in 附件1: registry-unknown, a cross-file rule.
    let renamed = text.replace("试点单位: 区民政局", "试点单位: 区民证局");
    assert_ne!(renamed, text);
    let reply: serde_json::Value =
        serde_json::from_slice(&server.check(name, renamed.as_bytes()).body).unwrap();
    let codes: Vec<&str> = reply["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"registry-unknown"), "{codes:?}");
    assert!(
        reply["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["file"] == name),
        "only findings in the upload"
    );
}

#[test]
fn load_of_200_uploads_16_at_a_time_all_answered_right() {
    let server = Arc::new(Server::start(&[]));
    let clean = "merged-annex2.xlsx";
    let faulty = "planted-mistakes-annex2.xlsx";
    let cases: Vec<(String, Vec<u8>, String)> = [clean, faulty]
        .iter()
        .map(|n| {
            let (_, expected) = validate_json(&workbooks(), n);
            (
                n.to_string(),
                std::fs::read(workbooks().join(n)).unwrap(),
                expected,
            )
        })
        .collect();
    let cases = Arc::new(cases);
    let next = Arc::new(Mutex::new(0usize));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let (server, cases, next, latencies) = (
                Arc::clone(&server),
                Arc::clone(&cases),
                Arc::clone(&next),
                Arc::clone(&latencies),
            );
            std::thread::spawn(move || {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap();
                        if *n >= 200 {
                            return;
                        }
                        *n += 1;
                        *n - 1
                    };
                    let (name, bytes, expected) = &cases[i % 2];
                    let start = Instant::now();
                    let reply = server.check(name, bytes);
                    let took = start.elapsed();
                    assert_eq!(reply.status, 200, "request {i}");
                    assert_eq!(&reply.text(), expected, "request {i} ({name})");
                    latencies.lock().unwrap().push(took);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let mut l = latencies.lock().unwrap().clone();
    assert_eq!(l.len(), 200);
    l.sort();
    let pct = |p: usize| l[(l.len() * p / 100).min(l.len() - 1)];
    println!(
        "serve load: 200 requests, 16 at a time: p50 {:?}, p95 {:?}, max {:?}; peak memory (VmHWM) {} MiB",
        pct(50),
        pct(95),
        l[l.len() - 1],
        server.peak_kib() / 1024
    );
    server.assert_healthy();
    assert!(
        server.leftovers().is_empty(),
        "upload left on disk: {:?}",
        server.leftovers()
    );
}

#[test]
fn the_form_works_in_headless_chromium() {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "node is missing: install the Debian package nodejs"
    );
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "/usr/bin/chromium is missing: install the Debian package chromium"
    );
    assert!(
        root()
            .join("tests/browser/node_modules/playwright-core")
            .exists(),
        "playwright-core is missing: run npm ci --prefix tests/browser (Debian package npm)"
    );
    let server = Server::start(&[]);
    let shots = tempfile::tempdir().unwrap();
    let shots_dir = std::env::var_os("GKML_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| shots.path().to_path_buf());
    let name = "planted-mistakes-annex2.xlsx";
    let (_, json) = validate_json(&workbooks(), name);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let cells: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}!{}",
                d["location"]["sheet"].as_str().unwrap(),
                d["location"]["cell"].as_str().unwrap()
            )
        })
        .collect();
    assert!(cells.len() >= 10);
    let out = Command::new("node")
        .arg(root().join("tests/browser/serve.mjs"))
        .arg(format!("http://{}/", server.addr))
        .arg(workbooks().join(name))
        .arg(&shots_dir)
        .arg(serde_json::to_string(&cells).unwrap())
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser check failed:\n{said}");
    print!("{said}");
    assert!(server.leftovers().is_empty());
}
