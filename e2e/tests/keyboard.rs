//! The console by keyboard and on any screen: a skip link first, the focus on the new page's
//! heading after a move, the tutorial dialog keeping the focus inside and giving it back,
//! nothing wider than a 320-pixel screen, and a dark scheme with contrasts that pass.

use domain::language::Language;
use e2e::Console;
use serde_json::Value;

const TAB: &str = "\u{E004}";
const SHIFT_TAB: &str = "\u{E008}\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// The text (or, for `main`, the id) of the focused element.
async fn focused(console: &Console) -> Result<String, Box<dyn std::error::Error>> {
    let element = console.browser.active_element().await?;
    let text = element.text().await?;
    Ok(if text.trim().is_empty() { element.attr("id").await?.unwrap_or_default() } else { text.trim().to_string() })
}

async fn press_key(console: &Console, key: &str) -> e2e::Outcome {
    Ok(console.browser.active_element().await?.send_keys(key).await?)
}

#[tokio::test]
async fn a_keyboard_reaches_the_page_first_and_lands_on_each_new_page_s_heading() {
    Console::run("keyboard_pages", async |console| {
        console.sign_up_and_log_in("kai@example.ch", "Kai", "Huber").await?;
        console.wait_for_text("Kai Huber").await?;
        console.click("//nav//a[normalize-space()='Users']").await?;
        console.wait_for("//h1[normalize-space()='Users']").await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while focused(console).await? != "Users" {
            assert!(
                std::time::Instant::now() < deadline,
                "the focus is on {:?}, not the heading",
                focused(console).await?
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }

        console.browser.refresh().await?;
        console.wait_for("//h1[normalize-space()='Users']").await?;
        press_key(console, TAB).await?;
        assert_eq!(focused(console).await?, "Skip to the page", "the skip link comes first");
        press_key(console, ENTER).await?;
        let main = console.browser.active_element().await?.attr("id").await?;
        assert_eq!(main.as_deref(), Some("main"), "the skip link moves the focus to the page");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_tutorial_keeps_the_focus_inside_and_gives_it_back() {
    Console::run("keyboard_dialog", async |console| {
        console.sign_up_and_log_in("liv@example.ch", "Liv", "Moser").await?;
        console.press("Show the tutorial").await?;
        let dialog = console.wait_for("//*[@role='dialog']").await?;
        assert_eq!(focused(console).await?, dialog.find(fantoccini::Locator::Css("h2")).await?.text().await?);
        press_key(console, SHIFT_TAB).await?;
        assert_eq!(focused(console).await?, "Close", "Shift+Tab from the top goes to the last control");
        press_key(console, TAB).await?;
        assert_eq!(focused(console).await?, "Next", "Tab from the last goes back to the first (Back is disabled)");
        for _ in 0..5 {
            press_key(console, TAB).await?;
            let inside: Value = console
                .browser
                .execute("return document.querySelector('[role=dialog]').contains(document.activeElement);", vec![])
                .await?;
            assert_eq!(inside, Value::Bool(true), "the focus stays in the dialog");
        }
        press_key(console, ESCAPE).await?;
        console.wait_for_path("/").await?;
        assert_eq!(focused(console).await?, "Show the tutorial", "the focus goes back where it was");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn at_320_pixels_nothing_is_wider_than_the_screen() {
    Console::run("narrow_screen", async |console| {
        console.sign_up_and_log_in("max@example.ch", "Max", "Brun").await?;
        console.browser.set_window_size(320, 800).await?;
        // English, then German (the longest words of the five languages).
        let pages = [
            ("/", "Your organizations"),
            ("/users", "Users"),
            ("/organizations/new", "Create an organization"),
            ("/gallery", "Component gallery"),
            ("/", "Ihre Organisationen"),
            ("/users", "Benutzer"),
            ("/gallery", "Komponentengalerie"),
        ];
        for (n, (path, heading)) in pages.into_iter().enumerate() {
            if n == 4 {
                // Chosen with the language control (which keeps it in the profile too).
                console.open("/").await?;
                console.choose_language(Language::De).await?;
                // Saved in the profile before the next page loads (each load applies it).
                console.profile_speaks(Language::De).await?;
            }
            console.open(path).await?;
            console.wait_for(&format!("//h1[normalize-space()='{heading}']")).await?;
            let widths: Value = console
                .browser
                .execute("return [window.innerWidth, document.documentElement.scrollWidth];", vec![])
                .await?;
            let (inner, scroll) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
            assert!(inner <= 400, "the window is narrow: {inner} px");
            if scroll > inner {
                let wide: Value = console
                    .browser
                    .execute(
                        "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                            .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));",
                        vec![],
                    )
                    .await?;
                panic!("{path}: {scroll} px of content in a {inner} px window; too wide: {wide}");
            }
            console.assert_accessible(&format!("{path} at 320 px")).await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_dark_scheme_is_dark_and_passes_the_contrast_checks() {
    // Blink's preferred color scheme 0 is dark: as a person who chose dark mode sees it.
    Console::run_with("dark_scheme", &["--blink-settings=preferredColorScheme=0"], async |console| {
        console.open("/login").await?;
        console.wait_for("//h1[normalize-space()='Log in']").await?;
        let dark: Value =
            console.browser.execute("return matchMedia('(prefers-color-scheme: dark)').matches;", vec![]).await?;
        assert_eq!(dark, Value::Bool(true), "Chromium prefers dark");
        let background: Value = console
            .browser
            .execute("return getComputedStyle(document.documentElement).backgroundColor;", vec![])
            .await?;
        assert_eq!(background, "rgb(13, 17, 23)");
        console.assert_accessible("log-in page, dark").await?;
        console.sign_up_and_log_in("nia@example.ch", "Nia", "Kunz").await?;
        console.wait_for_text("Nia Kunz").await?;
        console.assert_accessible("dashboard, dark").await
    })
    .await;
}
