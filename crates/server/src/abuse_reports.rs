//! Abuse reports (R-ABUSE-1): anyone, signed in or not, reports abuse; the answer gives the
//! four deadlines the report is handled by (`domain::abuse::deadlines`, working days).

use crate::auth::AuthUser;
use crate::error::{created, ApiError, ApiJson, ApiResult};
use crate::AppState;
use api::{AbuseReport, AbuseReportRequest, FieldError};
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use domain::abuse;

pub fn routes() -> Router<AppState> {
    Router::new().route("/1/abuse_reports", post(report))
}

use abuse::{CATEGORIES, DESCRIPTION_CHARS};

/// `POST /1/abuse_reports`.
#[utoipa::path(post, path = "/api/1/abuse_reports", tag = "Abuse reports", summary = "Reports abuse; the answer gives the four deadlines: acknowledged within 24 hours, assessed within 5 working days, investigated within 30, corrected within 60 (R-ABUSE-1)", request_body = api::AbuseReportRequest, responses((status = 201, description = "Received", body = api::Success<api::AbuseReport>), (status = 422, description = "`validation_failed`: a category of the list, a description of 10 to 5,000 characters", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn report(
    State(state): State<AppState>,
    user: Option<AuthUser>,
    ApiJson(request): ApiJson<AbuseReportRequest>,
) -> ApiResult {
    let mut errors = vec![];
    if !CATEGORIES.contains(&request.category.as_str()) {
        let details = serde_json::json!({"allowed": CATEGORIES});
        errors.push(FieldError::new("category", "invalid_value", "Choose one of the offered categories.", details));
    }
    if let Err(length) = abuse::description_length_ok(&request.description) {
        let (minimum, maximum) = DESCRIPTION_CHARS;
        let details = serde_json::json!({"minimum": minimum, "maximum": maximum, "length": length});
        errors.push(FieldError::new(
            "description",
            "length_out_of_range",
            "Describe what happened in 10 to 5,000 characters.",
            details,
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = state.clock.now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO abuse_reports (category, description, reported_by, received_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(&request.category)
    .bind(request.description.trim())
    .bind(user.map(|u| u.user_id))
    .bind(now.timestamp())
    .fetch_one(&state.db)
    .await?;
    let deadlines = abuse::deadlines(now);
    Ok(created(AbuseReport {
        id,
        category: request.category,
        received_at: now.timestamp(),
        acknowledge_by: deadlines.acknowledge_by.timestamp(),
        assess_by: deadlines.assess_by.timestamp(),
        investigate_by: deadlines.investigate_by.timestamp(),
        correct_by: deadlines.correct_by.timestamp(),
    }))
}
