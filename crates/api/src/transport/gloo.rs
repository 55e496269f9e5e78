use super::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use gloo_net::http::RequestBuilder;

/// The browser's `fetch`, through gloo-net.
#[derive(Debug, Clone, Default)]
pub struct GlooTransport;

impl Transport for GlooTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Put => gloo_net::http::Method::PUT,
            Method::Patch => gloo_net::http::Method::PATCH,
            Method::Delete => gloo_net::http::Method::DELETE,
        };
        let mut builder = RequestBuilder::new(&request.url).method(method);
        if let Some(token) = &request.bearer {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let sent = match request.body {
            Some((content_type, body)) => {
                builder
                    .header("Content-Type", content_type)
                    .body(body)
                    .map_err(|e| TransportError(e.to_string()))?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        let response = sent.map_err(|e| TransportError(e.to_string()))?;
        let status = response.status();
        let retry_after = response.headers().get("retry-after").and_then(|value| value.trim().parse().ok());
        let body = response.text().await.map_err(|e| TransportError(e.to_string()))?;
        Ok(HttpResponse { status, body, retry_after })
    }
}
