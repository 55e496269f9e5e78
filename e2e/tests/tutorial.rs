//! The online tutorial: offered on a first visit, resumed after a reload, replayed on demand.

use domain::tour::{TourProgress, TourStatus};
use e2e::{Console, DEMO_PASSWORD};

const DIALOG: &str = "//div[@role='dialog' and @aria-modal='true']";

async fn step_text(console: &Console) -> Result<String, Box<dyn std::error::Error>> {
    Ok(console.wait_for(&format!("{DIALOG}//p[starts-with(normalize-space(), 'Step ')]")).await?.text().await?)
}

/// Waits (up to 5 s) for the server to hold `expected`: the page saves each move on its own,
/// after showing it.
async fn stored_becomes(console: &Console, email: &str, expected: TourProgress) -> e2e::Outcome {
    let token = console.api().log_in(email, DEMO_PASSWORD, None).await?;
    let client = console.api().with_token(Some(token.access_token));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let now = client.onboarding().await?;
        if now == expected {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the server holds {now:?}, not {expected:?}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn r_tour_1_r_tour_3_the_tour_is_offered_then_resumes_where_it_stood() {
    // R-TOUR-1, R-TOUR-3
    Console::run("tour_resume", async |console| {
        console.sign_up("tia@example.ch", "Tia", "Rossi").await?;
        console.log_in("tia@example.ch").await?;
        assert_eq!(step_text(console).await?, "Step 1 of 11", "offered on the first visit");
        let title = console.wait_for(&format!("{DIALOG}//h2")).await?;
        assert_eq!(title.text().await?, "Your organizations");
        let target = console.wait_for("//*[contains(@class, 'tour-target')]").await?;
        assert!(target.text().await?.starts_with("Organization: "), "it points at the switcher");

        console.press("Next").await?;
        assert_eq!(step_text(console).await?, "Step 2 of 11");
        // The arrow keys move too.
        console.browser.active_element().await?.send_keys("\u{E014}").await?; // ArrowRight
        assert_eq!(step_text(console).await?, "Step 3 of 11");
        stored_becomes(console, "tia@example.ch", TourProgress { status: TourStatus::Running, step: 2 }).await?;

        console.browser.refresh().await?;
        assert_eq!(step_text(console).await?, "Step 3 of 11", "resumed after a reload");
        console.press("Back").await?;
        assert_eq!(step_text(console).await?, "Step 2 of 11");

        // Esc closes and records it; a reload does not offer it again.
        console.browser.active_element().await?.send_keys("\u{E00C}").await?; // Escape
        console.wait_for_path("/").await?;
        for _ in 0..50 {
            if console.browser.find_all(fantoccini::Locator::XPath(DIALOG)).await?.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(console.browser.find_all(fantoccini::Locator::XPath(DIALOG)).await?.is_empty());
        stored_becomes(console, "tia@example.ch", TourProgress { status: TourStatus::Dismissed, step: 0 }).await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn r_tour_2_the_button_plays_the_tour_again_to_its_finish() {
    // R-TOUR-2
    Console::run("tour_replay", async |console| {
        console.sign_up_and_log_in("tom@example.ch", "Tom", "Weber").await?;
        console.press("Show the tutorial").await?;
        assert_eq!(step_text(console).await?, "Step 1 of 11");
        for step in 2..=11 {
            console.press("Next").await?;
            assert_eq!(step_text(console).await?, format!("Step {step} of 11"));
        }
        console.press("Finish").await?;
        console.wait_for_path("/").await?;
        stored_becomes(console, "tom@example.ch", TourProgress { status: TourStatus::Completed, step: 0 }).await?;
        Ok(())
    })
    .await;
}
