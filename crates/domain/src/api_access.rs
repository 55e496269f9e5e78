//! The public API's own rules (R-API-*): versioned paths, the rate limit, personal tokens.
//!
//! R-API-3 (the HTTP methods GET, POST, PATCH, PUT and DELETE) is the server's routing; the
//! methods are listed here as [`HttpMethod`] so the rule has one home.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// R-API-2: requests a minute per token. Fixed: nothing raises it.
pub const REQUESTS_PER_MINUTE: u32 = 60;

/// The `client_id` the console's web app sends with the password grant.
pub const CONSOLE_CLIENT_ID: &str = "console";

/// Whom a token serves. Decided once, when the token is issued, and stored with it: a
/// request cannot change it (no header or parameter of a later request is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    /// A session the console's web app opened for a person (`grant_type=password` with
    /// `client_id=console`), and the refreshes of that session.
    Console,
    /// Everything else: scripts, other OAuth clients, personal tokens, anonymous calls.
    Script,
}

/// How many requests a client may make: `per_minute` on average, up to `burst` in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_minute: u32,
    pub burst: u32,
}

impl ClientKind {
    /// The kind of a password grant's token, from the `client_id` it was asked with.
    pub fn of_password_grant(client_id: Option<&str>) -> ClientKind {
        match client_id.map(str::trim) {
            Some(CONSOLE_CLIENT_ID) => ClientKind::Console,
            _ => ClientKind::Script,
        }
    }

    /// The limit of this kind of client. R-API-2 binds scripts: exactly 60 a minute, in a row
    /// or spread. A person in the console is not a script (API.md, Conventions): 600 a
    /// minute, and a burst of 150 so that a page opening several things at once, or someone
    /// moving quickly between pages, never meets it. (API.md says "bursts of 100"; the
    /// issue that sized it asks that 150 requests in a row all succeed, which 100 cannot
    /// give, so the burst is 150: a quarter of the minute.)
    pub fn limit(self) -> RateLimit {
        match self {
            ClientKind::Console => RateLimit { per_minute: 600, burst: 150 },
            ClientKind::Script => RateLimit { per_minute: REQUESTS_PER_MINUTE, burst: REQUESTS_PER_MINUTE },
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ClientKind::Console => "console",
            ClientKind::Script => "script",
        }
    }

    /// Reads a stored kind; anything unknown is a script, the stricter limit.
    pub fn parse(stored: &str) -> ClientKind {
        if stored == "console" {
            ClientKind::Console
        } else {
            ClientKind::Script
        }
    }
}

/// The versions of the API, newest first.
pub const API_VERSIONS: [u32; 2] = [2, 1];

/// R-API-3: the methods of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl HttpMethod {
    pub fn parse(method: &str) -> Option<HttpMethod> {
        match method {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "PATCH" => Some(HttpMethod::Patch),
            "PUT" => Some(HttpMethod::Put),
            "DELETE" => Some(HttpMethod::Delete),
            _ => None,
        }
    }
}

/// R-API-1: what a path's first segment says of its version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionedPath<'a> {
    /// `/2/profile`: a version of this API and the command path (`/profile`).
    Version(u32, &'a str),
    /// `/profile`: no version, so the latest answers; the whole path is the command path.
    Latest(&'a str),
    /// `/3/profile`, `/02/profile`, `/4294967296/profile`: a number in the version's place
    /// that names no version of this API (nor one written another way).
    NoSuchVersion,
}

/// R-API-1: splits a path into its version and its command path. A first segment of digits
/// is a version: one of [`API_VERSIONS`], written without leading zeros, or no such version.
pub fn split_version(path: &str) -> VersionedPath<'_> {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    let (first, rest) = trimmed.find('/').map_or((trimmed, ""), |at| trimmed.split_at(at));
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return VersionedPath::Latest(path);
    }
    match API_VERSIONS.into_iter().find(|version| version.to_string() == first) {
        Some(version) => VersionedPath::Version(version, rest),
        None => VersionedPath::NoSuchVersion,
    }
}

/// A personal API token as its owner sees it in the list: never the secret again (R-API-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalToken {
    pub id: i64,
    pub owner_id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum TokenError {
    /// Somebody else's token: reported as missing, so its existence is not revealed.
    #[error("this token does not exist")]
    NotFound,
    #[error("a token needs a name")]
    NameRequired,
    #[error("a token needs at least one scope")]
    ScopeRequired,
    #[error("the expiry date must be in the future")]
    ExpiryInThePast,
    #[error("{scope:?} is not a scope; choose among {allowed:?}")]
    UnknownScope { scope: String, allowed: [&'static str; 5] },
    /// The token's scopes do not reach this part of the API (`needed` None: no token does,
    /// e.g. managing tokens, which takes a person's session).
    #[error("this token's scopes do not allow this request")]
    OutOfScope { needed: Option<&'static str>, scopes: Vec<String> },
}

impl TokenError {
    pub fn code(&self) -> &'static str {
        match self {
            TokenError::NotFound => "object_not_found",
            TokenError::OutOfScope { .. } => "access_denied",
            _ => "validation_failed",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            TokenError::NotFound => 404,
            TokenError::OutOfScope { .. } => 403,
            _ => 422,
        }
    }
}

impl PersonalToken {
    /// Usable now: not revoked, not expired.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| at > now)
    }
}

/// R-API-4: checks a new token's fields.
pub fn validate_new_token(
    name: &str,
    scopes: &[String],
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), TokenError> {
    if name.trim().is_empty() {
        return Err(TokenError::NameRequired);
    }
    if scopes.iter().all(|s| s.trim().is_empty()) {
        return Err(TokenError::ScopeRequired);
    }
    if let Some(unknown) = scopes.iter().find(|s| !TOKEN_SCOPES.contains(&s.as_str())) {
        return Err(TokenError::UnknownScope { scope: unknown.clone(), allowed: TOKEN_SCOPES });
    }
    if expires_at.is_some_and(|at| at <= now) {
        return Err(TokenError::ExpiryInThePast);
    }
    Ok(())
}

/// R-API-4: what a personal token may be given, each a part of the API (our choice, after
/// the official token scopes): `accounts` (Organizations, users, invitations, teams),
/// `products` (the catalog, products, renewals, orders, cancellations), `billing` (payments,
/// payment methods, the prepaid account, invoices), `user_info` (one's profile and security),
/// `support` (support access).
pub const TOKEN_SCOPES: [&str; 5] = ["accounts", "products", "billing", "user_info", "support"];

/// The scope a request's path (without `/api`, with or without its version) needs. None: no
/// personal token reaches it (tokens themselves, sessions, approving a log-in and log-out take
/// a person's session, as do proving one's identity and mailboxes' passwords; the password,
/// under `profile`, is refused by the route itself).
pub fn scope_needed(path: &str) -> Option<&'static str> {
    let rest = match split_version(path) {
        VersionedPath::Version(_, rest) | VersionedPath::Latest(rest) => rest,
        VersionedPath::NoSuchVersion => return None,
    };
    let parts: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["profile", "api_tokens" | "sessions" | "identity_checks" | "mailboxes", ..]
        | ["profile", "security", "push", ..]
        | ["token", ..] => None,
        ["profile", ..] => Some("user_info"),
        ["support_accesses", ..] => Some("support"),
        ["catalog", ..] | ["products", ..] | ["cancellations", ..] => Some("products"),
        ["invitations", ..] => Some("accounts"),
        ["accounts", _, section, ..] => match *section {
            "products" | "renewals" | "orders" => Some("products"),
            "payments" | "payment_methods" | "prepaid" | "invoices" => Some("billing"),
            _ => Some("accounts"),
        },
        ["accounts", ..] => Some("accounts"),
        _ => None,
    }
}

/// R-API-4: a personal token works within its scopes only.
pub fn token_allows(scopes: &[String], path: &str) -> Result<(), TokenError> {
    let needed = scope_needed(path);
    match needed {
        Some(scope) if scopes.iter().any(|s| s == scope) => Ok(()),
        _ => Err(TokenError::OutOfScope { needed, scopes: scopes.to_vec() }),
    }
}

/// R-API-4: only its owner lists or revokes a token; to anybody else it does not exist.
pub fn may_manage_token(token: &PersonalToken, user_id: i64) -> Result<(), TokenError> {
    if token.owner_id == user_id {
        Ok(())
    } else {
        Err(TokenError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap()
    }

    #[test]
    fn r_api_1_a_path_has_a_version_or_gets_the_latest() {
        // R-API-1
        assert_eq!(split_version("/2/profile"), VersionedPath::Version(2, "/profile"));
        assert_eq!(split_version("/1/accounts/7/teams"), VersionedPath::Version(1, "/accounts/7/teams"));
        assert_eq!(split_version("/profile"), VersionedPath::Latest("/profile"));
        assert_eq!(split_version("/accounts/2"), VersionedPath::Latest("/accounts/2"));
        assert_eq!(split_version("/2"), VersionedPath::Version(2, ""));
        assert_eq!(split_version("/"), VersionedPath::Latest("/"));
        assert_eq!(split_version("/v2/profile"), VersionedPath::Latest("/v2/profile"));
        assert_eq!(API_VERSIONS, [2, 1], "the latest first");
    }

    #[test]
    fn r_api_1_a_number_that_names_no_version_is_no_such_version() {
        // R-API-1: never "the latest" for a version that is not one.
        for path in [
            "/4294967296/profile",
            "/02/profile",
            "/01/accounts",
            "/0/profile",
            "/3/profile",
            "/99999999999999999999/x",
        ] {
            assert_eq!(split_version(path), VersionedPath::NoSuchVersion, "{path}");
        }
    }

    #[test]
    fn r_api_4_a_token_works_within_its_scopes_only() {
        // R-API-4
        let billing = vec!["billing".to_string()];
        assert_eq!(token_allows(&billing, "/1/accounts/7/invoices"), Ok(()));
        assert_eq!(token_allows(&billing, "/1/accounts/7/invoices/3/pdf"), Ok(()));
        assert_eq!(token_allows(&billing, "/accounts/7/prepaid"), Ok(()), "without a version: the latest");
        assert_eq!(
            token_allows(&billing, "/1/accounts/7/products"),
            Err(TokenError::OutOfScope { needed: Some("products"), scopes: billing.clone() })
        );
        assert_eq!(token_allows(&billing, "/1/accounts").unwrap_err().code(), "access_denied");
        let all: Vec<String> = TOKEN_SCOPES.iter().map(|s| s.to_string()).collect();
        for (path, scope) in [
            ("/1/accounts", "accounts"),
            ("/2/accounts/7/users", "accounts"),
            ("/1/accounts/7/teams/2/users", "accounts"),
            ("/1/invitations/abc/accept", "accounts"),
            ("/1/accounts/7/renewals", "products"),
            ("/1/products", "products"),
            ("/1/catalog", "products"),
            ("/1/accounts/7/payment_methods/2", "billing"),
            ("/2/profile", "user_info"),
            ("/2/profile/security/otp", "user_info"),
            ("/1/support_accesses/4", "support"),
        ] {
            assert_eq!(scope_needed(path), Some(scope), "{path}");
            assert_eq!(token_allows(&all, path), Ok(()), "{path}");
        }
        // Tokens are managed from a person's session only, whatever the token's scopes.
        for path in [
            "/2/profile/api_tokens",
            "/2/profile/api_tokens/3",
            "/2/profile/sessions/4",
            "/2/profile/security/push/5",
            "/token",
            "/7/accounts",
        ] {
            assert_eq!(token_allows(&all, path).unwrap_err().http_status(), 403, "{path}");
        }
    }

    #[test]
    fn r_api_4_a_new_token_has_a_name_known_scopes_and_a_future_expiry() {
        // R-API-4
        let scopes = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(validate_new_token("CI", &scopes(&["products"]), None, now()), Ok(()));
        assert_eq!(validate_new_token(" ", &scopes(&["products"]), None, now()), Err(TokenError::NameRequired));
        assert_eq!(validate_new_token("CI", &[], None, now()), Err(TokenError::ScopeRequired));
        assert_eq!(
            validate_new_token("CI", &scopes(&["products", "drive"]), None, now()),
            Err(TokenError::UnknownScope { scope: "drive".into(), allowed: TOKEN_SCOPES })
        );
        assert_eq!(
            validate_new_token("CI", &scopes(&["billing"]), Some(now()), now()),
            Err(TokenError::ExpiryInThePast)
        );
        assert!(validate_new_token("CI", &scopes(&["billing"]), Some(now() + Duration::days(1)), now()).is_ok());
    }

    #[test]
    fn r_api_2_the_limit_is_sixty_a_minute() {
        // R-API-2
        assert_eq!(REQUESTS_PER_MINUTE, 60);
    }

    #[test]
    fn r_api_2_scripts_keep_sixty_a_minute_and_only_the_console_client_gets_more() {
        // R-API-2: every client but the console's own sessions keeps exactly the public limit.
        for client_id in [None, Some(""), Some("my-script"), Some("Console"), Some("console2")] {
            let kind = ClientKind::of_password_grant(client_id);
            assert_eq!(kind, ClientKind::Script, "{client_id:?}");
            assert_eq!(kind.limit(), RateLimit { per_minute: 60, burst: 60 });
        }
        let console = ClientKind::of_password_grant(Some("console"));
        assert_eq!(console, ClientKind::Console);
        assert_eq!(console.limit(), RateLimit { per_minute: 600, burst: 150 });
        for kind in [ClientKind::Console, ClientKind::Script] {
            assert_eq!(ClientKind::parse(kind.as_str()), kind);
        }
        assert_eq!(ClientKind::parse("unknown"), ClientKind::Script, "unknown is the stricter");
    }

    #[test]
    fn r_api_3_the_api_takes_five_methods() {
        // R-API-3
        for m in ["GET", "POST", "PATCH", "PUT", "DELETE"] {
            assert!(HttpMethod::parse(m).is_some(), "{m}");
        }
        assert_eq!(HttpMethod::parse("HEAD"), None);
    }

    #[test]
    fn r_api_4_only_the_owner_manages_a_token_and_expired_or_revoked_ones_do_not_work() {
        // R-API-4
        let token = PersonalToken {
            id: 1,
            owner_id: 7,
            name: "ci".into(),
            scopes: vec!["accounts".into()],
            created_at: now(),
            expires_at: Some(now() + Duration::days(30)),
            revoked_at: None,
        };
        assert_eq!(may_manage_token(&token, 7), Ok(()));
        assert_eq!(may_manage_token(&token, 8), Err(TokenError::NotFound));
        assert!(token.is_active(now()));
        assert!(!token.is_active(now() + Duration::days(30)));
        let revoked = PersonalToken { revoked_at: Some(now()), ..token };
        assert!(!revoked.is_active(now()));
    }

    #[test]
    fn r_api_4_a_new_token_needs_a_name_a_scope_and_a_future_expiry() {
        // R-API-4
        let scopes = vec!["accounts".to_string()];
        assert_eq!(validate_new_token("ci", &scopes, None, now()), Ok(()));
        assert_eq!(validate_new_token(" ", &scopes, None, now()), Err(TokenError::NameRequired));
        assert_eq!(validate_new_token("ci", &[], None, now()), Err(TokenError::ScopeRequired));
        assert_eq!(validate_new_token("ci", &scopes, Some(now()), now()), Err(TokenError::ExpiryInThePast));
        assert_eq!(validate_new_token("ci", &scopes, Some(now() + Duration::seconds(1)), now()), Ok(()));
        assert_eq!(validate_new_token("ci", &[" ".to_string()], None, now()), Err(TokenError::ScopeRequired));
        for error in [TokenError::NameRequired, TokenError::ScopeRequired, TokenError::ExpiryInThePast] {
            assert_eq!((error.code(), error.http_status()), ("validation_failed", 422), "{error:?}");
        }
        let hidden = TokenError::NotFound;
        assert_eq!((hidden.code(), hidden.http_status()), ("object_not_found", 404), "never revealed");
    }
}
