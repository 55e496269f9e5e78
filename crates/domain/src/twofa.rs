//! Two-factor authentication (R-2FA-1..6): TOTP codes (RFC 6238, through `totp-rs`), backup
//! codes, enrolment, and what logging in needs. Throttling (R-2FA-7) is in [`crate::login`].
//!
//! Secrets and codes come from a caller's RNG; backup codes are stored hashed by the server
//! (argon2id), so issuing and redeeming take the hash and its check as functions and this
//! crate never hashes.
//!
//! `totp-rs` builds for `wasm32-unknown-unknown` as used here: without its `gen_secret`
//! feature it pulls no `getrandom`, only `hmac`, `sha1`, `sha2`, `base32` and (for the URI)
//! `url`; so the app and the server compute the same codes from the same crate.

use chrono::{DateTime, Utc};
use rand::Rng;
use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm, Secret, TOTP};

pub mod push;

/// R-2FA-2: 6 digits, 30-second steps, SHA-1: what every authenticator app does.
pub const DIGITS: usize = 6;
pub const STEP_SECONDS: u64 = 30;
/// R-2FA-5: steps of clock drift accepted either way.
pub const DRIFT_STEPS: i64 = 1;
/// R-2FA-3: backup codes in a set.
pub const BACKUP_CODES: usize = 10;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Console";
/// 160-bit secrets, as RFC 4226 recommends for SHA-1.
pub const SECRET_BYTES: usize = 20;

/// R-2FA-2: the second factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecondFactor {
    Totp,
    BackupCode,
    Push,
}

impl SecondFactor {
    /// The wire name: `totp`, `backup_code`, `push`.
    pub fn as_str(self) -> &'static str {
        match self {
            SecondFactor::Totp => "totp",
            SecondFactor::BackupCode => "backup_code",
            SecondFactor::Push => "push",
        }
    }
}

pub const SECOND_FACTORS: [SecondFactor; 3] = [SecondFactor::Totp, SecondFactor::BackupCode, SecondFactor::Push];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum TwoFactorError {
    #[error("this code is wrong, expired or already used")]
    InvalidOtp,
    #[error("a code from your authenticator app or a backup code is needed")]
    OtpRequired { methods: Vec<SecondFactor> },
    #[error("two-factor authentication is not being set up")]
    NotEnrolling,
    #[error("two-factor authentication is already on")]
    AlreadyOn,
    #[error("two-factor authentication is off")]
    AlreadyOff,
    #[error("two-factor authentication is not on yet: confirm a code from the app first")]
    NotOn,
    #[error("confirm with a fresh code from your app or a backup code first")]
    FreshFactorRequired,
    #[error("this Organization requires two-factor authentication of its members: turn it on in Security first")]
    RequiredByOrganization,
}

impl TwoFactorError {
    pub fn code(&self) -> &'static str {
        match self {
            TwoFactorError::InvalidOtp => "invalid_otp",
            TwoFactorError::OtpRequired { .. } | TwoFactorError::FreshFactorRequired => "otp_required",
            TwoFactorError::NotEnrolling
            | TwoFactorError::AlreadyOn
            | TwoFactorError::AlreadyOff
            | TwoFactorError::NotOn => "two_factor_state_conflict",
            TwoFactorError::RequiredByOrganization => "two_factor_required",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            TwoFactorError::InvalidOtp | TwoFactorError::OtpRequired { .. } | TwoFactorError::FreshFactorRequired => {
                401
            }
            TwoFactorError::RequiredByOrganization => 403,
            _ => 409,
        }
    }
}

/// Whether a member may work in an Organization: one that requires two-factor authentication
/// (`has_2fa_required`) is reached only by members who have it on. The page sends the others
/// to Security; the server refuses them too, since a page alone is gone around with the API
/// (our choice). Seeing the Organization, turning 2FA on and leaving stay open to them.
pub fn may_work_in(organization_requires: bool, two_factor_on: bool) -> Result<(), TwoFactorError> {
    if organization_requires && !two_factor_on {
        Err(TwoFactorError::RequiredByOrganization)
    } else {
        Ok(())
    }
}

/// A new TOTP secret, base32 as apps and the otpauth URI take it.
pub fn new_secret(rng: &mut impl RngCore) -> String {
    let mut bytes = vec![0u8; SECRET_BYTES];
    rng.fill_bytes(&mut bytes);
    match Secret::Raw(bytes).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => unreachable!("to_encoded gives an encoded secret"),
    }
}

fn totp(secret_base32: &str, account: &str) -> Result<TOTP, TwoFactorError> {
    let bytes = Secret::Encoded(secret_base32.to_string()).to_bytes().map_err(|_| TwoFactorError::InvalidOtp)?;
    TOTP::new(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, bytes, Some(ISSUER.to_string()), account.to_string())
        .map_err(|_| TwoFactorError::InvalidOtp)
}

/// R-2FA-4: the `otpauth://` URI the QR code shows, for any valid email: the label
/// `Console:<email>` has the email percent-encoded, so a `:` in it (`"a:b"@example.ch`) is not
/// read as the label's separator, and `+`, `%` or non-ASCII letters survive the trip.
pub fn otpauth_uri(secret_base32: &str, account_email: &str) -> Result<String, TwoFactorError> {
    let checked = totp(secret_base32, "user")?;
    // totp-rs's checked constructor refuses a `:` in the account name, although its
    // `get_url` percent-encodes the name (`:` becomes `%3A`). The secret and the digits were
    // checked just above, so the unchecked constructor builds the same TOTP for any email.
    let labelled = TOTP::new_unchecked(
        Algorithm::SHA1,
        DIGITS,
        0,
        STEP_SECONDS,
        checked.secret,
        Some(ISSUER.to_string()),
        account_email.trim().to_string(),
    );
    Ok(labelled.get_url())
}

/// The code an app shows at `unix_seconds` (for tests and the demo).
pub fn code_at(secret_base32: &str, unix_seconds: u64) -> Result<String, TwoFactorError> {
    Ok(totp(secret_base32, "user")?.generate(unix_seconds))
}

/// R-2FA-5: checks a code at `now`, one step of drift either way, never a step already used.
/// `last_used_step` is what the previous success returned; the result is the step to store.
pub fn verify_code(
    secret_base32: &str,
    code: &str,
    now: DateTime<Utc>,
    last_used_step: Option<u64>,
) -> Result<u64, TwoFactorError> {
    // Anything but the six digits of an accepted step (letters, five digits, seven) differs
    // from every generated code, so the comparison alone refuses it.
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let totp = totp(secret_base32, "user")?;
    let now_step = now.timestamp().max(0) as u64 / STEP_SECONDS;
    (-DRIFT_STEPS..=DRIFT_STEPS)
        .filter_map(|drift| now_step.checked_add_signed(drift))
        .filter(|step| last_used_step.is_none_or(|used| *step > used))
        .find(|step| same_code(&totp.generate(step * STEP_SECONDS), &code))
        .ok_or(TwoFactorError::InvalidOtp)
}

/// Compares without stopping at the first difference, so timing tells nothing. Written out:
/// it is four lines, and totp-rs does not export its own.
fn same_code(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// Backup code alphabet: no 0/o, 1/l/i, so a code read aloud or copied by hand survives.
const BACKUP_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// R-2FA-3: a new set of 10 codes, `xxxx-xxxx`, shown once. Every letter is drawn uniformly
/// (rand's `gen_range`), so each of the 31 is equally likely.
pub fn new_backup_codes(rng: &mut impl RngCore) -> Vec<String> {
    (0..BACKUP_CODES)
        .map(|_| {
            let letters: String =
                (0..8).map(|_| BACKUP_ALPHABET[rng.gen_range(0..BACKUP_ALPHABET.len())] as char).collect();
            format!("{}-{}", &letters[..4], &letters[4..])
        })
        .collect()
}

/// What a person typed, as a backup code (`AB3D EF5H` → `ab3d-ef5h`), or None if it is not one.
pub fn normalize_backup_code(input: &str) -> Option<String> {
    let letters: String =
        input.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_lowercase()).collect();
    (letters.len() == 8 && letters.bytes().all(|b| BACKUP_ALPHABET.contains(&b)))
        .then(|| format!("{}-{}", &letters[..4], &letters[4..]))
}

/// One stored backup code: its hash and when it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBackupCode {
    pub hash: String,
    pub used_at: Option<DateTime<Utc>>,
}

/// R-2FA-3: redeems a backup code: each works once. `matches(hash, code)` is the server's
/// hash check. Returns the index of the code now used.
pub fn redeem_backup_code(
    codes: &mut [StoredBackupCode],
    input: &str,
    now: DateTime<Utc>,
    matches: impl Fn(&str, &str) -> bool,
) -> Result<usize, TwoFactorError> {
    let code = normalize_backup_code(input).ok_or(TwoFactorError::InvalidOtp)?;
    let index =
        codes.iter().position(|c| c.used_at.is_none() && matches(&c.hash, &code)).ok_or(TwoFactorError::InvalidOtp)?;
    codes[index].used_at = Some(now);
    Ok(index)
}

/// A set of backup codes just made: `shown` goes to the person once, `stored` to the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedBackupCodes {
    pub shown: Vec<String>,
    pub stored: Vec<StoredBackupCode>,
}

/// R-2FA-3: a new set of 10 codes, each hashed by `hash` (the server's argon2id) for storage.
pub fn issue_backup_codes(rng: &mut impl RngCore, mut hash: impl FnMut(&str) -> String) -> IssuedBackupCodes {
    let shown = new_backup_codes(rng);
    let stored = shown.iter().map(|code| StoredBackupCode { hash: hash(code), used_at: None }).collect();
    IssuedBackupCodes { shown, stored }
}

/// R-2FA-3, R-2FA-6: regenerating needs 2FA on and a fresh second factor (`fresh`, what
/// [`check_otp`] accepted just before), and the new set replaces the old one whole: the
/// server stores `stored` in place of every old code, used or not.
pub fn regenerate_backup_codes(
    state: &TwoFactor,
    fresh: Option<OtpAccepted>,
    rng: &mut impl RngCore,
    hash: impl FnMut(&str) -> String,
) -> Result<IssuedBackupCodes, TwoFactorError> {
    may_change_second_factors(state, fresh)?;
    Ok(issue_backup_codes(rng, hash))
}

/// Codes left (the profile's `remaining_rescue_code`).
pub fn remaining_backup_codes(codes: &[StoredBackupCode]) -> usize {
    codes.iter().filter(|c| c.used_at.is_none()).count()
}

/// Where a user's 2FA stands. It holds the TOTP secret, so it never leaves the server whole:
/// it serializes to its state alone (`{"state": "on"}`) and its `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub enum TwoFactor {
    Off,
    /// R-2FA-4: a secret was shown; it is on only once a code from the app is checked.
    Enrolling {
        secret: String,
    },
    On {
        secret: String,
        last_used_step: Option<u64>,
    },
}

impl TwoFactor {
    pub fn is_on(&self) -> bool {
        matches!(self, TwoFactor::On { .. })
    }

    /// `off`, `enrolling` or `on`.
    pub fn state_name(&self) -> &'static str {
        match self {
            TwoFactor::Off => "off",
            TwoFactor::Enrolling { .. } => "enrolling",
            TwoFactor::On { .. } => "on",
        }
    }

    /// R-2FA-4: starts (or restarts) enrolment with a new secret.
    pub fn start_enrolment(&self, secret: String) -> Result<TwoFactor, TwoFactorError> {
        match self {
            TwoFactor::On { .. } => Err(TwoFactorError::AlreadyOn),
            _ => Ok(TwoFactor::Enrolling { secret }),
        }
    }

    /// R-2FA-4: the first good code turns 2FA on (the server then shows the backup codes).
    pub fn confirm_enrolment(&self, code: &str, now: DateTime<Utc>) -> Result<TwoFactor, TwoFactorError> {
        match self {
            TwoFactor::Enrolling { secret } => {
                let step = verify_code(secret, code, now, None)?;
                Ok(TwoFactor::On { secret: secret.clone(), last_used_step: Some(step) })
            }
            TwoFactor::On { .. } => Err(TwoFactorError::AlreadyOn),
            TwoFactor::Off => Err(TwoFactorError::NotEnrolling),
        }
    }

    /// R-2FA-5: checks an app code for a user with 2FA on; the new state remembers its step,
    /// so the same code (or an older one) is refused from then on.
    pub fn verify(&self, code: &str, now: DateTime<Utc>) -> Result<TwoFactor, TwoFactorError> {
        match self {
            TwoFactor::On { secret, last_used_step } => {
                let step = verify_code(secret, code, now, *last_used_step)?;
                Ok(TwoFactor::On { secret: secret.clone(), last_used_step: Some(step) })
            }
            TwoFactor::Enrolling { .. } => Err(TwoFactorError::NotOn),
            TwoFactor::Off => Err(TwoFactorError::AlreadyOff),
        }
    }

    /// R-2FA-6: turning off needs a fresh second factor: `fresh` is what [`check_otp`]
    /// accepted just before, None when none was given.
    pub fn turn_off(&self, fresh: Option<OtpAccepted>) -> Result<TwoFactor, TwoFactorError> {
        may_change_second_factors(self, fresh)?;
        Ok(TwoFactor::Off)
    }

    /// R-KC-1: turning off after an identity verification accepted, which stands for the
    /// fresh second factor of a person who lost their app and their backup codes.
    pub fn turn_off_verified(&self) -> Result<TwoFactor, TwoFactorError> {
        match self {
            TwoFactor::Off => Err(TwoFactorError::AlreadyOff),
            _ => Ok(TwoFactor::Off),
        }
    }
}

impl std::fmt::Debug for TwoFactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TwoFactor::On { last_used_step, .. } => {
                f.debug_struct("On").field("secret", &"<hidden>").field("last_used_step", last_used_step).finish()
            }
            TwoFactor::Enrolling { .. } => f.debug_struct("Enrolling").field("secret", &"<hidden>").finish(),
            TwoFactor::Off => f.write_str("Off"),
        }
    }
}

impl Serialize for TwoFactor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("TwoFactor", 1)?;
        state.serialize_field("state", self.state_name())?;
        state.end()
    }
}

/// R-2FA-6: turning 2FA off, regenerating backup codes or removing a method needs 2FA on and a
/// fresh second factor: `fresh` is what [`check_otp`] accepted just before, None without one.
pub fn may_change_second_factors(state: &TwoFactor, fresh: Option<OtpAccepted>) -> Result<(), TwoFactorError> {
    match (state, fresh) {
        (TwoFactor::Off, _) => Err(TwoFactorError::AlreadyOff),
        (TwoFactor::Enrolling { .. }, _) => Err(TwoFactorError::NotOn),
        (TwoFactor::On { .. }, None) => Err(TwoFactorError::FreshFactorRequired),
        (TwoFactor::On { .. }, Some(_)) => Ok(()),
    }
}

/// Which second factor a log-in's `otp` was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "factor")]
pub enum OtpAccepted {
    /// An app code, of this time step.
    Totp { step: u64 },
    /// The backup code at this index, now used.
    BackupCode { index: usize },
}

/// R-2FA-1, R-2FA-2: the token endpoint's `otp` takes an app code or a backup code. They
/// cannot be confused: an app code is 6 digits, a backup code 8 letters and digits. Returns
/// the new 2FA state (its last step moved on, R-2FA-5) and which factor it was; a backup
/// code is marked used in `backup_codes`.
pub fn check_otp(
    state: &TwoFactor,
    backup_codes: &mut [StoredBackupCode],
    input: &str,
    now: DateTime<Utc>,
    matches: impl Fn(&str, &str) -> bool,
) -> Result<(TwoFactor, OtpAccepted), TwoFactorError> {
    let (secret, last_used_step) = match state {
        TwoFactor::On { secret, last_used_step } => (secret, last_used_step),
        TwoFactor::Enrolling { .. } => return Err(TwoFactorError::NotOn),
        TwoFactor::Off => return Err(TwoFactorError::AlreadyOff),
    };
    let digits = input.chars().filter(|c| !c.is_whitespace()).count();
    if digits == DIGITS && input.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()) {
        let step = verify_code(secret, input, now, *last_used_step)?;
        Ok((TwoFactor::On { secret: secret.clone(), last_used_step: Some(step) }, OtpAccepted::Totp { step }))
    } else {
        let index = redeem_backup_code(backup_codes, input, now, matches)?;
        Ok((state.clone(), OtpAccepted::BackupCode { index }))
    }
}

/// R-2FA-1, R-2FA-2: what a log-in needs once the password is right. Without a second factor
/// checked, the answer lists the factors the person can use now: an app code and a backup
/// code always, an approval pushed to a device only when `devices_for_push` (sessions of
/// theirs that can answer one) is not zero.
pub fn after_password(
    state: &TwoFactor,
    second_factor_checked: bool,
    devices_for_push: usize,
) -> Result<(), TwoFactorError> {
    if !state.is_on() || second_factor_checked {
        return Ok(());
    }
    let methods = SECOND_FACTORS.into_iter().filter(|m| *m != SecondFactor::Push || devices_for_push > 0).collect();
    Err(TwoFactorError::OtpRequired { methods })
}

#[cfg(test)]
mod tests;
