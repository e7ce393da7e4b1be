//! Reading workbooks (placeholder until the Excel reader lands).
use crate::diag::Sink;
use crate::model::{Catalog, Loc};
use crate::project::Config;
use crate::rules::Code;
use std::path::Path;
use std::sync::Arc;

/// Reads every catalogue in a workbook.
pub fn read_workbook(
    _path: &Path,
    shown: &Arc<str>,
    _cfg: &Config,
    sink: &mut Sink,
) -> Option<Vec<Catalog>> {
    sink.emit(
        Code::FileUnreadable,
        &Loc::file(shown),
        "暂不支持读取工作簿",
    );
    None
}
