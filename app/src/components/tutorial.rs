use crate::components::controls::{find_step_control, mark};
use crate::i18n::{fill, t};
use crate::session::Session;
use domain::tour::{main_tour_steps, TourState, MAIN_TOUR};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;

/// The guided tour of the main sections (R-TOUR-*), its steps and moves from the domain crate:
/// offered on a first visit, resumed where it stood after a reload or on another device (the
/// server keeps the progress), and played again from the `Show the tutorial` button at the
/// bottom right of every page. Esc closes it, the arrow keys move through it. Needs a signed-in
/// [`Session`] in context (the progress is the server's) and a router (it finds the controls
/// of the page shown); with `in_page_only`, the progress stays in the page and the server is
/// not asked (a gallery, a host without this API).
///
/// ```no_run
/// use app::components::Tutorial;
/// use leptos::prelude::*;
///
/// # fn sample() -> impl IntoView {
/// app::session::Session::provide();
/// view! { <leptos_router::components::Router><Tutorial /></leptos_router::components::Router> }
/// # }
/// ```
#[component]
pub fn Tutorial(
    /// Keep the progress in this page only, the tour closed at first: nothing is asked of or
    /// sent to the server.
    #[prop(optional)]
    in_page_only: bool,
) -> impl IntoView {
    let session = Session::get();
    let steps = main_tour_steps();
    // None until the server has said where the user stands.
    let state = RwSignal::new(in_page_only.then(|| TourState::NotStarted.close()));
    if !in_page_only {
        spawn_local(async move {
            if let Ok(progress) = session.client().onboarding().await {
                state.set(Some(TourState::from(progress)));
            }
        });
    }
    let save = move |next: TourState| {
        state.set(Some(next));
        if in_page_only {
            return;
        }
        let client = session.client();
        spawn_local(async move {
            // Best effort: the tour goes on here even if the server missed one move.
            let _ = client.set_onboarding(&next.into()).await;
        });
    };
    // The step on screen: the first one while the tour is only offered.
    let shown = Memo::new(move |_| match state.get()? {
        TourState::NotStarted => Some(0),
        running => running.resume(steps),
    });
    // Moves start from "running at the step shown", so the offer's Next works like any Next.
    let running = move || TourState::Running { step: shown.get_untracked().unwrap_or(0) };
    let next = move || {
        if let Ok(moved) = running().next(steps) {
            save(moved)
        }
    };
    let back = move || {
        if let Ok(moved) = running().back() {
            save(moved)
        }
    };
    let finish = move || {
        if let Ok(done) = running().finish(steps) {
            save(done)
        }
    };
    let close = move || save(state.get_untracked().unwrap_or(TourState::NotStarted).close());

    // Point at the control the step talks about, and bring the focus into the dialog; when
    // the dialog goes, give the focus back to where it was (or to the tutorial's button).
    let title = NodeRef::<leptos::html::H2>::new();
    let tour_button = NodeRef::<leptos::html::Button>::new();
    let focus_before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |was_open: Option<bool>| {
        let open = shown.get().is_some();
        highlight(shown.get().map(|step| step as usize));
        if open && was_open != Some(true) {
            focus_before.set_value(document().active_element().and_then(|e| e.dyn_into().ok()));
        }
        if let Some(title) = title.get() {
            let _ = title.focus();
        }
        if !open && was_open == Some(true) {
            let back = focus_before.get_value().filter(|e| e.is_connected());
            match (back, tour_button.get()) {
                (Some(element), _) => drop(element.focus()),
                (None, Some(button)) => drop(button.focus()),
                _ => {}
            }
        }
        open
    });

    let dialog = move || {
        let step = shown.get()?;
        let content = t().tour[step as usize];
        let last = step + 1 == steps;
        Some(view! {
            <div
                class="tour"
                role="dialog"
                aria-modal="true"
                aria-labelledby="tour-title"
                aria-describedby="tour-text"
                on:keydown=move |ev| match ev.key().as_str() {
                    "Escape" => close(),
                    "ArrowRight" => next(),
                    "ArrowLeft" => back(),
                    "Tab" => keep_focus_inside(&ev),
                    _ => {}
                }
            >
                <p class="tour-count">
                    {fill(t().tour_step_count, &[("step", &(step + 1).to_string()), ("steps", &steps.to_string())])}
                </p>
                <h2 id="tour-title" tabindex="-1" node_ref=title>{content.title}</h2>
                <p id="tour-text">{content.text}</p>
                <div class="tour-buttons">
                    <button type="button" class="quiet" disabled=step == 0 on:click=move |_| back()>{t().tour_back}</button>
                    {if last {
                        view! { <button type="button" on:click=move |_| finish()>{t().tour_finish}</button> }.into_any()
                    } else {
                        view! { <button type="button" on:click=move |_| next()>{t().tour_next}</button> }.into_any()
                    }}
                    <button type="button" class="quiet" on:click=move |_| close()>{t().tour_close}</button>
                </div>
            </div>
        })
    };

    view! {
        {dialog}
        <button
            type="button"
            class="tour-button"
            node_ref=tour_button
            on:click=move |_| save(state.get_untracked().unwrap_or(TourState::NotStarted).replay())
        >
            {t().show_tutorial}
        </button>
    }
}

/// A modal dialog keeps the keyboard inside: Tab from its last control goes to its first,
/// Shift+Tab from its first (or from the title) to its last.
fn keep_focus_inside(ev: &web_sys::KeyboardEvent) {
    let Some(dialog) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let Ok(found) = dialog.query_selector_all("button:not([disabled])") else { return };
    let controls: Vec<web_sys::HtmlElement> =
        (0..found.length()).filter_map(|i| found.item(i).and_then(|n| n.dyn_into().ok())).collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else { return };
    let active = document().active_element();
    let is = |element: &web_sys::HtmlElement| {
        active.as_ref().is_some_and(|a| a == element.unchecked_ref::<web_sys::Element>())
    };
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    if ev.shift_key() && (is(first) || !inside || active.as_ref().is_some_and(|a| a.tag_name() == "H2")) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (is(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// Marks the control of the tutorial's step `step` (found by its visible name in the language
/// shown), and unmarks the previous one.
fn highlight(step: Option<usize>) {
    let target = step.and_then(|step| find_step_control(t(), MAIN_TOUR[step].control));
    mark(target.as_ref(), "tour-text");
}
