//! field-missing, seq-missing: the template's required columns.

use super::Doc;
use crate::code::Code;
use crate::diag::Sink;
use crate::format::hongkou::Field;
use crate::model::{Catalog, Kind, Origin, Text, is_blank, loc_of};

/// The documentation of the rules checked here (their code, level and
/// scope are in `src/code.rs`).
pub(super) static DOCS: &[Doc] = &[
    Doc {
        code: Code::FieldMissing,
        summary: "缺少模板要求的必填项",
        why: "附件2、附件3 的每一栏都是目录的组成部分；空着的栏目在汇编和公开时无法补全。",
        bad: "- 序号: 1\n  {Name}: 最低生活保障\n  # 缺{Subject}",
        good: "- 序号: 1\n  {Name}: 最低生活保障\n  {Subject}: 区民政局",
    },
    Doc {
        code: Code::SeqMissing,
        summary: "政务事项缺少序号",
        why: "序号用于在目录清单中引用事项。",
        bad: "- {Name}: 临时救助",
        good: "- 序号: 3\n  {Name}: 临时救助",
    },
];

fn require(sink: &mut Sink, t: &Text, origin: &Origin, field: &str, whose: &str, hint: &str) {
    if is_blank(t) {
        let msg = match t {
            Some(v) if !v.value.trim().is_empty() => {
                format!(
                    "{whose}的“{field}”只写了“{}”，这一栏必须填写",
                    v.value.trim()
                )
            }
            _ => format!("{whose}缺少“{field}”"),
        };
        sink.emit(Code::FieldMissing, loc_of(t, origin), msg)
            .help(hint.to_string());
    }
}

/// Checks the required fields of each template.
pub fn check(cat: &Catalog, sink: &mut Sink) {
    require(
        sink,
        &cat.unit,
        &cat.origin,
        "试点单位",
        "目录",
        "写明试点单位，如“试点单位: 区民政局”",
    );
    require(
        sink,
        &cat.domain,
        &cat.origin,
        "试点领域",
        "目录",
        "写明试点领域，如“试点领域: 社会救助”",
    );
    for item in &cat.items {
        let name = crate::model::text(&item.name);
        let whose = if name.is_empty() {
            "政务事项".to_string()
        } else {
            format!("政务事项“{name}”")
        };
        if is_blank(&item.seq) {
            sink.emit(
                Code::SeqMissing,
                loc_of(&item.seq, &item.origin),
                format!("{whose}缺少序号"),
            )
            .help("按 1、2、3……填写序号");
        }
        require(
            sink,
            &item.category,
            &item.origin,
            Field::Category.header(),
            &whose,
            &format!(
                "填写{}，如行政许可、行政给付、公共服务",
                Field::Category.header()
            ),
        );
        require(
            sink,
            &item.name,
            &item.origin,
            Field::Name.header(),
            &whose,
            &format!("填写{}", Field::Name.header()),
        );
        require(
            sink,
            &item.subject,
            &item.origin,
            Field::Subject.header(),
            &whose,
            "填写办理该事项的机关或机构",
        );
        if cat.kind == Kind::Operational {
            require(
                sink,
                &item.basis,
                &item.origin,
                Field::Basis.header(),
                &whose,
                "附件3 要写明办理的法律依据，如“《社会救助暂行办法》第十一条”",
            );
        }
        for step in &item.steps {
            let sname = crate::model::text(&step.name);
            let swhose = if sname.is_empty() {
                format!("{whose}的办理环节")
            } else {
                format!("办理环节“{sname}”")
            };
            require(
                sink,
                &step.name,
                &step.origin,
                Field::Step.header(),
                &swhose,
                "填写环节名称，如受理、审核、决定、送达",
            );
            require(
                sink,
                &step.time_limit,
                &step.origin,
                Field::TimeLimit.header(),
                &swhose,
                "填写时限，如“即时”“5个工作日”",
            );
            for info in &step.infos {
                require(
                    sink,
                    &info.name,
                    &info.origin,
                    Field::InfoName.header(),
                    &format!("{swhose}的政府信息"),
                    "填写本环节获取或制作的政府信息名称",
                );
            }
        }
    }
}
