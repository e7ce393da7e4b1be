//! The JSON Schema of the YAML ledger (`schemas/ledger.schema.json`),
//! generated from the types below as the project file's is; the test of
//! `schema::all` keeps the committed file current.

use schemars::JsonSchema;

/// 日期：2017-09-29、2017/9/29、2017.9.29 或 2017年9月29日
#[derive(JsonSchema)]
#[allow(dead_code)]
struct DateText(
    #[schemars(regex(
        pattern = r"^\s*([0-9０-９]{4}[-/.／．－][0-9０-９]{1,2}[-/.／．－][0-9０-９]{1,2}|[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}[日号])([ T][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?)?\s*$"
    ))]
    String,
);

/// 一个试点单位的政府信息公开台账：逐条登记已公开的政府信息。
#[derive(JsonSchema)]
#[schemars(title = "gkml 公开台账", deny_unknown_fields)]
#[allow(dead_code)]
pub struct LedgerFile {
    /// 试点单位（填报单位），与目录中的写法一致，如“区民政局”
    #[serde(rename = "试点单位")]
    unit: String,
    /// 试点领域，如“社会救助”；各条记录没有写试点领域时用这里的
    #[serde(rename = "试点领域")]
    domain: Option<String>,
    /// 公开记录：每条已公开的政府信息一项
    #[serde(rename = "公开记录")]
    records: Vec<RecordDoc>,
}

/// 一条公开记录。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct RecordDoc {
    /// 政务事项名称，与目录一致
    #[serde(rename = "政务事项名称")]
    item: String,
    /// 政府信息名称，与目录中“所在环节办理产生的政府信息名称”一致
    #[serde(rename = "政府信息名称")]
    info: String,
    /// 形成日期：政府信息获取或制作的日期
    #[serde(rename = "形成日期")]
    formed: DateText,
    /// 公开日期：在专栏等途径公开的日期
    #[serde(rename = "公开日期")]
    published: DateText,
    /// 公开链接（可选）
    #[serde(rename = "公开链接")]
    link: Option<String>,
    /// 试点领域（可选，默认为台账的试点领域）
    #[serde(rename = "试点领域")]
    domain: Option<String>,
    /// 备注（可选）
    #[serde(rename = "备注")]
    remark: Option<String>,
}

/// The ledger schema as pretty JSON (with a final newline).
pub fn ledger_schema() -> String {
    let mut s =
        serde_json::to_string_pretty(&schemars::schema_for!(LedgerFile)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn schema_keys_are_the_readers_keys() {
        let v: serde_json::Value = serde_json::from_str(&ledger_schema()).unwrap();
        let top: Vec<&str> = v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(top, crate::ledger::keys::LEDGER);
        let rec = v["$defs"]["RecordDoc"]["properties"].as_object().unwrap();
        let keys: Vec<&str> = rec.keys().map(String::as_str).collect();
        assert_eq!(keys, crate::ledger::keys::RECORD);
        let req: Vec<&str> = v["$defs"]["RecordDoc"]["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert_eq!(req, crate::ledger::keys::RECORD_REQUIRED);
    }
}
