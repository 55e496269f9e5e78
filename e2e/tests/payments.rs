//! Paying renewals from the Renewals page (`Pay selection`), against the real server with its
//! demo data: Demo Company SA (CHF) has a saved Visa and a prepaid balance.

use domain::language::Language;
use domain::money::{Currency, Money};
use e2e::{account_id, literal, ApiClient, Console};

fn chf(cents: i64) -> String {
    Language::En.format_money(Money::new(cents, Currency::Chf))
}

fn cents(price: &api::Price) -> i64 {
    price.money().map(|m| m.cents).unwrap_or_default()
}

/// The product's renewal as the server lists it.
async fn renewal(api: &ApiClient, account: i64, name: &str) -> Result<api::Renewal, Box<dyn std::error::Error>> {
    let list = api.renewals(account, true).await?;
    Ok(list.into_iter().find(|r| r.customer_name == name).ok_or("no such product")?)
}

/// Opens Renewals with every product shown, selects `names` and opens `Pay selection`.
async fn pay_selection_of(console: &Console, names: &[&str]) -> e2e::Outcome {
    console.click("//nav//a[normalize-space()='Renewals']").await?;
    console.press("Show all").await?;
    for name in names {
        console.click(&format!("//input[@aria-label={}]", literal(&format!("Select {name}")))).await?;
    }
    console.wait_for_text(&format!("{} selected", names.len())).await?;
    console.press("Pay selection").await?;
    console.wait_for("//form//h2[normalize-space()='Pay selection']").await?;
    Ok(())
}

/// R-PAY-4, R-PAY-7, R-RENEW-9: two products, one for a longer period, paid at once: the prepaid
/// balance pays what it can and the saved card the rest, on one invoice; the page's total,
/// the balance and the invoice agree to the cent, the products' expiry moves on by their
/// periods, and the invoice downloads as a PDF that says the total.
#[tokio::test]
async fn r_pay_4_a_selection_is_paid_part_prepaid_part_card_and_balance_and_invoice_agree() {
    Console::run_demo("pay_selection", async |console| {
        let api = console.demo_api().await?;
        let company = account_id(&api, "Demo Company SA").await?;
        let balance = cents(&api.prepaid(company).await?.balance);
        assert!(balance > 0, "the demo has a prepaid balance");
        let (drive, backups) = (renewal(&api, company, "Team drive").await?, renewal(&api, company, "Backups").await?);
        // The drive for its longest period (R-RENEW-9), the backups for their first.
        let drive_period = drive.periods.last().ok_or("no period")?;
        let total = cents(&drive_period.price) + cents(&backups.periods[0].price);
        assert!(total > balance, "the card pays a part");

        console.log_in_as_demo_user().await?;
        pay_selection_of(console, &["Team drive", "Backups"]).await?;
        console.wait_for_text(&format!("Use the prepaid balance ({})", chf(balance))).await?;
        let period = format!("//select[@aria-label='Period for Team drive']/option[@value='{}']", drive_period.months);
        console.click(&period).await?;
        console.wait_for_text(&format!("Total: {}", chf(total))).await?;
        let split =
            format!("{} from the prepaid balance, {} with the payment method.", chf(balance), chf(total - balance));
        console.wait_for_text(&split).await?;
        console.assert_accessible("renewals with the payment form").await?;
        console.press("Pay").await?;
        let done = console.wait_for_text(&format!("{} paid (invoice", chf(total))).await?.text().await?;

        // The server agrees: the balance spent, one invoice for the total split the same way.
        assert_eq!(cents(&api.prepaid(company).await?.balance), 0);
        let invoices = api.invoices(company).await?;
        let invoice = invoices.iter().find(|i| done.contains(&i.number)).ok_or("the invoice of the message")?;
        assert_eq!((cents(&invoice.total), cents(&invoice.from_prepaid)), (total, balance));
        assert_eq!(cents(&invoice.from_method), total - balance);
        assert_eq!(invoice.status, "paid");
        assert_eq!(invoice.lines.len(), 2);
        let renewed = renewal(&api, company, "Team drive").await?;
        let days = (renewed.expired_at - drive.expired_at) / 86_400;
        assert!(days >= i64::from(drive_period.months) * 28, "{days} days for {} months", drive_period.months);
        console.wait_for_text("0 selected").await?;

        // The invoice in the list, and its PDF.
        console.click("//nav//a[normalize-space()='Invoices']").await?;
        let row = format!("//tr[th[normalize-space()={}]]", literal(&invoice.number));
        let cells = console.wait_for(&row).await?.text().await?;
        assert!(cells.contains(&chf(total)), "{cells}");
        console.catch_downloads().await?;
        console.button_in(&row, "Download PDF").await?.click().await?;
        let (kind, text) = console.first_download().await?;
        assert_eq!(kind, "application/pdf");
        assert!(text.starts_with("%PDF-") && text.contains(&format!("Total: {}", chf(total))), "a PDF with the total");
        Ok(())
    })
    .await;
}

/// A declined card pays nothing: the page says so, and the balance, the invoices and the
/// product's expiry are as before (R-PAY-1: the card typed is used once, kept nowhere).
#[tokio::test]
async fn a_declined_card_pays_nothing() {
    Console::run_demo("pay_declined", async |console| {
        let api = console.demo_api().await?;
        let company = account_id(&api, "Demo Company SA").await?;
        let balance = api.prepaid(company).await?.balance;
        let invoices = api.invoices(company).await?.len();
        let backups = renewal(&api, company, "Backups").await?;

        console.log_in_as_demo_user().await?;
        pay_selection_of(console, &["Backups"]).await?;
        console.click("//input[@id='use_prepaid']").await?;
        console.choose("Payment method", "A new card").await?;
        console.fill("Card number", "4000 0000 0000 0002").await?;
        console.fill("Expiry (MM/YY)", "12/35").await?;
        console.fill("CVC", "123").await?;
        console.press("Pay").await?;
        console
            .wait_for("//*[@role='alert'][normalize-space()='The card was declined and nothing was paid. Try another card or another way to pay.']")
            .await?;
        console.assert_accessible("payment form with a declined card").await?;

        assert_eq!(api.prepaid(company).await?.balance, balance);
        assert_eq!(api.invoices(company).await?.len(), invoices);
        assert_eq!(renewal(&api, company, "Backups").await?.expired_at, backups.expired_at);
        Ok(())
    })
    .await;
}

/// The dashboard's `Needs attention` (domain::attention), and the demo clock moved past an
/// expiry (R-RENEW-8): demo-company.ch, 9 days from expiry with auto-renewal off, is first
/// expiring soon; 10 days later it is blocked, with the day it will be terminated; 31 days
/// after that it is terminated and needs nothing more. The Products page agrees each time.
#[tokio::test]
async fn r_renew_8_the_dashboard_says_what_needs_attention_as_the_clock_moves_past_an_expiry() {
    Console::run_demo("attention_and_clock", async |console| {
        let api = console.demo_api().await?;
        let company = account_id(&api, "Demo Company SA").await?;
        let expiry = renewal(&api, company, "demo-company.ch").await?.expired_at;
        let day = |seconds: i64| {
            Language::En.format_date(chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default().date_naive())
        };
        let item = |text: &str| format!("//section[h2='Needs attention']//li/a[normalize-space()={}]", literal(text));

        console.log_in_as_demo_user().await?;
        let soon = format!("demo-company.ch expires on {} and automatic renewal is off.", day(expiry));
        console.wait_for(&item(&soon)).await?;
        console
            .wait_for(&item(&format!(
                "shop.demo-company.ch is blocked: renew it before {}, when it is terminated.",
                day(renewal(&api, company, "shop.demo-company.ch").await?.expired_at + 30 * 86_400)
            )))
            .await?;
        console.assert_accessible("dashboard with what needs attention").await?;
        console.click(&item(&soon)).await?;
        console.wait_for_path("/renewals").await?;

        // The other Organization: its pro-forma waits for its transfer.
        console.click("//nav//a[normalize-space()='Dashboard']").await?;
        console.press("Organization: Demo Company SA").await?;
        console.click("//ul[@id='organization-list']//button[normalize-space()='Demo GmbH']").await?;
        let pro_forma = console.wait_for("//section[h2='Needs attention']//li[1]/a").await?.text().await?;
        assert!(pro_forma.starts_with("Invoice PF-") && pro_forma.ends_with("waits for €100.00."), "{pro_forma}");

        // Ten days on (a new log-in: the move outlived the session's token), blocked.
        console.move_clock(10).await?;
        console.browser.execute("localStorage.clear();", vec![]).await?;
        console.log_in_as_demo_user().await?;
        let blocked = format!(
            "demo-company.ch is blocked: renew it before {}, when it is terminated.",
            day(expiry + 30 * 86_400)
        );
        console.wait_for(&item(&blocked)).await?;
        let status = |name: &str| format!("//tr[th//a[normalize-space()={}]]/td", literal(name));
        console.click("//nav//a[normalize-space()='Products']").await?;
        console.wait_for(&format!("{}[normalize-space()='Blocked']", status("demo-company.ch"))).await?;

        // 31 days more: terminated, and no longer on the dashboard.
        console.move_clock(31).await?;
        console.browser.execute("localStorage.clear();", vec![]).await?;
        console.log_in_as_demo_user().await?;
        console.wait_for("//section[h2='Needs attention']//li").await?;
        let listed = console.wait_for("//section[h2='Needs attention']").await?.text().await?;
        assert!(!listed.lines().any(|line| line.starts_with("demo-company.ch")), "terminated: nothing to do: {listed}");
        console.click("//nav//a[normalize-space()='Products']").await?;
        console.wait_for(&format!("{}[normalize-space()='Terminated']", status("demo-company.ch"))).await?;
        Ok(())
    })
    .await;
}
