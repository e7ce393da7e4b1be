//! vocab-unknown: 政务事项分类, 公开途径 and 公开载体 from the project's
//! vocabularies.

use super::Doc;
use crate::code::Code;
use crate::config::Config;
use crate::diag::Sink;
use crate::format::hongkou::Field;
use crate::model::{Catalog, Text};
use crate::suggest::did_you_mean;

/// The documentation of the rules checked here (their code, level and
/// scope are in `src/code.rs`).
pub(super) static DOCS: &[Doc] = &[Doc {
    code: Code::VocabUnknown,
    summary: "取值不在词表中（{Category}、公开途径、公开载体）",
    why: "统一用词才能汇总统计；词表在项目文件中设置。",
    bad: "{Category}: 行政许诺",
    good: "{Category}: 行政许可",
}];

/// Straight quotes for curly ones, so “上海虹口” matches "上海虹口".
pub fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '“' | '”' | '「' | '」' | '＂' => '"',
            _ => c,
        })
        .collect()
}

/// A vocabulary with its normalised values, computed once per catalogue.
struct Vocab<'a> {
    values: &'a [String],
    normal: Vec<String>,
}

impl<'a> Vocab<'a> {
    fn new(values: &'a [String]) -> Self {
        Vocab {
            values,
            normal: values.iter().map(|v| normalise(v)).collect(),
        }
    }

    fn contains(&self, part: &str) -> bool {
        let part = part.trim();
        if part.contains(['“', '”', '「', '」', '＂']) {
            let n = normalise(part);
            self.normal.contains(&n)
        } else {
            self.normal.iter().any(|v| v == part)
        }
    }
}

fn check_value(sink: &mut Sink, t: &Text, vocab: &Vocab, field: &str, multi: bool) {
    // Blank or "/"-style placeholders: the required-field rules' business.
    if crate::model::is_blank(t) {
        return;
    }
    let Some(t) = t.as_ref() else {
        return;
    };
    if vocab.values.is_empty() {
        return;
    }
    let parts: Vec<&str> = if multi {
        t.value
            .split(['、', ',', '，', ';', '；', '/'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        vec![t.value.as_str()]
    };
    for part in parts {
        if !vocab.contains(part) {
            let s = did_you_mean(part, vocab.values.iter().map(String::as_str));
            sink.emit(
                Code::VocabUnknown,
                &t.loc,
                format!("{field}“{part}”不在词表中"),
            )
            .help(format!(
                "{s}可用的值：{}（词表可在 gkml.yaml 的“{field}”中修改）",
                vocab.values.join("、")
            ))
            .snippet(t.raw.as_ref());
        }
    }
}

/// Checks values against the vocabularies.
pub fn check(cat: &Catalog, cfg: &Config, sink: &mut Sink) {
    let (categories, routes, media) = (
        Vocab::new(&cfg.categories),
        Vocab::new(&cfg.routes),
        Vocab::new(&cfg.media),
    );
    for item in &cat.items {
        check_value(
            sink,
            &item.category,
            &categories,
            Field::Category.header(),
            false,
        );
        for info in item.steps.iter().flat_map(|s| &s.infos) {
            check_value(sink, &info.route, &routes, Field::Route.header(), true);
            check_value(sink, &info.medium, &media, Field::Medium.header(), true);
        }
    }
}
