//! Price sheets and their licence products as the photographer edits them, and the checks every
//! value goes through on the server (the forms run the same checks to explain early).

use super::money::{Currency, parse_price};
use crate::policy::DownloadSize;
use crate::settings::{CUSTOM_BOX_RANGE, CUSTOM_WEB_RANGE};
use crate::validation::{FieldError, TextRule, text};
use serde::{Deserialize, Serialize};

/// The most distinct download sizes one price sheet may grant (what one image can be bought in;
/// see `policy::Bought`).
pub const MAX_SIZES_PER_SHEET: usize = 6;
/// The most products on one sheet.
pub const MAX_PRODUCTS_PER_SHEET: usize = 30;

/// What a product is a licence for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProductKind {
    /// One image: bought per image.
    Image,
    /// Every image of the gallery at once (a bundle).
    Gallery,
}

impl ProductKind {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Gallery => "gallery",
        }
    }

    /// Reads the stored name (anything unknown is a single-image licence).
    pub fn parse(s: &str) -> Self {
        if s == "gallery" { Self::Gallery } else { Self::Image }
    }
}

/// A price sheet's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SheetForm {
    pub name: String,
    /// An ISO 4217 code.
    pub currency: String,
}

/// A checked sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSheet {
    pub name: String,
    pub currency: Currency,
}

impl SheetForm {
    /// Checks the name and the currency (one a new sheet may choose).
    pub fn validated(&self) -> Result<ValidSheet, FieldError> {
        self.validated_keeping(None)
    }

    /// Checks the form of a sheet whose currency is `kept` (as stored): that currency may stay,
    /// even if it has been superseded since (its sheet is renamed, not moved to another).
    pub fn validated_keeping(&self, kept: Option<&str>) -> Result<ValidSheet, FieldError> {
        let name = text(
            TextRule {
                field: "name",
                label: "price sheet name",
                empty: "Give the price sheet a name.",
                max: 80,
                multiline: false,
            },
            &self.name,
        )?;
        let same = kept.is_some_and(|kept| kept.eq_ignore_ascii_case(self.currency.trim()));
        let currency = match same.then(|| Currency::from_code(&self.currency)).flatten() {
            Some(kept) => kept,
            None => Currency::parse(&self.currency)?,
        };
        Ok(ValidSheet { name, currency })
    }
}

/// One licence product as the photographer types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub kind: ProductKind,
    pub name: String,
    pub description: String,
    /// As typed ("25", "25.00").
    pub price: String,
    pub size: DownloadSize,
}

/// A checked product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProduct {
    pub kind: ProductKind,
    pub name: String,
    pub description: String,
    pub price_minor: i64,
    pub size: DownloadSize,
}

impl ProductForm {
    /// Checks every field for a sheet in `currency`.
    pub fn validated(&self, currency: Currency) -> Result<ValidProduct, FieldError> {
        let name = text(
            TextRule {
                field: "name",
                label: "licence name",
                empty: "Give the licence a name, such as “Personal digital”.",
                max: 80,
                multiline: false,
            },
            &self.name,
        )?;
        let description = if self.description.trim().is_empty() {
            String::new()
        } else {
            text(
                TextRule { field: "description", label: "description", empty: "", max: 1000, multiline: true },
                &self.description,
            )?
        };
        let price_minor = parse_price(&self.price, currency)?;
        Ok(ValidProduct { kind: self.kind, name, description, price_minor, size: valid_size(self.size)? })
    }
}

/// A size a licence may grant: the standard ones, or a custom size within the same bounds as a
/// gallery's custom sizes.
pub fn valid_size(size: DownloadSize) -> Result<DownloadSize, FieldError> {
    let fine = match size {
        DownloadSize::Original | DownloadSize::FourK | DownloadSize::Hd => true,
        DownloadSize::CustomWeb { long_edge } => CUSTOM_WEB_RANGE.contains(&long_edge),
        DownloadSize::CustomBox { width, height } => {
            CUSTOM_BOX_RANGE.contains(&width) && CUSTOM_BOX_RANGE.contains(&height)
        }
    };
    if fine {
        Ok(size)
    } else {
        Err(FieldError::new(
            "size",
            format!(
                "Choose a web size between {} and {} px, or a high-res box with sides between {} and {} px.",
                CUSTOM_WEB_RANGE.start(),
                CUSTOM_WEB_RANGE.end(),
                CUSTOM_BOX_RANGE.start(),
                CUSTOM_BOX_RANGE.end()
            ),
        ))
    }
}

/// Whether a sheet whose products grant `sizes` (with the new one) stays within
/// [`MAX_SIZES_PER_SHEET`] distinct sizes.
pub fn sizes_fit(sizes: impl IntoIterator<Item = DownloadSize>) -> Result<(), FieldError> {
    let mut distinct: Vec<DownloadSize> = Vec::new();
    for size in sizes {
        if !distinct.contains(&size) {
            distinct.push(size);
        }
    }
    if distinct.len() > MAX_SIZES_PER_SHEET {
        return Err(FieldError::new(
            "size",
            format!(
                "A price sheet can sell at most {MAX_SIZES_PER_SHEET} different sizes. Use a size another licence on this sheet already grants."
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(price: &str, size: DownloadSize) -> ProductForm {
        ProductForm {
            kind: ProductKind::Image,
            name: "Personal digital".to_owned(),
            description: "Prints and sharing with family.".to_owned(),
            price: price.to_owned(),
            size,
        }
    }

    #[test]
    fn a_product_is_checked_field_by_field() {
        let eur = Currency::from_code("EUR").expect("EUR");
        let product = form("25", DownloadSize::Hd).validated(eur).expect("valid");
        assert_eq!(product.price_minor, 2500);
        assert_eq!(form("0", DownloadSize::Hd).validated(eur).expect_err("free").field, "price");
        assert_eq!(form("-1", DownloadSize::Hd).validated(eur).expect_err("negative").field, "price");
        let tiny = DownloadSize::CustomWeb { long_edge: 10 };
        assert_eq!(form("5", tiny).validated(eur).expect_err("tiny").field, "size");
        let mut nameless = form("5", DownloadSize::Hd);
        nameless.name = "  ".to_owned();
        assert_eq!(nameless.validated(eur).expect_err("nameless").field, "name");
    }

    #[test]
    fn sheets_need_a_real_currency() {
        let sheet = SheetForm { name: "Weddings 2027".to_owned(), currency: "usd".to_owned() };
        assert_eq!(sheet.validated().expect("valid").currency.code(), "USD");
        let bad = SheetForm { name: "x".to_owned(), currency: "ABC".to_owned() };
        assert_eq!(bad.validated().expect_err("unknown").field, "currency");
    }

    #[test]
    fn a_sheet_sells_a_bounded_number_of_sizes() {
        let web = |edge| DownloadSize::CustomWeb { long_edge: edge };
        let six = [DownloadSize::Original, DownloadSize::FourK, DownloadSize::Hd, web(1000), web(1200), web(1400)];
        assert!(sizes_fit(six.into_iter().chain([DownloadSize::Hd])).is_ok());
        assert!(sizes_fit(six.into_iter().chain([web(1600)])).is_err());
    }
}
