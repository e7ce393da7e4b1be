//! The official working-day calendar, checked day by day against an
//! independent source: the PyPI package `chinese-calendar`, run by python3.

use std::process::Command;

use gkml::calendar::{Calendar, Date};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// Every date 2017-01-01..2026-12-31 with chinese-calendar's answer.
const DUMP: &str = r#"
import datetime as dt, sys
try:
    import chinese_calendar as cc
except ImportError:
    sys.exit(3)
print("version", getattr(cc, "__version__", "?"))
d = dt.date(2017, 1, 1)
while d <= dt.date(2026, 12, 31):
    print(d.isoformat(), int(cc.is_workday(d)))
    d += dt.timedelta(days=1)
"#;

#[test]
fn every_day_2017_to_2026_agrees_with_chinese_calendar() {
    let out = Command::new("python3").arg("-c").arg(DUMP).output().unwrap_or_else(|e| {
        panic!("python3 无法运行（{e}）：请安装 Debian 软件包 python3，再运行 `python3 -m pip install chinese-calendar`")
    });
    assert_ne!(
        out.status.code(),
        Some(3),
        "缺少 Python 包 chinese-calendar：请运行 `python3 -m pip install chinese-calendar`"
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cal = Calendar::official();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut days = 0;
    let mut differ = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with("version")) {
        let (date, flag) = line.split_once(' ').unwrap();
        let date = d(date);
        let theirs = flag == "1";
        let ours = cal.is_working_day(date).unwrap();
        if ours != theirs {
            differ.push(format!(
                "{date} {}: gkml {ours}, chinese-calendar {theirs}",
                date.weekday_label()
            ));
        }
        days += 1;
    }
    assert_eq!(days, 3652, "chinese-calendar gave {days} days");
    assert!(
        differ.is_empty(),
        "{} days differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

#[test]
fn the_national_briefs_examples() {
    let cal = Calendar::official();
    // 2017-09-30 (Saturday) was worked; 10-01..08 were the holiday.
    assert_eq!(cal.is_working_day(d("2017-09-30")), Ok(true));
    assert_eq!(
        cal.add_working_days(d("2017-09-29"), 3),
        Ok(d("2017-10-10"))
    );
    // Spring Festival 2018: 02-15..21 off, 02-11 (Sunday) and 02-24 (Saturday) worked.
    assert_eq!(cal.is_working_day(d("2018-02-11")), Ok(true));
    assert_eq!(
        cal.add_working_days(d("2018-02-14"), 3),
        Ok(d("2018-02-24"))
    );
}

#[test]
fn a_naive_weekday_count_is_a_week_off_around_the_long_holidays() {
    let cal = Calendar::official();
    let naive = |mut date: Date, n: u32| {
        let mut left = n;
        while left > 0 {
            date = date.succ().unwrap();
            if !date.is_weekend() {
                left -= 1;
            }
        }
        date
    };
    // (from, official 3rd working day, naive weekday count, days apart)
    for (from, official, weekday_guess, apart) in [
        ("2017-09-29", "2017-10-10", "2017-10-04", 6),
        ("2018-02-14", "2018-02-24", "2018-02-19", 5),
    ] {
        let ours = cal.add_working_days(d(from), 3).unwrap();
        assert_eq!(ours, d(official));
        assert_eq!(naive(d(from), 3), d(weekday_guess), "{from}");
        assert_eq!(d(weekday_guess).days_until(ours), apart, "{from}");
    }
}

#[test]
fn a_year_without_its_notice_is_an_error() {
    let cal = Calendar::official();
    let e = cal.add_working_days(d("2027-01-05"), 3).unwrap_err();
    assert!(
        e.to_string().starts_with("2027年的节假日安排尚未收录"),
        "{e}"
    );
    assert!(
        cal.working_days_between(d("2016-12-30"), d("2017-01-03"))
            .is_err()
    );
}

#[test]
fn every_shipped_year_cites_its_notice() {
    let cal = Calendar::official();
    let years: Vec<(i32, String, String)> = cal
        .years()
        .map(|y| (y.year, y.notice.clone(), y.number.clone()))
        .collect();
    assert_eq!(years.len(), 10);
    assert_eq!(
        years[0],
        (
            2017,
            "国务院办公厅关于2017年部分节假日安排的通知".to_string(),
            "国办发明电〔2016〕17号".to_string()
        )
    );
    assert_eq!(years[9].2, "国办发明电〔2025〕7号");
}
