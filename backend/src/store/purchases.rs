//! What a buyer bought, as the policy reads it (`ImageFacts::bought`): the licence sizes of the
//! paid lines of their orders in one gallery. A whole-gallery licence covers the photos its buyer
//! could see when the order was placed (`order_images`), not those added since. An order that is
//! cancelled or refunded grants nothing from that moment, because this is read from the orders
//! on every request, never kept.

use crate::ctx::Ctx;
use crate::entities::{order, order_image, order_line};
use crate::error::ServiceResult;
use domain::ids::ImageId;
use domain::policy::{Bought, DownloadSize};
use domain::store::OrderStatus;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// Licences bought in one gallery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purchases {
    per_image: HashMap<Uuid, Bought>,
    /// What whole-gallery licences grant, photo by photo (each covers its own order's photos).
    covered: HashMap<Uuid, Bought>,
    whole_gallery: Bought,
}

impl Purchases {
    /// The paid lines of `orders` (ids from one visitor's session) that belong to `gallery`.
    pub async fn of_orders(ctx: &Ctx, gallery: Uuid, orders: &[Uuid]) -> ServiceResult<Self> {
        if orders.is_empty() {
            return Ok(Self::default());
        }
        let granting: Vec<&str> =
            OrderStatus::ALL.into_iter().filter(|s| s.grants()).map(OrderStatus::as_str).collect();
        let paid: Vec<Uuid> = order::Entity::find()
            .filter(order::Column::Id.is_in(orders.iter().copied()))
            .filter(order::Column::GalleryId.eq(gallery))
            .filter(order::Column::Status.is_in(granting))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect();
        Self::of_paid(ctx, &paid).await
    }

    /// The lines of orders already known to be paid.
    pub async fn of_paid(ctx: &Ctx, paid: &[Uuid]) -> ServiceResult<Self> {
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
        if !whole_of_order.is_empty() {
            let covers = order_image::Entity::find()
                .filter(order_image::Column::OrderId.is_in(whole_of_order.keys().copied()))
                .all(&ctx.db)
                .await?;
            for cover in covers {
                let granted = whole_of_order[&cover.order_id];
                let bought = purchases.covered.entry(cover.image_id).or_default();
                *bought = granted.sizes().fold(*bought, Bought::with);
            }
            purchases.whole_gallery =
                whole_of_order.values().flat_map(|b| b.sizes()).fold(Bought::default(), Bought::with);
        }
        Ok(purchases)
    }

    /// What was bought for `image`, by name or by a whole-gallery licence that covers it.
    pub fn of(&self, image: Uuid) -> Bought {
        self.covered_of(image).sizes().fold(self.of_own(image), Bought::with)
    }

    /// What whole-gallery licences grant for `image`.
    pub fn covered_of(&self, image: Uuid) -> Bought {
        self.covered.get(&image).copied().unwrap_or_default()
    }

    /// What was bought for `image` by name, leaving out whole-gallery licences (which cover the
    /// gallery's photos as they are: not one deleted from it).
    pub fn of_own(&self, image: Uuid) -> Bought {
        self.per_image.get(&image).copied().unwrap_or_default()
    }

    /// The whole-gallery licences bought (each covering the photos of its own order).
    pub fn whole_gallery(&self) -> Bought {
        self.whole_gallery
    }

    /// What was bought photo by photo (whole-gallery licences aside), for each photo with anything.
    pub fn per_photo(&self) -> Vec<(ImageId, Bought)> {
        self.per_image.iter().filter(|(_, bought)| bought.any()).map(|(id, bought)| (ImageId(*id), *bought)).collect()
    }

    /// The images something was bought for, by name or by a whole-gallery licence.
    pub fn image_ids(&self) -> Vec<Uuid> {
        let named = self.per_image.iter().filter(|(_, bought)| bought.any()).map(|(id, _)| *id);
        let covered = self.covered.keys().copied().filter(|id| !self.per_image.contains_key(id));
        named.chain(covered).collect()
    }
}
