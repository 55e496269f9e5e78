//! The console's API server: an Infomaniak-style REST API under `/api`, the web app at `/`.
//!
//! One module per resource (`users`, `accounts`, `auth`), one error type that speaks the wire
//! format (`error`), and the rules themselves in the `domain` crate: handlers load data, ask the
//! domain, store the outcome.

mod abuse_reports;
pub mod accounts;
mod api_tokens;
mod attention;
pub mod auth;
mod billing;
mod blocked_orders;
mod cancellations;
pub mod clock;
pub mod db;
mod demo;
mod dev;
pub mod error;
mod grants;
mod health;
mod identity_checks;
mod invitation_links;
mod invitations;
mod invoice_pdf;
mod invoices;
mod login_recovery;
mod mail;
mod mailboxes;
pub mod members;
mod memberships;
mod onboarding;
mod openapi;
mod orders;
mod outbox;
mod paging;
mod partner_clients;
mod partnership;
mod password_change;
mod payment_methods;
pub mod payment_provider;
mod payments;
mod prepaid;
mod product_jobs;
mod products;
mod push_approvals;
mod push_challenges;
pub mod rate_limit;
mod recovery;
mod renewals;
pub mod scheduler;
mod second_factor;
pub mod secrets;
mod security;
mod sessions;
mod support_access;
mod teams;
mod transfers;
pub mod users;
mod versions;
mod web;

use crate::db::Pool;
use axum::Router;
use clock::Clock;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub db: Pool,
    pub clock: Arc<dyn Clock>,
    /// Where people reach the console (for links in mail), e.g. `http://127.0.0.1:8080`.
    pub public_url: String,
    /// In demo mode, the clock `POST /api/dev/clock` moves (the same as `clock`).
    pub demo_clock: Option<Arc<clock::DemoClock>>,
    /// Where cards are tokenised and charged.
    pub payments: Arc<dyn payment_provider::PaymentProvider>,
    /// The catalog, read once: no route changes it (migrations write it).
    pub(crate) catalog: Arc<std::sync::OnceLock<Arc<products::Catalog>>>,
}

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database: a SQLite file (created when missing) or PostgreSQL; its schema is
    /// brought up to date at start.
    pub database: db::DatabaseUrl,
    /// The built web app (`dist/` of `cargo xtask build-app`), served at `/`. None: the API alone.
    pub dist: Option<PathBuf>,
    /// Seed demo data (and, later, the demo-only routes).
    pub demo: bool,
    /// Where people reach the console, for links in mail. None: `http://<listening address>`.
    pub public_url: Option<String>,
    /// How long a request may take, its body included, before it is answered 408: a client
    /// that sends slowly does not hold a connection forever. None: [`REQUEST_TIMEOUT`].
    pub request_timeout: Option<std::time::Duration>,
}

/// The default of [`Config::request_timeout`].
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The login of the demo data, printed at start-up in demo mode.
pub use demo::{DEMO_EMAIL, DEMO_PASSWORD};

/// The whole application: the API under `/api`, the web app everywhere else.
pub fn app(
    state: AppState,
    backend: db::Backend,
    dist: Option<PathBuf>,
    request_timeout: std::time::Duration,
) -> Router {
    let limits = rate_limit::Limits::new(state.db.clone(), backend);
    let demo = state.demo_clock.is_some();
    let api = Router::new()
        .merge(users::routes())
        .merge(auth::routes())
        .merge(accounts::routes())
        .merge(health::routes())
        .merge(members::routes())
        .merge(invitations::routes())
        .merge(invitation_links::routes())
        .merge(support_access::routes())
        .merge(api_tokens::routes())
        .merge(sessions::routes())
        .merge(teams::routes())
        .merge(partnership::routes())
        .merge(abuse_reports::routes())
        .merge(cancellations::routes())
        .merge(recovery::routes())
        .merge(products::routes())
        .merge(payment_methods::routes())
        .merge(renewals::routes())
        .merge(attention::routes())
        .merge(prepaid::routes())
        .merge(payments::routes())
        .merge(invoices::routes())
        .merge(orders::routes())
        .merge(onboarding::routes())
        .merge(security::routes())
        .merge(push_approvals::routes())
        .merge(identity_checks::routes())
        .merge(mailboxes::routes())
        .merge(partner_clients::routes())
        .merge(openapi::routes())
        .merge(if demo { dev::routes() } else { Router::new() })
        .method_not_allowed_fallback(error::method_not_found)
        .with_state(state);
    let api = versions::with_latest_versions(api)
        .layer(axum::extract::DefaultBodyLimit::max(error::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(move |request, next| error::within(request_timeout, request, next)))
        .layer(axum::middleware::from_fn_with_state(limits, rate_limit::enforce));
    let router = Router::new().nest("/api", api);
    let router = match &dist {
        Some(dist) => router.fallback_service(web::spa(dist.clone())),
        None => router,
    };
    web::security_headers(router, dist.as_deref()).layer(tower_http::trace::TraceLayer::new_for_http())
}

/// A server listening on its address, stopped when dropped.
pub struct Running {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
    scheduler: tokio::task::JoinHandle<()>,
}

impl Running {
    /// The API's base URL, e.g. `http://127.0.0.1:8080/api`.
    pub fn api_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    /// Serves until the task is stopped (Ctrl-C in the binary).
    pub async fn wait(self) {
        let _ = (&mut { self }.task).await;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
        self.scheduler.abort();
    }
}

/// Opens the database, applies migrations, seeds demo data if asked, and starts serving.
pub async fn start(config: Config, addr: &str) -> Result<Running, String> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (db, backend) = db::connect(&config.database).await?;
    let public_url = config.public_url.clone().unwrap_or_else(|| format!("http://{addr}"));
    let demo_clock = config.demo.then(|| Arc::new(clock::DemoClock::default()));
    let clock: Arc<dyn Clock> = match &demo_clock {
        Some(demo_clock) => demo_clock.clone(),
        None => Arc::new(clock::SystemClock),
    };
    let state = AppState {
        db,
        clock,
        public_url: public_url.trim_end_matches('/').to_string(),
        demo_clock,
        // No card network is reachable from here: the test provider stands in (payment_provider.rs).
        payments: Arc::new(payment_provider::TestProvider),
        catalog: Arc::default(),
    };
    if config.demo {
        demo::seed(&state).await.map_err(|e| format!("cannot seed the demo data: {e:?}"))?;
    }
    let scheduler = scheduler::start(state.clone());
    let app = app(state, backend, config.dist, config.request_timeout.unwrap_or(REQUEST_TIMEOUT));
    // TCP_NODELAY: a small answer written in two parts (head, then body) otherwise waits for
    // the client's delayed acknowledgement, 40 ms on Linux: measured on the first fetch of a
    // language file (3 ms, or 44 ms when it happened), BENCHMARKS.md.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {e}");
        }
    });
    let task = tokio::spawn(async move {
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("server stopped: {e}");
        }
    });
    Ok(Running { addr, task, scheduler })
}
