//! A national 基层政务公开标准目录 kept as YAML, in the table's own words
//! (`schemas/national-catalog.schema.json`):
//!
//! ```yaml
//! 格式: national-2019
//! 编制单位: 青山县民政局
//! 试点领域: 社会救助
//! 公开事项:
//!   - 一级事项: 最低生活保障
//!     二级事项:
//!       - 二级事项: 办事指南
//!         公开内容（要素）: 申请条件、办理流程……
//!         公开依据: 《社会救助暂行办法》
//!         公开时限: 制定或获取信息之日起10个工作日内
//!         公开主体: 青山县民政局
//!         公开渠道和载体: [政府网站, 政务服务中心]
//!         公开对象: [全社会]
//!         公开方式: [主动]
//!         公开层级: [县级, 乡级]
//! ```
//!
//! A file is recognised by its 公开事项 key.

use std::fmt::Write as _;
use std::sync::Arc;

use super::channel::{Mark, MarkMeaning, Vocabulary};
use super::labels::{self, Audience, Method};
use super::model::{Channel, Channels, Group, NationalCatalog, Row, Ticks, keys};
use crate::code::Code;
use crate::config::Config;
use crate::diag::Sink;
use crate::model::{Loc, Text, text};
use crate::yaml::read::{Ctx, Fields, parse_tree};
use crate::yaml::tree::{Node, Value};

/// True when a YAML tree is a national catalogue: a mapping with 公开事项.
pub fn is_national(root: &Node<'_>) -> bool {
    let Value::Map(entries) = &root.value else {
        return false;
    };
    entries
        .iter()
        .any(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text.trim() == keys::ITEMS))
}

/// True when a YAML text is a national catalogue; false for text that
/// does not parse.
pub fn is_national_text(text: &str) -> bool {
    crate::yaml::tree::parse(text)
        .ok()
        .flatten()
        .is_some_and(|root| is_national(&root))
}

/// Reads a national catalogue from YAML text. `None` only when nothing
/// could be read; every problem is in `sink` at its line.
pub fn read(file: &Arc<str>, text: &str, cfg: &Config, sink: &mut Sink) -> Option<NationalCatalog> {
    let root = parse_tree(file, text, sink)?;
    let mut ctx = Ctx { file, sink };
    if !matches!(root.value, Value::Map(_)) {
        ctx.sink
            .emit(
                Code::YamlType,
                &ctx.loc(root.pos),
                format!("标准目录应为键值对，这里是{}", root.type_label()),
            )
            .help("依次写“编制单位: …”“试点领域: …”和“公开事项:”");
        return None;
    }
    let f = ctx.fields(&root, keys::CATALOG, "标准目录", &|_| None);
    if let Some(fm) = ctx.text(&f, keys::FORMAT)
        && fm.value != keys::FORMAT_NAME
    {
        ctx.sink
            .emit(
                Code::YamlType,
                &fm.loc,
                format!("格式“{}”与“公开事项”的写法不符", fm.value),
            )
            .help("全国基层政务公开标准目录写“格式: national-2019”");
    }
    let unit = ctx.text(&f, keys::UNIT);
    let domain = ctx.text(&f, keys::DOMAIN);
    for (key, value) in [(keys::UNIT, &unit), (keys::DOMAIN, &domain)] {
        if value.as_ref().is_none_or(|v| v.value.is_empty()) {
            let at = ctx.loc(f.key_pos(key));
            ctx.sink
                .emit(Code::FieldMissing, &at, format!("缺少“{key}”"))
                .help(format!("在文件开头写“{key}: …”"));
        }
    }
    let mut cat = NationalCatalog {
        file: file.clone(),
        sheet: None,
        origin: ctx.loc(root.pos),
        unit,
        domain,
        has_dir1: false,
        has_level3: false,
        levels: None,
        channel_columns: None,
        groups: Vec::new(),
    };
    let vocab = &cfg.national.channels;
    for g in ctx.list(&f, keys::ITEMS) {
        let gf = ctx.fields(g, keys::GROUP, keys::LEVEL1, &|_| None);
        let dir1 = ctx.text(&gf, keys::DIR1);
        cat.has_dir1 |= dir1.is_some();
        let name = ctx.text(&gf, keys::LEVEL1);
        let mut group = Group {
            dir1,
            name,
            loc: ctx.loc(gf.key_pos(keys::LEVEL1)),
            rows: Vec::new(),
        };
        for r in ctx.list(&gf, keys::LEVEL2) {
            let row = read_row(&mut ctx, r, vocab);
            cat.has_level3 |= row.level3.is_some();
            group.rows.push(row);
        }
        cat.groups.push(group);
    }
    // The 公开层级 "column" exists when a row names levels; a row without
    // them then has none ticked.
    let mut levels: Vec<String> = Vec::new();
    for (_, r) in cat.rows() {
        for l in r.levels.iter().flat_map(|t| &t.set) {
            if !levels.contains(l) {
                levels.push(l.clone());
            }
        }
    }
    let any_levels = cat.rows().any(|(_, r)| r.levels.is_some());
    if any_levels {
        for g in &mut cat.groups {
            for r in &mut g.rows {
                if r.levels.is_none() {
                    r.levels = Some(Ticks {
                        set: Vec::new(),
                        loc: r.loc.clone(),
                        unreadable: false,
                    });
                }
                // In the table's column order.
                if let Some(t) = &mut r.levels {
                    t.set
                        .sort_by_key(|l| levels.iter().position(|x| x == l).unwrap_or(usize::MAX));
                }
            }
        }
        cat.levels = Some(levels);
    }
    Some(cat)
}

fn read_row(ctx: &mut Ctx, node: &Node<'_>, vocab: &Vocabulary) -> Row {
    let f = ctx.fields(node, keys::ROW, keys::LEVEL2, &|_| None);
    let loc = ctx.loc(f.key_pos(keys::LEVEL2));
    let key_loc = |ctx: &Ctx, key: &str| ctx.loc(f.key_pos(key));
    let channels = read_channels(ctx, &f, vocab, key_loc(ctx, keys::CHANNELS));
    let audiences = read_set(ctx, &f, keys::AUDIENCE, &|s| {
        Audience::from_label(s).ok_or("全社会、特定群体")
    });
    let methods = read_set(ctx, &f, keys::METHOD, &|s| {
        Method::from_label(s).ok_or("主动、依申请")
    });
    let levels = f.get(keys::LEVELS).is_some().then(|| {
        read_set(ctx, &f, keys::LEVELS, &|s| {
            labels::level(s)
                .map(|l| l.label)
                .ok_or("县级、乡级等以“级”结尾的层级")
        })
    });
    Row {
        loc,
        name: ctx.text(&f, keys::LEVEL2),
        level3: ctx.text(&f, keys::LEVEL3),
        content: ctx.text(&f, keys::CONTENT),
        basis: ctx.text(&f, keys::BASIS),
        time: ctx.text(&f, keys::TIME),
        subject: ctx.text(&f, keys::SUBJECT),
        channels,
        audiences,
        methods,
        levels,
        url: ctx.text(&f, keys::URL),
        note: ctx.text(&f, keys::NOTE),
    }
}

/// The scalars of a list value (or of one text split at 、 , ，), with
/// their places.
fn scalars(ctx: &mut Ctx, f: &Fields<'_>, key: &str) -> Vec<(String, Loc)> {
    let Some((_, v)) = f.get(key) else {
        return Vec::new();
    };
    match &v.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|n| ctx.scalar(n, key).map(|s| (s.value, s.loc)))
            .collect(),
        _ => match ctx.scalar(v, key) {
            Some(s) => s
                .value
                .split(['、', ',', '，', ' ', '　'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| (p.to_string(), s.loc.clone()))
                .collect(),
            None => Vec::new(),
        },
    }
}

fn read_channels(ctx: &mut Ctx, f: &Fields<'_>, vocab: &Vocabulary, loc: Loc) -> Channels {
    let entries = scalars(ctx, f, keys::CHANNELS)
        .into_iter()
        .filter_map(|(t, loc)| {
            let (mark, name) = if let Some(n) = t.strip_prefix('■') {
                (Mark::Filled, n)
            } else if let Some(n) = t.strip_prefix('□') {
                (Mark::Empty, n)
            } else {
                (Mark::None, t.as_str())
            };
            let name = name.trim();
            (!name.is_empty()).then(|| Channel {
                name: vocab.lookup(name).unwrap_or(name).to_string(),
                mark,
                loc,
            })
        })
        .collect();
    Channels {
        entries,
        loc,
        unreadable: false,
    }
}

fn read_set<T: PartialEq>(
    ctx: &mut Ctx,
    f: &Fields<'_>,
    key: &str,
    parse: &dyn Fn(&str) -> Result<T, &'static str>,
) -> Ticks<T> {
    let mut out = Ticks {
        set: Vec::new(),
        loc: ctx.loc(f.key_pos(key)),
        unreadable: false,
    };
    for (t, loc) in scalars(ctx, f, key) {
        match parse(&t) {
            Ok(v) => {
                if !out.set.contains(&v) {
                    out.set.push(v);
                }
            }
            Err(allowed) => {
                out.unreadable = true;
                ctx.sink
                    .emit(Code::AttrInvalid, &loc, format!("{key}“{t}”无法识别"))
                    .help(format!("{key}写{allowed}，可多选"));
            }
        }
    }
    out
}

/// Writes a national catalogue as YAML (the form [`read`] reads back to the
/// same catalogue). Channels not used (□ under `渠道标记: 使用`) are left
/// out; under `必选/可选` the 可选 ones are written `□名称`.
pub fn to_yaml(cat: &NationalCatalog, meaning: MarkMeaning) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", keys::FORMAT, keys::FORMAT_NAME);
    line(&mut out, 0, keys::UNIT, &cat.unit);
    line(&mut out, 0, keys::DOMAIN, &cat.domain);
    let _ = writeln!(out, "{}:", keys::ITEMS);
    for g in &cat.groups {
        let mut first = true;
        let mut lead = |out: &mut String| {
            out.push_str(if first { "  - " } else { "    " });
            first = false;
        };
        if g.dir1.is_some() {
            lead(&mut out);
            let _ = writeln!(
                out,
                "{}:{}",
                keys::DIR1,
                crate::yaml::write::scalar(text(&g.dir1), 4)
            );
        }
        if g.name.is_some() {
            lead(&mut out);
            let _ = writeln!(
                out,
                "{}:{}",
                keys::LEVEL1,
                crate::yaml::write::scalar(text(&g.name), 4)
            );
        }
        lead(&mut out);
        let _ = writeln!(out, "{}:", keys::LEVEL2);
        for r in &g.rows {
            write_row(&mut out, r, meaning);
        }
    }
    out
}

fn line(out: &mut String, indent: usize, key: &str, t: &Text) {
    let v = text(t);
    if v.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{:indent$}{key}:{}",
        "",
        crate::yaml::write::scalar(v, indent)
    );
}

fn write_row(out: &mut String, r: &Row, meaning: MarkMeaning) {
    const IN: usize = 8;
    let _ = writeln!(
        out,
        "      - {}:{}",
        keys::LEVEL2,
        crate::yaml::write::scalar(text(&r.name), IN)
    );
    line(out, IN, keys::LEVEL3, &r.level3);
    line(out, IN, keys::CONTENT, &r.content);
    line(out, IN, keys::BASIS, &r.basis);
    line(out, IN, keys::TIME, &r.time);
    line(out, IN, keys::SUBJECT, &r.subject);
    let channels: Vec<String> = r
        .channels
        .entries
        .iter()
        .filter_map(|c| match (c.mark, meaning) {
            (Mark::Empty, MarkMeaning::Used) => None,
            (Mark::Empty, MarkMeaning::Required) => Some(format!("□{}", c.name)),
            _ => Some(c.name.clone()),
        })
        .collect();
    flow(out, keys::CHANNELS, channels.iter().map(String::as_str));
    flow(
        out,
        keys::AUDIENCE,
        r.audiences.set.iter().map(|a| a.label()),
    );
    flow(out, keys::METHOD, r.methods.set.iter().map(|m| m.label()));
    if let Some(l) = &r.levels {
        flow(out, keys::LEVELS, l.set.iter().map(String::as_str));
    }
    line(out, IN, keys::URL, &r.url);
    line(out, IN, keys::NOTE, &r.note);
}

/// `key: [a, b]` with each item plain when YAML allows it in a flow list.
fn flow<'a>(out: &mut String, key: &str, items: impl Iterator<Item = &'a str>) {
    let items: Vec<String> = items.map(flow_item).collect();
    let _ = writeln!(out, "        {key}: [{}]", items.join(", "));
}

fn flow_item(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(['-', '?', ':', ' ', '!', '&', '*', '|', '>', '%', '@', '`'])
        && !s.ends_with(' ')
        && !s.chars().any(|c| {
            matches!(
                c,
                ',' | '[' | ']' | '{' | '}' | '#' | '\'' | '"' | ':' | '\n'
            ) || c.is_control()
        })
        && !matches!(s, "null" | "~" | "true" | "false" | "Null" | "NULL")
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}
