//! The national 基层政务公开标准目录 (format `national-2019`) as gkml holds
//! it: one table per 编制单位 and 试点领域, 一级事项 holding their 二级事项
//! rows, every value with the place it was read from (a workbook cell or a
//! YAML line) so that each finding points there.

use std::sync::Arc;

use super::channel::{Mark, MarkMeaning};
use super::labels::{Audience, Method};
use crate::model::{Loc, Text, text};

/// The words of the table: column headings, YAML keys, the format's name.
pub mod keys {
    /// The format's name in a project file's `格式` and a YAML file's `格式`.
    pub const FORMAT_NAME: &str = "national-2019";
    pub const FORMAT: &str = "格式";
    pub const UNIT: &str = "编制单位";
    pub const DOMAIN: &str = "试点领域";
    pub const ITEMS: &str = "公开事项";
    pub const DIR1: &str = "一级目录";
    pub const LEVEL1: &str = "一级事项";
    pub const LEVEL2: &str = "二级事项";
    pub const LEVEL3: &str = "三级事项";
    pub const SEQ: &str = "序号";
    pub const CONTENT: &str = "公开内容（要素）";
    pub const BASIS: &str = "公开依据";
    pub const TIME: &str = "公开时限";
    pub const SUBJECT: &str = "公开主体";
    pub const CHANNELS: &str = "公开渠道和载体";
    pub const AUDIENCE: &str = "公开对象";
    pub const METHOD: &str = "公开方式";
    pub const LEVELS: &str = "公开层级";
    pub const URL: &str = "公开网址";
    pub const NOTE: &str = "备注";
    /// The keys of the file.
    pub const CATALOG: &[&str] = &[FORMAT, UNIT, DOMAIN, ITEMS];
    /// The keys of a 一级事项.
    pub const GROUP: &[&str] = &[DIR1, LEVEL1, LEVEL2];
    /// The keys of a 二级事项 (a row of the table).
    pub const ROW: &[&str] = &[
        SEQ, LEVEL2, LEVEL3, CONTENT, BASIS, TIME, SUBJECT, CHANNELS, AUDIENCE, METHOD, LEVELS,
        URL, NOTE,
    ];
    /// What a table's title ends with when gkml writes it.
    pub const TITLE_END: &str = "领域基层政务公开标准目录";
    /// What the catalogue is called (a booklet's default title ends with it;
    /// `gkml diff` names a table so).
    pub const CATALOG_NAME: &str = "基层政务公开标准目录";
}

/// One national catalogue: a unit's table for one domain.
#[derive(Clone, Debug, PartialEq)]
pub struct NationalCatalog {
    /// The file it was read from, as reports name it.
    pub file: Arc<str>,
    /// The sheet, for a workbook.
    pub sheet: Option<Arc<str>>,
    /// The table as a whole (the title cell, the header, or the YAML root).
    pub origin: Loc,
    /// 编制单位.
    pub unit: Text,
    /// 试点领域 as written (`医疗卫生`); [`super::domain::canonical`] folds it.
    pub domain: Text,
    /// True when the table has a 一级目录 column.
    pub has_dir1: bool,
    /// True when the table has a 三级事项 column.
    pub has_level3: bool,
    /// The 公开层级 columns' labels, in order; `None`: no such columns.
    pub levels: Option<Vec<String>>,
    /// 公开渠道和载体 given as one √ column per channel (their names), not
    /// as a checklist cell.
    pub channel_columns: Option<Vec<String>>,
    /// The 一级事项, in order.
    pub groups: Vec<Group>,
}

/// A 一级事项 and its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// 一级目录, when the table has that column.
    pub dir1: Text,
    /// 一级事项.
    pub name: Text,
    /// Where a missing name is reported.
    pub loc: Loc,
    /// The 二级事项 rows.
    pub rows: Vec<Row>,
}

/// A 二级事项: one row of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The row (its first cell, or its YAML mapping).
    pub loc: Loc,
    /// 二级事项.
    pub name: Text,
    /// 三级事项, when the table has that column.
    pub level3: Text,
    /// 公开内容（要素）.
    pub content: Text,
    /// 公开依据.
    pub basis: Text,
    /// 公开时限, as written.
    pub time: Text,
    /// 公开主体.
    pub subject: Text,
    /// 公开渠道和载体.
    pub channels: Channels,
    /// 公开对象.
    pub audiences: Ticks<Audience>,
    /// 公开方式.
    pub methods: Ticks<Method>,
    /// 公开层级, as the table names the levels; `None`: no such column.
    pub levels: Option<Ticks<String>>,
    /// 公开网址.
    pub url: Text,
    /// 备注.
    pub note: Text,
}

/// The channels of a row, as written (names folded to the vocabulary's).
#[derive(Clone, Debug, PartialEq)]
pub struct Channels {
    pub entries: Vec<Channel>,
    /// The cell (or the first channel column's cell, or the YAML key).
    pub loc: Loc,
    /// True when a mark could not be read (reported already).
    pub unreadable: bool,
}

/// One channel of a row.
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    /// The channel's name (the vocabulary's spelling when it is known).
    pub name: String,
    /// ■ / □ / none.
    pub mark: Mark,
    /// Where it is written.
    pub loc: Loc,
}

impl Channels {
    /// The channels the row uses under the project's ■/□ meaning.
    pub fn used(&self, meaning: MarkMeaning) -> impl Iterator<Item = &Channel> {
        self.entries
            .iter()
            .filter(move |e| meaning == MarkMeaning::Required || e.mark != Mark::Empty)
    }
}

/// The ticked values of a √ group (公开对象, 公开方式, 公开层级).
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks<T> {
    /// What is ticked, in column order.
    pub set: Vec<T>,
    /// The group's first cell on the row (or the YAML key): where "nothing
    /// ticked" is reported.
    pub loc: Loc,
    /// True when a cell could not be read as a tick (reported already).
    pub unreadable: bool,
}

impl NationalCatalog {
    /// The catalogue's rows with their 一级事项.
    pub fn rows(&self) -> impl Iterator<Item = (&Group, &Row)> {
        self.groups
            .iter()
            .flat_map(|g| g.rows.iter().map(move |r| (g, r)))
    }

    /// 一级事项 and 二级事项 counts.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.groups.len(),
            self.groups.iter().map(|g| g.rows.len()).sum(),
        )
    }

    /// The unit, "" when unknown.
    pub fn unit_text(&self) -> &str {
        text(&self.unit)
    }

    /// The domain, "" when unknown.
    pub fn domain_text(&self) -> &str {
        text(&self.domain)
    }
}
