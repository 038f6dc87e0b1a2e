//! `GET /contact-sheet/{slug}/{all|selects}`: the visitor's contact sheet as a PDF attachment,
//! made on request (the policy, the scope and the PDF are `backend::proofing::sheet`'s).

use super::{ranged, refusal_page};
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use domain::contact_sheets::SheetScope;

/// Sends one contact sheet; a refusal a browser navigated to (a bookmark, a new tab) is a page
/// with a way back to the gallery.
pub async fn contact_sheet(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((slug, scope)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let Some(scope) = SheetScope::from_token(&scope) else {
        return refusal_page::answer(&headers, ServiceError::NotFound, None);
    };
    let now = chrono::Utc::now();
    let back = Some(format!("/g/{slug}"));
    // A HEAD is answered by the policy alone: a sheet is made only to be sent. Its headers are
    // the GET's, but for the length, which only the made sheet knows (so none is sent).
    if method == Method::HEAD {
        return match backend::proofing::sheet::check(&state.ctx, &visitor.viewer, &slug, scope, now).await {
            Ok(_) => {
                let name = backend::proofing::sheet::file_name(&slug, scope);
                let unknown_length = Body::from_stream(futures::stream::empty::<Result<Bytes, std::io::Error>>());
                (ranged::attachment_headers("application/pdf", &name), unknown_length).into_response()
            }
            Err(err) => refusal_page::answer(&headers, err, back),
        };
    }
    match backend::proofing::sheet::make(&state.ctx, &visitor.viewer, &slug, scope, now).await {
        Ok(sheet) => (ranged::attachment_headers("application/pdf", &sheet.file_name), sheet.pdf).into_response(),
        Err(err) => refusal_page::answer(&headers, err, back),
    }
}
