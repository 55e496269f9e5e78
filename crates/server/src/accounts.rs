//! Organizations (`/1/accounts`): each seen through the caller's membership in it (R-ACC-3).

use crate::auth::AuthUser;
use crate::db::{Flag, Transaction};
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::membership;
use crate::AppState;
use api::{language_id, Account, CreateAccountRequest, FieldError, UpdateAccountRequest};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::account::{self, LegalEntityType};
use domain::money::Currency;
use domain::role::{authorize, Action, Member, Role};

pub fn routes() -> Router<AppState> {
    Router::new().route("/1/accounts", get(list).post(create)).route("/1/accounts/{account_id}", get(one).patch(update))
}

pub(crate) struct NewOrganization {
    pub name: String,
    pub legal_entity_type: LegalEntityType,
    pub currency: Currency,
    pub locale: String,
}

/// Creates an Organization with its first member.
pub(crate) async fn insert(
    tx: &mut Transaction,
    organization: &NewOrganization,
    user_id: i64,
    role: Role,
    now: i64,
) -> Result<i64, ApiError> {
    let (account_id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (name, legal_entity_type, currency, locale, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&organization.name)
    .bind(organization.legal_entity_type.as_str())
    .bind(organization.currency.as_str())
    .bind(&organization.locale)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    // R-ROLE-5: the role's billing rights, as the domain decides them.
    let member = Member::new(user_id, role);
    sqlx::query(
        "INSERT INTO memberships (account_id, user_id, role, has_billing_access, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(member.role.as_str())
    .bind(member.has_billing_access)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(account_id)
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    name: String,
    legal_entity_type: String,
    currency: String,
    locale: String,
    #[sqlx(try_from = "Flag")]
    has_2fa_required: bool,
    created_at: i64,
    role: String,
    #[sqlx(try_from = "Flag")]
    has_billing_access: bool,
    nb_users: i64,
    count_owners: i64,
}

impl TryFrom<AccountRow> for Account {
    type Error = ApiError;

    fn try_from(row: AccountRow) -> Result<Account, ApiError> {
        let corrupt = |what: &str| ApiError::Internal(format!("account {}: bad {what} in the database", row.id));
        Ok(Account {
            id: row.id,
            legal_entity_type: LegalEntityType::parse(&row.legal_entity_type)
                .ok_or_else(|| corrupt("legal_entity_type"))?,
            currency: Some(Currency::parse(&row.currency).ok_or_else(|| corrupt("currency"))?),
            role: Role::parse(&row.role).ok_or_else(|| corrupt("role"))?,
            name: row.name,
            created_at: row.created_at,
            billing: row.has_billing_access,
            nb_users: row.nb_users,
            count_owners: row.count_owners,
            has_2fa_required: row.has_2fa_required,
            language_id: language_id(&row.locale),
            locale: row.locale,
            is_customer: true,
            is_sso: false,
            beta: false,
            support_level: 0,
            in_process: false,
            waiting_payment: false,
            blocked_order_id: None,
        })
    }
}

const SELECT_ACCOUNTS: &str = "
    SELECT a.id, a.name, a.legal_entity_type, a.currency, a.locale, a.has_2fa_required, a.created_at,
           m.role, m.has_billing_access,
           a.member_count AS nb_users,
           (SELECT COUNT(*) FROM memberships x WHERE x.account_id = a.id AND x.role = 'owner') AS count_owners
    FROM accounts a JOIN memberships m ON m.account_id = a.id
    WHERE m.user_id = $1";

/// One Organization as seen by one of its members; not a member: not found (R-ACC-3).
pub(crate) async fn load(state: &AppState, user_id: i64, account_id: i64) -> Result<Account, ApiError> {
    let row: AccountRow = sqlx::query_as(&format!("{SELECT_ACCOUNTS} AND a.id = $2"))
        .bind(user_id)
        .bind(account_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::ObjectNotFound)?;
    row.try_into()
}

/// `GET /1/accounts`: the caller's Organizations, by name.
#[utoipa::path(get, path = "/api/1/accounts", tag = "Organizations", summary = "The caller's Organizations, with the caller's role in each (R-ACC-3)", responses((status = 200, description = "Done", body = api::Success<Vec<api::Account>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    let rows: Vec<AccountRow> = sqlx::query_as(&format!("{SELECT_ACCOUNTS} ORDER BY a.name, a.id"))
        .bind(user.user_id)
        .fetch_all(&state.db)
        .await?;
    let accounts = rows.into_iter().map(Account::try_from).collect::<Result<Vec<_>, _>>()?;
    Ok(ok(accounts))
}

/// `GET /1/accounts/{account_id}`: only for its members (R-ACC-3).
#[utoipa::path(get, path = "/api/1/accounts/{account_id}", tag = "Organizations", summary = "One Organization of the caller", params(("account_id" = i64, Path, description = "The Organization")), responses((status = 200, description = "Done", body = api::Success<api::Account>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn one(State(state): State<AppState>, user: AuthUser, ApiPath(account_id): ApiPath<i64>) -> ApiResult {
    Ok(ok(load(&state, user.user_id, account_id).await?))
}

/// `POST /1/accounts`: one login can create more Organizations, and is owner of each (R-ACC-3).
#[utoipa::path(post, path = "/api/1/accounts", tag = "Organizations", summary = "A new Organization, the caller its legal representative (R-ACC-3)", request_body = api::CreateAccountRequest, responses((status = 201, description = "Done", body = api::Success<api::Account>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(request): ApiJson<CreateAccountRequest>,
) -> ApiResult {
    let name = request.name.trim();
    account::validate_required(name).map_err(|e| ApiError::Validation(vec![FieldError::from_rule("name", &e)]))?;
    let locale: (String,) =
        sqlx::query_as("SELECT locale FROM users WHERE id = $1").bind(user.user_id).fetch_one(&state.db).await?;
    let organization = NewOrganization {
        name: name.to_string(),
        legal_entity_type: request.legal_entity_type,
        currency: request.currency,
        locale: locale.0,
    };
    let now = state.clock.now().timestamp();
    let mut tx = crate::db::begin(&state.db).await?;
    let account_id = insert(&mut tx, &organization, user.user_id, Role::Owner, now).await?;
    tx.commit().await?;
    Ok(created(load(&state, user.user_id, account_id).await?))
}

/// `PATCH /1/accounts/{account_id}`: the legal representative only (R-ACC-4).
#[utoipa::path(patch, path = "/api/1/accounts/{account_id}", tag = "Organizations", summary = "Name, legal form and whether every member must use two-factor authentication; the legal representative only (R-ACC-4)", params(("account_id" = i64, Path, description = "The Organization")), request_body = api::UpdateAccountRequest, responses((status = 200, description = "Done", body = api::Success<api::Account>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    ApiJson(request): ApiJson<UpdateAccountRequest>,
) -> ApiResult {
    let member = membership(&state.db, account_id, user.user_id).await?;
    authorize(&member, Action::EditOrganization)?;
    if let Some(name) = &request.name {
        account::validate_required(name).map_err(|e| ApiError::Validation(vec![FieldError::from_rule("name", &e)]))?;
        sqlx::query("UPDATE accounts SET name = $1 WHERE id = $2")
            .bind(name.trim())
            .bind(account_id)
            .execute(&state.db)
            .await?;
    }
    if let Some(required) = request.has_2fa_required {
        sqlx::query("UPDATE accounts SET has_2fa_required = $1 WHERE id = $2")
            .bind(required)
            .bind(account_id)
            .execute(&state.db)
            .await?;
    }
    if let Some(legal_entity_type) = request.legal_entity_type {
        sqlx::query("UPDATE accounts SET legal_entity_type = $1 WHERE id = $2")
            .bind(legal_entity_type.as_str())
            .bind(account_id)
            .execute(&state.db)
            .await?;
    }
    Ok(ok(load(&state, user.user_id, account_id).await?))
}
