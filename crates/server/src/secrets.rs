//! Hashing secrets, for every resource that keeps one: argon2id for what people choose or
//! might guess (passwords, backup codes), SHA-256 for 256-bit random tokens (OAuth tokens,
//! invitation keys), which no one can guess, so a fast hash is enough.

use crate::error::ApiError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// Hashes a secret with argon2id (the crate's default algorithm). Blocking: call it off the
/// async threads.
pub fn argon2_hash(secret: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::Internal(format!("argon2: {e}")))
}

/// Checks a secret against an argon2 hash. Blocking: call it off the async threads.
pub fn argon2_verify(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| Argon2::default().verify_password(secret.as_bytes(), &hash).is_ok())
}

/// Runs `work` off the async threads: argon2id is slow by design, and would stall them.
pub(crate) async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| ApiError::Internal(e.to_string()))
}

/// Hashes a password with argon2id, off the async threads.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    off_thread(move || argon2_hash(&password)).await?
}

/// Checks a password against a stored argon2 hash, off the async threads.
pub async fn verify_password(password: String, stored: String) -> Result<bool, ApiError> {
    off_thread(move || argon2_verify(&password, &stored)).await
}

/// The error of the field `attribute` when what was typed there is not the account's
/// password; None when it is. The password is asked again before it, the login email or a
/// unified mailbox's password changes (`password_change`, `login_recovery`, `mailboxes`).
pub(crate) async fn current_password_error(
    db: &crate::db::Pool,
    user_id: i64,
    typed: &str,
    attribute: &str,
) -> Result<Option<api::FieldError>, ApiError> {
    let (stored,): (String,) =
        sqlx::query_as("SELECT password_hash FROM users WHERE id = $1").bind(user_id).fetch_one(db).await?;
    let right = verify_password(typed.to_string(), stored).await?;
    Ok((!right).then(|| {
        api::FieldError::new(
            attribute,
            "wrong_password",
            "This is not the password of the account.",
            serde_json::json!({}),
        )
    }))
}

/// A hash to check against when the email is unknown, so that an unknown email takes as long
/// as a wrong password and the answer time does not reveal which accounts exist.
pub(crate) static DECOY_HASH: LazyLock<String> = LazyLock::new(|| argon2_hash("decoy password").expect("argon2 works"));

/// Tokens are stored as SHA-256 hex digests only.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A 256-bit random token, hex: for OAuth tokens and invitation keys.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}
