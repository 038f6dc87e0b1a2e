//! A refused download, when the browser navigated to it (a link opened from another site, an old
//! bookmark): a small page with the sentence and a way back to the gallery, instead of raw JSON.
//! Requests from our own pages (which check first) and from programs keep the JSON answer.

use crate::api_error::{ApiError, status_of};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use backend::ServiceError;

/// Answers `err`: as a page for a browser navigation, else as `ApiError`. `back` is the gallery
/// page to offer, given only for refusals of something the visitor can see.
pub fn answer(request: &HeaderMap, err: ServiceError, back: Option<String>) -> Response {
    let navigating = request.get("sec-fetch-mode").and_then(|v| v.to_str().ok()) == Some("navigate");
    if !navigating {
        return ApiError(err).into_response();
    }
    // A fault is a page too (with its sentence, never its cause), logged for the operator.
    crate::api_error::log_fault(&err);
    let status = status_of(&err);
    let back = match (&err, back) {
        (ServiceError::Forbidden(_) | ServiceError::Needs(_) | ServiceError::TooMany { .. }, Some(path)) => {
            format!(r#"<p><a class="button" href="{}">Back to the gallery</a></p>"#, escape(&path))
        }
        _ => String::new(),
    };
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Download not started</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main class=\"narrow\"><h1>Download not started</h1><p role=\"alert\">{}</p>{back}</main></body></html>",
        escape(&err.to_string()),
        css = app::assets::stylesheet(),
    );
    let mut response = (status, Html(page)).into_response();
    if let ServiceError::TooMany { retry_after, .. } = err {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    }
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
