//! Invitations (R-USER-1, R-USER-2): an owner or admin invites an email address; the person
//! accepts through the link, signed in with that address, or creating their account.

use crate::accounts;
use crate::auth::AuthUser;
use crate::db::{at, Flag};
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::membership;
use crate::secrets::{hash_password, new_token, token_hash};
use crate::AppState;
use crate::{mail, outbox};
use api::{language_id, AcceptInvitationRequest, FieldError, Invitation, InvitationRequest};
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use domain::account;
use domain::invitation::{self, Joining, NewInvitation};
use domain::language::Language;
use domain::role::{ContactPreferences, Role};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/invitations", post(create))
        .route("/1/invitations/{key}/accept", post(accept))
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: i64,
    account_id: i64,
    email: String,
    first_name: String,
    last_name: String,
    locale: String,
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
}

impl InvitationRow {
    /// The domain's view of this invitation.
    fn domain(&self) -> Result<invitation::Invitation, ApiError> {
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

const SELECT_INVITATIONS: &str =
    "SELECT id, account_id, email, first_name, last_name, locale, role, has_billing_access,
    notify_billing, notify_technical, created_at, updated_at, accepted_at, cancelled_at FROM invitations";

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
        product_ids: vec![],
        has_billing_access: request.permissions.billing,
        contact: ContactPreferences {
            billing: request.notifications.billing,
            technical: request.notifications.products,
            administrative: true,
        },
    };
    let invitation =
        invitation::invite(&actor, account_id, new, &member_emails, &existing, now).map_err(|e| ApiError::rule(&e))?;

    let key = new_token();
    let stamp = now.timestamp();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO invitations (account_id, invited_by, email, first_name, last_name, locale, role, has_billing_access,
         notify_billing, notify_technical, key_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
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
    .fetch_one(&mut *tx)
    .await?;
    let url_accept = format!("{}/invitations/{key}", state.public_url);
    let (organization,): (String,) =
        sqlx::query_as("SELECT name FROM accounts WHERE id = $1").bind(account_id).fetch_one(&mut *tx).await?;
    // In the language the inviter chose for the person invited.
    let language = Language::from_tag(&request.locale).unwrap_or_default();
    let mail = mail::invitation(language, &organization, &url_accept);
    outbox::queue_email(&mut tx, &invitation.email, &mail.subject, &mail.body, stamp).await?;
    let row: InvitationRow =
        sqlx::query_as(&format!("{SELECT_INVITATIONS} WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(created(row.wire(stamp, Some(url_accept))?))
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
    let row: InvitationRow = sqlx::query_as(&format!("{SELECT_INVITATIONS} WHERE key_hash = $1"))
        .bind(token_hash(&key))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ApiError::ObjectNotFound)?;
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE lower(email) = lower($1)")
        .bind(&row.email)
        .fetch_optional(&mut *tx)
        .await?;
    let (accepted, joining) = row.domain()?.accept(existing.is_some(), now).map_err(|e| ApiError::rule(&e))?;

    let user_id = match (joining, user, existing) {
        // An existing account joins, signed in as the invited address.
        (Joining::ExistingAccount, Some(user), Some((id,))) if user.user_id == id => id,
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
    match inserted {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(ApiError::AlreadyExists("You are already a member of this organization.".into()))
        }
        other => other?,
    };
    sqlx::query("UPDATE invitations SET accepted_at = $1, updated_at = $2 WHERE id = $3")
        .bind(now.timestamp())
        .bind(now.timestamp())
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ok(accounts::load(&state, user_id, row.account_id).await?))
}
