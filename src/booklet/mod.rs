//! The printed booklet: the compiled catalogue typeset by typst, embedded as
//! a library, into a PDF.
//!
//! The template (`booklet.typ`, or `--template FILE`) reads the catalogue as
//! JSON data from `/data.json`; catalogue text is never spliced into markup,
//! so no catalogue text can change the document. See [`world`] for what the
//! template can read.

pub mod fonts;
mod glyphs;
mod report;
pub mod world;

use std::path::PathBuf;

use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::atomic::Output;
use crate::compiled::Compiled;
pub use glyphs::MissingGlyph;
use world::{BookletWorld, TEMPLATE_PATH};

/// The built-in template.
pub const TEMPLATE: &str = include_str!("booklet.typ");

/// The built-in template for national-2019 projects (国办发〔2019〕54号).
pub const NATIONAL_TEMPLATE: &str = include_str!("national.typ");

/// Largest template file accepted (bytes).
const MAX_TEMPLATE: u64 = 8 * 1024 * 1024;

/// PDF standards gkml offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standard {
    /// PDF/A-2b，用于长期归档
    A2b,
}

/// How to build a booklet.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The project directory: the only place the template may read from.
    pub root: Option<PathBuf>,
    /// A template replacing the built-in one.
    pub template: Option<PathBuf>,
    /// Extra font directories (`--font-path`).
    pub font_paths: Vec<PathBuf>,
    pub standard: Option<Standard>,
    /// A tagged PDF (structure for screen readers; `--no-pdf-tags` drops it).
    pub tagged: bool,
    /// The document date (编制日期, or from `SOURCE_DATE_EPOCH`).
    pub date: Option<(i32, u8, u8)>,
}

/// A typeset booklet.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Warnings in Chinese (typst's and missing glyphs).
    pub warnings: Vec<String>,
}

/// Why a booklet could not be made (Chinese, may span lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookletError(pub String);

impl std::fmt::Display for BookletError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BookletError {}

/// The template: its text, its virtual path and how to name it in messages.
pub struct Template {
    pub text: String,
    pub vpath: String,
    pub shown: String,
}

impl Template {
    /// The built-in template (the national one when `national`) or the
    /// one in `opts.template`.
    pub fn load(opts: &Options, national: bool) -> Result<Template, BookletError> {
        let Some(path) = &opts.template else {
            let (text, shown) = if national {
                (NATIONAL_TEMPLATE, "内置模板 national.typ")
            } else {
                (TEMPLATE, "内置模板 booklet.typ")
            };
            return Ok(Template {
                text: text.to_string(),
                vpath: TEMPLATE_PATH.to_string(),
                shown: shown.to_string(),
            });
        };
        let shown = crate::source::display_path(path);
        let meta = std::fs::metadata(path).map_err(|e| {
            BookletError(format!(
                "无法读取模板 {shown}：{}",
                crate::input::io_reason(&e)
            ))
        })?;
        if meta.len() > MAX_TEMPLATE {
            return Err(BookletError(format!(
                "模板 {shown} 有 {} MB，超过上限 {} MB",
                meta.len() / 1024 / 1024,
                MAX_TEMPLATE / 1024 / 1024
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            BookletError(format!(
                "无法读取模板 {shown}：{}",
                crate::input::io_reason(&e)
            ))
        })?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| BookletError(format!("模板 {shown} 不是 UTF-8 编码")))?;
        // A template inside the project keeps its place there, so its
        // relative imports resolve next to it.
        let vpath = opts
            .root
            .as_ref()
            .and_then(|r| r.canonicalize().ok())
            .zip(path.canonicalize().ok())
            .and_then(|(root, p)| {
                let rel = p.strip_prefix(&root).ok()?;
                let s = rel.to_str()?.replace('\\', "/");
                Some(format!("/{s}"))
            })
            .filter(|v| v != world::DATA_PATH)
            .unwrap_or_else(|| TEMPLATE_PATH.to_string());
        Ok(Template { text, vpath, shown })
    }
}

/// Families the booklet asks for.
fn families(data: &Compiled) -> Vec<String> {
    let mut f: Vec<String> = data.fonts.body.clone();
    for h in &data.fonts.heading {
        if !f.contains(h) {
            f.push(h.clone());
        }
    }
    f
}

/// The data as the template reads it (and as `catalog.json` is written).
pub fn data_json(data: &Compiled) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(data).unwrap_or_default();
    v.push(b'\n');
    v
}

/// The date as a typst datetime at midnight.
fn datetime(date: (i32, u8, u8)) -> Option<Datetime> {
    Datetime::from_ymd_hms(date.0, date.1, date.2, 0, 0, 0)
}

/// The date `SOURCE_DATE_EPOCH` names (UTC), if it is set and valid.
pub fn source_date_epoch() -> Option<(i32, u8, u8)> {
    let s = std::env::var("SOURCE_DATE_EPOCH").ok()?;
    let secs: i64 = s.trim().parse().ok()?;
    Some(civil_from_days(secs.div_euclid(86_400)))
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's
/// algorithm).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        y.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
        m as u8,
        d as u8,
    )
}

/// Checks the data's characters against the fonts the booklet will use.
pub fn missing_glyphs(data: &Compiled, fonts: &fonts::Fonts) -> Vec<MissingGlyph> {
    glyphs::check(data, fonts)
}

/// The columns of the 附件2/附件3 tables as the template prints them
/// (`/columns.json`), from the format description: per kind
/// (`standard`, `operational`) the printed columns in order, each with
/// `id` (the column's name in the template), `key` and `level` (where its
/// value is in `/data.json`), `header` (its lines), `width` (`fr` or `em`),
/// `ticks` (a group of one narrow column per attribute) and `centered`;
/// and `attributes`, the tick columns' labels and header lines.
pub fn columns_json() -> Vec<u8> {
    use crate::format::hongkou::{Field, HONGKOU_2017};
    use crate::format::{ValueKind, Width};
    use crate::model::{Attr, Kind};
    use serde_json::{Value, json};
    let mut out = serde_json::Map::new();
    for (name, kind) in [
        ("standard", Kind::Standard),
        ("operational", Kind::Operational),
    ] {
        let mut cols = Vec::new();
        for c in HONGKOU_2017.columns {
            let Some(print) = c.in_kind(kind.index()).and_then(|k| k.print) else {
                continue;
            };
            let id = match c.field {
                Field::Step => "step",
                Field::InfoName => "info",
                f => crate::compiled::json_key(f),
            };
            let level = ["item", "step", "info"]
                .get(c.level)
                .copied()
                .unwrap_or("info");
            let width = match print.width {
                Width::Fr(x) => json!({ "fr": x }),
                Width::Em(x) => json!({ "em": x }),
            };
            cols.push(json!({
                "id": id,
                "key": crate::compiled::json_key(c.field),
                "level": level,
                "header": print.header,
                "width": width,
                "ticks": matches!(c.value, ValueKind::Choice(_)),
                "centered": print.centered,
            }));
        }
        out.insert(name.into(), Value::Array(cols));
    }
    let attrs: Vec<Value> = Attr::ALL
        .iter()
        .map(|a| {
            json!({
                "label": a.label(),
                "header": a.option().sheet_header.split('\n').collect::<Vec<_>>(),
            })
        })
        .collect();
    out.insert("attributes".into(), Value::Array(attrs));
    out.insert("attribute-group".into(), Field::Attr.header().into());
    serde_json::to_vec_pretty(&Value::Object(out)).unwrap_or_default()
}

/// `/columns.json` for `data`: the national table's words for a national
/// project, the 附件2/附件3 columns otherwise.
pub fn columns_for(data: &Compiled) -> Vec<u8> {
    if data.nationals.is_some() {
        crate::national::compile::columns_json()
    } else {
        columns_json()
    }
}

/// Typesets the booklet. `json` is [`data_json`] of `data` (the caller
/// writes the same bytes as `catalog.json`, so they are serialised once).
pub fn render(data: &Compiled, json: Vec<u8>, opts: &Options) -> Result<Rendered, BookletError> {
    let template = Template::load(opts, data.nationals.is_some())?;
    let fonts = fonts::Fonts::load(&families(data), &opts.font_paths);
    let mut warnings = Vec::new();
    for f in &fonts.missing_families {
        warnings.push(format!(
            "找不到字体“{f}”（内置字体、--font-path 和系统字体目录中都没有），改用其他可用字体排版；\
             可用 --font-path 指明字体文件所在目录"
        ));
    }
    let world = BookletWorld::new(
        &template.vpath,
        template.text.clone(),
        json,
        columns_for(data),
        fonts,
        opts.root.as_deref(),
        opts.date,
    )
    .map_err(BookletError)?;
    // The characters are checked against the fonts on a second thread while
    // typst evaluates the template, which it does on one thread.
    let (missing, compiled) = std::thread::scope(|s| {
        let missing = s.spawn(|| glyphs::check(data, world.fonts()));
        let compiled = typst::compile(&world);
        (missing.join(), compiled)
    });
    match missing {
        Ok(m) => warnings.extend(m.iter().map(ToString::to_string)),
        Err(_) => warnings.push("检查字体缺字时出现内部错误，未能检查".to_string()),
    }
    for w in &compiled.warnings {
        if let Some(s) = report::warning(&world, &template, w) {
            warnings.push(s);
        }
    }
    let document = compiled
        .output
        .map_err(|errs| BookletError(report::errors(&world, &template, &errs)))?;
    let standards = match opts.standard {
        Some(Standard::A2b) => PdfStandards::new(&[PdfStandard::A_2b]),
        None => Ok(PdfStandards::default()),
    }
    .map_err(|e| BookletError(format!("PDF 标准设置无效：{}", e.message())))?;
    let options = PdfOptions {
        ident: Smart::Custom(data.edition.title.clone()),
        creator: Smart::Custom(Some(format!(
            "gkml {}（typst {}）",
            env!("CARGO_PKG_VERSION"),
            "0.15.1"
        ))),
        timestamp: opts.date.and_then(datetime).map(Timestamp::new_utc),
        standards,
        tagged: opts.tagged,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errs| BookletError(report::errors(&world, &template, &errs)))?;
    let pages = document.pages().len();
    Ok(Rendered {
        pdf,
        pages,
        warnings,
    })
}

/// The files `--emit-typst` writes: the template, the data, and the
/// embedded fonts, so `typst compile --font-path fonts booklet.typ` gives
/// the same document.
pub fn emit_files(data: &Compiled, opts: &Options) -> Result<Vec<Output>, BookletError> {
    let template = Template::load(opts, data.nationals.is_some())?;
    let mut out = vec![
        Output::new("booklet.typ", template.text.into_bytes()),
        Output::new("data.json", data_json(data)),
        Output::new("columns.json", columns_for(data)),
    ];
    for (name, bytes) in fonts::EMBEDDED.iter().chain(fonts::EMBEDDED_EXTRA) {
        out.push(Output::new(format!("fonts/{name}"), bytes.to_vec()));
    }
    Ok(out)
}

/// The PDF file name for a title: characters file systems reject are
/// replaced, and the name is kept to a sane length.
pub fn pdf_name(title: &str) -> String {
    format!("{}.pdf", file_stem(title))
}

/// `title` as a file name without extension ("目录清单" when nothing is left).
pub fn file_stem(title: &str) -> String {
    crate::atomic::safe_stem(title, "目录清单")
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
    fn epoch_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(17_500), (2017, 11, 30));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn pdf_names() {
        assert_eq!(pdf_name("虹口区/目录"), "虹口区_目录.pdf");
        assert_eq!(pdf_name("  "), "目录清单.pdf");
        assert_eq!(pdf_name("a\nb"), "a_b.pdf");
    }
}
