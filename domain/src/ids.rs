//! Typed ids. Every id is a UUID (v7 when made by the server, so they sort by creation); the
//! newtypes keep a gallery id from being passed where an image id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A studio: a photographer's account.
    StudioId
);
id_type!(
    /// A gallery.
    GalleryId
);
id_type!(
    /// A set: a named group of images in a gallery.
    SetId
);
id_type!(
    /// An image (one uploaded original and its renditions).
    ImageId
);
id_type!(
    /// An access link (its secret token is separate and never used as an id).
    LinkId
);
id_type!(
    /// One of a visitor's named select lists ("Favourites", "Album", "Prints"…).
    SelectListId
);
id_type!(
    /// A comment on an image (a visitor's or the photographer's reply).
    CommentId
);
id_type!(
    /// A delivery set: a private package of a gallery's images with links of its own.
    DeliverySetId
);
id_type!(
    /// A recipient's link to a delivery set (its secret token is separate and never an id).
    DeliveryLinkId
);
id_type!(
    /// A price sheet: a studio's reusable list of licence products.
    PriceSheetId
);
id_type!(
    /// A licence product on a price sheet.
    ProductId
);
id_type!(
    /// One line of a visitor's cart (an image × a licence, or a gallery bundle).
    CartLineId
);
id_type!(
    /// An order (its secret link token is separate and never used as an id).
    OrderId
);
id_type!(
    /// One bought line of an order.
    OrderLineId
);
