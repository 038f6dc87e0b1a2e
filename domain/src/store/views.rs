//! What the shop's pages show: price sheets for the photographer, licences and the cart for
//! buyers, orders for both. Prices arrive formatted by the server; the browser computes nothing
//! that is paid.

use super::orders::{OrderChange, OrderStatus};
use super::products::ProductKind;
use super::watermark::WatermarkSettings;
use crate::card::ImageCard;
use crate::ids::{CartLineId, GalleryId, ImageId, OrderId, OrderLineId, PriceSheetId, ProductId};
use crate::policy::DownloadSize;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A licence product as shown (to the photographer editing it, and to buyers choosing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductView {
    pub id: ProductId,
    pub kind: ProductKind,
    pub name: String,
    pub description: String,
    /// `€25.00`.
    pub price: String,
    /// As typed back into the editor (`25.00`).
    pub price_input: String,
    pub size: DownloadSize,
}

/// A price sheet with its products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceSheetView {
    pub id: PriceSheetId,
    pub name: String,
    /// ISO 4217 code.
    pub currency: String,
    pub products: Vec<ProductView>,
    /// Titles of the galleries selling from it.
    pub galleries: Vec<String>,
}

/// Everything the studio's price sheets page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceSheetsPage {
    pub sheets: Vec<PriceSheetView>,
    /// `(code, name)` of every currency a sheet may use.
    pub currencies: Vec<(String, String)>,
}

/// A gallery's shop settings, as the editor's Store tab shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GalleryStoreView {
    pub gallery: GalleryId,
    pub store_mode: bool,
    pub price_sheet: Option<PriceSheetId>,
    /// `(id, "name · currency")` of the studio's sheets.
    pub sheets: Vec<(PriceSheetId, String)>,
    /// Watermark the previews even outside store mode.
    pub watermark_previews: bool,
    /// Card payments are configured on this server.
    pub card_payments: bool,
}

/// The studio's watermark, as studio settings edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatermarkView {
    pub settings: WatermarkSettings,
    /// The studio has a logo to use as the mark.
    pub has_logo: bool,
    /// A sample photo with the mark burned in (reloaded after each save).
    pub preview_url: String,
}

/// The shop as a buyer sees it on the gallery page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopView {
    /// Single-image licences, cheapest first.
    pub licences: Vec<ProductView>,
    /// Whole-gallery bundles (offered only to links that see the whole gallery).
    pub bundles: Vec<ProductView>,
    /// Lines in this visitor's cart.
    pub cart_count: u32,
    /// This visitor's orders in this gallery, newest first.
    pub orders: Vec<OrderLink>,
}

/// An order a visitor placed, as a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLink {
    pub number: String,
    pub status: OrderStatus,
    pub path: String,
}

/// One line of the cart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartLineView {
    pub id: CartLineId,
    /// `None` for a whole-gallery bundle.
    pub image: Option<ImageCard>,
    pub product: ProductView,
}

/// The cart, with the total the server computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    /// `€75.00`.
    pub total: String,
    /// Lines taken out since the visitor added them (a photo removed, a licence no longer sold).
    pub dropped: u32,
    /// How the buyer may pay, in offer order.
    pub methods: Vec<PaymentMethod>,
    /// The name and email given before, to prefill checkout.
    pub buyer_name: String,
    pub buyer_email: String,
    /// What the cart holds at these prices and sizes, as a short fingerprint: sent back at
    /// checkout, so an order is never placed for lines the buyer did not see.
    pub seen: String,
}

/// A way to pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentMethod {
    /// Card, through Stripe Checkout (when configured).
    Card,
    /// By invoice or in person: the photographer marks the order paid.
    Invoice,
}

impl PaymentMethod {
    /// The stored provider name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Card => "stripe",
            Self::Invoice => "invoice",
        }
    }

    /// Reads the stored provider name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Card, Self::Invoice].into_iter().find(|m| m.as_str() == s)
    }

    /// For buyers.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Card => "Pay by card now",
            Self::Invoice => "Pay by invoice or in person",
        }
    }
}

/// What checkout asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutForm {
    pub name: String,
    pub email: String,
    pub method: PaymentMethod,
    /// `CartView::seen` of the cart the buyer looked at (checked when given).
    #[serde(default)]
    pub seen: Option<String>,
}

/// One bought line, as the order page and the Orders tab show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub id: OrderLineId,
    pub image: Option<ImageId>,
    /// The photo's file name, or "All photos" for a bundle.
    pub item: String,
    pub licence: String,
    pub description: String,
    pub size: DownloadSize,
    pub price: String,
    /// A small clean preview (on the order page only).
    pub thumb_url: Option<String>,
    /// The file, once paid (on the order page only).
    pub download_url: Option<String>,
    /// Its file waits in long-term storage (no `download_url` until restored).
    pub in_archive: bool,
}

/// The order page (reached by its emailed link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub number: String,
    pub status: OrderStatus,
    pub placed_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub buyer_name: String,
    pub buyer_email: String,
    pub gallery_title: String,
    pub studio_name: String,
    pub studio_contact: Option<String>,
    pub method: PaymentMethod,
    pub lines: Vec<OrderLineView>,
    pub total: String,
    /// Every bought file in one ZIP, once paid.
    pub zip_url: Option<String>,
    /// Some bought files wait in long-term storage: the ZIP is asked for (a restore, emailed when
    /// ready) instead.
    pub restore: bool,
    /// Card payment can be (re)started from the page.
    pub can_pay_by_card: bool,
}

/// An order in the photographer's Orders tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub number: String,
    pub status: OrderStatus,
    pub placed_at: DateTime<Utc>,
    pub buyer_name: String,
    pub buyer_email: String,
    pub method: PaymentMethod,
    pub total: String,
    pub lines: Vec<OrderLineView>,
    /// What the photographer may do to it now.
    pub changes: Vec<OrderChange>,
    /// How its money goes back if it is refunded.
    pub refund: RefundWay,
}

/// How an order's money goes back when it is refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefundWay {
    /// Its card payment, through Stripe, as the order is marked refunded.
    Stripe,
    /// Its card payment, by the photographer in Stripe's dashboard (card payments are no longer
    /// set up here).
    StripeDashboard,
    /// By the photographer, as it was paid (an invoice, a transfer, cash).
    ByHand,
}
