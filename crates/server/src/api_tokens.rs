//! Personal API tokens (R-API-4): their owner creates one (with the password asked again),
//! sees it once, lists them with their last use, and revokes them. A token is a bearer token
//! like a session's, within its scopes only and with a script's 60 requests a minute: that is
//! `grants.rs` and the `AuthUser` extractor. Only a session reaches these routes
//! (`domain::api_access::scope_needed`).

use crate::auth::AuthUser;
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::secrets::{new_token, token_hash, verify_password};
use crate::AppState;
use api::{ApiToken, ApiTokenRequest, FieldError};
use axum::extract::State;
use axum::routing::{delete, get};
use axum::Router;
use chrono::DateTime;
use domain::api_access::{self, TokenError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/2/profile/api_tokens", get(list).post(create))
        .route("/2/profile/api_tokens/{id}", delete(revoke))
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    name: String,
    scopes: String,
    created_at: i64,
    expires_at: Option<i64>,
    last_used_at: Option<i64>,
}

const SELECT_TOKENS: &str = "SELECT id, name, scopes, created_at, expires_at, last_used_at FROM api_tokens";

impl TokenRow {
    fn wire(&self, now: i64, token: Option<String>) -> Result<ApiToken, ApiError> {
        Ok(ApiToken {
            id: self.id,
            name: self.name.clone(),
            scopes: serde_json::from_str(&self.scopes).map_err(|e| ApiError::Internal(format!("bad scopes: {e}")))?,
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
            active: self.expires_at.is_none_or(|at| at > now),
            token,
        })
    }
}

/// A refused new token, as the field it is about.
fn field_error(error: &TokenError) -> FieldError {
    let (attribute, details) = match error {
        TokenError::NameRequired => ("name", serde_json::json!({})),
        TokenError::ScopeRequired => ("scopes", serde_json::json!({"allowed": api_access::TOKEN_SCOPES})),
        TokenError::UnknownScope { scope, allowed } => {
            ("scopes", serde_json::json!({"scope": scope, "allowed": allowed}))
        }
        _ => ("expires_at", serde_json::json!({})),
    };
    let code = match error {
        TokenError::NameRequired | TokenError::ScopeRequired => "required",
        _ => "invalid_value",
    };
    FieldError::new(attribute, code, error.to_string(), details)
}

/// `GET /2/profile/api_tokens`: the caller's tokens not revoked, newest first.
#[utoipa::path(get, path = "/api/2/profile/api_tokens", tag = "Profile", summary = "The caller's personal API tokens, with their scopes, expiry and last use, never their secret (R-API-4)", responses((status = 200, description = "Done", body = api::Success<Vec<api::ApiToken>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token cannot manage tokens", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    let rows: Vec<TokenRow> = sqlx::query_as(&format!(
        "{SELECT_TOKENS} WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC"
    ))
    .bind(user.user_id)
    .fetch_all(&state.db)
    .await?;
    let now = state.clock.now().timestamp();
    Ok(ok(rows.iter().map(|row| row.wire(now, None)).collect::<Result<Vec<_>, _>>()?))
}

/// `POST /2/profile/api_tokens`: the token, this once.
#[utoipa::path(post, path = "/api/2/profile/api_tokens", tag = "Profile", summary = "Creates a personal API token (R-API-4): the password is asked again; the answer holds the token, once", request_body = api::ApiTokenRequest, responses((status = 201, description = "Created; `token` is shown this once", body = api::Success<api::ApiToken>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token cannot manage tokens", body = api::Failure), (status = 422, description = "`validation_failed`: no name, no scope or an unknown one, an expiry in the past, or a wrong password", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(request): ApiJson<ApiTokenRequest>,
) -> ApiResult {
    let now = state.clock.now();
    let expires_at = request.expires_at.map(|at| DateTime::from_timestamp(at, 0).unwrap_or_default());
    let mut errors = vec![];
    if let Err(error) = api_access::validate_new_token(&request.name, &request.scopes, expires_at, now) {
        errors.push(field_error(&error));
    }
    let (password_hash,): (String,) =
        sqlx::query_as("SELECT password_hash FROM users WHERE id = $1").bind(user.user_id).fetch_one(&state.db).await?;
    if !verify_password(request.password.clone(), password_hash).await? {
        errors.push(FieldError::new(
            "password",
            "wrong_password",
            "This is not the password of the account.",
            serde_json::json!({}),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let token = new_token();
    let scopes = serde_json::to_string(&request.scopes).map_err(|e| ApiError::Internal(e.to_string()))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO api_tokens (user_id, name, scopes, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user.user_id)
    .bind(request.name.trim())
    .bind(scopes)
    .bind(token_hash(&token))
    .bind(now.timestamp())
    .bind(request.expires_at)
    .fetch_one(&state.db)
    .await?;
    let row: TokenRow = sqlx::query_as(&format!("{SELECT_TOKENS} WHERE id = $1")).bind(id).fetch_one(&state.db).await?;
    Ok(created(row.wire(now.timestamp(), Some(token))?))
}

/// `DELETE /2/profile/api_tokens/{id}`: it stops working at once.
#[utoipa::path(delete, path = "/api/2/profile/api_tokens/{id}", tag = "Profile", summary = "Revokes a personal API token; calls with it are refused from then on (R-API-4)", params(("id" = i64, Path, description = "The token")), responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token cannot manage tokens", body = api::Failure), (status = 404, description = "`object_not_found`: not a token of the caller, or revoked already", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn revoke(State(state): State<AppState>, user: AuthUser, ApiPath(id): ApiPath<i64>) -> ApiResult {
    let revoked =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(state.clock.now().timestamp())
            .bind(id)
            .bind(user.user_id)
            .execute(&state.db)
            .await?;
    if revoked.rows_affected() == 0 {
        return Err(ApiError::ObjectNotFound);
    }
    Ok(ok(true))
}
