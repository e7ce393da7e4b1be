//! Project settings: the project file `gkml.yaml` (every key optional) and
//! its defaults.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::calendar::{self, Calendar, Date, YearSchedule};
use crate::code::{Code, Level};
use crate::diag::Sink;
use crate::model::Spanned;
use crate::suggest::did_you_mean;
use crate::timelimit::{self, TimeLimit};
use crate::yaml::read::{Ctx, Fields, parse_tree};
use crate::yaml::tree::Value;

/// Name of the project file in a catalogue directory.
pub const PROJECT_FILE: &str = "gkml.yaml";

/// One row of 附件1 试点单位及试点内容表.
#[derive(Clone, Debug)]
pub struct RegistryEntry {
    pub seq: String,
    pub unit: Spanned<String>,
    pub domains: Vec<Spanned<String>>,
}

/// A legal ground a reason may cite.
#[derive(Clone, Debug)]
pub struct Ground {
    pub name: String,
    pub keywords: Vec<String>,
}

/// Where a workbook's unit and domain come from when its sheets don't say.
#[derive(Clone, Debug)]
pub struct WorkbookMapping {
    pub file: String,
    pub unit: Option<String>,
    pub domain: Option<String>,
}

/// Fonts the booklet uses.
#[derive(Clone, Debug)]
pub struct Fonts {
    pub body: Vec<String>,
    pub heading: Vec<String>,
}

/// Project settings. Every field has a default, so a directory of unit files
/// works without a project file.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where the project file is, if there is one.
    pub file: Option<Arc<str>>,
    /// 标题 (a default when the project file gives none: see `title_given`).
    pub title: String,
    /// True when the project file gives 标题; a national project's booklet
    /// then keeps it, otherwise it is named after its county
    /// (`crate::national::compile::booklet_title`).
    pub title_given: bool,
    pub region: String,
    pub year: Option<String>,
    pub office: String,
    pub date: Option<String>,
    pub preface: String,
    pub registry: Vec<RegistryEntry>,
    pub categories: Vec<String>,
    pub routes: Vec<String>,
    pub media: Vec<String>,
    pub grounds: Vec<Ground>,
    pub deadline: TimeLimit,
    pub deadline_text: String,
    pub require_aspects: bool,
    pub levels: BTreeMap<Code, Level>,
    pub fonts: Fonts,
    pub workbooks: Vec<WorkbookMapping>,
    /// 节假日安排 the project adds to (or corrects in) the shipped
    /// schedules 2017–2026.
    pub holidays: Vec<YearSchedule>,
    /// 专栏开通日期: from this day on every 主动公开 piece of a 附件3 item
    /// should have a record in the 公开台账 (`validate --as-of`).
    pub column_opened: Option<Spanned<Date>>,
    /// The national-2019 settings (格式, 渠道标记, the channel vocabulary).
    pub national: NationalSettings,
}

/// The project's settings for national-2019 tables (国办发〔2019〕54号).
#[derive(Clone, Debug, Default)]
pub struct NationalSettings {
    /// True when the project file says `格式: national-2019`.
    pub declared: bool,
    /// What ■ and □ mean in channel cells (`渠道标记`).
    pub marks: crate::national::channel::MarkMeaning,
    /// The channels accepted: the 13 standard ones plus the project's
    /// (`公开渠道和载体`).
    pub channels: crate::national::channel::Vocabulary,
    /// 公开层级 the project's tables use, when listed.
    pub levels: Vec<String>,
    /// 编制单位及试点领域: each unit and its domains.
    pub units: Vec<(Spanned<String>, Vec<Spanned<String>>)>,
}

impl Config {
    /// The working-day calendar: the shipped schedules and the project's.
    pub fn calendar(&self) -> Calendar {
        Calendar::with_years(self.holidays.clone())
    }

    /// The settings the 公开台账 checks use.
    pub fn ledger_settings(&self) -> crate::ledger::Settings {
        crate::ledger::Settings {
            deadline: self.deadline.clone(),
            deadline_text: self.deadline_text.clone(),
        }
    }
}

/// Default 政务事项分类.
pub const DEFAULT_CATEGORIES: &[&str] = &[
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
    "公共服务",
];
/// Default 政府信息公开途径.
pub const DEFAULT_ROUTES: &[&str] = &[
    "\"上海虹口\"门户网站",
    "门户网站",
    "政府网站",
    "政府公报",
    "新闻发布会",
    "政府信息公开查阅点",
    "公开查阅点",
    "公示栏",
    "依申请",
    "服务窗口",
    "两微一端",
    "政务微博",
    "政务微信",
    "报刊",
    "广播电视",
];
/// Default 政府信息公开载体.
pub const DEFAULT_MEDIA: &[&str] = &[
    "网站",
    "纸质",
    "公示栏",
    "电子屏",
    "两微一端",
    "告知书",
    "微博",
    "微信",
    "报刊",
    "广播电视",
];

/// Default legal grounds (《中华人民共和国政府信息公开条例》, 2019, and the
/// 2008 text's articles that older catalogues cite).
pub fn default_grounds() -> Vec<Ground> {
    let g = |name: &str, kw: &[&str]| Ground {
        name: name.to_string(),
        keywords: kw.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        g(
            "《中华人民共和国政府信息公开条例》第十四条",
            &[
                "第十四条",
                "国家秘密",
                "国家安全",
                "公共安全",
                "经济安全",
                "社会稳定",
            ],
        ),
        g(
            "《中华人民共和国政府信息公开条例》第十五条",
            &["第十五条", "商业秘密", "个人隐私", "第三方合法权益"],
        ),
        g(
            "《中华人民共和国政府信息公开条例》第十六条",
            &[
                "第十六条",
                "内部事务",
                "过程性信息",
                "行政执法案卷",
                "内部管理信息",
            ],
        ),
        g(
            "《中华人民共和国政府信息公开条例》第三十七条",
            &["第三十七条", "区分处理"],
        ),
        g(
            "《中华人民共和国政府信息公开条例》（2008）第二十二条、第二十三条",
            &["第二十二条", "第二十三条"],
        ),
        g(
            "法律、行政法规禁止公开",
            &["法律、行政法规", "保密法", "档案法", "统计法"],
        ),
    ]
}

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            title: "政务公开事项标准化目录清单".into(),
            title_given: false,
            region: String::new(),
            year: None,
            office: String::new(),
            date: None,
            preface: String::new(),
            registry: Vec::new(),
            categories: DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect(),
            routes: DEFAULT_ROUTES.iter().map(|s| s.to_string()).collect(),
            media: DEFAULT_MEDIA.iter().map(|s| s.to_string()).collect(),
            grounds: default_grounds(),
            deadline: TimeLimit {
                anchor: None,
                span: timelimit::Span::WorkingDays(3),
            },
            deadline_text: "3个工作日".into(),
            require_aspects: false,
            levels: BTreeMap::new(),
            fonts: Fonts {
                body: vec!["Noto Serif CJK SC".into()],
                heading: vec!["Noto Sans CJK SC".into()],
            },
            workbooks: Vec::new(),
            holidays: Vec::new(),
            column_opened: None,
            national: NationalSettings::default(),
        }
    }
}

/// Keys of the project file.
pub mod keys {
    pub const TITLE: &str = "标题";
    pub const REGION: &str = "地区";
    pub const YEAR: &str = "年度";
    pub const OFFICE: &str = "编制单位";
    pub const DATE: &str = "编制日期";
    pub const PREFACE: &str = "编制说明";
    pub const REGISTRY: &str = "试点单位及试点内容表";
    pub const CATEGORIES: &str = "政务事项分类";
    pub const ROUTES: &str = "政府信息公开途径";
    pub const MEDIA: &str = "政府信息公开载体";
    pub const GROUNDS: &str = "法定理由";
    pub const DEADLINE: &str = "公开时限";
    pub const REQUIRE_ASPECTS: &str = "要求五公开";
    pub const RULES: &str = "规则";
    pub const FONTS: &str = "字体";
    pub const WORKBOOKS: &str = "工作簿";
    pub const HOLIDAYS: &str = "节假日安排";
    pub const COLUMN_OPENED: &str = "专栏开通日期";
    /// The catalogue format: hongkou-2017 (the default) or national-2019.
    pub const FORMAT: &str = "格式";
    /// national-2019: what ■/□ mean in 公开渠道和载体 cells.
    pub const CHANNEL_MARKS: &str = "渠道标记";
    /// national-2019: the channel vocabulary.
    pub const CHANNELS: &str = "公开渠道和载体";
    /// national-2019: the 公开层级 of the project's tables.
    pub const LEVELS: &str = "公开层级";
    /// national-2019: each 编制单位 and its 试点领域.
    pub const UNITS: &str = "编制单位及试点领域";
    pub const UNITS_ROW: &[&str] = &["编制单位", "试点领域"];
    pub const ALL: &[&str] = &[
        TITLE,
        REGION,
        YEAR,
        OFFICE,
        DATE,
        PREFACE,
        REGISTRY,
        CATEGORIES,
        ROUTES,
        MEDIA,
        GROUNDS,
        DEADLINE,
        REQUIRE_ASPECTS,
        RULES,
        FONTS,
        WORKBOOKS,
        HOLIDAYS,
        COLUMN_OPENED,
        FORMAT,
        CHANNEL_MARKS,
        CHANNELS,
        LEVELS,
        UNITS,
    ];
    pub const REGISTRY_ROW: &[&str] = &["序号", "试点单位", "试点领域"];
    pub const GROUND: &[&str] = &["依据", "关键词"];
    pub const FONT: &[&str] = &["正文", "标题"];
    pub const WORKBOOK: &[&str] = &["文件", "试点单位", "试点领域"];
}

/// Reads a project file. Problems go to `sink`; defaults fill the gaps.
pub fn read_config(file: &Arc<str>, text: &str, sink: &mut Sink) -> Config {
    let mut cfg = Config {
        file: Some(file.clone()),
        ..Config::default()
    };
    let Some(root) = parse_tree(file, text, sink) else {
        return cfg;
    };
    let mut ctx = Ctx { file, sink };
    let f = ctx.fields(&root, keys::ALL, "项目文件", &|_| None);
    let text_of = |ctx: &mut Ctx, key: &str| ctx.text(&f, key).map(|s| s.value);
    if let Some(t) = text_of(&mut ctx, keys::TITLE) {
        cfg.title = t;
        cfg.title_given = true;
    }
    cfg.region = text_of(&mut ctx, keys::REGION).unwrap_or_default();
    cfg.year = text_of(&mut ctx, keys::YEAR);
    cfg.office = text_of(&mut ctx, keys::OFFICE).unwrap_or_default();
    cfg.date = text_of(&mut ctx, keys::DATE);
    if let Some(d) = ctx.text(&f, keys::DATE)
        && parse_date(&d.value).is_none()
    {
        ctx.sink
            .emit(
                Code::ProjectInvalid,
                &d.loc,
                format!("编制日期“{}”无法识别", d.value),
            )
            .help("写成“2017-11-30”的形式");
    }
    cfg.preface = text_of(&mut ctx, keys::PREFACE).unwrap_or_default();
    if let Some(d) = ctx.text(&f, keys::COLUMN_OPENED) {
        match Date::parse(&d.value) {
            Ok(date) => cfg.column_opened = Some(Spanned::new(date, d.loc.clone())),
            Err(e) => {
                ctx.sink
                    .emit(
                        Code::ProjectInvalid,
                        &d.loc,
                        format!("专栏开通日期“{}”无法识别：{e}", d.value),
                    )
                    .help("写成“2017-10-09”或“2017年10月9日”的形式");
            }
        }
    }
    if let Some((_, node)) = f.get(keys::HOLIDAYS) {
        let (years, errors) = calendar::schedules_from_node(file, node);
        for e in errors {
            ctx.sink
                .emit(Code::ProjectInvalid, &e.loc, e.message)
                .help("格式同 gkml 内置的 src/calendar/holidays.yaml：每年一项，写年份、通知、文号、放假、上班");
        }
        cfg.holidays = years;
    }

    read_national(&mut ctx, &f, &mut cfg.national);

    for row in ctx.list(&f, keys::REGISTRY) {
        let rf = ctx.fields(row, keys::REGISTRY_ROW, "附件1 的一行", &|_| None);
        let seq = ctx.text(&rf, "序号").map(|s| s.value).unwrap_or_default();
        let unit = ctx.text(&rf, "试点单位");
        let domains = string_list(&mut ctx, &rf, "试点领域");
        match unit {
            Some(unit) => cfg.registry.push(RegistryEntry {
                seq,
                unit: *unit,
                domains,
            }),
            None => {
                ctx.sink
                    .emit(
                        Code::ProjectInvalid,
                        &ctx.loc(rf.pos),
                        "附件1 的这一行缺少试点单位",
                    )
                    .help("每行写“试点单位: …”和“试点领域: […]”");
            }
        }
    }
    for (key, target) in [
        (keys::CATEGORIES, &mut cfg.categories),
        (keys::ROUTES, &mut cfg.routes),
        (keys::MEDIA, &mut cfg.media),
    ] {
        if f.get(key).is_some() {
            *target = string_list(&mut ctx, &f, key)
                .into_iter()
                .map(|s| s.value)
                .collect();
        }
    }
    if f.get(keys::GROUNDS).is_some() {
        cfg.grounds.clear();
        for g in ctx.list(&f, keys::GROUNDS) {
            let gf = ctx.fields(g, keys::GROUND, "法定理由", &|_| None);
            let name = ctx.text(&gf, "依据").map(|s| s.value).unwrap_or_default();
            let mut keywords: Vec<String> = string_list(&mut ctx, &gf, "关键词")
                .into_iter()
                .map(|s| s.value)
                .collect();
            if keywords.is_empty() && !name.is_empty() {
                keywords.push(name.clone());
            }
            cfg.grounds.push(Ground { name, keywords });
        }
    }
    if let Some(d) = ctx.text(&f, keys::DEADLINE) {
        match timelimit::parse(&d.value) {
            Some(t) => {
                cfg.deadline = t;
                cfg.deadline_text = d.value;
            }
            None => {
                ctx.sink
                    .emit(
                        Code::ProjectInvalid,
                        &d.loc,
                        format!("公开时限“{}”无法识别", d.value),
                    )
                    .help("写成“3个工作日”的形式");
            }
        }
    }
    if let Some(b) = ctx.text(&f, keys::REQUIRE_ASPECTS) {
        match b.value.as_str() {
            "true" | "是" | "yes" | "True" => cfg.require_aspects = true,
            "false" | "否" | "no" | "False" => cfg.require_aspects = false,
            other => {
                ctx.sink
                    .emit(
                        Code::ProjectInvalid,
                        &b.loc,
                        format!("要求五公开“{other}”应为 true 或 false"),
                    )
                    .help("写“要求五公开: true”或“要求五公开: false”");
            }
        }
    }
    if let Some((_, rules_node)) = f.get(keys::RULES) {
        if let Value::Map(entries) = &rules_node.value {
            for (k, v) in entries {
                let (Value::Scalar { text: code, .. }, Value::Scalar { text: level, .. }) =
                    (&k.value, &v.value)
                else {
                    ctx.sink.emit(
                        Code::ProjectInvalid,
                        &ctx.loc(k.pos),
                        "规则设置应为“规则代码: error/warning/off”",
                    );
                    continue;
                };
                let Some(c) = Code::parse(code.trim()) else {
                    let s = did_you_mean(code, Code::ALL.iter().map(|c| c.as_str()));
                    ctx.sink
                        .emit(
                            Code::ProjectInvalid,
                            &ctx.loc(k.pos),
                            format!("没有代码为“{code}”的规则"),
                        )
                        .help(format!("{s}运行 gkml rules 查看全部规则代码"));
                    continue;
                };
                match Level::parse(level) {
                    Some(l) => {
                        cfg.levels.insert(c, l);
                    }
                    None => {
                        ctx.sink
                            .emit(
                                Code::ProjectInvalid,
                                &ctx.loc(v.pos),
                                format!("规则级别“{level}”无法识别"),
                            )
                            .help("级别写 error（错误）、warning（警告）或 off（关闭）");
                    }
                }
            }
        } else if !rules_node.is_null() {
            ctx.sink
                .emit(Code::YamlType, &ctx.loc(rules_node.pos), "“规则”应为键值对");
        }
    }
    if let Some((_, node)) = f.get(keys::FONTS) {
        let ff = ctx.fields(node, keys::FONT, "字体", &|_| None);
        let body = string_list(&mut ctx, &ff, "正文");
        if !body.is_empty() {
            cfg.fonts.body = body.into_iter().map(|s| s.value).collect();
        }
        let heading = string_list(&mut ctx, &ff, "标题");
        if !heading.is_empty() {
            cfg.fonts.heading = heading.into_iter().map(|s| s.value).collect();
        }
    }
    for w in ctx.list(&f, keys::WORKBOOKS) {
        let wf = ctx.fields(w, keys::WORKBOOK, "工作簿", &|_| None);
        let Some(file) = ctx.text(&wf, "文件") else {
            ctx.sink.emit(
                Code::ProjectInvalid,
                &ctx.loc(wf.pos),
                "工作簿设置缺少“文件”",
            );
            continue;
        };
        cfg.workbooks.push(WorkbookMapping {
            file: file.value,
            unit: ctx.text(&wf, "试点单位").map(|s| s.value),
            domain: ctx.text(&wf, "试点领域").map(|s| s.value),
        });
    }
    cfg
}

/// A scalar or a list of scalars (a scalar may join values with 、).
/// The national-2019 keys of a project file.
fn read_national(ctx: &mut Ctx, f: &Fields, n: &mut NationalSettings) {
    use crate::national::channel::{MarkMeaning, Vocabulary};
    if let Some(v) = ctx.text(f, keys::FORMAT) {
        match v.value.trim() {
            "national-2019" => n.declared = true,
            "hongkou-2017" => {}
            other => {
                ctx.sink
                    .emit(
                        Code::ProjectInvalid,
                        &v.loc,
                        format!("格式“{other}”无法识别"),
                    )
                    .help("写“格式: national-2019”（全国基层政务公开标准目录）或“格式: hongkou-2017”（虹口试点的附件2/附件3）");
            }
        }
    }
    if let Some(v) = ctx.text(f, keys::CHANNEL_MARKS) {
        match MarkMeaning::from_project(&v.value) {
            Some(m) => n.marks = m,
            None => {
                ctx.sink
                    .emit(
                        Code::ProjectInvalid,
                        &v.loc,
                        format!("渠道标记“{}”无法识别", v.value),
                    )
                    .help("写“渠道标记: 使用”（■采用、□不采用）或“渠道标记: 必选/可选”（照抄标准指引：■必选、□可选）");
            }
        }
    }
    if f.get(keys::CHANNELS).is_some() {
        let names: Vec<String> = string_list(ctx, f, keys::CHANNELS)
            .into_iter()
            .map(|s| s.value)
            .collect();
        n.channels = Vocabulary::with_local(names.iter().map(String::as_str));
    }
    if f.get(keys::LEVELS).is_some() {
        n.levels = string_list(ctx, f, keys::LEVELS)
            .into_iter()
            .map(|s| s.value)
            .collect();
    }
    for row in ctx.list(f, keys::UNITS) {
        let rf = ctx.fields(row, keys::UNITS_ROW, "编制单位及试点领域的一行", &|_| None);
        let unit = ctx.text(&rf, "编制单位");
        let domains = string_list(ctx, &rf, "试点领域");
        match unit {
            Some(unit) => n.units.push((*unit, domains)),
            None => {
                ctx.sink
                    .emit(
                        Code::ProjectInvalid,
                        &ctx.loc(rf.pos),
                        "编制单位及试点领域的这一行缺少编制单位",
                    )
                    .help("每行写“编制单位: …”和“试点领域: […]”");
            }
        }
    }
}

fn string_list(ctx: &mut Ctx, f: &Fields, key: &str) -> Vec<Spanned<String>> {
    let Some((_, v)) = f.get(key) else {
        return Vec::new();
    };
    match &v.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|n| ctx.scalar(n, key).map(|s| *s))
            .collect(),
        _ => match ctx.scalar(v, key) {
            Some(s) => s
                .value
                .split(['、', ',', '，'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| Spanned::new(p.to_string(), s.loc.clone()))
                .collect(),
            None => Vec::new(),
        },
    }
}

/// (year, month, day) from "2017-11-30", "2017/11/30" or "2017年11月30日".
pub fn parse_date(s: &str) -> Option<(i32, u8, u8)> {
    let parts: Vec<&str> = s
        .split(['-', '/', '.', '年', '月', '日'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1900..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y, m, d))
}
