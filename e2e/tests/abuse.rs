//! `Report abuse` (R-ABUSE-1) in the browser against the real server, signed out: a
//! description too short is said on its field before anything is sent; a report sent shows
//! its four deadlines as dates, the working days of `domain::abuse::deadlines`.

use domain::language::Language;
use e2e::Console;

#[tokio::test]
async fn r_abuse_1_a_report_shows_its_four_deadlines_as_dates() {
    Console::run("report_abuse", async |console| {
        console.open("/login").await?;
        console.click("//a[normalize-space()='Report abuse']").await?;
        console.wait_for("//h1[normalize-space()='Report abuse']").await?;
        console.choose("Kind of abuse", "Phishing").await?;
        // The description is a text area, found by its label as the harness finds inputs.
        let described = "//textarea[@id=//label[normalize-space()='What happened']/@for]";
        console.wait_for(described).await?.send_keys("Spam").await?;
        console.press("Send the report").await?;
        console.wait_for_text("Write from 10 to 5000 characters; this has 4.").await?;
        console.assert_accessible("report abuse, too short").await?;

        let area = console.wait_for(described).await?;
        area.clear().await?;
        area.send_keys("A page on shop.example.ch asks for my bank login.").await?;
        console.press("Send the report").await?;
        console.wait_for_text("received. We handle it by these dates:").await?;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
        let deadlines = domain::abuse::deadlines(chrono::DateTime::from_timestamp(now, 0).ok_or("a time")?);
        for (term, day) in [
            ("Acknowledged by", deadlines.acknowledge_by),
            ("Assessed by", deadlines.assess_by),
            ("Investigated by", deadlines.investigate_by),
            ("Corrected by", deadlines.correct_by),
        ] {
            let shown = console.wait_for(&format!("//dt[normalize-space()='{term}']/following-sibling::dd[1]")).await?;
            assert_eq!(shown.text().await?, Language::En.format_date(day.date_naive()), "{term}");
        }
        console.assert_accessible("report abuse, received").await?;
        Ok(())
    })
    .await;
}
