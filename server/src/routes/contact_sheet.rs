//! `GET /contact-sheet/{slug}/{all|selects}`: the visitor's contact sheet as a PDF attachment,
//! made on request (the policy, the scope and the PDF are `backend::proofing::sheet`'s).

use super::{ranged, refusal_page};
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use domain::contact_sheets::SheetScope;

/// Sends one contact sheet; a refusal a browser navigated to (a bookmark, a new tab) is a page
/// with a way back to the gallery.
pub async fn contact_sheet(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((slug, scope)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let made = match SheetScope::from_token(&scope) {
        Some(scope) => {
            backend::proofing::sheet::make(&state.ctx, &visitor.viewer, &slug, scope, chrono::Utc::now()).await
        }
        None => Err(ServiceError::NotFound),
    };
    match made {
        Ok(sheet) => (ranged::attachment_headers("application/pdf", &sheet.file_name), sheet.pdf).into_response(),
        Err(err) => refusal_page::answer(&headers, err, Some(format!("/g/{slug}"))),
    }
}
