//! `GET /1/accounts/{account}/attention`: what the dashboard puts first. The server loads the
//! facts (products near or past expiry, with a failed auto-renewal not renewed since; invoices
//! waiting for payment) and `domain::attention` decides what needs attention.

use crate::auth::AuthUser;
use crate::db::{at, Flag};
use crate::error::{ok, ApiError, ApiPath, ApiResult};
use crate::memberships::membership;
use crate::products::{access_filter, access_of};
use crate::AppState;
use api::{AttentionItem, Price};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Duration};
use domain::attention::{needs_attention, Attention, InvoiceFacts, ProductFacts, EXPIRING_SOON_DAYS};
use domain::lifecycle::GRACE_DAYS;
use domain::money::{Currency, Money};
use domain::role::{authorize, Action};

pub fn routes() -> Router<AppState> {
    Router::new().route("/1/accounts/{account}/attention", get(list))
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/attention", tag = "Products", summary = "What needs someone to act, most urgent first: failed auto-renewals (R-RENEW-2), blocked products (R-RENEW-8), invoices waiting for payment (R-PAY-3), products expiring within 30 days with auto-renewal off", params(("account" = i64, Path, description = "The Organization")), responses((status = 200, description = "Done", body = api::Success<Vec<api::AttentionItem>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let access = access_of(&state, &me).await?;
    let now = state.clock.now();
    // Only what can need attention: blocked (in the grace period) up to expiring soon; a
    // failed renewal is tried from 14 days before expiry, so it is in that range too.
    let from = now - Duration::days(GRACE_DAYS);
    let to = now + Duration::days(EXPIRING_SOON_DAYS);
    let products: Vec<(i64, String, i64, Flag, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT p.id, p.customer_name, p.expired_at, p.auto_renewal, \
         (SELECT MAX(e.at) FROM product_events e WHERE e.product_id = p.id AND e.event = 'renewal_failed' \
          AND e.id > COALESCE((SELECT MAX(r.id) FROM product_events r WHERE r.product_id = p.id AND r.event = 'renewed'), 0)) \
         FROM products p WHERE p.account_id = $1 AND p.deleted_at IS NULL AND p.cancelled_at IS NULL AND p.expired_at > $2 AND p.expired_at <= $3{}",
        access_filter(&access)
    ))
    .bind(account_id)
    .bind(from.timestamp())
    .bind(to.timestamp())
    .fetch_all(&state.db)
    .await?;
    let products: Vec<ProductFacts> = products
        .into_iter()
        .map(|(id, name, expired_at, Flag(auto_renewal), failed_at)| ProductFacts {
            id,
            name,
            expires_at: at(expired_at),
            auto_renewal,
            renewal_failed_at: failed_at.map(at),
        })
        .collect();
    let invoices: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, number, currency, missing_cents FROM invoices WHERE account_id = $1 AND status = 'pending' ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&state.db)
    .await?;
    let invoices = invoices
        .into_iter()
        .map(|(id, number, currency, missing)| {
            let currency =
                Currency::parse(&currency).ok_or_else(|| ApiError::Internal(format!("invoice {id}: bad currency")))?;
            Ok(InvoiceFacts { id, number, missing: Money::new(missing, currency), pending: true })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let items: Vec<AttentionItem> = needs_attention(&products, &invoices, now).into_iter().map(wire).collect();
    Ok(ok(items))
}

fn wire(attention: Attention) -> AttentionItem {
    let product = |kind: &str, product_id: i64, name: String, date: DateTime<chrono::Utc>| AttentionItem {
        kind: kind.into(),
        product_id: Some(product_id),
        invoice_id: None,
        name,
        date: Some(date.timestamp()),
        amount: None,
    };
    match attention {
        Attention::RenewalFailed { product_id, name, expires_at } => {
            product("renewal_failed", product_id, name, expires_at)
        }
        Attention::Blocked { product_id, name, terminated_at } => product("blocked", product_id, name, terminated_at),
        Attention::ExpiringSoon { product_id, name, expires_at } => {
            product("expiring_soon", product_id, name, expires_at)
        }
        Attention::UnpaidInvoice { invoice_id, number, missing } => AttentionItem {
            kind: "unpaid_invoice".into(),
            product_id: None,
            invoice_id: Some(invoice_id),
            name: number,
            date: None,
            amount: Some(Price::of(missing)),
        },
    }
}
