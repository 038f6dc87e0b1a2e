//! The gallery password: asked once per visitor session before anything of the gallery is
//! shown — the page, its server functions and every rendition.

use crate::support::{call_with, for_each_db};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn a_password_gates_page_functions_and_media_until_given() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Locked", "locked").await;
        let set: String = app
            .call("sets/create", &[("gallery", &gallery), ("name", "Secret Ceremony")])
            .await
            .json()
            .await
            .expect("id");
        let image = app.upload_ok(&gallery, "demo/ladybird.jpg").await;
        app.call_json("images/move", serde_json::json!({ "gallery": gallery, "images": [image], "set": set })).await;
        app.run_jobs().await;
        app.publish_publicly(&gallery).await;

        let short = app.call("galleries/password", &[("id", &gallery), ("password", "abc")]).await;
        assert_eq!(short.status(), StatusCode::BAD_REQUEST);
        // Downloads on (as guests may take web sizes by default), so the gate is the password alone.
        let mut settings = serde_json::to_value(domain::settings::GallerySettings::default()).expect("json");
        settings["switches"]["downloads"] = serde_json::json!(true);
        settings["email_tracking"] = serde_json::json!(false);
        app.call_json("access/settings", serde_json::json!({ "id": gallery, "settings": settings })).await;
        let set_it = app.call("galleries/password", &[("id", &gallery), ("password", "tulips")]).await;
        assert_eq!(set_it.status(), StatusCode::OK);
        assert_eq!(app.editor(&gallery).await["has_password"], true);
        // The owner is never asked.
        assert_eq!(
            app.client.get(app.url(&format!("/media/{image}/480"))).send().await.expect("req").status(),
            StatusCode::OK
        );

        let visitor = app.stranger();
        // The page: asks for the password and gives nothing away.
        let page = visitor.get(app.url("/g/locked")).send().await.expect("req");
        assert_eq!(page.status(), StatusCode::UNAUTHORIZED);
        let html = page.text().await.expect("body");
        assert!(html.contains("This gallery is protected"));
        // Whose gallery it is: the studio's name is on the page, in its own server function too.
        assert!(html.contains("Test Studio"), "no branding: {html}");
        let brand = call_with(&visitor, &app.base, "client/password_brand", &[("back", "/g/locked")]).await;
        assert_eq!(brand.status(), StatusCode::OK);
        assert_eq!(brand.json::<Value>().await.expect("json")["name"], "Test Studio");
        // A gallery nobody may know about gives no studio away.
        let hidden = call_with(&visitor, &app.base, "client/password_brand", &[("back", "/g/no-such-gallery")]).await;
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
        for secret in [image.as_str(), "/media/", "Secret Ceremony", "ladybird"] {
            assert!(!html.contains(secret), "{secret} leaked before unlock");
        }
        // The server function and the rendition bytes: refused too.
        let data = call_with(&visitor, &app.base, "client/gallery", &[("slug", "locked")]).await;
        assert_eq!(data.status(), StatusCode::UNAUTHORIZED);
        let body = data.text().await.expect("body");
        assert!(body.contains("Password") && !body.contains(&image), "{body}");
        assert_eq!(
            visitor.get(app.url(&format!("/media/{image}/480"))).send().await.expect("req").status(),
            StatusCode::NOT_FOUND
        );

        // Downloads, one by one or as a ZIP, and the check before them: gated too. An image id
        // answers like a missing one; the gallery's own ZIP route asks for the password.
        assert_eq!(
            visitor.get(app.url(&format!("/download/{image}/hd"))).send().await.expect("req").status(),
            StatusCode::NOT_FOUND
        );
        let zip = visitor.get(app.url("/zip/locked/all/hd")).send().await.expect("req");
        assert_eq!(zip.status(), StatusCode::UNAUTHORIZED);
        assert!(!zip.text().await.expect("body").contains(&image));
        let access = call_with(&visitor, &app.base, "client/access", &[("slug", "locked")]).await;
        assert_eq!(access.status(), StatusCode::UNAUTHORIZED);

        // A wrong password: refused with a sentence, still locked.
        let wrong = call_with(&visitor, &app.base, "client/unlock", &[("slug", "locked"), ("password", "roses")]).await;
        assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
        assert!(wrong.text().await.expect("body").contains("not right"));
        assert_eq!(
            visitor.get(app.url(&format!("/media/{image}/480"))).send().await.expect("req").status(),
            StatusCode::NOT_FOUND
        );

        // The right one opens everything, for this session only. Sent as the page's plain form
        // (no script), it goes back to the photo its address named, and carries nothing else.
        let query = format!("image={image}&next=https://elsewhere.example/");
        let form = [("password", "tulips"), ("back", "/g/locked"), ("query", query.as_str())];
        let right = visitor.post(app.url("/api/client/unlock")).header("accept", "text/html").form(&form).send();
        let right = right.await.expect("unlock");
        assert!(right.status().is_redirection(), "{}", right.status());
        assert_eq!(right.headers()["location"], format!("/g/locked?image={image}").as_str());
        let page = visitor.get(app.url("/g/locked")).send().await.expect("req");
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.text().await.expect("body").contains(&image));
        assert_eq!(
            visitor.get(app.url(&format!("/media/{image}/480"))).send().await.expect("req").status(),
            StatusCode::OK
        );
        assert_eq!(
            visitor.get(app.url(&format!("/download/{image}/hd"))).send().await.expect("req").status(),
            StatusCode::OK
        );
        assert_eq!(visitor.get(app.url("/zip/locked/all/hd")).send().await.expect("req").status(), StatusCode::OK);
        let other = app.stranger();
        assert_eq!(
            other.get(app.url(&format!("/media/{image}/480"))).send().await.expect("req").status(),
            StatusCode::NOT_FOUND
        );

        // A password for a gallery the visitor may not see at all: not found, whatever it is.
        let draft = app.create_gallery("Draft", "draft-one").await;
        app.call("galleries/password", &[("id", &draft), ("password", "tulips")]).await;
        let hidden =
            call_with(&other, &app.base, "client/unlock", &[("slug", "draft-one"), ("password", "tulips")]).await;
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND);

        // Removing the password opens the gallery to everyone with the link.
        let removed = app.call("galleries/password", &[("id", &gallery), ("password", "")]).await;
        assert_eq!(removed.status(), StatusCode::OK);
        assert_eq!(
            other.get(app.url(&format!("/media/{image}/480"))).send().await.expect("req").status(),
            StatusCode::OK
        );
        let data: Value =
            call_with(&other, &app.base, "client/gallery", &[("slug", "locked")]).await.json().await.expect("json");
        assert_eq!(data["sets"][0]["name"], "Secret Ceremony");
    })
    .await;
}

/// The password page's branding tells no more than the gallery would: nothing for a draft, a
/// gallery closed to guests, an unknown link or another site's page; the studio for a link's
/// holder, a revoked one too (they hold it, and should learn whom to ask).
#[tokio::test]
async fn the_password_pages_branding_is_given_only_where_the_gallery_may_be_known() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Locked", "locked").await;
        app.upload_tiny(&gallery, 1).await;
        let set_it = app.call("galleries/password", &[("id", &gallery), ("password", "tulips")]).await;
        assert_eq!(set_it.status(), StatusCode::OK);
        let brand = |client: reqwest::Client, back: String| {
            let base = app.base.clone();
            async move { call_with(&client, &base, "client/password_brand", &[("back", back.as_str())]).await.status() }
        };
        // A draft: nobody outside the studio may know it exists.
        assert_eq!(brand(app.stranger(), "/g/locked".to_owned()).await, StatusCode::NOT_FOUND);
        // Published, public link off: guests see nothing; a link's holder sees the studio.
        app.publish(&gallery).await;
        assert_eq!(brand(app.stranger(), "/g/locked".to_owned()).await, StatusCode::NOT_FOUND);
        let link = app.make_link(&gallery, "MainClient", None).await;
        let holder = app.stranger();
        let opened = holder.get(app.url(&link)).send().await.expect("open link");
        assert_eq!(opened.status(), StatusCode::UNAUTHORIZED, "the password is asked first");
        assert_eq!(brand(holder.clone(), link.clone()).await, StatusCode::OK);
        assert_eq!(brand(app.stranger(), format!("/l/{}", "0".repeat(32))).await, StatusCode::NOT_FOUND);
        // Revoked: the holder still learns whose gallery it was.
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        let id = links[0]["id"].as_str().expect("id").to_owned();
        let revoked = app.call_json("access/revoke_link", serde_json::json!({ "id": gallery, "link": id })).await;
        assert_eq!(revoked.status(), StatusCode::OK);
        assert_eq!(brand(holder.clone(), link.clone()).await, StatusCode::OK);
        // Another site's page cannot ask on the holder's behalf.
        let cross = holder
            .post(app.url("/api/client/password_brand"))
            .header("sec-fetch-site", "cross-site")
            .form(&[("back", link.as_str())])
            .send()
            .await
            .expect("request");
        assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

/// Twenty wrong passwords pause password entry for the whole gallery; the photographer's new
/// password lifts the pause at once (guesses at the old one must not keep clients out of it).
#[tokio::test]
async fn a_new_password_lifts_the_pause_guesses_at_the_old_one_caused() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Locked", "locked").await;
        app.upload_tiny(&gallery, 1).await;
        app.publish_publicly(&gallery).await;
        let set_it = app.call("galleries/password", &[("id", &gallery), ("password", "tulips")]).await;
        assert_eq!(set_it.status(), StatusCode::OK);
        // Each from its own address (the test server trusts the test client as a proxy): four
        // wrong from each of five, under the per-address limits.
        let unlock = |from: u8, password: &'static str| {
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert("x-forwarded-for", format!("198.51.100.{from}").parse().expect("header"));
            let visitor = reqwest::Client::builder().cookie_store(true).default_headers(headers).build().expect("client");
            let base = app.base.clone();
            async move {
                call_with(&visitor, &base, "client/unlock", &[("slug", "locked"), ("password", password)]).await
            }
        };
        for n in 0..20 {
            assert_eq!(unlock(n / 4, "daisies").await.status(), StatusCode::FORBIDDEN);
        }
        let paused = unlock(99, "tulips").await;
        assert_eq!(paused.status(), StatusCode::TOO_MANY_REQUESTS);
        let set_again = app.call("galleries/password", &[("id", &gallery), ("password", "roses")]).await;
        assert_eq!(set_again.status(), StatusCode::OK);
        let opened = unlock(99, "roses").await;
        assert_eq!(opened.status(), StatusCode::OK, "{}", opened.text().await.unwrap_or_default());
    })
    .await;
}
