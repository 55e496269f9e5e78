//! The Security routes of two-factor authentication (R-2FA-3, 4, 6): enrolling an
//! authenticator app, regenerating backup codes, turning 2FA off. The decisions are the
//! domain's (`domain::twofa`); what is stored, and the check of a second factor, are in
//! `second_factor`.

use crate::auth::AuthUser;
use crate::error::{ok, ApiError, ApiJson, ApiResult};
use crate::second_factor::{self, hash_backup_code};
use crate::secrets::off_thread;
use crate::AppState;
use api::{BackupCodes, OtpCode, OtpEnrolment};
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use domain::twofa;
use qrcode::render::svg;
use qrcode::QrCode;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/2/profile/security/otp", post(start).delete(turn_off))
        .route("/2/profile/security/otp/confirm", post(confirm))
        .route("/2/profile/security/backup_codes", post(regenerate))
}

/// `POST /2/profile/security/otp`: a new secret, its URI and QR code (R-2FA-4). 2FA stays off
/// until a code from the app is confirmed.
#[utoipa::path(post, path = "/api/2/profile/security/otp", tag = "Security", summary = "Starts turning 2FA on: the secret, its otpauth URI and a QR code (R-2FA-1, R-2FA-4)", responses((status = 200, description = "Done", body = api::Success<api::OtpEnrolment>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 409, description = "`two_factor_state_conflict`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn start(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    let current = second_factor::load(&state, user.user_id).await?.state;
    let secret = twofa::new_secret(&mut rand::thread_rng());
    let enrolling = current.start_enrolment(secret.clone()).map_err(|e| ApiError::rule(&e))?;
    let (email,): (String,) =
        sqlx::query_as("SELECT email FROM users WHERE id = $1").bind(user.user_id).fetch_one(&state.db).await?;
    let otpauth_uri = twofa::otpauth_uri(&secret, &email).map_err(|e| ApiError::rule(&e))?;
    let qr_svg = QrCode::new(otpauth_uri.as_bytes())
        .map_err(|e| ApiError::Internal(format!("QR code: {e}")))?
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .build();
    let mut tx = crate::db::begin(&state.db).await?;
    second_factor::store_state(&mut tx, user.user_id, &enrolling).await?;
    tx.commit().await?;
    Ok(ok(OtpEnrolment { secret, otpauth_uri, qr_svg }))
}

/// `POST /2/profile/security/otp/confirm {code}`: on, and the 10 backup codes, shown once.
#[utoipa::path(post, path = "/api/2/profile/security/otp/confirm", tag = "Security", summary = "Confirms 2FA with a code; the 10 backup codes, shown once (R-2FA-3)", request_body = api::OtpCode, responses((status = 200, description = "Done", body = api::Success<api::BackupCodes>), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 409, description = "`two_factor_state_conflict`", body = api::Failure), (status = 401, description = "`not_authorized`; `invalid_otp`: the code is wrong, expired or used (R-2FA-2)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn confirm(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<OtpCode>,
) -> ApiResult {
    let current = second_factor::load(&state, user.user_id).await?.state;
    let on = current.confirm_enrolment(&body.code, state.clock.now()).map_err(|e| ApiError::rule(&e))?;
    let issued = off_thread(|| twofa::issue_backup_codes(&mut rand::thread_rng(), hash_backup_code)).await?;
    let mut tx = crate::db::begin(&state.db).await?;
    second_factor::store_state(&mut tx, user.user_id, &on).await?;
    second_factor::replace_codes(&mut tx, user.user_id, &issued.stored).await?;
    tx.commit().await?;
    Ok(ok(BackupCodes { backup_codes: issued.shown }))
}

/// `DELETE /2/profile/security/otp {code}`: off, with a fresh second factor (R-2FA-6).
#[utoipa::path(delete, path = "/api/2/profile/security/otp", tag = "Security", summary = "Turns 2FA off with a fresh code (R-2FA-5)", request_body = api::OtpCode, responses((status = 200, description = "Done", body = api::Success<bool>), (status = 401, description = "`not_authorized`; `invalid_otp`: the code is wrong, expired or used (R-2FA-2)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn turn_off(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<OtpCode>,
) -> ApiResult {
    // The check refuses a state without 2FA on before looking at the code, so none is spent.
    let (current, fresh) = second_factor::fresh(&state, user.user_id, body.code).await?;
    let off = current.turn_off(Some(fresh)).map_err(|e| ApiError::rule(&e))?;
    let mut tx = crate::db::begin(&state.db).await?;
    second_factor::store_state(&mut tx, user.user_id, &off).await?;
    second_factor::replace_codes(&mut tx, user.user_id, &[]).await?;
    tx.commit().await?;
    Ok(ok(true))
}

/// `POST /2/profile/security/backup_codes {code}`: a new set, with a fresh second factor
/// (R-2FA-3, R-2FA-6).
#[utoipa::path(post, path = "/api/2/profile/security/backup_codes", tag = "Security", summary = "New backup codes, the old ones void (R-2FA-3)", request_body = api::OtpCode, responses((status = 200, description = "Done", body = api::Success<api::BackupCodes>), (status = 401, description = "`not_authorized`; `invalid_otp`: the code is wrong, expired or used (R-2FA-2)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn regenerate(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<OtpCode>,
) -> ApiResult {
    let (current, fresh) = second_factor::fresh(&state, user.user_id, body.code).await?;
    let issued = off_thread(move || {
        twofa::regenerate_backup_codes(&current, Some(fresh), &mut rand::thread_rng(), hash_backup_code)
    })
    .await?
    .map_err(|e| ApiError::rule(&e))?;
    let mut tx = crate::db::begin(&state.db).await?;
    second_factor::replace_codes(&mut tx, user.user_id, &issued.stored).await?;
    tx.commit().await?;
    Ok(ok(BackupCodes { backup_codes: issued.shown }))
}
