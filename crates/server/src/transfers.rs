//! A bank transfer received for a pro-forma (R-PAY-3): what is still due goes down, and when
//! nothing is, the payment completes: the invoice is paid and what it paid for happens (a
//! top-up reaches the balance, renewals move their products' expiry, an order's products are
//! created). Money beyond what was due goes to the prepaid balance, so nothing sent is lost.
//! In production a bank statement import would call [`receive`]; no bank is reachable here, so
//! demo mode's `POST /api/dev/transfers` stands in for it.

use crate::billing::ledger;
use crate::db::{at, Flag};
use crate::error::ApiError;
use crate::invoices::load_invoice;
use crate::memberships::lock_for_writing;
use crate::AppState;
use api::Invoice;
use chrono::DateTime;
use domain::lifecycle::{lifecycle, ProductStatus};
use domain::money::{Currency, Money};
use domain::payment::{transfer_lapsed, transfer_received, PaymentState};
use domain::renewal::extended_expiry;

/// Records `amount` received for invoice `invoice_id`; answers the invoice as it stands.
pub(crate) async fn receive(state: &AppState, invoice_id: i64, amount: &str) -> Result<Invoice, ApiError> {
    let mut tx = crate::db::begin(&state.db).await?;
    let row: Option<(i64, String, String, String, i64, i64, i64, Flag)> = sqlx::query_as(
        "SELECT account_id, purpose, status, currency, total_cents, from_prepaid_cents, missing_cents, is_pro_forma \
         FROM invoices WHERE id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (account_id, purpose, status, currency, total, from_prepaid, missing, _) =
        row.ok_or(ApiError::ObjectNotFound)?;
    lock_for_writing(&mut tx, account_id).await?;
    let (currency, before) = payment_state(invoice_id, &status, &currency, total, from_prepaid, missing)?;
    let received = Money::parse(amount, currency).map_err(|e| ApiError::rule(&e))?;
    let outcome = transfer_received(before, received).map_err(|e| ApiError::rule(&e))?;
    let now = state.clock.now();
    if outcome.surplus.cents > 0 {
        ledger(&mut tx, account_id, outcome.surplus.cents, "surplus", Some(invoice_id), now.timestamp()).await?;
    }
    match (before, outcome.state) {
        (PaymentState::Pending { .. }, PaymentState::Pending { missing, .. }) => {
            sqlx::query("UPDATE invoices SET missing_cents = $1 WHERE id = $2")
                .bind(missing.cents)
                .bind(invoice_id)
                .execute(&mut *tx)
                .await?;
        }
        (PaymentState::Pending { .. }, PaymentState::Paid) => {
            sqlx::query("UPDATE invoices SET status = 'paid', missing_cents = 0, paid_at = $1 WHERE id = $2")
                .bind(now.timestamp())
                .bind(invoice_id)
                .execute(&mut *tx)
                .await?;
            complete(&mut tx, account_id, invoice_id, &purpose, total, now).await?;
        }
        _ => {}
    }
    let invoice = load_invoice(&mut tx, account_id, invoice_id).await?;
    tx.commit().await?;
    Ok(invoice)
}

/// The payment an invoice's stored columns describe: waiting for what is still `missing`,
/// with the prepaid part reserved and what transfers brought so far (R-PAY-3, R-PAY-4); paid;
/// or lapsed.
fn payment_state(
    invoice_id: i64,
    status: &str,
    currency: &str,
    total: i64,
    from_prepaid: i64,
    missing: i64,
) -> Result<(Currency, PaymentState), ApiError> {
    let currency =
        Currency::parse(currency).ok_or_else(|| ApiError::Internal(format!("invoice {invoice_id}: bad currency")))?;
    let money = |cents: i64| Money { cents, currency };
    let state = match status {
        "pending" => PaymentState::Pending {
            missing: money(missing),
            prepaid_reserved: money(from_prepaid),
            received: money(total - from_prepaid - missing),
        },
        "paid" => PaymentState::Paid,
        _ => PaymentState::Lapsed { returned_to_prepaid: money(0) },
    };
    Ok((currency, state))
}

/// What a payment completed by transfer does, by what it paid for.
async fn complete(
    tx: &mut crate::db::Transaction,
    account_id: i64,
    invoice_id: i64,
    purpose: &str,
    total: i64,
    now: DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    match purpose {
        "top_up" => ledger(tx, account_id, total, "top_up", Some(invoice_id), now.timestamp()).await,
        "renewal" => {
            let lines: Vec<(Option<i64>, i64)> = sqlx::query_as(
                "SELECT product_id, period_months FROM invoice_lines WHERE invoice_id = $1 ORDER BY position",
            )
            .bind(invoice_id)
            .fetch_all(&mut **tx)
            .await?;
            for (product_id, months) in lines {
                let Some(product_id) = product_id else { continue };
                let (expired_at,): (i64,) = sqlx::query_as("SELECT expired_at FROM products WHERE id = $1")
                    .bind(product_id)
                    .fetch_one(&mut **tx)
                    .await?;
                let expires = DateTime::from_timestamp(expired_at, 0).unwrap_or_default();
                sqlx::query("UPDATE products SET expired_at = $1 WHERE id = $2")
                    .bind(extended_expiry(expires, u32::try_from(months).unwrap_or(0)).timestamp())
                    .bind(product_id)
                    .execute(&mut **tx)
                    .await?;
            }
            Ok(())
        }
        _ => {
            if let Some(order) = crate::orders::of_invoice(tx, account_id, invoice_id).await? {
                sqlx::query("UPDATE orders SET status = 'paid', paid_at = $1 WHERE id = $2")
                    .bind(now.timestamp())
                    .bind(order.id)
                    .execute(&mut **tx)
                    .await?;
                crate::orders::deliver(tx, account_id, &order, now, None).await?;
            }
            Ok(())
        }
    }
}

/// R-PAY-10, R-PAY-3: a renewal's pro-forma still waiting for its transfer when every product
/// it renews was terminated unpaid (after the grace period, R-RENEW-8) lapses: nothing was
/// paid, and the prepaid part it reserved, with anything received by transfer, goes back to
/// the prepaid balance (`transfer_lapsed`). A product cancelled by hand is not counted: its
/// fees stay due (R-CAN-2).
pub(crate) async fn lapse_pro_formas(state: &AppState, now: i64) -> Result<(), ApiError> {
    let lines: Vec<(i64, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT i.id, i.account_id, p.expired_at, p.cancelled_at FROM invoices i \
         JOIN invoice_lines l ON l.invoice_id = i.id LEFT JOIN products p ON p.id = l.product_id \
         WHERE i.status = 'pending' AND i.purpose = 'renewal' ORDER BY i.id",
    )
    .fetch_all(&state.db)
    .await?;
    let mut invoices: Vec<(i64, i64, bool)> = vec![];
    for (invoice_id, account_id, expired_at, cancelled_at) in lines {
        let ended = cancelled_at.is_none()
            && expired_at.is_some_and(|expired_at| lifecycle(at(expired_at), at(now)) == ProductStatus::Terminated);
        match invoices.last_mut() {
            Some((id, _, all_ended)) if *id == invoice_id => *all_ended &= ended,
            _ => invoices.push((invoice_id, account_id, ended)),
        }
    }
    for (invoice_id, account_id, _) in invoices.into_iter().filter(|(_, _, all_ended)| *all_ended) {
        let mut tx = crate::db::begin(&state.db).await?;
        lock_for_writing(&mut tx, account_id).await?;
        let row: Option<(String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT status, currency, total_cents, from_prepaid_cents, missing_cents FROM invoices WHERE id = $1",
        )
        .bind(invoice_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((status, currency, total, from_prepaid, missing)) = row else { continue };
        let (_, pending) = payment_state(invoice_id, &status, &currency, total, from_prepaid, missing)?;
        // Paid meanwhile (the transfer arrived between the two reads): nothing to lapse.
        if !matches!(pending, PaymentState::Pending { .. }) {
            continue;
        }
        let PaymentState::Lapsed { returned_to_prepaid } = transfer_lapsed(pending).map_err(|e| ApiError::rule(&e))?
        else {
            continue;
        };
        sqlx::query("UPDATE invoices SET status = 'lapsed' WHERE id = $1").bind(invoice_id).execute(&mut *tx).await?;
        if returned_to_prepaid.cents > 0 {
            ledger(&mut tx, account_id, returned_to_prepaid.cents, "returned", Some(invoice_id), now).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}
