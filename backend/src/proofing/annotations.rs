//! Annotations: one person's marks on one image, saved whole (the browser keeps the undo
//! history; saving replaces what was stored, saving nothing removes it). A visitor sees only
//! their own marks; the photographer sees everyone's, per image and per person, and downloads
//! them burned into the HD rendition.

use super::annotated_png;
use super::person::{person, signature};
use crate::ctx::Ctx;
use crate::entities::{annotation, image};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::card_of;
use crate::storage::StorageKey;
use crate::visitor::access::Viewer;
use crate::visitor::reach::image_in_reach;
use chrono::{DateTime, Utc};
use domain::annotations::{AnnotatedImage, AnnotationView, Shape, validate_shapes};
use domain::engagement::EventKind;
use domain::ids::{GalleryId, ImageId, StudioId};
use domain::policy::Action;
use domain::rendition::RenditionSize;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

/// The marks on one image the viewer may see: the owner all, a visitor their own.
pub async fn on_image(
    ctx: &Ctx,
    viewer: &Viewer,
    id: ImageId,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<AnnotationView>> {
    let reached = image_in_reach(ctx, viewer, id, now).await?;
    let mut query = annotation::Entity::find().filter(annotation::Column::ImageId.eq(reached.image.id));
    let own = reached.admitted.visit.person().map(str::to_owned);
    let everyone = reached.admitted.check(Action::ReadAllProofing).is_ok();
    // With annotations off (or in a shop) a visitor's marks are not shown, as the UI hides them.
    let switched_off = reached.admitted.denies(Action::Annotate { image: reached.facts });
    if !everyone {
        let Some(email) = own.clone().filter(|_| !switched_off) else { return Ok(Vec::new()) };
        query = query.filter(annotation::Column::Email.eq(email));
    }
    let rows = query.order_by_asc(annotation::Column::UpdatedAt).all(&ctx.db).await?;
    Ok(rows.into_iter().map(|row| view(row, everyone, own.as_deref())).collect())
}

/// Saves the visitor's marks on one image (replacing theirs; none removes them).
pub async fn save(
    ctx: &Ctx,
    viewer: &Viewer,
    id: ImageId,
    shapes: Vec<Shape>,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<AnnotationView>> {
    let reached = image_in_reach(ctx, viewer, id, now).await?;
    reached.admitted.check(Action::Annotate { image: reached.facts })?;
    let email = person(&reached.admitted)?;
    let shapes = validate_shapes(&shapes)?;
    if shapes.is_empty() {
        annotation::Entity::delete_by_id((reached.image.id, email)).exec(&ctx.db).await?;
    } else {
        let json = serde_json::to_string(&shapes).map_err(|e| ServiceError::Internal(e.into()))?;
        let row = annotation::ActiveModel {
            gallery_id: Set(reached.gallery.id),
            image_id: Set(reached.image.id),
            email: Set(email),
            author: Set(signature(&reached.admitted)),
            shapes: Set(json),
            updated_at: Set(now),
        };
        annotation::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([annotation::Column::ImageId, annotation::Column::Email])
                    .update_columns([
                        annotation::Column::Shapes,
                        annotation::Column::Author,
                        annotation::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(&ctx.db)
            .await?;
        let (g, image) = (&reached.gallery, reached.image.id);
        crate::engagement::hooks::proofed(ctx, EventKind::Annotation, g, &reached.admitted, image, None, now).await;
    }
    on_image(ctx, viewer, id, now).await
}

/// Every annotated image of the gallery with everyone's marks, in display order.
pub async fn by_image(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<Vec<AnnotatedImage>> {
    crate::gallery::records::load_owned(ctx, studio, gallery).await?;
    let rows = annotation::Entity::find()
        .filter(annotation::Column::GalleryId.eq(gallery.0))
        .order_by_asc(annotation::Column::UpdatedAt)
        .all(&ctx.db)
        .await?;
    let mut marks: std::collections::HashMap<Uuid, Vec<annotation::Model>> = std::collections::HashMap::new();
    for row in rows {
        marks.entry(row.image_id).or_default().push(row);
    }
    // Only the photos with marks, in the gallery's order (not every photo of the gallery).
    let annotated = sea_orm::sea_query::Query::select()
        .column(annotation::Column::ImageId)
        .from(annotation::Entity)
        .and_where(annotation::Column::GalleryId.eq(gallery.0))
        .to_owned();
    let images = image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery.0))
        .filter(image::Column::DeletedAt.is_null())
        .filter(image::Column::Id.in_subquery(annotated))
        .order_by_asc(image::Column::Position)
        .order_by_asc(image::Column::CreatedAt)
        .order_by_asc(image::Column::Id)
        .all(&ctx.db)
        .await?;
    Ok(images
        .iter()
        .filter_map(|img| {
            let annotations: Vec<_> = marks.remove(&img.id)?.into_iter().map(|r| view(r, true, None)).collect();
            Some(AnnotatedImage { image: card_of(img), annotations })
        })
        .collect())
}

/// The HD rendition of an image with the marks burned in — everyone's, or one person's — as PNG,
/// for the photographer. Answers the PNG and a file name.
pub async fn burned_png(
    ctx: &Ctx,
    studio: StudioId,
    id: ImageId,
    by: Option<&str>,
) -> ServiceResult<(Vec<u8>, String)> {
    let found = image::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    crate::gallery::records::load_owned(ctx, studio, GalleryId(found.gallery_id)).await?;
    let mut query = annotation::Entity::find().filter(annotation::Column::ImageId.eq(found.id));
    if let Some(email) = by {
        query = query.filter(annotation::Column::Email.eq(email.to_lowercase()));
    }
    let rows = query.order_by_asc(annotation::Column::UpdatedAt).all(&ctx.db).await?;
    if rows.is_empty() {
        return Err(ServiceError::NotFound);
    }
    let shapes: Vec<Shape> = rows.iter().flat_map(|r| parse(&r.shapes)).collect();
    let hd = ctx
        .storage
        .get_bytes(StorageKey::Rendition(ImageId(found.id), RenditionSize::Hd))
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
    // The HD rendition decoded, and the canvas the marks are drawn on: about twice its pixels.
    let memory = 2 * 4 * u64::from(RenditionSize::Hd.long_edge()).pow(2);
    let png = ctx
        .cpu(crate::cpu::Work::Image { memory }, move || annotated_png::burn(&hd, &shapes))
        .await?
        .map_err(|e| ServiceError::Internal(e.into()))?;
    let stem = found.file_name.rsplit_once('.').map_or(found.file_name.as_str(), |(stem, _)| stem);
    Ok((png, format!("{stem}-annotated.png")))
}

fn parse(json: &str) -> Vec<Shape> {
    // Stored rows were checked before saving; a row that no longer parses shows nothing rather
    // than failing the whole list.
    serde_json::from_str(json).unwrap_or_default()
}

fn view(row: annotation::Model, owner: bool, own: Option<&str>) -> AnnotationView {
    AnnotationView {
        image_id: ImageId(row.image_id),
        mine: own == Some(row.email.as_str()),
        email: owner.then(|| row.email.clone()),
        author: row.author,
        shapes: parse(&row.shapes),
        updated_at: row.updated_at,
    }
}
