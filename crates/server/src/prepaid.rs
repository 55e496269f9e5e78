//! The prepaid account (`/1/accounts/{account}/prepaid`): its balance and ledger, and
//! top-ups (R-PAY-5: by card, PostFinance card or bank transfer; R-PAY-6: 0.10 to 9,999.00).
//! Billing, so for members with billing rights (R-ROLE-5).

use crate::auth::AuthUser;
use crate::billing::{carry_out, paying_with, prepaid_balance};
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::invoices::load_invoice;
use crate::memberships::{lock_for_writing, membership};
use crate::products::account_currency;
use crate::AppState;
use api::{FieldError, Prepaid, PrepaidMovement, Price, TopUpRequest};
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use domain::money::Money;
use domain::payment::{top_up, Purpose};
use domain::role::{authorize, Action};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/prepaid", get(read))
        .route("/1/accounts/{account}/prepaid/top_ups", post(top_up_account))
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/prepaid", tag = "Payments", summary = "The prepaid balance and every movement, newest first", params(("account" = i64, Path, description = "The Organization")), responses((status = 200, description = "Done", body = api::Success<api::Prepaid>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn read(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let currency = account_currency(&state, account_id).await?;
    let balance = prepaid_balance(&state.db, account_id, currency).await?;
    let rows: Vec<(i64, i64, String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT id, cents, kind, invoice_id, created_at FROM prepaid_movements WHERE account_id = $1 ORDER BY id DESC",
    )
    .bind(account_id)
    .fetch_all(&state.db)
    .await?;
    let movements = rows
        .into_iter()
        .map(|(id, cents, kind, invoice_id, created_at)| PrepaidMovement {
            id,
            amount: Price::of(Money { cents, currency }),
            kind,
            invoice_id,
            created_at,
        })
        .collect();
    Ok(ok(Prepaid { balance: Price::of(balance), movements }))
}

#[utoipa::path(post, path = "/api/1/accounts/{account}/prepaid/top_ups", tag = "Payments", summary = "Tops the prepaid account up (R-PAY-5: card, PostFinance card or bank transfer; R-PAY-6: 0.10 to 9,999.00); a transfer leaves a pro-forma pending", params(("account" = i64, Path, description = "The Organization")), request_body = api::TopUpRequest, responses((status = 201, description = "The invoice (or pro-forma)", body = api::Success<api::Invoice>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 402, description = "`card_declined`: nothing was paid", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`top_up_amount_out_of_range` (R-PAY-6, `context.min`, `max`), `payment_method_not_compatible` (R-PAY-5), `payment_method_currency_mismatch` (R-PAY-2), `validation_failed`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn top_up_account(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    ApiJson(request): ApiJson<TopUpRequest>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let currency = account_currency(&state, account_id).await?;
    let amount = Money::parse(&request.amount, currency).map_err(|e| {
        let details = serde_json::to_value(&e).unwrap_or_default();
        ApiError::Validation(vec![FieldError::new("amount", e.code(), e.to_string(), details)])
    })?;
    let paying = paying_with(&state, account_id, &request.payment, "payment").await?;
    let plan = top_up(amount, currency, paying.kind).map_err(|e| ApiError::rule(&e))?;
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let invoice_id = carry_out(&state, &mut tx, account_id, &plan, Purpose::TopUp, Some(&paying)).await?;
    let invoice = load_invoice(&mut *tx, account_id, invoice_id).await?;
    tx.commit().await?;
    Ok(created(invoice))
}
