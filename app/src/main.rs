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
                    <Route path=path!("/") view={Lazy::<DashboardPage>::new()} />
                    <Route path=path!("/users") view={Lazy::<UsersPage>::new()} />
                    <Route path=path!("/organizations/new") view={Lazy::<NewOrganizationPage>::new()} />
                </ParentRoute>
                <Route path=path!("/login") view={Lazy::<LogInPage>::new()} />
                <Route path=path!("/signup") view={Lazy::<SignUpPage>::new()} />
                <Route path=path!("/gallery") view={Lazy::<GalleryPage>::new()} />
            </Routes>
        </Router>
    }
}

/// A page whose code is fetched when it is first opened: `cargo xtask build-app` splits the
/// WASM at each of these, so a first visit downloads the shell and one page, not every page
/// (the size budget, BENCHMARKS.md).
macro_rules! lazy_page {
    ($name:ident, $view:expr) => {
        struct $name;

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                $view.into_any()
            }
        }
    };
}

lazy_page!(DashboardPage, view! { <pages::Organizations /> });
lazy_page!(UsersPage, view! { <pages::Users /> });
lazy_page!(NewOrganizationPage, view! { <pages::NewOrganization /> });
lazy_page!(LogInPage, view! { <main id="main"><pages::LogIn /></main> });
lazy_page!(SignUpPage, view! { <main id="main"><pages::SignUp /></main> });
lazy_page!(GalleryPage, view! { <main id="main"><pages::Gallery /></main> });
