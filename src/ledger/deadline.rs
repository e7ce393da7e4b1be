//! When a record was due: the piece's 附件3 政府信息公开时间 where it parses
//! to a period counted from the information's forming, else the project's
//! 公开时限; counted by the official calendar.

use crate::calendar::{Calendar, CalendarError, Date};
use crate::timelimit::{self, Span, TimeLimit};

use super::Settings;
use super::model::Record;
use super::resolve::Piece;

/// The time limit that applies to a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    /// A period from the forming date; `text` as the catalogue or project
    /// writes it.
    Period { limit: TimeLimit, text: String },
    /// No deadline a ledger can measure: the 公开时间 counts from a request
    /// (依申请) or is periodic (每季度 …); `text` says which.
    Unmeasured { text: String },
}

/// The limit for a record of `piece` (or of no known piece).
pub fn limit_for(piece: Option<&Piece<'_>>, settings: &Settings) -> Limit {
    if let Some(t) = piece.and_then(|p| p.publish_time())
        && let Some(parsed) = timelimit::parse(&t.value)
    {
        let from_request = parsed.anchor.as_deref().is_some_and(|a| a.contains("申请"));
        if from_request || parsed.span == Span::Periodic {
            return Limit::Unmeasured {
                text: t.value.clone(),
            };
        }
        return Limit::Period {
            limit: parsed,
            text: t.value.clone(),
        };
    }
    Limit::Period {
        limit: settings.deadline.clone(),
        text: format!("公开时限{}", settings.deadline_text),
    }
}

/// The last day a piece formed on `formed` may be published under `limit`.
pub fn due_date(cal: &Calendar, formed: Date, limit: &TimeLimit) -> Result<Date, CalendarError> {
    let out_of_range = CalendarError::OutOfRange;
    match limit.span {
        Span::Immediate | Span::SameDay => Ok(formed),
        Span::WorkingDays(n) => cal.add_working_days(formed, n),
        Span::Days(n) => formed
            .add_days(i32::try_from(n).map_err(|_| out_of_range.clone())?)
            .ok_or(out_of_range),
        Span::Weeks(n) => formed
            .add_days(i32::try_from(u64::from(n) * 7).map_err(|_| out_of_range.clone())?)
            .ok_or(out_of_range),
        Span::Months(n) => formed.add_months(n).ok_or(out_of_range),
        Span::Years(n) => formed.add_months(n.saturating_mul(12)).ok_or(out_of_range),
        // Periodic limits never reach here (see [`limit_for`]); read as the
        // next month's end, the longest a periodic post waits.
        Span::NextMonth | Span::Periodic => formed.end_of_next_month().ok_or(out_of_range),
    }
}

/// A record measured against its limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timeliness {
    /// Published by the due date.
    OnTime { working_days: i64, due: Date },
    /// Published after the due date.
    Late { working_days: i64, due: Date },
    /// Not measurable: a date is missing or unreadable, 公开日期 is before
    /// 形成日期, or the limit is not a period from the forming date.
    Unmeasured,
}

/// Measures a record; `Err` when the calendar lacks a year it needs.
pub fn assess(record: &Record, limit: &Limit, cal: &Calendar) -> Result<Timeliness, CalendarError> {
    let (Some(formed), Some(published)) = (&record.formed, &record.published) else {
        return Ok(Timeliness::Unmeasured);
    };
    let (formed, published) = (formed.value, published.value);
    if published < formed {
        return Ok(Timeliness::Unmeasured);
    }
    let Limit::Period { limit, .. } = limit else {
        return Ok(Timeliness::Unmeasured);
    };
    let working_days = cal.working_days_between(formed, published)?;
    let due = due_date(cal, formed, limit)?;
    Ok(if published <= due {
        Timeliness::OnTime { working_days, due }
    } else {
        Timeliness::Late { working_days, due }
    })
}

/// Working days from forming to publishing, when both dates are there and
/// in order.
pub fn working_days(record: &Record, cal: &Calendar) -> Option<i64> {
    let (formed, published) = (record.formed.as_ref()?, record.published.as_ref()?);
    (formed.value <= published.value)
        .then(|| cal.working_days_between(formed.value, published.value).ok())
        .flatten()
}
