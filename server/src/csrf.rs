//! Refuses cross-site state-changing requests (server functions included). Browsers send
//! `Sec-Fetch-Site` (modern) or at least `Origin` on cross-origin POSTs; a request whose browser
//! says it came from another site is refused before any handler runs. Requests with neither header
//! are not from a browser page, so they carry no victim's cookies to abuse.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The middleware.
pub async fn refuse_cross_site(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_safe_method(request.method()) || is_same_site(&request, &state.ctx.config.public_origin) {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        "This request came from another website and was refused. Open Proofroom directly and try again.",
    )
        .into_response()
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_same_site(request: &Request, public_origin: &str) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            origin == public_origin
                || origin_matches_host(origin, headers.get(header::HOST).and_then(|v| v.to_str().ok()))
        }
    }
}

/// Also accepts the origin of the Host the request was sent to (e.g. 127.0.0.1 vs localhost).
fn origin_matches_host(origin: &str, host: Option<&str>) -> bool {
    let Some(host) = host else { return false };
    origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host)
}
