use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p><a href="/">"Back to your organizations"</a></p>
    }
}
