//! `Renewals` (R-RENEW-7): what expires in the next 2 months, or everything, with each
//! product's auto-renewal. Whether it may be turned on is asked of
//! `domain::renewal::can_enable_auto_renewal` (R-RENEW-3, R-RENEW-4) with the Organization's
//! default method, the server's own question: a button that cannot work is disabled, with
//! the rule's sentence as its description (the table is `components::RenewalsTable`, which
//! others may embed). Rows are selected (`Select all`, `Select <name>`)
//! for `Manage renewals`: auto-renewal on or off for the selection at once (R-RENEW-6), with
//! the server's result shown on each row. `Pay selection` (in [`pay`]) renews them now.

mod pay;

use crate::components::{default_method, describe, CurrentAccount, LoadError, RenewalsTable};
use crate::errors::explain_body;
use crate::i18n::{fill, t};
use crate::session::Session;
use api::BulkAutoRenewalRequest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{BTreeMap, BTreeSet};

/// Shared by the page's parts: the list asked again after a change, and what happened.
#[derive(Clone, Copy)]
struct RenewalsPage {
    session: Session,
    version: RwSignal<u32>,
    status: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    /// The products chosen for `Manage renewals`.
    selected: RwSignal<BTreeSet<i64>>,
    /// The last bulk change's outcome, per product.
    results: RwSignal<BTreeMap<i64, String>>,
    /// Whether the `Pay selection` form is open.
    paying: RwSignal<bool>,
}

#[component]
pub fn Renewals() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let page = RenewalsPage {
        session,
        version: RwSignal::new(0),
        status: RwSignal::new(None),
        error: RwSignal::new(None),
        selected: RwSignal::new(BTreeSet::new()),
        results: RwSignal::new(BTreeMap::new()),
        paying: RwSignal::new(false),
    };
    let show_all = RwSignal::new(false);
    let account_id = move || current.with(|a| a.as_ref().map(|a| a.id));
    let renewals = LocalResource::new(move || {
        page.version.track();
        let (id, all) = (account_id(), show_all.get());
        async move {
            match id {
                Some(id) => session.client().renewals(id, all).await,
                None => Ok(vec![]),
            }
        }
    });
    // The methods, and the prepaid balance that may pay a part (asked again after a payment).
    let billing = LocalResource::new(move || {
        page.version.track();
        let id = account_id();
        async move {
            let Some(id) = id else { return Ok(None) };
            let client = session.client();
            Ok::<_, api::ClientError>(Some((client.payment_methods(id).await?, client.prepaid(id).await?.balance)))
        }
    });
    let t = t();
    let filter = move |all: bool, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (show_all.get() == all).to_string() on:click=move |_| {
                // Another list: what was chosen in this one is not carried over, unseen.
                page.selected.set(BTreeSet::new());
                page.results.set(BTreeMap::new());
                show_all.set(all)
            }>
                {label}
            </button>
        }
    };
    view! {
        <h1>{t.nav_renewals}</h1>
        <div role="group" aria-label=t.renewals_period class="filters">
            {filter(false, t.next_two_months)}
            {filter(true, t.show_all)}
        </div>
        <p role="status">{move || page.status.get()}</p>
        {move || page.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <ManageRenewals page=page />
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let (list, billing) = (renewals.await, billing.await);
                let name = current.with_untracked(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
                match (list, billing) {
                    (Ok(_), Ok(None)) => ().into_any(),
                    (Ok(list), Ok(_)) if list.is_empty() => view! { <p>{t.no_renewals}</p> }.into_any(),
                    (Ok(list), Ok(Some((methods, balance)))) => {
                        let account_id = account_id().unwrap_or_default();
                        let default = default_method(&methods);
                        let table = list.clone();
                        view! {
                            <RenewalsTable
                                list=table
                                organization=name
                                account_id=account_id
                                default=default
                                selected=page.selected
                                results=page.results
                                on_done=move |said: String| {
                                    page.error.set(None);
                                    page.status.set(Some(said));
                                    page.version.update(|v| *v += 1);
                                }
                                on_error=move |error: api::ClientError| {
                                    page.status.set(None);
                                    page.error.set(Some(describe(&error)));
                                }
                            />
                            {move || page.paying.get().then(|| view! {
                                <pay::PaySelection
                                    list=list.clone()
                                    methods=methods.clone()
                                    balance=balance.clone()
                                    account_id=account_id
                                    page=page
                                />
                            })}
                        }
                        .into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => {
                        view! { <LoadError error=error on_retry=move || page.version.update(|v| *v += 1) /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// `Manage renewals`: auto-renewal on or off for every selected product in one request; the
/// server answers product by product, and each row shows its own result.
#[component]
fn ManageRenewals(page: RenewalsPage) -> impl IntoView {
    let t = t();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let change = move |enabled: bool| {
        let product_ids: Vec<i64> = page.selected.with_untracked(|s| s.iter().copied().collect());
        let Some(account_id) = current.with_untracked(|a| a.as_ref().map(|a| a.id)) else { return };
        if product_ids.is_empty() {
            page.status.set(None);
            page.error.set(Some(t.select_first.into()));
            return;
        }
        open.set(false);
        busy.set(true);
        page.error.set(None);
        spawn_local(async move {
            let request = BulkAutoRenewalRequest { product_ids, enabled, payment_method_id: None };
            match page.session.client().set_auto_renewal_for_all(account_id, &request).await {
                Ok(answers) => {
                    page.session.billing_changed(account_id);
                    let done = answers.iter().filter(|a| a.result == "success").count();
                    let results = answers
                        .iter()
                        .map(|answer| {
                            let said = match &answer.error {
                                Some(error) if answer.result != "success" => explain_body(error).message,
                                _ => t.result_done.to_string(),
                            };
                            (answer.product_id, said)
                        })
                        .collect();
                    page.results.set(results);
                    page.status.set(Some(fill(
                        t.bulk_summary,
                        &[("done", &done.to_string()), ("count", &answers.len().to_string())],
                    )));
                    page.version.update(|v| *v += 1);
                }
                Err(error) => page.error.set(Some(describe(&error))),
            }
            busy.set(false);
        });
    };
    // The form drawn below the table, its heading focused so that it is read first.
    let pay_selection = move || {
        open.set(false);
        if page.selected.with_untracked(|s| s.is_empty()) {
            page.status.set(None);
            page.error.set(Some(t.select_first.into()));
            return;
        }
        page.error.set(None);
        page.paying.set(true);
        set_timeout(|| crate::components::focus_by_id("pay-selection-title"), std::time::Duration::from_millis(50));
    };
    view! {
        <div class="bulk">
            <span>{move || fill(t.selected_count, &[("count", &page.selected.with(|s| s.len()).to_string())])}</span>
            <button
                type="button"
                aria-expanded=move || open.get().to_string()
                aria-controls="manage-renewals"
                aria-busy=move || busy.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {t.manage_renewals}
            </button>
            <ul id="manage-renewals" class="menu" hidden=move || !open.get()>
                <li><button type="button" on:click=move |_| change(true)>{t.bulk_on}</button></li>
                <li><button type="button" on:click=move |_| change(false)>{t.bulk_off}</button></li>
            </ul>
            <button
                type="button"
                aria-expanded=move || page.paying.get().to_string()
                aria-controls=move || page.paying.get().then_some("pay-selection")
                on:click=move |_| pay_selection()
            >{t.pay_selection}</button>
        </div>
    }
}
