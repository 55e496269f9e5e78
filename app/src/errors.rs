//! The one place where a failure becomes a sentence for people: every error code of the API
//! (`shared/spec/API.md`, and the codes of the domain's rules) and every field error has its
//! sentence here, saying what to do, filled from the error's context (`{days_left}`,
//! `{minimum}`). Network failures and the server's own failures have theirs, and can be tried
//! again. Nothing shows a raw code or a Rust `Debug` string.
//!
//! The sentences are in the language shown now ([`crate::i18n`]).

use crate::i18n::{fill, language, t};
use api::{ClientError, ErrorBody, FieldError};
use domain::membership::MembershipError;
use domain::money::{Currency, Money};
use domain::payment::PaymentError;
use domain::renewal::RenewalError;
use domain::role::Denied;
use serde_json::{Map, Value};

/// What to tell the person, and whether trying the same thing again may work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    /// The network or the server failed, not the request: a `Try again` makes sense.
    pub retry: bool,
}

impl Failure {
    fn final_(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), retry: false }
    }

    fn retry(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), retry: true }
    }
}

/// The sentence for a failed call.
pub fn explain(error: &ClientError) -> Failure {
    match error {
        ClientError::Transport(_) => Failure::retry(t().err_offline),
        ClientError::Api { status, .. }
        | ClientError::OAuth { status, .. }
        | ClientError::Unexpected { status, .. }
            if *status >= 500 =>
        {
            Failure::retry(t().err_server)
        }
        ClientError::Api { error, .. } => explain_body(error),
        ClientError::OAuth { error, .. } => {
            Failure::final_(code_message(&error.error, &Map::new()).unwrap_or_else(|| t().err_log_in_failed.into()))
        }
        ClientError::Unexpected { .. } => Failure::retry(t().err_unreadable),
    }
}

/// The sentence for an API error answer. A validation failure names its first field's problem.
pub fn explain_body(error: &ErrorBody) -> Failure {
    if let Some(first) = error.errors.first() {
        return Failure::final_(field_message(first));
    }
    let message = code_message(&error.code, &error.context).unwrap_or_else(|| t().err_unknown.into());
    // The refusals that go away by themselves: the same request works after a short wait.
    Failure { message, retry: matches!(error.code.as_str(), "too_many_requests" | "request_timeout") }
}

/// The sentence for one field's error, shown next to the field.
pub fn field_message(error: &FieldError) -> String {
    field_code_message(&error.code, &error.context.details)
}

/// The sentence for a field error code (the server's, or a local check's).
pub fn field_code_message(code: &str, context: &Map<String, Value>) -> String {
    let t = t();
    match code {
        "required" => t.field_required.into(),
        "invalid_email" => t.field_invalid_email.into(),
        "invalid_phone" => t.field_invalid_phone.into(),
        "length_out_of_range" => fill(
            t.field_length_out_of_range,
            &[
                ("minimum", &number(context, "minimum")),
                ("maximum", &number(context, "maximum")),
                ("length", &number(context, "length")),
            ],
        ),
        "password_too_short" => fill(
            t.field_password_too_short,
            &[("minimum", &number(context, "minimum")), ("length", &number(context, "length"))],
        ),
        "out_of_range" => match (integer(context, "minimum"), integer(context, "maximum")) {
            (Some(min), Some(max)) => {
                fill(t.field_out_of_range_both, &[("minimum", &min.to_string()), ("maximum", &max.to_string())])
            }
            (Some(min), None) => fill(t.field_out_of_range_min, &[("minimum", &min.to_string())]),
            _ => t.field_out_of_range.into(),
        },
        "invalid_value" => t.field_invalid_value.into(),
        "wrong_password" => t.field_wrong_password.into(),
        "email_taken" => t.field_email_taken.into(),
        "document_empty" => t.field_document_empty.into(),
        "document_too_large" => t.field_document_too_large.into(),
        "document_format_not_supported" => t.field_document_format.into(),
        code => code_message(code, context).unwrap_or_else(|| t.field_check.into()),
    }
}

/// The sentence of an error code, filled from its context; None for a code it does not know.
fn code_message(code: &str, context: &Map<String, Value>) -> Option<String> {
    let t = t();
    let plain = |sentence: &str| Some(sentence.to_string());
    match code {
        // The API's table (API.md).
        "not_authorized" => plain(t.err_not_authorized),
        "access_denied" => plain(t.err_access_denied),
        "object_not_found" => plain(t.err_object_not_found),
        "method_not_found" => plain(t.err_method_not_found),
        "validation_failed" => plain(t.err_validation_failed),
        "object_already_exists" => match context.get("email").and_then(Value::as_str) {
            Some(email) => Some(fill(t.err_already_member, &[("email", email)])),
            None => plain(t.err_object_already_exists),
        },
        "too_many_requests" => plain(t.err_too_many_requests),
        "too_many_attempts_try_again_in_1_minute" => plain(t.err_too_many_attempts),
        "last_owner_cannot_be_removed" => plain(t.err_last_owner),
        "only_owner_can_manage_owners" => plain(t.err_only_owner_manages_owners),
        "cannot_change_own_role" => plain(t.err_cannot_change_own_role),
        "auto_renewal_too_close_to_expiry" => Some(fill(
            t.err_auto_renewal_too_close,
            &[("days_left", &number(context, "days_left")), ("minimum_days", &number(context, "minimum_days"))],
        )),
        "payment_method_not_compatible" => plain(t.err_payment_method_not_compatible),
        "payment_method_currency_mismatch" => plain(t.err_payment_method_currency),
        "top_up_amount_out_of_range" => {
            Some(fill(t.err_top_up_out_of_range, &[("min", &amount(context, "min")), ("max", &amount(context, "max"))]))
        }
        "renewal_period_not_available" => plain(t.err_renewal_period_not_available),
        "otp_required" => plain(t.err_otp_required),
        "invalid_otp" => plain(t.err_invalid_otp),
        "push_already_answered" => plain(t.err_push_already_answered),
        "identity_check_not_waiting" => plain(t.err_identity_not_waiting),
        "login_email_required" => plain(t.err_login_email_required),
        "not_a_partner" => plain(t.err_not_a_partner),
        "expired_token" => plain(t.approval_expired),
        "authorization_pending" => plain(t.waiting_for_approval_hint),
        "cannot_be_partner_and_affiliate" => plain(t.err_partner_and_affiliate),
        "partner_requirements_not_met" => plain(t.err_partner_requirements),
        // The rules' own codes.
        "invitation_not_pending" => plain(t.err_invitation_not_pending),
        "support_access_already_closed" => plain(t.err_support_access_already_closed),
        "insufficient_prepaid_balance" => plain(t.err_insufficient_prepaid_balance),
        "two_factor_state_conflict" => plain(t.err_two_factor_state_conflict),
        "two_factor_required" => plain(t.err_two_factor_required),
        "tour_move_not_allowed" => plain(t.err_tour_move_not_allowed),
        "currency_mismatch" => plain(t.err_currency_mismatch),
        "invalid_amount" => plain(t.err_invalid_amount),
        "order_not_payable" => plain(t.err_order_not_payable),
        "product_not_active" => plain(t.err_product_not_active),
        "card_declined" => plain(t.err_card_declined),
        "payment_method_in_use" => plain(t.err_payment_method_in_use),
        "cancellation_already_confirmed" => plain(t.err_cancellation_already_confirmed),
        "product_already_terminated" => plain(t.err_product_already_terminated),
        "password_reset_link_not_valid" => plain(t.err_password_reset_link_not_valid),
        // OAuth answers of the log-in.
        "invalid_grant" => plain(t.err_invalid_grant),
        "invalid_request" | "unsupported_grant_type" => plain(t.err_log_in_request),
        // The server's own (a body over 1 MiB).
        "request_too_large" => plain(t.err_request_too_large),
        "request_timeout" => plain(t.err_request_timeout),
        _ => None,
    }
}

/// Why the rules refuse an action, said before anything is sent (a disabled control's reason).
pub fn denied_message(denied: &Denied) -> &'static str {
    let t = t();
    match denied {
        Denied::InsufficientRights { .. } => t.denied_insufficient_rights,
        Denied::OnlyOwnerManagesOwners => t.denied_only_owner_manages_owners,
        Denied::OwnRole => t.denied_own_role,
        Denied::OwnBillingAccess => t.denied_own_billing_access,
        Denied::OnlyLegalRepresentative => t.denied_only_legal_representative,
        Denied::NoBillingRights => t.denied_no_billing_rights,
        Denied::ExternalWithoutBilling => t.denied_external_without_billing,
        Denied::OwnerAlwaysHasBilling => t.denied_owner_always_has_billing,
        Denied::ProductNotVisible => t.denied_product_not_visible,
    }
}

/// Why a change of the members is refused, said before anything is sent: a denial, or the
/// last legal representative (R-ROLE-3).
pub fn membership_refusal(refusal: &MembershipError) -> &'static str {
    match refusal {
        MembershipError::Denied(denied) => denied_message(denied),
        MembershipError::LastOwner { .. } => t().err_last_owner,
        MembershipError::NotAMember => t().err_object_not_found,
        MembershipError::AlreadyMember => t().err_already_member,
    }
}

/// Why a renewal rule refuses, said before anything is sent (a disabled control's reason):
/// the sentence of its code, filled from the typed refusal rather than a wire context.
pub fn renewal_refusal(refusal: &RenewalError) -> String {
    let t = t();
    match refusal {
        RenewalError::TooCloseToExpiry { days_left, minimum_days } => fill(
            t.err_auto_renewal_too_close,
            &[("days_left", &days_left.to_string()), ("minimum_days", &minimum_days.to_string())],
        ),
        // Locally, "no method" has a more useful sentence than the wire's shared code.
        RenewalError::MethodRequired => t.auto_renewal_needs_method.into(),
        RenewalError::MethodNotCompatible { .. } => t.err_payment_method_not_compatible.into(),
        RenewalError::NotActive { .. } => t.err_product_not_active.into(),
        RenewalError::PeriodNotAvailable { .. } => t.err_renewal_period_not_available.into(),
    }
}

/// Why a payment rule refuses (a top-up's amount or method), said before anything is sent.
pub fn payment_refusal(refusal: &PaymentError) -> String {
    let t = t();
    match refusal {
        PaymentError::TopUpOutOfRange { min, max, .. } => {
            let language = language();
            fill(
                t.err_top_up_out_of_range,
                &[("min", &language.format_money(*min)), ("max", &language.format_money(*max))],
            )
        }
        refusal => code_message(refusal.code(), &Map::new()).unwrap_or_else(|| t.err_unknown.into()),
    }
}

/// Whole numbers only: `Value`'s own `Display` would bring serde_json's whole writer (and
/// float formatting) into the WASM for a few digits.
fn integer(context: &Map<String, Value>, key: &str) -> Option<i64> {
    context.get(key).and_then(Value::as_i64)
}

fn number(context: &Map<String, Value>, key: &str) -> String {
    integer(context, key).map(|n| n.to_string()).unwrap_or_else(|| "?".into())
}

/// A money context value (`{"amount": "0.10", "currency": "CHF"}`) as the language shown
/// writes it (`CHF 0.10`, `0,10 CHF`).
fn amount(context: &Map<String, Value>, key: &str) -> String {
    let money = context.get(key);
    let currency = money.and_then(|m| m["currency"].as_str()).and_then(Currency::parse);
    let parsed = currency.and_then(|currency| Money::parse_wire(money?["amount"].as_str()?, currency).ok());
    match parsed {
        Some(money) => language().format_money(money),
        None => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::transport::TransportError;
    use serde_json::json;

    fn api_error(status: u16, code: &str, context: Value) -> ClientError {
        let context = context.as_object().cloned().unwrap_or_default();
        ClientError::Api {
            status,
            error: ErrorBody { code: code.into(), description: String::new(), errors: vec![], context },
        }
    }

    /// Every code of API.md's error table, and the rules' own.
    const CODES: [&str; 44] = [
        "not_authorized",
        "access_denied",
        "object_not_found",
        "method_not_found",
        "validation_failed",
        "object_already_exists",
        "too_many_requests",
        "too_many_attempts_try_again_in_1_minute",
        "last_owner_cannot_be_removed",
        "only_owner_can_manage_owners",
        "cannot_change_own_role",
        "auto_renewal_too_close_to_expiry",
        "payment_method_not_compatible",
        "payment_method_currency_mismatch",
        "top_up_amount_out_of_range",
        "renewal_period_not_available",
        "otp_required",
        "invalid_otp",
        "push_already_answered",
        "identity_check_not_waiting",
        "login_email_required",
        "not_a_partner",
        "expired_token",
        "authorization_pending",
        "cannot_be_partner_and_affiliate",
        "partner_requirements_not_met",
        "invitation_not_pending",
        "support_access_already_closed",
        "insufficient_prepaid_balance",
        "two_factor_state_conflict",
        "two_factor_required",
        "tour_move_not_allowed",
        "currency_mismatch",
        "invalid_amount",
        "order_not_payable",
        "product_not_active",
        "card_declined",
        "payment_method_in_use",
        "cancellation_already_confirmed",
        "product_already_terminated",
        "password_reset_link_not_valid",
        "invalid_grant",
        "request_too_large",
        "request_timeout",
    ];

    #[test]
    fn every_code_has_its_own_sentence_and_none_shows_a_code() {
        let mut seen = std::collections::BTreeSet::new();
        for code in CODES {
            let message = code_message(code, &Map::new()).unwrap_or_else(|| panic!("{code} has no sentence"));
            assert!(!message.contains(code) && !message.contains('_'), "{code}: {message}");
            assert!(message.ends_with('.'), "{code}: a sentence: {message}");
            seen.insert(message);
        }
        assert!(seen.len() >= CODES.len() - 2, "sentences are specific, not one for all");
    }

    #[test]
    fn the_rules_context_fills_the_sentence() {
        let close = api_error(422, "auto_renewal_too_close_to_expiry", json!({"days_left": 9, "minimum_days": 14}));
        assert_eq!(
            explain(&close).message,
            "This product expires in 9 days; automatic renewal needs at least 14. Renew it now instead."
        );
        let range = json!({"amount": {"amount": "0.09", "currency": "CHF"}, "min": {"amount": "0.10", "currency": "CHF"},
            "max": {"amount": "9999.00", "currency": "CHF"}});
        assert_eq!(
            explain(&api_error(422, "top_up_amount_out_of_range", range)).message,
            "A top-up is between CHF 0.10 and CHF 9,999.00."
        );
        let short = FieldError::new("password", "password_too_short", "", json!({"length": 9, "minimum": 10}));
        assert_eq!(field_message(&short), "Use at least 10 characters; this password has 9.");
        let twice = api_error(409, "object_already_exists", json!({"email": "zoe@example.ch"}));
        assert_eq!(
            explain(&twice).message,
            "zoe@example.ch already has a pending invitation or is already a member of this organization."
        );
        let page = FieldError::new("per_page", "out_of_range", "", json!({"minimum": 1, "maximum": 100}));
        assert_eq!(field_message(&page), "Choose a number from 1 to 100.");
    }

    #[test]
    fn network_and_server_failures_can_be_tried_again_and_the_others_not() {
        let offline = explain(&ClientError::Transport(TransportError("fetch failed".into())));
        assert!(offline.retry && offline.message.contains("cannot reach the server"));
        for status in [500, 502, 503] {
            let failure = explain(&api_error(status, "internal_error", json!({})));
            assert!(failure.retry && failure.message.contains("on our side"), "{status}");
        }
        let unreadable = explain(&ClientError::Unexpected { status: 200, message: "expected value at line 1".into() });
        assert!(unreadable.retry && !unreadable.message.contains("line 1"), "no parser message: {unreadable:?}");
        assert!(explain(&api_error(429, "too_many_requests", json!({}))).retry);
        assert!(!explain(&api_error(403, "access_denied", json!({}))).retry);
        let unknown = explain(&api_error(409, "something_new", json!({})));
        assert!(!unknown.message.contains("something_new"), "{unknown:?}");
    }

    #[test]
    fn the_sentence_is_in_the_language_shown_with_its_amounts_written_as_it_writes_them() {
        use domain::language::Language;
        let range =
            json!({"min": {"amount": "0.10", "currency": "CHF"}, "max": {"amount": "9999.00", "currency": "CHF"}});
        let cases = [
            (Language::Es, "9999,00\u{a0}CHF"),
            (Language::Fr, "9\u{202f}999,00\u{a0}CHF"),
            (Language::De, "9.999,00\u{a0}CHF"),
            (Language::It, "9.999,00\u{a0}CHF"),
        ];
        for (language, maximum) in cases {
            crate::i18n::show(language);
            let message = explain(&api_error(422, "top_up_amount_out_of_range", range.clone())).message;
            assert!(message.contains(maximum), "{language:?}: {message}");
            assert_ne!(message, "A top-up is between CHF 0.10 and CHF 9,999.00.");
            let offline = explain(&ClientError::Transport(TransportError("down".into())));
            assert_eq!(offline.message, crate::i18n::texts_of(language).err_offline);
        }
        crate::i18n::show(Language::En);
    }

    #[test]
    fn a_validation_failure_names_its_first_field_problem() {
        let mut body = ErrorBody {
            code: "validation_failed".into(),
            description: String::new(),
            errors: vec![],
            context: Map::new(),
        };
        body.errors.push(FieldError::new("email", "invalid_email", "this is not a valid email address", json!({})));
        assert_eq!(explain_body(&body).message, "Enter an email address, like name@example.ch.");
    }
}
