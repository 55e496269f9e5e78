//! A forgotten password (R-REC-1): a link mailed to the login email sets a new password, once
//! and within an hour (`domain::recovery`). A forgotten login (R-REC-2): found from the
//! account's mobile number, sent by SMS or to its recovery email. Asking answers the same
//! whatever the input, so nobody learns which addresses or numbers have an account; the new
//! password ends every session.

use crate::db::{at, Transaction};
use crate::error::{ok, ApiError, ApiJson, ApiResult};
use crate::secrets::{hash_password, new_token, token_hash};
use crate::{mail, outbox, AppState};
use api::{FieldError, ForgotLoginRequest, ForgotPasswordRequest, ResetPasswordRequest};
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use domain::account;
use domain::language::Language;
use domain::recovery::{forgotten_login_channel, password_reset, reset_link_usable, Channel, PasswordReset};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/password/forgot", post(forgot))
        .route("/password/reset", post(reset))
        .route("/login/forgot", post(forgot_login))
}

/// `POST /password/forgot {email}` → 200 whatever the address (R-REC-1).
#[utoipa::path(post, path = "/api/password/forgot", tag = "Recovery", summary = "Mails a link that sets a new password to the login email, if an account uses it; the same answer either way (R-REC-1)", request_body = api::ForgotPasswordRequest, responses((status = 200, description = "Done (or nothing to do: the same answer)", body = api::Success<bool>), (status = 422, description = "`validation_failed`: not a JSON body of this shape", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn forgot(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ForgotPasswordRequest>,
) -> ApiResult {
    let now = state.clock.now().timestamp();
    let user: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, email, locale FROM users WHERE lower(email) = lower($1)")
            .bind(request.email.trim())
            .fetch_optional(&state.db)
            .await?;
    // The login email is where the account is: it can receive the link. Who can no longer
    // read it asks identity verification instead (`identity_checks::forgotten_password`).
    if let Some((user_id, email, locale)) = user {
        if password_reset(true) == PasswordReset::LinkToLoginEmail {
            let mut tx = crate::db::begin(&state.db).await?;
            mail_reset_link(&mut tx, &state.public_url, user_id, &email, &locale, now).await?;
            tx.commit().await?;
        }
    }
    Ok(ok(true))
}

/// A link that sets a new password for `user_id`, once and within the hour, mailed to `to`
/// in the account's language.
pub(crate) async fn mail_reset_link(
    tx: &mut Transaction,
    public_url: &str,
    user_id: i64,
    to: &str,
    locale: &str,
    now: i64,
) -> Result<(), ApiError> {
    let key = new_token();
    sqlx::query("INSERT INTO password_resets (user_id, key_hash, sent_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(token_hash(&key))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    let link = format!("{public_url}/password/reset/{key}");
    let message = mail::password_reset(Language::from_tag(locale).unwrap_or_default(), &link);
    outbox::queue_email(tx, to, &message.subject, &message.body, now).await?;
    Ok(())
}

/// `POST /password/reset {token, password}`: the new password; every session ends.
#[utoipa::path(post, path = "/api/password/reset", tag = "Recovery", summary = "Sets a new password with the mailed link's key, once and within an hour; every session of the account ends (R-REC-1)", request_body = api::ResetPasswordRequest, responses((status = 200, description = "Done", body = api::Success<bool>), (status = 404, description = "`object_not_found`: no such link", body = api::Failure), (status = 410, description = "`password_reset_link_not_valid`: used already, or older than an hour", body = api::Failure), (status = 422, description = "`validation_failed`: the password, with one entry", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn reset(State(state): State<AppState>, ApiJson(request): ApiJson<ResetPasswordRequest>) -> ApiResult {
    let now = state.clock.now();
    let link: (i64, i64, i64, Option<i64>) =
        sqlx::query_as("SELECT id, user_id, sent_at, used_at FROM password_resets WHERE key_hash = $1")
            .bind(token_hash(&request.token))
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::ObjectNotFound)?;
    let (id, user_id, sent_at, used_at) = link;
    reset_link_usable(at(sent_at), used_at.map(at), now).map_err(|e| ApiError::rule(&e))?;
    if let Err(problem) = account::validate_password(&request.password) {
        return Err(ApiError::Validation(vec![FieldError::from_rule("password", &problem)]));
    }
    let password_hash = hash_password(request.password).await?;
    let mut tx = crate::db::begin(&state.db).await?;
    // Used once: the update only takes a link still unused (two tabs, one wins).
    let taken = sqlx::query("UPDATE password_resets SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if taken.rows_affected() == 0 {
        return Err(ApiError::rule(&domain::recovery::RecoveryError::ResetLinkNotValid {
            minutes: domain::recovery::RESET_LINK_MINUTES,
        }));
    }
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(&password_hash)
        .bind(now.timestamp())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    // R-ID-1: a mailbox unified with the login takes the new password too.
    crate::mailboxes::login_password_changed(&mut tx, user_id, &password_hash).await?;
    // Whoever held a session with the old password holds nothing now.
    sqlx::query("UPDATE oauth_grants SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now.timestamp())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ok(true))
}

/// `POST /login/forgot {phone, channel?, recovery_email?}` → 200 whatever the number
/// (R-REC-2). Only a malformed number is refused: that says nothing about any account.
#[utoipa::path(post, path = "/api/login/forgot", tag = "Recovery", summary = "Sends the login of the accounts with this mobile number by SMS, or to their recovery email when it is given and theirs; the same answer either way (R-REC-2)", request_body = api::ForgotLoginRequest, responses((status = 200, description = "Done (or nothing to do: the same answer)", body = api::Success<bool>), (status = 422, description = "`validation_failed`: not a mobile number in international form", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn forgot_login(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ForgotLoginRequest>,
) -> ApiResult {
    let phone = account::normalize_phone(&request.phone)
        .map_err(|problem| ApiError::Validation(vec![FieldError::from_rule("phone", &problem)]))?;
    let chosen = request.channel.unwrap_or(Channel::Sms);
    let asked_email = request.recovery_email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let now = state.clock.now().timestamp();
    let accounts: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT email, locale, reminder_email FROM users WHERE reminder_phone = $1 ORDER BY id")
            .bind(&phone)
            .fetch_all(&state.db)
            .await?;
    let mut tx = crate::db::begin(&state.db).await?;
    for (login, locale, reminder_email) in accounts {
        // The recovery email, if asked for, must be this account's own.
        let known_email = reminder_email.filter(|own| asked_email.is_some_and(|asked| own.eq_ignore_ascii_case(asked)));
        let Ok(channel) = forgotten_login_channel(chosen, true, known_email.is_some()) else { continue };
        let message = mail::forgotten_login(Language::from_tag(&locale).unwrap_or_default(), &login);
        match (channel, known_email) {
            (Channel::RecoveryEmail, Some(to)) => {
                outbox::queue_email(&mut tx, &to, &message.subject, &message.body, now).await?
            }
            _ => outbox::queue_sms(&mut tx, &phone, &message.body, now).await?,
        }
    }
    tx.commit().await?;
    Ok(ok(true))
}
