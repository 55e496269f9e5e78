//! The one place where a failure becomes a sentence for people: every error code of the API
//! (`shared/spec/API.md`, and the codes of the domain's rules) and every field error has its
//! sentence here, saying what to do, filled from the error's context (`{days_left}`,
//! `{minimum}`). Network failures and the server's own failures have theirs, and can be tried
//! again. Nothing shows a raw code or a Rust `Debug` string.
//!
//! The sentences are English until the app has its languages (issue 6, part 1): each is one
//! match arm, ready to become one translation key.

use api::{ClientError, ErrorBody, FieldError};
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
        ClientError::Transport(_) => {
            Failure::retry("The console cannot reach the server. Check your connection, then try again.")
        }
        ClientError::Api { status, .. }
        | ClientError::OAuth { status, .. }
        | ClientError::Unexpected { status, .. }
            if *status >= 500 =>
        {
            Failure::retry("Something went wrong on our side. Try again in a moment.")
        }
        ClientError::Api { error, .. } => explain_body(error),
        ClientError::OAuth { error, .. } => Failure::final_(
            code_message(&error.error, &Map::new())
                .unwrap_or_else(|| "The log-in did not work. Check your email and password, then try again.".into()),
        ),
        ClientError::Unexpected { .. } => {
            Failure::retry("The server's answer could not be read. Try again; if it happens again, reload the page.")
        }
    }
}

/// The sentence for an API error answer. A validation failure names its first field's problem.
pub fn explain_body(error: &ErrorBody) -> Failure {
    if let Some(first) = error.errors.first() {
        return Failure::final_(field_message(first));
    }
    let message = code_message(&error.code, &error.context)
        .unwrap_or_else(|| "This could not be done. Reload the page to see where things stand, then try again.".into());
    // The one refusal that goes away by itself: the same request works after a short wait.
    Failure { message, retry: error.code == "too_many_requests" }
}

/// The sentence for one field's error, shown next to the field.
pub fn field_message(error: &FieldError) -> String {
    let context = &error.context.details;
    match error.code.as_str() {
        "required" => "Fill in this field.".into(),
        "invalid_email" => "Enter an email address, like name@example.ch.".into(),
        "password_too_short" => format!(
            "Use at least {} characters; this password has {}.",
            number(context, "minimum"),
            number(context, "length")
        ),
        "out_of_range" => match (integer(context, "minimum"), integer(context, "maximum")) {
            (Some(min), Some(max)) => format!("Choose a number from {min} to {max}."),
            (Some(min), None) => format!("Choose a number of at least {min}."),
            _ => "Choose a number in the allowed range.".into(),
        },
        "invalid_value" => "Choose one of the offered values.".into(),
        code => code_message(code, context).unwrap_or_else(|| "Check this field.".into()),
    }
}

/// The sentence of an error code, filled from its context; None for a code it does not know.
fn code_message(code: &str, context: &Map<String, Value>) -> Option<String> {
    Some(match code {
        // The API's table (API.md).
        "not_authorized" => "Your session ended. Log in again.".into(),
        "access_denied" => {
            "Your role in this organization does not allow this. Ask a legal representative or an administrator.".into()
        }
        "object_not_found" => "This does not exist, or is not yours to see. Reload the page.".into(),
        "method_not_found" => "The console asked the server for something it does not know. Reload the page.".into(),
        "validation_failed" => "Some fields need fixing: see the messages next to them.".into(),
        "object_already_exists" => match context.get("email").and_then(Value::as_str) {
            Some(email) => {
                format!("{email} already has a pending invitation or is already a member of this organization.")
            }
            None => "This already exists. Reload the page to see it.".into(),
        },
        "too_many_requests" => "You went faster than the console allows. Wait a few seconds, then try again.".into(),
        "too_many_attempts_try_again_in_1_minute" => "Too many failed attempts. Wait a minute, then try again.".into(),
        "last_owner_cannot_be_removed" => {
            "An organization needs a legal representative: name another one first, then change or remove this one."
                .into()
        }
        "only_owner_can_manage_owners" => {
            "Only a legal representative can give that role, or change another legal representative.".into()
        }
        "cannot_change_own_role" => {
            "Nobody changes their own role or billing rights: ask another legal representative or administrator.".into()
        }
        "auto_renewal_too_close_to_expiry" => format!(
            "This product expires in {} days; automatic renewal needs at least {}. Renew it now instead.",
            number(context, "days_left"),
            number(context, "minimum_days")
        ),
        "payment_method_not_compatible" => {
            "This payment method cannot be used for this. Choose a card, or another method offered.".into()
        }
        "payment_method_currency_mismatch" => "The PostFinance card pays in CHF only. Choose another method.".into(),
        "top_up_amount_out_of_range" => {
            format!("A top-up is between {} and {}.", amount(context, "min"), amount(context, "max"))
        }
        "renewal_period_not_available" => {
            "This product cannot be paid for that period. Choose one of the periods offered.".into()
        }
        "otp_required" => "Enter the code from your authenticator app, or a backup code.".into(),
        "invalid_otp" => "This code is wrong, expired or already used. Enter the current code from your app.".into(),
        "cannot_be_partner_and_affiliate" => {
            "An organization cannot be partner and affiliate at once: leave the other program first.".into()
        }
        "partner_requirements_not_met" => {
            "The partner program's requirements are not met yet: see what is missing.".into()
        }
        // The rules' own codes.
        "invitation_not_pending" => {
            "This invitation was already accepted, cancelled, or it expired. Ask for a new one.".into()
        }
        "insufficient_prepaid_balance" => {
            "The prepaid balance is not enough. Top it up, or pay the rest with another method.".into()
        }
        "two_factor_state_conflict" => "Two-factor authentication changed meanwhile. Reload the page.".into(),
        "tour_move_not_allowed" => "The tutorial moved on meanwhile. Close it and show it again.".into(),
        "currency_mismatch" => "Amounts in EUR and CHF cannot be combined.".into(),
        "invalid_amount" => "Write the amount like 12.50.".into(),
        "order_not_payable" => "This order cannot be paid any more. Reload the orders.".into(),
        "product_not_active" => "This product is blocked or terminated: renew it first.".into(),
        // OAuth answers of the log-in.
        "invalid_grant" => "The email or the password is wrong.".into(),
        "invalid_request" | "unsupported_grant_type" => {
            "The log-in did not work. Reload the page, then try again.".into()
        }
        _ => return None,
    })
}

/// Whole numbers only: `Value`'s own `Display` would bring serde_json's whole writer (and
/// float formatting) into the WASM for a few digits.
fn integer(context: &Map<String, Value>, key: &str) -> Option<i64> {
    context.get(key).and_then(Value::as_i64)
}

fn number(context: &Map<String, Value>, key: &str) -> String {
    integer(context, key).map(|n| n.to_string()).unwrap_or_else(|| "?".into())
}

/// A money context value (`{"amount": "0.10", "currency": "CHF"}`) as people read it.
fn amount(context: &Map<String, Value>, key: &str) -> String {
    let money = context.get(key);
    match (money.and_then(|m| m["amount"].as_str()), money.and_then(|m| m["currency"].as_str())) {
        (Some(amount), Some(currency)) => format!("{amount} {currency}"),
        _ => "?".into(),
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
    const CODES: [&str; 29] = [
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
        "cannot_be_partner_and_affiliate",
        "partner_requirements_not_met",
        "invitation_not_pending",
        "insufficient_prepaid_balance",
        "two_factor_state_conflict",
        "tour_move_not_allowed",
        "currency_mismatch",
        "invalid_amount",
        "order_not_payable",
        "product_not_active",
        "invalid_grant",
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
            "A top-up is between 0.10 CHF and 9999.00 CHF."
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
