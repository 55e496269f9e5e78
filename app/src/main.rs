fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    // A User Timing mark: the first page is on screen and wired. `e2e`'s page_timing example
    // reads it for BENCHMARKS.md; browsers' performance tools show it too.
    if let Some(performance) = leptos::prelude::window().performance() {
        let _ = performance.mark("console:rendered");
    }
}
