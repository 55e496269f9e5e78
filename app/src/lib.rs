//! The console's web app (Leptos 0.8, client-side rendering).
//!
//! One module per page (`pages`), small reusable components (`components`), and the signed-in
//! session in a context (`session`). Every rule is asked of the `domain` crate and every call
//! goes through the `api` crate's typed client, so the app and the server cannot disagree.
//!
//! The components are public: a Leptos app can embed them, given a [`session::Session`] in
//! its context. The console itself (its routes, each page fetched when first opened) is the
//! binary, `main.rs`: the split points it declares stay out of the apps that embed this crate.

pub mod cache;
pub mod components;
pub mod errors;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod session;
