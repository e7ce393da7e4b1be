//! `hongkou-2017`: the pilot's 附件2 政务公开事项标准化目录 and 附件3
//! 政务公开试点事项规范化操作目录 (上海市虹口区, 2017). Every word of these
//! two templates that gkml reads or writes is spelled here and nowhere else.

use super::{
    CatalogKeys, Choice, ChoiceLayout, Column, Format, InKind, Key, KindSpec, Level, Match, Opt,
    Presence, Print, ValueKind, Width,
};
use crate::model::{Attr, Info, Item, Kind, Step, Text};

/// The pilot's columns (the four 公开属性 tick sub-columns are options of
/// [`Field::Attr`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 序号.
    Seq,
    /// 政务事项分类.
    Category,
    /// 政务事项名称.
    Name,
    /// 政务事项办理主体.
    Subject,
    /// 政务事项依据 (附件3).
    Basis,
    /// 政务事项办理环节.
    Step,
    /// 所在环节办理产生的政府信息名称.
    InfoName,
    /// 政府信息公开属性.
    Attr,
    /// 不予公开和部分公开的理由.
    Reason,
    /// 所在环节办理时限.
    TimeLimit,
    /// 政府信息公开时间 (附件3).
    Time,
    /// 政府信息公开途径 (附件3).
    Route,
    /// 政府信息公开载体 (附件3).
    Medium,
    /// 五公开 of the item as a whole.
    ItemAspect,
    /// 五公开 of a piece of information.
    Aspect,
    /// 备注 of the item as a whole.
    ItemRemark,
    /// 备注 of a piece of information.
    Remark,
}

/// Level indexes.
pub const ITEM: usize = 0;
/// 办理环节.
pub const STEP: usize = 1;
/// 政府信息.
pub const INFO: usize = 2;

/// The options of [`ATTRS`].
static ATTR_OPTIONS: [Opt; 4] = [
    Opt {
        label: "主动公开",
        aliases: &["主动"],
        sheet_header: "主动\n公开",
    },
    Opt {
        label: "依申请公开",
        aliases: &["依申请"],
        sheet_header: "依申请\n公开",
    },
    Opt {
        label: "部分公开",
        aliases: &["部分"],
        sheet_header: "部分\n公开",
    },
    Opt {
        label: "不予公开",
        aliases: &["不予", "不公开"],
        sheet_header: "不予\n公开",
    },
];

/// The four attributes, in [`Attr::ALL`] order.
pub static ATTRS: Choice = Choice {
    options: &ATTR_OPTIONS,
    many: false,
    layouts: &[ChoiceLayout::Ticks, ChoiceLayout::OneColumn],
    doc: "政府信息公开属性：四种之一。",
    schema_def: "AttrName",
};

const fn k(presence: Presence, print: Option<Print>, help: Option<&'static str>) -> InKind {
    InKind {
        presence,
        print,
        help,
    }
}

const fn p(width: Width, header: &'static [&'static str]) -> Option<Print> {
    Some(Print {
        width,
        header,
        centered: false,
    })
}

const fn pc(width: Width, header: &'static [&'static str]) -> Option<Print> {
    Some(Print {
        width,
        header,
        centered: true,
    })
}

use Presence::{Absent, Always, Optional, Required};
use Width::{Em, Fr};

const TIME_LIMIT_HELP: &str =
    "写成：即时、当场、5个工作日、10日、1个月、每月，或“受理之日起10个工作日内”。";

/// The pilot's format.
pub static HONGKOU_2017: Format<Field> = Format {
    id: "hongkou-2017",
    kinds: &KINDS,
    catalog: CATALOG,
    levels: &LEVELS,
    columns: &COLUMNS,
};

/// 附件2 and 附件3.
static KINDS: [KindSpec; 2] = [
    KindSpec {
        label: "标准化目录",
        annex: "附件2",
        title: "领域政务公开事项标准化目录",
        names: &["标准化目录", "附件2", "附件二", "政务公开事项标准化目录"],
        doc: "附件2 政务公开事项标准化目录",
    },
    KindSpec {
        label: "规范化操作目录",
        annex: "附件3",
        title: "领域政务公开试点事项规范化操作目录",
        names: &[
            "规范化操作目录",
            "附件3",
            "附件三",
            "政务公开试点事项规范化操作目录",
        ],
        doc: "附件3 政务公开试点事项规范化操作目录",
    },
];

/// The catalogue's own keys.
const CATALOG: CatalogKeys = CatalogKeys {
    unit: Key {
        key: "试点单位",
        doc: "试点单位，如“区民政局”",
    },
    domain: Key {
        key: "试点领域",
        doc: "试点领域，如“社会救助”",
    },
    kind: Key {
        key: "目录类型",
        doc: "标准化目录（附件2）或规范化操作目录（附件3）",
    },
};

/// 政务事项 → 办理环节 → 政府信息.
static LEVELS: [Level; 3] = [
    Level {
        name: "政务事项",
        list_key: "政务事项",
        doc: "政务事项。",
        list_doc: "政务事项列表",
        merged: true,
        schema_def: "ItemDoc",
    },
    Level {
        name: "办理环节",
        list_key: "办理环节",
        doc: "政务事项办理环节。",
        list_doc: "政务事项办理环节列表",
        merged: true,
        schema_def: "StepDoc",
    },
    Level {
        name: "政府信息",
        list_key: "政府信息",
        doc: "所在环节办理产生的一条政府信息。",
        list_doc: "所在环节办理产生的政府信息列表",
        merged: false,
        schema_def: "InfoDoc",
    },
];

/// The columns, in [`Field`] order (which is the workbook's order).
static COLUMNS: [Column<Field>; 17] = [
    Column {
        field: Field::Seq,
        key: "序号",
        header: "序号",
        sheet_header: "序号",
        accept: &[Match::Exact(&["序号", "编号", "序"])],
        rank: 0,
        level: ITEM,
        kinds: &[
            k(
                Required,
                pc(Em(2.2), &["序号"]),
                Some("政务事项的序号，1、2、3……，同一表内不重复。"),
            ),
            k(
                Required,
                pc(Em(2.0), &["序号"]),
                Some("政务事项的序号，1、2、3……，同一表内不重复。"),
            ),
        ],
        value: ValueKind::Number,
        sheet_width: 6.0,
        centered: true,
        doc: "序号：1、2、3……，在本目录内不重复",
    },
    Column {
        field: Field::Category,
        key: "政务事项分类",
        header: "政务事项分类",
        sheet_header: "政务事项分类",
        accept: &[Match::Contains(&["分类", "类别"])],
        rank: 14,
        level: ITEM,
        kinds: &[
            k(
                Required,
                pc(Em(5.0), &["政务事项", "分类"]),
                Some("从下拉列表选择：{categories}。"),
            ),
            k(
                Required,
                pc(Em(5.0), &["政务事项", "分类"]),
                Some("从下拉列表选择：{categories}。"),
            ),
        ],
        value: ValueKind::Vocabulary,
        sheet_width: 11.0,
        centered: false,
        doc: "政务事项分类，如“行政许可”“行政给付”“公共服务”",
    },
    Column {
        field: Field::Name,
        key: "政务事项名称",
        header: "政务事项名称",
        sheet_header: "政务事项名称",
        accept: &[
            Match::Contains(&["事项名称"]),
            Match::Exact(&["名称", "政务事项", "事项"]),
        ],
        rank: 16,
        level: ITEM,
        kinds: &[
            k(
                Required,
                p(Fr(1.3), &["政务事项名称"]),
                Some("与权力清单、责任清单、服务清单中的名称一致。"),
            ),
            k(
                Required,
                p(Fr(1.3), &["政务事项名称"]),
                Some("与权力清单、责任清单、服务清单中的名称一致。"),
            ),
        ],
        value: ValueKind::Text,
        sheet_width: 20.0,
        centered: false,
        doc: "政务事项名称",
    },
    Column {
        field: Field::Subject,
        key: "政务事项办理主体",
        header: "政务事项办理主体",
        sheet_header: "政务事项\n办理主体",
        accept: &[Match::Contains(&["主体", "实施机关", "办理机构"])],
        rank: 15,
        level: ITEM,
        kinds: &[
            k(
                Required,
                p(Fr(1.3), &["政务事项", "办理主体"]),
                Some("实施该事项的机关或机构；多个主体用“、”分隔。"),
            ),
            k(
                Required,
                p(Fr(1.3), &["政务事项", "办理主体"]),
                Some("实施该事项的机关或机构；多个主体用“、”分隔。"),
            ),
        ],
        value: ValueKind::Text,
        sheet_width: 18.0,
        centered: false,
        doc: "政务事项办理主体",
    },
    Column {
        field: Field::Basis,
        key: "政务事项依据",
        header: "政务事项依据",
        sheet_header: "政务事项依据",
        accept: &[Match::Contains(&["依据"])],
        rank: 11,
        level: ITEM,
        kinds: &[
            k(Absent, None, None),
            k(
                Required,
                p(Fr(1.8), &["政务事项依据"]),
                Some("办理该事项的法律、法规、规章和规范性文件，写明文件名称和条款。"),
            ),
        ],
        value: ValueKind::Text,
        sheet_width: 30.0,
        centered: false,
        doc: "政务事项依据（附件3 必填；附件2 不填）",
    },
    Column {
        field: Field::Step,
        key: "政务事项办理环节",
        header: "政务事项办理环节",
        sheet_header: "政务事项\n办理环节",
        accept: &[Match::Contains(&["环节"])],
        rank: 13,
        level: STEP,
        kinds: &[
            k(
                Required,
                pc(Fr(1.0), &["政务事项", "办理环节"]),
                Some("该事项办理应当履行的法定环节，如受理、审查、决定、送达。"),
            ),
            k(
                Required,
                pc(Fr(1.0), &["政务事项", "办理环节"]),
                Some("该事项办理应当履行的法定环节，如受理、审查、决定、送达。"),
            ),
        ],
        value: ValueKind::Text,
        sheet_width: 13.0,
        centered: false,
        doc: "政务事项办理环节，如“受理”“审核”“决定”",
    },
    Column {
        field: Field::InfoName,
        key: "所在环节办理产生的政府信息名称",
        header: "所在环节办理产生的政府信息名称",
        sheet_header: "所在环节办理产生的\n政府信息名称",
        accept: &[
            Match::Contains(&["信息名称"]),
            Match::ContainsAll(&["信息", "名称"]),
        ],
        rank: 12,
        level: INFO,
        kinds: &[
            k(
                Required,
                p(Fr(2.0), &["所在环节办理产生的", "政府信息名称"]),
                Some("该环节获取或制作的政府信息，每条一行。"),
            ),
            k(
                Required,
                p(Fr(1.6), &["所在环节", "办理产生的", "政府信息名称"]),
                Some("该环节获取或制作的政府信息，每条一行。"),
            ),
        ],
        value: ValueKind::Text,
        sheet_width: 26.0,
        centered: false,
        doc: "所在环节办理产生的政府信息名称",
    },
    Column {
        field: Field::Attr,
        key: "政府信息公开属性",
        header: "政府信息公开属性",
        sheet_header: "政府信息公开属性",
        accept: &[Match::Contains(&["公开属性"]), Match::Option],
        rank: 6,
        level: INFO,
        kinds: &[
            k(
                Required,
                pc(Em(3.2), &["政府信息公开属性"]),
                Some("主动公开、依申请公开、部分公开、不予公开四列中只在一列填 √。"),
            ),
            k(
                Required,
                pc(Em(3.2), &["政府信息公开属性"]),
                Some("主动公开、依申请公开、部分公开、不予公开四列中只在一列填 √。"),
            ),
        ],
        value: ValueKind::Choice(&ATTRS),
        sheet_width: 6.5,
        centered: true,
        doc: "政府信息公开属性：主动公开、依申请公开、部分公开、不予公开，只选一种",
    },
    Column {
        field: Field::Reason,
        key: "不予公开和部分公开的理由",
        header: "不予公开和部分公开的理由",
        sheet_header: "不予公开和部分公开的理由",
        accept: &[Match::Contains(&["理由"])],
        rank: 5,
        level: INFO,
        kinds: &[
            k(
                Always,
                p(Fr(3.0), &["不予公开和部分公开的理由"]),
                Some(
                    "仅部分公开、不予公开填写，须援引法定依据，例如“涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开”。主动公开和依申请公开不填。",
                ),
            ),
            k(
                Always,
                p(Fr(2.0), &["不予公开和", "部分公开的理由"]),
                Some(
                    "仅部分公开、不予公开填写，须援引法定依据，例如“涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开”。主动公开和依申请公开不填。",
                ),
            ),
        ],
        value: ValueKind::LegalReason,
        sheet_width: 30.0,
        centered: false,
        doc: "不予公开和部分公开的理由（部分公开、不予公开必填，写明法律依据）",
    },
    Column {
        field: Field::TimeLimit,
        key: "所在环节办理时限",
        header: "所在环节办理时限",
        sheet_header: "所在环节\n办理时限",
        accept: &[Match::Contains(&["时限", "期限"])],
        rank: 10,
        level: STEP,
        kinds: &[
            k(
                Required,
                pc(Fr(1.1), &["所在环节", "办理时限"]),
                Some(TIME_LIMIT_HELP),
            ),
            k(
                Required,
                pc(Fr(1.0), &["所在环节", "办理时限"]),
                Some(TIME_LIMIT_HELP),
            ),
        ],
        value: ValueKind::TimeLimit,
        sheet_width: 15.0,
        centered: false,
        doc: "所在环节办理时限，如“即时”“5个工作日”“受理之日起10个工作日内”",
    },
    Column {
        field: Field::Time,
        key: "政府信息公开时间",
        header: "政府信息公开时间",
        sheet_header: "政府信息\n公开时间",
        accept: &[Match::Contains(&["公开时间", "公开时限"])],
        rank: 9,
        level: INFO,
        kinds: &[
            k(Absent, None, None),
            k(
                Always,
                p(Fr(1.3), &["政府信息", "公开时间"]),
                Some(
                    "主动公开的信息须在形成后{deadline}内公开，写成“信息形成之日起3个工作日内”；依申请公开写“收到申请之日起20个工作日内”；不予公开的信息不填公开时间、途径和载体。",
                ),
            ),
        ],
        value: ValueKind::Text,
        sheet_width: 18.0,
        centered: false,
        doc: "政府信息公开时间（附件3），如“信息形成之日起3个工作日内”",
    },
    Column {
        field: Field::Route,
        key: "政府信息公开途径",
        header: "政府信息公开途径",
        sheet_header: "政府信息\n公开途径",
        accept: &[Match::Contains(&["途径", "渠道"])],
        rank: 7,
        level: INFO,
        kinds: &[
            k(Absent, None, None),
            k(
                Always,
                p(Fr(1.2), &["政府信息", "公开途径"]),
                Some("可选：{routes}；多个用“、”连写。"),
            ),
        ],
        value: ValueKind::Vocabulary,
        sheet_width: 16.0,
        centered: false,
        doc: "政府信息公开途径（附件3），如“\\\"上海虹口\\\"门户网站”",
    },
    Column {
        field: Field::Medium,
        key: "政府信息公开载体",
        header: "政府信息公开载体",
        sheet_header: "政府信息\n公开载体",
        accept: &[Match::Contains(&["载体"])],
        rank: 8,
        level: INFO,
        kinds: &[
            k(Absent, None, None),
            k(
                Always,
                pc(Em(5.0), &["政府信息", "公开载体"]),
                Some("可选：{media}；多个用“、”连写。"),
            ),
        ],
        value: ValueKind::Vocabulary,
        sheet_width: 11.0,
        centered: false,
        doc: "政府信息公开载体（附件3），如“网站”“纸质”",
    },
    Column {
        field: Field::ItemAspect,
        key: "五公开",
        header: "事项五公开",
        sheet_header: "事项五公开",
        accept: &[Match::Contains(&["事项五公开"])],
        rank: 1,
        level: ITEM,
        kinds: &[k(Optional, None, None), k(Optional, None, None)],
        value: ValueKind::Text,
        sheet_width: 11.0,
        centered: false,
        doc: "五公开：决策公开、执行公开、管理公开、服务公开、结果公开（可选，可写多个，用顿号分隔）",
    },
    Column {
        field: Field::Aspect,
        key: "五公开",
        header: "五公开",
        sheet_header: "五公开",
        accept: &[Match::Contains(&["五公开"])],
        rank: 3,
        level: INFO,
        kinds: &[
            k(Optional, None, None),
            k(
                Optional,
                None,
                Some(
                    "可选：决策公开、执行公开、管理公开、服务公开、结果公开。合并在事项各行上的值属于该事项，逐行填写的值属于该条政府信息。",
                ),
            ),
        ],
        value: ValueKind::Text,
        sheet_width: 11.0,
        centered: false,
        doc: "五公开（可选）",
    },
    Column {
        field: Field::ItemRemark,
        key: "备注",
        header: "事项备注",
        sheet_header: "事项备注",
        accept: &[Match::Contains(&["事项备注"])],
        rank: 2,
        level: ITEM,
        kinds: &[k(Optional, None, None), k(Optional, None, None)],
        value: ValueKind::Text,
        sheet_width: 14.0,
        centered: false,
        doc: "备注（可选）",
    },
    Column {
        field: Field::Remark,
        key: "备注",
        header: "备注",
        sheet_header: "备注",
        accept: &[Match::Contains(&["备注"])],
        rank: 4,
        level: INFO,
        kinds: &[
            k(Optional, None, Some("其他需要说明的情况。")),
            k(Optional, None, Some("其他需要说明的情况。")),
        ],
        value: ValueKind::Text,
        sheet_width: 14.0,
        centered: false,
        doc: "备注（可选）",
    },
];

impl Field {
    /// The column's description.
    pub fn column(self) -> &'static Column<Field> {
        // COLUMNS is in Field order (a test checks).
        match self {
            Field::Seq => &COLUMNS[0],
            Field::Category => &COLUMNS[1],
            Field::Name => &COLUMNS[2],
            Field::Subject => &COLUMNS[3],
            Field::Basis => &COLUMNS[4],
            Field::Step => &COLUMNS[5],
            Field::InfoName => &COLUMNS[6],
            Field::Attr => &COLUMNS[7],
            Field::Reason => &COLUMNS[8],
            Field::TimeLimit => &COLUMNS[9],
            Field::Time => &COLUMNS[10],
            Field::Route => &COLUMNS[11],
            Field::Medium => &COLUMNS[12],
            Field::ItemAspect => &COLUMNS[13],
            Field::Aspect => &COLUMNS[14],
            Field::ItemRemark => &COLUMNS[15],
            Field::Remark => &COLUMNS[16],
        }
    }

    /// The header as the template prints it.
    pub fn header(self) -> &'static str {
        self.column().header
    }

    /// The YAML key.
    pub fn key(self) -> &'static str {
        self.column().key
    }
}

impl Kind {
    /// Index into [`HONGKOU_2017`]'s kinds.
    pub fn index(self) -> usize {
        match self {
            Kind::Standard => 0,
            Kind::Operational => 1,
        }
    }

    /// The kind at an index of [`HONGKOU_2017`]'s kinds.
    pub fn from_index(i: usize) -> Option<Kind> {
        match i {
            0 => Some(Kind::Standard),
            1 => Some(Kind::Operational),
            _ => None,
        }
    }

    /// The kind's description.
    pub fn spec(self) -> &'static KindSpec {
        match self {
            Kind::Standard => &KINDS[0],
            Kind::Operational => &KINDS[1],
        }
    }
}

impl Attr {
    /// The template's own term.
    pub fn label(self) -> &'static str {
        self.option().label
    }

    /// Reads the four terms and their short forms (主动, 依申请, 部分, 不予).
    pub fn parse(s: &str) -> Option<Attr> {
        ATTRS.parse(s).and_then(|i| Attr::ALL.get(i).copied())
    }

    /// Index into [`ATTRS`]'s options.
    pub fn index(self) -> usize {
        match self {
            Attr::Active => 0,
            Attr::OnRequest => 1,
            Attr::Partial => 2,
            Attr::Withheld => 3,
        }
    }

    /// The option's description.
    pub fn option(self) -> &'static Opt {
        match self {
            Attr::Active => &ATTR_OPTIONS[0],
            Attr::OnRequest => &ATTR_OPTIONS[1],
            Attr::Partial => &ATTR_OPTIONS[2],
            Attr::Withheld => &ATTR_OPTIONS[3],
        }
    }
}

// The labels and parsing of the model's kinds come from this description.
impl Kind {
    /// 标准化目录 / 规范化操作目录.
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// 附件2 / 附件3.
    pub fn annex(self) -> &'static str {
        self.spec().annex
    }

    /// Reads 标准化目录 / 附件2 / 规范化操作目录 / 附件3 and the other names
    /// the format description gives.
    pub fn parse(s: &str) -> Option<Kind> {
        HONGKOU_2017.kind_named(s).and_then(Kind::from_index)
    }
}

impl Item {
    /// The text of one of the item's columns (`None` for a column of
    /// another level).
    pub fn text(&self, field: Field) -> Option<&Text> {
        match field {
            Field::Seq => Some(&self.seq),
            Field::Category => Some(&self.category),
            Field::Name => Some(&self.name),
            Field::Subject => Some(&self.subject),
            Field::Basis => Some(&self.basis),
            Field::ItemAspect => Some(&self.aspect),
            Field::ItemRemark => Some(&self.remark),
            _ => None,
        }
    }
}

impl Step {
    /// The text of one of the step's columns.
    pub fn text(&self, field: Field) -> Option<&Text> {
        match field {
            Field::Step => Some(&self.name),
            Field::TimeLimit => Some(&self.time_limit),
            _ => None,
        }
    }
}

impl Info {
    /// The text of one of the information's columns (the attribute is not
    /// a text).
    pub fn text(&self, field: Field) -> Option<&Text> {
        match field {
            Field::InfoName => Some(&self.name),
            Field::Reason => Some(&self.reason),
            Field::Time => Some(&self.time),
            Field::Route => Some(&self.route),
            Field::Medium => Some(&self.medium),
            Field::Aspect => Some(&self.aspect),
            Field::Remark => Some(&self.remark),
            _ => None,
        }
    }
}

/// The catalogue's key list: unit, domain, kind, items.
pub fn catalog_keys() -> [&'static str; 4] {
    let c = &HONGKOU_2017.catalog;
    [c.unit.key, c.domain.key, c.kind.key, LEVELS[0].list_key]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_one_column_and_every_column_every_kind() {
        let all = [
            Field::Seq,
            Field::Category,
            Field::Name,
            Field::Subject,
            Field::Basis,
            Field::Step,
            Field::InfoName,
            Field::Attr,
            Field::Reason,
            Field::TimeLimit,
            Field::Time,
            Field::Route,
            Field::Medium,
            Field::ItemAspect,
            Field::Aspect,
            Field::ItemRemark,
            Field::Remark,
        ];
        assert_eq!(HONGKOU_2017.columns.len(), all.len());
        for (i, f) in all.into_iter().enumerate() {
            assert_eq!(
                HONGKOU_2017.columns[i].field, f,
                "COLUMNS is in Field order"
            );
            assert_eq!(
                HONGKOU_2017.columns.iter().filter(|c| c.field == f).count(),
                1,
                "{f:?}"
            );
            assert_eq!(f.column().field, f);
            assert_eq!(f.column().kinds.len(), HONGKOU_2017.kinds.len());
        }
        for a in Attr::ALL {
            assert_eq!(ATTRS.parse(a.option().label), Some(a.index()));
        }
    }

    #[test]
    fn annex3_only_keys_are_the_four_annex3_columns() {
        let only = HONGKOU_2017.keys_not_in(Kind::Standard.index());
        assert_eq!(
            only,
            [
                Field::Basis.key(),
                Field::Time.key(),
                Field::Route.key(),
                Field::Medium.key()
            ]
        );
        assert!(
            HONGKOU_2017
                .keys_not_in(Kind::Operational.index())
                .is_empty()
        );
    }
}
