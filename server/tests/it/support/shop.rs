//! Store mode for tests, through the photographer's own server functions: a price sheet with a
//! personal (HD), a commercial (original) and a whole-gallery licence, store mode on, the
//! watermarks burned.

use super::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The licences of the test sheet.
pub struct TestShop {
    pub sheet: String,
    /// "Personal digital", €25.00, HD.
    pub personal: String,
    /// "Commercial", €120.00, the original.
    pub commercial: String,
    /// "Whole gallery", €300.00, HD of every photo.
    pub bundle: String,
}

impl TestApp {
    /// Makes a price sheet on the signed-in studio.
    pub async fn make_sheet(&self, name: &str, currency: &str) -> String {
        let made =
            self.call_json("store/sheets/create", json!({ "form": { "name": name, "currency": currency } })).await;
        let status = made.status();
        let body = made.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str(&body).expect("sheet id")
    }

    /// Adds a licence; answers its id.
    pub async fn add_licence(&self, sheet: &str, kind: &str, name: &str, price: &str, size: Value) -> String {
        let form = json!({ "kind": kind, "name": name, "description": format!("{name}: terms."), "price": price, "size": size });
        let added = self.call_json("store/products/add", json!({ "sheet": sheet, "form": form })).await;
        let status = added.status();
        let body = added.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str(&body).expect("product id")
    }

    /// A sheet with three licences, store mode on for `gallery`, its watermarks burned.
    pub async fn open_shop(&self, gallery: &str) -> TestShop {
        let sheet = self.make_sheet("Weddings", "EUR").await;
        let personal = self.add_licence(&sheet, "Image", "Personal digital", "25", json!("Hd")).await;
        let commercial = self.add_licence(&sheet, "Image", "Commercial", "120.00", json!("Original")).await;
        let bundle = self.add_licence(&sheet, "Gallery", "Whole gallery", "300", json!("Hd")).await;
        let on = self.call_json("store/gallery/mode", json!({ "id": gallery, "on": true, "sheet": sheet })).await;
        assert_eq!(on.status(), StatusCode::OK, "{}", on.text().await.unwrap_or_default());
        self.run_jobs().await;
        TestShop { sheet, personal, commercial, bundle }
    }
}
