//! The console: the routes of its pages, each page's code fetched when it is first opened.

use app::components::{FocusOnNavigation, Shell};
use app::{i18n, pages, session};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The whole console: routes, the session and the language in context. A change of language
/// draws everything again in the new one (the session, and what it fetched, stay).
#[component]
fn App() -> impl IntoView {
    session::Session::provide();
    let i18n = i18n::I18n::provide();
    // A User Timing mark: the first page is on screen and wired (its language's words had to
    // arrive first). `e2e`'s page_timing example reads it for BENCHMARKS.md; browsers'
    // performance tools show it too.
    Effect::new(move |marked: Option<bool>| {
        let ready = i18n.ready();
        if ready && marked != Some(true) {
            if let Some(performance) = window().performance() {
                let _ = performance.mark("console:rendered");
            }
        }
        ready
    });
    move || {
        i18n.language();
        match (i18n.ready(), i18n::has_words()) {
            (false, _) => None,
            (true, true) => Some(view! { <Console /> }.into_any()),
            // No language file could be fetched: the one sentence the app knows by heart.
            (true, false) => Some(
                view! { <p role="alert">"The console could not load its words. Check the connection, then reload the page."</p> }
                    .into_any(),
            ),
        }
    }
}

#[component]
fn Console() -> impl IntoView {
    view! {
        <Router>
            <session::SessionGuard />
            <FocusOnNavigation />
            <Routes fallback=|| view! { <main id="main"><pages::NotFound /></main> }>
                // One shell for every signed-in page, kept while moving between them: what it
                // fetched (the Organizations, the tour's progress) is not asked again.
                <ParentRoute path=path!("") view=|| view! { <Shell><Outlet /></Shell> }>
                    <Route path=path!("/") view=pages::Organizations />
                    <Route path=path!("/products") view={Lazy::<ProductsPage>::new()} />
                    <Route path=path!("/products/:id") view={Lazy::<ProductPage>::new()} />
                    <Route path=path!("/renewals") view={Lazy::<RenewalsPage>::new()} />
                    <Route path=path!("/orders") view={Lazy::<OrdersPage>::new()} />
                    <Route path=path!("/invoices") view={Lazy::<InvoicesPage>::new()} />
                    <Route path=path!("/prepaid") view={Lazy::<PrepaidPage>::new()} />
                    <Route path=path!("/payment-methods") view={Lazy::<PaymentMethodsPage>::new()} />
                    <Route path=path!("/users") view={Lazy::<UsersPage>::new()} />
                    <Route path=path!("/teams") view={Lazy::<TeamsPage>::new()} />
                    <Route path=path!("/security") view={Lazy::<SecurityPage>::new()} />
                    <Route path=path!("/support-access") view={Lazy::<SupportPage>::new()} />
                    <Route path=path!("/api-tokens") view={Lazy::<ApiTokensPage>::new()} />
                    <Route path=path!("/partner") view={Lazy::<PartnerPage>::new()} />
                    <Route path=path!("/organizations/new") view={Lazy::<NewOrganizationPage>::new()} />
                </ParentRoute>
                <Route path=path!("/login") view=|| view! { <main id="main"><pages::LogIn /></main> } />
                <Route path=path!("/signup") view=|| view! { <main id="main"><pages::SignUp /></main> } />
                <Route path=path!("/gallery") view={Lazy::<GalleryPage>::new()} />
                <Route path=path!("/cancellations/:key") view={Lazy::<CancellationPage>::new()} />
                <Route path=path!("/invitations/:key") view={Lazy::<JoinPage>::new()} />
                <Route path=path!("/password/forgot") view={Lazy::<ForgotPasswordPage>::new()} />
                <Route path=path!("/login/forgot") view={Lazy::<ForgotLoginPage>::new()} />
                <Route path=path!("/report-abuse") view={Lazy::<ReportAbusePage>::new()} />
                <Route path=path!("/password/reset/:key") view={Lazy::<ResetPasswordPage>::new()} />
            </Routes>
        </Router>
    }
}

/// Pages whose code is fetched when first opened: `cargo xtask build-app` splits the WASM at
/// each, so that nobody downloads every page. Log-in, sign-up, the dashboard and the new
/// Organization page are not among them: a first visit needs them all, and in the main
/// module they cost 24 KB (gzip) less than as parts, each part and each chunk of code shared
/// between parts being a request, imports and compression lost (BENCHMARKS.md).
macro_rules! lazy_page {
    ($name:ident => $view:expr) => {
        struct $name;

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                Self
            }

            fn view(this: Self) -> AnyView {
                let _ = this; // the page needs nothing from `data`
                $view.into_any()
            }
        }
    };
}

lazy_page!(ProductsPage => view! { <pages::Products /> });
lazy_page!(ProductPage => view! { <pages::ProductDetail /> });
lazy_page!(RenewalsPage => view! { <pages::Renewals /> });
lazy_page!(OrdersPage => view! { <pages::Orders /> });
lazy_page!(InvoicesPage => view! { <pages::Invoices /> });
lazy_page!(PrepaidPage => view! { <pages::PrepaidAccount /> });
lazy_page!(PaymentMethodsPage => view! { <pages::PaymentMethods /> });
lazy_page!(UsersPage => view! { <pages::Users /> });
lazy_page!(NewOrganizationPage => view! { <pages::NewOrganization /> });
lazy_page!(TeamsPage => view! { <pages::Teams /> });
lazy_page!(SecurityPage => view! { <pages::Security /> });
lazy_page!(SupportPage => view! { <pages::SupportAccessPage /> });
lazy_page!(ApiTokensPage => view! { <pages::ApiTokens /> });
lazy_page!(PartnerPage => view! { <pages::PartnerProgram /> });
lazy_page!(GalleryPage => view! { <main id="main"><pages::Gallery /></main> });
lazy_page!(JoinPage => view! { <main id="main"><pages::JoinOrganization /></main> });
lazy_page!(CancellationPage => view! { <main id="main"><pages::ConfirmCancellation /></main> });
lazy_page!(ForgotPasswordPage => view! { <main id="main"><pages::ForgotPassword /></main> });
lazy_page!(ForgotLoginPage => view! { <main id="main"><pages::ForgotLogin /></main> });
lazy_page!(ReportAbusePage => view! { <main id="main"><pages::ReportAbuse /></main> });
lazy_page!(ResetPasswordPage => view! { <main id="main"><pages::ResetPassword /></main> });
