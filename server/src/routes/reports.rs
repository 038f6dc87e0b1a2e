//! The engagement report's tables as CSV: a gallery's (`GET /export/galleries/{id}/report/
//! {days|images|people}.csv?from=&to=`) and the studio's (`GET /export/studio/report/
//! {days|galleries}.csv`). Owner only: anyone else gets 401 or 404.

use crate::api_error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use backend::ServiceError;
use backend::engagement::report::{self, Table};
use domain::engagement::report::ReportRange;
use domain::ids::GalleryId;
use serde::Deserialize;
use tower_sessions::Session;

/// The report's range, as the page links it.
#[derive(Debug, Deserialize)]
pub struct Range {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Range {
    /// Counted back from the studio's today (its own time zone's).
    async fn parse(&self, ctx: &backend::Ctx, studio: domain::ids::StudioId) -> Result<ReportRange, ServiceError> {
        let today = backend::studio::days::today(&ctx.db, studio.0).await?;
        Ok(ReportRange::parse(self.from.as_deref(), self.to.as_deref(), today))
    }
}

/// A table of a gallery's report.
pub async fn gallery_csv(
    State(state): State<AppState>,
    session: Session,
    Path((id, table)): Path<(String, String)>,
    Query(range): Query<Range>,
) -> Result<Response, ApiError> {
    let studio = backend::studio::auth::require_studio(&session).await?;
    let id: GalleryId = id.parse().map_err(|_| ServiceError::NotFound)?;
    let table = Table::parse(&table).ok_or(ServiceError::NotFound)?;
    let range = range.parse(&state.ctx, studio).await?;
    let csv = report::gallery_csv(&state.ctx, studio, id, range, table).await?;
    Ok(attachment(&format!("report-{}", file_name(table)), range, csv))
}

/// A table of the studio's overview.
pub async fn studio_csv(
    State(state): State<AppState>,
    session: Session,
    Path(table): Path<String>,
    Query(range): Query<Range>,
) -> Result<Response, ApiError> {
    let studio = backend::studio::auth::require_studio(&session).await?;
    let table = Table::parse(&table).ok_or(ServiceError::NotFound)?;
    let range = range.parse(&state.ctx, studio).await?;
    let csv = report::studio_csv(&state.ctx, studio, range, table).await?;
    Ok(attachment(&format!("studio-{}", file_name(table)), range, csv))
}

fn file_name(table: Table) -> &'static str {
    match table {
        Table::Days => "days",
        Table::Images => "photos",
        Table::People => "people",
        Table::Galleries => "galleries",
    }
}

/// `report-days-2026-11-05-to-2026-12-04.csv`.
fn attachment(stem: &str, range: ReportRange, csv: String) -> Response {
    let name = format!("{stem}-{}-to-{}.csv", ReportRange::key(range.from), ReportRange::key(range.to));
    super::studio_exports::csv_attachment(&name, csv)
}
