//! The caller's active sessions (issue 9, Security page): each log-in still alive, with when
//! it began and was last renewed, and ending one (it is logged out wherever it is). A session
//! is the chain of grants its refresh tokens renew (`auth.rs`); the live one stands for it.

use crate::auth::AuthUser;
use crate::error::{ok, ApiError, ApiPath, ApiResult};
use crate::AppState;
use api::ActiveSession;
use axum::extract::State;
use axum::routing::{delete, get};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new().route("/2/profile/sessions", get(list)).route("/2/profile/sessions/{id}", delete(end))
}

/// `GET /2/profile/sessions`: the sessions not ended, newest log-in first.
#[utoipa::path(get, path = "/api/2/profile/sessions", tag = "Profile", summary = "The caller's active sessions: when each signed in and was last renewed, and which is this one", responses((status = 200, description = "Done", body = api::Success<Vec<api::ActiveSession>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token cannot manage sessions", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT id, client, signed_in_at, created_at FROM oauth_grants \
         WHERE user_id = $1 AND revoked_at IS NULL AND refresh_expires_at > $2 ORDER BY signed_in_at DESC, id DESC",
    )
    .bind(user.user_id)
    .bind(state.clock.now().timestamp())
    .fetch_all(&state.db)
    .await?;
    let sessions: Vec<ActiveSession> = rows
        .into_iter()
        .map(|(id, client, signed_in_at, last_active_at)| ActiveSession {
            id,
            client,
            signed_in_at,
            last_active_at,
            current: user.grant_id == Some(id),
        })
        .collect();
    Ok(ok(sessions))
}

/// `DELETE /2/profile/sessions/{id}`: its tokens stop working at once.
#[utoipa::path(delete, path = "/api/2/profile/sessions/{id}", tag = "Profile", summary = "Ends one of the caller's sessions: its access and refresh tokens stop working", params(("id" = i64, Path, description = "The session")), responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token cannot manage sessions", body = api::Failure), (status = 404, description = "`object_not_found`: not a session of the caller, or ended already", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn end(State(state): State<AppState>, user: AuthUser, ApiPath(id): ApiPath<i64>) -> ApiResult {
    let ended =
        sqlx::query("UPDATE oauth_grants SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(state.clock.now().timestamp())
            .bind(id)
            .bind(user.user_id)
            .execute(&state.db)
            .await?;
    if ended.rows_affected() == 0 {
        return Err(ApiError::ObjectNotFound);
    }
    Ok(ok(true))
}
