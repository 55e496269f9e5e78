//! A password changed by its owner, signed in, as the official `PATCH /2/profile` takes it
//! (`current_password`, `password`, `keep_session_ids`; the route is `users.rs`): the current
//! password is asked again, the new one follows the rule of sign-up, and every other session
//! of the account ends (whoever held one knew the old password) but this one and those the
//! owner chose to keep. The owner is mailed. Personal API tokens stay: they are scripts the
//! owner made, listed and revoked on their own page.

use crate::db::Transaction;
use crate::error::ApiError;
use crate::secrets::{current_password_error, hash_password};
use crate::{mail, outbox};
use api::FieldError;
use domain::account;
use domain::language::Language;

/// The new password's hash, once the current one is right and the new one follows the rule;
/// every problem at once otherwise.
pub(crate) async fn checked(
    db: &crate::db::Pool,
    user_id: i64,
    current_password: &str,
    password: &str,
) -> Result<String, ApiError> {
    let mut errors: Vec<FieldError> =
        current_password_error(db, user_id, current_password, "current_password").await?.into_iter().collect();
    if let Err(problem) = account::validate_password(password) {
        errors.push(FieldError::from_rule("password", &problem));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    hash_password(password.to_string()).await
}

/// The sessions to keep besides the caller's, from the official body's strings.
pub(crate) fn sessions_to_keep(ids: Option<&[String]>) -> Result<Vec<i64>, ApiError> {
    ids.unwrap_or_default().iter().map(|id| id.trim().parse::<i64>()).collect::<Result<_, _>>().map_err(|_| {
        ApiError::Validation(vec![FieldError::new(
            "keep_session_ids",
            "invalid_value",
            "Give the ids of sessions, as GET /2/profile/sessions lists them.",
            serde_json::json!({}),
        )])
    })
}

/// Stores the new password, ends the other sessions (but `keep`), and mails the owner.
pub(crate) async fn apply(
    tx: &mut Transaction,
    user_id: i64,
    current_grant: Option<i64>,
    keep: &[i64],
    new_hash: String,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(&new_hash)
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    // R-ID-1: a mailbox unified with the login takes the new password too.
    crate::mailboxes::login_password_changed(tx, user_id, &new_hash).await?;
    let open: Vec<(i64,)> = sqlx::query_as("SELECT id FROM oauth_grants WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await?;
    let mut ended = 0;
    for (id,) in open {
        if Some(id) == current_grant || keep.contains(&id) {
            continue;
        }
        sqlx::query("UPDATE oauth_grants SET revoked_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        ended += 1;
    }
    let (email, locale): (String, String) =
        sqlx::query_as("SELECT email, locale FROM users WHERE id = $1").bind(user_id).fetch_one(&mut **tx).await?;
    let message = mail::password_changed(Language::from_tag(&locale).unwrap_or_default(), ended);
    outbox::queue_email(tx, &email, &message.subject, &message.body, now).await?;
    Ok(())
}
