//! The client gallery a page at a time: the server renders one page (never the whole gallery),
//! `client/page` hands out the others, every photo is on exactly one page in the gallery's order,
//! a deep link or a set opens on the right page, and a link narrowed to sets pages through its
//! sets only.

use crate::support::{TestApp, call_with, for_each_db};
use reqwest::StatusCode;
use serde_json::Value;

pub const PHOTOS: u32 = 150;

/// A published gallery at `/g/big` of `PHOTOS` copies of three tiny photos, in four sets.
pub async fn big_gallery(app: &TestApp) -> String {
    big_gallery_of(app, PHOTOS).await
}

/// A published gallery at `/g/big` of `photos` copies of three tiny photos, in four sets, with
/// downloads on and its public link open.
pub async fn big_gallery_of(app: &TestApp, photos: u32) -> String {
    app.sign_up("anna@example.com").await;
    let template = app.create_gallery("Template", "template").await;
    app.upload_tiny(&template, 3).await;
    let studio =
        backend::entities::studio::Entity::find().one(&app.state.ctx.db).await.expect("query").expect("studio");
    let template: uuid::Uuid = template.parse().expect("id");
    let big = backend::seed_large::seed_large(
        &app.state.ctx,
        domain::ids::StudioId(studio.id),
        domain::ids::GalleryId(template),
        "big",
        photos,
    )
    .await
    .expect("seed");
    big.to_string()
}

use sea_orm::EntityTrait;

async fn page(client: &reqwest::Client, app: &TestApp, form: &[(&str, &str)]) -> Value {
    let response = call_with(client, &app.base, "client/page", form).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

fn ids(page: &Value) -> Vec<String> {
    page["images"].as_array().expect("images").iter().map(|i| i["id"].as_str().expect("id").to_owned()).collect()
}

fn names(page: &Value) -> Vec<String> {
    page["images"]
        .as_array()
        .expect("images")
        .iter()
        .map(|i| i["file_name"].as_str().expect("name").to_owned())
        .collect()
}

/// Each photo's `[width, height]` on `page`.
fn shapes(page: &Value) -> Vec<Value> {
    page["images"].as_array().expect("images").iter().map(|i| serde_json::json!([i["width"], i["height"]])).collect()
}

fn next_shapes(page: &Value) -> Vec<Value> {
    page["next"].as_array().expect("next").clone()
}

#[tokio::test]
async fn a_large_gallery_is_served_a_page_at_a_time() {
    for_each_db(|app| async move {
        big_gallery(&app).await;
        let guest = app.stranger();
        let html = guest.get(app.url("/g/big")).send().await.expect("req").text().await.expect("html");
        assert_eq!(html.matches("class=\"tile\"").count(), 60, "one page of tiles, not the gallery");
        assert!(html.contains("href=\"/g/big?page=2\""), "a plain link to the next page");
        assert!(html.contains("More photos (61–120 of 150)"));

        // Every photo on exactly one page, in the gallery's order, with the neighbours at the edges.
        let pages = [
            page(&guest, &app, &[("slug", "big")]).await,
            page(&guest, &app, &[("slug", "big"), ("page", "2")]).await,
            page(&guest, &app, &[("slug", "big"), ("page", "3")]).await,
        ];
        let all: Vec<String> = pages.iter().flat_map(names).collect();
        let expected: Vec<String> = (1..=PHOTOS).map(|n| format!("IMG_{n:05}.jpg")).collect();
        assert_eq!(all, expected);
        // Each page carries the shapes of the next one's photos (the room the browser holds for
        // it), the last page none.
        assert_eq!(next_shapes(&pages[0]), shapes(&pages[1]));
        assert_eq!(next_shapes(&pages[1]), shapes(&pages[2]));
        assert!(next_shapes(&pages[2]).is_empty());
        assert_eq!(pages[1]["index"], 1);
        assert_eq!(pages[1]["total"], PHOTOS);
        assert_eq!(pages[1]["before"], ids(&pages[0])[59].as_str());
        assert_eq!(pages[1]["after"], ids(&pages[2])[0].as_str());
        assert!(pages[0]["before"].is_null() && pages[2]["after"].is_null());
        let past = page(&guest, &app, &[("slug", "big"), ("page", "99")]).await;
        assert_eq!(past["index"], 2, "past the end is the last page");

        // A photo's link opens its page, on the server too.
        let photo_130 = &ids(&pages[2])[9];
        let holding = page(&guest, &app, &[("slug", "big"), ("image", photo_130)]).await;
        assert_eq!(holding["index"], 2);
        let deep = guest.get(app.url(&format!("/g/big?image={photo_130}"))).send().await.expect("req");
        let deep = deep.text().await.expect("html");
        assert!(deep.contains("class=\"lightbox\"") && deep.contains("IMG_00130.jpg · 130 of 150"), "{deep}");
        assert!(deep.contains("href=\"/g/big?page=3\""), "closing returns to the photo's page");

        // A set's tab opens the page where it starts, with its heading.
        let view: Value =
            call_with(&guest, &app.base, "client/gallery", &[("slug", "big")]).await.json().await.expect("json");
        let party = &view["tabs"][3];
        assert_eq!(party["name"], "Party");
        let party_id = party["key"]["Set"].as_str().expect("set id");
        let at_party = guest.get(app.url(&format!("/g/big?set={party_id}"))).send().await.expect("req");
        let at_party = at_party.text().await.expect("html");
        assert!(at_party.contains(&format!("id=\"set-{party_id}\"")), "the set's heading is on the page");
        assert_eq!(view["tabs"].as_array().map(Vec::len), Some(4));
        let counted: u64 = view["tabs"].as_array().expect("tabs").iter().map(|t| t["count"].as_u64().expect("n")).sum();
        assert_eq!(counted, u64::from(PHOTOS));
    })
    .await;
}

#[tokio::test]
async fn a_link_to_one_set_pages_through_that_set_only() {
    for_each_db(|app| async move {
        let big = big_gallery(&app).await;
        let view: Value =
            call_with(&app.client, &app.base, "client/gallery", &[("slug", "big")]).await.json().await.expect("json");
        let ceremony = view["tabs"][1]["key"]["Set"].as_str().expect("set").to_owned();
        let outside = ids(&view["page"])[0].clone();
        let link = app.make_link(&big, "PhotographerInvited", Some(vec![&ceremony])).await;
        let visitor = app.visitor_on(&link).await;

        let first = page(&visitor, &app, &[("slug", "big")]).await;
        let in_set = view["tabs"][1]["count"].as_u64().expect("count");
        assert_eq!(first["total"].as_u64(), Some(in_set));
        assert!(first["images"].as_array().expect("images").iter().all(|i| i["set_id"] == ceremony.as_str()));
        // A link to two sets (more than a page): the room held after its first page is its second
        // page's photos, of those sets only.
        let portraits = view["tabs"][2]["key"]["Set"].as_str().expect("set").to_owned();
        let two = app.make_link(&big, "PhotographerInvited", Some(vec![&ceremony, &portraits])).await;
        let visitor_of_two = app.visitor_on(&two).await;
        let first_of_two = page(&visitor_of_two, &app, &[("slug", "big")]).await;
        let second_of_two = page(&visitor_of_two, &app, &[("slug", "big"), ("page", "2")]).await;
        assert!(first_of_two["total"].as_u64().expect("total") > 60, "{first_of_two}");
        assert!(!next_shapes(&first_of_two).is_empty());
        assert_eq!(next_shapes(&first_of_two), shapes(&second_of_two));
        // A photo outside the link's sets is no page's: asking for it opens the first page.
        let asked = page(&visitor, &app, &[("slug", "big"), ("image", &outside)]).await;
        assert_eq!(asked["index"], 0);
        assert!(!ids(&asked).contains(&outside));

        // A draft gallery has no pages for anyone but its studio.
        app.call("galleries/publish", &[("id", &big), ("published", "false")]).await;
        let hidden = call_with(&visitor, &app.base, "client/page", &[("slug", "big")]).await;
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
        let stranger = call_with(&app.stranger(), &app.base, "client/page", &[("slug", "big")]).await;
        assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    })
    .await;
}
