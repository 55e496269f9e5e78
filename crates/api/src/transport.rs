//! How the client's requests reach a server: one small trait, one adapter per platform.

#[cfg(feature = "gloo")]
mod gloo;
#[cfg(feature = "reqwest")]
mod native;

#[cfg(feature = "gloo")]
pub use gloo::GlooTransport;
#[cfg(feature = "reqwest")]
pub use native::ReqwestTransport;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A request, already encoded: the transport only carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    /// The full URL.
    pub url: String,
    pub bearer: Option<String>,
    /// The content type and the encoded body.
    pub body: Option<(&'static str, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    /// The `Retry-After` header in seconds, when the server sent one (with a 429).
    pub retry_after: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the server could not be reached: {0}")]
pub struct TransportError(pub String);

/// Sends one request. Futures are not required to be `Send`: in the browser they are not.
#[allow(async_fn_in_trait)]
pub trait Transport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}
