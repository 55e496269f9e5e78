//! Demo data, seeded with `--demo` only. Idempotent: a second start finds it there.

use crate::error::ApiError;
use crate::users::create_user_with_organization;
use crate::AppState;
use api::RegisterRequest;
use domain::account::LegalEntityType;
use domain::money::Currency;

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
    create_user_with_organization(state, &request).await?;
    tracing::info!("demo data seeded: {DEMO_EMAIL}");
    Ok(())
}
