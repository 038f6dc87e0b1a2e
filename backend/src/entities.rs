//! sea-orm entities: the Rust view of each table. Only `backend` touches them.

pub mod access_link;
pub mod annotation;
pub mod attempt;
pub mod cart_line;
pub mod comment;
pub mod download;
pub mod email_link;
pub mod gallery;
pub mod image;
pub mod image_file;
pub mod job;
pub mod order;
pub mod order_line;
pub mod outbox;
pub mod person;
pub mod price_product;
pub mod price_sheet;
pub mod quota_claim;
pub mod select;
pub mod select_list;
pub mod session;
pub mod set;
pub mod share_email;
pub mod studio;
