//! Mailboxes (R-ID-*): those of a Mail Service, and those an account uses in webmail
//! (`/2/profile/mailboxes`, after the official `/2/profile/ksuites/mailboxes`), each with its own password unless unified
//! with the login's.

use serde::{Deserialize, Serialize};

/// `POST /1/accounts/{account}/products/{product}/mailboxes` (ours): a mailbox of a Mail
/// Service, at its domain, with its own password.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewMailboxRequest {
    pub address: String,
    pub password: String,
}

/// A mailbox, as its Mail Service or an account using it sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mailbox {
    pub id: i64,
    pub email: String,
    /// The Mail Service it belongs to.
    pub product_id: i64,
    /// For the account using it: its primary mailbox in webmail.
    #[serde(default)]
    pub is_primary: bool,
    /// Its password is the account's login password (R-ID-1, R-ID-2).
    #[serde(default)]
    pub unified: bool,
    /// Unifying the two passwords is offered (R-ID-2).
    #[serde(default)]
    pub may_unify: bool,
}

/// `POST /2/profile/mailboxes`: the official kSuite body (`password`, `is_primary`), with the
/// mailbox's address (`email`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachMailboxRequest {
    pub email: String,
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_primary: Option<bool>,
}

/// `PUT /2/profile/mailboxes/{id}/password`: the official kSuite body.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailboxPasswordRequest {
    pub password: String,
}

/// `POST /2/profile/mailboxes/{id}/unify` (ours, R-ID-2): the login password, asked
/// again; the mailbox takes it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnifyPasswordsRequest {
    pub current_password: String,
}
