//! Getting back into an account (R-REC-*) and the two passwords (R-ID-*).
//!
//! Sending the messages is the server's (through its outbox); here are the decisions: which
//! channel, what a temporary login looks like, when unifying passwords is offered.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// R-REC-1: a password reset link works this long after it was sent (our choice), and once.
pub const RESET_LINK_MINUTES: i64 = 60;

/// R-REC-1: whether a reset link sent at `sent_at` may still set a password at `now`.
pub fn reset_link_usable(
    sent_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), RecoveryError> {
    if used_at.is_some() || now >= sent_at + Duration::minutes(RESET_LINK_MINUTES) {
        Err(RecoveryError::ResetLinkNotValid { minutes: RESET_LINK_MINUTES })
    } else {
        Ok(())
    }
}

/// R-REC-1: how a forgotten password is reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordReset {
    /// A link to the login email.
    LinkToLoginEmail,
    /// No recovery option is left: identity verification (kCheck).
    IdentityVerification,
}

/// R-REC-1: a link when the login email can still receive it, else identity verification.
pub fn password_reset(login_email_reachable: bool) -> PasswordReset {
    if login_email_reachable {
        PasswordReset::LinkToLoginEmail
    } else {
        PasswordReset::IdentityVerification
    }
}

/// R-REC-2: where a forgotten login is sent, as the person chooses among what the account has.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Sms,
    RecoveryEmail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum RecoveryError {
    #[error("this account has no such recovery channel")]
    ChannelNotAvailable { channel: Channel },
    /// R-REC-3 with no mobile and no secondary email: only identity verification is left
    /// (R-REC-1, R-KC-1).
    #[error("this account has neither a mobile number nor a secondary email: verify your identity instead")]
    NoRecoveryChannel,
    /// R-REC-1: used already, or older than its `minutes`.
    #[error("this link was used already or is too old: ask for a new one")]
    ResetLinkNotValid { minutes: i64 },
    /// R-REC-3: the account is in recovery; a new login email comes before anything else.
    #[error("the mailbox of your login was deleted: choose a new login email first")]
    LoginEmailRequired,
    /// R-ID-2: unifying is not offered; each condition, met or not.
    #[error("the two passwords can be unified only when the login is this mailbox, this account alone uses it in webmail, and may change its password")]
    UnificationNotOffered { login_is_mailbox: bool, only_user: bool, may_change_password: bool },
}

impl RecoveryError {
    pub fn code(&self) -> &'static str {
        match self {
            RecoveryError::ChannelNotAvailable { .. } => "recovery_channel_not_available",
            RecoveryError::NoRecoveryChannel => "identity_verification_required",
            RecoveryError::ResetLinkNotValid { .. } => "password_reset_link_not_valid",
            RecoveryError::LoginEmailRequired => "login_email_required",
            RecoveryError::UnificationNotOffered { .. } => "password_unification_not_offered",
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            RecoveryError::ResetLinkNotValid { .. } => 410,
            RecoveryError::LoginEmailRequired => 403,
            _ => 422,
        }
    }
}

/// R-REC-2: the account was found from its mobile number; the login goes to the chosen
/// channel if the account has it.
pub fn forgotten_login_channel(
    chosen: Channel,
    has_mobile: bool,
    has_recovery_email: bool,
) -> Result<Channel, RecoveryError> {
    let available = match chosen {
        Channel::Sms => has_mobile,
        Channel::RecoveryEmail => has_recovery_email,
    };
    if available {
        Ok(chosen)
    } else {
        Err(RecoveryError::ChannelNotAvailable { channel: chosen })
    }
}

/// R-REC-3: the temporary login name after a hosted login mailbox is deleted: the person's
/// initials (lower case, ASCII letters only) and the digits given by the caller (random).
pub fn temporary_login(first_name: &str, last_name: &str, digits: u32) -> String {
    let initial = |name: &str| name.chars().find(|c| c.is_ascii_alphabetic()).map(|c| c.to_ascii_lowercase());
    let initials: String = [initial(first_name), initial(last_name)].into_iter().flatten().collect();
    let initials = if initials.is_empty() { "u".to_string() } else { initials };
    format!("{initials}{:06}", digits % 1_000_000)
}

/// R-REC-3: where the temporary login goes: by SMS to the account's mobile and to its
/// secondary email, each that the account has; with neither, only identity verification is left.
pub fn temporary_login_channels(has_mobile: bool, has_secondary_email: bool) -> Result<Vec<Channel>, RecoveryError> {
    let channels: Vec<Channel> = [(Channel::Sms, has_mobile), (Channel::RecoveryEmail, has_secondary_email)]
        .into_iter()
        .filter_map(|(channel, available)| available.then_some(channel))
        .collect();
    if channels.is_empty() {
        Err(RecoveryError::NoRecoveryChannel)
    } else {
        Ok(channels)
    }
}

/// R-REC-3: an account in recovery must set a new login email before anything else.
pub fn must_choose_new_login_email(in_recovery: bool) -> bool {
    in_recovery
}

/// R-REC-3: whether a login is a mailbox of the mail service named `mail_domain` (a Mail
/// Service is named after its domain), compared without case.
pub fn login_hosted_by(login_email: &str, mail_domain: &str) -> bool {
    login_email.rsplit_once('@').is_some_and(|(_, domain)| domain.eq_ignore_ascii_case(mail_domain.trim()))
}

/// R-REC-3: what an account in recovery may do before it has a new login email: read (the
/// console must open to say why), set the new login email (`PATCH` of the profile), and log
/// out. `path` is without `/api`, with or without its version.
pub fn may_act(in_recovery: bool, method: &str, path: &str) -> Result<(), RecoveryError> {
    let path = path.trim_end_matches('/');
    let allowed = !must_choose_new_login_email(in_recovery)
        || method.eq_ignore_ascii_case("GET")
        || (method.eq_ignore_ascii_case("PATCH") && (path == "/profile" || path.ends_with("/2/profile")))
        || (method.eq_ignore_ascii_case("DELETE") && path == "/token");
    if allowed {
        Ok(())
    } else {
        Err(RecoveryError::LoginEmailRequired)
    }
}

/// What R-ID-2 looks at to offer unifying the login password and a mailbox's password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxLink {
    pub login_email: String,
    pub mailbox_address: String,
    /// How many accounts use this mailbox in the mail web app.
    pub accounts_using_mailbox: u32,
    pub may_change_mailbox_password: bool,
}

/// R-ID-2: unifying is offered only when the login is that mailbox, this account alone uses it
/// in webmail, and may change its password.
pub fn may_unify_passwords(link: &MailboxLink) -> bool {
    unification(link).is_ok()
}

/// R-ID-2, with the reason when it is not offered: each condition, met or not.
pub fn unification(link: &MailboxLink) -> Result<(), RecoveryError> {
    let login_is_mailbox = link.login_email.eq_ignore_ascii_case(&link.mailbox_address);
    let only_user = link.accounts_using_mailbox == 1;
    let may_change_password = link.may_change_mailbox_password;
    if login_is_mailbox && only_user && may_change_password {
        Ok(())
    } else {
        Err(RecoveryError::UnificationNotOffered { login_is_mailbox, only_user, may_change_password })
    }
}

/// R-ID-1: which passwords a password change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub login: bool,
    pub mailbox: bool,
}

/// R-ID-1: changing one password changes the other only when they were unified.
pub fn password_change(changing_login: bool, unified: bool) -> PasswordChange {
    if unified {
        PasswordChange { login: true, mailbox: true }
    } else {
        PasswordChange { login: changing_login, mailbox: !changing_login }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_rec_1_a_reset_link_works_once_and_for_an_hour() {
        // R-REC-1
        let sent = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 26, 9, 0, 0).unwrap();
        let just_before = sent + Duration::minutes(RESET_LINK_MINUTES) - Duration::seconds(1);
        assert_eq!(reset_link_usable(sent, None, just_before), Ok(()));
        let refused = Err(RecoveryError::ResetLinkNotValid { minutes: 60 });
        assert_eq!(reset_link_usable(sent, None, just_before + Duration::seconds(1)), refused);
        assert_eq!(reset_link_usable(sent, Some(sent), sent + Duration::minutes(1)), refused);
        assert_eq!(refused.unwrap_err().http_status(), 410);
    }

    #[test]
    fn r_rec_1_a_reset_link_goes_to_the_login_email_or_identity_is_verified() {
        // R-REC-1
        assert_eq!(password_reset(true), PasswordReset::LinkToLoginEmail);
        assert_eq!(password_reset(false), PasswordReset::IdentityVerification);
    }

    #[test]
    fn r_rec_2_the_login_goes_to_a_channel_the_account_has() {
        // R-REC-2
        assert_eq!(forgotten_login_channel(Channel::Sms, true, false), Ok(Channel::Sms));
        assert_eq!(forgotten_login_channel(Channel::RecoveryEmail, true, true), Ok(Channel::RecoveryEmail));
        assert_eq!(
            forgotten_login_channel(Channel::RecoveryEmail, true, false),
            Err(RecoveryError::ChannelNotAvailable { channel: Channel::RecoveryEmail })
        );
        assert_eq!(forgotten_login_channel(Channel::RecoveryEmail, false, true), Ok(Channel::RecoveryEmail));
        let error = forgotten_login_channel(Channel::Sms, false, true).unwrap_err();
        assert_eq!((error.code(), error.http_status()), ("recovery_channel_not_available", 422));
    }

    #[test]
    fn r_rec_3_a_temporary_login_is_initials_and_digits() {
        // R-REC-3
        assert_eq!(temporary_login("Élise", "Dupont", 4217), "ld004217", "non-ASCII letters are skipped");
        assert_eq!(temporary_login("Ana", "Muster", 123_456), "am123456");
        assert_eq!(temporary_login("ana", "muster", 999_999), "am999999");
        assert_eq!(temporary_login("Ana", "Muster", 1_000_000), "am000000", "six digits, always");
        assert_eq!(temporary_login("Ana", "Muster", 1_000_001), "am000001");
        assert_eq!(temporary_login("Ana", "", 12), "a000012");
        assert_eq!(temporary_login("", "", 7), "u000007");
        assert!(must_choose_new_login_email(true));
        assert!(!must_choose_new_login_email(false));
    }

    #[test]
    fn r_rec_3_the_temporary_login_goes_by_sms_and_to_the_secondary_email() {
        // R-REC-3
        assert_eq!(temporary_login_channels(true, true), Ok(vec![Channel::Sms, Channel::RecoveryEmail]));
        assert_eq!(temporary_login_channels(true, false), Ok(vec![Channel::Sms]));
        assert_eq!(temporary_login_channels(false, true), Ok(vec![Channel::RecoveryEmail]));
        let error = temporary_login_channels(false, false).unwrap_err();
        assert_eq!((error.code(), error.http_status()), ("identity_verification_required", 422));
        assert_eq!(password_reset(false), PasswordReset::IdentityVerification);
    }

    #[test]
    fn r_id_1_the_two_passwords_are_separate_unless_unified() {
        // R-ID-1
        assert_eq!(password_change(true, false), PasswordChange { login: true, mailbox: false });
        assert_eq!(password_change(false, false), PasswordChange { login: false, mailbox: true });
        assert_eq!(password_change(false, true), PasswordChange { login: true, mailbox: true });
    }

    #[test]
    fn r_id_2_unifying_needs_the_same_address_a_single_user_and_the_right() {
        // R-ID-2
        let link = MailboxLink {
            login_email: "ana@example.ch".into(),
            mailbox_address: "Ana@Example.ch".into(),
            accounts_using_mailbox: 1,
            may_change_mailbox_password: true,
        };
        assert!(may_unify_passwords(&link));
        assert!(!may_unify_passwords(&MailboxLink { mailbox_address: "info@example.ch".into(), ..link.clone() }));
        assert!(!may_unify_passwords(&MailboxLink { accounts_using_mailbox: 2, ..link.clone() }));
        assert!(!may_unify_passwords(&MailboxLink { may_change_mailbox_password: false, ..link }));
    }

    #[test]
    fn r_rec_3_an_account_in_recovery_may_only_read_set_its_login_email_and_log_out() {
        // R-REC-3
        assert!(login_hosted_by("Anna789@Assoziation.ch", "assoziation.ch"));
        assert!(!login_hosted_by("anna@other.ch", "assoziation.ch"));
        assert!(!login_hosted_by("anna@sub.assoziation.ch", "assoziation.ch"), "another domain");
        for (method, path) in
            [("GET", "/1/accounts"), ("PATCH", "/2/profile"), ("PATCH", "/profile"), ("DELETE", "/token")]
        {
            assert_eq!(may_act(true, method, path), Ok(()), "{method} {path}");
        }
        for (method, path) in [("POST", "/1/accounts"), ("PATCH", "/1/accounts/1"), ("DELETE", "/2/profile/sessions/3")]
        {
            assert_eq!(may_act(true, method, path), Err(RecoveryError::LoginEmailRequired), "{method} {path}");
            assert_eq!(may_act(false, method, path), Ok(()), "not in recovery");
        }
        let error = RecoveryError::LoginEmailRequired;
        assert_eq!((error.code(), error.http_status()), ("login_email_required", 403));
    }

    #[test]
    fn r_id_2_a_refused_unification_says_which_condition_is_missing() {
        // R-ID-2
        let link = MailboxLink {
            login_email: "anna@assoziation.ch".into(),
            mailbox_address: "Anna@Assoziation.ch".into(),
            accounts_using_mailbox: 2,
            may_change_mailbox_password: true,
        };
        let refused = unification(&link).unwrap_err();
        assert_eq!(
            refused,
            RecoveryError::UnificationNotOffered {
                login_is_mailbox: true,
                only_user: false,
                may_change_password: true
            }
        );
        assert_eq!((refused.code(), refused.http_status()), ("password_unification_not_offered", 422));
        assert_eq!(unification(&MailboxLink { accounts_using_mailbox: 1, ..link }), Ok(()));
    }
}
