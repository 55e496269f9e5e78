//! The wire format of the Infomaniak-style API (`shared/spec/API.md`) and a typed client.
//!
//! The types are shared by the server (which writes them) and the web app (which reads them),
//! so the two cannot disagree. The client talks to our server or to the real API alike: it is
//! configured with a base URL (`http://127.0.0.1:8080/api` or `https://api.infomaniak.com`) and
//! a token, and sends requests through a [`Transport`]: gloo-net in the browser, reqwest natively.

pub mod billing;
pub mod client;
pub mod identity;
pub mod mailboxes;
pub mod payments;
pub mod products;
pub mod programs;
pub mod support;
pub mod teams;
pub mod tokens;
pub mod transport;
pub mod wire;

pub use billing::*;
pub use client::{Client, ClientError};
pub use domain::account::LegalEntityType;
pub use domain::money::Currency;
pub use domain::role::Role;
pub use domain::support::{GrantStatus, Scope};
pub use identity::*;
pub use mailboxes::*;
pub use payments::*;
pub use products::*;
pub use programs::*;
pub use support::*;
pub use teams::*;
pub use tokens::*;
pub use transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};
pub use wire::*;
