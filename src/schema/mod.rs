//! JSON Schemas of the YAML formats: the catalogue file's from the format
//! description ([`crate::format`]), the project file's from the types below.
//!
//! They describe the files to editors (autocomplete and checking through
//! `# yaml-language-server: $schema=…`). The readers in
//! [`crate::yaml::read`] and [`crate::project`] read the same keys with
//! positions kept; a test checks both agree and that `schemas/` is current.

pub mod ledger;

use schemars::JsonSchema;
use serde_json::{Map, Value, json};

use crate::format::{Format, ValueKind};

/// A value YAML may write as a number or as text (序号: 1 or 序号: "1").
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum NumberOrText {
    Number(u32),
    Text(String),
}

/// 项目文件 gkml.yaml：本年度目录清单的设置。所有键都可省略。
#[derive(JsonSchema)]
#[schemars(title = "gkml 项目文件（gkml.yaml）", deny_unknown_fields)]
#[allow(dead_code)]
pub struct ProjectFile {
    /// 目录清单标题，印在封面上，也是 PDF 文件名
    #[serde(rename = "标题")]
    title: Option<String>,
    /// 地区，如“上海市虹口区”
    #[serde(rename = "地区")]
    region: Option<String>,
    /// 年度，如 2017
    #[serde(rename = "年度")]
    year: Option<NumberOrText>,
    /// 编制单位，如“虹口区人民政府办公室”
    #[serde(rename = "编制单位")]
    office: Option<String>,
    /// 编制日期，写成 2017-11-30；也是 PDF 中记录的日期
    #[serde(rename = "编制日期")]
    date: Option<String>,
    /// 编制说明，印在目录清单正文之前；段落之间空一行
    #[serde(rename = "编制说明")]
    preface: Option<String>,
    /// 附件1 试点单位及试点内容表
    #[serde(rename = "试点单位及试点内容表")]
    registry: Option<Vec<RegistryRow>>,
    /// 政务事项分类词表（默认为行政许可、行政处罚……公共服务）
    #[serde(rename = "政务事项分类")]
    categories: Option<Vec<String>>,
    /// 政府信息公开途径词表
    #[serde(rename = "政府信息公开途径")]
    routes: Option<Vec<String>>,
    /// 政府信息公开载体词表
    #[serde(rename = "政府信息公开载体")]
    media: Option<Vec<String>>,
    /// The legal grounds a reason may cite (description from the format).
    #[serde(rename = "法定理由")]
    #[schemars(description = grounds_doc())]
    grounds: Option<Vec<GroundDoc>>,
    /// 主动公开信息的公开时限（默认“3个工作日”）
    #[serde(rename = "公开时限")]
    deadline: Option<String>,
    /// 是否要求每个试点单位的附件3 覆盖五公开（默认 false：给出五公开时才检查）
    #[serde(rename = "要求五公开")]
    require_aspects: Option<bool>,
    /// 规则级别：规则代码 → error / warning / off
    #[serde(rename = "规则")]
    rules: Option<std::collections::BTreeMap<String, LevelName>>,
    /// 排版字体（默认使用内置的思源宋体/黑体子集）
    #[serde(rename = "字体")]
    fonts: Option<FontsDoc>,
    /// 标题行没有写明试点单位、试点领域的工作簿，在这里指定
    #[serde(rename = "工作簿")]
    workbooks: Option<Vec<WorkbookDoc>>,
    /// 节假日安排：补充或更正某一年国务院办公厅的节假日安排（gkml 已收录2017—2026年），格式同内置的 src/calendar/holidays.yaml
    #[serde(rename = "节假日安排")]
    holidays: Option<Vec<HolidayYearDoc>>,
    /// 专栏开通日期，如 2017-10-09：gkml validate --as-of 报告规范化操作目录中主动公开、自这一天起台账中没有公开记录的信息
    #[serde(rename = "专栏开通日期")]
    column_opened: Option<String>,
    /// 目录格式：hongkou-2017（虹口试点的附件2/附件3，默认）或 national-2019（全国基层政务公开标准目录，国办发〔2019〕54号）
    #[serde(rename = "格式")]
    format: Option<FormatName>,
    /// national-2019：公开渠道和载体栏中 ■、□ 的含义。“使用”：■采用、□不采用（默认）；“必选/可选”：照抄部委标准指引，■必选、□可选
    #[serde(rename = "渠道标记")]
    channel_marks: Option<ChannelMarks>,
    /// national-2019：公开渠道和载体词表（标准指引的13个渠道之外，加上本地使用的渠道）；表中出现词表以外的渠道时给出警告
    #[serde(rename = "公开渠道和载体")]
    channels: Option<Vec<String>>,
    /// national-2019：本项目各表的公开层级栏，如 [县级, 乡级]
    #[serde(rename = "公开层级")]
    levels: Option<Vec<String>>,
    /// national-2019：每个编制单位及其须提交标准目录的试点领域
    #[serde(rename = "编制单位及试点领域")]
    units: Option<Vec<UnitRow>>,
}

/// 目录格式。
#[derive(JsonSchema)]
#[allow(dead_code)]
enum FormatName {
    #[serde(rename = "hongkou-2017")]
    Hongkou,
    #[serde(rename = "national-2019")]
    National,
}

/// 公开渠道和载体栏中 ■、□ 的含义。
#[derive(JsonSchema)]
#[allow(dead_code)]
enum ChannelMarks {
    #[serde(rename = "使用")]
    Used,
    #[serde(rename = "必选/可选")]
    Required,
}

/// 编制单位及试点领域的一行。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct UnitRow {
    /// 编制单位
    #[serde(rename = "编制单位")]
    unit: String,
    /// 试点领域（一个或多个）
    #[serde(rename = "试点领域")]
    domains: Vec<String>,
}

/// 一年的节假日安排，依据国务院办公厅当年的通知。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct HolidayYearDoc {
    /// 年份，如 2027
    #[serde(rename = "年份")]
    year: i32,
    /// 通知名称，如“国务院办公厅关于2027年部分节假日安排的通知”
    #[serde(rename = "通知")]
    notice: String,
    /// 文号
    #[serde(rename = "文号")]
    number: Option<String>,
    /// 后来调整这一年安排的通知（表中已按调整后的安排填写）
    #[serde(rename = "调整")]
    amended_by: Option<Vec<String>>,
    /// 放假：节日名称 → “起始日期至结束日期”（包括两端）
    #[serde(rename = "放假")]
    holidays: std::collections::BTreeMap<String, String>,
    /// 上班：调休上班的周末日期
    #[serde(rename = "上班")]
    workdays: Option<Vec<String>>,
}

/// 附件1 的一行。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct RegistryRow {
    /// 序号
    #[serde(rename = "序号")]
    seq: Option<NumberOrText>,
    /// 试点单位
    #[serde(rename = "试点单位")]
    unit: String,
    /// 试点领域（一个或多个）
    #[serde(rename = "试点领域")]
    domains: Vec<String>,
}

/// 一条法定理由。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct GroundDoc {
    /// 法律依据，如“《中华人民共和国政府信息公开条例》第十五条”
    #[serde(rename = "依据")]
    basis: String,
    /// 理由中出现任一关键词即视为援引了该依据
    #[serde(rename = "关键词")]
    keywords: Option<Vec<String>>,
}

/// 规则级别。
#[derive(JsonSchema)]
#[allow(dead_code)]
enum LevelName {
    #[serde(rename = "error")]
    Error,
    #[serde(rename = "warning")]
    Warning,
    #[serde(rename = "off")]
    Off,
    #[serde(rename = "错误")]
    ErrorZh,
    #[serde(rename = "警告")]
    WarningZh,
    #[serde(rename = "关闭")]
    OffZh,
}

/// 排版字体。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct FontsDoc {
    /// 正文字体，如“仿宋_GB2312”
    #[serde(rename = "正文")]
    body: Option<String>,
    /// 标题字体，如“方正小标宋简体”
    #[serde(rename = "标题")]
    heading: Option<String>,
}

/// 指定一个工作簿的试点单位和试点领域。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct WorkbookDoc {
    /// 工作簿文件名（相对于项目目录）
    #[serde(rename = "文件")]
    file: String,
    /// 试点单位
    #[serde(rename = "试点单位")]
    unit: String,
    /// 试点领域
    #[serde(rename = "试点领域")]
    domain: String,
}

/// What the project file's 法定理由 holds.
fn grounds_doc() -> String {
    format!(
        "{}可以援引的法定理由",
        crate::format::hongkou::Field::Reason.header()
    )
}

/// The description of [`NumberOrText`] (as schemars writes it).
const NUMBER_OR_TEXT_DOC: &str =
    "A value YAML may write as a number or as text (序号: 1 or 序号: \"1\").";

/// The catalogue file schema as pretty JSON (with a final newline).
pub fn catalog_schema() -> String {
    let mut s = serde_json::to_string_pretty(&format_schema(&crate::format::hongkou::HONGKOU_2017))
        .unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of a format's catalogue files: the catalogue keys, then
/// one definition per level (its columns' keys over every kind, the ones
/// every kind requires required) and the choices' definitions.
pub fn format_schema<F: Copy + PartialEq + std::fmt::Debug>(f: &Format<F>) -> Value {
    let mut defs = Map::new();
    let kinds: Vec<String> = f
        .kinds
        .iter()
        .map(|k| format!("{} {}", k.annex, k.label))
        .collect();
    let mut kind_def = vec![json!({
        "type": "string",
        "enum": f.kinds.iter().map(|k| k.annex).collect::<Vec<_>>(),
    })];
    for k in f.kinds {
        kind_def.push(json!({"description": k.doc, "type": "string", "const": k.label}));
    }
    defs.insert(
        "KindName".into(),
        json!({"description": "目录类型.", "oneOf": kind_def}),
    );
    let c = &f.catalog;
    let mut props = Map::new();
    props.insert(
        c.unit.key.into(),
        json!({"description": c.unit.doc, "type": "string"}),
    );
    props.insert(
        c.domain.key.into(),
        json!({"description": c.domain.doc, "type": "string"}),
    );
    props.insert(
        c.kind.key.into(),
        json!({"description": c.kind.doc, "$ref": "#/$defs/KindName"}),
    );
    let mut required: Vec<&str> = vec![c.unit.key, c.domain.key, c.kind.key];
    if let Some(first) = f.levels.first() {
        props.insert(first.list_key.into(), list_schema(f, 0, &mut defs));
        required.push(first.list_key);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "gkml 目录文件",
        "description": format!("一个试点单位、一个试点领域的一份目录（{}）。", kinds.join("或")),
        "type": "object",
        "properties": props,
        "additionalProperties": false,
        "required": required,
        "$defs": defs,
    })
}

/// The property holding a level's list, its definition added to `defs`.
fn list_schema<F: Copy + PartialEq + std::fmt::Debug>(
    f: &Format<F>,
    level: usize,
    defs: &mut Map<String, Value>,
) -> Value {
    let Some(l) = f.levels.get(level) else {
        return Value::Null;
    };
    // The definition's place is taken before its body is made, as schemars
    // orders definitions.
    defs.insert(l.schema_def.into(), Value::Null);
    let mut props = Map::new();
    let mut required = Vec::new();
    for c in f.columns.iter().filter(|c| c.level == level) {
        if props.contains_key(c.key) {
            continue;
        }
        let must = c.required_everywhere();
        let mut p = Map::new();
        p.insert("description".into(), c.doc.into());
        match c.value {
            ValueKind::Number | ValueKind::TimeLimit => {
                defs.entry("NumberOrText").or_insert_with(|| {
                    json!({
                        "description": NUMBER_OR_TEXT_DOC,
                        "anyOf": [
                            {"type": "integer", "format": "uint32", "minimum": 0},
                            {"type": "string"},
                        ],
                    })
                });
                p.insert("$ref".into(), "#/$defs/NumberOrText".into());
            }
            ValueKind::Choice(ch) => {
                let labels: Vec<&str> = ch.options.iter().map(|o| o.label).collect();
                defs.entry(ch.schema_def).or_insert_with(
                    || json!({"description": ch.doc, "type": "string", "enum": labels}),
                );
                p.insert("$ref".into(), format!("#/$defs/{}", ch.schema_def).into());
            }
            _ if must => {
                p.insert("type".into(), "string".into());
            }
            _ => {
                p.insert("type".into(), json!(["string", "null"]));
            }
        }
        props.insert(c.key.into(), Value::Object(p));
        if must {
            required.push(c.key);
        }
    }
    if let Some(next) = f.levels.get(level + 1) {
        let list = list_schema(f, level + 1, defs);
        props.insert(next.list_key.into(), list);
        required.push(next.list_key);
    }
    defs.insert(
        l.schema_def.into(),
        json!({
            "description": l.doc,
            "type": "object",
            "properties": props,
            "additionalProperties": false,
            "required": required,
        }),
    );
    json!({
        "description": l.list_doc,
        "type": "array",
        "items": {"$ref": format!("#/$defs/{}", l.schema_def)},
    })
}

/// The project file schema as pretty JSON (with a final newline).
pub fn project_schema() -> String {
    pretty(schemars::schema_for!(ProjectFile))
}

fn pretty(schema: schemars::Schema) -> String {
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// Every schema file under `schemas/`, by file name.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("catalog.schema.json", catalog_schema()),
        ("project.schema.json", project_schema()),
        ("ledger.schema.json", ledger::ledger_schema()),
    ]
}
