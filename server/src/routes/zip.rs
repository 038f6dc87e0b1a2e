//! `GET /zip/{slug}/{contents}/{size}`: a ZIP streamed as it is read from storage. Its length is
//! known before the first byte (`Content-Length`), and any byte range can be served, so a dropped
//! download resumes. Memory stays flat: at most one storage chunk per response is in flight.

use super::ranged;
use super::refusal_page;
use crate::state::AppState;
use crate::visitor::Visitor;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use backend::downloads::Stage;
use backend::downloads::zip::{Source, ZipDownload, ZipRequest};
use backend::downloads::zip_layout::Piece;
use backend::storage::{Step, StorageKey};
use bytes::Bytes;
use domain::downloads::zip_contents_from_token;
use domain::policy::DownloadSize;
use futures::FutureExt;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use std::sync::Arc;

/// Streams one ZIP; a refusal a browser navigated to is a page with a way back.
pub async fn zip(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((slug, contents, size)): Path<(String, String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    match send(&state, visitor, &slug, &contents, &size, &method, &headers).await {
        Ok(response) => response,
        Err(err) => refusal_page::answer(&headers, err, Some(format!("/g/{slug}"))),
    }
}

async fn send(
    state: &AppState,
    visitor: Visitor,
    slug: &str,
    contents: &str,
    size: &str,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Response, ServiceError> {
    let contents = zip_contents_from_token(contents).ok_or(ServiceError::NotFound)?;
    let size = DownloadSize::from_token(size).ok_or(ServiceError::NotFound)?;
    let viewer = visitor.downloading();
    let now = chrono::Utc::now();
    let request = ZipRequest { slug, contents, size };
    let planned = backend::downloads::zip::zip(&state.ctx, &viewer, request, now, Stage::Send).await?;
    let Some(archive) = planned else { return Err(ServiceError::NotFound) };
    respond(state, archive, method, headers, now).await
}

/// Streams an allowed archive: attachment headers, ranges, and the log lines when sent from its
/// first byte.
pub async fn respond(
    state: &AppState,
    archive: ZipDownload,
    method: &Method,
    headers: &HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Response, ServiceError> {
    let out = ranged::attachment_headers("application/zip", &archive.file_name);
    let plan = match ranged::plan(headers, archive.layout.len(), &archive.etag, out) {
        Ok(plan) => plan,
        Err(done) => return Ok(*done),
    };
    // A HEAD (download managers probe first) or a resumed range is not a new download; a range
    // that resumes nothing logged is. What counts against the free quota is counted now that
    // bytes go out (a HEAD sends none; a 304 was answered above).
    if *method != Method::HEAD {
        if let Some(claim) = &archive.claim {
            claim.settle(&state.ctx).await?;
        }
        let logged = if plan.from_start() {
            backend::downloads::log::record(&state.ctx, archive.log.clone(), now).await?;
            archive.log.clone()
        } else {
            backend::downloads::log::record_unless_resumed(&state.ctx, archive.log.clone(), now).await?
        };
        if !logged.is_empty() {
            backend::engagement::hooks::downloaded(&state.ctx, &logged, now).await;
        }
    }
    let range = plan.range.clone().unwrap_or(0..archive.layout.len());
    let body = Body::from_stream(bytes_of(state.ctx.clone(), Arc::new(archive), range));
    Ok((plan.status, plan.headers, body).into_response())
}

/// The archive's bytes in `range`, piece by piece: made bytes as they are, entry data streamed
/// from storage. Entries are opened a few ahead of the one being sent where the store wants it
/// (`Storage::read_ahead`, within the instance's budget): on S3 each entry is a GET whose answer
/// takes a round trip to start, and 200 photos one after another would wait for 200 of them.
fn bytes_of(
    ctx: backend::Ctx,
    archive: Arc<ZipDownload>,
    range: std::ops::Range<u64>,
) -> BoxStream<'static, Result<Bytes, std::io::Error>> {
    let pieces = archive.layout.pieces(range);
    let read_ahead = ctx.storage.read_ahead().clone();
    let steps = pieces.into_iter().map(move |piece| -> Step<ArchiveBytes> {
        match piece {
            Piece::Bytes(bytes) => ready(stream::once(async move { Ok(bytes) }).boxed()),
            Piece::Entry { index, range } => match archive.sources.get(index).cloned() {
                Some(Source::Memory(bytes)) => {
                    let slice = bytes.slice(range.start as usize..range.end as usize);
                    ready(stream::once(async move { Ok(slice) }).boxed())
                }
                Some(Source::Stored(key)) => {
                    let ctx = ctx.clone();
                    let whole =
                        archive.layout.entries().get(index).filter(|e| range == (0..e.size)).map(|e| (e.size, e.crc32));
                    let output = async move {
                        let data = match ctx.storage.stream(key, Some(range.clone())).await {
                            Ok(data) => data,
                            // Archived while this ZIP was under way (an "Archive now", a restore
                            // running out): the live copy is gone, and the archive holds the
                            // checked copy it was deleted for.
                            Err(object_store::Error::NotFound { .. })
                                if matches!(key, StorageKey::Original(_) | StorageKey::Download(..)) =>
                            {
                                match ctx.archive.stream(key, Some(range)).await {
                                    Ok(data) => data,
                                    Err(e) => stream::once(async move { Err(e) }).boxed(),
                                }
                            }
                            Err(e) => stream::once(async move { Err(e) }).boxed(),
                        };
                        match whole {
                            // A whole entry is checked against its CRC-32 on the way: a damaged
                            // file breaks the transfer instead of arriving as a good entry.
                            Some((len, crc32)) => backend::storage::integrity::verified(
                                data,
                                len,
                                crc32,
                                match key {
                                    StorageKey::Original(id) => {
                                        backend::storage::integrity::mark_on_mismatch(&ctx, id.0)
                                    }
                                    other => backend::storage::integrity::log_on_mismatch(format!("{other:?}")),
                                },
                            ),
                            None => data.map_err(std::io::Error::other).boxed(),
                        }
                    }
                    .boxed();
                    Step { opens: true, output }
                }
                None => ready(stream::once(async { Err(std::io::Error::other("ZIP entry without a source")) }).boxed()),
            },
        }
    });
    read_ahead.run(steps).flatten().boxed()
}

/// Bytes of the archive, as they are sent.
type ArchiveBytes = BoxStream<'static, Result<Bytes, std::io::Error>>;

/// A piece whose bytes need no opening.
fn ready(bytes: ArchiveBytes) -> Step<ArchiveBytes> {
    Step { opens: false, output: futures::future::ready(bytes).boxed() }
}
