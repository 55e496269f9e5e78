//! Browser timing for BENCHMARKS.md: how long the built app takes, in headless Chromium
//! against the real server, from navigation to a usable page. Not a test: figures only.
//!
//! `cargo run --release -p e2e --example page_timing` (after `cargo xtask build-app`).

use e2e::Console;

const RUNS: usize = 10;

#[tokio::main]
async fn main() {
    Console::run("page_timing", async |console| {
        let mut interactive = vec![];
        let mut loaded = vec![];
        for _ in 0..RUNS {
            console.open("/signup").await?;
            console.wait_for("//button[normalize-space()='Create an account']").await?;
            // Navigation start to now (the form is rendered and wired), and to the load event.
            let times = console
                .browser
                .execute(
                    "const n = performance.getEntriesByType('navigation')[0]; return [performance.now(), n.loadEventEnd];",
                    vec![],
                )
                .await?;
            interactive.push(times[0].as_f64().unwrap_or_default());
            loaded.push(times[1].as_f64().unwrap_or_default());
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        println!("sign-up page, {RUNS} loads: median {:.0} ms to a rendered, wired form (load event {:.0} ms)", median(&mut interactive), median(&mut loaded));
        Ok(())
    })
    .await;
}
