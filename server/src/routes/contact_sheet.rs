//! `GET /contact-sheet/{slug}/{all|selects}`: the visitor's contact sheet as a PDF attachment,
//! made on request (the policy, the scope and the PDF are `backend::proofing::sheet`'s).

use super::ranged;
use crate::api_error::ApiError;
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use domain::contact_sheets::SheetScope;

/// Sends one contact sheet.
pub async fn contact_sheet(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((slug, scope)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let scope = SheetScope::from_token(&scope).ok_or(ServiceError::NotFound)?;
    let sheet = backend::proofing::sheet::make(&state.ctx, &visitor.viewer, &slug, scope, chrono::Utc::now()).await?;
    let headers = ranged::attachment_headers("application/pdf", &sheet.file_name);
    Ok((headers, sheet.pdf).into_response())
}
