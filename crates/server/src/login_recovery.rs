//! The login email: changed by its owner (`email` with `current_password` in the official
//! `PATCH /2/profile`, the route is `users.rs`), and the recovery of R-REC-3: when a Mail
//! Service ends (cancelled, `cancellations.rs`, or terminated unpaid, `product_jobs.rs`), every
//! member of its Organization whose login is one of its mailboxes enters recovery: the old login
//! no longer logs in, a temporary login (initials and digits) goes by SMS and to the recovery
//! email, and with it and the unchanged password the person logs in and must choose a new
//! login email before anything else (`auth.rs` refuses the rest, `domain::recovery::may_act`).
//!
//! Only members of the Organization that had the service: the console cannot prove that a
//! domain is that Organization's own, and must not let someone who names a Mail Service after
//! another's domain put strangers' accounts in recovery.

use crate::db::Transaction;
use crate::error::ApiError;
use crate::secrets::current_password_error;
use crate::{mail, outbox};
use api::FieldError;
use domain::account;
use domain::kcheck::VerificationReason;
use domain::language::Language;
use domain::recovery::{login_hosted_by, temporary_login, temporary_login_channels, Channel, RecoveryError};
use rand::Rng;

/// The product type of a Mail Service.
const MAIL_SERVICE: &str = "email_hosting";

/// The new login email, once the current password is right, the address is one and no other
/// account logs in with it; every problem at once otherwise.
pub(crate) async fn checked(
    db: &crate::db::Pool,
    user_id: i64,
    current_password: &str,
    email: &str,
) -> Result<String, ApiError> {
    let email = email.trim().to_string();
    let mut errors: Vec<FieldError> =
        current_password_error(db, user_id, current_password, "current_password").await?.into_iter().collect();
    if let Err(problem) = account::validate_email(&email) {
        errors.push(FieldError::from_rule("email", &problem));
    } else {
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE lower(email) = lower($1) AND id <> $2")
            .bind(&email)
            .bind(user_id)
            .fetch_optional(db)
            .await?;
        if taken.is_some() {
            errors.push(FieldError::new(
                "email",
                "email_taken",
                "Another account logs in with this email.",
                serde_json::json!({}),
            ));
        }
    }
    if errors.is_empty() {
        Ok(email)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Stores the new login email, and what a search of members looks in with it; an account in
/// recovery leaves it (R-REC-3).
pub(crate) async fn apply(tx: &mut Transaction, user_id: i64, email: &str) -> Result<(), ApiError> {
    let (first_name, last_name): (String, String) =
        sqlx::query_as("SELECT first_name, last_name FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&mut **tx)
            .await?;
    sqlx::query(
        "UPDATE users SET email = $1, search_text = $2, temporary_login = NULL, recovery_since = NULL WHERE id = $3",
    )
    .bind(email)
    .bind(crate::db::search_text(&first_name, &last_name, email))
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// R-REC-3: the product `product_id` ended. If it was a Mail Service, the members of its
/// Organization whose login it hosted enter recovery.
pub(crate) async fn product_ended(tx: &mut Transaction, product_id: i64, now: i64) -> Result<(), ApiError> {
    let (account_id, service_name, domain): (i64, String, String) =
        sqlx::query_as("SELECT account_id, service_name, customer_name FROM products WHERE id = $1")
            .bind(product_id)
            .fetch_one(&mut **tx)
            .await?;
    if service_name != MAIL_SERVICE {
        return Ok(());
    }
    crate::mailboxes::service_ended(tx, product_id).await?;
    type Member = (i64, String, String, String, String, Option<String>, Option<String>);
    let members: Vec<Member> = sqlx::query_as(
        "SELECT u.id, u.email, u.first_name, u.last_name, u.locale, u.reminder_phone, u.reminder_email \
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.account_id = $1 AND u.recovery_since IS NULL",
    )
    .bind(account_id)
    .fetch_all(&mut **tx)
    .await?;
    for (user_id, email, first_name, last_name, locale, phone, recovery_email) in members {
        if !login_hosted_by(&email, &domain) {
            continue;
        }
        let login = unused_temporary_login(tx, &first_name, &last_name).await?;
        sqlx::query("UPDATE users SET temporary_login = $1, recovery_since = $2 WHERE id = $3")
            .bind(&login)
            .bind(now)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
        let language = Language::from_tag(&locale).unwrap_or_default();
        let message = mail::temporary_login(language, &email, &login);
        match temporary_login_channels(phone.is_some(), recovery_email.is_some()) {
            Ok(channels) => {
                for channel in channels {
                    match (channel, &phone, &recovery_email) {
                        (Channel::Sms, Some(phone), _) => outbox::queue_sms(tx, phone, &message.body, now).await?,
                        (Channel::RecoveryEmail, _, Some(to)) => {
                            outbox::queue_email(tx, to, &message.subject, &message.body, now).await?
                        }
                        _ => {}
                    }
                }
            }
            // Nowhere to send it: only identity verification is left (R-KC-1).
            Err(RecoveryError::NoRecoveryChannel) => {
                let at = crate::db::at(now);
                crate::identity_checks::ask(tx, user_id, VerificationReason::ForgottenLoginEmail, None, at).await?;
            }
            Err(other) => return Err(ApiError::rule(&other)),
        }
    }
    Ok(())
}

/// A temporary login nobody has: the person's initials and six random digits, drawn again
/// on the rare collision.
async fn unused_temporary_login(tx: &mut Transaction, first_name: &str, last_name: &str) -> Result<String, ApiError> {
    loop {
        let digits = rand::thread_rng().gen_range(0..1_000_000);
        let login = temporary_login(first_name, last_name, digits);
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE temporary_login = $1")
            .bind(&login)
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_none() {
            return Ok(login);
        }
    }
}
