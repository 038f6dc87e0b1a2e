//! Contact sheets over HTTP: the PDF's text (pdftotext) lists the expected file names in order,
//! for all photos and for the visitor's selects; set scope and set download mode are honoured;
//! store mode keeps contact sheets and sharing while proofing is off.

use crate::support::{call_with, for_each_db, post_json};
use reqwest::StatusCode;
use serde_json::json;

/// The text `pdftotext` reads from a PDF (poppler-utils).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("sheet.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) installed");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Positions of `names` in `text`, asserting each is there once the previous was found.
fn assert_in_order(text: &str, names: &[&str]) {
    let mut from = 0;
    for name in names {
        let at = text[from..].find(name).unwrap_or_else(|| panic!("{name} missing (or out of order) in:\n{text}"));
        from += at + name.len();
    }
}

#[tokio::test]
async fn contact_sheets_list_all_or_the_selects_in_order() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Garden party", "garden").await;
        let images = app.upload_tiny(&gallery, 4).await;
        app.publish(&gallery).await;
        // Sets reorder the page: set "B" first with photo 3, then unassigned 0, 1, 2.
        let b = app.make_set(&gallery, "First set").await;
        app.move_image(&gallery, &images[3], &b).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ana = app.visitor_on(&link).await;

        let all = ana.get(app.url("/contact-sheet/garden/all")).send().await.expect("pdf");
        assert_eq!(all.status(), StatusCode::OK);
        assert_eq!(all.headers()["content-type"], "application/pdf");
        let all_headers = all.headers().clone();
        let text = pdf_text(&all.bytes().await.expect("bytes"));
        assert!(text.contains("Garden party"), "{text}");
        assert_in_order(&text, &["photo-003.jpg", "photo-000.jpg", "photo-001.jpg", "photo-002.jpg"]);

        // A HEAD is answered by the policy alone (no PDF is drawn), with the GET's status.
        let head = ana.head(app.url("/contact-sheet/garden/all")).send().await.expect("head");
        assert_eq!(
            (head.status(), head.headers()["content-type"].to_str().expect("type")),
            (StatusCode::OK, "application/pdf")
        );
        // …and the GET's headers: the name it is saved under, never kept, a sandbox.
        for name in ["content-disposition", "cache-control", "content-security-policy"] {
            assert_eq!(head.headers().get(name), all_headers.get(name), "{name}");
        }
        assert!(head.headers().get("content-length").is_none_or(|l| l != "0"), "no length it does not know");
        let stranger = app.stranger().head(app.url("/contact-sheet/garden/all")).send().await.expect("head");
        assert_eq!(stranger.status(), StatusCode::NOT_FOUND, "the gallery has no public address");

        // Selects need selects first.
        let head = ana.head(app.url("/contact-sheet/garden/selects")).send().await.expect("head");
        assert_eq!(head.status(), StatusCode::UNAUTHORIZED);
        let none = ana.get(app.url("/contact-sheet/garden/selects")).send().await.expect("pdf");
        assert_eq!(none.status(), StatusCode::UNAUTHORIZED, "an email is needed before selects");
        call_with(&ana, &app.base, "downloads/email", &[("slug", "garden"), ("email", "ana@example.com")]).await;
        let none = ana.get(app.url("/contact-sheet/garden/selects")).send().await.expect("pdf");
        assert_eq!(none.status(), StatusCode::FORBIDDEN, "no selects yet");
        for image in [&images[2], &images[3]] {
            let starred =
                post_json(&ana, &app.base, "selects/star", json!({ "image": image, "list": null, "on": true })).await;
            assert_eq!(starred.status(), StatusCode::OK);
        }
        let selects = ana.get(app.url("/contact-sheet/garden/selects")).send().await.expect("pdf");
        assert_eq!(selects.status(), StatusCode::OK);
        let text = pdf_text(&selects.bytes().await.expect("bytes"));
        assert_in_order(&text, &["photo-003.jpg", "photo-002.jpg"]);
        assert!(!text.contains("photo-000.jpg") && !text.contains("photo-001.jpg"), "{text}");

        // Off: refused, also by URL.
        app.save_settings(&gallery, |s| s["switches"]["contact_sheets"] = json!(false)).await;
        let off = ana.get(app.url("/contact-sheet/garden/all")).send().await.expect("pdf");
        assert_eq!(off.status(), StatusCode::FORBIDDEN);
        assert!(off.text().await.expect("text").contains("Contact sheets are turned off"));
    })
    .await;
}

#[tokio::test]
async fn contact_sheets_honour_set_scope_and_set_download_mode() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Garden party", "garden").await;
        let images = app.upload_tiny(&gallery, 3).await;
        app.publish(&gallery).await;
        let (one, two) = (app.make_set(&gallery, "One").await, app.make_set(&gallery, "Two").await);
        app.move_image(&gallery, &images[0], &one).await;
        app.move_image(&gallery, &images[1], &two).await;
        // A link limited to set One sees photo 0 only.
        let scoped = app.make_link(&gallery, "MainClient", Some(vec![one.as_str()])).await;
        let visitor = app.visitor_on(&scoped).await;
        let text = pdf_text(
            &visitor.get(app.url("/contact-sheet/garden/all")).send().await.expect("pdf").bytes().await.expect("b"),
        );
        assert!(
            text.contains("photo-000.jpg") && !text.contains("photo-001.jpg") && !text.contains("photo-002.jpg"),
            "{text}"
        );
        // Set download mode with Two open: the whole-gallery link's sheet is set Two's photo only.
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(true)).await;
        let allowed = app.call_json("access/set_downloads", json!({ "id": gallery, "set": two, "allow": true })).await;
        assert_eq!(allowed.status(), StatusCode::OK);
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ana = app.visitor_on(&link).await;
        let text = pdf_text(
            &ana.get(app.url("/contact-sheet/garden/all")).send().await.expect("pdf").bytes().await.expect("b"),
        );
        assert!(
            text.contains("photo-001.jpg") && !text.contains("photo-000.jpg") && !text.contains("photo-002.jpg"),
            "{text}"
        );
        // The link to set One alone then has nothing to put on a sheet, and is told why.
        let refused = visitor.get(app.url("/contact-sheet/garden/all")).send().await.expect("pdf");
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert!(refused.text().await.expect("body").contains("sets open for download"));
        // With downloads off there is no set download mode: the sheet holds all Ana sees.
        app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(false)).await;
        let text = pdf_text(
            &ana.get(app.url("/contact-sheet/garden/all")).send().await.expect("pdf").bytes().await.expect("b"),
        );
        assert!(["photo-000.jpg", "photo-001.jpg", "photo-002.jpg"].iter().all(|n| text.contains(n)), "{text}");
    })
    .await;
}

#[tokio::test]
async fn nothing_to_show_makes_no_contact_sheet() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Garden party", "garden").await;
        app.publish(&gallery).await;
        let empty_set = app.make_set(&gallery, "Later").await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ana = app.visitor_on(&link).await;
        // An empty gallery, by its address: a sentence, not an empty PDF.
        let empty = ana.get(app.url("/contact-sheet/garden/all")).send().await.expect("answer");
        assert_eq!(empty.status(), StatusCode::FORBIDDEN);
        assert!(empty.text().await.expect("text").contains("nothing to put on a contact sheet"));
        // Photos elsewhere do not help a link that sees only an empty set.
        app.upload_tiny(&gallery, 2).await;
        let scoped = app.make_link(&gallery, "MainClient", Some(vec![empty_set.as_str()])).await;
        let scoped = app.visitor_on(&scoped).await;
        let refused = scoped.get(app.url("/contact-sheet/garden/all")).send().await.expect("answer");
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        // The button asks first, and gets the same sentence to show on the page.
        let asked =
            call_with(&scoped, &app.base, "proofing/contact_sheet", &[("slug", "garden"), ("scope", "All")]).await;
        assert_eq!(asked.status(), StatusCode::FORBIDDEN);
        assert!(asked.text().await.expect("text").contains("nothing to put on a contact sheet"));
        let asked = call_with(&ana, &app.base, "proofing/contact_sheet", &[("slug", "garden"), ("scope", "All")]).await;
        assert_eq!((asked.status(), asked.text().await.expect("text")), (StatusCode::OK, "2".to_owned()));
        // Without a link (the public address is off), the gallery is not there for the check either.
        let stranger = app.stranger();
        let asked =
            call_with(&stranger, &app.base, "proofing/contact_sheet", &[("slug", "garden"), ("scope", "All")]).await;
        assert_eq!(asked.status(), StatusCode::NOT_FOUND);
        // The whole-gallery link now gets its sheet.
        let sheet = ana.get(app.url("/contact-sheet/garden/all")).send().await.expect("pdf");
        assert_eq!(sheet.status(), StatusCode::OK);
        assert_eq!(sheet.headers()["content-type"], "application/pdf");
    })
    .await;
}

#[tokio::test]
async fn store_mode_keeps_sharing_and_contact_sheets() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Garden party", "garden").await;
        app.upload_tiny(&gallery, 2).await;
        app.publish(&gallery).await;
        app.open_shop(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let ana = app.visitor_on(&link).await;
        let sheet = ana.get(app.url("/contact-sheet/garden/all")).send().await.expect("pdf");
        assert_eq!(sheet.status(), StatusCode::OK);
        let shared = post_json(
            &ana,
            &app.base,
            "sharing/share",
            json!({ "slug": "garden", "form": { "sets": null, "email_to": "", "note": "" } }),
        )
        .await;
        assert_eq!(shared.status(), StatusCode::OK);
        // Selects are off in store mode, so a sheet of selects is refused.
        let selects = ana.get(app.url("/contact-sheet/garden/selects")).send().await.expect("pdf");
        assert_eq!(selects.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

/// A contact sheet refused to a browser that navigated to it (a bookmark, a new tab) is a page
/// with the sentence and a way back to the gallery, as a refused download is; a script still
/// gets the JSON.
#[tokio::test]
async fn a_refused_contact_sheet_is_a_page_with_a_way_back() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Locked", "locked").await;
        app.upload_tiny(&gallery, 1).await;
        app.publish_publicly(&gallery).await;
        let set_it = app.call("galleries/password", &[("id", &gallery), ("password", "tulips")]).await;
        assert_eq!(set_it.status(), StatusCode::OK);
        let visitor = app.stranger();
        let navigated = visitor
            .get(app.url("/contact-sheet/locked/all"))
            .header("sec-fetch-mode", "navigate")
            .send()
            .await
            .expect("sheet");
        assert_eq!(navigated.status(), StatusCode::UNAUTHORIZED);
        assert!(navigated.headers()["content-type"].to_str().expect("type").starts_with("text/html"));
        let html = navigated.text().await.expect("html");
        assert!(html.contains("password") && html.contains(r#"href="/g/locked""#), "{html}");
        let fetched = visitor.get(app.url("/contact-sheet/locked/all")).send().await.expect("sheet");
        assert_eq!(fetched.status(), StatusCode::UNAUTHORIZED);
        assert!(fetched.headers()["content-type"].to_str().expect("type").starts_with("application/json"));
    })
    .await;
}
