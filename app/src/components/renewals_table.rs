//! The renewals of an Organization as a table (R-RENEW-7): each product's expiry, status and
//! auto-renewal, a button to turn auto-renewal on or off, and a checkbox per row (`Select
//! <name>`, `Select all`) that feeds the host's bulk actions. Whether auto-renewal may be
//! turned on is asked of `domain::renewal::can_enable_auto_renewal` (R-RENEW-3, R-RENEW-4)
//! with the Organization's default method, the server's own question: a button that cannot
//! work is disabled, with the rule's sentence as its description.

use crate::errors::renewal_refusal;
use crate::format::{date, now, product_status};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{AutoRenewalRequest, ClientError, PaymentMethod, Renewal};
use chrono::DateTime;
use domain::payment::MethodKind;
use domain::renewal::can_enable_auto_renewal;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{BTreeMap, BTreeSet};

/// The method auto-renewal charges when none is named: the Organization's default (the
/// table's `default`).
pub fn default_method(methods: &[PaymentMethod]) -> Option<MethodKind> {
    methods.iter().find(|m| m.is_default).map(PaymentMethod::rule_kind)
}

/// Why auto-renewal cannot be turned on for this product now, in the language shown.
fn why_not(renewal: &Renewal, default: Option<MethodKind>) -> Option<String> {
    let expires_at = DateTime::from_timestamp(renewal.expired_at, 0).unwrap_or_default();
    can_enable_auto_renewal(expires_at, now(), default).err().map(|refusal| renewal_refusal(&refusal))
}

/// Needs a [`Session`] in context (the API client). After a change of auto-renewal it calls
/// `on_done` with a sentence saying what changed; the host loads the list again.
///
/// ```no_run
/// use app::components::{default_method, RenewalsTable};
/// use leptos::prelude::*;
/// use std::collections::{BTreeMap, BTreeSet};
///
/// # fn sample(renewals: Vec<api::Renewal>, methods: Vec<api::PaymentMethod>) -> impl IntoView {
/// let selected = RwSignal::new(BTreeSet::new());
/// view! {
///     <RenewalsTable
///         list=renewals
///         organization="Acme SA".to_string()
///         account_id=42
///         default=default_method(&methods)
///         selected=selected
///         results=RwSignal::new(BTreeMap::new())
///         on_done=|message: String| leptos::logging::log!("{message}")
///         on_error=|_| ()
///     />
/// }
/// # }
/// ```
#[component]
pub fn RenewalsTable(
    /// The renewals to show (`Client::renewals`).
    list: Vec<Renewal>,
    /// The Organization's name, for the caption.
    organization: String,
    /// The Organization the products belong to.
    account_id: i64,
    /// The Organization's default payment method ([`default_method`]), which auto-renewal
    /// charges: without one it cannot be turned on.
    default: Option<MethodKind>,
    /// The products chosen with the checkboxes, for the host's bulk actions.
    selected: RwSignal<BTreeSet<i64>>,
    /// A sentence per product, shown on its row (a bulk change's outcome).
    results: RwSignal<BTreeMap<i64, String>>,
    /// Auto-renewal changed on a row: what to tell the person.
    #[prop(into)]
    on_done: Callback<String>,
    /// The change was refused or failed.
    #[prop(into)]
    on_error: Callback<ClientError>,
) -> impl IntoView {
    let session = Session::get();
    let t = t();
    let ids: Vec<i64> = list.iter().map(|r| r.product_id).collect();
    let all_ids = ids.clone();
    let all_selected = move || selected.with(|s| !ids.is_empty() && ids.iter().all(|id| s.contains(id)));
    let select_all = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        selected.update(|s| {
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
                spawn_local(async move {
                    let request = AutoRenewalRequest { enabled: !on, payment_method_id: None };
                    match session.client().set_auto_renewal(account_id, product_id, &request).await {
                        Ok(_) => {
                            session.billing_changed(account_id);
                            let template = if on { t.auto_renewal_now_off } else { t.auto_renewal_now_on };
                            on_done.run(fill(template, &[("name", &name)]));
                        }
                        Err(error) => on_error.run(error),
                    }
                });
            };
            let toggle = move |ev: leptos::ev::Event| {
                let checked = event_target_checked(&ev);
                selected.update(|s| {
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
                            prop:checked=move || selected.with(|s| s.contains(&product_id))
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
                    <td>{move || results.with(|r| r.get(&product_id).cloned())}</td>
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
