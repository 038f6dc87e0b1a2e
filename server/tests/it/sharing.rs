//! Share over HTTP: main clients make client-invited links that never reach further than their
//! own, and an emailed link goes through the outbox to a real SMTP server.

use crate::support::smtp_sink::SmtpSink;
use crate::support::{call_with, for_each_db, for_each_db_configured, post_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn main_clients_share_links_that_reach_no_further_than_their_own() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Garden party", "garden").await;
        let images = app.upload_tiny(&gallery, 2).await;
        app.publish(&gallery).await;
        let (one, two) = (app.make_set(&gallery, "One").await, app.make_set(&gallery, "Two").await);
        app.move_image(&gallery, &images[0], &one).await;
        app.move_image(&gallery, &images[1], &two).await;
        let scoped = app.make_link(&gallery, "MainClient", Some(vec![one.as_str()])).await;
        let ana = app.visitor_on(&scoped).await;
        let share = |client: Client, sets: Value| {
            let url = app.url("/api/sharing/share");
            async move {
                client
                    .post(url)
                    .json(&json!({ "slug": "garden", "form": { "sets": sets, "email_to": "", "note": "" } }))
                    .send()
                    .await
                    .expect("share")
            }
        };
        // Wider than her own link: refused.
        let wider = share(ana.clone(), json!([one, two])).await;
        assert_eq!(wider.status(), StatusCode::BAD_REQUEST);
        // Her whole reach: the new link is limited to set One too, and is a client-invited link.
        let made: Value = share(ana.clone(), Value::Null).await.json().await.expect("json");
        let url = made["url"].as_str().expect("url");
        let path = url.strip_prefix(&app.base).expect("an absolute link to this server");
        let friend = app.visitor_on(path).await;
        let media = |client: Client, image: String| {
            let url = app.url(&format!("/media/{image}/480"));
            async move { client.get(url).send().await.expect("media").status() }
        };
        assert_eq!(media(friend.clone(), images[0].clone()).await, StatusCode::OK);
        assert_eq!(media(friend.clone(), images[1].clone()).await, StatusCode::NOT_FOUND);
        let links: Value = app.call("access/links", &[("id", &gallery)]).await.json().await.expect("links");
        let shared =
            links.as_array().expect("links").iter().find(|l| l["role"] == "ClientInvited").expect("the shared link");
        assert_eq!(shared["sets"], json!([one]));
        // The invited friend cannot share on (only main clients may).
        let again = share(friend.clone(), Value::Null).await;
        assert_eq!(again.status(), StatusCode::FORBIDDEN);
        // Sharing off: refused for main clients too; guests never.
        app.save_settings(&gallery, |s| s["switches"]["sharing"] = json!(false)).await;
        let off = share(ana.clone(), Value::Null).await;
        assert_eq!(off.status(), StatusCode::FORBIDDEN);
        assert!(off.text().await.expect("text").contains("Share links are turned off"));
        // The people Ana shared with are there only while sharing is allowed: by every route,
        // in the session they already had and from a fresh cookie alike, with a sentence.
        // Ana's own link, and her photos, are not touched.
        let page = |client: Client| {
            let url = app.url("/g/garden");
            async move {
                let page = client.get(url).send().await.expect("page");
                (page.status(), page.text().await.expect("html"))
            }
        };
        let (status, html) = page(friend.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(html.contains("turned sharing off for this gallery") && !html.contains(&images[0]), "{html}");
        assert_eq!(media(friend.clone(), images[0].clone()).await, StatusCode::NOT_FOUND);
        let hd = friend.get(app.url(&format!("/download/{}/hd", images[0]))).send().await.expect("get");
        assert_eq!(hd.status(), StatusCode::FORBIDDEN);
        assert!(hd.text().await.expect("body").contains("turned sharing off"));
        let fresh = app.stranger().get(app.url(path)).send().await.expect("link");
        assert!(fresh.status().is_client_error(), "{}", fresh.status());
        assert_eq!(page(ana.clone()).await.0, StatusCode::OK);
        assert_eq!(media(ana.clone(), images[0].clone()).await, StatusCode::OK);
        // Back on, the share opens again.
        app.save_settings(&gallery, |s| s["switches"]["sharing"] = json!(true)).await;
        assert_eq!(page(friend.clone()).await.0, StatusCode::OK);
        assert_eq!(media(friend.clone(), images[0].clone()).await, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_shared_link_sent_by_email_goes_through_the_outbox() {
    let sink = SmtpSink::start();
    let port = sink.port;
    for_each_db_configured(
        move |config| config.mail.smtp_port = port,
        |app| {
            let sink = sink.clone();
            async move {
                app.sign_up("studio@example.com").await;
                let gallery = app.create_gallery("Garden party", "garden").await;
                app.upload_tiny(&gallery, 1).await;
                app.publish(&gallery).await;
                let link = app.make_link(&gallery, "MainClient", None).await;
                let ana = app.visitor_on(&link).await;
                call_with(&ana, &app.base, "downloads/email", &[("slug", "garden"), ("email", "ana@example.com")]).await;
                let bad = json!({ "slug": "garden", "form": { "sets": null, "email_to": "oma@@example", "note": "" } });
                assert_eq!(post_json(&ana, &app.base, "sharing/share", bad).await.status(), StatusCode::BAD_REQUEST);
                let body = json!({ "slug": "garden", "form": { "sets": null, "email_to": "Oma@Example.com", "note": "Look at these!" } });
                let made: Value = post_json(&ana, &app.base, "sharing/share", body).await.json().await.expect("json");
                assert_eq!(made["sent_to"], "oma@example.com");
                let url = made["url"].as_str().expect("url").to_owned();
                let before = sink.messages().len();
                app.run_jobs().await;
                let messages = sink.wait_for(before + 1, std::time::Duration::from_secs(20)).await;
                let message = messages.last().expect("a message");
                let raw = message.raw.clone();
                assert!(raw.contains(&url), "the link is in the email: {raw}");
                assert!(raw.contains("Look at these!") && raw.contains("Garden party"), "{raw}");
                assert_eq!(message.header("Reply-To").as_deref(), Some("ana@example.com"));

                // A second browser types Ana's address (she holds it here) and shares: the mail
                // neither names her nor sends replies to her.
                let other = app.visitor_on(&link).await;
                call_with(&other, &app.base, "downloads/email", &[("slug", "garden"), ("email", "ana@example.com")]).await;
                let body = json!({ "slug": "garden", "form": { "sets": null, "email_to": "opa@example.com", "note": "" } });
                assert_eq!(post_json(&other, &app.base, "sharing/share", body).await.status(), StatusCode::OK);
                app.run_jobs().await;
                // (Ana is sent a sign-in link too: the other browser asked to act as her.)
                let messages = sink.wait_for(before + 3, std::time::Duration::from_secs(20)).await;
                let to_opa = messages.iter().find(|m| m.to == vec!["opa@example.com".to_owned()]).expect("the mail to opa");
                assert_eq!(to_opa.header("Reply-To"), None);
                assert!(!to_opa.raw.contains("ana@example.com"), "{}", to_opa.raw);
            }
        },
    )
    .await;
}
