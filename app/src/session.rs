//! The signed-in session: the access token and the current Organization, kept in
//! `localStorage` so a reload stays where it was.

use api::transport::GlooTransport;
use api::{Account, Client, ClientError};
use leptos::prelude::*;

const TOKEN_KEY: &str = "console.access_token";
const ACCOUNT_KEY: &str = "console.account_id";
const USER_KEY: &str = "console.user_id";

/// Where the API is: the server that served the app, under `/api`.
const API_BASE: &str = "/api";

/// The session, shared through context. `Copy`: pass it into closures freely.
#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<String>>,
    /// The signed-in user's id, for "is this me?" questions (R-ROLE-6).
    user_id: RwSignal<Option<i64>>,
    /// The Organization everything shows (R-ACC-3: switching needs no new log-in).
    account_id: RwSignal<Option<i64>>,
    /// Bumped to reload the Organizations (after one is created or renamed).
    accounts_version: RwSignal<u32>,
    /// A one-time message for the next page ("Your account is ready"), announced politely.
    pub notice: RwSignal<Option<String>>,
}

impl Session {
    /// Creates the session from storage and puts it in the context.
    pub fn provide() -> Session {
        let stored = |key| storage().and_then(|s| s.get_item(key).ok().flatten());
        let session = Session {
            token: RwSignal::new(stored(TOKEN_KEY)),
            user_id: RwSignal::new(stored(USER_KEY).and_then(|id| id.parse().ok())),
            account_id: RwSignal::new(stored(ACCOUNT_KEY).and_then(|id| id.parse().ok())),
            accounts_version: RwSignal::new(0),
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

    pub fn sign_in(&self, token: String, user_id: i64) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(TOKEN_KEY, &token);
            let _ = storage.set_item(USER_KEY, &user_id.to_string());
        }
        self.user_id.set(Some(user_id));
        self.token.set(Some(token));
    }

    pub fn user_id(&self) -> Option<i64> {
        self.user_id.get()
    }

    pub fn sign_out(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(TOKEN_KEY);
            let _ = storage.remove_item(ACCOUNT_KEY);
            let _ = storage.remove_item(USER_KEY);
        }
        self.user_id.set(None);
        self.account_id.set(None);
        self.token.set(None);
    }

    /// The chosen Organization, if one was chosen.
    pub fn chosen_account(&self) -> Option<i64> {
        self.account_id.get()
    }

    /// Switches to another Organization (R-ACC-3).
    pub fn choose_account(&self, account_id: i64) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(ACCOUNT_KEY, &account_id.to_string());
        }
        self.account_id.set(Some(account_id));
    }

    /// The user's Organizations, reloaded whenever [`Session::reload_accounts`] is called.
    pub fn accounts(&self) -> LocalResource<Result<Vec<Account>, ClientError>> {
        let session = *self;
        LocalResource::new(move || {
            session.accounts_version.track();
            async move { session.client().accounts().await }
        })
    }

    pub fn reload_accounts(&self) {
        self.accounts_version.update(|v| *v += 1);
    }
}

/// The current Organization out of the list: the chosen one, else the first.
pub fn current(accounts: &[Account], chosen: Option<i64>) -> Option<&Account> {
    chosen.and_then(|id| accounts.iter().find(|a| a.id == id)).or_else(|| accounts.first())
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}
