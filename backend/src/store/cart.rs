//! A visitor's cart in one gallery: lines of (image or whole gallery) × licence product, kept in
//! the database under an id only their session knows, so it survives reloads and nobody else can
//! read or change it. Prices are never stored in the cart: every view and the checkout read them
//! from the gallery's price sheet, and the total is computed here only. Lines that can no longer
//! be bought (a photo deleted or out of the visitor's reach, a licence no longer on the sheet,
//! store mode off) are dropped, and the visitor is told how many.

use super::price_sheets::{self, currency_of, product_view};
use crate::ctx::Ctx;
use crate::entities::{cart_line, gallery, image, price_product, price_sheet};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::images::card_of;
use crate::visitor::access::{self, Admission, Viewer};
use crate::visitor::image_facts::GalleryImageFacts;
use crate::visitor::lookup::gallery_by_slug;
use chrono::{DateTime, Utc};
use domain::ids::{CartLineId, ImageId, ProductId};
use domain::policy::{Action, DownloadSize, ImageFacts};
use domain::store::views::{CartLineView, CartView};
use domain::store::{Currency, ProductKind, format_price};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use tower_sessions::Session;
use uuid::Uuid;

/// The most lines one cart holds.
pub const MAX_LINES: usize = 500;

/// A line that can still be bought, with what it would cost now.
#[derive(Debug, Clone)]
pub struct Priced {
    pub line: cart_line::Model,
    pub image: Option<image::Model>,
    pub product: price_product::Model,
}

/// A gallery's shop as the visitor's cart needs it.
pub struct Shop {
    pub gallery: gallery::Model,
    pub admitted: Admission,
    pub sheet: price_sheet::Model,
    pub currency: Currency,
    pub products: Vec<price_product::Model>,
}

impl Shop {
    /// What the policy knows of `image` when this visitor would buy it: its rows, and the
    /// licences the visitor already bought for it.
    pub fn image_facts(&self, image: &image::Model) -> ImageFacts {
        ImageFacts { bought: self.admitted.purchases.of(image.id), ..GalleryImageFacts::rows_only().of(image) }
    }

    /// Buying the whole-gallery licence for `size` (`None`: any).
    pub fn buy_gallery(&self, size: Option<DownloadSize>) -> Action {
        Action::BuyGallery { size, bought: self.admitted.purchases.whole_gallery() }
    }
}

/// The size a licence grants (`None` for a size this version no longer knows: asked as "any").
fn licence_size(product: &price_product::Model) -> Option<DownloadSize> {
    DownloadSize::from_token(&product.size)
}

/// The shop of the gallery at `slug`, if it sells to this viewer.
pub async fn shop(ctx: &Ctx, viewer: &Viewer, slug: &str, now: DateTime<Utc>) -> ServiceResult<Shop> {
    let (g, admitted) = gallery_by_slug(ctx, viewer, slug, now).await?;
    admitted.check(Action::ViewGallery)?;
    let sheet = match g.price_sheet_id.filter(|_| g.store_mode) {
        // Only a sheet of the gallery's own studio sells here, whatever the row says.
        Some(id) => {
            price_sheet::Entity::find_by_id(id)
                .filter(price_sheet::Column::StudioId.eq(g.studio_id))
                .one(&ctx.db)
                .await?
        }
        None => None,
    };
    let Some(sheet) = sheet else {
        return Err(ServiceError::Forbidden("This gallery does not sell photos.".to_owned()));
    };
    let currency = currency_of(&sheet)?;
    let products = price_sheets::products_of(ctx, sheet.id).await?;
    Ok(Shop { gallery: g, admitted, sheet, currency, products })
}

/// Adds a licence for an image (or, for a whole-gallery product, for every image) to the
/// visitor's cart and answers how many lines it holds. Adding a line already there changes
/// nothing.
pub async fn add(
    ctx: &Ctx,
    session: &Session,
    viewer: &Viewer,
    slug: &str,
    image_id: Option<ImageId>,
    product_id: ProductId,
    now: DateTime<Utc>,
) -> ServiceResult<u32> {
    let shop = shop(ctx, viewer, slug, now).await?;
    let Some(product) = shop.products.iter().find(|p| p.id == product_id.0) else {
        return Err(ServiceError::Unprocessable(
            "This licence is not sold in this gallery. Reload the page to see what is.".to_owned(),
        ));
    };
    let size = licence_size(product);
    let image_id = match (ProductKind::parse(&product.kind), image_id) {
        (ProductKind::Image, Some(id)) => Some(buyable_image(ctx, &shop, id, size).await?.id),
        (ProductKind::Image, None) => {
            return Err(ServiceError::Unprocessable("Choose the photo this licence is for.".to_owned()));
        }
        (ProductKind::Gallery, _) => {
            shop.admitted.check(shop.buy_gallery(size))?;
            None
        }
    };
    let cart = match shop.admitted.visit.cart {
        Some(cart) => cart,
        None => {
            let cart = Uuid::new_v4();
            access::update_visit(session, shop.gallery.id, |visit| visit.cart = Some(cart)).await?;
            cart
        }
    };
    let lines = lines_of(ctx, cart, shop.gallery.id).await?;
    if lines.iter().any(|l| l.image_id == image_id && l.product_id == product.id) {
        return Ok(lines.len() as u32);
    }
    // A whole-gallery licence covers every photo in its size: a photo's licence in that size
    // beside it would be paid for twice.
    if image_id.is_some() && covered_by_gallery_line(&shop, &lines).contains(&product.size.as_str()) {
        let size = size.map(DownloadSize::label).unwrap_or_default();
        return Err(ServiceError::Conflict(format!(
            "Your cart holds the whole-gallery licence in {size}, which covers this photo already."
        )));
    }
    if lines.len() >= MAX_LINES {
        return Err(ServiceError::Conflict(format!(
            "A cart holds at most {MAX_LINES} licences. Check out these first, then buy the rest."
        )));
    }
    let inserted = cart_line::Entity::insert(cart_line::ActiveModel {
        id: Set(Uuid::now_v7()),
        cart_id: Set(cart),
        gallery_id: Set(shop.gallery.id),
        image_id: Set(image_id),
        product_id: Set(product.id),
        added_at: Set(now),
    })
    .exec_without_returning(&ctx.db)
    .await;
    match inserted {
        Ok(_) => {}
        // The same add at the same moment (a double tap) put the line in first: the unique index
        // keeps it once, and this add changes nothing, as when it was there already.
        Err(e) if crate::error::is_unique_violation(&e) => {}
        Err(e) => return Err(e.into()),
    }
    // The whole-gallery licence now covers the photos' licences of its size already in the cart.
    if image_id.is_none() {
        let covered: Vec<Uuid> = lines
            .iter()
            .filter(|l| l.image_id.is_some() && product_size(&shop, l.product_id) == Some(product.size.as_str()))
            .map(|l| l.id)
            .collect();
        if !covered.is_empty() {
            cart_line::Entity::delete_many().filter(cart_line::Column::Id.is_in(covered)).exec(&ctx.db).await?;
        }
    }
    Ok(lines_of(ctx, cart, shop.gallery.id).await?.len() as u32)
}

/// The size of the shop's licence `product` (`None`: not sold here).
fn product_size(shop: &Shop, product: Uuid) -> Option<&str> {
    shop.products.iter().find(|p| p.id == product).map(|p| p.size.as_str())
}

/// The sizes of the whole-gallery licences among `lines`.
fn covered_by_gallery_line<'a>(shop: &'a Shop, lines: &[cart_line::Model]) -> Vec<&'a str> {
    lines.iter().filter(|l| l.image_id.is_none()).filter_map(|l| product_size(shop, l.product_id)).collect()
}

/// An image of the shop's gallery the visitor may buy (the licence for `size`, if named): in
/// their reach, finished, live, that licence not bought yet.
async fn buyable_image(ctx: &Ctx, shop: &Shop, id: ImageId, size: Option<DownloadSize>) -> ServiceResult<image::Model> {
    let found = image::Entity::find_by_id(id.0)
        .one(&ctx.db)
        .await?
        .filter(|i| i.gallery_id == shop.gallery.id)
        .ok_or(ServiceError::NotFound)?;
    let facts = shop.image_facts(&found);
    shop.admitted.check(Action::ViewRendition { image: facts }).map_err(|_| ServiceError::NotFound)?;
    shop.admitted.check(Action::Buy { image: facts, size })?;
    Ok(found)
}

/// Takes a line out of the visitor's cart (a line of another cart is not found).
pub async fn remove(
    ctx: &Ctx,
    viewer: &Viewer,
    slug: &str,
    line: CartLineId,
    now: DateTime<Utc>,
) -> ServiceResult<CartView> {
    let shop = shop(ctx, viewer, slug, now).await?;
    let cart = shop.admitted.visit.cart.ok_or(ServiceError::NotFound)?;
    let removed = cart_line::Entity::delete_many()
        .filter(cart_line::Column::Id.eq(line.0))
        .filter(cart_line::Column::CartId.eq(cart))
        .exec(&ctx.db)
        .await?;
    if removed.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    view_of(ctx, &shop).await
}

/// The visitor's cart.
pub async fn view(ctx: &Ctx, viewer: &Viewer, slug: &str, now: DateTime<Utc>) -> ServiceResult<CartView> {
    let shop = shop(ctx, viewer, slug, now).await?;
    view_of(ctx, &shop).await
}

async fn view_of(ctx: &Ctx, shop: &Shop) -> ServiceResult<CartView> {
    let (priced, dropped) = priced_lines(ctx, shop).await?;
    let total: i64 = priced.iter().map(|p| p.product.price_minor).sum();
    let lines = priced
        .iter()
        .map(|p| CartLineView {
            id: CartLineId(p.line.id),
            image: p.image.as_ref().map(|i| domain::card::ImageCard {
                watermark: Some(crate::visitor::image_facts::marked_version(i)),
                ..card_of(i)
            }),
            product: product_view(&p.product, shop.currency),
        })
        .collect();
    let methods = super::payments::Provider::offered(ctx);
    let covers = match priced.iter().any(|p| p.image.is_none()) {
        true => crate::gallery::pages::visible_count(ctx, &shop.admitted, shop.gallery.id).await?,
        false => 0,
    };
    Ok(CartView {
        lines,
        total: format_price(total, shop.currency),
        dropped,
        methods,
        buyer_name: shop.admitted.visit.name.clone().unwrap_or_default(),
        buyer_email: shop.admitted.visit.email.clone().unwrap_or_default(),
        seen: fingerprint(&priced, covers),
    })
}

/// The lines as priced now — which licence of which photo, at what price, name, size, kind and
/// terms — and how many photos a whole-gallery licence would cover (`covers`), as 16 hex digits:
/// equal exactly when the buyer is shown the same cart.
pub fn fingerprint(priced: &[Priced], covers: usize) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(covers.to_le_bytes());
    for p in priced {
        for part in [
            p.line.id.to_string(),
            p.product.id.to_string(),
            p.product.price_minor.to_string(),
            p.product.size.clone(),
            p.product.name.clone(),
            p.product.kind.clone(),
            p.product.description.clone(),
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
    }
    hex::encode(&hash.finalize()[..8])
}

/// How many lines the visitor's cart holds (for the badge).
pub async fn count(ctx: &Ctx, shop: &Shop) -> ServiceResult<u32> {
    match shop.admitted.visit.cart {
        Some(cart) => Ok(lines_of(ctx, cart, shop.gallery.id).await?.len() as u32),
        None => Ok(0),
    }
}

async fn lines_of(ctx: &Ctx, cart: Uuid, gallery: Uuid) -> ServiceResult<Vec<cart_line::Model>> {
    Ok(cart_line::Entity::find()
        .filter(cart_line::Column::CartId.eq(cart))
        .filter(cart_line::Column::GalleryId.eq(gallery))
        .order_by_asc(cart_line::Column::AddedAt)
        .order_by_asc(cart_line::Column::Id)
        .all(&ctx.db)
        .await?)
}

/// The cart's lines that can still be bought, priced from the sheet now; the others are removed
/// and counted.
pub async fn priced_lines(ctx: &Ctx, shop: &Shop) -> ServiceResult<(Vec<Priced>, u32)> {
    let Some(cart) = shop.admitted.visit.cart else { return Ok((Vec::new(), 0)) };
    let lines = lines_of(ctx, cart, shop.gallery.id).await?;
    let ids: Vec<Uuid> = lines.iter().filter_map(|l| l.image_id).collect();
    let images: HashMap<Uuid, image::Model> = image::Entity::find()
        .filter(image::Column::Id.is_in(ids))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut priced = Vec::with_capacity(lines.len());
    let mut gone = Vec::new();
    // A photo's licence in a size a whole-gallery line covers (added beside it at the same
    // moment) would be paid for twice: it leaves.
    let covered = covered_by_gallery_line(shop, &lines);
    for line in lines {
        if line.image_id.is_some() && product_size(shop, line.product_id).is_some_and(|size| covered.contains(&size)) {
            gone.push(line.id);
            continue;
        }
        let product = shop.products.iter().find(|p| p.id == line.product_id).cloned();
        let image = line.image_id.and_then(|id| images.get(&id).cloned());
        let still = match (&product, line.image_id, &image) {
            // A licence bought since it was added (in another order) leaves too.
            (Some(p), Some(_), Some(i)) if ProductKind::parse(&p.kind) == ProductKind::Image => {
                let facts = shop.image_facts(i);
                i.gallery_id == shop.gallery.id
                    && shop.admitted.check(Action::ViewRendition { image: facts }).is_ok()
                    && shop.admitted.check(Action::Buy { image: facts, size: licence_size(p) }).is_ok()
            }
            (Some(p), None, _) => {
                ProductKind::parse(&p.kind) == ProductKind::Gallery
                    && shop.admitted.check(shop.buy_gallery(licence_size(p))).is_ok()
            }
            _ => false,
        };
        match (still, product) {
            (true, Some(product)) => priced.push(Priced { line, image, product }),
            _ => gone.push(line.id),
        }
    }
    if !gone.is_empty() {
        cart_line::Entity::delete_many()
            .filter(cart_line::Column::Id.is_in(gone.iter().copied()))
            .exec(&ctx.db)
            .await?;
    }
    Ok((priced, gone.len() as u32))
}
