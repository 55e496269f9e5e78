//! Personal API tokens (R-API-4): the wire shapes of `/2/profile/api_tokens`.

use serde::{Deserialize, Serialize};

/// `POST /2/profile/api_tokens`: a name, scopes among `domain::api_access::TOKEN_SCOPES`, an
/// optional expiry (Unix seconds), and the account's password, asked again.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiTokenRequest {
    pub name: String,
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    pub password: String,
}

/// A personal token as listed: never the secret, except in `token`, once, in the answer that
/// created it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    /// Usable now: not expired (revoked tokens are not listed).
    pub active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// One of the caller's active sessions (a log-in, renewed by its refresh token until it ends).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActiveSession {
    pub id: i64,
    /// `console` (this web app) or `script` (another OAuth client).
    pub client: String,
    /// When its log-in was.
    pub signed_in_at: i64,
    /// When it was last renewed (every two hours while in use).
    pub last_active_at: i64,
    /// The session of the request that lists them.
    pub current: bool,
}
