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
    Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.field(attribute)).map(|f| f.description.clone())))
}

/// What to tell the person when a call fails and no field is to blame.
pub fn describe(error: &ClientError) -> String {
    match error {
        ClientError::Transport(_) => "The console cannot reach the server. Check your connection and try again.".into(),
        other => other.to_string(),
    }
}
