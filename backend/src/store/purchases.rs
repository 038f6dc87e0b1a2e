//! What a buyer bought, as the policy reads it (`ImageFacts::bought`): the licence sizes of the
//! paid lines of their orders in one gallery. A whole-gallery licence covers every image. An
//! order that is cancelled or refunded grants nothing from that moment, because this is read
//! from the orders on every request, never kept.

use crate::ctx::Ctx;
use crate::entities::{order, order_line};
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
        for line in lines {
            let Some(size) = DownloadSize::from_token(&line.size) else { continue };
            match line.image_id {
                Some(image) => {
                    let bought = purchases.per_image.entry(image).or_default();
                    *bought = bought.with(size);
                }
                None => purchases.whole_gallery = purchases.whole_gallery.with(size),
            }
        }
        Ok(purchases)
    }

    /// What was bought for `image`.
    pub fn of(&self, image: Uuid) -> Bought {
        self.whole_gallery.sizes().fold(self.of_own(image), Bought::with)
    }

    /// What was bought for `image` by name, leaving out whole-gallery licences (which cover the
    /// gallery's photos as they are: not one deleted from it).
    pub fn of_own(&self, image: Uuid) -> Bought {
        self.per_image.get(&image).copied().unwrap_or_default()
    }

    /// The whole-gallery licences bought.
    pub fn whole_gallery(&self) -> Bought {
        self.whole_gallery
    }

    /// What was bought photo by photo (whole-gallery licences aside), for each photo with anything.
    pub fn per_photo(&self) -> Vec<(ImageId, Bought)> {
        self.per_image.iter().filter(|(_, bought)| bought.any()).map(|(id, bought)| (ImageId(*id), *bought)).collect()
    }

    /// The images something was bought for; `None` when a whole-gallery licence covers every one.
    pub fn image_ids(&self) -> Option<Vec<Uuid>> {
        if self.whole_gallery.any() {
            return None;
        }
        Some(self.per_image.iter().filter(|(_, bought)| bought.any()).map(|(id, _)| *id).collect())
    }
}
