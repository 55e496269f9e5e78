//! Sessions that behave: a page reached signed out, or a session the server ended, goes
//! through the log-in page and back to that page; the access token is renewed before it
//! expires, and the old one stops working.

use e2e::{Console, DEMO_PASSWORD};
use serde_json::Value;

/// What the app keeps in `localStorage` under `key`.
async fn stored(console: &Console, key: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    let value = console.browser.execute("return window.localStorage.getItem(arguments[0]);", vec![key.into()]).await?;
    Ok(value.as_str().map(str::to_string))
}

async fn log_in_here(console: &Console, email: &str) -> e2e::Outcome {
    console.fill("Email", email).await?;
    console.fill("Password", DEMO_PASSWORD).await?;
    console.press("Log in").await
}

#[tokio::test]
async fn a_page_reached_signed_out_or_after_the_session_ended_comes_back_after_logging_in() {
    Console::run("back_after_log_in", async |console| {
        console.sign_up_and_log_in("ida@example.ch", "Ida", "Frei").await?;

        // The server ends the session (the token is revoked, as another device's log-out or
        // an administrator would): the next call is refused, and the page sends to log in.
        let token = stored(console, "console.access_token").await?.expect("a token is kept");
        let revoked = reqwest::Client::new()
            .delete(format!("{}/token", console.server.api_url()))
            .bearer_auth(&token)
            .send()
            .await?;
        assert_eq!(revoked.status(), 200);
        console.open("/users").await?;
        console.wait_for_path("/login").await?;
        assert_eq!(console.browser.current_url().await?.query(), Some("next=%2Fusers"));
        console.wait_for_text("Your session ended").await?;
        assert_eq!(stored(console, "console.access_token").await?, None, "the dead token is forgotten");
        log_in_here(console, "ida@example.ch").await?;
        console.wait_for_path("/users").await?;
        console.wait_for("//h1[normalize-space()='Users']").await?;

        // Log out revokes the token on the server, then a deep link goes through log-in.
        let token = stored(console, "console.access_token").await?.expect("a new token");
        console.press("Log out").await?;
        console.wait_for_path("/login").await?;
        let profile = reqwest::Client::new()
            .get(format!("{}/2/profile", console.server.api_url()))
            .bearer_auth(&token)
            .send()
            .await?;
        assert_eq!(profile.status(), 401, "logging out revoked the token");
        console.open("/organizations/new").await?;
        console.wait_for_path("/login").await?;
        assert_eq!(console.browser.current_url().await?.query(), Some("next=%2Forganizations%2Fnew"));
        log_in_here(console, "ida@example.ch").await?;
        console.wait_for_path("/organizations/new").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_access_token_is_renewed_before_it_expires() {
    Console::run("token_renewed", async |console| {
        console.sign_up_and_log_in("uma@example.ch", "Uma", "Graf").await?;
        let before = stored(console, "console.access_token").await?.expect("a token");
        // As if the token were a minute from its end: the app renews it at once on load.
        console
            .browser
            .execute("window.localStorage.setItem('console.expires_at_ms', String(Date.now() + 30000));", vec![])
            .await?;
        console.browser.refresh().await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        let after = loop {
            let now = stored(console, "console.access_token").await?;
            if now.as_deref().is_some_and(|t| t != before) {
                break now.unwrap();
            }
            assert!(std::time::Instant::now() < deadline, "the token was not renewed");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        let expires_at: f64 = stored(console, "console.expires_at_ms").await?.unwrap().parse()?;
        let now: Value = console.browser.execute("return Date.now();", vec![]).await?;
        let left_ms = expires_at - now.as_f64().unwrap();
        assert!((7_000_000.0..=7_200_000.0).contains(&left_ms), "a fresh two-hour token: {left_ms} ms left");
        let profile = |token: String| {
            reqwest::Client::new().get(format!("{}/2/profile", console.server.api_url())).bearer_auth(token).send()
        };
        assert_eq!(profile(before).await?.status(), 401, "the old token ends with the renewal");
        assert_eq!(profile(after).await?.status(), 200);
        // The page goes on working with the new token.
        console.click("//nav//a[normalize-space()='Users']").await?;
        console.wait_for("//h1[normalize-space()='Users']").await?;
        Ok(())
    })
    .await;
}
