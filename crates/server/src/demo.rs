//! Demo data, seeded with `--demo` only. Idempotent: a second start finds it there.

use crate::accounts::{self, NewOrganization};
use crate::billing::{carry_out, paying_with};
use crate::error::ApiError;
use crate::users::create_user_with_organization;
use crate::AppState;
use api::{MethodType, PaymentChoice, RegisterRequest};
use domain::account::LegalEntityType;
use domain::money::{Currency, Money};
use domain::payment::{top_up, Purpose};
use domain::role::Role;

pub const DEMO_EMAIL: &str = "demo@example.com";
pub const DEMO_PASSWORD: &str = "demo-password";

pub(crate) async fn seed(state: &AppState) -> Result<(), ApiError> {
    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE lower(email) = lower($1)")
        .bind(DEMO_EMAIL)
        .fetch_optional(&state.db)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    let request = RegisterRequest {
        email: DEMO_EMAIL.into(),
        password: DEMO_PASSWORD.into(),
        first_name: "Ada".into(),
        last_name: "Demo".into(),
        organization_name: Some("Demo Company SA".into()),
        legal_entity_type: Some(LegalEntityType::Company),
        currency: Some(Currency::Chf),
        locale: Some("en".into()),
    };
    let (user_id, company) = create_user_with_organization(state, &request).await?;
    let now = state.clock.now().timestamp();
    let mut tx = crate::db::begin(&state.db).await?;
    let gmbh = NewOrganization {
        name: "Demo GmbH".into(),
        legal_entity_type: LegalEntityType::Company,
        currency: Currency::Eur,
        locale: "de".into(),
    };
    let gmbh = accounts::insert(&mut tx, &gmbh, user_id, Role::Owner, now).await?;
    // Expiring from long ago to over a year away (days from now), some within the 14 days
    // of R-RENEW-3, auto-renewal on some.
    let products: [(i64, &str, &str, i64, bool); 10] = [
        (company, "domain", "demo-company.ch", 9, false),
        (company, "hosting", "www.demo-company.ch", 40, true),
        (company, "drive", "Team drive", 200, true),
        (company, "email_hosting", "mail.demo-company.ch", 20, false),
        (company, "certificate", "shop.demo-company.ch", -5, false),
        (company, "ksuite", "Old suite", -45, false),
        (company, "swiss_backup", "Backups", 400, false),
        (gmbh, "domain", "demo-gmbh.de", 30, true),
        (gmbh, "web_hosting", "www.demo-gmbh.de", 12, false),
        (gmbh, "website_builder", "Shop", 90, false),
    ];
    // A saved card in each, the default, which the auto-renewals charge (the payment
    // provider's token stands for the card, as for any saved card).
    let mut cards = vec![];
    for (account_id, brand, last4, label) in
        [(company, "visa", "4242", "Visa •••• 4242"), (gmbh, "mastercard", "4444", "Mastercard •••• 4444")]
    {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO payment_methods (account_id, type, brand, last4, label, provider_token, is_default, created_at) \
             VALUES ($1, 'card', $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(account_id)
        .bind(brand)
        .bind(last4)
        .bind(label)
        .bind(format!("demo_tok_{last4}"))
        .bind(true)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        cards.push((account_id, id));
    }
    let card_of = |account_id: i64| cards.iter().find(|(a, _)| *a == account_id).map(|(_, id)| *id);
    for (account_id, service_name, customer_name, days, auto_renewal) in products {
        sqlx::query(
            "INSERT INTO products (account_id, service_name, customer_name, internal_name, created_at, expired_at, auto_renewal, payment_method_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(account_id)
        .bind(service_name)
        .bind(customer_name)
        .bind(customer_name.to_lowercase().replace(' ', "-"))
        .bind(now - 300 * 86_400)
        .bind(now + days * 86_400)
        .bind(auto_renewal)
        .bind(if auto_renewal { card_of(account_id) } else { None })
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    // A prepaid balance in each, and a pro-forma waiting for a transfer (the invoices list
    // then shows paid and pending ones).
    let top_ups = [
        (company, Currency::Chf, 2_500, card_of(company)),
        (gmbh, Currency::Eur, 1_500, card_of(gmbh)),
        (gmbh, Currency::Eur, 10_000, None),
    ];
    for (account_id, currency, cents, card) in top_ups {
        let choice = match card {
            Some(id) => PaymentChoice { payment_method_id: Some(id), ..Default::default() },
            None => PaymentChoice { kind: Some(MethodType::Iban), ..Default::default() },
        };
        let paying = paying_with(state, account_id, &choice, "payment").await?;
        let plan = top_up(Money::new(cents, currency), currency, paying.kind).map_err(|e| ApiError::rule(&e))?;
        let mut tx = crate::db::begin(&state.db).await?;
        carry_out(state, &mut tx, account_id, &plan, Purpose::TopUp, Some(&paying)).await?;
        tx.commit().await?;
    }
    tracing::info!("demo data seeded: {DEMO_EMAIL}");
    Ok(())
}
