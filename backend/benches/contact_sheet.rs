//! Contact-sheet benchmark: a 500-photo sheet (25 A4 pages) from 480 px thumbnails, rendered
//! `BENCH_ROUNDS` times (default 5) after one untimed warm-up; prints the median and the PDF size.
//!
//! The thumbnails are six corpus photos made into 480 px long-edge renditions once, by the same
//! `media::render` (q85) as at upload, then reused cyclically under distinct names. Each copy gets
//! a small JPEG comment segment with its index, so all 500 are distinct byte strings: krilla
//! embeds identical images only once, and a gallery never has 500 identical thumbnails, so
//! without this the bench would time a 6-image PDF.
//!
//! Run: `cargo bench -p backend --bench contact_sheet` (set `CONTACT_SHEET_OUT=<file.pdf>` to keep
//! the PDF for a look). Ends with the summary lines
//! `contact_sheet_render_500: <ms> ms` and `contact_sheet_render_500_size: <MB> MB`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use backend::proofing::contact_sheet::{SheetEntry, SheetHeader, render_contact_sheet};
use bytes::Bytes;
use domain::rendition::Fit;

const ENTRIES: usize = 500;
const LONG_EDGE: u32 = 480;
const QUALITY: u8 = 85;
const PHOTOS: [&str; 6] =
    ["demo/aqua.jpg", "demo/dune.jpg", "demo/garden.jpg", "demo/ladybird.jpg", "demo/storm.jpg", "demo/wood.jpg"];

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("contact_sheet bench failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|value| value.parse().ok()).unwrap_or(5).max(1);

    let started = Instant::now();
    let thumbnails = PHOTOS
        .iter()
        .map(|photo| {
            let path = format!("{}/../../shared/corpus/{photo}", env!("CARGO_MANIFEST_DIR"));
            let original = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
            let mut made = media::render(&original, &[Fit::LongEdge(LONG_EDGE)], QUALITY, &media::Limits::default())
                .map_err(|e| format!("{photo}: {e}"))?;
            made.pop().ok_or_else(|| format!("{photo}: no rendition"))
        })
        .collect::<Result<Vec<_>, String>>()?;
    println!("made {} thumbnails of {LONG_EDGE} px in {} ms", thumbnails.len(), started.elapsed().as_millis());

    let entries: Vec<SheetEntry> = (0..ENTRIES)
        .map(|index| {
            let thumbnail = &thumbnails[index % thumbnails.len()];
            SheetEntry {
                number: index as u32 + 1,
                file_name: format!("2026-06-14 Anna & Ben {:04} — {}.jpg", index + 1, PHOTOS[index % PHOTOS.len()]),
                jpeg: with_comment(&thumbnail.jpeg, index),
                width: thumbnail.width,
                height: thumbnail.height,
            }
        })
        .collect();
    let thumbnail_bytes: usize = entries.iter().map(|entry| entry.jpeg.len()).sum();
    println!("{ENTRIES} entries, {:.1} MB of thumbnails", thumbnail_bytes as f64 / 1e6);

    let header = SheetHeader {
        title: "Anna & Ben — Wedding".into(),
        subtitle: Some(format!("All photos · {ENTRIES} photos")),
        studio_name: "Studio Lumen".into(),
        logo: thumbnails.first().map(|thumbnail| Bytes::from(thumbnail.jpeg.clone())),
        accent: Some([0x8a, 0x5a, 0x44]),
        contact_email: Some("hello@lumen.example".into()),
    };

    let warm_up = render_contact_sheet(&header, &entries).map_err(|e| e.to_string())?;
    if !warm_up.starts_with(b"%PDF-") || warm_up.len() < thumbnail_bytes {
        return Err(format!("implausible PDF: {} bytes for {thumbnail_bytes} bytes of thumbnails", warm_up.len()));
    }

    if let Some(path) = std::env::var_os("CONTACT_SHEET_OUT") {
        std::fs::write(&path, &warm_up).map_err(|e| format!("{}: {e}", path.to_string_lossy()))?;
    }

    let mut times = Vec::with_capacity(rounds);
    let mut size = 0;
    for round in 1..=rounds {
        let started = Instant::now();
        let pdf = render_contact_sheet(&header, &entries).map_err(|e| e.to_string())?;
        let elapsed = started.elapsed();
        size = pdf.len();
        println!("round {round}: {:.1} ms, {size} bytes", millis(elapsed));
        times.push(elapsed);
    }
    times.sort();
    let median = times[times.len() / 2];

    println!("contact_sheet_render_500: {:.0} ms", millis(median));
    println!("contact_sheet_render_500_size: {:.1} MB", size as f64 / 1e6);
    Ok(())
}

/// `jpeg` with a COM segment carrying `index` right after its SOI marker: the same picture,
/// distinct bytes.
fn with_comment(jpeg: &[u8], index: usize) -> Bytes {
    let comment = format!("contact sheet bench entry {index}");
    let length = (comment.len() + 2) as u16;
    let mut out = Vec::with_capacity(jpeg.len() + comment.len() + 4);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(comment.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    Bytes::from(out)
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
