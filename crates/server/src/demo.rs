//! Demo data, seeded with `--demo` only. Idempotent: a second start finds it there.

use crate::accounts::{self, NewOrganization};
use crate::error::ApiError;
use crate::users::create_user_with_organization;
use crate::AppState;
use api::RegisterRequest;
use domain::account::LegalEntityType;
use domain::money::Currency;
use domain::role::Role;

pub const DEMO_EMAIL: &str = "demo@example.com";
pub const DEMO_PASSWORD: &str = "demo-password";

pub(crate) async fn seed(state: &AppState) -> Result<(), ApiError> {
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM users WHERE lower(email) = lower($1)").bind(DEMO_EMAIL).fetch_optional(&state.db).await?;
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
    let mut tx = state.db.begin().await?;
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
    for (account_id, service_name, customer_name, days, auto_renewal) in products {
        sqlx::query(
            "INSERT INTO products (account_id, service_name, customer_name, internal_name, created_at, expired_at, auto_renewal) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(account_id)
        .bind(service_name)
        .bind(customer_name)
        .bind(customer_name.to_lowercase().replace(' ', "-"))
        .bind(now - 300 * 86_400)
        .bind(now + days * 86_400)
        .bind(auto_renewal)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!("demo data seeded: {DEMO_EMAIL}");
    Ok(())
}
