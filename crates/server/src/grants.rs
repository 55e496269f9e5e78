//! The OAuth grant behind an access token. Both the rate limiter (which limit: the kind of
//! client stored with the token) and the `AuthUser` extractor (whose request) need it, so it
//! is looked up once per request: the limiter leaves what it found in the request's
//! extensions, and the extractor takes it from there.

use crate::db::Executor;
use crate::error::ApiError;
use domain::api_access::ClientKind;

#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub id: i64,
    pub user_id: i64,
    pub client: ClientKind,
    pub revoked: bool,
    pub access_expires_at: i64,
    /// A personal API token's scopes (R-API-4); None for a session, which reaches all the
    /// person may. `id` is then the token's, in `api_tokens`.
    pub scopes: Option<Vec<String>>,
    /// Its user's account is in recovery (R-REC-3): a new login email comes first.
    pub in_recovery: bool,
}

impl Grant {
    /// Whether its access token is still accepted at `now` (Unix seconds).
    pub fn is_live(&self, now: i64) -> bool {
        !self.revoked && self.access_expires_at > now
    }
}

/// A look-up already made for this request: the hash of the token, and what it found.
#[derive(Debug, Clone)]
pub(crate) struct LookedUp {
    pub token_hash: String,
    pub grant: Option<Grant>,
}

/// The grant behind an access token: a session's (`oauth_grants`), else a personal API
/// token's (`api_tokens`, R-API-4), which counts as a script (R-API-2).
pub(crate) async fn by_access_hash(db: &crate::db::Pool, token_hash: &str) -> Result<Option<Grant>, ApiError> {
    let row: Option<(i64, i64, String, Option<i64>, i64, Option<i64>)> = sqlx::query_as(
        "SELECT g.id, g.user_id, g.client, g.revoked_at, g.access_expires_at, u.recovery_since \
         FROM oauth_grants g JOIN users u ON u.id = g.user_id WHERE g.access_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    if let Some((id, user_id, client, revoked_at, access_expires_at, recovery_since)) = row {
        return Ok(Some(Grant {
            id,
            user_id,
            client: ClientKind::parse(&client),
            revoked: revoked_at.is_some(),
            access_expires_at,
            scopes: None,
            in_recovery: recovery_since.is_some(),
        }));
    }
    personal(db, token_hash).await
}

async fn personal(db: impl Executor<'_>, token_hash: &str) -> Result<Option<Grant>, ApiError> {
    type Row = (i64, i64, String, Option<i64>, Option<i64>, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT t.id, t.user_id, t.scopes, t.revoked_at, t.expires_at, u.recovery_since \
         FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    let Some((id, user_id, scopes, revoked_at, expires_at, recovery_since)) = row else { return Ok(None) };
    let scopes: Vec<String> =
        serde_json::from_str(&scopes).map_err(|e| ApiError::Internal(format!("bad token scopes: {e}")))?;
    Ok(Some(Grant {
        id,
        user_id,
        client: ClientKind::Script,
        revoked: revoked_at.is_some(),
        access_expires_at: expires_at.unwrap_or(i64::MAX),
        scopes: Some(scopes),
        in_recovery: recovery_since.is_some(),
    }))
}
