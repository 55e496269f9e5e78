//! Mail and SMS go into the outbox table, in the same transaction as the change they report:
//! a message is queued exactly when its change is stored. Sending is a separate worker's job.

use sqlx::{Sqlite, Transaction};

pub async fn queue_email(
    tx: &mut Transaction<'_, Sqlite>,
    recipient: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO outbox (channel, recipient, subject, body, created_at) VALUES ('email', ?, ?, ?, ?)")
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
