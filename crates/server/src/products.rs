//! What can be bought (`/1/catalog`) and what an Organization owns (`/1/accounts/{account_id}/
//! products`): listed by page, searched, filtered by type and status, ordered. Who sees which
//! product, a product's status and the periods it can be paid for are the domain's
//! (`team::product_access`, `lifecycle`, `renewal::allowed_periods`).

use crate::auth::AuthUser;
use crate::db::{at, Executor, Flag};
use crate::error::{ok, ApiError, ApiPath, ApiResult};
use crate::memberships::{membership, membership_in, stored_currency, OrganizationFacts};
use crate::paging::{contains_pattern, Paging};
use crate::AppState;
use api::{AutoRenewal, CatalogEntry, CatalogPeriod, FieldError, Price, Product};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::Router;
use domain::lifecycle::{expiries_with_status, product_status, ProductStatus};
use domain::money::{Currency, Money};
use domain::renewal::allowed_periods;
use domain::role::{authorize, Action, Member};
use domain::team::{product_access, ProductAccess};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::Arc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/catalog", get(catalog))
        .route("/1/products", get(list_by_query))
        .route("/1/accounts/{account_id}/products", get(list))
        .route("/1/accounts/{account_id}/products/{product_id}", get(one))
        .route("/1/accounts/{account_id}/products/{product_id}/history", get(history))
}

/// The catalog as stored: (service_name, service_id, name) and every price.
pub(crate) struct Catalog {
    types: Vec<(String, i64, String)>,
    prices: Vec<(String, i64, String, i64)>,
}

impl Catalog {
    /// The catalog, read from the database the first time only.
    pub(crate) async fn of(state: &AppState) -> Result<Arc<Catalog>, ApiError> {
        if let Some(catalog) = state.catalog.get() {
            return Ok(catalog.clone());
        }
        let catalog = Arc::new(Catalog::load(&state.db).await?);
        Ok(state.catalog.get_or_init(|| catalog).clone())
    }

    async fn load(db: impl Executor<'_> + Copy) -> Result<Catalog, ApiError> {
        let types = sqlx::query_as("SELECT service_name, service_id, name FROM catalog ORDER BY service_id")
            .fetch_all(db)
            .await?;
        let prices = sqlx::query_as(
            "SELECT service_name, months, currency, cents FROM catalog_prices ORDER BY service_name, months, currency",
        )
        .fetch_all(db)
        .await?;
        Ok(Catalog { types, prices })
    }

    fn service_id(&self, service_name: &str) -> i64 {
        self.types.iter().find(|(name, _, _)| name == service_name).map_or(0, |(_, id, _)| *id)
    }

    pub(crate) fn price(&self, service_name: &str, months: u32, currency: Currency) -> Option<Money> {
        self.prices
            .iter()
            .find(|(name, m, c, _)| name == service_name && *m == i64::from(months) && c == currency.as_str())
            .map(|(_, _, _, cents)| Money { cents: *cents, currency })
    }
}

/// `GET /1/catalog`: every product type, its periods (R-RENEW-9) and their prices.
#[utoipa::path(get, path = "/api/1/catalog", tag = "Products", summary = "What can be bought: the product types, the periods each can be paid for (R-RENEW-9) and a price per period and currency", responses((status = 200, description = "Done", body = api::Success<Vec<api::CatalogEntry>>), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn catalog(State(state): State<AppState>) -> ApiResult {
    let catalog = Catalog::of(&state).await?;
    let entries: Vec<CatalogEntry> = catalog
        .types
        .iter()
        .map(|(service_name, service_id, name)| CatalogEntry {
            service_name: service_name.clone(),
            service_id: *service_id,
            name: name.clone(),
            periods: allowed_periods(service_name)
                .iter()
                .map(|&months| CatalogPeriod {
                    months,
                    prices: [Currency::Chf, Currency::Eur]
                        .into_iter()
                        .filter_map(|currency| catalog.price(service_name, months, currency).map(Price::of))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(ok(entries))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    account_id: Option<i64>,
    page: Option<u64>,
    per_page: Option<u64>,
    search: Option<String>,
    /// Ours: `1,2,3`, only these products (a picker names what was chosen before).
    ids: Option<String>,
    service_name: Option<String>,
    status: Option<String>,
    order_by: Option<String>,
    order_for: Option<String>,
}

const MAX_PER_PAGE: u64 = 100;

/// `GET /1/products?account_id=`: the same list, the Organization given in the query.
#[utoipa::path(get, path = "/api/1/products", tag = "Products", summary = "The products of the Organization `account_id` the caller reaches (R-ROLE-4); as `/1/accounts/{account_id}/products`", params(("account_id" = i64, Query, description = "The Organization"), ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query, description = "1 to 100"), ("search" = Option<String>, Query), ("ids" = Option<String>, Query, description = "Only these products: ids separated by commas, at most 100 (ours; a picker names what was chosen)"), ("service_name" = Option<String>, Query), ("status" = Option<String>, Query, description = "active, blocked or terminated"), ("order_by" = Option<String>, Query, description = "expired_at, customer_name or service_name"), ("order_for" = Option<String>, Query)), responses((status = 200, description = "Done", body = api::Success<Vec<api::Product>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list_by_query(
    state: State<AppState>,
    user: AuthUser,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult {
    let Query(query) = query.map_err(|e| ApiError::BadBody(format!("The query is not valid: {}", e.body_text())))?;
    let Some(account_id) = query.account_id else {
        let error =
            FieldError::new("account_id", "required", "Give the Organization: account_id.", serde_json::json!({}));
        return Err(ApiError::Validation(vec![error]));
    };
    products_page(state, user, account_id, query).await
}

/// `GET /1/accounts/{account_id}/products`: a page of the products the caller reaches.
#[utoipa::path(get, path = "/api/1/accounts/{account_id}/products", tag = "Products", summary = "The products of the Organization the caller reaches (R-ROLE-4), by page, searched, filtered by type and status, ordered", params(("account_id" = i64, Path, description = "The Organization"), ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query, description = "1 to 100"), ("search" = Option<String>, Query), ("ids" = Option<String>, Query, description = "Only these products: ids separated by commas, at most 100 (ours; a picker names what was chosen)"), ("service_name" = Option<String>, Query), ("status" = Option<String>, Query, description = "active, blocked or terminated"), ("order_by" = Option<String>, Query, description = "expired_at, customer_name or service_name"), ("order_for" = Option<String>, Query)), responses((status = 200, description = "Done", body = api::Success<Vec<api::Product>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    state: State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult {
    let Query(query) = query.map_err(|e| ApiError::BadBody(format!("The query is not valid: {}", e.body_text())))?;
    products_page(state, user, account_id, query).await
}

/// R-ROLE-4, R-TEAM-3: which products `member` reaches: all, or those granted directly and
/// through their teams.
pub(crate) async fn access_of(state: &AppState, member: &Member) -> Result<ProductAccess, ApiError> {
    let grants: Vec<(i64,)> = if member.role.has_sufficient_rights() {
        vec![]
    } else {
        sqlx::query_as("SELECT product_id FROM product_grants WHERE user_id = $1")
            .bind(member.user_id)
            .fetch_all(&state.db)
            .await?
    };
    let direct: BTreeSet<i64> = grants.into_iter().map(|(id,)| id).collect();
    let teams = if member.role.has_sufficient_rights() {
        vec![]
    } else {
        crate::teams::of_member(&state.db, member.user_id).await?
    };
    Ok(product_access(member.user_id, member.role, &direct, &teams))
}

/// The SQL that keeps the products `access` reaches. The ids are integers of our own
/// database, never text from the request.
pub(crate) fn access_filter(access: &ProductAccess) -> String {
    match access {
        ProductAccess::All => String::new(),
        ProductAccess::Only(ids) if ids.is_empty() => " AND 1 = 0".into(),
        ProductAccess::Only(ids) => {
            let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
            format!(" AND p.id IN ({})", ids.join(", "))
        }
    }
}

async fn products_page(State(state): State<AppState>, user: AuthUser, account_id: i64, query: ListQuery) -> ApiResult {
    let (access, facts) = match membership_in(&state.db, account_id, user.user_id).await {
        Ok((me, facts)) => (access_of(&state, &me).await?, facts),
        // R-PART-3: no member, but a partner's member the client let in.
        Err(ApiError::ObjectNotFound) => match crate::partner_clients::reach(&state, account_id, user.user_id).await? {
            Some((access, _)) => (access, account_facts(&state, account_id).await?),
            None => return Err(ApiError::ObjectNotFound),
        },
        Err(other) => return Err(other),
    };
    let catalog = Catalog::of(&state).await?;

    let mut errors = vec![];
    let paging = Paging::read(query.page, query.per_page, 20, MAX_PER_PAGE, &mut errors);
    if let Some(service_name) = &query.service_name {
        if catalog.service_id(service_name) == 0 {
            let allowed: Vec<&String> = catalog.types.iter().map(|(name, _, _)| name).collect();
            let details = serde_json::json!({ "allowed": allowed });
            errors.push(FieldError::new(
                "service_name",
                "invalid_value",
                "Not a product type of the catalog.",
                details,
            ));
        }
    }
    let status = match query.status.as_deref() {
        None => None,
        Some("active") => Some(ProductStatus::Active),
        Some("blocked") => Some(ProductStatus::Blocked),
        Some("terminated") => Some(ProductStatus::Terminated),
        Some(_) => {
            let details = serde_json::json!({"allowed": ["active", "blocked", "terminated"]});
            errors.push(FieldError::new("status", "invalid_value", "active, blocked or terminated.", details));
            None
        }
    };
    // Only known columns reach the SQL text: nothing the client sends is spliced into it.
    let order_by = match query.order_by.as_deref().unwrap_or("expired_at") {
        "expired_at" => "p.expired_at",
        // As people read names: "Backups" before "demo.ch".
        "customer_name" => "lower(p.customer_name)",
        "service_name" => "p.service_name",
        _ => {
            let details = serde_json::json!({"allowed": ["expired_at", "customer_name", "service_name"]});
            errors.push(FieldError::new(
                "order_by",
                "invalid_value",
                "expired_at, customer_name or service_name.",
                details,
            ));
            ""
        }
    };
    let direction = match query.order_for.as_deref().unwrap_or("asc") {
        "asc" => "ASC",
        "desc" => "DESC",
        _ => {
            let details = serde_json::json!({"allowed": ["asc", "desc"]});
            errors.push(FieldError::new("order_for", "invalid_value", "asc or desc.", details));
            ""
        }
    };
    let ids: Option<Vec<i64>> = query.ids.as_deref().and_then(|ids| {
        let parsed: Option<Vec<i64>> = ids.split(',').map(|id| id.trim().parse().ok()).collect();
        if parsed.as_ref().is_none_or(|ids| ids.len() > MAX_PER_PAGE as usize) {
            let details = serde_json::json!({"max": MAX_PER_PAGE});
            errors.push(FieldError::new(
                "ids",
                "invalid_value",
                "Product ids separated by commas, at most 100.",
                details,
            ));
        }
        parsed
    });
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let now = state.clock.now();
    let (after, up_to) = match status {
        Some(status) => expiries_with_status(status, now),
        None => (None, None),
    };
    let search = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let pattern = search.map(contains_pattern);
    // Only the conditions asked for reach the SQL, so that without filters the count is
    // taken on the index of live products alone (BENCHMARKS.md, load).
    let mut conditions = String::new();
    let mut binds: Vec<Bind> = vec![Bind::Int(account_id)];
    let next = |bind: Bind, binds: &mut Vec<Bind>| {
        binds.push(bind);
        format!("${}", binds.len())
    };
    if let Some(pattern) = &pattern {
        let at = next(Bind::Text(pattern.clone()), &mut binds);
        conditions += &format!(
            " AND (lower(p.customer_name) LIKE {at} ESCAPE '\\' OR lower(p.internal_name) LIKE {at} ESCAPE '\\')"
        );
    }
    if let Some(ids) = &ids {
        // Integers parsed above, never the request's text.
        conditions += &access_filter(&ProductAccess::Only(ids.iter().copied().collect()));
    }
    if let Some(service_name) = &query.service_name {
        conditions += &format!(" AND p.service_name = {}", next(Bind::Text(service_name.clone()), &mut binds));
    }
    if let Some(after) = after {
        conditions += &format!(" AND p.expired_at > {}", next(Bind::Int(after.timestamp()), &mut binds));
    }
    // A cancelled product is terminated whatever its expiry (`product_status`, R-CAN-1).
    match (status, up_to) {
        (Some(ProductStatus::Terminated), Some(up_to)) => {
            let at = next(Bind::Int(up_to.timestamp()), &mut binds);
            conditions += &format!(" AND (p.expired_at <= {at} OR p.cancelled_at IS NOT NULL)");
        }
        (Some(_), up_to) => {
            conditions += " AND p.cancelled_at IS NULL";
            if let Some(up_to) = up_to {
                conditions += &format!(" AND p.expired_at <= {}", next(Bind::Int(up_to.timestamp()), &mut binds));
            }
        }
        (None, _) => {}
    }
    let filter = format!(
        "FROM products p WHERE p.account_id = $1 AND p.deleted_at IS NULL{conditions}{}",
        access_filter(&access)
    );
    let currency = facts.currency;
    // Nothing narrows the list: the count kept with the Organization (a trigger of migration
    // 0021) instead of counting every row.
    let total = if conditions.is_empty() && matches!(access, ProductAccess::All) {
        facts.live_products
    } else {
        let count_sql = format!("SELECT COUNT(*) {filter}");
        let (total,): (i64,) = Bind::all(sqlx::query_as(&count_sql), &binds).fetch_one(&state.db).await?;
        total
    };
    let (limit, offset) = (binds.len() + 1, binds.len() + 2);
    let page_sql = format!(
        "SELECT {PRODUCT_COLUMNS} {filter} ORDER BY {order_by} {direction}, p.id {direction} LIMIT ${limit} OFFSET ${offset}"
    );
    let rows: Vec<ProductRow> = Bind::all(sqlx::query_as(&page_sql), &binds)
        .bind(paging.limit())
        .bind(paging.offset())
        .fetch_all(&state.db)
        .await?;
    let products: Vec<Product> =
        rows.into_iter().map(|row| row.into_wire(&catalog, currency, now.timestamp())).collect();
    Ok(paging.answer(products, total))
}

/// `GET /1/accounts/{account_id}/products/{product_id}`: one product the caller reaches.
#[utoipa::path(get, path = "/api/1/accounts/{account_id}/products/{product_id}", tag = "Products", summary = "One product the caller reaches (R-ROLE-4)", params(("account_id" = i64, Path, description = "The Organization"), ("product_id" = i64, Path, description = "The product")), responses((status = 200, description = "Done", body = api::Success<api::Product>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, product_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    Ok(ok(load_visible(&state, &me, account_id, product_id).await?))
}

/// One product of `account_id` as `me` may see it: not found when not given to them
/// (R-ROLE-4) or not there.
pub(crate) async fn load_visible(
    state: &AppState,
    me: &Member,
    account_id: i64,
    product_id: i64,
) -> Result<Product, ApiError> {
    let access = access_of(state, me).await?;
    authorize(me, Action::UseProduct { granted: access.reaches(product_id) })?;
    let row: ProductRow = sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.account_id = $1 AND p.id = $2 AND p.deleted_at IS NULL"
    ))
    .bind(account_id)
    .bind(product_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::ObjectNotFound)?;
    let catalog = Catalog::of(&state).await?;
    let currency = account_currency(state, account_id).await?;
    Ok(row.into_wire(&catalog, currency, state.clock.now().timestamp()))
}

/// The Organization's currency and how many live products it has.
async fn account_facts(state: &AppState, account_id: i64) -> Result<OrganizationFacts, ApiError> {
    let (currency, live_products): (String, i64) =
        sqlx::query_as("SELECT currency, live_products FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_one(&state.db)
            .await?;
    Ok(OrganizationFacts { currency: stored_currency(account_id, &currency)?, live_products })
}

pub(crate) async fn account_currency(state: &AppState, account_id: i64) -> Result<Currency, ApiError> {
    let (currency,): (String,) =
        sqlx::query_as("SELECT currency FROM accounts WHERE id = $1").bind(account_id).fetch_one(&state.db).await?;
    stored_currency(account_id, &currency)
}

const PRODUCT_COLUMNS: &str = "p.id, p.account_id, p.service_name, p.customer_name, p.internal_name, p.created_at, \
    p.expired_at, p.auto_renewal, p.payment_method_id, p.deleted_at, p.cancelled_at";

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    account_id: i64,
    service_name: String,
    customer_name: String,
    internal_name: String,
    created_at: i64,
    expired_at: i64,
    #[sqlx(try_from = "Flag")]
    auto_renewal: bool,
    payment_method_id: Option<i64>,
    deleted_at: Option<i64>,
    cancelled_at: Option<i64>,
}

impl ProductRow {
    fn into_wire(self, catalog: &Catalog, currency: Currency, now: i64) -> Product {
        let status = product_status(at(self.expired_at), self.cancelled_at.map(at), at(now));
        let periods = allowed_periods(&self.service_name).to_vec();
        let renewal_price =
            periods.first().and_then(|&months| catalog.price(&self.service_name, months, currency)).map(Price::of);
        Product {
            id: self.id,
            account_id: self.account_id,
            service_id: catalog.service_id(&self.service_name),
            customer_name: self.customer_name,
            internal_name: self.internal_name,
            created_at: self.created_at,
            expired_at: self.expired_at,
            deleted_at: self.deleted_at,
            version: 1,
            has_maintenance: false,
            is_locked: status == ProductStatus::Blocked,
            has_operation_in_progress: false,
            tags: vec![],
            unique_id: self.id,
            is_free: false,
            is_zero_price: false,
            is_trial: false,
            rights: serde_json::json!({}),
            auto_renewal: AutoRenewal { enabled: self.auto_renewal, payment_method_id: self.payment_method_id },
            status,
            renewal_periods: periods,
            renewal_price,
            service_name: self.service_name,
        }
    }
}

#[utoipa::path(get, path = "/api/1/accounts/{account_id}/products/{product_id}/history", tag = "Products", summary = "A product's history, oldest first: renewals, failed renewal attempts, blocked, terminated (R-RENEW-*)", params(("account_id" = i64, Path, description = "The Organization"), ("product_id" = i64, Path, description = "The product")), responses((status = 200, description = "Done", body = api::Success<Vec<api::ProductEvent>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn history(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, product_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    load_visible(&state, &me, account_id, product_id).await?;
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT event, detail, at FROM product_events WHERE product_id = $1 ORDER BY id")
            .bind(product_id)
            .fetch_all(&state.db)
            .await?;
    Ok(ok(rows.into_iter().map(|(event, detail, at)| api::ProductEvent { event, detail, at }).collect::<Vec<_>>()))
}

/// A value for a query whose conditions are chosen at run time.
enum Bind {
    Int(i64),
    Text(String),
}

impl Bind {
    fn all<'q, O>(
        mut query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
        binds: &'q [Bind],
    ) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
        for bind in binds {
            query = match bind {
                Bind::Int(n) => query.bind(*n),
                Bind::Text(text) => query.bind(text.as_str()),
            };
        }
        query
    }
}
