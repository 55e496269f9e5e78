//! OAuth 2 tokens (`POST|DELETE /token`) and the `AuthUser` extractor.

use crate::error::{ok, ApiError, ApiResult};
use crate::grants::{self, LookedUp};
use crate::secrets::{new_token, token_hash, verify_password, DECOY_HASH};
use crate::AppState;
use crate::{push_challenges, second_factor};
use api::{OAuthError, TokenResponse};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use chrono::DateTime;
use domain::api_access::{self, ClientKind};
use domain::login::Attempts;
use domain::twofa::{self, TwoFactorError};
use serde::Deserialize;

/// Access tokens live two hours, refresh tokens thirty days.
const ACCESS_TTL_SECONDS: i64 = 2 * 3600;
const REFRESH_TTL_SECONDS: i64 = 30 * 24 * 3600;

pub fn routes() -> Router<AppState> {
    Router::new().route("/token", post(token).delete(revoke))
}

/// The signed-in user behind the request's bearer token.
#[derive(Debug, Clone, Copy)]
pub struct AuthUser {
    pub user_id: i64,
    /// The session's grant; None for a personal API token (R-API-4), which no route that
    /// needs a session lets in (`domain::api_access::scope_needed`).
    pub grant_id: Option<i64>,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(ApiError::NotAuthorized)?;
        let now = state.clock.now().timestamp();
        let hash = token_hash(token.trim());
        // Usually the rate limiter has looked the token up already (grants.rs).
        let grant = match parts.extensions.get::<LookedUp>() {
            Some(looked_up) if looked_up.token_hash == hash => looked_up.grant.clone(),
            _ => grants::by_access_hash(&state.db, &hash).await?,
        };
        let grant = grant.filter(|grant| grant.is_live(now)).ok_or(ApiError::NotAuthorized)?;
        // R-REC-3: an account in recovery reads, sets its new login email, and logs out.
        let path = parts.uri.path();
        domain::recovery::may_act(grant.in_recovery, parts.method.as_str(), path.strip_prefix("/api").unwrap_or(path))
            .map_err(|e| ApiError::rule(&e))?;
        if let Some(scopes) = &grant.scopes {
            // R-API-4: a personal token reaches its scopes only; its last use is kept (once a
            // minute at most, not a write per request).
            let path = parts.uri.path();
            api_access::token_allows(scopes, path.strip_prefix("/api").unwrap_or(path))
                .map_err(|e| ApiError::rule(&e))?;
            sqlx::query(
                "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
            )
            .bind(now)
            .bind(grant.id)
            .bind(now - 60)
            .execute(&state.db)
            .await?;
            return Ok(AuthUser { user_id: grant.user_id, grant_id: None });
        }
        Ok(AuthUser { user_id: grant.user_id, grant_id: Some(grant.id) })
    }
}

/// `Option<AuthUser>`: None without an Authorization header; a header with a bad token is
/// still refused, rather than silently treated as anonymous.
impl axum::extract::OptionalFromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, ApiError> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            <AuthUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await.map(Some)
        } else {
            Ok(None)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    grant_type: Option<String>,
    username: Option<String>,
    password: Option<String>,
    refresh_token: Option<String>,
    /// The second factor when 2FA is on: an app code or a backup code.
    otp: Option<String>,
    /// `console` for the web app's own sessions (their limit is a person's, not a script's).
    client_id: Option<String>,
    /// R-2FA-2: the key of the push challenge this log-in waits on (the answer to an
    /// `otp_required` that offered push).
    push_challenge_id: Option<String>,
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = OAuthError {
        error: error.into(),
        error_description: description.into(),
        methods: None,
        push_challenge_id: None,
    };
    (status, Json(body)).into_response()
}

/// `POST /token`: the password and refresh-token grants. OAuth answers, no envelope.
#[utoipa::path(post, path = "/api/token", tag = "OAuth", summary = "OAuth 2 tokens: `grant_type=password` (with `otp` when 2FA is on, `client_id=console` for the web app) or `refresh_token`", request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "grant_type, username, password, otp, client_id, refresh_token"), responses((status = 200, description = "The tokens", body = api::TokenResponse), (status = 400, description = "`invalid_request`, `unsupported_grant_type`, `too_many_attempts_try_again_in_1_minute`, `invalid_grant` (refresh)", body = api::OAuthError), (status = 401, description = "`invalid_grant`, `otp_required` (with `methods`), `invalid_otp`", body = api::OAuthError), (status = 429, description = "`too_many_requests`", body = api::Failure)))]
pub(crate) async fn token(
    State(state): State<AppState>,
    form: Result<Form<TokenForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be form-encoded OAuth 2 parameters.",
        );
    };
    let result = match form.grant_type.as_deref() {
        Some("password") => password_grant(&state, form).await,
        Some("refresh_token") => refresh_grant(&state, form).await,
        _ => Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be password or refresh_token.",
        )),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

async fn password_grant(state: &AppState, form: TokenForm) -> Result<Response, ApiError> {
    let (Some(username), Some(password)) = (form.username, form.password) else {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "username and password are required."));
    };
    let login = username.trim().to_lowercase();
    let now = state.clock.now();
    // R-2FA-7: checked before the password, so a locked login learns nothing from a guess.
    let attempts = load_attempts(state, &login).await?;
    if let Err(locked) = attempts.check(now) {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, locked.code(), &locked.to_string()));
    }
    let user: Option<(i64, String)> =
        // R-REC-3: in recovery, the temporary login logs in and the old email no longer does.
        sqlx::query_as(
            "SELECT id, password_hash FROM users \
             WHERE (lower(email) = lower($1) AND recovery_since IS NULL) OR temporary_login = lower($1)",
        )
            .bind(&login)
            .fetch_optional(&state.db)
            .await?;
    let (user_id, stored) = match user {
        Some((id, hash)) => (Some(id), hash),
        None => (None, DECOY_HASH.clone()),
    };
    let password_ok = verify_password(password, stored).await?;
    let Some(user_id) = user_id.filter(|_| password_ok) else {
        save_attempts(state, &login, attempts.failed(now)).await?;
        return Ok(oauth_error(StatusCode::UNAUTHORIZED, "invalid_grant", "The email or the password is wrong."));
    };
    // R-2FA-1, R-2FA-2: the domain says whether the password is enough, and which second
    // factors to offer when it is not.
    let factors = second_factor::load(state, user_id).await?;
    let two_factor = factors.state.clone();
    let otp = form.otp.filter(|otp| !otp.trim().is_empty());
    let push_key = form.push_challenge_id.filter(|key| !key.trim().is_empty());
    let client = ClientKind::of_password_grant(form.client_id.as_deref());
    let second_factor_checked = match (otp, push_key) {
        _ if !two_factor.is_on() => false,
        // R-2FA-2: approved on a device already signed in. Waiting is no failure: the
        // log-in asks again (OAuth's `authorization_pending`).
        (None, Some(key)) => {
            if let Err(refused) = push_challenges::redeem(state, user_id, &key, now).await {
                let status = StatusCode::from_u16(refused.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
                let status = if status == StatusCode::NOT_FOUND { StatusCode::BAD_REQUEST } else { status };
                return Ok(oauth_error(status, domain::RuleError::code(&refused), &refused.to_string()));
            }
            true
        }
        (Some(otp), _) => {
            if second_factor::check(state, user_id, factors, otp).await.is_err() {
                save_attempts(state, &login, attempts.failed(now)).await?;
                return Ok(oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_otp",
                    "This code is wrong, expired or already used.",
                ));
            }
            true
        }
        (None, None) => false,
    };
    // R-2FA-2: push is offered when a device of the user is signed in to answer it.
    let devices_for_push = if two_factor.is_on() && !second_factor_checked {
        push_challenges::devices(state, user_id, now).await?
    } else {
        0
    };
    if let Err(needed) = twofa::after_password(&two_factor, second_factor_checked, devices_for_push as usize) {
        let methods: Vec<String> = match &needed {
            TwoFactorError::OtpRequired { methods } => methods.iter().map(|m| m.as_str().to_string()).collect(),
            _ => vec![],
        };
        let push_challenge_id = if methods.iter().any(|m| m == "push") {
            Some(push_challenges::challenge(state, user_id, client.as_str(), now).await?)
        } else {
            None
        };
        let answer = OAuthError {
            error: needed.code().into(),
            error_description: "Enter a code from your authenticator app or a backup code, or approve the log-in on a device where you are signed in.".into(),
            methods: Some(methods),
            push_challenge_id,
        };
        return Ok((StatusCode::UNAUTHORIZED, Json(answer)).into_response());
    }
    save_attempts(state, &login, attempts.succeeded()).await?;
    sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
        .bind(now.timestamp())
        .bind(user_id)
        .execute(&state.db)
        .await?;
    Ok(issue_tokens(state, user_id, client, None).await?.into_response())
}

async fn load_attempts(state: &AppState, login: &str) -> Result<Attempts, ApiError> {
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT failures, locked_until_ms FROM login_attempts WHERE login = $1")
            .bind(login)
            .fetch_optional(&state.db)
            .await?;
    Ok(row
        .map(|(failures, locked_until)| Attempts {
            failures: u32::try_from(failures).unwrap_or(u32::MAX),
            locked_until: locked_until.and_then(DateTime::from_timestamp_millis),
        })
        .unwrap_or_default())
}

async fn save_attempts(state: &AppState, login: &str, attempts: Attempts) -> Result<(), ApiError> {
    if attempts == Attempts::default() {
        sqlx::query("DELETE FROM login_attempts WHERE login = $1").bind(login).execute(&state.db).await?;
    } else {
        sqlx::query(
            "INSERT INTO login_attempts (login, failures, locked_until_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (login) DO UPDATE SET failures = excluded.failures, locked_until_ms = excluded.locked_until_ms",
        )
        .bind(login)
        .bind(i64::from(attempts.failures))
        .bind(attempts.locked_until.map(|at| at.timestamp_millis()))
        .execute(&state.db)
        .await?;
    }
    Ok(())
}

async fn refresh_grant(state: &AppState, form: TokenForm) -> Result<Response, ApiError> {
    let Some(refresh_token) = form.refresh_token else {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "refresh_token is required."));
    };
    let now = state.clock.now().timestamp();
    // Revoking and reading in one statement: a refresh token works once, even under a race.
    // The renewed session is of the same kind as the one it renews.
    let grant: Option<(i64, String, i64)> = sqlx::query_as(
        "UPDATE oauth_grants SET revoked_at = $1 WHERE refresh_hash = $2 AND revoked_at IS NULL AND refresh_expires_at > $3 \
         RETURNING user_id, client, signed_in_at",
    )
    .bind(now)
    .bind(token_hash(&refresh_token))
    .bind(now)
    .fetch_optional(&state.db)
    .await?;
    match grant {
        Some((user_id, client, signed_in_at)) => {
            Ok(issue_tokens(state, user_id, ClientKind::parse(&client), Some(signed_in_at)).await?.into_response())
        }
        None => Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "The refresh token is invalid, expired or already used.",
        )),
    }
}

/// A new pair of tokens. `signed_in_at`: when the session began, for a renewal (a session is
/// the chain of grants its refresh tokens renew; the list of active sessions shows it once).
async fn issue_tokens(
    state: &AppState,
    user_id: i64,
    client: ClientKind,
    signed_in_at: Option<i64>,
) -> Result<Json<TokenResponse>, ApiError> {
    let now = state.clock.now().timestamp();
    let (access, refresh) = (new_token(), new_token());
    sqlx::query(
        "INSERT INTO oauth_grants (user_id, access_hash, refresh_hash, access_expires_at, refresh_expires_at, created_at, client, signed_in_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(user_id)
    .bind(token_hash(&access))
    .bind(token_hash(&refresh))
    .bind(now + ACCESS_TTL_SECONDS)
    .bind(now + REFRESH_TTL_SECONDS)
    .bind(now)
    .bind(client.as_str())
    .bind(signed_in_at.unwrap_or(now))
    .execute(&state.db)
    .await?;
    Ok(Json(TokenResponse {
        access_token: access,
        refresh_token: refresh,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TTL_SECONDS,
        scope: "user_info accounts".into(),
        user_id,
    }))
}

/// `DELETE /token`: revokes the bearer token (and its refresh token).
#[utoipa::path(delete, path = "/api/token", tag = "OAuth", summary = "Revokes the bearer token and its refresh token (log out)", responses((status = 200, description = "Done", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn revoke(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    sqlx::query("UPDATE oauth_grants SET revoked_at = $1 WHERE id = $2")
        .bind(state.clock.now().timestamp())
        .bind(user.grant_id)
        .execute(&state.db)
        .await?;
    Ok(ok(true))
}
