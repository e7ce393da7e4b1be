//! The HTML pages (minijinja templates embedded in the binary) and the
//! static files they use.

use minijinja::{Environment, context};
use serde::Serialize;

use super::check::{ACCEPTED, Checked};
use crate::diag::{Level, Severity};
use crate::model::Kind;
use crate::project::Config;
use crate::rules::{Code, RULES};

/// The stylesheet, served at `/static/style.css`.
pub const STYLE: &str = include_str!("static/style.css");
/// The optional drag-and-drop script, served at `/static/upload.js`.
pub const SCRIPT: &str = include_str!("static/upload.js");

/// A blank template offered for download.
#[derive(Serialize)]
pub struct TemplateLink {
    /// The URL segment: `annex2` or `annex3`.
    pub slug: &'static str,
    /// 附件2 / 附件3.
    pub annex: &'static str,
    /// 标准化目录 / 规范化操作目录.
    pub label: &'static str,
}

/// The URL segment of a kind's blank template.
pub fn template_slug(kind: Kind) -> &'static str {
    match kind {
        Kind::Standard => "annex2",
        Kind::Operational => "annex3",
    }
}

/// Every kind of catalogue gkml writes a template for.
pub const KINDS: [Kind; 2] = [Kind::Standard, Kind::Operational];

/// The page renderer.
pub struct Pages {
    env: Environment<'static>,
    /// The project's name for the footer, if a project is used.
    project: Option<String>,
    max_upload: String,
}

/// A rule as the rule page shows it.
#[derive(Serialize)]
struct RuleRow {
    code: &'static str,
    level: &'static str,
    level_class: &'static str,
    scope: &'static str,
    summary: &'static str,
    why: &'static str,
    bad: &'static str,
    good: &'static str,
}

impl Pages {
    /// Loads the embedded templates.
    pub fn new(project: Option<String>, max_upload: u64) -> Result<Pages, String> {
        let mut env = Environment::new();
        for (name, src) in [
            ("base.html", include_str!("templates/base.html")),
            ("index.html", include_str!("templates/index.html")),
            ("result.html", include_str!("templates/result.html")),
            ("rules.html", include_str!("templates/rules.html")),
            ("error.html", include_str!("templates/error.html")),
        ] {
            env.add_template(name, src)
                .map_err(|e| format!("页面模板 {name} 有误：{e}"))?;
        }
        Ok(Pages {
            env,
            project,
            max_upload: size_label(max_upload),
        })
    }

    fn render(&self, name: &str, ctx: minijinja::Value) -> String {
        let base = context! {
            version => env!("CARGO_PKG_VERSION"),
            project => self.project,
            max_upload => self.max_upload,
        };
        let ctx = context! { ..ctx, ..base };
        match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(s) => s,
            // The templates are fixed and tested; this is only a fallback.
            Err(e) => format!(
                "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>页面错误</title><p>页面生成失败：{}</p></html>",
                minijinja::HtmlEscape(&e.to_string())
            ),
        }
    }

    /// `/`: the upload form and the links to templates and rules.
    pub fn index(&self) -> String {
        let templates: Vec<TemplateLink> = KINDS
            .iter()
            .map(|&k| TemplateLink {
                slug: template_slug(k),
                annex: k.annex(),
                label: k.label(),
            })
            .collect();
        let accept: Vec<String> = ACCEPTED.iter().map(|e| format!(".{e}")).collect();
        self.render(
            "index.html",
            context! {
                templates => templates,
                accept => accept.join(","),
                rule_count => RULES.len(),
            },
        )
    }

    /// The result page of one check; `data` is the upload in base64 for the
    /// download form (the server keeps nothing between requests).
    pub fn result(&self, label: &str, checked: &Checked, data: &str) -> String {
        let (errors, warnings) = checked.counts();
        let summary = checked.ws.summary();
        self.render(
            "result.html",
            context! {
                label => label,
                unreadable => checked.nothing_checked(),
                annotatable => !checked.ws.catalogs.is_empty(),
                errors => errors,
                warnings => warnings,
                catalogs => summary.catalogs,
                items => summary.items,
                steps => summary.steps,
                infos => summary.infos,
                rows => checked.rows(),
                data => data,
            },
        )
    }

    /// `/rules`: every rule with the level this service uses.
    pub fn rules(&self, cfg: &Config) -> String {
        let rows: Vec<RuleRow> = Code::ALL
            .iter()
            .map(|&c| {
                let r = c.info();
                let (level, level_class) = match cfg.levels.get(&c) {
                    Some(Level::Off) => ("关闭", "off"),
                    Some(Level::On(s)) => (s.label(), severity_class(*s)),
                    None => (r.severity.label(), severity_class(r.severity)),
                };
                RuleRow {
                    code: r.code,
                    level,
                    level_class,
                    scope: r.scope.label(),
                    summary: r.summary,
                    why: r.why,
                    bad: r.bad,
                    good: r.good,
                }
            })
            .collect();
        self.render("rules.html", context! { rules => rows })
    }

    /// A page saying why a request could not be handled.
    pub fn error(&self, heading: &str, message: &str) -> String {
        self.render(
            "error.html",
            context! { heading => heading, message => message },
        )
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// "20 MiB", "512 KiB", "100 字节".
pub fn size_label(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
    } else if bytes >= 1 << 10 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} 字节")
    }
}
