use leptos::prelude::*;

/// A text input with its `<label>` and its error, announced to screen readers when it appears.
#[component]
pub fn TextField(
    /// The visible label: also the input's accessible name (UI.md names it).
    label: &'static str,
    /// The input's id; its error gets `<id>-error`.
    id: &'static str,
    /// The input's value, two-way bound.
    value: RwSignal<String>,
    /// The error to show under the field, if any.
    #[prop(optional, into)]
    error: MaybeProp<String>,
    /// The input type: `text`, `email`, `password`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autofill hint (`email`, `current-password`, `new-password`, ...).
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A hint shown under the label, linked to the input.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let ids: Vec<&str> = [hint.map(|_| hint_id.as_str()), error.get().map(|_| error_id.as_str())]
                .into_iter()
                .flatten()
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                bind:value=value
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
            />
            {move || error.get().map(|message| view! { <p class="field-error" id=error_id.clone() role="alert">{message}</p> })}
        </div>
    }
}
