//! The official working-day calendar: weekends and the holidays of the State
//! Council's yearly 节假日安排 notice are not working days, the 调休 weekend
//! days the notice declares are.
//!
//! The schedules 2017–2026 ship as data ([`holidays.yaml`](holidays.yaml),
//! one block per year citing its notice); a project can add a year (or
//! correct one) with blocks of the same shape. A date in a year without a
//! schedule is an error ("2027年的节假日安排尚未收录"), never a weekday guess.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod date;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::Arc;

pub use date::{Date, DateError, DateSystem};

use crate::model::{Loc, Pos};
use crate::yaml::tree::{self, Node, TextPos, Value};

/// The schedules gkml ships, 2017–2026.
pub const OFFICIAL_SCHEDULES: &str = include_str!("holidays.yaml");

/// The file name shown for the shipped schedules.
const OFFICIAL_FILE: &str = "gkml 内置节假日安排（src/calendar/holidays.yaml）";

/// Keys of a year's block.
pub mod keys {
    pub const YEAR: &str = "年份";
    pub const NOTICE: &str = "通知";
    pub const NUMBER: &str = "文号";
    pub const AMENDED: &str = "调整";
    pub const HOLIDAYS: &str = "放假";
    pub const WORKDAYS: &str = "上班";
    /// Every key of a block.
    pub const ALL: &[&str] = &[YEAR, NOTICE, NUMBER, AMENDED, HOLIDAYS, WORKDAYS];
}

/// One year's 节假日安排, as one notice (and its amendments) declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearSchedule {
    /// The year the notice is for.
    pub year: i32,
    /// The notice's title, e.g. 国务院办公厅关于2017年部分节假日安排的通知.
    pub notice: String,
    /// The notice's number, e.g. 国办发明电〔2016〕17号.
    pub number: String,
    /// Notices that later changed the schedule (already applied to the data).
    pub amended_by: Vec<String>,
    /// Holidays: name, first and last day (inclusive). A range may reach
    /// into the year before (元旦 from 12-30).
    pub holidays: Vec<(String, Date, Date)>,
    /// Weekend days declared working days (调休上班).
    pub workdays: Vec<Date>,
    /// Where the block was written.
    pub loc: Loc,
}

/// Why a working-day question has no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// The year has no 节假日安排 in the calendar.
    YearMissing {
        /// The year asked about.
        year: i32,
        /// The years the calendar has, first and last.
        covered: Option<(i32, i32)>,
    },
    /// A count ran past the dates gkml reads (years 1900–9999).
    OutOfRange,
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::YearMissing { year, covered } => {
                write!(f, "{year}年的节假日安排尚未收录")?;
                if let Some((a, b)) = covered {
                    write!(f, "（已收录{a}—{b}年）")?;
                }
                Ok(())
            }
            CalendarError::OutOfRange => f.write_str("日期超出可计算的范围"),
        }
    }
}

impl std::error::Error for CalendarError {}

impl CalendarError {
    /// What to do about it, for a diagnostic's help line.
    pub fn help(&self) -> &'static str {
        match self {
            CalendarError::YearMissing { .. } => {
                "在项目文件 gkml.yaml 的“节假日安排”中按国务院办公厅当年的节假日安排通知补充这一年（格式同 gkml 内置的 holidays.yaml），或升级 gkml"
            }
            CalendarError::OutOfRange => "检查日期是否写错",
        }
    }
}

/// A problem in a schedule block: where and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleError {
    pub loc: Loc,
    pub message: String,
}

/// Working days by the official calendar.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    years: BTreeMap<i32, YearSchedule>,
    off: HashSet<Date>,
    on: HashSet<Date>,
}

impl Calendar {
    /// The shipped schedules, 2017–2026.
    pub fn official() -> Calendar {
        let (years, errors) = parse_schedules(&Arc::from(OFFICIAL_FILE), OFFICIAL_SCHEDULES);
        // A unit test keeps the shipped data free of errors; were it not,
        // the years that failed would be missing and every date in them an
        // explicit error, never a weekday guess.
        debug_assert!(errors.is_empty(), "{errors:?}");
        Calendar::from_years(years)
    }

    /// The shipped schedules plus a project's: a project's year replaces the
    /// shipped one of the same year (a corrected or amended schedule).
    pub fn with_years(extra: Vec<YearSchedule>) -> Calendar {
        let mut cal = Calendar::official();
        let mut years = std::mem::take(&mut cal.years);
        for y in extra {
            years.insert(y.year, y);
        }
        Calendar::from_years(years.into_values())
    }

    /// A calendar of exactly these years.
    pub fn from_years(years: impl IntoIterator<Item = YearSchedule>) -> Calendar {
        let mut cal = Calendar::default();
        for y in years {
            cal.years.insert(y.year, y);
        }
        for y in cal.years.values() {
            for &(_, first, last) in &y.holidays {
                let mut d = first;
                while d <= last {
                    cal.off.insert(d);
                    match d.succ() {
                        Some(n) => d = n,
                        None => break,
                    }
                }
            }
            cal.on.extend(y.workdays.iter().copied());
        }
        cal
    }

    /// The schedules, by year.
    pub fn years(&self) -> impl Iterator<Item = &YearSchedule> {
        self.years.values()
    }

    /// The first and last year with a schedule.
    pub fn covered(&self) -> Option<(i32, i32)> {
        Some((*self.years.keys().next()?, *self.years.keys().next_back()?))
    }

    /// True when `date` is a working day: a weekday that is not a holiday,
    /// or a weekend day the notice declares a working day.
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        let year = date.year();
        if !self.years.contains_key(&year) {
            return Err(CalendarError::YearMissing {
                year,
                covered: self.covered(),
            });
        }
        Ok(self.on.contains(&date) || (!date.is_weekend() && !self.off.contains(&date)))
    }

    /// The `n`th working day after `date` (`date` itself for 0): 3 working
    /// days after 2017-09-29 is 2017-10-10.
    pub fn add_working_days(&self, date: Date, n: u32) -> Result<Date, CalendarError> {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = d.succ().ok_or(CalendarError::OutOfRange)?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The number of working days after `a` up to and including `b`: 0 for
    /// the same day, 3 from 2017-09-29 to 2017-10-10; negative when `b` is
    /// before `a`.
    pub fn working_days_between(&self, a: Date, b: Date) -> Result<i64, CalendarError> {
        let (from, to, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut count = 0i64;
        let mut d = from;
        while d < to {
            d = d.succ().ok_or(CalendarError::OutOfRange)?;
            if self.is_working_day(d)? {
                count += 1;
            }
        }
        Ok(sign * count)
    }
}

/// Reads schedule blocks from YAML text (the shipped file, or the value of a
/// project file's 节假日安排 given as its own text).
pub fn parse_schedules(file: &Arc<str>, text: &str) -> (Vec<YearSchedule>, Vec<ScheduleError>) {
    match tree::parse(text) {
        Ok(Some(root)) => schedules_from_node(file, &root),
        Ok(None) => (Vec::new(), Vec::new()),
        Err(e) => (
            Vec::new(),
            vec![ScheduleError {
                loc: loc(file, e.pos),
                message: e.message,
            }],
        ),
    }
}

fn loc(file: &Arc<str>, pos: TextPos) -> Loc {
    Loc {
        file: file.clone(),
        pos: Pos::Text {
            line: pos.line,
            col: pos.col,
            offset: pos.offset,
            len: pos.len,
        },
    }
}

fn scalar<'a>(n: &'a Node<'_>) -> Option<&'a str> {
    match &n.value {
        Value::Scalar { text, .. } => Some(text.trim()),
        _ => None,
    }
}

/// Reads a list of schedule blocks from a YAML node (a project file's
/// 节假日安排 value, or the shipped file's root), every problem reported
/// with its place.
pub fn schedules_from_node(
    file: &Arc<str>,
    node: &Node<'_>,
) -> (Vec<YearSchedule>, Vec<ScheduleError>) {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut err = |pos: TextPos, message: String| {
        errors.push(ScheduleError {
            loc: loc(file, pos),
            message,
        })
    };
    let Value::Seq(blocks) = &node.value else {
        err(
            node.pos,
            format!(
                "节假日安排应为列表（每年一项），这里是{}",
                node.type_label()
            ),
        );
        return (out, errors);
    };
    let mut seen = HashSet::new();
    for block in blocks {
        let Value::Map(entries) = &block.value else {
            err(
                block.pos,
                format!("每年的节假日安排应为键值对，这里是{}", block.type_label()),
            );
            continue;
        };
        let mut year = None;
        let mut notice = String::new();
        let mut number = String::new();
        let mut amended_by = Vec::new();
        let mut holidays = Vec::new();
        let mut workdays = Vec::new();
        for (k, v) in entries {
            let key = scalar(k).unwrap_or("");
            match key {
                keys::YEAR => match scalar(v).and_then(|t| t.parse::<i32>().ok()) {
                    Some(y) if (1900..=9999).contains(&y) => year = Some((y, v.pos)),
                    _ => err(v.pos, "“年份”应为四位数字，如 2027".into()),
                },
                keys::NOTICE => notice = scalar(v).unwrap_or("").to_string(),
                keys::NUMBER => number = scalar(v).unwrap_or("").to_string(),
                keys::AMENDED => match &v.value {
                    Value::Seq(items) => {
                        amended_by.extend(items.iter().filter_map(scalar).map(str::to_string))
                    }
                    Value::Scalar { text, .. } => amended_by.push(text.trim().to_string()),
                    _ => err(v.pos, "“调整”应为调整通知的名称（文字或列表）".into()),
                },
                keys::HOLIDAYS => {
                    let Value::Map(hs) = &v.value else {
                        err(
                            v.pos,
                            "“放假”应为键值对：节日名称: 起始日期至结束日期".into(),
                        );
                        continue;
                    };
                    for (name, range) in hs {
                        let name = scalar(name).unwrap_or("").to_string();
                        let text = scalar(range).unwrap_or("");
                        match parse_range(text) {
                            Ok((a, b)) => holidays.push((name, a, b)),
                            Err(m) => err(range.pos, format!("“{name}”的放假日期：{m}")),
                        }
                    }
                }
                keys::WORKDAYS => {
                    let items: Vec<&Node> = match &v.value {
                        Value::Seq(items) => items.iter().collect(),
                        _ if v.is_null() => Vec::new(),
                        _ => vec![v],
                    };
                    for item in items {
                        match scalar(item).map(Date::parse) {
                            Some(Ok(d)) if d.is_weekend() => workdays.push(d),
                            Some(Ok(d)) => err(
                                item.pos,
                                format!("调休上班日 {d} 是{}，不是周末", d.weekday_label()),
                            ),
                            Some(Err(e)) => err(item.pos, e.message),
                            None => err(item.pos, "“上班”的每一项应为日期".into()),
                        }
                    }
                }
                other => err(
                    k.pos,
                    format!(
                        "节假日安排中没有“{other}”这一栏{}可用的键：{}",
                        crate::suggest::did_you_mean(other, keys::ALL.iter().copied()),
                        keys::ALL.join("、")
                    ),
                ),
            }
        }
        let Some((year, year_pos)) = year else {
            err(block.pos, "这一年的节假日安排缺少“年份”".into());
            continue;
        };
        if !seen.insert(year) {
            err(year_pos, format!("{year}年的节假日安排重复出现"));
            continue;
        }
        for (name, a, b) in &holidays {
            if let Some(w) = workdays.iter().find(|w| a <= *w && *w <= b) {
                err(
                    block.pos,
                    format!("{w} 既在“{name}”的放假日期内，又列为上班日"),
                );
            }
        }
        if notice.is_empty() {
            err(
                block.pos,
                format!("{year}年的节假日安排缺少“通知”（所依据的通知名称）"),
            );
        }
        out.push(YearSchedule {
            year,
            notice,
            number,
            amended_by,
            holidays,
            workdays,
            loc: loc(file, block.pos),
        });
    }
    (out, errors)
}

/// `2017-10-01至2017-10-08` or one date.
fn parse_range(text: &str) -> Result<(Date, Date), String> {
    let (a, b) = match text.split_once('至') {
        Some((a, b)) => (a, b),
        None => (text, text),
    };
    let a = Date::parse(a).map_err(|e| e.message)?;
    let b = Date::parse(b).map_err(|e| e.message)?;
    if b < a {
        return Err(format!("结束日期 {b} 早于起始日期 {a}"));
    }
    if a.days_until(b) > 31 {
        return Err(format!("{a}至{b} 超过一个月，请检查日期"));
    }
    Ok((a, b))
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

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn shipped_schedules_read_cleanly_and_cite_their_notices() {
        let (years, errors) = parse_schedules(&Arc::from("holidays.yaml"), OFFICIAL_SCHEDULES);
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<i32> = years.iter().map(|y| y.year).collect();
        assert_eq!(got, (2017..=2026).collect::<Vec<_>>());
        for y in &years {
            assert_eq!(
                y.notice,
                format!("国务院办公厅关于{}年部分节假日安排的通知", y.year)
            );
            assert!(
                y.number
                    .starts_with(&format!("国办发明电〔{}〕", y.year - 1)),
                "{}: {}",
                y.year,
                y.number
            );
        }
    }

    #[test]
    fn the_briefs_examples() {
        let cal = Calendar::official();
        assert_eq!(cal.is_working_day(d("2017-09-30")), Ok(true));
        for day in 1..=8 {
            assert_eq!(
                cal.is_working_day(d(&format!("2017-10-{day:02}"))),
                Ok(false)
            );
        }
        assert_eq!(
            cal.add_working_days(d("2017-09-29"), 3),
            Ok(d("2017-10-10"))
        );
        assert_eq!(
            cal.add_working_days(d("2018-02-14"), 3),
            Ok(d("2018-02-24"))
        );
        assert_eq!(
            cal.working_days_between(d("2017-09-29"), d("2017-10-10")),
            Ok(3)
        );
        assert_eq!(
            cal.working_days_between(d("2017-10-10"), d("2017-09-29")),
            Ok(-3)
        );
        assert_eq!(
            cal.working_days_between(d("2017-09-29"), d("2017-09-29")),
            Ok(0)
        );
        assert_eq!(
            cal.add_working_days(d("2017-09-29"), 0),
            Ok(d("2017-09-29"))
        );
        // 2018-12-29 (Saturday) was worked by the 2019 notice.
        assert_eq!(cal.is_working_day(d("2018-12-29")), Ok(true));
    }

    #[test]
    fn a_year_without_a_schedule_is_an_error_not_a_guess() {
        let cal = Calendar::official();
        let e = cal.is_working_day(d("2027-03-01")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "2027年的节假日安排尚未收录（已收录2017—2026年）"
        );
        assert!(cal.add_working_days(d("2026-12-30"), 3).is_err());
        assert!(cal.is_working_day(d("2016-12-30")).is_err());
    }

    #[test]
    fn a_project_adds_a_year() {
        let text = "- 年份: 2027\n  通知: 国务院办公厅关于2027年部分节假日安排的通知\n  文号: 测试\n  放假:\n    元旦: 2027-01-01\n  上班: [2027-01-09]\n";
        let (years, errors) = parse_schedules(&Arc::from("gkml.yaml"), text);
        assert!(errors.is_empty(), "{errors:?}");
        let cal = Calendar::with_years(years);
        assert_eq!(cal.is_working_day(d("2027-01-01")), Ok(false));
        assert_eq!(cal.is_working_day(d("2027-01-04")), Ok(true));
        assert_eq!(cal.is_working_day(d("2027-01-09")), Ok(true));
        assert_eq!(cal.is_working_day(d("2027-01-10")), Ok(false));
        assert_eq!(cal.covered(), Some((2017, 2027)));
        assert_eq!(
            cal.add_working_days(d("2026-12-31"), 1),
            Ok(d("2027-01-04"))
        );
    }

    #[test]
    fn bad_blocks_are_reported_where_they_are() {
        let text = "- 年份: 2027\n  通知: 某通知\n  放假:\n    元旦: 2027-01-03至2027-01-01\n  上班: [2027-01-04]\n  上斑: []\n";
        let (_, errors) = parse_schedules(&Arc::from("gkml.yaml"), text);
        let msgs: Vec<String> = errors
            .iter()
            .map(|e| format!("{} {}", e.loc.position_label(), e.message))
            .collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("4:") && m.contains("早于起始日期")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("2027-01-04 是星期一，不是周末")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("6:") && m.contains("“上斑”")),
            "{msgs:?}"
        );
    }
}
