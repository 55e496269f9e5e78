//! User accounts and Organizations (R-ACC-*), and the checks of the sign-up form.

use serde::{Deserialize, Serialize};

/// Passwords have at least this many characters (our choice, `API.md`).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// What kind of legal person an Organization is. Wire names as in the public API.
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
        [
            Self::Individual,
            Self::Company,
            Self::PublicBody,
            Self::Restrict,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
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
}

impl AccountError {
    /// The wire `code` of this error.
    pub fn code(&self) -> &'static str {
        match self {
            AccountError::PasswordTooShort { .. } => "password_too_short",
            AccountError::InvalidEmail => "invalid_email",
            AccountError::Required => "required",
        }
    }
}

/// Checks a new password (our choice: at least [`MIN_PASSWORD_CHARS`] characters, counted as
/// characters, not bytes, so "é" counts once).
pub fn validate_password(password: &str) -> Result<(), AccountError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(AccountError::PasswordTooShort {
            length,
            minimum: MIN_PASSWORD_CHARS,
        });
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

/// Checks a name field that must not be blank.
pub fn validate_required(value: &str) -> Result<(), AccountError> {
    if value.trim().is_empty() {
        Err(AccountError::Required)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_needs_ten_characters() {
        assert_eq!(
            validate_password("short"),
            Err(AccountError::PasswordTooShort {
                length: 5,
                minimum: 10
            })
        );
        assert_eq!(validate_password("0123456789"), Ok(()));
        // Characters, not bytes: nine accented letters are still too short.
        assert!(validate_password("ééééééééé").is_err());
    }

    #[test]
    fn r_acc_1_login_is_an_email_address() {
        // R-ACC-1
        assert_eq!(validate_email("ana@example.ch"), Ok(()));
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.ch",
            "ana@example",
            "a na@example.ch",
            "a@b@c.ch",
        ] {
            assert_eq!(
                validate_email(bad),
                Err(AccountError::InvalidEmail),
                "{bad}"
            );
        }
    }

    #[test]
    fn error_context_is_the_variant_fields() {
        let e = AccountError::PasswordTooShort {
            length: 3,
            minimum: 10,
        };
        assert_eq!(e.code(), "password_too_short");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"length": 3, "minimum": 10})
        );
    }
}
