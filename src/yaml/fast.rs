//! A fast path for the YAML that catalogues are made of.
//!
//! Almost every catalogue is block mappings and block sequences of one-line
//! scalars, the shape `gkml convert`, `gkml init` and liaisons' editors
//! write. This module parses exactly that subset straight from the lines,
//! several times faster than the general parser, and gives up (returns
//! `None`) on anything else: flow collections, anchors, tags, block scalars,
//! scalars running over several lines, escapes, tabs, a CR other than in a
//! CRLF line end, document
//! markers, unusual characters, or anything that does not fit the expected
//! indentation. The caller then parses the text with saphyr, so every
//! error, and every unusual construct, is handled by one general parser.
//!
//! When it succeeds, the tree is the one [`super::tree::parse`] builds from
//! saphyr's events, node for node, positions included; `tests/yaml_fast.rs`
//! checks this on every YAML file in the repository and on mutations of them.

use std::borrow::Cow;

use super::node::{Node, TextPos, Value};
use crate::limits::{MAX_YAML_DEPTH, MAX_YAML_NODES};

/// One line holding content (blank and comment-only lines are dropped).
#[derive(Clone, Copy)]
struct Line {
    /// Byte offset of the line start.
    start: usize,
    /// Leading spaces.
    indent: usize,
    /// Byte offset of the line end (the `\n` or the end of the text).
    end: usize,
    /// 1-based line number.
    no: u32,
}

struct Parser<'t> {
    text: &'t str,
    lines: Vec<Line>,
    /// The next line to read.
    at: usize,
    nodes: usize,
}

/// Parses `text` when it is in the subset; `None` means "use the general
/// parser" (which may well accept the text).
pub fn parse(text: &str) -> Option<Node<'_>> {
    let lines = split_lines(text)?;
    let mut p = Parser {
        text,
        lines,
        at: 0,
        nodes: 0,
    };
    let first = *p.lines.first()?;
    let root = p.block(first, 0)?;
    // Everything must have been read: a line left over sits at an
    // indentation the structure does not allow.
    if p.at != p.lines.len() {
        return None;
    }
    Some(root)
}

/// Splits the text into content lines, refusing characters the subset does
/// not handle (so the general parser deals with them).
fn split_lines(text: &str) -> Option<Vec<Line>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 40 + 1);
    let mut start = 0usize;
    let mut no = 0u32;
    while start < bytes.len() {
        no = no.checked_add(1)?;
        let rest = bytes.get(start..)?;
        let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let next = start + len + 1;
        // A CRLF line ends before its CR; a CR anywhere else is refused below.
        let len = if bytes.get(start + len) == Some(&b'\n')
            && len > 0
            && rest.get(len - 1) == Some(&b'\r')
        {
            len - 1
        } else {
            len
        };
        let end = start + len;
        let line = bytes.get(start..end)?;
        if !plain_bytes(line) {
            return None;
        }
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        match line.get(indent) {
            None | Some(b'#') => {}
            Some(_) => {
                // Document markers and directives.
                if indent == 0 && (line.starts_with(b"---") || line.starts_with(b"...")) {
                    return None;
                }
                lines.push(Line {
                    start,
                    indent,
                    end,
                    no,
                });
            }
        }
        start = next;
    }
    Some(lines)
}

/// False for control characters, tabs and CR, and for characters YAML
/// treats specially or refuses (C1 controls, U+2028/2029, BOM, U+FFFE/FFFF).
fn plain_bytes(line: &[u8]) -> bool {
    // Quick pass first: most lines hold none of the bytes looked at below.
    if line
        .iter()
        .all(|&b| b >= 0x20 && b != 0x7f && b != 0xc2 && b != 0xe2 && b != 0xef)
    {
        return true;
    }
    line.iter().enumerate().all(|(i, &b)| {
        let (b1, b2) = (line.get(i + 1), line.get(i + 2));
        !match b {
            0x00..=0x1f | 0x7f => true,
            0xc2 => matches!(b1, Some(0x80..=0x9f)),
            0xe2 => b1 == Some(&0x80) && matches!(b2, Some(0xa8 | 0xa9)),
            0xef => {
                (b1 == Some(&0xbb) && b2 == Some(&0xbf))
                    || (b1 == Some(&0xbf) && matches!(b2, Some(0xbe | 0xbf)))
            }
            _ => false,
        }
    })
}

/// Characters that may not start a plain scalar here (or would need care
/// this module does not take).
fn indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'%'
            | b'@'
            | b'`'
            | b'\''
            | b'"'
            | b' '
    )
}

/// `- ` or a lone `-` at the line's content start.
fn is_dash(text: &str, l: &Line) -> bool {
    let b = text.as_bytes();
    let c = l.start + l.indent;
    b.get(c) == Some(&b'-') && (c + 1 == l.end || b.get(c + 1) == Some(&b' '))
}

/// The offset of the `:` that separates a key from its value in
/// `text[from..end]`: the first `:` followed by a space or the line end.
fn key_colon(text: &str, from: usize, end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = from;
    while i < end {
        let colon = i + memchr::memchr(b':', b.get(i..end)?)?;
        if colon + 1 == end || b.get(colon + 1) == Some(&b' ') {
            return Some(colon);
        }
        i = colon + 1;
    }
    None
}

/// `None` (leave it to the general parser) well before its depth limit.
fn too_deep(depth: usize) -> Option<()> {
    (depth < MAX_YAML_DEPTH / 2).then_some(())
}

fn skip_spaces(text: &str, mut i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    while i < end && b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

impl<'t> Parser<'t> {
    fn pos(&self, l: &Line, offset: usize, len: usize) -> TextPos {
        let prefix = self.text.as_bytes().get(l.start..offset).unwrap_or(&[]);
        let chars = prefix.iter().filter(|&&b| (b & 0xc0) != 0x80).count();
        TextPos {
            line: l.no,
            col: u32::try_from(chars + 1).unwrap_or(u32::MAX),
            offset: u32::try_from(offset).unwrap_or(u32::MAX),
            len: u32::try_from(len).unwrap_or(u32::MAX),
        }
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_YAML_NODES).then_some(())
    }

    fn null(&mut self, l: &Line, offset: usize) -> Option<Node<'t>> {
        self.count()?;
        Some(Node {
            value: Value::Scalar {
                text: Cow::Borrowed("~"),
                plain: true,
            },
            pos: self.pos(l, offset, 0),
        })
    }

    fn next_line(&self) -> Option<Line> {
        self.lines.get(self.at).copied()
    }

    /// A block node starting at the content of line `l` (the current line).
    fn block(&mut self, l: Line, depth: usize) -> Option<Node<'t>> {
        if is_dash(self.text, &l) {
            self.seq_at(l.indent, depth, false)
        } else {
            self.map(l.indent, l.start + l.indent, depth)
        }
    }

    /// The value after `key:` or `-` when nothing follows on the line: a
    /// nested block, a sequence at the key's own indentation (`seq_here`),
    /// or null at `after`.
    fn nested(
        &mut self,
        n: usize,
        l: &Line,
        after: usize,
        seq_here: bool,
        depth: usize,
    ) -> Option<Node<'t>> {
        match self.next_line() {
            Some(next) if next.indent > n => self.block(next, depth + 1),
            Some(next) if seq_here && next.indent == n && is_dash(self.text, &next) => {
                self.seq_at(n, depth + 1, true)
            }
            // saphyr places an empty sequence item after the dash when
            // nothing follows it, elsewhere when spaces or a comment do.
            _ if !seq_here && after != l.end => None,
            _ => self.null(l, after),
        }
    }

    /// A block mapping whose keys sit at column `n`; the first key starts at
    /// byte `key_at` of the current line.
    fn map(&mut self, n: usize, mut key_at: usize, depth: usize) -> Option<Node<'t>> {
        too_deep(depth)?;
        let first = self.next_line()?;
        let map_pos = self.pos(&first, key_at, 0);
        self.count()?;
        let mut entries = Vec::new();
        loop {
            let l = self.next_line()?;
            let colon = key_colon(self.text, key_at, l.end)?;
            let key_text = self.text.get(key_at..colon)?;
            let kb = key_text.as_bytes();
            if kb.is_empty()
                || kb.len() > 512
                || kb.first().is_some_and(|&b| indicator(b))
                || kb.last() == Some(&b' ')
                || kb.contains(&b'#')
            {
                return None;
            }
            self.count()?;
            let key = Node {
                value: Value::Scalar {
                    text: Cow::Borrowed(key_text),
                    plain: true,
                },
                pos: self.pos(&l, key_at, kb.len()),
            };
            let v = skip_spaces(self.text, colon + 1, l.end);
            let value = if v == l.end || self.text.as_bytes().get(v) == Some(&b'#') {
                self.at += 1;
                // An empty value sits at the colon, as saphyr places it.
                self.nested(n, &l, colon, true, depth)?
            } else {
                let s = self.scalar(&l, v)?;
                self.at += 1;
                s
            };
            entries.push((key, value));
            match self.next_line() {
                None => break,
                Some(next) if next.indent > n => return None,
                Some(next) if next.indent < n || is_dash(self.text, &next) => break,
                Some(next) => key_at = next.start + n,
            }
        }
        Some(Node {
            value: Value::Map(entries),
            pos: map_pos,
        })
    }

    /// A block sequence whose dashes sit at column `n`, from the current
    /// line; `indentless` when it is a mapping value at the key's own
    /// indentation, which saphyr places at the first item's content instead
    /// of its dash.
    fn seq_at(&mut self, n: usize, depth: usize, indentless: bool) -> Option<Node<'t>> {
        too_deep(depth)?;
        let first = self.next_line()?;
        let seq_pos = if indentless {
            let c = skip_spaces(self.text, first.start + n + 1, first.end);
            if c == first.end || self.text.as_bytes().get(c) == Some(&b'#') {
                return None;
            }
            self.pos(&first, c, 0)
        } else {
            self.pos(&first, first.start + n, 0)
        };
        self.count()?;
        let mut items = Vec::new();
        loop {
            let l = self.next_line()?;
            let dash = l.start + n;
            let c = skip_spaces(self.text, dash + 1, l.end);
            let b = self.text.as_bytes();
            let item = if c == l.end || b.get(c) == Some(&b'#') {
                self.at += 1;
                self.nested(n, &l, dash + 1, false, depth)?
            } else if b.get(c) == Some(&b'-') || b.get(c) == Some(&b'\'') || b.get(c) == Some(&b'"')
            {
                // A nested sequence on the dash line, or a quoted scalar
                // that may be a key: leave both to the general parser.
                return None;
            } else if key_colon(self.text, c, l.end).is_some() {
                self.map(c - l.start, c, depth + 1)?
            } else {
                let s = self.scalar(&l, c)?;
                self.at += 1;
                s
            };
            items.push(item);
            match self.next_line() {
                None => break,
                Some(next) if next.indent > n => return None,
                Some(next) if next.indent < n || !is_dash(self.text, &next) => break,
                Some(_) => {}
            }
        }
        Some(Node {
            value: Value::Seq(items),
            pos: seq_pos,
        })
    }

    /// A one-line scalar value starting at byte `v` of line `l`.
    fn scalar(&mut self, l: &Line, v: usize) -> Option<Node<'t>> {
        let b = self.text.as_bytes();
        let first = *b.get(v)?;
        let (text, plain, len) = match first {
            b'"' | b'\'' => {
                let inner = v + 1;
                let close = (inner..l.end).find(|&i| b.get(i) == Some(&first))?;
                // Nothing may follow the closing quote, and no escapes.
                if close + 1 != l.end {
                    return None;
                }
                let t = self.text.get(inner..close)?;
                if first == b'"' && t.contains('\\') {
                    return None;
                }
                (t, false, close + 1 - v)
            }
            _ if indicator(first) => return None,
            _ => {
                // A comment starts at " #".
                let mut end = l.end;
                let mut i = v;
                while let Some(h) = b.get(i..l.end).and_then(|r| memchr::memchr(b'#', r)) {
                    let hash = i + h;
                    if hash > v && b.get(hash - 1) == Some(&b' ') {
                        end = hash - 1;
                        break;
                    }
                    i = hash + 1;
                }
                while end > v && b.get(end - 1) == Some(&b' ') {
                    end -= 1;
                }
                let t = self.text.get(v..end)?;
                if t.ends_with(':') || key_colon(self.text, v, end).is_some() {
                    return None;
                }
                (t, true, end - v)
            }
        };
        self.count()?;
        Some(Node {
            value: Value::Scalar {
                text: Cow::Borrowed(text),
                plain,
            },
            pos: self.pos(l, v, len),
        })
    }
}
