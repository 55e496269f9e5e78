//! Request and answer bodies, field for field as on the wire.

use domain::account::{self, AccountError, LegalEntityType};
use domain::invitation::InvitationStatus;
use domain::money::Currency;
use domain::role::{ContactPreferences, Role};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A successful answer: `{"result":"success","data":...}`, with the pagination fields on lists.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Success<T> {
    pub result: String,
    pub data: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items_per_page: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_at: Option<i64>,
}

impl<T> Success<T> {
    pub fn new(data: T) -> Self {
        Success {
            result: "success".into(),
            data,
            total: None,
            page: None,
            pages: None,
            items_per_page: None,
            response_at: None,
        }
    }
}

/// An error answer: `{"result":"error","error":{...}}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    pub result: String,
    pub error: ErrorBody,
}

/// What went wrong, as the public API says it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable code, e.g. `validation_failed` or `last_owner_cannot_be_removed`.
    pub code: String,
    /// A sentence for people.
    pub description: String,
    /// For `validation_failed`: one entry per field, `context.attribute` naming it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// What a client needs to explain the error, e.g. `{"days_left": 9, "minimum_days": 14}`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub context: Map<String, Value>,
}

/// One field's error inside `validation_failed`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub code: String,
    pub description: String,
    pub context: FieldContext,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldContext {
    /// The field this error is about (`email`, `password`, ...).
    pub attribute: String,
    /// Anything else the message needs (`{"minimum": 10}`).
    #[serde(flatten)]
    pub details: Map<String, Value>,
}

impl FieldError {
    /// The error of one field; `details` (an object) goes into its context beside `attribute`.
    pub fn new(attribute: &str, code: &str, description: impl Into<String>, details: Value) -> FieldError {
        let details = match details {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        FieldError {
            code: code.into(),
            description: description.into(),
            context: FieldContext { attribute: attribute.into(), details },
        }
    }

    /// A field error from a rule of the domain crate: its code, message and context.
    pub fn from_rule(attribute: &str, error: &AccountError) -> FieldError {
        FieldError::new(attribute, error.code(), error.to_string(), serde_json::to_value(error).unwrap_or_default())
    }
}

impl ErrorBody {
    /// A `validation_failed` made by the client's own checks, before anything is sent: the
    /// page shows it as it would show the server's.
    pub fn local(errors: Vec<FieldError>) -> ErrorBody {
        ErrorBody { code: "validation_failed".into(), description: String::new(), errors, context: Default::default() }
    }

    /// The error of one field, if the answer has one: to show it next to that field.
    pub fn field(&self, attribute: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.context.attribute == attribute)
    }
}

/// `POST /register`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_entity_type: Option<LegalEntityType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

impl RegisterRequest {
    /// Every field error of this sign-up at once, in form order. The server refuses a request
    /// with any; the web app runs the same checks before sending, so both say the same thing.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let legal_entity_type = self.legal_entity_type.unwrap_or(LegalEntityType::Individual);
        let organization_name = account::organization_name(
            legal_entity_type,
            &self.first_name,
            &self.last_name,
            self.organization_name.as_deref(),
        )
        .map(|_| ());
        [
            ("first_name", account::validate_required(&self.first_name)),
            ("last_name", account::validate_required(&self.last_name)),
            ("email", account::validate_email(&self.email)),
            ("password", account::validate_password(&self.password)),
            ("organization_name", organization_name),
        ]
        .into_iter()
        .filter_map(|(attribute, result)| result.err().map(|e| FieldError::from_rule(attribute, &e)))
        .collect()
    }
}

/// The answer to `POST /register`: the new user and its Organization (R-ACC-2).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Registered {
    pub user: Profile,
    pub account: Account,
}

/// `POST /token` answer (OAuth 2, no envelope).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub scope: String,
    pub user_id: i64,
}

/// `POST /token` error (OAuth 2, no envelope).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OAuthError {
    pub error: String,
    pub error_description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<String>>,
    /// R-2FA-2: the key a log-in waiting on a push asks again with (`push_challenge_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push_challenge_id: Option<String>,
}

/// The signed-in user, with the fields the official `UserProfile` schema requires.
/// Fields with no meaning here are null or false, as API.md asks.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: i64,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub login: String,
    pub is_sso: bool,
    pub avatar: Option<String>,
    pub country: Option<String>,
    /// Required by the official description but not among its declared fields (it has
    /// `preferences.language`): read when there, else empty.
    #[serde(default)]
    pub language: String,
    /// The public API's number for `language` (see [`language_id`]).
    #[serde(default)]
    pub language_id: i64,
    /// Required by the official description but declared only as `preferences.timezone`:
    /// read when there, else empty.
    #[serde(default)]
    pub timezone: String,
    pub current_account_id: Option<i64>,
    // The security fields below: the official description requires them at the top but
    // declares them in `preferences.security`; read when at the top (our server), else
    // their defaults (reading the nested ones is the Security page's, issue 9).
    #[serde(default)]
    pub date_last_changed_password: i64,
    pub last_login_at: Option<i64>,
    /// 2FA is on (R-2FA-1).
    #[serde(default)]
    pub double_auth: bool,
    /// `none` or `totp`.
    #[serde(default)]
    pub double_auth_method: String,
    #[serde(default)]
    pub otp: bool,
    #[serde(default)]
    pub remaining_rescue_code: i64,
    #[serde(default)]
    pub sms: bool,
    pub sms_phone: Option<String>,
    #[serde(default)]
    pub yubikey: bool,
    #[serde(default)]
    pub infomaniak_application: bool,
    /// Ours: where a forgotten login can be sent (R-REC-2), as `PATCH` takes them.
    #[serde(default)]
    pub reminder_phone: Option<String>,
    #[serde(default)]
    pub reminder_email: Option<String>,
    /// Ours: the account is in recovery (R-REC-3): its login mailbox was deleted, `login` is
    /// a temporary one, and a new login `email` must be set before anything else.
    #[serde(default)]
    pub login_email_required: bool,
}

/// An Organization as the official `Account` schema has it, plus `currency` (ours). Fields the
/// official schema does not require default when absent, so the client also reads the real
/// API's answers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub legal_entity_type: LegalEntityType,
    pub created_at: i64,
    /// The caller's role in this Organization.
    #[serde(rename = "type")]
    pub role: Role,
    /// The caller has billing rights here (R-ROLE-5).
    #[serde(default)]
    pub billing: bool,
    #[serde(default)]
    pub nb_users: i64,
    #[serde(default)]
    pub count_owners: i64,
    pub has_2fa_required: bool,
    pub locale: String,
    pub language_id: i64,
    /// Ours: the billing currency. The real API does not say.
    #[serde(default)]
    pub currency: Option<Currency>,
    pub is_customer: bool,
    pub is_sso: bool,
    pub beta: bool,
    pub support_level: i64,
    /// The official description requires these at the top but declares them in an `order`
    /// object: read when there, else false.
    #[serde(default)]
    pub in_process: bool,
    #[serde(default)]
    pub waiting_payment: bool,
    pub blocked_order_id: Option<i64>,
}

/// `POST /1/accounts` (ours): a new Organization, its creator as owner (R-ACC-3).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateAccountRequest {
    pub name: String,
    pub legal_entity_type: LegalEntityType,
    pub currency: Currency,
}

/// `PATCH /1/accounts/{account_id}`: the legal representative only (R-ACC-4).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateAccountRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_entity_type: Option<LegalEntityType>,
    /// Every member must have two-factor authentication on; the console sends those without
    /// it to its Security page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_2fa_required: Option<bool>,
}

/// A member of an Organization, as the official `Userorpendinguser` has it, plus
/// `notifications` (ours, R-ROLE-8).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountUser {
    pub user_id: i64,
    pub invitation_id: Option<i64>,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    pub email: String,
    pub avatar: Option<String>,
    pub role_type: Role,
    /// `active` for members.
    pub state_in_account: String,
    /// Receives administrative notices.
    pub is_correspondent: bool,
    /// Receives billing mail.
    pub is_correspondent_billing: bool,
    pub is_workspace_only: bool,
    pub has_no_manager_access: bool,
    pub has_billing_access: bool,
    pub is_sso: bool,
    pub language_id: i64,
    pub unique_key: String,
    pub last_login_at: Option<i64>,
    pub partnership_id: Option<i64>,
    #[serde(default)]
    pub notifications: Option<ContactPreferences>,
    /// Ours: the products given to this member directly (R-ROLE-4); their teams give more.
    /// Owners and administrators reach every product and have none listed here.
    #[serde(default)]
    pub product_ids: Vec<i64>,
}

/// `PATCH /2/accounts/{account}/users/{user}` (ours).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateAccountUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_type: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_billing_access: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<ContactPreferences>,
    /// The products given to this member directly, all of them (R-ROLE-4): replaces the set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_ids: Option<Vec<i64>>,
}

/// A page of a list, with the official pagination fields.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub items_per_page: u64,
}

/// `POST /1/accounts/{account}/invitations`, the official body (R-USER-1).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// `de_DE`, `en_GB`, `es_ES`, `fr_FR` or `it_IT`.
    pub locale: String,
    pub role_type: Role,
    #[serde(default)]
    pub notifications: InvitationNotifications,
    #[serde(default)]
    pub permissions: InvitationPermissions,
    /// The teams the person joins on accepting (official), this Organization's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<i64>,
    /// Ours: the products a collaborator or an external is given on accepting (R-ROLE-4),
    /// this Organization's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_ids: Vec<i64>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationNotifications {
    #[serde(default)]
    pub billing: bool,
    #[serde(default)]
    pub products: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationPermissions {
    /// R-ROLE-5: left out, the role's default (an administrator has billing rights).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing: Option<bool>,
}

/// An invitation as the official `AccountInvitation` has it. `url_accept` carries the secret
/// key: it is given once, when the invitation is created, and null afterwards.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: i64,
    pub account_id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub status: InvitationStatus,
    pub role_type: Role,
    pub locale: String,
    pub language_id: i64,
    pub strict: bool,
    pub has_ksuite: bool,
    pub has_billing: bool,
    pub has_billing_mailing: bool,
    pub has_mailing: bool,
    pub sent_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub expired_at: i64,
    pub url_accept: Option<String>,
}

/// `PATCH /1/accounts/{account}/invitations/{invitation}`: `resend` sends it again with a new
/// link, valid 7 days from now (R-USER-2).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateInvitationRequest {
    #[serde(default)]
    pub resend: bool,
}

/// `GET /1/invitations/{key}`: what the link's holder is invited to, for the page that accepts.
/// `has_account` says whether they log in to join, or create their account.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub account_id: i64,
    pub account_name: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role_type: Role,
    pub status: InvitationStatus,
    pub expired_at: i64,
    pub has_account: bool,
}

/// `POST /1/invitations/{key}/accept`: empty when signed in, or the new account's details.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// `POST /password/forgot` (R-REC-1).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    pub email: String,
}

/// `POST /login/forgot` (R-REC-2): the account's mobile number, and where its login should go
/// (by SMS, the default, or to the recovery email, which must then be given too).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForgotLoginRequest {
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<domain::recovery::Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_email: Option<String>,
}

/// `POST /password/reset` (R-REC-1): the key of the mailed link and the new password.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    pub token: String,
    pub password: String,
}

/// `POST /2/profile/security/otp`: what the app shows to enrol an authenticator (R-2FA-4).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtpEnrolment {
    /// Base32, for typing into an app by hand.
    pub secret: String,
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri`, as an SVG document.
    pub qr_svg: String,
}

/// A body carrying a second factor: an app code or a backup code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtpCode {
    pub code: String,
}

/// A log-in waiting for this device's approval (R-2FA-2).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitingLogIn {
    pub id: i64,
    /// `console` (the web app) or `script`.
    pub client: String,
    pub created_at: i64,
    /// After this, the log-in must start again.
    pub expires_at: i64,
}

/// `POST /2/profile/security/push/{id}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushAnswerRequest {
    pub approve: bool,
}

/// A new set of backup codes, shown once (R-2FA-3).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupCodes {
    pub backup_codes: Vec<String>,
}

/// `PATCH /2/profile`: the fields we take of the official body.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_id: Option<i64>,
    /// A language and region, e.g. `fr_CH`; the language part decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// A new password; `current_password` must come with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_password: Option<String>,
    /// With a new password: the other sessions to keep (ids of `GET /2/profile/sessions`);
    /// every other one ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_session_ids: Option<Vec<String>>,
    /// Where a forgotten login can be sent (R-REC-2); an empty text removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_email: Option<String>,
    /// A new login email; `current_password` must come with it. Ends a recovery (R-REC-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The public API numbers its languages; these are its ids for ours.
pub fn language_id(locale: &str) -> i64 {
    domain::language::Language::from_tag(locale).unwrap_or_default().id()
}
