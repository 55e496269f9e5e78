//! An Organization's saved payment methods (`/1/accounts/{account}/payment_methods`,
//! R-PAY-1, R-PAY-2): billing, so for members with billing rights (R-ROLE-5). Cards go to the
//! payment provider and come back as a token; their number and CVC are kept nowhere.

use crate::auth::AuthUser;
use crate::db::{Executor, Flag};
use crate::error::{created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::membership;
use crate::products::account_currency;
use crate::AppState;
use api::{FieldError, MethodType, NewPaymentMethod, PaymentMethod};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, put};
use axum::Router;
use domain::payment::{check_method, CardBrand, MethodKind, Purpose};
use domain::role::{authorize, Action};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/payment_methods", get(list).post(create))
        .route("/1/accounts/{account}/payment_methods/{method}", delete(remove))
        .route("/1/accounts/{account}/payment_methods/{method}/default", put(make_default))
}

#[derive(sqlx::FromRow)]
struct MethodRow {
    id: i64,
    #[sqlx(rename = "type")]
    kind: String,
    brand: Option<String>,
    last4: Option<String>,
    label: String,
    #[sqlx(try_from = "Flag")]
    is_default: bool,
}

fn method_type(name: &str) -> Option<MethodType> {
    serde_json::from_value(serde_json::Value::String(name.into())).ok()
}

fn card_brand(name: &str) -> Option<CardBrand> {
    serde_json::from_value(serde_json::Value::String(name.into())).ok()
}

impl MethodRow {
    fn wire(self) -> Result<PaymentMethod, ApiError> {
        let kind =
            method_type(&self.kind).ok_or_else(|| ApiError::Internal(format!("method {}: bad type", self.id)))?;
        Ok(PaymentMethod {
            id: self.id,
            kind,
            brand: self.brand.as_deref().and_then(card_brand),
            last4: self.last4,
            label: self.label,
            is_default: self.is_default,
        })
    }
}

const METHOD_COLUMNS: &str = "id, type, brand, last4, label, is_default";

/// A saved method of the Organization: `id`, or its default when None. None: no such method.
pub(crate) async fn find(
    db: impl Executor<'_>,
    account_id: i64,
    id: Option<i64>,
) -> Result<Option<PaymentMethod>, ApiError> {
    let select = format!("SELECT {METHOD_COLUMNS} FROM payment_methods WHERE account_id = $1 AND deleted_at IS NULL");
    let row: Option<MethodRow> = match id {
        Some(id) => {
            sqlx::query_as(&format!("{select} AND id = $2")).bind(account_id).bind(id).fetch_optional(db).await?
        }
        None => {
            sqlx::query_as(&format!("{select} AND is_default = $2"))
                .bind(account_id)
                .bind(true)
                .fetch_optional(db)
                .await?
        }
    };
    row.map(MethodRow::wire).transpose()
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/payment_methods", tag = "Payments", summary = "The Organization's saved payment methods (R-PAY-1); billing rights needed (R-ROLE-5)", params(("account" = i64, Path, description = "The Organization")), responses((status = 200, description = "Done", body = api::Success<Vec<api::PaymentMethod>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let rows: Vec<MethodRow> = sqlx::query_as(&format!(
        "SELECT {METHOD_COLUMNS} FROM payment_methods WHERE account_id = $1 AND deleted_at IS NULL ORDER BY id"
    ))
    .bind(account_id)
    .fetch_all(&state.db)
    .await?;
    Ok(ok(rows.into_iter().map(MethodRow::wire).collect::<Result<Vec<_>, _>>()?))
}

#[utoipa::path(post, path = "/api/1/accounts/{account}/payment_methods", tag = "Payments", summary = "Saves a payment method; a card is tokenised by the payment provider, its number and CVC kept nowhere (R-PAY-1, R-PAY-2)", params(("account" = i64, Path, description = "The Organization")), request_body = api::NewPaymentMethod, responses((status = 201, description = "Done", body = api::Success<api::PaymentMethod>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 402, description = "`card_declined`: the card's issuer refused it", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 422, description = "`validation_failed` (one entry per field); `payment_method_currency_mismatch` (R-PAY-2)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
    ApiJson(request): ApiJson<NewPaymentMethod>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let currency = account_currency(&state, account_id).await?;
    let invalid = |attribute: &str, why: &str| {
        ApiError::Validation(vec![FieldError::new(attribute, "invalid_value", why, serde_json::json!({}))])
    };
    // The card's details go to the provider and no further.
    let (brand, last4, token, kind) = match (request.kind, &request.card) {
        (MethodType::Card, None) => return Err(invalid("card", "A card needs its number, expiry and CVC.")),
        (MethodType::Card, Some(card)) => {
            let now = state.clock.now();
            use chrono::Datelike;
            let month = now.year() as u32 * 12 + now.month0();
            let saved = state.payments.save_card(card, month).map_err(|refused| refused.into_api(""))?;
            let brand = saved.brand;
            (Some(brand), Some(saved.last4), saved.token, MethodKind::Card { brand })
        }
        (_, Some(_)) if request.kind != MethodType::Postfinance => {
            return Err(invalid("card", "Only a card or a PostFinance card has card details."))
        }
        (other, _) => {
            let kind = match other {
                MethodType::Postfinance => MethodKind::Postfinance,
                MethodType::Iban => MethodKind::Iban,
                MethodType::Paypal => MethodKind::Paypal,
                _ => MethodKind::Twint,
            };
            (None, None, format!("test_ref_{}", crate::secrets::new_token()), kind)
        }
    };
    // R-PAY-2: a PostFinance card pays in CHF only.
    check_method(kind, Purpose::Order, currency).map_err(|e| ApiError::rule(&e))?;
    let label = match request.label.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        Some(label) if label.chars().count() > 100 => return Err(invalid("label", "At most 100 characters.")),
        Some(label) => label.to_string(),
        None => default_label(kind, last4.as_deref()),
    };
    let brand_name = brand.map(|b| serde_json::to_value(b).ok().and_then(|v| v.as_str().map(String::from)));
    let mut tx = crate::db::begin(&state.db).await?;
    let (others,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM payment_methods WHERE account_id = $1 AND deleted_at IS NULL")
            .bind(account_id)
            .fetch_one(&mut *tx)
            .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO payment_methods (account_id, type, brand, last4, label, provider_token, is_default, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(account_id)
    .bind(kind.type_name())
    .bind(brand_name.flatten())
    .bind(&last4)
    .bind(&label)
    .bind(&token)
    .bind(others == 0)
    .bind(state.clock.now().timestamp())
    .fetch_one(&mut *tx)
    .await?;
    let saved = find(&mut *tx, account_id, Some(id)).await?.ok_or(ApiError::ObjectNotFound)?;
    tx.commit().await?;
    Ok(created(saved))
}

/// What a method is called when its owner gave it no name.
fn default_label(kind: MethodKind, last4: Option<&str>) -> String {
    match (kind, last4) {
        (MethodKind::Card { brand: CardBrand::Visa }, Some(last4)) => format!("Visa •••• {last4}"),
        (MethodKind::Card { brand: CardBrand::Mastercard }, Some(last4)) => format!("Mastercard •••• {last4}"),
        (MethodKind::Card { .. }, Some(last4)) => format!("Card •••• {last4}"),
        (MethodKind::Postfinance, _) => "PostFinance".into(),
        (MethodKind::Iban, _) => "Bank transfer".into(),
        (MethodKind::Paypal, _) => "PayPal".into(),
        (MethodKind::Twint, _) => "Twint".into(),
        _ => kind.type_name().into(),
    }
}

#[utoipa::path(delete, path = "/api/1/accounts/{account}/payment_methods/{method}", tag = "Payments", summary = "Removes a saved method; refused while a product's auto-renewal charges it", params(("account" = i64, Path, description = "The Organization"), ("method" = i64, Path, description = "The payment method")), responses((status = 200, description = "Done", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 409, description = "`payment_method_in_use`: products' auto-renewal charges it (`context.product_ids`)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn remove(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, method_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let mut tx = crate::db::begin(&state.db).await?;
    let method = find(&mut *tx, account_id, Some(method_id)).await?.ok_or(ApiError::ObjectNotFound)?;
    let charged: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM products WHERE account_id = $1 AND payment_method_id = $2 AND auto_renewal = $3 AND deleted_at IS NULL ORDER BY id",
    )
    .bind(account_id)
    .bind(method_id)
    .bind(true)
    .fetch_all(&mut *tx)
    .await?;
    if !charged.is_empty() {
        // Nothing lost: a renewal would otherwise fail at its date, unnoticed.
        let product_ids: Vec<i64> = charged.into_iter().map(|(id,)| id).collect();
        return Err(ApiError::Rule {
            status: StatusCode::CONFLICT,
            code: "payment_method_in_use",
            description: "Auto-renewal charges this method: choose another one for those products first.".into(),
            context: serde_json::json!({ "product_ids": product_ids }).as_object().cloned().unwrap_or_default(),
        });
    }
    let now = state.clock.now().timestamp();
    sqlx::query("UPDATE payment_methods SET deleted_at = $1, is_default = $2 WHERE id = $3")
        .bind(now)
        .bind(false)
        .bind(method_id)
        .execute(&mut *tx)
        .await?;
    if method.is_default {
        // The oldest method left becomes the default.
        sqlx::query(
            "UPDATE payment_methods SET is_default = $1 WHERE id = \
             (SELECT MIN(id) FROM payment_methods WHERE account_id = $2 AND deleted_at IS NULL)",
        )
        .bind(true)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(ok(true))
}

#[utoipa::path(put, path = "/api/1/accounts/{account}/payment_methods/{method}/default", tag = "Payments", summary = "Makes a saved method the Organization's default: the one auto-renewal charges when none is named", params(("account" = i64, Path, description = "The Organization"), ("method" = i64, Path, description = "The payment method")), responses((status = 200, description = "Done: the method as it is now", body = api::Success<api::PaymentMethod>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn make_default(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, method_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let mut tx = crate::db::begin(&state.db).await?;
    find(&mut *tx, account_id, Some(method_id)).await?.ok_or(ApiError::ObjectNotFound)?;
    // One default per Organization: every other method stops being it in the same transaction.
    sqlx::query("UPDATE payment_methods SET is_default = (id = $1) WHERE account_id = $2 AND deleted_at IS NULL")
        .bind(method_id)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    let method = find(&mut *tx, account_id, Some(method_id)).await?.ok_or(ApiError::ObjectNotFound)?;
    tx.commit().await?;
    Ok(ok(method))
}
