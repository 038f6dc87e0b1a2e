//! Refuses requests whose path or query carries control or invisible format characters (a NUL
//! among them, which PostgreSQL refuses in text): no address of ours has them, so such a request
//! is answered 400 with a sentence before any handler or query sees it. Form and JSON fields are
//! checked by `domain::validation` where each is read.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

/// The middleware.
pub async fn refuse_hidden_characters(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let suspicious = [Some(uri.path()), uri.query()]
        .into_iter()
        .flatten()
        .any(|part| percent_decode_str(part).decode_utf8_lossy().chars().any(domain::validation::is_hidden_char));
    if suspicious {
        return (
            StatusCode::BAD_REQUEST,
            "This address contains characters that are not allowed. Check the link and try again.",
        )
            .into_response();
    }
    next.run(request).await
}
