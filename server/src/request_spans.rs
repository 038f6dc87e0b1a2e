//! Every request runs in a span that names it (`request{id=… method=GET path=/g/{…}}`), at the
//! default `info` level, so an error logged while answering it says which request it was: with
//! several instances a 500 can be matched to the balancer's log by the `x-request-id` header,
//! which is answered (and taken from the balancer when it sends a plain one). Paths are logged
//! as far as they name a route: access links, reset and order tokens, and slugs are path
//! segments.

use axum::http::{HeaderValue, Request};
use tower_http::trace::MakeSpan;

/// The header carrying the request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// The request's span.
#[derive(Clone, Copy, Default)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &Request<B>) -> tracing::Span {
        let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
        tracing::info_span!("request", id, method = %request.method(), path = %without_secrets(request.uri().path()))
    }
}

/// The path as far as it names a route, not what it is about: the first segment, and the rest
/// written `{…}` (`/l/3f9a…` → `/l/{…}`, `/g/smith-wedding` → `/g/{…}`: a slug is a guest's whole
/// credential while its public link is on, and names the client). Server functions' and
/// assets' paths hold no secrets and stay whole (`/api/store/orders`).
fn without_secrets(path: &str) -> String {
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or("");
    if matches!(first, "api" | "pkg") {
        return path.to_owned();
    }
    std::iter::once(first).chain(segments.map(|_| "{…}")).fold(String::new(), |mut out, segment| {
        out.push('/');
        out.push_str(segment);
        out
    })
}

/// A request id as taken from a load balancer: short, of letters, digits, dots, dashes and
/// underscores. Anything else a client sends is replaced (it is repeated on every log line).
fn is_plain_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// Keeps a plain `x-request-id` the request came with, or gives it one of its own.
pub async fn assign_id(mut request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let plain = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).is_some_and(is_plain_id);
    if !plain && let Ok(id) = HeaderValue::from_str(&uuid::Uuid::now_v7().simple().to_string()) {
        request.headers_mut().insert(REQUEST_ID, id);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::{is_plain_id, without_secrets};

    #[test]
    fn secrets_in_paths_are_not_logged() {
        assert_eq!(without_secrets("/l/Zq3kP9xYtR2mVb7LwN4c"), "/l/{…}");
        assert_eq!(without_secrets("/reset/0123456789abcdef0123"), "/reset/{…}");
        assert_eq!(without_secrets("/order-files/ab12/zip"), "/order-files/{…}/{…}");
        assert_eq!(without_secrets("/g/smith-wedding"), "/g/{…}");
        assert_eq!(without_secrets("/api/store/orders"), "/api/store/orders");
        assert_eq!(without_secrets("/"), "/");
    }

    #[test]
    fn only_plain_request_ids_are_taken() {
        assert!(is_plain_id("0193b2c4-lb.7_x"));
        for bad in ["", "a b", "a\"b", &"x".repeat(65), "ä"] {
            assert!(!is_plain_id(bad), "{bad:?}");
        }
    }
}
