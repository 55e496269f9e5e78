//! Invitations (R-USER-1, R-USER-2), the Organization's side: an owner or admin invites an
//! email address, sees the invitations waiting, sends one again or cancels it. The invited
//! person's side, through the link, is `invitation_links.rs`.

use crate::auth::AuthUser;
use crate::db::{at, Flag};
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::membership;
use crate::secrets::{new_token, token_hash};
use crate::AppState;
use crate::{mail, outbox};
use api::{language_id, FieldError, Invitation, InvitationRequest, UpdateInvitationRequest};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::account;
use domain::invitation::{self, NewInvitation};
use domain::language::Language;
use domain::role::{authorize, Action, ContactPreferences, Member, Role};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/invitations", get(list).post(create))
        .route("/1/accounts/{account}/invitations/{invitation}", get(one).patch(update).delete(cancel))
}

#[derive(sqlx::FromRow)]
pub(crate) struct InvitationRow {
    pub id: i64,
    pub account_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub locale: String,
    role: String,
    #[sqlx(try_from = "Flag")]
    has_billing_access: bool,
    #[sqlx(try_from = "Flag")]
    notify_billing: bool,
    #[sqlx(try_from = "Flag")]
    notify_technical: bool,
    created_at: i64,
    updated_at: i64,
    accepted_at: Option<i64>,
    cancelled_at: Option<i64>,
    /// The teams joined on acceptance, as JSON (`teams` of the request).
    pub team_ids: String,
    /// The products given on acceptance, as JSON (`product_ids` of the request, R-ROLE-4).
    pub product_ids: String,
}

impl InvitationRow {
    /// The domain's view of this invitation.
    pub fn domain(&self) -> Result<invitation::Invitation, ApiError> {
        Ok(invitation::Invitation {
            account_id: self.account_id,
            email: self.email.clone(),
            role: Role::parse(&self.role).ok_or_else(|| ApiError::Internal("bad invitation role".into()))?,
            product_ids: vec![],
            has_billing_access: self.has_billing_access,
            contact: ContactPreferences {
                billing: self.notify_billing,
                technical: self.notify_technical,
                administrative: true,
            },
            created_at: at(self.created_at),
            accepted_at: self.accepted_at.map(at),
            cancelled_at: self.cancelled_at.map(at),
        })
    }

    fn wire(&self, now: i64, url_accept: Option<String>) -> Result<Invitation, ApiError> {
        let domain = self.domain()?;
        Ok(Invitation {
            id: self.id,
            account_id: self.account_id,
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            status: domain.status(at(now)),
            role_type: domain.role,
            language_id: language_id(&self.locale),
            locale: self.locale.clone(),
            strict: false,
            has_ksuite: false,
            has_billing: self.has_billing_access,
            has_billing_mailing: self.notify_billing,
            has_mailing: self.notify_technical,
            sent_at: self.created_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
            expired_at: domain.expires_at().timestamp(),
            url_accept,
        })
    }
}

pub(crate) const SELECT_INVITATIONS: &str =
    "SELECT id, account_id, email, first_name, last_name, locale, role, has_billing_access,
    notify_billing, notify_technical, created_at, updated_at, accepted_at, cancelled_at, team_ids, product_ids FROM invitations";

fn field_problems(request: &InvitationRequest) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = [
        ("first_name", account::validate_required(&request.first_name)),
        ("last_name", account::validate_required(&request.last_name)),
        ("email", account::validate_email(&request.email)),
    ]
    .into_iter()
    .filter_map(|(attribute, result)| result.err().map(|e| FieldError::from_rule(attribute, &e)))
    .collect();
    let locales = Language::ALL.map(Language::locale);
    if !locales.contains(&request.locale.as_str()) {
        let details = serde_json::json!({"allowed": locales});
        errors.push(FieldError::new("locale", "invalid_value", "Choose one of the offered languages.", details));
    }
    errors
}

/// `POST /1/accounts/{account}/invitations` → 201, the invitation with its link, once.
#[utoipa::path(post, path = "/api/1/accounts/{account}/invitations", tag = "Users", summary = "Invites someone by email (R-USER-1, R-USER-2); the link is returned once", params(("account" = i64, Path, description = "The Organization")), request_body = api::InvitationRequest, responses((status = 201, description = "Done", body = api::Success<api::Invitation>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 409, description = "`object_already_exists`: a pending invitation or a member with this email", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    ApiJson(request): ApiJson<InvitationRequest>,
) -> ApiResult {
    let actor = membership(&state.db, account_id, user.user_id).await?;
    let errors = field_problems(&request);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = state.clock.now();
    let mut tx = crate::db::begin(&state.db).await?;
    let member_emails: Vec<(String,)> =
        sqlx::query_as("SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.account_id = $1")
            .bind(account_id)
            .fetch_all(&mut *tx)
            .await?;
    let member_emails: Vec<&str> = member_emails.iter().map(|(e,)| e.as_str()).collect();
    let rows: Vec<InvitationRow> =
        sqlx::query_as(&format!("{SELECT_INVITATIONS} WHERE account_id = $1 AND lower(email) = lower($2)"))
            .bind(account_id)
            .bind(request.email.trim())
            .fetch_all(&mut *tx)
            .await?;
    let existing = rows.iter().map(InvitationRow::domain).collect::<Result<Vec<_>, _>>()?;
    let new = NewInvitation {
        email: request.email.clone(),
        role: request.role_type,
        product_ids: request.product_ids.clone(),
        has_billing_access: request.permissions.billing,
        contact: ContactPreferences {
            billing: request.notifications.billing,
            technical: request.notifications.products,
            administrative: true,
        },
    };
    let invitation =
        invitation::invite(&actor, account_id, new, &member_emails, &existing, now).map_err(|e| ApiError::rule(&e))?;
    // The teams named must be this Organization's; adding to them is managing teams.
    if !request.teams.is_empty() {
        authorize(&actor, Action::ManageTeams)?;
        let own = crate::teams::ids_of_account(&mut tx, account_id).await?;
        let foreign: Vec<i64> = request.teams.iter().copied().filter(|id| !own.contains(id)).collect();
        if !foreign.is_empty() {
            let details = serde_json::json!({"team_ids": foreign});
            return Err(ApiError::Validation(vec![FieldError::new(
                "teams",
                "invalid_value",
                "Give teams of this organization.",
                details,
            )]));
        }
    }
    let team_ids = serde_json::to_string(&request.teams).map_err(|e| ApiError::Internal(e.to_string()))?;
    // R-ROLE-4: products given to a collaborator or an external, the Organization's own.
    if !invitation.product_ids.is_empty() {
        let organization: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM products WHERE account_id = $1 AND deleted_at IS NULL")
                .bind(account_id)
                .fetch_all(&mut *tx)
                .await?;
        let organization = organization.into_iter().map(|(id,)| id).collect();
        domain::membership::direct_grants(invitation.role, &invitation.product_ids, &organization).map_err(|e| {
            let details = serde_json::to_value(&e).unwrap_or_default();
            ApiError::Validation(vec![FieldError::new("product_ids", "invalid_value", e.to_string(), details)])
        })?;
    }
    let product_ids = serde_json::to_string(&invitation.product_ids).map_err(|e| ApiError::Internal(e.to_string()))?;

    let key = new_token();
    let stamp = now.timestamp();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO invitations (account_id, invited_by, email, first_name, last_name, locale, role, has_billing_access,
         notify_billing, notify_technical, key_hash, created_at, updated_at, team_ids, product_ids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(account_id)
    .bind(user.user_id)
    .bind(&invitation.email)
    .bind(request.first_name.trim())
    .bind(request.last_name.trim())
    .bind(&request.locale)
    .bind(invitation.role.as_str())
    .bind(invitation.has_billing_access)
    .bind(invitation.contact.billing)
    .bind(invitation.contact.technical)
    .bind(token_hash(&key))
    .bind(stamp)
    .bind(stamp)
    .bind(team_ids)
    .bind(product_ids)
    .fetch_one(&mut *tx)
    .await?;
    let url_accept = send_link(&state, &mut tx, account_id, &invitation.email, &request.locale, &key, stamp).await?;
    let row: InvitationRow =
        sqlx::query_as(&format!("{SELECT_INVITATIONS} WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(created(row.wire(stamp, Some(url_accept))?))
}

/// Mails the invitation's link, in the language the inviter chose for the person invited;
/// returns the link.
async fn send_link(
    state: &AppState,
    tx: &mut crate::db::Transaction,
    account_id: i64,
    email: &str,
    locale: &str,
    key: &str,
    now: i64,
) -> Result<String, ApiError> {
    let url_accept = format!("{}/invitations/{key}", state.public_url);
    let (organization,): (String,) =
        sqlx::query_as("SELECT name FROM accounts WHERE id = $1").bind(account_id).fetch_one(&mut **tx).await?;
    let language = Language::from_tag(locale).unwrap_or_default();
    let mail = mail::invitation(language, &organization, &url_accept);
    outbox::queue_email(tx, email, &mail.subject, &mail.body, now).await?;
    Ok(url_accept)
}

/// Those who may invite see the invitations (R-ROLE-1); others get 403.
async fn inviter(state: &AppState, account_id: i64, user_id: i64) -> Result<Member, ApiError> {
    let actor = membership(&state.db, account_id, user_id).await?;
    authorize(&actor, Action::AddUser { role: Role::Normal }).map_err(|e| ApiError::rule(&e))?;
    Ok(actor)
}

async fn load(
    db: impl crate::db::Executor<'_>,
    account_id: i64,
    invitation_id: i64,
) -> Result<InvitationRow, ApiError> {
    sqlx::query_as(&format!("{SELECT_INVITATIONS} WHERE id = $1 AND account_id = $2"))
        .bind(invitation_id)
        .bind(account_id)
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::ObjectNotFound)
}

/// `GET /1/accounts/{account}/invitations`: those still waiting and those that expired
/// unanswered (they can be sent again), newest first.
#[utoipa::path(get, path = "/api/1/accounts/{account}/invitations", tag = "Users", summary = "Lists the invitations waiting for an answer and those that expired (R-USER-2)", params(("account" = i64, Path, description = "The Organization")), responses((status = 200, description = "Done", body = api::Success<Vec<api::Invitation>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
) -> ApiResult {
    inviter(&state, account_id, user.user_id).await?;
    let rows: Vec<InvitationRow> = sqlx::query_as(&format!(
        "{SELECT_INVITATIONS} WHERE account_id = $1 AND accepted_at IS NULL AND cancelled_at IS NULL ORDER BY created_at DESC, id DESC"
    ))
    .bind(account_id)
    .fetch_all(&state.db)
    .await?;
    let now = state.clock.now().timestamp();
    Ok(ok(rows.iter().map(|row| row.wire(now, None)).collect::<Result<Vec<_>, _>>()?))
}

/// `GET /1/accounts/{account}/invitations/{invitation}`.
#[utoipa::path(get, path = "/api/1/accounts/{account}/invitations/{invitation}", tag = "Users", summary = "Reads one invitation, whatever its status", params(("account" = i64, Path, description = "The Organization"), ("invitation" = i64, Path, description = "The invitation")), responses((status = 200, description = "Done", body = api::Success<api::Invitation>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, invitation_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    inviter(&state, account_id, user.user_id).await?;
    let row = load(&state.db, account_id, invitation_id).await?;
    Ok(ok(row.wire(state.clock.now().timestamp(), None)?))
}

/// `PATCH /1/accounts/{account}/invitations/{invitation}` `{resend: true}`: a new link by mail,
/// valid 7 days from now; the old link stops working (R-USER-2).
#[utoipa::path(patch, path = "/api/1/accounts/{account}/invitations/{invitation}", tag = "Users", summary = "Sends an invitation again with a new link, valid 7 days (R-USER-2)", params(("account" = i64, Path, description = "The Organization"), ("invitation" = i64, Path, description = "The invitation")), request_body = api::UpdateInvitationRequest, responses((status = 200, description = "Done; the new link is in `url_accept`", body = api::Success<api::Invitation>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied` or `only_owner_can_manage_owners` (R-ROLE-1, R-ROLE-2)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 409, description = "`invitation_not_pending` (accepted or cancelled), or `object_already_exists` (a newer one is pending)", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, invitation_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<UpdateInvitationRequest>,
) -> ApiResult {
    let actor = inviter(&state, account_id, user.user_id).await?;
    let now = state.clock.now();
    let stamp = now.timestamp();
    let mut tx = crate::db::begin(&state.db).await?;
    let row = load(&mut *tx, account_id, invitation_id).await?;
    if !request.resend {
        return Ok(ok(row.wire(stamp, None)?));
    }
    let others: Vec<InvitationRow> = sqlx::query_as(&format!(
        "{SELECT_INVITATIONS} WHERE account_id = $1 AND lower(email) = lower($2) AND id <> $3"
    ))
    .bind(account_id)
    .bind(&row.email)
    .bind(row.id)
    .fetch_all(&mut *tx)
    .await?;
    let others = others.iter().map(InvitationRow::domain).collect::<Result<Vec<_>, _>>()?;
    row.domain()?.resend(&actor, &others, now).map_err(|e| ApiError::rule(&e))?;
    let key = new_token();
    sqlx::query(
        "UPDATE invitations SET key_hash = $1, created_at = $2, updated_at = $3, expired_at = NULL WHERE id = $4",
    )
    .bind(token_hash(&key))
    .bind(stamp)
    .bind(stamp)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    let url_accept = send_link(&state, &mut tx, account_id, &row.email, &row.locale, &key, stamp).await?;
    let row = load(&mut *tx, account_id, invitation_id).await?;
    tx.commit().await?;
    Ok(ok(row.wire(stamp, Some(url_accept))?))
}

/// `DELETE /1/accounts/{account}/invitations/{invitation}`: cancelled; its link stops working.
#[utoipa::path(delete, path = "/api/1/accounts/{account}/invitations/{invitation}", tag = "Users", summary = "Cancels a pending invitation (R-USER-2)", params(("account" = i64, Path, description = "The Organization"), ("invitation" = i64, Path, description = "The invitation")), responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied` or `only_owner_can_manage_owners` (R-ROLE-1, R-ROLE-2)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 409, description = "`invitation_not_pending`: accepted, cancelled or expired", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, invitation_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let actor = inviter(&state, account_id, user.user_id).await?;
    let now = state.clock.now();
    let mut tx = crate::db::begin(&state.db).await?;
    let row = load(&mut *tx, account_id, invitation_id).await?;
    row.domain()?.cancel(&actor, now).map_err(|e| ApiError::rule(&e))?;
    sqlx::query("UPDATE invitations SET cancelled_at = $1, updated_at = $2 WHERE id = $3")
        .bind(now.timestamp())
        .bind(now.timestamp())
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ok(true))
}
