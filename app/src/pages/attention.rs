//! The dashboard's `Needs attention`: what the server's `attention` list says (decided by
//! `domain::attention`), one sentence and one link each, to the page where it is dealt with.
//! Shown to members with billing rights (R-ROLE-5); for others it is not there at all.

use crate::components::{CurrentAccount, LoadError};
use crate::format::{date, money};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{AttentionItem, ClientError};
use leptos::prelude::*;

#[component]
pub fn NeedsAttention() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    // Each item as its sentence and its link; None until the answer (and for members
    // without billing rights, who see nothing of billing, not even its absence). A signal
    // filled by a task rather than a resource under a `Transition`: this part is in what a
    // first visit downloads, and the resource's machinery costs kilobytes there.
    let items = RwSignal::new(None::<Result<Vec<(String, &'static str)>, ClientError>>);
    let version = RwSignal::new(0u32);
    Effect::new(move || {
        version.track();
        // No Organization (the last one just left): nothing to say.
        let Some(id) = current.with(|a| a.as_ref().map(|a| a.id)) else {
            items.set(None);
            return;
        };
        leptos::task::spawn_local(async move {
            let answer = session.attention(id).await;
            let shown = match answer {
                Ok(list) => Some(Ok(list.iter().map(|item| (sentence(item), link(item))).collect())),
                Err(ClientError::Api { status: 403, .. }) => None,
                Err(error) => Some(Err(error)),
            };
            items.set(shown);
        });
    });
    let t = t();
    move || {
        let body = match items.get()? {
            Ok(list) if list.is_empty() => view! { <p>{t.nothing_needs_attention}</p> }.into_any(),
            Ok(list) => {
                let rows =
                    list.into_iter().map(|(text, href)| view! { <li><a href=href>{text}</a></li> }).collect_view();
                view! { <ul class="attention">{rows}</ul> }.into_any()
            }
            Err(error) => view! { <LoadError error=error on_retry=move || version.update(|v| *v += 1) /> }.into_any(),
        };
        Some(view! {
            <section class="card" aria-labelledby="attention-title">
                <h2 id="attention-title">{t.needs_attention}</h2>
                {body}
            </section>
        })
    }
}

/// Where it is dealt with: an invoice is paid from Invoices, a product renewed from Renewals.
fn link(item: &AttentionItem) -> &'static str {
    if item.invoice_id.is_some() {
        "/invoices"
    } else {
        "/renewals"
    }
}

/// The item in the language shown, with its date or amount.
fn sentence(item: &AttentionItem) -> String {
    let t = t();
    let template = match item.kind.as_str() {
        "renewal_failed" => t.attention_renewal_failed,
        "blocked" => t.attention_blocked,
        "unpaid_invoice" => t.attention_unpaid_invoice,
        _ => t.attention_expiring_soon,
    };
    let day = item.date.map(date).unwrap_or_default();
    let amount = item.amount.as_ref().map(money).unwrap_or_default();
    fill(template, &[("name", &item.name), ("date", &day), ("amount", &amount)])
}
