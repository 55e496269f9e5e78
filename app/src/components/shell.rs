use crate::components::{GuidePlayer, Guides, HelpMenu, LanguagePicker, OrganizationSwitcher, Tutorial};
use crate::i18n::{fill, t, I18n};
use crate::session::{current, Session};
use api::Account;
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_location, use_navigate};

/// The Organization every signed-in page shows, from context (set by [`Shell`]).
#[derive(Clone, Copy)]
pub struct CurrentAccount(pub Memo<Option<Account>>);

/// The user's Organizations, from context (set by [`Shell`]).
#[derive(Clone, Copy)]
pub struct Accounts(pub LocalResource<Result<Vec<Account>, api::ClientError>>);

/// The frame of every signed-in page: the Organization switcher, the main navigation, the
/// page itself, and log-out. Signed out, it sends to the log-in page.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let session = Session::get();
    if !session.is_signed_in() {
        let location = use_location();
        let path = crate::session::login_path(&location.pathname.get_untracked(), &location.search.get_untracked());
        return view! { <Redirect path=path /> }.into_any();
    }
    session.apply_profile(I18n::get());
    let accounts = session.accounts();
    // A token the server no longer takes is seen by the session's transport (SessionGuard).
    // A one-time message from the page before ("Your account is ready"), announced politely.
    // It stays until the person moves to another page.
    let notice = RwSignal::new(session.notice.get_untracked());
    session.notice.set(None);
    // Each move to another page looks again: free while the answer kept is under a minute old.
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            session.revalidate_accounts();
            // The message a page left for the next one (leaving an Organization), or none.
            notice.set(session.notice.get_untracked());
            session.notice.set(None);
        }
        path
    });
    let current = Memo::new(move |_| {
        let list = accounts.get().and_then(Result::ok).unwrap_or_default();
        current(&list, session.chosen_account()).cloned()
    });
    // An Organization that requires two-factor authentication keeps a member without it on
    // Security, whatever page they ask for, until it is on.
    let to_security = use_navigate();
    Effect::new(move |_| {
        let required = current.with(|account| account.as_ref().is_some_and(|a| a.has_2fa_required));
        let two_factor_missing = required && session.two_factor_on.get() == Some(false);
        // R-REC-3: so does an account in recovery, until it has a new login email.
        let in_recovery = session.login_email_required.get() == Some(true);
        if (two_factor_missing || in_recovery) && location.pathname.get() != "/security" {
            to_security("/security", Default::default());
        }
    });
    provide_context(CurrentAccount(current));
    provide_context(Accounts(accounts));
    Guides::provide();
    let navigate = use_navigate();
    let log_out = move |_| {
        let client = session.client();
        leptos::task::spawn_local(async move {
            // Revoke on the server; signed out here whatever it answers.
            let _ = client.log_out().await;
        });
        session.sign_out();
        navigate("/login", Default::default());
    };
    let t = t();
    view! {
        <div class="shell">
            <a class="skip-link" href="#main" on:click=skip_to_main>{t.skip_link}</a>
            <header class="topbar">
                <OrganizationSwitcher accounts=accounts current=current />
                <HelpMenu />
                <LanguagePicker />
                <button type="button" class="quiet" on:click=log_out>{t.log_out}</button>
            </header>
            <nav aria-label=t.nav_label>
                <ul>
                    <li><A href="/">{t.nav_dashboard}</A></li>
                    <li><A href="/products">{t.nav_products}</A></li>
                    <li><A href="/renewals">{t.nav_renewals}</A></li>
                    <li><A href="/orders">{t.nav_orders}</A></li>
                    <li><A href="/invoices">{t.nav_invoices}</A></li>
                    <li><A href="/prepaid">{t.nav_prepaid}</A></li>
                    <li><A href="/payment-methods">{t.nav_payment_methods}</A></li>
                    <li><A href="/users">{t.nav_users}</A></li>
                    <li><A href="/teams">{t.nav_teams}</A></li>
                    <li><A href="/support-access">{t.nav_support_access}</A></li>
                    <li><A href="/security">{t.nav_security}</A></li>
                    <li><A href="/api-tokens">{t.nav_api_tokens}</A></li>
                    <li><A href="/partner">{t.nav_partner}</A></li>
                </ul>
            </nav>
            <main id="main" tabindex="-1">
                {move || notice.get().map(|notice| view! { <p class="notice" role="status">{notice}</p> })}
                <p class="notice" role="status" hidden=move || session.waiting_seconds.get().is_none()>
                    {move || session.waiting_seconds.get().map(|seconds| {
                        fill(t.waiting_for_limit, &[("seconds", &seconds.to_string())])
                    })}
                </p>
                {children()}
            </main>
            <GuidePlayer />
            <Tutorial />
        </div>
    }
    .into_any()
}

/// The skip link moves the focus itself: the router takes over links to this origin, so the
/// browser's own jump to `#main` would not happen.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    crate::components::focus_by_id("main");
}
