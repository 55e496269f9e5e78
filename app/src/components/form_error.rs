use api::{ClientError, ErrorBody};
use leptos::prelude::*;

/// The error of a whole form (not of one field), announced when it appears.
#[component]
pub fn FormError(
    /// The message; nothing is shown while it is `None`.
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    move || message.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })
}

/// The message for one field out of an API error (or a local check shaped like one).
pub fn field_error(error: &RwSignal<Option<ErrorBody>>, attribute: &'static str) -> Signal<Option<String>> {
    let error = *error;
    Signal::derive(move || {
        error.with(|e| e.as_ref().and_then(|e| e.field(attribute)).map(crate::errors::field_message))
    })
}

/// What to tell the person when a call fails and no field is to blame (see [`crate::errors`]).
pub fn describe(error: &ClientError) -> String {
    crate::errors::explain(error).message
}

/// A page's data could not be loaded: why, and a `Try again` when trying again may work.
#[component]
pub fn LoadError(
    /// The failed call.
    error: ClientError,
    /// Loads again.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let failure = crate::errors::explain(&error);
    view! {
        <div class="form-error" role="alert">
            <p>{failure.message}</p>
            {failure.retry.then(|| view! {
                <button type="button" on:click=move |_| on_retry.run(())>{crate::i18n::t().try_again}</button>
            })}
        </div>
    }
}

/// Moves the keyboard focus to the first field the error names, so a keyboard or screen
/// reader user lands where the fix is. Field ids are the API's attribute names.
pub fn focus_first_invalid(error: &ErrorBody) {
    if let Some(first) = error.errors.first() {
        focus_by_id(&first.context.attribute);
    }
}

/// Moves the keyboard focus to the element with this id, if there is one that can take it.
pub fn focus_by_id(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(element) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
