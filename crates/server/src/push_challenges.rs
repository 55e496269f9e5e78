//! The push challenges of R-2FA-2 as stored: made and redeemed by the token endpoint
//! (`auth.rs`), listed and answered by the signed-in device (`push_approvals.rs`). Below both,
//! so that neither imports the other. `domain::twofa::push` decides every move.

use crate::db::{at, Flag};
use crate::error::ApiError;
use crate::secrets::{new_token, token_hash};
use crate::AppState;
use chrono::{DateTime, Utc};
use domain::twofa::push::{PushAnswer, PushChallenge, PushError};

#[derive(sqlx::FromRow)]
pub(crate) struct ChallengeRow {
    pub id: i64,
    user_id: i64,
    pub client: String,
    pub created_at: i64,
    /// Read as a [`Flag`]: SQLite keeps 0 or 1.
    approved: Option<Flag>,
    answered_at: Option<i64>,
    answered_by: Option<i64>,
    used_at: Option<i64>,
}

pub(crate) const SELECT_CHALLENGE: &str =
    "SELECT id, user_id, client, created_at, approved, answered_at, answered_by, used_at FROM push_challenges";

impl ChallengeRow {
    pub fn domain(&self) -> PushChallenge {
        let answer = match (self.approved.map(|flag| flag.0), self.answered_at, self.answered_by) {
            (Some(approved), Some(answered_at), Some(session_id)) => {
                Some(PushAnswer { approved, at: at(answered_at), session_id })
            }
            _ => None,
        };
        PushChallenge { user_id: self.user_id, created_at: at(self.created_at), answer, used_at: self.used_at.map(at) }
    }
}

/// How many sessions of `user_id` could answer a push now: signed in and not ended.
pub(crate) async fn devices(state: &AppState, user_id: i64, now: DateTime<Utc>) -> Result<i64, ApiError> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM oauth_grants WHERE user_id = $1 AND revoked_at IS NULL AND refresh_expires_at > $2",
    )
    .bind(user_id)
    .bind(now.timestamp())
    .fetch_one(&state.db)
    .await?;
    Ok(count)
}

/// A new challenge for a log-in of `user_id` whose password was right: its key, this once.
pub(crate) async fn challenge(
    state: &AppState,
    user_id: i64,
    client: &str,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let key = new_token();
    sqlx::query("INSERT INTO push_challenges (user_id, key_hash, client, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(token_hash(&key))
        .bind(client)
        .bind(now.timestamp())
        .execute(&state.db)
        .await?;
    Ok(key)
}

/// The waiting log-in takes its approval (`domain`'s `redeem`): once, and in time.
pub(crate) async fn redeem(state: &AppState, user_id: i64, key: &str, now: DateTime<Utc>) -> Result<(), PushError> {
    let found: Option<ChallengeRow> = sqlx::query_as(&format!("{SELECT_CHALLENGE} WHERE key_hash = $1"))
        .bind(token_hash(key))
        .fetch_optional(&state.db)
        .await
        .map_err(|_| PushError::NotFound)?;
    let row = found.ok_or(PushError::NotFound)?;
    row.domain().redeem(user_id, now)?;
    // Two polls at once: one takes it.
    let taken = sqlx::query("UPDATE push_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now.timestamp())
        .bind(row.id)
        .execute(&state.db)
        .await
        .map_err(|_| PushError::NotFound)?;
    if taken.rows_affected() == 1 {
        Ok(())
    } else {
        Err(PushError::AlreadyUsed)
    }
}
