//! The headers every response carries, so a browser confines what our pages may do:
//! - `Content-Security-Policy`: scripts only from us and the inline hydration scripts carrying
//!   this response's nonce (a fresh 128-bit value per request, handed to Leptos, which puts it on
//!   every script it writes), WebAssembly allowed to compile, nothing framed and no framing us;
//! - `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin` (access links carry their
//!   secret in the path; no other site sees it), `X-Frame-Options: DENY` for older browsers,
//!   `Cross-Origin-Opener-Policy`, `Cross-Origin-Resource-Policy` (our images are not embedded
//!   elsewhere, but studio logos, which emails show), `Permissions-Policy`;
//! - `Strict-Transport-Security` when the public address is https;
//! - `Cache-Control: private, no-cache` where a route set none (pages, server functions);
//! - a `WWW-Authenticate` challenge on every 401, which HTTP requires.
//!
//! Byte routes add what only they need (downloads: `sandbox` and `no-store`).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// This request's CSP nonce, for the Leptos renderer (see `server::router`).
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// Whether the site is served over https (HSTS is sent then).
#[derive(Debug, Clone, Copy)]
pub struct Https(pub bool);

/// The middleware.
pub async fn add(State(Https(https)): State<Https>, mut request: Request, next: Next) -> Response {
    let nonce = new_nonce();
    let logo = request.uri().path().starts_with("/studio-logo/");
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    set(headers, header::CONTENT_SECURITY_POLICY, &policy(&nonce));
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    let resource = if logo { "cross-origin" } else { "same-origin" };
    set(headers, HeaderName::from_static("cross-origin-resource-policy"), resource);
    set(headers, HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), payment=()");
    if https {
        set(headers, header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains");
    }
    // Pages and server functions say nothing of caching themselves: a page carries its own nonce
    // and often a signed-in studio's or an unlocked gallery's data, so no shared cache keeps it
    // and the browser asks again (`no-cache`, not `no-store`: Back stays instant).
    set(headers, header::CACHE_CONTROL, "private, no-cache");
    // HTTP requires a challenge with every 401. What is asked for (a sign-in, the gallery's
    // password, a PIN, an email) is given in a page's form, never by the browser's own dialog, so
    // the scheme is one no browser answers by itself.
    if response.status() == StatusCode::UNAUTHORIZED {
        set(response.headers_mut(), header::WWW_AUTHENTICATE, "Session realm=\"Proofroom\"");
    }
    response
}

/// The policy for a response whose inline scripts carry `nonce`. Styles allow inline `style=`
/// attributes (the accent colour, image boxes), which cannot run code.
pub fn policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets a header unless the route set its own (a download's stricter policy wins).
fn set(headers: &mut HeaderMap, name: impl Into<HeaderName>, value: &str) {
    let name = name.into();
    if headers.contains_key(&name) {
        return;
    }
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

fn new_nonce() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}
