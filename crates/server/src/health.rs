//! `GET /health`: the process answers, and the database with it.

use crate::error::{ok, ApiError, ApiResult};
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde::Serialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Health {
    is_alive: bool,
    is_database_ready: bool,
}

#[utoipa::path(get, path = "/api/health", tag = "Health", summary = "Whether the server and its database answer", responses((status = 200, description = "Done", body = api::Success<Health>), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn health(State(state): State<AppState>) -> ApiResult {
    let (one,): (i64,) = sqlx::query_as("SELECT 1").fetch_one(&state.db).await.map_err(ApiError::from)?;
    Ok(ok(Health { is_alive: true, is_database_ready: one == 1 }))
}
