//! User accounts and Organizations (R-ACC-*), and the checks of the sign-up form.

use serde::{Deserialize, Serialize};

/// Passwords have at least this many characters (our choice, `API.md`).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// What kind of legal person an Organization is. Wire names as in the public API.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalEntityType {
    Individual,
    Company,
    PublicBody,
    Restrict,
}

impl LegalEntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            LegalEntityType::Individual => "individual",
            LegalEntityType::Company => "company",
            LegalEntityType::PublicBody => "public_body",
            LegalEntityType::Restrict => "restrict",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Individual, Self::Company, Self::PublicBody, Self::Restrict].into_iter().find(|t| t.as_str() == s)
    }
}

/// Why a field of the account forms is refused. Serializes to the error's context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum AccountError {
    #[error("the password must have at least {minimum} characters, it has {length}")]
    PasswordTooShort { length: usize, minimum: usize },
    #[error("this is not a valid email address")]
    InvalidEmail,
    #[error("this field cannot be empty")]
    Required,
    #[error("this is not a mobile number in international form, such as +41 79 123 45 67")]
    InvalidPhone,
}

impl AccountError {
    /// The wire `code` of this error.
    pub fn code(&self) -> &'static str {
        match self {
            AccountError::PasswordTooShort { .. } => "password_too_short",
            AccountError::InvalidEmail => "invalid_email",
            AccountError::Required => "required",
            AccountError::InvalidPhone => "invalid_phone",
        }
    }

    /// Field errors travel inside `validation_failed`.
    pub fn http_status(&self) -> u16 {
        422
    }
}

/// Checks a new password (our choice: at least [`MIN_PASSWORD_CHARS`] characters, counted as
/// characters, not bytes, so "é" counts once).
pub fn validate_password(password: &str) -> Result<(), AccountError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(AccountError::PasswordTooShort { length, minimum: MIN_PASSWORD_CHARS });
    }
    Ok(())
}

/// Checks the shape of a login (R-ACC-1: the login is an email address). Deliberately simple:
/// one `@`, something before it, a dot in the domain, no spaces; the real check is the
/// confirmation mail.
pub fn validate_email(email: &str) -> Result<(), AccountError> {
    let email = email.trim();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(())
    } else {
        Err(AccountError::InvalidEmail)
    }
}

/// R-REC-2: a mobile number as the account keeps it and looks it up: `+` and 8 to 14 digits
/// (E.164, within the official `reminder_phone`'s 15 characters). Spaces, dots, dashes and
/// brackets are dropped; a leading `00` is the `+`.
pub fn normalize_phone(input: &str) -> Result<String, AccountError> {
    let kept: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')' | '/')).collect();
    let digits = match (kept.strip_prefix('+'), kept.strip_prefix("00")) {
        (Some(rest), _) | (None, Some(rest)) => rest,
        (None, None) => return Err(AccountError::InvalidPhone),
    };
    let valid =
        (8..=14).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) && !digits.starts_with('0');
    if valid {
        Ok(format!("+{digits}"))
    } else {
        Err(AccountError::InvalidPhone)
    }
}

/// Checks a name field that must not be blank.
pub fn validate_required(value: &str) -> Result<(), AccountError> {
    if value.trim().is_empty() {
        Err(AccountError::Required)
    } else {
        Ok(())
    }
}

/// R-ACC-2: the name of the Organization a sign-up creates: the company's when given (and
/// required for anything but an individual), else the person's.
pub fn organization_name(
    legal_entity_type: LegalEntityType,
    first_name: &str,
    last_name: &str,
    organization_name: Option<&str>,
) -> Result<String, AccountError> {
    match organization_name.map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) => Ok(name.to_string()),
        None if legal_entity_type == LegalEntityType::Individual => {
            Ok(format!("{} {}", first_name.trim(), last_name.trim()))
        }
        None => Err(AccountError::Required),
    }
}

/// R-ACC-3: an object of one Organization is seen only from that Organization. The caller
/// answers "not found" either way, so a foreign object's existence is not revealed.
pub fn visible_from(object_account_id: i64, current_account_id: i64) -> bool {
    object_account_id == current_account_id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_acc_2_the_organization_is_named_after_the_person_or_the_company() {
        // R-ACC-2
        assert_eq!(organization_name(LegalEntityType::Individual, " Ana ", "Muster", None), Ok("Ana Muster".into()));
        assert_eq!(
            organization_name(LegalEntityType::Individual, "Ana", "Muster", Some("  ")),
            Ok("Ana Muster".into())
        );
        assert_eq!(
            organization_name(LegalEntityType::Company, "Ana", "Muster", Some("Muster SA")),
            Ok("Muster SA".into())
        );
        assert_eq!(organization_name(LegalEntityType::Company, "Ana", "Muster", None), Err(AccountError::Required));
    }

    #[test]
    fn r_acc_3_nothing_of_one_organization_is_visible_from_another() {
        // R-ACC-3: one id apart either way is another Organization.
        assert!(visible_from(4, 4));
        assert!(!visible_from(4, 5));
        assert!(!visible_from(5, 4));
        assert!(!visible_from(4, 3));
    }

    proptest::proptest! {
        #[test]
        fn r_acc_3_an_object_is_visible_from_its_own_organization_only(object in 0i64..1000, current in 0i64..1000) {
            // R-ACC-3
            proptest::prop_assert_eq!(visible_from(object, current), object == current);
        }
    }

    #[test]
    fn password_needs_ten_characters() {
        assert_eq!(validate_password("short"), Err(AccountError::PasswordTooShort { length: 5, minimum: 10 }));
        assert_eq!(validate_password("0123456789"), Ok(()));
        // Characters, not bytes: nine accented letters are still too short.
        assert!(validate_password("ééééééééé").is_err());
    }

    #[test]
    fn r_acc_1_login_is_an_email_address() {
        // R-ACC-1
        assert_eq!(validate_email("ana@example.ch"), Ok(()));
        for bad in ["", "ana", "ana@", "@example.ch", "ana@example", "a na@example.ch", "a@b@c.ch"] {
            assert_eq!(validate_email(bad), Err(AccountError::InvalidEmail), "{bad}");
        }
    }

    #[test]
    fn legal_entity_types_have_their_wire_names() {
        let all = [
            (LegalEntityType::Individual, "individual"),
            (LegalEntityType::Company, "company"),
            (LegalEntityType::PublicBody, "public_body"),
            (LegalEntityType::Restrict, "restrict"),
        ];
        for (kind, name) in all {
            assert_eq!(kind.as_str(), name);
            assert_eq!(LegalEntityType::parse(name), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
        }
        assert_eq!(LegalEntityType::parse("Company"), None);
        assert_eq!(LegalEntityType::parse(""), None);
    }

    #[test]
    fn r_rec_2_a_mobile_number_is_kept_in_international_form() {
        for (typed, kept) in [
            ("+41 79 123 45 67", "+41791234567"),
            ("0041 79 123 45 67", "+41791234567"),
            ("+33 (6) 12-34-56-78", "+33612345678"),
            ("+4917612345678", "+4917612345678"),
        ] {
            assert_eq!(normalize_phone(typed), Ok(kept.to_string()), "{typed}");
        }
        for bad in ["", "079 123 45 67", "+41 79 abc", "+0 79 123 45 67", "+1234567", "+123456789012345"] {
            assert_eq!(normalize_phone(bad), Err(AccountError::InvalidPhone), "{bad}");
        }
        assert_eq!(AccountError::InvalidPhone.code(), "invalid_phone");
    }

    #[test]
    fn a_required_field_cannot_be_blank() {
        assert_eq!(validate_required("Ana"), Ok(()));
        for blank in ["", " ", "\t\n"] {
            assert_eq!(validate_required(blank), Err(AccountError::Required), "{blank:?}");
        }
        for error in [
            AccountError::Required,
            AccountError::InvalidEmail,
            AccountError::PasswordTooShort { length: 1, minimum: 10 },
        ] {
            assert_eq!(error.http_status(), 422, "field errors travel in validation_failed");
        }
        assert_eq!((AccountError::Required.code(), AccountError::InvalidEmail.code()), ("required", "invalid_email"));
    }

    #[test]
    fn error_context_is_the_variant_fields() {
        let e = AccountError::PasswordTooShort { length: 3, minimum: 10 };
        assert_eq!(e.code(), "password_too_short");
        assert_eq!(serde_json::to_value(&e).unwrap(), serde_json::json!({"length": 3, "minimum": 10}));
    }
}
