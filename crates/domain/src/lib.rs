//! The rules of the account console (`shared/spec/RULES.md`), as plain data and pure functions.
//!
//! This crate is the "functional core": it never reads a clock, a network or a disk, so it
//! compiles to `wasm32-unknown-unknown` and gives the same answer in the browser and on the
//! server. Time is passed in as `now: DateTime<Utc>`; randomness is passed in as an RNG.
//!
//! Every rule id of RULES.md appears in the tests of the module that implements it, so that
//! `grep -r R-RENEW-3` finds the rule's code and its tests.
//!
//! Each module returns its own error enum. Every error has a wire `code()` (the `code` of the
//! API's error answers) and serializes (`serde`, untagged) to the `context` object a client
//! needs to explain it, e.g. `{"days_left": 9, "minimum_days": 14}`.

//! ## Rules enforced elsewhere
//!
//! Every rule of RULES.md has its code and a test here (checked by `tests/rule_coverage.rs`),
//! including the parts of rules that the server or the app carry out: R-API-1..3 (routing,
//! the rate limiter), R-ROLE-7 (mailing the summary), R-TOUR-2 (the button), R-PAY-8 (the
//! PDF). The server's and the app's own tests cover the carrying out.

pub mod account;
pub mod api_access;
pub mod invitation;
pub mod membership;
pub mod partner;
pub mod recovery;
pub mod role;
pub mod support;
pub mod team;
pub mod tour;

pub mod abuse;
pub mod attention;
pub mod cancellation;
pub mod kcheck;
pub mod language;
pub mod lifecycle;
pub mod login;
pub mod money;
pub mod payment;
pub mod renewal;
pub mod twofa;

/// What every error of this crate offers the server and the app: the wire `code`, the HTTP
/// status, and (through `Serialize`) the `context` object; `Display` is the sentence.
pub trait RuleError: std::fmt::Display + serde::Serialize {
    fn code(&self) -> &'static str;
    fn http_status(&self) -> u16;
}

macro_rules! rule_errors {
    ($($error:ty),* $(,)?) => {$(
        impl RuleError for $error {
            fn code(&self) -> &'static str {
                <$error>::code(self)
            }
            fn http_status(&self) -> u16 {
                <$error>::http_status(self)
            }
        }
    )*};
}

rule_errors!(
    account::AccountError,
    role::Denied,
    membership::MembershipError,
    invitation::InvitationError,
    team::TeamError,
    support::SupportError,
    recovery::RecoveryError,
    partner::PartnerError,
    kcheck::KcheckError,
    api_access::TokenError,
    tour::TourError,
    money::MoneyError,
    payment::PaymentError,
    renewal::RenewalError,
    twofa::TwoFactorError,
    twofa::push::PushError,
    login::TooManyAttempts,
    cancellation::CancellationError,
);
