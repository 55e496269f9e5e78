//! The web app delivered as a product: precompressed files chosen by Accept-Encoding, a year
//! of caching for Trunk's hashed files and none for `index.html`, and security headers on
//! every answer, the API's included. Over real HTTP, with a `dist/` made for the test.

mod common;

use common::TestServer;
use std::path::Path;

const INLINE: &str = "\nimport init from '/app-0123456789abcdef.js';\nawait init();\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// A `dist/` as `cargo xtask build-app` leaves it: each file, and its `.br` and `.gz`.
fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let index =
        format!("<!DOCTYPE html><html><head><script type=\"module\">{INLINE}</script></head><body></body></html>");
    for (name, body) in [("index.html", index.as_bytes()), ("app-0123456789abcdef_bg.wasm", b"\0asm-plain".as_slice())]
    {
        write(dir.path(), name, body);
        write(dir.path(), &format!("{name}.br"), format!("br:{name}").as_bytes());
        write(dir.path(), &format!("{name}.gz"), format!("gz:{name}").as_bytes());
    }
    dir
}

async fn get(server: &TestServer, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let url = format!("http://{}{path}", server.running.addr);
    let mut request = reqwest::Client::new().get(url);
    if let Some(encoding) = accept_encoding {
        request = request.header("accept-encoding", encoding);
    }
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn files_go_out_precompressed_as_the_browser_accepts() {
    let dist = dist();
    let server = TestServer::serving(Some(dist.path().to_path_buf())).await;
    let wasm = "/app-0123456789abcdef_bg.wasm";
    for (accepted, encoding, body) in [
        (Some("gzip, deflate, br"), "br", "br:app-0123456789abcdef_bg.wasm"),
        (Some("gzip"), "gzip", "gz:app-0123456789abcdef_bg.wasm"),
        (None, "", "\0asm-plain"),
    ] {
        let response = get(&server, wasm, accepted).await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "content-encoding"), encoding, "{accepted:?}");
        assert_eq!(header(&response, "content-type"), "application/wasm");
        assert_eq!(header(&response, "vary"), "accept-encoding");
        assert_eq!(header(&response, "cache-control"), "public, max-age=31536000, immutable");
        assert_eq!(response.text().await.unwrap(), body);
    }
}

#[tokio::test]
async fn index_html_and_deep_links_are_revalidated_every_time() {
    let dist = dist();
    let server = TestServer::serving(Some(dist.path().to_path_buf())).await;
    for path in ["/", "/login", "/organizations/new"] {
        let response = get(&server, path, Some("br")).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        assert_eq!(header(&response, "content-encoding"), "br", "{path}");
        assert_eq!(response.text().await.unwrap(), "br:index.html", "{path}");
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_a_policy_for_the_app_alone() {
    use base64::Engine;
    use sha2::Digest;
    let dist = dist();
    let server = TestServer::serving(Some(dist.path().to_path_buf())).await;
    let digest = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(INLINE.as_bytes()));
    for path in ["/", "/app-0123456789abcdef_bg.wasm", "/api/health", "/api/2/profile", "/api/nothing"] {
        let response = get(&server, path, None).await;
        let policy = header(&response, "content-security-policy");
        assert!(
            policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}';")),
            "{path}: {policy}"
        );
        assert!(policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'self'"), "{path}");
        assert!(!policy.contains("unsafe-inline"), "{path}");
        assert_eq!(header(&response, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&response, "referrer-policy"), "no-referrer", "{path}");
    }
}
