//! The spanned YAML node types that both parsers ([`super::fast`] and
//! [`super::tree`]) build and the readers consume.

use std::borrow::Cow;

/// Where a node is in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct TextPos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub col: u32,
    /// Byte offset of the start.
    pub offset: u32,
    /// Byte length.
    pub len: u32,
}

/// A YAML node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value<'t> {
    /// A scalar as text (borrowed from the source where it can be); `plain`
    /// is false for quoted and block scalars.
    Scalar {
        text: Cow<'t, str>,
        plain: bool,
    },
    Seq(Vec<Node<'t>>),
    Map(Vec<(Node<'t>, Node<'t>)>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node<'t> {
    pub value: Value<'t>,
    pub pos: TextPos,
}

impl Node<'_> {
    /// A plain null (`~`, `null`, or nothing).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// Type name in Chinese for messages.
    pub fn type_label(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "空值",
            Value::Scalar { .. } => "文字",
            Value::Seq(_) => "列表",
            Value::Map(_) => "键值对",
        }
    }

    /// How many nodes the tree under this one holds (this one included).
    pub fn count(&self) -> usize {
        match &self.value {
            Value::Scalar { .. } => 1,
            Value::Seq(v) => v.iter().fold(1, |n, x| n.saturating_add(x.count())),
            Value::Map(v) => v.iter().fold(1, |n, (k, x)| {
                n.saturating_add(k.count()).saturating_add(x.count())
            }),
        }
    }
}
