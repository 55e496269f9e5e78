//! `Create an organization` (R-ACC-3): one login can own several; the new one becomes current.

use crate::components::{describe, FormError, SelectField, TextField};
use crate::errors::field_code_message;
use crate::i18n::t;
use crate::session::Session;
use api::{CreateAccountRequest, Currency, LegalEntityType};
use domain::account;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn NewOrganization() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let legal_form = RwSignal::new("company".to_string());
    let currency = RwSignal::new("CHF".to_string());
    let name_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if let Err(e) = account::validate_required(&name.get_untracked()) {
            name_error.set(Some(field_code_message(e.code(), &Default::default())));
            return;
        }
        name_error.set(None);
        let request = CreateAccountRequest {
            name: name.get_untracked().trim().to_string(),
            legal_entity_type: LegalEntityType::parse(&legal_form.get_untracked()).unwrap_or(LegalEntityType::Company),
            currency: Currency::parse(&currency.get_untracked()).unwrap_or(Currency::Chf),
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match session.client().create_account(&request).await {
                Ok(created) => {
                    session.choose_account(created.id);
                    session.reload_accounts();
                    navigate("/", Default::default());
                }
                Err(error) => form_error.set(Some(describe(&error))),
            }
            busy.set(false);
        });
    };

    let t = t();
    view! {
        <h1>{t.new_organization_title}</h1>
        <p>{t.new_organization_intro}</p>
        <form class="card" on:submit=submit novalidate>
            <TextField label=t.organization_name id="organization_name" value=name error=name_error />
            <SelectField
                label=t.legal_form.into()
                id="legal_entity_type".into()
                value=legal_form
                options=options(&[("company", t.legal_company), ("individual", t.legal_individual), ("public_body", t.legal_public_body)])
            />
            <SelectField label=t.currency.into() id="currency".into() value=currency options=options(&[("CHF", "CHF"), ("EUR", "EUR")]) />
            <FormError message=form_error />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                {move || if busy.get() { t.creating_organization } else { t.create_organization_button }}
            </button>
        </form>
    }
}

fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(value, text)| (value.to_string(), text.to_string())).collect()
}
