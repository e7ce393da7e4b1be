//! Blank, fillable templates (`gkml template`, `gkml init`) with a 填表说明
//! sheet taken from the format description.

use std::collections::HashSet;

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::{
    DATA_START, Extras, FONT, Formats, Plan, TEMPLATE_ROWS, WriteError, new_workbook, sheet_name,
    write_frame,
};
use crate::config::Config;
use crate::format::hongkou::HONGKOU_2017;
use crate::model::Kind;
use crate::xlsx::layout::Role;

/// A blank, fillable template (with a 填表说明 sheet after it).
pub fn template(
    kind: Kind,
    unit: Option<&str>,
    domain: Option<&str>,
    cfg: &Config,
) -> Result<Vec<u8>, WriteError> {
    let mut wb = new_workbook(cfg)?;
    let fm = Formats::new();
    let extras = Extras {
        aspect: kind == Kind::Operational,
        remark: true,
        ..Extras::default()
    };
    let unit = unit.unwrap_or("").trim();
    let domain = domain.unwrap_or("").trim();
    let mut used = HashSet::new();
    let wanted = if domain.is_empty() {
        kind.label().to_string()
    } else {
        format!("{domain}-{}", kind.label())
    };
    let p = Plan::new(sheet_name(&wanted, &mut used), kind, domain, unit, extras);
    let ws = wb.add_worksheet();
    ws.set_name(&p.name)?;
    write_frame(ws, &p, &fm, cfg, TEMPLATE_ROWS)?;
    for r in DATA_START..DATA_START + TEMPLATE_ROWS {
        for (i, c) in p.cols.iter().enumerate() {
            let Ok(ci) = u16::try_from(i) else { continue };
            let f = if matches!(c.role, Role::Seq | Role::Attr(_)) {
                &fm.center
            } else {
                &fm.text
            };
            ws.write_blank(r, ci, f)?;
        }
    }
    help_sheet(&mut wb, kind, cfg)?;
    Ok(super::workbook_bytes(&mut wb)?)
}

/// 填表说明: what goes in each column (two cells a row, so it is never taken
/// for a catalogue table).
fn help_sheet(wb: &mut Workbook, kind: Kind, cfg: &Config) -> Result<(), WriteError> {
    let ws = wb.add_worksheet();
    ws.set_name("填表说明")?;
    let bold = Format::new()
        .set_font_name(FONT)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new()
        .set_font_name(FONT)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 90)?;
    let mut lines: Vec<(String, String)> = vec![
        ("填写方法".into(), "每条政府信息占一行。同一政务事项的序号、分类、名称、主体（附件3 还有依据）可以合并单元格，也可以只在第一行填写、下面留空；同一办理环节的环节名称和办理时限同样处理。表格下方的“注：”行和空行不会读入。".into()),
    ];
    for c in HONGKOU_2017.columns {
        let Some(help) = c.in_kind(kind.index()).and_then(|k| k.help) else {
            continue;
        };
        let help = help
            .replace("{categories}", &cfg.categories.join("、"))
            .replace("{routes}", &cfg.routes.join("、"))
            .replace("{media}", &cfg.media.join("、"))
            .replace("{deadline}", &cfg.deadline_text);
        lines.push((c.header.into(), help));
    }
    lines.push(("校验".into(), "填好后可用 gkml validate 文件名.xlsx 校验；加 --annotate 结果.xlsx 可得到标出问题单元格并附批注的工作簿。".into()));
    ws.write_string_with_format(0, 0, "填表说明", &bold)?;
    for (i, (k, v)) in lines.iter().enumerate() {
        let r = u32::try_from(i).unwrap_or(0) + 2;
        ws.write_string_with_format(r, 0, k, &bold)?;
        ws.write_string_with_format(r, 1, v, &wrap)?;
    }
    Ok(())
}
