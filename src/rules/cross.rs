//! Cross-file rules: catalog-duplicate, annex3-not-in-annex2, annex3-mismatch,
//! annex3-count, aspects-uncovered, registry-missing, registry-unknown.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Doc;
use crate::code::Code;
use crate::config::Config;
use crate::diag::{Severity, Sink};
use crate::format::hongkou::Field;
use crate::model::{Aspect, Catalog, Item, Kind, Loc, loc_of, text};
use crate::suggest::did_you_mean;

/// The documentation of the rules checked here (their code, level and
/// scope are in `src/code.rs`).
pub(super) static DOCS: &[Doc] = &[
    Doc {
        code: Code::CatalogDuplicate,
        summary: "同一试点单位、试点领域、目录类型有不止一份目录",
        why: "每个单位每个领域只应提交一份附件2和一份附件3，否则汇编时无法确定以哪份为准。",
        bad: "两个文件都是“区民政局 社会救助 标准化目录”",
        good: "合并为一个文件",
    },
    Doc {
        code: Code::Annex3NotInAnnex2,
        summary: "附件3 的事项不在本单位同一领域的附件2 中",
        why: "试点事项应从本单位的标准化目录中选取。",
        bad: "附件3 列了“临时救助”，附件2 没有",
        good: "先在附件2 中列出“临时救助”，或改选附件2 中的事项",
    },
    Doc {
        code: Code::Annex3Mismatch,
        summary: "附件3 事项的分类、主体、办理环节或政府信息与附件2 不一致",
        why: "规范化操作目录是对标准化目录中事项的细化，两者的环节和信息应一致。",
        bad: "附件2 中“受理”环节的时限是“即时”，附件3 中是“5个工作日”",
        good: "两处写成一致",
    },
    Doc {
        code: Code::Annex3Count,
        summary: "每个试点单位每个领域的附件3 事项不是2至3个",
        why: "实施方案要求每个领域选择2至3个具体事项。",
        bad: "附件3 只有1个事项",
        good: "附件3 列出2至3个事项",
    },
    Doc {
        code: Code::AspectsUncovered,
        summary: "试点单位的附件3 事项没有覆盖全部五公开",
        why: "实施方案要求试点事项兼顾决策、执行、管理、服务、结果五个方面的公开；项目文件“要求五公开: true”时为错误。",
        bad: "只有“服务公开”和“结果公开”",
        good: "为事项或政府信息标明五公开，覆盖全部五个方面",
    },
    Doc {
        code: Code::RegistryMissing,
        summary: "附件1 列出的试点单位和领域缺少附件2 或附件3 目录",
        why: "每个试点单位都要就附件1 分配给它的每个领域提交两份目录。",
        bad: "附件1：区民政局 养老服务；没有对应的目录文件",
        good: "提交 区民政局 养老服务 的附件2 和附件3",
    },
    Doc {
        code: Code::RegistryUnknown,
        summary: "目录的试点单位或试点领域不在附件1 中",
        why: "只汇编附件1 列出的单位和领域；单位名称写法不一致也会出现此问题。",
        bad: "试点单位: 民政局",
        good: "试点单位: 区民政局",
    },
];

type Key<'a> = (&'a str, &'a str);

/// Checks the catalogues of a project together.
pub fn check(cats: &[Catalog], cfg: &Config, sink: &mut Sink) {
    let mut by_key: BTreeMap<(Key, Kind), &Catalog> = BTreeMap::new();
    for c in cats {
        let key = ((text(&c.unit), text(&c.domain)), c.kind);
        if key.0.0.is_empty() || key.0.1.is_empty() {
            continue;
        }
        if let Some(first) = by_key.get(&key) {
            sink.emit(
                Code::CatalogDuplicate,
                &c.origin.0,
                format!("{}已在 {} 中提交过", c.title(), first.file),
            )
            .help("每个试点单位每个领域只提交一份附件2 和一份附件3；合并两个文件");
            continue;
        }
        by_key.insert(key, c);
    }

    for (&((unit, domain), kind), op) in &by_key {
        if kind != Kind::Operational {
            continue;
        }
        let n = op.items.len();
        // An empty catalogue is already reported as not filled in yet.
        if n > 0 && !(2..=3).contains(&n) {
            sink.emit(
                Code::Annex3Count,
                &op.origin.0,
                format!("{unit} {domain} 的规范化操作目录有 {n} 个事项，应为2至3个"),
            )
            .help("每个领域从标准化目录中选择2至3个具体事项");
        }
        match by_key.get(&((unit, domain), Kind::Standard)) {
            Some(std) => compare(op, std, sink),
            None => {
                for item in &op.items {
                    sink.emit(
                        Code::Annex3NotInAnnex2,
                        loc_of(&item.name, &item.origin),
                        format!(
                            "没有找到 {unit} {domain} 的标准化目录，无法核对事项“{}”",
                            text(&item.name)
                        ),
                    )
                    .help("先提交本单位本领域的附件2（标准化目录），附件3 的事项从中选取");
                }
            }
        }
    }

    aspects(&by_key, cfg, sink);
    registry(cats, cfg, &by_key, sink);
}

/// Compares each 附件3 item with the same item in 附件2.
fn compare(op: &Catalog, std: &Catalog, sink: &mut Sink) {
    let std_items: HashMap<&str, &Item> = std.items.iter().map(|i| (text(&i.name), i)).collect();
    for item in &op.items {
        let name = text(&item.name);
        if name.is_empty() {
            continue;
        }
        let Some(orig) = std_items.get(name) else {
            let s = did_you_mean(name, std.items.iter().map(|i| text(&i.name)));
            sink.emit(
                Code::Annex3NotInAnnex2,
                loc_of(&item.name, &item.origin),
                format!("事项“{name}”不在 {} 中", std.file),
            )
            .help(format!(
                "{s}附件3 的事项应从本单位本领域的标准化目录中选取，名称保持一致"
            ));
            continue;
        };
        let mut mismatch = |loc: &Loc, what: String, std_value: &str| {
            sink.emit(
                Code::Annex3Mismatch,
                loc,
                format!("事项“{name}”的{what}与标准化目录不一致"),
            )
            .help(format!(
                "标准化目录（{}）中是“{std_value}”；两处应写成一致",
                std.file
            ));
        };
        for (a, b, field) in [
            (&item.category, &orig.category, Field::Category.header()),
            (&item.subject, &orig.subject, Field::Subject.header()),
        ] {
            if text(a) != text(b) {
                mismatch(loc_of(a, &item.origin), field.to_string(), text(b));
            }
        }
        let names = |steps: &[crate::model::Step]| {
            steps
                .iter()
                .map(|s| text(&s.name).to_string())
                .collect::<Vec<_>>()
        };
        if names(&item.steps) != names(&orig.steps) {
            mismatch(
                &item.origin.0,
                "办理环节".into(),
                &names(&orig.steps).join("、"),
            );
            continue;
        }
        for (s, o) in item.steps.iter().zip(&orig.steps) {
            let sname = text(&s.name);
            if text(&s.time_limit) != text(&o.time_limit) {
                mismatch(
                    loc_of(&s.time_limit, &s.origin),
                    format!("环节“{sname}”的办理时限"),
                    text(&o.time_limit),
                );
            }
            let infos = |step: &crate::model::Step| {
                step.infos
                    .iter()
                    .map(|i| text(&i.name).to_string())
                    .collect::<Vec<_>>()
            };
            if infos(s) != infos(o) {
                mismatch(
                    &s.origin.0,
                    format!("环节“{sname}”的政府信息"),
                    &infos(o).join("、"),
                );
                continue;
            }
            for (i, oi) in s.infos.iter().zip(&o.infos) {
                if let (Some(a), Some(b)) = (i.attr(), oi.attr())
                    && a != b
                {
                    let at = i.attrs.first().map(|x| &x.loc).unwrap_or(&i.attr_origin.0);
                    mismatch(
                        at,
                        format!("政府信息“{}”的公开属性", text(&i.name)),
                        b.label(),
                    );
                }
            }
        }
    }
}

/// 五公开 coverage by each unit's 附件3 items and information.
fn aspects(by_key: &BTreeMap<(Key, Kind), &Catalog>, cfg: &Config, sink: &mut Sink) {
    let mut units: BTreeMap<&str, (BTreeSet<Aspect>, bool, &Catalog)> = BTreeMap::new();
    for (&((unit, _), kind), cat) in by_key {
        if kind != Kind::Operational {
            continue;
        }
        let entry = units.entry(unit).or_insert((BTreeSet::new(), false, cat));
        let mut add = |t: &crate::model::Text| {
            if let Some(t) = t.as_ref().filter(|t| !t.value.is_empty()) {
                entry.1 = true;
                if let Ok(list) = Aspect::parse_list(&t.value) {
                    entry.0.extend(list);
                }
            }
        };
        for item in &cat.items {
            add(&item.aspect);
            for info in item.steps.iter().flat_map(|s| &s.infos) {
                add(&info.aspect);
            }
        }
    }
    for (unit, (covered, given, cat)) in units {
        if !(given || cfg.require_aspects) {
            continue;
        }
        // Nothing filled in yet: the empty catalogues are reported already.
        let filled = by_key
            .iter()
            .any(|(&((u, _), k), c)| u == unit && k == Kind::Operational && !c.items.is_empty());
        if !filled {
            continue;
        }
        let missing: Vec<&str> = Aspect::ALL
            .iter()
            .filter(|a| !covered.contains(a))
            .map(|a| a.label())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let d = sink.emit(Code::AspectsUncovered, &cat.origin.0, format!("{unit} 的规范化操作目录没有覆盖{}", missing.join("、")))
            .help("在附件3 的事项或政府信息上标明“五公开”，使试点事项兼顾决策、执行、管理、服务、结果公开");
        if cfg.require_aspects {
            d.severity = Severity::Error;
        }
    }
}

/// 附件1: every registered pair has both catalogues; nothing unregistered.
fn registry(
    cats: &[Catalog],
    cfg: &Config,
    by_key: &BTreeMap<(Key, Kind), &Catalog>,
    sink: &mut Sink,
) {
    if cfg.registry.is_empty() {
        return;
    }
    let units: Vec<&str> = cfg.registry.iter().map(|r| r.unit.value.as_str()).collect();
    for entry in &cfg.registry {
        for d in &entry.domains {
            for kind in [Kind::Standard, Kind::Operational] {
                if !by_key.contains_key(&((entry.unit.value.as_str(), d.value.as_str()), kind)) {
                    sink.emit(
                        Code::RegistryMissing,
                        &d.loc,
                        format!(
                            "附件1 中 {} 的 {} 领域缺少{}（{}）",
                            entry.unit.value,
                            d.value,
                            kind.label(),
                            kind.annex()
                        ),
                    )
                    .help(format!(
                        "提交“试点单位: {}”“试点领域: {}”“目录类型: {}”的目录文件",
                        entry.unit.value,
                        d.value,
                        kind.label()
                    ));
                }
            }
        }
    }
    // First entry per unit, as a scan would find it; a map keeps this linear
    // in the number of catalogues for projects with many units.
    let mut by_unit: HashMap<&str, &crate::config::RegistryEntry> = HashMap::new();
    for r in &cfg.registry {
        by_unit.entry(r.unit.value.as_str()).or_insert(r);
    }
    for c in cats {
        let (unit, domain) = (text(&c.unit), text(&c.domain));
        if unit.is_empty() || domain.is_empty() {
            continue;
        }
        match by_unit.get(unit).copied() {
            None => {
                let s = did_you_mean(unit, units.iter().copied());
                sink.emit(
                    Code::RegistryUnknown,
                    loc_of(&c.unit, &c.origin),
                    format!("试点单位“{unit}”不在附件1 中"),
                )
                .help(format!("{s}附件1 的试点单位：{}", units.join("、")));
            }
            Some(r) if !r.domains.iter().any(|d| d.value == domain) => {
                let ds: Vec<&str> = r.domains.iter().map(|d| d.value.as_str()).collect();
                let s = did_you_mean(domain, ds.iter().copied());
                sink.emit(
                    Code::RegistryUnknown,
                    loc_of(&c.domain, &c.origin),
                    format!("附件1 没有给 {unit} 分配“{domain}”领域"),
                )
                .help(format!("{s}附件1 中 {unit} 的试点领域：{}", ds.join("、")));
            }
            _ => {}
        }
    }
}
