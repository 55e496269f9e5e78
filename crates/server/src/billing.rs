//! What the money resources share (top-ups, payments, and later orders and the renewal job):
//! the prepaid balance, the method a request pays with, and carrying out a payment plan of
//! `domain::payment` in the caller's transaction: the charge, the invoice, the ledger.

use crate::db::{Executor, Transaction};
use crate::error::ApiError;
use crate::payment_methods::find;
use crate::AppState;
use api::{FieldError, MethodType, PaymentChoice};
use chrono::Datelike;
use domain::money::{Currency, Money};
use domain::payment::{MethodKind, PaymentPlan, PaymentState, Purpose};

/// The prepaid balance: the sum of the ledger.
pub(crate) async fn prepaid_balance(
    db: impl Executor<'_>,
    account_id: i64,
    currency: Currency,
) -> Result<Money, ApiError> {
    let (cents,): (Option<i64>,) =
        sqlx::query_as("SELECT CAST(SUM(cents) AS BIGINT) FROM prepaid_movements WHERE account_id = $1")
            .bind(account_id)
            .fetch_one(db)
            .await?;
    Ok(Money { cents: cents.unwrap_or(0), currency })
}

/// The method a request pays with, ready to charge: what the rules know of it, the saved
/// method's id, and the provider's token.
pub(crate) struct Paying {
    pub kind: MethodKind,
    pub saved_id: Option<i64>,
    token: String,
}

fn invalid(attribute: &str, why: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::new(attribute, "invalid_value", why, serde_json::json!({}))])
}

/// Reads `choice` (at `field` of the body): a saved method of the Organization, or one
/// given now (a card goes to the provider for a token, and is kept nowhere).
pub(crate) async fn paying_with(
    state: &AppState,
    account_id: i64,
    choice: &PaymentChoice,
    field: &str,
) -> Result<Paying, ApiError> {
    match (choice.payment_method_id, choice.kind) {
        (Some(id), None) => {
            let method = find(&state.db, account_id, Some(id))
                .await?
                .ok_or_else(|| invalid(&format!("{field}.payment_method_id"), "No such payment method."))?;
            let (token,): (String,) = sqlx::query_as("SELECT provider_token FROM payment_methods WHERE id = $1")
                .bind(id)
                .fetch_one(&state.db)
                .await?;
            Ok(Paying { kind: method.rule_kind(), saved_id: Some(id), token })
        }
        (None, Some(MethodType::Card)) => {
            let card =
                choice.card.as_ref().ok_or_else(|| invalid(&format!("{field}.card"), "A card needs its details."))?;
            let now = state.clock.now();
            let month = now.year() as u32 * 12 + now.month0();
            let saved = state.payments.save_card(card, month).map_err(|r| r.into_api(field))?;
            Ok(Paying { kind: MethodKind::Card { brand: saved.brand }, saved_id: None, token: saved.token })
        }
        (None, Some(kind)) => {
            let kind = kind.rule_kind(None);
            // Twint and PayPal complete at once on these machines (the provider's page is
            // not reachable): a reference stands for the person's approval.
            Ok(Paying { kind, saved_id: None, token: format!("test_ref_{}", crate::secrets::new_token()) })
        }
        _ => Err(invalid(field, "Give a saved payment_method_id, or a type (and a card).")),
    }
}

/// Carries out `plan` in `tx` (the Organization's lock held): charges the method's part
/// unless it waits for a transfer, writes the invoice and its lines, and the prepaid
/// balance's part to the ledger. A refused charge returns before anything is written.
/// Returns the invoice's id.
pub(crate) async fn carry_out(
    state: &AppState,
    tx: &mut Transaction,
    account_id: i64,
    plan: &PaymentPlan,
    purpose: Purpose,
    paying: Option<&Paying>,
) -> Result<i64, ApiError> {
    let now = state.clock.now();
    let currency = plan.invoice.total.currency;
    let method_cents = plan.split.from_method.cents;
    let charge_reference = match (plan.state, paying, method_cents > 0) {
        (PaymentState::Paid, Some(paying), true) => {
            Some(state.payments.charge(&paying.token, method_cents).map_err(|r| r.into_api("payment"))?)
        }
        _ => None,
    };
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM invoices WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(&mut **tx)
        .await?;
    let prefix = if plan.is_pro_forma { "PF" } else { "INV" };
    let number = format!("{prefix}-{}-{account_id}-{:04}", now.year(), count + 1);
    let (status, missing) = match plan.state {
        PaymentState::Paid => ("paid", 0),
        PaymentState::Pending { missing, .. } => ("pending", missing.cents),
        PaymentState::Lapsed { .. } => ("lapsed", 0),
    };
    let purpose_name = match purpose {
        Purpose::Order | Purpose::OfferChange => "order",
        Purpose::Renewal => "renewal",
        Purpose::TopUp => "top_up",
    };
    let (invoice_id,): (i64,) = sqlx::query_as(
        "INSERT INTO invoices (account_id, number, purpose, currency, total_cents, from_prepaid_cents, from_method_cents, \
         method, payment_method_id, status, is_pro_forma, missing_cents, created_at, paid_at, charge_reference) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(account_id)
    .bind(&number)
    .bind(purpose_name)
    .bind(currency.as_str())
    .bind(plan.invoice.total.cents)
    .bind(plan.split.from_prepaid.cents)
    .bind(method_cents)
    .bind(paying.filter(|_| method_cents > 0).map(|p| p.kind.type_name()))
    .bind(paying.and_then(|p| p.saved_id))
    .bind(status)
    .bind(plan.is_pro_forma)
    .bind(missing)
    .bind(now.timestamp())
    .bind((status == "paid").then(|| now.timestamp()))
    .bind(charge_reference)
    .fetch_one(&mut **tx)
    .await?;
    for (position, line) in plan.invoice.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, position, product_id, description, period_months, price_cents) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(invoice_id)
        .bind(position as i64)
        .bind(line.product_id)
        .bind(&line.description)
        .bind(i64::from(line.period_months))
        .bind(line.price.cents)
        .execute(&mut **tx)
        .await?;
    }
    // R-PAY-4: the prepaid part leaves the balance in the same operation (reserved, for a
    // transfer: it cannot pay anything else meanwhile).
    if plan.split.from_prepaid.cents > 0 {
        ledger(tx, account_id, -plan.split.from_prepaid.cents, "payment", Some(invoice_id), now.timestamp()).await?;
    }
    if purpose == Purpose::TopUp && status == "paid" {
        ledger(tx, account_id, plan.invoice.total.cents, "top_up", Some(invoice_id), now.timestamp()).await?;
    }
    let balance = prepaid_balance(&mut **tx, account_id, currency).await?;
    if balance.cents < 0 {
        // The plan was made from this balance under the same lock: this cannot happen.
        return Err(ApiError::Internal(format!("account {account_id}: the prepaid balance would be {balance:?}")));
    }
    Ok(invoice_id)
}

pub(crate) async fn ledger(
    tx: &mut Transaction,
    account_id: i64,
    cents: i64,
    kind: &str,
    invoice_id: Option<i64>,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO prepaid_movements (account_id, cents, kind, invoice_id, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account_id)
    .bind(cents)
    .bind(kind)
    .bind(invoice_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes an event of a product's history (R-RENEW-*): `blocked`, `terminated`, `renewed`
/// (its detail the new expiry, RFC 3339) or `renewal_failed` (its detail why).
pub(crate) async fn record_event(
    db: impl Executor<'_>,
    product_id: i64,
    event: &str,
    detail: &str,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO product_events (product_id, event, detail, at) VALUES ($1, $2, $3, $4)")
        .bind(product_id)
        .bind(event)
        .bind(detail)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}
