//! `GET /restored/{token}`: the download a restore request was for, reached by the link in its
//! "ready" mail — the visitor's ZIP or photo, a delivery set's ZIP, or an order's ZIP — resumable
//! and logged as the requester. The link is the credential (no session needed, so it opens from
//! any mail program or device), and the download is decided again exactly as the requester's own
//! would be (`backend::archive::requests`).

use super::refusal_page;
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use backend::ServiceError;
use backend::archive::requests::{Serve, restored as find_restored};
use backend::downloads::Stage;
use backend::downloads::zip::ZipRequest;
use domain::downloads::DownloadTarget;

/// Sends the restored download; a refusal (run out, no longer allowed) is a page
/// with the sentence and a way to the gallery.
pub async fn restored(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let now = chrono::Utc::now();
    let ctx = &state.ctx;
    let mut back = None;
    let result = async {
        let found = find_restored(ctx, &token, visitor.viewer.client, now).await?;
        back = Some(format!("/g/{}", found.gallery.slug));
        match found.serve {
            Serve::Visitor { viewer, target: DownloadTarget::Image(image) } => {
                let single = backend::downloads::single::single(ctx, &viewer, image, found.size, now, Stage::Send)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
                super::download::respond(&state, single, &method, &headers, now).await
            }
            Serve::Visitor { viewer, target: DownloadTarget::Zip(contents) } => {
                let request = ZipRequest { slug: &found.gallery.slug, contents, size: found.size };
                let archive = backend::downloads::zip::zip(ctx, &viewer, request, now, Stage::Send)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
                super::zip::respond(&state, archive, &method, &headers, now).await
            }
            Serve::Order { order, viewer } => {
                let archive = backend::store::order_files::zip_of(ctx, *order, &viewer, now).await?;
                super::zip::respond(&state, archive, &method, &headers, now).await
            }
            Serve::Delivery { token, viewer } => {
                back = Some(backend::delivery::links::page_path(&token));
                let archive = backend::delivery::files::zip(ctx, &token, found.size, &viewer, now).await?;
                super::zip::respond(&state, archive, &method, &headers, now).await
            }
        }
    }
    .await;
    result.unwrap_or_else(|err| refusal_page::answer(&headers, err, back))
}
