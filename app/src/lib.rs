//! The console's web app (Leptos 0.8, client-side rendering).
//!
//! One module per page (`pages`), small reusable components (`components`), and the signed-in
//! session in a context (`session`). Every rule is asked of the `domain` crate and every call
//! goes through the `api` crate's typed client, so the app and the server cannot disagree.
//!
//! The components are public: a Leptos app can embed them, given a [`session::Session`] in
//! its context.

pub mod cache;
pub mod components;
pub mod errors;
pub mod i18n;
pub mod pages;
pub mod session;

use components::Shell;
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

/// The whole console: routes, the session and the language in context. A change of language
/// draws everything again in the new one (the session, and what it fetched, stay).
#[component]
pub fn App() -> impl IntoView {
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
                    <Route path=path!("/") view=pages::Organizations />
                    <Route path=path!("/users") view={Lazy::<UsersPage>::new()} />
                    <Route path=path!("/organizations/new") view=pages::NewOrganization />
                </ParentRoute>
                <Route path=path!("/login") view=|| view! { <main id="main"><pages::LogIn /></main> } />
                <Route path=path!("/signup") view=|| view! { <main id="main"><pages::SignUp /></main> } />
                <Route path=path!("/gallery") view={Lazy::<GalleryPage>::new()} />
            </Routes>
        </Router>
    }
}

struct UsersPage;

#[lazy_route]
impl LazyRoute for UsersPage {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::Users /> }.into_any()
    }
}

struct GalleryPage;

#[lazy_route]
impl LazyRoute for GalleryPage {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <main id="main"><pages::Gallery /></main> }.into_any()
    }
}

/// After a move to another page, the focus goes to the new page's heading, so a keyboard or
/// screen reader user starts reading the page that appeared rather than where the old one was.
/// Not on the first load: the browser starts at the top by itself.
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            // After this move's page has rendered.
            set_timeout(focus_main_heading, std::time::Duration::ZERO);
        }
        path
    });
}

fn focus_main_heading() {
    use leptos::wasm_bindgen::JsCast;
    let heading =
        document().query_selector("main h1").ok().flatten().and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(heading) = heading {
        let _ = heading.set_attribute("tabindex", "-1");
        let _ = heading.focus();
    }
}
