//! Fonts for the booklet: the embedded Noto CJK SC subsets always; fonts from
//! `--font-path` directories when given; system fonts only when the project
//! asks for a family that neither provides (so by default the booklet does
//! not depend on what is installed).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};

/// The embedded fonts: (file name, bytes). Subsets made by
/// `scripts/subset-fonts.py`; licence in `src/booklet/fonts/OFL.txt`.
pub const EMBEDDED: &[(&str, &[u8])] = &[
    (
        "NotoSerifCJKsc-Regular.otf",
        include_bytes!("fonts/NotoSerifCJKsc-Regular.otf"),
    ),
    (
        "NotoSerifCJKsc-Bold.otf",
        include_bytes!("fonts/NotoSerifCJKsc-Bold.otf"),
    ),
    (
        "NotoSansCJKsc-Regular.otf",
        include_bytes!("fonts/NotoSansCJKsc-Regular.otf"),
    ),
    (
        "NotoSansCJKsc-Bold.otf",
        include_bytes!("fonts/NotoSansCJKsc-Bold.otf"),
    ),
];

/// Files that travel with the embedded fonts (`--emit-typst`).
pub const EMBEDDED_EXTRA: &[(&str, &[u8])] = &[
    ("OFL.txt", include_bytes!("fonts/OFL.txt")),
    ("README.md", include_bytes!("fonts/README.md")),
];

/// Directories searched for system fonts.
pub fn system_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
        PathBuf::from("/Library/Fonts"),
        PathBuf::from("/System/Library/Fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(windir) = std::env::var_os("WINDIR") {
        dirs.push(PathBuf::from(windir).join("Fonts"));
    }
    dirs
}

/// Largest font file considered (bytes); larger files are skipped.
const MAX_FONT_FILE: u64 = 256 * 1024 * 1024;

/// A font that is loaded on first use.
pub struct Slot {
    /// Where it comes from (for messages).
    pub source: FontSource,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// The origin of a font.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FontSource {
    Embedded(&'static str),
    File(PathBuf),
}

impl Slot {
    /// The font, loading it if needed.
    pub fn get(&self) -> Option<Font> {
        self.font
            .get_or_init(|| match &self.source {
                FontSource::Embedded(name) => EMBEDDED
                    .iter()
                    .find(|(n, _)| n == name)
                    .and_then(|(_, b)| Font::new(Bytes::new(*b), self.index)),
                FontSource::File(p) => {
                    let data = std::fs::read(p).ok()?;
                    Font::new(Bytes::new(data), self.index)
                }
            })
            .clone()
    }
}

/// The fonts a booklet may use.
pub struct Fonts {
    pub book: FontBook,
    pub slots: Vec<Slot>,
    /// Whether system fonts were searched.
    pub searched_system: bool,
    /// Requested families found nowhere.
    pub missing_families: Vec<String>,
}

/// Every font file below the directories (sorted, so the font order, and
/// with it typst's choice among equal fonts, is stable).
fn font_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in dirs {
        let mut stack = vec![dir.clone()];
        let mut seen = 0usize;
        while let Some(d) = stack.pop() {
            seen += 1;
            if seen > 10_000 {
                break;
            }
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.filter_map(Result::ok) {
                let p = e.path();
                let Ok(ft) = e.file_type() else { continue };
                if ft.is_dir() {
                    stack.push(p);
                } else if is_font_file(&p) {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn is_font_file(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("ttf" | "otf" | "ttc" | "otc")
    )
}

impl Fonts {
    /// The embedded fonts only.
    pub fn embedded() -> Fonts {
        let mut fonts = Fonts {
            book: FontBook::new(),
            slots: Vec::new(),
            searched_system: false,
            missing_families: Vec::new(),
        };
        for &(name, bytes) in EMBEDDED {
            for (index, info) in FontInfo::iter(bytes).enumerate() {
                fonts.push(info, FontSource::Embedded(name), index as u32);
            }
        }
        fonts
    }

    fn push(&mut self, info: FontInfo, source: FontSource, index: u32) {
        self.book.push(info);
        self.slots.push(Slot {
            source,
            index,
            font: OnceLock::new(),
        });
    }

    /// Adds every font found below `dirs`.
    fn add_dirs(&mut self, dirs: &[PathBuf]) {
        for p in font_files(dirs) {
            if std::fs::metadata(&p).map(|m| m.len()).unwrap_or(u64::MAX) > MAX_FONT_FILE {
                continue;
            }
            let Ok(data) = std::fs::read(&p) else {
                continue;
            };
            for (index, info) in FontInfo::iter(&data).enumerate() {
                self.push(info, FontSource::File(p.clone()), index as u32);
            }
        }
    }

    fn has_family(&self, family: &str) -> bool {
        self.book.contains_family(&family.to_lowercase())
    }

    /// The fonts for a booklet that asks for `families`: the embedded ones,
    /// those in `font_paths`, and the system's when a family is still
    /// missing.
    pub fn load(families: &[String], font_paths: &[PathBuf]) -> Fonts {
        let mut fonts = Fonts::embedded();
        if !font_paths.is_empty() {
            fonts.add_dirs(font_paths);
        }
        if families.iter().any(|f| !fonts.has_family(f)) {
            fonts.add_dirs(&system_dirs());
            fonts.searched_system = true;
        }
        fonts.missing_families = families
            .iter()
            .filter(|f| !fonts.has_family(f))
            .cloned()
            .collect();
        fonts
    }

    /// True when some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        (0..self.slots.len())
            .filter_map(|i| self.book.info(i))
            .any(|info| info.coverage.contains(c as u32))
    }

    /// Names of the font families available, sorted.
    pub fn families(&self) -> Vec<String> {
        self.book.families().map(|(f, _)| f.to_string()).collect()
    }
}
