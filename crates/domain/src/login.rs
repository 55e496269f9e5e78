//! Slowing down guessing (R-2FA-7): after 5 failures in a row, wait a minute. It applies to
//! passwords and to second factors alike (the public API's error code says so).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub const MAX_FAILURES: u32 = 5;
pub const LOCKOUT_SECONDS: i64 = 60;

/// Failed attempts in a row for one login, and until when it must wait.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptState {
    pub failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("too many failed attempts: try again in {retry_after_seconds} seconds")]
pub struct TooManyAttempts {
    pub retry_after_seconds: i64,
}

impl TooManyAttempts {
    pub fn code(&self) -> &'static str {
        "too_many_attempts_try_again_in_1_minute"
    }

    pub fn http_status(&self) -> u16 {
        400
    }
}

/// The name the server's token endpoint uses.
pub type Attempts = AttemptState;

impl AttemptState {
    /// May the person try now? Checked before the password is, so a locked login learns
    /// nothing, even from a right password.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), TooManyAttempts> {
        match self.locked_until {
            Some(until) if now < until => {
                let left = until - now;
                // Round up: "try again in 0 seconds" would be wrong.
                let seconds = left.num_seconds() + i64::from(left.subsec_nanos() > 0);
                Err(TooManyAttempts { retry_after_seconds: seconds })
            }
            _ => Ok(()),
        }
    }

    /// A failure: the fifth in a row locks for a minute. The count goes on after the minute
    /// (only a success clears it), so each further failure locks again: one guess a minute.
    pub fn register_failure(&mut self, now: DateTime<Utc>) {
        self.failures = self.failures.saturating_add(1);
        self.locked_until = (self.failures >= MAX_FAILURES).then(|| now + Duration::seconds(LOCKOUT_SECONDS));
    }

    /// A success clears the count.
    pub fn register_success(&mut self) {
        *self = AttemptState::default();
    }

    /// [`Self::register_failure`], by value.
    pub fn failed(mut self, now: DateTime<Utc>) -> AttemptState {
        self.register_failure(now);
        self
    }

    /// [`Self::register_success`], by value.
    pub fn succeeded(mut self) -> AttemptState {
        self.register_success();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    #[test]
    fn r_2fa_7_five_failures_in_a_row_lock_for_a_minute() {
        // R-2FA-7
        let mut attempts = Attempts::default();
        for i in 0..4 {
            attempts = attempts.failed(t(i));
            assert_eq!(attempts.check(t(i)), Ok(()), "failure {} does not lock", i + 1);
        }
        attempts = attempts.failed(t(4));
        assert_eq!(attempts.check(t(4)), Err(TooManyAttempts { retry_after_seconds: 60 }));
        assert_eq!(attempts.check(t(63)), Err(TooManyAttempts { retry_after_seconds: 1 }));
        assert_eq!(attempts.check(t(64)), Ok(()));
        let error = attempts.check(t(30)).unwrap_err();
        assert_eq!(error.code(), "too_many_attempts_try_again_in_1_minute");
        assert_eq!(serde_json::to_value(&error).unwrap(), serde_json::json!({"retry_after_seconds": 34}));
        assert_eq!(error.http_status(), 400);
        // Part of a second left is a second to wait, never "0 seconds".
        let half = Duration::milliseconds(500);
        assert_eq!(attempts.check(t(63) + half), Err(TooManyAttempts { retry_after_seconds: 1 }));
        assert_eq!(attempts.check(t(62) + half), Err(TooManyAttempts { retry_after_seconds: 2 }));
        assert_eq!(attempts.check(t(4) + Duration::milliseconds(1)), Err(TooManyAttempts { retry_after_seconds: 60 }));
    }

    #[test]
    fn r_2fa_7_the_state_can_also_be_changed_in_place() {
        // R-2FA-7
        let mut state = AttemptState::default();
        for i in 0..5 {
            assert_eq!(state.check(t(i)), Ok(()));
            state.register_failure(t(i));
        }
        assert_eq!(state, AttemptState { failures: 5, locked_until: Some(t(64)) });
        assert_eq!(state.check(t(5)).unwrap_err().retry_after_seconds, 59);
        state.register_success();
        assert_eq!(state, AttemptState::default());
        assert_eq!(state.check(t(5)), Ok(()));
    }

    #[test]
    fn r_2fa_7_a_success_resets_the_count() {
        // R-2FA-7
        let mut attempts = Attempts::default();
        for i in 0..4 {
            attempts = attempts.failed(t(i));
        }
        attempts = attempts.succeeded();
        attempts = attempts.failed(t(10));
        assert_eq!(attempts.failures, 1);
        assert_eq!(attempts.check(t(10)), Ok(()));
    }

    #[test]
    fn r_2fa_7_after_a_lock_the_next_failure_locks_again_at_once() {
        // R-2FA-7: guessing resumes at one guess a minute, not five.
        let mut attempts = Attempts::default();
        for i in 0..5 {
            attempts = attempts.failed(t(i));
        }
        attempts = attempts.failed(t(70));
        assert_eq!(attempts.check(t(70)), Err(TooManyAttempts { retry_after_seconds: 60 }));
    }
}
