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

#[tokio::test]
async fn every_language_shows_the_navigation_and_a_form_error_in_it_and_follows_the_person() {
    Console::run("languages", async |console| {
        console.sign_up_and_log_in("lia@example.ch", "Lia", "Conti").await?;
        assert_eq!(html_lang(console).await?, "en", "an English browser gets English");

        for language in [Language::Es, Language::Fr, Language::De, Language::It, Language::En] {
            let t = texts_of(language);
            console.choose_language(language).await?;
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
            console.click(&create).await?;
            console.wait_for(&format!("//*[@role='alert'][normalize-space()={}]", literal(t.field_required))).await?;
            if language == Language::De {
                console.assert_accessible("new organization page in German, with an error").await?;
                // The tutorial speaks it too, its first step pointing at the switcher.
                console.click(&format!("//button[normalize-space()={}]", literal(t.show_tutorial))).await?;
                console
                    .wait_for(&format!("//*[@role='dialog']//h2[normalize-space()={}]", literal(t.tour[0].title)))
                    .await?;
                console
                    .click(&format!("//*[@role='dialog']//button[normalize-space()={}]", literal(t.tour_close)))
                    .await?;
            }
            console.click(&format!("//nav//a[normalize-space()={}]", literal(t.nav_dashboard))).await?;

            // Kept in the profile, for the next device.
            console.profile_speaks(language).await?;
        }

        // Another browser (nothing kept locally) shows the profile's language after log-in.
        console.choose_language(Language::Fr).await?;
        console.profile_speaks(Language::Fr).await?;
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
