//! `Invoices` (R-PAY-8): one per payment, pro-formas for transfers still awaited, each
//! downloaded as its PDF. The PDF needs the session's token, which a plain link cannot send:
//! the page fetches it and hands the browser the file.

use crate::components::{CurrentAccount, LoadError};
use crate::format::{date, money};
use crate::i18n::{fill, t};
use crate::session::Session;
use api::Invoice;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;

#[component]
pub fn Invoices() -> impl IntoView {
    let session = Session::get();
    let CurrentAccount(current) = expect_context::<CurrentAccount>();
    let retry = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let invoices = LocalResource::new(move || {
        retry.track();
        let account = current.with(|a| a.as_ref().map(|a| (a.id, a.name.clone())));
        async move {
            match account {
                Some((id, name)) => session.client().invoices(id).await.map(|list| Some((id, name, list))),
                None => Ok(None),
            }
        }
    });
    let t = t();
    view! {
        <h1>{t.nav_invoices}</h1>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <Transition fallback=move || view! { <p role="status">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match invoices.await {
                    Ok(Some((_, _, list))) if list.is_empty() => view! { <p>{t.no_invoices}</p> }.into_any(),
                    Ok(Some((account_id, name, list))) => {
                        view! { <InvoiceTable list=list organization=name account_id=account_id error=error /> }.into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(failure) => view! { <LoadError error=failure on_retry=move || retry.update(|r| *r += 1) /> }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InvoiceTable(
    list: Vec<Invoice>,
    organization: String,
    account_id: i64,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let t = t();
    let session = Session::get();
    let rows = list
        .into_iter()
        .map(|invoice| {
            let busy = RwSignal::new(false);
            let (id, number) = (invoice.id, invoice.number.clone());
            let status = match (invoice.is_pro_forma, invoice.status.as_str()) {
                (true, _) => t.pro_forma,
                (false, "paid") => t.invoice_paid,
                _ => t.invoice_pending,
            };
            let download = move |_| {
                let number = number.clone();
                busy.set(true);
                error.set(None);
                spawn_local(async move {
                    let token = session.client().token().map(str::to_string);
                    if download_pdf(token, account_id, id, &number).await.is_err() {
                        error.set(Some(t.err_offline.into()));
                    }
                    busy.set(false);
                });
            };
            view! {
                <tr>
                    <th scope="row">{invoice.number.clone()}</th>
                    <td>{date(invoice.created_at)}</td>
                    <td class="number">{money(&invoice.total)}</td>
                    <td>{status}</td>
                    <td>
                        <button
                            type="button"
                            class="quiet"
                            aria-label=format!("{} {}", t.download_pdf, invoice.number)
                            aria-busy=move || busy.get().to_string()
                            on:click=download
                        >
                            {move || if busy.get() { t.downloading } else { t.download_pdf }}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <caption>{fill(t.invoices_caption, &[("name", &organization)])}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.column_number}</th>
                    <th scope="col">{t.column_date}</th>
                    <th scope="col">{t.column_total}</th>
                    <th scope="col">{t.column_status}</th>
                    <th scope="col">{t.column_actions}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Fetches the invoice's PDF with the session's token and gives it to the browser as a file
/// named after the invoice (a link to an object URL, clicked once, then let go).
async fn download_pdf(token: Option<String>, account_id: i64, invoice_id: i64, number: &str) -> Result<(), ()> {
    let url = format!("/api/1/accounts/{account_id}/invoices/{invoice_id}/pdf");
    let mut request = gloo_net::http::Request::get(&url);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let response = request.send().await.map_err(|_| ())?;
    if !response.ok() {
        return Err(());
    }
    let bytes = response.binary().await.map_err(|_| ())?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/pdf");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let object_url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let link =
        document().create_element("a").map_err(|_| ())?.dyn_into::<web_sys::HtmlAnchorElement>().map_err(|_| ())?;
    link.set_href(&object_url);
    link.set_download(&format!("{number}.pdf"));
    link.click();
    let _ = web_sys::Url::revoke_object_url(&object_url);
    Ok(())
}
