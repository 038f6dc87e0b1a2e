//! The email a visitor gives once per gallery and session: downloads are recorded with it, and
//! selects belong to it.

use crate::access;
use crate::ctx::Ctx;
use crate::error::ServiceResult;
use chrono::{DateTime, Utc};
use domain::policy::Action;
use tower_sessions::Session;

/// Gives an email address for this gallery (asked once per session before downloads and
/// proofing), and optionally the name comments and annotations are signed with.
pub async fn give_email(
    ctx: &Ctx,
    session: &Session,
    slug: &str,
    email: &str,
    name: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let email = domain::validation::email(email)?;
    let name = match name.trim() {
        "" => None,
        given => Some(domain::comments::validate_author(given).map_err(|m| crate::error::invalid("name", m))?),
    };
    let g = crate::galleries::find_by_slug(ctx, slug).await?;
    let viewer = access::viewer(session).await?;
    access::authorize(ctx, &viewer, &g, Action::ViewGallery, now).await?;
    access::update_visit(session, g.id, |visit| {
        visit.email = Some(email);
        if name.is_some() {
            visit.name = name;
        }
    })
    .await
}
