//! Abuse reports and their deadlines (R-ABUSE-1).
//!
//! A report is acknowledged within 24 hours, assessed within 5 working days, investigated
//! within 30 and its corrective actions finished within 60 (working days: Monday to Friday).
//!
//! Our reading of "within N working days" (the knowledge base does not spell it out): count
//! N whole working days after the day of receipt, and the deadline is the same time of day on
//! that last working day. A report received on a Saturday or Sunday starts counting on the
//! Monday, as if it had arrived at the start of Monday. Public holidays are not known here and
//! are not skipped.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

pub const ACKNOWLEDGE_HOURS: i64 = 24;
pub const ASSESS_WORKING_DAYS: u32 = 5;
pub const INVESTIGATE_WORKING_DAYS: u32 = 30;
pub const CORRECT_WORKING_DAYS: u32 = 60;

/// The kinds of abuse a report names (our list, after the knowledge base's form).
pub const CATEGORIES: [&str; 6] = ["spam", "phishing", "malware", "copyright", "illegal_content", "other"];
/// A report's description says what happened: at least a sentence, at most a long letter
/// (characters, trimmed).
pub const DESCRIPTION_CHARS: (usize, usize) = (10, 5000);

/// Whether a description's length is within [`DESCRIPTION_CHARS`]; its length otherwise.
pub fn description_length_ok(description: &str) -> Result<(), usize> {
    let length = description.trim().chars().count();
    let (minimum, maximum) = DESCRIPTION_CHARS;
    if (minimum..=maximum).contains(&length) {
        Ok(())
    } else {
        Err(length)
    }
}

/// The four deadlines of one report, as the API returns them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbuseDeadlines {
    pub acknowledge_by: DateTime<Utc>,
    pub assess_by: DateTime<Utc>,
    pub investigate_by: DateTime<Utc>,
    pub correct_by: DateTime<Utc>,
}

pub fn is_working_day(day: Weekday) -> bool {
    !matches!(day, Weekday::Sat | Weekday::Sun)
}

/// `days` working days after `from` (see the module docs for weekends).
pub fn add_working_days(from: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let mut at = from;
    if !is_working_day(at.weekday()) {
        // Received at the weekend: the clock starts at Monday 00:00.
        while !is_working_day(at.weekday()) {
            at += Duration::days(1);
        }
        at = at.date_naive().and_time(NaiveTime::MIN).and_utc();
    }
    let mut left = days;
    while left > 0 {
        at += Duration::days(1);
        if is_working_day(at.weekday()) {
            left -= 1;
        }
    }
    at
}

/// R-ABUSE-1: the deadlines of a report received at `received_at`.
pub fn deadlines(received_at: DateTime<Utc>) -> AbuseDeadlines {
    AbuseDeadlines {
        acknowledge_by: received_at + Duration::hours(ACKNOWLEDGE_HOURS),
        assess_by: add_working_days(received_at, ASSESS_WORKING_DAYS),
        investigate_by: add_working_days(received_at, INVESTIGATE_WORKING_DAYS),
        correct_by: add_working_days(received_at, CORRECT_WORKING_DAYS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn r_abuse_1_deadlines_skip_weekends() {
        // R-ABUSE-1: received Wednesday 2026-11-25 at 10:00.
        let d = deadlines(at(2026, 11, 25, 10));
        assert_eq!(d.acknowledge_by, at(2026, 11, 26, 10));
        // 5 working days: Thu, Fri, Mon, Tue, Wed.
        assert_eq!(d.assess_by, at(2026, 12, 2, 10));
        // 30 working days = 6 whole weeks later, same weekday.
        assert_eq!(d.investigate_by, at(2027, 1, 6, 10));
        assert_eq!(d.correct_by, at(2027, 2, 17, 10));
    }

    #[test]
    fn r_abuse_1_a_friday_report_is_assessed_the_next_friday() {
        // R-ABUSE-1
        assert_eq!(deadlines(at(2026, 11, 27, 16)).assess_by, at(2026, 12, 4, 16));
    }

    #[test]
    fn r_abuse_1_a_weekend_report_counts_from_monday() {
        // R-ABUSE-1: Saturday 2026-11-28 15:00 counts as Monday 2026-11-30 00:00.
        let d = deadlines(at(2026, 11, 28, 15));
        assert_eq!(d.acknowledge_by, at(2026, 11, 29, 15), "24 hours are calendar hours");
        assert_eq!(d.assess_by, at(2026, 12, 7, 0));
        // The same on Sunday.
        assert_eq!(deadlines(at(2026, 11, 29, 9)).assess_by, at(2026, 12, 7, 0));
    }

    proptest! {
        #[test]
        fn r_abuse_1_working_day_deadlines_never_land_on_a_weekend(
            seconds in 0i64..4_000_000_000, days in 1u32..100
        ) {
            // R-ABUSE-1
            let from = DateTime::from_timestamp(seconds, 0).unwrap();
            let due = add_working_days(from, days);
            prop_assert!(is_working_day(due.weekday()));
            prop_assert!(due > from);
            // Never sooner than `days` calendar days, never later than twice as many.
            prop_assert!(due - from >= Duration::days(days as i64));
            prop_assert!(due - from <= Duration::days(2 * days as i64 + 3));
        }
    }
}
