//! Browser timing for BENCHMARKS.md: how long the built app takes, in headless Chromium
//! against the real server. Not a test: figures only. Each figure is taken inside the page
//! (the browser's own clocks), so WebDriver's polling adds nothing to it.
//!
//! `cargo run --release -p e2e --example page_timing` (after `cargo xtask build-app`).

use app::i18n::texts_of;
use domain::language::Language;
use e2e::{Console, DEMO_PASSWORD};

const RUNS: usize = 10;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Fills the log-in form, clicks `Log in`, and resolves with the milliseconds from the click to
/// the dashboard's first Organization row on screen.
const LOG_IN_TO_DASHBOARD: &str = r#"
const [email, password, done] = arguments;
const fill = (id, value) => {
  const input = document.getElementById(id);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
fill('email', email);
fill('password', password);
const shown = () => [...document.querySelectorAll('table')].some(t =>
  t.caption && t.caption.textContent.includes('Organizations you belong to') && t.querySelector('tbody tr'));
const start = performance.now();
new MutationObserver((_, observer) => {
  if (shown()) { observer.disconnect(); done(performance.now() - start); }
}).observe(document.body, { childList: true, subtree: true, characterData: true });
[...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Log in').click();
"#;

/// Chooses a language in the `Language` control and resolves with the milliseconds until the
/// page shows it: the navigation's name, the heading and the log-out button all replaced.
const SWITCH_LANGUAGE: &str = r#"
const [code, nav, heading, logOut, done] = arguments;
const shown = () => document.querySelector(`nav[aria-label="${nav}"]`)
  && document.querySelector('main h1')?.textContent.trim() === heading
  && [...document.querySelectorAll('button')].some(b => b.textContent.trim() === logOut);
const start = performance.now();
new MutationObserver((_, observer) => {
  if (shown()) { observer.disconnect(); done(performance.now() - start); }
}).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
const select = document.getElementById('language');
select.value = code;
select.dispatchEvent(new Event('change', { bubbles: true }));
"#;

#[tokio::main]
async fn main() {
    Console::run("page_timing", async |console| {
        let mut painted = vec![];
        let mut usable = vec![];
        for _ in 0..RUNS {
            console.open("/login").await?;
            console.wait_for("//button[normalize-space()='Log in']").await?;
            // The app marks `console:rendered` once its first page is mounted (the form on
            // screen and wired). `usable` is an upper bound: when WebDriver saw it.
            let times = console
                .browser
                .execute(
                    "return [performance.getEntriesByName('console:rendered')[0].startTime, performance.now()];",
                    vec![],
                )
                .await?;
            painted.push(times[0].as_f64().unwrap_or_default());
            usable.push(times[1].as_f64().unwrap_or_default());
        }
        println!(
            "navigation to a usable log-in form: median {:.0} ms to the app's rendered mark, {:.0} ms until WebDriver saw it ({RUNS} loads)",
            median(painted),
            median(usable)
        );

        console.sign_up("time@example.ch", "Tim", "Mess").await?;
        let token = console.api().log_in("time@example.ch", DEMO_PASSWORD, None).await?;
        let dismissed = domain::tour::TourProgress { status: domain::tour::TourStatus::Dismissed, step: 0 };
        console.api().with_token(Some(token.access_token)).set_onboarding(&dismissed).await?;
        let mut logged_in = vec![];
        for _ in 0..RUNS {
            console.browser.execute("window.localStorage.clear();", vec![]).await?;
            console.open("/login").await?;
            console.wait_for("//button[normalize-space()='Log in']").await?;
            let ms = console
                .browser
                .execute_async(LOG_IN_TO_DASHBOARD, vec!["time@example.ch".into(), DEMO_PASSWORD.into()])
                .await?;
            logged_in.push(ms.as_f64().unwrap_or_default());
        }
        println!("log-in click to the dashboard with its Organizations: median {:.0} ms ({RUNS} log-ins)", median(logged_in));

        // Switching language on the dashboard. The first switch to German of a page load
        // fetches its file: measured on 10 loads (back to English before each, and a moment
        // for the profile to keep it). The later switches find their file loaded.
        let en = texts_of(Language::En);
        let switch = |language: Language| {
            let t = texts_of(language);
            vec![language.code().into(), t.nav_label.into(), t.organizations_title.into(), t.log_out.into()]
        };
        let mut firsts = vec![];
        for _ in 0..RUNS {
            console.open("/").await?;
            console.wait_for(&format!("//main//h1[normalize-space()='{}']", en.organizations_title)).await?;
            let ms = console.browser.execute_async(SWITCH_LANGUAGE, switch(Language::De)).await?;
            firsts.push(ms.as_f64().unwrap_or_default());
            console.browser.execute_async(SWITCH_LANGUAGE, switch(Language::En)).await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
        let mut switches = vec![];
        for run in 0..RUNS * 2 {
            let language = if run % 2 == 0 { Language::De } else { Language::En };
            let ms = console.browser.execute_async(SWITCH_LANGUAGE, switch(language)).await?;
            switches.push(ms.as_f64().unwrap_or_default());
        }
        firsts.sort_by(f64::total_cmp);
        println!(
            "switching language, all visible text replaced: the first switch to German of a page load (fetching its file) median {:.0} ms ({RUNS} loads: {:?}); later switches median {:.0} ms ({} switches)",
            median(firsts.clone()),
            firsts.iter().map(|ms| ms.round() as i64).collect::<Vec<_>>(),
            median(switches),
            RUNS * 2
        );
        console.browser.execute("document.getElementById('language').focus();", vec![]).await?;
        let t = texts_of(Language::Fr);
        // Give the prefetch its moment, as the person's choice would.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let ms = console
            .browser
            .execute_async(
                SWITCH_LANGUAGE,
                vec!["fr".into(), t.nav_label.into(), t.organizations_title.into(), t.log_out.into()],
            )
            .await?;
        println!("switching to French for the first time, the control focused first: {:.0} ms", ms.as_f64().unwrap_or_default());
        Ok(())
    })
    .await;
}
