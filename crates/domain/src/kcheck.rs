//! Identity verification (kCheck) (R-KC-*): why it is asked, how long what is sent is kept,
//! and what happens to an order blocked for verification.

use crate::money::Money;
use crate::payment::{OrderStatus, PaymentError};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// R-KC-2: unprocessed documents are deleted this long after they were sent.
pub const DOCUMENT_RETENTION_HOURS: i64 = 72;
/// R-KC-3: a blocked order not unblocked within this many days is cancelled and refunded.
pub const BLOCKED_ORDER_DAYS: i64 = 10;

/// R-KC-1: the situations in which identity verification can be asked for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationReason {
    ForgottenPassword,
    ForgottenLoginEmail,
    TurnOffTwoFactor,
    UnblockAccount,
    FirstPayout,
    SuspiciousOrder,
}

impl VerificationReason {
    pub const ALL: [VerificationReason; 6] = [
        VerificationReason::ForgottenPassword,
        VerificationReason::ForgottenLoginEmail,
        VerificationReason::TurnOffTwoFactor,
        VerificationReason::UnblockAccount,
        VerificationReason::FirstPayout,
        VerificationReason::SuspiciousOrder,
    ];
}

/// R-KC-1: the verifications a person asks for themself. Turning 2FA off is one: without
/// their app and their backup codes, a verified identity stands for the fresh second factor
/// that turning it off otherwise needs (R-2FA-6). A forgotten password is asked signed out,
/// from the forgotten password's page (`recovery::password_reset`); the others are asked by
/// the console (an order held, a login mailbox gone).
pub fn asked_by_the_person(reason: VerificationReason) -> bool {
    reason == VerificationReason::TurnOffTwoFactor
}

/// R-KC-1: what an accepted verification does by itself. The others are the staff's to
/// follow up (a login mailbox gone with nowhere to send a temporary login, an account to
/// unblock, a first payout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// The order held for it is released (R-KC-3 otherwise cancels it).
    ReleaseOrder,
    /// 2FA is off and the backup codes are gone: the verified identity stands for the fresh
    /// second factor the person no longer has (R-2FA-6).
    TurnOffTwoFactor,
    /// A link that sets a new password is mailed to the address the person gave, since the
    /// login email is the one they cannot read (R-REC-1).
    MailPasswordResetLink,
    FollowedUpByStaff,
}

pub fn once_confirmed(reason: VerificationReason) -> Confirmed {
    match reason {
        VerificationReason::SuspiciousOrder => Confirmed::ReleaseOrder,
        VerificationReason::TurnOffTwoFactor => Confirmed::TurnOffTwoFactor,
        VerificationReason::ForgottenPassword => Confirmed::MailPasswordResetLink,
        VerificationReason::ForgottenLoginEmail
        | VerificationReason::UnblockAccount
        | VerificationReason::FirstPayout => Confirmed::FollowedUpByStaff,
    }
}

/// R-KC-2: whether what was sent at `submitted_at` must now be deleted. Processed
/// verifications follow their own retention (not ours to decide here), so only unprocessed
/// ones are deleted by this rule.
pub fn should_delete(submitted_at: DateTime<Utc>, processed: bool, now: DateTime<Utc>) -> bool {
    !processed && now >= deleted_at(submitted_at)
}

/// The largest document accepted, in bytes (our choice: a phone's photo of an identity card
/// fits, and a request stays small enough to read in one piece).
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// The identity documents a verification takes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    IdentityCard,
    Passport,
}

impl DocumentType {
    pub const ALL: [DocumentType; 2] = [DocumentType::IdentityCard, DocumentType::Passport];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::IdentityCard => "identity_card",
            DocumentType::Passport => "passport",
        }
    }
}

/// The file formats a document may come in: a photo, or a scan as PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    Jpeg,
    Png,
    Pdf,
}

impl DocumentFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentFormat::Jpeg => "image/jpeg",
            DocumentFormat::Png => "image/png",
            DocumentFormat::Pdf => "application/pdf",
        }
    }
}

/// Where a verification stands. What was sent is kept while it is `Sent` only (R-KC-2).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// Asked for; nothing sent yet.
    Waiting,
    /// A document was sent and waits to be processed.
    Sent,
    /// Processed: the identity is confirmed.
    Accepted,
    /// Processed: the identity is not confirmed.
    Refused,
    /// Not processed within 72 hours: what was sent is deleted (R-KC-2).
    Deleted,
}

impl CheckStatus {
    pub const ALL: [CheckStatus; 5] =
        [CheckStatus::Waiting, CheckStatus::Sent, CheckStatus::Accepted, CheckStatus::Refused, CheckStatus::Deleted];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Waiting => "waiting",
            CheckStatus::Sent => "sent",
            CheckStatus::Accepted => "accepted",
            CheckStatus::Refused => "refused",
            CheckStatus::Deleted => "deleted",
        }
    }

    pub fn parse(stored: &str) -> Option<CheckStatus> {
        CheckStatus::ALL.into_iter().find(|s| s.as_str() == stored)
    }

    /// Whether the verification is still under way: not yet accepted or refused.
    pub fn is_open(self) -> bool {
        !matches!(self, CheckStatus::Accepted | CheckStatus::Refused)
    }

    /// Whether a document may be sent now: when nothing was sent, or when what was sent has
    /// been deleted unprocessed (our choice: the person may try again rather than start over).
    pub fn may_send(self) -> Result<(), KcheckError> {
        match self {
            CheckStatus::Waiting | CheckStatus::Deleted => Ok(()),
            status => Err(KcheckError::NotWaiting { status }),
        }
    }

    /// Processing a sent document: accepted or refused. What was sent is then deleted, as
    /// nothing needs it any more (our choice of retention for processed verifications).
    pub fn process(self, accepted: bool) -> Result<CheckStatus, KcheckError> {
        match self {
            CheckStatus::Sent if accepted => Ok(CheckStatus::Accepted),
            CheckStatus::Sent => Ok(CheckStatus::Refused),
            status => Err(KcheckError::NotWaiting { status }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum KcheckError {
    #[error("the file is empty")]
    EmptyDocument,
    #[error("the file is over {maximum} bytes")]
    DocumentTooLarge { maximum: usize },
    #[error("send a photo (JPEG or PNG) or a PDF")]
    UnsupportedFormat,
    #[error("this verification does not wait for a document")]
    NotWaiting { status: CheckStatus },
}

impl KcheckError {
    pub fn code(&self) -> &'static str {
        match self {
            KcheckError::EmptyDocument => "document_empty",
            KcheckError::DocumentTooLarge { .. } => "document_too_large",
            KcheckError::UnsupportedFormat => "document_format_not_supported",
            KcheckError::NotWaiting { .. } => "identity_check_not_waiting",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            KcheckError::NotWaiting { .. } => 409,
            _ => 422,
        }
    }
}

/// The format of a document, from its first bytes (a name or a declared type proves
/// nothing); refused when empty, too large or of another kind.
pub fn document_format(bytes: &[u8]) -> Result<DocumentFormat, KcheckError> {
    if bytes.is_empty() {
        return Err(KcheckError::EmptyDocument);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(KcheckError::DocumentTooLarge { maximum: MAX_DOCUMENT_BYTES });
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(DocumentFormat::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Ok(DocumentFormat::Png)
    } else if bytes.starts_with(b"%PDF-") {
        Ok(DocumentFormat::Pdf)
    } else {
        Err(KcheckError::UnsupportedFormat)
    }
}

/// R-KC-2: when what was sent at `sent_at` is deleted if still unprocessed.
pub fn deleted_at(sent_at: DateTime<Utc>) -> DateTime<Utc> {
    sent_at + Duration::hours(DOCUMENT_RETENTION_HOURS)
}

/// R-KC-1, a suspicious order: names that an order may use only once the identity of whoever
/// orders is confirmed (our choice: the provider's own brand, which in a customer's product
/// name is the usual sign of an impersonation). Compared without case.
pub const PROTECTED_NAMES: [&str; 1] = ["infomaniak"];

/// R-KC-1: whether an order with these product names is held for identity verification
/// once paid.
pub fn order_needs_verification<'a>(names: impl IntoIterator<Item = &'a str>) -> bool {
    names.into_iter().any(|name| {
        let name = name.to_lowercase();
        PROTECTED_NAMES.iter().any(|protected| name.contains(protected))
    })
}

/// What becomes of an order blocked for verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum BlockedOrderOutcome {
    /// Still waiting; cancelled at `cancel_at` unless unblocked before.
    Waiting { cancel_at: DateTime<Utc> },
    /// R-KC-3: cancelled, and `refund` paid back: everything that was paid.
    CancelAndRefund { refund: Money },
}

/// R-KC-3: the fate of an order blocked at `blocked_at` for which `paid` was paid. Unblocking
/// (verification passed) is [`OrderStatus::unblock`]; this decides what happens if it is not.
pub fn blocked_order_outcome(blocked_at: DateTime<Utc>, paid: Money, now: DateTime<Utc>) -> BlockedOrderOutcome {
    let cancel_at = blocked_at + Duration::days(BLOCKED_ORDER_DAYS);
    if now >= cancel_at {
        BlockedOrderOutcome::CancelAndRefund { refund: paid }
    } else {
        BlockedOrderOutcome::Waiting { cancel_at }
    }
}

/// R-KC-3: applies the outcome to the order: a blocked order past its 10 days is cancelled.
/// Only a blocked order is cancelled this way; one unblocked in time keeps its status.
pub fn settle_blocked_order(status: OrderStatus, outcome: BlockedOrderOutcome) -> Result<OrderStatus, PaymentError> {
    match (status, outcome) {
        (OrderStatus::Blocked, BlockedOrderOutcome::CancelAndRefund { .. }) => status.cancel(),
        _ => Ok(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    #[test]
    fn r_kc_1_verification_covers_the_six_situations() {
        // R-KC-1
        let wire: Vec<String> = VerificationReason::ALL
            .iter()
            .map(|r| serde_json::to_value(r).unwrap().as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            wire,
            [
                "forgotten_password",
                "forgotten_login_email",
                "turn_off_two_factor",
                "unblock_account",
                "first_payout",
                "suspicious_order"
            ]
        );
    }

    #[test]
    fn r_kc_1_a_confirmed_identity_turns_2fa_off_sets_a_password_or_releases_an_order() {
        // R-KC-1, R-REC-1
        assert_eq!(once_confirmed(VerificationReason::TurnOffTwoFactor), Confirmed::TurnOffTwoFactor);
        assert_eq!(once_confirmed(VerificationReason::ForgottenPassword), Confirmed::MailPasswordResetLink);
        assert_eq!(once_confirmed(VerificationReason::SuspiciousOrder), Confirmed::ReleaseOrder);
        let by_staff: Vec<_> = VerificationReason::ALL
            .into_iter()
            .filter(|reason| once_confirmed(*reason) == Confirmed::FollowedUpByStaff)
            .collect();
        assert_eq!(
            by_staff,
            [
                VerificationReason::ForgottenLoginEmail,
                VerificationReason::UnblockAccount,
                VerificationReason::FirstPayout
            ]
        );
        assert_eq!(crate::recovery::password_reset(false), crate::recovery::PasswordReset::IdentityVerification);
    }

    #[test]
    fn r_kc_2_unprocessed_documents_are_deleted_after_72_hours() {
        // R-KC-2
        let just_before = t0() + Duration::hours(72) - Duration::seconds(1);
        assert!(!should_delete(t0(), false, just_before));
        assert!(should_delete(t0(), false, t0() + Duration::hours(72)));
        assert!(!should_delete(t0(), true, t0() + Duration::days(30)), "kept until processed, then not this rule's");
    }

    #[test]
    fn r_kc_3_a_blocked_order_is_cancelled_and_fully_refunded_after_10_days() {
        // R-KC-3
        let cancel_at = t0() + Duration::days(10);
        let paid = Money::new(12_990, Currency::Chf);
        let waiting = blocked_order_outcome(t0(), paid, cancel_at - Duration::seconds(1));
        assert_eq!(waiting, BlockedOrderOutcome::Waiting { cancel_at });
        assert_eq!(settle_blocked_order(OrderStatus::Blocked, waiting), Ok(OrderStatus::Blocked));
        let late = blocked_order_outcome(t0(), paid, cancel_at);
        assert_eq!(late, BlockedOrderOutcome::CancelAndRefund { refund: paid });
        assert_eq!(
            serde_json::to_value(late).unwrap(),
            serde_json::json!({"outcome": "cancel_and_refund", "refund": {"amount": "129.90", "currency": "CHF"}})
        );
        assert_eq!(settle_blocked_order(OrderStatus::Blocked, late), Ok(OrderStatus::Cancelled));
        assert_eq!(settle_blocked_order(OrderStatus::Paid, late), Ok(OrderStatus::Paid), "unblocked in time");
    }

    #[test]
    fn r_kc_2_a_document_is_recognised_by_its_bytes_and_its_size_is_bounded() {
        // R-KC-2: what is sent is a photo or a PDF, and no more than the limit.
        assert_eq!(document_format(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(DocumentFormat::Jpeg));
        assert_eq!(document_format(b"\x89PNG\r\n\x1a\n...."), Ok(DocumentFormat::Png));
        assert_eq!(document_format(b"%PDF-1.7"), Ok(DocumentFormat::Pdf));
        assert_eq!(document_format(b"GIF89a"), Err(KcheckError::UnsupportedFormat));
        assert_eq!(document_format(b""), Err(KcheckError::EmptyDocument));
        let mut large = vec![0xFF, 0xD8, 0xFF];
        large.resize(MAX_DOCUMENT_BYTES, 0);
        assert_eq!(document_format(&large), Ok(DocumentFormat::Jpeg), "the limit itself is taken");
        large.push(0);
        assert_eq!(document_format(&large), Err(KcheckError::DocumentTooLarge { maximum: MAX_DOCUMENT_BYTES }));
        assert_eq!(KcheckError::UnsupportedFormat.code(), "document_format_not_supported");
    }

    #[test]
    fn r_kc_2_a_document_is_sent_once_and_again_only_after_its_deletion() {
        // R-KC-2
        assert_eq!(CheckStatus::Waiting.may_send(), Ok(()));
        assert_eq!(CheckStatus::Deleted.may_send(), Ok(()), "deleted unprocessed: may be sent again");
        for status in [CheckStatus::Sent, CheckStatus::Accepted, CheckStatus::Refused] {
            assert_eq!(status.may_send(), Err(KcheckError::NotWaiting { status }));
            assert_eq!(KcheckError::NotWaiting { status }.http_status(), 409);
        }
        assert_eq!(CheckStatus::Sent.process(true), Ok(CheckStatus::Accepted));
        assert_eq!(CheckStatus::Sent.process(false), Ok(CheckStatus::Refused));
        assert!(CheckStatus::Waiting.process(true).is_err(), "nothing to process");
        assert_eq!(deleted_at(t0()), t0() + Duration::hours(72));
        for status in CheckStatus::ALL {
            assert_eq!(CheckStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn r_kc_1_an_order_using_the_brand_is_held_for_verification() {
        // R-KC-1 (a suspicious order)
        assert!(order_needs_verification(["Shop", "Infomaniak-Support.ch"]));
        assert!(order_needs_verification(["my INFOMANIAK mail"]));
        assert!(!order_needs_verification(["Shop", "Demo mail"]));
        assert!(!order_needs_verification([]));
    }
}
