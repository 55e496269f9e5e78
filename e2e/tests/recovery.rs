//! A forgotten password in the browser (R-REC-1), issue 9's journey 4: the link from the demo
//! outbox sets a new password, the old one fails, the link fails a second time.

use e2e::Console;

const EMAIL: &str = "vera@example.ch";
const NEW_PASSWORD: &str = "a much better passphrase";

#[tokio::test]
async fn r_rec_1_the_mailed_link_sets_a_new_password_once_and_the_old_one_fails() {
    Console::run_demo("forgot_password", async |console| {
        console.sign_up(EMAIL, "Vera", "Baumann").await?;
        console.open("/login").await?;
        console.click("//a[normalize-space()='Forgot your password?']").await?;
        console.wait_for("//h1[normalize-space()='Forgot your password']").await?;
        console.fill("Email", EMAIL).await?;
        console.press("Send the link").await?;
        console.wait_for_text(&format!("If an account uses {EMAIL}, a link is on its way to it.")).await?;
        console.assert_accessible("forgot password, sent").await?;

        let link = console.mailed_link(EMAIL, "/password/reset/").await?;
        console.open(&link).await?;
        console.wait_for("//h1[normalize-space()='Set a new password']").await?;
        console.fill("New password", "short").await?;
        console.press("Set the password").await?;
        console.wait_for("//*[@id='password-error'][contains(., '10 characters')]").await?;
        console.fill("New password", NEW_PASSWORD).await?;
        console.press("Set the password").await?;
        console.wait_for_text("Your password was changed and every session was ended.").await?;
        console.assert_accessible("reset password, done").await?;

        // The old password fails; the new one opens the console.
        let old = console.api().log_in(EMAIL, e2e::DEMO_PASSWORD, None).await;
        assert!(old.is_err(), "the old password no longer works");
        console.open("/login").await?;
        console.fill("Email", EMAIL).await?;
        console.fill("Password", NEW_PASSWORD).await?;
        console.press("Log in").await?;
        console.wait_for_path("/").await?;

        // The link a second time says why it no longer works.
        console.open(&link).await?;
        console.fill("New password", "yet another passphrase").await?;
        console.press("Set the password").await?;
        console.wait_for_text("This link was used already or is more than an hour old.").await?;
        Ok(())
    })
    .await;
}

/// R-KC-1, R-REC-1: who can no longer read their login mailbox sends, signed out, their
/// identity document and an address they read now; a bad address and a missing file are said
/// on their fields first. Once the staff confirm the identity (the demo route), the link goes
/// to that address and sets the new password.
#[tokio::test]
async fn r_kc_1_a_confirmed_identity_sends_the_forgotten_password_link_to_an_address_read_now() {
    Console::run_demo("forgot_password_identity", async |console| {
        const REPLY_TO: &str = "vera.home@example.net";
        console.sign_up(EMAIL, "Vera", "Baumann").await?;
        console.open("/password/forgot").await?;
        console.click("//summary[normalize-space()='I can no longer read this mailbox']").await?;
        console.fill("Login email", EMAIL).await?;
        console.fill("Email you read now", "vera at home").await?;
        console.press("Send for verification").await?;
        console.wait_for_text("Choose a file.").await?;
        let dir = tempfile::tempdir()?;
        let png = dir.path().join("card.png");
        std::fs::write(&png, [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])?;
        console.field("Photo or PDF of the document").await?.send_keys(&png.display().to_string()).await?;
        console.press("Send for verification").await?;
        console.wait_for("//*[@id='reply_to-error']").await?;
        console.assert_accessible("forgot password by identity, a bad address").await?;
        console.fill("Email you read now", REPLY_TO).await?;
        console.press("Send for verification").await?;
        console
            .wait_for_text(&format!(
                "If an account uses {EMAIL}, our staff will check the document and write to {REPLY_TO}."
            ))
            .await?;

        // The staff confirm the identity (the test reads the verification's id with the
        // password the person no longer has).
        let token = console.api().log_in(EMAIL, e2e::DEMO_PASSWORD, None).await?;
        let check = console.api().with_token(Some(token.access_token)).identity_checks().await?.remove(0);
        assert_eq!(
            (check.reason, check.status),
            (domain::kcheck::VerificationReason::ForgottenPassword, domain::kcheck::CheckStatus::Sent)
        );
        let url = format!("{}/dev/identity_checks/{}", console.server.api_url(), check.id);
        let answer = reqwest::Client::new().post(url).json(&serde_json::json!({"accepted": true})).send().await?;
        assert_eq!(answer.status(), 200);
        let link = console.mailed_link(REPLY_TO, "/password/reset/").await?;
        console.open(&link).await?;
        console.fill("New password", NEW_PASSWORD).await?;
        console.press("Set the password").await?;
        console.wait_for_text("Your password was changed and every session was ended.").await?;
        assert!(console.api().log_in(EMAIL, NEW_PASSWORD, None).await.is_ok(), "the new password opens the account");
        Ok(())
    })
    .await;
}

/// R-REC-2: the mobile number kept on Security (`Recovery options`), then, signed out,
/// `Forgot your login email?` sends the login by SMS (read from the demo outbox); a bad number
/// is said on its field before anything is sent.
#[tokio::test]
async fn r_rec_2_a_forgotten_login_is_sent_by_sms_to_the_number_kept_on_security() {
    Console::run_demo("forgot_login", async |console| {
        console.sign_up_and_log_in("lina@example.ch", "Lina", "Berg").await?;
        console.click("//nav//a[normalize-space()='Security']").await?;
        console.wait_for("//h2[normalize-space()='Recovery options']").await?;
        console.fill("Mobile number", "079 123").await?;
        console.press("Save the recovery options").await?;
        console.wait_for_text("Type a mobile number in international form").await?;
        console.fill("Mobile number", "+41 79 555 12 34").await?;
        console.press("Save the recovery options").await?;
        console.wait_for_text("Recovery options saved.").await?;
        let kept: serde_json::Value =
            console.browser.execute("return document.getElementById('reminder_phone').value;", vec![]).await?;
        assert_eq!(kept, "+41795551234", "kept in international form");
        console.assert_accessible("security, recovery options").await?;
        console.press("Log out").await?;
        console.wait_for_path("/login").await?;

        console.click("//a[normalize-space()='Forgot your login email?']").await?;
        console.wait_for("//h1[normalize-space()='Find your login']").await?;
        console.fill("Mobile number", "12").await?;
        console.press("Send my login").await?;
        console.wait_for_text("Type a mobile number in international form").await?;
        console.assert_accessible("forgot login, a bad number").await?;
        console.fill("Mobile number", "0041 79 555 12 34").await?;
        console.press("Send my login").await?;
        console.wait_for_text("If an account has this number, its login is on its way.").await?;
        let outbox: serde_json::Value =
            reqwest::get(format!("{}/dev/outbox", console.server.api_url())).await?.json().await?;
        let sms: Vec<&serde_json::Value> =
            outbox["data"].as_array().into_iter().flatten().filter(|m| m["channel"] == "sms").collect();
        assert_eq!(sms.len(), 1, "{sms:?}");
        assert_eq!(sms[0]["recipient"], "+41795551234");
        assert!(sms[0]["body"].as_str().unwrap_or_default().contains("lina@example.ch"), "{sms:?}");
        Ok(())
    })
    .await;
}

/// R-REC-3 in the browser: the Mail Service that hosted a member's login is cancelled; the
/// temporary login sent by SMS (read from the demo outbox) and the unchanged password log
/// in; the console keeps the person on Security, with the reason, until a new login email is
/// set; then it opens as usual.
#[tokio::test]
async fn r_rec_3_a_temporary_login_opens_security_until_a_new_login_email_is_set() {
    Console::run_demo("login_recovery", async |console| {
        let demo = console.demo_api().await?;
        let company = e2e::account_id(&demo, "Demo Company SA").await?;
        let mail_service = e2e::order_mail_service(&demo, company, "assoziation.ch").await?;
        let (anna_api, _) =
            e2e::join_as_collaborator(console, &demo, company, "anna789@assoziation.ch", ("Anna", "Keller")).await?;
        anna_api
            .set_profile(&api::UpdateProfileRequest {
                reminder_phone: Some("+41791234567".into()),
                ..Default::default()
            })
            .await?;

        demo.request_cancellation(company, mail_service).await?;
        let link = console.mailed_link(e2e::DEMO_USER.0, "/cancellations/").await?;
        let cancellation_key = link.rsplit('/').next().ok_or("a key")?;
        console.api().confirm_cancellation(cancellation_key).await?;

        // The SMS holds the temporary login: initials and six digits.
        let outbox: serde_json::Value =
            reqwest::get(format!("{}/dev/outbox", console.server.api_url())).await?.json().await?;
        let sms = outbox["data"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["recipient"] == "+41791234567")
            .and_then(|m| m["body"].as_str())
            .ok_or("an SMS to Anna")?;
        let login = sms.split_whitespace().find(|w| w.starts_with("ak") && w.len() == 8).ok_or("the login")?;

        console.open("/login").await?;
        console.fill("Email", login).await?;
        console.fill("Password", e2e::DEMO_PASSWORD).await?;
        console.press("Log in").await?;
        console.wait_for_path("/security").await?;
        console.wait_for_text("The mailbox of your login was deleted.").await?;
        console.wait_for_text(&format!("You log in with {login}.")).await?;
        console.assert_accessible("security, in recovery").await?;
        // Another page: back to Security.
        console.click("//nav//a[normalize-space()='Users']").await?;
        console.wait_for_path("/security").await?;

        console.fill("New login email", "anna@new-home.ch").await?;
        console.fill("Your password", "not the password").await?;
        console.press("Change the login email").await?;
        console
            .wait_for(
                "//*[@id='login_email_password-error'][normalize-space()='This is not the password of your account.']",
            )
            .await?;
        console.fill("Your password", e2e::DEMO_PASSWORD).await?;
        console.press("Change the login email").await?;
        console.wait_for_text("You now log in with anna@new-home.ch.").await?;
        console.click("//nav//a[normalize-space()='Users']").await?;
        console.wait_for_path("/users").await?;
        assert!(console.api().log_in("anna@new-home.ch", e2e::DEMO_PASSWORD, None).await.is_ok());
        assert!(console.api().log_in(login, e2e::DEMO_PASSWORD, None).await.is_err(), "the temporary login is gone");
        Ok(())
    })
    .await;
}
