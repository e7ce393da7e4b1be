//! Writes a catalogue as YAML in the layout of FORMAT.md §1: the template's
//! Chinese keys in the template's order, every scalar that another YAML tool
//! could read as something other than text quoted, multi-line text as a
//! literal block. The output is deterministic and reads back (with
//! [`crate::yaml::read::read_catalog`]) as an equal catalogue.

use crate::format::hongkou::{self, Field, HONGKOU_2017};
use crate::model::{Catalog, Info, Item, Kind, Step, Text, text};
use crate::yaml::read::keys;

/// The schema comment put on the first line (the path fits files kept as
/// `<project>/<试点单位>/<file>.yaml` in this repository's layout).
const SCHEMA_LINE: &str = "# yaml-language-server: $schema=../../../schemas/catalog.schema.json";

/// The catalogue as YAML text.
pub fn to_yaml(cat: &Catalog) -> String {
    let mut w = Writer { out: String::new() };
    w.out.push_str(SCHEMA_LINE);
    w.out.push('\n');
    let title = cat.kind.spec().title;
    w.comment(&format!(
        "{}  {}{}",
        cat.kind.annex(),
        text(&cat.domain),
        title
    ));
    w.comment(&format!("填报单位：{}", text(&cat.unit)));
    w.out.push('\n');
    w.field(0, keys::unit(), &cat.unit);
    w.field(0, keys::domain(), &cat.domain);
    w.scalar_line(0, keys::kind(), cat.kind.label());
    if cat.items.is_empty() {
        w.out.push_str(keys::items());
        w.out.push_str(": []\n");
        return w.out;
    }
    w.out.push_str(keys::items());
    w.out.push_str(":\n");
    for item in &cat.items {
        w.item(item, cat.kind);
    }
    w.out
}

struct Writer {
    out: String,
}

impl Writer {
    fn comment(&mut self, line: &str) {
        // A comment is one line: breaks inside the value become spaces.
        let line: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        self.out.push_str("# ");
        self.out.push_str(line.trim_end());
        self.out.push('\n');
    }

    /// `key: value` at `indent` spaces when the value is present; a blank
    /// value is left out (it reads back as absent).
    fn field(&mut self, indent: usize, key: &str, value: &Text) {
        let v = text(value);
        if v.trim().is_empty() {
            return;
        }
        self.scalar_line(indent, key, v);
    }

    fn scalar_line(&mut self, indent: usize, key: &str, v: &str) {
        push_indent(&mut self.out, indent);
        self.out.push_str(key);
        self.out.push(':');
        self.out.push_str(&scalar(v, indent));
        self.out.push('\n');
    }

    /// The first key of a list entry goes after "- ".
    fn start_entry(&mut self, indent: usize) {
        push_indent(&mut self.out, indent);
        self.out.push_str("- ");
    }

    fn item(&mut self, item: &Item, kind: Kind) {
        // List entry at 2, its keys at 4.
        let mut first = true;
        let mut put = |w: &mut Writer, key: &str, value: &Text| {
            let v = text(value);
            if v.trim().is_empty() {
                return;
            }
            if first {
                w.start_entry(2);
                first = false;
            } else {
                push_indent(&mut w.out, 4);
            }
            w.out.push_str(key);
            w.out.push(':');
            w.out.push_str(&scalar_seq(key, v, 4));
            w.out.push('\n');
        };
        for c in HONGKOU_2017.level_columns(hongkou::ITEM, kind.index()) {
            if let Some(v) = item.text(c.field) {
                put(self, c.key, v);
            }
        }
        if first {
            self.start_entry(2);
        } else {
            push_indent(&mut self.out, 4);
        }
        if item.steps.is_empty() {
            self.out.push_str(keys::steps());
            self.out.push_str(": []\n");
            return;
        }
        self.out.push_str(keys::steps());
        self.out.push_str(":\n");
        for step in &item.steps {
            self.step(step, kind);
        }
    }

    fn step(&mut self, step: &Step, kind: Kind) {
        // List entry at 6, keys at 8.
        let mut first = true;
        for (key, value) in [
            (Field::Step.key(), &step.name),
            (Field::TimeLimit.key(), &step.time_limit),
        ] {
            if text(value).trim().is_empty() {
                continue;
            }
            if first {
                self.start_entry(6);
                self.out.push_str(key);
                self.out.push(':');
                self.out.push_str(&scalar(text(value), 8));
                self.out.push('\n');
                first = false;
            } else {
                self.field(8, key, value);
            }
        }
        if first {
            self.start_entry(6);
        } else {
            push_indent(&mut self.out, 8);
        }
        if step.infos.is_empty() {
            self.out.push_str(keys::infos());
            self.out.push_str(": []\n");
            return;
        }
        self.out.push_str(keys::infos());
        self.out.push_str(":\n");
        for info in &step.infos {
            self.info(info, kind);
        }
    }

    fn info(&mut self, info: &Info, kind: Kind) {
        // List entry at 10, keys at 12.
        let mut lines: Vec<(&str, String)> = Vec::new();
        let mut add = |key: &'static str, value: &Text| {
            let v = text(value);
            if !v.trim().is_empty() {
                lines.push((key, scalar(v, 12)));
            }
        };
        add(Field::InfoName.key(), &info.name);
        let mut attrs = Vec::new();
        match info.attrs.as_slice() {
            [] => {}
            [one] => attrs.push((Field::Attr.key(), format!(" {}", one.value.label()))),
            many => {
                let labels: Vec<&str> = many.iter().map(|a| a.value.label()).collect();
                attrs.push((Field::Attr.key(), format!(" [{}]", labels.join(", "))));
            }
        }
        lines.extend(attrs);
        let mut add = |key: &'static str, value: &Text| {
            let v = text(value);
            if !v.trim().is_empty() {
                lines.push((key, scalar(v, 12)));
            }
        };
        for c in HONGKOU_2017.level_columns(hongkou::INFO, kind.index()) {
            if !matches!(c.field, Field::InfoName | Field::Attr)
                && let Some(v) = info.text(c.field)
            {
                add(c.key, v);
            }
        }
        if lines.is_empty() {
            self.start_entry(10);
            self.out.push_str("{}\n");
            return;
        }
        for (i, (key, value)) in lines.iter().enumerate() {
            if i == 0 {
                self.start_entry(10);
            } else {
                push_indent(&mut self.out, 12);
            }
            self.out.push_str(key);
            self.out.push(':');
            self.out.push_str(value);
            self.out.push('\n');
        }
    }
}

fn push_indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// 序号 stays a bare number when it is one ("序号: 1", as people write it;
/// gkml reads every scalar as text, other tools read the same number).
fn scalar_seq(key: &str, v: &str, indent: usize) -> String {
    if key == Field::Seq.key() && is_plain_integer(v) {
        format!(" {v}")
    } else {
        scalar(v, indent)
    }
}

fn is_plain_integer(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 9
        && v.bytes().all(|b| b.is_ascii_digit())
        && (v == "0" || !v.starts_with('0'))
}

/// The value part after "key:", with its leading space (or a literal block
/// starting on the next lines, indented by `indent + 2`).
pub fn scalar(v: &str, indent: usize) -> String {
    if v.contains('\n') {
        if let Some(block) = literal_block(v, indent + 2) {
            return block;
        }
        return format!(" {}", double_quoted(v));
    }
    if is_plain_safe(v) {
        format!(" {v}")
    } else if v.chars().any(needs_escape) {
        format!(" {}", double_quoted(v))
    } else {
        format!(" '{}'", v.replace('\'', "''"))
    }
}

/// Characters that only a double-quoted scalar can hold.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// `|-` followed by the lines, when the text can be written that way.
fn literal_block(v: &str, indent: usize) -> Option<String> {
    if v.ends_with('\n')
        || v.starts_with([' ', '\t', '\n'])
        || v.chars().any(|c| needs_escape(c) && c != '\n')
    {
        return None;
    }
    // Trailing spaces on a line survive a literal block, but editors strip
    // them; a double-quoted string keeps them visibly.
    if v.lines().any(|l| l.ends_with([' ', '\t'])) {
        return None;
    }
    let mut out = String::from(" |-");
    for line in v.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            push_indent(&mut out, indent);
            out.push_str(line);
        }
    }
    Some(out)
}

fn double_quoted(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let n = c as u32;
                if n <= 0xFF {
                    out.push_str(&format!("\\x{n:02X}"));
                } else {
                    out.push_str(&format!("\\u{n:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// True when the text can be written bare and every YAML 1.1/1.2 reader
/// reads it back as the same string.
fn is_plain_safe(v: &str) -> bool {
    let Some(first) = v.chars().next() else {
        return false;
    };
    if v != v.trim() || v.chars().any(|c| needs_escape(c) || c == '\t' || c == '\n') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if v.contains(": ") || v.contains(" #") || v.ends_with(':') {
        return false;
    }
    !looks_typed(v)
}

/// Null, booleans (YAML 1.1 too), numbers, dates and times, merge keys.
fn looks_typed(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "~", "null", "true", "false", "yes", "no", "y", "n", "on", "off", "=", "<<", ".inf",
        "-.inf", "+.inf", ".nan",
    ];
    if WORDS.contains(&lower.as_str()) {
        return true;
    }
    // Anything made of digits and number/date punctuation only: 1, 1.0,
    // 1e3, 0x1F, 0o17, 1_000, 2017-11-30, 12:30:00, +1.
    v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b"+-._:eExXoObBaAcCdDfFtTzZ ".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(scalar("最低生活保障", 4), " 最低生活保障");
        assert_eq!(scalar("1", 4), " '1'");
        assert_eq!(scalar("2017-11-30", 4), " '2017-11-30'");
        assert_eq!(scalar("yes", 4), " 'yes'");
        assert_eq!(scalar("~", 4), " '~'");
        assert_eq!(scalar("\"上海虹口\"门户网站", 4), " '\"上海虹口\"门户网站'");
        assert_eq!(scalar("a: b", 4), " 'a: b'");
        assert_eq!(scalar("a #b", 4), " 'a #b'");
        assert_eq!(scalar(" lead", 4), " ' lead'");
        assert_eq!(scalar("it's", 4), " it's");
        assert_eq!(scalar("'q", 4), " '''q'");
        assert_eq!(scalar("a\u{7}b", 4), " \"a\\x07b\"");
        assert_eq!(scalar("一\n二", 4), " |-\n      一\n      二");
        assert_eq!(scalar(" 一\n二", 4), " \" 一\\n二\"");
        assert_eq!(scalar("第1条", 4), " 第1条");
        assert_eq!(scalar("3个工作日", 4), " 3个工作日");
    }
}
