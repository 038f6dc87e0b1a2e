//! Store mode over HTTP: price sheets and their refusals, watermarked previews on every route,
//! carts that belong to one session, checkout by invoice with totals from the server only, the
//! photographer's Orders tab, and downloads of exactly what was bought — taken back on refund.

use crate::support::{TestApp, for_each_db, post_json, sign_up_with};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::process::Command;

async fn status(app: &TestApp, client: &Client, path: &str) -> StatusCode {
    client.get(app.url(path)).send().await.expect("request").status()
}

async fn text_of(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

/// A published gallery with one real photo (bigger than every preview) and two small ones.
async fn shop_gallery(app: &TestApp) -> (String, Vec<String>) {
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Garden wedding", "garden").await;
    let big = app.upload_ok(&gallery, "demo/garden.jpg").await;
    let mut images = vec![big];
    images.extend(app.upload_tiny(&gallery, 2).await);
    app.publish(&gallery).await;
    (gallery, images)
}

async fn add(app: &TestApp, client: &Client, image: Option<&str>, product: &str) -> (StatusCode, String) {
    text_of(
        post_json(client, &app.base, "store/cart/add", json!({ "slug": "garden", "image": image, "product": product }))
            .await,
    )
    .await
}

async fn place_order(app: &TestApp, client: &Client, body: Value) -> (StatusCode, String) {
    text_of(post_json(client, &app.base, "store/checkout", body).await).await
}

/// The order link's secret from the last mail to `to`.
async fn order_token(app: &TestApp, to: &str) -> String {
    app.emailed_token(to, "/orders/").await
}

/// The order's ZIP as Python's zipfile reads it (checked whole): its entries' names, one a line,
/// then its licence terms.
async fn order_zip(app: &TestApp, buyer: &Client, token: &str) -> String {
    let zip = buyer.get(app.url(&format!("/order-files/{token}/zip"))).send().await.expect("zip");
    assert_eq!(zip.status(), StatusCode::OK);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("order.zip");
    std::fs::write(&path, zip.bytes().await.expect("body")).expect("write");
    let listed = Command::new("python3")
        .arg("-c")
        .arg("import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(z.namelist())); print(z.read('LICENCE.txt').decode())")
        .arg(&path)
        .output()
        .expect("python3");
    let out = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(listed.status.success(), "{out}{}", String::from_utf8_lossy(&listed.stderr));
    out
}

/// Ana checks out her cart in "garden" by invoice, and the photographer marks the order paid:
/// the order's secret link (mailed to her).
async fn checkout_paid_by_invoice(app: &TestApp, ana: &Client, gallery: &str) -> String {
    let cart: Value =
        post_json(ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
    let form = json!({ "slug": "garden", "form": { "name": "Ana", "email": "ana@example.com", "method": "Invoice", "seen": cart["seen"] } });
    let (code, text) = place_order(app, ana, form).await;
    assert_eq!(code, StatusCode::OK, "{text}");
    let order = order_row(app).await;
    let paid =
        app.call_json("store/orders/change", json!({ "id": gallery, "order": order.id, "change": "MarkPaid" })).await;
    assert_eq!(paid.status(), StatusCode::OK);
    order_token(app, "ana@example.com").await
}

/// Forgets that `image`'s watermarked previews were made (as before its burn, or after a mend).
async fn unmark(app: &TestApp, image: &str) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let id: uuid::Uuid = image.parse().expect("uuid");
    backend::entities::image::Entity::update_many()
        .col_expr(backend::entities::image::Column::WatermarkVersion, Expr::value(Option::<String>::None))
        .filter(backend::entities::image::Column::Id.eq(id))
        .exec(&app.state.ctx.db)
        .await
        .expect("unmark");
}

async fn order_row(app: &TestApp) -> backend::entities::order::Model {
    use sea_orm::EntityTrait;
    backend::entities::order::Entity::find().one(&app.state.ctx.db).await.expect("query").expect("an order")
}

#[tokio::test]
async fn price_sheets_refuse_bad_input_and_belong_to_their_studio() {
    for_each_db(|app| async move {
        let (gallery, _) = shop_gallery(&app).await;
        let sheet = app.make_sheet("Weddings", "EUR").await;
        for (price, words) in [("0", "more than zero"), ("-5", ""), ("2000000000", "at most"), ("abc", "")] {
            let form = json!({ "kind": "Image", "name": "Personal", "description": "", "price": price, "size": "Hd" });
            let (status, text) =
                text_of(app.call_json("store/products/add", json!({ "sheet": sheet, "form": form })).await).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{price}: {text}");
            assert!(text.contains(words), "{text}");
        }
        let (status, text) = text_of(
            app.call_json("store/sheets/create", json!({ "form": { "name": "Odd", "currency": "XYZ" } })).await,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
        assert!(text.contains("currency"), "{text}");
        // Store mode needs a sheet with a licence.
        let (status, text) =
            text_of(app.call_json("store/gallery/mode", json!({ "id": gallery, "on": true, "sheet": sheet })).await)
                .await;
        assert_eq!(status, StatusCode::CONFLICT, "{text}");
        assert!(text.contains("no licences yet"), "{text}");

        // Another studio cannot see, change or sell from this studio's sheet.
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "ben@example.com").await;
        let form = json!({ "kind": "Image", "name": "Mine", "description": "", "price": "5", "size": "Hd" });
        let stolen = post_json(&other, &app.base, "store/products/add", json!({ "sheet": sheet, "form": form })).await;
        assert_eq!(stolen.status(), StatusCode::NOT_FOUND);
        let listed: Value = post_json(&other, &app.base, "store/sheets", json!({})).await.json().await.expect("json");
        assert_eq!(listed["sheets"].as_array().map(Vec::len), Some(0), "{listed}");
        let their_sheet: String = post_json(
            &other,
            &app.base,
            "store/sheets/create",
            json!({ "form": { "name": "Ben", "currency": "USD" } }),
        )
        .await
        .json()
        .await
        .expect("id");
        let their_product = {
            let form = json!({ "kind": "Image", "name": "Ben's", "description": "", "price": "5", "size": "Hd" });
            let r =
                post_json(&other, &app.base, "store/products/add", json!({ "sheet": their_sheet, "form": form })).await;
            r.json::<String>().await.expect("id")
        };
        let attach = post_json(
            &other,
            &app.base,
            "store/gallery/mode",
            json!({ "id": gallery, "on": true, "sheet": their_sheet }),
        )
        .await;
        assert_eq!(attach.status(), StatusCode::NOT_FOUND, "not their gallery");

        let shop = app.open_shop(&gallery).await;
        // A product of another studio is not for sale here.
        let link = app.make_link(&gallery, "MainClient", None).await;
        let visitor = app.visitor_on(&link).await;
        let images: Vec<String> = app.editor(&gallery).await["images"]
            .as_array()
            .expect("images")
            .iter()
            .map(|i| i["card"]["id"].as_str().expect("id").to_owned())
            .collect();
        let (status, text) = add(&app, &visitor, Some(&images[0]), &their_product).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
        assert!(text.contains("not sold in this gallery"), "{text}");
        // A sheet a gallery sells from cannot be deleted.
        let (status, text) = text_of(app.call_json("store/sheets/delete", json!({ "id": shop.sheet })).await).await;
        assert_eq!(status, StatusCode::CONFLICT, "{text}");
        assert!(text.contains("Garden wedding"), "{text}");
    })
    .await;
}

/// A white logo on transparency (how photographers make watermarks) marks the previews: the
/// stored logo is flattened onto white and so has no ink of its own.
#[tokio::test]
async fn a_white_logo_on_transparency_marks_the_previews() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let mut logo = image::RgbaImage::from_pixel(300, 100, image::Rgba([255, 255, 255, 0]));
        for x in 20..280 {
            for y in 20..80 {
                logo.put_pixel(x, y, image::Rgba([255, 255, 255, 255]));
            }
        }
        let mut png = Vec::new();
        logo.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("png");
        let uploaded = app.client.post(app.url("/api/studio/logo")).body(png).send().await.expect("logo");
        assert_eq!(uploaded.status(), StatusCode::NO_CONTENT);
        let mark =
            json!({ "settings": { "mark": "Logo", "position": "Tiled", "size_percent": 30, "opacity_percent": 80 } });
        assert_eq!(app.call_json("store/watermark/save", mark).await.status(), StatusCode::OK);
        app.open_shop(&gallery).await;
        let visitor = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let big = &images[0];
        let clean = app
            .client
            .get(app.url(&format!("/media/{big}/1600")))
            .send()
            .await
            .expect("owner")
            .bytes()
            .await
            .expect("bytes");
        let marked = visitor.get(app.url(&format!("/media/{big}/wm/1600"))).send().await.expect("wm");
        assert_eq!(marked.status(), StatusCode::OK);
        let marked = marked.bytes().await.expect("bytes");
        let (clean, marked) = (
            image::load_from_memory(&clean).expect("jpeg").to_luma8(),
            image::load_from_memory(&marked).expect("jpeg").to_luma8(),
        );
        let changed = clean.pixels().zip(marked.pixels()).filter(|(a, b)| a.0[0].abs_diff(b.0[0]) > 25).count();
        assert!(changed > 5_000, "the logo's shape marks the preview ({changed} px)");
    })
    .await;
}

#[tokio::test]
async fn visitors_see_only_watermarked_previews_by_every_route() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        app.open_shop(&gallery).await;
        let big = &images[0];
        let link = app.make_link(&gallery, "MainClient", None).await;
        let visitor = app.visitor_on(&link).await;
        for size in ["1600", "960", "480", "hd", "4k"] {
            assert_eq!(status(&app, &visitor, &format!("/media/{big}/{size}")).await, StatusCode::NOT_FOUND, "clean {size}");
        }
        for size in ["1600", "960", "480"] {
            assert_eq!(status(&app, &visitor, &format!("/media/{big}/wm/{size}")).await, StatusCode::OK, "marked {size}");
        }
        // Watermarks exist only for previews, never for downloads.
        assert_eq!(status(&app, &visitor, &format!("/media/{big}/wm/hd")).await, StatusCode::NOT_FOUND);
        // The marked preview is the clean one with a visible mark: same size, other pixels.
        let clean = app.client.get(app.url(&format!("/media/{big}/1600"))).send().await.expect("owner").bytes().await.expect("bytes");
        let marked = visitor.get(app.url(&format!("/media/{big}/wm/1600"))).send().await.expect("wm").bytes().await.expect("bytes");
        let (clean, marked) = (image::load_from_memory(&clean).expect("jpeg").to_luma8(), image::load_from_memory(&marked).expect("jpeg").to_luma8());
        assert_eq!(clean.dimensions(), marked.dimensions());
        let changed = clean.pixels().zip(marked.pixels()).filter(|(a, b)| a.0[0].abs_diff(b.0[0]) > 40).count();
        assert!(changed > 2_000, "the mark changes a visible area ({changed} px)");
        // The page links the marked previews only.
        let page = visitor.get(app.url(&link)).send().await.expect("page").text().await.expect("html");
        assert!(page.contains(&format!("/media/{big}/wm/480")), "the grid shows the marked preview");
        assert!(!page.contains(&format!("/media/{big}/480")), "no clean preview is linked");
        // Downloads need a purchase, single or ZIP, whatever the size.
        for size in ["original", "hd", "4k"] {
            let response = visitor.get(app.url(&format!("/download/{big}/{size}"))).send().await.expect("download");
            assert!(response.status().is_client_error(), "{size}: {}", response.status());
        }
        assert!(visitor.get(app.url("/zip/garden/all/hd")).send().await.expect("zip").status().is_client_error());
        // The owner keeps clean previews; a stranger without a link sees nothing.
        assert_eq!(status(&app, &app.client, &format!("/media/{big}/1600")).await, StatusCode::OK);
        assert_eq!(status(&app, &app.stranger(), &format!("/media/{big}/wm/1600")).await, StatusCode::NOT_FOUND);
        // A photo whose marked previews are not made yet is left out, never shown clean.
        unmark(&app, &images[1]).await;
        let page = visitor.get(app.url(&link)).send().await.expect("page").text().await.expect("html");
        assert!(!page.contains(&images[1]), "an unmarked photo is not listed");
        assert_eq!(status(&app, &visitor, &format!("/media/{}/wm/480", images[1])).await, StatusCode::NOT_FOUND);
        assert_eq!(status(&app, &visitor, &format!("/media/{}/480", images[1])).await, StatusCode::NOT_FOUND);
        // A marked preview's URL names its mark, and is kept a day.
        let mark_of = |page: &str| -> String {
            let needle = format!("/media/{big}/wm/480?v=");
            let at = page.find(&needle).expect("the marked preview's URL") + needle.len();
            page[at..].chars().take_while(char::is_ascii_hexdigit).collect()
        };
        let first_mark = mark_of(&page);
        assert_eq!(first_mark.len(), 16, "{first_mark}");
        let served = visitor.get(app.url(&format!("/media/{big}/wm/480?v={first_mark}"))).send().await.expect("wm");
        assert_eq!(served.headers()["cache-control"], "private, max-age=86400");
        // A new watermark burns every photo again; the old mark is served meanwhile.
        let saved = app
            .call_json("store/watermark/save", json!({ "settings": { "mark": { "Text": "PROOF" }, "position": "Tiled", "size_percent": 30, "opacity_percent": 60 } }))
            .await;
        assert_eq!(saved.status(), StatusCode::OK);
        app.run_jobs().await;
        assert_eq!(status(&app, &visitor, &format!("/media/{}/wm/480", images[1])).await, StatusCode::OK);
        let retiled = visitor.get(app.url(&format!("/media/{big}/wm/1600"))).send().await.expect("wm").bytes().await.expect("bytes");
        assert_ne!(image::load_from_memory(&retiled).expect("jpeg").to_luma8(), marked, "burned again with the new mark");
        let page = visitor.get(app.url(&link)).send().await.expect("page").text().await.expect("html");
        assert_ne!(mark_of(&page), first_mark, "the page asks for the new mark at a new URL");
        // Watermarks outside store mode: turned on in the settings, burned, previews marked.
        app.call_json("store/gallery/mode", json!({ "id": gallery, "on": false, "sheet": null })).await;
        assert_eq!(status(&app, &visitor, &format!("/media/{big}/1600")).await, StatusCode::OK, "store off: clean again");
        // The Store tab's switch changes that setting alone: comments switched off meanwhile stay
        // off. Nobody but the gallery's studio may turn it.
        app.save_settings(&gallery, |s| s["switches"]["comments"] = json!(false)).await;
        let body = json!({ "id": gallery, "on": true });
        let outsider = post_json(&app.stranger(), &app.base, "store/gallery/watermark_previews", body.clone()).await;
        assert_eq!(outsider.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(post_json(&visitor, &app.base, "store/gallery/watermark_previews", body.clone()).await.status(), StatusCode::UNAUTHORIZED);
        let rival = app.stranger();
        sign_up_with(&rival, &app, "rival@example.com").await;
        assert_eq!(post_json(&rival, &app.base, "store/gallery/watermark_previews", body.clone()).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(status(&app, &visitor, &format!("/media/{big}/1600")).await, StatusCode::OK, "still clean");
        assert_eq!(app.call_json("store/gallery/watermark_previews", body).await.status(), StatusCode::OK);
        let settings = &app.editor(&gallery).await["settings"];
        assert_eq!((settings["watermark_previews"].as_bool(), settings["switches"]["comments"].as_bool()), (Some(true), Some(false)), "{settings}");
        // The permissions form, opened before and saved after, does not turn it off again.
        app.save_settings(&gallery, |s| s["watermark_previews"] = json!(false)).await;
        assert_eq!(app.editor(&gallery).await["settings"]["watermark_previews"].as_bool(), Some(true));
        assert_eq!(status(&app, &visitor, &format!("/media/{big}/1600")).await, StatusCode::NOT_FOUND);
        assert_eq!(status(&app, &visitor, &format!("/media/{big}/wm/1600")).await, StatusCode::OK);
        // Compare hands the visitor the marked previews too.
        let pair = post_json(&visitor, &app.base, "proofing/compare", json!({ "left": big, "right": images[2] })).await;
        let (code, text) = text_of(pair).await;
        assert_eq!(code, StatusCode::OK, "{text}");
        let pair: Value = serde_json::from_str(&text).expect("json");
        assert!(pair[0]["watermark"].is_string() && pair[1]["watermark"].is_string(), "{pair}");
    })
    .await;
}

#[tokio::test]
async fn an_invoice_order_grants_exactly_what_was_bought_until_refunded() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ana = app.visitor_on(&link).await;
        let (a, b) = (images[0].as_str(), images[1].as_str());
        assert_eq!(add(&app, &ana, Some(a), &shop.personal).await.0, StatusCode::OK);
        assert_eq!(add(&app, &ana, Some(b), &shop.commercial).await.0, StatusCode::OK);
        let (status_code, count) = add(&app, &ana, Some(b), &shop.personal).await;
        assert_eq!((status_code, count.as_str()), (StatusCode::OK, "3"));
        // Adding the same line twice changes nothing.
        assert_eq!(add(&app, &ana, Some(a), &shop.personal).await.1, "3");
        let cart: Value = post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        assert_eq!(cart["total"], "€170.00", "{cart}");
        // The photographer changes a price while Ana looks at her cart: her order is not placed
        // at a price she did not see.
        let dearer = json!({ "kind": "Image", "name": "Commercial", "description": "", "price": "500", "size": "Original" });
        let changed = app.call_json("store/products/update", json!({ "id": shop.commercial, "form": dearer })).await;
        assert_eq!(changed.status(), StatusCode::OK, "{}", changed.text().await.unwrap_or_default());
        let stale = json!({ "slug": "garden", "form": { "name": "Ana Client", "email": "ana@example.com", "method": "Invoice", "seen": cart["seen"] } });
        let (code, text) = place_order(&app, &ana, stale).await;
        assert_eq!(code, StatusCode::CONFLICT, "{text}");
        assert!(text.contains("Your cart changed"), "{text}");
        use sea_orm::{EntityTrait, PaginatorTrait};
        assert_eq!(backend::entities::order::Entity::find().count(&app.state.ctx.db).await.expect("count"), 0);
        let cart: Value = post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        assert_eq!(cart["total"], "€550.00", "{cart}");
        let back = json!({ "kind": "Image", "name": "Commercial", "description": "", "price": "120.00", "size": "Original" });
        assert_eq!(app.call_json("store/products/update", json!({ "id": shop.commercial, "form": back })).await.status(), StatusCode::OK);
        let cart: Value = post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        assert_eq!(cart["total"], "€170.00", "{cart}");
        // Any total or price the browser sends is ignored (unknown fields), the server's stands.
        let (code, next) = place_order(
            &app,
            &ana,
            json!({ "slug": "garden", "form": { "name": "Ana Client", "email": "ana@example.com", "method": "Invoice", "total": 1, "seen": cart["seen"] }, "total": "€0.01" }),
        )
        .await;
        assert_eq!(code, StatusCode::OK, "{next}");
        let order = order_row(&app).await;
        assert_eq!((order.total_minor, order.currency.as_str(), order.status.as_str()), (17_000, "EUR", "awaiting_payment"));
        let token = order_token(&app, "ana@example.com").await;
        assert!(next.contains(&format!("/orders/{token}")), "{next}");
        // The photographer hears of an order to invoice at once (with no link to its downloads).
        let told = app.mail_to("anna@example.com").await;
        let notice = told.iter().find(|m| m.subject.contains("to invoice")).expect("the photographer is told");
        assert!(notice.body_text.contains(&order.number) && notice.body_text.contains("ana@example.com"), "{notice:?}");
        assert!(!notice.body_text.contains(&token));
        // The cart is empty after checkout.
        let cart: Value = post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        assert_eq!(cart["lines"].as_array().map(Vec::len), Some(0));

        // Unpaid: nothing downloads, from the order page or the gallery.
        assert_eq!(status(&app, &ana, &format!("/order-files/{token}/{a}/hd")).await, StatusCode::NOT_FOUND);
        assert!(status(&app, &ana, &format!("/order-files/{token}/zip")).await.is_client_error());
        assert!(status(&app, &ana, &format!("/download/{a}/hd")).await.is_client_error());
        // The order page's thumbnails are marked until the order is paid.
        let at = &app;
        let bytes = |client: Client, path: String| async move {
            client.get(at.url(&path)).send().await.expect("get").bytes().await.expect("bytes")
        };
        let clean_thumb = bytes(app.client.clone(), format!("/media/{a}/480")).await;
        let unpaid_thumb = bytes(app.stranger(), format!("/order-files/{token}/{a}/thumb")).await;
        assert_eq!(unpaid_thumb, bytes(ana.clone(), format!("/media/{a}/wm/480")).await);
        assert_ne!(unpaid_thumb, clean_thumb);
        let page: Value = post_json(&app.stranger(), &app.base, "store/order", json!({ "token": token })).await.json().await.expect("order");
        assert_eq!(page["status"], "AwaitingPayment");
        assert!(page["zip_url"].is_null());

        // The photographer marks it paid, once: the receipt goes out once.
        let orders: Value = app.call_json("store/orders", json!({ "id": gallery, "status": null })).await.json().await.expect("orders");
        let id = orders[0]["id"].as_str().expect("order id").to_owned();
        let paid = app.call_json("store/orders/change", json!({ "id": gallery, "order": id, "change": "MarkPaid" })).await;
        assert_eq!(paid.status(), StatusCode::OK);
        let again = app.call_json("store/orders/change", json!({ "id": gallery, "order": id, "change": "MarkPaid" })).await;
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let receipts: Vec<_> =
            app.mail_to("ana@example.com").await.into_iter().filter(|m| m.subject.starts_with("Receipt")).collect();
        assert_eq!(receipts.len(), 1);
        // Both parts list what was bought and the total, in the studio's template.
        let total = orders[0]["total"].as_str().expect("total").to_owned();
        let html = receipts[0].body_html.clone().expect("an HTML part");
        assert!(receipts[0].body_text.contains(&total) && html.contains(&total), "{html}");
        // The receipt carries a link of its own to the order page (the first mail's is stored
        // hashed only), and it serves the downloads too.
        let receipt_token = app.emailed_token("ana@example.com", "/orders/").await;
        assert_ne!(receipt_token, token);
        assert_eq!(receipt_token.len(), 64);
        assert_eq!(bytes(app.stranger(), format!("/order-files/{receipt_token}/{a}/thumb")).await, clean_thumb);
        let page = app.stranger().get(app.url(&format!("/orders/{receipt_token}"))).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK);

        // Exactly the bought sizes, from anywhere with the order link; the gallery session too.
        let stranger = app.stranger();
        assert_eq!(bytes(stranger.clone(), format!("/order-files/{token}/{a}/thumb")).await, clean_thumb, "paid: clean");
        // A download another site starts is refused, as in the gallery.
        let cross = stranger
            .get(app.url(&format!("/order-files/{token}/{a}/hd")))
            .header("Sec-Fetch-Site", "cross-site")
            .send()
            .await
            .expect("cross-site");
        assert_eq!(cross.status(), StatusCode::FORBIDDEN);
        let cross_zip = stranger
            .get(app.url(&format!("/order-files/{token}/zip")))
            .header("Sec-Fetch-Site", "cross-site")
            .send()
            .await
            .expect("cross-site");
        assert_eq!(cross_zip.status(), StatusCode::FORBIDDEN);
        assert_eq!(status(&app, &stranger, &format!("/order-files/{token}/{a}/hd")).await, StatusCode::OK);
        // A size not bought is refused with the reason (the buyer holds the order).
        assert_eq!(status(&app, &stranger, &format!("/order-files/{token}/{a}/original")).await, StatusCode::FORBIDDEN);
        assert_eq!(status(&app, &stranger, &format!("/order-files/{token}/{a}/4k")).await, StatusCode::FORBIDDEN);
        assert_eq!(status(&app, &stranger, &format!("/order-files/{token}/{b}/original")).await, StatusCode::OK);
        assert_eq!(status(&app, &stranger, &format!("/order-files/{token}/{}/hd", images[2])).await, StatusCode::NOT_FOUND);
        assert_eq!(status(&app, &ana, &format!("/download/{a}/hd")).await, StatusCode::OK);
        assert!(status(&app, &ana, &format!("/download/{a}/original")).await.is_client_error());
        let ben = app.visitor_on(&link).await;
        assert!(status(&app, &ben, &format!("/download/{a}/hd")).await.is_client_error(), "another visitor bought nothing");
        // The bought file is the clean HD rendition, byte for byte.
        let bought = stranger.get(app.url(&format!("/order-files/{token}/{a}/hd"))).send().await.expect("file").bytes().await.expect("bytes");
        let clean = app.client.get(app.url(&format!("/media/{a}/hd"))).send().await.expect("owner").bytes().await.expect("bytes");
        assert_eq!(bought, clean);

        // The ZIP holds exactly the bought files, the licence terms and their checksums.
        let out = order_zip(&app, &stranger, &token).await;
        let names: Vec<&str> = out.lines().take(5).collect();
        assert_eq!(names, ["garden-hd.jpg", "photo-000.jpg", "photo-000-hd.jpg", "LICENCE.txt", "SHA256SUMS.txt"], "{out}");
        assert!(out.contains("Commercial") && out.contains("Personal digital") && out.contains("Ana Client"), "{out}");
        // The licence names each file as the ZIP holds it, so the buyer can tell which it covers.
        for entry in ["garden-hd.jpg", "photo-000.jpg", "photo-000-hd.jpg"] {
            assert!(out.contains(&format!("  - {entry}\r\n")), "{entry} in {out}");
        }

        // Refunded: every grant ends at once.
        let refunded = app.call_json("store/orders/change", json!({ "id": gallery, "order": id, "change": "Refund" })).await;
        assert_eq!(refunded.status(), StatusCode::OK);
        assert_eq!(status(&app, &stranger, &format!("/order-files/{token}/{a}/hd")).await, StatusCode::NOT_FOUND);
        assert!(status(&app, &stranger, &format!("/order-files/{token}/zip")).await.is_client_error());
        assert!(status(&app, &ana, &format!("/download/{a}/hd")).await.is_client_error());
        // The CSV lists every line, formula-safe.
        let csv = app.client.get(app.url(&format!("/export/galleries/{gallery}/orders.csv"))).send().await.expect("csv");
        let csv = csv.text().await.expect("text");
        assert_eq!(csv.lines().count(), 4, "{csv}");
        assert!(csv.contains("refunded") && csv.contains("€170.00"), "{csv}");
        // Each line's amount as a plain number, which a spreadsheet sums to the order's total.
        assert!(csv.lines().next().is_some_and(|h| h.ends_with(",order_total,currency,amount")), "{csv}");
        let amounts: f64 = csv.lines().skip(1).map(|l| l.rsplit(',').next().and_then(|a| a.parse::<f64>().ok()).expect("an amount")).sum();
        assert!((amounts - 170.0).abs() < 1e-9 && csv.lines().skip(1).all(|l| l.contains(",EUR,")), "{csv}");
        assert_eq!(status(&app, &ben, &format!("/export/galleries/{gallery}/orders.csv")).await, StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn carts_belong_to_their_session_and_stay_within_the_link() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let set = app.make_set(&gallery, "Ceremony").await;
        app.move_image(&gallery, &images[0], &set).await;
        let whole = app.make_link(&gallery, "MainClient", None).await;
        let limited = app.make_link(&gallery, "PhotographerInvited", Some(vec![set.as_str()])).await;
        let ana = app.visitor_on(&whole).await;
        let ben = app.visitor_on(&limited).await;
        add(&app, &ana, Some(&images[1]), &shop.personal).await;
        let cart: Value =
            post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        let line = cart["lines"][0]["id"].as_str().expect("line").to_owned();
        // Ben cannot see or remove Ana's line.
        let theirs: Value =
            post_json(&ben, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        assert_eq!(theirs["lines"].as_array().map(Vec::len), Some(0));
        let removed = post_json(&ben, &app.base, "store/cart/remove", json!({ "slug": "garden", "line": line })).await;
        assert_eq!(removed.status(), StatusCode::NOT_FOUND);
        // Ben's link shows one set: photos outside it and the whole-gallery licence are not his to buy.
        assert_eq!(add(&app, &ben, Some(&images[1]), &shop.personal).await.0, StatusCode::NOT_FOUND);
        let (code, text) = add(&app, &ben, None, &shop.bundle).await;
        assert_eq!(code, StatusCode::FORBIDDEN, "{text}");
        assert_eq!(add(&app, &ben, Some(&images[0]), &shop.personal).await.0, StatusCode::OK);
        // An unknown or foreign image answers like a missing one.
        assert_eq!(
            add(&app, &ana, Some(&uuid::Uuid::new_v4().to_string()), &shop.personal).await.0,
            StatusCode::NOT_FOUND
        );
        // A photo deleted after it was added leaves the cart, and the visitor is told.
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": [images[1]] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        let cart: Value =
            post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        assert_eq!((cart["lines"].as_array().map(Vec::len), cart["dropped"].as_u64()), (Some(0), Some(1)), "{cart}");
        let (code, text) = place_order(
            &app,
            &ana,
            json!({ "slug": "garden", "form": { "name": "Ana", "email": "ana@example.com", "method": "Invoice" } }),
        )
        .await;
        assert_eq!(code, StatusCode::CONFLICT, "{text}");
        // The bundle covers every photo once paid.
        add(&app, &ana, None, &shop.bundle).await;
        let (code, _) = place_order(
            &app,
            &ana,
            json!({ "slug": "garden", "form": { "name": "Ana", "email": "ana@example.com", "method": "Invoice" } }),
        )
        .await;
        assert_eq!(code, StatusCode::OK);
        let orders: Value = app
            .call_json("store/orders", json!({ "id": gallery, "status": "AwaitingPayment" }))
            .await
            .json()
            .await
            .expect("orders");
        let id = orders[0]["id"].as_str().expect("id").to_owned();
        app.call_json("store/orders/change", json!({ "id": gallery, "order": id, "change": "MarkPaid" })).await;
        for image in [&images[0], &images[2]] {
            assert_eq!(status(&app, &ana, &format!("/download/{image}/hd")).await, StatusCode::OK);
            assert!(status(&app, &ana, &format!("/download/{image}/original")).await.is_client_error());
        }
        // Card payment is not offered without Stripe's keys.
        add(&app, &ana, Some(&images[0]), &shop.commercial).await;
        let (code, text) = place_order(
            &app,
            &ana,
            json!({ "slug": "garden", "form": { "name": "Ana", "email": "ana@example.com", "method": "Card" } }),
        )
        .await;
        assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
        // Order links are secrets: a wrong one is not found, and guessing is throttled.
        let guesser = app.stranger();
        let mut last = StatusCode::OK;
        for n in 0..60 {
            let guess = format!("{n:064x}");
            last = guesser
                .get(app.url(&format!("/order-files/{guess}/zip")))
                .header("x-forwarded-for", "203.0.113.9")
                .send()
                .await
                .expect("guess")
                .status();
            if last == StatusCode::TOO_MANY_REQUESTS {
                break;
            }
            assert_eq!(last, StatusCode::NOT_FOUND);
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    })
    .await;
}

#[tokio::test]
async fn order_pages_and_shops_need_a_shop() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ana = app.visitor_on(&link).await;
        let shop = post_json(&ana, &app.base, "store/shop", json!({ "slug": "garden" })).await;
        assert_eq!(shop.status(), StatusCode::FORBIDDEN);
        let (code, text) = text_of(post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await).await;
        assert_eq!(code, StatusCode::FORBIDDEN, "{text}");
        assert!(text.contains("does not sell"), "{text}");
        let sheet = app.open_shop(&gallery).await;
        let view: Value =
            post_json(&ana, &app.base, "store/shop", json!({ "slug": "garden" })).await.json().await.expect("shop");
        assert_eq!(view["licences"].as_array().map(Vec::len), Some(2), "{view}");
        assert_eq!(view["licences"][0]["price"], "€25.00", "cheapest first");
        assert_eq!(view["bundles"].as_array().map(Vec::len), Some(1));
        // Turning store mode off ends the shop; the stored switches come back unchanged.
        let before = app.editor(&gallery).await["settings"].clone();
        app.call_json("store/gallery/mode", json!({ "id": gallery, "on": false, "sheet": null })).await;
        assert_eq!(app.editor(&gallery).await["settings"], before);
        assert_eq!(add(&app, &ana, Some(&images[0]), &sheet.personal).await.0, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn a_buyer_of_archived_originals_asks_for_them_and_the_emailed_link_serves_the_order() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let (a, b) = (images[0].as_str(), images[1].as_str());
        assert_eq!(add(&app, &ana, Some(a), &shop.commercial).await.0, StatusCode::OK);
        assert_eq!(add(&app, &ana, Some(b), &shop.personal).await.0, StatusCode::OK);
        let form = json!({ "slug": "garden", "form": { "name": "Ana Client", "email": "ana@example.com", "method": "Invoice" } });
        assert_eq!(place_order(&app, &ana, form).await.0, StatusCode::OK);
        let token = order_token(&app, "ana@example.com").await;
        let orders: Value = app.call_json("store/orders", json!({ "id": gallery, "status": null })).await.json().await.expect("orders");
        let id = orders[0]["id"].as_str().expect("order id").to_owned();
        let paid = app.call_json("store/orders/change", json!({ "id": gallery, "order": id, "change": "MarkPaid" })).await;
        assert_eq!(paid.status(), StatusCode::OK);
        app.run_jobs().await;
        assert_eq!(app.call("galleries/archive", &[("id", &gallery)]).await.status(), StatusCode::OK);
        app.run_jobs().await;

        // The page says which files wait; the order's ZIP and the bought original answer the
        // restore prompt (never a ZIP without them); the HD line still downloads.
        let buyer = app.stranger();
        let page: Value = post_json(&buyer, &app.base, "store/order", json!({ "token": token })).await.json().await.expect("order");
        assert_eq!(page["restore"], true, "{page}");
        assert!(page["zip_url"].is_null());
        let original = page["lines"].as_array().expect("lines").iter().find(|l| l["size"] == "Original").expect("original line").clone();
        assert_eq!(original["in_archive"], true);
        assert!(original["download_url"].is_null());
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/zip")).await, StatusCode::UNAUTHORIZED);
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{a}/original")).await, StatusCode::UNAUTHORIZED);
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{b}/hd")).await, StatusCode::OK);

        let estimate: Value = post_json(&buyer, &app.base, "order/restore_estimate", json!({ "token": token })).await.json().await.expect("estimate");
        assert_eq!((estimate["photos"].clone(), estimate["email"].clone()), (json!(1), json!("ana@example.com")), "{estimate}");
        let asked = post_json(&buyer, &app.base, "order/restore_ask", json!({ "token": token, "email": "ana@example.com" })).await;
        assert_eq!(asked.status(), StatusCode::OK);
        app.run_jobs().await;
        let restored = app.emailed_token("ana@example.com", "/restored/").await;
        let from_link = app.stranger().get(app.url(&format!("/restored/{restored}"))).send().await.expect("get");
        assert_eq!(from_link.status(), StatusCode::OK);
        let from_link = from_link.bytes().await.expect("body");
        let own = buyer.get(app.url(&format!("/order-files/{token}/zip"))).send().await.expect("get");
        assert_eq!(own.status(), StatusCode::OK);
        assert_eq!(own.bytes().await.expect("body"), from_link, "the emailed link serves the order's own ZIP");

        // Refunded: the emailed link closes with the order.
        let refunded = app.call_json("store/orders/change", json!({ "id": gallery, "order": id, "change": "Refund" })).await;
        assert_eq!(refunded.status(), StatusCode::OK);
        assert!(status(&app, &app.stranger(), &format!("/restored/{restored}")).await.is_client_error());
    })
    .await;
}

#[tokio::test]
async fn a_double_tap_adds_a_licence_once_and_a_double_click_places_one_order() {
    use sea_orm::{EntityTrait, PaginatorTrait};
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        assert_eq!(add(&app, &ana, Some(&images[2]), &shop.personal).await.0, StatusCode::OK);
        // The same "Add" sent twice at once, for each of two licences: each is in the cart once.
        for (image, product) in [(&images[0], &shop.personal), (&images[1], &shop.commercial)] {
            let (first, second) =
                tokio::join!(add(&app, &ana, Some(image), product), add(&app, &ana, Some(image), product));
            assert_eq!((first.0, second.0), (StatusCode::OK, StatusCode::OK), "{first:?} {second:?}");
        }
        let cart: Value =
            post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        assert_eq!(cart["lines"].as_array().map(Vec::len), Some(3), "{cart}");
        // The whole-gallery licence (HD), twice at once: in the cart once, and the photos' HD
        // licences it covers leave the cart (they would be paid for twice); a photo's HD licence
        // is not added beside it, the original of a photo is.
        let (first, second) = tokio::join!(add(&app, &ana, None, &shop.bundle), add(&app, &ana, None, &shop.bundle));
        assert_eq!((first.0, second.0), (StatusCode::OK, StatusCode::OK), "{first:?} {second:?}");
        let (code, text) = add(&app, &ana, Some(&images[1]), &shop.personal).await;
        assert_eq!(code, StatusCode::CONFLICT, "{text}");
        assert!(text.contains("holds the whole-gallery licence in HD"), "{text}");
        assert_eq!(add(&app, &ana, Some(&images[2]), &shop.commercial).await.0, StatusCode::OK);
        let cart: Value =
            post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        assert_eq!(cart["lines"].as_array().map(Vec::len), Some(3), "{cart}");
        // "Place order" clicked twice: one order, one email; the other click is told why.
        let body = json!({ "slug": "garden", "form": { "name": "Ana", "email": "ana@example.com", "method": "Invoice" } });
        let (first, second) = tokio::join!(place_order(&app, &ana, body.clone()), place_order(&app, &ana, body.clone()));
        let mut codes = [first.0, second.0];
        codes.sort();
        assert_eq!(codes, [StatusCode::OK, StatusCode::CONFLICT], "{first:?} {second:?}");
        // (Refused in the transaction, or, reading the cart after the first had emptied it, as an
        // empty cart.)
        let refused = if first.0 == StatusCode::CONFLICT { &first.1 } else { &second.1 };
        assert!(refused.contains("check your email") || refused.contains("cart is empty"), "{refused}");
        let orders = backend::entities::order::Entity::find().count(&app.state.ctx.db).await.expect("count");
        assert_eq!(orders, 1);
        let lines = backend::entities::order_line::Entity::find().count(&app.state.ctx.db).await.expect("count");
        assert_eq!(lines, 3);

        // Every order emails the address typed, so checkout is counted: past twenty to one
        // address within the day, it is refused.
        let mut refused = None;
        for attempt in 0..20 {
            add(&app, &ana, Some(&images[2]), &shop.commercial).await;
            let (code, text) = place_order(&app, &ana, body.clone()).await;
            if code == StatusCode::TOO_MANY_REQUESTS {
                refused = Some(attempt);
                break;
            }
            assert_eq!(code, StatusCode::OK, "{text}");
        }
        let orders = backend::entities::order::Entity::find().count(&app.state.ctx.db).await.expect("count");
        assert!(refused.is_some() && orders <= 20, "{refused:?} {orders}");
        // The buyer's name goes into that email: a web address in it is refused.
        let (code, text) = place_order(
            &app,
            &ana,
            json!({ "slug": "garden", "form": { "name": "Locked out? See https://evil.example", "email": "victim@example.com", "method": "Invoice" } }),
        )
        .await;
        assert!(code.is_client_error() && text.contains("web address"), "{code} {text}");
        assert_eq!(backend::entities::order::Entity::find().count(&app.state.ctx.db).await.expect("count"), orders);
    })
    .await;
}

/// An order's link shows thumbnails of the photos its lines name, and no others: a whole-gallery
/// licence names none, and must not open every photo of the gallery by its id.
#[tokio::test]
async fn an_order_link_shows_no_thumbnail_of_photos_it_does_not_name() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        assert_eq!(add(&app, &ana, None, &shop.bundle).await.0, StatusCode::OK);
        let form = json!({ "slug": "garden", "form": { "name": "Ana Client", "email": "ana@example.com", "method": "Invoice" } });
        assert_eq!(place_order(&app, &ana, form).await.0, StatusCode::OK);
        let token = order_token(&app, "ana@example.com").await;
        for image in &images {
            let path = format!("/order-files/{token}/{image}/thumb");
            assert_eq!(status(&app, &app.stranger(), &path).await, StatusCode::NOT_FOUND, "{path}");
        }
    })
    .await;
}

/// What was paid for stays the buyer's: a photo the photographer deletes after selling it by
/// name keeps its file and thumbnail on the order, in its ZIP too; a whole-gallery licence covers
/// the photos the gallery still shows; and a whole-gallery licence already bought is not sold
/// again.
#[tokio::test]
async fn a_sold_photo_deleted_later_stays_on_its_order_and_a_bundle_is_not_sold_twice() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let (sold, other) = (images[1].as_str(), images[2].as_str());
        assert_eq!(add(&app, &ana, Some(sold), &shop.commercial).await.0, StatusCode::OK);
        assert_eq!(add(&app, &ana, None, &shop.bundle).await.0, StatusCode::OK);
        let token = checkout_paid_by_invoice(&app, &ana, &gallery).await;

        // The bundle and the photo's licence, bought: neither is sold again.
        let (code, text) = add(&app, &ana, None, &shop.bundle).await;
        assert_eq!(code, StatusCode::FORBIDDEN, "{text}");
        assert!(text.contains("already bought this licence for the whole gallery"), "{text}");
        let (code, text) = add(&app, &ana, Some(sold), &shop.commercial).await;
        assert_eq!(code, StatusCode::FORBIDDEN, "{text}");
        assert!(text.contains("already bought this licence for this photo"), "{text}");
        // The page is told the whole-gallery licence once, and each photo's own licence by the
        // photo: never the gallery's every photo (10,000 entries in a wedding season's page).
        let access: Value = crate::support::call_with(&ana, &app.base, "client/access", &[("slug", "garden")])
            .await
            .json()
            .await
            .expect("access");
        assert_eq!(access["bought"].as_array().map(Vec::len), Some(1), "{access}");
        assert_eq!(access["bought"][0][0], sold, "{access}");
        let bought_gallery = access["bought_gallery"].as_array().expect("the whole-gallery licences");
        assert_eq!(bought_gallery.iter().filter(|size| !size.is_null()).count(), 1, "{access}");

        // Both photos deleted from the gallery.
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": [sold, other] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        let buyer = app.stranger();
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{sold}/original")).await, StatusCode::OK);
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{sold}/thumb")).await, StatusCode::OK);
        // The photo only the whole-gallery licence covered stays the buyer's too: she bought
        // the gallery as she saw it (and its licence names it).
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{other}/hd")).await, StatusCode::OK);
        let zip = buyer.get(app.url(&format!("/order-files/{token}/zip"))).send().await.expect("zip");
        assert_eq!(zip.status(), StatusCode::OK);
        let bytes = zip.bytes().await.expect("body");
        let names = crate::support::zip_names(&bytes);
        assert_eq!(
            names.iter().filter(|n| n.ends_with(".jpg")).count(),
            images.len() + 1,
            "the sold original and every covered photo's HD, deleted or not: {names:?}"
        );
    })
    .await;
}

/// A buyer's original archived since they bought it is restored from the gallery page as from
/// the order page: the emailed link still knows what they bought (the orders' secrets are not
/// kept with the request, their ids are).
#[tokio::test]
async fn a_bought_original_archived_since_is_restored_from_the_gallery_page() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let bought = images[0].as_str();
        assert_eq!(add(&app, &ana, Some(bought), &shop.commercial).await.0, StatusCode::OK);
        let token = checkout_paid_by_invoice(&app, &ana, &gallery).await;
        assert_eq!(app.call("galleries/archive", &[("id", &gallery)]).await.status(), StatusCode::OK);
        app.run_jobs().await;
        assert_eq!(status(&app, &ana, &format!("/download/{bought}/original")).await, StatusCode::UNAUTHORIZED);

        let wish = json!({ "target": { "Image": bought }, "size": "Original" });
        let asked = post_json(
            &ana,
            &app.base,
            "restore/ask",
            json!({ "slug": "garden", "wish": wish, "email": "ana@example.com" }),
        )
        .await;
        assert_eq!(asked.status(), StatusCode::OK, "{}", asked.text().await.unwrap_or_default());
        app.run_jobs().await;
        let restore = app.emailed_token("ana@example.com", "/restored/").await;
        let restored = app.stranger().get(app.url(&format!("/restored/{restore}"))).send().await.expect("get");
        assert_eq!(restored.status(), StatusCode::OK);
        let garden = std::fs::read(crate::support::corpus("demo/garden.jpg")).expect("corpus");
        assert_eq!(restored.bytes().await.expect("body").to_vec(), garden);

        // Found damaged in storage later: the order's ZIP says so, as its single file does,
        // instead of breaking partway at the photo's checksum.
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
        let db = &app.state.ctx.db;
        let found = backend::entities::image::Entity::find_by_id(uuid::Uuid::parse_str(bought).expect("uuid"))
            .one(db)
            .await
            .expect("read")
            .expect("row");
        let mut broken: backend::entities::image::ActiveModel = found.into();
        broken.damaged_at = Set(Some(chrono::Utc::now()));
        broken.update(db).await.expect("mark damaged");
        for path in [format!("/order-files/{token}/zip"), format!("/order-files/{token}/{bought}/original")] {
            let (code, text) = text_of(app.stranger().get(app.url(&path)).send().await.expect("get")).await;
            assert_eq!(code, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
            assert!(text.contains("damaged in storage"), "{path}: {text}");
        }
    })
    .await;
}

/// A gallery where licences were ordered stays: its orders are records of sales and the buyers'
/// way to their files, paid or not.
#[tokio::test]
async fn a_shop_with_orders_cannot_be_deleted() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let sold = images[1].as_str();
        assert_eq!(add(&app, &ana, Some(sold), &shop.commercial).await.0, StatusCode::OK);
        let cart: Value =
            post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        let form = json!({ "slug": "garden", "form": { "name": "Ana", "email": "ana@example.com", "method": "Invoice", "seen": cart["seen"] } });
        assert_eq!(place_order(&app, &ana, form).await.0, StatusCode::OK);
        let token = order_token(&app, "ana@example.com").await;
        // Ben has a licence in his cart meanwhile: a refused delete leaves it there.
        let ben = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        assert_eq!(add(&app, &ben, Some(images[2].as_str()), &shop.commercial).await.0, StatusCode::OK);

        for paid in [false, true] {
            if paid {
                let order = order_row(&app).await;
                let change = json!({ "id": gallery, "order": order.id, "change": "MarkPaid" });
                assert_eq!(app.call_json("store/orders/change", change).await.status(), StatusCode::OK);
            }
            let (code, text) = text_of(app.call("galleries/delete", &[("id", &gallery)]).await).await;
            assert_eq!(code, StatusCode::CONFLICT, "{text}");
            assert!(text.contains("Licences were ordered in this gallery"), "{text}");
            assert_eq!(status(&app, &ana, "/g/garden").await, StatusCode::OK, "the shop stays open");
        }
        let cart: Value =
            post_json(&ben, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        assert_eq!(cart["lines"].as_array().map(Vec::len), Some(1), "{cart}");
        let buyer = app.stranger();
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{sold}/original")).await, StatusCode::OK);
    })
    .await;
}

/// A whole-gallery licence covers the photos its buyer could see when ordering, not photos added
/// after they paid. The licence terms name the photos it covers, the page knows which photos it
/// does not, and those can be bought one by one.
#[tokio::test]
async fn a_whole_gallery_licence_covers_the_photos_its_buyer_saw_when_ordering() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        assert_eq!(add(&app, &ana, None, &shop.bundle).await.0, StatusCode::OK);
        let token = checkout_paid_by_invoice(&app, &ana, &gallery).await;

        // Added to a new set, after she paid.
        let later = app.upload_ok_bytes(&gallery, "later.jpg", crate::support::tiny_jpeg(40)).await;
        let couple = app.make_set(&gallery, "Couple only").await;
        app.move_image(&gallery, &later, &couple).await;
        app.run_jobs().await;

        let buyer = app.stranger();
        for seen in &images {
            assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{seen}/hd")).await, StatusCode::OK);
            assert_eq!(status(&app, &ana, &format!("/download/{seen}/hd")).await, StatusCode::OK);
        }
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{later}/hd")).await, StatusCode::NOT_FOUND);
        assert!(status(&app, &ana, &format!("/download/{later}/hd")).await.is_client_error());
        let out = order_zip(&app, &buyer, &token).await;
        let names: Vec<&str> = out.lines().take(5).collect();
        assert_eq!(
            names,
            ["garden-hd.jpg", "photo-000-hd.jpg", "photo-001-hd.jpg", "LICENCE.txt", "SHA256SUMS.txt"],
            "{out}"
        );
        assert!(
            out.contains("    - garden-hd.jpg\r\n    - photo-000-hd.jpg\r\n    - photo-001-hd.jpg\r\n"),
            "the licence names what it covers: {out}"
        );
        assert!(!out.contains("later.jpg"), "{out}");
        // The photographer's log names the order's downloads as the buyer's, not their own.
        let csv =
            app.client.get(app.url(&format!("/export/galleries/{gallery}/downloads.csv"))).send().await.expect("csv");
        let csv = csv.text().await.expect("text");
        assert!(csv.contains("ana@example.com,Buyer (order page),,garden.jpg,HD · 1920 px"), "{csv}");
        assert!(!csv.contains("Photographer"), "{csv}");

        // The page knows the photo the licence does not cover, and sells it on its own.
        let access: Value = crate::support::call_with(&ana, &app.base, "client/access", &[("slug", "garden")])
            .await
            .json()
            .await
            .expect("access");
        let uncovered = access["uncovered"].as_array().expect("uncovered");
        assert_eq!(uncovered.len(), 1, "{access}");
        assert_eq!(uncovered[0][0], later.as_str(), "{access}");
        let (code, text) = add(&app, &ana, Some(&later), &shop.personal).await;
        assert_eq!(code, StatusCode::OK, "{text}");
        let (code, text) = add(&app, &ana, Some(&images[0]), &shop.personal).await;
        assert_eq!(code, StatusCode::FORBIDDEN, "the HD of a covered photo is bought already: {text}");

        // The photographer deletes a covered photo: bought, it stays the buyer's, in the order's
        // ZIP and on its own, and is never purged (its original with it).
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": [images[0]] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{}/hd", images[0])).await, StatusCode::OK);
        let out = order_zip(&app, &buyer, &token).await;
        assert_eq!(out.lines().take(3).filter(|l| l.ends_with("-hd.jpg")).count(), 3, "{out}");
        let months_later = chrono::Utc::now() + chrono::Duration::days(60);
        backend::gallery::purge::purge_deleted(&app.state.ctx, months_later).await.expect("purge");
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{}/hd", images[0])).await, StatusCode::OK);
        assert!(app.live_original(&images[0]).await.is_some(), "its original is kept");
    })
    .await;
}

/// A whole-gallery licence on an invoice not yet paid holds its photos: one deleted and past its
/// 30 days is not purged, and is the buyer's once the invoice is marked paid.
#[tokio::test]
async fn an_unpaid_whole_gallery_order_keeps_its_photos_from_the_purge() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        assert_eq!(add(&app, &ana, None, &shop.bundle).await.0, StatusCode::OK);
        let cart: Value =
            post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
        let form = json!({ "slug": "garden", "form": { "name": "Ana", "email": "ana@example.com", "method": "Invoice", "seen": cart["seen"] } });
        let (code, text) = place_order(&app, &ana, form).await;
        assert_eq!(code, StatusCode::OK, "{text}");
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": [images[0]] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        let months_later = chrono::Utc::now() + chrono::Duration::days(60);
        backend::gallery::purge::purge_deleted(&app.state.ctx, months_later).await.expect("purge");
        let id: uuid::Uuid = images[0].parse().expect("id");
        use sea_orm::EntityTrait;
        let kept = backend::entities::image::Entity::find_by_id(id).one(&app.state.ctx.db).await.expect("query");
        assert!(kept.is_some(), "an order awaiting payment holds it");

        let order = order_row(&app).await;
        let paid =
            app.call_json("store/orders/change", json!({ "id": gallery, "order": order.id, "change": "MarkPaid" })).await;
        assert_eq!(paid.status(), StatusCode::OK);
        let token = order_token(&app, "ana@example.com").await;
        let buyer = app.stranger();
        assert_eq!(status(&app, &buyer, &format!("/order-files/{token}/{}/hd", images[0])).await, StatusCode::OK);
    })
    .await;
}

/// A photo whose watermark burn failed for a day stays ready: visitors of previews never see it
/// clean, but the photographer keeps it (their previews and downloads), the editor says why, and
/// the same file uploaded again mends it.
#[tokio::test]
async fn a_watermark_given_up_on_hides_the_photo_from_previews_only() {
    use backend::jobs::JobKind;
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        app.open_shop(&gallery).await;
        let big = &images[0];
        let id: uuid::Uuid = big.parse().expect("uuid");
        use sea_orm::EntityTrait;
        unmark(&app, big).await;
        backend::store::watermark::WatermarkImage { image_id: id }.give_up(&app.state.ctx).await.expect("give up");

        let visitor = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        assert_eq!(status(&app, &visitor, &format!("/media/{big}/wm/480")).await, StatusCode::NOT_FOUND);
        assert_eq!(
            status(&app, &app.client, &format!("/media/{big}/1600")).await,
            StatusCode::OK,
            "the owner's preview"
        );
        assert_eq!(status(&app, &app.client, &format!("/download/{big}/original")).await, StatusCode::OK);
        let row =
            backend::entities::image::Entity::find_by_id(id).one(&app.state.ctx.db).await.expect("db").expect("row");
        assert_eq!(row.status, "ready");
        assert!(row.failure.as_deref().is_some_and(|why| why.contains("Upload the file again")), "{row:?}");

        let mended = app.upload(&gallery, "demo/garden.jpg").await;
        assert_eq!(mended.status(), StatusCode::CREATED, "the same file mends it");
        app.run_jobs().await;
        let row =
            backend::entities::image::Entity::find_by_id(id).one(&app.state.ctx.db).await.expect("db").expect("row");
        assert!(row.failure.is_none() && row.watermark_version.is_some(), "{row:?}");
        assert_eq!(status(&app, &visitor, &format!("/media/{big}/wm/480")).await, StatusCode::OK);
    })
    .await;
}

/// A buyer ordering photo after photo is no stranger asking for mail: four orders within the hour
/// are placed (each mails its link), where a sign-in link would stop at three.
#[tokio::test]
async fn a_buyer_places_order_after_order() {
    for_each_db(|app| async move {
        let (gallery, images) = shop_gallery(&app).await;
        let shop = app.open_shop(&gallery).await;
        let ana = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let wanted = [(&images[0], &shop.personal), (&images[1], &shop.personal), (&images[2], &shop.personal), (&images[0], &shop.commercial)];
        for (image, licence) in wanted {
            let (code, text) = add(&app, &ana, Some(image), licence).await;
            assert_eq!(code, StatusCode::OK, "{text}");
            let cart: Value =
                post_json(&ana, &app.base, "store/cart", json!({ "slug": "garden" })).await.json().await.expect("cart");
            let form = json!({ "slug": "garden", "form": { "name": "Ana", "email": "ana@example.com", "method": "Invoice", "seen": cart["seen"] } });
            let (code, text) = place_order(&app, &ana, form).await;
            assert_eq!(code, StatusCode::OK, "{text}");
        }
        assert_eq!(app.mail_to("ana@example.com").await.len(), 4);
    })
    .await;
}
