//! Support access (R-SUP-*): a member lets Support read one kind of their content in one
//! Organization (its mail services, its kDrives, its kChat, or one email), for 7 days or
//! until they close it; the owners are told. A grant past its date is expired whatever was
//! stored, and the scheduler records it closed (`close_support_accesses`). The decisions are
//! `domain::support`'s.

use crate::auth::AuthUser;
use crate::db::{at, Transaction};
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::membership;
use crate::{mail, outbox, AppState};
use api::{SupportAccess, SupportAccessRequest};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::{delete, get};
use axum::Router;
use domain::language::Language;
use domain::support::{self, Scope};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/1/support_accesses", get(list).post(create)).route("/1/support_accesses/{id}", delete(revoke))
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: i64,
    user_id: i64,
    account_id: i64,
    scope: String,
    resource_ids: String,
    created_at: i64,
    expires_at: i64,
    revoked_at: Option<i64>,
}

const SELECT_GRANTS: &str =
    "SELECT id, user_id, account_id, scope, resource_ids, created_at, expires_at, revoked_at FROM support_accesses";

impl GrantRow {
    fn domain(&self) -> Result<support::Grant, ApiError> {
        Ok(support::Grant {
            id: self.id,
            user_id: self.user_id,
            account_id: self.account_id,
            scope: Scope::parse(&self.scope).ok_or_else(|| ApiError::Internal("bad support scope".into()))?,
            resource_ids: serde_json::from_str(&self.resource_ids)
                .map_err(|e| ApiError::Internal(format!("bad support items: {e}")))?,
            created_at: at(self.created_at),
            expires_at: at(self.expires_at),
            revoked_at: self.revoked_at.map(at),
        })
    }

    fn wire(&self, now: i64) -> Result<SupportAccess, ApiError> {
        let grant = self.domain()?;
        Ok(SupportAccess {
            id: self.id,
            account_id: self.account_id,
            scope: grant.scope,
            status: grant.status(at(now)),
            resource_ids: grant.resource_ids,
            created_at: self.created_at,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
        })
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    account_id: Option<i64>,
}

/// `GET /1/support_accesses[?account_id=]`: the caller's grants, newest first.
#[utoipa::path(get, path = "/api/1/support_accesses", tag = "Support access", summary = "The caller's grants to Support, newest first, each with the date it closes by itself and its status (R-SUP-3)", params(("account_id" = Option<i64>, Query, description = "Only those of this Organization")), responses((status = 200, description = "Done", body = api::Success<Vec<api::SupportAccess>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not an Organization of the caller", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult {
    let Query(query) = query.map_err(|e| ApiError::BadBody(format!("The query is not valid: {}", e.body_text())))?;
    let rows: Vec<GrantRow> = match query.account_id {
        Some(account_id) => {
            membership(&state.db, account_id, user.user_id).await?;
            sqlx::query_as(&format!(
                "{SELECT_GRANTS} WHERE user_id = $1 AND account_id = $2 ORDER BY created_at DESC, id DESC"
            ))
            .bind(user.user_id)
            .bind(account_id)
            .fetch_all(&state.db)
            .await?
        }
        None => {
            sqlx::query_as(&format!("{SELECT_GRANTS} WHERE user_id = $1 ORDER BY created_at DESC, id DESC"))
                .bind(user.user_id)
                .fetch_all(&state.db)
                .await?
        }
    };
    let now = state.clock.now().timestamp();
    Ok(ok(rows.iter().map(|row| row.wire(now)).collect::<Result<Vec<_>, _>>()?))
}

/// `POST /1/support_accesses`: one kind of content of one Organization, for 7 days.
#[utoipa::path(post, path = "/api/1/support_accesses", tag = "Support access", summary = "Lets Support read one kind of content of an Organization for 7 days (R-SUP-1..3); the owners are told by mail", request_body = api::SupportAccessRequest, responses((status = 201, description = "Granted; `expires_at` is 7 days on", body = api::Success<api::SupportAccess>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not an Organization of the caller", body = api::Failure), (status = 422, description = "`validation_failed`: nothing chosen, more than one email, or an item that is not content of this kind in this Organization (R-SUP-2)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(request): ApiJson<SupportAccessRequest>,
) -> ApiResult {
    let now = state.clock.now();
    // Not a member: the domain's refusal; a member kept out by the Organization's 2FA
    // requirement: that refusal.
    let is_member = match membership(&state.db, request.account_id, user.user_id).await {
        Ok(_) => true,
        Err(ApiError::ObjectNotFound) => false,
        Err(other) => return Err(other),
    };
    let grant = support::grant(user.user_id, request.account_id, is_member, request.scope, request.resource_ids, now)
        .map_err(|e| ApiError::rule(&e))?;
    let mut tx = crate::db::begin(&state.db).await?;
    if let Some(types) = grant.scope.product_types() {
        // The types are the domain's constants: nothing the client sent is in the SQL text.
        let kinds = types.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
        let products: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT id, service_name FROM products WHERE account_id = $1 AND deleted_at IS NULL AND service_name IN ({kinds})"
        ))
        .bind(grant.account_id)
        .fetch_all(&mut *tx)
        .await?;
        let products: Vec<(i64, &str)> = products.iter().map(|(id, kind)| (*id, kind.as_str())).collect();
        support::check_items(grant.scope, &grant.resource_ids, &products).map_err(|e| ApiError::rule(&e))?;
    }
    let items = serde_json::to_string(&grant.resource_ids).map_err(|e| ApiError::Internal(e.to_string()))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO support_accesses (user_id, account_id, scope, resource_ids, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(grant.user_id)
    .bind(grant.account_id)
    .bind(grant.scope.as_str())
    .bind(items)
    .bind(grant.created_at.timestamp())
    .bind(grant.expires_at.timestamp())
    .fetch_one(&mut *tx)
    .await?;
    tell_owners(&mut tx, &grant).await?;
    let row: GrantRow = sqlx::query_as(&format!("{SELECT_GRANTS} WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(created(row.wire(now.timestamp())?))
}

/// R-SUP-1: the owners of the Organization learn who let Support in, to what, until when.
async fn tell_owners(tx: &mut Transaction, grant: &support::Grant) -> Result<(), ApiError> {
    let (organization,): (String,) =
        sqlx::query_as("SELECT name FROM accounts WHERE id = $1").bind(grant.account_id).fetch_one(&mut **tx).await?;
    let (by,): (String,) = sqlx::query_as("SELECT first_name || ' ' || last_name FROM users WHERE id = $1")
        .bind(grant.user_id)
        .fetch_one(&mut **tx)
        .await?;
    let owners: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.account_id = $1 AND m.role = 'owner' ORDER BY u.id",
    )
    .bind(grant.account_id)
    .fetch_all(&mut **tx)
    .await?;
    for (email, locale) in owners {
        let language = Language::from_tag(&locale).unwrap_or_default();
        let closes = language.format_date(grant.expires_at.date_naive());
        let kind = mail::support_kind(language, grant.scope);
        let message = mail::support_access_granted(language, &organization, &by, kind, &closes);
        outbox::queue_email(tx, &email, &message.subject, &message.body, grant.created_at.timestamp()).await?;
    }
    Ok(())
}

/// `DELETE /1/support_accesses/{id}`: closed now, before its date (R-SUP-3).
#[utoipa::path(delete, path = "/api/1/support_accesses/{id}", tag = "Support access", summary = "Closes one of the caller's grants before its date (R-SUP-3)", params(("id" = i64, Path, description = "The grant")), responses((status = 200, description = "Revoked", body = api::Success<api::SupportAccess>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not a grant of the caller", body = api::Failure), (status = 409, description = "`support_access_already_closed`: revoked or expired already", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn revoke(State(state): State<AppState>, user: AuthUser, ApiPath(id): ApiPath<i64>) -> ApiResult {
    let now = state.clock.now();
    let mut tx = crate::db::begin(&state.db).await?;
    let row: GrantRow = sqlx::query_as(&format!("{SELECT_GRANTS} WHERE id = $1 AND user_id = $2"))
        .bind(id)
        .bind(user.user_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ApiError::ObjectNotFound)?;
    row.domain()?.revoke(now).map_err(|e| ApiError::rule(&e))?;
    sqlx::query("UPDATE support_accesses SET revoked_at = $1 WHERE id = $2")
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let row: GrantRow = sqlx::query_as(&format!("{SELECT_GRANTS} WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(ok(row.wire(now.timestamp())?))
}

/// R-USER-3: the grants a member made in an Organization that are still open, which go with
/// them when they leave it.
pub(crate) async fn open_grants(
    tx: &mut Transaction,
    account_id: i64,
    user_id: i64,
    now: i64,
) -> Result<Vec<i64>, ApiError> {
    let ids: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM support_accesses WHERE account_id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > $3",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

/// Revokes these grants now (R-USER-3).
pub(crate) async fn revoke_all(tx: &mut Transaction, ids: &[i64], now: i64) -> Result<(), ApiError> {
    for id in ids {
        sqlx::query("UPDATE support_accesses SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The scheduler's job (R-SUP-3): grants whose 7 days are over are recorded closed, once.
/// Their status already says `expired` from the clock alone; this keeps the record true for
/// whoever reads the table, and is where closing would reach Support's own systems.
pub(crate) async fn close_due(state: &AppState, now: i64) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE support_accesses SET closed_at = $1 WHERE closed_at IS NULL AND revoked_at IS NULL AND expires_at <= $2",
    )
    .bind(now)
    .bind(now)
    .execute(&state.db)
    .await?;
    Ok(())
}
