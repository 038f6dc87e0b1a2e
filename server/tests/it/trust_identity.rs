//! A visitor's proofing identity: typing an address starts it for this browser only; another
//! browser typing the same address reaches none of that person's selects, lists, comments or
//! marks until it opens the sign-in link emailed to the address.

use crate::support::{TestApp, call_with, for_each_db, from_address, post_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn give_email(app: &TestApp, client: &Client, email: &str) -> StatusCode {
    call_with(client, &app.base, "downloads/email", &[("slug", "wedding"), ("email", email)]).await.status()
}

#[tokio::test]
async fn a_typed_address_reaches_nothing_another_person_wrote() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.save_settings(&gallery, |s| s["switches"]["annotations"] = json!(true)).await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;

        // Anna, on her laptop: a list, a star, a comment, a mark; the photographer replies.
        let anna = app.visitor_on(&link).await;
        assert_eq!(give_email(&app, &anna, "anna@example.com").await, StatusCode::OK);
        let list: Value = call_with(&anna, &app.base, "selects/create_list", &[("slug", "wedding"), ("name", "Album")])
            .await
            .json()
            .await
            .expect("lists");
        let album = list["lists"][0]["id"].as_str().expect("list id").to_owned();
        let starred = post_json(&anna, &app.base, "selects/star", json!({ "image": image, "list": album, "on": true })).await;
        assert_eq!(starred.status(), StatusCode::OK);
        let comment = json!({ "image": image, "name": "Anna", "body": "Our private note" });
        assert_eq!(post_json(&anna, &app.base, "comments/add", comment).await.status(), StatusCode::OK);
        let mark = json!({ "image": image, "shapes": [{ "kind": "pin", "color": "red", "at": { "x": 0.5, "y": 0.5 }, "text": "Anna's pin" }] });
        assert_eq!(post_json(&anna, &app.base, "annotations/save", mark).await.status(), StatusCode::OK);
        let reply = app.call_json("comments/reply", json!({ "id": gallery, "image": image, "to": "anna@example.com", "body": "Reply for Anna" })).await;
        assert_eq!(reply.status(), StatusCode::OK);

        // Someone else, on the same link, types Anna's address.
        let other = app.visitor_on(&link).await;
        let sent_before = app.mail_to("anna@example.com").await.len();
        assert_eq!(give_email(&app, &other, "anna@example.com").await, StatusCode::OK, "downloads may go on with it");
        let mine: Value = call_with(&other, &app.base, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(mine["lists"].as_array().map(Vec::len), Some(0), "none of Anna's lists: {mine}");
        let page = other.get(app.url(&link)).send().await.expect("page").text().await.expect("html");
        assert!(!page.contains(&album), "{page}");
        let thread: Value = post_json(&other, &app.base, "comments/thread", json!({ "image": image })).await.json().await.expect("json");
        assert_eq!(thread.as_array().map(Vec::len), Some(0), "none of Anna's thread: {thread}");
        let marks: Value = post_json(&other, &app.base, "annotations/on_image", json!({ "image": image })).await.json().await.expect("json");
        assert_eq!(marks.as_array().map(Vec::len), Some(0), "none of Anna's marks: {marks}");
        // Changing anything of hers is asked the sign-in link, never done.
        for (endpoint, body) in [
            ("selects/star", json!({ "image": image, "list": album, "on": false })),
            ("selects/delete_list", json!({ "slug": "wedding", "list": album })),
            ("selects/rename_list", json!({ "slug": "wedding", "list": album, "name": "Mine" })),
            ("comments/add", json!({ "image": image, "name": "X", "body": "hi" })),
            ("annotations/save", json!({ "image": image, "shapes": [] })),
        ] {
            let response = post_json(&other, &app.base, endpoint, body).await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{endpoint}");
            assert!(response.text().await.expect("body").contains("SignInLink"), "{endpoint}");
        }
        let still: Value = call_with(&anna, &app.base, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(still["lists"][0]["name"], "Album");
        assert_eq!(still["lists"][0]["images"].as_array().map(Vec::len), Some(1), "Anna's star is untouched: {still}");
        let marks: Value = post_json(&anna, &app.base, "annotations/on_image", json!({ "image": image })).await.json().await.expect("json");
        assert_eq!(marks.as_array().map(Vec::len), Some(1));

        // The address got a sign-in link (only a hash of it is stored).
        let mail = app.mail_to("anna@example.com").await;
        assert_eq!(mail.len(), sent_before + 1);
        assert!(mail.last().expect("mail").body_text.contains("/join/"));
        let token = app.emailed_token("anna@example.com", "/join/").await;

        // Anna opens it on her phone: the phone now continues as her.
        let phone = app.stranger();
        let details: Value = call_with(&phone, &app.base, "visitor/sign_in_link", &[("token", &token)]).await.json().await.expect("json");
        assert_eq!(details["email"], "anna@example.com");
        let joined = call_with(&phone, &app.base, "visitor/join", &[("token", &token)]).await;
        assert!(joined.status().is_success() || joined.status().is_redirection(), "{}", joined.status());
        let hers: Value = call_with(&phone, &app.base, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(hers["lists"][0]["name"], "Album");
        let thread: Value = post_json(&phone, &app.base, "comments/thread", json!({ "image": image })).await.json().await.expect("json");
        let bodies: Vec<&str> = thread.as_array().expect("thread").iter().filter_map(|c| c["body"].as_str()).collect();
        assert_eq!(bodies, ["Our private note", "Reply for Anna"]);
        // The phone opened the gallery through Anna's link too.
        assert_eq!(phone.get(app.url(&format!("/media/{image}/480"))).send().await.expect("media").status(), StatusCode::OK);
        // A link works once.
        let again = call_with(&app.stranger(), &app.base, "visitor/join", &[("token", &token)]).await;
        assert_eq!(again.status(), StatusCode::FORBIDDEN);
        // The other browser, which typed her address, still reaches nothing.
        let mine: Value = call_with(&other, &app.base, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(mine["lists"].as_array().map(Vec::len), Some(0));
    })
    .await;
}

#[tokio::test]
async fn sign_in_links_are_limited_and_a_new_address_starts_at_once() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let anna = app.visitor_on(&link).await;
        give_email(&app, &anna, "anna@example.com").await;
        // A new address: the browser that gives it holds it at once, no email needed.
        let star =
            post_json(&anna, &app.base, "selects/star", json!({ "image": image, "list": null, "on": true })).await;
        assert_eq!(star.status(), StatusCode::OK);
        assert!(app.mail_to("anna@example.com").await.is_empty(), "no email for a new address");
        // Someone asking again and again gets a few links, then a sentence.
        let other = app.visitor_on(&link).await;
        give_email(&app, &other, "anna@example.com").await;
        for _ in 0..2 {
            let again = call_with(&other, &app.base, "visitor/send_sign_in_link", &[("slug", "wedding")]).await;
            assert_eq!(again.status(), StatusCode::OK);
        }
        let too_many = call_with(&other, &app.base, "visitor/send_sign_in_link", &[("slug", "wedding")]).await;
        assert_eq!(too_many.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(app.mail_to("anna@example.com").await.len(), 3, "at most three links an hour to one address");
        // A made-up token is refused like a used one.
        let made_up = call_with(&app.stranger(), &app.base, "visitor/join", &[("token", &"ab".repeat(32))]).await;
        assert_eq!(made_up.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn whoever_typed_an_address_before_its_owner_lets_go_once_the_owner_proves_it() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, 2).await;
        let ceremony = app.make_set(&gallery, "Ceremony").await;
        app.move_image(&gallery, &images[0], &ceremony).await;
        app.publish(&gallery).await;
        let main = app.make_link(&gallery, "MainClient", None).await;
        let narrow = app.make_link(&gallery, "PhotographerInvited", Some(vec![ceremony.as_str()])).await;

        // Mallory, on a narrow link, types the bride's address before she does, and stars a photo.
        let mallory = app.visitor_on(&narrow).await;
        assert_eq!(give_email(&app, &mallory, "bride@example.com").await, StatusCode::OK);
        let star = json!({ "image": images[0], "list": null, "on": true });
        assert_eq!(post_json(&mallory, &app.base, "selects/star", star.clone()).await.status(), StatusCode::OK);

        // The bride, on her own link, is sent a sign-in link and opens it on the same laptop.
        let bride = app.visitor_on(&main).await;
        assert_eq!(give_email(&app, &bride, "bride@example.com").await, StatusCode::OK);
        let token = app.emailed_token("bride@example.com", "/join/").await;
        let joined = call_with(&bride, &app.base, "visitor/join", &[("token", &token)]).await;
        assert!(joined.status().is_success() || joined.status().is_redirection(), "{}", joined.status());
        let comment = json!({ "image": images[0], "name": "Bride", "body": "Only for our photographer" });
        assert_eq!(post_json(&bride, &app.base, "comments/add", comment).await.status(), StatusCode::OK);

        // From then on Mallory holds nothing of hers: asked for the link, like any other browser.
        let response = post_json(&mallory, &app.base, "selects/star", star).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.text().await.expect("body").contains("SignInLink"));
        let mine: Value =
            call_with(&mallory, &app.base, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(mine["lists"].as_array().map(Vec::len), Some(0), "{mine}");
        let thread: Value = post_json(&mallory, &app.base, "comments/thread", json!({ "image": images[0] }))
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(thread.as_array().map(Vec::len), Some(0), "{thread}");

        // Mallory asks for a link from the narrow one; the bride opens it on her laptop, which
        // came by her own link: it stays hers (the photo outside the narrow link's set still shows).
        assert_eq!(give_email(&app, &mallory, "bride@example.com").await, StatusCode::OK);
        let token = app.emailed_token("bride@example.com", "/join/").await;
        let joined = call_with(&bride, &app.base, "visitor/join", &[("token", &token)]).await;
        assert!(joined.status().is_success() || joined.status().is_redirection(), "{}", joined.status());
        let outside = bride.get(app.url(&format!("/media/{}/480", images[1]))).send().await.expect("media");
        assert_eq!(outside.status(), StatusCode::OK, "the bride's link was narrowed to the asker's");
        let hers: Value =
            call_with(&bride, &app.base, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(hers["lists"][0]["images"].as_array().map(Vec::len), Some(1), "{hers}");
    })
    .await;
}

/// A person the photographer forgot, whose address someone then gives again, is a new person: no
/// browser that held the forgotten one — neither the one that typed the address first nor the
/// one that proved it — reaches what the new one does.
#[tokio::test]
async fn a_forgotten_address_given_again_is_nobody_elses() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let images = app.upload_tiny(&gallery, 1).await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let form = [("slug", "wedding"), ("email", "ana@example.com")];
        let body = json!({ "image": images[0], "list": null, "on": true });
        // Ana's laptop typed her address first; her phone proved it with the emailed link.
        let laptop = app.visitor_on(&link).await;
        assert_eq!(call_with(&laptop, &app.base, "downloads/email", &form).await.status(), StatusCode::OK);
        let phone = app.visitor_on(&link).await;
        call_with(&phone, &app.base, "downloads/email", &form).await;
        let token = app.emailed_token("ana@example.com", "/join/").await;
        let joined = call_with(&phone, &app.base, "visitor/join", &[("token", &token)]).await;
        assert!(joined.status().is_success() || joined.status().is_redirection(), "{}", joined.status());
        assert_eq!(post_json(&phone, &app.base, "selects/star", body.clone()).await.status(), StatusCode::OK);

        assert!(!app.mail_to("ana@example.com").await.is_empty(), "her sign-in link was mailed");
        let forgotten = app.call("engagement/forget", &[("id", &gallery), ("email", "ana@example.com")]).await;
        assert_eq!(forgotten.status(), StatusCode::OK);
        assert!(app.mail_to("ana@example.com").await.is_empty(), "the sign-in link mailed to her goes too");
        // At once, neither of her browsers holds her: the proven phone is asked for an address.
        let asked = post_json(&phone, &app.base, "selects/star", body.clone()).await;
        assert_eq!(asked.status(), StatusCode::UNAUTHORIZED);
        assert!(asked.text().await.expect("body").contains("Email"), "asked for an address");
        // Someone gives her address now: a new person, with a star of their own.
        let cleo = app.visitor_on(&link).await;
        assert_eq!(call_with(&cleo, &app.base, "downloads/email", &form).await.status(), StatusCode::OK);
        assert_eq!(post_json(&cleo, &app.base, "selects/star", body.clone()).await.status(), StatusCode::OK);
        let theirs: Value =
            call_with(&cleo, &app.base, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
        assert_eq!(theirs["lists"][0]["images"].as_array().map(Vec::len), Some(1), "{theirs}");

        for (who, old) in [("the laptop", &laptop), ("the phone", &phone)] {
            let mine: Value =
                call_with(old, &app.base, "selects/mine", &[("slug", "wedding")]).await.json().await.expect("json");
            assert_eq!(mine["lists"], json!([]), "{who} sees none of the new person's lists");
            let starred = post_json(old, &app.base, "selects/star", body.clone()).await;
            assert_eq!(starred.status(), StatusCode::UNAUTHORIZED, "{who} may not star as the new person");
        }
    })
    .await;
}

/// A second browser giving an address someone here holds is sent the sign-in link even while
/// proofing is off: once it is on, the page's "open the sign-in link we emailed" is true.
#[tokio::test]
async fn the_sign_in_link_is_mailed_while_proofing_is_off_too() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.save_settings(&gallery, |s| {
            s["switches"]["selects"] = json!(false);
            s["switches"]["comments"] = json!(false);
        })
        .await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let laptop = app.visitor_on(&link).await;
        assert_eq!(give_email(&app, &laptop, "anna@example.com").await, StatusCode::OK);
        let phone = app.visitor_on(&link).await;
        assert_eq!(give_email(&app, &phone, "anna@example.com").await, StatusCode::OK);
        assert_eq!(app.mail_to("anna@example.com").await.len(), 1, "the sign-in link");
        let token = app.emailed_token("anna@example.com", "/join/").await;

        app.save_settings(&gallery, |s| s["switches"]["selects"] = json!(true)).await;
        let star = json!({ "image": image, "list": null, "on": true });
        let asked = post_json(&phone, &app.base, "selects/star", star.clone()).await;
        assert_eq!(asked.status(), StatusCode::UNAUTHORIZED);
        let joined = call_with(&phone, &app.base, "visitor/join", &[("token", &token)]).await;
        assert!(joined.status().is_success() || joined.status().is_redirection(), "{}", joined.status());
        assert_eq!(post_json(&phone, &app.base, "selects/star", star).await.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn one_address_cannot_start_people_or_post_comments_without_end() {
    for_each_db(|app| async move {
        app.sign_up("studio@example.com").await;
        let gallery = app.create_gallery("Wedding", "wedding").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let open = |client: &Client| client.get(app.url(&link)).send();

        // A script gives address after address: each would be a person whose comments and marks
        // the photographer's pages read. A hundred an hour from one address, then a sentence.
        let script = from_address("203.0.113.9");
        assert_eq!(open(&script).await.expect("open").status(), StatusCode::OK);
        for n in 0..100 {
            assert_eq!(give_email(&app, &script, &format!("x{n}@example.com")).await, StatusCode::OK, "{n}");
        }
        let refused =
            call_with(&script, &app.base, "downloads/email", &[("slug", "wedding"), ("email", "x100@example.com")])
                .await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.text().await.expect("text").contains("Too many email addresses were given from here"));
        // An address this browser holds already starts nobody; a guest at another address is
        // not held back.
        assert_eq!(give_email(&app, &script, "x99@example.com").await, StatusCode::OK);
        let anna = from_address("198.51.100.7");
        assert_eq!(open(&anna).await.expect("open").status(), StatusCode::OK);
        assert_eq!(give_email(&app, &anna, "anna@example.com").await, StatusCode::OK);

        // Comments: three hundred an hour from one address, then a sentence; Anna still writes.
        let note = |n: usize| json!({ "image": image, "name": "", "body": format!("note {n}") });
        for n in 0..300 {
            assert_eq!(post_json(&script, &app.base, "comments/add", note(n)).await.status(), StatusCode::OK, "{n}");
        }
        let refused = post_json(&script, &app.base, "comments/add", note(300)).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.text().await.expect("text").contains("Too many comments were posted from here"));
        assert_eq!(post_json(&anna, &app.base, "comments/add", note(0)).await.status(), StatusCode::OK);
    })
    .await;
}
