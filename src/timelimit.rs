//! Time limits as people write them: 即时, 当场, 5个工作日, 30日, 次月,
//! 受理之日起20个工作日内, 三个工作日 … The text is always kept; this module
//! gives the parsed form used by the deadline rules.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

/// How long something may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// 即时, 当场, 实时, 立即, 随时.
    Immediate,
    /// 当日, 当天.
    SameDay,
    /// N个工作日.
    WorkingDays(u32),
    /// N日, N天, N个自然日.
    Days(u32),
    /// N周.
    Weeks(u32),
    /// N个月.
    Months(u32),
    /// N年.
    Years(u32),
    /// 次月, 下月.
    NextMonth,
    /// 每月, 每季度, 每年, 按季度 … (periodic publication).
    Periodic,
}

/// A parsed time limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeLimit {
    /// What the period counts from ("受理之日起"), if written.
    pub anchor: Option<String>,
    /// The period.
    pub span: Span,
}

impl TimeLimit {
    /// The longest this can take, in working days (a month counts 22).
    pub fn max_working_days(&self) -> u32 {
        match self.span {
            Span::Immediate | Span::SameDay => 0,
            Span::WorkingDays(n) | Span::Days(n) => n,
            Span::Weeks(n) => n.saturating_mul(5),
            Span::Months(n) => n.saturating_mul(22),
            Span::Years(n) => n.saturating_mul(250),
            Span::NextMonth | Span::Periodic => 22,
        }
    }
}

const IMMEDIATE: &[&str] = &["即时", "当场", "实时", "立即", "随时", "即办", "同步"];
const SAME_DAY: &[&str] = &["当日", "当天", "当天内", "同日"];
const PERIODIC: &[&str] = &[
    "每月",
    "每季度",
    "每季",
    "每半年",
    "每年",
    "按月",
    "按季度",
    "按季",
    "按年",
    "每周",
    "定期",
];

/// Parses a time limit; `None` when the text names no period gkml knows.
pub fn parse(text: &str) -> Option<TimeLimit> {
    let norm = normalise(text);
    if norm.is_empty() {
        return None;
    }
    if let Some(t) = find_amount(&norm) {
        return Some(t);
    }
    let starts = |words: &[&str]| words.iter().any(|w| norm.contains(w));
    if norm.contains("次月") || norm.contains("下月") || norm.contains("下个月") {
        return Some(TimeLimit {
            anchor: None,
            span: Span::NextMonth,
        });
    }
    if starts(PERIODIC) {
        return Some(TimeLimit {
            anchor: None,
            span: Span::Periodic,
        });
    }
    if starts(IMMEDIATE) {
        return Some(TimeLimit {
            anchor: None,
            span: Span::Immediate,
        });
    }
    if starts(SAME_DAY) {
        return Some(TimeLimit {
            anchor: None,
            span: Span::SameDay,
        });
    }
    other_spans(&norm).map(|span| TimeLimit { anchor: None, span })
}

/// Less common ways of writing a period: 次日, 2小时, 30分钟, 半年, 半个月.
fn other_spans(norm: &str) -> Option<Span> {
    if ["次日", "翌日", "第二天", "第二日"]
        .iter()
        .any(|w| norm.contains(w))
    {
        return Some(Span::Days(1));
    }
    if norm.contains("半个月") {
        return Some(Span::Days(15));
    }
    if norm.contains("半年") {
        return Some(Span::Months(6));
    }
    for unit in ["个小时", "小时", "分钟"] {
        if let Some(at) = norm.find(unit) {
            let digits: String = norm
                .get(..at)?
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let n: u32 = digits.parse().ok()?;
            return Some(if unit == "分钟" || n <= 24 {
                Span::SameDay
            } else {
                Span::Days(n.div_ceil(24))
            });
        }
    }
    None
}

/// Full-width digits to ASCII, Chinese numerals to digits, spaces removed.
fn normalise(text: &str) -> String {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32((c as u32).saturating_sub(0xFF10) + u32::from(b'0')).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    s = replace_chinese_numerals(&s);
    s
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Replaces runs like 二十, 十五, 三 followed by a unit (个/工作日/日/天/月/周/年)
/// with digits. Runs not followed by a unit (e.g. 第十四条) stay as they are.
fn replace_chinese_numerals(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let run = chars
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&d| cn_digit(d).is_some() || matches!(d, '十' | '百'))
            .count();
        if run == 0 {
            out.push(c);
            i += 1;
            continue;
        }
        let j = i + run;
        let digits = chars.get(i..j).unwrap_or_default();
        let next = chars.get(j).copied();
        let unit_follows = matches!(next, Some('个' | '工' | '日' | '天' | '月' | '周' | '年'));
        let after_ordinal = i.checked_sub(1).and_then(|k| chars.get(k)) == Some(&'第');
        match cn_number(digits) {
            Some(n) if unit_follows && !after_ordinal => out.push_str(&n.to_string()),
            _ => out.extend(digits),
        }
        i = j;
    }
    out
}

fn cn_number(run: &[char]) -> Option<u32> {
    let mut total = 0u32;
    let mut cur = 0u32;
    let mut any = false;
    for &c in run {
        if let Some(d) = cn_digit(c) {
            cur = d;
            any = true;
        } else if c == '十' {
            total = total.saturating_add(if any || cur > 0 { cur.max(1) } else { 1 } * 10);
            cur = 0;
            any = false;
        } else if c == '百' {
            total = total.saturating_add(cur.max(1) * 100);
            cur = 0;
            any = false;
        }
    }
    Some(total.saturating_add(cur))
}

/// True when `chars` starts with `prefix`.
fn starts(chars: &[char], prefix: &str) -> bool {
    let mut it = chars.iter();
    prefix.chars().all(|p| it.next() == Some(&p))
}

/// Finds "N个工作日", "N日", "N天", "N个月", "N周", "N年" in the text.
/// Linear in the text's length (a long cell of digits costs no more).
fn find_amount(s: &str) -> Option<TimeLimit> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while let Some(c) = chars.get(i) {
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let run = chars
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        i += run;
        let digits: String = chars.get(start..i).unwrap_or_default().iter().collect();
        let n: u32 = digits.parse().unwrap_or(u32::MAX);
        let mut rest = chars.get(i..).unwrap_or_default();
        if rest.first() == Some(&'个') {
            rest = rest.get(1..).unwrap_or_default();
        }
        let span = if starts(rest, "工作日") {
            Some(Span::WorkingDays(n))
        } else if starts(rest, "自然日") || starts(rest, "日") || starts(rest, "天") {
            Some(Span::Days(n))
        } else if starts(rest, "月") {
            Some(Span::Months(n))
        } else if starts(rest, "周") || starts(rest, "星期") {
            Some(Span::Weeks(n))
        } else if starts(rest, "年") {
            Some(Span::Years(n))
        } else {
            None
        };
        // "2017年" or "11月30日" are dates, not periods: skip a year
        // number of four digits and a day-of-month after 月.
        let is_date = digits.len() == 4 && starts(rest, "年")
            || start.checked_sub(1).and_then(|k| chars.get(k)) == Some(&'月');
        if let (Some(span), false) = (span, is_date) {
            let anchor: String = chars.get(..start).unwrap_or_default().iter().collect();
            let anchor = anchor.trim_end_matches(['在', '于']).to_string();
            return Some(TimeLimit {
                anchor: (!anchor.is_empty()).then_some(anchor),
                span,
            });
        }
    }
    None
}

// ---------------------------------------------------------------------------
// 公开时限 as the national 基层政务公开标准目录 writes it
// ---------------------------------------------------------------------------

/// What a period counts from, classified from the words before the amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartEvent {
    /// The information is made, obtained or changed: 制定或获取信息之日起,
    /// 形成或者变更之日起, 信息产生之日起 (条例第二十六条's start).
    Formation,
    /// An approval: 本级人民代表大会或其常务委员会批准后, 批复后, 审批后.
    Approval,
    /// A tender result: 中标候选人确定之日起, 收到评标报告之日起.
    TenderResult,
    /// An application: 收到申请之日起, 受理之日起.
    Application,
    /// Any other event; the text says which.
    Other,
}

/// The words before the amount, as written, and what they mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Start {
    /// As written, e.g. "制定或获取信息之日起".
    pub text: String,
    /// The kind of event.
    pub event: StartEvent,
}

/// How often a periodic publication recurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// 每周.
    Weekly,
    /// 每月, 按月, 每月更新.
    Monthly,
    /// 每季度, 每季, 按季度, 每季度公开一次.
    Quarterly,
    /// 每半年.
    HalfYearly,
    /// 每年, 按年, 年度.
    Yearly,
    /// 定期 (no frequency named).
    Unspecified,
}

/// A 公开时限 cell read as written (the text itself is kept by the caller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// A deadline: publish within `span` of `start`; a 公示 period may follow
    /// (中标候选人确定之日起3日内公示，公示期不少于3日).
    Deadline {
        /// What the period counts from, when written.
        start: Option<Start>,
        /// How long publication may take (working or calendar days …).
        span: Span,
        /// How long the information then stays up, when written.
        publicity: Option<Span>,
    },
    /// Only a publication period (审批后公示7个工作日): how long the
    /// information stays published — not a deadline.
    Publicity {
        /// After what the 公示 happens, when written.
        start: Option<Start>,
        /// The length of the 公示.
        span: Span,
    },
    /// Before an event: 招标文件发售前, 每年招生工作开始前 (the event as written).
    BeforeEvent(String),
    /// A recurring publication: 每季度公开一次, 每月更新.
    Periodic(Period),
    /// 实时, 即时, 同步: as it happens.
    Immediate,
    /// 及时 / 及时公开 alone: a promise with no measure; it cannot be checked.
    NotMeasurable,
    /// 同上: not a time limit; the reader takes the cell above.
    SameAsAbove,
    /// No form gkml knows.
    Unparsed,
}

impl Written {
    /// The deadline's start and span, when this is a deadline.
    pub fn deadline(&self) -> Option<(Option<&Start>, Span)> {
        match self {
            Written::Deadline { start, span, .. } => Some((start.as_ref(), *span)),
            _ => None,
        }
    }

    /// True when this deadline runs from the information's formation (or names
    /// no start) and is longer than the 20 working days of 条例第二十六条.
    pub fn exceeds_statutory_limit(&self) -> bool {
        match self.deadline() {
            Some((start, span)) => {
                start.is_none_or(|s| s.event == StartEvent::Formation)
                    && span.typical_working_days() > STATUTORY_WORKING_DAYS
            }
            None => false,
        }
    }
}

/// 《政府信息公开条例》第二十六条: 20 working days from formation or change.
pub const STATUTORY_WORKING_DAYS: u32 = 20;

impl Span {
    /// A typical length in working days: calendar days count five in seven
    /// (30日 → 21), a month 22, a week 5. Used to compare with the 20 working
    /// days of 条例第二十六条 (28日 is not longer, 30日 is).
    pub fn typical_working_days(&self) -> u32 {
        match *self {
            Span::Days(n) => n.saturating_mul(5) / 7,
            _ => TimeLimit {
                anchor: None,
                span: *self,
            }
            .max_working_days(),
        }
    }
}

/// Reads a 公开时限 as national catalogues write it: a deadline with its start
/// event, a 公示 period, a periodic form, 实时, 及时 alone, or 同上.
pub fn parse_written(text: &str) -> Written {
    let norm = normalise(text);
    let norm = norm.trim_end_matches(['。', '.', '；', ';', '，', ',']);
    if norm.is_empty() {
        return Written::Unparsed;
    }
    if matches!(norm, "同上" | "同上栏" | "同上行") {
        return Written::SameAsAbove;
    }
    let (rest, publicity) = split_publicity(norm);
    if let Some(t) = find_amount(&rest) {
        return Written::Deadline {
            start: t.anchor.map(|a| classify_start(&a)),
            span: t.span,
            publicity,
        };
    }
    if let Some(span) = publicity {
        let before = rest.trim_end_matches(['，', ',', '并', '予', '以']);
        let start = (!before.is_empty()).then(|| classify_start(before));
        return Written::Publicity { start, span };
    }
    let bare = rest.trim_end_matches(['，', ',']);
    let bare = ["公开", "公布", "发布", "公示", "公告"]
        .iter()
        .find_map(|w| bare.strip_suffix(w))
        .unwrap_or(bare);
    if bare.chars().count() > 1 && bare.ends_with('前') {
        return Written::BeforeEvent(bare.to_string());
    }
    if let Some(p) = period(&rest) {
        return Written::Periodic(p);
    }
    if let Some(t) = parse(&rest) {
        return match t.span {
            Span::Immediate => Written::Immediate,
            Span::Periodic => Written::Periodic(Period::Unspecified),
            span => Written::Deadline {
                start: t.anchor.map(|a| classify_start(&a)),
                span,
                publicity: None,
            },
        };
    }
    if rest.contains("及时") {
        return Written::NotMeasurable;
    }
    Written::Unparsed
}

/// Splits "…公示7个工作日" / "公示期不少于3日" / "公告30日" off the text: the rest and the
/// 公示 period. A 公示 with no amount after it ("3日内公示") stays in the rest.
fn split_publicity(norm: &str) -> (String, Option<Span>) {
    const FILLERS: &[&str] = &[
        "期限",
        "时间",
        "期",
        "为",
        "不少于",
        "不得少于",
        "至少",
        "满",
    ];
    let mut from = 0;
    while let Some(found) = norm
        .get(from..)
        .and_then(|s| [s.find("公示"), s.find("公告")].into_iter().flatten().min())
    {
        let at = from + found;
        let after_word = at + "公示".len();
        let mut tail = norm.get(after_word..).unwrap_or_default();
        loop {
            let stripped = FILLERS.iter().find_map(|f| tail.strip_prefix(f));
            match stripped {
                Some(t) => tail = t,
                None => break,
            }
        }
        let digits = tail.chars().take_while(char::is_ascii_digit).count();
        // Only the amount right here (digits, 个, a unit of up to 3 characters):
        // the text may be long and hold many 公示.
        let head: String = tail.chars().take(digits.saturating_add(5)).collect();
        if digits > 0
            && let Some(t) = find_amount(&head)
            && t.anchor.is_none()
        {
            // The amount's own text: digits, optional 个, the unit.
            let unit_len = [
                "个工作日",
                "工作日",
                "个自然日",
                "自然日",
                "日",
                "天",
                "个月",
                "月",
                "周",
            ]
            .iter()
            .find(|u| tail.get(digits..).is_some_and(|s| s.starts_with(**u)))
            .map_or(0, |u| u.len());
            let end = norm.len() - tail.len() + digits + unit_len;
            let mut rest = norm.get(..at).unwrap_or_default().to_string();
            rest.push_str(norm.get(end..).unwrap_or_default());
            return (rest, Some(t.span));
        }
        from = after_word;
    }
    (norm.to_string(), None)
}

/// Which event a start text names.
fn classify_start(text: &str) -> Start {
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let event = if has(&["中标", "评标", "成交候选", "成交结果"]) {
        StartEvent::TenderResult
    } else if has(&["收到申请", "受理", "申请之日"]) {
        StartEvent::Application
    } else if has(&["批准", "批复", "审批", "审定", "审议通过", "核准", "备案"]) {
        StartEvent::Approval
    } else if has(&[
        "形成", "变更", "制定", "制作", "获取", "产生", "作出", "生成",
    ]) {
        StartEvent::Formation
    } else {
        StartEvent::Other
    };
    Start {
        text: text.to_string(),
        event,
    }
}

/// The recurrence named by a periodic form, if any.
fn period(norm: &str) -> Option<Period> {
    let has = |words: &[&str]| words.iter().any(|w| norm.contains(w));
    if has(&["每半年", "半年一次"]) {
        Some(Period::HalfYearly)
    } else if has(&["每季", "按季"]) {
        Some(Period::Quarterly)
    } else if has(&["每月", "按月", "逐月"]) {
        Some(Period::Monthly)
    } else if has(&["每周", "按周"]) {
        Some(Period::Weekly)
    } else if has(&["每年", "按年", "每年度"]) {
        Some(Period::Yearly)
    } else if has(&["定期"]) {
        Some(Period::Unspecified)
    } else {
        None
    }
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
    fn less_common_spans() {
        let span = |t: &str| parse(t).map(|p| p.span);
        assert_eq!(span("次日"), Some(Span::Days(1)));
        assert_eq!(span("2小时"), Some(Span::SameDay));
        assert_eq!(span("48小时内"), Some(Span::Days(2)));
        assert_eq!(span("30分钟"), Some(Span::SameDay));
        assert_eq!(span("半年"), Some(Span::Months(6)));
        assert_eq!(span("半个月"), Some(Span::Days(15)));
        assert_eq!(span("小时"), None);
        assert_eq!(span("尽快办理"), None);
    }

    fn span(s: &str) -> Option<Span> {
        parse(s).map(|t| t.span)
    }

    #[test]
    fn common_forms() {
        assert_eq!(span("即时"), Some(Span::Immediate));
        assert_eq!(span("当场办结"), Some(Span::Immediate));
        assert_eq!(span("5个工作日"), Some(Span::WorkingDays(5)));
        assert_eq!(span("５个工作日"), Some(Span::WorkingDays(5)));
        assert_eq!(span("三个工作日"), Some(Span::WorkingDays(3)));
        assert_eq!(span("二十个工作日"), Some(Span::WorkingDays(20)));
        assert_eq!(span("十五日"), Some(Span::Days(15)));
        assert_eq!(span("30日"), Some(Span::Days(30)));
        assert_eq!(span("7天"), Some(Span::Days(7)));
        assert_eq!(span("3个月"), Some(Span::Months(3)));
        assert_eq!(span("次月"), Some(Span::NextMonth));
        assert_eq!(span("每季度"), Some(Span::Periodic));
        assert_eq!(span("当日"), Some(Span::SameDay));
        let t = parse("收到申请之日起20个工作日内答复").unwrap();
        assert_eq!(t.span, Span::WorkingDays(20));
        assert_eq!(t.anchor.as_deref(), Some("收到申请之日起"));
        assert_eq!(
            span("信息形成之日起3个工作日内"),
            Some(Span::WorkingDays(3))
        );
    }

    #[test]
    fn not_periods() {
        assert_eq!(span("尽快办理"), None);
        assert_eq!(span(""), None);
        assert_eq!(span("依据第十四条"), None);
        assert_eq!(span("2017年"), None);
        assert_eq!(
            span("99999999999999999999个工作日"),
            Some(Span::WorkingDays(u32::MAX))
        );
    }

    #[test]
    fn deadline_comparison() {
        assert_eq!(parse("即时").unwrap().max_working_days(), 0);
        assert_eq!(parse("3日").unwrap().max_working_days(), 3);
        assert!(parse("次月").unwrap().max_working_days() > 3);
    }

    fn start_of(w: &Written) -> Option<StartEvent> {
        w.deadline().and_then(|(s, _)| s.map(|s| s.event))
    }

    #[test]
    fn national_deadlines_keep_their_start_event() {
        let w = parse_written("制定或获取信息之日起10个工作日内");
        assert_eq!(w.deadline().map(|d| d.1), Some(Span::WorkingDays(10)));
        assert_eq!(start_of(&w), Some(StartEvent::Formation));
        assert_eq!(
            w.deadline().and_then(|d| d.0).map(|s| s.text.as_str()),
            Some("制定或获取信息之日起")
        );

        let w = parse_written("形成或者变更之日起20个工作日内予以公开");
        assert_eq!(w.deadline().map(|d| d.1), Some(Span::WorkingDays(20)));
        assert_eq!(start_of(&w), Some(StartEvent::Formation));
        assert!(
            !w.exceeds_statutory_limit(),
            "20 working days is the rule itself"
        );

        let w = parse_written("信息形成（变更）之日起20个工作日内");
        assert_eq!(start_of(&w), Some(StartEvent::Formation));
    }

    #[test]
    fn budget_deadline_counts_calendar_days_after_approval() {
        let w = parse_written("本级人民代表大会或其常务委员会批准后20日内");
        assert_eq!(w.deadline().map(|d| d.1), Some(Span::Days(20)));
        assert_eq!(start_of(&w), Some(StartEvent::Approval));
        assert_eq!(
            w.deadline().and_then(|d| d.0).map(|s| s.text.as_str()),
            Some("本级人民代表大会或其常务委员会批准后")
        );
        let w = parse_written("本级人民代表大会或其常务委员会批准后二十日内");
        assert_eq!(w.deadline().map(|d| d.1), Some(Span::Days(20)));
    }

    #[test]
    fn tender_candidates_within_three_calendar_days() {
        let w = parse_written("中标候选人确定之日起3日内");
        assert_eq!(w.deadline().map(|d| d.1), Some(Span::Days(3)));
        assert_eq!(start_of(&w), Some(StartEvent::TenderResult));
        let w = parse_written("中标候选人确定之日起3日内公示，公示期不少于3日");
        assert_eq!(
            w,
            Written::Deadline {
                start: Some(Start {
                    text: "中标候选人确定之日起".into(),
                    event: StartEvent::TenderResult
                }),
                span: Span::Days(3),
                publicity: Some(Span::Days(3)),
            }
        );
    }

    #[test]
    fn publicity_period_is_not_a_deadline() {
        let w = parse_written("审批后公示7个工作日");
        assert_eq!(
            w,
            Written::Publicity {
                start: Some(Start {
                    text: "审批后".into(),
                    event: StartEvent::Approval
                }),
                span: Span::WorkingDays(7),
            }
        );
        assert!(w.deadline().is_none());
        assert!(!w.exceeds_statutory_limit());
        assert!(matches!(
            parse_written("公示期不少于5个工作日"),
            Written::Publicity {
                start: None,
                span: Span::WorkingDays(5)
            }
        ));
    }

    #[test]
    fn before_an_event_and_announcement_periods() {
        assert_eq!(
            parse_written("招标文件发售前"),
            Written::BeforeEvent("招标文件发售前".into())
        );
        assert_eq!(
            parse_written("每年招生工作开始前公布"),
            Written::BeforeEvent("每年招生工作开始前".into())
        );
        assert_eq!(
            parse_written("公告30日"),
            Written::Publicity {
                start: None,
                span: Span::Days(30)
            }
        );
        let w = parse_written("征地前公告不少于10个工作日");
        assert!(matches!(
            w,
            Written::Publicity {
                span: Span::WorkingDays(10),
                ..
            }
        ));
        assert!(!w.exceeds_statutory_limit());
        assert_eq!(parse_written("前"), Written::Unparsed);
        // 公告 before 之日起 is a start, not a period.
        assert_eq!(
            parse_written("公告之日起20个工作日内")
                .deadline()
                .map(|d| d.1),
            Some(Span::WorkingDays(20))
        );
    }

    #[test]
    fn periodic_forms() {
        assert_eq!(
            parse_written("每季度公开一次"),
            Written::Periodic(Period::Quarterly)
        );
        assert_eq!(
            parse_written("每月更新"),
            Written::Periodic(Period::Monthly)
        );
        assert_eq!(
            parse_written("按月公开"),
            Written::Periodic(Period::Monthly)
        );
        assert_eq!(parse_written("每年公开"), Written::Periodic(Period::Yearly));
        assert_eq!(
            parse_written("每半年更新一次"),
            Written::Periodic(Period::HalfYearly)
        );
        assert_eq!(
            parse_written("定期公开"),
            Written::Periodic(Period::Unspecified)
        );
    }

    #[test]
    fn real_time_timely_and_same_as_above() {
        assert_eq!(parse_written("实时"), Written::Immediate);
        assert_eq!(parse_written("实时更新"), Written::Immediate);
        assert_eq!(parse_written("即时公开"), Written::Immediate);
        assert_eq!(parse_written("及时"), Written::NotMeasurable);
        assert_eq!(parse_written("及时公开"), Written::NotMeasurable);
        assert_eq!(parse_written("及时更新。"), Written::NotMeasurable);
        assert_eq!(parse_written("同上"), Written::SameAsAbove);
        assert_eq!(parse_written(" 同 上 "), Written::SameAsAbove);
        assert_eq!(parse_written("尽快公开"), Written::Unparsed);
        assert_eq!(parse_written(""), Written::Unparsed);
        // 及时 beside a measure is measured by the measure.
        assert_eq!(
            parse_written("形成之日起20个工作日内及时公开")
                .deadline()
                .map(|d| d.1),
            Some(Span::WorkingDays(20))
        );
    }

    #[test]
    fn longer_than_the_statutory_twenty_working_days() {
        assert!(parse_written("信息形成之日起30个工作日内").exceeds_statutory_limit());
        assert!(parse_written("30个工作日内").exceeds_statutory_limit());
        assert!(parse_written("形成后1个月内").exceeds_statutory_limit());
        assert!(parse_written("形成之日起30日内").exceeds_statutory_limit());
        assert!(!parse_written("形成之日起28日内").exceeds_statutory_limit());
        assert!(!parse_written("形成或者变更之日起20个工作日内").exceeds_statutory_limit());
        // Another event than formation: another law sets it (预算法第十四条).
        assert!(!parse_written("批准后30日内").exceeds_statutory_limit());
        assert!(!parse_written("每季度公开一次").exceeds_statutory_limit());
        assert!(!parse_written("及时公开").exceeds_statutory_limit());
    }

    #[test]
    fn the_old_parse_is_unchanged_by_the_national_forms() {
        assert_eq!(span("审批后公示7个工作日"), Some(Span::WorkingDays(7)));
        assert_eq!(span("及时公开"), None);
        assert_eq!(span("每季度公开一次"), Some(Span::Periodic));
        assert_eq!(span("实时"), Some(Span::Immediate));
    }
}
