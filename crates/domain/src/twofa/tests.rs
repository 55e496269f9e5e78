use super::*;
use chrono::TimeZone;
use rand::rngs::SmallRng;
use rand::SeedableRng;

fn rng() -> SmallRng {
    SmallRng::seed_from_u64(7)
}

fn at(unix: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(unix, 0).unwrap()
}

/// RFC 6238 Appendix B: the test vectors, for SHA-1, SHA-256 and SHA-512, 8 digits.
#[test]
fn r_2fa_2_rfc_6238_test_vectors() {
    // R-2FA-2
    let seed20 = b"12345678901234567890".to_vec();
    let seed32 = b"12345678901234567890123456789012".to_vec();
    let seed64 = b"1234567890123456789012345678901234567890123456789012345678901234".to_vec();
    let vectors: [(u64, &str, &str, &str); 6] = [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ];
    for (time, sha1, sha256, sha512) in vectors {
        for (algorithm, seed, expected) in [
            (Algorithm::SHA1, &seed20, sha1),
            (Algorithm::SHA256, &seed32, sha256),
            (Algorithm::SHA512, &seed64, sha512),
        ] {
            let totp = TOTP::new_unchecked(algorithm, 8, 0, 30, seed.clone(), None, "rfc".into());
            assert_eq!(totp.generate(time), expected, "{algorithm:?} at {time}");
        }
    }
}

/// The SHA-1 seed of RFC 6238 Appendix B, `12345678901234567890`, in base32.
const RFC_SEED_BASE32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

#[test]
fn r_2fa_2_our_codes_are_6_digits_30_second_steps_and_sha_1() {
    // R-2FA-2: the low 6 digits of RFC 6238's SHA-1 vectors, through our own functions.
    // 8 digits, 60-second steps or SHA-256 would give other codes at these times.
    for (time, expected) in [
        (59u64, "287082"),
        (1_111_111_109, "081804"),
        (1_111_111_111, "050471"),
        (1_234_567_890, "005924"),
        (2_000_000_000, "279037"),
        (20_000_000_000, "353130"),
    ] {
        assert_eq!(code_at(RFC_SEED_BASE32, time).unwrap(), expected, "T = {time}");
        let step = time / 30;
        assert_eq!(verify_code(RFC_SEED_BASE32, expected, at(time as i64), None), Ok(step), "T = {time}");
    }
    // The step is 30 seconds: T = 59 and T = 30 share a step, T = 60 starts the next.
    assert_eq!(code_at(RFC_SEED_BASE32, 30).unwrap(), "287082");
    assert_ne!(code_at(RFC_SEED_BASE32, 60).unwrap(), "287082");
    assert_ne!(code_at(RFC_SEED_BASE32, 29).unwrap(), "287082");
    assert_eq!((DIGITS, STEP_SECONDS), (6, 30));
}

#[test]
fn r_2fa_2_the_second_factors_are_app_codes_push_and_backup_codes() {
    // R-2FA-2
    assert_eq!(serde_json::to_value(SECOND_FACTORS).unwrap(), serde_json::json!(["totp", "backup_code", "push"]));
    for factor in SECOND_FACTORS {
        assert_eq!(serde_json::to_value(factor).unwrap(), factor.as_str());
    }
}

#[test]
fn r_2fa_4_the_qr_code_holds_an_otpauth_uri_and_2fa_is_on_only_after_a_good_code() {
    // R-2FA-4
    let secret = new_secret(&mut rng());
    assert_eq!(secret.len(), 32, "160 bits in base32");
    let uri = otpauth_uri(&secret, "ana@example.ch").unwrap();
    assert!(uri.starts_with("otpauth://totp/Console:ana%40example.ch?secret="), "{uri}");
    assert!(uri.contains(&secret) && uri.contains("issuer=Console"), "{uri}");

    let enrolling = TwoFactor::Off.start_enrolment(secret.clone()).unwrap();
    assert!(!enrolling.is_on());
    let now = at(1_800_000_000);
    assert_eq!(enrolling.confirm_enrolment("000000", now).unwrap_err().code(), "invalid_otp");
    let on = enrolling.confirm_enrolment(&code_at(&secret, 1_800_000_000).unwrap(), now).unwrap();
    assert!(on.is_on());
    assert_eq!(TwoFactor::Off.confirm_enrolment("123456", now), Err(TwoFactorError::NotEnrolling));
    assert_eq!(on.start_enrolment(new_secret(&mut rng())), Err(TwoFactorError::AlreadyOn));
}

#[test]
fn r_2fa_4_any_valid_email_enrols() {
    // R-2FA-4: a `:` (the label's separator), `+`, `%` and non-ASCII letters.
    let secret = new_secret(&mut rng());
    for email in
        ["\"a:b\"@example.ch", "ana+2fa@example.ch", "100%ana@example.ch", "zoë.müller@exämple.ch", "ana@example.ch"]
    {
        assert_eq!(crate::account::validate_email(email), Ok(()), "{email}");
        let uri = otpauth_uri(&secret, email).unwrap_or_else(|e| panic!("{email}: {e}"));
        let label = uri.strip_prefix("otpauth://totp/Console:").and_then(|rest| rest.split_once('?')).unwrap().0;
        assert!(!label.contains([':', '+', '@', ' ']) && label.is_ascii(), "{email}: {label} is escaped");
        // What an authenticator app reads back: our issuer, the email as it is, the secret.
        let read = TOTP::from_url_unchecked(&uri).unwrap();
        assert_eq!(read.account_name, email);
        assert_eq!(read.issuer.as_deref(), Some(ISSUER));
        assert_eq!((read.digits, read.step, read.algorithm), (6, 30, Algorithm::SHA1));
        assert_eq!(read.get_secret_base32(), secret);
    }
    assert_eq!(
        otpauth_uri(&secret, "\"a:b\"@example.ch").unwrap(),
        format!("otpauth://totp/Console:%22a%3Ab%22%40example.ch?secret={secret}&issuer=Console")
    );
}

#[test]
fn a_serialized_two_factor_state_never_carries_its_secret() {
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string();
    let on = TwoFactor::On { secret: secret.clone(), last_used_step: Some(5) };
    assert_eq!(serde_json::to_value(&on).unwrap(), serde_json::json!({"state": "on"}));
    let enrolling = TwoFactor::Enrolling { secret: secret.clone() };
    assert_eq!(serde_json::to_value(&enrolling).unwrap(), serde_json::json!({"state": "enrolling"}));
    assert_eq!(serde_json::to_value(TwoFactor::Off).unwrap(), serde_json::json!({"state": "off"}));
    for state in [on, enrolling] {
        assert!(!format!("{state:?}").contains(&secret), "{state:?}");
    }
    assert_eq!(
        format!("{:?}", TwoFactor::On { secret: secret.clone(), last_used_step: Some(5) }),
        r#"On { secret: "<hidden>", last_used_step: Some(5) }"#
    );
    assert_eq!(format!("{:?}", TwoFactor::Enrolling { secret }), r#"Enrolling { secret: "<hidden>" }"#);
    assert_eq!(format!("{:?}", TwoFactor::Off), "Off");
}

#[test]
fn r_2fa_5_one_step_of_drift_either_way_and_never_twice() {
    // R-2FA-5
    let secret = new_secret(&mut rng());
    let now = 1_800_000_015i64; // 15 s into its step
    let code = |t: i64| code_at(&secret, t as u64).unwrap();
    let step = |t: i64| t as u64 / 30;
    assert_eq!(verify_code(&secret, &code(now), at(now), None), Ok(step(now)));
    assert_eq!(verify_code(&secret, &code(now - 30), at(now), None), Ok(step(now) - 1));
    assert_eq!(verify_code(&secret, &code(now + 30), at(now), None), Ok(step(now) + 1));
    assert_eq!(verify_code(&secret, &code(now - 60), at(now), None), Err(TwoFactorError::InvalidOtp));
    assert_eq!(verify_code(&secret, &code(now + 60), at(now), None), Err(TwoFactorError::InvalidOtp));
    // Replay: the same code, or an older one, is refused once a step was used.
    assert_eq!(verify_code(&secret, &code(now), at(now), Some(step(now))), Err(TwoFactorError::InvalidOtp));
    assert_eq!(verify_code(&secret, &code(now - 30), at(now), Some(step(now))), Err(TwoFactorError::InvalidOtp));
    assert_eq!(verify_code(&secret, &code(now + 30), at(now + 30), Some(step(now))), Ok(step(now) + 1));
    // Spaces are forgiven, letters are not.
    let spaced = format!("{} {}", &code(now)[..3], &code(now)[3..]);
    assert_eq!(verify_code(&secret, &spaced, at(now), None), Ok(step(now)));
    assert_eq!(verify_code(&secret, "12a456", at(now), None), Err(TwoFactorError::InvalidOtp));
}

#[test]
fn r_2fa_3_ten_backup_codes_each_working_once() {
    // R-2FA-3
    let codes = new_backup_codes(&mut rng());
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| normalize_backup_code(c).as_deref() == Some(c.as_str())), "{codes:?}");
    let unique: std::collections::BTreeSet<&String> = codes.iter().collect();
    assert_eq!(unique.len(), 10);

    // The "hash" here is the code itself: the domain is hash-agnostic.
    let mut stored: Vec<StoredBackupCode> =
        codes.iter().map(|c| StoredBackupCode { hash: c.clone(), used_at: None }).collect();
    let matches = |hash: &str, code: &str| hash == code;
    let now = at(1_800_000_000);
    let typed = codes[3].to_uppercase().replace('-', " ");
    assert_eq!(redeem_backup_code(&mut stored, &typed, now, matches), Ok(3));
    assert_eq!(redeem_backup_code(&mut stored, &codes[3], now, matches), Err(TwoFactorError::InvalidOtp), "only once");
    assert_eq!(remaining_backup_codes(&stored), 9);
    assert_eq!(redeem_backup_code(&mut stored, "not a code", now, matches), Err(TwoFactorError::InvalidOtp));
}

#[test]
fn r_2fa_3_every_letter_of_a_backup_code_is_equally_likely() {
    // R-2FA-3: 20,000 codes, 160,000 letters: each of the 31 letters within 5 % of its
    // share. A skewed draw (a letter 1/9 more likely than the others) falls outside.
    let mut rng = rng();
    let mut counts = std::collections::BTreeMap::new();
    for _ in 0..2_000 {
        for code in new_backup_codes(&mut rng) {
            for letter in code.chars().filter(|c| *c != '-') {
                *counts.entry(letter).or_insert(0u32) += 1;
            }
        }
    }
    assert_eq!(counts.len(), 31, "every letter of the alphabet appears: {counts:?}");
    let expected = 160_000.0 / 31.0;
    for (letter, count) in counts {
        let off = (f64::from(count) - expected).abs() / expected;
        assert!(off < 0.05, "{letter}: {count} against {expected:.0}");
    }
}

#[test]
fn r_2fa_3_only_eight_letters_of_the_alphabet_make_a_backup_code() {
    // R-2FA-3
    assert_eq!(normalize_backup_code("AB3D EF5H"), Some("ab3d-ef5h".into()));
    assert_eq!(normalize_backup_code("ab3d-ef5h"), Some("ab3d-ef5h".into()));
    for not_a_code in ["0000-0000", "ab3d-ef5", "ab3d-ef5hj", "abc", "", "ab3d-ef5l", "ab3d-ef51"] {
        assert_eq!(normalize_backup_code(not_a_code), None, "{not_a_code}");
    }
}

#[test]
fn r_2fa_1_a_backup_code_of_digits_typed_with_a_space_is_still_a_backup_code() {
    // R-2FA-1, R-2FA-3: eight digits are no app code (six), whatever the spacing.
    let on = TwoFactor::On { secret: RFC_SEED_BASE32.into(), last_used_step: None };
    let mut stored = vec![StoredBackupCode { hash: "2345-6789".into(), used_at: None }];
    let matches = |hash: &str, code: &str| hash == code;
    let accepted = check_otp(&on, &mut stored, "2345 6789", at(59), matches);
    assert_eq!(accepted, Ok((on.clone(), OtpAccepted::BackupCode { index: 0 })));
}

#[test]
fn r_2fa_3_each_of_the_ten_codes_works_exactly_once() {
    // R-2FA-3: one code more or less, or a code that works twice, and this fails.
    let codes = new_backup_codes(&mut rng());
    let mut stored: Vec<StoredBackupCode> =
        codes.iter().map(|c| StoredBackupCode { hash: c.clone(), used_at: None }).collect();
    let matches = |hash: &str, code: &str| hash == code;
    for (i, code) in codes.iter().enumerate().rev() {
        assert_eq!(remaining_backup_codes(&stored), i + 1);
        assert_eq!(redeem_backup_code(&mut stored, code, at(100 + i as i64), matches), Ok(i), "{code}");
        assert_eq!(stored[i].used_at, Some(at(100 + i as i64)));
        assert_eq!(redeem_backup_code(&mut stored, code, at(200), matches), Err(TwoFactorError::InvalidOtp));
    }
    assert_eq!(remaining_backup_codes(&stored), 0);
    assert_eq!(BACKUP_CODES, 10);
    // A code one letter off is not a code of the set.
    let mut fresh = issue_backup_codes(&mut rng(), |c| c.to_string());
    let mut typo = fresh.shown[0].clone().into_bytes();
    typo[0] = if typo[0] == b'2' { b'3' } else { b'2' };
    let typo = String::from_utf8(typo).unwrap();
    assert_eq!(redeem_backup_code(&mut fresh.stored, &typo, at(0), matches), Err(TwoFactorError::InvalidOtp));
    assert_eq!(remaining_backup_codes(&fresh.stored), 10);
}

#[test]
fn r_2fa_1_with_2fa_on_the_password_alone_is_not_enough() {
    // R-2FA-1
    let on = TwoFactor::On { secret: RFC_SEED_BASE32.into(), last_used_step: None };
    assert_eq!(after_password(&TwoFactor::Off, false, 0), Ok(()));
    assert_eq!(
        after_password(&TwoFactor::Enrolling { secret: RFC_SEED_BASE32.into() }, false, 0),
        Ok(()),
        "not on yet"
    );
    let error = after_password(&on, false, 1).unwrap_err();
    assert_eq!((error.code(), error.http_status()), ("otp_required", 401));
    assert_eq!(serde_json::to_value(&error).unwrap(), serde_json::json!({"methods": ["totp", "backup_code", "push"]}));
    // R-2FA-2: push needs a device already signed in.
    let error = after_password(&on, false, 0).unwrap_err();
    assert_eq!(serde_json::to_value(&error).unwrap(), serde_json::json!({"methods": ["totp", "backup_code"]}));
    assert_eq!(after_password(&on, true, 0), Ok(()));
}

#[test]
fn r_2fa_6_turning_off_needs_a_fresh_second_factor() {
    // R-2FA-6
    let on = TwoFactor::On { secret: RFC_SEED_BASE32.into(), last_used_step: None };
    let fresh = Some(OtpAccepted::Totp { step: 60_000_000 });
    let error = on.turn_off(None).unwrap_err();
    assert_eq!((error.code(), error.http_status()), ("otp_required", 401));
    assert_eq!(on.turn_off(fresh), Ok(TwoFactor::Off));
    assert_eq!(
        on.turn_off(Some(OtpAccepted::BackupCode { index: 2 })),
        Ok(TwoFactor::Off),
        "a backup code is fresh too"
    );
    assert_eq!(TwoFactor::Off.turn_off(fresh), Err(TwoFactorError::AlreadyOff));
    assert_eq!(TwoFactor::Enrolling { secret: RFC_SEED_BASE32.into() }.turn_off(fresh), Err(TwoFactorError::NotOn));
    assert_eq!(may_change_second_factors(&on, None), Err(TwoFactorError::FreshFactorRequired));
    assert_eq!(may_change_second_factors(&on, fresh), Ok(()));
    assert_eq!(may_change_second_factors(&TwoFactor::Off, fresh), Err(TwoFactorError::AlreadyOff));
}

#[test]
fn r_2fa_5_a_user_with_2fa_on_never_gets_in_twice_with_one_code() {
    // R-2FA-5: the state remembers the step of the last good code.
    let secret = new_secret(&mut rng());
    let on = TwoFactor::On { secret: secret.clone(), last_used_step: None };
    let now = at(1_800_000_000);
    let code = code_at(&secret, 1_800_000_000).unwrap();
    let after = on.verify(&code, now).unwrap();
    assert_eq!(after, TwoFactor::On { secret: secret.clone(), last_used_step: Some(1_800_000_000 / 30) });
    assert_eq!(after.verify(&code, now), Err(TwoFactorError::InvalidOtp));
    assert_eq!(TwoFactor::Enrolling { secret: secret.clone() }.verify(&code, now), Err(TwoFactorError::NotOn));
}

#[test]
fn r_2fa_1_the_otp_field_takes_an_app_code_or_a_backup_code() {
    // R-2FA-1, R-2FA-2
    let mut rng = rng();
    let secret = new_secret(&mut rng);
    let hash = |code: &str| format!("hashed:{code}");
    let matches = |hash: &str, code: &str| hash == format!("hashed:{code}");
    let mut issued = issue_backup_codes(&mut rng, hash);
    assert_eq!(issued.shown.len(), 10);
    assert!(issued.stored.iter().all(|c| c.hash.starts_with("hashed:") && c.used_at.is_none()));

    let on = TwoFactor::On { secret: secret.clone(), last_used_step: None };
    let now = at(1_800_000_000);
    let code = code_at(&secret, 1_800_000_000).unwrap();
    let (next, accepted) = check_otp(&on, &mut issued.stored, &code, now, matches).unwrap();
    assert_eq!(accepted, OtpAccepted::Totp { step: 60_000_000 });
    assert_eq!(serde_json::to_value(accepted).unwrap(), serde_json::json!({"factor": "totp", "step": 60_000_000}));
    assert_eq!(check_otp(&next, &mut issued.stored, &code, now, matches), Err(TwoFactorError::InvalidOtp));

    let backup = issued.shown[7].clone();
    let (same, accepted) = check_otp(&next, &mut issued.stored, &backup, now, matches).unwrap();
    assert_eq!((same, accepted), (next.clone(), OtpAccepted::BackupCode { index: 7 }));
    assert_eq!(issued.stored[7].used_at, Some(now));
    assert_eq!(check_otp(&next, &mut issued.stored, &backup, now, matches), Err(TwoFactorError::InvalidOtp));
    assert_eq!(check_otp(&TwoFactor::Off, &mut issued.stored, &code, now, matches), Err(TwoFactorError::AlreadyOff));
    let enrolling = TwoFactor::Enrolling { secret: secret.clone() };
    assert_eq!(check_otp(&enrolling, &mut issued.stored, &code, now, matches), Err(TwoFactorError::NotOn));
}

#[test]
fn r_2fa_3_regenerating_needs_a_fresh_factor_and_voids_every_old_code() {
    // R-2FA-3, R-2FA-6
    let mut rng = rng();
    let hash = |code: &str| format!("hashed:{code}");
    let matches = |hash: &str, code: &str| hash == format!("hashed:{code}");
    let old = issue_backup_codes(&mut rng, hash);
    let on = TwoFactor::On { secret: RFC_SEED_BASE32.into(), last_used_step: None };
    let fresh = Some(OtpAccepted::BackupCode { index: 0 });
    assert_eq!(regenerate_backup_codes(&on, None, &mut rng, hash), Err(TwoFactorError::FreshFactorRequired));
    assert_eq!(regenerate_backup_codes(&TwoFactor::Off, fresh, &mut rng, hash), Err(TwoFactorError::AlreadyOff));
    let mut new = regenerate_backup_codes(&on, fresh, &mut rng, hash).unwrap();
    assert_eq!(remaining_backup_codes(&new.stored), 10);
    for code in &old.shown {
        assert_eq!(redeem_backup_code(&mut new.stored, code, at(0), matches), Err(TwoFactorError::InvalidOtp));
    }
    assert_eq!(redeem_backup_code(&mut new.stored, &new.shown[0].clone(), at(0), matches), Ok(0));
}

#[test]
fn an_organization_that_requires_two_factor_is_worked_in_only_with_it_on() {
    assert_eq!(may_work_in(true, false), Err(TwoFactorError::RequiredByOrganization));
    assert_eq!(may_work_in(true, true), Ok(()));
    assert_eq!(may_work_in(false, false), Ok(()));
    assert_eq!(may_work_in(false, true), Ok(()));
}

#[test]
fn r_kc_1_a_verified_identity_turns_two_factor_off_without_a_code() {
    let on = TwoFactor::On { secret: RFC_SEED_BASE32.into(), last_used_step: None };
    assert_eq!(on.turn_off_verified(), Ok(TwoFactor::Off));
    assert_eq!(TwoFactor::Off.turn_off_verified(), Err(TwoFactorError::AlreadyOff));
    assert!(crate::kcheck::asked_by_the_person(crate::kcheck::VerificationReason::TurnOffTwoFactor));
    let others = crate::kcheck::VerificationReason::ALL.into_iter().filter(|r| crate::kcheck::asked_by_the_person(*r));
    assert_eq!(others.count(), 1, "the others are asked by the console");
    // One verification to turn 2FA off at a time: those not yet processed are open (one
    // whose document was deleted unprocessed may be sent again).
    use crate::kcheck::CheckStatus::*;
    let open: Vec<bool> = [Waiting, Sent, Deleted, Accepted, Refused].into_iter().map(|s| s.is_open()).collect();
    assert_eq!(open, [true, true, true, false, false]);
}
