//! Two-factor authentication over real HTTP: enrolment, log-in with a second factor, backup
//! codes, turning off. Codes are computed with the domain's TOTP, as an authenticator app does.

mod common;

use common::{TestServer, PASSWORD};
use std::time::{SystemTime, UNIX_EPOCH};

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

fn code(secret: &str, at: u64) -> String {
    domain::twofa::code_at(secret, at).unwrap()
}

#[tokio::test]
async fn r_2fa_4_r_2fa_3_enrolment_needs_a_code_from_the_app_then_gives_ten_backup_codes() {
    // R-2FA-4, R-2FA-3
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let enrolment = ana.start_two_factor().await.unwrap();
    assert!(enrolment.otpauth_uri.starts_with("otpauth://totp/Console:ana%40example.ch?"), "{}", enrolment.otpauth_uri);
    assert!(enrolment.qr_svg.contains("<svg"), "an SVG QR code");
    assert!(!ana.profile().await.unwrap().double_auth, "not on before a code is checked");

    let wrong = ana.confirm_two_factor("000000").await.unwrap_err();
    assert_eq!(wrong.code(), Some("invalid_otp"));
    let codes = ana.confirm_two_factor(&code(&enrolment.secret, now())).await.unwrap().backup_codes;
    assert_eq!(codes.len(), 10);
    let profile = ana.profile().await.unwrap();
    assert_eq!((profile.double_auth, profile.otp, profile.remaining_rescue_code), (true, true, 10));
    assert_eq!(ana.start_two_factor().await.unwrap_err().code(), Some("two_factor_state_conflict"));
}

#[tokio::test]
async fn r_2fa_4_any_valid_email_enrols_and_logs_in_with_its_code() {
    // R-2FA-4: the `otpauth://` label is escaped, so a `:` in the email is no separator.
    let server = TestServer::start().await;
    for email in ["\"a:b\"@example.ch", "zoë+2fa@example.ch"] {
        let client = server.signed_in(email).await;
        let enrolment = client.start_two_factor().await.unwrap_or_else(|e| panic!("{email}: {e:?}"));
        let read = totp_rs::TOTP::from_url_unchecked(&enrolment.otpauth_uri).unwrap();
        assert_eq!(read.account_name, email);
        client.confirm_two_factor(&code(&enrolment.secret, now())).await.unwrap();
        let next = code(&enrolment.secret, now() + 30);
        assert!(server.client().log_in(email, PASSWORD, Some(&next)).await.is_ok(), "{email}");
    }
}

#[tokio::test]
async fn r_2fa_1_r_2fa_5_with_2fa_on_a_log_in_needs_a_code_used_only_once() {
    // R-2FA-1, R-2FA-5
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let secret = ana.start_two_factor().await.unwrap().secret;
    ana.confirm_two_factor(&code(&secret, now())).await.unwrap();

    let error = server.client().log_in("ana@example.ch", PASSWORD, None).await.unwrap_err();
    let api::ClientError::OAuth { status, error } = error else { panic!("{error:?}") };
    assert_eq!((status, error.error.as_str()), (401, "otp_required"));
    // Ana's session is a device that can approve a push (R-2FA-2).
    assert_eq!(error.methods, Some(vec!["totp".to_string(), "backup_code".to_string(), "push".to_string()]));
    assert!(error.push_challenge_id.is_some());

    // The next step's code is within the drift window; the same code twice is refused.
    let next = code(&secret, now() + 30);
    assert!(server.client().log_in("ana@example.ch", PASSWORD, Some(&next)).await.is_ok());
    let again = server.client().log_in("ana@example.ch", PASSWORD, Some(&next)).await.unwrap_err();
    assert_eq!(again.code(), Some("invalid_otp"));
    let wrong_password = server.client().log_in("ana@example.ch", "wrong password", Some(&next)).await.unwrap_err();
    assert_eq!(wrong_password.code(), Some("invalid_grant"), "the password is checked first");
}

#[tokio::test]
async fn r_2fa_3_r_2fa_6_backup_codes_work_once_and_changes_need_a_fresh_factor() {
    // R-2FA-3, R-2FA-6
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let secret = ana.start_two_factor().await.unwrap().secret;
    let codes = ana.confirm_two_factor(&code(&secret, now())).await.unwrap().backup_codes;

    let typed = codes[0].to_uppercase().replace('-', " ");
    assert!(server.client().log_in("ana@example.ch", PASSWORD, Some(&typed)).await.is_ok());
    assert_eq!(
        server.client().log_in("ana@example.ch", PASSWORD, Some(&codes[0])).await.unwrap_err().code(),
        Some("invalid_otp")
    );
    assert_eq!(ana.profile().await.unwrap().remaining_rescue_code, 9);

    // Regenerating needs a fresh factor and voids the old set.
    assert_eq!(ana.regenerate_backup_codes("nonsense").await.unwrap_err().code(), Some("invalid_otp"));
    let fresh = ana.regenerate_backup_codes(&codes[1]).await.unwrap().backup_codes;
    assert_eq!(fresh.len(), 10);
    assert_eq!(
        server.client().log_in("ana@example.ch", PASSWORD, Some(&codes[2])).await.unwrap_err().code(),
        Some("invalid_otp")
    );

    // Turning off needs a fresh factor too; then the password is enough again.
    assert_eq!(ana.turn_off_two_factor(&codes[3]).await.unwrap_err().code(), Some("invalid_otp"));
    assert!(ana.turn_off_two_factor(&fresh[0]).await.unwrap());
    assert!(!ana.profile().await.unwrap().double_auth);
    assert!(server.client().log_in("ana@example.ch", PASSWORD, None).await.is_ok());
    // With 2FA off there is nothing to turn off or regenerate, whatever code comes with it.
    assert_eq!(ana.turn_off_two_factor(&fresh[1]).await.unwrap_err().code(), Some("two_factor_state_conflict"));
    assert_eq!(ana.regenerate_backup_codes(&fresh[1]).await.unwrap_err().code(), Some("two_factor_state_conflict"));
}

#[tokio::test]
async fn r_2fa_7_five_wrong_codes_lock_the_log_in() {
    // R-2FA-7
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.ch").await;
    let secret = ana.start_two_factor().await.unwrap().secret;
    ana.confirm_two_factor(&code(&secret, now())).await.unwrap();
    for _ in 0..5 {
        let error = server.client().log_in("ana@example.ch", PASSWORD, Some("111111")).await.unwrap_err();
        assert_eq!(error.code(), Some("invalid_otp"));
    }
    let locked =
        server.client().log_in("ana@example.ch", PASSWORD, Some(&code(&secret, now() + 30))).await.unwrap_err();
    assert_eq!(locked.code(), Some("too_many_attempts_try_again_in_1_minute"));
}

/// A log-in's second factor approved on a device already signed in (R-2FA-2): the waiting
/// log-in asks again with its challenge's key and gets in once; a refusal keeps it out; a
/// device signed in after the challenge cannot answer it; without any device signed in, push
/// is not offered.
#[tokio::test]
async fn r_2fa_2_a_log_in_approved_on_a_signed_in_device_gets_in_once() {
    // R-2FA-2
    let server = TestServer::start().await;
    let phone = server.signed_in("ana@example.ch").await;
    let secret = phone.start_two_factor().await.unwrap().secret;
    phone.confirm_two_factor(&code(&secret, now())).await.unwrap();
    // The phone was signed in before the log-in begins (times are whole seconds).
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let laptop = server.client().with_client_id("console");
    let waiting_log_in = || async {
        let error = laptop.log_in("ana@example.ch", PASSWORD, None).await.unwrap_err();
        let api::ClientError::OAuth { error, .. } = error else { panic!("{error:?}") };
        assert!(error.methods.unwrap_or_default().contains(&"push".to_string()));
        error.push_challenge_id.expect("a challenge")
    };
    let key = waiting_log_in().await;

    // Not answered yet: the log-in waits (OAuth's authorization_pending), no failure counted.
    for _ in 0..6 {
        let pending = laptop.log_in_approved("ana@example.ch", PASSWORD, &key).await.unwrap_err();
        assert_eq!(pending.code(), Some("authorization_pending"));
    }
    let listed = phone.waiting_log_ins().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].client, "console");
    assert_eq!(listed[0].expires_at - listed[0].created_at, domain::twofa::push::PUSH_SECONDS);

    // A device signed in after the log-in began cannot answer it; a personal token neither.
    let later = server.client().log_in("ana@example.ch", PASSWORD, Some(&code(&secret, now() + 30))).await.unwrap();
    let later = server.client().with_token(Some(later.access_token));
    let refused = later.answer_log_in(listed[0].id, true).await.unwrap_err();
    assert_eq!(refused.code(), Some("access_denied"));
    assert!(later.waiting_log_ins().await.unwrap().is_empty(), "not listed to it either");

    // Approved: in once; the key does not work twice, and the list is empty.
    assert!(phone.answer_log_in(listed[0].id, true).await.unwrap());
    let answered_again = phone.answer_log_in(listed[0].id, false).await.unwrap_err();
    assert_eq!(answered_again.code(), Some("push_already_answered"));
    let token = laptop.log_in_approved("ana@example.ch", PASSWORD, &key).await.unwrap();
    assert!(server.client().with_token(Some(token.access_token)).profile().await.is_ok());
    assert_eq!(
        laptop.log_in_approved("ana@example.ch", PASSWORD, &key).await.unwrap_err().code(),
        Some("invalid_grant")
    );
    assert!(phone.waiting_log_ins().await.unwrap().is_empty());
    // The key is no password: with a wrong one, the password fails first.
    let wrong = laptop.log_in_approved("ana@example.ch", "wrong password", &key).await.unwrap_err();
    assert_eq!(wrong.code(), Some("invalid_grant"));

    // Refused: kept out.
    let key = waiting_log_in().await;
    let id = phone.waiting_log_ins().await.unwrap()[0].id;
    assert!(phone.answer_log_in(id, false).await.unwrap());
    assert_eq!(
        laptop.log_in_approved("ana@example.ch", PASSWORD, &key).await.unwrap_err().code(),
        Some("access_denied")
    );

    // Another user's waiting log-in is not found.
    let bea = server.signed_in("bea@example.ch").await;
    let key = waiting_log_in().await;
    let id = phone.waiting_log_ins().await.unwrap()[0].id;
    assert_eq!(bea.answer_log_in(id, true).await.unwrap_err().code(), Some("object_not_found"));
    let _ = key;
}
