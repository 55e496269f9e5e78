//! Mail and SMS go into the outbox table, in the same transaction as the change they report:
//! a message is queued exactly when its change is stored. Sending is a separate worker's job.

use crate::db::Transaction;

pub async fn queue_email(
    tx: &mut Transaction,
    recipient: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO outbox (channel, recipient, subject, body, created_at) VALUES ('email', $1, $2, $3, $4)")
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An SMS: the same outbox, channel `sms`, the number as recipient and no subject.
pub async fn queue_sms(tx: &mut Transaction, phone: &str, body: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO outbox (channel, recipient, subject, body, created_at) VALUES ('sms', $1, '', $2, $3)")
        .bind(phone)
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Hands message `id` to the mail relay and records when. No relay is configured on these
/// machines: the outbox row is the record (and what `GET /api/dev/outbox` shows in demo
/// mode). Marking is conditional, so two processes never send one message twice.
pub async fn deliver(state: &crate::AppState, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let sent = sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&state.db)
        .await?;
    Ok(sent.rows_affected() == 1)
}
