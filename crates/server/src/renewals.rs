//! Auto-renewal, one product at a time or several at once (R-RENEW-3, R-RENEW-4, R-RENEW-6):
//! billing, so for members with billing rights (R-ROLE-5). Whether it may be turned on is
//! `domain::renewal`'s answer; this module loads the product and the method, asks, stores.

use crate::auth::AuthUser;
use crate::db::Flag;
use crate::error::{ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::{membership, membership_in};
use crate::paging::Paging;
use crate::payment_methods::find;
use crate::products::{access_filter, access_of, load_visible, Catalog};
use crate::AppState;
use api::{
    AutoRenewal, AutoRenewalRequest, BulkAutoRenewalRequest, BulkResult, FieldError, PaymentMethod, Price, Renewal,
    RenewalPeriod,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::extract::State;
use axum::routing::{get, post, put};
use axum::Router;
use chrono::DateTime;
use domain::lifecycle::lifecycle;
use domain::renewal::change_auto_renewal;
use domain::renewal::{allowed_periods, first_attempt_at, RenewalWindow};
use domain::role::{authorize, Action, Member};
use domain::team::ProductAccess;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/renewals", get(list))
        .route("/1/accounts/{account}/products/{product}/auto_renewal", put(change_one))
        .route("/1/accounts/{account}/renewals/auto_renewal", post(change_many))
}

/// The method named, or the Organization's default; a named one that is not there is a
/// field error.
async fn method_of(state: &AppState, account_id: i64, id: Option<i64>) -> Result<Option<PaymentMethod>, ApiError> {
    let method = find(&state.db, account_id, id).await?;
    if id.is_some() && method.is_none() {
        let error =
            FieldError::new("payment_method_id", "invalid_value", "No such payment method.", serde_json::json!({}));
        return Err(ApiError::Validation(vec![error]));
    }
    Ok(method)
}

/// Turns one product's auto-renewal on or off, or says why not. The product is one `me`
/// sees (else not found).
async fn change(
    state: &AppState,
    me: &Member,
    account_id: i64,
    product_id: i64,
    enabled: bool,
    method: Option<&PaymentMethod>,
) -> Result<(), ApiError> {
    let product = load_visible(state, me, account_id, product_id).await?;
    let expires_at = DateTime::from_timestamp(product.expired_at, 0).unwrap_or_default();
    change_auto_renewal(enabled, expires_at, state.clock.now(), method.map(PaymentMethod::rule_kind))
        .map_err(|e| ApiError::rule(&e))?;
    sqlx::query("UPDATE products SET auto_renewal = $1, payment_method_id = $2 WHERE id = $3 AND account_id = $4")
        .bind(enabled)
        .bind(if enabled { method.map(|m| m.id) } else { None })
        .bind(product_id)
        .bind(account_id)
        .execute(&state.db)
        .await?;
    Ok(())
}

#[utoipa::path(put, path = "/api/1/accounts/{account}/products/{product}/auto_renewal", tag = "Products", summary = "Turns a product's auto-renewal on (R-RENEW-3: 14 days or more before expiry; R-RENEW-4: a card or Twint) or off (R-RENEW-6: always)", params(("account" = i64, Path, description = "The Organization"), ("product" = i64, Path, description = "The product")), request_body = api::AutoRenewalRequest, responses((status = 200, description = "The product as changed", body = api::Success<api::Product>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`auto_renewal_too_close_to_expiry` (R-RENEW-3, `context.days_left`, `minimum_days`), `payment_method_not_compatible` (R-RENEW-4), `product_not_active`, `validation_failed`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn change_one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, product_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<AutoRenewalRequest>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let method = method_of(&state, account_id, request.payment_method_id).await?;
    change(&state, &me, account_id, product_id, request.enabled, method.as_ref()).await?;
    Ok(ok(load_visible(&state, &me, account_id, product_id).await?))
}

#[utoipa::path(post, path = "/api/1/accounts/{account}/renewals/auto_renewal", tag = "Products", summary = "Turns auto-renewal on or off for several products, answering one result per product (R-RENEW-6)", params(("account" = i64, Path, description = "The Organization")), request_body = api::BulkAutoRenewalRequest, responses((status = 200, description = "One result per product, in the order asked", body = api::Success<Vec<api::BulkResult>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn change_many(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    ApiJson(request): ApiJson<BulkAutoRenewalRequest>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    if request.product_ids.is_empty() || request.product_ids.len() > 1000 {
        let details = serde_json::json!({"minimum": 1, "maximum": 1000});
        let error = FieldError::new("product_ids", "out_of_range", "Between 1 and 1,000 products at once.", details);
        return Err(ApiError::Validation(vec![error]));
    }
    let method = method_of(&state, account_id, request.payment_method_id).await?;
    let mut results = vec![];
    for &product_id in &request.product_ids {
        let outcome = change(&state, &me, account_id, product_id, request.enabled, method.as_ref()).await;
        results.push(match outcome {
            Ok(()) => BulkResult { product_id, result: "success".into(), error: None },
            Err(error) => BulkResult { product_id, result: "error".into(), error: Some(error.into_body()) },
        });
    }
    Ok(ok(results))
}

#[derive(Debug, Deserialize)]
pub(crate) struct RenewalsQuery {
    period: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

/// The renewals page asks for up to this many at once (its `Select all`, the bulk change).
const MAX_PER_PAGE: u64 = 1000;

#[utoipa::path(get, path = "/api/1/accounts/{account}/renewals", tag = "Products", summary = "The products to renew, soonest first: the next 2 months (`period=2_months`, the default) or all (`period=all`) (R-RENEW-7), with the price of each period (R-RENEW-9)", params(("account" = i64, Path, description = "The Organization"), ("period" = Option<String>, Query, description = "2_months (default) or all"), ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query, description = "1 to 1,000")), responses((status = 200, description = "Done", body = api::Success<Vec<api::Renewal>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    query: Result<Query<RenewalsQuery>, QueryRejection>,
) -> ApiResult {
    let Query(query) = query.map_err(|e| ApiError::BadBody(format!("The query is not valid: {}", e.body_text())))?;
    let (me, facts) = membership_in(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let mut errors = vec![];
    let window = match query.period.as_deref() {
        None | Some("2_months") => RenewalWindow::TwoMonths,
        Some("all") => RenewalWindow::All,
        Some(_) => {
            let details = serde_json::json!({"allowed": ["2_months", "all"]});
            errors.push(FieldError::new("period", "invalid_value", "2_months or all.", details));
            RenewalWindow::TwoMonths
        }
    };
    let paging = Paging::read(query.page, query.per_page, 100, MAX_PER_PAGE, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let access = access_of(&state, &me).await?;
    let now = state.clock.now();
    let (after, up_to) = window.expiries(now);
    // The upper bound only when there is one: `($3 IS NULL OR ...)` would make the database
    // walk every later expiry (BENCHMARKS.md, load).
    let filter = format!(
        "FROM products p WHERE p.account_id = $1 AND p.deleted_at IS NULL AND p.cancelled_at IS NULL AND p.expired_at > $2 \
         AND p.expired_at <= $3{}",
        access_filter(&access)
    );
    let up_to = up_to.map_or(i64::MAX, |t| t.timestamp());
    // The count rides with the page's rows (a scalar subquery, evaluated once): one query
    // fewer per page. A page past the end has no row to carry it, and asks it alone.
    let after = after.timestamp();
    let count = renewable_count(&access, &filter, after, up_to, 6);
    let sql = format!(
        "SELECT p.id, p.customer_name, p.service_name, p.expired_at, p.auto_renewal, p.payment_method_id, \
         CAST({} AS BIGINT) {filter} ORDER BY p.expired_at, p.id LIMIT $4 OFFSET $5",
        count.expr
    );
    let values = [account_id, after, up_to, paging.limit(), paging.offset()].into_iter().chain(count.values);
    let rows: Vec<(i64, String, String, i64, Flag, Option<i64>, i64)> =
        values.fold(sqlx::query_as(&sql), |query, value| query.bind(value)).fetch_all(&state.db).await?;
    let total = match rows.first() {
        Some(row) => row.6,
        None if paging.offset() == 0 => 0,
        None => {
            let count = renewable_count(&access, &filter, after, up_to, 4);
            let sql = format!("SELECT CAST({} AS BIGINT)", count.expr);
            let values = [account_id, after, up_to].into_iter().chain(count.values);
            let (total,): (i64,) =
                values.fold(sqlx::query_as(&sql), |query, value| query.bind(value)).fetch_one(&state.db).await?;
            total
        }
    };
    let catalog = Catalog::of(&state).await?;
    let currency = facts.currency;
    let renewals: Vec<Renewal> = rows
        .into_iter()
        .map(|(product_id, customer_name, service_name, expired_at, Flag(enabled), payment_method_id, _)| {
            let expires = DateTime::from_timestamp(expired_at, 0).unwrap_or_default();
            let periods = allowed_periods(&service_name)
                .iter()
                .filter_map(|&months| {
                    catalog
                        .price(&service_name, months, currency)
                        .map(|money| RenewalPeriod { months, price: Price::of(money) })
                })
                .collect();
            Renewal {
                product_id,
                customer_name,
                status: lifecycle(expires, now),
                auto_renewal: AutoRenewal { enabled, payment_method_id },
                first_attempt_at: enabled.then(|| first_attempt_at(expires).timestamp()),
                periods,
                service_name,
                expired_at,
            }
        })
        .collect();
    Ok(paging.answer(renewals, total))
}

const DAY: i64 = 86_400;

/// A renewals page's count as a scalar SQL expression, and the values of its parameters
/// after the page's own `$1` (the Organization), `$2` (expiring after) and `$3` (up to),
/// numbered from `first`.
struct RenewableCount {
    expr: String,
    values: Vec<i64>,
}

/// How many of the Organization's products, neither deleted nor cancelled, expire after
/// `after` and up to `up_to` (seconds), among those `access` reaches. For every product: the
/// whole days between from `renewable_by_day` (kept by triggers, migration 0038), the partial
/// days at both ends counted on the index; the same answer as a `COUNT(*)` over the range,
/// for a few rows read instead of thousands. Otherwise (a collaborator's few products) the
/// rows are counted.
fn renewable_count(access: &ProductAccess, filter: &str, after: i64, up_to: i64, first: usize) -> RenewableCount {
    let counted = RenewableCount { expr: format!("(SELECT COUNT(*) {filter})"), values: vec![] };
    if !matches!(access, ProductAccess::All) {
        return counted;
    }
    // Day `d` covers [d × DAY, (d + 1) × DAY): the whole days in the range are those from the
    // first starting after `after` to the last ending by `up_to`.
    let first_whole = after.div_euclid(DAY) + 1;
    let past_whole = up_to.saturating_add(1).div_euclid(DAY);
    if first_whole >= past_whole {
        return counted;
    }
    let live = "FROM products WHERE account_id = $1 AND deleted_at IS NULL AND cancelled_at IS NULL";
    let [a, b, c, d] = [first, first + 1, first + 2, first + 3];
    RenewableCount {
        expr: format!(
            "((SELECT COUNT(*) {live} AND expired_at > $2 AND expired_at < ${a}) \
             + (SELECT COALESCE(SUM(products), 0) FROM renewable_by_day WHERE account_id = $1 AND day >= ${b} AND day < ${c}) \
             + (SELECT COUNT(*) {live} AND expired_at >= ${d} AND expired_at <= $3))"
        ),
        values: vec![first_whole * DAY, first_whole, past_whole, past_whole.saturating_mul(DAY)],
    }
}
