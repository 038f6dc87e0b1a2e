//! Delivery sets: private packages of a gallery's images, each with its own sizes, last day and
//! recipients' links, stored as `records`. The photographer curates them (`packages`) and makes links (`links`); a
//! recipient's link is their whole standing (`recipient`), and reaches the package's page and
//! files (`files`) and nothing else of the gallery. What a link may do is the policy's
//! (`domain::policy`, its `delivery` rules).

pub mod files;
pub mod links;
pub mod packages;
pub mod recipient;
pub mod records;
