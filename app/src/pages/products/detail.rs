//! `/products/:id`: one product, its renewal periods, its history, and its cancellation.

use super::cancel::CancelProduct;
use crate::components::{CurrentAccount, LoadError};
use crate::format::{date, product_status};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::{Product, ProductEvent};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// `/products/:id`: one product, its renewal periods and its history.
#[component]
pub fn ProductDetail() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let params = use_params_map();
    let retry = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        retry.track();
        let account = current.with(|a| a.as_ref().map(|a| a.id));
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
        async move {
            let (Some(account), Some(id)) = (account, id) else { return Ok(None) };
            let client = session.client();
            let product = client.product(account, id).await?;
            let history = client.product_history(account, id).await?;
            Ok::<_, api::ClientError>(Some((product, history)))
        }
    });
    let t = t();
    view! {
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((product, history))) => view! {
                        <ProductView product=product history=history />
                    }
                    .into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! {
                        <h1>{t.nav_products}</h1>
                        <LoadError error=error on_retry=move || retry.update(|r| *r += 1) />
                    }
                    .into_any(),
                }
            })}
        </Transition>
        <p><A href="/products">{t.back_to_products}</A></p>
    }
}

#[component]
fn ProductView(product: Product, history: Vec<ProductEvent>) -> impl IntoView {
    let t = t();
    let periods = product
        .renewal_periods
        .iter()
        .map(|months| fill(t.months, &[("months", &months.to_string())]))
        .collect::<Vec<_>>()
        .join(", ");
    let events = if history.is_empty() {
        view! { <p>{t.no_history}</p> }.into_any()
    } else {
        let rows = history
            .into_iter()
            .rev()
            .map(|event| view! { <tr><td>{date(event.at)}</td><td>{event_text(&event)}</td></tr> })
            .collect_view();
        view! {
            <table>
                <caption>{t.history}</caption>
                <thead><tr><th scope="col">{t.column_date}</th><th scope="col">{t.column_event}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let (id, ended) = (product.id, product.status == domain::lifecycle::ProductStatus::Terminated);
    view! {
        <h1>{product.customer_name.clone()}</h1>
        <dl class="facts">
            <dt>{t.product_type}</dt><dd>{product.service_name.clone()}</dd>
            <dt>{t.column_expires}</dt><dd>{date(product.expired_at)}</dd>
            <dt>{t.column_status}</dt><dd>{product_status(product.status)}</dd>
            <dt>{t.column_auto_renewal}</dt>
            <dd>{if product.auto_renewal.enabled { t.auto_renewal_on } else { t.auto_renewal_off }}</dd>
            <dt>{t.renewal_periods}</dt><dd>{periods}</dd>
        </dl>
        {events}
        <CancelProduct product_id=id ended=ended />
    }
}

/// One entry of the history in the language shown (the server's detail is for the record:
/// only a renewal's new expiry, a date, is shown from it).
fn event_text(event: &ProductEvent) -> String {
    let t = t();
    match event.event.as_str() {
        "renewed" => {
            let until = renewed_until(&event.detail).map(|day| crate::i18n::language().format_date(day));
            fill(t.event_renewed, &[("date", until.as_deref().unwrap_or(&event.detail))])
        }
        "renewal_failed" => t.event_renewal_failed.into(),
        "blocked" => t.status_blocked.into(),
        "terminated" if event.detail == "cancelled" => t.event_cancelled.into(),
        "terminated" => t.status_terminated.into(),
        other => other.into(),
    }
}

/// The day a renewal runs until, from the record's RFC 3339 time (`2027-01-05T10:00:00+00:00`):
/// its date part, read by hand because chrono's full parser costs kilobytes of WASM for a
/// date the record writes in UTC.
fn renewed_until(detail: &str) -> Option<chrono::NaiveDate> {
    let mut parts = detail.get(..10)?.split('-');
    let (year, month, day) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::renewed_until;

    #[test]
    fn a_renewal_record_gives_its_day() {
        assert_eq!(renewed_until("2027-01-05T10:00:00+00:00"), chrono::NaiveDate::from_ymd_opt(2027, 1, 5));
        assert_eq!(renewed_until("not a date"), None);
        assert_eq!(renewed_until("2027-13-05T10:00:00+00:00"), None);
    }
}
