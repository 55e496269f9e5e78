//! In-app guides: the knowledge base's procedures (`domain::tour::GUIDES`) played on the
//! real pages. Each step names a page and a control; the player goes to the page, marks the
//! control, explains it, and moves on when the person uses the control (or presses `Next`).
//! The `Help` menu of the shell lists the guides of the pages that exist.

use crate::components::controls::{find_step_control, mark};
use crate::i18n::{fill, t, PLAYED_GUIDES};
use domain::tour::GUIDES;
use leptos::prelude::*;
use leptos::wasm_bindgen::{closure::Closure, JsCast};
use leptos_router::hooks::{use_location, use_navigate};
use std::time::Duration;

/// Where a guide stands: which of [`PLAYED_GUIDES`], which step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuideRun {
    pub guide: usize,
    pub step: usize,
}

/// The guide being played, if any, shared by the `Help` menu and the player (in context).
///
/// Embedded: put it in context, then the menu and the player anywhere inside a router.
///
/// ```no_run
/// use app::components::{GuidePlayer, Guides, HelpMenu};
/// use leptos::prelude::*;
///
/// # fn sample() -> impl IntoView {
/// view! {
///     <leptos_router::components::Router>
///         {Guides::provide(); view! { <HelpMenu /> <GuidePlayer /> }}
///     </leptos_router::components::Router>
/// }
/// # }
/// ```
#[derive(Clone, Copy)]
pub struct Guides(pub RwSignal<Option<GuideRun>>);

impl Guides {
    /// Puts a new, idle one in context.
    pub fn provide() -> Guides {
        let guides = Guides(RwSignal::new(None));
        provide_context(guides);
        guides
    }

    fn steps(guide: usize) -> usize {
        GUIDES[PLAYED_GUIDES[guide]].steps.len()
    }

    /// The next step, or the end after the last.
    fn next(&self, from: GuideRun) {
        let next = (from.step + 1 < Self::steps(from.guide)).then_some(GuideRun { step: from.step + 1, ..from });
        self.0.set(next);
    }
}

/// The `Help` button and the list of guides it opens. Esc closes the list.
#[component]
pub fn HelpMenu() -> impl IntoView {
    let Guides(run) = expect_context::<Guides>();
    let open = RwSignal::new(false);
    let t = t();
    view! {
        <div class="switcher help" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
            <button
                type="button"
                class="switcher-button"
                aria-expanded=move || open.get().to_string()
                aria-controls="guide-list"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {t.help}
            </button>
            <ul id="guide-list" class="switcher-list" hidden=move || !open.get()>
                {t.guides
                    .iter()
                    .enumerate()
                    .map(|(guide, text)| view! {
                        <li>
                            <button type="button" on:click=move |_| {
                                open.set(false);
                                run.set(Some(GuideRun { guide, step: 0 }));
                            }>
                                {text.title}
                            </button>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// The guide on screen: its step's title and explanation, `Back`, `Next` (`Finish` on the last
/// step) and `Close`; Esc closes it too. Not modal: the page stays usable, since using the
/// marked control is how the guide moves on.
#[component]
pub fn GuidePlayer() -> impl IntoView {
    let guides = expect_context::<Guides>();
    let Guides(run) = guides;
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| match run.get() {
        Some(at) => {
            let page = GUIDES[PLAYED_GUIDES[at.guide]].steps[at.step].page;
            // An item's page (`/products/:id`) is reached by the step before, not navigated to.
            if !on_page(&location.pathname.get_untracked(), page) && !page.contains(':') {
                navigate(page, Default::default());
            }
            // The last step's control stops being marked at once, not when this one's is
            // found (its page may still be loading).
            mark(None, "guide-text");
            watch_step(guides, at, 0);
        }
        None => mark(None, "guide-text"),
    });
    on_cleanup(|| mark(None, "guide-text"));

    move || {
        let at = run.get()?;
        let t = t();
        let text = t.guides[at.guide];
        let step = text.steps[at.step];
        let count = Guides::steps(at.guide);
        let last = at.step + 1 == count;
        Some(view! {
            <aside
                class="tour guide"
                aria-labelledby="guide-title"
                on:keydown=move |ev| if ev.key() == "Escape" { run.set(None) }
            >
                <p class="tour-count">{fill(t.guide_heading, &[("title", text.title)])}</p>
                <p class="tour-count">
                    {fill(t.tour_step_count, &[("step", &(at.step + 1).to_string()), ("steps", &count.to_string())])}
                </p>
                <h2 id="guide-title">{step.title}</h2>
                <p id="guide-text" aria-live="polite">{step.text}</p>
                <div class="tour-buttons">
                    <button
                        type="button"
                        class="quiet"
                        disabled=at.step == 0
                        on:click=move |_| run.set(Some(GuideRun { step: at.step.saturating_sub(1), ..at }))
                    >
                        {t.tour_back}
                    </button>
                    <button type="button" on:click=move |_| guides.next(at)>
                        {if last { t.tour_finish } else { t.tour_next }}
                    </button>
                    <button type="button" class="quiet" on:click=move |_| run.set(None)>{t.tour_close}</button>
                </div>
            </aside>
        })
    }
}

/// Finds the control of step `at` (the page may still be drawing it: tried again every 100 ms
/// for 5 s, then every second while the step lasts, for a control that appears only once the
/// person has done something, such as the backup codes' `Download`), marks it, moves the focus
/// to it, and moves the guide on when it is used.
fn watch_step(guides: Guides, at: GuideRun, attempt: u32) {
    if guides.0.get_untracked() != Some(at) {
        return; // the guide moved on, or closed, meanwhile
    }
    let control = GUIDES[PLAYED_GUIDES[at.guide]].steps[at.step].control;
    let Some(target) = find_step_control(t(), control) else {
        let wait = if attempt < 50 { 100 } else { 1000 };
        set_timeout(move || watch_step(guides, at, attempt + 1), Duration::from_millis(wait));
        return;
    };
    mark(Some(&target), "guide-text");
    if let Some(focusable) = target.dyn_ref::<web_sys::HtmlElement>() {
        let _ = focusable.focus();
    }
    // The panel may not be drawn yet (a guide's first step is looked for as it opens): the
    // check is made again once it is.
    keep_clear(&target);
    let drawn = target.clone();
    set_timeout(move || keep_clear(&drawn), Duration::from_millis(0));
    // A field is used when it changes; a link or a button when it is clicked.
    let event = if matches!(target.tag_name().as_str(), "SELECT" | "INPUT") { "change" } else { "click" };
    let used = Closure::once_into_js(move || {
        if guides.0.get_untracked() == Some(at) {
            guides.next(at);
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ =
        target.add_event_listener_with_callback_and_add_event_listener_options(event, used.unchecked_ref(), &options);
    keep_marked(guides, at, target);
}

/// The guide's panel never hides the control it points at: when they would overlap (a control
/// low on the page, under the panel), the panel goes to the top of the window.
fn keep_clear(target: &web_sys::Element) {
    let Some(panel) = document().query_selector("aside.guide").ok().flatten() else { return };
    let _ = panel.class_list().remove_1("guide-top");
    let (a, b) = (panel.get_bounding_client_rect(), target.get_bounding_client_rect());
    let overlap = a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom() && b.top() < a.bottom();
    if overlap {
        let _ = panel.class_list().add_1("guide-top");
    }
}

/// A page may draw its control again (its data arrived, a list reloaded): while the step
/// lasts, a control that left the page is found and marked again.
fn keep_marked(guides: Guides, at: GuideRun, target: web_sys::Element) {
    set_timeout(
        move || {
            if guides.0.get_untracked() != Some(at) {
                return;
            }
            if target.is_connected() {
                keep_marked(guides, at, target);
            } else {
                watch_step(guides, at, 0);
            }
        },
        Duration::from_millis(200),
    );
}

/// Whether `pathname` is the step's `page`; a `:name` segment (`/products/:id`) stands for any
/// one segment: such a step follows the one that opened the item, and is not navigated to.
fn on_page(pathname: &str, page: &str) -> bool {
    let (mut path, mut pattern) = (pathname.trim_end_matches('/').split('/'), page.trim_end_matches('/').split('/'));
    loop {
        match (path.next(), pattern.next()) {
            (None, None) => return true,
            (Some(segment), Some(wanted)) if segment == wanted || (wanted.starts_with(':') && !segment.is_empty()) => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::on_page;

    #[test]
    fn a_step_of_an_item_page_matches_any_item() {
        assert!(on_page("/products/12", "/products/:id"));
        assert!(on_page("/products", "/products"));
        assert!(on_page("/", "/"));
        assert!(!on_page("/products", "/products/:id"));
        assert!(!on_page("/products/12", "/products"));
        assert!(!on_page("/renewals", "/"));
    }
}
