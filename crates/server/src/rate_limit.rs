//! R-API-2: at most 60 requests a minute per token (per client address without one), with
//! `X-RateLimit-Limit` / `X-RateLimit-Remaining` on every answer and `Retry-After` on a 429.
//!
//! governor's GCRA: a burst of 60, refilled at one request a second, so the 61st request in a
//! row is refused and a client that keeps to 60 a minute never is.

use crate::error::ApiError;
use crate::secrets::token_hash;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use domain::api_access::REQUESTS_PER_MINUTE;

pub type Limiter = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// A new limiter, and a task that forgets idle keys every minute so memory stays bounded.
/// Needs a tokio runtime; the task ends with the limiter.
pub fn limiter() -> Arc<Limiter> {
    let quota = Quota::per_minute(NonZeroU32::new(REQUESTS_PER_MINUTE).expect("not zero"));
    let limiter = Arc::new(RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>());
    let weak = Arc::downgrade(&limiter);
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            let Some(limiter) = weak.upgrade() else { break };
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    });
    limiter
}

/// Who a request counts against: the token (hashed: raw tokens are kept nowhere), else the
/// client's address.
fn key(request: &Request, client: SocketAddr) -> String {
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match bearer {
        Some(token) => format!("token:{}", token_hash(token.trim())),
        None => format!("address:{}", client.ip()),
    }
}

pub async fn enforce(
    State(limiter): State<Arc<Limiter>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let (mut response, remaining) = match limiter.check_key(&key(&request, client)) {
        Ok(state) => (next.run(request).await, state.remaining_burst_capacity()),
        Err(refusal) => {
            let wait = refusal.wait_time_from(limiter.clock().now());
            // Round up: a client that waits what it is told must get through.
            let retry_after_seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            (ApiError::TooManyRequests { retry_after_seconds }.into_response(), 0)
        }
    };
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-limit", HeaderValue::from(REQUESTS_PER_MINUTE));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    response
}
