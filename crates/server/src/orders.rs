//! Orders (`/1/accounts/{account}/orders`, R-PAY-9): products bought from the catalog, each
//! for a period (R-RENEW-9), paid at once or left pending and paid later from the orders
//! list. Paying creates the products, expiring a period after the payment, and a method that
//! carries auto-renewal turns it on for them (R-RENEW-5). Billing rights needed (R-ROLE-5).

use crate::auth::AuthUser;
use crate::billing::{carry_out, paying_with, prepaid_balance};
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::{lock_for_writing, membership};
use crate::products::{account_currency, Catalog};
use crate::AppState;
use api::{FieldError, Order, OrderItem, OrderRequest, PayOrderRequest, PaymentChoice, Price};
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use domain::kcheck::{order_needs_verification, VerificationReason, BLOCKED_ORDER_DAYS};
use domain::money::{Currency, Money};
use domain::payment::{plan, InvoiceLine, MethodKind, OrderStatus, PaymentState, Purpose};
use domain::renewal::{auto_renewal_after_payment, check_period, extended_expiry};
use domain::role::{authorize, Action};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/orders", get(list).post(create))
        .route("/1/accounts/{account}/orders/{order}", get(one))
        .route("/1/accounts/{account}/orders/{order}/pay", post(pay))
}

pub(crate) fn status_name(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "pending",
        OrderStatus::Paid => "paid",
        OrderStatus::Blocked => "blocked",
        OrderStatus::Cancelled => "cancelled",
    }
}

pub(crate) fn parse_status(name: &str) -> Result<OrderStatus, ApiError> {
    match name {
        "pending" => Ok(OrderStatus::Pending),
        "paid" => Ok(OrderStatus::Paid),
        "blocked" => Ok(OrderStatus::Blocked),
        "cancelled" => Ok(OrderStatus::Cancelled),
        other => Err(ApiError::Internal(format!("bad order status {other:?}"))),
    }
}

/// An order of the Organization with its items; not found when it is another's.
pub(crate) async fn load_order(
    db: &mut sqlx::AnyConnection,
    account_id: i64,
    order_id: i64,
) -> Result<Order, ApiError> {
    type Row = (i64, String, String, i64, i64, Option<i64>, Option<i64>, Option<i64>, Option<i64>, Option<i64>);
    let (id, status, currency, total, created_at, paid_at, invoice_id, blocked_at, cancelled_at, refunded): Row =
        sqlx::query_as(
            "SELECT id, status, currency, total_cents, created_at, paid_at, invoice_id, blocked_at, cancelled_at, refunded_cents \
             FROM orders WHERE account_id = $1 AND id = $2",
        )
        .bind(account_id)
        .bind(order_id)
        .fetch_optional(&mut *db)
        .await?
        .ok_or(ApiError::ObjectNotFound)?;
    let currency = Currency::parse(&currency).ok_or_else(|| ApiError::Internal(format!("order {id}: bad currency")))?;
    let items: Vec<(String, String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT service_name, customer_name, period_months, price_cents, product_id FROM order_items WHERE order_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *db)
    .await?;
    let price = |cents: i64| Price::of(Money { cents, currency });
    let items: Vec<OrderItem> = items
        .into_iter()
        .map(|(service_name, customer_name, period_months, cents, product_id)| OrderItem {
            service_name,
            customer_name,
            period_months: u32::try_from(period_months).unwrap_or(0),
            price: price(cents),
            product_id,
        })
        .collect();
    Ok(Order {
        id,
        product_ids: items.iter().filter_map(|item| item.product_id).collect(),
        items,
        total: price(total),
        created_at,
        paid_at,
        invoice_id,
        // R-KC-3: a held order's day of cancellation, while it is held.
        cancel_at: blocked_at.filter(|_| status == "blocked").map(|at| at + BLOCKED_ORDER_DAYS * 24 * 3600),
        blocked_at,
        cancelled_at,
        refunded: refunded.map(price),
        status,
    })
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/orders", tag = "Payments", summary = "The Organization's orders, newest first; pending ones can be paid (R-PAY-9)", params(("account" = i64, Path, description = "The Organization")), responses((status = 200, description = "Done", body = api::Success<Vec<api::Order>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM orders WHERE account_id = $1 ORDER BY id DESC")
        .bind(account_id)
        .fetch_all(&state.db)
        .await?;
    let mut connection = state.db.acquire().await?;
    let mut orders = vec![];
    for (id,) in ids {
        orders.push(load_order(&mut connection, account_id, id).await?);
    }
    Ok(ok(orders))
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/orders/{order}", tag = "Payments", summary = "One order with its items", params(("account" = i64, Path, description = "The Organization"), ("order" = i64, Path, description = "The order")), responses((status = 200, description = "Done", body = api::Success<api::Order>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, order_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    Ok(ok(load_order(&mut *state.db.acquire().await?, account_id, order_id).await?))
}

#[utoipa::path(post, path = "/api/1/accounts/{account}/orders", tag = "Payments", summary = "Orders products of the catalog, each for a period (R-RENEW-9); paid at once with `payment` or the prepaid balance, else pending (R-PAY-9)", params(("account" = i64, Path, description = "The Organization")), request_body = api::OrderRequest, responses((status = 201, description = "The order", body = api::Success<api::Order>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 402, description = "`card_declined`: nothing was paid", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`renewal_period_not_available` (R-RENEW-9), `insufficient_prepaid_balance`, `payment_method_currency_mismatch`, `validation_failed`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    ApiJson(request): ApiJson<OrderRequest>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    if request.items.is_empty() || request.items.len() > 100 {
        let details = serde_json::json!({"minimum": 1, "maximum": 100});
        return Err(ApiError::Validation(vec![FieldError::new(
            "items",
            "out_of_range",
            "Between 1 and 100 items.",
            details,
        )]));
    }
    let currency = account_currency(&state, account_id).await?;
    let catalog = Catalog::of(&state).await?;
    let mut errors = vec![];
    let mut prices = vec![];
    for (n, item) in request.items.iter().enumerate() {
        let name = item.customer_name.trim();
        if name.is_empty() || name.chars().count() > 255 {
            let details = serde_json::json!({"minimum": 1, "maximum": 255});
            errors.push(FieldError::new(
                &format!("items[{n}].customer_name"),
                "invalid_value",
                "Give it a name, up to 255 characters.",
                details,
            ));
        }
        if let Err(e) = check_period(&item.service_name, item.period_months) {
            let details = serde_json::to_value(&e).unwrap_or_default();
            errors.push(FieldError::new(&format!("items[{n}].period_months"), e.code(), e.to_string(), details));
            continue;
        }
        match catalog.price(&item.service_name, item.period_months, currency) {
            Some(price) => prices.push(price),
            None => errors.push(FieldError::new(
                &format!("items[{n}].service_name"),
                "invalid_value",
                "Not a product of the catalog.",
                serde_json::json!({}),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let total = Money::sum(currency, prices.iter().copied()).map_err(|e| ApiError::rule(&e))?;
    let now = state.clock.now().timestamp();
    let mut tx = crate::db::begin(&state.db).await?;
    let (order_id,): (i64,) = sqlx::query_as(
        "INSERT INTO orders (account_id, status, currency, total_cents, created_at) VALUES ($1, 'pending', $2, $3, $4) RETURNING id",
    )
    .bind(account_id)
    .bind(currency.as_str())
    .bind(total.cents)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for (position, (item, price)) in request.items.iter().zip(&prices).enumerate() {
        sqlx::query(
            "INSERT INTO order_items (order_id, position, service_name, customer_name, period_months, price_cents) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(order_id)
        .bind(position as i64)
        .bind(&item.service_name)
        .bind(item.customer_name.trim())
        .bind(i64::from(item.period_months))
        .bind(price.cents)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    // Paid at once when asked: a refused payment leaves nothing behind, as for any payment.
    if request.payment.is_some() || request.use_prepaid {
        let paid =
            pay_order(&state, user.user_id, account_id, order_id, request.payment.as_ref(), request.use_prepaid).await;
        if let Err(error) = paid {
            sqlx::query("DELETE FROM orders WHERE id = $1 AND status = 'pending'")
                .bind(order_id)
                .execute(&state.db)
                .await?;
            return Err(error);
        }
    }
    Ok(created(load_order(&mut *state.db.acquire().await?, account_id, order_id).await?))
}

#[utoipa::path(post, path = "/api/1/accounts/{account}/orders/{order}/pay", tag = "Payments", summary = "Pays a pending order (R-PAY-9): the products are created, expiring a period after the payment", params(("account" = i64, Path, description = "The Organization"), ("order" = i64, Path, description = "The order")), request_body = api::PayOrderRequest, responses((status = 200, description = "The order, paid (or waiting for a transfer)", body = api::Success<api::Order>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 402, description = "`card_declined`: nothing was paid", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 409, description = "`order_not_payable`: paid, blocked or cancelled", body = api::Failure), (status = 422, description = "`insufficient_prepaid_balance`, `payment_method_currency_mismatch`, `validation_failed`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn pay(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, order_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<PayOrderRequest>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    pay_order(&state, user.user_id, account_id, order_id, request.payment.as_ref(), request.use_prepaid).await?;
    Ok(ok(load_order(&mut *state.db.acquire().await?, account_id, order_id).await?))
}

/// Pays order `order_id` in one transaction: the invoice, the charge, and (paid) the products;
/// or, for an order that needs the payer's identity confirmed first (R-KC-1), the order held
/// and a verification asked of `user_id` (released or refunded by `blocked_orders.rs`).
async fn pay_order(
    state: &AppState,
    user_id: i64,
    account_id: i64,
    order_id: i64,
    choice: Option<&PaymentChoice>,
    use_prepaid: bool,
) -> Result<(), ApiError> {
    let paying = match choice {
        Some(choice) => Some(paying_with(state, account_id, choice, "payment").await?),
        None if use_prepaid => None,
        None => {
            return Err(ApiError::Validation(vec![FieldError::new(
                "payment",
                "required",
                "Choose how to pay.",
                serde_json::json!({}),
            )]))
        }
    };
    let method = paying.as_ref().map_or(MethodKind::Prepaid, |p| p.kind);
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let order = load_order(&mut tx, account_id, order_id).await?;
    // R-PAY-9: only a pending order can be paid.
    parse_status(&order.status)?.pay().map_err(|e| ApiError::rule(&e))?;
    let currency = order.total.currency;
    let lines: Vec<InvoiceLine> = order
        .items
        .iter()
        .map(|item| InvoiceLine {
            product_id: None,
            description: format!("{} ({})", item.customer_name, item.service_name),
            period_months: item.period_months,
            price: item.price.money().unwrap_or(Money { cents: 0, currency }),
        })
        .collect();
    let balance = prepaid_balance(&mut *tx, account_id, currency).await?;
    let plan = plan(lines, currency, method, Purpose::Order, balance, use_prepaid).map_err(|e| ApiError::rule(&e))?;
    let invoice_id = carry_out(state, &mut tx, account_id, &plan, Purpose::Order, paying.as_ref()).await?;
    let now = state.clock.now();
    let paid = plan.state == PaymentState::Paid;
    let held = paid && order_needs_verification(order.items.iter().map(|item| item.customer_name.as_str()));
    let status = match (paid, held) {
        (true, true) => OrderStatus::Pending.pay().and_then(OrderStatus::block).map_err(|e| ApiError::rule(&e))?,
        (true, false) => OrderStatus::Paid,
        (false, _) => OrderStatus::Pending,
    };
    sqlx::query("UPDATE orders SET status = $1, invoice_id = $2, paid_at = $3, blocked_at = $4 WHERE id = $5")
        .bind(status_name(status))
        .bind(invoice_id)
        .bind(paid.then(|| now.timestamp()))
        .bind(held.then(|| now.timestamp()))
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    if held {
        crate::identity_checks::ask(&mut tx, user_id, VerificationReason::SuspiciousOrder, Some(order_id), now).await?;
    } else if paid {
        // R-RENEW-5: a saved method that carries auto-renewal turns it on for what it bought.
        let saved = paying.as_ref().and_then(|p| p.saved_id);
        let auto_renewal = saved.is_some() && auto_renewal_after_payment(method, false);
        deliver(&mut tx, account_id, &order, now, if auto_renewal { saved } else { None }).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Creates the products of a paid order, each expiring its period after `paid_at`; with
/// `auto_renewal_method`, auto-renewal is on and charges it (R-RENEW-5).
pub(crate) async fn deliver(
    tx: &mut crate::db::Transaction,
    account_id: i64,
    order: &Order,
    paid_at: chrono::DateTime<chrono::Utc>,
    auto_renewal_method: Option<i64>,
) -> Result<(), ApiError> {
    for (position, item) in order.items.iter().enumerate() {
        let (product_id,): (i64,) = sqlx::query_as(
            "INSERT INTO products (account_id, service_name, customer_name, internal_name, created_at, expired_at, auto_renewal, payment_method_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(account_id)
        .bind(&item.service_name)
        .bind(&item.customer_name)
        .bind(item.customer_name.to_lowercase().replace(' ', "-"))
        .bind(paid_at.timestamp())
        .bind(extended_expiry(paid_at, item.period_months).timestamp())
        .bind(auto_renewal_method.is_some())
        .bind(auto_renewal_method)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query("UPDATE order_items SET product_id = $1 WHERE order_id = $2 AND position = $3")
            .bind(product_id)
            .bind(order.id)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The order an invoice pays, if any.
pub(crate) async fn of_invoice(
    tx: &mut crate::db::Transaction,
    account_id: i64,
    invoice_id: i64,
) -> Result<Option<Order>, ApiError> {
    let id: Option<(i64,)> = sqlx::query_as("SELECT id FROM orders WHERE account_id = $1 AND invoice_id = $2")
        .bind(account_id)
        .bind(invoice_id)
        .fetch_optional(&mut **tx)
        .await?;
    match id {
        Some((id,)) => Ok(Some(load_order(tx, account_id, id).await?)),
        None => Ok(None),
    }
}
