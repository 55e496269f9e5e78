//! `Prepaid account`: the balance, its movements, and `Top up` (R-PAY-5, R-PAY-6), the form
//! being `components::TopUpForm`, which others may embed.

use crate::components::{CurrentAccount, LoadError, TopUpForm};
use crate::format::{date, money};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{Currency, Prepaid};
use leptos::prelude::*;

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
                            account_id=account.id
                            currency=account.currency.unwrap_or(Currency::Chf)
                            methods=methods
                            on_done=move |said: String| {
                                status.set(Some(said));
                                version.update(|v| *v += 1);
                            }
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
                "returned" => t.movement_returned,
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
