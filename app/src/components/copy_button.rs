//! `Copy`: puts a secret shown once (backup codes, an API token) on the clipboard, and says
//! whether that worked, so that someone whose browser refuses knows to copy it by hand.

use crate::i18n::t;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CopyButton(
    /// What goes to the clipboard.
    text: String,
) -> impl IntoView {
    let t = t();
    let copied = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let promise = window().navigator().clipboard().write_text(&text);
        spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            copied.set(Some(if done { t.copied } else { t.copy_failed }));
        });
    };
    view! {
        <button type="button" on:click=copy>{t.copy}</button>
        <span role="status">{move || copied.get()}</span>
    }
}
