//! What a page says after one of its changes, and the version its resources track to load
//! again: the shape every page with actions shares (a status for what went through, an
//! alert for what failed).

use super::describe;
use api::ClientError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct PageOutcome {
    /// Bumped after a change: the page's resources track it and load again.
    pub version: RwSignal<u32>,
    pub status: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
}

impl PageOutcome {
    pub fn new() -> PageOutcome {
        PageOutcome { version: RwSignal::new(0), status: RwSignal::new(None), error: RwSignal::new(None) }
    }

    /// A change went through: say so, and load again.
    pub fn done(&self, message: String) {
        self.error.set(None);
        self.status.set(Some(message));
        self.reload();
    }

    pub fn failed(&self, failure: &ClientError) {
        self.status.set(None);
        self.error.set(Some(describe(failure)));
    }

    pub fn reload(&self) {
        self.version.update(|v| *v += 1);
    }
}

impl Default for PageOutcome {
    fn default() -> Self {
        PageOutcome::new()
    }
}

/// The page's status (`role="status"`) and its alert (`role="alert"`), where it shows them.
#[component]
pub fn OutcomeNotices(outcome: PageOutcome) -> impl IntoView {
    view! {
        <p class="notice" role="status">{move || outcome.status.get()}</p>
        {move || outcome.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}
