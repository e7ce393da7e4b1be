//! Characters no available font has: found before typesetting and reported
//! with where they appear, instead of printing as blank boxes.

use std::collections::BTreeMap;
use std::fmt;

use super::fonts::Fonts;
use crate::compiled::Compiled;

/// How many places are named per character.
const PLACES_SHOWN: usize = 3;

/// A character with no glyph in any available font.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingGlyph {
    pub ch: char,
    /// How often it occurs.
    pub count: usize,
    /// The first places it occurs (see [`crate::compiled::Compiled::texts`]).
    pub places: Vec<String>,
}

impl fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "字符“{}”（U+{:04X}）在可用字体中都没有，排出来会是空白方框；出现在：{}",
            self.ch,
            self.ch as u32,
            self.places.join("；")
        )?;
        if self.count > self.places.len() {
            write!(f, " 等共 {} 处", self.count)?;
        }
        write!(
            f,
            "。请改用常用字，或在 gkml.yaml 的“字体”中指定含有该字的字体（用 --font-path 指明字体目录）"
        )
    }
}

/// Characters typst does not draw (spaces, line breaks, controls,
/// joiners and other default-ignorable characters).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5
            | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0
            | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}

/// Every character of the data no font covers, in code point order.
pub fn check(data: &Compiled, fonts: &Fonts) -> Vec<MissingGlyph> {
    let mut known: BTreeMap<char, bool> = BTreeMap::new();
    let mut missing: BTreeMap<char, MissingGlyph> = BTreeMap::new();
    for (text, place) in data.texts() {
        for c in text.chars() {
            if invisible(c) {
                continue;
            }
            let covered = *known.entry(c).or_insert_with(|| fonts.covers(c));
            if covered {
                continue;
            }
            let m = missing.entry(c).or_insert_with(|| MissingGlyph {
                ch: c,
                count: 0,
                places: Vec::new(),
            });
            m.count += 1;
            if m.places.len() < PLACES_SHOWN && !m.places.contains(&place.0) {
                m.places.push(place.0.clone());
            }
        }
    }
    missing.into_values().collect()
}
