//! JSON Schemas of the YAML formats, generated from the types below.
//!
//! These types exist only to describe the files to editors (autocomplete and
//! checking through `# yaml-language-server: $schema=…`). The readers in
//! [`crate::yaml::read`] and [`crate::project`] read the same keys with
//! positions kept; a test checks both agree and that `schemas/` is current.

use schemars::JsonSchema;

/// A value YAML may write as a number or as text (序号: 1 or 序号: "1").
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum NumberOrText {
    Number(u32),
    Text(String),
}

/// 目录类型.
#[derive(JsonSchema)]
#[allow(dead_code)]
enum KindName {
    /// 附件2 政务公开事项标准化目录
    #[serde(rename = "标准化目录")]
    Standard,
    /// 附件3 政务公开试点事项规范化操作目录
    #[serde(rename = "规范化操作目录")]
    Operational,
    #[serde(rename = "附件2")]
    Annex2,
    #[serde(rename = "附件3")]
    Annex3,
}

/// 政府信息公开属性：四种之一。
#[derive(JsonSchema)]
#[allow(dead_code)]
enum AttrName {
    #[serde(rename = "主动公开")]
    Active,
    #[serde(rename = "依申请公开")]
    OnRequest,
    #[serde(rename = "部分公开")]
    Partial,
    #[serde(rename = "不予公开")]
    Withheld,
}

/// 一个试点单位、一个试点领域的一份目录（附件2 标准化目录或附件3 规范化操作目录）。
#[derive(JsonSchema)]
#[schemars(title = "gkml 目录文件", deny_unknown_fields)]
#[allow(dead_code)]
pub struct CatalogFile {
    /// 试点单位，如“区民政局”
    #[serde(rename = "试点单位")]
    unit: String,
    /// 试点领域，如“社会救助”
    #[serde(rename = "试点领域")]
    domain: String,
    /// 标准化目录（附件2）或规范化操作目录（附件3）
    #[serde(rename = "目录类型")]
    kind: KindName,
    /// 政务事项列表
    #[serde(rename = "政务事项")]
    items: Vec<ItemDoc>,
}

/// 政务事项。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct ItemDoc {
    /// 序号：1、2、3……，在本目录内不重复
    #[serde(rename = "序号")]
    seq: NumberOrText,
    /// 政务事项分类，如“行政许可”“行政给付”“公共服务”
    #[serde(rename = "政务事项分类")]
    category: String,
    /// 政务事项名称
    #[serde(rename = "政务事项名称")]
    name: String,
    /// 政务事项办理主体
    #[serde(rename = "政务事项办理主体")]
    subject: String,
    /// 政务事项依据（附件3 必填；附件2 不填）
    #[serde(rename = "政务事项依据")]
    basis: Option<String>,
    /// 五公开：决策公开、执行公开、管理公开、服务公开、结果公开（可选，可写多个，用顿号分隔）
    #[serde(rename = "五公开")]
    aspect: Option<String>,
    /// 备注（可选）
    #[serde(rename = "备注")]
    remark: Option<String>,
    /// 政务事项办理环节列表
    #[serde(rename = "办理环节")]
    steps: Vec<StepDoc>,
}

/// 政务事项办理环节。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct StepDoc {
    /// 政务事项办理环节，如“受理”“审核”“决定”
    #[serde(rename = "政务事项办理环节")]
    name: String,
    /// 所在环节办理时限，如“即时”“5个工作日”“受理之日起10个工作日内”
    #[serde(rename = "所在环节办理时限")]
    time_limit: NumberOrText,
    /// 所在环节办理产生的政府信息列表
    #[serde(rename = "政府信息")]
    infos: Vec<InfoDoc>,
}

/// 所在环节办理产生的一条政府信息。
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct InfoDoc {
    /// 所在环节办理产生的政府信息名称
    #[serde(rename = "所在环节办理产生的政府信息名称")]
    name: String,
    /// 政府信息公开属性：主动公开、依申请公开、部分公开、不予公开，只选一种
    #[serde(rename = "政府信息公开属性")]
    attr: AttrName,
    /// 不予公开和部分公开的理由（部分公开、不予公开必填，写明法律依据）
    #[serde(rename = "不予公开和部分公开的理由")]
    reason: Option<String>,
    /// 政府信息公开时间（附件3），如“信息形成之日起3个工作日内”
    #[serde(rename = "政府信息公开时间")]
    time: Option<String>,
    /// 政府信息公开途径（附件3），如“\"上海虹口\"门户网站”
    #[serde(rename = "政府信息公开途径")]
    route: Option<String>,
    /// 政府信息公开载体（附件3），如“网站”“纸质”
    #[serde(rename = "政府信息公开载体")]
    medium: Option<String>,
    /// 五公开（可选）
    #[serde(rename = "五公开")]
    aspect: Option<String>,
    /// 备注（可选）
    #[serde(rename = "备注")]
    remark: Option<String>,
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
    /// 不予公开和部分公开的理由可以援引的法定理由
    #[serde(rename = "法定理由")]
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

/// The catalogue file schema as pretty JSON (with a final newline).
pub fn catalog_schema() -> String {
    pretty(schemars::schema_for!(CatalogFile))
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
    ]
}
