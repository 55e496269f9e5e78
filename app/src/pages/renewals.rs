//! `Renewals` (R-RENEW-7): what expires in the next 2 months, or everything, with each
//! product's auto-renewal. Whether it may be turned on is asked of
//! `domain::renewal::can_enable_auto_renewal` (R-RENEW-3, R-RENEW-4) with the Organization's
//! default method, the server's own question: a button that cannot work is disabled, with
//! the rule's sentence as its description.

use crate::components::{describe, CurrentAccount, LoadError};
use crate::errors::renewal_refusal;
use crate::format::{date, now, product_status};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{AutoRenewalRequest, PaymentMethod, Renewal};
use chrono::DateTime;
use domain::payment::MethodKind;
use domain::renewal::can_enable_auto_renewal;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Shared by the page's parts: the list asked again after a change, and what happened.
#[derive(Clone, Copy)]
struct RenewalsPage {
    session: Session,
    version: RwSignal<u32>,
    status: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
}

#[component]
pub fn Renewals() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let page =
        RenewalsPage { session, version: RwSignal::new(0), status: RwSignal::new(None), error: RwSignal::new(None) };
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
    let methods = LocalResource::new(move || {
        let id = account_id();
        async move {
            match id {
                Some(id) => session.client().payment_methods(id).await,
                None => Ok(vec![]),
            }
        }
    });
    let t = t();
    let filter = move |all: bool, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (show_all.get() == all).to_string() on:click=move |_| show_all.set(all)>
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
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let (list, methods) = (renewals.await, methods.await);
                let name = current.with_untracked(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
                match (list, methods) {
                    (Ok(list), Ok(methods)) if list.is_empty() => {
                        let _ = methods;
                        view! { <p>{t.no_renewals}</p> }.into_any()
                    }
                    (Ok(list), Ok(methods)) => {
                        let account_id = account_id().unwrap_or_default();
                        let default = default_method(&methods);
                        view! { <RenewalTable list=list organization=name account_id=account_id default=default page=page /> }
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
                            let template = if on { t.auto_renewal_now_off } else { t.auto_renewal_now_on };
                            page.status.set(Some(fill(template, &[("name", &name)])));
                            page.version.update(|v| *v += 1);
                        }
                        Err(error) => page.error.set(Some(describe(&error))),
                    }
                });
            };
            view! {
                <tr>
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
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{fill(t.renewals_caption, &[("name", &organization)])}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_product}</th>
                    <th scope="col">{t.column_expires}</th>
                    <th scope="col">{t.column_status}</th>
                    <th scope="col">{t.column_auto_renewal}</th>
                    <th scope="col">{t.column_actions}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
