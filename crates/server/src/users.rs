//! Users: sign-up (`POST /register`) and the signed-in user's profile (`GET|PATCH /2/profile`).

use crate::accounts::{self, NewOrganization};
use crate::auth::AuthUser;
use crate::db;
use crate::error::{already_exists_on_conflict, created, ok, ApiError, ApiJson, ApiResult};
use crate::secrets::hash_password;
use crate::AppState;
use crate::{login_recovery, password_change};
use api::{FieldError, Profile, RegisterRequest, Registered, UpdateProfileRequest};
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use domain::account::{self, LegalEntityType};
use domain::language::Language;
use domain::money::Currency;
use domain::role::Role;

pub fn routes() -> Router<AppState> {
    Router::new().route("/register", post(register)).route("/2/profile", get(profile).patch(update_profile))
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    first_name: String,
    last_name: String,
    locale: String,
    current_account_id: Option<i64>,
    password_changed_at: i64,
    last_login_at: Option<i64>,
    reminder_phone: Option<String>,
    reminder_email: Option<String>,
    temporary_login: Option<String>,
}

impl From<UserRow> for Profile {
    fn from(user: UserRow) -> Profile {
        Profile {
            id: user.id,
            display_name: format!("{} {}", user.first_name, user.last_name),
            first_name: user.first_name,
            last_name: user.last_name,
            // R-REC-3: in recovery, the login is the temporary one until a new email is set.
            login_email_required: user.temporary_login.is_some(),
            login: user.temporary_login.unwrap_or_else(|| user.email.clone()),
            email: user.email,
            is_sso: false,
            avatar: None,
            country: None,
            language_id: Language::from_tag(&user.locale).unwrap_or_default().id(),
            language: user.locale,
            timezone: "Europe/Zurich".into(),
            current_account_id: user.current_account_id,
            date_last_changed_password: user.password_changed_at,
            last_login_at: user.last_login_at,
            double_auth: false,
            double_auth_method: "none".into(),
            otp: false,
            remaining_rescue_code: 0,
            sms: false,
            sms_phone: None,
            yubikey: false,
            infomaniak_application: false,
            reminder_phone: user.reminder_phone,
            reminder_email: user.reminder_email,
        }
    }
}

async fn load_profile(state: &AppState, user_id: i64) -> Result<Profile, ApiError> {
    let user: UserRow = sqlx::query_as(
        "SELECT id, email, first_name, last_name, locale, current_account_id, password_changed_at, last_login_at, \
         reminder_phone, reminder_email, temporary_login FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::ObjectNotFound)?;
    let mut profile = Profile::from(user);
    // R-2FA-*: what the official profile says of 2FA.
    let factors = crate::second_factor::load(state, user_id).await?;
    if factors.state.is_on() {
        profile.double_auth = true;
        profile.otp = true;
        profile.double_auth_method = "totp".into();
        profile.remaining_rescue_code = domain::twofa::remaining_backup_codes(&factors.codes) as i64;
    }
    Ok(profile)
}

/// `GET /2/profile`.
#[utoipa::path(get, path = "/api/2/profile", tag = "Profile", summary = "The caller's profile", responses((status = 200, description = "Done", body = api::Success<api::Profile>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn profile(State(state): State<AppState>, user: AuthUser) -> ApiResult {
    Ok(ok(load_profile(&state, user.user_id).await?))
}

/// `PATCH /2/profile`, with the fields of the official body we take: the language the console
/// and its mail speak to the user (`language_id`, or `locale` such as `fr_CH`), and a new
/// `password` with the `current_password`, which ends the other sessions but those in
/// `keep_session_ids` (`password_change.rs`), and where a forgotten login can be sent
/// (`reminder_phone`, `reminder_email`, R-REC-2); a new login `email` with the
/// `current_password`, which ends a recovery (R-REC-3, `login_recovery.rs`). Everything is
/// checked before anything changes.
#[utoipa::path(patch, path = "/api/2/profile", tag = "Profile", summary = "The language of the console and of its mail (`language_id` or `locale`); the password (`current_password`, `password`), which ends every other session but `keep_session_ids`; `reminder_phone` and `reminder_email` (R-REC-2); the login `email` (with `current_password`), which ends a recovery (R-REC-3)", request_body = api::UpdateProfileRequest, responses((status = 200, description = "Done", body = api::Success<api::Profile>), (status = 401, description = "`not_authorized`: no token, or one the server does not take", body = api::Failure), (status = 403, description = "`access_denied`: a personal token cannot change the password or the login email", body = api::Failure), (status = 422, description = "`validation_failed`, with one entry per field (`wrong_password` for a wrong current password, `email_taken`)", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)), security(("bearer" = [])))]
pub(crate) async fn update_profile(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(request): ApiJson<UpdateProfileRequest>,
) -> ApiResult {
    let language = requested_language(&request)?;
    let new_password = match &request.password {
        // A personal token may read and set the language (`user_info`), never the password.
        Some(_) if user.grant_id.is_none() => {
            return Err(ApiError::AccessDenied("A personal API token cannot change the password.".into()))
        }
        Some(password) => {
            let current = request.current_password.as_deref().unwrap_or_default();
            Some(password_change::checked(&state.db, user.user_id, current, password).await?)
        }
        None => None,
    };
    let new_email = match &request.email {
        Some(_) if user.grant_id.is_none() => {
            return Err(ApiError::AccessDenied("A personal API token cannot change the login email.".into()))
        }
        Some(email) => {
            let current = request.current_password.as_deref().unwrap_or_default();
            Some(login_recovery::checked(&state.db, user.user_id, current, email).await?)
        }
        None => None,
    };
    let keep = password_change::sessions_to_keep(request.keep_session_ids.as_deref())?;
    let reminders = requested_reminders(&request)?;
    if language.is_none() && new_password.is_none() && new_email.is_none() && reminders.is_empty() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "language_id",
            "required",
            "Give language_id or locale, or a new password with the current one.",
            serde_json::json!({}),
        )]));
    }
    let mut tx = db::begin(&state.db).await?;
    if let Some(language) = language {
        sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
            .bind(language.code())
            .bind(user.user_id)
            .execute(&mut *tx)
            .await?;
    }
    for (column, value) in reminders {
        // `column` is one of two names written below, never the caller's text.
        sqlx::query(&format!("UPDATE users SET {column} = $1 WHERE id = $2"))
            .bind(value)
            .bind(user.user_id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(email) = new_email {
        login_recovery::apply(&mut tx, user.user_id, &email).await?;
    }
    if let Some(hash) = new_password {
        let now = state.clock.now().timestamp();
        password_change::apply(&mut tx, user.user_id, user.grant_id, &keep, hash, now).await?;
    }
    tx.commit().await?;
    Ok(ok(load_profile(&state, user.user_id).await?))
}

/// The recovery channels asked for (R-REC-2), as (column, value kept; None removes it), each
/// checked: a mobile number in international form, an email address.
fn requested_reminders(request: &UpdateProfileRequest) -> Result<Vec<(&'static str, Option<String>)>, ApiError> {
    let mut changes = vec![];
    let mut errors = vec![];
    if let Some(phone) = request.reminder_phone.as_deref().map(str::trim) {
        match phone {
            "" => changes.push(("reminder_phone", None)),
            typed => match account::normalize_phone(typed) {
                Ok(kept) => changes.push(("reminder_phone", Some(kept))),
                Err(problem) => errors.push(FieldError::from_rule("reminder_phone", &problem)),
            },
        }
    }
    if let Some(email) = request.reminder_email.as_deref().map(str::trim) {
        match email {
            "" => changes.push(("reminder_email", None)),
            typed => match account::validate_email(typed) {
                Ok(()) => changes.push(("reminder_email", Some(typed.to_string()))),
                Err(problem) => errors.push(FieldError::from_rule("reminder_email", &problem)),
            },
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The language asked for, if any; a clear error for one we do not speak.
fn requested_language(request: &UpdateProfileRequest) -> Result<Option<Language>, ApiError> {
    let invalid = |attribute: &str, details: serde_json::Value| {
        ApiError::Validation(vec![FieldError::new(
            attribute,
            "invalid_value",
            "Choose one of the offered languages: en, es, fr, de, it.",
            details,
        )])
    };
    match (request.language_id, request.locale.as_deref()) {
        (Some(id), _) => {
            Language::from_id(id).map(Some).ok_or_else(|| invalid("language_id", serde_json::json!({"value": id})))
        }
        (None, Some(locale)) => {
            Language::from_tag(locale).map(Some).ok_or_else(|| invalid("locale", serde_json::json!({"value": locale})))
        }
        (None, None) => Ok(None),
    }
}

/// `POST /register`: a new user and its own Organization, of which it is the legal
/// representative (R-ACC-2).
#[utoipa::path(post, path = "/api/register", tag = "Profile", summary = "Signs up: a user and its own Organization (R-ACC-1, R-ACC-2)", request_body = api::RegisterRequest, responses((status = 201, description = "Done", body = api::Success<api::Registered>), (status = 422, description = "`validation_failed`, with one entry per field", body = api::Failure), (status = 409, description = "`object_already_exists`: the email has an account", body = api::Failure), (status = 429, description = "`too_many_requests` (R-API-2), with `Retry-After`", body = api::Failure)))]
pub(crate) async fn register(State(state): State<AppState>, ApiJson(request): ApiJson<RegisterRequest>) -> ApiResult {
    let errors = request.field_errors();
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (user_id, account_id) = create_user_with_organization(&state, &request).await?;
    let user = load_profile(&state, user_id).await?;
    let account = accounts::load(&state, user_id, account_id).await?;
    Ok(created(Registered { user, account }))
}

/// Creates the user and its Organization in one transaction: nothing is left half-made.
/// Used by sign-up and by the demo data.
pub(crate) async fn create_user_with_organization(
    state: &AppState,
    request: &RegisterRequest,
) -> Result<(i64, i64), ApiError> {
    let email = request.email.trim().to_string();
    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE lower(email) = lower($1)")
        .bind(&email)
        .fetch_optional(&state.db)
        .await?;
    if exists.is_some() {
        return Err(ApiError::AlreadyExists("An account with this email already exists.".into()));
    }
    let password_hash = hash_password(request.password.clone()).await?;
    let now = state.clock.now().timestamp();
    let first_name = request.first_name.trim();
    let last_name = request.last_name.trim();
    let legal_entity_type = request.legal_entity_type.unwrap_or(LegalEntityType::Individual);
    // R-ACC-2: named after the company, or the person.
    let name =
        account::organization_name(legal_entity_type, first_name, last_name, request.organization_name.as_deref())
            .map_err(|e| ApiError::Validation(vec![api::FieldError::from_rule("organization_name", &e)]))?;
    let organization = NewOrganization {
        name,
        legal_entity_type,
        currency: request.currency.unwrap_or(Currency::Chf),
        // Any tag the browser gives (`fr-CH`) is kept as one of the console's languages.
        locale: request.locale.as_deref().and_then(Language::from_tag).unwrap_or_default().code().into(),
    };

    let mut tx = crate::db::begin(&state.db).await?;
    let inserted = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO users (email, password_hash, first_name, last_name, locale, created_at, password_changed_at, search_text) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&email)
    .bind(&password_hash)
    .bind(first_name)
    .bind(last_name)
    .bind(&organization.locale)
    .bind(now)
    .bind(now)
    .bind(db::search_text(first_name, last_name, &email))
    .fetch_one(&mut *tx)
    .await;
    // Two sign-ups with one email at the same moment: the second loses cleanly.
    let (user_id,) = already_exists_on_conflict(inserted, "An account with this email already exists.")?;
    let account_id = accounts::insert(&mut tx, &organization, user_id, Role::Owner, now).await?;
    sqlx::query("UPDATE users SET current_account_id = $1 WHERE id = $2")
        .bind(account_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((user_id, account_id))
}
