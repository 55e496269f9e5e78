//! Paying for renewals (`POST /1/accounts/{account}/payments`): a selection of products, each
//! for a period it can be paid for (R-RENEW-9), on one invoice (R-PAY-7), part from the prepaid
//! balance if asked and the rest with one method, in one transaction (R-PAY-4); by transfer, a
//! pro-forma first (R-PAY-3). Paid, each product's expiry moves on by its period, and a method
//! that carries auto-renewal turns it on (R-RENEW-5).

use crate::auth::AuthUser;
use crate::billing::{carry_out, paying_with, prepaid_balance, record_event};
use crate::error::{created, ApiError, ApiJson, ApiPath, ApiResult};
use crate::invoices::load_invoice;
use crate::memberships::{lock_for_writing, membership};
use crate::products::{account_currency, load_visible, Catalog};
use crate::AppState;
use api::{FieldError, PaymentRequest};
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use chrono::DateTime;
use domain::lifecycle::ProductStatus;
use domain::payment::{plan, InvoiceLine, MethodKind, PaymentState, Purpose};
use domain::renewal::{allowed_periods, auto_renewal_after_payment, check_period, extended_expiry, RenewalError};
use domain::role::{authorize, Action};

pub fn routes() -> Router<AppState> {
    Router::new().route("/1/accounts/{account}/payments", post(pay))
}

/// A product on the invoice: (id, its expiry, its period, whether auto-renewal was on).
struct Renewing {
    product_id: i64,
    expired_at: i64,
    months: u32,
    auto_renewal: bool,
}

#[utoipa::path(post, path = "/api/1/accounts/{account}/payments", tag = "Payments", summary = "Pays the renewal of a selection of products, each for its period (R-RENEW-9), part from the prepaid balance if asked (R-PAY-4), on one invoice (R-PAY-7); a transfer leaves a pro-forma pending (R-PAY-3)", params(("account" = i64, Path, description = "The Organization")), request_body = api::PaymentRequest, responses((status = 201, description = "The invoice (or pro-forma)", body = api::Success<api::Invoice>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 402, description = "`card_declined`: nothing was paid", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: a product not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`renewal_period_not_available` (R-RENEW-9, `context.allowed`), `product_not_active`, `insufficient_prepaid_balance`, `payment_method_currency_mismatch`, `validation_failed`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn pay(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    ApiJson(request): ApiJson<PaymentRequest>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    if request.product_ids.is_empty() || request.product_ids.len() > 1000 {
        let details = serde_json::json!({"minimum": 1, "maximum": 1000});
        let error = FieldError::new("product_ids", "out_of_range", "Between 1 and 1,000 products at once.", details);
        return Err(ApiError::Validation(vec![error]));
    }
    let now = state.clock.now();
    let currency = account_currency(&state, account_id).await?;
    let catalog = Catalog::of(&state).await?;
    let mut lines = vec![];
    let mut renewing = vec![];
    for &product_id in &request.product_ids {
        let product = load_visible(&state, &me, account_id, product_id).await?;
        // R-RENEW-8, R-CAN-1: a terminated product is gone; a blocked one can still be renewed.
        let status = product.status;
        if status == ProductStatus::Terminated {
            return Err(ApiError::rule(&RenewalError::NotActive { status }));
        }
        let months = match request.periods.get(&product_id.to_string()) {
            Some(&months) => months,
            None => allowed_periods(&product.service_name).first().copied().unwrap_or(12),
        };
        check_period(&product.service_name, months).map_err(|e| ApiError::rule(&e))?;
        let price = catalog.price(&product.service_name, months, currency).ok_or_else(|| {
            ApiError::Internal(format!("no price for {} {months} {currency:?}", product.service_name))
        })?;
        lines.push(InvoiceLine {
            product_id: Some(product_id),
            description: format!("{}: renewal", product.customer_name),
            period_months: months,
            price,
        });
        renewing.push(Renewing {
            product_id,
            expired_at: product.expired_at,
            months,
            auto_renewal: product.auto_renewal.enabled,
        });
    }
    let paying = match &request.payment {
        Some(choice) => Some(paying_with(&state, account_id, choice, "payment").await?),
        None if request.use_prepaid => None,
        None => {
            let error = FieldError::new("payment", "required", "Choose how to pay.", serde_json::json!({}));
            return Err(ApiError::Validation(vec![error]));
        }
    };
    let method = paying.as_ref().map_or(MethodKind::Prepaid, |p| p.kind);

    let mut tx = crate::db::begin(&state.db).await?;
    // One payment at a time per Organization: the balance read here is the one spent.
    lock_for_writing(&mut tx, account_id).await?;
    let balance = prepaid_balance(&mut *tx, account_id, currency).await?;
    let plan = plan(lines, currency, method, Purpose::Renewal, balance, request.use_prepaid)
        .map_err(|e| ApiError::rule(&e))?;
    let invoice_id = carry_out(&state, &mut tx, account_id, &plan, Purpose::Renewal, paying.as_ref()).await?;
    if plan.state == PaymentState::Paid {
        for product in renewing {
            let expires = DateTime::from_timestamp(product.expired_at, 0).unwrap_or_default();
            let until = extended_expiry(expires, product.months);
            // R-RENEW-5: only a saved method can be charged again next time.
            let saved = paying.as_ref().and_then(|p| p.saved_id);
            let auto_renewal = match saved {
                Some(_) => auto_renewal_after_payment(method, product.auto_renewal),
                None => product.auto_renewal,
            };
            sqlx::query(
                "UPDATE products SET expired_at = $1, auto_renewal = $2, \
                 payment_method_id = CASE WHEN $3 IS NULL THEN payment_method_id ELSE $3 END WHERE id = $4",
            )
            .bind(until.timestamp())
            .bind(auto_renewal)
            .bind(if auto_renewal && !product.auto_renewal { saved } else { None })
            .bind(product.product_id)
            .execute(&mut *tx)
            .await?;
            // Its history says so, and a failed auto-renewal before it no longer needs attention.
            record_event(&mut *tx, product.product_id, "renewed", &until.to_rfc3339(), now.timestamp()).await?;
        }
    }
    let invoice = load_invoice(&mut *tx, account_id, invoice_id).await?;
    tx.commit().await?;
    Ok(created(invoice))
}
