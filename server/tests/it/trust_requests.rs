//! What a request itself may carry: downloads another site started are refused (the quota and
//! the log untouched), every response carries the security headers, and text with NUL or other
//! hidden characters is refused with a sentence, never a 500, on every endpoint.

use crate::support::{TestApp, call_with, for_each_db, post_json};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn downloads_another_site_started_are_refused_and_cost_nothing() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let (gallery, images) = app.gallery_with_quota("main", 2, 2).await;
        let client = app.visitor_on(&app.make_link(&gallery, "MainClient", None).await).await;
        // A page elsewhere sends the browser (with its cookie) to the ZIP and to one original.
        for path in ["/zip/main/all/original".to_owned(), format!("/download/{}/original", images[0])] {
            for site in ["cross-site", "same-site"] {
                let forged = client.get(app.url(&path)).header("Sec-Fetch-Site", site).send().await.expect("request");
                assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{path} from {site}");
                assert!(forged.text().await.expect("body").contains("another website"));
            }
        }
        let view = app.editor(&gallery).await;
        let log: Value = app.call("downloads/log", &[("id", &gallery)]).await.json().await.expect("log");
        assert_eq!(log["lines"].as_array().map(Vec::len), Some(0), "nothing logged: {log}");
        assert_eq!(log["totals"]["files"], 0, "{log}");
        let access: Value =
            call_with(&client, &app.base, "client/access", &[("slug", "main")]).await.json().await.expect("access");
        assert_eq!(access["facts"]["downloads"]["quota_used"], 0, "no free download spent ({})", view["title"]);
        // A browser navigation gets a page with a way back, not raw JSON.
        let page = client
            .get(app.url("/zip/main/all/original"))
            .header("Sec-Fetch-Site", "cross-site")
            .header("Sec-Fetch-Mode", "navigate")
            .send()
            .await
            .expect("request");
        assert_eq!(page.status(), StatusCode::FORBIDDEN);
        assert!(page.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"));
        let html = page.text().await.expect("html");
        assert!(html.contains("another website") && html.contains("href=\"/g/main\""), "{html}");
        // From the gallery itself (same origin) or typed in (none): it goes.
        for site in ["same-origin", "none"] {
            let real = client
                .get(app.url("/zip/main/all/original"))
                .header("Sec-Fetch-Site", site)
                .send()
                .await
                .expect("request");
            assert_eq!(real.status(), StatusCode::OK, "{site}");
        }
        // Previews and pages still open from a link elsewhere (a mail program, a chat).
        let from_mail = client
            .get(app.url(&format!("/media/{}/480", images[1])))
            .header("Sec-Fetch-Site", "cross-site")
            .send()
            .await
            .expect("request");
        assert_eq!(from_mail.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::start(crate::support::Db::Sqlite).await;
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Main", "main").await;
    let image = app.upload_tiny(&gallery, 1).await.remove(0);
    app.save_settings(&gallery, |s| {
        s["switches"]["downloads"] = json!(true);
        s["email_tracking"] = json!(false);
    })
    .await;
    app.publish_publicly(&gallery).await;
    let page = app.stranger().get(app.url("/g/main")).send().await.expect("page");
    let csp = page.headers()["content-security-policy"].to_str().expect("ascii").to_owned();
    for part in
        ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "'wasm-unsafe-eval'"]
    {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "no inline scripts but ours");
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_owned();
    assert!(nonce.len() >= 22, "a nonce of 128 bits or more");
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        // A page (its nonce, a signed-in studio's data) is never kept by a shared cache.
        ("cache-control", "private, no-cache"),
    ] {
        assert_eq!(page.headers()[name], value, "{name}");
    }
    assert!(page.headers().get("strict-transport-security").is_none(), "no HSTS over plain http");
    let html = page.text().await.expect("html");
    let scripts = html.matches("<script").count();
    assert!(
        scripts > 0 && html.matches(&format!("nonce=\"{nonce}\"")).count() == scripts,
        "every script carries the nonce"
    );
    // Each response has a nonce of its own.
    let again = app.stranger().get(app.url("/g/main")).send().await.expect("page");
    assert!(!again.headers()["content-security-policy"].to_str().expect("ascii").contains(&nonce));
    // JSON, media and downloads too; a download is sandboxed and never stored by a cache.
    let json = app.call("galleries/list", &[]).await;
    assert_eq!(json.headers()["x-content-type-options"], "nosniff");
    let media = app.client.get(app.url(&format!("/media/{image}/480"))).send().await.expect("media");
    assert_eq!(media.headers()["x-content-type-options"], "nosniff");
    assert_eq!(media.headers()["cross-origin-resource-policy"], "same-origin");
    let download = app.client.get(app.url(&format!("/download/{image}/original"))).send().await.expect("download");
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["cache-control"], "private, no-store");
    assert!(download.headers()["content-security-policy"].to_str().expect("ascii").starts_with("sandbox"));
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
}

/// Text with a NUL, a bell and a right-to-left override: hidden characters of every kind.
const HIDDEN: [&str; 3] = ["a\u{0}b", "a\u{7}b@example.com", "invoice\u{202E}gpj.exe"];

#[tokio::test]
async fn hidden_characters_are_refused_everywhere_never_with_a_500() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Main", "main").await;
        let image = app.upload_tiny(&gallery, 1).await.remove(0);
        let set = app.make_set(&gallery, "Set").await;
        app.publish(&gallery).await;
        let link = app.make_link(&gallery, "MainClient", None).await;
        let visitor = app.visitor_on(&link).await;
        call_with(&visitor, &app.base, "downloads/email", &[("slug", "main"), ("email", "ben@example.com")]).await;
        // In addresses: refused before any handler, for pages and byte routes alike.
        for path in [
            "/g/main%00",
            "/g/ma%00in?image=x",
            "/zip/main%00/all/hd",
            "/contact-sheet/main%00/all",
            &format!("/download/{image}%00/hd"),
            &format!("/media/{image}/480%00"),
            "/l/0123456789abcdef0123456789abcd%00f",
            "/join/ab%00cd",
            "/g/main?image=%E2%80%AE",
        ] {
            let response = visitor.get(app.url(path)).send().await.expect("request");
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
            assert!(response.text().await.expect("body").contains("characters that are not allowed"));
        }
        // In form fields of every server function that reads text.
        let forms: &[(&str, &[(&str, &str)])] = &[
            ("auth/sign_up", &[("studio_name", "S"), ("email", "x@example.com"), ("password", "a long password 1")]),
            ("auth/sign_in", &[("email", "anna@example.com"), ("password", "a long password 1")]),
            ("auth/forgot", &[("email", "anna@example.com")]),
            ("auth/sign_up_link", &[("token", "ab")]),
            ("auth/confirm_sign_up", &[("token", "ab"), ("password", "a long password 1")]),
            ("auth/reset_link", &[("token", "ab")]),
            ("auth/reset", &[("token", "ab"), ("password", "a long password 2")]),
            ("client/gallery", &[("slug", "main")]),
            ("client/link", &[("token", "ab")]),
            ("client/choose_link", &[("token", "ab"), ("choice", "keep")]),
            ("client/access", &[("slug", "main")]),
            ("client/unlock", &[("slug", "main"), ("password", "pw"), ("back", "/g/main")]),
            ("downloads/email", &[("slug", "main"), ("email", "c@example.com"), ("name", "Cy")]),
            ("downloads/pin", &[("slug", "main"), ("pin", "1234")]),
            ("visitor/send_sign_in_link", &[("slug", "main")]),
            ("visitor/sign_in_link", &[("token", "ab")]),
            ("visitor/join", &[("token", "ab")]),
            ("selects/mine", &[("slug", "main")]),
            ("selects/create_list", &[("slug", "main"), ("name", "List")]),
        ];
        let owner_forms: &[(&str, &[(&str, &str)])] = &[
            ("galleries/create", &[("title", "T"), ("slug", "t-slug"), ("event_date", "")]),
            ("galleries/update", &[("id", &gallery), ("title", "T"), ("slug", "main"), ("event_date", "")]),
            ("galleries/password", &[("id", &gallery), ("password", "secret pw")]),
            ("sets/create", &[("gallery", &gallery), ("name", "N")]),
            ("sets/rename", &[("gallery", &gallery), ("set", &set), ("name", "N")]),
            ("studio/update", &[("name", "S"), ("accent_color", "#123456"), ("contact_email", "c@example.com")]),
            ("access/set_pin", &[("id", &gallery), ("pin", "1234")]),
        ];
        for (client, table) in [(&visitor, forms), (&app.client, owner_forms)] {
            for (endpoint, fields) in table {
                for (at, _) in fields.iter().enumerate() {
                    for hidden in HIDDEN {
                        let mut form: Vec<(&str, &str)> = fields.to_vec();
                        form[at].1 = hidden;
                        let response = call_with(client, &app.base, endpoint, &form).await;
                        let status = response.status();
                        let body = response.text().await.unwrap_or_default();
                        // Refused, or (a password compared with nothing stored) harmlessly let be:
                        // never an error of ours, and never stored (the stored fields below).
                        assert!(!status.is_server_error(), "{endpoint} with {:?} in {}: {status} {body}", hidden, form[at].0);
                    }
                }
            }
        }
        // In JSON fields.
        let json_calls: Vec<(&str, Value, &str)> = vec![
            ("comments/add", json!({ "image": image, "name": "N", "body": "B" }), "body"),
            ("comments/add", json!({ "image": image, "name": "N", "body": "B" }), "name"),
            ("selects/rename_list", json!({ "slug": "main", "list": "0191d3c4-0000-7000-8000-000000000000", "name": "N" }), "slug"),
            ("downloads/check", json!({ "slug": "main", "target": { "Image": image }, "size": "Hd" }), "slug"),
        ];
        for (endpoint, body, field) in json_calls {
            for hidden in HIDDEN {
                let mut body = body.clone();
                body[field] = json!(hidden);
                let response = post_json(&visitor, &app.base, endpoint, body).await;
                // A slug with them names no gallery (404, or 429 after many such misses).
                let status = response.status();
                assert!(status.is_client_error() && (field == "slug" || status == StatusCode::BAD_REQUEST), "{endpoint}.{field}: {status}");
            }
        }
        let share = json!({ "slug": "main", "form": { "sets": null, "email_to": "x@example.com", "note": "hi" } });
        for (field, hidden) in [("email_to", HIDDEN[0]), ("note", HIDDEN[0]), ("email_to", HIDDEN[2]), ("note", HIDDEN[2])] {
            let mut body = share.clone();
            body["form"][field] = json!(hidden);
            let response = post_json(&visitor, &app.base, "sharing/share", body).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "share {field}");
        }
        // Text that would be stored is refused with a sentence.
        for (endpoint, form) in [
            ("galleries/create", [("title", HIDDEN[0]), ("slug", ""), ("event_date", "")]),
            ("studio/update", [("name", HIDDEN[2]), ("accent_color", "#123456"), ("contact_email", "")]),
            ("sets/create", [("gallery", gallery.as_str()), ("name", HIDDEN[0]), ("x", "")]),
        ] {
            let response = app.call(endpoint, &form).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{endpoint}");
        }
        for hidden in HIDDEN {
            let email = call_with(&visitor, &app.base, "downloads/email", &[("slug", "main"), ("email", hidden)]).await;
            assert_eq!(email.status(), StatusCode::BAD_REQUEST, "{hidden:?}");
            let sign_up = call_with(&app.stranger(), &app.base, "auth/sign_up", &[("studio_name", "S"), ("email", hidden), ("password", "a long password 1")]).await;
            assert_eq!(sign_up.status(), StatusCode::BAD_REQUEST, "{hidden:?}");
        }
        for (endpoint, body) in [
            ("comments/reply", json!({ "id": gallery, "image": image, "to": HIDDEN[1], "body": "B" })),
            ("comments/read", json!({ "id": gallery, "image": image, "email": HIDDEN[0] })),
            ("access/create_link", json!({ "id": gallery, "form": { "label": HIDDEN[2], "role": "MainClient", "sets": null, "expires_on": null } })),
        ] {
            let response = app.call_json(endpoint, body).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{endpoint}");
        }
    })
    .await;
}

/// Arguments a server function cannot read are the caller's mistake: a 4xx with a sentence, never
/// the decoder's words (which field, which line); a body past the size limit sent without a length
/// is 413 as one with a length is.
#[tokio::test]
async fn unreadable_arguments_are_refused_with_a_sentence() {
    for_each_db(|app| async move {
        let stranger = app.stranger();
        let missing = call_with(&stranger, &app.base, "client/gallery", &[("x", "1")]).await;
        assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
        let said = missing.text().await.expect("body");
        assert!(said.contains("could not be read") && !said.contains("missing field"), "{said}");
        let wrong = post_json(&stranger, &app.base, "annotations/save", json!({ "image": 1, "shapes": "x" })).await;
        assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
        let said = wrong.text().await.expect("body");
        assert!(!said.contains("line 1") && !said.contains("invalid type"), "{said}");
        // 600 KB in chunks, no Content-Length.
        let chunks = futures::stream::iter((0..600).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 1024])));
        let chunked = stranger
            .post(app.url("/api/client/gallery"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(reqwest::Body::wrap_stream(chunks))
            .send()
            .await
            .expect("request");
        assert_eq!(chunked.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let said = chunked.text().await.expect("body");
        assert!(said.contains("too large") && !said.contains("limit exceeded"), "{said}");
    })
    .await;
}
