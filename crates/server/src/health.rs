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

#[derive(Serialize)]
struct Health {
    is_alive: bool,
    is_database_ready: bool,
}

async fn health(State(state): State<AppState>) -> ApiResult {
    let (one,): (i64,) = sqlx::query_as("SELECT 1").fetch_one(&state.db).await.map_err(ApiError::from)?;
    Ok(ok(Health { is_alive: true, is_database_ready: one == 1 }))
}
