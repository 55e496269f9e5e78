//! Where the focus goes after a move to another page.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// After a move to another page, the focus goes to the new page's heading, so a keyboard or
/// screen reader user starts reading the page that appeared rather than where the old one was.
/// Not on the first load: the browser starts at the top by itself. Not away from a control
/// that got the focus while the page was coming (the person moved on, the language picker
/// took it back after a change, a guide marked its control).
#[component]
pub fn FocusOnNavigation() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    // A change of language draws the app again: the old drawing's pending move stops, or it
    // would move the focus away from the language picker. (An Arc: `on_cleanup` asks for Sync.)
    let dropped = Arc::new(AtomicBool::new(false));
    on_cleanup({
        let dropped = dropped.clone();
        move || dropped.store(true, Ordering::Relaxed)
    });
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            // A lazy page is drawn once its code has arrived, and until then the page being
            // left stays: wait for a heading that is not the old one.
            let old = main_heading();
            let focused = document().active_element();
            let dropped = dropped.clone();
            set_timeout(move || focus_new_heading(old, focused, dropped, 0), std::time::Duration::ZERO);
        }
        path
    });
}

fn main_heading() -> Option<web_sys::HtmlElement> {
    document().query_selector("main h1").ok().flatten().and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Tries every 20 ms for 5 s; after 2 s the heading there is taken even if unchanged (a move
/// between two pages drawn by the same component keeps its heading). `focused`: what had the
/// focus when the move began.
fn focus_new_heading(
    old: Option<web_sys::HtmlElement>,
    focused: Option<web_sys::Element>,
    dropped: Arc<AtomicBool>,
    attempt: u32,
) {
    if dropped.load(Ordering::Relaxed) {
        return;
    }
    match main_heading() {
        Some(heading) if old.as_ref() != Some(&heading) || attempt >= 100 => {
            if !focus_moved_since(focused.as_ref()) {
                let _ = heading.set_attribute("tabindex", "-1");
                let _ = heading.focus();
            }
        }
        _ if attempt < 250 => set_timeout(
            move || focus_new_heading(old, focused, dropped, attempt + 1),
            std::time::Duration::from_millis(20),
        ),
        _ => {}
    }
}

/// Whether something on the page took the focus since `before`: not the same element, not
/// the page's body, and still on the page (the control that was clicked may have left with
/// the old page).
fn focus_moved_since(before: Option<&web_sys::Element>) -> bool {
    let body = document().body().map(web_sys::Element::from);
    document()
        .active_element()
        .is_some_and(|now| Some(&now) != before && Some(&now) != body.as_ref() && now.is_connected())
}
