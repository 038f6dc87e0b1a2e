//! Galleries and sets over their server functions, including refusals to strangers.

use crate::support::{call_with, for_each_db};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn gallery_and_set_crud() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Anna & Tom — Wedding", "").await;
        let view = app.editor(&gallery).await;
        assert_eq!(view["title"], "Anna & Tom — Wedding");
        assert_eq!(view["slug"], "anna-and-tom-wedding");
        assert_eq!(view["status"], "Draft");
        assert_eq!(view["event_date"], "2026-06-14");

        // A second gallery with the same title gets its own link.
        let second = app.create_gallery("Anna & Tom — Wedding", "").await;
        assert_eq!(app.editor(&second).await["slug"], "anna-and-tom-wedding-2");
        // A taken link chosen by hand is refused with a sentence.
        let taken =
            app.call("galleries/create", &[("title", "X"), ("slug", "anna-and-tom-wedding"), ("event_date", "")]).await;
        assert_eq!(taken.status(), StatusCode::CONFLICT);
        assert!(taken.text().await.expect("body").contains("already taken"));

        // Edit details.
        let update = app
            .call(
                "galleries/update",
                &[("id", &gallery), ("title", "The Wedding"), ("slug", "the-wedding"), ("event_date", "")],
            )
            .await;
        assert_eq!(update.status(), StatusCode::OK);
        let view = app.editor(&gallery).await;
        assert_eq!(
            (view["title"].as_str(), view["slug"].as_str(), view["event_date"].is_null()),
            (Some("The Wedding"), Some("the-wedding"), true)
        );

        // Sets: create, rename, reorder, delete.
        let mut ids = Vec::new();
        for name in ["Ceremony", "Portraits", "Party"] {
            let response = app.call("sets/create", &[("gallery", &gallery), ("name", name)]).await;
            assert_eq!(response.status(), StatusCode::OK);
            ids.push(response.json::<String>().await.expect("set id"));
        }
        let names = |view: &Value| {
            view["sets"]
                .as_array()
                .expect("sets")
                .iter()
                .map(|s| s["name"].as_str().unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&app.editor(&gallery).await), ["Ceremony", "Portraits", "Party"]);
        assert_eq!(
            app.call("sets/shift", &[("gallery", &gallery), ("set", &ids[2]), ("offset", "-2")]).await.status(),
            StatusCode::OK
        );
        assert_eq!(names(&app.editor(&gallery).await), ["Party", "Ceremony", "Portraits"]);
        assert_eq!(
            app.call("sets/rename", &[("gallery", &gallery), ("set", &ids[0]), ("name", "Vows")]).await.status(),
            StatusCode::OK
        );
        assert_eq!(app.call("sets/delete", &[("gallery", &gallery), ("set", &ids[1])]).await.status(), StatusCode::OK);
        assert_eq!(names(&app.editor(&gallery).await), ["Party", "Vows"]);
        let empty = app.call("sets/create", &[("gallery", &gallery), ("name", "  ")]).await;
        assert_eq!(empty.status(), StatusCode::BAD_REQUEST);

        // The studio's list shows both galleries.
        let list: Value = app.call("galleries/list", &[]).await.json().await.expect("json");
        assert_eq!(list.as_array().map(Vec::len), Some(2));
    })
    .await;
}

#[tokio::test]
async fn strangers_cannot_see_or_change_a_studio_gallery() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Private", "private-one").await;
        let image = app.upload_ok(&gallery, "demo/aqua.jpg").await;
        app.run_jobs().await;

        // Not signed in: 401 on studio functions.
        let anonymous = app.stranger();
        let response = call_with(&anonymous, &app.base, "galleries/editor", &[("id", &gallery)]).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

        // Another studio: the gallery is "not found", exactly like a random id.
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "other@example.com").await;
        let theirs = call_with(&other, &app.base, "galleries/editor", &[("id", &gallery)]).await;
        let random =
            call_with(&other, &app.base, "galleries/editor", &[("id", "0191d3c4-0000-7000-8000-000000000000")]).await;
        assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
        assert_eq!(random.status(), StatusCode::NOT_FOUND);
        assert_eq!(theirs.text().await.expect("body"), random.text().await.expect("body"));
        for (endpoint, form) in [
            ("galleries/update", vec![("id", gallery.as_str()), ("title", "Hacked"), ("slug", ""), ("event_date", "")]),
            ("galleries/publish", vec![("id", gallery.as_str()), ("published", "true")]),
            ("sets/create", vec![("gallery", gallery.as_str()), ("name", "Mine")]),
        ] {
            let response = call_with(&other, &app.base, endpoint, &form).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{endpoint}");
        }
        let delete = other
            .post(app.url("/api/images/delete"))
            .json(&json!({ "gallery": gallery, "images": [image] }))
            .send()
            .await
            .expect("request");
        assert_eq!(delete.status(), StatusCode::NOT_FOUND);
        let upload = other
            .post(app.url(&format!("/api/galleries/{gallery}/images")))
            .header("X-File-Name", "x.jpg")
            .body(tokio::fs::read(crate::support::corpus("demo/dune.jpg")).await.expect("file"))
            .send()
            .await
            .expect("request");
        assert_eq!(upload.status(), StatusCode::NOT_FOUND);
        // Nothing changed.
        let view = app.editor(&gallery).await;
        assert_eq!(view["title"], "Private");
        assert_eq!(view["images"].as_array().map(Vec::len), Some(1));
        assert_eq!(app.image_rows().await, 1);
    })
    .await;
}

#[tokio::test]
async fn images_move_reorder_delete_and_restore() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Arrange", "").await;
        let a = app.upload_ok(&gallery, "demo/aqua.jpg").await;
        let b = app.upload_ok(&gallery, "demo/dune.jpg").await;
        let c = app.upload_ok(&gallery, "demo/wood.jpg").await;
        let set: String =
            app.call("sets/create", &[("gallery", &gallery), ("name", "Details")]).await.json().await.expect("id");
        let order = |view: &Value| {
            view["images"]
                .as_array()
                .expect("images")
                .iter()
                .map(|i| i["card"]["id"].as_str().unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(order(&app.editor(&gallery).await), [a.clone(), b.clone(), c.clone()]);

        let moved = app.call_json("images/move", json!({ "gallery": gallery, "images": [b], "set": set })).await;
        assert_eq!(moved.status(), StatusCode::OK);
        let view = app.editor(&gallery).await;
        assert_eq!(view["images"][1]["card"]["set_id"], set.as_str());

        // Moving is within the image's own set (visitors see set by set): c passes a, not b.
        assert_eq!(
            app.call_json("images/shift", json!({ "gallery": gallery, "image": c, "offset": -2 })).await.status(),
            StatusCode::OK
        );
        assert_eq!(order(&app.editor(&gallery).await), [c.clone(), b.clone(), a.clone()]);
        assert_eq!(
            app.call_json("images/shift", json!({ "gallery": gallery, "image": a, "offset": -1 })).await.status(),
            StatusCode::OK
        );
        assert_eq!(order(&app.editor(&gallery).await), [a.clone(), b.clone(), c.clone()]);
        // b is alone in its set: nothing to pass.
        assert_eq!(
            app.call_json("images/shift", json!({ "gallery": gallery, "image": b, "offset": 1 })).await.status(),
            StatusCode::OK
        );
        assert_eq!(order(&app.editor(&gallery).await), [a.clone(), b.clone(), c.clone()]);

        assert_eq!(
            app.call_json("images/delete", json!({ "gallery": gallery, "images": [a] })).await.status(),
            StatusCode::OK
        );
        let view = app.editor(&gallery).await;
        assert_eq!(order(&view), [b.clone(), c.clone()]);
        assert_eq!(view["deleted"][0]["card"]["id"], a.as_str());
        assert_eq!(
            app.call_json("images/restore", json!({ "gallery": gallery, "images": [a] })).await.status(),
            StatusCode::OK
        );
        assert_eq!(order(&app.editor(&gallery).await), [a, b, c]);

        // Removing the set leaves its image in the gallery, unassigned.
        assert_eq!(app.call("sets/delete", &[("gallery", &gallery), ("set", &set)]).await.status(), StatusCode::OK);
        let view = app.editor(&gallery).await;
        assert!(view["images"].as_array().expect("images").iter().all(|i| i["card"]["set_id"].is_null()));
    })
    .await;
}

/// The order holds whatever happens around it: Undo puts deleted photos back beside the photo
/// they followed, however the others moved meanwhile; three steps sent at once move a photo three
/// places; a batch with a photo deleted meanwhile is still put in order; and "put at place" in a
/// set's view takes photos ticked in another set into the set on show.
#[tokio::test]
async fn the_order_holds_through_undo_steps_at_once_and_places_in_a_set() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Order", "").await;
        let mut ids = Vec::new();
        for n in 0..8u32 {
            let made = app.upload_bytes(&gallery, &format!("IMG_{n}.jpg"), crate::support::tiny_jpeg(n + 1)).await;
            let body: Value = made.json().await.expect("json");
            ids.push(body["image"]["id"].as_str().expect("id").to_owned());
        }
        let names = |view: Value| {
            view["images"]
                .as_array()
                .expect("images")
                .iter()
                .map(|i| {
                    i["card"]["file_name"]
                        .as_str()
                        .unwrap_or_default()
                        .trim_start_matches("IMG_")
                        .trim_end_matches(".jpg")
                        .to_owned()
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let call = |endpoint: &'static str, body: Value| {
            let app = &app;
            async move { app.call_json(endpoint, body).await.status() }
        };
        assert_eq!(names(app.editor(&gallery).await), "0 1 2 3 4 5 6 7");
        let deleted = call("images/delete", json!({ "gallery": gallery, "images": [ids[2], ids[3]] })).await;
        assert_eq!(deleted, StatusCode::OK);
        let moved = call("images/shift", json!({ "gallery": gallery, "image": ids[7], "offset": -7 })).await;
        assert_eq!(moved, StatusCode::OK);
        assert_eq!(names(app.editor(&gallery).await), "7 0 1 4 5 6");
        let sorted = call("images/sort", json!({ "gallery": gallery, "by": "Upload" })).await;
        assert_eq!(sorted, StatusCode::OK);
        let moved = call("images/shift", json!({ "gallery": gallery, "image": ids[7], "offset": -7 })).await;
        assert_eq!(moved, StatusCode::OK);
        let restored = call("images/restore", json!({ "gallery": gallery, "images": [ids[2], ids[3]] })).await;
        assert_eq!(restored, StatusCode::OK);
        assert_eq!(names(app.editor(&gallery).await), "7 0 1 2 3 4 5 6", "back after 1, where they were");

        // Three steps at once, as a key pressed three times quickly sends them.
        let step = || call("images/shift", json!({ "gallery": gallery, "image": ids[7], "offset": 1 }));
        let (a, b, c) = tokio::join!(step(), step(), step());
        assert_eq!((a, b, c), (StatusCode::OK, StatusCode::OK, StatusCode::OK));
        assert_eq!(names(app.editor(&gallery).await), "0 1 2 7 3 4 5 6");

        // A batch put in file order after one of its photos was deleted meanwhile.
        assert_eq!(call("images/delete", json!({ "gallery": gallery, "images": [ids[1]] })).await, StatusCode::OK);
        let batch = json!([ids[0], ids[1], ids[2], ids[3], ids[7]]);
        assert_eq!(call("images/arrange", json!({ "gallery": gallery, "images": batch })).await, StatusCode::OK);
        assert_eq!(names(app.editor(&gallery).await), "0 2 3 7 4 5 6");

        // A photo ticked in the gallery at large, put at place 2 of a set's view, joins it there.
        let set: String =
            app.call("sets/create", &[("gallery", &gallery), ("name", "Details")]).await.json().await.expect("id");
        assert_eq!(
            call("images/move", json!({ "gallery": gallery, "images": [ids[5], ids[6]], "set": set })).await,
            StatusCode::OK
        );
        let put = json!({ "gallery": gallery, "images": [ids[0]], "show": set, "position": 2 });
        assert_eq!(call("images/place", put).await, StatusCode::OK);
        let in_set = app.photos(&gallery, &set, 0).await;
        assert_eq!(names(in_set), "5 0 6");
    })
    .await;
}

/// Putting photos in order at once: a batch in file order in the places it holds (what the
/// uploader does after parallel uploads), the whole gallery by name (as people count) or by
/// upload; nobody else may, and only this gallery's photos.
#[tokio::test]
async fn photos_are_arranged_in_place_and_sorted_by_name_or_upload() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Arrange", "").await;
        // Uploaded out of order, as parallel uploads finish.
        let mut ids = std::collections::HashMap::new();
        for (name, seed) in [("IMG_10.jpg", 1), ("IMG_2.jpg", 2), ("cover.jpg", 3), ("IMG_1.jpg", 4)] {
            let made = app.upload_bytes(&gallery, name, crate::support::tiny_jpeg(seed)).await;
            let body: Value = made.json().await.expect("json");
            ids.insert(name, body["image"]["id"].as_str().expect("id").to_owned());
        }
        let names = |view: &Value| {
            view["images"]
                .as_array()
                .expect("images")
                .iter()
                .map(|i| i["card"]["file_name"].as_str().unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&app.editor(&gallery).await), ["IMG_10.jpg", "IMG_2.jpg", "cover.jpg", "IMG_1.jpg"]);
        // The batch of three IMG files in file order, in the places they hold; cover.jpg stays third.
        let batch = json!([ids["IMG_1.jpg"], ids["IMG_2.jpg"], ids["IMG_10.jpg"]]);
        let arranged = app.call_json("images/arrange", json!({ "gallery": gallery, "images": batch })).await;
        assert_eq!(arranged.status(), StatusCode::OK);
        assert_eq!(names(&app.editor(&gallery).await), ["IMG_1.jpg", "IMG_2.jpg", "cover.jpg", "IMG_10.jpg"]);

        let sort = |by: &'static str| app.call_json("images/sort", json!({ "gallery": gallery, "by": by }));
        assert_eq!(sort("FileName").await.status(), StatusCode::OK);
        assert_eq!(names(&app.editor(&gallery).await), ["cover.jpg", "IMG_1.jpg", "IMG_2.jpg", "IMG_10.jpg"]);
        assert_eq!(sort("Upload").await.status(), StatusCode::OK);
        assert_eq!(names(&app.editor(&gallery).await), ["IMG_10.jpg", "IMG_2.jpg", "cover.jpg", "IMG_1.jpg"]);
        // No capture times in these files: time taken falls back to the name.
        assert_eq!(sort("CaptureTime").await.status(), StatusCode::OK);
        assert_eq!(names(&app.editor(&gallery).await), ["cover.jpg", "IMG_1.jpg", "IMG_2.jpg", "IMG_10.jpg"]);

        // Another studio's gallery, a visitor, or a photo of another gallery: refused.
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "ben@example.com").await;
        let theirs = crate::support::post_json(
            &other,
            &app.base,
            "images/sort",
            json!({ "gallery": gallery, "by": "FileName" }),
        )
        .await;
        assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
        let visitor = app.stranger();
        let anonymous = crate::support::post_json(
            &visitor,
            &app.base,
            "images/arrange",
            json!({ "gallery": gallery, "images": batch }),
        )
        .await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        let elsewhere = app.create_gallery("Other", "").await;
        let stray = app.upload_bytes(&elsewhere, "stray.jpg", crate::support::tiny_jpeg(9)).await;
        let stray: Value = stray.json().await.expect("json");
        let mixed = json!([ids["IMG_1.jpg"], stray["image"]["id"]]);
        let refused = app.call_json("images/arrange", json!({ "gallery": gallery, "images": mixed })).await;
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        assert!(refused.text().await.expect("body").contains("no longer in this gallery"));
        assert_eq!(names(&app.editor(&gallery).await), ["cover.jpg", "IMG_1.jpg", "IMG_2.jpg", "IMG_10.jpg"]);
    })
    .await;
}

#[tokio::test]
async fn studio_branding_shows_on_its_galleries() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Branded", "branded").await;
        app.upload_ok(&gallery, "demo/dune.jpg").await;
        app.run_jobs().await;
        app.publish_publicly(&gallery).await;
        let bad = app
            .call(
                "studio/update",
                &[("name", "Dune Studio"), ("accent_color", "red;}"), ("contact_email", "hi@dune.example")],
            )
            .await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        let saved = app
            .call(
                "studio/update",
                &[("name", "Dune Studio"), ("accent_color", "#1E6091"), ("contact_email", "Hi@Dune.example")],
            )
            .await;
        assert_eq!(saved.status(), StatusCode::OK);
        let settings: Value = app.call("studio/settings", &[]).await.json().await.expect("json");
        assert_eq!(
            (settings["name"].as_str(), settings["accent_color"].as_str()),
            (Some("Dune Studio"), Some("#1e6091"))
        );
        let html = app.stranger().get(app.url("/g/branded")).send().await.expect("req").text().await.expect("body");
        assert!(html.contains("--accent:#1e6091"));
        assert!(html.contains("Dune Studio"));
        assert!(html.contains("mailto:hi@dune.example"));
        // A pale accent is kept as chosen, but the gallery shows it darkened until white text
        // reads on it (4.5:1).
        let pale = [("name", "Dune Studio"), ("accent_color", "#ffd54f"), ("contact_email", "hi@dune.example")];
        assert_eq!(app.call("studio/update", &pale).await.status(), StatusCode::OK);
        let settings: Value = app.call("studio/settings", &[]).await.json().await.expect("json");
        assert_eq!(settings["accent_color"], "#ffd54f");
        let html = app.stranger().get(app.url("/g/branded")).send().await.expect("req").text().await.expect("body");
        let shown = html.split("--accent:").nth(1).expect("an accent").get(..7).expect("#rrggbb").to_owned();
        assert_ne!(shown, "#ffd54f");
        let rgb = domain::brand::rgb(&shown).expect("a colour");
        assert!(domain::brand::contrast_on_white(rgb) >= 4.5, "{shown}");
        // Another visitor cannot read or change a studio's settings.
        assert_eq!(
            call_with(&app.stranger(), &app.base, "studio/settings", &[]).await.status(),
            StatusCode::UNAUTHORIZED
        );
    })
    .await;
}

#[tokio::test]
async fn a_studio_logo_is_made_small_and_shown_on_its_galleries() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("With logo", "with-logo").await;
        app.publish_publicly(&gallery).await;
        let logo =
            |client: &reqwest::Client, bytes: Vec<u8>| client.post(app.url("/api/studio/logo")).body(bytes).send();
        let read = |p: &str| std::fs::read(crate::support::corpus(p)).expect("corpus file");
        // Strangers cannot set one; a non-image is refused with a sentence.
        assert_eq!(logo(&app.stranger(), read("demo/aqua.jpg")).await.expect("req").status(), StatusCode::UNAUTHORIZED);
        let refused = logo(&app.client, read("bad/text-named.jpg")).await.expect("req");
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text().await.expect("body").contains("logo could not be used"));
        // A small file claiming a huge picture (30 megapixels of nothing, a few hundred kB) is
        // refused from its header, before anything is decoded.
        let mut png = std::io::Cursor::new(Vec::new());
        image::RgbImage::new(6000, 5000).write_to(&mut png, image::ImageFormat::Png).expect("encode");
        let refused = logo(&app.client, png.into_inner()).await.expect("req");
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let said = refused.text().await.expect("body");
        assert!(said.contains("6000 × 5000") && said.contains("at most 25 megapixels"), "{said}");
        // A photo becomes a 512 px JPEG logo with a versioned public URL.
        assert_eq!(logo(&app.client, read("demo/wood.jpg")).await.expect("req").status(), StatusCode::NO_CONTENT);
        let settings: Value = app.call("studio/settings", &[]).await.json().await.expect("json");
        let url = settings["logo_url"].as_str().expect("a logo url").to_owned();
        let served = app.stranger().get(app.url(&url)).send().await.expect("req");
        assert_eq!(served.status(), StatusCode::OK);
        assert!(served.headers()["cache-control"].to_str().expect("ascii").contains("immutable"));
        let decoded = image::load_from_memory(&served.bytes().await.expect("bytes")).expect("jpeg");
        assert_eq!((decoded.width(), decoded.height()), (512, 384));
        let html = app.stranger().get(app.url("/g/with-logo")).send().await.expect("req").text().await.expect("body");
        assert!(html.contains(&url));
        // Another version's address (an older mail's) gets today's logo, not cached for good.
        let (base, _) = url.rsplit_once('/').expect("versioned");
        let other = app.stranger().get(app.url(&format!("{base}/an-older-version"))).send().await.expect("req");
        assert_eq!(other.status(), StatusCode::OK);
        assert!(!other.headers()["cache-control"].to_str().expect("ascii").contains("immutable"));
        // Removed: gone from the page and from its URL.
        assert_eq!(app.call("studio/remove_logo", &[]).await.status(), StatusCode::OK);
        assert_eq!(app.stranger().get(app.url(&url)).send().await.expect("req").status(), StatusCode::NOT_FOUND);
    })
    .await;
}

/// A gallery's last day: visitors open it through that day and are told it has expired after;
/// the photographer still can. A day already past is refused when chosen.
#[tokio::test]
async fn gallery_last_day() {
    use sea_orm::{ActiveModelTrait, EntityTrait};
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Closing soon", "").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let visitor = app.visitor_on(&link).await;
        let save = |last_day: String| {
            let gallery = gallery.clone();
            let app = &app;
            async move {
                let form = [("id", gallery.as_str()), ("title", "Closing soon"), ("slug", ""), ("event_date", "")];
                let mut form = form.to_vec();
                form.extend([("last_day", last_day.as_str()), ("with_last_day", "true")]);
                app.call("galleries/update", &form).await
            }
        };
        let today = chrono::Utc::now().date_naive();
        let yesterday = today.pred_opt().expect("a day before");

        let past = save(yesterday.to_string()).await;
        assert_eq!(past.status(), StatusCode::BAD_REQUEST);
        assert!(past.text().await.expect("body").contains("Choose a last day from today on"));
        assert!(app.editor(&gallery).await["last_day"].is_null(), "nothing saved");

        assert_eq!(save(today.to_string()).await.status(), StatusCode::OK);
        let view = app.editor(&gallery).await;
        assert_eq!(
            (view["last_day"].as_str(), view["expired"].as_bool()),
            (Some(today.to_string().as_str()), Some(false))
        );
        let page = visitor.get(app.url(&link)).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK);

        // The day passes: the gallery's last day was yesterday, as if chosen then.
        let db = &app.state.ctx.db;
        let id = uuid::Uuid::parse_str(&gallery).expect("id");
        let mut row: backend::entities::gallery::ActiveModel =
            backend::entities::gallery::Entity::find_by_id(id).one(db).await.expect("read").expect("row").into();
        row.expires_at = sea_orm::Set(Some(backend::studio::days::end_of_last_day(chrono_tz::UTC, yesterday)));
        row.update(db).await.expect("update");

        let page = visitor.get(app.url(&link)).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::FORBIDDEN);
        assert!(page.text().await.expect("body").contains("This gallery has expired"));
        let thumb = visitor.get(app.url(&format!("/media/{image}/480"))).send().await.expect("thumb");
        assert!(thumb.status().is_client_error(), "{}", thumb.status());
        let view = app.editor(&gallery).await;
        assert_eq!(
            (view["last_day"].as_str(), view["expired"].as_bool()),
            (Some(yesterday.to_string().as_str()), Some(true))
        );
        // Saving the details again with the day the gallery already has is not refused, and the
        // gallery stays closed; a form without the field (an older page) changes nothing.
        assert_eq!(save(yesterday.to_string()).await.status(), StatusCode::OK);
        let without = app
            .call(
                "galleries/update",
                &[("id", gallery.as_str()), ("title", "Closing soon"), ("slug", ""), ("event_date", "")],
            )
            .await;
        assert_eq!(without.status(), StatusCode::OK);
        let page = visitor.get(app.url(&link)).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::FORBIDDEN, "still expired");
        // Emptying the field opens it again.
        assert_eq!(save(String::new()).await.status(), StatusCode::OK);
        let page = visitor.get(app.url(&link)).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK);
    })
    .await;
}

/// Two settings panels open on the same gallery (a phone and a desktop): each save names the
/// settings it started from, and writes only what changed since, so neither puts back what the
/// other changed. A save without it (an older client) still writes the whole panel.
#[tokio::test]
async fn a_settings_panel_saves_only_what_it_changed() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let opened = serde_json::to_value(domain::settings::GallerySettings::default()).expect("json");
        let app = &app;
        let save = |settings: Value| {
            let opened = opened.clone();
            let gallery = gallery.clone();
            async move {
                let body = json!({ "id": gallery, "settings": settings, "base": opened });
                let saved = app.call_json("access/settings", body).await;
                assert_eq!(saved.status(), StatusCode::OK, "{}", saved.text().await.unwrap_or_default());
            }
        };
        // The phone turns downloads on and sets a quota.
        let mut phone = opened.clone();
        phone["switches"]["downloads"] = json!(true);
        phone["high_res_quota"] = json!(5);
        save(phone).await;
        // The desktop, opened before, turns comments off.
        let mut desktop = opened.clone();
        desktop["switches"]["comments"] = json!(false);
        save(desktop).await;
        let view = app.editor(&gallery).await;
        let settings = &view["settings"];
        assert_eq!(settings["switches"]["downloads"], true, "{settings}");
        assert_eq!(settings["high_res_quota"], 5, "{settings}");
        assert_eq!(settings["switches"]["comments"], false, "{settings}");
    })
    .await;
}

/// A big delete by mistake comes back whole: Recently deleted lists only the newest photos, and
/// "Bring all back" restores every one. Another studio cannot.
#[tokio::test]
async fn every_deleted_photo_comes_back_at_once() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, 4).await;
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": images[..3] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        assert_eq!(app.photos(&gallery, "", 0).await["deleted_total"], 3);
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "ben@example.com").await;
        let theirs =
            crate::support::post_json(&other, &app.base, "images/restore_all", json!({ "gallery": gallery })).await;
        assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
        assert_eq!(app.photos(&gallery, "", 0).await["deleted_total"], 3);
        let back = app.call_json("images/restore_all", json!({ "gallery": gallery })).await;
        assert_eq!(back.status(), StatusCode::OK);
        let page = app.photos(&gallery, "", 0).await;
        assert_eq!(page["deleted_total"], 0, "{page}");
        assert_eq!(page["total"], 4, "{page}");
    })
    .await;
}

/// The photographer chooses the cover: the client page opens on it; deleted, the page falls back
/// to the first photo; nobody else can choose it (a visitor, another studio, a photo of another
/// gallery).
#[tokio::test]
async fn the_chosen_cover_opens_the_client_page() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Covered", "covered").await;
        let images = app.upload_tiny(&gallery, 3).await;
        app.publish_publicly(&gallery).await;
        let hero = || async {
            let html =
                app.stranger().get(app.url("/g/covered")).send().await.expect("page").text().await.expect("html");
            let at = html.find("class=\"hero-image\"").expect("a hero image");
            let tag = &html[html[..at].rfind('<').expect("tag")..];
            tag[..tag.find('>').expect("end")].to_owned()
        };
        // The studio's list shows the same cover and counts, gallery by gallery.
        let listed = || async {
            let list: Value = app.call("galleries/list", &[]).await.json().await.expect("json");
            let mut by_title: Vec<(String, Option<String>, u64)> = list
                .as_array()
                .expect("a list")
                .iter()
                .map(|g| {
                    let cover = g["cover"]["id"].as_str().map(str::to_owned);
                    (g["title"].as_str().unwrap_or_default().to_owned(), cover, g["image_count"].as_u64().unwrap_or(0))
                })
                .collect();
            by_title.sort();
            by_title
        };
        let empty = app.create_gallery("Empty", "empty").await;
        assert!(hero().await.contains(&images[0]), "the first photo until one is chosen");
        assert_eq!(
            listed().await,
            [("Covered".to_owned(), Some(images[0].clone()), 3), ("Empty".to_owned(), None, 0)],
            "the first photo until one is chosen; none for a gallery without photos ({empty})"
        );
        let chosen = app.call("galleries/cover", &[("id", &gallery), ("image", &images[2])]).await;
        assert_eq!(chosen.status(), StatusCode::OK);
        assert!(hero().await.contains(&images[2]), "{}", hero().await);
        let visitor = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let refused =
            call_with(&visitor, &app.base, "galleries/cover", &[("id", &gallery), ("image", &images[1])]).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "other@example.com").await;
        let refused = call_with(&other, &app.base, "galleries/cover", &[("id", &gallery), ("image", &images[1])]).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND);
        let elsewhere = app.create_gallery("Elsewhere", "elsewhere").await;
        let foreign = app.upload_tiny(&elsewhere, 1).await.remove(0);
        let refused = app.call("galleries/cover", &[("id", &gallery), ("image", &foreign)]).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND);
        assert!(hero().await.contains(&images[2]));
        assert_eq!(
            listed().await,
            [
                ("Covered".to_owned(), Some(images[2].clone()), 3),
                ("Elsewhere".to_owned(), Some(foreign.clone()), 1),
                ("Empty".to_owned(), None, 0),
            ]
        );
        // The cover deleted: the first photo again.
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": [images[2]] })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        assert!(hero().await.contains(&images[0]));
        assert_eq!(listed().await[0], ("Covered".to_owned(), Some(images[0].clone()), 2));
    })
    .await;
}

/// Recently deleted keeps a photo 30 days; then it goes for good, with its comments, its cover
/// place and (at the storage sweep) its files, watermarked previews too. A photo deleted lately,
/// named by a delivery set, or with a client's comment the photographer has not read, stays; one
/// named only by a delivery set since deleted goes.
#[tokio::test]
async fn deleted_photos_go_for_good_after_thirty_days_unless_someone_holds_them() {
    use backend::entities::{comment, gallery as gallery_row, image};
    use backend::storage::StorageKey;
    use domain::ids::ImageId;
    use domain::rendition::RenditionSize;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, 6).await;
        app.run_jobs().await;
        app.publish(&gallery).await;
        let (old, delivered, recent, unread) = (&images[0], &images[1], &images[2], &images[3]);
        let undelivered = &images[5];
        let visitor = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let form = [("slug", "wedding"), ("email", "ana@example.com")];
        assert_eq!(call_with(&visitor, &app.base, "downloads/email", &form).await.status(), StatusCode::OK);
        for image in [old, unread] {
            let comment = json!({ "image": image, "name": "Ana", "body": "Lovely" });
            let added = crate::support::post_json(&visitor, &app.base, "comments/add", comment).await;
            assert_eq!(added.status(), StatusCode::OK);
        }
        assert_eq!(app.call("galleries/cover", &[("id", &gallery), ("image", old)]).await.status(), StatusCode::OK);
        app.make_package(&gallery, &[delivered.as_str()]).await;
        let gone_package = app.make_package(&gallery, &[undelivered.as_str()]).await;
        let dropped = app.call_json("delivery/delete", json!({ "gallery": gallery, "package": gone_package })).await;
        assert_eq!(dropped.status(), StatusCode::OK);
        // The photographer downloads `old` before deleting it: the log keeps its name.
        let sent = app.client.get(app.url(&format!("/download/{old}/original"))).send().await.expect("download");
        assert_eq!(sent.status(), StatusCode::OK);
        let mut to_delete = images[..4].to_vec();
        to_delete.push(undelivered.clone());
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": to_delete })).await;
        assert_eq!(deleted.status(), StatusCode::OK);

        let ctx = &app.state.ctx;
        let id = |s: &String| -> uuid::Uuid { s.parse().expect("uuid") };
        // The photographer read the comment on `old`, not the one on `unread`.
        comment::Entity::update_many()
            .col_expr(comment::Column::ReadAt, Expr::value(Some(chrono::Utc::now())))
            .filter(comment::Column::ImageId.eq(id(old)))
            .exec(&ctx.db)
            .await
            .expect("read");
        let marked = StorageKey::Watermarked(ImageId(id(old)), RenditionSize::Grid480);
        ctx.storage.put_bytes(marked, b"a marked preview".to_vec()).await.expect("put");
        let now = chrono::Utc::now();
        image::Entity::update_many()
            .col_expr(image::Column::DeletedAt, Expr::value(Some(now - chrono::Duration::days(31))))
            .filter(image::Column::Id.is_in([id(old), id(delivered), id(unread), id(undelivered)]))
            .exec(&ctx.db)
            .await
            .expect("backdate");
        // 29 days after the delete it is still there to bring back.
        let day_29 = now - chrono::Duration::days(2);
        assert_eq!(backend::gallery::purge::purge_deleted(ctx, day_29).await.expect("purge"), 0, "kept 30 days");
        assert_eq!(backend::gallery::purge::purge_deleted(ctx, now).await.expect("purge"), 2);

        for gone in [old, undelivered] {
            assert!(image::Entity::find_by_id(id(gone)).one(&ctx.db).await.expect("read").is_none(), "{gone} gone");
        }
        for kept in [delivered, recent, unread, &images[4]] {
            assert!(image::Entity::find_by_id(id(kept)).one(&ctx.db).await.expect("read").is_some(), "{kept} kept");
        }
        assert_eq!(
            comment::Entity::find().filter(comment::Column::ImageId.eq(id(old))).count(&ctx.db).await.expect("count"),
            0
        );
        let row = gallery_row::Entity::find_by_id(id(&gallery)).one(&ctx.db).await.expect("read").expect("gallery");
        assert_eq!(row.cover_image_id, None);
        let page = app.photos(&gallery, "", 0).await;
        assert_eq!((page["deleted_total"].as_u64(), page["total"].as_u64()), (Some(3), Some(1)), "{page}");

        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        assert_eq!(log["lines"][0]["files"][0], "photo-000.jpg", "{log}");

        // The sweep takes its files from both tiers; the others keep theirs.
        let later = now + ctx.config.sweep_grace + chrono::Duration::days(1);
        backend::storage::sweep::sweep_storage(ctx, later).await.expect("sweep");
        for key in [
            StorageKey::Original(ImageId(id(old))),
            StorageKey::Rendition(ImageId(id(old)), RenditionSize::Grid480),
            marked,
        ] {
            assert!(ctx.storage.info(key).await.is_err(), "{key:?} removed");
        }
        for kept in [delivered, recent, unread] {
            assert!(ctx.storage.info(StorageKey::Original(ImageId(id(kept)))).await.is_ok(), "{kept}'s original kept");
        }
    })
    .await;
}
