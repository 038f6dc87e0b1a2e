//! Store mode's own words: money, price sheets and their licence products, orders and their
//! states, the studio's watermark, and the views the shop's pages show. What a purchase allows
//! is the policy's business (`policy::Bought`, `Actor::Buyer`); here is what it is.

pub mod money;
pub mod orders;
pub mod products;
pub mod views;
pub mod watermark;

pub use money::{Currency, format_price, parse_price, price_input};
pub use orders::{OrderChange, OrderStatus, order_number};
pub use products::{MAX_SIZES_PER_SHEET, ProductForm, ProductKind, SheetForm};
pub use watermark::{WatermarkMark, WatermarkPosition, WatermarkSettings};
