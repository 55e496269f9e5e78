//! A person using the console quickly never meets the API limit (R-API-2 binds scripts, not
//! the console's own sessions), and the app makes few calls: pages already seen cost none.

use e2e::Console;
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The API calls the page made since the last [`forget_calls`]: address and HTTP status.
async fn api_calls(console: &Console) -> Result<Vec<(String, u64)>, Box<dyn std::error::Error>> {
    let entries = console
        .browser
        .execute(
            "return performance.getEntriesByType('resource')
                .filter(e => new URL(e.name).pathname.startsWith('/api/'))
                .map(e => [new URL(e.name).pathname + new URL(e.name).search, e.responseStatus]);",
            vec![],
        )
        .await?;
    let entries = entries.as_array().cloned().unwrap_or_default();
    Ok(entries
        .iter()
        .map(|entry| (entry[0].as_str().unwrap_or_default().to_string(), entry[1].as_u64().unwrap_or(0)))
        .collect())
}

async fn forget_calls(console: &Console) -> e2e::Outcome {
    console
        .browser
        .execute("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(100000);", vec![])
        .await?;
    Ok(())
}

#[tokio::test]
async fn moving_between_the_pages_150_times_in_a_minute_meets_no_limit_and_costs_almost_no_calls() {
    Console::run("quick_person", async |console| {
        console.sign_up_and_log_in("noa@example.ch", "Noa", "Keller").await?;
        console.wait_for("//h1[normalize-space()='Your organizations']").await?;
        // The dashboard's own call answered (what needs attention).
        console.wait_for("//section[h2='Needs attention']").await?;
        forget_calls(console).await?;

        // Every page of the main navigation, in turn, as fast as the browser goes; the last
        // one is Users.
        let pages = [("Dashboard", "Your organizations"), ("Users", "Users")];
        let started = Instant::now();
        for n in 0..150 {
            let (link, heading) = pages[n % pages.len()];
            console.click(&format!("//nav//a[normalize-space()='{link}']")).await?;
            console.wait_for(&format!("//main//h1[normalize-space()='{heading}']")).await?;
        }
        // The members list of the last Users page has arrived.
        console.wait_for("//table//td[contains(., 'noa@example.ch')]").await?;
        let took = started.elapsed();
        assert!(took < Duration::from_secs(60), "150 page views took {took:?}: not within a minute");

        let calls = api_calls(console).await?;
        println!(
            "150 page views in {} ms: {} API call(s), {:.3} per page view, {} refused",
            took.as_millis(),
            calls.len(),
            calls.len() as f64 / 150.0,
            calls.iter().filter(|(_, status)| *status == 429).count()
        );
        let refused: Vec<_> = calls.iter().filter(|(_, status)| *status == 429).collect();
        assert!(refused.is_empty(), "refused for too many requests: {refused:?}");
        // The Organizations and the tour were fetched with the shell, what needs attention with
        // the first dashboard; the first visit to Users asks for its members and the
        // invitations waiting, once each; every later view of either page is free (under a
        // minute).
        let mut paths: Vec<&str> = calls.iter().map(|(path, _)| path.as_str()).collect();
        paths.sort();
        assert_eq!(paths.len(), 2, "calls during 150 page views: {paths:?}");
        assert!(paths[0].starts_with("/api/1/accounts/") && paths[0].ends_with("/invitations"), "{paths:?}");
        assert!(paths[1].starts_with("/api/2/accounts/") && paths[1].contains("/users?"), "{paths:?}");
        let alerts: Value =
            console.browser.execute("return document.querySelectorAll('[role=alert]').length;", vec![]).await?;
        assert_eq!(alerts, 0, "no error on the page");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_refusal_for_too_many_requests_is_waited_out_and_not_shown() {
    Console::run("limit_waited_out", async |console| {
        // A script's token (no client_id: 60 a minute) in the page's storage, as if the app
        // had one: the only way to meet the limit from the console.
        console.sign_up("eli@example.ch", "Eli", "Roth").await?;
        let token = console.api().log_in("eli@example.ch", e2e::DEMO_PASSWORD, None).await?;
        let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
        console.api().with_token(Some(token.access_token.clone())).set_onboarding(&dismissed).await?;
        console.open("/login").await?;
        console
            .browser
            .execute(
                "localStorage.setItem('console.access_token', arguments[0]);
                 localStorage.setItem('console.refresh_token', arguments[1]);
                 localStorage.setItem('console.expires_at_ms', String(Date.now() + 3600000));
                 localStorage.setItem('console.user_id', String(arguments[2]));",
                vec![token.access_token.clone().into(), token.refresh_token.into(), token.user_id.into()],
            )
            .await?;
        console.open("/").await?;
        console.wait_for("//h1[normalize-space()='Your organizations']").await?;
        // The shell's own calls (Organizations, tour) and the dashboard's (what needs
        // attention) are answered before the minute is spent.
        console.wait_for("//section[h2='Needs attention']").await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while api_calls(console).await?.len() < 3 {
            assert!(Instant::now() < deadline, "the shell's calls never came back");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        forget_calls(console).await?;

        // The token's minute is spent, then kept spent by eight requests always in flight
        // (from here, not from the page: the browser queues a page's requests behind six of
        // its own) while Users is opened, until the page's ask for its members is refused.
        // One spender alone left gaps in which the token a second brings back could go to
        // the page on a slow machine.
        let profile = format!("{}/2/profile", console.server.api_url());
        let bearer = token.access_token.clone();
        let spend = move |client: reqwest::Client| {
            let (profile, token) = (profile.clone(), bearer.clone());
            async move { client.get(&profile).bearer_auth(&token).send().await.map(|answer| answer.status().as_u16()) }
        };
        let client = reqwest::Client::new();
        while spend(client.clone()).await? != 429 {}
        let stop = Arc::new(AtomicBool::new(false));
        let spenders: Vec<_> = (0..8)
            .map(|_| {
                let (stop, spend, client) = (stop.clone(), spend.clone(), reqwest::Client::new());
                tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        let _ = spend(client.clone()).await;
                    }
                })
            })
            .collect();
        console.click("//nav//a[normalize-space()='Users']").await?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let calls = api_calls(console).await?;
            if calls.iter().any(|(path, status)| path.contains("/users?") && *status == 429) {
                break;
            }
            assert!(Instant::now() < deadline, "the page's ask for its members was never refused: {calls:?}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        stop.store(true, Ordering::Relaxed);
        for spender in spenders {
            spender.await?;
        }
        console.wait_for("//table//td[contains(., 'eli@example.ch')]").await?;
        let calls = api_calls(console).await?;
        let statuses: Vec<u64> = calls.iter().filter(|(path, _)| path.contains("/users?")).map(|(_, s)| *s).collect();
        // Refused, waited out (the wait the answer asks for; the page's other ask, the
        // invitations, may take the one request that comes back after a second, and the
        // members are waited once more), then answered.
        let (last, refused) = statuses.split_last().ok_or("Users asked nothing")?;
        assert!(*last == 200 && !refused.is_empty() && refused.len() <= 3, "{statuses:?}: {calls:?}");
        assert!(refused.iter().all(|status| *status == 429), "{statuses:?}");
        let alerts: Value =
            console.browser.execute("return document.querySelectorAll('[role=alert]').length;", vec![]).await?;
        assert_eq!(alerts, 0, "nothing about the limit is shown for a wait of a second");
        Ok(())
    })
    .await;
}
