//! The Security page and the log-in with a second factor (R-2FA-*), in the browser against the
//! real server: issue 9's journey 3. The test reads the secret the page shows and computes the
//! app's codes with the domain crate, as an authenticator app would.

use e2e::Console;
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

const EMAIL: &str = "tess@example.ch";

/// The code an authenticator app shows `later` seconds from now.
fn app_code(secret: &str, later: u64) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    domain::twofa::code_at(secret, now + later).expect("a valid secret")
}

/// Logs out from the shell and logs in again with `code` as the second factor; answers
/// whether the console opened.
async fn log_in_with(console: &Console, code: &str) -> Result<bool, Box<dyn std::error::Error>> {
    console.open("/login").await?;
    console.fill("Email", EMAIL).await?;
    console.fill("Password", e2e::DEMO_PASSWORD).await?;
    console.press("Log in").await?;
    console.wait_for("//p[@role='status'][contains(., 'Your account has two-factor authentication')]").await?;
    console.fill("Authentication code", code).await?;
    console.press("Verify").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if console.browser.current_url().await?.path() == "/" {
            return Ok(true);
        }
        let refused: Value =
            console.browser.execute("return document.querySelectorAll('[role=alert]').length > 0;", vec![]).await?;
        if refused == Value::Bool(true) {
            return Ok(false);
        }
        if std::time::Instant::now() > deadline {
            return Err("neither in nor refused".into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn log_out(console: &Console) -> e2e::Outcome {
    console.press("Log out").await?;
    console.wait_for_path("/login").await
}

#[tokio::test]
async fn r_2fa_turned_on_used_at_log_in_with_a_code_and_a_backup_code_once_then_turned_off() {
    Console::run("two_factor", async |console| {
        console.sign_up_and_log_in(EMAIL, "Tess", "Amrein").await?;
        console.click("//nav//a[normalize-space()='Security']").await?;
        console.wait_for("//h1[normalize-space()='Security']").await?;
        console.wait_for_text("Two-factor authentication is off").await?;
        console.assert_accessible("security, 2FA off").await?;

        // On: the QR code (an SVG) and the secret as text, then a code from the "app".
        // (The Help menu's guide of the same name is hidden: the page's own button.)
        console.click("//main//button[normalize-space()='Turn on two-factor authentication']").await?;
        console
            .wait_for("//div[@role='img'][@aria-label='QR code to scan with an authenticator app']/*[name()='svg']")
            .await?;
        let secret = console.wait_for("//code[@class='secret']").await?.text().await?;
        console.assert_accessible("security, scanning").await?;
        console.fill("Authentication code", &app_code(&secret, 0)).await?;
        console.press("Confirm").await?;
        console.wait_for("//h3[normalize-space()='Your backup codes']").await?;
        let codes: Value = console
            .browser
            .execute("return [...document.querySelectorAll('ul.backup-codes code')].map(c => c.textContent);", vec![])
            .await?;
        let codes: Vec<String> =
            codes.as_array().into_iter().flatten().filter_map(|c| c.as_str().map(str::to_string)).collect();
        assert_eq!(codes.len(), 10, "R-2FA-3: ten backup codes");
        console.wait_for_text("Two-factor authentication is on. Backup codes left: 10.").await?;
        console.assert_accessible("security, backup codes shown").await?;
        console.catch_downloads().await?;
        console.press("Download").await?;
        let (kind, text) = console.first_download().await?;
        assert!(kind.starts_with("text/plain") && text.lines().eq(codes.iter().map(String::as_str)), "{kind}: {text}");

        // Log-in asks for the second factor: the app's next code, then a backup code, which
        // works once only (R-2FA-3, R-2FA-5).
        log_out(console).await?;
        assert!(log_in_with(console, &app_code(&secret, 30)).await?, "the app's code opens the console");
        log_out(console).await?;
        assert!(log_in_with(console, &codes[0]).await?, "a backup code opens it");
        log_out(console).await?;
        assert!(!log_in_with(console, &codes[0]).await?, "the same backup code a second time does not");
        console.wait_for_text("This code is wrong, expired or already used.").await?;
        assert!(log_in_with(console, &codes[1]).await?, "another backup code does");

        // Off, with a fresh second factor (R-2FA-6): another backup code.
        console.click("//nav//a[normalize-space()='Security']").await?;
        console.wait_for_text("Backup codes left: 8.").await?;
        console.fill("Authentication code", &codes[2]).await?;
        console.press("Turn off two-factor authentication").await?;
        console.wait_for_text("Two-factor authentication is off.").await?;
        log_out(console).await?;
        console.log_in(EMAIL).await?;
        Ok(())
    })
    .await;
}

/// The `Turn on two-factor authentication` guide: Security, the button, then (once the code is
/// confirmed) the backup codes' `Download`, which ends it.
#[tokio::test]
async fn the_two_factor_guide_ends_when_the_backup_codes_are_downloaded() {
    Console::run("guide_two_factor", async |console| {
        console.sign_up_and_log_in("uma@example.ch", "Uma", "Frei").await?;
        console.press("Help").await?;
        console.press("Turn on two-factor authentication").await?;
        let marked = "//*[contains(concat(' ', @class, ' '), ' tour-target ')]";
        let step =
            |title: &'static str| format!("//aside[@aria-labelledby='guide-title']//h2[normalize-space()='{title}']");
        console.wait_for(&step("Open Security")).await?;
        console.click(&format!("//nav//a[normalize-space()='Security']{}", "")).await?;
        console.wait_for(&step("Turn it on")).await?;
        console.click(&format!("{marked}[normalize-space()='Turn on two-factor authentication']")).await?;
        console.wait_for(&step("Keep your backup codes")).await?;
        let secret = console.wait_for("//code[@class='secret']").await?.text().await?;
        console.fill("Authentication code", &app_code(&secret, 0)).await?;
        console.click("//form//button[normalize-space()='Confirm']").await?;
        console.wait_for(&format!("{marked}[normalize-space()='Download']")).await?;
        console.assert_accessible("security with the 2FA guide open").await?;
        console.catch_downloads().await?;
        console.click(&format!("{marked}[normalize-space()='Download']")).await?;
        let (kind, _) = console.first_download().await?;
        assert!(kind.starts_with("text/plain"), "{kind}");
        let guide: Value =
            console.browser.execute("return document.querySelectorAll('aside.guide').length;", vec![]).await?;
        assert_eq!(guide, 0, "the guide ended with its last step used");
        Ok(())
    })
    .await;
}

/// `Active sessions`: this browser's session and another log-in are listed; ending the other
/// logs it out (its token refused), and the list says so.
#[tokio::test]
async fn another_session_is_listed_and_ended_from_the_security_page() {
    Console::run("active_sessions", async |console| {
        console.sign_up_and_log_in("uma@example.ch", "Uma", "Frei").await?;
        // Another device: a log-in through the API (another app's session), the newest one.
        let other = console.api().log_in("uma@example.ch", e2e::DEMO_PASSWORD, None).await?;
        let elsewhere = console.api().with_token(Some(other.access_token));
        elsewhere.profile().await?;
        console.click("//nav//a[normalize-space()='Security']").await?;
        let table = "//table[caption='Where your account is signed in']";
        console.wait_for(&format!("{table}//tr[th='This session']")).await?;
        console.assert_accessible("security with the sessions").await?;
        // Newest log-in first: the first other app's row is that device's session.
        let first_other = format!("({table}//tr[th='Another app'])[1]");
        console.click(&format!("{first_other}//button[normalize-space()='End the session']")).await?;
        console.wait_for_text("The session was ended").await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while elsewhere.profile().await.is_ok() {
            assert!(std::time::Instant::now() < deadline, "the ended session's token is still taken");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        console.wait_for(&format!("{table}//tr[th='This session']")).await?;
        Ok(())
    })
    .await;
}

/// `Change your password`: a wrong current password is said on its field; the right one
/// changes it, signs out the other sessions (the page says how many) and keeps this one.
#[tokio::test]
async fn a_password_change_signs_out_the_other_sessions_and_keeps_this_one() {
    Console::run("password_change", async |console| {
        console.sign_up_and_log_in("vera@example.ch", "Vera", "Gut").await?;
        let other = console.api().log_in("vera@example.ch", e2e::DEMO_PASSWORD, None).await?;
        let elsewhere = console.api().with_token(Some(other.access_token));
        console.click("//nav//a[normalize-space()='Security']").await?;
        console.wait_for("//h2[normalize-space()='Change your password']").await?;
        console.fill("Current password", "not-the-password").await?;
        console.fill("New password", "a-new-password-1").await?;
        console.press("Change the password").await?;
        console.wait_for_text("This is not the password of your account").await?;
        assert!(elsewhere.profile().await.is_ok(), "a refused change signs nobody out");
        console.assert_accessible("security, a wrong current password").await?;

        console.fill("Current password", e2e::DEMO_PASSWORD).await?;
        console.press("Change the password").await?;
        console.wait_for_text("Password changed. Your other sessions were signed out.").await?;
        assert!(elsewhere.profile().await.is_err(), "the other session is signed out");
        // This one goes on.
        console.click("//nav//a[normalize-space()='Users']").await?;
        console.wait_for("//table//td[contains(., 'vera@example.ch')]").await?;
        assert!(console.api().log_in("vera@example.ch", e2e::DEMO_PASSWORD, None).await.is_err());
        assert!(console.api().log_in("vera@example.ch", "a-new-password-1", None).await.is_ok());
        Ok(())
    })
    .await;
}

/// An Organization that requires two-factor authentication (`has_2fa_required`, set by its
/// legal representative on Security) keeps its members without it on Security, saying why,
/// until it is on.
#[tokio::test]
async fn an_organization_that_requires_two_factor_keeps_members_without_it_on_security() {
    Console::run("two_factor_required", async |console| {
        console.sign_up_and_log_in(EMAIL, "Tess", "Amrein").await?;
        console.click("//nav//a[normalize-space()='Security']").await?;
        let switch = "//button[@role='switch'][normalize-space()='Require it of every member']";
        console.wait_for(&format!("{switch}[@aria-checked='false']")).await?;
        console.click(switch).await?;
        console.wait_for(&format!("{switch}[@aria-checked='true']")).await?;
        console.wait_for_text("requires two-factor authentication of its members").await?;
        console.assert_accessible("security, two-factor authentication required").await?;

        // Any other page brings back here.
        console.click("//nav//a[normalize-space()='Users']").await?;
        console.wait_for_path("/security").await?;
        console.open("/products").await?;
        console.wait_for_path("/security").await?;
        console.wait_for_text("requires two-factor authentication of its members").await?;

        // On: the other pages open again.
        console.click("//main//button[normalize-space()='Turn on two-factor authentication']").await?;
        let secret = console.wait_for("//code[@class='secret']").await?.text().await?;
        console.fill("Authentication code", &app_code(&secret, 0)).await?;
        console.press("Confirm").await?;
        console.wait_for_text("Two-factor authentication is on").await?;
        console.click("//nav//a[normalize-space()='Users']").await?;
        console.wait_for("//table//td[contains(., 'tess@example.ch')]").await?;
        Ok(())
    })
    .await;
}

/// Push approval (R-2FA-2): with 2FA on, a log-in in another browser shows `Waiting for
/// approval`; this browser, already signed in, lists it on Security and approves it, and the
/// other browser is let in without a code.
#[tokio::test]
async fn r_2fa_2_a_log_in_elsewhere_is_approved_from_the_security_page() {
    Console::run("push_approval", async |console| {
        console.sign_up_and_log_in("ivo@example.ch", "Ivo", "Marti").await?;
        console.click("//nav//a[normalize-space()='Security']").await?;
        console.click("//main//button[normalize-space()='Turn on two-factor authentication']").await?;
        let secret = console.wait_for("//code[@class='secret']").await?.text().await?;
        console.fill("Authentication code", &app_code(&secret, 0)).await?;
        console.press("Confirm").await?;
        console.wait_for_text("Two-factor authentication is on").await?;
        console.wait_for("//h2[normalize-space()='Log-ins waiting for your approval']").await?;
        console.wait_for_text("No log-in is waiting.").await?;
        // The log-in must come after this session's (times are whole seconds).
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

        let laptop = console.second_session().await;
        laptop.open("/login").await?;
        laptop.fill("Email", "ivo@example.ch").await?;
        laptop.fill("Password", e2e::DEMO_PASSWORD).await?;
        laptop.press("Log in").await?;
        laptop.wait_for("//p[@role='status']/strong[normalize-space()='Waiting for approval']").await?;
        laptop.assert_accessible("log-in, waiting for approval").await?;

        // Listed here within a few seconds; approved.
        console.wait_for("//button[normalize-space()='Approve the log-in']").await?;
        console.assert_accessible("security, a log-in waiting").await?;
        console.press("Approve the log-in").await?;
        console.wait_for_text("The log-in was approved.").await?;
        laptop.wait_for_path("/").await?;
        laptop.wait_for("//h1[normalize-space()='Your organizations']").await?;
        Ok(())
    })
    .await;
}
