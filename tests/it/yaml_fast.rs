//! The fast YAML path (`gkml::yaml::fast`) must give exactly the tree the
//! general parser gives, positions included, whenever it accepts a text, and
//! must refuse every text the general parser rejects. Checked on every YAML
//! file in the repository, on a generated project, on hand-written edge
//! cases and on thousands of mutations of them.

use std::path::{Path, PathBuf};

use gkml::yaml::{fast, tree};

use crate::common;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// Returns whether the fast path accepted the text.
fn same(text: &str, what: &str) -> bool {
    let general = tree::parse_general(text);
    match fast::parse(text) {
        None => false,
        Some(f) => {
            match general {
                Ok(Some(g)) => {
                    if f != g {
                        let (fs, gs) = (format!("{f:?}"), format!("{g:?}"));
                        let common = fs
                            .bytes()
                            .zip(gs.bytes())
                            .take_while(|(a, b)| a == b)
                            .count();
                        let from = fs[..common].rfind("Node").unwrap_or(0);
                        panic!(
                            "fast and general trees differ: {what}\n{text:?}\nfast:    …{}\ngeneral: …{}",
                            &fs[from..(common + 80).min(fs.len())],
                            &gs[from..(common + 80).min(gs.len())]
                        );
                    }
                }
                Ok(None) => panic!("fast path accepted an empty document: {what}\n{text}"),
                Err(e) => panic!(
                    "fast path accepted a text the general parser rejects ({}): {what}\n{text}",
                    e.message
                ),
            }
            true
        }
    }
}

/// One YAML text of the corpus.
struct Doc {
    name: String,
    text: String,
    /// A catalogue of the shape the fast path exists for (the sample's and
    /// the generated ones): falling back on it would be a regression.
    must_be_fast: bool,
}

fn corpus() -> Vec<Doc> {
    let root = common::root();
    let mut files = Vec::new();
    for d in ["catalogs", "examples", "tests", "schemas"] {
        yaml_files(&root.join(d), &mut files);
    }
    let catalogs = root.join("catalogs");
    let mut out: Vec<Doc> = files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            // The national 标准目录 writes its channel, object, method and
            // level sets as flow lists (`[政府网站, 两微一端]`), which the
            // fast path leaves to the full parser by design; it is still
            // compared whenever the fast path takes it.
            let national = text.contains("\n公开事项:");
            Some(Doc {
                name: p.display().to_string(),
                must_be_fast: p.starts_with(&catalogs) && !p.ends_with("gkml.yaml") && !national,
                text,
            })
        })
        .collect();
    // A generated project: every shape `gkml-gen` writes.
    let dir = tempfile::tempdir().unwrap();
    let gen_dir = dir.path().join("p");
    let status = common::Command::cargo_bin("gkml-gen")
        .unwrap()
        .args([
            "--units",
            "3",
            "--items-per-domain",
            "4",
            "--seed",
            "7",
            "-o",
        ])
        .arg(&gen_dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let mut generated = Vec::new();
    yaml_files(&gen_dir, &mut generated);
    assert!(!generated.is_empty());
    for p in generated {
        out.push(Doc {
            name: p.display().to_string(),
            text: std::fs::read_to_string(&p).unwrap(),
            must_be_fast: !p.ends_with("gkml.yaml"),
        });
    }
    out
}

#[test]
fn every_catalogue_in_the_repository_takes_the_fast_path_with_the_same_tree() {
    let mut accepted = 0;
    let corpus = corpus();
    let must = corpus.iter().filter(|d| d.must_be_fast).count();
    // 14 sample catalogues and the generated ones (3 units × their domains).
    assert!(must > 14, "only {must} catalogues must take the fast path");
    for d in &corpus {
        if same(&d.text, &d.name) {
            accepted += 1;
        } else {
            assert!(!d.must_be_fast, "fast path refused {}", d.name);
        }
    }
    assert!(accepted >= 20, "only {accepted} files took the fast path");
}

const CASES: &[&str] = &[
    "a: 1\nb:\n  - x: 中文  # c\n    y:\n  - z\nc:\n- q\nd: 'q'\ne: \"w\"\nf:\n",
    "# c\n\nk: v\n",
    "- a\n-\n- b: \n  c: d\n",
    "a:\n  b:\n    c: 1\n  d: 2\n",
    "a: x #c\n",
    "a: b\n\n",
    "a: ~",
    "a: # comment\n  b: 1\n",
    "a: # comment\nb: 1\n",
    "- # c\n  a: 1\n",
    "- a:\n  - x\n  b: 1\n- y\n",
    "- a:\n    x: 1\n  b: 2\n",
    "-   a: 1\n    b: 2\n",
    "a: b\n  c\n",
    "a: b: c\n",
    "a: b:\n",
    "a: http://x.y/z\n",
    "a: b#c\n",
    "a:b\n",
    "a : b\n",
    "a: 'it''s'\n",
    "a: \"x\\ty\"\n",
    "a: 'x' \n",
    "a: \"x\" # c\n",
    "a: -\n",
    "a: -1\n",
    "a: [1, 2]\n",
    "a: {b: 1}\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: |\n  text\n",
    "a: >\n  text\n",
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "  a: 1\nb: 2\n",
    "a:\n    b: 1\n  c: 2\n",
    "a:\n  - x\n   - y\n",
    "- - a\n",
    "- 'a': 1\n",
    "? a\n: b\n",
    "a: 1\r\nb: 2\r\n",
    "a: 1\r\nb: 2",
    "a: 1\nb: 2\r\n",
    "a: \r\n  - x\r\n",
    "a: 'q'\r\n",
    "- \r\n",
    "-\r\n- a\r\n",
    "a:\tb\n",
    "a: 全角　空格　\n",
    "　a: b\n",
    "a: 1\na: 2\n",
    "a\n",
    "- a\nb: 1\n",
    "a:\n- b\n- c\nd: e\n",
    "a:\n  - b\n  -\n  - c: \n",
    "政务事项:\n  - 序号: 1\n    办理环节:\n      - 政府信息:\n          - 名称: x\n",
    "a: x\n# trailing comment",
    "a: x\n   # indented comment\nb: y\n",
    "a: x # c: d\n",
    "a: 'x: y'\n",
    "a: \"x # y\"\n",
    "a: @x\n",
    "a: `x`\n",
    "a: %x\n",
    "a: ,x\n",
    "a: ]x\n",
    "a: x]\n",
    "a: x, y\n",
    "a: 'unclosed\n",
    "a: \"unclosed\n",
    "a: '多行\n  引号'\n",
    "a: x\n b: y\n",
    "- x\n - y\n",
    "a:\n  -\n    - x\n",
    "-\n",
    "a:",
    "a:\n",
    "#",
    "",
    "\n\n",
];

#[test]
fn crlf_files_take_the_fast_path_with_the_same_tree() {
    // Files saved on Windows end their lines with CRLF.
    for d in corpus().iter().filter(|d| d.must_be_fast) {
        let crlf = d.text.replace('\n', "\r\n");
        assert!(
            same(&crlf, &d.name),
            "fast path refused {} with CRLF",
            d.name
        );
    }
    assert!(same("a: 1\r\nb:\r\n  - x\r\n", "crlf"));
    assert!(!same("a: 1\rb: 2\n", "bare cr"));
    assert!(!same("a: x\ry\r\n", "cr in value"));
}

#[test]
fn edge_cases_agree() {
    let mut accepted = 0;
    for (i, t) in CASES.iter().enumerate() {
        if same(t, &format!("case {i}")) {
            accepted += 1;
        }
    }
    assert!(
        accepted >= 20,
        "only {accepted} edge cases took the fast path"
    );
}

/// A small deterministic generator (no dependency needed for this).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INSERTS: &[&str] = &[
    " ", "  ", "#", " #", " # c", ":", ": ", "- ", "-", "'", "\"", "''", "\\", "[", "]", "{", "}",
    ",", "&a ", "*b", "!", "|", ">", "?", "%", "@", "`", "~", "\t", "\r", "中", "　", "---", "...",
    "\u{2028}", "\u{85}", "\u{feff}", "x: y", ": x", "\n", "\n  ", "\n- ", "\n#",
];

fn mutate(text: &str, rng: &mut Lcg) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut lines: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    let edits = 1 + rng.below(3);
    for _ in 0..edits {
        let li = rng.below(lines.len());
        let line = lines[li].clone();
        let chars: Vec<char> = line.chars().collect();
        let at = rng.below(chars.len() + 1);
        let (head, tail): (String, String) =
            (chars[..at].iter().collect(), chars[at..].iter().collect());
        match rng.below(9) {
            0..=3 => {
                let ins = INSERTS[rng.below(INSERTS.len())];
                lines[li] = format!("{head}{ins}{tail}");
            }
            4 => {
                lines[li] = format!(
                    "{head}{}",
                    chars
                        .get(at + 1..)
                        .map_or(String::new(), |r| r.iter().collect())
                )
            }
            5 => lines[li] = format!(" {line}"),
            6 => {
                lines[li] = format!(
                    "{}{}",
                    " ".repeat(rng.below(8)),
                    line.trim_start_matches(' ')
                )
            }
            7 => {
                let dup = line.clone();
                lines.insert(li, dup);
            }
            _ => {
                if li + 1 < lines.len() {
                    let next = lines.remove(li + 1);
                    lines[li] = format!("{line} {}", next.trim_start());
                }
            }
        }
    }
    lines.join("\n")
}

#[test]
fn mutations_agree() {
    let corpus = corpus();
    let mut rng = Lcg(0x5eed_2017);
    let (mut tried, mut accepted) = (0usize, 0usize);
    let mut inputs: Vec<String> = CASES.iter().map(|s| s.to_string()).collect();
    // Keep the texts small so thousands of mutants stay quick.
    // Alias bombs (tests/hostile) are slow to expand and say nothing here.
    for d in corpus.iter().filter(|d| !d.text.contains('*')) {
        let head: String = d.text.lines().take(60).collect::<Vec<_>>().join("\n");
        inputs.push(head);
    }
    // GKML_FAST_MUTANTS=5000 for a longer search.
    let per_input: usize = std::env::var("GKML_FAST_MUTANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    for base in &inputs {
        for _ in 0..per_input {
            let m = mutate(base, &mut rng);
            tried += 1;
            if same(&m, "mutant") {
                accepted += 1;
            }
        }
    }
    eprintln!("{accepted} of {tried} mutants took the fast path");
    // Both outcomes must be well represented for the check to mean anything.
    assert!(
        accepted * 10 > tried,
        "{accepted} of {tried} mutants took the fast path"
    );
    assert!(
        accepted * 10 < tried * 9,
        "{accepted} of {tried} mutants took the fast path"
    );
}
