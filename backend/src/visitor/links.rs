//! Access links: made in the Invite tab (and by main clients' Share), opened at `/l/{token}`,
//! revoked from the list. A link's token is 128 random bits; it is the only secret, and it is
//! never used as an id anywhere else.

use crate::ctx::Ctx;
use crate::entities::{access_link, gallery, set};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::load_owned;
use crate::studio::days;
use chrono::Utc;
use chrono_tz::Tz;
use domain::ids::{GalleryId, LinkId, SetId, StudioId};
use domain::links::{AccessLinkView, LinkForm, link_label};
use domain::policy::{AccessLink, Role, Scope};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// The policy's view of a stored link.
pub fn to_policy(link: &access_link::Model) -> AccessLink {
    AccessLink {
        role: Role::parse(&link.role),
        // No sets stored: the whole gallery. A scope that cannot be read covers nothing (never
        // "the whole gallery").
        scope: match link.sets.as_deref() {
            None => Scope::Gallery,
            Some(json) => Scope::Sets(serde_json::from_str::<Vec<SetId>>(json).unwrap_or_default()),
        },
        expires_at: link.expires_at,
        revoked: link.revoked_at.is_some(),
    }
}

/// Loads a link of `gallery` and what it allows: its own rules narrowed by every link it was
/// shared from, so a client-invited link dies with (and never reaches further than) the link it
/// was made from, at once, for sessions already open too. `None`: no such link in this gallery.
pub async fn load_effective(
    ctx: &Ctx,
    gallery: Uuid,
    id: Uuid,
) -> ServiceResult<Option<(access_link::Model, AccessLink)>> {
    let find =
        |id: Uuid| access_link::Entity::find_by_id(id).filter(access_link::Column::GalleryId.eq(gallery)).one(&ctx.db);
    let Some(row) = find(id).await? else { return Ok(None) };
    let mut effective = to_policy(&row);
    let mut parent = row.shared_from;
    // Shares are one level deep today (client-invited visitors cannot share); the bound only
    // guards against a cycle in stored data.
    for _ in 0..8 {
        let Some(parent_id) = parent else { break };
        match find(parent_id).await? {
            Some(origin) => {
                effective = domain::links::narrowed_by(effective, &to_policy(&origin));
                parent = origin.shared_from;
            }
            None => {
                effective.revoked = true;
                break;
            }
        }
    }
    if parent.is_some() {
        effective.revoked = true;
    }
    Ok(Some((row, effective)))
}

fn view(link: access_link::Model, zone: Tz) -> AccessLinkView {
    let policy = to_policy(&link);
    AccessLinkView {
        id: LinkId(link.id),
        label: link.label,
        role: policy.role,
        sets: policy.scope.sets().map(<[SetId]>::to_vec),
        last_day: link.expires_at.map(|at| days::last_day(zone, at)),
        expired: link.expires_at.is_some_and(|at| at <= Utc::now()),
        path: format!("/l/{}", link.token),
        created_at: link.created_at,
    }
}

fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Makes a link from the Invite tab: main client or photographer invited, for the whole gallery
/// or chosen sets, with an optional last day.
pub async fn create(ctx: &Ctx, studio: StudioId, gallery: GalleryId, form: LinkForm) -> ServiceResult<AccessLinkView> {
    let g = load_owned(ctx, studio, gallery).await?;
    if !matches!(form.role, Role::MainClient | Role::PhotographerInvited) {
        return Err(ServiceError::Forbidden(
            "Links you make are for main clients or people you invite; guests use the gallery's public link."
                .to_owned(),
        ));
    }
    insert(&ctx.db, &g, form, None).await
}

/// Stores a new link on `db` after checking its label, its last day and that its sets belong to
/// the gallery. A link shared from `origin` (a main client's Share) ends when `origin` does.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    g: &gallery::Model,
    form: LinkForm,
    origin: Option<&access_link::Model>,
) -> ServiceResult<AccessLinkView> {
    let label = link_label(&form.label, form.role)?;
    let zone = days::zone_of(db, g.studio_id).await?;
    let chosen_end = form.expires_on.map(|day| days::end_of_last_day(zone, day));
    let expires_at = match (chosen_end, origin.and_then(|o| o.expires_at)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if chosen_end.is_some_and(|at| at <= Utc::now()) {
        return Err(domain::validation::FieldError {
            field: "expires_on".to_owned(),
            message: "Choose a last day from today on, or no last day.".to_owned(),
        }
        .into());
    }
    let sets = match form.sets {
        None => None,
        Some(chosen) => {
            // Read on `db`: inside a transaction (which holds SQLite's write lock), no second
            // connection is taken from the pool meanwhile.
            let existing: Vec<SetId> = set::Entity::find()
                .select_only()
                .column(set::Column::Id)
                .filter(set::Column::GalleryId.eq(g.id))
                .into_tuple::<Uuid>()
                .all(db)
                .await?
                .into_iter()
                .map(SetId)
                .collect();
            if chosen.is_empty() || chosen.iter().any(|s| !existing.contains(s)) {
                return Err(domain::validation::FieldError {
                    field: "sets".to_owned(),
                    message: "Choose at least one of this gallery's sets, or the whole gallery.".to_owned(),
                }
                .into());
            }
            // Kept in gallery order, without repeats.
            Some(existing.into_iter().filter(|s| chosen.contains(s)).collect::<Vec<_>>())
        }
    };
    let row = access_link::ActiveModel {
        id: Set(Uuid::now_v7()),
        gallery_id: Set(g.id),
        token: Set(new_token()),
        role: Set(form.role.as_str().to_owned()),
        label: Set(label),
        sets: Set(sets.map(|s| serde_json::to_string(&s)).transpose().map_err(|e| ServiceError::Internal(e.into()))?),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        // The main client's link a Share was made from; the Invite tab's links have none.
        shared_from: Set(origin.map(|o| o.id)),
        created_at: Set(Utc::now()),
    };
    Ok(view(row.insert(db).await?, zone))
}

/// Every link of the gallery that has not been revoked, newest first.
pub async fn list(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<Vec<AccessLinkView>> {
    load_owned(ctx, studio, gallery).await?;
    let zone = days::zone_of(&ctx.db, studio.0).await?;
    Ok(access_link::Entity::find()
        .filter(access_link::Column::GalleryId.eq(gallery.0))
        .filter(access_link::Column::RevokedAt.is_null())
        .order_by_desc(access_link::Column::CreatedAt)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|link| view(link, zone))
        .collect())
}

/// Revokes a link, and every link shared from it: every session that opened one is refused from
/// its next request on.
pub async fn revoke(ctx: &Ctx, studio: StudioId, gallery: GalleryId, link: LinkId) -> ServiceResult<()> {
    load_owned(ctx, studio, gallery).await?;
    let found = access_link::Entity::find_by_id(link.0)
        .filter(access_link::Column::GalleryId.eq(gallery.0))
        .one(&ctx.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let now = Utc::now();
    // Shares are one level deep today; the bound only guards against cycles in stored data.
    let mut revoking = vec![found.id];
    for _ in 0..8 {
        if revoking.is_empty() {
            break;
        }
        access_link::Entity::update_many()
            .col_expr(access_link::Column::RevokedAt, sea_orm::sea_query::Expr::value(now))
            .filter(access_link::Column::Id.is_in(revoking.clone()))
            .filter(access_link::Column::RevokedAt.is_null())
            .exec(&ctx.db)
            .await?;
        revoking = access_link::Entity::find()
            .filter(access_link::Column::SharedFrom.is_in(revoking))
            .filter(access_link::Column::RevokedAt.is_null())
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|l| l.id)
            .collect();
    }
    Ok(())
}
