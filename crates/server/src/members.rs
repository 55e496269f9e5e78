//! The users of an Organization (`/2/accounts/{account}/users`): the list, role and rights
//! changes, removal. Every decision is the domain's (`authorize`, `Members`); this module loads
//! the members, asks, and stores the outcome in one transaction.

use crate::auth::AuthUser;
use crate::db::{Executor, Flag, Transaction};
use crate::error::{ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::{lock_for_writing, may_work_in, members_of, membership, parse_role};
use crate::paging::{contains_pattern, Paging};
use crate::AppState;
use crate::{mail, outbox};
use api::{language_id, AccountUser, FieldError, UpdateAccountUserRequest};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::{get, patch};
use axum::Router;
use domain::language::Language;
use domain::membership::{Holdings, Removal};
use domain::role::{authorize, Action, ContactPreferences, Member};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/2/accounts/{account}/users", get(list))
        .route("/2/accounts/{account}/users/{user}", patch(update).delete(remove))
}

#[derive(sqlx::FromRow)]
struct UserRow {
    user_id: i64,
    first_name: String,
    last_name: String,
    email: String,
    locale: String,
    last_login_at: Option<i64>,
    role: String,
    #[sqlx(try_from = "Flag")]
    has_billing_access: bool,
    #[sqlx(try_from = "Flag")]
    notify_billing: bool,
    #[sqlx(try_from = "Flag")]
    notify_technical: bool,
    #[sqlx(try_from = "Flag")]
    notify_administrative: bool,
}

impl UserRow {
    fn into_wire(self) -> Result<AccountUser, ApiError> {
        let role = parse_role(&self.role)?;
        let member = Member { user_id: self.user_id, role, has_billing_access: self.has_billing_access };
        Ok(AccountUser {
            user_id: self.user_id,
            invitation_id: None,
            display_name: format!("{} {}", self.first_name, self.last_name),
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            avatar: None,
            role_type: role,
            state_in_account: "active".into(),
            is_correspondent: self.notify_administrative,
            is_correspondent_billing: self.notify_billing,
            is_workspace_only: false,
            has_no_manager_access: !role.has_sufficient_rights(),
            has_billing_access: member.billing_rights(),
            is_sso: false,
            language_id: language_id(&self.locale),
            unique_key: format!("user-{}", self.user_id),
            last_login_at: self.last_login_at,
            partnership_id: None,
            notifications: Some(ContactPreferences {
                billing: self.notify_billing,
                technical: self.notify_technical,
                administrative: self.notify_administrative,
            }),
            product_ids: vec![],
        })
    }
}

const USER_COLUMNS: &str = "u.id AS user_id, u.first_name, u.last_name, u.email, u.locale, u.last_login_at,
    m.role, m.has_billing_access, m.notify_billing, m.notify_technical, m.notify_administrative";
const FROM_MEMBERS: &str = "FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.account_id = $1";

async fn load_user(tx: &mut Transaction, account_id: i64, user_id: i64) -> Result<AccountUser, ApiError> {
    let row: UserRow = sqlx::query_as(&format!("SELECT {USER_COLUMNS} {FROM_MEMBERS} AND m.user_id = $2"))
        .bind(account_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(ApiError::ObjectNotFound)?;
    let mut user = row.into_wire()?;
    with_product_grants(&mut **tx, account_id, std::slice::from_mut(&mut user)).await?;
    Ok(user)
}

/// Fills each member's `product_ids` (R-ROLE-4): one query for the page's members. It starts
/// from their grants (`product_grants_by_user`): started from the Organization's products, it
/// read all of them (100,000 in the load run) for each page of members.
async fn with_product_grants(
    db: impl Executor<'_>,
    account_id: i64,
    users: &mut [AccountUser],
) -> Result<(), ApiError> {
    if users.is_empty() {
        return Ok(());
    }
    // Ids of our own database, integers: nothing the client sent is spliced into the SQL.
    let ids: Vec<String> = users.iter().map(|u| u.user_id.to_string()).collect();
    let grants: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT g.user_id, g.product_id FROM product_grants g JOIN products p ON p.id = g.product_id \
         WHERE g.user_id IN ({}) AND p.account_id = $1 ORDER BY g.product_id",
        ids.join(", ")
    ))
    .bind(account_id)
    .fetch_all(db)
    .await?;
    for user in users {
        user.product_ids = grants.iter().filter(|(u, _)| *u == user.user_id).map(|(_, p)| *p).collect();
    }
    Ok(())
}

/// A row of a page, with the number of rows the page was cut from.
#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    user: UserRow,
    total: i64,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    page: Option<u64>,
    per_page: Option<u64>,
    search: Option<String>,
    order_by: Option<String>,
    order_for: Option<String>,
}

const MAX_PER_PAGE: u64 = 100;

/// `GET /2/accounts/{account}/users`: paginated, searchable, ordered.
#[utoipa::path(get, path = "/api/2/accounts/{account}/users", tag = "Users", summary = "The members, by page, searchable and ordered", params(("account" = i64, Path, description = "The Organization"), ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query, description = "1 to 100"), ("search" = Option<String>, Query), ("order_by" = Option<String>, Query), ("order_for" = Option<String>, Query)), responses((status = 200, description = "Done", body = api::Success<Vec<api::AccountUser>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1); `only_owner_can_manage_owners` (R-ROLE-2)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult {
    let Query(query) = query.map_err(|e| ApiError::BadBody(format!("The query is not valid: {}", e.body_text())))?;
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ListUsers)?;

    let mut errors = vec![];
    let paging = Paging::read(query.page, query.per_page, 20, MAX_PER_PAGE, &mut errors);
    // Only known columns reach the SQL text: nothing the client sends is spliced into it.
    let order_by: &[&str] = match query.order_by.as_deref().unwrap_or("last_name") {
        "first_name" => &["u.first_name"],
        // The copies kept with each membership (migration 0039): the page is read along their
        // index, not sorted.
        "last_name" | "display_name" => &["m.last_name", "m.first_name"],
        "email" => &["u.email"],
        "role_type" => &["m.role"],
        other => {
            let details =
                serde_json::json!({"allowed": ["first_name", "last_name", "display_name", "email", "role_type"]});
            errors.push(FieldError::new("order_by", "invalid_value", format!("Cannot order by {other:?}."), details));
            &[]
        }
    };
    let direction = match query.order_for.as_deref().unwrap_or("asc") {
        "asc" => "ASC",
        "desc" => "DESC",
        _ => {
            errors.push(FieldError::new(
                "order_for",
                "invalid_value",
                "asc or desc.",
                serde_json::json!({"allowed": ["asc", "desc"]}),
            ));
            ""
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let search = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
    // Matched without regard to case: `search_text` is lower-cased, and so is the pattern.
    let pattern = search.map(contains_pattern);
    // The direction applies to every column ordered by; the member's id makes the order total.
    let order: Vec<String> = order_by.iter().map(|column| format!("{column} {direction}")).collect();
    // With a search, the number of members matched comes with the page (a window), so they
    // are gone through once. Without, the number kept with the Organization (migration 0040)
    // comes with it: a window there would read every member (BENCHMARKS.md).
    let (count_column, filter) = match search {
        // The trigram index (migration 0041) is used for a LIKE without ESCAPE only, which a
        // search without `%`, `_` or `\` can do: its pattern has nothing escaped.
        Some(search) if !search.contains(['%', '_', '\\']) => {
            ("COUNT(*) OVER ()", " AND m.user_id IN (SELECT rowid FROM users_search WHERE search_text LIKE $2)")
        }
        Some(_) => ("COUNT(*) OVER ()", " AND u.search_text LIKE $2 ESCAPE '\\'"),
        None => ("(SELECT a.member_count FROM accounts a WHERE a.id = $1)", " AND $2 IS NULL"),
    };
    let list_sql = format!(
        "SELECT {USER_COLUMNS}, {count_column} AS total {FROM_MEMBERS}{filter} ORDER BY {}, m.user_id {direction} LIMIT $3 OFFSET $4",
        order.join(", ")
    );
    let rows: Vec<CountedRow> = sqlx::query_as(&list_sql)
        .bind(account_id)
        .bind(&pattern)
        .bind(paging.limit())
        .bind(paging.offset())
        .fetch_all(&state.db)
        .await?;
    let total = match (rows.first(), &pattern) {
        (Some(row), _) => row.total,
        (None, Some(_)) if paging.page == 1 => 0,
        // Past the last page: no row to carry the number, asked apart.
        _ => {
            let count_sql = match pattern {
                None => "SELECT member_count FROM accounts WHERE id = $1 AND $2 IS NULL".to_string(),
                Some(_) => format!("SELECT COUNT(*) {FROM_MEMBERS}{filter}"),
            };
            let (total,): (i64,) =
                sqlx::query_as(&count_sql).bind(account_id).bind(&pattern).fetch_one(&state.db).await?;
            total
        }
    };
    let rows: Vec<UserRow> = rows.into_iter().map(|row| row.user).collect();
    let mut users = rows.into_iter().map(UserRow::into_wire).collect::<Result<Vec<_>, _>>()?;
    with_product_grants(&state.db, account_id, &mut users).await?;
    Ok(paging.answer(users, total))
}

/// `PATCH /2/accounts/{account}/users/{user}`: role (R-ROLE-1, 2, 3, 6, 7), billing rights
/// (R-ROLE-5), contact preferences (R-ROLE-8). All or nothing.
#[utoipa::path(patch, path = "/api/2/accounts/{account}/users/{user}", tag = "Users", summary = "Role, billing rights, contact preferences (R-ROLE-1, 2, 5, 6, 7, 8)", params(("account" = i64, Path, description = "The Organization"), ("user" = i64, Path, description = "The member")), request_body = api::UpdateAccountUserRequest, responses((status = 200, description = "Done", body = api::Success<api::AccountUser>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1); `only_owner_can_manage_owners` (R-ROLE-2)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed` (one entry per field), `cannot_change_own_role` (R-ROLE-6), `last_owner_cannot_be_removed` (R-ROLE-3)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, target_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<UpdateAccountUserRequest>,
) -> ApiResult {
    let now = state.clock.now().timestamp();
    if target_id != user.user_id {
        may_work_in(&state.db, account_id, user.user_id).await?;
    }
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let mut members = members_of(&mut tx, account_id).await?;
    let actor = *members.get(user.user_id).ok_or(ApiError::ObjectNotFound)?;
    let target = *members.get(target_id).ok_or(ApiError::ObjectNotFound)?;

    // Who may touch this member's record at all: themself, or a manager (the rule of contact
    // preferences, R-ROLE-8). Asked first, so that a request whose fields would change
    // nothing is refused to others all the same, not answered with a quiet 200 (found by the
    // authorization matrix). Each field's own rule follows.
    authorize(&actor, Action::ChangeContactPreferences { target })?;
    if let Some(to) = request.role_type.filter(|to| *to != target.role) {
        let summary = members.change_role(actor.user_id, target_id, to)?;
        sqlx::query("UPDATE memberships SET role = $1, has_billing_access = $2 WHERE account_id = $3 AND user_id = $4")
            .bind(to.as_str())
            .bind(summary.has_billing_access)
            .bind(account_id)
            .bind(target_id)
            .execute(&mut *tx)
            .await?;
        // R-ROLE-7: the member is told, by mail, in the same transaction as the change.
        let (email, locale, organization): (String, String, String) =
            sqlx::query_as("SELECT u.email, u.locale, a.name FROM users u, accounts a WHERE u.id = $1 AND a.id = $2")
                .bind(target_id)
                .bind(account_id)
                .fetch_one(&mut *tx)
                .await?;
        // In the member's own language.
        let language = Language::from_tag(&locale).unwrap_or_default();
        let mail = mail::role_changed(language, &organization, summary.from, summary.to, summary.has_billing_access);
        outbox::queue_email(&mut tx, &email, &mail.subject, &mail.body, now).await?;
    }
    if let Some(to) = request.has_billing_access {
        if let Some(changed) = members.change_billing_access(actor.user_id, target_id, to)? {
            sqlx::query("UPDATE memberships SET has_billing_access = $1 WHERE account_id = $2 AND user_id = $3")
                .bind(changed.has_billing_access)
                .bind(account_id)
                .bind(target_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    if let Some(preferences) = request.notifications {
        authorize(&actor, Action::ChangeContactPreferences { target })?;
        sqlx::query(
            "UPDATE memberships SET notify_billing = $1, notify_technical = $2, notify_administrative = $3 WHERE account_id = $4 AND user_id = $5",
        )
        .bind(preferences.billing)
        .bind(preferences.technical)
        .bind(preferences.administrative)
        .bind(account_id)
        .bind(target_id)
        .execute(&mut *tx)
        .await?;
    }
    if let Some(product_ids) = &request.product_ids {
        // R-ROLE-4: a manager gives a member products directly; owners and administrators
        // reach them all already (their grants would change nothing, and are refused).
        authorize(&actor, Action::ChangeProductAccess { target })?;
        let organization: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM products WHERE account_id = $1 AND deleted_at IS NULL")
                .bind(account_id)
                .fetch_all(&mut *tx)
                .await?;
        let organization = organization.into_iter().map(|(id,)| id).collect();
        let wanted = domain::membership::direct_grants(target.role, product_ids, &organization).map_err(|e| {
            let details = serde_json::to_value(&e).unwrap_or_default();
            ApiError::Validation(vec![FieldError::new("product_ids", "invalid_value", e.to_string(), details)])
        })?;
        sqlx::query("DELETE FROM product_grants WHERE user_id = $1 AND product_id IN (SELECT id FROM products WHERE account_id = $2)")
            .bind(target_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        for product_id in wanted {
            sqlx::query("INSERT INTO product_grants (product_id, user_id) VALUES ($1, $2)")
                .bind(product_id)
                .bind(target_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    let updated = load_user(&mut tx, account_id, target_id).await?;
    tx.commit().await?;
    Ok(ok(updated))
}

/// R-USER-3: what a member holds in an Organization: their teams and their open support
/// accesses. (Direct product grants are keyed by product, not by an id of their own: they
/// are removed with the membership in `apply_removal`.)
async fn holdings_of(tx: &mut Transaction, account_id: i64, user_id: i64, now: i64) -> Result<Holdings, ApiError> {
    let support_access_ids = crate::support_access::open_grants(tx, account_id, user_id, now).await?;
    let team_ids = crate::teams::teams_of(tx, account_id, user_id).await?;
    Ok(Holdings { support_access_ids, team_ids, ..Holdings::default() })
}

/// R-USER-3: removes the membership and exactly what the domain listed with it, in the
/// caller's transaction. The account itself stays.
async fn apply_removal(tx: &mut Transaction, account_id: i64, removal: &Removal, now: i64) -> Result<(), ApiError> {
    crate::support_access::revoke_all(tx, &removal.support_accesses_revoked, now).await?;
    crate::teams::leave(tx, &removal.teams_left, removal.user_id).await?;
    sqlx::query("DELETE FROM product_grants WHERE user_id = $1 AND product_id IN (SELECT id FROM products WHERE account_id = $2)")
        .bind(removal.user_id)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM memberships WHERE account_id = $1 AND user_id = $2")
        .bind(account_id)
        .bind(removal.user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// `DELETE /2/accounts/{account}/users/{user}`: removing someone, or leaving (R-ROLE-3,
/// R-USER-3). The account itself stays.
#[utoipa::path(delete, path = "/api/2/accounts/{account}/users/{user}", tag = "Users", summary = "Removes a member from the Organization (R-ROLE-3, R-USER-3)", params(("account" = i64, Path, description = "The Organization"), ("user" = i64, Path, description = "The member")), responses((status = 200, description = "Done", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1); `only_owner_can_manage_owners` (R-ROLE-2)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`last_owner_cannot_be_removed` (R-ROLE-3)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn remove(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, target_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    // Leaving stays open to a member whom the Organization's 2FA requirement keeps out.
    if target_id != user.user_id {
        may_work_in(&state.db, account_id, user.user_id).await?;
    }
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let mut members = members_of(&mut tx, account_id).await?;
    if members.get(user.user_id).is_none() {
        return Err(ApiError::ObjectNotFound);
    }
    let now = state.clock.now().timestamp();
    let holdings = holdings_of(&mut tx, account_id, target_id, now).await?;
    let removal = members.remove(user.user_id, target_id, holdings)?;
    apply_removal(&mut tx, account_id, &removal, now).await?;
    // Their current Organization moves to another of theirs, if any.
    sqlx::query(
        "UPDATE users SET current_account_id = (SELECT account_id FROM memberships WHERE user_id = users.id ORDER BY account_id LIMIT 1)
         WHERE id = $1 AND current_account_id = $2",
    )
    .bind(target_id)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ok(true))
}
