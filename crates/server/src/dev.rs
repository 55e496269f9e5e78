//! Demo mode only (`--demo`): `GET|POST /api/dev/clock` moves the server's time forward and
//! runs every job that became due, and `GET /api/dev/outbox` lists the mail and SMS sent,
//! newest first; `POST /api/dev/transfers` records a bank transfer received for a pro-forma
//! (a bank statement import's job in production); `POST /api/dev/identity_checks/{id}`
//! answers a sent identity document as the provider's staff would. Outside demo mode these
//! routes do not exist (404).

use crate::blocked_orders::Settling;
use crate::error::{ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::{scheduler, AppState};
use api::FieldError;
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use chrono::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dev/clock", get(clock).post(move_clock))
        .route("/dev/outbox", get(outbox))
        .route("/dev/transfers", post(transfer))
        .route("/dev/identity_checks/{id}", post(process_identity_check))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MoveClock {
    /// Unix seconds.
    now: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct ClockNow {
    now: i64,
    /// The jobs that ran because the move made them due.
    #[serde(skip_serializing_if = "Option::is_none")]
    jobs_run: Option<Vec<&'static str>>,
}

#[utoipa::path(get, path = "/api/dev/clock", tag = "Demo", summary = "Demo mode only: the server's time", responses((status = 200, description = "Done", body = api::Success<ClockNow>), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn clock(State(state): State<AppState>) -> ApiResult {
    Ok(ok(ClockNow { now: state.clock.now().timestamp(), jobs_run: None }))
}

/// Moves the clock to `now` (never backwards) and runs what became due before answering.
#[utoipa::path(post, path = "/api/dev/clock", tag = "Demo", summary = "Demo mode only: moves time forward and runs the jobs that became due", request_body = MoveClock, responses((status = 200, description = "Done", body = api::Success<ClockNow>), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn move_clock(State(state): State<AppState>, ApiJson(request): ApiJson<MoveClock>) -> ApiResult {
    let demo_clock = state.demo_clock.clone().ok_or(ApiError::ObjectNotFound)?;
    let refused = |description: &str| {
        ApiError::Validation(vec![FieldError::new(
            "now",
            "out_of_range",
            description,
            json!({"minimum": state.clock.now().timestamp()}),
        )])
    };
    let to = DateTime::from_timestamp(request.now, 0).ok_or_else(|| refused("Not a time."))?;
    if !demo_clock.move_to(to) {
        return Err(refused("The clock only moves forward."));
    }
    let jobs_run = scheduler::run_due(&state).await?;
    Ok(ok(ClockNow { now: state.clock.now().timestamp(), jobs_run: Some(jobs_run) }))
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
struct Sent {
    id: i64,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    created_at: i64,
    sent_at: Option<i64>,
}

#[utoipa::path(get, path = "/api/dev/outbox", tag = "Demo", summary = "Demo mode only: the mail and SMS sent, newest first", responses((status = 200, description = "Done", body = api::Success<Vec<Sent>>), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn outbox(State(state): State<AppState>) -> ApiResult {
    let sent: Vec<Sent> = sqlx::query_as(
        "SELECT id, channel, recipient, subject, body, created_at, sent_at FROM outbox ORDER BY id DESC LIMIT 200",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(ok(sent))
}

/// A bank transfer as a statement line gives it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TransferReceived {
    invoice_id: i64,
    /// "25.00", in the invoice's currency.
    amount: String,
}

#[utoipa::path(post, path = "/api/dev/transfers", tag = "Demo", summary = "Demo mode only: a bank transfer received for a pro-forma (R-PAY-3); completes the payment when nothing is still due", request_body = TransferReceived, responses((status = 200, description = "The invoice as it stands", body = api::Success<api::Invoice>), (status = 404, description = "`object_not_found`: no such invoice", body = api::Failure), (status = 422, description = "`validation_failed`: not an amount, or not more than zero", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn transfer(State(state): State<AppState>, ApiJson(request): ApiJson<TransferReceived>) -> ApiResult {
    Ok(ok(crate::transfers::receive(&state, request.invoice_id, &request.amount).await?))
}

/// The provider's staff's answer to an identity verification.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IdentityProcessed {
    accepted: bool,
}

/// Processes a sent identity document as the provider's staff would: accepted, the order it
/// holds is released; refused, that order is cancelled and refunded at once (R-KC-3).
#[utoipa::path(post, path = "/api/dev/identity_checks/{id}", tag = "Demo", summary = "Demo mode only: the staff's answer to a sent identity document (R-KC-2: what was sent is deleted); releases, or cancels and refunds, the order it holds (R-KC-3)", params(("id" = i64, Path, description = "The verification")), request_body = IdentityProcessed, responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 404, description = "`object_not_found`: no such verification", body = api::Failure), (status = 409, description = "`identity_check_not_waiting`: nothing sent to process; `order_not_payable`: the order is no longer held", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn process_identity_check(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<IdentityProcessed>,
) -> ApiResult {
    let now = state.clock.now();
    let mut tx = crate::db::begin(&state.db).await?;
    let order_id = crate::identity_checks::process(&mut tx, &state.public_url, id, request.accepted, now).await?;
    if let Some(order_id) = order_id {
        if request.accepted {
            crate::blocked_orders::release(&mut tx, order_id, now).await?;
        } else {
            crate::blocked_orders::cancel_and_refund(&state, &mut tx, order_id, Settling::Refused, now).await?;
        }
    }
    tx.commit().await?;
    Ok(ok(true))
}
