//! `Renewals` (R-RENEW-7): what expires in the next 2 months, or everything, with each
//! product's auto-renewal. Whether it may be turned on is asked of
//! `domain::renewal::can_enable_auto_renewal` (R-RENEW-3, R-RENEW-4) with the Organization's
//! default method, the server's own question: a button that cannot work is disabled, with
//! the rule's sentence as its description. Rows are selected (`Select all`, `Select <name>`)
//! for `Manage renewals`: auto-renewal on or off for the selection at once (R-RENEW-6), with
//! the server's result shown on each row. `Pay selection` (in [`pay`]) renews them now.

mod pay;

use crate::components::{describe, CurrentAccount, LoadError};
use crate::errors::explain_body;
use crate::errors::renewal_refusal;
use crate::format::{date, now, product_status};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{AutoRenewalRequest, BulkAutoRenewalRequest, PaymentMethod, Renewal};
use chrono::DateTime;
use domain::payment::MethodKind;
use domain::renewal::can_enable_auto_renewal;
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
                            <RenewalTable list=table organization=name account_id=account_id default=default page=page />
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

/// The method auto-renewal charges when none is named: the Organization's default.
fn default_method(methods: &[PaymentMethod]) -> Option<MethodKind> {
    methods.iter().find(|m| m.is_default).map(PaymentMethod::rule_kind)
}

/// Why auto-renewal cannot be turned on for this product now, in the language shown.
fn why_not(renewal: &Renewal, default: Option<MethodKind>) -> Option<String> {
    let expires_at = DateTime::from_timestamp(renewal.expired_at, 0).unwrap_or_default();
    can_enable_auto_renewal(expires_at, now(), default).err().map(|refusal| renewal_refusal(&refusal))
}

#[component]
fn RenewalTable(
    list: Vec<Renewal>,
    organization: String,
    account_id: i64,
    default: Option<MethodKind>,
    page: RenewalsPage,
) -> impl IntoView {
    let t = t();
    let ids: Vec<i64> = list.iter().map(|r| r.product_id).collect();
    let all_ids = ids.clone();
    let all_selected = move || page.selected.with(|s| !ids.is_empty() && ids.iter().all(|id| s.contains(id)));
    let select_all = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        page.selected.update(|s| {
            for id in &all_ids {
                if checked {
                    s.insert(*id);
                } else {
                    s.remove(id);
                }
            }
        });
    };
    let rows = list
        .into_iter()
        .map(|renewal| {
            let on = renewal.auto_renewal.enabled;
            let name = renewal.customer_name.clone();
            let reason = if on { None } else { why_not(&renewal, default) };
            let reason_id = format!("auto-renewal-reason-{}", renewal.product_id);
            let product_id = renewal.product_id;
            let change = move |_| {
                let name = name.clone();
                page.status.set(None);
                page.error.set(None);
                spawn_local(async move {
                    let request = AutoRenewalRequest { enabled: !on, payment_method_id: None };
                    match page.session.client().set_auto_renewal(account_id, product_id, &request).await {
                        Ok(_) => {
                            page.session.billing_changed(account_id);
                            let template = if on { t.auto_renewal_now_off } else { t.auto_renewal_now_on };
                            page.status.set(Some(fill(template, &[("name", &name)])));
                            page.version.update(|v| *v += 1);
                        }
                        Err(error) => page.error.set(Some(describe(&error))),
                    }
                });
            };
            let toggle = move |ev: leptos::ev::Event| {
                let checked = event_target_checked(&ev);
                page.selected.update(|s| {
                    if checked {
                        s.insert(product_id);
                    } else {
                        s.remove(&product_id);
                    }
                });
            };
            view! {
                <tr>
                    <td>
                        <input
                            type="checkbox"
                            aria-label=fill(t.select_row, &[("name", &renewal.customer_name)])
                            prop:checked=move || page.selected.with(|s| s.contains(&product_id))
                            on:change=toggle
                        />
                    </td>
                    <th scope="row">{renewal.customer_name.clone()}<br /><small>{renewal.service_name.clone()}</small></th>
                    <td>{date(renewal.expired_at)}</td>
                    <td>{product_status(renewal.status)}</td>
                    <td>{if on { t.auto_renewal_on } else { t.auto_renewal_off }}</td>
                    <td>
                        <button
                            type="button"
                            disabled=reason.is_some()
                            aria-describedby=reason.is_some().then(|| reason_id.clone())
                            on:click=change
                        >
                            {if on { t.turn_auto_renewal_off } else { t.turn_auto_renewal_on }}
                        </button>
                        {reason.map(|reason| view! { <p class="reason" id=reason_id>{reason}</p> })}
                    </td>
                    <td>{move || page.results.with(|r| r.get(&product_id).cloned())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{fill(t.renewals_caption, &[("name", &organization)])}</caption>
            <thead>
                <tr>
                    <th scope="col">
                        <input type="checkbox" aria-label=t.select_all prop:checked=all_selected on:change=select_all />
                    </th>
                    <th scope="col">{t.column_product}</th>
                    <th scope="col">{t.column_expires}</th>
                    <th scope="col">{t.column_status}</th>
                    <th scope="col">{t.column_auto_renewal}</th>
                    <th scope="col">{t.column_actions}</th>
                    <th scope="col">{t.column_result}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
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
