//! A calendar date (proleptic Gregorian), stored as a day number, and the
//! ways liaisons type dates: `2017-09-29`, `2017/9/29`, `2017.9.29`,
//! `2017年9月29日`, and Excel serial numbers in either date system.
//!
//! No date crate: the calendar needs only a validated day count and its
//! weekday, and the day-by-day test against `chinese-calendar` (Python's
//! `datetime` behind it) checks this arithmetic as well as the holiday data.

use std::fmt;

/// A date; ordered, and one day apart from its neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i32,
}

/// The earliest and latest years gkml reads.
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 9999;

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    /// The message in 简体中文.
    pub message: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

/// The two Excel date systems: serial 1 is 1900-01-01 (with Lotus's
/// fictitious 1900-02-29 as serial 60), or serial 0 is 1904-01-01 (old Mac
/// workbooks, "使用1904日期系统").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DateSystem {
    #[default]
    /// The 1900 date system (the default in Excel and WPS).
    Excel1900,
    /// The 1904 date system.
    Excel1904,
}

fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Days in a month of a year (0 for a month out of range).
fn month_len(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date of a year, month and day; `None` when there is no such day
    /// or the year is outside 1900–9999.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) || d == 0 || d > month_len(y, m) {
            return None;
        }
        // Days from civil (H. Hinnant), years counted from March.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
        Some(Date {
            days: era * 146_097 + doe - 719_468,
        })
    }

    /// Today in China (UTC+8), by the system clock; 1970-01-01 should the
    /// clock be before it.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = (secs.saturating_add(8 * 3600) / 86_400).min(i32::MAX as u64);
        Date {
            days: i32::try_from(days).unwrap_or(0),
        }
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// 1 for Monday … 7 for Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.days + 3).rem_euclid(7) as u32 + 1
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        self.weekday() >= 6
    }

    /// 星期一 … 星期日.
    pub fn weekday_label(self) -> &'static str {
        match self.weekday() {
            1 => "星期一",
            2 => "星期二",
            3 => "星期三",
            4 => "星期四",
            5 => "星期五",
            6 => "星期六",
            _ => "星期日",
        }
    }

    /// The date `n` days later (earlier for negative `n`); `None` past the
    /// years gkml reads.
    pub fn add_days(self, n: i32) -> Option<Date> {
        let days = self.days.checked_add(n)?;
        let d = Date { days };
        (MIN_YEAR..=MAX_YEAR).contains(&d.year()).then_some(d)
    }

    /// The next day.
    pub fn succ(self) -> Option<Date> {
        self.add_days(1)
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i32 {
        other.days - self.days
    }

    /// The same day `n` months later, or the month's last day when it is
    /// shorter (2017-01-31 + 1 month = 2017-02-28).
    pub fn add_months(self, n: u32) -> Option<Date> {
        let (y, m, d) = self.ymd();
        let total = i64::from(m) - 1 + i64::from(n);
        let y = i32::try_from(i64::from(y) + total.div_euclid(12)).ok()?;
        let m = u32::try_from(total.rem_euclid(12) + 1).ok()?;
        Date::from_ymd(y, m, d.min(month_len(y, m)))
    }

    /// The last day of the month after this one.
    pub fn end_of_next_month(self) -> Option<Date> {
        let (y, m, _) = self.ymd();
        let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        Date::from_ymd(y, m, month_len(y, m))
    }

    /// The date an Excel serial number stands for. The time of day (the
    /// fraction) is dropped.
    pub fn from_excel_serial(serial: f64, system: DateSystem) -> Result<Date, DateError> {
        let err = |why: &str| DateError {
            message: format!("Excel 日期序号 {serial} {why}"),
        };
        if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
            return Err(err("超出日期范围"));
        }
        let n = serial.floor() as i32;
        // Day 1 is 1900-01-01; day 60 is Lotus's 1900-02-29, so from day 61
        // on the count is one ahead of the real calendar.
        let (base, offset) = match system {
            DateSystem::Excel1904 => (Date::from_ymd(1904, 1, 1), n),
            DateSystem::Excel1900 if n == 0 => return Err(err("不是日期（序号从1开始）")),
            DateSystem::Excel1900 if n == 60 => {
                return Err(err(
                    "是 Excel 1900 日期系统中不存在的 1900年2月29日，请改写为实际日期",
                ));
            }
            DateSystem::Excel1900 if n < 60 => (Date::from_ymd(1900, 1, 1), n - 1),
            DateSystem::Excel1900 => (Date::from_ymd(1900, 3, 1), n - 61),
        };
        base.and_then(|b| b.add_days(offset))
            .ok_or_else(|| err("超出日期范围"))
    }

    /// Reads a date as a liaison types it: `2017-09-29`, `2017-9-29`,
    /// `2017/9/29`, `2017.9.29`, `2017年9月29日` (or 号), full-width digits
    /// too, optionally followed by a time of day (` 10:30`), which is dropped.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let norm: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - 0xFF10 + u32::from(b'0')).unwrap_or(c),
                '／' => '/',
                '．' => '.',
                '－' | '—' | '–' => '-',
                _ => c,
            })
            .collect();
        let shape = || DateError {
            message: format!(
                "无法识别的日期“{}”：请写成 2017-09-29、2017/9/29、2017.9.29 或 2017年9月29日",
                text.trim()
            ),
        };
        if norm.is_empty() {
            return Err(DateError {
                message: "日期为空".into(),
            });
        }
        // Drop a time of day after the date.
        let date_part = match norm.split_once([' ', 'T']) {
            Some((d, time)) if is_time(time.trim()) => d,
            Some(_) => return Err(shape()),
            None => norm.as_str(),
        };
        let parts: Vec<&str> = if let Some(rest) = date_part.strip_suffix(['日', '号']) {
            let Some((y, rest)) = rest.split_once('年') else {
                return Err(shape());
            };
            let Some((m, d)) = rest.split_once('月') else {
                return Err(shape());
            };
            vec![y, m, d]
        } else {
            let sep = ['-', '/', '.']
                .into_iter()
                .find(|s| date_part.contains(*s))
                .ok_or_else(shape)?;
            date_part.split(sep).collect()
        };
        let [y, m, d] = parts.as_slice() else {
            return Err(shape());
        };
        let num = |s: &str, max_len: usize| -> Option<u32> {
            let s = s.trim();
            (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let (Some(y), Some(m), Some(d)) = (num(y, 4), num(m, 2), num(d, 2)) else {
            return Err(shape());
        };
        if y < 1000 {
            return Err(DateError {
                message: format!(
                    "日期“{}”的年份不完整：请写四位年份，如 2017-09-29",
                    text.trim()
                ),
            });
        }
        let y = i32::try_from(y).map_err(|_| shape())?;
        if !(1..=12).contains(&m) {
            return Err(DateError {
                message: format!("日期“{}”的月份 {m} 不在1至12之间", text.trim()),
            });
        }
        Date::from_ymd(y, m, d).ok_or_else(|| DateError {
            message: if (MIN_YEAR..=MAX_YEAR).contains(&y) {
                format!(
                    "日期“{}”不存在：{y}年{m}月只有{}天",
                    text.trim(),
                    month_len(y, m)
                )
            } else {
                format!("日期“{}”的年份超出 {MIN_YEAR}–{MAX_YEAR}", text.trim())
            },
        })
    }

    /// Reads a workbook cell: a date as [`Date::parse`] reads it, or a whole
    /// number, which is an Excel serial (a date cell formatted as a number).
    pub fn parse_cell(text: &str, system: DateSystem) -> Result<Date, DateError> {
        let t = text.trim();
        // A whole number only: "2017.9" is an unfinished date, not a serial.
        let numeric = !t.is_empty() && t.len() <= 7 && t.bytes().all(|b| b.is_ascii_digit());
        if numeric && let Ok(serial) = t.parse::<f64>() {
            return Date::from_excel_serial(serial, system);
        }
        Date::parse(text)
    }
}

/// `10:30` or `10:30:00`.
fn is_time(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

impl fmt::Display for Date {
    /// `2017-09-29`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Date {
        Date::from_ymd(y, m, dd).unwrap()
    }

    #[test]
    fn day_numbers_round_trip_and_weekdays_are_right() {
        let mut prev: Option<Date> = None;
        for y in [1900, 1970, 2000, 2016, 2017, 2100, 2400] {
            for m in 1..=12 {
                for dd in 1..=month_len(y, m) {
                    let x = d(y, m, dd);
                    assert_eq!(x.ymd(), (y, m, dd));
                    if let Some(p) = prev.filter(|p| p.year() == y) {
                        assert_eq!(p.succ(), Some(x));
                    }
                    prev = Some(x);
                }
            }
        }
        assert_eq!(d(2017, 9, 29).weekday(), 5);
        assert_eq!(d(2017, 9, 30).weekday_label(), "星期六");
        assert_eq!(d(1970, 1, 1).weekday(), 4);
        assert!(Date::from_ymd(2017, 2, 29).is_none());
        assert!(Date::from_ymd(2000, 2, 29).is_some());
        assert!(Date::from_ymd(1900, 2, 29).is_none());
    }

    #[test]
    fn liaisons_dates_read() {
        for t in [
            "2017-09-29",
            "2017-9-29",
            "2017/9/29",
            "2017/09/29",
            "2017.9.29",
            "2017年9月29日",
            "2017年09月29号",
            " ２０１７年９月２９日 ",
            "2017-09-29 00:00",
            "2017-09-29 10:30:15",
        ] {
            assert_eq!(Date::parse(t), Ok(d(2017, 9, 29)), "{t}");
        }
        assert_eq!(d(2017, 9, 29).to_string(), "2017-09-29");
    }

    #[test]
    fn bad_dates_say_why_in_chinese() {
        let msg = |t: &str| Date::parse(t).unwrap_err().message;
        assert!(
            msg("2017-02-29").contains("2017年2月只有28天"),
            "{}",
            msg("2017-02-29")
        );
        assert!(msg("2017-13-01").contains("月份 13"));
        assert!(msg("17/9/29").contains("四位年份"));
        assert!(msg("明天").contains("无法识别的日期“明天”"));
        assert!(msg("9/29/2017").contains("无法识别"));
        assert!(msg("2017-09-29 下午").contains("无法识别"));
        assert!(msg("2017年9月").contains("无法识别"));
        assert_eq!(msg("  "), "日期为空");
    }

    #[test]
    fn excel_serials_in_both_systems() {
        // 2017-09-29 is 43007 in the 1900 system, 41545 in the 1904 system.
        assert_eq!(
            Date::from_excel_serial(43007.0, DateSystem::Excel1900),
            Ok(d(2017, 9, 29))
        );
        assert_eq!(
            Date::from_excel_serial(43007.75, DateSystem::Excel1900),
            Ok(d(2017, 9, 29))
        );
        assert_eq!(
            Date::from_excel_serial(41545.0, DateSystem::Excel1904),
            Ok(d(2017, 9, 29))
        );
        assert_eq!(
            Date::from_excel_serial(1.0, DateSystem::Excel1900),
            Ok(d(1900, 1, 1))
        );
        assert_eq!(
            Date::from_excel_serial(59.0, DateSystem::Excel1900),
            Ok(d(1900, 2, 28))
        );
        assert_eq!(
            Date::from_excel_serial(61.0, DateSystem::Excel1900),
            Ok(d(1900, 3, 1))
        );
        assert_eq!(
            Date::from_excel_serial(0.0, DateSystem::Excel1904),
            Ok(d(1904, 1, 1))
        );
        assert!(Date::from_excel_serial(60.0, DateSystem::Excel1900).is_err());
        assert!(Date::from_excel_serial(-1.0, DateSystem::Excel1900).is_err());
        assert!(Date::from_excel_serial(f64::NAN, DateSystem::Excel1900).is_err());
        assert_eq!(
            Date::parse_cell("43007", DateSystem::Excel1900),
            Ok(d(2017, 9, 29))
        );
        assert_eq!(
            Date::parse_cell("2017.9.29", DateSystem::Excel1900),
            Ok(d(2017, 9, 29))
        );
        assert!(Date::parse_cell("1.2.3", DateSystem::Excel1900).is_err());
        assert!(Date::parse_cell("2017.9", DateSystem::Excel1900).is_err());
    }

    #[test]
    fn month_arithmetic_clamps_to_the_month_end() {
        assert_eq!(d(2017, 1, 31).add_months(1), Some(d(2017, 2, 28)));
        assert_eq!(d(2017, 11, 15).add_months(3), Some(d(2018, 2, 15)));
        assert_eq!(d(2017, 12, 5).end_of_next_month(), Some(d(2018, 1, 31)));
        assert_eq!(d(2017, 9, 29).days_until(d(2017, 10, 10)), 11);
    }
}
