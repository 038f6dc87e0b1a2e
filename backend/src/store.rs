//! Store mode: price sheets, the gallery's shop settings, carts, checkout, orders and their
//! downloads, payment providers, and the watermark burned into visitors' previews.

pub mod cart;
pub mod gallery_shop;
pub mod late_payment;
pub mod old_carts;
pub mod order_changes;
pub mod order_files;
pub mod order_records;
pub mod order_status;
pub mod orders;
pub mod orders_tab;
pub mod payments;
pub mod price_sheets;
pub mod purchases;
pub mod stripe;
pub mod watermark;
pub mod watermark_burn;
