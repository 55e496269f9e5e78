//! `Payment methods` (R-PAY-1): the Organization's saved methods, which one is the default
//! (what auto-renewal charges when no method is named), adding a card and removing a method.
//! A card's number and CVC go to the server once, which hands them to the payment provider and
//! keeps neither; the page keeps them only in its fields, emptied once the card is saved.

use crate::components::{describe, CardEntry, CardFields, CurrentAccount, LoadError};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{MethodType, NewPaymentMethod, PaymentMethod};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Shared by the page's parts: the list asked again after a change, and what happened.
#[derive(Clone, Copy)]
struct MethodsPage {
    session: Session,
    version: RwSignal<u32>,
    status: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
}

impl MethodsPage {
    fn done(&self, message: String) {
        self.error.set(None);
        self.status.set(Some(message));
        self.version.update(|v| *v += 1);
    }

    fn failed(&self, error: &api::ClientError) {
        self.status.set(None);
        self.error.set(Some(describe(error)));
    }
}

#[component]
pub fn PaymentMethods() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let page =
        MethodsPage { session, version: RwSignal::new(0), status: RwSignal::new(None), error: RwSignal::new(None) };
    let methods = LocalResource::new(move || {
        page.version.track();
        let account = current.with(|a| a.as_ref().map(|a| (a.id, a.name.clone())));
        async move {
            match account {
                Some((id, name)) => session.client().payment_methods(id).await.map(|list| Some((id, name, list))),
                None => Ok(None),
            }
        }
    });
    let t = t();
    view! {
        <h1>{t.nav_payment_methods}</h1>
        <p role="status">{move || page.status.get()}</p>
        {move || page.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match methods.await {
                    Ok(Some((account_id, name, list))) => view! {
                        <MethodTable list=list organization=name account_id=account_id page=page />
                        <AddCard account_id=account_id page=page />
                    }
                    .into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <LoadError error=error on_retry=move || page.version.update(|v| *v += 1) /> }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MethodTable(list: Vec<PaymentMethod>, organization: String, account_id: i64, page: MethodsPage) -> impl IntoView {
    let t = t();
    if list.is_empty() {
        return view! { <p>{t.no_methods}</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|method| {
            let (id, label) = (method.id, method.label.clone());
            let default_label = label.clone();
            let make_default = move |_| {
                let label = default_label.clone();
                spawn_local(async move {
                    match page.session.client().make_default_payment_method(account_id, id).await {
                        Ok(_) => page.done(fill(t.default_set, &[("label", &label)])),
                        Err(error) => page.failed(&error),
                    }
                });
            };
            let remove = move |_| {
                let label = label.clone();
                spawn_local(async move {
                    match page.session.client().remove_payment_method(account_id, id).await {
                        Ok(_) => page.done(fill(t.method_removed, &[("label", &label)])),
                        Err(error) => page.failed(&error),
                    }
                });
            };
            view! {
                <tr>
                    <th scope="row">{method.label.clone()}</th>
                    <td>{if method.is_default { t.yes } else { t.no }}</td>
                    <td>
                        {(!method.is_default).then(|| view! {
                            <button type="button" class="quiet" aria-label=format!("{} {}", t.make_default, method.label) on:click=make_default>
                                {t.make_default}
                            </button>
                        })}
                        <button type="button" class="quiet" aria-label=format!("{} {}", t.remove_method, method.label) on:click=remove>
                            {t.remove_method}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{fill(t.methods_caption, &[("name", &organization)])}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_method}</th>
                    <th scope="col">{t.column_default}</th>
                    <th scope="col">{t.column_actions}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn AddCard(account_id: i64, page: MethodsPage) -> impl IntoView {
    let t = t();
    let entry = CardEntry::new();
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(card) = entry.read() else { return };
        let request = NewPaymentMethod { kind: MethodType::Card, card: Some(card), label: None };
        busy.set(true);
        spawn_local(async move {
            match page.session.client().add_payment_method(account_id, &request).await {
                Ok(saved) => {
                    entry.clear();
                    page.done(fill(t.card_added, &[("label", &saved.label)]));
                }
                Err(error) => page.failed(&error),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{t.add_card}</h2>
            <CardFields entry=entry />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                {move || if busy.get() { t.adding_card } else { t.add_card }}
            </button>
        </form>
    }
}
