//! The signed-in session: the tokens and the current Organization, kept in `localStorage` so
//! a reload stays where it was. The access token is refreshed a minute before it expires; a
//! request the server refuses with 401 ends the session, and the app sends the person to log
//! in and then back to the page they were on ([`SessionGuard`]).

use crate::cache::Cache;
use api::transport::{GlooTransport, HttpRequest, HttpResponse, Transport, TransportError};
use api::{Account, AccountUser, AttentionItem, Client, ClientError, Invitation, TokenResponse};
use domain::api_access::CONSOLE_CLIENT_ID;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use std::time::Duration;

const TOKEN_KEY: &str = "console.access_token";
const REFRESH_KEY: &str = "console.refresh_token";
const EXPIRES_KEY: &str = "console.expires_at_ms";
const ACCOUNT_KEY: &str = "console.account_id";
const USER_KEY: &str = "console.user_id";

/// The access token is renewed this long before it expires, so no request meets it expired.
const REFRESH_MARGIN_MS: f64 = 60_000.0;

/// Where the API is: the server that served the app, under `/api`.
const API_BASE: &str = "/api";

/// The session, shared through context. `Copy`: pass it into closures freely.
#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<String>>,
    refresh_token: RwSignal<Option<String>>,
    /// When the access token expires, in milliseconds since the epoch (the browser's clock).
    expires_at_ms: RwSignal<Option<f64>>,
    /// Set when the server refused the session (401): [`SessionGuard`] sends to the log-in page.
    expired: RwSignal<bool>,
    /// Counts sign-ins, so that a refresh timer of an older sign-in does nothing.
    generation: RwSignal<u32>,
    /// A refresh is on its way: the server revokes the old token as it renews it, so a 401
    /// meanwhile waits for the new token rather than ending the session.
    refreshing: RwSignal<bool>,
    /// The signed-in user's id, for "is this me?" questions (R-ROLE-6).
    user_id: RwSignal<Option<i64>>,
    /// The Organization everything shows (R-ACC-3: switching needs no new log-in).
    account_id: RwSignal<Option<i64>>,
    /// Bumped to reload the Organizations (after one is created or renamed).
    accounts_version: RwSignal<u32>,
    /// A one-time message for the next page ("Your account is ready"), announced politely.
    pub notice: RwSignal<Option<String>>,
    /// While a request waits out a refusal for too many requests longer than a moment: how
    /// long, in seconds, so that the shell can say so calmly.
    pub waiting_seconds: RwSignal<Option<u64>>,
    /// Whether the person has two-factor authentication on, once the profile has said so: an
    /// Organization that requires it sends them to Security until it is (see `Shell`).
    pub two_factor_on: RwSignal<Option<bool>>,
    /// Whether the account is in recovery (R-REC-3) and must choose a new login email first,
    /// once the profile has said so: the shell keeps the person on Security until it is done.
    pub login_email_required: RwSignal<Option<bool>>,
    /// What has been fetched, for the session ([`crate::cache`]).
    cache: StoredValue<Fetched, LocalStorage>,
    /// The profile's language was applied for this sign-in (see [`Session::apply_profile`]).
    profile_language_applied: StoredValue<bool>,
}

/// The answers the session keeps.
#[derive(Default)]
struct Fetched {
    accounts: Cache<(), Vec<Account>>,
    /// The members of each Organization, by its id.
    members: Cache<i64, Vec<AccountUser>>,
    /// The invitations waiting in each Organization (the Users page, for those who invite).
    invitations: Cache<i64, Vec<Invitation>>,
    /// What needs attention in each Organization, by its id (the dashboard).
    attention: Cache<i64, Vec<AttentionItem>>,
}

impl Session {
    /// Creates the session from storage and puts it in the context.
    pub fn provide() -> Session {
        let stored = |key| storage().and_then(|s| s.get_item(key).ok().flatten());
        let session = Session {
            token: RwSignal::new(stored(TOKEN_KEY)),
            refresh_token: RwSignal::new(stored(REFRESH_KEY)),
            // Whole milliseconds, as an integer: formatting and parsing floats would bring
            // about 15 KB of float code into the WASM for this one value.
            expires_at_ms: RwSignal::new(stored(EXPIRES_KEY).and_then(|at| at.parse::<i64>().ok()).map(|at| at as f64)),
            expired: RwSignal::new(false),
            generation: RwSignal::new(0),
            refreshing: RwSignal::new(false),
            user_id: RwSignal::new(stored(USER_KEY).and_then(|id| id.parse().ok())),
            account_id: RwSignal::new(stored(ACCOUNT_KEY).and_then(|id| id.parse().ok())),
            accounts_version: RwSignal::new(0),
            notice: RwSignal::new(None),
            waiting_seconds: RwSignal::new(None),
            two_factor_on: RwSignal::new(None),
            login_email_required: RwSignal::new(None),
            cache: StoredValue::new_local(Fetched::default()),
            profile_language_applied: StoredValue::new(false),
        };
        provide_context(session);
        if session.is_signed_in() {
            session.schedule_refresh();
        }
        session
    }

    /// The session from context. Panics outside [`Session::provide`]: a programming error.
    pub fn get() -> Session {
        expect_context::<Session>()
    }

    pub fn is_signed_in(&self) -> bool {
        self.token.with(Option::is_some)
    }

    /// A client for the API, signed in when the session is. It logs in as the console's own
    /// client, whose sessions have a person's rate limit rather than a script's.
    pub fn client(&self) -> Client<SessionTransport> {
        Client::new(SessionTransport { session: *self }, API_BASE)
            .with_client_id(CONSOLE_CLIENT_ID)
            .with_token(self.token.get_untracked())
    }

    /// Keeps the tokens of a log-in (or of a refresh) and plans the next refresh.
    pub fn sign_in(&self, token: &TokenResponse) {
        let expires_at = js_sys::Date::now() + token.expires_in as f64 * 1000.0;
        if let Some(storage) = storage() {
            let _ = storage.set_item(TOKEN_KEY, &token.access_token);
            let _ = storage.set_item(REFRESH_KEY, &token.refresh_token);
            let _ = storage.set_item(EXPIRES_KEY, &(expires_at as i64).to_string());
            let _ = storage.set_item(USER_KEY, &token.user_id.to_string());
        }
        self.user_id.set(Some(token.user_id));
        self.refresh_token.set(Some(token.refresh_token.clone()));
        self.expires_at_ms.set(Some(expires_at));
        self.expired.set(false);
        self.token.set(Some(token.access_token.clone()));
        self.schedule_refresh();
    }

    /// Renews the access token [`REFRESH_MARGIN_MS`] before it expires (at once if that is
    /// past). A refused refresh ends the session.
    fn schedule_refresh(&self) {
        let session = *self;
        let generation = self.generation.get_untracked().wrapping_add(1);
        self.generation.set(generation);
        let expires_at = self.expires_at_ms.get_untracked().unwrap_or(0.0);
        let wait = (expires_at - REFRESH_MARGIN_MS - js_sys::Date::now()).max(0.0);
        set_timeout(
            move || {
                if session.generation.get_untracked() != generation {
                    return; // signed in again, or out, since: that sign-in plans its own
                }
                let Some(refresh_token) = session.refresh_token.get_untracked() else { return };
                session.refreshing.set(true);
                leptos::task::spawn_local(async move {
                    // Through the session's own client (no bearer: a 401 here is not the session's), so the
                    // WASM holds one copy of the client's code, not one per transport.
                    let renewed = Client::new(SessionTransport { session }, API_BASE).refresh(&refresh_token).await;
                    session.refreshing.set(false);
                    match renewed {
                        Ok(token) => session.sign_in(&token),
                        Err(ClientError::Transport(_)) => {} // offline: the next 401 decides
                        Err(_) => session.expire(),
                    }
                });
            },
            Duration::from_millis(wait as u64),
        );
    }

    /// The server no longer takes this session: signed out here, and [`SessionGuard`] sends
    /// to the log-in page and back.
    pub fn expire(&self) {
        if self.is_signed_in() {
            self.sign_out();
            self.expired.set(true);
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        self.user_id.get()
    }

    pub fn sign_out(&self) {
        if let Some(storage) = storage() {
            for key in [TOKEN_KEY, REFRESH_KEY, EXPIRES_KEY, ACCOUNT_KEY, USER_KEY] {
                let _ = storage.remove_item(key);
            }
        }
        self.generation.update(|g| *g = g.wrapping_add(1));
        self.profile_language_applied.set_value(false);
        self.cache.update_value(|fetched| {
            fetched.accounts.clear();
            fetched.members.clear();
            fetched.invitations.clear();
            fetched.attention.clear();
        });
        self.user_id.set(None);
        self.account_id.set(None);
        self.refresh_token.set(None);
        self.expires_at_ms.set(None);
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

    /// The user's Organizations, asked again after [`Session::reload_accounts`] and, through
    /// [`Session::revalidate_accounts`], when the answer kept is over a minute old.
    pub fn accounts(&self) -> LocalResource<Result<Vec<Account>, ClientError>> {
        let session = *self;
        LocalResource::new(move || {
            session.accounts_version.track();
            let client = session.client();
            let answer = session.cache.try_update_value(|fetched| {
                fetched.accounts.get((), now_ms(), move || async move { client.accounts().await })
            });
            async move { answer.expect("the session outlives its pages").await }
        })
    }

    /// The app changed the Organizations (created, renamed, a member's role): ask again.
    pub fn reload_accounts(&self) {
        self.cache.update_value(|fetched| fetched.accounts.forget(&()));
        self.accounts_version.update(|v| *v += 1);
    }

    /// Asks [`Session::accounts`] to look again: a call only if the answer kept is stale.
    pub fn revalidate_accounts(&self) {
        self.accounts_version.update(|v| *v += 1);
    }

    /// The members of an Organization (one page of up to 100), kept like the Organizations.
    pub async fn members(&self, account_id: i64) -> Result<Vec<AccountUser>, ClientError> {
        let client = self.client();
        let answer = self.cache.try_update_value(|fetched| {
            fetched.members.get(account_id, now_ms(), move || async move {
                client.account_users(account_id, 1, 100, None).await.map(|page| page.items)
            })
        });
        answer.expect("the session outlives its pages").await
    }

    /// Once per sign-in (or page load), reads the person's profile: shows the app in the
    /// language kept there, so that a choice made on another device follows them (later
    /// choices are the language control's, which writes the profile itself), and learns
    /// whether two-factor authentication is on and whether a new login email is needed.
    pub fn apply_profile(&self, i18n: crate::i18n::I18n) {
        if self.profile_language_applied.get_value() {
            return;
        }
        self.profile_language_applied.set_value(true);
        let (client, two_factor_on, login_email_required) =
            (self.client(), self.two_factor_on, self.login_email_required);
        leptos::task::spawn_local(async move {
            let Ok(profile) = client.profile().await else { return };
            two_factor_on.set(Some(profile.double_auth));
            login_email_required.set(Some(profile.login_email_required));
            if let Some(language) = domain::language::Language::from_tag(&profile.language) {
                i18n.change(language).await;
            }
        });
    }

    /// The invitations waiting in an Organization, kept like its members.
    pub async fn invitations(&self, account_id: i64) -> Result<Vec<Invitation>, ClientError> {
        let client = self.client();
        let answer = self.cache.try_update_value(|fetched| {
            fetched.invitations.get(account_id, now_ms(), move || async move { client.invitations(account_id).await })
        });
        answer.expect("the session outlives its pages").await
    }

    /// The app changed the members of an Organization (or its invitations): ask again.
    pub fn members_changed(&self, account_id: i64) {
        self.cache.update_value(|fetched| {
            fetched.members.forget(&account_id);
            fetched.invitations.forget(&account_id);
        });
    }

    /// What needs attention in an Organization, kept like the Organizations.
    pub async fn attention(&self, account_id: i64) -> Result<Vec<AttentionItem>, ClientError> {
        let client = self.client();
        let answer = self.cache.try_update_value(|fetched| {
            fetched.attention.get(account_id, now_ms(), move || async move { client.attention(account_id).await })
        });
        answer.expect("the session outlives its pages").await
    }

    /// The app paid, renewed or changed a renewal in an Organization: ask again.
    pub fn billing_changed(&self, account_id: i64) {
        self.cache.update_value(|fetched| fetched.attention.forget(&account_id));
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The browser's `fetch`, watched for the session: a 401 to the current token ends the
/// session; a 401 to a token replaced meanwhile (a refresh happened while the request was on
/// its way) is sent again with the new one. A refusal for too many requests is waited out
/// (its `Retry-After`) and tried again, a few times, so the person sees a page, not a limit.
#[derive(Clone, Copy)]
pub struct SessionTransport {
    session: Session,
}

/// A wait for the rate limit longer than this is said on screen; a shorter one is not.
const SAY_WAITS_LONGER_THAN_SECONDS: u64 = 2;

/// How many times a refused request is sent again. Once is not enough: a page that asks for
/// two things at once (the members and the invitations) finds one request coming back a
/// second later, and only one of the two gets it; the other must wait once more.
const TRIES_AFTER_A_REFUSAL: usize = 3;

impl SessionTransport {
    async fn send_waiting_out_the_limit(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut response = GlooTransport.send(request.clone()).await?;
        for _ in 0..TRIES_AFTER_A_REFUSAL {
            if response.status != 429 {
                break;
            }
            let wait = response.retry_after.unwrap_or(1).clamp(1, 60);
            let say_it = wait > SAY_WAITS_LONGER_THAN_SECONDS;
            if say_it {
                self.session.waiting_seconds.set(Some(wait));
            }
            sleep_ms((wait * 1000) as i32).await;
            if say_it {
                self.session.waiting_seconds.set(None);
            }
            response = GlooTransport.send(request.clone()).await?;
        }
        Ok(response)
    }
}

impl Transport for SessionTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let sent_with = request.bearer.clone();
        let response = self.send_waiting_out_the_limit(request.clone()).await?;
        if response.status != 401 || sent_with.is_none() {
            return Ok(response);
        }
        // A renewal revokes the old token: let it finish (at most 10 s), then judge.
        for _ in 0..100 {
            if !self.session.refreshing.get_untracked() {
                break;
            }
            sleep_ms(100).await;
        }
        match self.session.token.get_untracked() {
            Some(current) if Some(&current) != sent_with.as_ref() => {
                self.send_waiting_out_the_limit(HttpRequest { bearer: Some(current), ..request }).await
            }
            _ => {
                self.session.expire();
                Ok(response)
            }
        }
    }
}

/// Waits `ms` milliseconds without blocking the page.
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Watches for a session the server ended and sends the person to log in, with the page they
/// were on as `next`, where the log-in page brings them back. Put it inside the router.
#[component]
pub fn SessionGuard() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        if session.expired.get() {
            session.expired.set(false);
            navigate(
                &login_path(&location.pathname.get_untracked(), &location.search.get_untracked()),
                Default::default(),
            );
        }
    });
}

/// `/login?next=<the page>`: where a signed-out visit to `path` goes.
pub fn login_path(path: &str, search: &str) -> String {
    let here = format!("{path}{search}");
    if here == "/" || here.starts_with("/login") {
        "/login".into()
    } else {
        format!("/login?next={}", percent_encoding::utf8_percent_encode(&here, percent_encoding::NON_ALPHANUMERIC))
    }
}

/// Where to go after logging in: `next` if it is a page of this console (a path on this
/// origin, never `//elsewhere` or `https://...`), else the dashboard.
pub fn after_login(next: Option<String>) -> String {
    next.filter(|next| next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\"))
        .unwrap_or_else(|| "/".into())
}

/// The current Organization out of the list: the chosen one, else the first.
pub fn current(accounts: &[Account], chosen: Option<i64>) -> Option<&Account> {
    chosen.and_then(|id| accounts.iter().find(|a| a.id == id)).or_else(|| accounts.first())
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_out_page_sends_to_log_in_with_itself_as_next() {
        assert_eq!(login_path("/users", ""), "/login?next=%2Fusers");
        assert_eq!(login_path("/users", "?page=2&q=a b"), "/login?next=%2Fusers%3Fpage%3D2%26q%3Da%20b");
        assert_eq!(login_path("/", ""), "/login", "the dashboard is where log-in goes anyway");
        assert_eq!(login_path("/login", "?next=%2Fusers"), "/login", "never log-in as its own next");
    }

    #[test]
    fn after_logging_in_only_a_page_of_this_console_is_a_place_to_go_back_to() {
        assert_eq!(after_login(Some("/users".into())), "/users");
        assert_eq!(after_login(Some("/organizations/new".into())), "/organizations/new");
        for elsewhere in ["//evil.example", "https://evil.example/", "/\\evil.example", "users", ""] {
            assert_eq!(after_login(Some(elsewhere.into())), "/", "{elsewhere}");
        }
        assert_eq!(after_login(None), "/");
    }
}
