//! The built site: pages link to the content-hashed bundle and stylesheet; those are cached as
//! immutable, sent as the brotli copy the build made when the browser takes it (never compressed
//! again), and answer 304 to a matching `If-None-Match`; names without a hash must revalidate.

use crate::support::{TEST_BUNDLE, TEST_CLIENT_BUNDLE, TEST_CSS, TEST_LIGHTBOX, for_each_db};
use reqwest::StatusCode;

#[tokio::test]
async fn pages_link_the_hashed_bundle_and_it_is_cached_for_good() {
    for_each_db(|app| async move {
        let page = app.client.get(app.url("/")).send().await.expect("req").text().await.expect("html");
        assert!(page.contains(&format!("/pkg/{TEST_BUNDLE}.js")), "the module script");
        assert!(page.contains(&format!("/pkg/{TEST_BUNDLE}_bg.wasm")), "the wasm preload");
        assert!(page.contains(&format!("/pkg/{TEST_CSS}")), "the stylesheet");
        // A visitor's page loads the client bundle, without the photographer's pages.
        let gallery =
            app.client.get(app.url("/g/no-such-gallery")).send().await.expect("req").text().await.expect("html");
        assert!(gallery.contains(&format!("/pkg/{TEST_CLIENT_BUNDLE}.js")), "{gallery}");
        assert!(!gallery.contains(TEST_BUNDLE));
        assert!(gallery.contains(&format!("/pkg/{TEST_CSS}")));
        // A gallery's lightbox part: opened on the grid, the page's script fetches it once the
        // page is interactive; opened on a photo, the page asks for it beside the bundle
        // (hydrating the lightbox the server rendered needs it). Other pages have no lightbox.
        for file in TEST_LIGHTBOX {
            assert!(gallery.contains(&format!("{file:?}")), "in the script's list: {gallery}");
            assert!(!gallery.contains(&format!("href=\"/pkg/{file}\"")), "not asked for at once: {gallery}");
        }
        for path in ["/g/no-such-gallery?image=0190", "/l/0123abcd?page=2&image=0190"] {
            let on_photo = app.client.get(app.url(path)).send().await.expect("req").text().await.expect("html");
            for file in TEST_LIGHTBOX {
                assert!(on_photo.contains(&format!("href=\"/pkg/{file}\"")), "{path}: {on_photo}");
            }
        }
        for path in ["/?image=0190", "/cart/no-such-gallery?image=0190"] {
            let other = app.client.get(app.url(path)).send().await.expect("req").text().await.expect("html");
            assert!(!other.contains("lightbox_part"), "{path}: {other}");
        }

        for name in [format!("{TEST_BUNDLE}.js"), format!("{TEST_CLIENT_BUNDLE}_bg.wasm"), TEST_CSS.to_owned()] {
            let url = app.url(&format!("/pkg/{name}"));
            let plain = app.client.get(&url).header("Accept-Encoding", "identity").send().await.expect("req");
            assert_eq!(plain.status(), StatusCode::OK);
            assert_eq!(plain.headers()["cache-control"], "public, max-age=31536000, immutable");
            assert!(plain.headers().get("content-encoding").is_none());
            let etag = plain.headers()["etag"].to_str().expect("ascii").to_owned();
            let plain = plain.bytes().await.expect("bytes");

            let packed = app.client.get(&url).header("Accept-Encoding", "gzip, br").send().await.expect("req");
            assert_eq!(packed.headers()["content-encoding"], "br");
            assert_eq!(packed.headers()["etag"].to_str().expect("ascii"), etag, "one entity, one tag");
            assert_eq!(packed.headers()["vary"], "accept-encoding");
            let packed = packed.bytes().await.expect("bytes");
            assert_eq!(packed, [b"BR:".as_slice(), &plain].concat(), "the build's copy, as it is");

            let again = app.client.get(&url).header("If-None-Match", &etag).send().await.expect("req");
            assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
            assert!(again.bytes().await.expect("bytes").is_empty());
        }

        let icon = app.client.get(app.url("/favicon.ico")).send().await.expect("req");
        assert_eq!(icon.status(), StatusCode::OK);
        assert_eq!(icon.headers()["cache-control"], "public, max-age=0, must-revalidate");
        assert!(icon.headers().contains_key("etag"));

        let unknown = app.client.get(app.url("/pkg/proofroom.js")).send().await.expect("req");
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND, "an old unhashed name is gone");
    })
    .await;
}
