//! The demo studio and gallery that `make run` shows: built from the bundled sample photos through
//! the real upload path. Running it again changes nothing.

use crate::ctx::Ctx;
use crate::entities::{gallery, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::sets_of;
use crate::gallery::{galleries, images, sets};
use crate::photos::ingest;
use crate::studio::auth::{self, SignUp};
use domain::dto::GalleryForm;
use domain::gallery::GalleryStatus;
use domain::ids::{GalleryId, StudioId};
use domain::links::LinkForm;
use domain::policy::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::path::Path;

/// The demo sign-in.
pub const DEMO_EMAIL: &str = "demo@proofroom.local";
/// The demo password (the demo is for a local machine only).
pub const DEMO_PASSWORD: &str = "proofroom-demo";
/// The demo gallery's link: `/g/demo`.
pub const DEMO_SLUG: &str = "demo";

/// Which demo photo goes into which set.
const SETS: [(&str, &[&str]); 2] = [
    (
        "Flowers & wings",
        &["freshflower.jpg", "yellowflower.jpg", "ladybird.jpg", "twowings.jpg", "garden.jpg", "greenmeadow.jpg"],
    ),
    ("Light & water", &["aqua.jpg", "raindrops.jpg", "storm.jpg", "dune.jpg", "blinds.jpg", "wood.jpg"]),
];

/// What the seed made (or found).
#[derive(Debug, Clone)]
pub struct Seeded {
    pub studio: StudioId,
    pub gallery: GalleryId,
    pub uploaded: usize,
    /// A main client's link (`/l/…`): downloads are on for the demo.
    pub client_link: String,
}

/// The label of the demo's main-client link.
const DEMO_CLIENT: &str = "Demo client";

/// Creates the demo studio and gallery from the photos in `photos_dir` (idempotent).
pub async fn seed_demo(ctx: &Ctx, photos_dir: &Path) -> ServiceResult<Seeded> {
    let studio_id = match studio::Entity::find().filter(studio::Column::Email.eq(DEMO_EMAIL)).one(&ctx.db).await? {
        Some(found) => StudioId(found.id),
        None => {
            auth::create_studio(
                ctx,
                SignUp {
                    studio_name: "Meadow Light Studio".to_owned(),
                    email: DEMO_EMAIL.to_owned(),
                    password: DEMO_PASSWORD.to_owned(),
                },
            )
            .await?
            .studio_id
        }
    };
    let gallery_id = match gallery::Entity::find().filter(gallery::Column::Slug.eq(DEMO_SLUG)).one(&ctx.db).await? {
        Some(found) => GalleryId(found.id),
        None => {
            let form = GalleryForm {
                title: "Garden & Water — a demo gallery".to_owned(),
                slug: DEMO_SLUG.to_owned(),
                event_date: chrono::NaiveDate::from_ymd_opt(2026, 6, 14),
            };
            let id = galleries::create(ctx, studio_id, form).await?;
            for (name, _) in SETS {
                sets::create(ctx, studio_id, id, name).await?;
            }
            galleries::set_status(ctx, studio_id, id, GalleryStatus::Published).await?;
            // Downloads and annotations on (both off by default), so the demo shows every tool.
            let mut settings = domain::settings::GallerySettings::default();
            settings.switches.downloads = true;
            settings.switches.annotations = true;
            crate::gallery::settings::save(ctx, studio_id, id, settings).await?;
            id
        }
    };
    let client_link = match crate::visitor::links::list(ctx, studio_id, gallery_id)
        .await?
        .into_iter()
        .find(|link| link.label == DEMO_CLIENT)
    {
        Some(link) => link.path,
        None => {
            let form = LinkForm { label: DEMO_CLIENT.to_owned(), role: Role::MainClient, sets: None, expires_on: None };
            crate::visitor::links::create(ctx, studio_id, gallery_id, form).await?.path
        }
    };
    let set_ids = sets_of(ctx, gallery_id.0).await?;
    let mut uploaded = 0;
    for (index, (_, files)) in SETS.iter().enumerate() {
        for name in *files {
            let path = photos_dir.join(name);
            let file = tokio::fs::File::open(&path).await?;
            let len = file.metadata().await?.len();
            let stream = tokio_util::io::ReaderStream::new(file);
            match ingest::upload(ctx, studio_id, gallery_id, name, Some(len), stream).await {
                Ok(card) => {
                    uploaded += 1;
                    if let Some(set) = set_ids.get(index) {
                        images::move_to_set(ctx, studio_id, gallery_id, &[card.id], Some(domain::ids::SetId(set.id)))
                            .await?;
                    }
                }
                Err(ServiceError::Conflict(_)) => {} // already there
                Err(other) => return Err(other),
            }
        }
    }
    Ok(Seeded { studio: studio_id, gallery: gallery_id, uploaded, client_link })
}
