//! R-API-1: paths are `/{version}/{path}`, and a path without a version answers as its latest
//! version (`GET /api/profile` is `GET /api/2/profile`, `GET /api/accounts` is `/1/accounts`).
//!
//! Done as a fallback rather than a table of paths: a request that no route takes is tried
//! again under each version, newest first, and the first route that exists answers. So a new
//! versioned route is reachable without a version the moment it is added.

use crate::error::{method_not_found, NoSuchRoute};
use axum::body::{to_bytes, Body};
use axum::http::{Request, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use domain::api_access::{split_version, VersionedPath, API_VERSIONS};
use tower::ServiceExt;

/// Bodies of API calls are small; refuse to buffer more than this to retry one.
const MAX_BODY_BYTES: usize = 1 << 20;

/// Wraps the API router: unknown unversioned paths are retried under each version.
pub fn with_latest_versions(api: Router) -> Router {
    // Its own fallback marks "no such route", so the next version is tried.
    let versioned = api.clone().fallback(method_not_found);
    api.fallback(move |request: Request<Body>| latest(versioned.clone(), request))
}

async fn latest(api: Router, request: Request<Body>) -> Response {
    let path = request.uri().path().to_string();
    // A path with a version (known or not) that no route took has no other version to try.
    if path == "/" || !matches!(split_version(&path), VersionedPath::Latest(_)) {
        return method_not_found().await;
    }
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY_BYTES).await else {
        return method_not_found().await;
    };
    for version in API_VERSIONS {
        let mut uri = format!("/{version}{path}");
        if let Some(query) = parts.uri.query() {
            uri = format!("{uri}?{query}");
        }
        let Ok(uri) = uri.parse::<Uri>() else { break };
        let mut retry = Request::from_parts(parts.clone(), Body::from(body.clone()));
        *retry.uri_mut() = uri;
        let response = match api.clone().oneshot(retry).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        if response.extensions().get::<NoSuchRoute>().is_none() {
            return response;
        }
    }
    method_not_found().await.into_response()
}
