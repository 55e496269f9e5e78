//! The console: the routes of its pages, each page's code fetched when it is first opened.

use app::components::{FocusOnNavigation, Shell};
use app::{i18n, pages, session};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
    // A User Timing mark: the first page is on screen and wired. `e2e`'s page_timing example
    // reads it for BENCHMARKS.md; browsers' performance tools show it too.
    if let Some(performance) = leptos::prelude::window().performance() {
        let _ = performance.mark("console:rendered");
    }
}

/// The whole console: routes, the session and the language in context. A change of language
/// draws everything again in the new one (the session, and what it fetched, stay).
#[component]
fn App() -> impl IntoView {
    session::Session::provide();
    let i18n = i18n::I18n::provide();
    move || {
        i18n.language();
        i18n.ready().then(|| view! { <Console /> })
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
                    <Route path=path!("/") view={Lazy::<OrganizationPages>::new()} />
                    <Route path=path!("/products") view={Lazy::<ProductsPage>::new()} />
                    <Route path=path!("/products/:id") view={Lazy::<ProductPage>::new()} />
                    <Route path=path!("/renewals") view={Lazy::<RenewalsPage>::new()} />
                    <Route path=path!("/invoices") view={Lazy::<InvoicesPage>::new()} />
                    <Route path=path!("/prepaid") view={Lazy::<PrepaidPage>::new()} />
                    <Route path=path!("/payment-methods") view={Lazy::<PaymentMethodsPage>::new()} />
                    <Route path=path!("/users") view={Lazy::<UsersPage>::new()} />
                    <Route path=path!("/organizations/new") view={Lazy::<OrganizationPages>::new()} />
                </ParentRoute>
                <Route path=path!("/login") view={Lazy::<EntryPages>::new()} />
                <Route path=path!("/signup") view={Lazy::<EntryPages>::new()} />
                <Route path=path!("/gallery") view={Lazy::<GalleryPage>::new()} />
            </Routes>
        </Router>
    }
}

/// Pages whose code is fetched when one of them is first opened: `cargo xtask build-app`
/// splits the WASM at each group, so a first visit downloads the shell and one group, not
/// every page (the size budget, BENCHMARKS.md). Pages are grouped by what they share (each
/// split point multiplies the small chunks of code shared between parts, and each chunk is a
/// request and a few hundred bytes of compression lost). `data` notes the path being opened;
/// the last page answers any other.
macro_rules! lazy_pages {
    ($name:ident { $($path:literal => $view:expr,)* _ => $last:expr $(,)? }) => {
        struct $name(String);

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                Self(leptos_router::hooks::use_location().pathname.get_untracked())
            }

            fn view(this: Self) -> AnyView {
                match this.0.as_str() {
                    $($path => $view.into_any(),)*
                    _ => $last.into_any(),
                }
            }
        }
    };
}

lazy_pages!(OrganizationPages { "/organizations/new" => view! { <pages::NewOrganization /> }, _ => view! { <pages::Organizations /> } });
lazy_pages!(ProductsPage { _ => view! { <pages::Products /> } });
lazy_pages!(ProductPage { _ => view! { <pages::ProductDetail /> } });
lazy_pages!(RenewalsPage { _ => view! { <pages::Renewals /> } });
lazy_pages!(InvoicesPage { _ => view! { <pages::Invoices /> } });
lazy_pages!(PrepaidPage { _ => view! { <pages::PrepaidAccount /> } });
lazy_pages!(PaymentMethodsPage { _ => view! { <pages::PaymentMethods /> } });
lazy_pages!(UsersPage { _ => view! { <pages::Users /> } });
lazy_pages!(EntryPages { "/signup" => view! { <main id="main"><pages::SignUp /></main> }, _ => view! { <main id="main"><pages::LogIn /></main> } });
lazy_pages!(GalleryPage { _ => view! { <main id="main"><pages::Gallery /></main> } });
