//! Partners managing clients (R-PART-3): a client Organization's legal representative lets a
//! partner (an Organization in the partner program) manage all of its account, billing
//! included, or only chosen products (`/1/accounts/{client}/partners`, ours); the partner's
//! legal representatives and administrators choose which of its members act for that client
//! (`/1/accounts/{partner}/clients/{delegation}/users`). A chosen member, not a member of the
//! client, then reaches the client's products the delegation covers (`products.rs`) and, for
//! the whole account, its invoices (`invoices.rs`), through [`reach`]. `domain::partner`
//! decides.

use crate::auth::AuthUser;
use crate::error::{already_exists_on_conflict, created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::membership;
use crate::AppState;
use api::{DelegationUsersRequest, FieldError, PartnerDelegation, PartnerDelegationRequest};
use axum::extract::State;
use axum::routing::{delete, get, put};
use axum::Router;
use domain::partner::{may_delegate, partner_user_reaches, Delegation, Program};
use domain::role::{authorize, Action};
use domain::team::ProductAccess;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/partners", get(partners).post(delegate))
        .route("/1/accounts/{account}/partners/{delegation}", delete(revoke))
        .route("/1/accounts/{account}/clients", get(clients))
        .route("/1/accounts/{account}/clients/{delegation}/users", put(choose_users))
}

type Row = (i64, i64, String, i64, String, String, String, i64);

const SELECT_DELEGATION: &str = "SELECT d.id, d.client_account_id, c.name, d.partner_account_id, p.name, d.scope, \
     d.product_ids, d.created_at FROM partner_delegations d JOIN accounts c ON c.id = d.client_account_id \
     JOIN accounts p ON p.id = d.partner_account_id WHERE d.revoked_at IS NULL";

fn delegation_of(scope: &str, product_ids: &str) -> Result<Delegation, ApiError> {
    let ids: Vec<i64> =
        serde_json::from_str(product_ids).map_err(|e| ApiError::Internal(format!("product ids: {e}")))?;
    Ok(if scope == "whole_account" { Delegation::WholeAccount } else { Delegation::Products { product_ids: ids } })
}

/// One delegation as answered, with the members who act for it.
fn wire(row: Row, user_ids: Vec<i64>) -> Result<PartnerDelegation, ApiError> {
    let (id, client_account_id, client_name, partner_account_id, partner_name, scope, product_ids, created_at) = row;
    let product_ids = match delegation_of(&scope, &product_ids)? {
        Delegation::Products { product_ids } => product_ids,
        Delegation::WholeAccount => vec![],
    };
    Ok(PartnerDelegation {
        id,
        client_account_id,
        client_name,
        partner_account_id,
        partner_name,
        scope,
        product_ids,
        user_ids,
        created_at,
    })
}

/// One delegation, read with its members.
async fn one(state: &AppState, row: Row) -> Result<PartnerDelegation, ApiError> {
    let users: Vec<(i64,)> =
        sqlx::query_as("SELECT user_id FROM partner_delegation_users WHERE delegation_id = $1 ORDER BY user_id")
            .bind(row.0)
            .fetch_all(&state.db)
            .await?;
    wire(row, users.into_iter().map(|(id,)| id).collect())
}

/// The open delegations where `condition` (a column of ours) is `account_id`, and their
/// members: two queries, whatever their number.
async fn list_where(state: &AppState, condition: &str, account_id: i64) -> Result<Vec<PartnerDelegation>, ApiError> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT_DELEGATION} AND {condition} = $1 ORDER BY d.id"))
        .bind(account_id)
        .fetch_all(&state.db)
        .await?;
    let users: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT u.delegation_id, u.user_id FROM partner_delegation_users u \
         JOIN partner_delegations d ON d.id = u.delegation_id \
         WHERE d.revoked_at IS NULL AND {condition} = $1 ORDER BY u.user_id"
    ))
    .bind(account_id)
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(|row| {
            let of_row = users.iter().filter(|(delegation, _)| *delegation == row.0).map(|(_, user)| *user).collect();
            wire(row, of_row)
        })
        .collect()
}

#[utoipa::path(post, path = "/api/1/accounts/{account}/partners", tag = "Partners", summary = "Lets a partner manage the whole account, billing included, or only chosen products (R-PART-3); the legal representative only", params(("account" = i64, Path, description = "The client Organization")), request_body = api::PartnerDelegationRequest, responses((status = 201, description = "Done", body = api::Success<api::PartnerDelegation>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: not the legal representative (R-ACC-4)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 409, description = "`object_already_exists`: that partner is let in already", body = api::Failure), (status = 422, description = "`not_a_partner`; `validation_failed`: a scope or products that cannot be delegated", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn delegate(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(client_id): ApiPath<i64>,
    ApiJson(request): ApiJson<PartnerDelegationRequest>,
) -> ApiResult {
    let me = membership(&state.db, client_id, user.user_id).await?;
    authorize(&me, Action::EditOrganization)?;
    let delegation = match request.scope.as_str() {
        "whole_account" => Delegation::WholeAccount,
        "products" => Delegation::Products { product_ids: request.product_ids.clone() },
        _ => {
            let details = serde_json::json!({"allowed": ["whole_account", "products"]});
            return Err(ApiError::Validation(vec![FieldError::new(
                "scope",
                "invalid_value",
                "whole_account or products.",
                details,
            )]));
        }
    };
    let program: Option<(Option<String>,)> = sqlx::query_as("SELECT partner_program FROM accounts WHERE id = $1")
        .bind(request.partner_account_id)
        .fetch_optional(&state.db)
        .await?;
    let program = program.and_then(|(p,)| p).as_deref().and_then(Program::parse);
    let mut not_the_clients = vec![];
    if let Delegation::Products { product_ids } = &delegation {
        for id in product_ids {
            let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM products WHERE id = $1 AND account_id = $2")
                .bind(id)
                .bind(client_id)
                .fetch_optional(&state.db)
                .await?;
            if found.is_none() {
                not_the_clients.push(*id);
            }
        }
    }
    may_delegate(client_id, request.partner_account_id, program, &delegation, &not_the_clients)
        .map_err(|e| ApiError::rule(&e))?;
    let product_ids = match &delegation {
        Delegation::Products { product_ids } => serde_json::to_string(product_ids).unwrap_or_else(|_| "[]".into()),
        Delegation::WholeAccount => "[]".into(),
    };
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO partner_delegations (client_account_id, partner_account_id, scope, product_ids, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(client_id)
    .bind(request.partner_account_id)
    .bind(&request.scope)
    .bind(product_ids)
    .bind(state.clock.now().timestamp())
    .fetch_one(&state.db)
    .await;
    let (id,) = already_exists_on_conflict(inserted, "This partner manages the account already.")?;
    let row: Row = sqlx::query_as(&format!("{SELECT_DELEGATION} AND d.id = $1")).bind(id).fetch_one(&state.db).await?;
    Ok(created(one(&state, row).await?))
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/partners", tag = "Partners", summary = "The partners the client let in, with what they manage (R-PART-3)", params(("account" = i64, Path, description = "The client Organization")), responses((status = 200, description = "Done", body = api::Success<Vec<api::PartnerDelegation>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: not a legal representative or administrator", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn partners(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(client_id): ApiPath<i64>,
) -> ApiResult {
    let me = membership(&state.db, client_id, user.user_id).await?;
    authorize(&me, Action::ManageTeams)?;
    Ok(ok(list_where(&state, "d.client_account_id", client_id).await?))
}

#[utoipa::path(delete, path = "/api/1/accounts/{account}/partners/{delegation}", tag = "Partners", summary = "Ends a partner's management of the account (R-PART-3); the legal representative only", params(("account" = i64, Path, description = "The client Organization"), ("delegation" = i64, Path, description = "The delegation")), responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: not the legal representative (R-ACC-4)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((client_id, delegation_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let me = membership(&state.db, client_id, user.user_id).await?;
    authorize(&me, Action::EditOrganization)?;
    let ended = sqlx::query(
        "UPDATE partner_delegations SET revoked_at = $1 WHERE id = $2 AND client_account_id = $3 AND revoked_at IS NULL",
    )
    .bind(state.clock.now().timestamp())
    .bind(delegation_id)
    .bind(client_id)
    .execute(&state.db)
    .await?;
    if ended.rows_affected() == 0 {
        return Err(ApiError::ObjectNotFound);
    }
    Ok(ok(true))
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/clients", tag = "Partners", summary = "The clients that let this partner in, with who acts for each (R-PART-3)", params(("account" = i64, Path, description = "The partner Organization")), responses((status = 200, description = "Done", body = api::Success<Vec<api::PartnerDelegation>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: not a legal representative or administrator", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn clients(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(partner_id): ApiPath<i64>,
) -> ApiResult {
    let me = membership(&state.db, partner_id, user.user_id).await?;
    authorize(&me, Action::ManageTeams)?;
    Ok(ok(list_where(&state, "d.partner_account_id", partner_id).await?))
}

#[utoipa::path(put, path = "/api/1/accounts/{account}/clients/{delegation}/users", tag = "Partners", summary = "Chooses which of the partner's members act for a client (R-PART-3), all at once", params(("account" = i64, Path, description = "The partner Organization"), ("delegation" = i64, Path, description = "The client's delegation")), request_body = api::DelegationUsersRequest, responses((status = 200, description = "The delegation", body = api::Success<api::PartnerDelegation>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: not a legal representative or administrator", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`: someone who is not a member of the partner", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn choose_users(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((partner_id, delegation_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<DelegationUsersRequest>,
) -> ApiResult {
    let me = membership(&state.db, partner_id, user.user_id).await?;
    authorize(&me, Action::ManageTeams)?;
    let row: Row = sqlx::query_as(&format!("{SELECT_DELEGATION} AND d.id = $1 AND d.partner_account_id = $2"))
        .bind(delegation_id)
        .bind(partner_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::ObjectNotFound)?;
    // Which of them belong to the partner, read at once (whatever their 2FA: that is asked
    // of them when they act). The ids are integers parsed from the body, not its text.
    let listed: Vec<String> = request.user_ids.iter().map(i64::to_string).collect();
    let members: Vec<(i64,)> = if listed.is_empty() {
        vec![]
    } else {
        sqlx::query_as(&format!(
            "SELECT user_id FROM memberships WHERE account_id = $1 AND user_id IN ({})",
            listed.join(", ")
        ))
        .bind(partner_id)
        .fetch_all(&state.db)
        .await?
    };
    let mut errors = vec![];
    for (n, id) in request.user_ids.iter().enumerate() {
        if !members.contains(&(*id,)) {
            let why = "Not a member of the partner.";
            errors.push(FieldError::new(
                &format!("user_ids[{n}]"),
                "invalid_value",
                why,
                serde_json::json!({"id": id}),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut tx = crate::db::begin(&state.db).await?;
    sqlx::query("DELETE FROM partner_delegation_users WHERE delegation_id = $1")
        .bind(delegation_id)
        .execute(&mut *tx)
        .await?;
    for id in request.user_ids.iter().collect::<std::collections::BTreeSet<_>>() {
        sqlx::query("INSERT INTO partner_delegation_users (delegation_id, user_id) VALUES ($1, $2)")
            .bind(delegation_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(ok(one(&state, row).await?))
}

/// What a partner's member reaches of a client's: the products (and whether billing too),
/// when a partner chose them for this client (R-PART-3); None when nothing.
pub(crate) async fn reach(
    state: &AppState,
    client_id: i64,
    user_id: i64,
) -> Result<Option<(ProductAccess, bool)>, ApiError> {
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT d.scope, d.product_ids FROM partner_delegations d \
         JOIN partner_delegation_users u ON u.delegation_id = d.id \
         WHERE d.client_account_id = $1 AND u.user_id = $2 AND d.revoked_at IS NULL",
    )
    .bind(client_id)
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?;
    let Some((scope, product_ids)) = found else { return Ok(None) };
    let delegation = delegation_of(&scope, &product_ids)?;
    let access = match &delegation {
        Delegation::WholeAccount => ProductAccess::All,
        Delegation::Products { product_ids } => ProductAccess::Only(
            product_ids.iter().copied().filter(|id| partner_user_reaches(&delegation, true, *id)).collect(),
        ),
    };
    Ok(Some((access, delegation.covers_billing())))
}
