//! Turns a spanned YAML tree into the model, reporting every problem (unknown
//! keys with a suggestion, wrong types) instead of stopping at the first.

use std::sync::Arc;

use crate::code::Code;
use crate::diag::Sink;
use crate::format::hongkou::Field;
use crate::model::{Attr, Catalog, Info, Item, Kind, Loc, Origin, Pos, Spanned, Step, Text, trim};
use crate::suggest::did_you_mean;
use crate::yaml::tree::{self, Node, TextPos, TreeErrorKind, Value};

/// Keys of a catalogue file, from the format description
/// ([`crate::format::hongkou`]).
pub mod keys {
    use std::sync::LazyLock;

    use crate::format::hongkou::{self, HONGKOU_2017};
    use crate::model::Kind;

    /// 试点单位.
    pub fn unit() -> &'static str {
        HONGKOU_2017.catalog.unit.key
    }
    /// 试点领域.
    pub fn domain() -> &'static str {
        HONGKOU_2017.catalog.domain.key
    }
    /// 目录类型.
    pub fn kind() -> &'static str {
        HONGKOU_2017.catalog.kind.key
    }
    /// The list key of a level.
    fn list(level: usize) -> &'static str {
        HONGKOU_2017.levels.get(level).map_or("", |l| l.list_key)
    }
    /// The list of items.
    pub fn items() -> &'static str {
        list(hongkou::ITEM)
    }
    /// An item's list of steps.
    pub fn steps() -> &'static str {
        list(hongkou::STEP)
    }
    /// A step's list of information.
    pub fn infos() -> &'static str {
        list(hongkou::INFO)
    }

    /// Keys of the catalogue mapping.
    pub static CATALOG: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| hongkou::catalog_keys().to_vec());
    /// Keys of an item.
    pub static ITEM: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| HONGKOU_2017.level_keys(hongkou::ITEM, Kind::Operational.index()));
    /// Keys of a step.
    pub static STEP: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| HONGKOU_2017.level_keys(hongkou::STEP, Kind::Operational.index()));
    /// Keys of a piece of information.
    pub static INFO: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| HONGKOU_2017.level_keys(hongkou::INFO, Kind::Operational.index()));
    /// Keys only 附件3 has.
    pub static ANNEX3_ONLY: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| HONGKOU_2017.keys_not_in(Kind::Standard.index()));
    /// [`ITEM`] without [`ANNEX3_ONLY`] (附件2).
    pub static ITEM_STANDARD: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| HONGKOU_2017.level_keys(hongkou::ITEM, Kind::Standard.index()));
    /// [`INFO`] without [`ANNEX3_ONLY`] (附件2).
    pub static INFO_STANDARD: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| HONGKOU_2017.level_keys(hongkou::INFO, Kind::Standard.index()));
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

pub use crate::text::{check_text, invisible, invisible_name};

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
    let f = ctx.fields(&root, &keys::CATALOG, "目录", &|_| None);
    let unit = ctx.text(&f, keys::unit());
    let domain = ctx.text(&f, keys::domain());
    let kind_text = ctx.text(&f, keys::kind());
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
    let item_nodes = ctx.list(&f, keys::items());
    for item_node in &item_nodes {
        cat.items
            .push(read_item(&mut ctx, item_node, kind, &misplaced));
    }
    if item_nodes.is_empty() {
        // One finding saying what is left to do (the rules say nothing
        // about an empty catalogue). A value of the wrong type is reported
        // by `list` already.
        let msg = match f.get(keys::items()) {
            None => Some("缺少“政务事项”"),
            Some((_, v)) if v.is_null() || matches!(v.value, Value::Seq(_)) => {
                Some("“政务事项”下还没有填写任何事项")
            }
            Some(_) => None,
        };
        if let Some(msg) = msg {
            ctx.sink
                .emit(Code::FieldMissing, &ctx.loc(f.key_pos(keys::items())), msg)
                .help(format!(
                    "在“{}:”下逐项填写：{}和{}",
                    keys::items(),
                    crate::format::hongkou::HONGKOU_2017
                        .level_columns(crate::format::hongkou::ITEM, Kind::Standard.index())
                        .filter(|c| c.required_everywhere())
                        .map(|c| c.key)
                        .collect::<Vec<_>>()
                        .join("、"),
                    keys::steps()
                ));
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
        Kind::Standard => &keys::ITEM_STANDARD,
        Kind::Operational => &keys::ITEM,
    };
    let f = ctx.fields(node, known, "政务事项", misplaced);
    let steps = ctx
        .list(&f, keys::steps())
        .into_iter()
        .map(|s| read_step(ctx, s, kind, misplaced))
        .collect();
    Item {
        origin: Origin(ctx.loc(node.pos)),
        seq: ctx.text(&f, Field::Seq.key()),
        category: ctx.text(&f, Field::Category.key()),
        name: ctx.text(&f, Field::Name.key()),
        subject: ctx.text(&f, Field::Subject.key()),
        basis: ctx.text(&f, Field::Basis.key()),
        aspect: ctx.text(&f, Field::Aspect.key()),
        remark: ctx.text(&f, Field::Remark.key()),
        steps,
    }
}

fn read_step(
    ctx: &mut Ctx,
    node: &Node<'_>,
    kind: Kind,
    misplaced: &dyn Fn(&str) -> Option<String>,
) -> Step {
    let f = ctx.fields(node, &keys::STEP, "办理环节", misplaced);
    let infos = ctx
        .list(&f, keys::infos())
        .into_iter()
        .map(|n| read_info(ctx, n, kind, misplaced))
        .collect();
    Step {
        origin: Origin(ctx.loc(node.pos)),
        name: ctx.text(&f, Field::Step.key()),
        time_limit: ctx.text(&f, Field::TimeLimit.key()),
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
        Kind::Standard => &keys::INFO_STANDARD,
        Kind::Operational => &keys::INFO,
    };
    let f = ctx.fields(node, known, "政府信息", misplaced);
    let attrs = read_attrs(ctx, &f);
    // With a value that is not an attribute, attr-missing would point at the
    // same place as attr-invalid and is dropped as a follow-on.
    let attr_at = match f.get(Field::Attr.key()) {
        Some((_, v)) if attrs.is_empty() && !v.is_null() => v.pos,
        _ => f.key_pos(Field::Attr.key()),
    };
    Info {
        origin: Origin(ctx.loc(node.pos)),
        name: ctx.text(&f, Field::InfoName.key()),
        attrs,
        attr_origin: Origin(ctx.loc(attr_at)),
        reason: ctx.text(&f, Field::Reason.key()),
        time: ctx.text(&f, Field::Time.key()),
        route: ctx.text(&f, Field::Route.key()),
        medium: ctx.text(&f, Field::Medium.key()),
        aspect: ctx.text(&f, Field::Aspect.key()),
        remark: ctx.text(&f, Field::Remark.key()),
    }
}

/// disclosure attribute: one value, a list, or values joined with 、.
fn read_attrs(ctx: &mut Ctx, f: &Fields) -> Vec<Spanned<Attr>> {
    let Some((_, v)) = f.get(Field::Attr.key()) else {
        return Vec::new();
    };
    let nodes: Vec<&Node<'_>> = match &v.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![v],
    };
    let mut out = Vec::new();
    for n in nodes {
        let Some(t) = ctx.scalar(n, Field::Attr.key()) else {
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
            (&*keys::ITEM_STANDARD, &*keys::ITEM),
            (&*keys::INFO_STANDARD, &*keys::INFO),
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
