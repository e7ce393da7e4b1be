//! A blank 公开台账 workbook for `gkml template --kind 公开台账`: the title
//! row, the `填报单位：` row, the header from [`COLUMNS`], date columns that
//! take dates as liaisons type them, a frozen header and a 填表说明 sheet.
//! gkml reads what it writes (a unit test keeps it so).

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, XlsxError,
};

use super::model::keys;
use super::workbook::{COLUMNS, TITLE_MARK, UNIT_LABEL};

/// Rows with borders ready to fill.
const ROWS: u32 = 200;
/// The header's row (after the title and 填报单位 rows).
const HEADER_ROW: u32 = 2;

/// What goes in each column, for the input hints and the 填表说明 sheet.
fn help(key: &str) -> &'static str {
    match key {
        "序号" => "按登记顺序编号，可留空。",
        keys::ITEM => "与本单位政务公开事项标准化目录中的政务事项名称一字不差。",
        keys::INFO => "与目录中该事项“所在环节办理产生的政府信息名称”一字不差。",
        keys::FORMED => {
            "政府信息获取或制作的日期。写成 2017-09-29、2017/9/29、2017.9.29 或 2017年9月29日，或用 Excel 日期。"
        }
        keys::PUBLISHED => {
            "在专栏（门户网站）公开的日期，格式同形成日期。原则上在形成之日起3个工作日内公开（法定节假日不计，调休上班的周末计入）。"
        }
        keys::LINK => "公开页面的网址，可留空。",
        keys::DOMAIN => "本条记录的试点领域；与标题中的领域相同时可留空。",
        keys::REMARK => "需要说明的情况，可留空。",
        _ => "",
    }
}

fn width(key: &str) -> f64 {
    match key {
        "序号" => 6.0,
        keys::ITEM => 24.0,
        keys::INFO => 34.0,
        keys::FORMED | keys::PUBLISHED => 13.0,
        keys::LINK => 36.0,
        keys::DOMAIN => 12.0,
        _ => 20.0,
    }
}

/// The blank ledger workbook. Same arguments, same bytes.
pub fn workbook(unit: Option<&str>, domain: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let unit = unit.unwrap_or("").trim();
    let domain = domain.unwrap_or("").trim();
    let title = if domain.is_empty() {
        format!("政府信息{TITLE_MARK}")
    } else {
        format!("{domain}领域政府信息{TITLE_MARK}")
    };
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(title.as_str())
            .set_author("gkml")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2017, 1, 1)?),
    );
    let font = "宋体";
    let title_fmt = Format::new()
        .set_font_name("黑体")
        .set_font_size(16)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let unit_fmt = Format::new().set_font_name(font).set_font_size(11);
    let header = Format::new()
        .set_font_name(font)
        .set_font_size(10)
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(0xD9D9D9);
    let body = Format::new()
        .set_font_name(font)
        .set_font_size(10)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let date = body.clone().set_num_format("yyyy-mm-dd");

    let last = u16::try_from(COLUMNS.len().saturating_sub(1)).unwrap_or(0);
    let ws = wb.add_worksheet();
    ws.set_name(if domain.is_empty() {
        TITLE_MARK.to_string()
    } else {
        sheet_name(&format!("{domain}-{TITLE_MARK}"))
    })?;
    ws.merge_range(0, 0, 0, last, &title, &title_fmt)?;
    ws.set_row_height(0, 30)?;
    ws.write_string_with_format(1, 0, format!("{UNIT_LABEL}：{unit}"), &unit_fmt)?;
    let first = HEADER_ROW + 1;
    let end = HEADER_ROW + ROWS;
    for (i, c) in COLUMNS.iter().enumerate() {
        let Ok(col) = u16::try_from(i) else { continue };
        ws.set_column_width(col, width(c.key))?;
        ws.write_string_with_format(HEADER_ROW, col, c.key, &header)?;
        let is_date = c.key == keys::FORMED || c.key == keys::PUBLISHED;
        for r in first..=end {
            ws.write_blank(r, col, if is_date { &date } else { &body })?;
        }
        let mut dv = DataValidation::new()
            .allow_any_value()
            .set_input_title(c.key)?
            .set_input_message(help(c.key))?;
        if is_date {
            dv = dv.set_error_style(DataValidationErrorStyle::Warning);
        }
        ws.add_data_validation(first, col, end, col, &dv)?;
    }
    ws.set_freeze_panes(first, 0)?;
    ws.set_landscape();
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;

    let help_ws = wb.add_worksheet();
    help_ws.set_name("填表说明")?;
    let bold = Format::new()
        .set_font_name(font)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new()
        .set_font_name(font)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    help_ws.set_column_width(0, 16)?;
    help_ws.set_column_width(1, 90)?;
    let mut lines: Vec<(String, String)> = vec![(
        "填写方法".into(),
        format!(
            "每公开一条政府信息，登记一行。第2行写“{UNIT_LABEL}：单位名称”（与目录中的试点单位写法一致），标题写“××领域政府信息{TITLE_MARK}”。同一政务事项连续几行可以合并单元格或写“同上”。gkml validate 把台账与本单位的目录对照检查：名称不在目录中、公开了不予公开的信息、公开日期早于形成日期、超过公开时限，都会在对应单元格报告。"
        ),
    )];
    for c in COLUMNS {
        let req = if c.required { "（必填）" } else { "" };
        lines.push((format!("{}{req}", c.key), help(c.key).to_string()));
    }
    for (r, (k, v)) in lines.iter().enumerate() {
        let Ok(r) = u32::try_from(r) else { continue };
        help_ws.write_string_with_format(r, 0, k, &bold)?;
        help_ws.write_string_with_format(r, 1, v, &wrap)?;
    }
    crate::xlsx::write::workbook_bytes(&mut wb)
}

/// A sheet name within Excel's 31 characters, without the characters Excel
/// refuses.
fn sheet_name(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::calendar::DateSystem;
    use crate::xlsx::sniff::FileKind;

    #[test]
    fn the_blank_ledger_reads_back_as_an_empty_ledger_of_its_unit() {
        let bytes = workbook(Some("区民政局"), Some("社会救助")).unwrap();
        assert_eq!(bytes, workbook(Some("区民政局"), Some("社会救助")).unwrap());
        let sheets = crate::xlsx::incoming::load(bytes, FileKind::Xlsx).unwrap();
        assert!(crate::ledger::workbook::is_ledger_sheet(&sheets[0]));
        assert!(!crate::ledger::workbook::is_ledger_sheet(&sheets[1]));
        let (l, findings) = crate::ledger::workbook::read_sheet(
            &Arc::from("台账.xlsx"),
            &sheets[0],
            DateSystem::Excel1900,
        )
        .unwrap();
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(crate::model::text(&l.unit), "区民政局");
        assert_eq!(crate::model::text(&l.domain), "社会救助");
        assert!(l.records.is_empty());
    }
}
