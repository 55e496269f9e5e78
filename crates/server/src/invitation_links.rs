//! Invitations (R-USER-1, R-USER-2), the invited person's side: the link's key is the proof.
//! Its page reads what it invites to, then accepts: signed in with the invited address, or
//! creating the account.

use crate::accounts;
use crate::auth::AuthUser;
use crate::error::{already_exists_on_conflict, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::invitations::{InvitationRow, SELECT_INVITATIONS};
use crate::secrets::{hash_password, token_hash};
use crate::AppState;
use api::{AcceptInvitationRequest, FieldError, InvitationPreview};
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use domain::account;
use domain::invitation::Joining;

pub fn routes() -> Router<AppState> {
    Router::new().route("/1/invitations/{key}", get(preview)).route("/1/invitations/{key}/accept", post(accept))
}

async fn by_key(db: impl crate::db::Executor<'_>, key: &str) -> Result<InvitationRow, ApiError> {
    sqlx::query_as(&format!("{SELECT_INVITATIONS} WHERE key_hash = $1"))
        .bind(token_hash(key))
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::ObjectNotFound)
}

async fn account_of(db: impl crate::db::Executor<'_>, email: &str) -> Result<Option<i64>, ApiError> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM users WHERE lower(email) = lower($1)").bind(email).fetch_optional(db).await?;
    Ok(found.map(|(id,)| id))
}

/// `GET /1/invitations/{key}`: what the link invites to, whatever its status, for whoever
/// holds the link (it went to the invited address).
#[utoipa::path(get, path = "/api/1/invitations/{key}", tag = "Users", summary = "Reads what an invitation's link invites to (R-USER-1)", params(("key" = String, Path, description = "The key of the invitation's link")), responses((status = 200, description = "Done", body = api::Success<api::InvitationPreview>), (status = 404, description = "`object_not_found`: no invitation has this key (it was sent again with a new one, or never existed)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn preview(State(state): State<AppState>, ApiPath(key): ApiPath<String>) -> ApiResult {
    let row = by_key(&state.db, &key).await?;
    let domain = row.domain()?;
    let (account_name,): (String,) =
        sqlx::query_as("SELECT name FROM accounts WHERE id = $1").bind(row.account_id).fetch_one(&state.db).await?;
    Ok(ok(InvitationPreview {
        account_id: row.account_id,
        account_name,
        email: row.email.clone(),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        role_type: domain.role,
        status: domain.status(state.clock.now()),
        expired_at: domain.expires_at().timestamp(),
        has_account: account_of(&state.db, &row.email).await?.is_some(),
    }))
}

/// `POST /1/invitations/{key}/accept`: the Organization joined.
#[utoipa::path(post, path = "/api/1/invitations/{key}/accept", tag = "Users", summary = "Accepts an invitation: a new account, or the signed-in one joins", params(("key" = String, Path, description = "The key of the invitation's link")), request_body = api::AcceptInvitationRequest, responses((status = 200, description = "Done", body = api::Success<api::Account>), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 409, description = "`invitation_not_pending`: accepted, cancelled or expired", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn accept(
    State(state): State<AppState>,
    user: Option<AuthUser>,
    ApiPath(key): ApiPath<String>,
    ApiJson(request): ApiJson<AcceptInvitationRequest>,
) -> ApiResult {
    let now = state.clock.now();
    let mut tx = crate::db::begin(&state.db).await?;
    let row = by_key(&mut *tx, &key).await?;
    let existing = account_of(&mut *tx, &row.email).await?;
    let (accepted, joining) = row.domain()?.accept(existing.is_some(), now).map_err(|e| ApiError::rule(&e))?;

    let user_id = match (joining, user, existing) {
        // An existing account joins, signed in as the invited address.
        (Joining::ExistingAccount, Some(user), Some(id)) if user.user_id == id => id,
        (Joining::ExistingAccount, Some(_), _) => {
            return Err(ApiError::AccessDenied("This invitation was sent to another email address.".into()))
        }
        (Joining::ExistingAccount, None, _) => return Err(ApiError::NotAuthorized),
        // No account yet: it is created with the password given.
        (Joining::NewAccount, _, _) => {
            let password = request.password.clone().unwrap_or_default();
            let first_name = request.first_name.clone().unwrap_or_else(|| row.first_name.clone());
            let last_name = request.last_name.clone().unwrap_or_else(|| row.last_name.clone());
            let errors: Vec<FieldError> = [
                ("password", account::validate_password(&password)),
                ("first_name", account::validate_required(&first_name)),
                ("last_name", account::validate_required(&last_name)),
            ]
            .into_iter()
            .filter_map(|(attribute, result)| result.err().map(|e| FieldError::from_rule(attribute, &e)))
            .collect();
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let password_hash = hash_password(password).await?;
            let locale = row.locale.get(..2).unwrap_or("en");
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO users (email, password_hash, first_name, last_name, locale, current_account_id, created_at, password_changed_at, search_text)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(&row.email)
            .bind(password_hash)
            .bind(first_name.trim())
            .bind(last_name.trim())
            .bind(locale)
            .bind(row.account_id)
            .bind(now.timestamp())
            .bind(now.timestamp())
            .bind(crate::db::search_text(first_name.trim(), last_name.trim(), &row.email))
            .fetch_one(&mut *tx)
            .await?;
            id
        }
    };
    let member = accepted.member(user_id);
    let inserted = sqlx::query(
        "INSERT INTO memberships (account_id, user_id, role, has_billing_access, created_at, notify_billing, notify_technical)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(row.account_id)
    .bind(user_id)
    .bind(member.role.as_str())
    .bind(member.billing_rights())
    .bind(now.timestamp())
    .bind(accepted.contact.billing)
    .bind(accepted.contact.technical)
    .execute(&mut *tx)
    .await;
    already_exists_on_conflict(inserted, "You are already a member of this organization.")?;
    // The teams the invitation named, those still there.
    let team_ids: Vec<i64> = serde_json::from_str(&row.team_ids).unwrap_or_default();
    crate::teams::join_on_acceptance(&mut tx, row.account_id, user_id, &team_ids).await?;
    // The products it gave (R-ROLE-4), those still the Organization's.
    let product_ids: Vec<i64> = serde_json::from_str(&row.product_ids).unwrap_or_default();
    for product_id in product_ids {
        sqlx::query(
            "INSERT INTO product_grants (product_id, user_id) SELECT id, $1 FROM products \
             WHERE id = $2 AND account_id = $3 AND deleted_at IS NULL",
        )
        .bind(user_id)
        .bind(product_id)
        .bind(row.account_id)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE invitations SET accepted_at = $1, updated_at = $2 WHERE id = $3")
        .bind(now.timestamp())
        .bind(now.timestamp())
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ok(accounts::load(&state, user_id, row.account_id).await?))
}
