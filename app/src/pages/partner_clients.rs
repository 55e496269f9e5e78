//! The Partner program page's R-PART-3: `Partners who manage this organization` (the legal
//! representative lets a partner, by its partner number, manage the whole account or chosen
//! products, and stops it), and for a partner, `Clients` (its number to give, and for each
//! client the members who act for it). The rules are the server's (`domain::partner::may_delegate`);
//! who may change what is `domain::role`'s.

use crate::components::{CheckList, PageOutcome, ProductPicker, SelectField, TextField};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{DelegationUsersRequest, PartnerDelegation, PartnerDelegationRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What a delegation lets the partner manage, in words.
fn what(t: &crate::i18n::Texts, delegation: &PartnerDelegation, name: &str) -> String {
    if delegation.scope == "whole_account" {
        fill(t.partner_manages_all, &[("name", name)])
    } else {
        fill(t.partner_manages_products, &[("name", name), ("count", &delegation.product_ids.len().to_string())])
    }
}

/// The client's side: the partners let in, and (for the legal representative) the form.
#[component]
pub fn LetPartnersIn(
    /// The Organization shown.
    account_id: i64,
    /// The legal representative: lets partners in and stops them (R-ACC-4).
    may_edit: bool,
    page: PageOutcome,
) -> impl IntoView {
    let session = Session::get();
    let t = t();
    // Listed for those who manage the Organization; the others are refused and see nothing.
    let partners = LocalResource::new(move || {
        page.version.track();
        async move { session.client().partners(account_id).await }
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = partners.await.ok()?;
                Some(view! {
                    <section class="card" aria-labelledby="partners-title">
                        <h2 id="partners-title">{t.partners_title}</h2>
                        {list.is_empty().then(|| view! { <p>{t.no_partners}</p> })}
                        <ul>
                            {list
                                .into_iter()
                                .map(|d| view! { <PartnerLetIn delegation=d account_id=account_id may_edit=may_edit page=page /> })
                                .collect_view()}
                        </ul>
                        {may_edit.then(|| view! { <LetPartnerIn account_id=account_id page=page /> })}
                    </section>
                })
            })}
        </Transition>
    }
}

#[component]
fn PartnerLetIn(delegation: PartnerDelegation, account_id: i64, may_edit: bool, page: PageOutcome) -> impl IntoView {
    let (session, t) = (Session::get(), t());
    let name = delegation.partner_name.clone();
    let stop = {
        let name = name.clone();
        move |_| {
            let name = name.clone();
            spawn_local(async move {
                match session.client().revoke_partner(account_id, delegation.id).await {
                    Ok(_) => page.done(fill(t.partner_stopped, &[("name", &name)])),
                    Err(failure) => page.failed(&failure),
                }
            });
        }
    };
    view! {
        <li>
            {what(&t, &delegation, &name)}
            {may_edit.then(|| view! {
                " "<button type="button" class="secondary" on:click=stop>{fill(t.stop_partner, &[("name", &name)])}</button>
            })}
        </li>
    }
}

/// The legal representative's form: the partner's number, and what it manages.
#[component]
fn LetPartnerIn(account_id: i64, page: PageOutcome) -> impl IntoView {
    let (session, t) = (Session::get(), t());
    let number = RwSignal::new(String::new());
    let scope = RwSignal::new("whole_account".to_string());
    let chosen = RwSignal::new(Vec::<i64>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(partner_account_id) = number.get_untracked().trim().parse::<i64>() else {
            page.error.set(Some(t.err_not_a_partner.into()));
            return;
        };
        let scope = scope.get_untracked();
        let product_ids = if scope == "products" { chosen.get_untracked() } else { vec![] };
        let request = PartnerDelegationRequest { partner_account_id, scope, product_ids };
        spawn_local(async move {
            match session.client().delegate_to_partner(account_id, &request).await {
                Ok(made) => {
                    number.set(String::new());
                    page.done(fill(t.partner_let_in, &[("name", &made.partner_name)]));
                }
                Err(failure) => page.failed(&failure),
            }
        });
    };
    let scopes = vec![
        ("whole_account".to_string(), t.scope_whole.to_string()),
        ("products".to_string(), t.scope_chosen_products.to_string()),
    ];
    view! {
        <form on:submit=submit novalidate>
            <TextField label=t.partner_number id="partner_number" value=number hint=t.partner_number_hint />
            <SelectField label=t.delegation_scope.into() id="delegation_scope".into() value=scope options=scopes />
            {move || (scope.get() == "products").then(|| view! {
                <fieldset>
                    <legend>{t.scope_chosen_products}</legend>
                    <ProductPicker account_id=account_id chosen=chosen prefix="delegate-product" />
                </fieldset>
            })}
            <button type="submit">{t.let_partner_in}</button>
        </form>
    }
}

/// The partner's side: its number, and who acts for each client.
#[component]
pub fn Clients(account_id: i64, page: PageOutcome) -> impl IntoView {
    let (session, t) = (Session::get(), t());
    let clients = LocalResource::new(move || {
        page.version.track();
        async move {
            let clients = session.client().clients(account_id).await.ok()?;
            let members = session.client().account_users(account_id, 1, 100, None).await.ok()?;
            let members: Vec<(i64, String)> = members.items.into_iter().map(|u| (u.user_id, u.display_name)).collect();
            Some((clients, members))
        }
    });
    view! {
        <section class="card" aria-labelledby="clients-title">
            <h2 id="clients-title">{t.clients_title}</h2>
            <p>{fill(t.your_partner_number, &[("id", &account_id.to_string())])}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let (clients, members) = clients.await?;
                    Some(if clients.is_empty() {
                        view! { <p>{t.no_clients}</p> }.into_any()
                    } else {
                        clients
                            .into_iter()
                            .map(|d| view! { <Acting delegation=d members=members.clone() account_id=account_id page=page /> })
                            .collect_view()
                            .into_any()
                    })
                })}
            </Transition>
        </section>
    }
}

/// One client: what it lets the partner manage, and the members who act for it.
#[component]
fn Acting(
    delegation: PartnerDelegation,
    members: Vec<(i64, String)>,
    account_id: i64,
    page: PageOutcome,
) -> impl IntoView {
    let (session, t) = (Session::get(), t());
    let chosen = RwSignal::new(delegation.user_ids.clone());
    let name = delegation.client_name.clone();
    let save = {
        let name = name.clone();
        move |_| {
            let request = DelegationUsersRequest { user_ids: chosen.get_untracked() };
            let name = name.clone();
            spawn_local(async move {
                match session.client().choose_client_users(account_id, delegation.id, &request).await {
                    Ok(_) => page.done(fill(t.acting_saved, &[("name", &name)])),
                    Err(failure) => page.failed(&failure),
                }
            });
        }
    };
    view! {
        <fieldset>
            <legend>{fill(t.acting_for, &[("name", &name)])}</legend>
            <p>{if delegation.scope == "whole_account" { t.scope_whole } else { t.scope_chosen_products }}</p>
            <CheckList items=members chosen=chosen prefix=format!("acting-{}", delegation.id) />
            <button type="button" on:click=save>{fill(t.save_acting, &[("name", &name)])}</button>
        </fieldset>
    }
}
