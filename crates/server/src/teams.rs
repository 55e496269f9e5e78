//! Work teams (R-TEAM-*), the official endpoints: an owner or admin makes a team of the
//! Organization's members, with a leader among them and the products it gives access to;
//! members reach those products (R-ROLE-4, through `products::access_of`) while they are in
//! the team and the product in it (R-TEAM-3). The rules are `domain::team`'s.

use crate::auth::AuthUser;
use crate::db::{Executor, Transaction};
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::{lock_for_writing, membership};
use crate::AppState;
use api::{Team, TeamRequest, TeamSummary, TeamUser, TeamUsersRequest};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::role::{authorize, Action};
use domain::team::{self, TeamError};
use std::collections::BTreeSet;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/teams", get(list).post(create))
        .route("/1/accounts/{account}/teams/{team}", get(one).patch(update).delete(remove))
        .route("/1/accounts/{account}/teams/{team}/users", get(users).post(add_users).delete(remove_users))
}

#[derive(sqlx::FromRow)]
struct TeamRow {
    id: i64,
    account_id: i64,
    name: String,
    leader_id: Option<i64>,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

/// A team as stored, with its members and products.
struct Loaded {
    row: TeamRow,
    team: team::Team,
}

impl Loaded {
    fn wire(&self) -> Team {
        Team {
            id: self.row.id,
            name: self.row.name.clone(),
            color_id: 0,
            owned_by_id: self.team.leader_id,
            created_by_id: self.row.created_by,
            created_at: self.row.created_at,
            updated_at: self.row.updated_at,
            user_count: self.team.member_ids.len() as i64,
            product_count: self.team.product_ids.len() as i64,
            is_sso: false,
            permissions: vec![],
            product_ids: self.team.product_ids.iter().copied().collect(),
            user_ids: self.team.member_ids.iter().copied().collect(),
        }
    }
}

const SELECT_TEAMS: &str = "SELECT id, account_id, name, leader_id, created_by, created_at, updated_at FROM teams";

async fn ids(db: impl Executor<'_>, sql: &str, id: i64) -> Result<BTreeSet<i64>, ApiError> {
    let rows: Vec<(i64,)> = sqlx::query_as(sql).bind(id).fetch_all(db).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

async fn load(tx: &mut Transaction, account_id: i64, team_id: i64) -> Result<Loaded, ApiError> {
    let row: TeamRow = sqlx::query_as(&format!("{SELECT_TEAMS} WHERE id = $1 AND account_id = $2"))
        .bind(team_id)
        .bind(account_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(ApiError::ObjectNotFound)?;
    complete(tx, row).await
}

async fn complete(tx: &mut Transaction, row: TeamRow) -> Result<Loaded, ApiError> {
    let member_ids = ids(&mut **tx, "SELECT user_id FROM team_members WHERE team_id = $1", row.id).await?;
    let product_ids = ids(&mut **tx, "SELECT product_id FROM team_products WHERE team_id = $1", row.id).await?;
    let team = team::Team {
        id: row.id,
        account_id: row.account_id,
        name: row.name.clone(),
        leader_id: row.leader_id,
        member_ids,
        product_ids,
    };
    Ok(Loaded { row, team })
}

/// Writes the team's name, leader, members and products as the domain left them.
async fn store(tx: &mut Transaction, team: &team::Team, now: i64) -> Result<(), ApiError> {
    sqlx::query("UPDATE teams SET name = $1, leader_id = $2, updated_at = $3 WHERE id = $4")
        .bind(&team.name)
        .bind(team.leader_id)
        .bind(now)
        .bind(team.id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM team_members WHERE team_id = $1").bind(team.id).execute(&mut **tx).await?;
    for user_id in &team.member_ids {
        sqlx::query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)")
            .bind(team.id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("DELETE FROM team_products WHERE team_id = $1").bind(team.id).execute(&mut **tx).await?;
    for product_id in &team.product_ids {
        sqlx::query("INSERT INTO team_products (team_id, product_id) VALUES ($1, $2)")
            .bind(team.id)
            .bind(product_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn organization_members(tx: &mut Transaction, account_id: i64) -> Result<BTreeSet<i64>, ApiError> {
    ids(&mut **tx, "SELECT user_id FROM memberships WHERE account_id = $1", account_id).await
}

async fn organization_products(tx: &mut Transaction, account_id: i64) -> Result<BTreeSet<i64>, ApiError> {
    ids(&mut **tx, "SELECT id FROM products WHERE account_id = $1 AND deleted_at IS NULL", account_id).await
}

fn refused(error: TeamError) -> ApiError {
    ApiError::rule(&error)
}

/// Applies a POST or PATCH body to `team`: name, products, then the leader (who must be a
/// member; on creation the leader becomes the first member).
async fn apply(
    tx: &mut Transaction,
    team: &mut team::Team,
    request: &TeamRequest,
    creating: bool,
) -> Result<(), ApiError> {
    if let Some(name) = &request.name {
        team.name = team::validate_name(name).map_err(refused)?;
    }
    if let Some(product_ids) = &request.product_ids {
        let products = organization_products(tx, team.account_id).await?;
        team.set_products(product_ids, &products).map_err(refused)?;
    }
    if let Some(leader) = request.owned_by_id {
        if let (true, Some(user_id)) = (creating, leader) {
            let members = organization_members(tx, team.account_id).await?;
            team.add_members(&[user_id], &members).map_err(refused)?;
        }
        team.set_leader(leader).map_err(refused)?;
    }
    Ok(())
}

/// A team as `user_id` may see it: any, for those who manage teams; their own, for the other
/// members (another team is not there for them).
async fn visible(
    state: &AppState,
    tx: &mut Transaction,
    account_id: i64,
    team_id: i64,
    user_id: i64,
) -> Result<Loaded, ApiError> {
    let me = membership(&state.db, account_id, user_id).await?;
    let loaded = load(tx, account_id, team_id).await?;
    if authorize(&me, Action::ManageTeams).is_err() && !loaded.team.member_ids.contains(&user_id) {
        return Err(ApiError::ObjectNotFound);
    }
    Ok(loaded)
}

/// Owners and admins manage teams (R-ROLE-1); the others may only look.
async fn manager(state: &AppState, account_id: i64, user_id: i64) -> Result<(), ApiError> {
    let me = membership(&state.db, account_id, user_id).await?;
    authorize(&me, Action::ManageTeams)?;
    Ok(())
}

/// `GET /1/accounts/{account}/teams`: all of them for owners and admins, one's own teams for
/// the other members.
#[utoipa::path(get, path = "/api/1/accounts/{account}/teams", tag = "Teams", summary = "The Organization's teams (R-TEAM-1): all for legal representatives and administrators, their own for other members", params(("account" = i64, Path, description = "The Organization")), responses((status = 200, description = "Done", body = api::Success<Vec<api::Team>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    let all = authorize(&me, Action::ManageTeams).is_ok();
    let mut tx = crate::db::begin(&state.db).await?;
    let rows: Vec<TeamRow> = if all {
        sqlx::query_as(&format!("{SELECT_TEAMS} WHERE account_id = $1 ORDER BY name, id"))
            .bind(account_id)
            .fetch_all(&mut *tx)
            .await?
    } else {
        sqlx::query_as(&format!(
            "{SELECT_TEAMS} WHERE account_id = $1 AND id IN (SELECT team_id FROM team_members WHERE user_id = $2) ORDER BY name, id"
        ))
        .bind(account_id)
        .bind(user.user_id)
        .fetch_all(&mut *tx)
        .await?
    };
    let mut teams = vec![];
    for row in rows {
        teams.push(complete(&mut tx, row).await?.wire());
    }
    tx.commit().await?;
    Ok(ok(teams))
}

/// `POST /1/accounts/{account}/teams`.
#[utoipa::path(post, path = "/api/1/accounts/{account}/teams", tag = "Teams", summary = "Creates a team (R-TEAM-1, R-TEAM-2): a name, its leader (who becomes its first member) and the products it gives access to", params(("account" = i64, Path, description = "The Organization")), request_body = api::TeamRequest, responses((status = 201, description = "Created", body = api::Success<api::Team>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`: a name of 1 to 128 characters, a leader or products of this Organization", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    ApiJson(request): ApiJson<TeamRequest>,
) -> ApiResult {
    manager(&state, account_id, user.user_id).await?;
    let mut team = team::Team::new(0, account_id, request.name.as_deref().unwrap_or_default(), []).map_err(refused)?;
    let now = state.clock.now().timestamp();
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    apply(&mut tx, &mut team, &request, true).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO teams (account_id, name, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(account_id)
    .bind(&team.name)
    .bind(user.user_id)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    team.id = id;
    store(&mut tx, &team, now).await?;
    let loaded = load(&mut tx, account_id, id).await?;
    tx.commit().await?;
    Ok(created(loaded.wire()))
}

/// `GET /1/accounts/{account}/teams/{team}`.
#[utoipa::path(get, path = "/api/1/accounts/{account}/teams/{team}", tag = "Teams", summary = "Reads a team, with its members and products", params(("account" = i64, Path, description = "The Organization"), ("team" = i64, Path, description = "The team")), responses((status = 200, description = "Done", body = api::Success<api::Team>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, team_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let mut tx = crate::db::begin(&state.db).await?;
    let loaded = visible(&state, &mut tx, account_id, team_id, user.user_id).await?;
    tx.commit().await?;
    Ok(ok(loaded.wire()))
}

/// `PATCH /1/accounts/{account}/teams/{team}`.
#[utoipa::path(patch, path = "/api/1/accounts/{account}/teams/{team}", tag = "Teams", summary = "Renames a team, sets or clears its leader (a member), replaces its products (R-TEAM-2, R-TEAM-3)", params(("account" = i64, Path, description = "The Organization"), ("team" = i64, Path, description = "The team")), request_body = api::TeamRequest, responses((status = 200, description = "Done", body = api::Success<api::Team>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`: the name, a leader who is not a member, products of another Organization", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, team_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<TeamRequest>,
) -> ApiResult {
    manager(&state, account_id, user.user_id).await?;
    let now = state.clock.now().timestamp();
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let mut loaded = load(&mut tx, account_id, team_id).await?;
    apply(&mut tx, &mut loaded.team, &request, false).await?;
    store(&mut tx, &loaded.team, now).await?;
    let loaded = load(&mut tx, account_id, team_id).await?;
    tx.commit().await?;
    Ok(ok(loaded.wire()))
}

/// `DELETE /1/accounts/{account}/teams/{team}`: its members lose what it gave (R-TEAM-3).
#[utoipa::path(delete, path = "/api/1/accounts/{account}/teams/{team}", tag = "Teams", summary = "Deletes a team; the access it gave ends (R-TEAM-3)", params(("account" = i64, Path, description = "The Organization"), ("team" = i64, Path, description = "The team")), responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn remove(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, team_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    manager(&state, account_id, user.user_id).await?;
    let deleted = sqlx::query("DELETE FROM teams WHERE id = $1 AND account_id = $2")
        .bind(team_id)
        .bind(account_id)
        .execute(&state.db)
        .await?;
    if deleted.rows_affected() == 0 {
        return Err(ApiError::ObjectNotFound);
    }
    Ok(ok(true))
}

/// `GET /1/accounts/{account}/teams/{team}/users`, as the official `TeamUser`.
#[utoipa::path(get, path = "/api/1/accounts/{account}/teams/{team}/users", tag = "Teams", summary = "The members of a team", params(("account" = i64, Path, description = "The Organization"), ("team" = i64, Path, description = "The team")), responses((status = 200, description = "Done", body = api::Success<Vec<api::TeamUser>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn users(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, team_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let mut tx = crate::db::begin(&state.db).await?;
    let loaded = visible(&state, &mut tx, account_id, team_id, user.user_id).await?;
    let rows: Vec<(i64, String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT u.id, u.first_name, u.last_name, u.email, u.last_login_at FROM team_members m \
         JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 ORDER BY u.last_name, u.first_name",
    )
    .bind(team_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let summary = TeamSummary {
        id: team_id,
        name: loaded.row.name.clone(),
        color_id: 0,
        created_at: loaded.row.created_at,
        updated_at: loaded.row.updated_at,
        user_count: loaded.team.member_ids.len() as i64,
    };
    let members: Vec<TeamUser> = rows
        .into_iter()
        .map(|(id, first_name, last_name, email, last_login_at)| TeamUser {
            id,
            display_name: format!("{first_name} {last_name}"),
            first_name,
            last_name,
            email,
            is_sso: false,
            last_login_at: last_login_at.unwrap_or_default(),
            teams: vec![summary.clone()],
        })
        .collect();
    Ok(ok(members))
}

/// `POST /1/accounts/{account}/teams/{team}/users`: several members of the Organization at
/// once (R-TEAM-2); all or none.
#[utoipa::path(post, path = "/api/1/accounts/{account}/teams/{team}/users", tag = "Teams", summary = "Adds several users to a team at once (R-TEAM-2); all must be members of the Organization", params(("account" = i64, Path, description = "The Organization"), ("team" = i64, Path, description = "The team")), request_body = api::TeamUsersRequest, responses((status = 201, description = "Added: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`: users who are not members of the Organization (`user_ids` in the context)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn add_users(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, team_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<TeamUsersRequest>,
) -> ApiResult {
    manager(&state, account_id, user.user_id).await?;
    let now = state.clock.now().timestamp();
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let mut loaded = load(&mut tx, account_id, team_id).await?;
    let members = organization_members(&mut tx, account_id).await?;
    loaded.team.add_members(&request.user_ids, &members).map_err(refused)?;
    store(&mut tx, &loaded.team, now).await?;
    tx.commit().await?;
    // As the official API: 201, `true`.
    Ok(created(true))
}

/// `DELETE /1/accounts/{account}/teams/{team}/users`: they leave it, and the access it gave
/// them ends (R-TEAM-3); a leader who leaves is no longer leader.
#[utoipa::path(delete, path = "/api/1/accounts/{account}/teams/{team}/users", tag = "Teams", summary = "Removes several users from a team (R-TEAM-3)", params(("account" = i64, Path, description = "The Organization"), ("team" = i64, Path, description = "The team")), request_body = api::TeamUsersRequest, responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn remove_users(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, team_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<TeamUsersRequest>,
) -> ApiResult {
    manager(&state, account_id, user.user_id).await?;
    let now = state.clock.now().timestamp();
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let mut loaded = load(&mut tx, account_id, team_id).await?;
    for user_id in &request.user_ids {
        loaded.team.remove_member(*user_id);
    }
    store(&mut tx, &loaded.team, now).await?;
    tx.commit().await?;
    Ok(ok(true))
}

/// R-USER-3: the teams a member is in, in one Organization (they leave them with it).
pub(crate) async fn teams_of(tx: &mut Transaction, account_id: i64, user_id: i64) -> Result<Vec<i64>, ApiError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT t.id FROM teams t JOIN team_members m ON m.team_id = t.id WHERE t.account_id = $1 AND m.user_id = $2",
    )
    .bind(account_id)
    .bind(user_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// R-USER-3, R-TEAM-3: takes the user out of these teams (and from leading them).
pub(crate) async fn leave(tx: &mut Transaction, team_ids: &[i64], user_id: i64) -> Result<(), ApiError> {
    for team_id in team_ids {
        sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2")
            .bind(team_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE teams SET leader_id = NULL WHERE id = $1 AND leader_id = $2")
            .bind(team_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// R-ROLE-4, R-TEAM-3: the teams `user_id` is in, as the domain reads them for product access
/// (each with this member and its products).
pub(crate) async fn of_member(db: &crate::db::Pool, user_id: i64) -> Result<Vec<team::Team>, ApiError> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT t.id, t.account_id, p.product_id FROM team_members m JOIN teams t ON t.id = m.team_id \
         JOIN team_products p ON p.team_id = t.id WHERE m.user_id = $1 ORDER BY t.id",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    let mut teams: Vec<team::Team> = vec![];
    for (team_id, account_id, product_id) in rows {
        match teams.last_mut() {
            Some(team) if team.id == team_id => {
                team.product_ids.insert(product_id);
            }
            _ => teams.push(team::Team {
                id: team_id,
                account_id,
                name: String::new(),
                leader_id: None,
                member_ids: BTreeSet::from([user_id]),
                product_ids: BTreeSet::from([product_id]),
            }),
        }
    }
    Ok(teams)
}

/// The ids of an Organization's teams (an invitation's `teams` must be among them).
pub(crate) async fn ids_of_account(tx: &mut Transaction, account_id: i64) -> Result<BTreeSet<i64>, ApiError> {
    ids(&mut **tx, "SELECT id FROM teams WHERE account_id = $1", account_id).await
}

/// An invitation accepted: its person joins the teams it named, those still in the
/// Organization (a team deleted meanwhile is skipped, and one joined already is kept).
pub(crate) async fn join_on_acceptance(
    tx: &mut Transaction,
    account_id: i64,
    user_id: i64,
    team_ids: &[i64],
) -> Result<(), ApiError> {
    let still_there = ids_of_account(tx, account_id).await?;
    let current: BTreeSet<i64> = teams_of(tx, account_id, user_id).await?.into_iter().collect();
    for team_id in team_ids.iter().filter(|id| still_there.contains(id) && !current.contains(id)) {
        sqlx::query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)")
            .bind(team_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
