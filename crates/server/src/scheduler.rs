//! Time-driven jobs: every minute, each job that is due runs once. A job is idempotent (it
//! looks for what is left to do, does it, and records it), and is claimed with one
//! conditional `UPDATE` before it runs, so that one process runs it even when several share
//! the database. The demo clock (`dev.rs`) runs them at once after moving time forward.
//!
//! The jobs: expired invitations (their inviters told, R-USER-2), auto-renewals and the
//! record of products' states (product_jobs.rs, R-RENEW-*), pro-formas lapsed with their
//! products (transfers.rs, R-PAY-10), support accesses closed after their 7 days
//! (support_access.rs, R-SUP-3), identity documents deleted 72 hours after they were sent
//! unprocessed (identity_checks.rs, R-KC-2), held orders cancelled and refunded after 10 days
//! (blocked_orders.rs, R-KC-3), sending the outbox (after the jobs that write to it), and
//! forgetting the rate limits of idle keys.

use crate::error::ApiError;
use crate::mail;
use crate::outbox;
use crate::AppState;
use domain::invitation::INVITATION_DAYS;
use domain::language::Language;
use std::time::Duration;

/// How often the scheduler looks for due jobs, and how soon a job is due again after it ran.
const EVERY_SECONDS: i64 = 60;
/// A claimed job that did not finish (its process died) may be claimed again after this.
const CLAIM_SECONDS: i64 = 300;

/// Every job, by the name the `jobs` table knows it by.
const JOBS: [&str; 9] = [
    "expire_invitations",
    "renew_products",
    "record_product_status",
    "lapse_pro_formas",
    "close_support_accesses",
    "delete_identity_documents",
    "cancel_blocked_orders",
    "send_outbox",
    "forget_rate_limits",
];

/// Starts looking for due jobs every minute, for as long as the server runs.
pub fn start(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(EVERY_SECONDS as u64));
        loop {
            every_minute.tick().await;
            if let Err(error) = run_due(&state).await {
                tracing::error!("scheduled jobs failed: {error:?}");
            }
        }
    })
}

/// Runs every job that is due now; returns the names of those this process ran.
pub async fn run_due(state: &AppState) -> Result<Vec<&'static str>, ApiError> {
    let mut ran = vec![];
    for job in JOBS {
        let now = state.clock.now().timestamp();
        let claimed: Option<(String,)> = sqlx::query_as(
            "UPDATE jobs SET locked_until = $1 WHERE name = $2 AND next_run_at <= $3 \
             AND (locked_until IS NULL OR locked_until <= $4) RETURNING name",
        )
        .bind(now + CLAIM_SECONDS)
        .bind(job)
        .bind(now)
        .bind(now)
        .fetch_optional(&state.db)
        .await?;
        if claimed.is_none() {
            continue;
        }
        let outcome = match job {
            "expire_invitations" => expire_invitations(state, now).await,
            "send_outbox" => send_outbox(state, now).await,
            "renew_products" => crate::product_jobs::renew_products(state, now).await,
            "record_product_status" => crate::product_jobs::record_product_status(state, now).await,
            "lapse_pro_formas" => crate::transfers::lapse_pro_formas(state, now).await,
            "close_support_accesses" => crate::support_access::close_due(state, now).await,
            "delete_identity_documents" => crate::identity_checks::delete_due(state, now).await,
            "cancel_blocked_orders" => crate::blocked_orders::cancel_due(state, now).await,
            _ => crate::rate_limit::forget_idle(&state.db, now * 1000).await,
        };
        // Due again in a minute whatever happened; a failure is retried then.
        sqlx::query("UPDATE jobs SET next_run_at = $1, locked_until = NULL WHERE name = $2")
            .bind(now + EVERY_SECONDS)
            .bind(job)
            .execute(&state.db)
            .await?;
        outcome?;
        ran.push(job);
    }
    Ok(ran)
}

/// R-USER-2: an invitation nobody answered within its days expires (its status says so by
/// itself); the inviter is told once, in their language, so they can invite again.
async fn expire_invitations(state: &AppState, now: i64) -> Result<(), ApiError> {
    let due_before = now - INVITATION_DAYS * 24 * 3600;
    let mut tx = crate::db::begin(&state.db).await?;
    let expired: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT i.id, i.email, u.email, u.locale, a.name FROM invitations i \
         JOIN users u ON u.id = i.invited_by JOIN accounts a ON a.id = i.account_id \
         WHERE i.accepted_at IS NULL AND i.cancelled_at IS NULL AND i.expired_at IS NULL AND i.created_at <= $1",
    )
    .bind(due_before)
    .fetch_all(&mut *tx)
    .await?;
    for (id, invited, inviter, locale, organization) in expired {
        sqlx::query("UPDATE invitations SET expired_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let language = Language::from_tag(&locale).unwrap_or_default();
        let message = mail::invitation_expired(language, &organization, &invited);
        outbox::queue_email(&mut tx, &inviter, &message.subject, &message.body, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sends what the outbox holds. No mail relay is configured on these machines, so "sent"
/// means handed to [`outbox::deliver`], which records it; an SMTP adapter would go there.
async fn send_outbox(state: &AppState, now: i64) -> Result<(), ApiError> {
    let waiting: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM outbox WHERE sent_at IS NULL ORDER BY id").fetch_all(&state.db).await?;
    for (id,) in waiting {
        outbox::deliver(state, id, now).await?;
    }
    Ok(())
}
