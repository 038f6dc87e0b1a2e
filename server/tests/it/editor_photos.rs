//! The editor's Photos tab a page at a time: every live photo on exactly one page, each set's
//! filter lists its photos only, photos ticked on several pages move or delete together, the undo
//! list stays bounded, the processing poll answers only for what it asks, and another studio
//! reaches nothing.

use crate::client_pages::{PHOTOS, big_gallery};
use crate::support::{call_with, for_each_db};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashSet;

fn ids(page: &Value) -> Vec<String> {
    page["images"]
        .as_array()
        .expect("images")
        .iter()
        .map(|i| i["card"]["id"].as_str().expect("id").to_owned())
        .collect()
}

/// The `?show=` value of a count's key: a set id or `unassigned`.
fn show_of(key: &Value) -> String {
    key["Set"].as_str().map_or_else(|| "unassigned".to_owned(), str::to_owned)
}

#[tokio::test]
async fn the_editor_pages_through_a_large_gallery() {
    for_each_db(|app| async move {
        let gallery = big_gallery(&app).await;
        let first = app.photos(&gallery, "", 0).await;
        let second = app.photos(&gallery, "", 1).await;
        assert_eq!(first["total"], PHOTOS);
        assert_eq!(ids(&first).len(), 100, "one page of tiles, not the gallery");
        assert_eq!(ids(&second).len(), PHOTOS as usize - 100);
        let every: HashSet<String> = ids(&first).into_iter().chain(ids(&second)).collect();
        assert_eq!(every.len(), PHOTOS as usize, "every photo on exactly one page");
        assert_eq!(app.photos(&gallery, "", 40).await["index"], 1, "past the end: the last page");

        // Each set's filter lists exactly its photos; the counts add up to the gallery.
        let counts = first["counts"].as_array().expect("counts").clone();
        assert!(counts.len() >= 2, "{counts:?}");
        let mut sum = 0;
        for count in &counts {
            let show = show_of(&count["key"]);
            let page = app.photos(&gallery, &show, 0).await;
            assert_eq!(page["total"], count["count"]);
            sum += count["count"].as_u64().expect("count");
            for image in page["images"].as_array().expect("images") {
                let set = image["card"]["set_id"].as_str().unwrap_or("unassigned");
                assert_eq!(set, show);
            }
        }
        assert_eq!(sum, u64::from(PHOTOS));

        // Photos ticked on two pages move together into the last set.
        let target = show_of(&counts.last().expect("a set")["key"]);
        let target_before = app.photos(&gallery, &target, 0).await["total"].as_u64().expect("total");
        let ticked: Vec<String> = ids(&first)[..3].iter().chain(&ids(&second)[..2]).cloned().collect();
        let already = ticked
            .iter()
            .filter(|id| {
                [&first, &second]
                    .iter()
                    .flat_map(|p| p["images"].as_array().expect("images"))
                    .any(|i| i["card"]["id"] == id.as_str() && i["card"]["set_id"].as_str() == Some(target.as_str()))
            })
            .count() as u64;
        let moved = app.call_json("images/move", json!({ "gallery": gallery, "images": ticked, "set": target })).await;
        assert_eq!(moved.status(), StatusCode::OK);
        let target_after = app.photos(&gallery, &target, 0).await;
        assert_eq!(target_after["total"].as_u64(), Some(target_before + 5 - already));

        // Deleting many: the undo list shows the newest 60 and says how many there are.
        let doomed: Vec<String> = ids(&first)[..70].to_vec();
        let deleted = app.call_json("images/delete", json!({ "gallery": gallery, "images": doomed })).await;
        assert_eq!(deleted.status(), StatusCode::OK);
        let after = app.photos(&gallery, "", 0).await;
        assert_eq!(after["total"], PHOTOS - 70);
        assert_eq!(after["deleted_total"], 70);
        assert_eq!(after["deleted"].as_array().map(Vec::len), Some(60));

        // The processing poll answers for the photos asked about, not the gallery.
        let asked = &ids(&after)[..2];
        let statuses = app.call_json("images/statuses", json!({ "gallery": gallery, "images": asked })).await;
        assert_eq!(statuses.status(), StatusCode::OK);
        let statuses: Value = statuses.json().await.expect("json");
        assert_eq!(statuses.as_array().map(Vec::len), Some(2));

        // The page and the poll, as someone else: both refused alike.
        let refused = |client: reqwest::Client, status: StatusCode| {
            let (app, gallery, asked) = (&app, &gallery, asked);
            async move {
                let page = call_with(&client, &app.base, "galleries/photos", &[("id", gallery), ("page", "0")]).await;
                assert_eq!(page.status(), status);
                let poll = client
                    .post(app.url("/api/images/statuses"))
                    .json(&json!({ "gallery": gallery, "images": asked }))
                    .send()
                    .await
                    .expect("request");
                assert_eq!(poll.status(), status);
            }
        };
        // A fresh cookie: not signed in.
        refused(app.stranger(), StatusCode::UNAUTHORIZED).await;
        // Another studio: not found, like a gallery that does not exist.
        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "other@example.com").await;
        refused(other, StatusCode::NOT_FOUND).await;
    })
    .await;
}

/// On a multi-threaded server (as in production) the editor page renders whole every time:
/// nothing made for the browser alone is dropped on another thread mid-render (that panicked
/// and cut the response off), and without JavaScript its page links reach the later photos.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_editor_page_renders_whole_on_any_thread() {
    for_each_db(|app| async move {
        let gallery = big_gallery(&app).await;
        let pages = futures::future::join_all((0..24).map(|n| {
            let url = app.url(&format!("/studio/galleries/{gallery}?page={}", n % 2 + 1));
            let client = app.client.clone();
            async move {
                let response = client.get(url).send().await.expect("a response");
                assert_eq!(response.status(), StatusCode::OK);
                response.text().await.expect("the whole page")
            }
        }))
        .await;
        for (n, html) in pages.iter().enumerate() {
            assert!(html.contains("Upload photos"), "page {n} is cut short");
            let wanted = if n % 2 == 0 { "Photos 1–100 of 150" } else { "Photos 101–150 of 150" };
            assert!(html.contains(wanted), "page {n}: {wanted}");
        }
        let next = format!("rel=\"next\" href=\"/studio/galleries/{gallery}?page=2\"");
        assert!(pages[0].contains(&next), "a plain link to the next page");
    })
    .await;
}

/// Photos ticked on a later page go to place 1 of the whole gallery, or to a place within a set's
/// view; another studio cannot move them.
#[tokio::test]
async fn ticked_photos_are_put_at_a_place_from_any_page() {
    for_each_db(|app| async move {
        let gallery = big_gallery(&app).await;
        let second = ids(&app.photos(&gallery, "", 1).await);
        let (a, b) = (second[0].clone(), second[second.len() - 1].clone());
        let place = |images: Vec<&str>, show: Option<&str>, position: u32| {
            json!({ "gallery": gallery, "images": images, "show": show, "position": position })
        };
        let put = app.call_json("images/place", place(vec![&b, &a], None, 1)).await;
        assert_eq!(put.status(), StatusCode::OK);
        let first = ids(&app.photos(&gallery, "", 0).await);
        assert_eq!(&first[..2], &[a.clone(), b.clone()], "together, in the gallery's order");

        // Within a set's view: place 2 of the set, whichever page the photo was on.
        let counts = app.photos(&gallery, "", 0).await["counts"].clone();
        let set = counts.as_array().expect("counts").iter().map(|c| show_of(&c["key"])).find(|k| k != "unassigned").expect("a set");
        let in_set = ids(&app.photos(&gallery, &set, 0).await);
        let last = in_set[in_set.len() - 1].clone();
        let put = app.call_json("images/place", place(vec![&last], Some(&set), 2)).await;
        assert_eq!(put.status(), StatusCode::OK);
        assert_eq!(ids(&app.photos(&gallery, &set, 0).await)[1], last);

        let other = app.stranger();
        crate::support::sign_up_with(&other, &app, "ben@example.com").await;
        let refused = crate::support::post_json(&other, &app.base, "images/place", place(vec![&a], None, 5)).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    })
    .await;
}
