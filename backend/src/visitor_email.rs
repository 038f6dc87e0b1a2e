//! The email a visitor gives once per gallery and session: downloads are recorded with it, and
//! selects belong to it.

use crate::access;
use crate::ctx::Ctx;
use crate::error::ServiceResult;
use chrono::{DateTime, Utc};
use domain::policy::Action;
use tower_sessions::Session;

/// Gives an email address for this gallery (asked once per session before downloads and selects).
pub async fn give_email(
    ctx: &Ctx,
    session: &Session,
    slug: &str,
    email: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let email = domain::validation::email(email)?;
    let g = crate::galleries::find_by_slug(ctx, slug).await?;
    let viewer = access::viewer(session).await?;
    access::authorize(ctx, &viewer, &g, Action::ViewGallery, now).await?;
    access::update_visit(session, g.id, |visit| visit.email = Some(email)).await
}
