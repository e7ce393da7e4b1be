//! The required columns of a national table (一级事项, 二级事项, 公开内容,
//! 公开依据, 公开时限, 公开主体): reported as `field-missing`, the pilot's
//! rule (documented in `src/rules/fields.rs`).

use crate::code::Code;
use crate::diag::Sink;
use crate::model::{Loc, Text};

use super::super::model::{NationalCatalog, keys};

fn blank(t: &Text) -> bool {
    t.as_ref().is_none_or(|s| s.value.trim().is_empty())
}

/// Reports each blank required cell.
pub fn check(cat: &NationalCatalog, sink: &mut Sink) {
    for g in &cat.groups {
        if blank(&g.name) {
            sink.emit(Code::FieldMissing, &g.loc, "缺少一级事项")
                .help("填写这一行所属的一级事项（合并单元格或只写在第一行均可）");
        }
        for r in &g.rows {
            let fields: [(&str, &Text); 5] = [
                (keys::LEVEL2, &r.name),
                (keys::CONTENT, &r.content),
                (keys::BASIS, &r.basis),
                (keys::TIME, &r.time),
                (keys::SUBJECT, &r.subject),
            ];
            for (what, t) in fields {
                if blank(t) {
                    // A blank cell keeps its place; a key not written
                    // points at the row.
                    let at: &Loc = t.as_ref().map_or(&r.loc, |s| &s.loc);
                    let name = crate::model::text(&r.name);
                    let msg = if name.is_empty() || what == keys::LEVEL2 {
                        format!("缺少“{what}”")
                    } else {
                        format!("二级事项“{name}”缺少“{what}”")
                    };
                    sink.emit(Code::FieldMissing, at, msg).help(format!(
                        "填写“{what}”；不清楚时参照本领域的基层政务公开标准指引"
                    ));
                }
            }
        }
    }
}
