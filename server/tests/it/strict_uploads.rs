//! Lying files over HTTP: a photo cut short and made to look whole (an end marker appended), a
//! JPEG header promising 192 megapixels in 80 kB, a PNG that would take more memory to decode than
//! the server gives one photo. Each is refused at upload with its sentence, and leaves no row, no
//! object and no temporary file.

use crate::support::{TestApp, corpus, for_each_db, for_each_db_configured};
use reqwest::StatusCode;
use serde_json::Value;

async fn refused(app: &TestApp, gallery: &str, name: &str, bytes: Vec<u8>) -> String {
    let response = app.upload_bytes(gallery, name, bytes).await;
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
    assert_eq!(app.image_rows().await, 0, "{name}: no row");
    assert_eq!(app.stored_files().await, 0, "{name}: no object, no temporary file");
    body["error"].as_str().unwrap_or_default().to_owned()
}

/// The first `percent` % of a corpus JPEG with an end-of-image marker appended.
fn jpeg_cut(path: &str, percent: usize) -> Vec<u8> {
    let bytes = std::fs::read(corpus(path)).expect("corpus");
    let mut cut = bytes[..bytes.len() * percent / 100].to_vec();
    cut.extend_from_slice(&[0xFF, 0xD9]);
    cut
}

#[tokio::test]
async fn photos_cut_short_are_refused_at_upload() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Cut", "").await;
        // The fault run's file: it uploaded (201), turned Ready and showed green bands.
        for (name, bytes) in [
            ("kleiber-cut.jpg", jpeg_cut("originals/kleiber-20mp.jpg", 60)),
            ("elephants-cut.jpg", jpeg_cut("originals/elephants-18mp-prog.jpg", 60)),
        ] {
            let sentence = refused(&app, &gallery, name, bytes).await;
            assert!(sentence.contains(name) && sentence.contains("cut off"), "{name}: {sentence}");
        }
        // A PNG cut after a whole chunk, with its end chunk appended.
        let png = std::fs::read(corpus("originals/kleiber-3014px.png")).expect("corpus");
        let (mut pos, mut keep) = (8, 8);
        while pos + 8 <= png.len() && pos <= png.len() * 60 / 100 {
            pos += 12 + u32::from_be_bytes(png[pos..pos + 4].try_into().expect("4")) as usize;
            keep = pos;
        }
        let mut cut = png[..keep].to_vec();
        cut.extend_from_slice(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]);
        let sentence = refused(&app, &gallery, "kleiber-cut.png", cut).await;
        assert!(sentence.contains("kleiber-cut.png"), "{sentence}");
        // The whole files still go in.
        app.upload_ok(&gallery, "originals/kleiber-3014px.png").await;
    })
    .await;
}

/// A JPEG whose header says `width` × `height`, padded to `size` bytes with a comment.
fn jpeg_bomb(width: u16, height: u16, size: usize) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(16, 16, image::Rgb([120, 20, 20]));
    let mut small = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut small, image::ImageFormat::Jpeg).expect("encode");
    let mut bytes = small.into_inner();
    let sof = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).expect("SOF0");
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    let mut bomb = bytes[..2].to_vec();
    let padding = size.saturating_sub(bytes.len());
    for chunk in vec![b'x'; padding].chunks(60_000) {
        bomb.extend_from_slice(&[0xFF, 0xFE]);
        bomb.extend_from_slice(&((chunk.len() + 2) as u16).to_be_bytes());
        bomb.extend_from_slice(chunk);
    }
    bomb.extend_from_slice(&bytes[2..]);
    bomb
}

#[tokio::test]
async fn a_jpeg_claiming_far_more_pixels_than_its_bytes_hold_is_refused() {
    for_each_db(|app| async move {
        app.sign_up("anna@example.com").await;
        let gallery = app.create_gallery("Bombs", "").await;
        // 16000 × 12000 = 192 MP, under the 200 MP limit, in 80 kB.
        let sentence = refused(&app, &gallery, "bomb.jpg", jpeg_bomb(16000, 12000, 80_000)).await;
        assert!(sentence.contains("16000 × 12000") && sentence.contains("too small"), "{sentence}");
    })
    .await;
}

#[tokio::test]
async fn an_image_needing_more_memory_than_the_budget_is_refused_at_upload() {
    for_each_db_configured(
        |config| config.decode_memory = 64_000_000,
        |app| async move {
            app.sign_up("anna@example.com").await;
            let gallery = app.create_gallery("Big", "").await;
            // A zero-filled 6000 × 4000 PNG: 70 kB of file, 72 MB of pixels.
            let zeros = image::RgbImage::new(6000, 4000);
            let mut png = std::io::Cursor::new(Vec::new());
            zeros.write_to(&mut png, image::ImageFormat::Png).expect("encode");
            drop(zeros);
            let sentence = refused(&app, &gallery, "flat.png", png.into_inner()).await;
            assert!(sentence.contains("memory") && sentence.contains("64 MB"), "{sentence}");
        },
    )
    .await;
}
