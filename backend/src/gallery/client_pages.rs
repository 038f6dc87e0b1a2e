//! The client gallery a page at a time. The policy's [`listing`] says which images a viewer sees
//! as conditions on the image rows, so a page is read with `LIMIT`/`OFFSET` per set and the set
//! tabs with one grouped count: the cost of a page does not grow with the gallery. Every image a
//! page returns is still asked of the policy one by one.

use crate::ctx::Ctx;
use crate::entities::{image, set};
use crate::error::ServiceResult;
use crate::visitor::access::Admission;
use crate::visitor::image_facts::{GalleryImageFacts, card_as_seen};
use domain::card::ImageCard;
use domain::gallery::ImageStatus;
use domain::gallery_page::{GalleryPage, PAGE_SIZE, PageWanted, SetKey, SetTab, page_range};
use domain::ids::{ImageId, SetId};
use domain::policy::{Listing, Reach, listing, may_view};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use uuid::Uuid;

/// What a viewer sees of one gallery, for reading its pages.
pub struct ClientListing<'a> {
    admitted: &'a Admission,
    known: GalleryImageFacts,
    gallery: Uuid,
    listing: Listing,
    /// The sets with photos the viewer sees, in order, then "More"; with where each starts.
    pub tabs: Vec<SetTab>,
    pub total: u32,
}

impl<'a> ClientListing<'a> {
    /// Counts what `admitted` sees in `gallery`, per set of `sets` (those the viewer may see, in
    /// order) and unassigned.
    pub async fn count(ctx: &Ctx, admitted: &'a Admission, gallery: Uuid, sets: &[set::Model]) -> ServiceResult<Self> {
        let listing = listing(&admitted.actor, &admitted.facts);
        let known = GalleryImageFacts::load(ctx, admitted, gallery).await?;
        let mut counts: Vec<(Option<Uuid>, i64)> = Vec::new();
        if let Some(query) = visible(&listing, admitted, gallery) {
            counts = query
                .select_only()
                .column(image::Column::SetId)
                .column_as(image::Column::Id.count(), "n")
                .group_by(image::Column::SetId)
                .into_tuple()
                .all(&ctx.db)
                .await?;
        }
        let count_of = |set: Option<Uuid>| counts.iter().find(|(s, _)| *s == set).map_or(0, |(_, n)| *n as u32);
        let named = sets.iter().map(|s| (SetKey::Set(SetId(s.id)), s.name.clone(), count_of(Some(s.id))));
        let more = std::iter::once((SetKey::Unassigned, "More".to_owned(), count_of(None)));
        let mut tabs = Vec::new();
        let mut start = 0;
        for (key, name, count) in named.chain(more).filter(|(_, _, count)| *count > 0) {
            tabs.push(SetTab { key, name, count, start });
            start += count;
        }
        Ok(Self { admitted, known, gallery, listing, tabs, total: start })
    }

    /// Every image the viewer sees, in the pages' order.
    pub async fn all_rows(&self, ctx: &Ctx) -> ServiceResult<Vec<image::Model>> {
        self.read_range(ctx, 0, self.total).await
    }

    /// Those of `among` the viewer sees.
    pub async fn ids_among(&self, ctx: &Ctx, among: impl IntoIterator<Item = Uuid>) -> ServiceResult<Vec<Uuid>> {
        let Some(query) = visible(&self.listing, self.admitted, self.gallery) else { return Ok(Vec::new()) };
        let query = query.filter(image::Column::Id.is_in(among)).select_only().column(image::Column::Id);
        Ok(query.into_tuple().all(&ctx.db).await?)
    }

    /// The page `wanted` asks for (a page past the end is the last one).
    pub async fn page(&self, ctx: &Ctx, wanted: PageWanted) -> ServiceResult<GalleryPage> {
        let last = self.total.div_ceil(PAGE_SIZE).max(1) - 1;
        let index = match wanted {
            PageWanted::First => 0,
            PageWanted::Index(n) => n,
            PageWanted::SetStart(key) => self.tabs.iter().find(|t| t.key == key).map_or(0, SetTab::page),
            PageWanted::Holding(image) => self.position_of(ctx, image).await?.map_or(0, |at| at / PAGE_SIZE),
        }
        .min(last);
        self.read_page(ctx, index).await
    }

    async fn read_page(&self, ctx: &Ctx, index: u32) -> ServiceResult<GalleryPage> {
        let (start, end) = page_range(index, self.total);
        // One photo before (the lightbox's previous at the page's edge) and the whole next page:
        // its first photo is the lightbox's next, and its photos' shapes are the room the browser
        // holds for it.
        let (from, to) = (start.saturating_sub(1), page_range(index + 1, self.total).1);
        let rows = self.read_range(ctx, from, to).await?;
        let before = (from < start).then(|| rows.first().map(|r| ImageId(r.id))).flatten();
        let this_and_next = rows.get((start - from) as usize..).unwrap_or_default();
        let (inner, next) = this_and_next.split_at(((end - start) as usize).min(this_and_next.len()));
        let images = inner.iter().filter_map(|row| self.seen(row)).collect();
        let next: Vec<ImageCard> = next.iter().filter_map(|row| self.seen(row)).collect();
        let after = next.first().map(|card| card.id);
        Ok(GalleryPage {
            index,
            total: self.total,
            images,
            before,
            after,
            next: next.iter().map(ImageCard::shape).collect(),
        })
    }

    /// `row` as the viewer sees it, asked of the policy (the listing already should have left out
    /// what it hides).
    fn seen(&self, row: &image::Model) -> Option<ImageCard> {
        let facts = self.known.of(row);
        let seen = may_view(&self.admitted.actor, facts, &self.admitted.facts);
        if !seen {
            tracing::error!(image = %row.id, "the listing let through an image the policy hides");
        }
        seen.then(|| card_as_seen(self.admitted, row, facts))
    }

    /// The rows at positions `[from, to)` of the gallery's order, set by set.
    async fn read_range(&self, ctx: &Ctx, from: u32, to: u32) -> ServiceResult<Vec<image::Model>> {
        let mut rows = Vec::with_capacity(to.saturating_sub(from) as usize);
        for tab in &self.tabs {
            let (lo, hi) = (from.max(tab.start), to.min(tab.start + tab.count));
            if lo >= hi {
                continue;
            }
            let Some(query) = self.in_set(tab.key) else { continue };
            rows.extend(
                in_order(query).offset(u64::from(lo - tab.start)).limit(u64::from(hi - lo)).all(&ctx.db).await?,
            );
        }
        Ok(rows)
    }

    /// Where `image` is in the gallery's order, if the viewer sees it.
    async fn position_of(&self, ctx: &Ctx, id: ImageId) -> ServiceResult<Option<u32>> {
        let found = image::Entity::find_by_id(id.0)
            .filter(image::Column::GalleryId.eq(self.gallery))
            .filter(image::Column::DeletedAt.is_null())
            .one(&ctx.db)
            .await?;
        let Some(found) = found.filter(|f| self.listing.admits(&self.known.of(f))) else { return Ok(None) };
        let key = SetKey::of(found.set_id.map(SetId));
        let (Some(tab), Some(query)) = (self.tabs.iter().find(|t| t.key == key), self.in_set(key)) else {
            return Ok(None);
        };
        let earlier = Condition::any()
            .add(image::Column::Position.lt(found.position))
            .add(
                Condition::all()
                    .add(image::Column::Position.eq(found.position))
                    .add(image::Column::CreatedAt.lt(found.created_at)),
            )
            .add(
                Condition::all()
                    .add(image::Column::Position.eq(found.position))
                    .add(image::Column::CreatedAt.eq(found.created_at))
                    .add(image::Column::Id.lt(found.id)),
            );
        let before = query.filter(earlier).count(&ctx.db).await?;
        Ok(Some(tab.start + before as u32))
    }

    fn in_set(&self, key: SetKey) -> Option<Select<image::Entity>> {
        let query = visible(&self.listing, self.admitted, self.gallery)?;
        Some(match key {
            SetKey::Set(set) => query.filter(image::Column::SetId.eq(set.0)),
            SetKey::Unassigned => query.filter(image::Column::SetId.is_null()),
        })
    }
}

/// The live images of `gallery` the listing admits, as a query (`None`: none at all).
fn visible(listing: &Listing, admitted: &Admission, gallery: Uuid) -> Option<Select<image::Entity>> {
    // Client pages list live images only, whoever asks (the owner restores deleted ones in the
    // editor), which is within every listing.
    let mut query = image::Entity::find()
        .filter(image::Column::GalleryId.eq(gallery))
        .filter(image::Column::Status.eq(ImageStatus::Ready.as_str()))
        .filter(image::Column::DeletedAt.is_null());
    query = match &listing.reach {
        Reach::Nothing => return None,
        Reach::Gallery => query,
        Reach::Sets(sets) => query.filter(image::Column::SetId.is_in(sets.iter().map(|s| s.0))),
        // Delivery sets have no images yet: a package link lists nothing.
        Reach::Delivery => return None,
    };
    if listing.watermarked_only {
        query = query.filter(image::Column::WatermarkVersion.is_not_null());
    }
    if listing.bought_only {
        match admitted.purchases.images_bought() {
            Some(bought) => query = query.filter(bought),
            None => return None,
        }
    }
    Some(query)
}

/// The gallery's order within a set (the editor's pages use it too).
pub(super) fn in_order(query: Select<image::Entity>) -> Select<image::Entity> {
    query.order_by_asc(image::Column::Position).order_by_asc(image::Column::CreatedAt).order_by_asc(image::Column::Id)
}
