//! A YAML tree in which every node knows its line, column and byte range.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

pub use super::node::{Node, TextPos, Value};
use crate::limits::{MAX_YAML_ALIAS_NODES, MAX_YAML_DEPTH, MAX_YAML_NODES};

/// Why a text could not be turned into a tree.
#[derive(Clone, Debug)]
pub struct TreeError {
    pub kind: TreeErrorKind,
    pub message: String,
    pub pos: TextPos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeErrorKind {
    Syntax,
    Limit,
}

/// Maps saphyr's markers (character index, line, column) to byte offsets.
/// Events arrive in text order, so a cursor that moves from the last place
/// keeps the cost linear even for a 50 MB file on one line.
struct Lines<'t> {
    text: &'t str,
    /// Character index and byte offset of the cursor.
    chars: usize,
    bytes: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text,
            chars: 0,
            bytes: 0,
        }
    }

    fn offset(&mut self, char_index: usize) -> usize {
        while self.chars < char_index {
            let Some(c) = self.text.get(self.bytes..).and_then(|r| r.chars().next()) else {
                break;
            };
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        while self.chars > char_index {
            let Some(c) = self
                .text
                .get(..self.bytes)
                .and_then(|r| r.chars().next_back())
            else {
                break;
            };
            self.bytes -= c.len_utf8();
            self.chars -= 1;
        }
        self.bytes
    }

    fn pos(&mut self, m: &saphyr_parser::Marker) -> TextPos {
        TextPos {
            line: u32::try_from(m.line()).unwrap_or(u32::MAX),
            col: u32::try_from(m.col()).unwrap_or(u32::MAX).saturating_add(1),
            offset: u32::try_from(self.offset(m.index())).unwrap_or(u32::MAX),
            len: 0,
        }
    }

    fn span(&mut self, start: &saphyr_parser::Marker, end: &saphyr_parser::Marker) -> TextPos {
        let mut p = self.pos(start);
        let e = self.pos(end);
        p.len = e.offset.saturating_sub(p.offset);
        p
    }
}

/// The scanner stops before an offending tab: point at the first tab from
/// the start of the line it stopped on.
fn tab_near(text: &str, pos: TextPos) -> TextPos {
    let at = (pos.offset as usize).min(text.len());
    let Some(before) = text.get(..at) else {
        return pos;
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let Some(tab) = text.get(line_start..).and_then(|r| r.find('\t')) else {
        return pos;
    };
    let tab = line_start + tab;
    let between = text.get(line_start..tab).unwrap_or("");
    let newlines = between.matches('\n').count();
    let tab_line_start = between
        .rfind('\n')
        .map_or(line_start, |i| line_start + i + 1);
    let col = text
        .get(tab_line_start..tab)
        .map_or(0, |s| s.chars().count());
    TextPos {
        line: pos.line + newlines as u32,
        col: col as u32 + 1,
        offset: tab as u32,
        len: 1,
    }
}

enum Frame<'t> {
    Seq(Vec<Node<'t>>, TextPos, usize),
    Map(Vec<(Node<'t>, Node<'t>)>, Option<Node<'t>>, TextPos, usize),
}

/// Parses the first document of `text` into a spanned tree. An empty text
/// gives `Ok(None)`. Catalogues in the common block style take the fast
/// path ([`super::fast`]); everything else, errors included, the general one.
pub fn parse(text: &str) -> Result<Option<Node<'_>>, TreeError> {
    match super::fast::parse(text) {
        Some(root) => Ok(Some(root)),
        None => parse_general(text),
    }
}

/// [`parse`] with saphyr's general parser only.
pub fn parse_general(text: &str) -> Result<Option<Node<'_>>, TreeError> {
    let mut lines = Lines::new(text);
    let mut stack: Vec<Frame> = Vec::new();
    // Each anchored node with its size in nodes.
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    // Nodes copied for aliases and anchors ([`MAX_YAML_ALIAS_NODES`]).
    let mut copied = 0usize;
    let mut documents = 0usize;

    for ev in Parser::new_from_str(text) {
        let (ev, span) = ev.map_err(|e| {
            let pos = lines.pos(e.marker());
            if e.info().contains("recursion limit") {
                return limit(format!("嵌套超过 {MAX_YAML_DEPTH} 层"), pos);
            }
            TreeError {
                kind: TreeErrorKind::Syntax,
                message: translate_scan_error(e.info()),
                pos: if e.info().contains("tab") {
                    tab_near(text, pos)
                } else {
                    pos
                },
            }
        })?;
        let pos = lines.span(&span.start, &span.end);
        let (node, anchor) = match ev {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(TreeError {
                        kind: TreeErrorKind::Syntax,
                        message: "一个文件只能有一个 YAML 文档（发现了第二个“---”）".into(),
                        pos,
                    });
                }
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_YAML_DEPTH {
                    return Err(limit(format!("嵌套超过 {MAX_YAML_DEPTH} 层"), pos));
                }
                stack.push(Frame::Seq(Vec::new(), pos, anchor));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_YAML_DEPTH {
                    return Err(limit(format!("嵌套超过 {MAX_YAML_DEPTH} 层"), pos));
                }
                stack.push(Frame::Map(Vec::new(), None, pos, anchor));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, start, anchor)) => (
                    Node {
                        value: Value::Seq(items),
                        pos: start,
                    },
                    anchor,
                ),
                _ => continue,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(items, _, start, anchor)) => (
                    Node {
                        value: Value::Map(items),
                        pos: start,
                    },
                    anchor,
                ),
                _ => continue,
            },
            Event::Scalar(s, style, anchor, _) => (
                Node {
                    value: Value::Scalar {
                        text: s,
                        plain: style == ScalarStyle::Plain,
                    },
                    pos,
                },
                anchor,
            ),
            Event::Alias(id) => {
                let Some((target, n)) = anchors.get(&id) else {
                    return Err(TreeError {
                        kind: TreeErrorKind::Syntax,
                        message: "别名（*）引用了未定义的锚点（&）".into(),
                        pos,
                    });
                };
                count_copies(&mut copied, &mut nodes, *n, pos)?;
                let mut copy = target.clone();
                copy.pos = pos;
                (copy, 0)
            }
            _ => continue,
        };
        nodes = nodes.saturating_add(1);
        if nodes > MAX_YAML_NODES {
            return Err(limit(format!("节点超过 {MAX_YAML_NODES} 个"), pos));
        }
        if anchor != 0 {
            // The anchored copy counts too: nested anchors would otherwise
            // copy a big tree once per level.
            let n = node.count();
            count_copies(&mut copied, &mut nodes, n, pos)?;
            anchors.insert(anchor, (node.clone(), n));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(items, _, _)) => items.push(node),
            Some(Frame::Map(items, key, _, _)) => match key.take() {
                None => *key = Some(node),
                Some(k) => items.push((k, node)),
            },
        }
    }
    Ok(root)
}

/// Counts `n` nodes copied for an alias or an anchor against both limits:
/// the copies ([`MAX_YAML_ALIAS_NODES`], the alias-bomb guard) and all
/// nodes ([`MAX_YAML_NODES`]).
fn count_copies(
    copied: &mut usize,
    nodes: &mut usize,
    n: usize,
    pos: TextPos,
) -> Result<(), TreeError> {
    *copied = copied.saturating_add(n);
    *nodes = nodes.saturating_add(n);
    if *copied > MAX_YAML_ALIAS_NODES {
        return Err(limit(
            format!(
                "别名（*）和锚点（&）复制的节点超过 {MAX_YAML_ALIAS_NODES} 个（疑似“别名炸弹”）"
            ),
            pos,
        ));
    }
    if *nodes > MAX_YAML_NODES {
        return Err(limit(format!("节点超过 {MAX_YAML_NODES} 个"), pos));
    }
    Ok(())
}

fn limit(message: String, pos: TextPos) -> TreeError {
    TreeError {
        kind: TreeErrorKind::Limit,
        message,
        pos,
    }
}

/// Puts the parser's most common messages into Chinese, keeping the original.
fn translate_scan_error(info: &str) -> String {
    let zh = if info.contains("tab") {
        "这里不能用制表符（Tab）缩进，请改用空格"
    } else if info.contains("mapping values are not allowed") {
        "这里不能出现“键: 值”（常见原因：冒号后的文字含有“: ”需要加引号，或缩进不对）"
    } else if info.contains("did not find expected key") || info.contains("did not find expected") {
        "缩进或结构不对：没有找到预期的键"
    } else if info.contains("could not find expected ':'") {
        "缺少冒号“:”"
    } else if info.contains("unclosed quote") || info.contains("found unexpected end of stream") {
        "文件意外结束（可能有未闭合的引号或括号）"
    } else if info.contains("invalid indentation") || info.contains("indentation") {
        "缩进不一致"
    } else {
        "YAML 语法错误"
    };
    format!("{zh}（{info}）")
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
    fn positions_are_line_and_char_column() {
        let text = "试点单位: 区民政局\n政务事项:\n  - 序号: 1\n";
        let root = parse(text).unwrap().unwrap();
        let Value::Map(items) = &root.value else {
            panic!()
        };
        let (k, v) = &items[0];
        assert_eq!((k.pos.line, k.pos.col), (1, 1));
        assert_eq!((v.pos.line, v.pos.col), (1, 7));
        assert_eq!(
            &text[v.pos.offset as usize..(v.pos.offset + v.pos.len) as usize],
            "区民政局"
        );
        let Value::Seq(seq) = &items[1].1.value else {
            panic!()
        };
        let Value::Map(item) = &seq[0].value else {
            panic!()
        };
        assert_eq!((item[0].1.pos.line, item[0].1.pos.col), (3, 9));
    }

    /// `a0` a list of 10 scalars, each next `aN` a list of 10 aliases of
    /// the one before, up to `a{levels}`.
    fn laughs(levels: usize) -> String {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..=levels {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [{}]\n",
                vec![format!("*a{p}"); 10].join(", ")
            ));
        }
        text
    }

    #[test]
    fn alias_bomb_is_refused() {
        let err = parse(&laughs(11)).unwrap_err();
        assert_eq!(err.kind, TreeErrorKind::Limit);
    }

    #[test]
    fn aliases_under_the_copy_limit_are_expanded() {
        // 10 × 10 × 10 × 10 scalars through nested aliases: about 25,000
        // nodes copied (aliases and anchors), under MAX_YAML_ALIAS_NODES;
        // one more level copies 111,110 more.
        let text = laughs(3);
        let root = parse(&text).unwrap().unwrap();
        assert!(root.count() > 10_000);
        let err = parse(&laughs(4)).unwrap_err();
        assert_eq!(err.kind, TreeErrorKind::Limit);
        assert!(err.message.contains("别名炸弹"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(10_000);
        assert!(parse(&text).is_err());
    }
}
