//! What a buyer bought, as the policy reads it (`ImageFacts::bought`): the licence sizes of the
//! paid lines of their orders in one gallery. A whole-gallery licence covers the photos its buyer
//! could see when the order was placed (`order_images`), not those added since. An order that is
//! cancelled or refunded grants nothing from that moment, because this is read from the orders
//! on every request, never kept.

use crate::ctx::Ctx;
use crate::entities::{image, order, order_image, order_line};
use crate::error::ServiceResult;
use domain::ids::ImageId;
use domain::policy::{Bought, DownloadSize};
use domain::store::OrderStatus;
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Licences bought in one gallery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purchases {
    per_image: HashMap<Uuid, Bought>,
    /// Each paid order's whole-gallery licences.
    whole: Vec<WholeGallery>,
}

/// The whole-gallery licences of one order, and the gallery's photos they leave out: those not
/// there, or not seen by the buyer, when it was placed. Those are few (photos added since), where
/// the photos it covers may be thousands, so they are what is read on each request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct WholeGallery {
    sizes: Bought,
    leaves_out: HashSet<Uuid>,
}

impl Purchases {
    /// The paid lines of `orders` (ids from one visitor's session) that belong to `gallery`.
    pub async fn of_orders(ctx: &Ctx, gallery: Uuid, orders: &[Uuid]) -> ServiceResult<Self> {
        if orders.is_empty() {
            return Ok(Self::default());
        }
        let paid: Vec<Uuid> = order::Entity::find()
            .filter(order::Column::Id.is_in(orders.iter().copied()))
            .filter(order::Column::GalleryId.eq(gallery))
            .filter(order::Column::Status.is_in(OrderStatus::granting()))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect();
        Self::of_paid(ctx, gallery, &paid).await
    }

    /// The lines of orders of `gallery` already known to be paid.
    pub async fn of_paid(ctx: &Ctx, gallery: Uuid, paid: &[Uuid]) -> ServiceResult<Self> {
        if paid.is_empty() {
            return Ok(Self::default());
        }
        let lines = order_line::Entity::find()
            .filter(order_line::Column::OrderId.is_in(paid.iter().copied()))
            .all(&ctx.db)
            .await?;
        let mut purchases = Self::default();
        let mut whole_of_order: HashMap<Uuid, Bought> = HashMap::new();
        for line in lines {
            let Some(size) = DownloadSize::from_token(&line.size) else { continue };
            let bought = match line.image_id {
                Some(image) => purchases.per_image.entry(image).or_default(),
                None => whole_of_order.entry(line.order_id).or_default(),
            };
            *bought = bought.with(size);
        }
        for (order_id, sizes) in whole_of_order {
            let leaves_out = left_out_by(ctx, gallery, order_id).await?;
            purchases.whole.push(WholeGallery { sizes, leaves_out });
        }
        Ok(purchases)
    }

    /// What was bought for `image`, by name or by a whole-gallery licence that covers it.
    pub fn of(&self, image: Uuid) -> Bought {
        self.covered_of(image).sizes().fold(self.of_own(image), Bought::with)
    }

    /// What whole-gallery licences grant for `image`.
    pub fn covered_of(&self, image: Uuid) -> Bought {
        self.whole
            .iter()
            .filter(|w| !w.leaves_out.contains(&image))
            .flat_map(|w| w.sizes.sizes())
            .fold(Bought::default(), Bought::with)
    }

    /// What was bought for `image` by name, leaving out whole-gallery licences.
    fn of_own(&self, image: Uuid) -> Bought {
        self.per_image.get(&image).copied().unwrap_or_default()
    }

    /// The whole-gallery licences bought (each covering the photos of its own order).
    pub fn whole_gallery(&self) -> Bought {
        self.whole.iter().flat_map(|w| w.sizes.sizes()).fold(Bought::default(), Bought::with)
    }

    /// The photos some whole-gallery licence leaves out (the only ones it may not cover).
    pub fn left_out(&self) -> HashSet<Uuid> {
        self.whole.iter().flat_map(|w| w.leaves_out.iter().copied()).collect()
    }

    /// What was bought photo by photo (whole-gallery licences aside), for each photo with anything.
    pub fn per_photo(&self) -> Vec<(ImageId, Bought)> {
        self.per_image.iter().filter(|(_, bought)| bought.any()).map(|(id, bought)| (ImageId(*id), *bought)).collect()
    }

    /// The images something was bought for, as a condition on the image rows (`None`: none).
    pub fn images_bought(&self) -> Option<Condition> {
        let named: Vec<Uuid> = self.per_image.iter().filter(|(_, bought)| bought.any()).map(|(id, _)| *id).collect();
        if named.is_empty() && self.whole.is_empty() {
            return None;
        }
        let mut any = Condition::any().add(image::Column::Id.is_in(named));
        for whole in &self.whole {
            any = any.add(image::Column::Id.is_not_in(whole.leaves_out.iter().copied()));
        }
        Some(any)
    }
}

/// The photos of `gallery` the whole-gallery licences of `order` leave out: every one not among
/// those it covers (`order_images`), read by the database's anti-join.
async fn left_out_by(ctx: &Ctx, gallery: Uuid, order: Uuid) -> ServiceResult<HashSet<Uuid>> {
    let covered = Query::select()
        .column(order_image::Column::ImageId)
        .from(order_image::Entity)
        .and_where(order_image::Column::OrderId.eq(order))
        .to_owned();
    let left: Vec<Uuid> = image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(image::Column::GalleryId.eq(gallery))
        .filter(image::Column::Id.not_in_subquery(covered))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(left.into_iter().collect())
}
