//! Cancelling a product (R-CAN-*): an owner or admin asks, the confirmation link goes out by
//! mail to them, and following it ends the product at once. Until then nothing changes
//! (R-CAN-1); fees already due stay due (R-CAN-2); the other owners and admins are told
//! (R-CAN-3). The decisions are `domain::cancellation`'s.

use crate::auth::AuthUser;
use crate::billing::record_event;
use crate::db::at;
use crate::error::{created, ok, ApiError, ApiPath, ApiResult};
use crate::memberships::{lock_for_writing, membership};
use crate::secrets::{new_token, token_hash};
use crate::{mail, outbox, AppState};
use api::{Cancellation, Price};
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use domain::cancellation::{self, Fee};
use domain::language::Language;
use domain::lifecycle::{product_status, ProductStatus};
use domain::money::{Currency, Money};
use domain::role::{authorize, Action, Role};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/products/{product}/cancellation", post(request))
        .route("/1/cancellations/{key}", get(show))
        .route("/1/cancellations/{key}/confirm", post(confirm))
}

/// A cancellation as stored, with what its answer and its mail name.
#[derive(sqlx::FromRow)]
struct CancellationRow {
    id: i64,
    product_id: i64,
    account_id: i64,
    customer_name: String,
    account_name: String,
    currency: String,
    expired_at: i64,
    cancelled_at: Option<i64>,
    requested_by: i64,
    email: String,
    requested_at: i64,
    confirmed_at: Option<i64>,
}

const SELECT_CANCELLATION: &str = "SELECT c.id, c.product_id, p.account_id, p.customer_name, a.name AS account_name, \
    a.currency, p.expired_at, p.cancelled_at, c.requested_by, u.email, c.requested_at, c.confirmed_at \
    FROM cancellations c JOIN products p ON p.id = c.product_id JOIN accounts a ON a.id = p.account_id \
    JOIN users u ON u.id = c.requested_by";

impl CancellationRow {
    fn domain(&self) -> cancellation::Cancellation {
        match self.confirmed_at {
            None => cancellation::Cancellation::PendingConfirmation {
                product_id: self.product_id,
                requested_by: self.requested_by,
                requested_at: at(self.requested_at),
            },
            Some(confirmed_at) => cancellation::Cancellation::Confirmed {
                product_id: self.product_id,
                requested_by: self.requested_by,
                confirmed_at: at(confirmed_at),
            },
        }
    }

    fn currency(&self) -> Result<Currency, ApiError> {
        Currency::parse(&self.currency).ok_or_else(|| ApiError::Internal("bad account currency".into()))
    }

    fn wire(self, fees_still_due: Option<Money>) -> Cancellation {
        Cancellation {
            product_id: self.product_id,
            account_id: self.account_id,
            customer_name: self.customer_name,
            account_name: self.account_name,
            status: if self.confirmed_at.is_some() { "confirmed" } else { "pending" }.into(),
            email: self.email,
            requested_at: self.requested_at,
            confirmed_at: self.confirmed_at,
            fees_still_due: fees_still_due.map(Price::of),
        }
    }
}

/// `POST /1/accounts/{account}/products/{product}/cancellation` → 201, pending; the link
/// goes to the person who asked, in their language. Asking again sends a new link, and the
/// previous one no longer works.
#[utoipa::path(post, path = "/api/1/accounts/{account}/products/{product}/cancellation", tag = "Products", summary = "Asks to cancel a product (R-CAN-1): nothing changes until the link mailed to the caller is followed", params(("account" = i64, Path, description = "The Organization"), ("product" = i64, Path, description = "The product")), responses((status = 201, description = "Pending: the link went out by mail", body = api::Success<api::Cancellation>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: only owners and admins cancel products (R-ROLE-4)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 409, description = "`product_already_terminated`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn request(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, product_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::CancelProduct)?;
    crate::products::load_visible(&state, &me, account_id, product_id).await?;
    let now = state.clock.now();
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let (expired_at, cancelled_at): (i64, Option<i64>) =
        sqlx::query_as("SELECT expired_at, cancelled_at FROM products WHERE id = $1 AND account_id = $2")
            .bind(product_id)
            .bind(account_id)
            .fetch_one(&mut *tx)
            .await?;
    let terminated = product_status(at(expired_at), cancelled_at.map(at), now) == ProductStatus::Terminated;
    cancellation::request(product_id, user.user_id, terminated, now).map_err(|e| ApiError::rule(&e))?;

    sqlx::query("DELETE FROM cancellations WHERE product_id = $1 AND confirmed_at IS NULL")
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
    let key = new_token();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO cancellations (product_id, requested_by, key_hash, requested_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(product_id)
    .bind(user.user_id)
    .bind(token_hash(&key))
    .bind(now.timestamp())
    .fetch_one(&mut *tx)
    .await?;
    let row: CancellationRow =
        sqlx::query_as(&format!("{SELECT_CANCELLATION} WHERE c.id = $1")).bind(id).fetch_one(&mut *tx).await?;
    let (locale,): (String,) =
        sqlx::query_as("SELECT locale FROM users WHERE id = $1").bind(user.user_id).fetch_one(&mut *tx).await?;
    let language = Language::from_tag(&locale).unwrap_or_default();
    let link = format!("{}/cancellations/{key}", state.public_url);
    let message = mail::cancellation_link(language, &row.customer_name, &row.account_name, &link);
    outbox::queue_email(&mut tx, &row.email, &message.subject, &message.body, now.timestamp()).await?;
    tx.commit().await?;
    Ok(created(row.wire(None)))
}

async fn by_key(db: impl crate::db::Executor<'_>, key: &str) -> Result<CancellationRow, ApiError> {
    sqlx::query_as(&format!("{SELECT_CANCELLATION} WHERE c.key_hash = $1"))
        .bind(token_hash(key))
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::ObjectNotFound)
}

/// `GET /1/cancellations/{key}`: what the link would cancel. The key is the proof, as an
/// invitation's: the page it opens may be signed out.
#[utoipa::path(get, path = "/api/1/cancellations/{key}", tag = "Products", summary = "What a cancellation link cancels, and whether it was confirmed", params(("key" = String, Path, description = "The key of the mailed link")), responses((status = 200, description = "Done", body = api::Success<api::Cancellation>), (status = 404, description = "`object_not_found`: no such link, or one replaced by a newer", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn show(State(state): State<AppState>, ApiPath(key): ApiPath<String>) -> ApiResult {
    Ok(ok(by_key(&state.db, &key).await?.wire(None)))
}

/// `POST /1/cancellations/{key}/confirm`: the product is terminated now; what was due stays
/// due; the other owners and admins are told.
#[utoipa::path(post, path = "/api/1/cancellations/{key}/confirm", tag = "Products", summary = "Confirms a cancellation (R-CAN-1..4): the product ends now, its backups with it; fees already due stay due; the other owners and admins are told", params(("key" = String, Path, description = "The key of the mailed link")), responses((status = 200, description = "Confirmed", body = api::Success<api::Cancellation>), (status = 404, description = "`object_not_found`: no such link, or one replaced by a newer", body = api::Failure), (status = 409, description = "`cancellation_already_confirmed` or `product_already_terminated`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn confirm(State(state): State<AppState>, ApiPath(key): ApiPath<String>) -> ApiResult {
    let now = state.clock.now();
    let mut tx = crate::db::begin(&state.db).await?;
    let row = by_key(&mut *tx, &key).await?;
    lock_for_writing(&mut tx, row.account_id).await?;
    let pending = row.domain();
    if pending.data_is_kept()
        && product_status(at(row.expired_at), row.cancelled_at.map(at), now) == ProductStatus::Terminated
    {
        return Err(ApiError::rule(&cancellation::CancellationError::AlreadyTerminated));
    }
    let currency = row.currency()?;
    // R-CAN-2: the product's unpaid invoice lines, due from the day they were made.
    let unpaid: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.price_cents, i.created_at FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id \
         WHERE l.product_id = $1 AND i.status = 'pending'",
    )
    .bind(row.product_id)
    .fetch_all(&mut *tx)
    .await?;
    let fees: Vec<Fee> = unpaid
        .into_iter()
        .map(|(cents, created_at)| Fee { amount: Money { cents, currency }, due_at: at(created_at), paid: false })
        .collect();
    let members: Vec<(i64, String)> =
        sqlx::query_as("SELECT user_id, role FROM memberships WHERE account_id = $1 ORDER BY user_id")
            .bind(row.account_id)
            .fetch_all(&mut *tx)
            .await?;
    let members: Vec<(i64, Role)> =
        members.into_iter().filter_map(|(id, role)| Role::parse(&role).map(|role| (id, role))).collect();
    let (_, termination) = pending.confirm(currency, &fees, &members, now).map_err(|e| ApiError::rule(&e))?;

    sqlx::query("UPDATE cancellations SET confirmed_at = $1 WHERE id = $2")
        .bind(now.timestamp())
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    // R-CAN-4: the product's backups go with it. This console keeps no backups of its own
    // (a product's data lives in the product's service), so ending the product is all there
    // is to delete here.
    sqlx::query(
        "UPDATE products SET cancelled_at = $1, auto_renewal = $2, recorded_status = 'terminated' WHERE id = $3",
    )
    .bind(termination.terminated_at.timestamp())
    .bind(false)
    .bind(row.product_id)
    .execute(&mut *tx)
    .await?;
    record_event(&mut *tx, row.product_id, "terminated", "cancelled", now.timestamp()).await?;
    // R-REC-3: a Mail Service gone takes its mailboxes, and the logins they were.
    crate::login_recovery::product_ended(&mut tx, row.product_id, now.timestamp()).await?;
    let (by,): (String,) = sqlx::query_as("SELECT first_name || ' ' || last_name FROM users WHERE id = $1")
        .bind(row.requested_by)
        .fetch_one(&mut *tx)
        .await?;
    for user_id in &termination.notify_user_ids {
        let (email, locale): (String, String) =
            sqlx::query_as("SELECT email, locale FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *tx).await?;
        let language = Language::from_tag(&locale).unwrap_or_default();
        let fees = language.format_money(termination.fees_still_due);
        let message = mail::product_cancelled(language, &row.customer_name, &row.account_name, &by, &fees);
        outbox::queue_email(&mut tx, &email, &message.subject, &message.body, now.timestamp()).await?;
    }
    let confirmed = by_key(&mut *tx, &key).await?;
    tx.commit().await?;
    Ok(ok(confirmed.wire(Some(termination.fees_still_due))))
}
