//! Invoices (`/1/accounts/{account}/invoices`, R-PAY-7, R-PAY-8): one per payment, listed,
//! read, and downloaded as a PDF (`invoice_pdf.rs`). Billing: members with billing rights
//! (R-ROLE-5).

use crate::auth::AuthUser;
use crate::db::Flag;
use crate::error::{ok, ApiError, ApiPath, ApiResult};
use crate::memberships::membership;
use crate::AppState;
use api::{Invoice, InvoiceLine, Price};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use domain::money::{Currency, Money};
use domain::role::{authorize, Action};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/invoices", get(list))
        .route("/1/accounts/{account}/invoices/{invoice}", get(one))
        .route("/1/accounts/{account}/invoices/{invoice}/pdf", get(pdf))
}

type InvoiceRow = (i64, String, String, String, i64, i64, i64, Option<String>, String, Flag, i64, i64, Option<i64>);

const INVOICE_COLUMNS: &str = "id, number, purpose, currency, total_cents, from_prepaid_cents, from_method_cents, \
    method, status, is_pro_forma, missing_cents, created_at, paid_at";

/// One invoice of the Organization with its lines; not found when it is another's.
pub(crate) async fn load_invoice(db: &mut sqlx::AnyConnection, account_id: i64, id: i64) -> Result<Invoice, ApiError> {
    let row: InvoiceRow =
        sqlx::query_as(&format!("SELECT {INVOICE_COLUMNS} FROM invoices WHERE account_id = $1 AND id = $2"))
            .bind(account_id)
            .bind(id)
            .fetch_optional(&mut *db)
            .await?
            .ok_or(ApiError::ObjectNotFound)?;
    let lines: Vec<(Option<i64>, String, i64, i64)> = sqlx::query_as(
        "SELECT product_id, description, period_months, price_cents FROM invoice_lines WHERE invoice_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *db)
    .await?;
    wire(row, lines)
}

fn wire(row: InvoiceRow, lines: Vec<(Option<i64>, String, i64, i64)>) -> Result<Invoice, ApiError> {
    let (
        id,
        number,
        _purpose,
        currency,
        total,
        from_prepaid,
        from_method,
        method,
        status,
        Flag(is_pro_forma),
        missing,
        created_at,
        paid_at,
    ) = row;
    let currency =
        Currency::parse(&currency).ok_or_else(|| ApiError::Internal(format!("invoice {id}: bad currency")))?;
    let price = |cents: i64| Price::of(Money { cents, currency });
    Ok(Invoice {
        id,
        number,
        status,
        is_pro_forma,
        total: price(total),
        from_prepaid: price(from_prepaid),
        from_method: price(from_method),
        method,
        missing: price(missing),
        lines: lines
            .into_iter()
            .map(|(product_id, description, period_months, cents)| InvoiceLine {
                product_id,
                description,
                period_months: u32::try_from(period_months).unwrap_or(0),
                price: price(cents),
            })
            .collect(),
        created_at,
        paid_at,
    })
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/invoices", tag = "Payments", summary = "The Organization's invoices and pro-formas, newest first", params(("account" = i64, Path, description = "The Organization")), responses((status = 200, description = "Done", body = api::Success<Vec<api::Invoice>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(account_id): ApiPath<i64>,
) -> ApiResult {
    match membership(&state.db, account_id, user.user_id).await {
        Ok(me) => authorize(&me, Action::ViewBilling)?,
        // R-PART-3: a partner's member the client let manage its whole account, billing included.
        Err(ApiError::ObjectNotFound) => match crate::partner_clients::reach(&state, account_id, user.user_id).await? {
            Some((_, true)) => {}
            Some((_, false)) => return Err(ApiError::AccessDenied("The partner manages products only.".into())),
            None => return Err(ApiError::ObjectNotFound),
        },
        Err(other) => return Err(other),
    }
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM invoices WHERE account_id = $1 ORDER BY id DESC")
        .bind(account_id)
        .fetch_all(&state.db)
        .await?;
    let mut connection = state.db.acquire().await?;
    let mut invoices = vec![];
    for (id,) in ids {
        invoices.push(load_invoice(&mut connection, account_id, id).await?);
    }
    Ok(ok(invoices))
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/invoices/{invoice}", tag = "Payments", summary = "One invoice with its lines", params(("account" = i64, Path, description = "The Organization"), ("invoice" = i64, Path, description = "The invoice")), responses((status = 200, description = "Done", body = api::Success<api::Invoice>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn one(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, invoice_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    Ok(ok(load_invoice(&mut *state.db.acquire().await?, account_id, invoice_id).await?))
}

#[utoipa::path(get, path = "/api/1/accounts/{account}/invoices/{invoice}/pdf", tag = "Payments", summary = "The invoice as a PDF (R-PAY-8): the Organization, the lines, periods, totals, VAT, currency, status and number", params(("account" = i64, Path, description = "The Organization"), ("invoice" = i64, Path, description = "The invoice")), responses((status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: no billing rights (R-ROLE-5)", body = api::Failure), (status = 404, description = "`object_not_found`: not there, or not the caller's to see", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn pdf(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, invoice_id)): ApiPath<(i64, i64)>,
) -> ApiResult {
    let me = membership(&state.db, account_id, user.user_id).await?;
    authorize(&me, Action::ViewBilling)?;
    let invoice = load_invoice(&mut *state.db.acquire().await?, account_id, invoice_id).await?;
    let (organization,): (String,) =
        sqlx::query_as("SELECT name FROM accounts WHERE id = $1").bind(account_id).fetch_one(&state.db).await?;
    let bytes = crate::invoice_pdf::render(&organization, &invoice);
    let disposition = format!("attachment; filename=\"{}.pdf\"", invoice.number);
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}
