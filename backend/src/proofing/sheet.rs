//! The contact sheet a visitor downloads: which images (all they can see, or their selects; set
//! scope and set download mode honoured), their grid thumbnails as stored, and the studio's
//! branding, handed to the PDF renderer off the async runtime.

use super::selects::selected_images;
use crate::ctx::Ctx;
use crate::entities::{image, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::ready_in_display_order;
use crate::gallery::records::sets_of;
use crate::keyed_slots::{KeyedSlot, KeyedSlots};
use crate::proofing::contact_sheet::{SheetEntry, SheetHeader, render_contact_sheet};
use crate::storage::StorageKey;
use crate::visitor::access::Viewer;
use crate::visitor::image_facts::GalleryImageFacts;
use crate::visitor::lookup::gallery_by_slug;
use chrono::{DateTime, Utc};
use domain::contact_sheets::SheetScope;
use domain::ids::{ImageId, SetId, StudioId};
use domain::policy::{Action, Preview, contact_sheet_lists, preview};
use domain::rendition::RenditionSize;
use futures::{StreamExt, TryStreamExt};
use sea_orm::EntityTrait;

/// How many thumbnails are read from storage at once.
const READ_AHEAD: usize = 16;

/// The most photos one contact sheet holds. Their thumbnails (30–60 KB each) are held in memory
/// while the PDF is written, twice over, so a sheet's memory is bounded whatever the gallery's
/// size: 2,000 photos are about 200 MB at worst, and 130 pages.
pub const MAX_PHOTOS: usize = 2_000;

/// Contact sheets this instance makes at once; more wait their turn, so a few visitors asking
/// for big sheets together cannot hold the memory of many.
static MAKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Clients (by address; IPv6 by /64) with a sheet being made by this instance: one each (a
/// client's next waits for it), so one client asking again and again cannot hold every turn.
static ASKING: std::sync::LazyLock<KeyedSlots<String>> = std::sync::LazyLock::new(KeyedSlots::default);

/// The client's one place, once its sheet before (if any) is done; `None` after `TURN_WAIT`.
async fn client_turn(client: std::net::IpAddr) -> Option<KeyedSlot<String>> {
    let key = crate::visitor::secrets::client_key(client);
    let started = tokio::time::Instant::now();
    loop {
        if let Some(place) = ASKING.take(key.clone(), 1) {
            return Some(place);
        }
        if started.elapsed() >= TURN_WAIT {
            return None;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// How long a request waits for its turn to make a sheet.
const TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// A finished contact sheet.
pub struct ContactSheet {
    pub pdf: Vec<u8>,
    pub file_name: String,
}

/// What a sheet will hold, once the policy agreed to make it.
struct Plan {
    gallery: crate::entities::gallery::Model,
    admitted: crate::visitor::access::Admission,
    images: Vec<image::Model>,
}

/// How many photos the contact sheet of the gallery at `slug` would hold for `viewer`, or the
/// sentence saying why none can be made: what the button asks before the PDF starts, so a
/// refusal is said on the page rather than as a failed download.
pub async fn check(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    scope: SheetScope,
    now: DateTime<Utc>,
) -> ServiceResult<u32> {
    Ok(plan(ctx, viewer, slug, scope, now).await?.images.len() as u32)
}

/// Makes the contact sheet of the gallery at `slug` for `viewer`.
pub async fn make(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    scope: SheetScope,
    now: DateTime<Utc>,
) -> ServiceResult<ContactSheet> {
    let Plan { gallery: g, admitted, images } = plan(ctx, viewer, slug, scope, now).await?;
    let known = GalleryImageFacts::rows_only();
    // A turn waited for a while, not for ever: many asking at once (or one client asking many
    // times) are told to come back rather than held.
    let busy = || ServiceError::Busy("Contact sheets are being made just now. Try again in a minute.".to_owned());
    let _asking = client_turn(viewer.client).await.ok_or_else(busy)?;
    let _turn = match tokio::time::timeout(TURN_WAIT, MAKING.acquire()).await {
        Ok(turn) => turn.map_err(|e| ServiceError::Internal(e.into()))?,
        Err(_) => return Err(busy()),
    };
    // Visitors whose previews carry the watermark get it on the sheet too.
    let marked = |i: &image::Model| {
        preview(&admitted.actor, RenditionSize::Grid480, known.of(i), &admitted.facts) == Some(Preview::Watermarked)
    };
    let keyed: Vec<_> = images
        .into_iter()
        .map(|i| {
            let key = if marked(&i) {
                StorageKey::Watermarked(ImageId(i.id), RenditionSize::Grid480)
            } else {
                StorageKey::Rendition(ImageId(i.id), RenditionSize::Grid480)
            };
            (key, i)
        })
        .collect();
    let entries: Vec<SheetEntry> = futures::stream::iter(keyed.into_iter().enumerate())
        .map(|(n, (key, i))| async move {
            let jpeg = ctx.storage.get_bytes(key).await.map_err(|e| ServiceError::Internal(e.into()))?;
            let (width, height) = RenditionSize::Grid480.dims(i.width as u32, i.height as u32);
            Ok::<_, ServiceError>(SheetEntry { number: n as u32 + 1, file_name: i.file_name, jpeg, width, height })
        })
        .buffered(READ_AHEAD)
        .try_collect()
        .await?;
    let owner = studio::Entity::find_by_id(g.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let logo = match owner.logo_key {
        Some(_) => ctx.storage.get_bytes(StorageKey::StudioLogo(StudioId(owner.id))).await.ok(),
        None => None,
    };
    let count = entries.len();
    let photos = domain::words::photos(count as u64);
    let subtitle = match (scope, g.event_date) {
        (SheetScope::Selects, Some(day)) => format!("Your selects · {photos} · {}", day.format("%-d %B %Y")),
        (SheetScope::Selects, None) => format!("Your selects · {photos}"),
        (SheetScope::All, Some(day)) => format!("{photos} · {}", day.format("%-d %B %Y")),
        (SheetScope::All, None) => photos,
    };
    let header = SheetHeader {
        title: g.title.clone(),
        subtitle: Some(subtitle),
        studio_name: owner.name,
        logo,
        // The studio's accent as its pages show it (darkened where it would not read on white).
        accent: domain::brand::rgb(&domain::brand::readable_accent(&owner.accent_color)),
        contact_email: Some(owner.contact_email).filter(|e| !e.trim().is_empty()),
    };
    // krilla holds a working copy of each thumbnail while writing: about twice their bytes.
    let memory = 2 * entries.iter().map(|e| e.jpeg.len() as u64).sum::<u64>();
    let pdf = ctx
        .cpu(crate::cpu::Work::Image { memory }, move || render_contact_sheet(&header, &entries))
        .await?
        .map_err(|e| ServiceError::Internal(e.into()))?;
    Ok(ContactSheet { pdf, file_name: file_name(&g.slug, scope) })
}

/// The name a gallery's contact sheet is saved under.
pub fn file_name(slug: &str, scope: SheetScope) -> String {
    format!("{slug}-contact-sheet{}.pdf", if scope == SheetScope::Selects { "-selects" } else { "" })
}

/// The policy's and the gallery's answer: which photos, in order, or why none.
async fn plan(ctx: &Ctx, viewer: &Viewer, slug: &str, scope: SheetScope, now: DateTime<Utc>) -> ServiceResult<Plan> {
    let (g, admitted) = gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::ContactSheet)?;
    let selected = match scope {
        SheetScope::All => None,
        SheetScope::Selects => {
            admitted.check(Action::SelectLists)?;
            let ids = selected_images(ctx, &admitted, g.id).await?;
            if ids.is_empty() {
                return Err(ServiceError::Forbidden(
                    "You have not starred any photos yet. Star some, or choose all images.".to_owned(),
                ));
            }
            Some(ids)
        }
    };
    let sets: Vec<_> = sets_of(ctx, g.id)
        .await?
        .into_iter()
        .filter(|s| admitted.check(Action::ViewSet { set: SetId(s.id) }).is_ok())
        .collect();
    let known = GalleryImageFacts::rows_only();
    let images: Vec<_> = ready_in_display_order(ctx, g.id, &sets)
        .await?
        .into_iter()
        .filter(|i| contact_sheet_lists(&admitted.actor, known.of(i), &admitted.facts))
        .filter(|i| selected.as_ref().is_none_or(|ids| ids.contains(&ImageId(i.id))))
        .collect();
    if images.is_empty() {
        // A sheet that keeps to the sets open for download says so: the visitor sees photos
        // all the same.
        let narrowed = domain::policy::contact_sheet_keeps_to_download_sets(&admitted.actor, &admitted.facts);
        return Err(ServiceError::Forbidden(if narrowed {
            "A contact sheet holds the photos of the sets open for download, and none of these is in one. Ask your photographer which sets you may take.".to_owned()
        } else {
            "There are no photos here yet, so there is nothing to put on a contact sheet.".to_owned()
        }));
    }
    if images.len() > MAX_PHOTOS {
        // The way round it is a sheet of selects, where the visitor can star (not in a shop, nor
        // with selects switched off).
        let can_star = !matches!(
            domain::policy::decide(&admitted.actor, Action::SelectLists, &admitted.facts),
            domain::policy::Decision::Deny(_)
        );
        let way = match (admitted.is_owner(), selected.is_some(), can_star) {
            (true, _, _) => {
                "A client's sheet holds what their link shows: a link limited to some sets keeps within it."
            }
            (false, true, _) => "Unstar some of them, then make it again.",
            (false, false, true) => "Star the ones you want, then make a contact sheet of your selects.",
            (false, false, false) => "Ask your photographer for a contact sheet of the photos you need.",
        };
        return Err(ServiceError::Unprocessable(format!(
            "This sheet would hold {} photos, and a contact sheet holds up to {MAX_PHOTOS}. {way}",
            images.len()
        )));
    }
    Ok(Plan { gallery: g, admitted, images })
}
