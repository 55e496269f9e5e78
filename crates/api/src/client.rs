//! The typed client: one method per endpoint, errors decoded into [`ClientError`].

use crate::billing::*;
use crate::identity::*;
use crate::mailboxes::*;
use crate::payments::*;
use crate::products::*;
use crate::programs::*;
use crate::support::*;
use crate::teams::*;
use crate::tokens::*;
use crate::transport::{HttpRequest, Method, Transport, TransportError};
use crate::wire::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What can go wrong with a call, from the caller's point of view.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The API answered with its error envelope.
    #[error("{}", .error.description)]
    Api { status: u16, error: ErrorBody },
    /// The token endpoint answered with an OAuth error.
    #[error("{}", .error.error_description)]
    OAuth { status: u16, error: OAuthError },
    /// The answer was not what this client expects.
    #[error("unexpected answer (HTTP {status}): {message}")]
    Unexpected { status: u16, message: String },
}

impl ClientError {
    /// The API error code (`validation_failed`, `invalid_grant`, ...), if the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Api { error, .. } => Some(&error.code),
            ClientError::OAuth { error, .. } => Some(&error.error),
            _ => None,
        }
    }
}

/// A client for one API base URL, optionally signed in with a bearer token.
#[derive(Debug, Clone)]
pub struct Client<T> {
    transport: T,
    base_url: String,
    token: Option<String>,
    /// Sent as `client_id` with the password grant (the console's web app sends `console`).
    client_id: Option<&'static str>,
}

impl<T: Transport> Client<T> {
    /// `base_url` is e.g. `http://127.0.0.1:8080/api` or `https://api.infomaniak.com`.
    pub fn new(transport: T, base_url: impl Into<String>) -> Self {
        Client { transport, base_url: base_url.into().trim_end_matches('/').to_string(), token: None, client_id: None }
    }

    /// Logs in as the OAuth client `client_id` (e.g. `console`, whose sessions have a person's
    /// rate limit rather than a script's).
    pub fn with_client_id(mut self, client_id: &'static str) -> Self {
        self.client_id = Some(client_id);
        self
    }

    pub fn with_token(mut self, token: Option<String>) -> Self {
        self.token = token;
        self
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// `POST /register` (R-ACC-2).
    pub async fn register(&self, request: &RegisterRequest) -> Result<Registered, ClientError> {
        self.call(Method::Post, "/register", Some(request)).await
    }

    /// `POST /token` with the password grant; `otp` when 2FA is on.
    pub async fn log_in(&self, email: &str, password: &str, otp: Option<&str>) -> Result<TokenResponse, ClientError> {
        let mut form = vec![("grant_type", "password"), ("username", email), ("password", password)];
        if let Some(otp) = otp {
            form.push(("otp", otp));
        }
        if let Some(client_id) = self.client_id {
            form.push(("client_id", client_id));
        }
        self.token_call(&form).await
    }

    /// `POST /token` again for a log-in waiting on a push (R-2FA-2): `authorization_pending`
    /// until a signed-in device approves, then the tokens, once.
    pub async fn log_in_approved(
        &self,
        email: &str,
        password: &str,
        push_challenge_id: &str,
    ) -> Result<TokenResponse, ClientError> {
        let mut form = vec![
            ("grant_type", "password"),
            ("username", email),
            ("password", password),
            ("push_challenge_id", push_challenge_id),
        ];
        if let Some(client_id) = self.client_id {
            form.push(("client_id", client_id));
        }
        self.token_call(&form).await
    }

    /// `GET /2/profile/security/push`: the log-ins waiting for this device's approval.
    pub async fn waiting_log_ins(&self) -> Result<Vec<WaitingLogIn>, ClientError> {
        self.call::<(), _>(Method::Get, "/2/profile/security/push", None).await
    }

    /// `POST /2/profile/security/push/{id}`: approves or refuses one, once.
    pub async fn answer_log_in(&self, id: i64, approve: bool) -> Result<bool, ClientError> {
        self.call(Method::Post, &format!("/2/profile/security/push/{id}"), Some(&PushAnswerRequest { approve })).await
    }

    /// `GET /2/profile/identity_checks`: the verifications asked of the caller (R-KC-*).
    pub async fn identity_checks(&self) -> Result<Vec<IdentityCheck>, ClientError> {
        self.call::<(), _>(Method::Get, "/2/profile/identity_checks", None).await
    }

    /// `POST /2/profile/identity_checks`: asks a verification (R-KC-1, turning 2FA off).
    pub async fn ask_identity_check(&self, request: &IdentityCheckRequest) -> Result<IdentityCheck, ClientError> {
        self.call(Method::Post, "/2/profile/identity_checks", Some(request)).await
    }

    /// `POST /2/profile/identity_checks/{id}/document`: sends the document of one.
    pub async fn send_identity_document(
        &self,
        id: i64,
        request: &IdentityDocumentRequest,
    ) -> Result<IdentityCheck, ClientError> {
        self.call(Method::Post, &format!("/2/profile/identity_checks/{id}/document"), Some(request)).await
    }

    /// `POST /1/accounts/{account}/products/{product}/mailboxes`: a mailbox of a Mail Service.
    pub async fn create_mailbox(
        &self,
        account_id: i64,
        product_id: i64,
        request: &NewMailboxRequest,
    ) -> Result<Mailbox, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{account_id}/products/{product_id}/mailboxes"), Some(request))
            .await
    }

    /// `GET /2/profile/mailboxes`: the mailboxes the caller uses in webmail.
    pub async fn my_mailboxes(&self) -> Result<Vec<Mailbox>, ClientError> {
        self.call::<(), _>(Method::Get, "/2/profile/mailboxes", None).await
    }

    /// `POST /2/profile/mailboxes`: uses a mailbox in webmail, proved by its password.
    pub async fn attach_mailbox(&self, request: &AttachMailboxRequest) -> Result<Mailbox, ClientError> {
        self.call(Method::Post, "/2/profile/mailboxes", Some(request)).await
    }

    /// `PUT /2/profile/mailboxes/{id}/password` (R-ID-1).
    pub async fn update_mailbox_password(
        &self,
        id: i64,
        request: &MailboxPasswordRequest,
    ) -> Result<bool, ClientError> {
        self.call(Method::Put, &format!("/2/profile/mailboxes/{id}/password"), Some(request)).await
    }

    /// `POST /2/profile/mailboxes/{id}/unify` (R-ID-2).
    pub async fn unify_mailbox_password(&self, id: i64, request: &UnifyPasswordsRequest) -> Result<bool, ClientError> {
        self.call(Method::Post, &format!("/2/profile/mailboxes/{id}/unify"), Some(request)).await
    }

    /// `DELETE /2/profile/mailboxes/{id}`: no longer used in webmail.
    pub async fn unlink_mailbox(&self, id: i64) -> Result<bool, ClientError> {
        self.call::<(), _>(Method::Delete, &format!("/2/profile/mailboxes/{id}"), None).await
    }

    /// `POST /1/accounts/{client}/partners` (R-PART-3).
    pub async fn delegate_to_partner(
        &self,
        client_id: i64,
        request: &PartnerDelegationRequest,
    ) -> Result<PartnerDelegation, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{client_id}/partners"), Some(request)).await
    }

    /// `GET /1/accounts/{client}/partners`: the partners the client let in.
    pub async fn partners(&self, client_id: i64) -> Result<Vec<PartnerDelegation>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{client_id}/partners"), None).await
    }

    /// `DELETE /1/accounts/{client}/partners/{delegation}`.
    pub async fn revoke_partner(&self, client_id: i64, delegation: i64) -> Result<bool, ClientError> {
        self.call::<(), _>(Method::Delete, &format!("/1/accounts/{client_id}/partners/{delegation}"), None).await
    }

    /// `GET /1/accounts/{partner}/clients`: the clients that let the partner in.
    pub async fn clients(&self, partner_id: i64) -> Result<Vec<PartnerDelegation>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{partner_id}/clients"), None).await
    }

    /// `PUT /1/accounts/{partner}/clients/{delegation}/users`: who acts for that client.
    pub async fn choose_client_users(
        &self,
        partner_id: i64,
        delegation: i64,
        request: &DelegationUsersRequest,
    ) -> Result<PartnerDelegation, ClientError> {
        let path = format!("/1/accounts/{partner_id}/clients/{delegation}/users");
        self.call(Method::Put, &path, Some(request)).await
    }

    /// `POST /token` with the refresh grant.
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenResponse, ClientError> {
        self.token_call(&[("grant_type", "refresh_token"), ("refresh_token", refresh_token)]).await
    }

    /// `DELETE /token`: revokes the current bearer token.
    pub async fn log_out(&self) -> Result<bool, ClientError> {
        self.call::<(), bool>(Method::Delete, "/token", None).await
    }

    /// `GET /2/profile`.
    pub async fn profile(&self) -> Result<Profile, ClientError> {
        self.call::<(), _>(Method::Get, "/2/profile", None).await
    }

    /// `PATCH /2/profile` (the language, the password, the recovery channels), when the answer
    /// is not needed (the web app: it costs the WASM no decoder). Any answer of success will
    /// do, ours or the official one.
    pub async fn set_profile(&self, request: &UpdateProfileRequest) -> Result<(), ClientError> {
        let _: serde::de::IgnoredAny = self.call(Method::Patch, "/2/profile", Some(request)).await?;
        Ok(())
    }

    /// Answers the profile as changed. Our server answers it; the official description leaves
    /// the answer's data unspecified ("an object"), so from anything else it is read again.
    pub async fn update_profile(&self, request: &UpdateProfileRequest) -> Result<Profile, ClientError> {
        let answer: serde_json::Value = self.call(Method::Patch, "/2/profile", Some(request)).await?;
        match serde_json::from_value(answer) {
            Ok(profile) => Ok(profile),
            Err(_) => self.profile().await,
        }
    }

    /// `GET /1/accounts`: the caller's Organizations with the caller's role in each.
    pub async fn accounts(&self) -> Result<Vec<Account>, ClientError> {
        self.call::<(), _>(Method::Get, "/1/accounts", None).await
    }

    /// `POST /1/accounts`: a new Organization with the caller as owner.
    pub async fn create_account(&self, request: &CreateAccountRequest) -> Result<Account, ClientError> {
        self.call(Method::Post, "/1/accounts", Some(request)).await
    }

    /// `GET /1/accounts/{id}`.
    pub async fn account(&self, account_id: i64) -> Result<Account, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}"), None).await
    }

    /// `PATCH /1/accounts/{id}` (R-ACC-4).
    pub async fn update_account(
        &self,
        account_id: i64,
        request: &UpdateAccountRequest,
    ) -> Result<Account, ClientError> {
        self.call(Method::Patch, &format!("/1/accounts/{account_id}"), Some(request)).await
    }

    /// `GET /2/accounts/{account}/users`, one page.
    /// `GET /1/accounts/{account_id}/products`: a page of the products the caller reaches
    /// (R-ROLE-4), searched by name, filtered by type and status.
    pub async fn products(&self, account_id: i64, query: &ProductQuery) -> Result<Page<Product>, ClientError> {
        let text = serde_urlencoded::to_string(query).map_err(|e| unexpected(0, e))?;
        let answer: Success<Vec<Product>> =
            self.call_raw::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/products?{text}"), None).await?;
        Ok(Page {
            total: answer.total.unwrap_or(answer.data.len() as u64),
            page: answer.page.unwrap_or(query.page.unwrap_or(1)),
            pages: answer.pages.unwrap_or(1),
            items_per_page: answer.items_per_page.unwrap_or(answer.data.len() as u64),
            items: answer.data,
        })
    }

    /// `GET /1/accounts/{account}/payment_methods`.
    pub async fn payment_methods(&self, account_id: i64) -> Result<Vec<PaymentMethod>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/payment_methods"), None).await
    }

    /// `POST /1/accounts/{account}/payment_methods`: a card goes to the payment provider.
    pub async fn add_payment_method(
        &self,
        account_id: i64,
        method: &NewPaymentMethod,
    ) -> Result<PaymentMethod, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{account_id}/payment_methods"), Some(method)).await
    }

    /// `PUT /1/accounts/{account}/payment_methods/{method}/default`: the method as it is now.
    pub async fn make_default_payment_method(
        &self,
        account_id: i64,
        method_id: i64,
    ) -> Result<PaymentMethod, ClientError> {
        let path = format!("/1/accounts/{account_id}/payment_methods/{method_id}/default");
        self.call::<(), _>(Method::Put, &path, None).await
    }

    /// `DELETE /1/accounts/{account}/payment_methods/{method}`.
    pub async fn remove_payment_method(&self, account_id: i64, method_id: i64) -> Result<bool, ClientError> {
        self.call::<(), _>(Method::Delete, &format!("/1/accounts/{account_id}/payment_methods/{method_id}"), None).await
    }

    /// `GET /1/accounts/{account}/renewals?period=`: `all` false for the next 2 months
    /// (R-RENEW-7), soonest first, up to 1,000.
    pub async fn renewals(&self, account_id: i64, all: bool) -> Result<Vec<Renewal>, ClientError> {
        let period = if all { "all" } else { "2_months" };
        let path = format!("/1/accounts/{account_id}/renewals?period={period}&per_page=1000");
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `PUT /1/accounts/{account}/products/{product}/auto_renewal`: the product as changed.
    pub async fn set_auto_renewal(
        &self,
        account_id: i64,
        product_id: i64,
        request: &AutoRenewalRequest,
    ) -> Result<Product, ClientError> {
        let path = format!("/1/accounts/{account_id}/products/{product_id}/auto_renewal");
        self.call(Method::Put, &path, Some(request)).await
    }

    /// `POST /1/accounts/{account}/renewals/auto_renewal`: one result per product.
    pub async fn set_auto_renewal_for_all(
        &self,
        account_id: i64,
        request: &BulkAutoRenewalRequest,
    ) -> Result<Vec<BulkResult>, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{account_id}/renewals/auto_renewal"), Some(request)).await
    }

    /// `GET /1/accounts/{account}/prepaid`: the balance and the ledger, newest first.
    pub async fn prepaid(&self, account_id: i64) -> Result<Prepaid, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/prepaid"), None).await
    }

    /// `POST /1/accounts/{account}/prepaid/top_ups`: the invoice, or the pro-forma.
    pub async fn top_up(&self, account_id: i64, request: &TopUpRequest) -> Result<Invoice, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{account_id}/prepaid/top_ups"), Some(request)).await
    }

    /// `POST /1/accounts/{account}/payments`: renewals paid; the invoice, or the pro-forma.
    pub async fn pay(&self, account_id: i64, request: &PaymentRequest) -> Result<Invoice, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{account_id}/payments"), Some(request)).await
    }

    /// `POST /1/accounts/{account}/orders`: paid at once with `payment`, else pending.
    pub async fn order(&self, account_id: i64, request: &OrderRequest) -> Result<Order, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{account_id}/orders"), Some(request)).await
    }

    /// `GET /1/accounts/{account}/orders`, newest first.
    pub async fn orders(&self, account_id: i64) -> Result<Vec<Order>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/orders"), None).await
    }

    /// `POST /1/accounts/{account}/orders/{order}/pay` (R-PAY-9).
    pub async fn pay_order(
        &self,
        account_id: i64,
        order_id: i64,
        request: &PayOrderRequest,
    ) -> Result<Order, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{account_id}/orders/{order_id}/pay"), Some(request)).await
    }

    /// `GET /1/accounts/{account}/attention`: what needs someone to act, most urgent first.
    pub async fn attention(&self, account_id: i64) -> Result<Vec<AttentionItem>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/attention"), None).await
    }

    /// `GET /1/accounts/{account}/invoices`, newest first.
    pub async fn invoices(&self, account_id: i64) -> Result<Vec<Invoice>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/invoices"), None).await
    }

    /// `GET /1/accounts/{account_id}/products/{product_id}`: one product the caller reaches.
    pub async fn product(&self, account_id: i64, product_id: i64) -> Result<Product, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/products/{product_id}"), None).await
    }

    /// `GET /1/accounts/{account_id}/products/{product_id}/history`, oldest first.
    pub async fn product_history(&self, account_id: i64, product_id: i64) -> Result<Vec<ProductEvent>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/products/{product_id}/history"), None).await
    }

    /// `POST /1/accounts/{account_id}/products/{product_id}/cancellation`: asks to cancel; the
    /// confirmation link goes out by mail (R-CAN-1).
    pub async fn request_cancellation(&self, account_id: i64, product_id: i64) -> Result<Cancellation, ClientError> {
        self.call::<(), _>(Method::Post, &format!("/1/accounts/{account_id}/products/{product_id}/cancellation"), None)
            .await
    }

    /// `GET /1/cancellations/{key}`: what the mailed link would cancel.
    pub async fn cancellation(&self, key: &str) -> Result<Cancellation, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/cancellations/{key}"), None).await
    }

    /// `POST /1/cancellations/{key}/confirm`: the product ends now (R-CAN-*).
    pub async fn confirm_cancellation(&self, key: &str) -> Result<Cancellation, ClientError> {
        self.call::<(), _>(Method::Post, &format!("/1/cancellations/{key}/confirm"), None).await
    }

    /// `GET /1/catalog`: the product types, their periods and prices.
    pub async fn catalog(&self) -> Result<Vec<CatalogEntry>, ClientError> {
        self.call::<(), _>(Method::Get, "/1/catalog", None).await
    }

    pub async fn account_users(
        &self,
        account_id: i64,
        page: u64,
        per_page: u64,
        search: Option<&str>,
    ) -> Result<Page<AccountUser>, ClientError> {
        let mut query = vec![("page", page.to_string()), ("per_page", per_page.to_string())];
        if let Some(search) = search {
            query.push(("search", search.to_string()));
        }
        let query = serde_urlencoded::to_string(&query).map_err(|e| unexpected(0, e))?;
        let answer: Success<Vec<AccountUser>> =
            self.call_raw::<(), _>(Method::Get, &format!("/2/accounts/{account_id}/users?{query}"), None).await?;
        Ok(Page {
            total: answer.total.unwrap_or(answer.data.len() as u64),
            page: answer.page.unwrap_or(page),
            pages: answer.pages.unwrap_or(1),
            items_per_page: answer.items_per_page.unwrap_or(per_page),
            items: answer.data,
        })
    }

    /// `PATCH /2/accounts/{account}/users/{user}`: role, billing rights, contact preferences.
    pub async fn update_account_user(
        &self,
        account_id: i64,
        user_id: i64,
        request: &UpdateAccountUserRequest,
    ) -> Result<AccountUser, ClientError> {
        self.call(Method::Patch, &format!("/2/accounts/{account_id}/users/{user_id}"), Some(request)).await
    }

    /// `DELETE /2/accounts/{account}/users/{user}`.
    pub async fn remove_account_user(&self, account_id: i64, user_id: i64) -> Result<bool, ClientError> {
        self.call::<(), _>(Method::Delete, &format!("/2/accounts/{account_id}/users/{user_id}"), None).await
    }

    /// `POST /1/accounts/{account}/invitations` (R-USER-1).
    pub async fn invite(&self, account_id: i64, request: &InvitationRequest) -> Result<Invitation, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{account_id}/invitations"), Some(request)).await
    }

    /// `GET /1/accounts/{account}/invitations`: the pending and expired ones, newest first.
    pub async fn invitations(&self, account_id: i64) -> Result<Vec<Invitation>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/invitations"), None).await
    }

    /// `PATCH /1/accounts/{account}/invitations/{invitation}` with `resend` (R-USER-2).
    pub async fn resend_invitation(&self, account_id: i64, invitation_id: i64) -> Result<Invitation, ClientError> {
        let request = UpdateInvitationRequest { resend: true };
        self.call(Method::Patch, &format!("/1/accounts/{account_id}/invitations/{invitation_id}"), Some(&request)).await
    }

    /// `DELETE /1/accounts/{account}/invitations/{invitation}`: cancelled, its link dead.
    pub async fn cancel_invitation(&self, account_id: i64, invitation_id: i64) -> Result<bool, ClientError> {
        self.call::<(), _>(Method::Delete, &format!("/1/accounts/{account_id}/invitations/{invitation_id}"), None).await
    }

    /// `GET /1/invitations/{key}`: what the link invites to.
    pub async fn invitation_preview(&self, key: &str) -> Result<InvitationPreview, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/invitations/{key}"), None).await
    }

    /// `POST /1/invitations/{key}/accept`: signed in, or creating the account.
    pub async fn accept_invitation(
        &self,
        key: &str,
        request: &AcceptInvitationRequest,
    ) -> Result<Account, ClientError> {
        self.call(Method::Post, &format!("/1/invitations/{key}/accept"), Some(request)).await
    }

    /// `GET /1/support_accesses?account_id=`: the caller's grants in one Organization, newest
    /// first (R-SUP-*).
    pub async fn support_accesses(&self, account_id: i64) -> Result<Vec<SupportAccess>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/support_accesses?account_id={account_id}"), None).await
    }

    /// `GET /1/support_accesses`: the caller's grants in every Organization.
    pub async fn support_accesses_everywhere(&self) -> Result<Vec<SupportAccess>, ClientError> {
        self.call::<(), _>(Method::Get, "/1/support_accesses", None).await
    }

    /// `POST /1/support_accesses` (R-SUP-1).
    pub async fn grant_support_access(&self, request: &SupportAccessRequest) -> Result<SupportAccess, ClientError> {
        self.call(Method::Post, "/1/support_accesses", Some(request)).await
    }

    /// `DELETE /1/support_accesses/{id}`: closed before its date (R-SUP-3).
    pub async fn revoke_support_access(&self, id: i64) -> Result<SupportAccess, ClientError> {
        self.call::<(), _>(Method::Delete, &format!("/1/support_accesses/{id}"), None).await
    }

    /// `GET /2/profile/api_tokens`: the caller's tokens that are not revoked (R-API-4).
    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>, ClientError> {
        self.call::<(), _>(Method::Get, "/2/profile/api_tokens", None).await
    }

    /// `POST /2/profile/api_tokens`: the answer holds the token, this once.
    pub async fn create_api_token(&self, request: &ApiTokenRequest) -> Result<ApiToken, ClientError> {
        self.call(Method::Post, "/2/profile/api_tokens", Some(request)).await
    }

    /// `DELETE /2/profile/api_tokens/{id}`: it stops working at once.
    pub async fn revoke_api_token(&self, id: i64) -> Result<bool, ClientError> {
        self.call::<(), _>(Method::Delete, &format!("/2/profile/api_tokens/{id}"), None).await
    }

    /// `GET /1/accounts/{account}/teams` (R-TEAM-*).
    pub async fn teams(&self, account_id: i64) -> Result<Vec<Team>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/teams"), None).await
    }

    /// `POST /1/accounts/{account}/teams`.
    pub async fn create_team(&self, account_id: i64, request: &TeamRequest) -> Result<Team, ClientError> {
        self.call(Method::Post, &format!("/1/accounts/{account_id}/teams"), Some(request)).await
    }

    /// `PATCH /1/accounts/{account}/teams/{team}`.
    pub async fn update_team(&self, account_id: i64, team_id: i64, request: &TeamRequest) -> Result<Team, ClientError> {
        self.call(Method::Patch, &format!("/1/accounts/{account_id}/teams/{team_id}"), Some(request)).await
    }

    /// `DELETE /1/accounts/{account}/teams/{team}`.
    pub async fn delete_team(&self, account_id: i64, team_id: i64) -> Result<bool, ClientError> {
        self.call::<(), _>(Method::Delete, &format!("/1/accounts/{account_id}/teams/{team_id}"), None).await
    }

    /// `POST /1/accounts/{account}/teams/{team}/users`: several at once (R-TEAM-2).
    pub async fn add_team_users(&self, account_id: i64, team_id: i64, user_ids: &[i64]) -> Result<bool, ClientError> {
        let request = TeamUsersRequest { user_ids: user_ids.to_vec() };
        self.call(Method::Post, &format!("/1/accounts/{account_id}/teams/{team_id}/users"), Some(&request)).await
    }

    /// `DELETE /1/accounts/{account}/teams/{team}/users`.
    pub async fn remove_team_users(
        &self,
        account_id: i64,
        team_id: i64,
        user_ids: &[i64],
    ) -> Result<bool, ClientError> {
        let request = TeamUsersRequest { user_ids: user_ids.to_vec() };
        self.call(Method::Delete, &format!("/1/accounts/{account_id}/teams/{team_id}/users"), Some(&request)).await
    }

    /// `GET /1/accounts/{account}/teams/{team}/users`.
    pub async fn team_users(&self, account_id: i64, team_id: i64) -> Result<Vec<TeamUser>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/teams/{team_id}/users"), None).await
    }

    /// `GET /1/accounts/{account}/partnership` (R-PART-1, R-PART-2).
    pub async fn partnership(&self, account_id: i64) -> Result<Partnership, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/1/accounts/{account_id}/partnership"), None).await
    }

    /// `POST /1/accounts/{account}/partnership` `{type}`.
    pub async fn join_program(
        &self,
        account_id: i64,
        program: domain::partner::Program,
    ) -> Result<Partnership, ClientError> {
        let request = JoinProgramRequest { program };
        self.call(Method::Post, &format!("/1/accounts/{account_id}/partnership"), Some(&request)).await
    }

    /// `POST /1/abuse_reports` (R-ABUSE-1).
    pub async fn report_abuse(&self, request: &AbuseReportRequest) -> Result<AbuseReport, ClientError> {
        self.call(Method::Post, "/1/abuse_reports", Some(request)).await
    }

    /// `GET /2/profile/sessions`: the caller's active sessions.
    pub async fn sessions(&self) -> Result<Vec<ActiveSession>, ClientError> {
        self.call::<(), _>(Method::Get, "/2/profile/sessions", None).await
    }

    /// `DELETE /2/profile/sessions/{id}`: that session ends (logged out wherever it is).
    pub async fn end_session(&self, id: i64) -> Result<bool, ClientError> {
        self.call::<(), _>(Method::Delete, &format!("/2/profile/sessions/{id}"), None).await
    }

    /// `GET /2/profile/preferences/onboarding` (R-TOUR-3).
    pub async fn onboarding(&self) -> Result<domain::tour::TourProgress, ClientError> {
        self.call::<(), _>(Method::Get, "/2/profile/preferences/onboarding", None).await
    }

    /// `PUT /2/profile/preferences/onboarding` (R-TOUR-3).
    pub async fn set_onboarding(
        &self,
        progress: &domain::tour::TourProgress,
    ) -> Result<domain::tour::TourProgress, ClientError> {
        self.call(Method::Put, "/2/profile/preferences/onboarding", Some(progress)).await
    }

    /// `POST /password/forgot`: a reset link to the address, if an account uses it; the answer
    /// is the same either way (R-REC-1).
    pub async fn forgot_password(&self, email: &str) -> Result<bool, ClientError> {
        self.call(Method::Post, "/password/forgot", Some(&ForgotPasswordRequest { email: email.into() })).await
    }

    /// `POST /password/forgot/identity_check`: a forgotten password whose login email cannot be
    /// read any more, with the identity document; `true` whatever the address (R-REC-1, R-KC-1).
    pub async fn forgot_password_by_identity(
        &self,
        request: &ForgottenPasswordCheckRequest,
    ) -> Result<bool, ClientError> {
        self.call(Method::Post, "/password/forgot/identity_check", Some(request)).await
    }

    /// `POST /login/forgot`: the login of the account with this mobile number goes to the
    /// channel chosen (R-REC-2); `true` whatever the number.
    pub async fn forgot_login(&self, request: &ForgotLoginRequest) -> Result<bool, ClientError> {
        self.call(Method::Post, "/login/forgot", Some(request)).await
    }

    /// `POST /password/reset`: the mailed link's key sets a new password (R-REC-1).
    pub async fn reset_password(&self, token: &str, password: &str) -> Result<bool, ClientError> {
        let request = ResetPasswordRequest { token: token.into(), password: password.into() };
        self.call(Method::Post, "/password/reset", Some(&request)).await
    }

    /// `POST /2/profile/security/otp`: starts enrolling an authenticator app (R-2FA-4).
    pub async fn start_two_factor(&self) -> Result<OtpEnrolment, ClientError> {
        self.call::<(), _>(Method::Post, "/2/profile/security/otp", None).await
    }

    /// `POST /2/profile/security/otp/confirm`: a code from the app turns 2FA on (R-2FA-3, 4).
    pub async fn confirm_two_factor(&self, code: &str) -> Result<BackupCodes, ClientError> {
        self.call(Method::Post, "/2/profile/security/otp/confirm", Some(&OtpCode { code: code.into() })).await
    }

    /// `DELETE /2/profile/security/otp`: turns 2FA off, with a fresh second factor (R-2FA-6).
    pub async fn turn_off_two_factor(&self, code: &str) -> Result<bool, ClientError> {
        self.call(Method::Delete, "/2/profile/security/otp", Some(&OtpCode { code: code.into() })).await
    }

    /// `POST /2/profile/security/backup_codes`: a new set, voiding the old one (R-2FA-3, 6).
    pub async fn regenerate_backup_codes(&self, code: &str) -> Result<BackupCodes, ClientError> {
        self.call(Method::Post, "/2/profile/security/backup_codes", Some(&OtpCode { code: code.into() })).await
    }

    async fn token_call(&self, form: &[(&str, &str)]) -> Result<TokenResponse, ClientError> {
        let body = serde_urlencoded::to_string(form).map_err(|e| unexpected(0, e))?;
        let response = self
            .transport
            .send(HttpRequest {
                method: Method::Post,
                url: format!("{}/token", self.base_url),
                bearer: None,
                body: Some(("application/x-www-form-urlencoded", body)),
            })
            .await?;
        if (200..300).contains(&response.status) {
            serde_json::from_str(&response.body).map_err(|e| unexpected(response.status, e))
        } else {
            // OAuth's own errors, or the API's envelope for what comes before the grant is
            // read (the rate limit's 429, a body too large).
            match serde_json::from_str::<OAuthError>(&response.body) {
                Ok(error) => Err(ClientError::OAuth { status: response.status, error }),
                Err(e) => match serde_json::from_str::<Failure>(&response.body) {
                    Ok(failure) => Err(ClientError::Api { status: response.status, error: failure.error }),
                    Err(_) => Err(unexpected(response.status, e)),
                },
            }
        }
    }

    /// Sends a JSON request in the API's envelope and unwraps the answer's `data`.
    async fn call<B: Serialize, R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<R, ClientError> {
        self.call_raw(method, path, body).await.map(|success: Success<R>| success.data)
    }

    /// Sends a JSON request and returns the whole success envelope (lists need its pagination).
    async fn call_raw<B: Serialize, R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<Success<R>, ClientError> {
        let body = match body {
            Some(body) => Some(("application/json", serde_json::to_string(body).map_err(|e| unexpected(0, e))?)),
            None => None,
        };
        let response = self
            .transport
            .send(HttpRequest { method, url: format!("{}{path}", self.base_url), bearer: self.token.clone(), body })
            .await?;
        if (200..300).contains(&response.status) {
            serde_json::from_str::<Success<R>>(&response.body).map_err(|e| unexpected(response.status, e))
        } else {
            match serde_json::from_str::<Failure>(&response.body) {
                Ok(failure) => Err(ClientError::Api { status: response.status, error: failure.error }),
                Err(e) => Err(unexpected(response.status, e)),
            }
        }
    }
}

fn unexpected(status: u16, error: impl std::fmt::Display) -> ClientError {
    ClientError::Unexpected { status, message: error.to_string() }
}
