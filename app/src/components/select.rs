use leptos::prelude::*;

/// A `<select>` with its `<label>`; options are (value, visible text).
#[component]
pub fn SelectField(
    /// The visible label, also the accessible name.
    label: String,
    /// The select's id.
    id: String,
    /// The chosen value, two-way bound.
    value: RwSignal<String>,
    /// (value, text) pairs, in order.
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id.clone() name=id on:change:target=move |ev| value.set(ev.target().value()) prop:value=move || value.get()>
                {options
                    .into_iter()
                    .map(|(option, text)| {
                        let chosen = option.clone();
                        view! { <option value=option selected=move || value.with(|v| *v == chosen)>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
