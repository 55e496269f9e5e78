//! The console in five languages: chosen from the `Language` control, shown at once on every
//! page (navigation, form errors), kept in the profile so it follows the person to another
//! browser, and `<html lang>` following it.

use app::i18n::texts_of;
use domain::language::Language;
use e2e::{literal, Console};
use serde_json::Value;

async fn html_lang(console: &Console) -> Result<String, Box<dyn std::error::Error>> {
    let lang = console.browser.execute("return document.documentElement.lang;", vec![]).await?;
    Ok(lang.as_str().unwrap_or_default().to_string())
}

/// Chooses `language` in the language control (found by its id: its label is translated).
async fn choose(console: &Console, language: Language) -> e2e::Outcome {
    let option = format!("//select[@id='language']/option[@value='{}']", language.code());
    console.wait_for(&option).await?.click().await?;
    // The whole page is drawn again in the new language.
    let t = texts_of(language);
    console.wait_for(&format!("//nav[@aria-label={}]", literal(t.nav_label))).await?;
    Ok(())
}

/// Waits (up to 5 s) for the profile on the server to hold `language`: the page saves it on
/// its own, after showing it.
async fn profile_speaks(console: &Console, language: Language) -> e2e::Outcome {
    let token = console.browser.execute("return localStorage.getItem('console.access_token');", vec![]).await?;
    let client = console.api().with_token(token.as_str().map(str::to_string));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let profile = client.profile().await?;
        if profile.language == language.code() {
            assert_eq!(profile.language_id, language.id());
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the profile speaks {}, not {}", profile.language, language.code()).into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn every_language_shows_the_navigation_and_a_form_error_in_it_and_follows_the_person() {
    Console::run("languages", async |console| {
        console.sign_up_and_log_in("lia@example.ch", "Lia", "Conti").await?;
        assert_eq!(html_lang(console).await?, "en", "an English browser gets English");

        for language in [Language::Es, Language::Fr, Language::De, Language::It, Language::En] {
            let t = texts_of(language);
            choose(console, language).await?;
            assert_eq!(html_lang(console).await?, language.code());
            for link in [t.nav_dashboard, t.nav_users] {
                console.wait_for(&format!("//nav//a[normalize-space()={}]", literal(link))).await?;
            }
            console.wait_for(&format!("//main//h1[normalize-space()={}]", literal(t.organizations_title))).await?;
            // The focus is back on the control that changed the language.
            let focused: Value = console.browser.execute("return document.activeElement.id;", vec![]).await?;
            assert_eq!(focused, "language", "{language:?}");

            // A form error, in the language: an Organization without a name.
            console.open("/organizations/new").await?;
            console.wait_for(&format!("//h1[normalize-space()={}]", literal(t.new_organization_title))).await?;
            // In the page's form (the Help menu has a guide of the same name in some languages).
            let create = format!("//main//button[normalize-space()={}]", literal(t.create_organization_button));
            console.wait_for(&create).await?.click().await?;
            console.wait_for(&format!("//*[@role='alert'][normalize-space()={}]", literal(t.field_required))).await?;
            if language == Language::De {
                console.assert_accessible("new organization page in German, with an error").await?;
                // The tutorial speaks it too, its first step pointing at the switcher.
                console
                    .wait_for(&format!("//button[normalize-space()={}]", literal(t.show_tutorial)))
                    .await?
                    .click()
                    .await?;
                console
                    .wait_for(&format!("//*[@role='dialog']//h2[normalize-space()={}]", literal(t.tour[0].title)))
                    .await?;
                console
                    .wait_for(&format!("//*[@role='dialog']//button[normalize-space()={}]", literal(t.tour_close)))
                    .await?
                    .click()
                    .await?;
            }
            console
                .wait_for(&format!("//nav//a[normalize-space()={}]", literal(t.nav_dashboard)))
                .await?
                .click()
                .await?;

            // Kept in the profile, for the next device.
            profile_speaks(console, language).await?;
        }

        // Another browser (nothing kept locally) shows the profile's language after log-in.
        choose(console, Language::Fr).await?;
        profile_speaks(console, Language::Fr).await?;
        let fr = texts_of(Language::Fr);
        console.press(fr.log_out).await?;
        console.browser.execute("localStorage.clear();", vec![]).await?;
        console.log_in("lia@example.ch").await?;
        console.wait_for(&format!("//nav//a[normalize-space()={}]", literal(fr.nav_users))).await?;
        assert_eq!(html_lang(console).await?, "fr");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_browser_that_prefers_german_gets_german_from_the_first_visit() {
    Console::run_with("first_visit_german", &["--lang=de-CH", "--accept-lang=de-CH,de"], async |console| {
        console.open("/login").await?;
        let de = texts_of(Language::De);
        console.wait_for(&format!("//h1[normalize-space()={}]", literal(de.log_in_title))).await?;
        assert_eq!(html_lang(console).await?, "de");
        // A form error in German, before anything is sent.
        console.press(de.log_in_button).await?;
        console.wait_for(&format!("//*[@role='alert'][normalize-space()={}]", literal(de.log_in_missing))).await?;
        console.assert_accessible("log-in page in German, with an error").await?;
        Ok(())
    })
    .await;
}
