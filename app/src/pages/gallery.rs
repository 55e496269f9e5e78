//! `/gallery`: each embeddable component alone, with sample data, for the frontend developers
//! who put them in their own Leptos apps (see `examples/embed`). Nothing here is sent to the
//! server except what a component itself does when used (the user table's actions).

use crate::components::{
    default_method, GuidePlayer, Guides, HelpMenu, OrganizationSwitcher, RenewalsTable, RolePicker, TopUpForm,
    Tutorial, UserTable,
};
use crate::i18n::t;
use api::{
    Account, AccountUser, AutoRenewal, ClientError, Currency, LegalEntityType, MethodType, PaymentMethod, Renewal,
};
use domain::lifecycle::ProductStatus;
use domain::payment::CardBrand;
use domain::role::{Member, Role};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[component]
pub fn Gallery() -> impl IntoView {
    let t = t();
    // The switcher, with three sample Organizations; choosing one here changes only this page.
    let accounts = LocalResource::new(|| async { Ok::<_, ClientError>(sample_accounts()) });
    let chosen = RwSignal::new(1);
    let current = Memo::new(move |_| sample_accounts().into_iter().find(|a| a.id == chosen.get()));
    let role = RwSignal::new("normal".to_string());
    let me = Member { user_id: 1, role: Role::Owner, has_billing_access: true };
    let said = RwSignal::new(None::<String>);
    let (renewals_said, top_up_said) = (RwSignal::new(None::<String>), RwSignal::new(None::<String>));
    view! {
        <h1>{t.gallery_title}</h1>
        <p>{t.gallery_intro}</p>
        <section aria-labelledby="gallery-switcher">
            <h2 id="gallery-switcher">{t.gallery_switcher}</h2>
            <OrganizationSwitcher accounts=accounts current=current on_choose=move |id| chosen.set(id) />
        </section>
        <section aria-labelledby="gallery-role-picker">
            <h2 id="gallery-role-picker">{t.gallery_role_picker}</h2>
            <RolePicker label=t.role_field id="gallery-role" value=role />
        </section>
        <section aria-labelledby="gallery-user-table">
            <h2 id="gallery-user-table">{t.gallery_user_table}</h2>
            {move || said.get().map(|s| view! { <p class="notice" role="status">{s}</p> })}
            <UserTable
                users=sample_users()
                me=me
                account_id=0
                organization="Acme SA".to_string()
                on_done=move |message| said.set(Some(message))
                on_error=move |error: ClientError| said.set(Some(crate::components::describe(&error)))
            />
        </section>
        <section aria-labelledby="gallery-renewals-table">
            <h2 id="gallery-renewals-table">{t.gallery_renewals_table}</h2>
            {move || renewals_said.get().map(|s| view! { <p class="notice" role="status">{s}</p> })}
            <RenewalsTable
                list=sample_renewals()
                organization="Acme SA".to_string()
                account_id=0
                default=default_method(&sample_methods())
                selected=RwSignal::new(BTreeSet::new())
                results=RwSignal::new(BTreeMap::new())
                on_done=move |message| renewals_said.set(Some(message))
                on_error=move |error: ClientError| renewals_said.set(Some(crate::components::describe(&error)))
            />
        </section>
        <section aria-labelledby="gallery-guides">
            <h2 id="gallery-guides">{t.gallery_guides}</h2>
            <p>{t.gallery_guides_intro}</p>
            {Guides::provide(); view! { <HelpMenu /> <GuidePlayer /> }}
        </section>
        <section aria-labelledby="gallery-tutorial">
            <h2 id="gallery-tutorial">{t.gallery_tutorial}</h2>
            <p>{t.gallery_tutorial_intro}</p>
            <Tutorial in_page_only=true />
        </section>
        <section aria-labelledby="gallery-top-up-form">
            <h2 id="gallery-top-up-form">{t.gallery_top_up_form}</h2>
            {move || top_up_said.get().map(|s| view! { <p class="notice" role="status">{s}</p> })}
            <TopUpForm
                account_id=0
                currency=Currency::Chf
                methods=sample_methods()
                on_done=move |message| top_up_said.set(Some(message))
            />
        </section>
    }
}

/// Three products of the sample Organization: 9 days from expiry (too close for auto-renewal,
/// R-RENEW-3), 40 days, and 200 days with auto-renewal on.
pub fn sample_renewals() -> Vec<Renewal> {
    let now = crate::format::now().timestamp();
    let renewal = |product_id: i64, name: &str, service: &str, days: i64, on: bool| Renewal {
        product_id,
        customer_name: name.into(),
        service_name: service.into(),
        expired_at: now + days * 86_400,
        status: ProductStatus::Active,
        auto_renewal: AutoRenewal { enabled: on, payment_method_id: None },
        first_attempt_at: None,
        periods: vec![],
    };
    vec![
        renewal(1, "acme.example", "domain", 9, false),
        renewal(2, "www.acme.example", "hosting", 40, false),
        renewal(3, "Team drive", "drive", 200, true),
    ]
}

/// The sample Organization's saved card, its default.
pub fn sample_methods() -> Vec<PaymentMethod> {
    vec![PaymentMethod {
        id: 1,
        kind: MethodType::Card,
        brand: Some(CardBrand::Visa),
        last4: Some("4242".into()),
        label: "Visa •••• 4242".into(),
        is_default: true,
    }]
}

fn account(id: i64, name: &str, role: Role, nb_users: i64) -> Account {
    Account {
        id,
        name: name.into(),
        legal_entity_type: LegalEntityType::Company,
        created_at: 1_767_225_600,
        role,
        billing: role != Role::External,
        nb_users,
        count_owners: 1,
        has_2fa_required: false,
        locale: "en_GB".into(),
        language_id: 4,
        currency: Some(Currency::Chf),
        is_customer: true,
        is_sso: false,
        beta: false,
        support_level: 0,
        in_process: false,
        waiting_payment: false,
        blocked_order_id: None,
    }
}

/// Three Organizations of one person, with three different roles.
pub fn sample_accounts() -> Vec<Account> {
    vec![
        account(1, "Acme SA", Role::Owner, 3),
        account(2, "Beta Sàrl", Role::Admin, 12),
        account(3, "Gamma GmbH", Role::External, 40),
    ]
}

fn user(user_id: i64, first_name: &str, last_name: &str, role: Role) -> AccountUser {
    AccountUser {
        user_id,
        invitation_id: None,
        first_name: first_name.into(),
        last_name: last_name.into(),
        display_name: format!("{first_name} {last_name}"),
        email: format!("{}@acme.example", first_name.to_lowercase()),
        avatar: None,
        role_type: role,
        state_in_account: "active".into(),
        is_correspondent: role == Role::Owner,
        is_correspondent_billing: role == Role::Owner,
        is_workspace_only: false,
        has_no_manager_access: role == Role::External,
        has_billing_access: matches!(role, Role::Owner | Role::Admin),
        is_sso: false,
        language_id: 4,
        unique_key: format!("sample-{user_id}"),
        last_login_at: None,
        partnership_id: None,
        notifications: None,
        product_ids: vec![],
    }
}

/// The members of the sample Organization: one of each role, the first being "me".
pub fn sample_users() -> Vec<AccountUser> {
    vec![
        user(1, "Ada", "Keller", Role::Owner),
        user(2, "Ben", "Rossi", Role::Admin),
        user(3, "Cleo", "Martin", Role::Normal),
        user(4, "Dario", "Weber", Role::External),
    ]
}
