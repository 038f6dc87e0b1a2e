//! The gallery password, as a visitor gives it.

use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::{self, Viewer};
use chrono::{DateTime, Utc};
use domain::policy::Action;
use tower_sessions::Session;

/// Checks a visitor's gallery password (throttled: `secrets::AttemptKind::GalleryPassword`) and
/// remembers it for the session, which gets a new id. A gallery the visitor may not see at all is
/// "not found", whatever the password.
pub async fn unlock(
    ctx: &Ctx,
    session: &Session,
    viewer: &Viewer,
    slug: &str,
    password: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let (g, admitted) = crate::visitor::lookup::gallery_by_slug(ctx, viewer, slug, now).await?;
    match admitted.check(Action::ViewGallery) {
        Ok(()) | Err(ServiceError::Needs(domain::policy::Need::Password)) => {}
        Err(other) => return Err(other),
    }
    let Some(stored) = g.password_hash.clone() else { return Ok(()) };
    let subject = g.id.to_string();
    let kind = crate::visitor::secrets::AttemptKind::GalleryPassword;
    match crate::visitor::secrets::check(ctx, kind, &subject, viewer.client, password, Some(stored), now).await? {
        crate::visitor::secrets::Checked::Right => {
            access::update_visit(session, g.id, |visit| visit.password_epoch = Some(g.password_epoch)).await?;
            access::renew(session).await
        }
        crate::visitor::secrets::Checked::Wrong { .. } => Err(ServiceError::Forbidden(
            "That password is not right. Check it with your photographer and try again.".to_owned(),
        )),
    }
}
