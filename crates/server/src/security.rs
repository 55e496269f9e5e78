//! Two-factor authentication (R-2FA-1..6): enrolling an authenticator app, backup codes,
//! turning it off, and checking a second factor at log-in. The decisions are the domain's
//! (`domain::twofa`); this module stores their outcome and hashes backup codes (argon2id).

use crate::auth::{argon2_hash, argon2_verify, AuthUser};
use crate::error::{ok, ApiError, ApiJson, ApiResult};
use crate::AppState;
use api::{BackupCodes, OtpCode, OtpEnrolment};
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use domain::twofa::{self, OtpAccepted, StoredBackupCode, TwoFactor, TwoFactorError};
use qrcode::render::svg;
use qrcode::QrCode;
use sqlx::{Sqlite, Transaction};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/2/profile/security/otp", post(start).delete(turn_off))
        .route("/2/profile/security/otp/confirm", post(confirm))
        .route("/2/profile/security/backup_codes", post(regenerate))
}

/// A user's 2FA state and backup codes (with their row ids), as stored.
pub(crate) struct SecondFactors {
    pub state: TwoFactor,
    code_ids: Vec<i64>,
    pub codes: Vec<StoredBackupCode>,
}

pub(crate) async fn load(state: &AppState, user_id: i64) -> Result<SecondFactors, ApiError> {
    let (kind, secret, last_step): (String, Option<String>, Option<i64>) =
        sqlx::query_as("SELECT totp_state, totp_secret, totp_last_step FROM users WHERE id = ?")
            .bind(user_id)
            .fetch_one(&state.db)
            .await?;
    let two_factor = match (kind.as_str(), secret) {
        ("on", Some(secret)) => TwoFactor::On { secret, last_used_step: last_step.map(|s| s as u64) },
        ("enrolling", Some(secret)) => TwoFactor::Enrolling { secret },
        _ => TwoFactor::Off,
    };
    let rows: Vec<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, hash, used_at FROM backup_codes WHERE user_id = ? ORDER BY id")
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

async fn store_state(tx: &mut Transaction<'_, Sqlite>, user_id: i64, two_factor: &TwoFactor) -> Result<(), ApiError> {
    let (kind, secret, last_step) = match two_factor {
        TwoFactor::Off => ("off", None, None),
        TwoFactor::Enrolling { secret } => ("enrolling", Some(secret.as_str()), None),
        TwoFactor::On { secret, last_used_step } => ("on", Some(secret.as_str()), last_used_step.map(|s| s as i64)),
    };
    sqlx::query("UPDATE users SET totp_state = ?, totp_secret = ?, totp_last_step = ? WHERE id = ?")
        .bind(kind)
        .bind(secret)
        .bind(last_step)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replaces every backup code of the user by a new set (R-2FA-3: the old set is void).
async fn replace_codes(
    tx: &mut Transaction<'_, Sqlite>,
    user_id: i64,
    hashes: &[StoredBackupCode],
) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM backup_codes WHERE user_id = ?").bind(user_id).execute(&mut **tx).await?;
    for code in hashes {
        sqlx::query("INSERT INTO backup_codes (user_id, hash) VALUES (?, ?)")
            .bind(user_id)
            .bind(&code.hash)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A new set of 10 codes, hashed with argon2id off the async threads.
async fn new_codes() -> Result<twofa::IssuedBackupCodes, ApiError> {
    tokio::task::spawn_blocking(|| {
        twofa::issue_backup_codes(&mut rand::thread_rng(), |code| argon2_hash(code).unwrap_or_default())
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Checks a second factor (app code or backup code) and records its use, so that neither the
/// same app code (R-2FA-5) nor the same backup code (R-2FA-3) works twice, even when two
/// requests race: the recording only succeeds if nobody recorded it first.
pub(crate) async fn check_second_factor(state: &AppState, user_id: i64, input: String) -> Result<(), ApiError> {
    let SecondFactors { state: two_factor, code_ids, mut codes } = load(state, user_id).await?;
    let now = state.clock.now();
    // argon2id checks of backup codes are slow by design: off the async threads.
    let checked = tokio::task::spawn_blocking(move || {
        twofa::check_otp(&two_factor, &mut codes, &input, now, |hash, code| argon2_verify(code, hash))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let refused = || ApiError::rule(&TwoFactorError::InvalidOtp);
    let recorded = match checked.map_err(|e| ApiError::rule(&e))? {
        (_, OtpAccepted::Totp { step }) => sqlx::query(
            "UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
        )
        .bind(step as i64)
        .bind(user_id)
        .bind(step as i64)
        .execute(&state.db)
        .await?
        .rows_affected(),
        (_, OtpAccepted::BackupCode { index }) => {
            sqlx::query("UPDATE backup_codes SET used_at = ? WHERE id = ? AND used_at IS NULL")
                .bind(now.timestamp())
                .bind(code_ids.get(index).copied().ok_or_else(refused)?)
                .execute(&state.db)
                .await?
                .rows_affected()
        }
    };
    if recorded == 1 {
        Ok(())
    } else {
        Err(refused())
    }
}

/// `POST /2/profile/security/otp`: a new secret, its URI and QR code (R-2FA-4). 2FA stays off
/// until a code from the app is confirmed.
async fn start(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    let current = load(&state, user.user_id).await?.state;
    let secret = twofa::new_secret(&mut rand::thread_rng());
    let enrolling = current.start_enrolment(secret.clone()).map_err(|e| ApiError::rule(&e))?;
    let (email,): (String,) =
        sqlx::query_as("SELECT email FROM users WHERE id = ?").bind(user.user_id).fetch_one(&state.db).await?;
    let otpauth_uri = twofa::otpauth_uri(&secret, &email).map_err(|e| ApiError::rule(&e))?;
    let qr_svg = QrCode::new(otpauth_uri.as_bytes())
        .map_err(|e| ApiError::Internal(format!("QR code: {e}")))?
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .build();
    let mut tx = state.db.begin().await?;
    store_state(&mut tx, user.user_id, &enrolling).await?;
    tx.commit().await?;
    Ok(ok(OtpEnrolment { secret, otpauth_uri, qr_svg }))
}

/// `POST /2/profile/security/otp/confirm {code}`: on, and the 10 backup codes, shown once.
async fn confirm(State(state): State<AppState>, user: AuthUser, ApiJson(body): ApiJson<OtpCode>) -> ApiResult {
    let current = load(&state, user.user_id).await?.state;
    let on = current.confirm_enrolment(&body.code, state.clock.now()).map_err(|e| ApiError::rule(&e))?;
    let issued = new_codes().await?;
    let mut tx = state.db.begin().await?;
    store_state(&mut tx, user.user_id, &on).await?;
    replace_codes(&mut tx, user.user_id, &issued.stored).await?;
    tx.commit().await?;
    Ok(ok(BackupCodes { backup_codes: issued.shown }))
}

/// `DELETE /2/profile/security/otp {code}`: off, with a fresh second factor (R-2FA-6).
async fn turn_off(State(state): State<AppState>, user: AuthUser, ApiJson(body): ApiJson<OtpCode>) -> ApiResult {
    let current = load(&state, user.user_id).await?.state;
    if !current.is_on() {
        return Err(ApiError::rule(&TwoFactorError::AlreadyOff));
    }
    check_second_factor(&state, user.user_id, body.code).await?;
    let off = current.turn_off(true).map_err(|e| ApiError::rule(&e))?;
    let mut tx = state.db.begin().await?;
    store_state(&mut tx, user.user_id, &off).await?;
    replace_codes(&mut tx, user.user_id, &[]).await?;
    tx.commit().await?;
    Ok(ok(true))
}

/// `POST /2/profile/security/backup_codes {code}`: a new set, with a fresh second factor.
async fn regenerate(State(state): State<AppState>, user: AuthUser, ApiJson(body): ApiJson<OtpCode>) -> ApiResult {
    if !load(&state, user.user_id).await?.state.is_on() {
        return Err(ApiError::rule(&TwoFactorError::AlreadyOff));
    }
    check_second_factor(&state, user.user_id, body.code).await?;
    let issued = new_codes().await?;
    let mut tx = state.db.begin().await?;
    replace_codes(&mut tx, user.user_id, &issued.stored).await?;
    tx.commit().await?;
    Ok(ok(BackupCodes { backup_codes: issued.shown }))
}
