//! The signed-in session: the access token, kept in `localStorage` so a reload stays signed in.

use api::transport::GlooTransport;
use api::Client;
use leptos::prelude::*;

const TOKEN_KEY: &str = "console.access_token";

/// Where the API is: the server that served the app, under `/api`.
const API_BASE: &str = "/api";

/// The session, shared through context. `Copy`: pass it into closures freely.
#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<String>>,
    /// A one-time message for the next page ("Your account is ready"), announced politely.
    pub notice: RwSignal<Option<String>>,
}

impl Session {
    /// Creates the session from storage and puts it in the context.
    pub fn provide() -> Session {
        let session = Session {
            token: RwSignal::new(storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten())),
            notice: RwSignal::new(None),
        };
        provide_context(session);
        session
    }

    /// The session from context. Panics outside [`Session::provide`]: a programming error.
    pub fn get() -> Session {
        expect_context::<Session>()
    }

    pub fn is_signed_in(&self) -> bool {
        self.token.with(Option::is_some)
    }

    /// A client for the API, signed in when the session is.
    pub fn client(&self) -> Client<GlooTransport> {
        Client::new(GlooTransport, API_BASE).with_token(self.token.get_untracked())
    }

    pub fn sign_in(&self, token: String) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(TOKEN_KEY, &token);
        }
        self.token.set(Some(token));
    }

    pub fn sign_out(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(TOKEN_KEY);
        }
        self.token.set(None);
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}
