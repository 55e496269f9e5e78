//! A user's second factors as stored (R-2FA-*): the 2FA state, the backup codes (argon2id
//! hashes), and the check of a second factor that records its use. Below both the token
//! endpoint (`auth`) and the Security routes (`security`), which both need it.

use crate::db::{Executor, Transaction};
use crate::error::ApiError;
use crate::secrets::{argon2_hash, argon2_verify, off_thread};
use crate::AppState;
use domain::twofa::{self, OtpAccepted, StoredBackupCode, TwoFactor, TwoFactorError};

/// A user's 2FA state and backup codes (with their row ids), as stored.
pub(crate) struct SecondFactors {
    pub state: TwoFactor,
    code_ids: Vec<i64>,
    pub codes: Vec<StoredBackupCode>,
}

pub(crate) async fn load(state: &AppState, user_id: i64) -> Result<SecondFactors, ApiError> {
    let two_factor = two_factor_of(&state.db, user_id).await?;
    let rows: Vec<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, hash, used_at FROM backup_codes WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&state.db)
            .await?;
    let code_ids = rows.iter().map(|(id, _, _)| *id).collect();
    let codes = rows
        .into_iter()
        .map(|(_, hash, used_at)| StoredBackupCode {
            hash,
            used_at: used_at.and_then(|at| chrono::DateTime::from_timestamp(at, 0)),
        })
        .collect();
    Ok(SecondFactors { state: two_factor, code_ids, codes })
}

/// A user's 2FA state alone, from the pool or inside a transaction.
pub(crate) async fn two_factor_of(db: impl Executor<'_>, user_id: i64) -> Result<TwoFactor, ApiError> {
    let (kind, secret, last_step): (String, Option<String>, Option<i64>) =
        sqlx::query_as("SELECT totp_state, totp_secret, totp_last_step FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(db)
            .await?;
    Ok(match (kind.as_str(), secret) {
        ("on", Some(secret)) => TwoFactor::On { secret, last_used_step: last_step.map(|s| s as u64) },
        ("enrolling", Some(secret)) => TwoFactor::Enrolling { secret },
        _ => TwoFactor::Off,
    })
}

pub(crate) async fn store_state(tx: &mut Transaction, user_id: i64, two_factor: &TwoFactor) -> Result<(), ApiError> {
    let (kind, secret, last_step) = match two_factor {
        TwoFactor::Off => ("off", None, None),
        TwoFactor::Enrolling { secret } => ("enrolling", Some(secret.as_str()), None),
        TwoFactor::On { secret, last_used_step } => ("on", Some(secret.as_str()), last_used_step.map(|s| s as i64)),
    };
    sqlx::query("UPDATE users SET totp_state = $1, totp_secret = $2, totp_last_step = $3 WHERE id = $4")
        .bind(kind)
        .bind(secret)
        .bind(last_step)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replaces every backup code of the user by a new set (R-2FA-3: the old set is void).
pub(crate) async fn replace_codes(
    tx: &mut Transaction,
    user_id: i64,
    hashes: &[StoredBackupCode],
) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM backup_codes WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
    for code in hashes {
        sqlx::query("INSERT INTO backup_codes (user_id, hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(&code.hash)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// How backup codes are hashed for storage: argon2id. A failure would store a hash that
/// matches nothing (the code is then unusable, never usable by anyone else).
pub(crate) fn hash_backup_code(code: &str) -> String {
    argon2_hash(code).unwrap_or_default()
}

/// For the routes that need a fresh second factor (turning 2FA off, new backup codes): the
/// user's 2FA state as it stood, and the proof of the factor [`check`]ed and recorded.
pub(crate) async fn fresh(state: &AppState, user_id: i64, input: String) -> Result<(TwoFactor, OtpAccepted), ApiError> {
    let factors = load(state, user_id).await?;
    let current = factors.state.clone();
    Ok((current, check(state, user_id, factors, input).await?))
}

/// Checks a second factor (app code or backup code) and records its use, so that neither the
/// same app code (R-2FA-5) nor the same backup code (R-2FA-3) works twice, even when two
/// requests race: the recording only succeeds if nobody recorded it first. The answer is the
/// domain's proof of a fresh factor (R-2FA-6). `factors` are the user's, as [`load`] read them
/// for this request: the recording, not the reading, is what guards against a race.
pub(crate) async fn check(
    state: &AppState,
    user_id: i64,
    factors: SecondFactors,
    input: String,
) -> Result<OtpAccepted, ApiError> {
    let SecondFactors { state: two_factor, code_ids, mut codes } = factors;
    let now = state.clock.now();
    let checked = off_thread(move || {
        twofa::check_otp(&two_factor, &mut codes, &input, now, |hash, code| argon2_verify(code, hash))
    })
    .await?;
    let refused = || ApiError::rule(&TwoFactorError::InvalidOtp);
    let (_, accepted) = checked.map_err(|e| ApiError::rule(&e))?;
    let recorded = match accepted {
        OtpAccepted::Totp { step } => sqlx::query(
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)",
        )
        .bind(step as i64)
        .bind(user_id)
        .bind(step as i64)
        .execute(&state.db)
        .await?
        .rows_affected(),
        OtpAccepted::BackupCode { index } => {
            sqlx::query("UPDATE backup_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                .bind(now.timestamp())
                .bind(code_ids.get(index).copied().ok_or_else(refused)?)
                .execute(&state.db)
                .await?
                .rows_affected()
        }
    };
    if recorded == 1 {
        Ok(accepted)
    } else {
        Err(refused())
    }
}
