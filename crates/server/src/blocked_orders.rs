//! Orders held for an identity verification (R-KC-1, R-KC-3). A paid order that needs its
//! payer's identity confirmed is held (`orders.rs`); confirmed, it is released and its
//! products made; refused, or not confirmed within 10 days (the `cancel_blocked_orders` job),
//! it is cancelled and everything paid comes back: the method's part through the payment
//! provider, the prepaid part to the balance. `domain::kcheck` decides.

use crate::billing::ledger;
use crate::db::{at, Transaction};
use crate::error::ApiError;
use crate::memberships::lock_for_writing;
use crate::orders::{deliver, load_order, parse_status};
use crate::payment_methods::find;
use crate::{mail, outbox, AppState};
use chrono::{DateTime, Utc};
use domain::kcheck::{blocked_order_outcome, settle_blocked_order, BlockedOrderOutcome, BLOCKED_ORDER_DAYS};
use domain::language::Language;
use domain::money::Money;
use domain::payment::OrderStatus;
use domain::renewal::auto_renewal_after_payment;

/// Why a held order is settled now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Settling {
    /// Its 10 days may be over (the job): cancelled only if they are.
    WhenDue,
    /// The identity was refused: cancelled at once (our choice: nothing is left to wait for).
    Refused,
}

async fn account_of(tx: &mut Transaction, order_id: i64) -> Result<(i64, Option<i64>), ApiError> {
    sqlx::query_as("SELECT account_id, blocked_at FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(ApiError::ObjectNotFound)
}

/// The identity was confirmed: the order is paid, and its products are made now (expiring a
/// period after today), with auto-renewal when the saved method it was paid with carries it
/// (R-RENEW-5).
pub(crate) async fn release(tx: &mut Transaction, order_id: i64, now: DateTime<Utc>) -> Result<(), ApiError> {
    let (account_id, _) = account_of(tx, order_id).await?;
    lock_for_writing(tx, account_id).await?;
    let order = load_order(tx, account_id, order_id).await?;
    let released = parse_status(&order.status)?.unblock(true).map_err(|e| ApiError::rule(&e))?;
    sqlx::query("UPDATE orders SET status = $1 WHERE id = $2")
        .bind(crate::orders::status_name(released))
        .bind(order_id)
        .execute(&mut **tx)
        .await?;
    let saved: Option<(Option<i64>,)> = sqlx::query_as("SELECT payment_method_id FROM invoices WHERE id = $1")
        .bind(order.invoice_id)
        .fetch_optional(&mut **tx)
        .await?;
    let method = match saved.and_then(|(id,)| id) {
        Some(id) => find(&mut **tx, account_id, Some(id)).await?,
        None => None,
    };
    let auto_renewal = method.filter(|m| auto_renewal_after_payment(m.rule_kind(), false)).map(|m| m.id);
    deliver(tx, account_id, &order, now, auto_renewal).await
}

/// R-KC-3: cancels a held order and pays back all that was paid, when `settling` says it is
/// time. Answers whether it was cancelled.
pub(crate) async fn cancel_and_refund(
    state: &AppState,
    tx: &mut Transaction,
    order_id: i64,
    settling: Settling,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let (account_id, blocked_at) = account_of(tx, order_id).await?;
    lock_for_writing(tx, account_id).await?;
    let order = load_order(tx, account_id, order_id).await?;
    let paid = order.total.money().ok_or_else(|| ApiError::Internal(format!("order {order_id}: bad total")))?;
    let outcome = match settling {
        Settling::WhenDue => blocked_order_outcome(at(blocked_at.unwrap_or(now.timestamp())), paid, now),
        Settling::Refused => BlockedOrderOutcome::CancelAndRefund { refund: paid },
    };
    let settled = settle_blocked_order(parse_status(&order.status)?, outcome).map_err(|e| ApiError::rule(&e))?;
    let BlockedOrderOutcome::CancelAndRefund { refund } = outcome else { return Ok(false) };
    if settled != OrderStatus::Cancelled {
        return Ok(false);
    }
    let invoice_id = order.invoice_id.ok_or_else(|| ApiError::Internal(format!("order {order_id}: no invoice")))?;
    let (from_prepaid, from_method, charge_reference): (i64, i64, Option<String>) = sqlx::query_as(
        "SELECT from_prepaid_cents, from_method_cents, charge_reference FROM invoices WHERE id = $1 AND refunded_at IS NULL",
    )
    .bind(invoice_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| ApiError::Internal(format!("order {order_id}: invoice {invoice_id} already refunded")))?;
    if from_prepaid + from_method != refund.cents {
        return Err(ApiError::Internal(format!("order {order_id}: the invoice does not add up to what was paid")));
    }
    if from_method > 0 {
        let reference =
            charge_reference.ok_or_else(|| ApiError::Internal(format!("invoice {invoice_id}: no charge")))?;
        state
            .payments
            .refund(&reference, from_method)
            .map_err(|_| ApiError::Internal(format!("invoice {invoice_id}: the provider refused the refund")))?;
    }
    if from_prepaid > 0 {
        ledger(tx, account_id, from_prepaid, "returned", Some(invoice_id), now.timestamp()).await?;
    }
    sqlx::query("UPDATE invoices SET refunded_at = $1 WHERE id = $2")
        .bind(now.timestamp())
        .bind(invoice_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE orders SET status = 'cancelled', cancelled_at = $1, refunded_cents = $2 WHERE id = $3")
        .bind(now.timestamp())
        .bind(refund.cents)
        .bind(order_id)
        .execute(&mut **tx)
        .await?;
    tell_refunded(tx, order_id, refund, now).await?;
    Ok(true)
}

/// Mails the person the verification was asked of, in their language.
async fn tell_refunded(tx: &mut Transaction, order_id: i64, refund: Money, now: DateTime<Utc>) -> Result<(), ApiError> {
    let asked: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.email, u.locale FROM identity_checks c JOIN users u ON u.id = c.user_id WHERE c.order_id = $1",
    )
    .bind(order_id)
    .fetch_all(&mut **tx)
    .await?;
    for (email, locale) in asked {
        let language = Language::from_tag(&locale).unwrap_or_default();
        let message = mail::held_order_refunded(language, order_id, &language.format_money(refund));
        outbox::queue_email(tx, &email, &message.subject, &message.body, now.timestamp()).await?;
    }
    Ok(())
}

/// R-KC-3, the job `cancel_blocked_orders`: held orders whose 10 days are over.
pub(crate) async fn cancel_due(state: &AppState, now: i64) -> Result<(), ApiError> {
    let due: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM orders WHERE status = 'blocked' AND blocked_at <= $1 ORDER BY id")
            .bind(now - BLOCKED_ORDER_DAYS * 24 * 3600)
            .fetch_all(&state.db)
            .await?;
    for (order_id,) in due {
        let mut tx = crate::db::begin(&state.db).await?;
        cancel_and_refund(state, &mut tx, order_id, Settling::WhenDue, at(now)).await?;
        tx.commit().await?;
    }
    Ok(())
}
