//! Serving the built web app as a product is delivered: every unknown path answered by
//! `index.html` (the app's router handles deep links such as `/login`); files sent
//! precompressed (Brotli or gzip, written by `cargo xtask build-app`) to browsers that take
//! them; hashed files cached for a year, `index.html` revalidated every time; and on every
//! answer, API included, security headers with a Content-Security-Policy that allows the app
//! and nothing else.

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The app's files, with their caching headers.
pub fn spa(dist: PathBuf) -> Router {
    let index = ServeFile::new(dist.join("index.html")).precompressed_br().precompressed_gzip();
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(index);
    Router::new().fallback_service(files).layer(middleware::from_fn(cache_headers))
}

/// The app's build names its files after their content: a folder `app-<16 hex digits>/`
/// (`cargo xtask build-app`) or, from Trunk, `name-<16 hex digits>[_bg].ext`. A new build is a
/// new name, so such a file never changes and may be kept a year. Everything else
/// (`index.html`, the deep links it answers, the language files) is asked again each time, so
/// a new build reaches people at once.
async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed_file(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let cache = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    // The same path is sent as Brotli, gzip or plain depending on Accept-Encoding.
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// A path with a segment named after content: `name-<16 or more hex digits>`, before any
/// extension and `_bg`.
fn is_hashed_file(path: &str) -> bool {
    path.split('/').any(|segment| {
        let stem = segment.split('.').next().unwrap_or_default();
        let stem = stem.strip_suffix("_bg").unwrap_or(stem);
        stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

/// The security headers of every answer. `dist` is the built app: an inline script in its
/// `index.html` (Trunk writes one; `cargo xtask build-app` does not) is allowed by its hash
/// and no other is.
pub fn security_headers(router: Router, dist: Option<&Path>) -> Router {
    let policy = content_security_policy(dist.and_then(|dist| std::fs::read_to_string(dist.join("index.html")).ok()));
    let header = |name: HeaderName, value: HeaderValue| SetResponseHeaderLayer::overriding(name, value);
    router
        .layer(header(CONTENT_SECURITY_POLICY, HeaderValue::from_str(&policy).expect("a policy is ASCII")))
        .layer(header(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(header(REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
}

/// The app's own files and API, WASM compiled by the browser (`wasm-unsafe-eval`, which allows
/// compiling WebAssembly and no JavaScript eval), the inline start-up script by its hash, and
/// nothing else: no other script, no inline script or style, no frame around the console.
pub fn content_security_policy(index_html: Option<String>) -> String {
    let hashes: String = index_html
        .as_deref()
        .map(inline_scripts)
        .unwrap_or_default()
        .into_iter()
        .map(|script| {
            let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
            format!(" 'sha256-{digest}'")
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of each `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = vec![];
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i + 1) else { break };
        let Some(close) = rest[open_end..].find("</script>").map(|i| open_end + i) else { break };
        if !rest[start..open_end].contains("src=") {
            scripts.push(&rest[open_end..close]);
        }
        rest = &rest[close + "</script>".len()..];
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_content_are_told_from_the_others() {
        for hashed in [
            "/app-77213cbc8610739a/app_bg.wasm",
            "/app-77213cbc8610739a/split___users_page_view_84609.wasm",
            "/app-77213cbc8610739a_bg.wasm",
            "/main-e44c554ceb4532e5.css",
        ] {
            assert!(is_hashed_file(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/login",
            "/organizations/new",
            "/app.js",
            "/my-page",
            "/x-1234.css",
            "/languages/de.txt",
        ] {
            assert!(!is_hashed_file(plain), "{plain}");
        }
    }

    #[test]
    fn the_policy_allows_the_inline_start_up_script_by_its_hash_only() {
        let html = "<head><script type=\"module\">\nimport init from '/app.js';\n</script>\
                    <script src=\"/x.js\"></script></head>";
        let policy = content_security_policy(Some(html.into()));
        let digest =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"\nimport init from '/app.js';\n"));
        assert!(policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}';")), "{policy}");
        assert_eq!(policy.matches("'sha256-").count(), 1, "a script with src needs no hash");
        assert!(!policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'"));
        assert!(!content_security_policy(None).contains("sha256"));
    }
}
