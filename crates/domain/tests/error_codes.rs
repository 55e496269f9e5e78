//! Every error of the domain says its wire `code` and HTTP status, and where `API.md`'s table of
//! error codes lists that code, with the same status; every code of the table is said by some
//! error here or is one of the server's own. One table for the whole crate, so that a changed
//! code or status fails here, whichever module it is in.

use chrono::{TimeZone, Utc};
use domain::account::AccountError;
use domain::api_access::TokenError;
use domain::cancellation::CancellationError;
use domain::invitation::{InvitationError, InvitationStatus};
use domain::kcheck::{CheckStatus, KcheckError, MAX_DOCUMENT_BYTES};
use domain::login::TooManyAttempts;
use domain::membership::MembershipError;
use domain::money::{Currency, Money, MoneyError};
use domain::partner::{PartnerError, Program};
use domain::payment::{OrderStatus, PaymentError, Purpose};
use domain::recovery::{Channel, RecoveryError};
use domain::renewal::{ProductStatus, RenewalError};
use domain::role::{Denied, Role};
use domain::support::{GrantStatus, SupportError};
use domain::team::TeamError;
use domain::tour::TourError;
use domain::twofa::push::{PushError, PushStatus};
use domain::twofa::TwoFactorError;
use domain::RuleError;
use std::collections::BTreeMap;

mod spec;

/// Codes that only the server says (routing, tokens, the rate limit).
const SERVER_CODES: [&str; 3] = ["not_authorized", "method_not_found", "too_many_requests"];

fn one(error: impl RuleError) -> (String, u16) {
    (error.code().to_string(), error.http_status())
}

/// An error as the domain gives it (code, status), beside what API.md says it must be.
type ErrorAndExpected = ((String, u16), (&'static str, u16));

fn every_error() -> Vec<ErrorAndExpected> {
    let chf = |cents| Money::new(cents, Currency::Chf);
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    vec![
        (one(AccountError::PasswordTooShort { length: 3, minimum: 10 }), ("password_too_short", 422)),
        (one(AccountError::InvalidEmail), ("invalid_email", 422)),
        (one(AccountError::Required), ("required", 422)),
        (one(Denied::InsufficientRights { role: Role::Normal }), ("access_denied", 403)),
        (one(Denied::OnlyOwnerManagesOwners), ("only_owner_can_manage_owners", 403)),
        (one(Denied::OwnRole), ("cannot_change_own_role", 422)),
        (one(Denied::OwnBillingAccess), ("cannot_change_own_role", 422)),
        (one(Denied::OnlyLegalRepresentative), ("access_denied", 403)),
        (one(Denied::NoBillingRights), ("access_denied", 403)),
        (one(Denied::ExternalWithoutBilling), ("validation_failed", 422)),
        (one(Denied::OwnerAlwaysHasBilling), ("validation_failed", 422)),
        (one(Denied::ProductNotVisible), ("object_not_found", 404)),
        (one(MembershipError::Denied(Denied::OnlyOwnerManagesOwners)), ("only_owner_can_manage_owners", 403)),
        (one(MembershipError::LastOwner { owners_left: 1 }), ("last_owner_cannot_be_removed", 422)),
        (one(MembershipError::NotAMember), ("object_not_found", 404)),
        (one(MembershipError::AlreadyMember), ("object_already_exists", 409)),
        (one(InvitationError::Denied(Denied::OwnRole)), ("cannot_change_own_role", 422)),
        (one(InvitationError::Invalid(AccountError::InvalidEmail)), ("validation_failed", 422)),
        (one(InvitationError::AlreadyInvited { email: "a@b.ch".into() }), ("object_already_exists", 409)),
        (one(InvitationError::AlreadyMember { email: "a@b.ch".into() }), ("object_already_exists", 409)),
        (one(InvitationError::NotPending { status: InvitationStatus::Expired }), ("invitation_not_pending", 409)),
        (one(TeamError::InvalidName { maximum: 100 }), ("validation_failed", 422)),
        (one(TeamError::NotMembers { user_ids: vec![1] }), ("validation_failed", 422)),
        (one(TeamError::LeaderNotInTeam { user_id: 1 }), ("validation_failed", 422)),
        (one(SupportError::NothingChosen), ("validation_failed", 422)),
        (one(SupportError::OneEmailOnly { count: 2 }), ("validation_failed", 422)),
        (one(SupportError::NotAMember), ("object_not_found", 404)),
        (one(SupportError::AlreadyClosed { status: GrantStatus::Revoked }), ("support_access_already_closed", 409)),
        (one(KcheckError::EmptyDocument), ("document_empty", 422)),
        (one(KcheckError::DocumentTooLarge { maximum: MAX_DOCUMENT_BYTES }), ("document_too_large", 422)),
        (one(KcheckError::UnsupportedFormat), ("document_format_not_supported", 422)),
        (one(KcheckError::NotWaiting { status: CheckStatus::Sent }), ("identity_check_not_waiting", 409)),
        (one(RecoveryError::ChannelNotAvailable { channel: Channel::Sms }), ("recovery_channel_not_available", 422)),
        (one(RecoveryError::LoginEmailRequired), ("login_email_required", 403)),
        (
            one(RecoveryError::UnificationNotOffered {
                login_is_mailbox: true,
                only_user: false,
                may_change_password: true,
            }),
            ("password_unification_not_offered", 422),
        ),
        (one(RecoveryError::NoRecoveryChannel), ("identity_verification_required", 422)),
        (one(PartnerError::RequirementsNotMet { reasons: vec![] }), ("partner_requirements_not_met", 422)),
        (
            one(PartnerError::PartnerAndAffiliate { current: Program::Affiliate }),
            ("cannot_be_partner_and_affiliate", 422),
        ),
        (one(PartnerError::AlreadyMember { current: Program::Partner }), ("object_already_exists", 409)),
        (one(PartnerError::NotAPartner { program: None }), ("not_a_partner", 422)),
        (one(PartnerError::ProductsNotDelegable { product_ids: vec![] }), ("validation_failed", 422)),
        (one(TokenError::NotFound), ("object_not_found", 404)),
        (one(TokenError::NameRequired), ("validation_failed", 422)),
        (one(TokenError::ScopeRequired), ("validation_failed", 422)),
        (one(TokenError::ExpiryInThePast), ("validation_failed", 422)),
        (one(TourError::NotRunning), ("tour_move_not_allowed", 422)),
        (one(TourError::AtFirstStep), ("tour_move_not_allowed", 422)),
        (one(TourError::AtLastStep { step: 3 }), ("tour_move_not_allowed", 422)),
        (one(TourError::NotAtLastStep { step: 1, last: 3 }), ("tour_move_not_allowed", 422)),
        (one(TourError::StepOutOfRange { step: 9, steps: 3 }), ("validation_failed", 422)),
        (one(MoneyError::CurrencyMismatch { left: Currency::Eur, right: Currency::Chf }), ("currency_mismatch", 422)),
        (one(MoneyError::InvalidAmount { input: "x".into() }), ("invalid_amount", 422)),
        (one(MoneyError::Overflow), ("invalid_amount", 422)),
        (
            one(PaymentError::MethodNotCompatible { method: "paypal", purpose: Purpose::TopUp }),
            ("payment_method_not_compatible", 422),
        ),
        (
            one(PaymentError::CurrencyMismatch { method: "postfinance", currency: Currency::Eur }),
            ("payment_method_currency_mismatch", 422),
        ),
        (
            one(PaymentError::TopUpOutOfRange { amount: chf(1), min: chf(10), max: chf(999_900) }),
            ("top_up_amount_out_of_range", 422),
        ),
        (
            one(PaymentError::InsufficientPrepaid { balance: chf(1), missing: chf(2) }),
            ("insufficient_prepaid_balance", 422),
        ),
        (one(PaymentError::NothingToPay), ("validation_failed", 422)),
        (one(PaymentError::LineNotPositive { index: 0, price: chf(0) }), ("validation_failed", 422)),
        (one(PaymentError::TransferNotPositive { received: chf(-1) }), ("validation_failed", 422)),
        (one(PaymentError::NotWaitingForTransfer { status: "paid" }), ("payment_not_pending", 409)),
        (one(PaymentError::OrderNotPayable { status: OrderStatus::Paid }), ("order_not_payable", 409)),
        (
            one(PaymentError::OrderTransition { status: OrderStatus::Paid, wanted: OrderStatus::Cancelled }),
            ("order_not_payable", 409),
        ),
        (one(PaymentError::Money(MoneyError::Overflow)), ("invalid_amount", 422)),
        (
            one(RenewalError::TooCloseToExpiry { days_left: 9, minimum_days: 14 }),
            ("auto_renewal_too_close_to_expiry", 422),
        ),
        (one(RenewalError::MethodNotCompatible { method: "iban" }), ("payment_method_not_compatible", 422)),
        (one(RenewalError::MethodRequired), ("payment_method_not_compatible", 422)),
        (one(RenewalError::NotActive { status: ProductStatus::Blocked }), ("product_not_active", 422)),
        (one(RenewalError::PeriodNotAvailable { months: 5, allowed: vec![12] }), ("renewal_period_not_available", 422)),
        (one(TwoFactorError::InvalidOtp), ("invalid_otp", 401)),
        (one(TwoFactorError::OtpRequired { methods: vec![] }), ("otp_required", 401)),
        (one(TwoFactorError::FreshFactorRequired), ("otp_required", 401)),
        (one(TwoFactorError::NotEnrolling), ("two_factor_state_conflict", 409)),
        (one(TwoFactorError::AlreadyOn), ("two_factor_state_conflict", 409)),
        (one(TwoFactorError::AlreadyOff), ("two_factor_state_conflict", 409)),
        (one(TwoFactorError::NotOn), ("two_factor_state_conflict", 409)),
        (one(TwoFactorError::RequiredByOrganization), ("two_factor_required", 403)),
        (one(PushError::NotFound), ("object_not_found", 404)),
        (one(PushError::SessionTooRecent), ("access_denied", 403)),
        (one(PushError::AlreadyAnswered { status: PushStatus::Refused }), ("push_already_answered", 409)),
        (one(PushError::Expired), ("expired_token", 400)),
        (one(PushError::Waiting), ("authorization_pending", 400)),
        (one(PushError::Refused), ("access_denied", 403)),
        (one(PushError::AlreadyUsed), ("invalid_grant", 400)),
        (one(TooManyAttempts { retry_after_seconds: 60 }), ("too_many_attempts_try_again_in_1_minute", 400)),
        (one(CancellationError::AlreadyConfirmed { confirmed_at: at }), ("cancellation_already_confirmed", 409)),
        (one(CancellationError::AlreadyTerminated), ("product_already_terminated", 409)),
        (
            one(CancellationError::Money(MoneyError::CurrencyMismatch { left: Currency::Eur, right: Currency::Chf })),
            ("currency_mismatch", 422),
        ),
    ]
}

/// The rows of API.md's error table: `| \`code\` | 422 | when |`.
fn api_md_codes() -> BTreeMap<String, u16> {
    spec::read("API.md")
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let status = cells.get(2)?.parse().ok()?;
            Some((code.to_string(), status))
        })
        .collect()
}

#[test]
fn every_error_says_its_code_and_status() {
    for ((code, status), (expected_code, expected_status)) in every_error() {
        assert_eq!((code.as_str(), status), (expected_code, expected_status));
    }
}

#[test]
fn every_code_agrees_with_api_md() {
    let table = api_md_codes();
    assert!(table.len() >= 20, "API.md's table was read: {table:?}");
    for ((code, status), _) in every_error() {
        if let Some(listed) = table.get(&code) {
            assert_eq!(status, *listed, "{code}: API.md says {listed}");
        }
    }
    let said: Vec<String> = every_error().into_iter().map(|((code, _), _)| code).collect();
    for code in table.keys() {
        assert!(
            said.contains(code) || SERVER_CODES.contains(&code.as_str()),
            "API.md's {code} is said by no error of the domain"
        );
    }
}
