//! Deleting a gallery over HTTP: it is gone at once by every route — for visitors on its address
//! and its links, for delivery recipients, and for its photographer, who brings it back from the
//! studio's Recently deleted galleries; after 30 days it goes for good, with its files. (What its
//! buyers keep is in `store.rs`.)

use crate::support::{TestApp, call_with, for_each_db, post_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn status(app: &TestApp, client: &Client, path: &str) -> StatusCode {
    client.get(app.url(path)).send().await.expect("request").status()
}

/// A published gallery with the public link and downloads on, two photos, and a delivery set of
/// the first with a link: answers the gallery, the photos and the delivery link's token.
async fn open_gallery(app: &TestApp) -> (String, Vec<String>, String) {
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Wedding", "wedding").await;
    let images = app.upload_tiny(&gallery, 2).await;
    app.publish_publicly(&gallery).await;
    app.save_settings(&gallery, |s| s["switches"]["downloads"] = json!(true)).await;
    let package = app.make_package(&gallery, &[images[0].as_str()]).await;
    let link = app
        .call_json(
            "delivery/link",
            json!({ "gallery": gallery, "package": package, "label": "Anna", "expires_on": null }),
        )
        .await;
    let body: Value = link.json().await.expect("json");
    let token = body["path"].as_str().expect("path").trim_start_matches("/d/").to_owned();
    (gallery, images, token)
}

/// Every way into one gallery: its client's, a guest's, a delivery recipient's and its
/// photographer's.
struct Reach<'a> {
    client: &'a Client,
    guest: &'a Client,
    recipient: &'a Client,
    gallery: &'a str,
    delivery: &'a str,
    visitors_paths: &'a [String],
    delivery_paths: &'a [String],
    owners_paths: &'a [String],
}

impl Reach<'_> {
    /// Asserts that every way answers `expected`.
    async fn check(&self, app: &TestApp, expected: StatusCode) {
        for path in self.visitors_paths {
            assert_eq!(status(app, self.client, path).await, expected, "the client's {path}");
        }
        assert_eq!(status(app, self.guest, "/g/wedding").await, expected, "a guest");
        for path in self.delivery_paths {
            assert_eq!(status(app, self.recipient, path).await, expected, "the recipient's {path}");
        }
        for path in self.owners_paths {
            assert_eq!(status(app, &app.client, path).await, expected, "the photographer's {path}");
        }
        let access = call_with(self.client, &app.base, "client/access", &[("slug", "wedding")]).await;
        assert_eq!(access.status(), expected, "the client's page data");
        let package = post_json(self.recipient, &app.base, "delivery/page", json!({ "token": self.delivery })).await;
        assert_eq!(package.status(), expected, "the package's page data");
        let editor = app.call("galleries/editor", &[("id", self.gallery)]).await;
        assert_eq!(editor.status(), expected, "the editor");
    }
}

#[tokio::test]
async fn a_deleted_gallery_is_gone_by_every_route_until_its_photographer_brings_it_back() {
    for_each_db(|app| async move {
        let (gallery, images, delivery) = open_gallery(&app).await;
        let photo = images[0].as_str();
        let link = app.make_link(&gallery, "MainClient", None).await;
        let client = app.visitor_on(&link).await;
        let form = [("slug", "wedding"), ("email", "ana@example.com")];
        assert_eq!(call_with(&client, &app.base, "downloads/email", &form).await.status(), StatusCode::OK);
        let guest = app.stranger();
        let recipient = app.stranger();
        let visitors_paths = [
            "/g/wedding".to_owned(),
            link.clone(),
            format!("/media/{photo}/480"),
            format!("/download/{photo}/hd"),
            "/zip/wedding/all/hd".to_owned(),
            "/contact-sheet/wedding/all".to_owned(),
        ];
        let delivery_paths = [
            format!("/d/{delivery}"),
            format!("/delivery-files/{delivery}/{photo}/hd"),
            format!("/delivery-files/{delivery}/zip/original"),
        ];
        let owners_paths = [
            format!("/media/{photo}/480"),
            format!("/download/{photo}/original"),
            format!("/export/galleries/{gallery}/downloads.csv"),
        ];
        let reach = Reach {
            client: &client,
            guest: &guest,
            recipient: &recipient,
            gallery: &gallery,
            delivery: &delivery,
            visitors_paths: &visitors_paths,
            delivery_paths: &delivery_paths,
            owners_paths: &owners_paths,
        };
        reach.check(&app, StatusCode::OK).await;

        // Someone else's studio can neither delete nor bring it back.
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "bob@example.com").await;
        for endpoint in ["galleries/delete", "galleries/bring_back"] {
            let refused = call_with(&other, &app.base, endpoint, &[("id", &gallery)]).await;
            assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{endpoint}");
        }
        reach.check(&app, StatusCode::OK).await;

        let deleted = app.call("galleries/delete", &[("id", &gallery)]).await;
        assert!(deleted.status().is_success() || deleted.status().is_redirection(), "{}", deleted.status());
        reach.check(&app, StatusCode::NOT_FOUND).await;
        // Nothing of it can be changed, nor added to, while it is deleted.
        let renamed = app
            .call("galleries/update", &[("id", &gallery), ("title", "Renamed"), ("slug", ""), ("event_date", "")])
            .await;
        assert_eq!(renamed.status(), StatusCode::NOT_FOUND);
        let upload = app.upload_bytes(&gallery, "late.jpg", crate::support::tiny_jpeg(9)).await;
        assert_eq!(upload.status(), StatusCode::NOT_FOUND);
        assert_eq!(app.call("galleries/delete", &[("id", &gallery)]).await.status(), StatusCode::NOT_FOUND);
        // Its address is not free for another gallery while it can still come back.
        let again =
            app.call("galleries/create", &[("title", "Wedding"), ("slug", "wedding"), ("event_date", "")]).await;
        assert_eq!(again.status(), StatusCode::CONFLICT);

        // The studio lists it among the deleted, not among its galleries.
        let listed: Value = app.call("galleries/list", &[]).await.json().await.expect("json");
        assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");
        let gone: Value = app.call("galleries/deleted", &[]).await.json().await.expect("json");
        assert_eq!(gone[0]["id"], gallery.as_str(), "{gone}");
        assert_eq!(gone[0]["image_count"].as_u64(), Some(2), "{gone}");
        let others: Value = call_with(&other, &app.base, "galleries/deleted", &[]).await.json().await.expect("json");
        assert_eq!(others.as_array().map(Vec::len), Some(0), "another studio's list: {others}");

        let restored = app.call("galleries/bring_back", &[("id", &gallery)]).await;
        assert_eq!(restored.status(), StatusCode::OK, "{}", restored.text().await.unwrap_or_default());
        reach.check(&app, StatusCode::OK).await;
        let listed: Value = app.call("galleries/list", &[]).await.json().await.expect("json");
        assert_eq!(listed[0]["id"], gallery.as_str(), "{listed}");
        let gone: Value = app.call("galleries/deleted", &[]).await.json().await.expect("json");
        assert_eq!(gone.as_array().map(Vec::len), Some(0), "{gone}");
        assert_eq!(app.call("galleries/bring_back", &[("id", &gallery)]).await.status(), StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn a_deleted_gallery_goes_for_good_after_thirty_days_with_its_files() {
    use backend::entities::{gallery as gallery_row, image};
    use backend::storage::StorageKey;
    use domain::ids::ImageId;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
    for_each_db(|app| async move {
        let (gallery, images, _) = open_gallery(&app).await;
        let kept = app.create_gallery("Engagement", "engagement").await;
        let kept_images = app.upload_tiny(&kept, 1).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let visitor = app.visitor_on(&link).await;
        let form = [("slug", "wedding"), ("email", "ana@example.com")];
        assert_eq!(call_with(&visitor, &app.base, "downloads/email", &form).await.status(), StatusCode::OK);
        let comment = json!({ "image": images[1], "name": "Ana", "body": "Lovely" });
        assert_eq!(post_json(&visitor, &app.base, "comments/add", comment).await.status(), StatusCode::OK);
        // Ana on her phone: her address is mailed a sign-in link for this gallery.
        let phone = app.visitor_on(&link).await;
        call_with(&phone, &app.base, "downloads/email", &form).await;
        assert!(!app.mail_to("ana@example.com").await.is_empty(), "a sign-in link was mailed");
        // She shares the gallery with Cleo, who never visits: Cleo's address is in the outbox.
        let share = json!({ "slug": "wedding", "form": { "sets": null, "email_to": "cleo@example.com", "note": "" } });
        assert_eq!(post_json(&visitor, &app.base, "sharing/share", share).await.status(), StatusCode::OK);
        assert!(!app.mail_to("cleo@example.com").await.is_empty());
        let deleted = app.call("galleries/delete", &[("id", &gallery)]).await;
        assert!(deleted.status().is_success() || deleted.status().is_redirection());

        let ctx = &app.state.ctx;
        let id = |s: &str| -> uuid::Uuid { s.parse().expect("uuid") };
        let now = chrono::Utc::now();
        gallery_row::Entity::update_many()
            .col_expr(gallery_row::Column::DeletedAt, Expr::value(Some(now - chrono::Duration::days(31))))
            .filter(gallery_row::Column::Id.eq(id(&gallery)))
            .exec(&ctx.db)
            .await
            .expect("backdate");
        // Past its 30 days it is being taken apart: no longer offered, nor brought back half made.
        let offered: Value = app.call("galleries/deleted", &[]).await.json().await.expect("json");
        assert_eq!(offered.as_array().map(Vec::len), Some(0), "{offered}");
        assert_eq!(app.call("galleries/bring_back", &[("id", &gallery)]).await.status(), StatusCode::NOT_FOUND);
        // 29 days after the delete it can still be brought back.
        let day_29 = now - chrono::Duration::days(2);
        assert_eq!(backend::gallery::deleted_galleries::purge(ctx, day_29).await.expect("purge"), 0, "kept 30 days");
        assert_eq!(backend::gallery::deleted_galleries::purge(ctx, now).await.expect("purge"), 1);

        assert!(gallery_row::Entity::find_by_id(id(&gallery)).one(&ctx.db).await.expect("read").is_none());
        let left = image::Entity::find().filter(image::Column::GalleryId.eq(id(&gallery))).count(&ctx.db).await;
        assert_eq!(left.expect("count"), 0, "its photos went with it");
        // And what its visitors left: their identities, comments, links and sign-in links.
        use backend::entities::{access_link, comment, email_link, person};
        let of_it = id(&gallery);
        let remains = [
            person::Entity::find().filter(person::Column::GalleryId.eq(of_it)).count(&ctx.db).await,
            comment::Entity::find().filter(comment::Column::GalleryId.eq(of_it)).count(&ctx.db).await,
            access_link::Entity::find().filter(access_link::Column::GalleryId.eq(of_it)).count(&ctx.db).await,
            email_link::Entity::find().filter(email_link::Column::GalleryId.eq(Some(of_it))).count(&ctx.db).await,
        ];
        assert_eq!(remains.map(|n| n.expect("count")), [0; 4]);
        // The record of mail about it, with its visitors' addresses, went too.
        assert!(app.mail_to("ana@example.com").await.is_empty(), "the sign-in mail's record is gone");
        assert!(app.mail_to("cleo@example.com").await.is_empty(), "the share's record is gone");
        let gone: Value = app.call("galleries/deleted", &[]).await.json().await.expect("json");
        assert_eq!(gone.as_array().map(Vec::len), Some(0), "{gone}");
        assert_eq!(app.call("galleries/bring_back", &[("id", &gallery)]).await.status(), StatusCode::NOT_FOUND);
        // Its address is free again.
        let again =
            app.call("galleries/create", &[("title", "Wedding"), ("slug", "wedding"), ("event_date", "")]).await;
        assert!(again.status().is_success() || again.status().is_redirection(), "{}", again.status());

        // The sweep takes its files; the other gallery keeps its own.
        let later = now + ctx.config.sweep_grace + chrono::Duration::days(1);
        backend::storage::sweep::sweep_storage(ctx, later).await.expect("sweep");
        for photo in &images {
            assert!(ctx.storage.info(StorageKey::Original(ImageId(id(photo)))).await.is_err(), "{photo} removed");
        }
        assert!(ctx.storage.info(StorageKey::Original(ImageId(id(&kept_images[0])))).await.is_ok());
    })
    .await;
}
