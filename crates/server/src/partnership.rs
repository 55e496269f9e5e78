//! The partner program (R-PART-1, R-PART-2): whether an Organization may be a partner, each
//! unmet requirement said, and joining as partner or affiliate (its legal representative
//! only). What the Organization is, as R-PART-1 asks, is read by `domain::partner::applicant`.

use crate::auth::AuthUser;
use crate::error::{ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::{lock_for_writing, membership};
use crate::products::Catalog;
use crate::AppState;
use api::{JoinProgramRequest, Partnership, Price};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::account::LegalEntityType;
use domain::money::{Currency, Money};
use domain::partner::{self, Program};
use domain::role::{authorize, Action};

pub fn routes() -> Router<AppState> {
    Router::new().route("/1/accounts/{account}/partnership", get(read).post(join))
}

/// The Organization as R-PART-1 reads it, and the program it is in.
async fn standing(state: &AppState, account_id: i64) -> Result<(Partnership, partner::PartnerApplicant), ApiError> {
    let (legal, currency, program, since): (String, String, Option<String>, Option<i64>) = sqlx::query_as(
        "SELECT legal_entity_type, currency, partner_program, partner_since FROM accounts WHERE id = $1",
    )
    .bind(account_id)
    .fetch_one(&state.db)
    .await?;
    let currency = Currency::parse(&currency).ok_or_else(|| ApiError::Internal("bad currency".into()))?;
    let legal = LegalEntityType::parse(&legal).ok_or_else(|| ApiError::Internal("bad legal entity type".into()))?;
    // Active: not ended, not cancelled, not deleted (domain::lifecycle's active state).
    let active: Vec<(String, i64)> = sqlx::query_as(
        "SELECT service_name, COUNT(*) FROM products WHERE account_id = $1 AND deleted_at IS NULL \
         AND cancelled_at IS NULL AND expired_at > $2 GROUP BY service_name",
    )
    .bind(account_id)
    .bind(state.clock.now().timestamp())
    .fetch_all(&state.db)
    .await?;
    let catalog = Catalog::of(state).await?;
    let yearly = |service: &str| {
        catalog
            .price(service, 12, currency)
            .map(|p| p.cents)
            .or_else(|| catalog.price(service, 1, currency).map(|p| p.cents * 12))
            .unwrap_or(0)
    };
    let managed: i64 = active.iter().map(|(service, count)| yearly(service) * count).sum();
    let types: Vec<&str> = active.iter().map(|(service, _)| service.as_str()).collect();
    let applicant = partner::applicant(legal, &types, managed, currency);
    let reasons = partner::partner_shortfalls(&applicant);
    let partnership = Partnership {
        account_id,
        program: program.as_deref().and_then(Program::parse),
        joined_at: since,
        eligible_as_partner: reasons.is_empty(),
        reasons,
        managed_yearly: Price::of(Money { cents: managed, currency }),
        minimum_yearly: Price::of(Money { cents: partner::minimum_managed_cents(currency), currency }),
    };
    Ok((partnership, applicant))
}

/// `GET /1/accounts/{account}/partnership`.
#[utoipa::path(get, path = "/api/1/accounts/{account}/partnership", tag = "Partner program", summary = "The program the Organization is in, and whether it may be a partner, with each unmet requirement (R-PART-1)", params(("account" = i64, Path, description = "The Organization")), responses((status = 200, description = "Done", body = api::Success<api::Partnership>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller's role does not allow it (R-ROLE-1)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn read(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ManageTeams)?; // legal representatives and administrators
    Ok(ok(standing(&state, account_id).await?.0))
}

/// `POST /1/accounts/{account}/partnership` `{type: partner|affiliate}`.
#[utoipa::path(post, path = "/api/1/accounts/{account}/partnership", tag = "Partner program", summary = "Joins the partner program as partner (R-PART-1) or affiliate; never both (R-PART-2). The legal representative only", params(("account" = i64, Path, description = "The Organization")), request_body = api::JoinProgramRequest, responses((status = 200, description = "Joined", body = api::Success<api::Partnership>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: only the legal representative (R-ACC-4)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 409, description = "`object_already_exists`: already in this program", body = api::Failure), (status = 422, description = "`partner_requirements_not_met` (each reason in the context) or `cannot_be_partner_and_affiliate`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn join(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    ApiJson(request): ApiJson<JoinProgramRequest>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::EditOrganization)?;
    let mut tx = crate::db::begin(&state.db).await?;
    lock_for_writing(&mut tx, account_id).await?;
    let (now, applicant) = standing(&state, account_id).await?;
    let program = partner::join(now.program, request.program, &applicant).map_err(|e| ApiError::rule(&e))?;
    sqlx::query("UPDATE accounts SET partner_program = $1, partner_since = $2 WHERE id = $3")
        .bind(program.as_str())
        .bind(state.clock.now().timestamp())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ok(standing(&state, account_id).await?.0))
}
