//! Renewals and the prepaid account in the browser, against the real server with its demo
//! data (two Organizations: Demo Company SA in CHF, Demo GmbH in EUR, each with a saved card).

use domain::language::Language;
use domain::money::{Currency, Money};
use e2e::{account_id, literal, ApiClient, Console};

async fn balance(api: &ApiClient, account: i64) -> Result<String, Box<dyn std::error::Error>> {
    Ok(api.prepaid(account).await?.balance.amount)
}

async fn switch_to(console: &Console, from: &str, to: &str) -> e2e::Outcome {
    console.press(&format!("Organization: {from}")).await?;
    console
        .wait_for(&format!("//ul[@id='organization-list']//button[normalize-space()={}]", literal(to)))
        .await?
        .click()
        .await?;
    console.wait_for(&format!("//button[normalize-space()={}]", literal(&format!("Organization: {to}")))).await?;
    Ok(())
}

/// Today (UTC), when the server wrote the movements.
fn today() -> chrono::NaiveDate {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_secs();
    chrono::DateTime::from_timestamp(seconds as i64, 0).unwrap_or_default().date_naive()
}

/// R-PAY-6 (0.10 to 9,999.00), R-PAY-5 and R-PAY-2 (PostFinance in CHF only): refused in the
/// browser with the rule's sentence and nothing sent, accepted at both limits.
#[tokio::test]
async fn r_pay_6_top_ups_outside_the_limits_are_refused_in_the_page_and_the_limits_accepted() {
    Console::run_demo("top_up_limits", async |console| {
        let api = console.demo_api().await?;
        let company = account_id(&api, "Demo Company SA").await?;
        console.log_in_as_demo_user().await?;
        console.wait_for("//button[normalize-space()='Organization: Demo Company SA']").await?;
        console.click("//nav//a[normalize-space()='Prepaid account']").await?;
        console.wait_for("//h1[normalize-space()='Prepaid account']").await?;
        // R-PAY-2: in CHF, the PostFinance card is offered.
        console.wait_for("//select[@id='top_up_method']/option[normalize-space()='PostFinance card']").await?;
        let before = balance(&api, company).await?;

        for refused in ["0.05", "9999.01"] {
            console.fill("Amount", refused).await?;
            console.press("Top up").await?;
            let error = console.wait_for("//*[@id='amount-error']").await?.text().await?;
            assert_eq!(error, "A top-up is between CHF 0.10 and CHF 9,999.00.", "{refused}");
        }
        assert_eq!(balance(&api, company).await?, before, "nothing was sent");
        console.assert_accessible("prepaid account with an error").await?;

        for (accepted, shown) in [("0.10", "CHF 0.10 added"), ("9999.00", "CHF 9,999.00 added")] {
            console.fill("Amount", accepted).await?;
            console.press("Top up").await?;
            console.wait_for_text(shown).await?;
        }
        let expected = Money::parse_wire(&before, Currency::Chf)?.cents + 10 + 999_900;
        assert_eq!(Money::parse_wire(&balance(&api, company).await?, Currency::Chf)?.cents, expected);
        console
            .wait_for_text(&format!("Balance: {}", Language::En.format_money(Money::new(expected, Currency::Chf))))
            .await?;

        // R-PAY-2: in EUR, no PostFinance card.
        switch_to(console, "Demo Company SA", "Demo GmbH").await?;
        // The GmbH's own card shows the form is drawn for it ("Bank transfer" is in both
        // lists); the labels are then read in one step, as the form may be drawn again.
        console.wait_for("//select[@id='top_up_method']/option[normalize-space()='Mastercard •••• 4444']").await?;
        let labels = console
            .browser
            .execute(
                "return [...document.querySelectorAll('#top_up_method option')].map(o => o.textContent.trim());",
                vec![],
            )
            .await?;
        let labels: Vec<&str> = labels.as_array().into_iter().flatten().filter_map(|l| l.as_str()).collect();
        assert!(labels.contains(&"Bank transfer"), "{labels:?}");
        assert!(!labels.iter().any(|l| l.contains("PostFinance")), "{labels:?}");
        Ok(())
    })
    .await;
}

/// Issue 6: an amount in CHF and in EUR, and a date, as each language writes them, on a real
/// page: the movement of a top-up of 1,234.50.
#[tokio::test]
async fn amounts_and_dates_are_written_as_each_language_writes_them() {
    Console::run_demo("amounts_per_language", async |console| {
        let api = console.demo_api().await?;
        for name in ["Demo Company SA", "Demo GmbH"] {
            let account = account_id(&api, name).await?;
            let card = api.payment_methods(account).await?.into_iter().find(|m| m.is_default).ok_or("no card")?;
            let choice = api::PaymentChoice { payment_method_id: Some(card.id), ..Default::default() };
            api.top_up(account, &api::TopUpRequest { amount: "1234.50".into(), payment: choice }).await?;
        }
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Prepaid account']").await?;
        let today = today();
        let expected = [
            (Language::En, "CHF 1,234.50", "€1,234.50"),
            (Language::Es, "1234,50\u{a0}CHF", "1234,50\u{a0}€"),
            (Language::Fr, "1\u{202f}234,50\u{a0}CHF", "1\u{202f}234,50\u{a0}€"),
            (Language::De, "1.234,50\u{a0}CHF", "1.234,50\u{a0}€"),
            (Language::It, "1.234,50\u{a0}CHF", "1.234,50\u{a0}€"),
        ];
        for (organization, from) in [("Demo Company SA", None), ("Demo GmbH", Some("Demo Company SA"))] {
            if let Some(from) = from {
                console.choose_language(Language::En).await?;
                switch_to(console, from, organization).await?;
            }
            for (language, chf, eur) in expected {
                console.choose_language(language).await?;
                let amount = if organization == "Demo GmbH" { eur } else { chf };
                let date = language.format_date(today);
                let row = format!("//table//tr[td[normalize-space()={}]]", literal(amount));
                let cells = console.wait_for(&row).await?.text().await?;
                assert!(cells.contains(&date), "{language:?}: {cells} has {date}");
            }
        }
        Ok(())
    })
    .await;
}

/// R-RENEW-3 and R-RENEW-4: 9 days from expiry, auto-renewal cannot be turned on and the page
/// says why before anything is sent; 40 days away it can, with the saved card.
#[tokio::test]
async fn r_renew_3_auto_renewal_is_disabled_with_the_reason_near_expiry_and_works_further_away() {
    Console::run_demo("auto_renewal", async |console| {
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Renewals']").await?;
        console.wait_for("//h1[normalize-space()='Renewals']").await?;

        let near = "//tr[th[contains(., 'demo-company.ch') and not(contains(., 'www.')) and not(contains(., 'mail.')) and not(contains(., 'shop.'))]]";
        let button = console.button_in(near, "Turn auto-renewal on").await?;
        assert_eq!(button.attr("disabled").await?.as_deref(), Some("true"));
        let reason_id = button.attr("aria-describedby").await?.ok_or("no description")?;
        let reason = console.wait_for(&format!("//*[@id={}]", literal(&reason_id))).await?.text().await?;
        assert!(
            reason.starts_with("This product expires in 8 days; automatic renewal needs at least 14."),
            "{reason}"
        );

        // 40 days away, on in the demo data: off, then on again with the card.
        let far = "//tr[th[contains(., 'www.demo-company.ch')]]";
        console.button_in(far, "Turn auto-renewal off").await?.click().await?;
        console.wait_for_text("Auto-renewal is off for www.demo-company.ch.").await?;
        console.button_in(far, "Turn auto-renewal on").await?.click().await?;
        console.wait_for_text("Auto-renewal is on for www.demo-company.ch.").await?;
        console.button_in(far, "Turn auto-renewal off").await?;
        console.assert_accessible("renewals").await?;
        Ok(())
    })
    .await;
}

/// R-PAY-1: a card added (a declined one refused, a wrong expiry caught in the page), made the
/// default, and a method that auto-renewal still charges kept with the reason.
#[tokio::test]
async fn r_pay_1_cards_are_added_made_default_and_removed_unless_a_renewal_charges_them() {
    Console::run_demo("payment_methods", async |console| {
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Payment methods']").await?;
        console.wait_for("//caption[normalize-space()='Payment methods of Demo Company SA']").await?;
        let row = |label: &str| format!("//tr[th[normalize-space()={}]]", literal(label));
        let visa = row("Visa •••• 4242");
        assert_eq!(console.wait_for(&format!("{visa}/td[1]")).await?.text().await?, "Yes");

        console.fill("Card number", "4000 0000 0000 0002").await?;
        console.fill("Expiry (MM/YY)", "13/35").await?;
        console.fill("CVC", "123").await?;
        console.press("Add a card").await?;
        let error = console.wait_for("//*[@id='card_expiry-error']").await?.text().await?;
        assert_eq!(error, "Write the expiry as on the card: month and year, like 12/35.");
        console.fill("Expiry (MM/YY)", "12/35").await?;
        console.press("Add a card").await?;
        console
            .wait_for_text("The card was declined and nothing was paid. Try another card or another way to pay.")
            .await?;

        console.fill("Card number", "5555 5555 5555 4444").await?;
        console.press("Add a card").await?;
        console.wait_for_text("Mastercard •••• 4444 added.").await?;
        let mastercard = row("Mastercard •••• 4444");
        assert_eq!(console.wait_for(&format!("{mastercard}/td[1]")).await?.text().await?, "No");
        assert_eq!(console.field("Card number").await?.prop("value").await?.as_deref(), Some(""), "nothing kept");
        console.assert_accessible("payment methods").await?;

        console.button_in(&mastercard, "Make default").await?.click().await?;
        console.wait_for_text("Mastercard •••• 4444 is now the default.").await?;
        console.wait_for(&format!("{visa}/td[normalize-space()='No']")).await?;

        // The demo's auto-renewals charge the Visa card: it stays, and the page says why.
        console.button_in(&visa, "Remove").await?.click().await?;
        console
            .wait_for_text(
                "Automatic renewal still charges this payment method. Choose another one for those products first.",
            )
            .await?;
        console.button_in(&mastercard, "Remove").await?.click().await?;
        console.wait_for_text("Mastercard •••• 4444 removed.").await?;
        console.wait_for(&format!("{visa}/td[normalize-space()='Yes']")).await?;
        Ok(())
    })
    .await;
}

/// R-PAY-8: an invoice listed with its total and status, downloaded from its page as a PDF
/// that says its number and its total.
#[tokio::test]
async fn r_pay_8_an_invoice_is_listed_and_downloads_as_a_pdf_with_its_number_and_total() {
    Console::run_demo("invoice_pdf", async |console| {
        let api = console.demo_api().await?;
        let company = account_id(&api, "Demo Company SA").await?;
        let card = api.payment_methods(company).await?.into_iter().find(|m| m.is_default).ok_or("no card")?;
        let choice = api::PaymentChoice { payment_method_id: Some(card.id), ..Default::default() };
        let invoice = api.top_up(company, &api::TopUpRequest { amount: "42.00".into(), payment: choice }).await?;

        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Invoices']").await?;
        console.wait_for("//caption[normalize-space()='Invoices of Demo Company SA']").await?;
        let row = format!("//tr[th[normalize-space()={}]]", literal(&invoice.number));
        let cells = console.wait_for(&row).await?.text().await?;
        assert!(cells.contains("CHF 42.00") && cells.contains("Paid"), "{cells}");
        console.assert_accessible("invoices").await?;

        // The file the page hands to the browser, caught where it becomes a download.
        console.catch_downloads().await?;
        console.button_in(&row, "Download PDF").await?.click().await?;
        let (kind, text) = console.first_download().await?;
        assert_eq!(kind, "application/pdf");
        assert!(text.starts_with("%PDF-"), "a PDF");
        assert!(text.contains(&invoice.number) && text.contains("Total: CHF 42.00"), "its number and total");
        Ok(())
    })
    .await;
}

/// R-RENEW-6: `Manage renewals` changes the selection at once and reports each product: on is
/// refused 9 days from expiry and for a blocked product (with the rule's sentence on the row),
/// off always goes through.
#[tokio::test]
async fn r_renew_6_the_selection_is_changed_at_once_and_each_row_says_how_it_went() {
    Console::run_demo("bulk_auto_renewal", async |console| {
        let api = console.demo_api().await?;
        let company = account_id(&api, "Demo Company SA").await?;
        let count = api.renewals(company, true).await?.len();
        console.log_in_as_demo_user().await?;
        console.click("//nav//a[normalize-space()='Renewals']").await?;
        console.press("Show all").await?;
        console.wait_for("//tr[th[normalize-space(text())='Backups']]").await?;
        console.click("//input[@aria-label='Select all']").await?;
        console.wait_for_text(&format!("{count} selected")).await?;

        console.press("Manage renewals").await?;
        console.press("Turn auto-renewal on for the selection").await?;
        let result = |name: &str| format!("//tr[th[normalize-space(text())={}]]/td[last()]", literal(name));
        console.wait_for(&format!("{}[normalize-space()='Done']", result("Backups"))).await?;
        let near = console.wait_for(&result("demo-company.ch")).await?.text().await?;
        assert!(near.starts_with("This product expires in 8 days"), "{near}");
        let blocked = console.wait_for(&result("shop.demo-company.ch")).await?.text().await?;
        assert_eq!(blocked, "This product is blocked or terminated: renew it first.");
        console.wait_for_text(&format!("of {count} changed; each row says how it went.")).await?;

        console.press("Manage renewals").await?;
        console.press("Turn auto-renewal off for the selection").await?;
        console.wait_for_text(&format!("{count} of {count} changed; each row says how it went.")).await?;
        let still_on = api.renewals(company, true).await?.into_iter().filter(|r| r.auto_renewal.enabled).count();
        assert_eq!(still_on, 0, "off for every product");
        console.assert_accessible("renewals after a bulk change").await?;
        Ok(())
    })
    .await;
}
