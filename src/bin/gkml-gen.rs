//! `gkml-gen`: synthetic projects of any size for benchmarks (used by
//! `scripts/bench.py` and `scripts/pgo-build.sh`). A binary of its own, not
//! part of the library or of `gkml`.
//!
//! A generated project looks like `catalogs/hongkou-2017`: a `gkml.yaml`
//! with a 附件1 registry, and per unit and domain a 附件2 catalogue and a
//! 附件3 catalogue selecting 2–3 of its items (same steps and information,
//! plus 政务事项依据 and 公开时间/途径/载体 that satisfy the rules). Texts are
//! drawn from vocabularies resembling the sample, so lengths are realistic.
//! The same seed always gives the same files, as YAML or as workbooks in the
//! merged 附件2/附件3 layout.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use gkml::config::keys;
use gkml::format::Presence;
use gkml::format::hongkou::{Field, HONGKOU_2017};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use clap::Parser;

use gkml::model::{Aspect, Attr, Kind};

/// What to generate.
#[derive(Parser, Clone, Debug)]
#[command(
    name = "gkml-gen",
    bin_name = "gkml-gen",
    version,
    about = "生成合成项目（性能测试用）"
)]
struct Options {
    /// 试点单位数
    #[arg(long, default_value_t = 5)]
    units: usize,
    /// 每个单位每个领域的政务事项数
    #[arg(long, default_value_t = 10)]
    items_per_domain: usize,
    /// 每个事项的平均办理环节数
    #[arg(long, default_value_t = 4)]
    steps_per_item: usize,
    /// 每个环节的平均政府信息数
    #[arg(long, default_value_t = 3)]
    infos_per_step: usize,
    /// 随机种子（相同种子生成相同文件）
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// 输出目录（不存在或为空）
    #[arg(long = "output", short = 'o')]
    out: PathBuf,
    /// 生成工作簿（附件2/附件3 合并单元格版式）而不是 YAML
    #[arg(long)]
    xlsx: bool,
}

fn main() -> std::process::ExitCode {
    let opts = Options::parse();
    match generate(&opts) {
        Ok(s) => {
            println!(
                "已生成 {}：{} 个试点单位，{} 个目录，{} 个政务事项，{} 个办理环节，{} 条政府信息",
                opts.out.display(),
                s.units,
                s.catalogs,
                s.items,
                s.steps,
                s.infos
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gkml-gen：{e}");
            std::process::ExitCode::from(2)
        }
    }
}

/// What was generated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Stats {
    units: usize,
    catalogs: usize,
    items: usize,
    steps: usize,
    infos: usize,
}

/// SplitMix64: small, fast and good enough for synthetic text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list.get(self.below(list.len())).copied().unwrap_or("")
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }
}

// ---------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------

const DISTRICTS: &[&str] = &[
    "虹口", "黄浦", "静安", "徐汇", "长宁", "普陀", "杨浦", "闵行", "宝山", "嘉定", "浦东", "金山",
    "松江", "青浦", "奉贤", "崇明", "鼓楼", "玄武", "秦淮", "建邺", "天河", "越秀", "海珠", "荔湾",
    "福田", "南山", "罗湖", "宝安", "朝阳", "海淀", "东城", "西城",
];

struct Bureau {
    /// Unit name after the district: 区民政局.
    unit: &'static str,
    /// 办理主体 variants; `{}` is the district.
    subjects: &'static [&'static str],
    domains: &'static [(&'static str, &'static [&'static str])],
}

const BUREAUS: &[Bureau] = &[
    Bureau {
        unit: "区民政局",
        subjects: &[
            "{}区民政局、街道（镇）社区事务受理服务中心",
            "{}区民政局",
            "街道（镇）社区事务受理服务中心",
        ],
        domains: &[
            (
                "社会救助",
                &[
                    "最低生活保障",
                    "特困人员救助供养",
                    "临时救助",
                    "医疗救助",
                    "支出型贫困家庭生活救助",
                    "受灾人员救助",
                    "教育救助",
                    "流浪乞讨人员救助",
                ],
            ),
            (
                "养老服务",
                &[
                    "居家养老服务补贴",
                    "老年综合津贴",
                    "养老机构设立许可",
                    "养老机构运营补贴",
                    "长期护理保险需求评估",
                    "老年人助餐服务补贴",
                    "高龄老人营养补贴",
                    "养老服务质量监督检查",
                ],
            ),
        ],
    },
    Bureau {
        unit: "区人保局",
        subjects: &[
            "{}区人力资源和社会保障局",
            "{}区就业促进中心",
            "{}区人保局、街道（镇）社区事务受理服务中心",
        ],
        domains: &[
            (
                "就业创业",
                &[
                    "失业登记",
                    "就业困难人员认定",
                    "职业培训补贴",
                    "创业担保贷款贴息",
                    "一次性创业补贴",
                    "职业技能鉴定",
                    "人力资源服务许可",
                    "劳务派遣经营许可",
                ],
            ),
            (
                "社会保险",
                &[
                    "城乡居民基本养老保险参保登记",
                    "城乡居民基本养老保险待遇申领",
                    "工伤认定",
                    "劳动能力鉴定",
                    "社会保险参保缴费证明",
                    "失业保险金申领",
                    "生育保险待遇核定",
                    "社会保险稽核检查",
                ],
            ),
        ],
    },
    Bureau {
        unit: "公安分局",
        subjects: &[
            "公安{}分局、派出所",
            "公安{}分局",
            "公安{}分局人口管理办公室",
        ],
        domains: &[
            (
                "户籍管理",
                &[
                    "户口迁入审批",
                    "死亡注销户口",
                    "户籍证明",
                    "居住证办理",
                    "出生登记",
                    "户口迁出",
                    "居民身份证申领",
                    "姓名变更登记",
                ],
            ),
            (
                "治安管理",
                &[
                    "旅馆业特种行业许可",
                    "公章刻制备案",
                    "大型群众性活动安全许可",
                    "烟花爆竹燃放许可",
                    "保安服务许可",
                    "治安违法行为处罚",
                    "易制毒化学品购买备案",
                    "典当业特种行业许可",
                ],
            ),
        ],
    },
    Bureau {
        unit: "区卫计委",
        subjects: &[
            "{}区卫生和计划生育委员会",
            "{}区卫生和计划生育委员会、区卫生计生委监督所",
            "{}区卫生计生委监督所",
        ],
        domains: &[
            (
                "医疗卫生",
                &[
                    "医疗机构执业许可",
                    "母婴保健技术服务执业许可",
                    "医师执业注册",
                    "护士执业注册",
                    "对未取得《医疗机构执业许可证》擅自执业的处罚",
                    "公共场所卫生许可",
                    "生活饮用水卫生许可",
                    "计划生育家庭特别扶助",
                ],
            ),
            (
                "公共卫生",
                &[
                    "传染病防治监督检查",
                    "职业卫生监督检查",
                    "放射诊疗许可",
                    "消毒产品生产企业卫生许可",
                    "学校卫生监督检查",
                    "病残儿医学鉴定",
                    "公共场所卫生违法行为处罚",
                    "预防接种单位认定",
                ],
            ),
        ],
    },
    Bureau {
        unit: "区城管执法局",
        subjects: &[
            "{}区城市管理行政执法局、街道城管执法中队",
            "{}区城市管理行政执法局",
            "街道城管执法中队",
        ],
        domains: &[
            (
                "城市综合执法",
                &[
                    "违法搭建行政处罚",
                    "违法建筑强制拆除",
                    "擅自占用道路从事经营活动处罚",
                    "建筑垃圾违规处置处罚",
                    "城市管理投诉举报受理",
                    "户外广告设施违规处罚",
                    "生活垃圾分类违规处罚",
                    "渣土运输违规处罚",
                ],
            ),
            (
                "市容环境",
                &[
                    "占用道路堆物处罚",
                    "跨门营业处罚",
                    "乱张贴乱涂写处罚",
                    "夜间施工噪声处罚",
                    "绿化损坏处罚",
                    "市容环境卫生责任区检查",
                    "餐饮油烟污染处罚",
                    "违规设置户外招牌强制拆除",
                ],
            ),
        ],
    },
    Bureau {
        unit: "区市场监管局",
        subjects: &[
            "{}区市场监督管理局",
            "{}区市场监督管理局、市场监管所",
            "市场监管所",
        ],
        domains: &[
            (
                "市场监管",
                &[
                    "企业设立登记",
                    "个体工商户登记",
                    "特种设备使用登记",
                    "消费投诉受理",
                    "价格违法行为处罚",
                    "计量器具强制检定",
                    "广告违法行为处罚",
                    "企业年度报告公示抽查",
                ],
            ),
            (
                "食品安全",
                &[
                    "食品经营许可",
                    "食品生产许可",
                    "小型餐饮临时备案",
                    "食品安全监督抽检",
                    "食品安全违法行为处罚",
                    "食品经营者日常监督检查",
                    "网络餐饮服务监督检查",
                    "食品召回监督",
                ],
            ),
        ],
    },
    Bureau {
        unit: "区房管局",
        subjects: &[
            "{}区住房保障和房屋管理局",
            "{}区住房保障和房屋管理局、街道房管办",
            "{}区住房保障事务中心",
        ],
        domains: &[
            (
                "保障性住房",
                &[
                    "廉租住房租金配租",
                    "共有产权保障住房申请",
                    "公共租赁住房准入",
                    "旧区改造房屋征收补偿",
                    "住宅专项维修资金使用",
                    "物业服务企业备案",
                    "房屋租赁登记备案",
                    "商品房预售许可",
                ],
            ),
            (
                "国有土地上房屋征收",
                &[
                    "房屋征收决定",
                    "房屋征收补偿决定",
                    "征收补偿方案征求意见",
                    "房屋调查登记",
                    "房地产价格评估机构选定",
                    "征收补偿结果公布",
                    "强制搬迁申请",
                    "征收补偿资金监管",
                ],
            ),
        ],
    },
    Bureau {
        unit: "区环保局",
        subjects: &[
            "{}区环境保护局",
            "{}区环境监察支队",
            "{}区环境保护局、区环境监察支队",
        ],
        domains: &[
            (
                "环境保护",
                &[
                    "建设项目环境影响评价审批",
                    "排污许可",
                    "环境违法行为处罚",
                    "危险废物经营许可",
                    "环境信访受理",
                    "建设项目竣工环境保护验收",
                    "噪声污染防治监督检查",
                    "辐射安全许可",
                ],
            ),
            (
                "污染防治",
                &[
                    "重点排污单位监督检查",
                    "机动车排气污染处罚",
                    "扬尘污染处罚",
                    "污染物排放超标处罚",
                    "环境污染责任认定",
                    "排污费征收",
                    "突发环境事件应急处置",
                    "环境监测数据发布",
                ],
            ),
        ],
    },
];

const VARIANTS: &[&str] = &[
    "变更",
    "延续",
    "注销",
    "补办",
    "复核",
    "年度核查",
    "信息更正",
];

/// Steps by category (政务事项分类).
fn step_template(category: &str) -> &'static [&'static str] {
    match category {
        "行政许可" => &["受理", "审查", "现场核查", "决定", "送达", "公开"],
        "行政处罚" => &["立案", "调查取证", "告知", "决定", "送达", "执行"],
        "行政强制" => &["催告", "决定", "公告", "执行", "结案"],
        "行政给付" => &["受理", "入户调查", "审核", "公示", "审批", "发放"],
        "行政检查" => &["制定计划", "检查", "处理", "结果公开", "归档"],
        "行政确认" => &["受理", "审核", "认定", "出具", "送达"],
        "行政征收" => &["核定", "告知", "征收", "公开", "归档"],
        _ => &["受理", "办理", "反馈", "公开", "回访"],
    }
}

/// Documents a step produces; the item's object is put in front of some.
fn step_documents(step: &str) -> &'static [&'static str] {
    match step {
        "受理" => &[
            "办事指南",
            "申请书",
            "受理通知书",
            "受理回执",
            "材料补正通知书",
            "不予受理通知书",
        ],
        "审查" | "审核" => &["审核意见", "审查意见", "审核表", "材料审查记录"],
        "现场核查" | "入户调查" => {
            &["现场核查记录", "入户调查表", "邻里访问记录", "核查报告"]
        }
        "决定" | "审批" | "认定" => &[
            "决定书",
            "审批通知书",
            "不予批准通知书",
            "审批表",
            "认定结论",
        ],
        "送达" => &["送达回证", "送达公告"],
        "公开" | "结果公开" | "公告" => &["结果公告", "办理结果信息", "公示名单"],
        "公示" => &["审核结果公示", "公示名单"],
        "发放" => &["发放名册", "资金拨付凭证", "发放记录"],
        "立案" => &["立案审批表", "投诉举报登记", "案件来源登记表"],
        "调查取证" => &[
            "询问笔录",
            "现场检查笔录",
            "调查终结报告",
            "证据先行登记保存通知书",
        ],
        "告知" => &["行政处罚事先告知书", "陈述申辩笔录", "听证告知书"],
        "执行" => &["罚没款缴款凭证", "结案审批表", "执行记录"],
        "催告" => &["催告书", "当事人陈述申辩记录"],
        "制定计划" => &["年度检查计划", "抽查事项清单"],
        "检查" => &["检查记录", "检查结果", "整改通知书"],
        "处理" => &["处理决定", "整改复查意见"],
        "核定" | "征收" => &["核定通知书", "缴款通知书", "征收决定"],
        "出具" => &["证明", "证明文书"],
        _ => &["工作记录", "统计报表", "办理结果", "回访记录"],
    }
}

const TIME_LIMITS: &[&str] = &[
    "即时",
    "当场",
    "5个工作日",
    "10个工作日",
    "15个工作日",
    "受理之日起10个工作日内",
    "受理之日起20个工作日内",
    "7日",
    "3日",
    "次月",
    "每年",
    "决定作出之日起7日内",
    "立案之日起30日内",
    "收到材料之日起15个工作日内",
    "受理之日起60日内",
    "3个月",
];

const WITHHELD_REASONS: &[&str] = &[
    "含申请人及其家庭成员身份、收入、财产等个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开",
    "涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开",
    "属于审核过程中形成的过程性信息，依据《中华人民共和国政府信息公开条例》第十六条不予公开",
    "属于行政执法案卷信息，依据《中华人民共和国政府信息公开条例》第十六条不予公开",
    "含举报人姓名、联系方式等个人信息，依据《中华人民共和国政府信息公开条例》第十五条不予公开",
    "涉及申请单位商业秘密，依据《中华人民共和国政府信息公开条例》第十五条不予公开",
    "属于行政机关内部事务信息，依据《中华人民共和国政府信息公开条例》第十六条不予公开",
];

const PARTIAL_REASONS: &[&str] = &[
    "含当事人身份证件号码、住址等个人隐私，依据《中华人民共和国政府信息公开条例》第三十七条作区分处理，隐去个人隐私部分后予以公开",
    "含申请单位商业秘密及有关人员个人隐私，依据《中华人民共和国政府信息公开条例》第三十七条作区分处理，其余部分予以公开",
    "名册中身份证件号码、家庭收入等个人隐私部分依据《中华人民共和国政府信息公开条例》第十五条不予公开，其余部分依据第三十七条予以公开",
];

const ACTIVE_TIMES: &[&str] = &[
    "信息形成之日起3个工作日内",
    "即时",
    "信息形成之日起1个工作日内",
    "当场",
    "信息形成之日起2个工作日内",
];
const ACTIVE_ROUTES: &[&str] = &[
    "\"上海虹口\"门户网站",
    "\"上海虹口\"门户网站、服务窗口",
    "公示栏",
    "服务窗口",
    "\"上海虹口\"门户网站、两微一端",
    "政府信息公开查阅点",
];
const ACTIVE_MEDIA: &[&str] = &[
    "网站",
    "网站、纸质",
    "公示栏",
    "纸质",
    "网站、两微一端",
    "电子屏",
];

/// Laws cited in 政务事项依据, by category.
fn laws(category: &str) -> &'static [&'static str] {
    match category {
        "行政许可" => &["《中华人民共和国行政许可法》", "《上海市行政审批管理办法》"],
        "行政处罚" => &[
            "《中华人民共和国行政处罚法》",
            "《上海市城市管理行政执法条例》",
        ],
        "行政强制" => &[
            "《中华人民共和国行政强制法》",
            "《上海市拆除违法建筑若干规定》",
        ],
        "行政给付" => &[
            "《社会救助暂行办法》",
            "《上海市社会救助办法》",
            "《最低生活保障审核审批办法（试行）》",
        ],
        "行政检查" => &[
            "《国务院办公厅关于推广随机抽查规范事中事后监管的通知》",
            "《上海市行政执法检查办法》",
        ],
        "行政征收" => &[
            "《国有土地上房屋征收与补偿条例》",
            "《上海市国有土地上房屋征收与补偿实施细则》",
        ],
        _ => &[
            "《中华人民共和国行政许可法》",
            "《上海市公共服务事项办理规定》",
            "《政务服务事项办理规范》",
        ],
    }
}

fn category_of(name: &str) -> &'static str {
    let has = |w: &[&str]| w.iter().any(|k| name.contains(k));
    if has(&["强制", "拆除", "强制搬迁"]) {
        "行政强制"
    } else if has(&["处罚"]) {
        "行政处罚"
    } else if has(&["许可", "审批", "注册", "准入"]) {
        "行政许可"
    } else if has(&["检查", "抽查", "抽检", "稽核", "监督", "监管"]) {
        "行政检查"
    } else if has(&["征收", "排污费"]) {
        "行政征收"
    } else if has(&[
        "补贴",
        "救助",
        "保障",
        "津贴",
        "待遇",
        "贴息",
        "扶助",
        "保险金",
        "配租",
    ]) {
        "行政给付"
    } else if has(&["认定", "登记", "证明", "鉴定", "备案", "评估", "确认"]) {
        "行政确认"
    } else {
        "公共服务"
    }
}

/// 一 … 九十九.
fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |i: usize| D.get(i).copied().unwrap_or("");
    match n {
        0..=9 => digit(n).to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { digit(n % 10) }),
        _ => format!(
            "{}十{}",
            digit(n / 10 % 10),
            if n.is_multiple_of(10) {
                ""
            } else {
                digit(n % 10)
            }
        ),
    }
}

// ---------------------------------------------------------------------------
// The generated content
// ---------------------------------------------------------------------------

struct GInfo {
    name: String,
    attr: Attr,
    reason: Option<&'static str>,
    time: Option<&'static str>,
    route: Option<&'static str>,
    medium: Option<&'static str>,
    aspect: Option<Aspect>,
}

struct GStep {
    name: &'static str,
    time_limit: &'static str,
    infos: Vec<GInfo>,
}

struct GItem {
    seq: usize,
    category: &'static str,
    name: String,
    subject: String,
    basis: Option<String>,
    steps: Vec<GStep>,
}

struct GCatalog {
    unit: String,
    domain: &'static str,
    kind: Kind,
    items: Vec<GItem>,
}

struct GUnit {
    name: String,
    domains: Vec<&'static str>,
}

// Indices are taken modulo the (non-empty, constant) tables' lengths.
#[allow(clippy::indexing_slicing)]
fn unit_names(n: usize) -> Vec<(String, &'static Bureau, String)> {
    let mut out = Vec::with_capacity(n);
    let per_round = DISTRICTS.len() * BUREAUS.len();
    for i in 0..n {
        let bureau = &BUREAUS[i % BUREAUS.len()];
        let district = DISTRICTS[(i / BUREAUS.len()) % DISTRICTS.len()];
        let round = i / per_round;
        let mut name = format!("{district}{}", bureau.unit);
        if round > 0 {
            let _ = write!(name, "（{}）", round + 1);
        }
        out.push((name, bureau, district.to_string()));
    }
    out
}

fn gen_info(rng: &mut Rng, object: &str, step: &str, k: usize) -> GInfo {
    let docs = step_documents(step);
    let doc = docs
        .get((k + rng.below(docs.len())) % docs.len().max(1))
        .copied()
        .unwrap_or("办理结果");
    let name = if rng.below(4) == 0 {
        doc.to_string()
    } else {
        format!("{object}{doc}")
    };
    let attr = match rng.below(20) {
        0..=6 => Attr::Active,
        7..=12 => Attr::OnRequest,
        13..=15 => Attr::Partial,
        _ => Attr::Withheld,
    };
    let reason = match attr {
        Attr::Withheld => Some(rng.pick(WITHHELD_REASONS)),
        Attr::Partial => Some(rng.pick(PARTIAL_REASONS)),
        _ => None,
    };
    GInfo {
        name,
        attr,
        reason,
        time: None,
        route: None,
        medium: None,
        aspect: None,
    }
}

fn gen_item(
    rng: &mut Rng,
    opts: &Options,
    seq: usize,
    name: String,
    object: &str,
    subject: String,
) -> GItem {
    let category = category_of(&name);
    let template = step_template(category);
    let nsteps = rng.range(
        opts.steps_per_item.saturating_sub(1).max(2),
        opts.steps_per_item.max(2) + 1,
    );
    let mut steps = Vec::with_capacity(nsteps);
    for s in 0..nsteps {
        let sname = template.get(s).copied().unwrap_or_else(|| {
            const MORE: [&str; 4] = ["复核", "归档", "回访", "统计"];
            MORE.get(s % MORE.len()).copied().unwrap_or("复核")
        });
        let ninfos = rng.range(
            opts.infos_per_step.saturating_sub(1).max(1),
            opts.infos_per_step.max(1) + 1,
        );
        let infos = (0..ninfos)
            .map(|k| gen_info(rng, object, sname, k))
            .collect();
        let time_limit = if s == 0 && rng.below(2) == 0 {
            "即时"
        } else {
            rng.pick(TIME_LIMITS)
        };
        steps.push(GStep {
            name: sname,
            time_limit,
            infos,
        });
    }
    // Every item has at least three pieces of information, so two 附件3
    // items always have enough to cover the five openings.
    let total: usize = steps.iter().map(|s| s.infos.len()).sum();
    if let Some(last) = steps.last_mut() {
        for k in total..3 {
            last.infos.push(gen_info(rng, object, last.name, k + 1));
        }
    }
    GItem {
        seq,
        category,
        name,
        subject,
        basis: None,
        steps,
    }
}

fn gen_basis(rng: &mut Rng, category: &str) -> String {
    let list = laws(category);
    let first = rng.pick(list);
    let a = rng.range(2, 40);
    let b = a + rng.range(1, 8);
    let mut s = format!(
        "{first}第{}条至第{}条",
        chinese_number(a),
        chinese_number(b)
    );
    let second = rng.pick(list);
    if second != first {
        let _ = write!(s, "；{second}第{}条", chinese_number(rng.range(1, 60)));
    }
    s
}

/// The 附件3 copy of an item: basis and publication columns added.
fn operational(rng: &mut Rng, item: &GItem, seq: usize, aspects: &mut usize) -> GItem {
    let steps = item
        .steps
        .iter()
        .map(|s| GStep {
            name: s.name,
            time_limit: s.time_limit,
            infos: s
                .infos
                .iter()
                .map(|i| {
                    let (time, route, medium) = match i.attr {
                        Attr::Active => (
                            Some(rng.pick(ACTIVE_TIMES)),
                            Some(rng.pick(ACTIVE_ROUTES)),
                            Some(rng.pick(ACTIVE_MEDIA)),
                        ),
                        Attr::OnRequest | Attr::Partial => (
                            Some("收到申请之日起20个工作日内"),
                            Some("依申请"),
                            Some("纸质"),
                        ),
                        Attr::Withheld => (None, None, None),
                    };
                    let aspect = if *aspects < Aspect::ALL.len() {
                        *aspects += 1;
                        Aspect::ALL.get(*aspects - 1).copied()
                    } else if rng.below(4) == 0 {
                        Aspect::ALL.get(rng.below(Aspect::ALL.len())).copied()
                    } else {
                        None
                    };
                    GInfo {
                        name: i.name.clone(),
                        attr: i.attr,
                        reason: i.reason,
                        time,
                        route,
                        medium,
                        aspect,
                    }
                })
                .collect(),
        })
        .collect();
    GItem {
        seq,
        category: item.category,
        name: item.name.clone(),
        subject: item.subject.clone(),
        basis: Some(gen_basis(rng, item.category)),
        steps,
    }
}

fn build(opts: &Options) -> (Vec<GUnit>, Vec<GCatalog>) {
    let mut rng = Rng(opts.seed ^ 0x6B6D_6C67_656E_0001);
    let mut units = Vec::new();
    let mut cats = Vec::new();
    for (unit, bureau, district) in unit_names(opts.units) {
        let mut aspects = 0usize;
        let mut domains = Vec::new();
        for &(domain, objects) in bureau.domains {
            domains.push(domain);
            let mut items = Vec::with_capacity(opts.items_per_domain);
            for i in 0..opts.items_per_domain {
                let object = objects
                    .get(i % objects.len())
                    .copied()
                    .unwrap_or("政务服务");
                let round = i / objects.len();
                let name = match round {
                    0 => object.to_string(),
                    r if r <= VARIANTS.len() => {
                        format!("{object}（{}）", VARIANTS.get(r - 1).copied().unwrap_or(""))
                    }
                    r => format!("{object}（第{}批）", r - VARIANTS.len() + 1),
                };
                let subject = rng.pick(bureau.subjects).replace("{}", &district);
                items.push(gen_item(&mut rng, opts, i + 1, name, object, subject));
            }
            // 2 or 3 items, spread over the catalogue.
            let n = if items.len() >= 3 {
                rng.range(2, 3)
            } else {
                items.len()
            };
            let mut picked: Vec<usize> = Vec::new();
            while picked.len() < n {
                let k = rng.below(items.len());
                if !picked.contains(&k) {
                    picked.push(k);
                }
            }
            picked.sort_unstable();
            let op_items = picked
                .iter()
                .enumerate()
                .filter_map(|(s, &k)| {
                    items
                        .get(k)
                        .map(|it| operational(&mut rng, it, s + 1, &mut aspects))
                })
                .collect();
            cats.push(GCatalog {
                unit: unit.clone(),
                domain,
                kind: Kind::Standard,
                items,
            });
            cats.push(GCatalog {
                unit: unit.clone(),
                domain,
                kind: Kind::Operational,
                items: op_items,
            });
        }
        units.push(GUnit {
            name: unit,
            domains,
        });
    }
    (units, cats)
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// A YAML scalar: plain when safe, single-quoted otherwise.
fn yq(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !s.ends_with(char::is_whitespace)
        && !s.contains(": ")
        && !s.contains(" #")
        && s.parse::<f64>().is_err()
        && !matches!(s, "true" | "false" | "null" | "~" | "yes" | "no");
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn write_yaml(cat: &GCatalog) -> String {
    let mut y = String::with_capacity(cat.items.len() * 2048);
    let title = format!(
        "# {}  {}{}",
        cat.kind.annex(),
        cat.domain,
        cat.kind.spec().title
    );
    let _ = writeln!(
        y,
        "# yaml-language-server: $schema=../../../schemas/catalog.schema.json\n{title}\n# 填报单位：{}\n",
        cat.unit
    );
    let _ = writeln!(
        y,
        "试点单位: {}\n试点领域: {}\n目录类型: {}\n政务事项:",
        yq(&cat.unit),
        yq(cat.domain),
        cat.kind.label()
    );
    for it in &cat.items {
        let _ = writeln!(y, "  - 序号: {}", it.seq);
        let _ = writeln!(y, "    {}: {}", Field::Category.key(), it.category);
        let _ = writeln!(y, "    {}: {}", Field::Name.key(), yq(&it.name));
        let _ = writeln!(y, "    {}: {}", Field::Subject.key(), yq(&it.subject));
        if let Some(b) = &it.basis {
            let _ = writeln!(y, "    {}: {}", Field::Basis.key(), yq(b));
        }
        y.push_str("    办理环节:\n");
        for s in &it.steps {
            let _ = writeln!(y, "      - {}: {}", Field::Step.key(), yq(s.name));
            let _ = writeln!(
                y,
                "        {}: {}",
                Field::TimeLimit.key(),
                yq(s.time_limit)
            );
            y.push_str("        政府信息:\n");
            for i in &s.infos {
                let _ = writeln!(y, "          - {}: {}", Field::InfoName.key(), yq(&i.name));
                let _ = writeln!(y, "            {}: {}", Field::Attr.key(), i.attr.label());
                for (key, v) in [
                    (Field::Reason.key(), i.reason),
                    (Field::Time.key(), i.time),
                    (Field::Route.key(), i.route),
                    (Field::Medium.key(), i.medium),
                    (Field::Aspect.key(), i.aspect.map(Aspect::label)),
                ] {
                    if let Some(v) = v {
                        let _ = writeln!(y, "            {key}: {}", yq(v));
                    }
                }
            }
        }
    }
    y
}

fn write_project(units: &[GUnit], opts: &Options) -> String {
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# 合成项目（gkml gen --units {} --items-per-domain {} --steps-per-item {} --infos-per-step {} --seed {}）\n",
        opts.units, opts.items_per_domain, opts.steps_per_item, opts.infos_per_step, opts.seed
    );
    y.push_str("标题: 试点领域政务公开事项标准化目录清单（合成数据）\n地区: 上海市\n年度: 2017\n");
    y.push_str("编制单位: 区人民政府办公室（区信息公开办）\n编制日期: 2017-11-30\n");
    y.push_str("编制说明: |\n  本目录清单为性能测试生成的合成数据，格式与虹口区试点领域政务公开事项标准化目录清单一致。\n\n");
    let _ = writeln!(
        y,
        "  共 {} 个试点单位，每个试点领域每个单位列出 {} 个政务事项，并从中选取2至3个事项编制规范化操作目录。\n",
        units.len(),
        opts.items_per_domain
    );
    y.push_str("试点单位及试点内容表:\n");
    for (k, u) in units.iter().enumerate() {
        let ds: Vec<String> = u.domains.iter().map(|d| yq(d)).collect();
        let _ = writeln!(
            y,
            "  - 序号: {}\n    试点单位: {}\n    试点领域: [{}]",
            k + 1,
            yq(&u.name),
            ds.join(", ")
        );
    }
    let _ = writeln!(
        y,
        "{}: [行政许可, 行政处罚, 行政强制, 行政征收, 行政给付, 行政检查, 行政确认, 行政奖励, 行政裁决, 其他行政权力, 公共服务]",
        keys::CATEGORIES
    );
    let _ = writeln!(
        y,
        "{}:\n  - '\"上海虹口\"门户网站'\n  - 政府公报\n  - 新闻发布会\n  - 政府信息公开查阅点\n  - 公示栏\n  - 依申请\n  - 服务窗口\n  - 两微一端",
        keys::ROUTES
    );
    let _ = writeln!(
        y,
        "{}: [网站, 纸质, 公示栏, 电子屏, 两微一端, 告知书]",
        keys::MEDIA
    );
    y.push_str("公开时限: 3个工作日\n要求五公开: true\n");
    y
}

/// The headers the generated workbooks have: the kind's columns from the
/// format description (the attribute as its four sub-columns) and, for
/// 附件3, the information's 五公开.
fn headers(kind: Kind) -> Vec<&'static str> {
    let mut out = Vec::new();
    for c in HONGKOU_2017.columns {
        let wanted = match c.in_kind(kind.index()).map(|k| k.presence) {
            Some(Presence::Required | Presence::Always) => true,
            Some(Presence::Optional) => kind == Kind::Operational && c.field == Field::Aspect,
            _ => false,
        };
        if !wanted {
            continue;
        }
        if c.field == Field::Attr {
            out.extend(Attr::ALL.iter().map(|a| a.label()));
        } else {
            out.push(c.header);
        }
    }
    out
}

/// Writes a catalogue as a workbook in the merged 附件2/附件3 layout.
fn write_xlsx(cat: &GCatalog) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let op = cat.kind == Kind::Operational;
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2017, 11, 30)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name(if op { "附件3" } else { "附件2" })?;
    let headers = headers(cat.kind);
    let attr_col = headers
        .iter()
        .position(|h| *h == Attr::Active.label())
        .unwrap_or(0) as u16;
    let last = headers.len() as u16 - 1;
    let title = format!("{}{}", cat.domain, cat.kind.spec().title);
    ws.merge_range(0, 0, 0, last, &title, &head)?;
    ws.merge_range(1, 0, 1, last, &format!("填报单位：{}", cat.unit), &cell)?;
    for (c, h) in headers.iter().enumerate() {
        let c = c as u16;
        if (attr_col..attr_col + 4).contains(&c) {
            ws.write_string_with_format(3, c, *h, &head)?;
        } else {
            ws.merge_range(2, c, 3, c, h, &head)?;
        }
    }
    ws.merge_range(2, attr_col, 2, attr_col + 3, Field::Attr.header(), &head)?;
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| *h == name)
            .map(|p| p as u16)
            .unwrap_or(0)
    };
    let (c_step, c_info, c_reason, c_limit) = (
        col(Field::Step.header()),
        col(Field::InfoName.header()),
        col(Field::Reason.header()),
        col(Field::TimeLimit.header()),
    );
    let mut row: u32 = 4;
    // Writes a value over rows r0..=r1 (merged when more than one row).
    let put = |ws: &mut Worksheet,
               r0: u32,
               r1: u32,
               c: u16,
               v: &str|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        if r1 > r0 {
            ws.merge_range(r0, c, r1, c, v, &cell)?;
        } else {
            ws.write_string_with_format(r0, c, v, &cell)?;
        }
        Ok(())
    };
    for it in &cat.items {
        let n: usize = it.steps.iter().map(|s| s.infos.len()).sum();
        let (i0, i1) = (row, row + n as u32 - 1);
        put(ws, i0, i1, 0, &it.seq.to_string())?;
        put(ws, i0, i1, 1, it.category)?;
        put(ws, i0, i1, 2, &it.name)?;
        put(ws, i0, i1, 3, &it.subject)?;
        if op {
            put(ws, i0, i1, 4, it.basis.as_deref().unwrap_or(""))?;
        }
        for s in &it.steps {
            let (s0, s1) = (row, row + s.infos.len() as u32 - 1);
            put(ws, s0, s1, c_step, s.name)?;
            put(ws, s0, s1, c_limit, s.time_limit)?;
            for i in &s.infos {
                ws.write_string_with_format(row, c_info, &i.name, &cell)?;
                let a = Attr::ALL.iter().position(|x| *x == i.attr).unwrap_or(0) as u16;
                ws.write_string_with_format(row, attr_col + a, "√", &cell)?;
                if let Some(r) = i.reason {
                    ws.write_string_with_format(row, c_reason, r, &cell)?;
                }
                if op {
                    for (k, v) in [i.time, i.route, i.medium, i.aspect.map(Aspect::label)]
                        .into_iter()
                        .enumerate()
                    {
                        if let Some(v) = v {
                            ws.write_string_with_format(row, c_limit + 1 + k as u16, v, &cell)?;
                        }
                    }
                }
                row += 1;
            }
        }
    }
    gkml::xlsx::write::workbook_bytes(&mut wb)
}

use gkml::atomic::write_file as write_atomic;

/// Generates a project into `opts.out` (which must be absent or empty).
fn generate(opts: &Options) -> Result<Stats, String> {
    if opts.units == 0 {
        return Err("--units 至少为 1".into());
    }
    if opts.items_per_domain < 3 {
        return Err("--items-per-domain 至少为 3（规范化操作目录要从中选取2至3个事项）".into());
    }
    if opts.steps_per_item == 0 || opts.infos_per_step == 0 {
        return Err("--steps-per-item 和 --infos-per-step 至少为 1".into());
    }
    if opts.out.exists() {
        let mut entries = std::fs::read_dir(&opts.out)
            .map_err(|e| format!("无法读取 {}：{e}", opts.out.display()))?;
        if entries.next().is_some() {
            return Err(format!("输出目录 {} 不是空目录", opts.out.display()));
        }
    }
    let (units, cats) = build(opts);
    let mut stats = Stats {
        units: units.len(),
        catalogs: cats.len(),
        ..Stats::default()
    };
    for c in &cats {
        stats.items += c.items.len();
        for it in &c.items {
            stats.steps += it.steps.len();
            stats.infos += it.steps.iter().map(|s| s.infos.len()).sum::<usize>();
        }
    }
    let mkdir = |p: &Path| {
        std::fs::create_dir_all(p).map_err(|e| format!("无法创建目录 {}：{e}", p.display()))
    };
    mkdir(&opts.out)?;
    write_atomic(
        &opts.out.join(gkml::config::PROJECT_FILE),
        write_project(&units, opts).as_bytes(),
    )?;
    for u in &units {
        mkdir(&opts.out.join(&u.name))?;
    }
    let results: Vec<Result<(), String>> = {
        use rayon::prelude::*;
        cats.par_iter()
            .map(|c| {
                let dir = opts.out.join(&c.unit);
                let base = format!("{}-{}", c.domain, c.kind.label());
                if opts.xlsx {
                    let bytes = write_xlsx(c).map_err(|e| format!("无法生成工作簿：{e}"))?;
                    write_atomic(&dir.join(format!("{base}.xlsx")), &bytes)
                } else {
                    write_atomic(&dir.join(format!("{base}.yaml")), write_yaml(c).as_bytes())
                }
            })
            .collect()
    };
    results.into_iter().collect::<Result<(), String>>()?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(chinese_number(9), "九");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(17), "十七");
        assert_eq!(chinese_number(40), "四十");
        assert_eq!(chinese_number(47), "四十七");
    }

    #[test]
    fn quoting() {
        assert_eq!(yq("区民政局"), "区民政局");
        assert_eq!(yq("\"上海虹口\"门户网站"), "'\"上海虹口\"门户网站'");
        assert_eq!(yq("12"), "'12'");
    }

    #[test]
    fn categories() {
        assert_eq!(category_of("违法建筑强制拆除"), "行政强制");
        assert_eq!(category_of("最低生活保障"), "行政给付");
        assert_eq!(category_of("工伤认定"), "行政确认");
    }
}
