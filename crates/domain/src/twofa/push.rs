//! R-2FA-2: an approval pushed to a device already signed in, as a second factor.
//!
//! A log-in whose password is right, for a user with 2FA on, may ask for a push instead of a
//! code: a [`PushChallenge`] is made and waits [`PUSH_SECONDS`] for an answer. Only a session
//! of the same user, opened before the challenge (a device *already* signed in, not one the
//! waiting log-in could have opened itself), may approve or refuse it, once. The waiting
//! log-in then redeems an approved challenge, once: the second redeem is refused, as a used
//! backup code is.
//!
//! The server stores challenges and their answers; this module decides every move.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long a challenge waits for its answer and for the log-in to use it (our choice: two
/// minutes, long enough to find one's phone, short enough that an old approval is useless).
pub const PUSH_SECONDS: i64 = 120;

/// One request for approval, made by a log-in that got the password right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushChallenge {
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub answer: Option<PushAnswer>,
    /// When the waiting log-in used the approval.
    pub used_at: Option<DateTime<Utc>>,
}

/// The answer a signed-in device gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAnswer {
    pub approved: bool,
    pub at: DateTime<Utc>,
    /// The session (OAuth grant) that answered.
    pub session_id: i64,
}

/// A signed-in session, as push needs to see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: i64,
    pub user_id: i64,
    pub signed_in_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// Waiting for an answer.
    Waiting,
    /// Approved, not yet used by the log-in.
    Approved,
    Refused,
    /// Used by the log-in it was made for.
    Used,
    /// Not answered, or not used, in time.
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum PushError {
    /// Another user's challenge: said as missing, so that its existence is not revealed.
    #[error("this approval request does not exist")]
    NotFound,
    #[error("only a device that was already signed in can answer this request")]
    SessionTooRecent,
    #[error("this request was already answered")]
    AlreadyAnswered { status: PushStatus },
    #[error("this request expired: log in again")]
    Expired,
    /// The log-in asks before anyone answered: it should ask again shortly.
    #[error("waiting for the approval on your signed-in device")]
    Waiting,
    #[error("the log-in was refused on your signed-in device")]
    Refused,
    #[error("this approval was already used")]
    AlreadyUsed,
}

impl PushError {
    /// Answering a challenge uses the API's codes; the log-in waiting on one uses OAuth's
    /// codes for a grant waiting on a person (RFC 8628, section 3.5).
    pub fn code(&self) -> &'static str {
        match self {
            PushError::NotFound => "object_not_found",
            PushError::SessionTooRecent => "access_denied",
            PushError::AlreadyAnswered { .. } => "push_already_answered",
            PushError::Expired => "expired_token",
            PushError::Waiting => "authorization_pending",
            PushError::Refused => "access_denied",
            PushError::AlreadyUsed => "invalid_grant",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            PushError::NotFound => 404,
            PushError::SessionTooRecent | PushError::Refused => 403,
            PushError::AlreadyAnswered { .. } => 409,
            PushError::Expired | PushError::Waiting | PushError::AlreadyUsed => 400,
        }
    }
}

impl PushChallenge {
    /// A new challenge for `user_id`, made by a log-in whose password was right.
    pub fn new(user_id: i64, now: DateTime<Utc>) -> PushChallenge {
        PushChallenge { user_id, created_at: now, answer: None, used_at: None }
    }

    pub fn expires_at(&self) -> DateTime<Utc> {
        self.created_at + Duration::seconds(PUSH_SECONDS)
    }

    pub fn status(&self, now: DateTime<Utc>) -> PushStatus {
        match (self.used_at, self.answer) {
            (Some(_), _) => PushStatus::Used,
            (None, Some(PushAnswer { approved: false, .. })) => PushStatus::Refused,
            _ if now >= self.expires_at() => PushStatus::Expired,
            (None, Some(_)) => PushStatus::Approved,
            (None, None) => PushStatus::Waiting,
        }
    }

    /// Approves or refuses, from `session`: a session of the same user, signed in before the
    /// challenge was made. Once only.
    pub fn answer(&self, session: &Session, approve: bool, now: DateTime<Utc>) -> Result<PushChallenge, PushError> {
        if session.user_id != self.user_id {
            return Err(PushError::NotFound);
        }
        if session.signed_in_at >= self.created_at {
            return Err(PushError::SessionTooRecent);
        }
        match self.status(now) {
            PushStatus::Waiting => {
                let answer = PushAnswer { approved: approve, at: now, session_id: session.id };
                Ok(PushChallenge { answer: Some(answer), ..*self })
            }
            PushStatus::Expired => Err(PushError::Expired),
            status => Err(PushError::AlreadyAnswered { status }),
        }
    }

    /// The waiting log-in of `user_id` takes its approval: once, and in time.
    pub fn redeem(&self, user_id: i64, now: DateTime<Utc>) -> Result<PushChallenge, PushError> {
        if user_id != self.user_id {
            return Err(PushError::NotFound);
        }
        match self.status(now) {
            PushStatus::Approved => Ok(PushChallenge { used_at: Some(now), ..*self }),
            PushStatus::Waiting => Err(PushError::Waiting),
            PushStatus::Refused => Err(PushError::Refused),
            PushStatus::Used => Err(PushError::AlreadyUsed),
            PushStatus::Expired => Err(PushError::Expired),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
    }

    fn phone() -> Session {
        Session { id: 3, user_id: 7, signed_in_at: t0() - Duration::days(2) }
    }

    fn secs(n: i64) -> Duration {
        Duration::seconds(n)
    }

    #[test]
    fn r_2fa_2_an_approval_from_a_signed_in_device_lets_the_log_in_in_once() {
        // R-2FA-2
        let challenge = PushChallenge::new(7, t0());
        assert_eq!(challenge.status(t0()), PushStatus::Waiting);
        assert_eq!(challenge.redeem(7, t0() + secs(5)), Err(PushError::Waiting));
        assert_eq!(PushError::Waiting.code(), "authorization_pending");

        let approved = challenge.answer(&phone(), true, t0() + secs(10)).unwrap();
        assert_eq!(approved.answer, Some(PushAnswer { approved: true, at: t0() + secs(10), session_id: 3 }));
        assert_eq!(approved.status(t0() + secs(10)), PushStatus::Approved);
        let used = approved.redeem(7, t0() + secs(12)).unwrap();
        assert_eq!(used.status(t0() + secs(12)), PushStatus::Used);
        assert_eq!(used.redeem(7, t0() + secs(13)), Err(PushError::AlreadyUsed), "used once");
        assert_eq!(
            used.answer(&phone(), true, t0() + secs(13)),
            Err(PushError::AlreadyAnswered { status: PushStatus::Used })
        );
    }

    #[test]
    fn r_2fa_2_a_refusal_keeps_the_log_in_out() {
        // R-2FA-2
        let refused = PushChallenge::new(7, t0()).answer(&phone(), false, t0() + secs(3)).unwrap();
        assert_eq!(refused.status(t0() + secs(3)), PushStatus::Refused);
        let error = refused.redeem(7, t0() + secs(4)).unwrap_err();
        assert_eq!((error.code(), error.http_status()), ("access_denied", 403));
        assert_eq!(error, PushError::Refused);
        assert_eq!(
            refused.answer(&phone(), true, t0() + secs(5)),
            Err(PushError::AlreadyAnswered { status: PushStatus::Refused }),
            "a refusal is not taken back"
        );
        assert_eq!(refused.status(t0() + secs(PUSH_SECONDS)), PushStatus::Refused, "refused stays refused");
    }

    #[test]
    fn r_2fa_2_only_the_same_users_older_session_answers() {
        // R-2FA-2: a device *already* signed in, of the same user.
        let challenge = PushChallenge::new(7, t0());
        let stranger = Session { user_id: 8, ..phone() };
        let error = challenge.answer(&stranger, true, t0() + secs(1)).unwrap_err();
        assert_eq!((error.code(), error.http_status()), ("object_not_found", 404));
        assert_eq!(challenge.redeem(8, t0() + secs(1)), Err(PushError::NotFound));
        let opened_with_it = Session { signed_in_at: t0(), ..phone() };
        assert_eq!(challenge.answer(&opened_with_it, true, t0() + secs(1)), Err(PushError::SessionTooRecent));
        let opened_before = Session { signed_in_at: t0() - secs(1), ..phone() };
        assert!(challenge.answer(&opened_before, true, t0() + secs(1)).is_ok());
    }

    #[test]
    fn r_2fa_2_a_challenge_expires_after_two_minutes() {
        // R-2FA-2
        let challenge = PushChallenge::new(7, t0());
        let last = t0() + secs(PUSH_SECONDS - 1);
        let end = t0() + secs(PUSH_SECONDS);
        assert_eq!(challenge.expires_at(), end);
        assert_eq!(challenge.status(last), PushStatus::Waiting);
        assert_eq!(challenge.status(end), PushStatus::Expired);
        assert!(challenge.answer(&phone(), true, last).is_ok());
        assert_eq!(challenge.answer(&phone(), true, end), Err(PushError::Expired));
        let approved = challenge.answer(&phone(), true, t0() + secs(30)).unwrap();
        assert!(approved.redeem(7, last).is_ok());
        let error = approved.redeem(7, end).unwrap_err();
        assert_eq!(error.code(), "expired_token");
        assert_eq!(error, PushError::Expired);
    }
}
