//! Where the focus goes after a move to another page.

use super::controls::MARK;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// After a move to another page, the focus goes to the new page's heading, so a keyboard or
/// screen reader user starts reading the page that appeared rather than where the old one was.
/// Not on the first load: the browser starts at the top by itself. Not away from a control
/// that a guide marked meanwhile (it has just given it the focus).
#[component]
pub fn FocusOnNavigation() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            // A lazy page is drawn once its code has arrived, and until then the page being
            // left stays: wait for a heading that is not the old one.
            let old = main_heading();
            set_timeout(move || focus_new_heading(old, 0), std::time::Duration::ZERO);
        }
        path
    });
}

fn main_heading() -> Option<web_sys::HtmlElement> {
    document().query_selector("main h1").ok().flatten().and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Tries every 20 ms for 5 s; after 2 s the heading there is taken even if unchanged (a move
/// between two pages drawn by the same component keeps its heading).
fn focus_new_heading(old: Option<web_sys::HtmlElement>, attempt: u32) {
    match main_heading() {
        Some(heading) if old.as_ref() != Some(&heading) || attempt >= 100 => {
            let guided = document().active_element().is_some_and(|focused| focused.class_list().contains(MARK));
            if !guided {
                let _ = heading.set_attribute("tabindex", "-1");
                let _ = heading.focus();
            }
        }
        _ if attempt < 250 => {
            set_timeout(move || focus_new_heading(old, attempt + 1), std::time::Duration::from_millis(20))
        }
        _ => {}
    }
}
