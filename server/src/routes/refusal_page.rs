//! A refused download, when the browser navigated to it (a link opened from another site, an old
//! bookmark): a small page with the sentence and a way back to the gallery, instead of raw JSON.
//! Requests from our own pages (which check first) and from programs keep the JSON answer. The
//! page itself (`page`) also answers forms posted without JavaScript (`plain_forms`).

use crate::api_error::{ApiError, status_of};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use backend::ServiceError;

/// Answers `err`: as a page for a browser navigation, else as `ApiError`. `back` is the gallery
/// page to offer, given only for refusals of something the visitor can see.
pub fn answer(request: &HeaderMap, err: ServiceError, back: Option<String>) -> Response {
    if !is_navigation(request) {
        return ApiError(err).into_response();
    }
    // A fault is a page too (with its sentence, never its cause), logged for the operator.
    crate::api_error::log_fault(&err);
    let status = status_of(&err);
    let back = match (&err, back) {
        (ServiceError::Forbidden(_) | ServiceError::Needs(_) | ServiceError::TooMany { .. }, Some(path)) => {
            Some((path, "Back to the gallery"))
        }
        _ => None,
    };
    let mut response = page(status, "Download not started", &err.to_string(), back);
    if let ServiceError::TooMany { retry_after, .. } = err {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    }
    response
}

/// Whether a browser navigated here (a page, not a `fetch`): it says so in `Sec-Fetch-Mode`; one
/// too old to send that (Safari before 16.4, an old Firefox) is taken by its `Accept`, which asks
/// for HTML on a navigation and `*/*` on a fetch.
fn is_navigation(request: &HeaderMap) -> bool {
    let value = |name: header::HeaderName| request.get(name).and_then(|v| v.to_str().ok());
    match request.get("sec-fetch-mode").and_then(|v| v.to_str().ok()) {
        Some(mode) => mode == "navigate",
        None => value(header::ACCEPT).is_some_and(|accept| accept.contains("text/html")),
    }
}

/// A small page saying `sentence` under `title`, with a link (`back`: its path and words).
pub fn page(status: StatusCode, title: &str, sentence: &str, back: Option<(String, &str)>) -> Response {
    let back = back
        .map(|(path, words)| format!(r#"<p><a class="button" href="{}">{}</a></p>"#, escape(&path), escape(words)))
        .unwrap_or_default();
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main class=\"narrow\"><h1>{title}</h1><p role=\"alert\">{sentence}</p>{back}</main></body></html>",
        title = escape(title),
        sentence = escape(sentence),
        css = app::assets::stylesheet(),
    );
    (status, Html(page)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (header::HeaderName::from_static(name), HeaderValue::from_str(value).expect("value")))
            .collect()
    }

    #[test]
    fn a_navigation_is_told_by_fetch_metadata_or_else_by_accept() {
        assert!(is_navigation(&asked(&[("sec-fetch-mode", "navigate"), ("accept", "*/*")])));
        assert!(!is_navigation(&asked(&[("sec-fetch-mode", "cors"), ("accept", "text/html")])));
        // Safari before 16.4 sends no fetch metadata.
        assert!(is_navigation(&asked(&[("accept", "text/html,application/xhtml+xml,*/*;q=0.8")])));
        assert!(!is_navigation(&asked(&[("accept", "*/*")])));
        assert!(!is_navigation(&asked(&[])));
    }
}
