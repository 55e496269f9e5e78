//! `GET /api/openapi.json`: the OpenAPI 3.1 description of every route, generated from the
//! handlers' `#[utoipa::path]` and the wire types' schemas (`api`, `domain` with their
//! `openapi` feature). `tests/openapi.rs` fails when a routed path is not described, or a
//! described one is not routed.

use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Console API",
        description = "An Infomaniak-style API for Organizations, users, roles and security. Every answer is \
            `{\"result\": \"success\", \"data\": ...}` or `{\"result\": \"error\", \"error\": {\"code\", \"description\", \
            \"errors\", \"context\"}}`; every answer carries `X-RateLimit-Limit` and `X-RateLimit-Remaining`. Paths \
            without a version answer as their latest version (R-API-1). A body over 1 MiB answers 413 \
            `request_too_large`; a field of the wrong type answers 422 `validation_failed` naming it; a \
            request not answered within 30 s (a client sending too slowly) answers 408 `request_timeout`. \
            In an Organization that requires two-factor authentication (`has_2fa_required`), a member without it \
            is answered 403 `two_factor_required` on every path of that Organization but reading it and leaving \
            it; an account that lost its login mailbox (R-REC-3) is answered 403 `login_email_required` on \
            everything but reading, setting its login email and logging out."
    ),
    paths(
        crate::users::register,
        crate::users::profile,
        crate::users::update_profile,
        crate::auth::token,
        crate::auth::revoke,
        crate::accounts::list,
        crate::accounts::create,
        crate::accounts::one,
        crate::accounts::update,
        crate::members::list,
        crate::members::update,
        crate::members::remove,
        crate::invitations::create,
        crate::invitations::list,
        crate::invitations::one,
        crate::invitations::update,
        crate::invitations::cancel,
        crate::invitation_links::preview,
        crate::invitation_links::accept,
        crate::support_access::list,
        crate::support_access::create,
        crate::support_access::revoke,
        crate::api_tokens::list,
        crate::api_tokens::create,
        crate::api_tokens::revoke,
        crate::sessions::list,
        crate::sessions::end,
        crate::teams::list,
        crate::teams::create,
        crate::teams::one,
        crate::teams::update,
        crate::teams::remove,
        crate::teams::users,
        crate::teams::add_users,
        crate::teams::remove_users,
        crate::partnership::read,
        crate::partnership::join,
        crate::abuse_reports::report,
        crate::recovery::forgot,
        crate::recovery::reset,
        crate::recovery::forgot_login,
        crate::onboarding::read,
        crate::onboarding::write,
        crate::security::start,
        crate::push_approvals::waiting,
        crate::push_approvals::answer,
        crate::identity_checks::list,
        crate::identity_checks::forgotten_password,
        crate::identity_checks::request,
        crate::identity_checks::send_document,
        crate::mailboxes::create,
        crate::mailboxes::mine,
        crate::mailboxes::attach,
        crate::mailboxes::update_password,
        crate::mailboxes::unify,
        crate::mailboxes::unlink,
        crate::partner_clients::delegate,
        crate::partner_clients::partners,
        crate::partner_clients::revoke,
        crate::partner_clients::clients,
        crate::partner_clients::choose_users,
        crate::security::confirm,
        crate::security::turn_off,
        crate::security::regenerate,
        crate::products::catalog,
        crate::products::list,
        crate::products::list_by_query,
        crate::products::one,
        crate::products::history,
        crate::cancellations::request,
        crate::cancellations::show,
        crate::cancellations::confirm,
        crate::payment_methods::list,
        crate::payment_methods::create,
        crate::payment_methods::remove,
        crate::payment_methods::make_default,
        crate::renewals::list,
        crate::attention::list,
        crate::prepaid::read,
        crate::prepaid::top_up_account,
        crate::payments::pay,
        crate::orders::list,
        crate::orders::create,
        crate::orders::one,
        crate::orders::pay,
        crate::invoices::list,
        crate::invoices::one,
        crate::invoices::pdf,
        crate::renewals::change_one,
        crate::renewals::change_many,
        crate::health::health,
        crate::dev::clock,
        crate::dev::move_clock,
        crate::dev::outbox,
        crate::dev::transfer,
        crate::dev::process_identity_check,
        document,
    ),
    modifiers(&BearerToken)
)]
pub struct ApiDoc;

/// The `bearer` security scheme the paths name: an OAuth 2 access token from `POST /api/token`.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(document))
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "OpenAPI", summary = "This description", responses((status = 200, description = "OpenAPI 3.1", content_type = "application/json"), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
