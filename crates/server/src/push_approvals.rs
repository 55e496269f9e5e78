//! Push approval (R-2FA-2): a log-in whose password is right, for a user with 2FA on and a
//! device already signed in, gets a challenge's key instead of having to type a code; the
//! signed-in device lists the log-ins waiting (`GET /2/profile/security/push`) and approves or
//! refuses one (`POST .../push/{id} {approve}`); the waiting log-in then asks the token
//! endpoint again with `push_challenge_id` and is let in once (`push_challenges.rs`, the
//! storage both sides share). Every move is decided by `domain::twofa::push`.

use crate::auth::AuthUser;
use crate::db::at;
use crate::error::{ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::push_challenges::{ChallengeRow, SELECT_CHALLENGE};
use crate::AppState;
use api::{PushAnswerRequest, WaitingLogIn};
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use domain::twofa::push::{PushError, Session, PUSH_SECONDS};

pub fn routes() -> Router<AppState> {
    Router::new().route("/2/profile/security/push", get(waiting)).route("/2/profile/security/push/{id}", post(answer))
}

/// The signed-in session asking, as push sees it; a personal token is no device.
async fn this_session(state: &AppState, user: &AuthUser) -> Result<Session, ApiError> {
    let grant_id =
        user.grant_id.ok_or_else(|| ApiError::AccessDenied("A personal API token cannot answer a log-in.".into()))?;
    let (signed_in_at,): (i64,) = sqlx::query_as("SELECT signed_in_at FROM oauth_grants WHERE id = $1")
        .bind(grant_id)
        .fetch_one(&state.db)
        .await?;
    Ok(Session { id: grant_id, user_id: user.user_id, signed_in_at: at(signed_in_at) })
}

/// `GET /2/profile/security/push`: the log-ins waiting for this device's answer, newest first.
#[utoipa::path(get, path = "/api/2/profile/security/push", tag = "Profile", summary = "The log-ins waiting for an approval that this signed-in device may give (R-2FA-2)", responses((status = 200, description = "Done", body = api::Success<Vec<api::WaitingLogIn>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token is no device", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn waiting(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    let session = this_session(&state, &user).await?;
    let now = state.clock.now();
    let rows: Vec<ChallengeRow> = sqlx::query_as(&format!(
        "{SELECT_CHALLENGE} WHERE user_id = $1 AND created_at > $2 AND created_at > $3 ORDER BY created_at DESC, id DESC"
    ))
    .bind(user.user_id)
    .bind(now.timestamp() - PUSH_SECONDS)
    .bind(session.signed_in_at.timestamp())
    .fetch_all(&state.db)
    .await?;
    let list: Vec<WaitingLogIn> = rows
        .iter()
        .filter(|row| row.domain().status(now) == domain::twofa::push::PushStatus::Waiting)
        .map(|row| WaitingLogIn {
            id: row.id,
            client: row.client.clone(),
            created_at: row.created_at,
            expires_at: row.domain().expires_at().timestamp(),
        })
        .collect();
    Ok(ok(list))
}

/// `POST /2/profile/security/push/{id} {approve}`: once, from a device signed in before.
#[utoipa::path(post, path = "/api/2/profile/security/push/{id}", tag = "Profile", summary = "Approves or refuses a waiting log-in, once, from a device signed in before it (R-2FA-2)", params(("id" = i64, Path, description = "The waiting log-in")), request_body = api::PushAnswerRequest, responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a session opened after the log-in, or a personal token", body = api::Failure), (status = 404, description = "`object_not_found`: not a log-in of the caller", body = api::Failure), (status = 409, description = "`push_already_answered`", body = api::Failure), (status = 400, description = "`expired_token`: too late", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn answer(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<PushAnswerRequest>,
) -> ApiResult {
    let session = this_session(&state, &user).await?;
    let row: ChallengeRow = sqlx::query_as(&format!("{SELECT_CHALLENGE} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::ObjectNotFound)?;
    let now = state.clock.now();
    let answered = row.domain().answer(&session, request.approve, now).map_err(|e| ApiError::rule(&e))?;
    let Some(given) = answered.answer else { return Err(ApiError::Internal("an answer without an answer".into())) };
    // Two devices at once: one answer counts.
    let stored = sqlx::query(
        "UPDATE push_challenges SET approved = $1, answered_at = $2, answered_by = $3 WHERE id = $4 AND answered_at IS NULL",
    )
    .bind(given.approved)
    .bind(given.at.timestamp())
    .bind(given.session_id)
    .bind(id)
    .execute(&state.db)
    .await?;
    if stored.rows_affected() == 0 {
        let status = domain::twofa::push::PushStatus::Approved;
        return Err(ApiError::rule(&PushError::AlreadyAnswered { status }));
    }
    Ok(ok(true))
}
