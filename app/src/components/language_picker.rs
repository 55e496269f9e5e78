use crate::i18n::{t, I18n};
use crate::session::Session;
use api::UpdateProfileRequest;
use domain::language::Language;
use leptos::prelude::*;

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
            let request = UpdateProfileRequest { language_id: Some(language.id()), locale: None };
            leptos::task::spawn_local(async move {
                // Best effort: shown here already; the next device asks the profile.
                let _ = client.set_profile(&request).await;
            });
        }
        leptos::task::spawn_local(async move {
            i18n.change(language).await;
            // The app was drawn again in the new language: the focus comes back here.
            set_timeout(|| crate::components::focus_by_id("language"), std::time::Duration::ZERO);
        });
    };
    view! {
        <div class="language">
            <label for="language">{t().language_label}</label>
            // Reaching the control fetches the other languages, so that choosing one is instant.
            <select
                id="language"
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
