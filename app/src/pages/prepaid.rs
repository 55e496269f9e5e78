//! `Prepaid account`: the balance, its movements, and `Top up` (R-PAY-5, R-PAY-6). The amount
//! and the method are checked by `domain::payment::check_top_up` before anything is sent, the
//! same function the server asks; the methods offered are those it allows in the
//! Organization's currency (the PostFinance card in CHF only).

use crate::components::{describe, CurrentAccount, LoadError, SelectField, TextField};
use crate::errors::payment_refusal;
use crate::format::{date, money};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{Account, Currency, Invoice, MethodType, PaymentChoice, PaymentMethod, Prepaid, TopUpRequest};
use domain::money::Money;
use domain::payment::{check_method, check_top_up, MethodKind, PaymentError, Purpose};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn PrepaidAccount() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let version = RwSignal::new(0u32);
    // What a top-up did: kept here, above the part drawn again when the balance changes.
    let status = RwSignal::new(None::<String>);
    // The Organization, its prepaid account and its methods, asked together.
    let data = LocalResource::new(move || {
        version.track();
        let account = current.get();
        async move {
            let Some(account) = account else { return Ok(None) };
            let client = session.client();
            let prepaid = client.prepaid(account.id).await?;
            let methods = client.payment_methods(account.id).await?;
            Ok::<_, api::ClientError>(Some((account, prepaid, methods)))
        }
    });
    let t = t();
    view! {
        <h1>{t.nav_prepaid}</h1>
        <p role="status">{move || status.get()}</p>
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((account, prepaid, methods))) => view! {
                        <p class="balance">{fill(t.balance, &[("amount", &money(&prepaid.balance))])}</p>
                        <TopUpForm
                            account=account
                            methods=methods
                            status=status
                            on_done=move || version.update(|v| *v += 1)
                        />
                        <Movements prepaid=prepaid />
                    }
                    .into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => {
                        view! { <LoadError error=error on_retry=move || version.update(|v| *v += 1) /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// One way to pay a top-up, as the form's select offers it.
#[derive(Clone, Copy)]
enum TopUpMethod {
    Saved { id: i64, kind: MethodKind },
    New(MethodType),
}

impl TopUpMethod {
    fn kind(self) -> MethodKind {
        match self {
            TopUpMethod::Saved { kind, .. } => kind,
            TopUpMethod::New(kind) => kind.rule_kind(None),
        }
    }

    fn choice(self) -> PaymentChoice {
        match self {
            TopUpMethod::Saved { id, .. } => PaymentChoice { payment_method_id: Some(id), ..Default::default() },
            TopUpMethod::New(kind) => PaymentChoice { kind: Some(kind), ..Default::default() },
        }
    }
}

/// The methods that may pay a top-up in `currency` (R-PAY-5, R-PAY-2): the saved ones the rule
/// allows, then a PostFinance card and a bank transfer given now, if allowed. Each with the
/// select's value and its label.
fn top_up_methods(methods: &[PaymentMethod], currency: Currency) -> Vec<(String, String, TopUpMethod)> {
    let t = t();
    let allowed = |kind: MethodKind| check_method(kind, Purpose::TopUp, currency).is_ok();
    let saved = methods
        .iter()
        .filter(|m| allowed(m.rule_kind()))
        .map(|m| (format!("saved:{}", m.id), m.label.clone(), TopUpMethod::Saved { id: m.id, kind: m.rule_kind() }));
    let new =
        [("postfinance", t.method_postfinance, MethodType::Postfinance), ("iban", t.method_iban, MethodType::Iban)]
            .into_iter()
            .filter(|(_, _, kind)| allowed(kind.rule_kind(None)))
            .map(|(value, label, kind)| (value.to_string(), label.to_string(), TopUpMethod::New(kind)));
    saved.chain(new).collect()
}

#[component]
fn TopUpForm(
    account: Account,
    methods: Vec<PaymentMethod>,
    /// Where the page says what a top-up did.
    status: RwSignal<Option<String>>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let session = Session::get();
    let currency = account.currency.unwrap_or(Currency::Chf);
    let offered = top_up_methods(&methods, currency);
    let amount = RwSignal::new(String::new());
    let chosen = RwSignal::new(offered.first().map(|(value, _, _)| value.clone()).unwrap_or_default());
    let amount_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let options: Vec<(String, String)> =
        offered.iter().map(|(value, label, _)| (value.clone(), label.clone())).collect();
    let account_id = account.id;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        status.set(None);
        form_error.set(None);
        let Some(method) = offered.iter().find(|(value, _, _)| *value == chosen.get_untracked()).map(|(_, _, m)| *m)
        else {
            return;
        };
        // The rules first, as the server will ask them: a clear sentence, nothing sent.
        let checked = Money::parse(&amount.get_untracked(), currency)
            .map_err(PaymentError::from)
            .and_then(|money| check_top_up(money, currency, method.kind(), false).map(|()| money))
            .map_err(|refusal| payment_refusal(&refusal));
        let money = match checked {
            Ok(money) => money,
            Err(message) => {
                amount_error.set(Some(message));
                crate::components::focus_by_id("amount");
                return;
            }
        };
        amount_error.set(None);
        busy.set(true);
        let request = TopUpRequest { amount: money.amount(), payment: method.choice() };
        spawn_local(async move {
            match session.client().top_up(account_id, &request).await {
                Ok(invoice) => {
                    session.billing_changed(account_id);
                    status.set(Some(topped_up(&invoice)));
                    amount.set(String::new());
                    on_done.run(());
                }
                Err(error) => form_error.set(Some(describe(&error))),
            }
            busy.set(false);
        });
    };

    let t = t();
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{t.top_up}</h2>
            <TextField label=t.amount id="amount" value=amount error=amount_error />
            <SelectField label=t.payment_method.into() id="top_up_method".into() value=chosen options=options />
            {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" aria-busy=move || busy.get().to_string() disabled=busy>
                {move || if busy.get() { t.topping_up } else { t.top_up }}
            </button>
        </form>
    }
}

/// What a top-up's answer means for the balance: added now, or once the transfer arrives.
fn topped_up(invoice: &Invoice) -> String {
    let t = t();
    let template = if invoice.is_pro_forma { t.top_up_pending } else { t.topped_up };
    fill(template, &[("amount", &money(&invoice.total)), ("number", &invoice.number)])
}

#[component]
fn Movements(prepaid: Prepaid) -> impl IntoView {
    let t = t();
    if prepaid.movements.is_empty() {
        return view! { <p>{t.no_movements}</p> }.into_any();
    }
    let rows = prepaid
        .movements
        .into_iter()
        .map(|movement| {
            let kind = match movement.kind.as_str() {
                "top_up" => t.movement_top_up,
                "surplus" => t.movement_surplus,
                _ => t.movement_payment,
            };
            view! {
                <tr>
                    <td>{date(movement.created_at)}</td>
                    <td>{kind}</td>
                    <td class="number">{money(&movement.amount)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{t.movements_caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_date}</th>
                    <th scope="col">{t.column_movement}</th>
                    <th scope="col">{t.amount}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
