//! Who gets into a gallery from outside a session: the public link switch (off for new
//! galleries), link pages that stay at the link, revocation that reaches shared links, and the
//! throttle on addresses that lead nowhere.

use crate::support::{TestApp, call_with, for_each_db};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A published gallery "wedding" with sets Ceremony (one photo) and Party (one photo).
async fn two_sets(app: &TestApp) -> (String, String, String, [String; 2]) {
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Wedding", "wedding").await;
    let (ceremony, party) = (app.make_set(&gallery, "Ceremony").await, app.make_set(&gallery, "Party").await);
    let images = app.upload_tiny(&gallery, 2).await;
    app.move_image(&gallery, &images[0], &ceremony).await;
    app.move_image(&gallery, &images[1], &party).await;
    app.publish(&gallery).await;
    (gallery, ceremony, party, [images[0].clone(), images[1].clone()])
}

#[tokio::test]
async fn a_new_gallery_opens_only_by_its_links() {
    for_each_db(|app| async move {
        let (gallery, ceremony, _, [kept, other]) = two_sets(&app).await;
        assert_eq!(app.editor(&gallery).await["public_link"], false, "new galleries start with the public link off");
        // The public address, without a cookie, answers exactly like a gallery that does not exist.
        let stranger = app.stranger();
        let page = stranger.get(app.url("/g/wedding")).send().await.expect("page");
        let missing = stranger.get(app.url("/g/no-such-gallery")).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::NOT_FOUND);
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let (page, missing) = (page.text().await.expect("html"), missing.text().await.expect("html"));
        assert!(!page.contains("Ceremony") && !page.contains(&kept));
        assert_eq!(strip_nonces(&page), strip_nonces(&missing), "a hidden gallery reads like a missing one");
        for path in [format!("/media/{kept}/480"), format!("/media/{other}/1600")] {
            assert_eq!(stranger.get(app.url(&path)).send().await.expect("media").status(), StatusCode::NOT_FOUND);
        }
        let by_function = call_with(&stranger, &app.base, "client/gallery", &[("slug", "wedding")]).await;
        assert_eq!(by_function.status(), StatusCode::NOT_FOUND);

        // A link limited to Ceremony: its page is at the link, never a redirect to /g/.
        let link = app.make_link(&gallery, "MainClient", Some(vec![&ceremony])).await;
        let holder = app.stranger();
        let opened = holder.get(app.url(&link)).send().await.expect("link page");
        assert_eq!(opened.status(), StatusCode::OK, "the link's page is served in place");
        assert!(opened.headers().get("location").is_none());
        let html = opened.text().await.expect("html");
        assert!(html.contains("Ceremony") && html.contains(&kept));
        assert!(!html.contains("Party") && !html.contains(&other), "a limited link shows its sets only");
        assert!(html.contains(&format!("href=\"{link}?image={kept}\"")), "photos open on the link's page");
        // The same person with a fresh browser on the public address: nothing.
        let fresh = app.stranger().get(app.url("/g/wedding")).send().await.expect("page");
        assert_eq!(fresh.status(), StatusCode::NOT_FOUND);
        // With the link's session the public address shows what the link allows, no more.
        let same = holder.get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        assert!(same.contains(&kept) && !same.contains(&other));
        assert_eq!(
            holder.get(app.url(&format!("/media/{other}/480"))).send().await.expect("media").status(),
            StatusCode::NOT_FOUND
        );

        // A revoked link's holder, with a fresh cookie, gets nothing either.
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        app.call_json("access/revoke_link", json!({ "id": gallery, "link": links[0]["id"] })).await;
        assert_eq!(holder.get(app.url(&link)).send().await.expect("page").status(), StatusCode::FORBIDDEN);
        let cleared = app.stranger();
        assert_eq!(cleared.get(app.url("/g/wedding")).send().await.expect("page").status(), StatusCode::NOT_FOUND);

        // The photographer turns the public link on: guests see it; off again: gone at once.
        app.call("access/public_link", &[("id", &gallery), ("on", "true")]).await;
        let guest = app.stranger();
        let html = guest.get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        assert!(html.contains("Party") && html.contains(&other));
        assert_eq!(
            guest.get(app.url(&format!("/media/{other}/480"))).send().await.expect("media").status(),
            StatusCode::OK
        );
        app.call("access/public_link", &[("id", &gallery), ("on", "false")]).await;
        assert_eq!(guest.get(app.url("/g/wedding")).send().await.expect("page").status(), StatusCode::NOT_FOUND);
        assert_eq!(
            guest.get(app.url(&format!("/media/{other}/480"))).send().await.expect("media").status(),
            StatusCode::NOT_FOUND
        );
        // Only the owner may switch it.
        let flip = call_with(&guest, &app.base, "access/public_link", &[("id", &gallery), ("on", "true")]).await;
        assert_eq!(flip.status(), StatusCode::UNAUTHORIZED);
    })
    .await;
}

/// Where the public link is on, a revoked link's holder is a guest at the gallery's address, as
/// anyone there is (what the Invite tab tells the photographer): the link's role and sets are
/// gone, and the link's own address still says it was revoked. With the public link off the
/// revoked link is refused everywhere.
#[tokio::test]
async fn a_revoked_links_holder_is_a_guest_where_the_gallery_is_public() {
    for_each_db(|app| async move {
        let (gallery, ceremony, _, [kept, other]) = two_sets(&app).await;
        app.call("access/public_link", &[("id", &gallery), ("on", "true")]).await;
        let link = app.make_link(&gallery, "MainClient", Some(vec![&ceremony])).await;
        let holder = app.visitor_on(&link).await;
        let page = |path: String| {
            let holder = holder.clone();
            let url = app.url(&path);
            async move {
                let response = holder.get(url).send().await.expect("page");
                (response.status(), response.text().await.expect("html"))
            }
        };
        let (status, html) = page("/g/wedding".to_owned()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&kept) && !html.contains(&other), "the link's set only");

        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        app.call_json("access/revoke_link", json!({ "id": gallery, "link": links[0]["id"] })).await;
        let (status, html) = page("/g/wedding".to_owned()).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains(&kept) && html.contains(&other), "a guest sees what the public link shows");
        let media = holder.get(app.url(&format!("/media/{other}/480"))).send().await.expect("media");
        assert_eq!(media.status(), StatusCode::OK);
        let by_function = call_with(&holder, &app.base, "client/gallery", &[("slug", "wedding")]).await;
        assert_eq!(by_function.status(), StatusCode::OK);
        // A guest's rights, not the main client's: no Share.
        let share = json!({ "slug": "wedding", "form": { "sets": null, "email_to": "", "note": "" } });
        let shared = crate::support::post_json(&holder, &app.base, "sharing/share", share).await;
        assert!(shared.status().is_client_error(), "{}", shared.status());
        let (status, html) = page(link.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(html.contains("This link has been revoked"), "{html}");

        app.call("access/public_link", &[("id", &gallery), ("on", "false")]).await;
        let (status, html) = page("/g/wedding".to_owned()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(html.contains("This link has been revoked"), "{html}");
        let media = holder.get(app.url(&format!("/media/{kept}/480"))).send().await.expect("media");
        assert_eq!(media.status(), StatusCode::NOT_FOUND);
    })
    .await;
}

/// A deleted set leaves the links limited to it: a client whose link covered it shares what is
/// left, and the photographer's list shows the link's remaining set.
#[tokio::test]
async fn a_deleted_set_leaves_the_links_limited_to_it() {
    for_each_db(|app| async move {
        let (gallery, ceremony, party, _) = two_sets(&app).await;
        let link = app.make_link(&gallery, "MainClient", Some(vec![&ceremony, &party])).await;
        let client = app.visitor_on(&link).await;
        let deleted = app.call("sets/delete", &[("gallery", &gallery), ("set", &party)]).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        assert_eq!(links[0]["sets"], json!([ceremony]), "{links}");
        let shared = crate::support::post_json(
            &client,
            &app.base,
            "sharing/share",
            json!({ "slug": "wedding", "form": { "sets": null, "email_to": "", "note": "" } }),
        )
        .await;
        assert_eq!(shared.status(), StatusCode::OK, "{}", shared.text().await.unwrap_or_default());
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        let friend = links.as_array().expect("links").iter().find(|l| l["role"] == "ClientInvited").expect("shared");
        assert_eq!(friend["sets"], json!([ceremony]), "{links}");
        // The last of its sets deleted: the link shows nothing, never the whole gallery.
        app.call("sets/delete", &[("gallery", &gallery), ("set", &ceremony)]).await;
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        assert_eq!(links[0]["sets"], json!([]), "{links}");
    })
    .await;
}

#[tokio::test]
async fn a_shared_link_dies_with_the_link_it_came_from() {
    for_each_db(|app| async move {
        let (gallery, ceremony, _, [kept, _]) = two_sets(&app).await;
        let main = app.make_link(&gallery, "MainClient", None).await;
        let client = app.visitor_on(&main).await;
        let shared: Value = crate::support::post_json(
            &client,
            &app.base,
            "sharing/share",
            json!({ "slug": "wedding", "form": { "sets": [ceremony], "email_to": "", "note": "" } }),
        )
        .await
        .json()
        .await
        .expect("shared");
        let path = shared["url"].as_str().expect("url").trim_start_matches(&app.base).to_owned();
        let friend = app.visitor_on(&path).await;
        let media = |c: reqwest::Client| {
            let url = app.url(&format!("/media/{kept}/480"));
            async move { c.get(url).send().await.expect("media").status() }
        };
        assert_eq!(media(friend.clone()).await, StatusCode::OK);
        // The photographer revokes the main client's link: the friend's open session loses
        // access on its very next request, and opening the shared link again is refused.
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        let main_id =
            links.as_array().expect("links").iter().find(|l| l["role"] == "MainClient").expect("main")["id"].clone();
        app.call_json("access/revoke_link", json!({ "id": gallery, "link": main_id })).await;
        assert_eq!(media(friend.clone()).await, StatusCode::NOT_FOUND);
        let page = friend.get(app.url(&path)).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::FORBIDDEN);
        assert!(page.text().await.expect("html").contains("revoked"));
        assert_eq!(media(app.visitor_on(&path).await).await, StatusCode::NOT_FOUND);
        // It leaves the photographer's list of live links with its origin.
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        assert_eq!(links.as_array().map(Vec::len), Some(0), "{links}");
    })
    .await;
}

#[tokio::test]
async fn a_shared_link_ends_when_its_origin_ends() {
    for_each_db(|app| async move {
        let (gallery, _, _, [kept, _]) = two_sets(&app).await;
        let main = app.make_link(&gallery, "MainClient", None).await;
        let client = app.visitor_on(&main).await;
        let friend = app.friend_of(&client, "wedding").await;
        // The main client's link ends (its last day passed): the friend's ends with it.
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        backend::entities::access_link::Entity::update_many()
            .col_expr(
                backend::entities::access_link::Column::ExpiresAt,
                sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
            )
            .filter(backend::entities::access_link::Column::Role.eq("main_client"))
            .exec(&app.state.ctx.db)
            .await
            .expect("expire");
        assert_eq!(
            friend.get(app.url(&format!("/media/{kept}/480"))).send().await.expect("media").status(),
            StatusCode::NOT_FOUND
        );
        let download = friend.get(app.url(&format!("/download/{kept}/hd"))).send().await.expect("download");
        assert_eq!(download.status(), StatusCode::FORBIDDEN);
        assert!(download.text().await.expect("body").contains("expired"));
    })
    .await;
}

#[tokio::test]
async fn addresses_that_lead_nowhere_are_throttled_per_client_without_slowing_real_links() {
    for_each_db(|app| async move {
        let (gallery, _, _, _) = two_sets(&app).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        app.sign_up("other@example.com").await;
        let public = app.create_gallery("Open day", "open-day").await;
        app.publish_publicly(&public).await;
        let from = |client: &reqwest::Client, path: String, address: &'static str| {
            client.get(app.url(&path)).header("X-Forwarded-For", address).send()
        };
        let guesser = app.stranger();
        for n in 0..20 {
            // Slugs and tokens count alike, hidden galleries like missing ones.
            let path = match n % 3 {
                0 => format!("/g/guess-{n}"),
                1 => "/g/wedding".to_owned(),
                _ => format!("/l/{:032x}", n),
            };
            assert_eq!(from(&guesser, path, "203.0.113.9").await.expect("guess").status(), StatusCode::NOT_FOUND);
        }
        let locked = from(&guesser, "/g/guess-21".to_owned(), "203.0.113.9").await.expect("guess");
        assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = locked.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
        assert!(wait > 50 * 60 && wait <= 3600, "{wait}");
        // The server functions behind the page are throttled alike.
        let by_function = guesser
            .post(app.url("/api/client/access"))
            .header("X-Forwarded-For", "203.0.113.9")
            .form(&[("slug", "guess")])
            .send()
            .await
            .expect("fn");
        assert_eq!(by_function.status(), StatusCode::TOO_MANY_REQUESTS);
        // A hit on a public gallery looks like every other answer while locked…
        assert_eq!(
            from(&guesser, "/g/open-day".to_owned(), "203.0.113.9").await.expect("hit").status(),
            StatusCode::TOO_MANY_REQUESTS
        );
        // …but a real link from the same address always opens, and so does its session's page.
        let holder = app.stranger();
        assert_eq!(from(&holder, link.clone(), "203.0.113.9").await.expect("link").status(), StatusCode::OK);
        assert_eq!(from(&holder, "/g/wedding".to_owned(), "203.0.113.9").await.expect("page").status(), StatusCode::OK);
        // Another address is not slowed.
        assert_eq!(
            from(&app.stranger(), "/g/open-day".to_owned(), "198.51.100.4").await.expect("other").status(),
            StatusCode::OK
        );
        assert_eq!(
            from(&app.stranger(), "/g/nope".to_owned(), "198.51.100.4").await.expect("other").status(),
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

/// A page with its per-response CSP nonce blanked (Leptos writes it on scripts, and on the
/// bundle's preload as `crossorigin`), for comparing two answers.
fn strip_nonces(html: &str) -> String {
    let mut out = html.to_owned();
    for attribute in ["nonce=\"", "crossorigin=\""] {
        let mut kept = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(attribute) {
            kept.push_str(&rest[..at + attribute.len()]);
            rest = &rest[at + attribute.len()..];
            rest = &rest[rest.find('"').unwrap_or(rest.len())..];
        }
        kept.push_str(rest);
        out = kept;
    }
    out
}

#[tokio::test]
async fn the_sign_in_address_is_never_shown_to_visitors() {
    for_each_db(|app| async move {
        app.sign_up("anna.private@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        app.upload_tiny(&gallery, 1).await;
        app.publish_publicly(&gallery).await;
        let page = app.stranger().get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        assert!(!page.contains("anna.private@example.com") && !page.contains("mailto:"), "no contact set, none shown");
        let saved = app
            .call(
                "studio/update",
                &[("name", "Anna Studio"), ("accent_color", "#123456"), ("contact_email", "hello@example.com")],
            )
            .await;
        assert_eq!(saved.status(), StatusCode::OK);
        let page = app.stranger().get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        assert!(page.contains("mailto:hello@example.com") && !page.contains("anna.private@example.com"));
        // Cleared again: none.
        app.call("studio/update", &[("name", "Anna Studio"), ("accent_color", "#123456"), ("contact_email", "")]).await;
        let page = app.stranger().get(app.url("/g/wedding")).send().await.expect("page").text().await.expect("html");
        assert!(!page.contains("mailto:"));
    })
    .await;
}
