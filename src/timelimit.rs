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
}
