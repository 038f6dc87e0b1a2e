//! Whole-sheet tests: real JPEG thumbnails made from the corpus by the production rendition
//! pipeline, rendered, then read back with poppler (`pdftotext`, `pdfinfo`, `pdfimages`) the way
//! a person's PDF viewer would.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use domain::rendition::Fit;

use super::{ContactSheetError, SheetEntry, SheetHeader, render_contact_sheet};

fn corpus(relative: &str) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/");
    std::fs::read(format!("{path}{relative}")).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// `count` distinct JPEG thumbnails (different sizes, so different bytes) of one demo photo,
/// made by `media::render` exactly as renditions are made at upload.
fn thumbnails(count: usize) -> Vec<media::Rendition> {
    let fits: Vec<Fit> = (0..count).map(|i| Fit::LongEdge(96 + i as u32)).collect();
    media::render(&corpus("demo/greenmeadow.jpg"), &fits, 80, &media::Limits::default()).expect("thumbnails render")
}

fn entries(names: &[String]) -> Vec<SheetEntry> {
    thumbnails(names.len())
        .into_iter()
        .zip(names)
        .enumerate()
        .map(|(index, (thumbnail, name))| SheetEntry {
            number: index as u32 + 1,
            file_name: name.clone(),
            jpeg: Bytes::from(thumbnail.jpeg),
            width: thumbnail.width,
            height: thumbnail.height,
        })
        .collect()
}

fn header() -> SheetHeader {
    SheetHeader {
        title: "Anna & Ben — Wedding".into(),
        subtitle: Some("Your selects · 45 photos".into()),
        studio_name: "Studio Lumen".into(),
        logo: None,
        accent: Some([0x8a, 0x5a, 0x44]),
        contact_email: Some("hello@lumen.example".into()),
    }
}

/// Writes `pdf` to a fresh temporary file and runs a poppler tool on it (`file` marks where the
/// path goes), returning its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!("proofroom-sheet-{}-{}.pdf", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let path: PathBuf = std::env::temp_dir().join(name);
    std::fs::write(&path, pdf).expect("write PDF");
    let path_arg = path.to_string_lossy().into_owned();
    let args: Vec<&str> = args.iter().map(|&arg| if arg == "file" { path_arg.as_str() } else { arg }).collect();
    let output = Command::new(format!("/usr/bin/{tool}"))
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian poppler-utils) must be installed: {e}"));
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The PDF's text as laid out, with each run of spaces squeezed to one: `-layout` turns the
/// label's two-space gap (and the gaps between columns) into however many spaces fit.
fn text_of(pdf: &[u8]) -> String {
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8", "file", "-"], pdf);
    text.split('\n')
        .map(|line| line.split(' ').filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn page_count_of(pdf: &[u8]) -> usize {
    let info = poppler("pdfinfo", &["file"], pdf);
    let line = info.lines().find(|line| line.starts_with("Pages:")).expect("a Pages: line");
    line.trim_start_matches("Pages:").trim().parse().expect("a page count")
}

/// Rows of `pdfimages -list` (after its two header lines).
fn images_of(pdf: &[u8]) -> Vec<String> {
    poppler("pdfimages", &["-list", "file"], pdf).lines().skip(2).map(str::to_owned).collect()
}

fn contains_subslice(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|window| window == needle)
}

#[test]
fn forty_five_photos_make_three_pages_with_title_studio_and_names_in_order() {
    let names: Vec<String> = (1..=45).map(|n| format!("IMG_{n:04}.jpg")).collect();
    let pdf = render_contact_sheet(&header(), &entries(&names)).expect("sheet renders");

    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    assert_eq!(page_count_of(&pdf), 3);
    let text = text_of(&pdf);
    assert!(text.contains("Anna & Ben — Wedding"), "title missing:\n{text}");
    assert!(text.contains("Your selects · 45 photos"), "subtitle missing:\n{text}");
    assert!(text.contains("Studio Lumen"), "studio missing:\n{text}");
    assert!(text.contains("hello@lumen.example"), "contact email missing:\n{text}");
    for page in 1..=3 {
        assert!(text.contains(&format!("Page {page} of 3")), "Page {page} of 3 missing:\n{text}");
    }
    // Every "N  name" label, in order: row by row, page by page.
    let mut previous = 0;
    for (index, name) in names.iter().enumerate() {
        let label = format!("{} {name}", index + 1);
        let at = text.find(&label).unwrap_or_else(|| panic!("{label:?} missing:\n{text}"));
        assert!(at > previous || index == 0, "{label:?} out of order:\n{text}");
        previous = at;
    }
    // Pages are separated by form feeds: 20, 20 and 5 photos.
    let per_page: Vec<usize> = text.split('\u{c}').map(|page| page.matches("IMG_").count()).collect();
    assert_eq!(&per_page[..3], &[20, 20, 5]);
}

#[test]
fn thumbnails_are_embedded_byte_for_byte() {
    let names: Vec<String> = (1..=6).map(|n| format!("photo-{n}.jpg")).collect();
    let entries = entries(&names);
    let pdf = render_contact_sheet(&header(), &entries).expect("sheet renders");

    for entry in &entries {
        assert!(
            contains_subslice(&pdf, &entry.jpeg),
            "{}'s JPEG bytes are not in the PDF as they are",
            entry.file_name
        );
    }
    // And poppler sees them as JPEG (DCT) images of the thumbnails' own pixel sizes.
    let images = images_of(&pdf);
    assert_eq!(images.len(), entries.len(), "{images:?}");
    for (row, entry) in images.iter().zip(&entries) {
        let columns: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(columns.get(3..5), Some(&[&*entry.width.to_string(), &*entry.height.to_string()][..]), "{row}");
        assert_eq!(columns.get(8), Some(&"jpeg"), "{row}");
    }
}

#[test]
fn unicode_and_long_names_survive_extraction() {
    let names: Vec<String> = [
        "Pão-de-Açúcar 01.jpg",
        "Ακρόπολη.jpg",
        "Москва-река.jpg",
        "Zürich Ü ß.jpg",
        "wedding-ceremony-first-kiss-under-the-old-oak-tree-final-edit.jpg",
    ]
    .map(String::from)
    .to_vec();
    let pdf = render_contact_sheet(&header(), &entries(&names)).expect("sheet renders");

    let text = text_of(&pdf);
    for name in &names[..4] {
        assert!(text.contains(name.as_str()), "{name:?} missing:\n{text}");
    }
    let long = &names[4];
    assert!(!text.contains(long.as_str()), "a name wider than its cell must be shortened:\n{text}");
    assert!(text.contains("5 wedding-ceremony"), "the shortened name keeps its start:\n{text}");
    assert!(text.contains('…'), "the shortened name ends with an ellipsis:\n{text}");
}

#[test]
fn no_photos_gives_one_page_saying_so() {
    let pdf = render_contact_sheet(&header(), &[]).expect("empty sheet renders");

    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(page_count_of(&pdf), 1);
    let text = text_of(&pdf);
    assert!(text.contains("No photos"), "{text}");
    assert!(text.contains("Page 1 of 1"), "{text}");
    assert!(text.contains("Anna & Ben — Wedding"), "{text}");
}

#[test]
fn a_non_jpeg_is_refused_naming_the_file() {
    let mut entries = entries(&["good.jpg".to_string(), "x".to_string(), "y".to_string()]);
    entries[1].file_name = "not-a-photo.jpg".into();
    entries[1].jpeg = Bytes::from_static(b"GIF89a\x01\x00\x01\x00 this is not a JPEG");
    // Starts like a JPEG, but its header stops after the first marker.
    entries[2].file_name = "cut-short.jpg".into();
    entries[2].jpeg = Bytes::from_static(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F']);

    match render_contact_sheet(&header(), &entries) {
        Err(error @ ContactSheetError::BadPhoto { number: 2, .. }) => {
            assert!(error.to_string().contains("not-a-photo.jpg"), "{error}");
        }
        other => panic!("expected BadPhoto for photo 2, got {other:?}"),
    }
    entries.remove(1);
    match render_contact_sheet(&header(), &entries) {
        Err(error @ ContactSheetError::BadPhoto { number: 3, .. }) => {
            assert!(error.to_string().contains("cut-short.jpg"), "{error}");
        }
        other => panic!("expected BadPhoto for photo 3, got {other:?}"),
    }
}

#[test]
fn jpeg_and_png_logos_are_drawn_and_anything_else_is_refused() {
    let entries = entries(&["a.jpg".to_string()]);
    let with_logo = |logo: Bytes| SheetHeader { logo: Some(logo), ..header() };

    let jpeg_logo = Bytes::from(thumbnails(1).remove(0).jpeg);
    let pdf = render_contact_sheet(&with_logo(jpeg_logo), &entries).expect("JPEG logo");
    assert_eq!(images_of(&pdf).len(), 2);
    assert!(text_of(&pdf).contains("Studio Lumen"));

    let pdf = render_contact_sheet(&with_logo(Bytes::from(tiny_png())), &entries).expect("PNG logo");
    let images = images_of(&pdf);
    assert_eq!(images.len(), 3, "the PNG and its alpha mask, and the thumbnail: {images:?}");
    assert!(images.iter().any(|row| row.contains("smask")), "transparency kept: {images:?}");

    match render_contact_sheet(&with_logo(Bytes::from_static(b"<svg/>")), &entries) {
        Err(ContactSheetError::BadLogo { .. }) => {}
        other => panic!("expected BadLogo, got {other:?}"),
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let entries = entries(&["a.jpg".to_string(), "b.jpg".to_string()]);
    let first = render_contact_sheet(&header(), &entries).expect("renders");
    let second = render_contact_sheet(&header(), &entries).expect("renders");
    assert!(first == second, "output is not deterministic");
}

/// A 2 × 2 RGBA PNG with one transparent pixel, stored (uncompressed) deflate, so the test needs
/// no PNG encoder.
fn tiny_png() -> Vec<u8> {
    fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32fast::hash(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    // Each row: filter byte 0, then two RGBA pixels.
    let raw: Vec<u8> = [[0u8, 200, 30, 30, 255, 30, 30, 200, 255], [0, 30, 200, 30, 255, 0, 0, 0, 0]].concat();
    let adler = {
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in &raw {
            a = (a + u32::from(byte)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    };
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&(raw.len() as u16).to_le_bytes());
    zlib.extend_from_slice(&(!(raw.len() as u16)).to_le_bytes());
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&adler.to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let ihdr = [0, 0, 0, 2, 0, 0, 0, 2, 8, 6, 0, 0, 0]; // 2×2, 8-bit RGBA
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}
