//! Catalogue formats, each described once as data.
//!
//! A format ([`Format`]) names its kinds of catalogue (the pilot's 附件2 and
//! 附件3), its levels (政务事项 → 办理环节 → 政府信息) and, per column, the
//! YAML key, the header as printed and the header variants accepted when
//! reading, the level it belongs to, whether each kind has it
//! ([`Presence`]), what it holds ([`ValueKind`]), how it is printed and the
//! help shown in templates. The readers (YAML keys, unknown-key
//! suggestions, workbook header detection), the writers (YAML, templates,
//! domain and annotated workbooks), the JSON Schema, the booklet's column
//! metadata, diff and stats take the words from here instead of spelling
//! them out.
//!
//! The pilot's templates are the first format, [`hongkou::HONGKOU_2017`].
//! Its model stays typed ([`crate::model::Item`] etc.); [`hongkou::Field`]
//! names its columns, and the consumers ask the description for the words.
//!
//! # A second format
//!
//! The national 基层政务公开标准目录 (`national-2019`) would be a new
//! description beside `hongkou`, with its own field enum:
//! - levels `一级事项` → `二级事项` (two [`Level`]s; the first merged down its
//!   rows, like the pilot's 政务事项);
//! - 公开渠道和载体 a set-valued [`Choice`] (`many: true`) whose options are the
//!   13 standard channels, laid out either as one checklist cell
//!   ([`ChoiceLayout::Checklist`] with `on: "■"`, `off: "□"`, 口 accepted for
//!   □) or as √ sub-columns ([`ChoiceLayout::Ticks`]);
//! - 公开对象, 公开方式 and 公开层级 further `many` choices in tick groups, the
//!   last with [`Presence::Optional`] because some tables leave it out;
//! - 公开时限 a [`ValueKind::TimeLimit`], 公开依据 a [`ValueKind::Text`].
//!
//! What truly differs (its rules and its booklet layout) is new code; the
//! header recognition, unknown-key help, schema and template help come
//! from the description through the generic functions below.

pub mod hongkou;

/// A catalogue format: its kinds, levels and columns.
#[derive(Debug)]
pub struct Format<F: 'static> {
    /// Stable identifier, e.g. `hongkou-2017`.
    pub id: &'static str,
    /// The kinds of catalogue, in the order [`Column::kinds`] follows.
    pub kinds: &'static [KindSpec],
    /// The catalogue's own keys (unit, domain, kind) and its list key.
    pub catalog: CatalogKeys,
    /// The levels, outermost first; [`Column::level`] indexes this.
    pub levels: &'static [Level],
    /// Every column of every kind, in the order the workbook shows them.
    pub columns: &'static [Column<F>],
}

/// The keys of a catalogue file above its rows.
#[derive(Debug)]
pub struct CatalogKeys {
    /// 试点单位.
    pub unit: Key,
    /// 试点领域.
    pub domain: Key,
    /// 目录类型.
    pub kind: Key,
}

/// A key of the catalogue file with its schema description.
#[derive(Debug)]
pub struct Key {
    /// The YAML key.
    pub key: &'static str,
    /// What the JSON Schema says about it.
    pub doc: &'static str,
}

/// One kind of catalogue of a format.
#[derive(Debug)]
pub struct KindSpec {
    /// 标准化目录.
    pub label: &'static str,
    /// 附件2.
    pub annex: &'static str,
    /// The title after the domain: 领域政务公开事项标准化目录.
    pub title: &'static str,
    /// Every text naming this kind (label, annex and their variants).
    pub names: &'static [&'static str],
    /// What the JSON Schema says about the label.
    pub doc: &'static str,
}

/// A level of rows (政务事项, 办理环节, 政府信息).
#[derive(Debug)]
pub struct Level {
    /// What one row of this level is called.
    pub name: &'static str,
    /// The YAML key of the list holding this level's rows.
    pub list_key: &'static str,
    /// What the JSON Schema says about one row.
    pub doc: &'static str,
    /// What the JSON Schema says about the list.
    pub list_doc: &'static str,
    /// Whether a workbook merges this level's cells down its rows (every
    /// level but the innermost).
    pub merged: bool,
    /// The name of its definition in the JSON Schema.
    pub schema_def: &'static str,
}

/// One column.
#[derive(Debug)]
pub struct Column<F: 'static> {
    /// Which column this is, for the consumers' typed code.
    pub field: F,
    /// The YAML key.
    pub key: &'static str,
    /// The header as the template prints it.
    pub header: &'static str,
    /// The header written in workbooks (with line breaks).
    pub sheet_header: &'static str,
    /// Header texts accepted when reading a workbook; see [`Match`].
    pub accept: &'static [Match],
    /// Headers are tried in this order (lower first): a header that holds
    /// another column's words ("事项五公开" holds "五公开") is tried first.
    pub rank: u8,
    /// Index into [`Format::levels`].
    pub level: usize,
    /// Per kind, in the order of [`Format::kinds`].
    pub kinds: &'static [InKind],
    /// What the column holds.
    pub value: ValueKind,
    /// Width in a workbook (Excel character units).
    pub sheet_width: f64,
    /// Centred in workbooks and the booklet (short marks and numbers).
    pub centered: bool,
    /// What the JSON Schema says about the key.
    pub doc: &'static str,
}

/// A column in one kind.
#[derive(Debug)]
pub struct InKind {
    /// Whether the kind has the column and must fill it.
    pub presence: Presence,
    /// How the booklet prints it (`None`: not printed).
    pub print: Option<Print>,
    /// The template's 填表说明 line (`None`: no line). `{categories}`,
    /// `{routes}`, `{media}` and `{deadline}` are replaced by the project's
    /// vocabulary.
    pub help: Option<&'static str>,
}

/// Whether a kind has a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Always in the table and must be filled.
    Required,
    /// Always in the table; may be blank.
    Always,
    /// Written only when some row has a value.
    Optional,
    /// Not part of this kind.
    Absent,
}

/// How the booklet prints a column.
#[derive(Clone, Copy, Debug)]
pub struct Print {
    /// Column width.
    pub width: Width,
    /// Header lines (the printed header breaks between them).
    pub header: &'static [&'static str],
    /// Centred (short words and numbers).
    pub centered: bool,
}

/// A printed column width.
#[derive(Clone, Copy, Debug)]
pub enum Width {
    /// A share of the remaining width.
    Fr(f64),
    /// A fixed width in em.
    Em(f64),
}

/// What a column holds.
#[derive(Clone, Copy, Debug)]
pub enum ValueKind {
    /// Free text.
    Text,
    /// A sequence number (YAML may write it as a number).
    Number,
    /// A time limit (即时, 5个工作日, …; YAML may write a number).
    TimeLimit,
    /// Text naming a legal ground (the pilot's reason for withholding).
    LegalReason,
    /// One of the project's vocabulary words.
    Vocabulary,
    /// One (or, with `many`, several) of fixed options.
    Choice(&'static Choice),
}

/// Fixed options, and how a table may lay them out.
#[derive(Debug)]
pub struct Choice {
    /// The options, in the template's order.
    pub options: &'static [Opt],
    /// Whether several may be chosen (a set, e.g. the national channels).
    pub many: bool,
    /// The layouts a workbook may use; the first is the one gkml writes.
    pub layouts: &'static [ChoiceLayout],
    /// What the JSON Schema says about the value.
    pub doc: &'static str,
    /// The name of its definition in the JSON Schema.
    pub schema_def: &'static str,
}

/// One option of a [`Choice`].
#[derive(Debug)]
pub struct Opt {
    /// The template's term.
    pub label: &'static str,
    /// Other spellings read as this option.
    pub aliases: &'static [&'static str],
    /// The sub-column header written in workbooks (with line breaks).
    pub sheet_header: &'static str,
}

/// How a workbook lays out a [`Choice`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChoiceLayout {
    /// One sub-column per option under a merged group header; the chosen
    /// ones hold a mark (√, ✓, ✔ …).
    Ticks,
    /// One column holding the option's name (a dropdown column).
    OneColumn,
    /// One cell listing every option with a mark before each, `on` for the
    /// chosen ones and `off` for the others (■/□).
    Checklist {
        /// The mark of a chosen option.
        on: &'static str,
        /// The mark of an option not chosen.
        off: &'static str,
    },
}

/// A header text a column accepts (after [`normalise`]).
#[derive(Clone, Copy, Debug)]
pub enum Match {
    /// Exactly one of these.
    Exact(&'static [&'static str]),
    /// Holds one of these.
    Contains(&'static [&'static str]),
    /// Holds all of these.
    ContainsAll(&'static [&'static str]),
    /// Names one of the column's options (a tick sub-column).
    Option,
}

/// What a header cell names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heading<F> {
    /// A column.
    Column(F),
    /// One option's sub-column of a [`Choice`] column.
    Option(F, usize),
}

impl Choice {
    /// The option a text names (label or alias, white space ignored).
    pub fn parse(&self, s: &str) -> Option<usize> {
        let spaced;
        let s = if s.contains(char::is_whitespace) {
            spaced = s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            spaced.as_str()
        } else {
            s
        };
        self.options
            .iter()
            .position(|o| o.label == s || o.aliases.contains(&s))
    }

    /// The labels joined with 、.
    pub fn labels(&self) -> String {
        self.options
            .iter()
            .map(|o| o.label)
            .collect::<Vec<_>>()
            .join("、")
    }
}

impl<F: Copy + PartialEq + std::fmt::Debug> Format<F> {
    /// The column of a field.
    pub fn column(&self, field: F) -> Option<&'static Column<F>> {
        self.columns.iter().find(|c| c.field == field)
    }

    /// The columns of a level in a kind (index into [`Format::kinds`]), in
    /// order, those the kind does not have left out.
    pub fn level_columns(
        &self,
        level: usize,
        kind: usize,
    ) -> impl Iterator<Item = &'static Column<F>> + '_ {
        self.columns
            .iter()
            .filter(move |c| c.level == level && c.has(kind))
    }

    /// The YAML keys of a level in a kind: its columns, then the list key of
    /// the next level (if any).
    pub fn level_keys(&self, level: usize, kind: usize) -> Vec<&'static str> {
        let mut keys = Vec::new();
        for c in self.level_columns(level, kind) {
            if !keys.contains(&c.key) {
                keys.push(c.key);
            }
        }
        if let Some(next) = self.levels.get(level + 1) {
            keys.push(next.list_key);
        }
        keys
    }

    /// Keys some kind has and `kind` does not (with the kind that has them).
    pub fn keys_not_in(&self, kind: usize) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for c in self.columns {
            if !c.has(kind)
                && (0..self.kinds.len()).any(|k| c.has(k))
                && !out.contains(&c.key)
                && !self.columns.iter().any(|o| o.key == c.key && o.has(kind))
            {
                out.push(c.key);
            }
        }
        out
    }

    /// What a header cell names, trying the columns by [`Column::rank`].
    /// `None` for a text no column accepts; a choice column's own header
    /// (the group over its tick sub-columns, or a one-column layout) gives
    /// [`Heading::Column`].
    pub fn classify(&self, text: &str) -> Option<Heading<F>> {
        let t = normalise(text);
        if t.is_empty() {
            return None;
        }
        let mut order: Vec<&Column<F>> = self.columns.iter().collect();
        order.sort_by_key(|c| c.rank);
        for c in order {
            for m in c.accept {
                let hit = match m {
                    Match::Exact(w) => w.contains(&t.as_str()),
                    Match::Contains(w) => w.iter().any(|w| t.contains(w)),
                    Match::ContainsAll(w) => w.iter().all(|w| t.contains(w)),
                    Match::Option => {
                        if let ValueKind::Choice(ch) = c.value
                            && let Some(i) = ch.parse(&t)
                        {
                            return Some(Heading::Option(c.field, i));
                        }
                        false
                    }
                };
                if hit {
                    return Some(Heading::Column(c.field));
                }
            }
        }
        None
    }

    /// The kind a text names (label, annex or a variant), as an index into
    /// [`Format::kinds`].
    pub fn kind_named(&self, s: &str) -> Option<usize> {
        let spaced;
        let s = if s.contains(char::is_whitespace) {
            spaced = s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            spaced.as_str()
        } else {
            s
        };
        self.kinds.iter().position(|k| k.names.contains(&s))
    }
}

impl<F> Column<F> {
    /// Whether kind `kind` has this column.
    pub fn has(&self, kind: usize) -> bool {
        self.kinds
            .get(kind)
            .is_some_and(|k| k.presence != Presence::Absent)
    }

    /// The column in kind `kind`.
    pub fn in_kind(&self, kind: usize) -> Option<&'static InKind> {
        self.kinds.get(kind)
    }

    /// Whether every kind must fill it.
    pub fn required_everywhere(&self) -> bool {
        self.kinds.iter().all(|k| k.presence == Presence::Required)
    }
}

/// Header text normalised: no spaces or line breaks, ASCII for full-width
/// forms, no bracketed notes, no required-field stars.
pub fn normalise(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = (depth - 1i32).max(0),
            c if c.is_whitespace() || c == '*' || c == '\u{3000}' => {}
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}
