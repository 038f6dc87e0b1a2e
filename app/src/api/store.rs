//! Store mode's server functions: the studio's price sheets and watermark, a gallery's shop
//! settings and orders (photographer), and the shop, cart, checkout and order page (buyers).

use crate::error::AppError;
use domain::ids::{CartLineId, GalleryId, ImageId, OrderId, PriceSheetId, ProductId};
use domain::store::views::{
    CartView, CheckoutForm, GalleryStoreView, OrderSummary, OrderView, PriceSheetsPage, ShopView, WatermarkView,
};
use domain::store::{OrderChange, OrderStatus, ProductForm, SheetForm, WatermarkSettings};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The studio's price sheets.
#[server(endpoint = "store/sheets")]
pub async fn price_sheets() -> Result<PriceSheetsPage, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::price_sheets::page(&ctx, studio).await?)
}

/// Makes a price sheet.
#[server(endpoint = "store/sheets/create", input = Json)]
pub async fn create_price_sheet(form: SheetForm) -> Result<PriceSheetId, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::price_sheets::create(&ctx, studio, form).await?)
}

/// Renames a price sheet (or changes its currency while it has no licences).
#[server(endpoint = "store/sheets/update", input = Json)]
pub async fn update_price_sheet(id: PriceSheetId, form: SheetForm) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::price_sheets::update(&ctx, studio, id, form).await?)
}

/// Deletes a price sheet no gallery sells from.
#[server(endpoint = "store/sheets/delete", input = Json)]
pub async fn delete_price_sheet(id: PriceSheetId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::price_sheets::delete(&ctx, studio, id).await?)
}

/// Adds a licence to a sheet.
#[server(endpoint = "store/products/add", input = Json)]
pub async fn add_product(sheet: PriceSheetId, form: ProductForm) -> Result<ProductId, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::price_sheets::add_product(&ctx, studio, sheet, form).await?)
}

/// Changes a licence.
#[server(endpoint = "store/products/update", input = Json)]
pub async fn update_product(id: ProductId, form: ProductForm) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::price_sheets::update_product(&ctx, studio, id, form).await?)
}

/// Removes a licence.
#[server(endpoint = "store/products/delete", input = Json)]
pub async fn delete_product(id: ProductId) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::price_sheets::delete_product(&ctx, studio, id).await?)
}

/// The studio's watermark.
#[server(endpoint = "store/watermark")]
pub async fn watermark() -> Result<WatermarkView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::watermark::view(&ctx, studio).await?)
}

/// Saves the studio's watermark (every watermarking gallery is burned again).
#[server(endpoint = "store/watermark/save", input = Json)]
pub async fn save_watermark(settings: WatermarkSettings) -> Result<WatermarkView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    backend::store::watermark::save(&ctx, studio, settings).await?;
    Ok(backend::store::watermark::view(&ctx, studio).await?)
}

/// A gallery's Store tab.
#[server(endpoint = "store/gallery", input = Json)]
pub async fn gallery_store(id: GalleryId) -> Result<GalleryStoreView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::gallery_shop::view(&ctx, studio, id).await?)
}

/// Turns store mode on (selling from `sheet`) or off.
#[server(endpoint = "store/gallery/mode", input = Json)]
pub async fn set_store_mode(
    id: GalleryId,
    on: bool,
    sheet: Option<PriceSheetId>,
) -> Result<GalleryStoreView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    backend::store::gallery_shop::set_store_mode(&ctx, studio, id, on, sheet).await?;
    Ok(backend::store::gallery_shop::view(&ctx, studio, id).await?)
}

/// Watermarks the gallery's previews even outside store mode, or stops (nothing else of its
/// settings changes).
#[server(endpoint = "store/gallery/watermark_previews", input = Json)]
pub async fn set_watermark_previews(id: GalleryId, on: bool) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::gallery::settings::set_watermark_previews(&ctx, studio, id, on).await?)
}

/// The gallery's orders, optionally of one status.
#[server(endpoint = "store/orders", input = Json)]
pub async fn gallery_orders(id: GalleryId, status: Option<OrderStatus>) -> Result<Vec<OrderSummary>, AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::orders_tab::list(&ctx, studio, id, status).await?)
}

/// Marks an order paid, cancels or refunds it.
#[server(endpoint = "store/orders/change", input = Json)]
pub async fn change_order(id: GalleryId, order: OrderId, change: OrderChange) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let studio = super::support::studio(&session).await?;
    Ok(backend::store::order_changes::change(&ctx, studio, id, order, change, chrono::Utc::now()).await?)
}

/// The shop on a gallery page: licences, bundles, the cart's count, this session's orders.
#[server(endpoint = "store/shop", input = Json)]
pub async fn shop(slug: String) -> Result<ShopView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::store::orders::shop_view(&ctx, &viewer, &slug, chrono::Utc::now()).await?)
}

/// Adds a licence for a photo (or a whole-gallery licence) to the cart; answers the cart's count.
#[server(endpoint = "store/cart/add", input = Json)]
pub async fn add_to_cart(slug: String, image: Option<ImageId>, product: ProductId) -> Result<u32, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::store::cart::add(&ctx, &session, &viewer, &slug, image, product, chrono::Utc::now()).await?)
}

/// The cart.
#[server(endpoint = "store/cart", input = Json)]
pub async fn cart(slug: String) -> Result<CartView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::store::cart::view(&ctx, &viewer, &slug, chrono::Utc::now()).await?)
}

/// Takes a line out of the cart.
#[server(endpoint = "store/cart/remove", input = Json)]
pub async fn remove_from_cart(slug: String, line: CartLineId) -> Result<CartView, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::store::cart::remove(&ctx, &viewer, &slug, line, chrono::Utc::now()).await?)
}

/// Places the order; answers where to go next (the card payment page, or the order page).
#[server(endpoint = "store/checkout", input = Json)]
pub async fn checkout(slug: String, form: CheckoutForm) -> Result<String, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    let placed = backend::store::orders::checkout(&ctx, &session, &viewer, &slug, form, chrono::Utc::now()).await?;
    Ok(placed.pay_url.unwrap_or(placed.order_path))
}

/// The order page behind an order link.
#[server(endpoint = "store/order", input = Json)]
pub async fn order_page(token: String) -> Result<OrderView, AppError> {
    let (ctx, _session) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    Ok(backend::store::orders::page(&ctx, &token, client, chrono::Utc::now()).await?)
}

/// Starts (again) the card payment of an order; answers Stripe's page.
#[server(endpoint = "store/order/pay", input = Json)]
pub async fn pay_order(token: String) -> Result<String, AppError> {
    let (ctx, _session) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    Ok(backend::store::orders::pay_by_card(&ctx, &token, client, chrono::Utc::now()).await?)
}
