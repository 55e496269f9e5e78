use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let t = crate::i18n::t();
    view! {
        <h1>{t.not_found_title}</h1>
        <p><a href="/">{t.back_to_organizations}</a></p>
    }
}
