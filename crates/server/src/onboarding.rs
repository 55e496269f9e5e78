//! `GET|PUT /2/profile/preferences/onboarding`: where the user stands in the tour (R-TOUR-3),
//! kept on the server so it resumes after a reload or on another device.

use crate::auth::AuthUser;
use crate::error::{ok, ApiError, ApiJson, ApiResult};
use crate::AppState;
use api::FieldError;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::tour::{main_tour_steps, TourProgress, TourState};

pub fn routes() -> Router<AppState> {
    Router::new().route("/2/profile/preferences/onboarding", get(read).put(write))
}

#[utoipa::path(get, path = "/api/2/profile/preferences/onboarding", tag = "Profile", summary = "Where the caller stands in the tour (R-TOUR-3)", responses((status = 200, description = "Done", body = api::Success<domain::tour::TourProgress>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn read(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    let (status, step): (String, i64) =
        sqlx::query_as("SELECT onboarding_status, onboarding_step FROM users WHERE id = $1")
            .bind(user.user_id)
            .fetch_one(&state.db)
            .await?;
    let progress: TourProgress = serde_json::from_value(serde_json::json!({"status": status, "step": step}))
        .map_err(|e| ApiError::Internal(format!("stored onboarding: {e}")))?;
    Ok(ok(progress))
}

#[utoipa::path(put, path = "/api/2/profile/preferences/onboarding", tag = "Profile", summary = "Moves the tour (R-TOUR-1, R-TOUR-3)", request_body = domain::tour::TourProgress, responses((status = 200, description = "Done", body = api::Success<domain::tour::TourProgress>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 409, description = "`tour_move_not_allowed`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn write(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(progress): ApiJson<TourProgress>,
) -> ApiResult {
    let tour = TourState::from(progress).validate(main_tour_steps()).map_err(|e| {
        ApiError::Validation(vec![FieldError::new(
            "step",
            e.code(),
            e.to_string(),
            serde_json::to_value(&e).unwrap_or_default(),
        )])
    })?;
    let stored = TourProgress::from(tour);
    let status = serde_json::to_value(stored.status).map_err(|e| ApiError::Internal(e.to_string()))?;
    sqlx::query("UPDATE users SET onboarding_status = $1, onboarding_step = $2 WHERE id = $3")
        .bind(status.as_str().unwrap_or("not_started"))
        .bind(i64::from(stored.step))
        .bind(user.user_id)
        .execute(&state.db)
        .await?;
    Ok(ok(stored))
}
