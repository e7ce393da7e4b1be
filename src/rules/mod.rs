//! The rule catalogue: every check gkml makes, with a stable code, a default
//! severity and a doc (what it checks, why, a bad and a good example).
//!
//! `gkml rules` and the README's rule table are generated from [`RULES`].

mod annex3;
mod attrs;
mod cross;
mod fields;
mod structure;
mod vocab;

use crate::diag::{Severity, Sink};
use crate::model::Catalog;
use crate::project::Config;

/// What a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Reading the file (YAML syntax, workbook layout).
    Read,
    /// One catalogue on its own.
    File,
    /// The catalogues of a project together.
    Project,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Read => "读取",
            Scope::File => "单个目录",
            Scope::Project => "跨文件",
        }
    }
}

/// A rule's documentation.
#[derive(Debug)]
pub struct RuleInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// One line: what it checks.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// An example that breaks it.
    pub bad: &'static str,
    /// The same example, fixed.
    pub good: &'static str,
}

macro_rules! rules {
    ($($variant:ident => $code:literal, $sev:ident, $scope:ident, $summary:literal, $why:literal, $bad:literal, $good:literal;)*) => {
        /// A rule code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        /// Every rule, in catalogue order.
        pub static RULES: &[RuleInfo] = &[$(RuleInfo {
            code: $code,
            severity: Severity::$sev,
            scope: Scope::$scope,
            summary: $summary,
            why: $why,
            bad: $bad,
            good: $good,
        }),*];

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            /// The rule's documentation.
            #[allow(clippy::indexing_slicing)] // RULES has one entry per variant, in order
            pub fn info(self) -> &'static RuleInfo {
                &RULES[self as usize]
            }

            /// The stable kebab-case code.
            pub fn as_str(self) -> &'static str {
                self.info().code
            }

            /// True for findings about a value that could not be read (a
            /// cell error, an unknown mark or attribute): the "missing"
            /// findings at the same place are follow-ons and are dropped.
            pub fn masks_followons(self) -> bool {
                self.info().scope == Scope::Read || self == Code::AttrInvalid
            }

            /// Looks a code up by its name.
            pub fn parse(s: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == s)
            }
        }
    };
}

rules! {
    YamlSyntax => "yaml-syntax", Error, Read,
        "YAML 语法错误",
        "文件无法按 YAML 解析时，其中的目录内容都无法读取。常见原因：缩进用了制表符（Tab）、冒号后缺空格、引号不成对。",
        "政务事项:\n\t- 序号: 1",
        "政务事项:\n  - 序号: 1";
    YamlType => "yaml-type", Error, Read,
        "YAML 值的类型不对（应为文字、列表或键值对）",
        "每个键都有约定的类型：政务事项、办理环节、政府信息是列表，其余是文字。类型不对时该项内容会被忽略。",
        "办理环节: 受理",
        "办理环节:\n  - 政务事项办理环节: 受理";
    YamlLimit => "yaml-limit", Error, Read,
        "YAML 超出安全上限（文件大小、嵌套层数、别名展开）",
        "防止恶意或损坏的文件（如“十亿笑声”别名炸弹）耗尽内存。目录文件不需要别名（&/*）和深层嵌套。",
        "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b, *b]",
        "不使用 & 和 * 别名，直接写出每一项";
    UnknownKey => "unknown-key", Error, Read,
        "未知的键（可能是拼写错误）",
        "拼错的键会让这一项内容被忽略；键名使用模板中的原词。",
        "政务事项名: 最低生活保障",
        "政务事项名称: 最低生活保障";
    FileUnreadable => "file-unreadable", Error, Read,
        "文件无法读取（不存在、不是工作簿、已加密或已损坏）",
        "无法读取的文件不能校验，也不能编入目录清单。",
        "把 .docx 改名为 .xlsx 提交",
        "用 Excel/WPS 另存为 .xlsx，或用 gkml template 生成的模板填写";
    WorkbookNoCatalog => "workbook-no-catalog", Error, Read,
        "工作簿中找不到目录表格（附件2/附件3 的表头）",
        "gkml 按表头文字识别目录表格；表头被改动太多时无法识别。",
        "表头写成“编号 | 事项 | 单位”",
        "表头使用模板原词：序号、政务事项分类、政务事项名称……";
    WorkbookUnitUnknown => "workbook-unit-unknown", Error, Read,
        "无法确定工作簿的试点单位或试点领域",
        "每份目录属于一个试点单位的一个试点领域；工作簿没有标题行和填报单位行时无从判断。",
        "第一行直接是表头，没有标题和“填报单位：”",
        "第1行“社会救助领域政务公开事项标准化目录”，第2行“填报单位：区民政局”（或在 gkml.yaml 的“工作簿”中登记）";
    CellError => "cell-error", Error, Read,
        "单元格是错误值（#N/A、#REF! 等）",
        "公式出错的单元格没有可用的内容。",
        "=VLOOKUP(...) 显示 #N/A",
        "填入实际文字";
    AttrMarkInvalid => "attr-mark-invalid", Error, Read,
        "公开属性列中的标记无法识别",
        "公开属性列只用 √（或 ✓ ✔ ● ■ 是 Y 1 x）标记；其他内容无法判断是否选中。",
        "主动公开列填“有”",
        "主动公开列填“√”";
    ColumnUnknown => "column-unknown", Warning, Read,
        "表格中有模板之外的列，其内容未读入",
        "模板之外的列不属于目录内容；备注和五公开列可以识别，其他列会被忽略。",
        "在最后加一列“经办人”",
        "把说明写在“备注”列";
    TextTooLong => "text-too-long", Warning, Read,
        "文字超过 32767 个字（Excel 单元格上限）",
        "内容已完整读入和校验，但这么长的文字写不进一个 Excel 单元格，也不适合印入目录；常见原因是把整份文件粘贴进了一栏。",
        "不予公开和部分公开的理由：（粘贴了整部条例）",
        "只写理由和所依据的条款，例如“依据《中华人民共和国政府信息公开条例》第十五条不予公开”";
    TextInvisible => "text-invisible", Warning, Read,
        "文字中有看不见的控制字符（从右到左标记、零宽字符等）",
        "这些字符看不见，却会让同名事项对不上，从右到左覆盖字符还能让文字显示成另一个样子；读入时已删除。",
        "最低生活（U+202E）保障",
        "最低生活保障";
    ProjectInvalid => "project-invalid", Error, Read,
        "项目文件 gkml.yaml 的设置有误",
        "项目设置决定词表、规则级别和目录清单的封面信息。",
        "规则:\n  attr-missing: 严重",
        "规则:\n  attr-missing: error";
    FieldMissing => "field-missing", Error, File,
        "缺少模板要求的必填项",
        "附件2、附件3 的每一栏都是目录的组成部分；空着的栏目在汇编和公开时无法补全。",
        "- 序号: 1\n  政务事项名称: 最低生活保障\n  # 缺政务事项办理主体",
        "- 序号: 1\n  政务事项名称: 最低生活保障\n  政务事项办理主体: 区民政局";
    AttrMissing => "attr-missing", Error, File,
        "政府信息没有标明公开属性",
        "每条政府信息必须在主动公开、依申请公开、部分公开、不予公开中确定一种属性。",
        "- 所在环节办理产生的政府信息名称: 受理通知书",
        "- 所在环节办理产生的政府信息名称: 受理通知书\n  政府信息公开属性: 依申请公开";
    AttrMultiple => "attr-multiple", Error, File,
        "一条政府信息标了不止一种公开属性",
        "公开属性只能是四种之一；需要区分时应拆成两条政府信息。",
        "政府信息公开属性: [主动公开, 依申请公开]",
        "政府信息公开属性: 主动公开";
    AttrInvalid => "attr-invalid", Error, File,
        "公开属性不是四种之一",
        "只有主动公开、依申请公开、部分公开、不予公开四种属性。",
        "政府信息公开属性: 公开",
        "政府信息公开属性: 主动公开";
    ReasonMissing => "reason-missing", Error, File,
        "部分公开或不予公开的政府信息没有写理由",
        "依《政府信息公开条例》，不予公开或部分公开都要说明理由和法律依据。",
        "政府信息公开属性: 不予公开",
        "政府信息公开属性: 不予公开\n不予公开和部分公开的理由: 涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开";
    ReasonStray => "reason-stray", Warning, File,
        "主动公开或依申请公开的政府信息写了不予公开的理由",
        "理由栏只用于部分公开和不予公开；多余的理由往往说明公开属性选错了。",
        "政府信息公开属性: 主动公开\n不予公开和部分公开的理由: 涉及个人隐私",
        "政府信息公开属性: 主动公开";
    ReasonNoLegalGround => "reason-no-legal-ground", Warning, File,
        "理由没有指明法律依据",
        "理由应援引条例条款（如第十四条、第十五条、第十六条），可援引的依据在项目文件“法定理由”中设置。",
        "不予公开和部分公开的理由: 不宜公开",
        "不予公开和部分公开的理由: 属于过程性信息，依据《中华人民共和国政府信息公开条例》第十六条";
    TimeUnparsed => "time-unparsed", Warning, File,
        "办理时限或公开时间无法识别",
        "时限写成“即时”“当场”“5个工作日”“30日”“次月”“受理之日起20个工作日内”等形式，才能核对是否符合规定。",
        "所在环节办理时限: 尽快办理",
        "所在环节办理时限: 5个工作日";
    PublishLate => "publish-late", Error, File,
        "附件3 中主动公开的政府信息公开时间超过公开时限（默认3个工作日）",
        "实施方案要求政府信息原则上在获取或制作后3个工作日内向社会公开。",
        "政府信息公开时间: 信息形成之日起10个工作日内",
        "政府信息公开时间: 信息形成之日起3个工作日内";
    PublishTimeMissing => "publish-time-missing", Error, File,
        "附件3 中应公开的政府信息没有写公开时间",
        "规范化操作目录要明确每条政府信息的公开时限。",
        "政府信息公开属性: 主动公开\n政府信息公开途径: '\"上海虹口\"门户网站'",
        "政府信息公开属性: 主动公开\n政府信息公开时间: 信息形成之日起3个工作日内";
    PublishChannelMissing => "publish-channel-missing", Error, File,
        "附件3 中主动公开的政府信息没有写公开途径或公开载体",
        "规范化操作目录要明确每条政府信息在哪里、以什么载体公开。",
        "政府信息公开属性: 主动公开\n政府信息公开时间: 即时",
        "政府信息公开属性: 主动公开\n政府信息公开时间: 即时\n政府信息公开途径: '\"上海虹口\"门户网站'\n政府信息公开载体: 网站";
    WithheldPublished => "withheld-published", Error, File,
        "不予公开的政府信息却写了公开时间、途径或载体",
        "不予公开的信息不会公开，写了公开时间或途径说明属性或内容有误。",
        "政府信息公开属性: 不予公开\n政府信息公开途径: 公示栏",
        "政府信息公开属性: 不予公开";
    VocabUnknown => "vocab-unknown", Warning, File,
        "取值不在词表中（政务事项分类、公开途径、公开载体）",
        "统一用词才能汇总统计；词表在项目文件中设置。",
        "政务事项分类: 行政许诺",
        "政务事项分类: 行政许可";
    AspectInvalid => "aspect-invalid", Error, File,
        "五公开取值无法识别",
        "五公开只有决策公开、执行公开、管理公开、服务公开、结果公开五种。",
        "五公开: 过程公开",
        "五公开: 执行公开";
    SeqMissing => "seq-missing", Error, File,
        "政务事项缺少序号",
        "序号用于在目录清单中引用事项。",
        "- 政务事项名称: 临时救助",
        "- 序号: 3\n  政务事项名称: 临时救助";
    SeqDuplicate => "seq-duplicate", Error, File,
        "同一目录中序号重复",
        "重复的序号使引用产生歧义，也常常说明两个事项被误写成一个。",
        "- 序号: 2\n  政务事项名称: 临时救助\n- 序号: 2\n  政务事项名称: 医疗救助",
        "- 序号: 2\n  政务事项名称: 临时救助\n- 序号: 3\n  政务事项名称: 医疗救助";
    ItemDuplicate => "item-duplicate", Error, File,
        "同一目录中政务事项名称重复",
        "同一事项应只列一次，其办理环节合并在一起。",
        "两个事项都叫“临时救助”",
        "合并为一个“临时救助”事项";
    ItemNoSteps => "item-no-steps", Error, File,
        "政务事项没有办理环节",
        "标准化目录要列出事项的每个法定办理环节。",
        "- 序号: 1\n  政务事项名称: 临时救助",
        "- 序号: 1\n  政务事项名称: 临时救助\n  办理环节:\n    - 政务事项办理环节: 受理\n      ……";
    StepNoInfo => "step-no-info", Error, File,
        "办理环节没有产生的政府信息",
        "每个环节应列出所获取或制作的政府信息。",
        "- 政务事项办理环节: 受理\n  所在环节办理时限: 即时",
        "- 政务事项办理环节: 受理\n  所在环节办理时限: 即时\n  政府信息:\n    - 所在环节办理产生的政府信息名称: 受理通知书\n      政府信息公开属性: 依申请公开";
    CatalogDuplicate => "catalog-duplicate", Error, Project,
        "同一试点单位、试点领域、目录类型有不止一份目录",
        "每个单位每个领域只应提交一份附件2和一份附件3，否则汇编时无法确定以哪份为准。",
        "两个文件都是“区民政局 社会救助 标准化目录”",
        "合并为一个文件";
    Annex3NotInAnnex2 => "annex3-not-in-annex2", Error, Project,
        "附件3 的事项不在本单位同一领域的附件2 中",
        "试点事项应从本单位的标准化目录中选取。",
        "附件3 列了“临时救助”，附件2 没有",
        "先在附件2 中列出“临时救助”，或改选附件2 中的事项";
    Annex3Mismatch => "annex3-mismatch", Error, Project,
        "附件3 事项的分类、主体、办理环节或政府信息与附件2 不一致",
        "规范化操作目录是对标准化目录中事项的细化，两者的环节和信息应一致。",
        "附件2 中“受理”环节的时限是“即时”，附件3 中是“5个工作日”",
        "两处写成一致";
    Annex3Count => "annex3-count", Error, Project,
        "每个试点单位每个领域的附件3 事项不是2至3个",
        "实施方案要求每个领域选择2至3个具体事项。",
        "附件3 只有1个事项",
        "附件3 列出2至3个事项";
    AspectsUncovered => "aspects-uncovered", Warning, Project,
        "试点单位的附件3 事项没有覆盖全部五公开",
        "实施方案要求试点事项兼顾决策、执行、管理、服务、结果五个方面的公开；项目文件“要求五公开: true”时为错误。",
        "只有“服务公开”和“结果公开”",
        "为事项或政府信息标明五公开，覆盖全部五个方面";
    RegistryMissing => "registry-missing", Error, Project,
        "附件1 列出的试点单位和领域缺少附件2 或附件3 目录",
        "每个试点单位都要就附件1 分配给它的每个领域提交两份目录。",
        "附件1：区民政局 养老服务；没有对应的目录文件",
        "提交 区民政局 养老服务 的附件2 和附件3";
    RegistryUnknown => "registry-unknown", Error, Project,
        "目录的试点单位或试点领域不在附件1 中",
        "只汇编附件1 列出的单位和领域；单位名称写法不一致也会出现此问题。",
        "试点单位: 民政局",
        "试点单位: 区民政局";
}

/// Runs every per-file rule on one catalogue.
pub fn check_catalog(cat: &Catalog, cfg: &Config, sink: &mut Sink) {
    fields::check(cat, sink);
    structure::check(cat, sink);
    attrs::check(cat, cfg, sink);
    annex3::check(cat, cfg, sink);
    vocab::check(cat, cfg, sink);
}

/// Runs the cross-file rules on a project's catalogues.
pub fn check_project(cats: &[Catalog], cfg: &Config, sink: &mut Sink) {
    cross::check(cats, cfg, sink);
}

/// The rule table with docs, in Markdown (used in the README; a test keeps
/// the README in step).
pub fn markdown_table() -> String {
    let mut s = String::from("| 代码 | 默认级别 | 范围 | 检查内容 |\n|---|---|---|---|\n");
    for r in RULES {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.code,
            r.severity.label(),
            r.scope.label(),
            r.summary
        ));
    }
    s.push_str("\n<details><summary>每条规则的说明和示例</summary>\n\n");
    for r in RULES {
        s.push_str(&format!(
            "#### `{}`\n\n{}\n\n{}\n\n错误示例：\n\n```yaml\n{}\n```\n\n正确示例：\n\n```yaml\n{}\n```\n\n",
            r.code, r.summary, r.why, r.bad, r.good
        ));
    }
    s.push_str("</details>\n");
    s
}
