//! The findings made while reading a file: the YAML reader
//! (`src/yaml/read.rs`), the workbook reader (`src/xlsx/`) and the project
//! file (`src/config.rs`) emit these codes where they meet the problem, as
//! only they know the place; their documentation is here, with the other
//! rules.

use super::Doc;
use crate::code::Code;

/// The documentation of the rules checked here (their code, level and
/// scope are in `src/code.rs`).
pub(super) static DOCS: &[Doc] = &[
    Doc {
        code: Code::YamlSyntax,
        summary: "YAML 语法错误",
        why: "文件无法按 YAML 解析时，其中的目录内容都无法读取。常见原因：缩进用了制表符（Tab）、冒号后缺空格、引号不成对。",
        bad: "政务事项:\n\t- 序号: 1",
        good: "政务事项:\n  - 序号: 1",
    },
    Doc {
        code: Code::YamlType,
        summary: "YAML 值的类型不对（应为文字、列表或键值对）",
        why: "每个键都有约定的类型：政务事项、办理环节、政府信息是列表，其余是文字。类型不对时该项内容会被忽略。",
        bad: "办理环节: 受理",
        good: "办理环节:\n  - {Step}: 受理",
    },
    Doc {
        code: Code::YamlLimit,
        summary: "YAML 超出安全上限（文件大小、嵌套层数、别名展开）",
        why: "防止恶意或损坏的文件（如“十亿笑声”别名炸弹）耗尽内存。目录文件不需要别名（&/*）和深层嵌套。",
        bad: "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b, *b]",
        good: "不使用 & 和 * 别名，直接写出每一项",
    },
    Doc {
        code: Code::UnknownKey,
        summary: "未知的键（可能是拼写错误）",
        why: "拼错的键会让这一项内容被忽略；键名使用模板中的原词。",
        bad: "政务事项名: 最低生活保障",
        good: "{Name}: 最低生活保障",
    },
    Doc {
        code: Code::FileUnreadable,
        summary: "文件无法读取（不存在、不是工作簿、已加密或已损坏）",
        why: "无法读取的文件不能校验，也不能编入目录清单。",
        bad: "把 .docx 改名为 .xlsx 提交",
        good: "用 Excel/WPS 另存为 .xlsx，或用 gkml template 生成的模板填写",
    },
    Doc {
        code: Code::WorkbookNoCatalog,
        summary: "工作簿中找不到目录表格（附件2/附件3 的表头）",
        why: "gkml 按表头文字识别目录表格；表头被改动太多时无法识别。",
        bad: "表头写成“编号 | 事项 | 单位”",
        good: "表头使用模板原词：序号、{Category}、{Name}……",
    },
    Doc {
        code: Code::WorkbookUnitUnknown,
        summary: "无法确定工作簿的试点单位或试点领域",
        why: "每份目录属于一个试点单位的一个试点领域；工作簿没有标题行和填报单位行时无从判断。",
        bad: "第一行直接是表头，没有标题和“填报单位：”",
        good: "第1行“社会救助领域政务公开事项标准化目录”，第2行“填报单位：区民政局”（或在 gkml.yaml 的“工作簿”中登记）",
    },
    Doc {
        code: Code::CellError,
        summary: "单元格是错误值（#N/A、#REF! 等）",
        why: "公式出错的单元格没有可用的内容。",
        bad: "=VLOOKUP(...) 显示 #N/A",
        good: "填入实际文字",
    },
    Doc {
        code: Code::AttrMarkInvalid,
        summary: "公开属性列中的标记无法识别",
        why: "公开属性列只用 √（或 ✓ ✔ ● ■ 是 Y 1 x）标记；其他内容无法判断是否选中。",
        bad: "主动公开列填“有”",
        good: "主动公开列填“√”",
    },
    Doc {
        code: Code::ColumnUnknown,
        summary: "表格中有模板之外的列，其内容未读入",
        why: "模板之外的列不属于目录内容；备注和五公开列可以识别，其他列会被忽略。",
        bad: "在最后加一列“经办人”",
        good: "把说明写在“备注”列",
    },
    Doc {
        code: Code::TextTooLong,
        summary: "文字超过 32767 个字（Excel 单元格上限）",
        why: "内容已完整读入和校验，但这么长的文字写不进一个 Excel 单元格，也不适合印入目录；常见原因是把整份文件粘贴进了一栏。",
        bad: "{Reason}：（粘贴了整部条例）",
        good: "只写理由和所依据的条款，例如“依据《中华人民共和国政府信息公开条例》第十五条不予公开”",
    },
    Doc {
        code: Code::TextInvisible,
        summary: "文字中有看不见的控制字符（从右到左标记、零宽字符等）",
        why: "这些字符看不见，却会让同名事项对不上，从右到左覆盖字符还能让文字显示成另一个样子；读入时已删除。",
        bad: "最低生活（U+202E）保障",
        good: "最低生活保障",
    },
    Doc {
        code: Code::ProjectInvalid,
        summary: "项目文件 gkml.yaml 的设置有误",
        why: "项目设置决定词表、规则级别和目录清单的封面信息。",
        bad: "规则:\n  attr-missing: 严重",
        good: "规则:\n  attr-missing: error",
    },
];
