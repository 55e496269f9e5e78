//! The scheduler's jobs for products (scheduler.rs runs them every minute, and the demo clock
//! after moving time): auto-renewal attempts from 14 days before expiry, once a day, with the
//! saved method (R-RENEW-1, R-RENEW-2), and the record of each product's state as its expiry
//! passes: blocked, then terminated after the grace period (R-RENEW-8). Each change is written
//! to the product's history, and the members who receive billing mail (R-ROLE-8) are told.

use crate::billing::{carry_out, paying_with, prepaid_balance, record_event};
use crate::db::{at, Executor};
use crate::error::ApiError;
use crate::memberships::lock_for_writing;
use crate::products::{account_currency, Catalog};
use crate::{mail, outbox, AppState};
use api::PaymentChoice;
use chrono::{DateTime, Duration, Utc};
use domain::language::Language;
use domain::lifecycle::{lifecycle, ProductStatus, GRACE_DAYS};
use domain::money::Money;
use domain::payment::{plan, InvoiceLine, Purpose};
use domain::renewal::{allowed_periods, automatic_payment_due, extended_expiry, FIRST_ATTEMPT_DAYS};

const DAY: i64 = 86_400;

/// Who hears about an Organization's billing: members with billing rights who did not turn
/// billing mail off (R-ROLE-5, R-ROLE-8), with their language.
async fn billing_recipients(db: impl Executor<'_>, account_id: i64) -> Result<Vec<(String, Language)>, ApiError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.account_id = $1 AND (m.role = 'owner' OR m.has_billing_access = $2) AND m.notify_billing = $2",
    )
    .bind(account_id)
    .bind(true)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(email, locale)| (email, Language::from_tag(&locale).unwrap_or_default())).collect())
}

async fn tell(
    state: &AppState,
    account_id: i64,
    now: i64,
    write: impl Fn(Language) -> mail::Mail,
) -> Result<(), ApiError> {
    let mut tx = crate::db::begin(&state.db).await?;
    for (email, language) in billing_recipients(&mut *tx, account_id).await? {
        let message = write(language);
        outbox::queue_email(&mut tx, &email, &message.subject, &message.body, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// R-RENEW-1, R-RENEW-2: pays, with its saved method, each product with auto-renewal on
/// from 14 days before its expiry, for its first period; a refusal is tried again a day later.
pub(crate) async fn renew_products(state: &AppState, now: i64) -> Result<(), ApiError> {
    let due: Vec<(i64, i64, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, account_id, service_name, customer_name, expired_at, payment_method_id FROM products \
         WHERE auto_renewal = $1 AND deleted_at IS NULL AND expired_at <= $2 AND expired_at > $3 \
         AND (last_renewal_attempt_at IS NULL OR last_renewal_attempt_at <= $4) ORDER BY expired_at, id",
    )
    .bind(true)
    .bind(now + FIRST_ATTEMPT_DAYS * DAY)
    .bind(now - GRACE_DAYS * DAY)
    .bind(now - DAY)
    .fetch_all(&state.db)
    .await?;
    let catalog = Catalog::of(state).await?;
    for (product_id, account_id, service_name, name, expired_at, method_id) in due {
        if !automatic_payment_due(true, at(expired_at), at(now)) {
            continue;
        }
        let outcome =
            renew_one(state, &catalog, product_id, account_id, &service_name, &name, expired_at, method_id).await;
        sqlx::query("UPDATE products SET last_renewal_attempt_at = $1 WHERE id = $2")
            .bind(now)
            .bind(product_id)
            .execute(&state.db)
            .await?;
        match outcome {
            Ok((until, amount)) => {
                record_event(&state.db, product_id, "renewed", &until.to_rfc3339(), now).await?;
                tell(state, account_id, now, |language| {
                    mail::renewed(
                        language,
                        &name,
                        &language.format_date(until.date_naive()),
                        &language.format_money(amount),
                    )
                })
                .await?;
            }
            Err(error) => {
                let detail = format!("{error:?}");
                record_event(&state.db, product_id, "renewal_failed", &detail, now).await?;
                let expires = at(expired_at).date_naive();
                tell(state, account_id, now, |language| {
                    mail::renewal_failed(language, &name, &language.format_date(expires))
                })
                .await?;
            }
        }
    }
    Ok(())
}

/// One renewal, in one transaction: the payment, the invoice, the new expiry. Answers the
/// new expiry and what was paid.
#[allow(clippy::too_many_arguments)]
async fn renew_one(
    state: &AppState,
    catalog: &Catalog,
    product_id: i64,
    account_id: i64,
    service_name: &str,
    name: &str,
    expired_at: i64,
    method_id: Option<i64>,
) -> Result<(DateTime<Utc>, Money), ApiError> {
    let currency = account_currency(state, account_id).await?;
    let months = allowed_periods(service_name).first().copied().unwrap_or(12);
    let price = catalog
        .price(service_name, months, currency)
        .ok_or_else(|| ApiError::Internal(format!("no price for {service_name} {months}")))?;
    let choice = PaymentChoice { payment_method_id: method_id, ..Default::default() };
    // No saved method named: the Organization's default (R-RENEW-1).
    let choice = match method_id {
        Some(_) => choice,
        None => {
            let default =
                crate::payment_methods::find(&state.db, account_id, None).await?.ok_or(ApiError::ObjectNotFound)?;
            PaymentChoice { payment_method_id: Some(default.id), ..Default::default() }
        }
    };
    let paying = paying_with(state, account_id, &choice, "payment").await?;
    let line = InvoiceLine {
        product_id: Some(product_id),
        description: format!("{name}: renewal"),
        period_months: months,
        price,
    };
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let balance = prepaid_balance(&mut *tx, account_id, currency).await?;
    let plan =
        plan(vec![line], currency, paying.kind, Purpose::Renewal, balance, false).map_err(|e| ApiError::rule(&e))?;
    carry_out(state, &mut tx, account_id, &plan, Purpose::Renewal, Some(&paying)).await?;
    let until = extended_expiry(at(expired_at), months);
    sqlx::query("UPDATE products SET expired_at = $1 WHERE id = $2")
        .bind(until.timestamp())
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((until, price))
}

/// R-RENEW-8: records each product whose state changed with time (blocked at expiry,
/// terminated after the grace period, active again once renewed) and tells billing.
pub(crate) async fn record_product_status(state: &AppState, now: i64) -> Result<(), ApiError> {
    // Only the rows whose state may have changed, each kind read by the index on
    // (recorded_status, expired_at): active and expired, blocked past the grace period,
    // blocked and renewed. `lifecycle` decides for each. Three queries rather than one with
    // OR: SQLite's planner scans every product for the OR (its statistics say nearly all are
    // active), which is what the index is for avoiding, every minute.
    let candidates = [
        ("recorded_status = 'active' AND expired_at <= $1", now),
        ("recorded_status = 'blocked' AND expired_at <= $1", now - GRACE_DAYS * DAY),
        ("recorded_status = 'blocked' AND expired_at > $1", now),
    ];
    let mut changed: Vec<(i64, i64, String, i64, String)> = vec![];
    for (condition, bound) in candidates {
        let sql = format!(
            "SELECT id, account_id, customer_name, expired_at, recorded_status FROM products \
             WHERE {condition} AND deleted_at IS NULL"
        );
        changed.extend(sqlx::query_as(&sql).bind(bound).fetch_all(&state.db).await?);
    }
    changed.sort_unstable_by_key(|(id, ..)| *id);
    for (product_id, account_id, name, expired_at, recorded) in changed {
        let status = lifecycle(at(expired_at), at(now));
        let status_name = match status {
            ProductStatus::Active => "active",
            ProductStatus::Blocked => "blocked",
            ProductStatus::Terminated => "terminated",
        };
        if status_name == recorded {
            continue;
        }
        sqlx::query("UPDATE products SET recorded_status = $1 WHERE id = $2")
            .bind(status_name)
            .bind(product_id)
            .execute(&state.db)
            .await?;
        match status {
            // Renewed while blocked: its payment wrote the history.
            ProductStatus::Active => {}
            ProductStatus::Blocked => {
                record_event(&state.db, product_id, "blocked", "", now).await?;
                let terminated_on = (at(expired_at) + Duration::days(GRACE_DAYS)).date_naive();
                tell(state, account_id, now, |language| {
                    mail::product_blocked(language, &name, &language.format_date(terminated_on))
                })
                .await?;
            }
            ProductStatus::Terminated => {
                record_event(&state.db, product_id, "terminated", "", now).await?;
                // R-REC-3: a Mail Service gone takes its mailboxes, and the logins they were.
                let mut tx = crate::db::begin(&state.db).await?;
                crate::login_recovery::product_ended(&mut tx, product_id, now).await?;
                tx.commit().await?;
                tell(state, account_id, now, |language| mail::product_terminated(language, &name)).await?;
            }
        }
    }
    Ok(())
}
