//! Every request runs in a span that names it (`request{id=… method=GET path=/g/{…}}`), at the
//! default `info` level, so an error logged while answering it says which request it was: with
//! several instances a 500 can be matched to the balancer's log by the `x-request-id` header,
//! which is answered (and taken from the balancer when it sends one). Paths are logged with
//! their secrets left out: access links, reset and order tokens are path segments.

use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};
use tower_http::trace::MakeSpan;

/// The header carrying the request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// Gives each request without an id one of its own.
#[derive(Clone, Copy, Default)]
pub struct NewRequestId;

impl MakeRequestId for NewRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&uuid::Uuid::now_v7().simple().to_string()).ok().map(RequestId::new)
    }
}

/// The request's span.
#[derive(Clone, Copy, Default)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &Request<B>) -> tracing::Span {
        let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
        tracing::info_span!("request", id, method = %request.method(), path = %without_secrets(request.uri().path()))
    }
}

/// The path with every segment that could be a secret or an id (long, or holding digits among
/// letters) written `{…}`: `/l/3f9a…` → `/l/{…}`, `/g/smith-wedding` stays.
fn without_secrets(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let long = segment.len() >= 16;
            let mixed = segment.bytes().any(|b| b.is_ascii_digit()) && segment.bytes().any(|b| b.is_ascii_alphabetic());
            if long || mixed { "{…}" } else { segment }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::without_secrets;

    #[test]
    fn secrets_in_paths_are_not_logged() {
        assert_eq!(without_secrets("/l/Zq3kP9xYtR2mVb7LwN4c"), "/l/{…}");
        assert_eq!(without_secrets("/reset/0123456789abcdef0123"), "/reset/{…}");
        assert_eq!(without_secrets("/order-files/ab12/zip"), "/order-files/{…}/zip");
        assert_eq!(without_secrets("/g/smith-wedding"), "/g/smith-wedding");
        assert_eq!(without_secrets("/api/store/orders"), "/api/store/orders");
        assert_eq!(without_secrets("/"), "/");
    }
}
