use crate::i18n::{t, I18n};
use crate::session::Session;
use api::UpdateProfileRequest;
use domain::language::Language;
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    /// Until when (ms since the epoch) a newly drawn picker takes the focus back: a change of
    /// language draws the whole app again, sometimes in more than one step (lazy pages), so
    /// the control the person used is replaced, perhaps twice.
    static REFOCUS_UNTIL: Cell<f64> = const { Cell::new(0.0) };
}

/// The `Language` control: the five languages, each by its own name. Choosing one shows the
/// app in it at once; signed in, it is kept in the profile too, so that it follows the person
/// to another device.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = I18n::get();
    let session = Session::get();
    let shown = crate::i18n::language();
    let prefetch = || {
        for language in Language::ALL {
            leptos::task::spawn_local(async move {
                crate::i18n::load(language).await;
            });
        }
    };
    let choose = move |value: String| {
        let Some(language) = Language::from_tag(&value) else { return };
        if session.is_signed_in() {
            let client = session.client();
            let request = UpdateProfileRequest { language_id: Some(language.id()), ..Default::default() };
            leptos::task::spawn_local(async move {
                // Best effort: shown here already; the next device asks the profile.
                let _ = client.set_profile(&request).await;
            });
        }
        REFOCUS_UNTIL.with(|until| until.set(js_sys::Date::now() + 3_000.0));
        leptos::task::spawn_local(async move {
            i18n.change(language).await;
        });
    };
    // Drawn again after a change: the focus comes back here, unless the person put it
    // somewhere else meanwhile.
    let select = NodeRef::<leptos::html::Select>::new();
    Effect::new(move || {
        if let Some(select) = select.get() {
            if js_sys::Date::now() < REFOCUS_UNTIL.with(Cell::get) && focus_is_lost() {
                let _ = select.focus();
            }
        }
    });
    view! {
        <div class="language">
            <label for="language">{t().language_label}</label>
            // Reaching the control fetches the other languages, so that choosing one is instant.
            <select
                id="language"
                node_ref=select
                on:change:target=move |ev| choose(ev.target().value())
                on:focus=move |_| prefetch()
                on:pointerenter=move |_| prefetch()
            >
                {Language::ALL
                    .into_iter()
                    .map(|language| view! {
                        <option value=language.code() lang=language.code() selected=language == shown>
                            {language.native_name()}
                        </option>
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Whether nothing on the page has the focus: the body has it, or the element that had it
/// left the page.
fn focus_is_lost() -> bool {
    let document = document();
    let body = document.body().map(web_sys::Element::from);
    document.active_element().is_none_or(|now| Some(&now) == body.as_ref() || !now.is_connected())
}
