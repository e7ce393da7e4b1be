//! The catalogue model every reader produces and every output consumes.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A place in an input file that a diagnostic can point at.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pos {
    /// The file as a whole.
    File,
    /// A place in a text file: 1-based line and column (in characters), and
    /// the byte range for the source snippet.
    Text {
        line: u32,
        col: u32,
        offset: u32,
        len: u32,
    },
    /// A workbook cell (0-based row and column); for a merged cell, its
    /// top-left cell.
    Cell { sheet: Arc<str>, row: u32, col: u32 },
}

/// File plus position.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: Arc<str>,
    pub pos: Pos,
}

impl Loc {
    /// The whole file.
    pub fn file(file: &Arc<str>) -> Self {
        Loc {
            file: file.clone(),
            pos: Pos::File,
        }
    }

    /// A workbook cell.
    pub fn cell(file: &Arc<str>, sheet: &Arc<str>, row: u32, col: u32) -> Self {
        Loc {
            file: file.clone(),
            pos: Pos::Cell {
                sheet: sheet.clone(),
                row,
                col,
            },
        }
    }

    /// `12:5` for text, `Sheet1!C7` for a cell, empty for a whole file.
    pub fn position_label(&self) -> String {
        match &self.pos {
            Pos::File => String::new(),
            Pos::Text { line, col, .. } => format!("{line}:{col}"),
            Pos::Cell { sheet, row, col } => format!("{sheet}!{}", cell_name(*row, *col)),
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.pos {
            Pos::File => write!(f, "{}", self.file),
            _ => write!(f, "{}:{}", self.file, self.position_label()),
        }
    }
}

/// `C7` from 0-based row and column.
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// `A`, `B`, … `Z`, `AA` … from a 0-based column.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// Where a node of the model starts. Ignored by equality, so that models
/// read from different sources compare by content alone.
#[derive(Clone, Debug)]
pub struct Origin(pub Loc);

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A value with the place it was read from. Equality compares the value only.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub loc: Loc,
    /// The text as the user wrote it (for a cell, what the cell shows), when
    /// it differs from `value` or is worth quoting in a diagnostic.
    pub raw: Option<Arc<str>>,
}

impl<T> Spanned<T> {
    pub fn new(value: T, loc: Loc) -> Self {
        Spanned {
            value,
            loc,
            raw: None,
        }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

/// An optional piece of text from the input; `None` when absent or blank.
pub type Text = Option<Box<Spanned<String>>>;

/// The value of an optional text field, or "".
pub fn text(t: &Text) -> &str {
    t.as_ref().map(|s| s.value.as_str()).unwrap_or("")
}

/// Which template a catalogue follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Kind {
    /// 附件2 标准化目录.
    Standard,
    /// 附件3 规范化操作目录.
    Operational,
}

/// The disclosure attribute of a piece of information.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Attr {
    /// 主动公开
    Active,
    /// 依申请公开
    OnRequest,
    /// 部分公开
    Partial,
    /// 不予公开
    Withheld,
}

impl Attr {
    pub const ALL: [Attr; 4] = [Attr::Active, Attr::OnRequest, Attr::Partial, Attr::Withheld];

    /// 部分公开 and 不予公开 need a reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Attr::Partial | Attr::Withheld)
    }
}

/// The five openings (五公开).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Aspect {
    Decision,
    Execution,
    Management,
    Service,
    Result,
}

impl Aspect {
    pub const ALL: [Aspect; 5] = [
        Aspect::Decision,
        Aspect::Execution,
        Aspect::Management,
        Aspect::Service,
        Aspect::Result,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Aspect::Decision => "决策公开",
            Aspect::Execution => "执行公开",
            Aspect::Management => "管理公开",
            Aspect::Service => "服务公开",
            Aspect::Result => "结果公开",
        }
    }

    /// Reads 决策公开 or 决策 etc.
    pub fn parse(s: &str) -> Option<Aspect> {
        let s = s.trim();
        Aspect::ALL
            .into_iter()
            .find(|a| s == a.label() || a.label().strip_suffix("公开") == Some(s))
    }

    /// Splits "决策公开、结果公开" into aspects; `Err` holds the unknown part.
    pub fn parse_list(s: &str) -> Result<Vec<Aspect>, String> {
        let mut out = Vec::new();
        for part in s
            .split(['、', ',', '，', ';', '；', '/', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match Aspect::parse(part) {
                Some(a) => out.push(a),
                None => return Err(part.to_string()),
            }
        }
        Ok(out)
    }
}

/// One catalogue: one unit, one domain, one template.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    pub origin: Origin,
    /// Display path of the file it came from.
    pub file: Arc<str>,
    /// For a workbook: the sheet holding this catalogue.
    pub sheet: Option<Arc<str>>,
    /// 试点单位
    pub unit: Text,
    /// 试点领域
    pub domain: Text,
    /// 目录类型
    pub kind: Kind,
    /// 政务事项
    pub items: Vec<Item>,
}

/// 政务事项.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub origin: Origin,
    /// 序号
    pub seq: Text,
    /// The item's category.
    pub category: Text,
    /// The item's name.
    pub name: Text,
    /// Who handles the item.
    pub subject: Text,
    /// The item's legal basis (附件3).
    pub basis: Text,
    /// 五公开 (optional)
    pub aspect: Text,
    /// 备注 (optional)
    pub remark: Text,
    /// 办理环节
    pub steps: Vec<Step>,
}

/// A step of handling an item.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub origin: Origin,
    /// The step's name.
    pub name: Text,
    /// The step's time limit.
    pub time_limit: Text,
    /// 政府信息
    pub infos: Vec<Info>,
}

/// A piece of government information a step produces.
#[derive(Clone, Debug, PartialEq)]
pub struct Info {
    pub origin: Origin,
    /// The information's name.
    pub name: Text,
    /// The attribute(s), as marked (a rule checks there is exactly one).
    pub attrs: Vec<Spanned<Attr>>,
    /// Where to point when no attribute is marked.
    pub attr_origin: Origin,
    /// Why it is withheld in whole or in part.
    pub reason: Text,
    /// When it is published (附件3).
    pub time: Text,
    /// Where it is published (附件3).
    pub route: Text,
    /// In what medium (附件3).
    pub medium: Text,
    /// 五公开 (optional)
    pub aspect: Text,
    /// 备注 (optional)
    pub remark: Text,
}

impl Info {
    /// Every text field of the information (the attribute aside).
    pub fn texts_mut(&mut self) -> [&mut Text; 7] {
        [
            &mut self.name,
            &mut self.reason,
            &mut self.time,
            &mut self.route,
            &mut self.medium,
            &mut self.aspect,
            &mut self.remark,
        ]
    }

    /// The attribute when exactly one is marked.
    pub fn attr(&self) -> Option<Attr> {
        match self.attrs.as_slice() {
            [one] => Some(one.value),
            _ => None,
        }
    }
}

impl Catalog {
    /// (items, steps, pieces of information).
    pub fn counts(&self) -> (usize, usize, usize) {
        let steps = self.items.iter().map(|i| i.steps.len()).sum();
        let infos = self
            .items
            .iter()
            .flat_map(|i| &i.steps)
            .map(|s| s.infos.len())
            .sum();
        (self.items.len(), steps, infos)
    }

    /// "区民政局 社会救助 标准化目录" for messages.
    pub fn title(&self) -> String {
        format!(
            "{} {} {}",
            text(&self.unit),
            text(&self.domain),
            self.kind.label()
        )
    }
}

/// True when a text is absent, blank or only a placeholder for "nothing"
/// ("/", "无", "—", "不涉及" …), which liaisons write in cells that do not
/// apply to a row.
pub fn is_blank(t: &Text) -> bool {
    t.as_ref()
        .is_none_or(|s| trim(&s.value).is_empty() || is_placeholder(&s.value))
}

/// `str::trim`, quicker when there is nothing to trim (most texts): every
/// Unicode white space character starts with one of the bytes tested first
/// and ends with one of the bytes tested last.
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let may_start = |x: &u8| matches!(x, 0x09..=0x0d | 0x20 | 0xc2 | 0xe1 | 0xe2 | 0xe3);
    let may_end =
        |x: &u8| matches!(x, 0x09..=0x0d | 0x20 | 0x80..=0x8a | 0x9f | 0xa0 | 0xa8 | 0xa9 | 0xaf);
    if b.first().is_some_and(may_start) || b.last().is_some_and(may_end) {
        s.trim()
    } else {
        s
    }
}

/// Cell texts that mean "nothing here".
pub fn is_placeholder(s: &str) -> bool {
    matches!(
        trim(s),
        "/" | "／"
            | "\\"
            | "-"
            | "--"
            | "－"
            | "—"
            | "——"
            | "–"
            | "无"
            | "暂无"
            | "不涉及"
            | "不适用"
            | "N/A"
            | "n/a"
            | "NA"
    )
}

/// Where a (possibly blank) text is, or the node's origin when absent.
pub fn loc_of<'a>(t: &'a Text, origin: &'a Origin) -> &'a Loc {
    t.as_ref().map(|s| &s.loc).unwrap_or(&origin.0)
}

impl Catalog {
    /// The same catalogue with blank texts removed, for comparing models read
    /// from different sources.
    pub fn normalized(&self) -> Catalog {
        fn n(t: &Text) -> Text {
            t.as_ref().filter(|s| !s.value.trim().is_empty()).cloned()
        }
        let mut c = self.clone();
        c.sheet = None;
        c.file = Arc::from("");
        c.unit = n(&c.unit);
        c.domain = n(&c.domain);
        for item in &mut c.items {
            for t in [
                &mut item.seq,
                &mut item.category,
                &mut item.name,
                &mut item.subject,
                &mut item.basis,
                &mut item.aspect,
                &mut item.remark,
            ] {
                *t = n(t);
            }
            for step in &mut item.steps {
                step.name = n(&step.name);
                step.time_limit = n(&step.time_limit);
                for info in &mut step.infos {
                    for t in info.texts_mut() {
                        *t = n(t);
                    }
                }
            }
        }
        c
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod trim_tests {
    #[test]
    fn trim_agrees_with_std_on_every_white_space_character() {
        let ws: Vec<char> = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        for &w in &ws {
            for body in ["", "x", "政务", "a b", "“引号”"] {
                for s in [
                    format!("{w}{body}"),
                    format!("{body}{w}"),
                    format!("{w}{body}{w}"),
                    body.to_string(),
                ] {
                    assert_eq!(super::trim(&s), s.trim(), "{s:?}");
                }
            }
        }
    }
}
