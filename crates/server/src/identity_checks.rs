//! Identity verification (kCheck, R-KC-*): a verification is asked of a person for one of
//! R-KC-1's reasons (an order held once paid, `orders.rs`; a login mailbox gone,
//! `login_recovery.rs`; or by the person, to turn 2FA off without their app and backup codes,
//! `POST /2/profile/identity_checks`); they send a photo or a PDF
//! of their identity document from the Security page (`POST /2/profile/identity_checks/{id}/document`).
//! Signed out, who forgot their password and can no longer read their login email sends the
//! document with the request (`POST /password/forgot/identity_check`, R-REC-1).
//! The provider's staff process it (in demo mode, `POST /api/dev/identity_checks/{id}`), and
//! what was sent is deleted then, or by the `delete_identity_documents` job 72 hours after it
//! was sent if nobody processed it (R-KC-2). `domain::kcheck` decides every step, and what a
//! confirmed identity does (`once_confirmed`).

use crate::auth::AuthUser;
use crate::db::{at, Transaction};
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::{mail, outbox, AppState};
use api::{FieldError, ForgottenPasswordCheckRequest, IdentityCheck, IdentityCheckRequest, IdentityDocumentRequest};
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use chrono::{DateTime, Utc};
use domain::kcheck::{
    deleted_at, document_format, once_confirmed, should_delete, CheckStatus, Confirmed, DocumentFormat,
    VerificationReason, BLOCKED_ORDER_DAYS, MAX_DOCUMENT_BYTES,
};
use domain::language::Language;
use domain::recovery::{password_reset, PasswordReset};

/// A document of [`MAX_DOCUMENT_BYTES`] in base64, and the JSON around it: this route only
/// reads more than the API's usual limit.
const DOCUMENT_BODY_BYTES: usize = MAX_DOCUMENT_BYTES / 3 * 4 + 16 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/2/profile/identity_checks", get(list).post(request))
        .route(
            "/2/profile/identity_checks/{id}/document",
            post(send_document).layer(DefaultBodyLimit::max(DOCUMENT_BODY_BYTES)),
        )
        .route(
            "/password/forgot/identity_check",
            post(forgotten_password).layer(DefaultBodyLimit::max(DOCUMENT_BODY_BYTES)),
        )
}

#[derive(sqlx::FromRow)]
struct CheckRow {
    id: i64,
    reason: String,
    order_id: Option<i64>,
    status: String,
    document_type: Option<String>,
    asked_at: i64,
    sent_at: Option<i64>,
    processed_at: Option<i64>,
    deleted_at: Option<i64>,
    order_status: Option<String>,
    blocked_at: Option<i64>,
}

const SELECT_CHECK: &str = "SELECT c.id, c.reason, c.order_id, c.status, c.document_type, c.asked_at, c.sent_at, \
     c.processed_at, c.deleted_at, o.status AS order_status, o.blocked_at FROM identity_checks c \
     LEFT JOIN orders o ON o.id = c.order_id";

fn status_of(stored: &str) -> Result<CheckStatus, ApiError> {
    CheckStatus::parse(stored).ok_or_else(|| ApiError::Internal(format!("bad identity check status {stored:?}")))
}

impl CheckRow {
    fn wire(self) -> Result<IdentityCheck, ApiError> {
        let status = status_of(&self.status)?;
        let reason = serde_json::from_value(serde_json::Value::String(self.reason))
            .map_err(|e| ApiError::Internal(format!("identity check {}: {e}", self.id)))?;
        let document_type = match self.document_type {
            Some(stored) => Some(
                serde_json::from_value(serde_json::Value::String(stored))
                    .map_err(|e| ApiError::Internal(format!("identity check {}: {e}", self.id)))?,
            ),
            None => None,
        };
        let deleted_at = match (status, self.sent_at) {
            (CheckStatus::Sent, Some(sent_at)) => Some(deleted_at(at(sent_at)).timestamp()),
            _ => self.deleted_at,
        };
        let held = self.order_status.as_deref() == Some("blocked");
        Ok(IdentityCheck {
            id: self.id,
            reason,
            order_id: self.order_id,
            status,
            document_type,
            asked_at: self.asked_at,
            sent_at: self.sent_at,
            deleted_at,
            processed_at: self.processed_at,
            order_cancel_at: self.blocked_at.filter(|_| held).map(|at| at + BLOCKED_ORDER_DAYS * 24 * 3600),
        })
    }
}

async fn one_of(state: &AppState, user_id: i64, id: i64) -> Result<IdentityCheck, ApiError> {
    let row: CheckRow = sqlx::query_as(&format!("{SELECT_CHECK} WHERE c.id = $1 AND c.user_id = $2"))
        .bind(id)
        .bind(user_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::ObjectNotFound)?;
    row.wire()
}

/// Asks `user_id` to verify their identity for `reason`, and tells them by mail (with the
/// day a held order is cancelled unless they do, R-KC-3).
pub(crate) async fn ask(
    tx: &mut Transaction,
    user_id: i64,
    reason: VerificationReason,
    order_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, ApiError> {
    let reason_name =
        serde_json::to_value(reason).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO identity_checks (user_id, reason, order_id, status, asked_at) VALUES ($1, $2, $3, 'waiting', $4) RETURNING id",
    )
    .bind(user_id)
    .bind(reason_name)
    .bind(order_id)
    .bind(now.timestamp())
    .fetch_one(&mut **tx)
    .await?;
    if let Some(order_id) = order_id {
        let (email, locale): (String, String) =
            sqlx::query_as("SELECT email, locale FROM users WHERE id = $1").bind(user_id).fetch_one(&mut **tx).await?;
        let language = Language::from_tag(&locale).unwrap_or_default();
        let cancel_on = language.format_date((now + chrono::Duration::days(BLOCKED_ORDER_DAYS)).date_naive());
        let message = mail::order_held(language, order_id, &cancel_on);
        outbox::queue_email(tx, &email, &message.subject, &message.body, now.timestamp()).await?;
    }
    Ok(id)
}

#[utoipa::path(get, path = "/api/2/profile/identity_checks", tag = "Profile", summary = "The identity verifications asked of the caller, newest first, with when what was sent is deleted (R-KC-2) and when a held order is cancelled (R-KC-3)", responses((status = 200, description = "Done", body = api::Success<Vec<api::IdentityCheck>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token (identity is a person's business)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    let rows: Vec<CheckRow> = sqlx::query_as(&format!("{SELECT_CHECK} WHERE c.user_id = $1 ORDER BY c.id DESC"))
        .bind(user.user_id)
        .fetch_all(&state.db)
        .await?;
    let checks = rows.into_iter().map(CheckRow::wire).collect::<Result<Vec<_>, _>>()?;
    Ok(ok(checks))
}

#[utoipa::path(post, path = "/api/2/profile/identity_checks", tag = "Profile", summary = "Asks a verification of one's own identity (R-KC-1): `turn_off_two_factor`, for a person with 2FA on who lost their app and their backup codes; once the document sent is accepted, 2FA is off", request_body = api::IdentityCheckRequest, responses((status = 201, description = "The verification, waiting for a document", body = api::Success<api::IdentityCheck>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token", body = api::Failure), (status = 409, description = "`two_factor_state_conflict`: 2FA is off; `object_already_exists`: one is open already", body = api::Failure), (status = 422, description = "`validation_failed` on `reason`: a reason the console asks by itself", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn request(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(request): ApiJson<IdentityCheckRequest>,
) -> ApiResult {
    if !domain::kcheck::asked_by_the_person(request.reason) {
        let details = serde_json::json!({"allowed": ["turn_off_two_factor"]});
        let why = "The console asks this verification by itself.";
        return Err(ApiError::Validation(vec![FieldError::new("reason", "invalid_value", why, details)]));
    }
    let two_factor = crate::second_factor::two_factor_of(&state.db, user.user_id).await?;
    two_factor.turn_off_verified().map_err(|e| ApiError::rule(&e))?;
    let now = state.clock.now();
    let mut tx = crate::db::begin(&state.db).await?;
    let asked: Vec<(String,)> =
        sqlx::query_as("SELECT status FROM identity_checks WHERE user_id = $1 AND reason = 'turn_off_two_factor'")
            .bind(user.user_id)
            .fetch_all(&mut *tx)
            .await?;
    if asked.iter().any(|(status,)| CheckStatus::parse(status).is_some_and(CheckStatus::is_open)) {
        return Err(ApiError::AlreadyExists("A verification to turn 2FA off is open already.".into()));
    }
    let id = ask(&mut tx, user.user_id, request.reason, None, now).await?;
    tx.commit().await?;
    Ok(created(one_of(&state, user.user_id, id).await?))
}

fn content_refused(code: &str, description: String, details: serde_json::Value) -> ApiError {
    ApiError::Validation(vec![FieldError::new("content", code, description, details)])
}

/// The document's bytes and format's name, from its base64, or the rule it breaks (R-KC-2).
fn document(content: &str) -> Result<(Vec<u8>, Option<String>), ApiError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .map_err(|_| content_refused("invalid_value", "The file is not in base64.".into(), serde_json::json!({})))?;
    let format: DocumentFormat = document_format(&bytes)
        .map_err(|e| content_refused(e.code(), e.to_string(), serde_json::to_value(&e).unwrap_or_default()))?;
    let format_name = serde_json::to_value(format).ok().and_then(|v| v.as_str().map(str::to_string));
    Ok((bytes, format_name))
}

#[utoipa::path(post, path = "/api/2/profile/identity_checks/{id}/document", tag = "Profile", summary = "Sends the identity document of a verification: a photo (JPEG, PNG) or a PDF, up to 5 MiB, kept until processed and deleted after 72 hours if it is not (R-KC-2)", params(("id" = i64, Path, description = "The verification")), request_body = api::IdentityDocumentRequest, responses((status = 200, description = "The verification, `sent`", body = api::Success<api::IdentityCheck>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token", body = api::Failure), (status = 404, description = "`object_not_found`: not a verification of the caller", body = api::Failure), (status = 409, description = "`identity_check_not_waiting`: already sent or processed", body = api::Failure), (status = 413, description = "`request_too_large`", body = api::Failure), (status = 422, description = "`validation_failed` on `content`: `invalid_value` (not base64), `document_empty`, `document_too_large`, `document_format_not_supported`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn send_document(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<IdentityDocumentRequest>,
) -> ApiResult {
    let check = one_of(&state, user.user_id, id).await?;
    check.status.may_send().map_err(|e| ApiError::rule(&e))?;
    let (bytes, format_name) = document(&request.content)?;
    // Sent once: of two sends at once, the second finds it no longer waiting.
    let stored = sqlx::query(
        "UPDATE identity_checks SET status = 'sent', document_type = $1, document_format = $2, document = $3, \
         sent_at = $4, deleted_at = NULL WHERE id = $5 AND status IN ('waiting', 'deleted')",
    )
    .bind(request.document_type.as_str())
    .bind(format_name)
    .bind(bytes)
    .bind(state.clock.now().timestamp())
    .bind(id)
    .execute(&state.db)
    .await?;
    if stored.rows_affected() == 0 {
        return Err(ApiError::rule(&domain::kcheck::KcheckError::NotWaiting { status: CheckStatus::Sent }));
    }
    Ok(ok(one_of(&state, user.user_id, id).await?))
}

/// `POST /password/forgot/identity_check` → 200 whatever the address (R-REC-1, R-KC-1).
#[utoipa::path(post, path = "/api/password/forgot/identity_check", tag = "Recovery", summary = "A forgotten password by someone who can no longer read their login email: their identity document (a photo or a PDF, up to 5 MiB, deleted after 72 hours if not processed, R-KC-2) and an address they read now; once the staff confirm the identity, a link that sets a new password goes to that address, and the login email is told of the request. The same answer whatever the login (R-REC-1, R-KC-1)", request_body = api::ForgottenPasswordCheckRequest, responses((status = 200, description = "Done (or nothing to do: the same answer)", body = api::Success<bool>), (status = 413, description = "`request_too_large`", body = api::Failure), (status = 422, description = "`validation_failed`: `reply_to` not an email address; `content`: `invalid_value` (not base64), `document_empty`, `document_too_large`, `document_format_not_supported`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn forgotten_password(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ForgottenPasswordCheckRequest>,
) -> ApiResult {
    // What is refused says nothing of the account: the reply address and the document only.
    let reply_to = request.reply_to.trim();
    if let Err(problem) = domain::account::validate_email(reply_to) {
        return Err(ApiError::Validation(vec![FieldError::from_rule("reply_to", &problem)]));
    }
    let (bytes, format_name) = document(&request.content)?;
    let user: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, email, locale FROM users WHERE lower(email) = lower($1)")
            .bind(request.email.trim())
            .fetch_optional(&state.db)
            .await?;
    let Some((user_id, login, locale)) = user else { return Ok(ok(true)) };
    // The login email cannot be read: only identity verification is left.
    if password_reset(false) != PasswordReset::IdentityVerification {
        return Ok(ok(true));
    }
    let now = state.clock.now().timestamp();
    let mut tx = crate::db::begin(&state.db).await?;
    sqlx::query(
        "INSERT INTO identity_checks (user_id, reason, status, document_type, document_format, document, asked_at, \
         sent_at, reply_to) VALUES ($1, 'forgotten_password', 'sent', $2, $3, $4, $5, $5, $6)",
    )
    .bind(user_id)
    .bind(request.document_type.as_str())
    .bind(format_name)
    .bind(bytes)
    .bind(now)
    .bind(reply_to)
    .execute(&mut *tx)
    .await?;
    let message = mail::password_by_identity_asked(Language::from_tag(&locale).unwrap_or_default(), reply_to);
    outbox::queue_email(&mut tx, &login, &message.subject, &message.body, now).await?;
    tx.commit().await?;
    Ok(ok(true))
}

/// Processes a sent document (accepted or refused, by the provider's staff): what was sent is
/// deleted at once, and a confirmed identity does what `once_confirmed` says. Answers the
/// order the verification holds, if any (the caller releases or cancels it).
pub(crate) async fn process(
    tx: &mut Transaction,
    public_url: &str,
    id: i64,
    accepted: bool,
    now: DateTime<Utc>,
) -> Result<Option<i64>, ApiError> {
    let (status, order_id, reason, user_id, reply_to): (String, Option<i64>, String, i64, Option<String>) =
        sqlx::query_as("SELECT status, order_id, reason, user_id, reply_to FROM identity_checks WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(ApiError::ObjectNotFound)?;
    let processed = status_of(&status)?.process(accepted).map_err(|e| ApiError::rule(&e))?;
    sqlx::query(
        "UPDATE identity_checks SET status = $1, processed_at = $2, document = NULL, document_format = NULL WHERE id = $3",
    )
    .bind(processed.as_str())
    .bind(now.timestamp())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let reason: VerificationReason = serde_json::from_value(serde_json::Value::String(reason))
        .map_err(|e| ApiError::Internal(format!("identity check {id}: {e}")))?;
    match once_confirmed(reason) {
        Confirmed::TurnOffTwoFactor if accepted => {
            // Already off by other means: nothing to do.
            if let Ok(off) = crate::second_factor::two_factor_of(&mut **tx, user_id).await?.turn_off_verified() {
                crate::second_factor::store_state(tx, user_id, &off).await?;
                crate::second_factor::replace_codes(tx, user_id, &[]).await?;
            }
        }
        Confirmed::MailPasswordResetLink => {
            let Some(reply_to) = reply_to else { return Ok(order_id) };
            let (locale,): (String,) =
                sqlx::query_as("SELECT locale FROM users WHERE id = $1").bind(user_id).fetch_one(&mut **tx).await?;
            if accepted {
                crate::recovery::mail_reset_link(tx, public_url, user_id, &reply_to, &locale, now.timestamp()).await?;
            } else {
                let message = mail::identity_not_confirmed(Language::from_tag(&locale).unwrap_or_default());
                outbox::queue_email(tx, &reply_to, &message.subject, &message.body, now.timestamp()).await?;
            }
        }
        _ => {}
    }
    Ok(order_id)
}

/// R-KC-2: what was sent and not processed within 72 hours is deleted (the job
/// `delete_identity_documents`). The verification stays, `deleted`, and may be sent again.
pub(crate) async fn delete_due(state: &AppState, now: i64) -> Result<(), ApiError> {
    let cutoff = now - domain::kcheck::DOCUMENT_RETENTION_HOURS * 3600;
    let due: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, sent_at FROM identity_checks WHERE status = 'sent' AND sent_at <= $1")
            .bind(cutoff)
            .fetch_all(&state.db)
            .await?;
    for (id, sent_at) in due {
        if !should_delete(at(sent_at), false, at(now)) {
            continue;
        }
        sqlx::query(
            "UPDATE identity_checks SET status = 'deleted', document = NULL, document_format = NULL, deleted_at = $1 \
             WHERE id = $2 AND status = 'sent'",
        )
        .bind(now)
        .bind(id)
        .execute(&state.db)
        .await?;
    }
    Ok(())
}
