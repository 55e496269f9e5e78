//! Identity verification (kCheck, R-KC-*): the wire shapes of `/2/profile/identity_checks`.

use domain::kcheck::{CheckStatus, DocumentType, VerificationReason};
use serde::{Deserialize, Serialize};

/// A verification asked of the caller, and where it stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdentityCheck {
    pub id: i64,
    /// Why it is asked (R-KC-1).
    pub reason: VerificationReason,
    /// The order held until the identity is confirmed (a suspicious order).
    pub order_id: Option<i64>,
    pub status: CheckStatus,
    pub document_type: Option<DocumentType>,
    pub asked_at: i64,
    pub sent_at: Option<i64>,
    /// While `sent`: when what was sent is deleted if still unprocessed (R-KC-2); once
    /// `deleted`, when it was.
    pub deleted_at: Option<i64>,
    pub processed_at: Option<i64>,
    /// For an order still held: when it is cancelled and refunded in full unless the
    /// identity is confirmed before (R-KC-3).
    pub order_cancel_at: Option<i64>,
}

/// `POST /2/profile/identity_checks/{id}/document`: a photo (JPEG, PNG) or a PDF of the
/// document, up to 5 MiB, in base64 (RFC 4648, with padding).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityDocumentRequest {
    pub document_type: DocumentType,
    pub content: String,
}

/// `POST /2/profile/identity_checks`: a verification a person asks for themself (R-KC-1:
/// `turn_off_two_factor`, when their app and backup codes are lost).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityCheckRequest {
    pub reason: VerificationReason,
}

/// `POST /password/forgot/identity_check`: a forgotten password by someone who can no longer
/// read their login email (R-REC-1, R-KC-1): the login, an address they read now, and their
/// identity document as for [`IdentityDocumentRequest`]. Once the staff confirm the identity,
/// the link that sets a new password goes to `reply_to`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForgottenPasswordCheckRequest {
    /// The account's login email.
    pub email: String,
    /// Where to write once the document is processed.
    pub reply_to: String,
    pub document_type: DocumentType,
    pub content: String,
}
