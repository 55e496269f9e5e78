//! Mailboxes (R-ID-*): those of a Mail Service (`POST /1/accounts/{a}/products/{p}/mailboxes`,
//! ours: made by whoever manages the service), each with a password of its own; and those an
//! account uses in webmail (`/2/profile/mailboxes`, ours: attached with the mailbox's
//! password, listed, unlinked; after the official `/2/profile/ksuites/mailboxes`, whose
//! bodies these take, but whose answers the official description leaves open, so the path
//! is not claimed). The login password and a mailbox's are separate
//! (R-ID-1): changing one changes the other only once they were unified, which is offered
//! when the login is that mailbox, the account alone uses it and may change its password
//! (R-ID-2, `domain::recovery::unification`). A Mail Service that ends takes its mailboxes
//! (`login_recovery.rs`).

use crate::auth::AuthUser;
use crate::db::{Flag, Transaction};
use crate::error::{already_exists_on_conflict, created, ok, ApiError, ApiJson, ApiPath, ApiResult};
use crate::memberships::membership;
use crate::secrets::{current_password_error, hash_password, verify_password};
use crate::AppState;
use api::{
    AttachMailboxRequest, FieldError, Mailbox, MailboxPasswordRequest, NewMailboxRequest, UnifyPasswordsRequest,
};
use axum::extract::State;
use axum::routing::{delete, get, post, put};
use axum::Router;
use domain::account;
use domain::recovery::{login_hosted_by, unification, MailboxLink};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/1/accounts/{account}/products/{product}/mailboxes", post(create))
        .route("/2/profile/mailboxes", get(mine).post(attach))
        .route("/2/profile/mailboxes/{id}", delete(unlink))
        .route("/2/profile/mailboxes/{id}/password", put(update_password))
        .route("/2/profile/mailboxes/{id}/unify", post(unify))
}

fn field(attribute: &str, code: &str, why: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::new(attribute, code, why, serde_json::json!({}))])
}

/// Whether `user_id` may manage the Mail Service `product_id` (and so change its mailboxes'
/// passwords): a member of its Organization whose product access reaches it (R-ROLE-4).
async fn manages(state: &AppState, user_id: i64, product_id: i64) -> Result<bool, ApiError> {
    let (account_id,): (i64,) =
        sqlx::query_as("SELECT account_id FROM products WHERE id = $1").bind(product_id).fetch_one(&state.db).await?;
    let Ok(member) = membership(&state.db, account_id, user_id).await else { return Ok(false) };
    Ok(crate::products::access_of(state, &member).await?.reaches(product_id))
}

/// A mailbox as `user_id` sees it, with R-ID-2's offer decided by the domain, and what that
/// offer looked at (whether they may change its password, among others), read once.
async fn as_seen_by(state: &AppState, user_id: i64, mailbox_id: i64) -> Result<(Mailbox, MailboxLink), ApiError> {
    type Row = (i64, String, i64, Option<i64>, Flag);
    let (id, email, product_id, unified_user, is_primary): Row = sqlx::query_as(
        "SELECT m.id, m.address, m.product_id, m.unified_user_id, u.is_primary FROM mailboxes m \
         JOIN mailbox_users u ON u.mailbox_id = m.id WHERE m.id = $1 AND u.user_id = $2",
    )
    .bind(mailbox_id)
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::ObjectNotFound)?;
    let link = link_of(state, user_id, id, &email, product_id).await?;
    let mailbox = Mailbox {
        id,
        email,
        product_id,
        is_primary: is_primary.0,
        unified: unified_user == Some(user_id),
        may_unify: unified_user.is_none() && unification(&link).is_ok(),
    };
    Ok((mailbox, link))
}

/// What R-ID-2 looks at, for `user_id` and one mailbox.
async fn link_of(
    state: &AppState,
    user_id: i64,
    mailbox_id: i64,
    address: &str,
    product_id: i64,
) -> Result<MailboxLink, ApiError> {
    let (login,): (String,) =
        sqlx::query_as("SELECT email FROM users WHERE id = $1").bind(user_id).fetch_one(&state.db).await?;
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mailbox_users WHERE mailbox_id = $1")
        .bind(mailbox_id)
        .fetch_one(&state.db)
        .await?;
    Ok(MailboxLink {
        login_email: login,
        mailbox_address: address.to_string(),
        accounts_using_mailbox: u32::try_from(users).unwrap_or(u32::MAX),
        may_change_mailbox_password: manages(state, user_id, product_id).await?,
    })
}

#[utoipa::path(post, path = "/api/1/accounts/{account}/products/{product}/mailboxes", tag = "Products", summary = "Creates a mailbox of a Mail Service, at its domain, with a password of its own (R-ID-1)", params(("account" = i64, Path, description = "The Organization"), ("product" = i64, Path, description = "The Mail Service")), request_body = api::NewMailboxRequest, responses((status = 201, description = "Done", body = api::Success<api::Mailbox>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not a product the caller manages", body = api::Failure), (status = 409, description = "`object_already_exists`: the address is taken", body = api::Failure), (status = 422, description = "`validation_failed`: not a Mail Service, an address of another domain, a short password", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((account_id, product_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<NewMailboxRequest>,
) -> ApiResult {
    let member = membership(&state.db, account_id, user.user_id).await?;
    let service: Option<(String, String)> =
        sqlx::query_as("SELECT service_name, customer_name FROM products WHERE id = $1 AND account_id = $2")
            .bind(product_id)
            .bind(account_id)
            .fetch_optional(&state.db)
            .await?;
    let Some((service_name, domain)) = service else { return Err(ApiError::ObjectNotFound) };
    if !crate::products::access_of(&state, &member).await?.reaches(product_id) {
        return Err(ApiError::ObjectNotFound);
    }
    if service_name != "email_hosting" {
        return Err(field("product", "invalid_value", "Mailboxes belong to a Mail Service."));
    }
    let address = request.address.trim().to_lowercase();
    let mut errors = vec![];
    if account::validate_email(&address).is_err() || !login_hosted_by(&address, &domain) {
        errors.push(FieldError::new(
            "address",
            "invalid_value",
            format!("An address at {domain}."),
            serde_json::json!({ "domain": domain }),
        ));
    }
    if let Err(problem) = account::validate_password(&request.password) {
        errors.push(FieldError::from_rule("password", &problem));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let hash = hash_password(request.password.clone()).await?;
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO mailboxes (product_id, address, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(product_id)
    .bind(&address)
    .bind(hash)
    .bind(state.clock.now().timestamp())
    .fetch_one(&state.db)
    .await;
    let (id,) = already_exists_on_conflict(inserted, "This mailbox exists already.")?;
    Ok(created(Mailbox { id, email: address, product_id, is_primary: false, unified: false, may_unify: false }))
}

#[utoipa::path(get, path = "/api/2/profile/mailboxes", tag = "Profile", summary = "The mailboxes the caller uses in webmail, each saying whether its password is unified with the login's and whether that is offered (R-ID-1, R-ID-2)", responses((status = 200, description = "Done", body = api::Success<Vec<api::Mailbox>>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn mine(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    let ids: Vec<(i64,)> =
        sqlx::query_as("SELECT mailbox_id FROM mailbox_users WHERE user_id = $1 ORDER BY mailbox_id")
            .bind(user.user_id)
            .fetch_all(&state.db)
            .await?;
    let mut mailboxes = vec![];
    for (id,) in ids {
        mailboxes.push(as_seen_by(&state, user.user_id, id).await?.0);
    }
    Ok(ok(mailboxes))
}

#[utoipa::path(post, path = "/api/2/profile/mailboxes", tag = "Profile", summary = "Uses a mailbox in webmail, proved by its own password (R-ID-1)", request_body = api::AttachMailboxRequest, responses((status = 201, description = "Done", body = api::Success<api::Mailbox>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 409, description = "`object_already_exists`: used already", body = api::Failure), (status = 422, description = "`validation_failed`: `wrong_password` on `password` when the address or the password is wrong (the same answer for both)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn attach(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(request): ApiJson<AttachMailboxRequest>,
) -> ApiResult {
    let found: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM mailboxes WHERE lower(address) = lower($1)")
            .bind(request.email.trim())
            .fetch_optional(&state.db)
            .await?;
    let (id, stored) = match found {
        Some(found) => found,
        None => (0, crate::secrets::DECOY_HASH.clone()),
    };
    // Checked against a decoy when there is no such mailbox: the same time, the same answer.
    if !verify_password(request.password.clone(), stored).await? || id == 0 {
        return Err(field("password", "wrong_password", "The address or the mailbox's password is wrong."));
    }
    let mut tx = crate::db::begin(&state.db).await?;
    let primary = request.is_primary.unwrap_or(false);
    if primary {
        clear_primary(&mut tx, user.user_id).await?;
    }
    let inserted =
        sqlx::query("INSERT INTO mailbox_users (mailbox_id, user_id, is_primary, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(user.user_id)
            .bind(primary)
            .bind(state.clock.now().timestamp())
            .execute(&mut *tx)
            .await;
    already_exists_on_conflict(inserted, "This mailbox is in your webmail already.")?;
    tx.commit().await?;
    Ok(created(as_seen_by(&state, user.user_id, id).await?.0))
}

async fn clear_primary(tx: &mut Transaction, user_id: i64) -> Result<(), ApiError> {
    sqlx::query("UPDATE mailbox_users SET is_primary = $1 WHERE user_id = $2")
        .bind(false)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[utoipa::path(put, path = "/api/2/profile/mailboxes/{id}/password", tag = "Profile", summary = "Changes a mailbox's password (R-ID-1): the login password too only when they were unified", params(("id" = i64, Path, description = "The mailbox")), request_body = api::MailboxPasswordRequest, responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: the caller may not change this mailbox's password", body = api::Failure), (status = 404, description = "`object_not_found`: not a mailbox the caller uses", body = api::Failure), (status = 422, description = "`validation_failed`: a short password", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn update_password(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<MailboxPasswordRequest>,
) -> ApiResult {
    let (mailbox, link) = as_seen_by(&state, user.user_id, id).await?;
    if !link.may_change_mailbox_password {
        return Err(ApiError::AccessDenied("Only who manages its Mail Service changes a mailbox's password.".into()));
    }
    account::validate_password(&request.password)
        .map_err(|p| ApiError::Validation(vec![FieldError::from_rule("password", &p)]))?;
    let hash = hash_password(request.password.clone()).await?;
    let touched = domain::recovery::password_change(false, mailbox.unified);
    let mut tx = crate::db::begin(&state.db).await?;
    sqlx::query("UPDATE mailboxes SET password_hash = $1 WHERE id = $2").bind(&hash).bind(id).execute(&mut *tx).await?;
    if touched.login {
        sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
            .bind(&hash)
            .bind(state.clock.now().timestamp())
            .bind(user.user_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(ok(true))
}

#[utoipa::path(post, path = "/api/2/profile/mailboxes/{id}/unify", tag = "Profile", summary = "Unifies the login password and this mailbox's (R-ID-2): the mailbox takes the login's; offered only when the login is this mailbox, the caller alone uses it in webmail and may change its password", params(("id" = i64, Path, description = "The mailbox")), request_body = api::UnifyPasswordsRequest, responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not a mailbox the caller uses", body = api::Failure), (status = 422, description = "`password_unification_not_offered`, with each condition met or not; `validation_failed`: `wrong_password`", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn unify(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<UnifyPasswordsRequest>,
) -> ApiResult {
    let (_, link) = as_seen_by(&state, user.user_id, id).await?;
    unification(&link).map_err(|e| ApiError::rule(&e))?;
    if let Some(wrong) =
        current_password_error(&state.db, user.user_id, &request.current_password, "current_password").await?
    {
        return Err(ApiError::Validation(vec![wrong]));
    }
    // The mailbox takes the login's password: its hash, copied in the database.
    sqlx::query(
        "UPDATE mailboxes SET password_hash = (SELECT password_hash FROM users WHERE id = $1), unified_user_id = $2 \
         WHERE id = $3",
    )
    .bind(user.user_id)
    .bind(user.user_id)
    .bind(id)
    .execute(&state.db)
    .await?;
    Ok(ok(true))
}

#[utoipa::path(delete, path = "/api/2/profile/mailboxes/{id}", tag = "Profile", summary = "No longer uses a mailbox in webmail; its passwords are separate again (R-ID-1)", params(("id" = i64, Path, description = "The mailbox")), responses((status = 200, description = "Done: `true`", body = api::Success<bool>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 404, description = "`object_not_found`: not a mailbox the caller uses", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn unlink(State(state): State<AppState>, user: AuthUser, ApiPath(id): ApiPath<i64>) -> ApiResult {
    let mut tx = crate::db::begin(&state.db).await?;
    let removed = sqlx::query("DELETE FROM mailbox_users WHERE mailbox_id = $1 AND user_id = $2")
        .bind(id)
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() == 0 {
        return Err(ApiError::ObjectNotFound);
    }
    sqlx::query("UPDATE mailboxes SET unified_user_id = NULL WHERE id = $1 AND unified_user_id = $2")
        .bind(id)
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ok(true))
}

/// R-ID-1: the login password changed (`password_change.rs`, or a reset): a unified mailbox
/// takes it too.
pub(crate) async fn login_password_changed(tx: &mut Transaction, user_id: i64, hash: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE mailboxes SET password_hash = $1 WHERE unified_user_id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A Mail Service ended: its mailboxes go with it (R-REC-3).
pub(crate) async fn service_ended(tx: &mut Transaction, product_id: i64) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM mailboxes WHERE product_id = $1").bind(product_id).execute(&mut **tx).await?;
    Ok(())
}
