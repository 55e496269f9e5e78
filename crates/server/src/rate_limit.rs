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
    let limiter = Arc::new(RateLimiter::keyed(quota()).with_middleware::<StateInformationMiddleware>());
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

/// R-API-2: 60 a minute: a burst of 60, then one more each second.
fn quota() -> Quota {
    Quota::per_minute(NonZeroU32::new(REQUESTS_PER_MINUTE).expect("not zero"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;
    use governor::middleware::NoOpMiddleware;
    use governor::nanos::Nanos;
    use std::time::Duration;

    #[test]
    fn r_api_2_exactly_sixty_requests_a_minute_per_token() {
        // R-API-2, on a clock that does not move by itself: 59 or 61 would fail this.
        let clock = FakeRelativeClock::default();
        let limiter: RateLimiter<String, DefaultKeyedStateStore<String>, FakeRelativeClock, NoOpMiddleware<Nanos>> =
            RateLimiter::new(quota(), DefaultKeyedStateStore::default(), clock.clone());
        let key = "token:a".to_string();
        for n in 1..=60 {
            assert!(limiter.check_key(&key).is_ok(), "request {n} of the minute");
        }
        assert!(limiter.check_key(&key).is_err(), "the 61st is refused");
        assert!(limiter.check_key(&"token:b".to_string()).is_ok(), "another token has its own 60");
        clock.advance(Duration::from_millis(999));
        assert!(limiter.check_key(&key).is_err(), "not yet a second later");
        clock.advance(Duration::from_millis(1));
        assert!(limiter.check_key(&key).is_ok(), "one more each second");
        assert!(limiter.check_key(&key).is_err());
        clock.advance(Duration::from_secs(60));
        for n in 1..=60 {
            assert!(limiter.check_key(&key).is_ok(), "request {n} after a quiet minute");
        }
        assert!(limiter.check_key(&key).is_err(), "the limit cannot be raised by waiting longer");
    }
}
