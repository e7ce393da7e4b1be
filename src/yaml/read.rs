//! Turns a spanned YAML tree into the model, reporting every problem (unknown
//! keys with a suggestion, wrong types) instead of stopping at the first.

use std::sync::Arc;

use crate::code::Code;
use crate::diag::Sink;
use crate::limits::LONG_CELL_CHARS;
use crate::model::{Attr, Catalog, Info, Item, Kind, Loc, Origin, Pos, Spanned, Step, Text, trim};
use crate::suggest::did_you_mean;
use crate::yaml::tree::{self, Node, TextPos, TreeErrorKind, Value};

/// Keys of a catalogue file.
pub mod keys {
    pub const UNIT: &str = "试点单位";
    pub const DOMAIN: &str = "试点领域";
    pub const KIND: &str = "目录类型";
    pub const ITEMS: &str = "政务事项";
    pub const SEQ: &str = "序号";
    pub const CATEGORY: &str = "政务事项分类";
    pub const NAME: &str = "政务事项名称";
    pub const SUBJECT: &str = "政务事项办理主体";
    pub const BASIS: &str = "政务事项依据";
    pub const ASPECT: &str = "五公开";
    pub const REMARK: &str = "备注";
    pub const STEPS: &str = "办理环节";
    pub const STEP_NAME: &str = "政务事项办理环节";
    pub const TIME_LIMIT: &str = "所在环节办理时限";
    pub const INFOS: &str = "政府信息";
    pub const INFO_NAME: &str = "所在环节办理产生的政府信息名称";
    pub const ATTR: &str = "政府信息公开属性";
    pub const REASON: &str = "不予公开和部分公开的理由";
    pub const TIME: &str = "政府信息公开时间";
    pub const ROUTE: &str = "政府信息公开途径";
    pub const MEDIUM: &str = "政府信息公开载体";

    /// Keys of the catalogue mapping.
    pub const CATALOG: &[&str] = &[UNIT, DOMAIN, KIND, ITEMS];
    /// Keys of an item.
    pub const ITEM: &[&str] = &[SEQ, CATEGORY, NAME, SUBJECT, BASIS, ASPECT, REMARK, STEPS];
    /// Keys of a step.
    pub const STEP: &[&str] = &[STEP_NAME, TIME_LIMIT, INFOS];
    /// Keys of a piece of information.
    pub const INFO: &[&str] = &[INFO_NAME, ATTR, REASON, TIME, ROUTE, MEDIUM, ASPECT, REMARK];
    /// Keys only 附件3 has.
    pub const ANNEX3_ONLY: &[&str] = &[BASIS, TIME, ROUTE, MEDIUM];
    /// [`ITEM`] without [`ANNEX3_ONLY`] (附件2).
    pub const ITEM_STANDARD: &[&str] = &[SEQ, CATEGORY, NAME, SUBJECT, ASPECT, REMARK, STEPS];
    /// [`INFO`] without [`ANNEX3_ONLY`] (附件2).
    pub const INFO_STANDARD: &[&str] = &[INFO_NAME, ATTR, REASON, ASPECT, REMARK];
}

/// Reading context: the file and where diagnostics go.
pub struct Ctx<'a> {
    pub file: &'a Arc<str>,
    pub sink: &'a mut Sink,
}

impl Ctx<'_> {
    pub fn loc(&self, pos: TextPos) -> Loc {
        Loc {
            file: self.file.clone(),
            pos: Pos::Text {
                line: pos.line,
                col: pos.col,
                offset: pos.offset,
                len: pos.len,
            },
        }
    }

    /// Reads a mapping's entries, reporting unknown and repeated keys.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node<'n>,
        known: &[&'static str],
        what: &str,
        misplaced: &dyn Fn(&str) -> Option<String>,
    ) -> Fields<'n> {
        let mut out = Fields {
            map: Vec::with_capacity(known.len()),
            pos: node.pos,
        };
        let Value::Map(entries) = &node.value else {
            if !node.is_null() {
                self.sink
                    .emit(
                        Code::YamlType,
                        &self.loc(node.pos),
                        format!("{what}应为键值对，这里是{}", node.type_label()),
                    )
                    .help(format!("按“键: 值”的形式逐行填写{what}的各栏"));
            }
            return out;
        };
        for (k, v) in entries {
            let key = match &k.value {
                Value::Scalar { text, .. } => trim(text),
                _ => {
                    self.sink
                        .emit(Code::YamlType, &self.loc(k.pos), "键应为文字");
                    continue;
                }
            };
            let Some(&canonical) = known.iter().find(|&&c| c == key) else {
                let d = self.sink.emit(
                    Code::UnknownKey,
                    &self.loc(k.pos),
                    format!("{what}中没有“{key}”这一栏"),
                );
                match misplaced(key) {
                    Some(h) => d.help(h),
                    None => {
                        let s = did_you_mean(key, known.iter().copied());
                        let all = known.join("、");
                        d.help(if s.is_empty() {
                            format!("可用的键：{all}")
                        } else {
                            format!("{s}可用的键：{all}")
                        })
                    }
                };
                continue;
            };
            if out.get(canonical).is_some() {
                self.sink
                    .emit(
                        Code::YamlSyntax,
                        &self.loc(k.pos),
                        format!("“{key}”重复出现"),
                    )
                    .help("每个键只写一次，删除多余的一处");
                // The last one written counts, as in YAML loaders.
                if let Some(e) = out.map.iter_mut().find(|e| e.0 == canonical) {
                    *e = (canonical, k, v);
                }
                continue;
            }
            out.map.push((canonical, k, v));
        }
        out
    }

    /// A text value; blank or null gives `None`.
    pub fn text(&mut self, f: &Fields, key: &str) -> Text {
        let (k, v) = f.get(key)?;
        let blank =
            v.is_null() || matches!(&v.value, Value::Scalar { text, .. } if trim(text).is_empty());
        if blank {
            // Written but empty: keep the key's place so a rule on the
            // missing value points at it.
            return Some(Box::new(Spanned::new(String::new(), self.loc(k.pos))));
        }
        self.scalar(v, key)
    }

    /// A scalar node as trimmed text.
    pub fn scalar(&mut self, v: &Node<'_>, key: &str) -> Text {
        match &v.value {
            _ if v.is_null() => None,
            Value::Scalar { text, .. } => {
                let t = trim(text);
                if t.is_empty() {
                    return None;
                }
                let loc = self.loc(v.pos);
                let t = check_text(self.sink, &loc, key, t);
                (!t.is_empty()).then(|| Box::new(Spanned::new(t, loc)))
            }
            _ => {
                self.sink
                    .emit(
                        Code::YamlType,
                        &self.loc(v.pos),
                        format!("“{key}”应为文字，这里是{}", v.type_label()),
                    )
                    .help(format!("把“{key}”写成一行文字，例如“{key}: …”"));
                None
            }
        }
    }

    /// A list value; null gives an empty list.
    pub fn list<'n>(&mut self, f: &Fields<'n>, key: &str) -> Vec<&'n Node<'n>> {
        let Some((_, v)) = f.get(key) else {
            return Vec::new();
        };
        match &v.value {
            Value::Seq(items) => items.iter().collect(),
            _ if v.is_null() => Vec::new(),
            _ => {
                self.sink
                    .emit(
                        Code::YamlType,
                        &self.loc(v.pos),
                        format!("“{key}”应为列表，这里是{}", v.type_label()),
                    )
                    .help(format!(
                        "列表的每一项另起一行，以“- ”开头，缩进在“{key}:”之下"
                    ));
                Vec::new()
            }
        }
    }
}

/// Keeps a text as read, except invisible characters (bidirectional
/// controls, zero-width characters, control characters other than line
/// breaks and tabs), which are removed with a `text-invisible` warning; a
/// text longer than an Excel cell can hold gets a `text-too-long` warning.
pub fn check_text(sink: &mut Sink, loc: &Loc, key: &str, text: &str) -> String {
    // A text has at least as many bytes as characters, so most never need
    // counting.
    if text.len() > LONG_CELL_CHARS {
        let chars = text.chars().count();
        if chars > LONG_CELL_CHARS {
            sink.emit(
                Code::TextTooLong,
                loc,
                format!("“{key}”有 {chars} 个字，超过 Excel 单元格上限 {LONG_CELL_CHARS} 个字"),
            )
            .help("内容已完整读入；请只写要点，长文件请另附，不要整篇粘贴进一栏");
        }
    }
    // Every invisible character starts with one of these bytes; most texts
    // hold none of them.
    if !text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2 || b == 0xef)
    {
        return text.to_string();
    }
    let Some(first) = text.chars().find(|&c| invisible(c)) else {
        return text.to_string();
    };
    let count = text.chars().filter(|&c| invisible(c)).count();
    sink.emit(
        Code::TextInvisible,
        loc,
        format!(
            "“{key}”中有 {count} 个看不见的字符（第一个是 U+{:04X} {}），读入时已删除",
            u32::from(first),
            invisible_name(first)
        ),
    )
    .help("这类字符常随复制粘贴带入；在编辑器中删除后重新输入这几个字");
    text.chars()
        .filter(|&c| !invisible(c))
        .collect::<String>()
        .trim()
        .to_string()
}

/// Characters that cannot be seen and only confuse matching or display.
pub fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
        || (c.is_control() && c != '\n' && c != '\t')
}

pub fn invisible_name(c: char) -> &'static str {
    match c {
        '\u{202E}' => "从右到左覆盖",
        '\u{202D}' => "从左到右覆盖",
        '\u{202A}'..='\u{202C}' | '\u{2066}'..='\u{2069}' => "文字方向控制符",
        '\u{200E}' | '\u{200F}' => "文字方向标记",
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => "零宽字符",
        '\u{00AD}' => "软连字符",
        _ => "控制字符",
    }
}

/// A mapping's known entries: canonical key, key node, value node. A
/// handful per mapping, so a list beats a hash map.
pub struct Fields<'n> {
    pub map: Vec<(&'static str, &'n Node<'n>, &'n Node<'n>)>,
    pub pos: TextPos,
}

impl<'n> Fields<'n> {
    /// The key and value nodes of a key.
    pub fn get(&self, key: &str) -> Option<(&'n Node<'n>, &'n Node<'n>)> {
        self.map
            .iter()
            .find(|e| e.0 == key)
            .map(|&(_, k, v)| (k, v))
    }

    /// Position of a key, or of the mapping.
    pub fn key_pos(&self, key: &str) -> TextPos {
        self.get(key).map(|(k, _)| k.pos).unwrap_or(self.pos)
    }
}

/// Parses YAML text into a tree, reporting syntax and limit errors.
pub fn parse_tree<'t>(file: &Arc<str>, text: &'t str, sink: &mut Sink) -> Option<Node<'t>> {
    match tree::parse(text) {
        Ok(Some(root)) => Some(root),
        Ok(None) => {
            sink.emit(Code::FieldMissing, &Loc::file(file), "文件是空的")
                .help("按 YAML 格式填写目录，或用 gkml template 生成模板");
            None
        }
        Err(e) => {
            let code = match e.kind {
                TreeErrorKind::Syntax => Code::YamlSyntax,
                TreeErrorKind::Limit => Code::YamlLimit,
            };
            let ctx = Ctx { file, sink };
            let loc = ctx.loc(e.pos);
            sink.emit(code, &loc, e.message).help(match e.kind {
                TreeErrorKind::Syntax => {
                    "改正这一处后重新校验；缩进一律用空格，文字中的“: ”和“#”需要加引号"
                }
                TreeErrorKind::Limit => "目录文件不需要别名（&、*）和深层嵌套；请直接写出内容",
            });
            None
        }
    }
}

/// Reads a catalogue from YAML text. Returns `None` only when nothing could be
/// read; every problem is in `sink`.
pub fn read_catalog(file: &Arc<str>, text: &str, sink: &mut Sink) -> Option<Catalog> {
    let root = parse_tree(file, text, sink)?;
    let mut ctx = Ctx { file, sink };
    if !matches!(root.value, Value::Map(_)) {
        ctx.sink
            .emit(
                Code::YamlType,
                &ctx.loc(root.pos),
                format!(
                    "目录文件应以“试点单位:”等键开头，这里是{}",
                    root.type_label()
                ),
            )
            .help("参照 README 中的格式：试点单位、试点领域、目录类型、政务事项");
        return None;
    }
    let f = ctx.fields(&root, keys::CATALOG, "目录", &|_| None);
    let unit = ctx.text(&f, keys::UNIT);
    let domain = ctx.text(&f, keys::DOMAIN);
    let kind_text = ctx.text(&f, keys::KIND);
    let kind = match &kind_text {
        Some(k) => match Kind::parse(&k.value) {
            Some(kind) => kind,
            None => {
                ctx.sink
                    .emit(
                        Code::FieldMissing,
                        &k.loc,
                        format!("目录类型“{}”无法识别", k.value),
                    )
                    .help("目录类型写“标准化目录”（附件2）或“规范化操作目录”（附件3）");
                guess_kind(file)
            }
        },
        None => {
            ctx.sink
                .emit(Code::FieldMissing, &ctx.loc(f.pos), "缺少“目录类型”")
                .help("加一行“目录类型: 标准化目录”（附件2）或“目录类型: 规范化操作目录”（附件3）");
            guess_kind(file)
        }
    };
    let origin = Origin(ctx.loc(root.pos));
    let mut cat = Catalog {
        origin,
        file: file.clone(),
        sheet: None,
        unit,
        domain,
        kind,
        items: Vec::new(),
    };
    let misplaced = move |key: &str| -> Option<String> {
        (kind == Kind::Standard && keys::ANNEX3_ONLY.contains(&key)).then(|| {
            format!("“{key}”是附件3（规范化操作目录）的栏目，标准化目录中没有；如果这是附件3，请把目录类型改为“规范化操作目录”")
        })
    };
    let item_nodes = ctx.list(&f, keys::ITEMS);
    for item_node in &item_nodes {
        cat.items
            .push(read_item(&mut ctx, item_node, kind, &misplaced));
    }
    if item_nodes.is_empty() {
        // One finding saying what is left to do (the rules say nothing
        // about an empty catalogue). A value of the wrong type is reported
        // by `list` already.
        let msg = match f.get(keys::ITEMS) {
            None => Some("缺少“政务事项”"),
            Some((_, v)) if v.is_null() || matches!(v.value, Value::Seq(_)) => {
                Some("“政务事项”下还没有填写任何事项")
            }
            Some(_) => None,
        };
        if let Some(msg) = msg {
            ctx.sink
                .emit(Code::FieldMissing, &ctx.loc(f.key_pos(keys::ITEMS)), msg)
                .help("在“政务事项:”下逐项填写：序号、政务事项分类、政务事项名称、政务事项办理主体和办理环节");
        }
    }
    Some(cat)
}

fn guess_kind(file: &str) -> Kind {
    if file.contains("规范化") || file.contains("附件3") || file.contains("annex3") {
        Kind::Operational
    } else {
        Kind::Standard
    }
}

fn read_item(
    ctx: &mut Ctx,
    node: &Node<'_>,
    kind: Kind,
    misplaced: &dyn Fn(&str) -> Option<String>,
) -> Item {
    let known = match kind {
        Kind::Standard => keys::ITEM_STANDARD,
        Kind::Operational => keys::ITEM,
    };
    let f = ctx.fields(node, known, "政务事项", misplaced);
    let steps = ctx
        .list(&f, keys::STEPS)
        .into_iter()
        .map(|s| read_step(ctx, s, kind, misplaced))
        .collect();
    Item {
        origin: Origin(ctx.loc(node.pos)),
        seq: ctx.text(&f, keys::SEQ),
        category: ctx.text(&f, keys::CATEGORY),
        name: ctx.text(&f, keys::NAME),
        subject: ctx.text(&f, keys::SUBJECT),
        basis: ctx.text(&f, keys::BASIS),
        aspect: ctx.text(&f, keys::ASPECT),
        remark: ctx.text(&f, keys::REMARK),
        steps,
    }
}

fn read_step(
    ctx: &mut Ctx,
    node: &Node<'_>,
    kind: Kind,
    misplaced: &dyn Fn(&str) -> Option<String>,
) -> Step {
    let f = ctx.fields(node, keys::STEP, "办理环节", misplaced);
    let infos = ctx
        .list(&f, keys::INFOS)
        .into_iter()
        .map(|n| read_info(ctx, n, kind, misplaced))
        .collect();
    Step {
        origin: Origin(ctx.loc(node.pos)),
        name: ctx.text(&f, keys::STEP_NAME),
        time_limit: ctx.text(&f, keys::TIME_LIMIT),
        infos,
    }
}

fn read_info(
    ctx: &mut Ctx,
    node: &Node<'_>,
    kind: Kind,
    misplaced: &dyn Fn(&str) -> Option<String>,
) -> Info {
    let known = match kind {
        Kind::Standard => keys::INFO_STANDARD,
        Kind::Operational => keys::INFO,
    };
    let f = ctx.fields(node, known, "政府信息", misplaced);
    let attrs = read_attrs(ctx, &f);
    // With a value that is not an attribute, attr-missing would point at the
    // same place as attr-invalid and is dropped as a follow-on.
    let attr_at = match f.get(keys::ATTR) {
        Some((_, v)) if attrs.is_empty() && !v.is_null() => v.pos,
        _ => f.key_pos(keys::ATTR),
    };
    Info {
        origin: Origin(ctx.loc(node.pos)),
        name: ctx.text(&f, keys::INFO_NAME),
        attrs,
        attr_origin: Origin(ctx.loc(attr_at)),
        reason: ctx.text(&f, keys::REASON),
        time: ctx.text(&f, keys::TIME),
        route: ctx.text(&f, keys::ROUTE),
        medium: ctx.text(&f, keys::MEDIUM),
        aspect: ctx.text(&f, keys::ASPECT),
        remark: ctx.text(&f, keys::REMARK),
    }
}

/// 政府信息公开属性: one value, a list, or values joined with 、.
fn read_attrs(ctx: &mut Ctx, f: &Fields) -> Vec<Spanned<Attr>> {
    let Some((_, v)) = f.get(keys::ATTR) else {
        return Vec::new();
    };
    let nodes: Vec<&Node<'_>> = match &v.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![v],
    };
    let mut out = Vec::new();
    for n in nodes {
        let Some(t) = ctx.scalar(n, keys::ATTR) else {
            continue;
        };
        for part in t
            .value
            .split(['、', ',', '，', '/', ';', '；'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match Attr::parse(part) {
                Some(a) => out.push(Spanned::new(a, t.loc.clone())),
                None => {
                    let s = did_you_mean(part, Attr::ALL.iter().map(|a| a.label()));
                    ctx.sink
                        .emit(
                            Code::AttrInvalid,
                            &t.loc,
                            format!("公开属性“{part}”不是四种之一"),
                        )
                        .help(format!(
                            "{s}公开属性只能是：主动公开、依申请公开、部分公开、不予公开"
                        ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::keys;

    #[test]
    fn annex2_key_lists_are_the_full_lists_without_annex3_columns() {
        for (standard, all) in [
            (keys::ITEM_STANDARD, keys::ITEM),
            (keys::INFO_STANDARD, keys::INFO),
        ] {
            let derived: Vec<&str> = all
                .iter()
                .copied()
                .filter(|k| !keys::ANNEX3_ONLY.contains(k))
                .collect();
            assert_eq!(standard, derived.as_slice());
        }
    }
}
