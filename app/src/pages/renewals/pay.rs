//! `Pay selection`: the selected products renewed now, each for a period it can be paid for
//! (R-RENEW-9), on one invoice (R-PAY-7), part from the prepaid balance if asked and the rest
//! with one method (R-PAY-4). The total and its split follow the selection as it changes,
//! computed by `domain::payment::plan`, the function the server asks again; a refusal (not
//! enough balance, a method that cannot pay) is said before anything is sent.

use super::RenewalsPage;
use crate::components::{describe, CardEntry, CardFields};
use crate::errors::{payment_refusal, renewal_refusal};
use crate::format::money;
use crate::i18n::{fill, language, t};
use api::{Currency, Invoice, MethodType, PaymentChoice, PaymentMethod, PaymentRequest, Price, Renewal};
use domain::lifecycle::ProductStatus;
use domain::money::Money;
use domain::payment::{check_method, plan, InvoiceLine, MethodKind, PaymentError, PaymentPlan, Purpose};
use domain::renewal::RenewalError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// One way to pay the part the prepaid balance does not.
#[derive(Clone, Copy, PartialEq)]
enum Paying {
    Saved { id: i64, kind: MethodKind },
    NewCard,
    Transfer,
}

impl Paying {
    fn kind(self) -> MethodKind {
        match self {
            Paying::Saved { kind, .. } => kind,
            Paying::NewCard => MethodType::Card.rule_kind(None),
            Paying::Transfer => MethodType::Iban.rule_kind(None),
        }
    }
}

/// The methods that may pay a renewal in `currency` (R-PAY-2): the saved ones the rules allow,
/// a card typed now, a bank transfer. Each with the select's value and its label.
fn offered_methods(methods: &[PaymentMethod], currency: Currency) -> Vec<(String, String, Paying)> {
    let t = t();
    let saved = methods
        .iter()
        .map(|m| (format!("saved:{}", m.id), m.label.clone(), Paying::Saved { id: m.id, kind: m.rule_kind() }));
    let new = [("card", t.method_new_card, Paying::NewCard), ("iban", t.method_iban, Paying::Transfer)]
        .into_iter()
        .map(|(value, label, paying)| (value.to_string(), label.to_string(), paying));
    saved.chain(new).filter(|(_, _, paying)| check_method(paying.kind(), Purpose::Renewal, currency).is_ok()).collect()
}

/// The price of renewing `renewal` for `months`, if that is one of its periods.
fn price(renewal: &Renewal, months: u32) -> Option<Money> {
    renewal.periods.iter().find(|p| p.months == months).and_then(|p| p.price.money())
}

/// The invoice's lines for the products chosen (a terminated product cannot be renewed,
/// R-RENEW-8, and is left out), and what the plan of paying them says.
fn planned(
    chosen: &[Renewal],
    periods: &BTreeMap<i64, u32>,
    currency: Currency,
    method: MethodKind,
    balance: Money,
    use_prepaid: bool,
) -> Result<PaymentPlan, PaymentError> {
    let lines = chosen
        .iter()
        .filter(|r| r.status != ProductStatus::Terminated)
        .filter_map(|r| {
            let months = period_of(r, periods);
            Some(InvoiceLine {
                product_id: Some(r.product_id),
                description: r.customer_name.clone(),
                period_months: months,
                price: price(r, months)?,
            })
        })
        .collect();
    plan(lines, currency, method, Purpose::Renewal, balance, use_prepaid)
}

/// The period chosen for a product, else its first.
fn period_of(renewal: &Renewal, periods: &BTreeMap<i64, u32>) -> u32 {
    periods.get(&renewal.product_id).copied().or_else(|| renewal.periods.first().map(|p| p.months)).unwrap_or(12)
}

#[component]
pub(super) fn PaySelection(
    list: Vec<Renewal>,
    methods: Vec<PaymentMethod>,
    /// The prepaid account's balance, in the Organization's currency.
    balance: Price,
    account_id: i64,
    page: RenewalsPage,
) -> impl IntoView {
    let t = t();
    let currency = balance.currency;
    let balance = balance.money().unwrap_or(Money::zero(currency));
    let offered = StoredValue::new(offered_methods(&methods, currency));
    let chosen_method = RwSignal::new(offered.with_value(|o| o.first().map(|(v, _, _)| v.clone()).unwrap_or_default()));
    let method = move || {
        let value = chosen_method.get();
        offered.with_value(|o| o.iter().find(|(v, _, _)| *v == value).map(|(_, _, paying)| *paying))
    };
    let periods = RwSignal::new(BTreeMap::<i64, u32>::new());
    let use_prepaid = RwSignal::new(balance.cents > 0);
    let card = CardEntry::new();
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let list = StoredValue::new(list);
    // The selected products of the list, in its order: the form follows the selection.
    let chosen = Memo::new(move |_| {
        page.selected
            .with(|s| list.with_value(|l| l.iter().filter(|r| s.contains(&r.product_id)).cloned().collect::<Vec<_>>()))
    });
    let current_plan = move || {
        let kind = method().map_or(MethodKind::Prepaid, Paying::kind);
        chosen.with(|c| periods.with(|p| planned(c, p, currency, kind, balance, use_prepaid.get())))
    };
    let format = move |money: Money| language().format_money(money);

    let rows = move || {
        chosen
            .get()
            .into_iter()
            .map(|renewal| {
                let name = renewal.customer_name.clone();
                let product_id = renewal.product_id;
                if renewal.status == ProductStatus::Terminated {
                    let why = renewal_refusal(&RenewalError::NotActive { status: renewal.status });
                    return view! { <tr><th scope="row">{name}</th><td colspan="2">{why}</td></tr> }.into_any();
                }
                let options = renewal
                    .periods
                    .iter()
                    .map(|p| {
                        let label =
                            format!("{} · {}", fill(t.months, &[("months", &p.months.to_string())]), money(&p.price));
                        (p.months, label)
                    })
                    .collect::<Vec<_>>();
                let shown = renewal.clone();
                let line_price = move || periods.with(|p| price(&shown, period_of(&shown, p)).map(format));
                let first = renewal.clone();
                view! {
                    <tr>
                        <th scope="row">{name.clone()}</th>
                        <td>
                            <select
                                aria-label=fill(t.period_for, &[("name", &name)])
                                on:change:target=move |ev| {
                                    if let Ok(months) = ev.target().value().parse::<u32>() {
                                        periods.update(|p| { p.insert(product_id, months); });
                                    }
                                }
                            >
                                {options
                                    .into_iter()
                                    .map(|(months, label)| {
                                        let first = first.clone();
                                        let selected = move || periods.with(|p| period_of(&first, p) == months);
                                        view! { <option value=months.to_string() selected=selected>{label}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </td>
                        <td class="number">{line_price}</td>
                    </tr>
                }
                .into_any()
            })
            .collect_view()
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        // The rules first, as the server will ask them: a clear sentence, nothing sent.
        let plan = match current_plan() {
            Ok(plan) => plan,
            Err(refusal) => {
                form_error.set(Some(payment_refusal(&refusal)));
                return;
            }
        };
        let payment = match method() {
            _ if plan.split.from_method.cents == 0 => None,
            Some(Paying::Saved { id, .. }) => Some(PaymentChoice { payment_method_id: Some(id), ..Default::default() }),
            Some(Paying::NewCard) => {
                let Some(typed) = card.read() else { return };
                Some(PaymentChoice { kind: Some(MethodType::Card), card: Some(typed), ..Default::default() })
            }
            Some(Paying::Transfer) => Some(PaymentChoice { kind: Some(MethodType::Iban), ..Default::default() }),
            None => return,
        };
        let product_ids: Vec<i64> = plan.invoice.lines.iter().filter_map(|line| line.product_id).collect();
        let periods =
            plan.invoice.lines.iter().filter_map(|l| Some((l.product_id?.to_string(), l.period_months))).collect();
        let request = PaymentRequest { product_ids, periods, use_prepaid: use_prepaid.get_untracked(), payment };
        busy.set(true);
        spawn_local(async move {
            match page.session.client().pay(account_id, &request).await {
                Ok(invoice) => {
                    page.session.billing_changed(account_id);
                    card.clear();
                    page.error.set(None);
                    page.status.set(Some(paid(&invoice)));
                    page.selected.set(Default::default());
                    page.paying.set(false);
                    page.version.update(|v| *v += 1);
                }
                Err(error) => form_error.set(Some(describe(&error))),
            }
            busy.set(false);
        });
    };

    let options: Vec<(String, String)> =
        offered.with_value(|o| o.iter().map(|(v, l, _)| (v.clone(), l.clone())).collect());
    view! {
        <form class="card" id="pay-selection" on:submit=submit novalidate aria-labelledby="pay-selection-title">
            <h2 id="pay-selection-title" tabindex="-1">{t.pay_selection}</h2>
            <table>
                <caption>{t.pay_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.column_product}</th>
                        <th scope="col">{t.column_period}</th>
                        <th scope="col">{t.column_price}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="total" aria-live="polite">
                {move || current_plan().ok().map(|plan| fill(t.pay_total, &[("amount", &format(plan.invoice.total))]))}
            </p>
            <div class="field checkbox">
                <input type="checkbox" id="use_prepaid" bind:checked=use_prepaid disabled={balance.cents <= 0} />
                <label for="use_prepaid">{fill(t.use_prepaid, &[("amount", &format(balance))])}</label>
            </div>
            <crate::components::SelectField label=t.payment_method.into() id="pay_method".into() value=chosen_method options=options />
            {move || (method() == Some(Paying::NewCard)).then(|| view! { <CardFields entry=card /> })}
            <p aria-live="polite">
                {move || current_plan().ok().filter(|plan| plan.split.from_prepaid.cents > 0).map(|plan| {
                    fill(t.pay_split, &[("prepaid", &format(plan.split.from_prepaid)), ("rest", &format(plan.split.from_method))])
                })}
            </p>
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="actions">
                <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                    {move || if busy.get() { t.paying } else { t.pay }}
                </button>
                <button type="button" class="quiet" on:click=move |_| page.paying.set(false)>{t.cancel}</button>
            </div>
        </form>
    }
}

/// What a payment's answer means: renewed now, or once the transfer arrives.
fn paid(invoice: &Invoice) -> String {
    let t = t();
    let template = if invoice.is_pro_forma { t.payment_pending } else { t.paid };
    fill(template, &[("amount", &money(&invoice.total)), ("number", &invoice.number)])
}
