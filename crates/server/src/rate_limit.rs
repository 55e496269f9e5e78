//! R-API-2: at most 60 requests a minute per token (per client address without one), with
//! `X-RateLimit-Limit` / `X-RateLimit-Remaining` on every answer and `Retry-After` on a 429.
//! The console's own sessions have a person's limit instead (`ClientKind`, decided by the
//! domain crate and stored with the token when it is issued).

use crate::error::ApiError;
use crate::secrets::token_hash;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::api_access::{ClientKind, RateLimit};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use sqlx::SqlitePool;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

pub type Limiter = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// One limiter per kind of client ([`ClientKind`]), and the database that says which kind a
/// token is.
#[derive(Clone)]
pub struct Limits {
    console: Arc<Limiter>,
    script: Arc<Limiter>,
    db: SqlitePool,
}

impl Limits {
    /// New limiters, and a task that forgets idle keys every minute so memory stays bounded.
    /// Needs a tokio runtime; the task ends with the limiters.
    pub fn new(db: SqlitePool) -> Limits {
        let limits =
            Limits { console: limiter(ClientKind::Console.limit()), script: limiter(ClientKind::Script.limit()), db };
        let weak = [Arc::downgrade(&limits.console), Arc::downgrade(&limits.script)];
        tokio::spawn(async move {
            let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every_minute.tick().await;
                for limiter in &weak {
                    let Some(limiter) = limiter.upgrade() else { return };
                    limiter.retain_recent();
                    limiter.shrink_to_fit();
                }
            }
        });
        limits
    }

    fn of(&self, kind: ClientKind) -> &Limiter {
        match kind {
            ClientKind::Console => &self.console,
            ClientKind::Script => &self.script,
        }
    }

    /// Who a request counts against, and with which limit: the token (hashed: raw tokens are
    /// kept nowhere) with the kind stored when it was issued, else the client's address as a
    /// script. A token the server does not know counts as a script; the handler refuses it.
    async fn key_of(&self, token_hash: Option<String>, client: SocketAddr) -> Result<(String, ClientKind), ApiError> {
        let Some(hash) = token_hash else {
            return Ok((format!("address:{}", client.ip()), ClientKind::Script));
        };
        let stored: Option<(String,)> = sqlx::query_as("SELECT client FROM oauth_grants WHERE access_hash = ?")
            .bind(&hash)
            .fetch_optional(&self.db)
            .await?;
        let kind = stored.map_or(ClientKind::Script, |(kind,)| ClientKind::parse(&kind));
        Ok((format!("token:{hash}"), kind))
    }
}

fn limiter(limit: RateLimit) -> Arc<Limiter> {
    Arc::new(RateLimiter::keyed(quota(limit)).with_middleware::<StateInformationMiddleware>())
}

/// GCRA: `burst` in a row, then refilled at `per_minute` spread over the minute. For scripts
/// (R-API-2) a burst of 60 refilled at one a second: the 61st request in a row is refused and
/// a client that keeps to 60 a minute never is.
fn quota(limit: RateLimit) -> Quota {
    let not_zero = |n: u32| NonZeroU32::new(n).expect("limits are not zero");
    Quota::per_minute(not_zero(limit.per_minute)).allow_burst(not_zero(limit.burst))
}

pub async fn enforce(
    State(limits): State<Limits>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    // Hashed before any await: the request itself is not `Sync`.
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(|token| token_hash(token.trim()));
    let (key, kind) = match limits.key_of(bearer, client).await {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    let limiter = limits.of(kind);
    let (mut response, remaining) = match limiter.check_key(&key) {
        Ok(state) => (next.run(request).await, state.remaining_burst_capacity()),
        Err(refusal) => {
            let wait = refusal.wait_time_from(limiter.clock().now());
            // Round up: a client that waits what it is told must get through.
            let retry_after_seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            (ApiError::TooManyRequests { retry_after_seconds }.into_response(), 0)
        }
    };
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-limit", HeaderValue::from(kind.limit().per_minute));
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
            RateLimiter::new(quota(ClientKind::Script.limit()), DefaultKeyedStateStore::default(), clock.clone());
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

    #[test]
    fn a_console_session_gets_a_burst_of_150_and_600_a_minute() {
        let clock = FakeRelativeClock::default();
        let limiter: RateLimiter<String, DefaultKeyedStateStore<String>, FakeRelativeClock, NoOpMiddleware<Nanos>> =
            RateLimiter::new(quota(ClientKind::Console.limit()), DefaultKeyedStateStore::default(), clock.clone());
        let key = "token:console".to_string();
        for n in 1..=150 {
            assert!(limiter.check_key(&key).is_ok(), "request {n} in a row");
        }
        assert!(limiter.check_key(&key).is_err(), "the 151st in a row is refused");
        clock.advance(Duration::from_millis(100));
        assert!(limiter.check_key(&key).is_ok(), "ten a second come back");
        assert!(limiter.check_key(&key).is_err());
        clock.advance(Duration::from_secs(60));
        let mut in_a_minute = 0;
        for _ in 0..60 {
            while limiter.check_key(&key).is_ok() {
                in_a_minute += 1;
            }
            clock.advance(Duration::from_secs(1));
        }
        // A full burst, then ten a second for the 59 seconds after it.
        assert_eq!(in_a_minute, 150 + 59 * 10);
    }
}
