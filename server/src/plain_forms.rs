//! Forms posted without JavaScript (the sign-in page, a gallery's password, the choice of link):
//! the browser posts straight to the server function, which answers JSON. On success Leptos
//! sends the browser back where it came from; a refusal is turned here into a page with the
//! sentence and a way back to the form, never raw JSON.

use crate::routes::refusal_page;
use crate::state::AppState;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;

/// The most of a refusal's body read to find its sentence (a sentence is a few hundred bytes).
const MAX_REFUSAL: usize = 64 * 1024;

/// Answers a plain form post's refusal as a page.
pub async fn answer_plain_forms(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let header_of = |name| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let plain_form = request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && header_of(header::ACCEPT).contains("text/html")
        && header_of(header::CONTENT_TYPE).starts_with("application/x-www-form-urlencoded");
    let referer = header_of(header::REFERER);
    let back = plain_form.then(|| {
        same_site_path(referer, header_of(header::HOST))
            .or_else(|| from_origin(referer, &state.ctx.config.public_origin))
    });
    let Some(back) = back else { return next.run(request).await };
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let body = to_bytes(response.into_body(), MAX_REFUSAL).await.unwrap_or_default();
    let sentence = serde_json::from_slice::<app::error::AppError>(&body)
        .map(|refused| refused.to_string())
        .unwrap_or_else(|_| "That did not work. Go back and try again.".to_owned());
    let back = Some((back.unwrap_or_else(|| "/".to_owned()), "Go back"));
    let mut page = refusal_page::page(status, "That did not work", &sentence, back);
    if let Some(wait) = retry_after {
        page.headers_mut().insert(header::RETRY_AFTER, wait);
    }
    page
}

/// The path of `referer` when it is a page at the site's public address (behind a proxy that
/// rewrites `Host`).
fn from_origin(referer: &str, public_origin: &str) -> Option<String> {
    let path = referer.strip_prefix(public_origin.trim_end_matches('/'))?;
    match path.chars().next() {
        None => Some("/".to_owned()),
        Some('/' | '?') => Some(local(path)),
        Some(_) => None,
    }
}

/// `path` as a path of this site: leading slashes (and backslashes, which browsers read as
/// slashes) collapse to one, so `//elsewhere.example/x` cannot become a link to another site.
fn local(path: &str) -> String {
    format!("/{}", path.trim_start_matches(['/', '\\']))
}

/// The path of `referer` when it is a page of this site (`host`); nothing from elsewhere is
/// linked back to.
fn same_site_path(referer: &str, host: &str) -> Option<String> {
    let rest = referer.strip_prefix("https://").or_else(|| referer.strip_prefix("http://"))?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    (authority == host && !host.is_empty()).then(|| local(path))
}

#[cfg(test)]
mod tests {
    use super::{from_origin, same_site_path};

    #[test]
    fn only_this_sites_pages_are_linked_back_to() {
        assert_eq!(same_site_path("https://proof.example/signin", "proof.example").as_deref(), Some("/signin"));
        assert_eq!(
            same_site_path("http://127.0.0.1:3000/g/wedding?x=1", "127.0.0.1:3000").as_deref(),
            Some("/g/wedding?x=1")
        );
        assert_eq!(same_site_path("https://proof.example", "proof.example").as_deref(), Some("/"));
        assert_eq!(same_site_path("https://evil.example/signin", "proof.example"), None);
        assert_eq!(same_site_path("https://proof.example.evil.example/x", "proof.example"), None);
        assert_eq!(same_site_path("javascript:alert(1)", "proof.example"), None);
        assert_eq!(same_site_path("", ""), None);
        assert_eq!(
            same_site_path("https://proof.example//evil.example/x", "proof.example").as_deref(),
            Some("/evil.example/x")
        );
        assert_eq!(
            same_site_path("https://proof.example/\\evil.example/x", "proof.example").as_deref(),
            Some("/evil.example/x")
        );
        assert_eq!(
            from_origin("https://proof.example/\\evil.example", "https://proof.example").as_deref(),
            Some("/evil.example")
        );
        assert_eq!(from_origin("https://proof.example/g/x", "https://proof.example").as_deref(), Some("/g/x"));
        assert_eq!(from_origin("https://proof.example", "https://proof.example/").as_deref(), Some("/"));
        assert_eq!(from_origin("https://proof.example.evil/x", "https://proof.example"), None);
    }
}
