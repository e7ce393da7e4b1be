//! The 公开台账 as read: one unit's records of the pieces of information it
//! has published, each field with the place it was read from.

use std::sync::Arc;

use crate::calendar::Date;
use crate::model::{Loc, Spanned, Text};

/// A publication ledger (公开台账) of one 试点单位.
#[derive(Clone, Debug, PartialEq)]
pub struct Ledger {
    /// Display path of the file it came from.
    pub file: Arc<str>,
    /// Where the ledger starts (the file, or the sheet's title cell).
    pub loc: Loc,
    /// 试点单位 (the 填报单位 of a workbook).
    pub unit: Text,
    /// 试点领域 for every record that does not name its own.
    pub domain: Text,
    /// 公开记录, in file order.
    pub records: Vec<Record>,
}

/// One published piece of information.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The record's row or list entry.
    pub loc: Loc,
    /// 政务事项名称.
    pub item: Text,
    /// 政府信息名称.
    pub info: Text,
    /// 形成日期: when the information was obtained or made; `None` when
    /// absent or unreadable (the reader reports which).
    pub formed: Option<Spanned<Date>>,
    /// 公开日期.
    pub published: Option<Spanned<Date>>,
    /// 公开链接 (optional).
    pub link: Text,
    /// 试点领域 (optional; the ledger's when absent).
    pub domain: Text,
    /// 备注 (optional).
    pub remark: Text,
}

impl Record {
    /// The record's 试点领域, or the ledger's.
    pub fn domain<'a>(&'a self, ledger: &'a Ledger) -> &'a Text {
        if self.domain.is_some() {
            &self.domain
        } else {
            &ledger.domain
        }
    }
}

/// The ledger's words: keys of the YAML form and headers of the workbook.
pub mod keys {
    pub const UNIT: &str = "试点单位";
    pub const DOMAIN: &str = "试点领域";
    pub const RECORDS: &str = "公开记录";
    pub const ITEM: &str = "政务事项名称";
    pub const INFO: &str = "政府信息名称";
    pub const FORMED: &str = "形成日期";
    pub const PUBLISHED: &str = "公开日期";
    pub const LINK: &str = "公开链接";
    pub const REMARK: &str = "备注";
    /// Keys of the ledger mapping.
    pub const LEDGER: &[&str] = &[UNIT, DOMAIN, RECORDS];
    /// Keys of a record.
    pub const RECORD: &[&str] = &[ITEM, INFO, FORMED, PUBLISHED, LINK, DOMAIN, REMARK];
    /// Keys a record must have.
    pub const RECORD_REQUIRED: &[&str] = &[ITEM, INFO, FORMED, PUBLISHED];
}
