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
    /// A buyer's link to the store-mode demo gallery.
    pub shop_link: String,
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
                last_day: None,
            };
            let id = galleries::create(ctx, studio_id, form, std::net::Ipv4Addr::LOCALHOST.into()).await?;
            for (name, _) in SETS {
                sets::create(ctx, studio_id, id, name).await?;
            }
            galleries::set_status(ctx, studio_id, id, GalleryStatus::Published).await?;
            // Downloads and annotations on (both off by default), so the demo shows every tool.
            let mut settings = domain::settings::GallerySettings::default();
            settings.switches.downloads = true;
            settings.switches.annotations = true;
            crate::gallery::settings::save(ctx, studio_id, id, settings, None).await?;
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
            if let Some(card) = upload_once(ctx, studio_id, gallery_id, &photos_dir.join(name)).await? {
                uploaded += 1;
                if let Some(set) = set_ids.get(index) {
                    images::move_to_set(ctx, studio_id, gallery_id, &[card.id], Some(domain::ids::SetId(set.id)))
                        .await?;
                }
            }
        }
    }
    let (shop_link, shop_uploaded) = seed_shop(ctx, studio_id, photos_dir).await?;
    Ok(Seeded { studio: studio_id, gallery: gallery_id, uploaded: uploaded + shop_uploaded, client_link, shop_link })
}

/// The store-mode demo gallery's link: `/g/shop-demo` (its public link is off too).
pub const SHOP_SLUG: &str = "shop-demo";
/// The photos the shop demo sells.
const SHOP_PHOTOS: [&str; 6] = ["freshflower.jpg", "ladybird.jpg", "garden.jpg", "aqua.jpg", "dune.jpg", "storm.jpg"];
/// The label of the shop demo's buyer link.
const DEMO_BUYER: &str = "Demo buyer";

/// A second demo gallery in store mode, selling from a price sheet; answers a buyer's link and
/// how many photos it uploaded (idempotent).
async fn seed_shop(ctx: &Ctx, studio_id: StudioId, photos_dir: &Path) -> ServiceResult<(String, usize)> {
    use domain::policy::DownloadSize;
    use domain::store::{ProductForm, ProductKind, SheetForm};
    let gallery_id = match gallery::Entity::find().filter(gallery::Column::Slug.eq(SHOP_SLUG)).one(&ctx.db).await? {
        Some(found) => GalleryId(found.id),
        None => {
            let form = GalleryForm {
                title: "Meadow & Sea — prints and licences".to_owned(),
                slug: SHOP_SLUG.to_owned(),
                event_date: chrono::NaiveDate::from_ymd_opt(2026, 7, 2),
                last_day: None,
            };
            let id = galleries::create(ctx, studio_id, form, std::net::Ipv4Addr::LOCALHOST.into()).await?;
            galleries::set_status(ctx, studio_id, id, GalleryStatus::Published).await?;
            let sheet = crate::store::price_sheets::create(
                ctx,
                studio_id,
                SheetForm { name: "Licences 2026".to_owned(), currency: "EUR".to_owned() },
            )
            .await?;
            let products = [
                (
                    ProductKind::Image,
                    "Personal digital",
                    "Print at home and share with family and friends; no commercial use.",
                    "25",
                    DownloadSize::Hd,
                ),
                (
                    ProductKind::Image,
                    "Commercial web",
                    "Websites and social media of one business, for two years.",
                    "90",
                    DownloadSize::CustomWeb { long_edge: 2048 },
                ),
                (
                    ProductKind::Image,
                    "Full buyout",
                    "Any use, any medium, no time limit. Copyright stays with the studio.",
                    "400",
                    DownloadSize::Original,
                ),
                (
                    ProductKind::Gallery,
                    "Whole gallery, personal",
                    "Every photo of the gallery for personal use, in HD.",
                    "120",
                    DownloadSize::Hd,
                ),
            ];
            for (kind, name, description, price, size) in products {
                let form = ProductForm {
                    kind,
                    name: name.to_owned(),
                    description: description.to_owned(),
                    price: price.to_owned(),
                    size,
                };
                crate::store::price_sheets::add_product(ctx, studio_id, sheet, form).await?;
            }
            crate::store::gallery_shop::set_store_mode(ctx, studio_id, id, true, Some(sheet)).await?;
            id
        }
    };
    let link = match crate::visitor::links::list(ctx, studio_id, gallery_id)
        .await?
        .into_iter()
        .find(|l| l.label == DEMO_BUYER)
    {
        Some(link) => link.path,
        None => {
            let form = LinkForm { label: DEMO_BUYER.to_owned(), role: Role::MainClient, sets: None, expires_on: None };
            crate::visitor::links::create(ctx, studio_id, gallery_id, form).await?.path
        }
    };
    let mut uploaded = 0;
    for name in SHOP_PHOTOS {
        if upload_once(ctx, studio_id, gallery_id, &photos_dir.join(name)).await?.is_some() {
            uploaded += 1;
        }
    }
    Ok((link, uploaded))
}

/// Uploads one demo photo through the real upload path; `None` when the gallery has it already.
async fn upload_once(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    path: &Path,
) -> ServiceResult<Option<domain::card::ImageCard>> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("photo.jpg");
    let file = tokio::fs::File::open(path).await?;
    let len = file.metadata().await?.len();
    let stream = tokio_util::io::ReaderStream::new(file);
    match ingest::upload(ctx, studio, gallery, name, Some(len), stream).await {
        Ok(card) => Ok(Some(card)),
        Err(ServiceError::Conflict(_)) => Ok(None), // already there
        Err(other) => Err(other),
    }
}
