//! Share is no mail relay: share emails are limited per link and per gallery, their notes carry
//! no web addresses, and every one is listed for the photographer.

use crate::support::{TestApp, for_each_db, post_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn share(app: &TestApp, client: &Client, to: &str, note: &str) -> reqwest::Response {
    post_json(
        client,
        &app.base,
        "sharing/share",
        json!({ "slug": "wedding", "form": { "sets": null, "email_to": to, "note": note } }),
    )
    .await
}

/// A studio's published one-photo gallery at `wedding`, and a main client's browser on it.
async fn wedding(app: &TestApp) -> (String, Client) {
    app.sign_up("studio@example.com").await;
    let gallery = app.create_gallery("Wedding", "wedding").await;
    app.upload_tiny(&gallery, 1).await;
    app.publish(&gallery).await;
    let anna = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
    (gallery, anna)
}

#[tokio::test]
async fn share_emails_are_limited_carry_no_link_but_the_gallerys_and_are_listed() {
    for_each_db(|app| async move {
        let (gallery, anna) = wedding(&app).await;
        // Notes with web addresses are refused with a sentence; nothing is sent or made.
        for note in ["win at https://evil.example", "see www.prize.example", "cheap-pills.com today", "bit.ly/x"] {
            let refused = share(&app, &anna, "friend@example.com", note).await;
            assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{note}");
            assert!(refused.text().await.expect("body").contains("Leave web addresses out"));
        }
        assert!(app.mail_to("friend@example.com").await.is_empty());
        // Five an hour from one link; the sixth waits (copying the link still works).
        for n in 0..5 {
            let sent = share(&app, &anna, &format!("friend{n}@example.com"), "Look at the first dance!").await;
            assert_eq!(sent.status(), StatusCode::OK);
        }
        let sixth = share(&app, &anna, "friend5@example.com", "").await;
        assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(sixth.headers().contains_key("retry-after"));
        assert!(sixth.text().await.expect("body").contains("Copy the link and send it yourself"));
        assert!(app.mail_to("friend5@example.com").await.is_empty());
        assert_eq!(share(&app, &anna, "", "").await.status(), StatusCode::OK, "a link to copy is not an email");
        // Twenty a day for the whole gallery, whichever links they come from.
        for n in 0..3 {
            let other = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
            for m in 0..5 {
                let response = share(&app, &other, &format!("f{n}-{m}@example.com"), "").await;
                assert_eq!(response.status(), StatusCode::OK, "{n}/{m}");
            }
        }
        let last = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let over = share(&app, &last, "one-more@example.com", "").await;
        assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(
            over.text().await.expect("body").contains("This gallery has sent as many share emails as it may today")
        );
        // The email is the studio's template: the note as written, and no link but the gallery's
        // and the way out of the studio's invitations.
        let mail = &app.mail_to("friend0@example.com").await[0];
        assert!(mail.body_text.contains("Look at the first dance!"), "{}", mail.body_text);
        let html = mail.body_html.clone().expect("an HTML part");
        assert!(html.contains("Look at the first dance!"), "{html}");
        let targets: Vec<&str> = html.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
        assert_eq!(targets.len(), 2, "{html}");
        assert!(targets[0].starts_with(&app.url("/l/")) && targets[1].starts_with(&app.url("/unsubscribe/")), "{html}");
        assert_eq!(mail.unsubscribe.as_deref(), Some(targets[1]));
        // Every share email is listed for the photographer, newest first; visitors cannot list them.
        let listed: Value = app.call("access/share_emails", &[("id", &gallery)]).await.json().await.expect("json");
        let listed = listed.as_array().expect("list");
        assert_eq!(listed.len(), 20);
        assert!(
            listed.iter().any(|s| s["recipient"] == "friend0@example.com" && s["note"] == "Look at the first dance!")
        );
        let refused = crate::support::call_with(&anna, &app.base, "access/share_emails", &[("id", &gallery)]).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn a_sharers_name_that_reads_as_a_web_address_stays_out_of_the_mail() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        app.upload_tiny(&gallery, 1).await;
        app.publish(&gallery).await;
        let sam = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        let named = crate::support::call_with(
            &sam,
            &app.base,
            "downloads/email",
            &[("slug", "wedding"), ("email", "sam@example.com"), ("name", "www.win-a-prize.example")],
        )
        .await;
        assert_eq!(named.status(), StatusCode::OK, "{}", named.text().await.unwrap_or_default());
        assert_eq!(share(&app, &sam, "friend@example.com", "").await.status(), StatusCode::OK);
        let mail = &app.mail_to("friend@example.com").await[0];
        let html = mail.body_html.clone().expect("an HTML part");
        for part in [&mail.subject, &mail.body_text, &html] {
            assert!(!part.contains("win-a-prize"), "{part}");
            assert!(part.contains("sam@example.com"), "{part}");
        }
    })
    .await;
}

/// Links to copy are kept for good like emailed ones: a main client makes 20 an hour from their
/// link, emailed or not, then waits (another main client's link is not held back); an emailed
/// share refused by the email limits spends no link.
#[tokio::test]
async fn share_links_to_copy_are_limited_too() {
    for_each_db(|app| async move {
        let (gallery, anna) = wedding(&app).await;
        // Emailed shares past the sharer's 5 an hour are refused without spending a link.
        for n in 0..8 {
            let expected = if n < 5 { StatusCode::OK } else { StatusCode::TOO_MANY_REQUESTS };
            assert_eq!(share(&app, &anna, &format!("friend{n}@example.com"), "").await.status(), expected, "email {n}");
        }
        for n in 5..20 {
            assert_eq!(share(&app, &anna, "", "").await.status(), StatusCode::OK, "link {n}");
        }
        let over = share(&app, &anna, "", "").await;
        assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(over.text().await.expect("body").contains("You have made as many share links as you may for now"));
        let tom = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        assert_eq!(share(&app, &tom, "", "").await.status(), StatusCode::OK);
    })
    .await;
}
