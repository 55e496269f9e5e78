//! `Orders` (R-PAY-9): a product ordered from the catalog for one of its periods (R-RENEW-9),
//! paid at once with a saved method or left to pay later; a pending order is paid from the
//! list with the saved method chosen on its row (the default first). The methods offered are those
//! `domain::payment::check_method` allows for an order in the Organization's currency.

use crate::components::{describe, CurrentAccount, LoadError, SelectField, TextField};
use crate::format::{date, money};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{Account, CatalogEntry, Currency, Order, OrderItemRequest, OrderRequest, PayOrderRequest, PaymentChoice};
use api::{PaymentMethod, Price};
use domain::payment::{check_method, Purpose};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Shared by the page's parts: the list asked again after a change, and what happened.
#[derive(Clone, Copy)]
struct OrdersPage {
    session: Session,
    version: RwSignal<u32>,
    status: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
}

impl OrdersPage {
    fn done(&self, account_id: i64, message: String) {
        self.session.billing_changed(account_id);
        self.error.set(None);
        self.status.set(Some(message));
        self.version.update(|v| *v += 1);
    }
}

/// What the page shows: the Organization, the catalog, its orders and its saved methods.
type Loaded = (Account, Vec<CatalogEntry>, Vec<Order>, Vec<PaymentMethod>);

#[component]
pub fn Orders() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let page =
        OrdersPage { session, version: RwSignal::new(0), status: RwSignal::new(None), error: RwSignal::new(None) };
    let data = LocalResource::new(move || {
        page.version.track();
        let account = current.get();
        async move {
            let Some(account) = account else { return Ok(None) };
            let client = session.client();
            let (catalog, orders) = (client.catalog().await?, client.orders(account.id).await?);
            let methods = client.payment_methods(account.id).await?;
            Ok::<Option<Loaded>, api::ClientError>(Some((account, catalog, orders, methods)))
        }
    });
    let t = t();
    view! {
        <h1>{t.nav_orders}</h1>
        <p role="status">{move || page.status.get()}</p>
        {move || page.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((account, catalog, orders, methods))) => {
                        let payable = payable_with(&methods, account.currency.unwrap_or(Currency::Chf));
                        view! {
                            <OrderForm account=account.clone() catalog=catalog methods=methods page=page />
                            <OrderTable orders=orders account=account methods=payable page=page />
                        }
                        .into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <LoadError error=error on_retry=move || page.version.update(|v| *v += 1) /> }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

/// The saved methods that may pay an order in `currency` (`domain::payment::check_method`),
/// as (id, label), the default first.
fn payable_with(methods: &[PaymentMethod], currency: Currency) -> Vec<(String, String)> {
    let mut usable: Vec<&PaymentMethod> =
        methods.iter().filter(|m| check_method(m.rule_kind(), Purpose::Order, currency).is_ok()).collect();
    usable.sort_by_key(|m| !m.is_default);
    usable.into_iter().map(|m| (m.id.to_string(), m.label.clone())).collect()
}

/// The price of `months` of `entry` in `currency`, if it has that period.
fn price_of(entry: &CatalogEntry, months: u32, currency: Currency) -> Option<Price> {
    let period = entry.periods.iter().find(|p| p.months == months)?;
    period.prices.iter().find(|p| p.currency == currency).cloned()
}

#[component]
fn OrderForm(
    account: Account,
    catalog: Vec<CatalogEntry>,
    methods: Vec<PaymentMethod>,
    page: OrdersPage,
) -> impl IntoView {
    let t = t();
    let currency = account.currency.unwrap_or(Currency::Chf);
    let catalog = StoredValue::new(catalog);
    let kinds: Vec<(String, String)> =
        catalog.with_value(|c| c.iter().map(|e| (e.service_name.clone(), e.name.clone())).collect());
    let kind = RwSignal::new(kinds.first().map(|(value, _)| value.clone()).unwrap_or_default());
    let months = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Paid now with a saved method the rules allow for an order, or later from the list.
    let mut payments = vec![("later".to_string(), t.pay_later.to_string())];
    payments.extend(
        methods
            .iter()
            .filter(|m| check_method(m.rule_kind(), Purpose::Order, currency).is_ok())
            .map(|m| (m.id.to_string(), m.label.clone())),
    );
    let payment = RwSignal::new(payments.last().map(|(value, _)| value.clone()).unwrap_or_default());
    // The periods of the chosen type, with their prices; the first chosen when the type changes.
    let periods = move || {
        let kind = kind.get();
        catalog.with_value(|c| {
            c.iter()
                .find(|e| e.service_name == kind)
                .map(|entry| {
                    entry
                        .periods
                        .iter()
                        .filter_map(|p| {
                            let price = price_of(entry, p.months, currency)?;
                            let label = fill(t.months, &[("months", &p.months.to_string())]);
                            Some((p.months.to_string(), format!("{label} · {}", money(&price))))
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    Effect::new(move || months.set(periods().first().map(|(value, _)| value.clone()).unwrap_or_default()));
    let account_id = account.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let customer_name = name.get_untracked().trim().to_string();
        if customer_name.is_empty() {
            name_error.set(Some(t.field_required.into()));
            crate::components::focus_by_id("order_name");
            return;
        }
        name_error.set(None);
        let item = OrderItemRequest {
            service_name: kind.get_untracked(),
            customer_name: customer_name.clone(),
            period_months: months.get_untracked().parse().unwrap_or(12),
        };
        let payment = payment
            .get_untracked()
            .parse::<i64>()
            .ok()
            .map(|id| PaymentChoice { payment_method_id: Some(id), ..Default::default() });
        let request = OrderRequest { items: vec![item], payment, use_prepaid: false };
        busy.set(true);
        spawn_local(async move {
            match page.session.client().order(account_id, &request).await {
                Ok(order) => {
                    name.set(String::new());
                    let template = match order.status.as_str() {
                        "paid" => t.order_paid,
                        "blocked" => t.order_held,
                        _ => t.order_pending,
                    };
                    page.done(account_id, fill(template, &[("id", &order.id.to_string()), ("name", &customer_name)]));
                }
                Err(error) => page.error.set(Some(describe(&error))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{t.order_product}</h2>
            <SelectField label=t.product_type.into() id="order_type".into() value=kind options=kinds />
            <TextField label=t.product_name id="order_name" value=name error=name_error hint=t.product_name_hint />
            {move || view! { <SelectField label=t.column_period.into() id="order_period".into() value=months options=periods() /> }}
            <SelectField label=t.payment_method.into() id="order_payment".into() value=payment options=payments />
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                {move || if busy.get() { t.ordering } else { t.order_button }}
            </button>
        </form>
    }
}

#[component]
fn OrderTable(
    orders: Vec<Order>,
    account: Account,
    /// The saved methods that may pay an order, the default first: (id, label).
    methods: Vec<(String, String)>,
    page: OrdersPage,
) -> impl IntoView {
    let t = t();
    if orders.is_empty() {
        return view! { <p>{t.no_orders}</p> }.into_any();
    }
    let account_id = account.id;
    let rows = orders
        .into_iter()
        .map(|order| {
            let id = order.id;
            let names: Vec<&str> = order.items.iter().map(|i| i.customer_name.as_str()).collect();
            let status = match order.status.as_str() {
                "paid" => t.invoice_paid,
                "pending" => t.invoice_pending,
                "blocked" => t.order_blocked,
                _ => t.order_cancelled,
            };
            // R-KC-3: a held order says where to confirm the identity and by when; a cancelled
            // one, what came back.
            let held = order.cancel_at.map(|at| {
                view! {
                    <br /><a href="/security">{t.confirm_identity_link}</a>
                    <br />{fill(t.order_cancel_on, &[("date", &date(at))])}
                }
            });
            let refunded = order.refunded.as_ref().map(|price| {
                view! { <br />{fill(t.order_refunded, &[("amount", &money(price))])} }
            });
            // R-PAY-9: paid with the method chosen on its row (the default first).
            let chosen = RwSignal::new(methods.first().map(|(value, _)| value.clone()).unwrap_or_default());
            let pay = move |_| {
                let request = PayOrderRequest {
                    payment: chosen
                        .get_untracked()
                        .parse::<i64>()
                        .ok()
                        .map(|id| PaymentChoice { payment_method_id: Some(id), ..Default::default() }),
                    use_prepaid: false,
                };
                spawn_local(async move {
                    match page.session.client().pay_order(account_id, id, &request).await {
                        Ok(_) => page.done(account_id, fill(t.order_paid_later, &[("id", &id.to_string())])),
                        Err(error) => page.error.set(Some(describe(&error))),
                    }
                });
            };
            let reason_id = format!("pay-order-reason-{id}");
            let none = methods.is_empty();
            let action = (order.status == "pending").then(|| {
                view! {
                    {(!none).then(|| view! {
                        <SelectField
                            label=fill(t.pay_order_with, &[("id", &id.to_string())])
                            id=format!("pay-order-method-{id}")
                            value=chosen
                            options=methods.clone()
                        />
                    })}
                    <button
                        type="button"
                        aria-label=fill(t.pay_order, &[("id", &id.to_string())])
                        disabled=none
                        aria-describedby=none.then(|| reason_id.clone())
                        on:click=pay
                    >
                        {t.pay}
                    </button>
                    {none.then(|| view! { <p class="reason" id=reason_id.clone()>{t.needs_order_method}</p> })}
                }
            });
            view! {
                <tr>
                    <th scope="row">{fill(t.order_number, &[("id", &id.to_string())])}</th>
                    <td>{date(order.created_at)}</td>
                    <td>{names.join(", ")}</td>
                    <td class="number">{money(&order.total)}</td>
                    <td>{status}{held}{refunded}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{fill(t.orders_caption, &[("name", &account.name)])}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_order}</th>
                    <th scope="col">{t.column_date}</th>
                    <th scope="col">{t.column_product}</th>
                    <th scope="col">{t.column_total}</th>
                    <th scope="col">{t.column_status}</th>
                    <th scope="col">{t.column_actions}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
