//! `Top up` (R-PAY-5, R-PAY-6): an amount and a method. The amount and the method are checked
//! by `domain::payment::check_top_up` before anything is sent, the same function the server
//! asks; the methods offered are those it allows in the Organization's currency (the
//! PostFinance card in CHF only).

use crate::components::{describe, SelectField, TextField};
use crate::errors::payment_refusal;
use crate::format::money;
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{Currency, Invoice, MethodType, PaymentChoice, PaymentMethod, TopUpRequest};
use domain::money::Money;
use domain::payment::{check_method, check_top_up, MethodKind, PaymentError, Purpose};
use leptos::prelude::*;
use leptos::task::spawn_local;

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

/// Needs a [`Session`] in context (the API client). A top-up made, it calls `on_done` with a
/// sentence saying what happened (added now, or once the transfer arrives); the host shows it
/// and loads the balance again. Refusals are said in the form itself.
///
/// ```no_run
/// use app::components::TopUpForm;
/// use leptos::prelude::*;
///
/// # fn sample(methods: Vec<api::PaymentMethod>) -> impl IntoView {
/// view! {
///     <TopUpForm
///         account_id=42
///         currency=api::Currency::Chf
///         methods=methods
///         on_done=|message: String| leptos::logging::log!("{message}")
///     />
/// }
/// # }
/// ```
#[component]
pub fn TopUpForm(
    /// The Organization whose prepaid account is topped up.
    account_id: i64,
    /// Its currency: decides the methods offered (R-PAY-5).
    currency: Currency,
    /// Its saved payment methods (`Client::payment_methods`).
    methods: Vec<PaymentMethod>,
    /// A top-up went through: what to tell the person.
    #[prop(into)]
    on_done: Callback<String>,
) -> impl IntoView {
    let session = Session::get();
    let offered = top_up_methods(&methods, currency);
    let amount = RwSignal::new(String::new());
    let chosen = RwSignal::new(offered.first().map(|(value, _, _)| value.clone()).unwrap_or_default());
    let amount_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let options: Vec<(String, String)> =
        offered.iter().map(|(value, label, _)| (value.clone(), label.clone())).collect();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
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
                    amount.set(String::new());
                    on_done.run(topped_up(&invoice));
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
