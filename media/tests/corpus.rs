//! End-to-end tests of the public API on the shared corpus of real photographs: every good file
//! inspects with the right size, every bad file is refused with its own error, and renditions
//! have the right sizes, orientation, colour and no metadata.

use std::fs::File;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Mutex;

use domain::rendition::{Fit, RenditionSize, fit_dims};
use media::{Inspection, Limits, MediaError, Rendition, SourceFormat, inspect, render};

fn corpus(relative: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus")).join(relative)
}

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(corpus(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn inspect_file(relative: &str) -> Result<Inspection, MediaError> {
    let path = corpus(relative);
    let file = File::open(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let len = file.metadata().map(|m| m.len()).unwrap_or_else(|e| panic!("{relative}: {e}"));
    inspect(file, len, &Limits::default())
}

fn standard_fits() -> Vec<Fit> {
    RenditionSize::ALL.iter().map(|size| Fit::LongEdge(size.long_edge())).collect()
}

/// Renders each file at most once per test run: the 20 MP files are shared by several tests.
fn rendered(relative: &'static str) -> &'static [Rendition] {
    type Cache = Vec<(&'static str, &'static [Rendition])>;
    static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, renditions)) = cache.iter().find(|(name, _)| *name == relative) {
        return renditions;
    }
    let renditions =
        render(&read(relative), &standard_fits(), 85, &Limits::default()).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let leaked: &'static [Rendition] = Vec::leak(renditions);
    cache.push((relative, leaked));
    leaked
}

fn rendition(renditions: &[Rendition], long_edge: u32) -> &Rendition {
    renditions.iter().find(|r| r.fit == Fit::LongEdge(long_edge)).unwrap_or_else(|| panic!("no {long_edge} rendition"))
}

fn decode_rgb(jpeg: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .unwrap_or_else(|e| panic!("rendition does not decode: {e}"))
        .to_rgb8()
}

/// Mean R, G, B of each cell of a `cells`×`cells` grid: compares pictures of slightly different
/// sizes, and tells a rotated picture from an upright one.
fn grid_means(image: &image::RgbImage, cells: u32) -> Vec<[f64; 3]> {
    let mut sums = vec![([0f64; 3], 0u64); (cells * cells) as usize];
    for (x, y, pixel) in image.enumerate_pixels() {
        let cell = ((y * cells / image.height()) * cells + x * cells / image.width()) as usize;
        for c in 0..3 {
            sums[cell].0[c] += f64::from(pixel[c]);
        }
        sums[cell].1 += 1;
    }
    sums.into_iter().map(|(s, n)| s.map(|v| v / n as f64)).collect()
}

/// Largest per-channel difference between corresponding grid cells.
fn max_cell_difference(a: &[[f64; 3]], b: &[[f64; 3]]) -> f64 {
    a.iter().zip(b).flat_map(|(p, q)| (0..3).map(move |c| (p[c] - q[c]).abs())).fold(0.0, f64::max)
}

#[test]
fn every_original_and_demo_file_inspects_with_its_size() {
    let expected: &[(&str, SourceFormat, u32, u32, u8)] = &[
        ("originals/boats-24mp-grain.jpg", SourceFormat::Jpeg, 6000, 4000, 1),
        ("originals/elephants-18mp-prog.jpg", SourceFormat::Jpeg, 5640, 3172, 1),
        ("originals/kleiber-20mp-orient6.jpg", SourceFormat::Jpeg, 3391, 6016, 6),
        ("originals/kleiber-20mp-p3.jpg", SourceFormat::Jpeg, 6028, 3391, 1),
        ("originals/kleiber-20mp.jpg", SourceFormat::Jpeg, 6028, 3391, 1),
        ("originals/kleiber-3014px-16bit.tif", SourceFormat::Tiff, 3014, 1696, 1),
        ("originals/kleiber-3014px.png", SourceFormat::Png, 3014, 1696, 1),
        ("originals/kleiber-45mp-grain.jpg", SourceFormat::Jpeg, 8256, 5504, 1),
        ("originals/storm-gps-camera.jpg", SourceFormat::Jpeg, 1920, 1280, 1),
        ("demo/aqua.jpg", SourceFormat::Jpeg, 2560, 1600, 1),
        ("demo/blinds.jpg", SourceFormat::Jpeg, 1920, 1200, 1),
        ("demo/dune.jpg", SourceFormat::Jpeg, 1680, 1050, 1),
        ("demo/freshflower.jpg", SourceFormat::Jpeg, 1600, 1203, 1),
        ("demo/garden.jpg", SourceFormat::Jpeg, 2560, 1600, 1),
        ("demo/greenmeadow.jpg", SourceFormat::Jpeg, 1280, 1024, 1),
        ("demo/ladybird.jpg", SourceFormat::Jpeg, 2560, 1600, 1),
        ("demo/raindrops.jpg", SourceFormat::Jpeg, 1920, 1200, 1),
        ("demo/storm.jpg", SourceFormat::Jpeg, 1920, 1280, 1),
        ("demo/twowings.jpg", SourceFormat::Jpeg, 2560, 1600, 1),
        ("demo/wood.jpg", SourceFormat::Jpeg, 2560, 1920, 1),
        ("demo/yellowflower.jpg", SourceFormat::Jpeg, 2560, 1600, 1),
    ];
    for &(file, format, width, height, orientation) in expected {
        let inspection = inspect_file(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(inspection.format, format, "{file}");
        assert_eq!((inspection.width, inspection.height), (width, height), "{file}");
        assert_eq!(inspection.orientation, orientation, "{file}");
    }
    let turned = inspect_file("originals/kleiber-20mp-orient6.jpg").ok();
    assert_eq!(turned.map(|i| i.upright_dims()), Some((6016, 3391)));
}

#[test]
fn camera_and_capture_time_come_from_exif() {
    let storm = inspect_file("originals/storm-gps-camera.jpg").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(storm.camera.as_deref(), Some("NIKON D850"));
    assert_eq!(
        storm.captured_at.map(|t| t.to_string()).as_deref(),
        Some("2026-06-14 16:32:05"),
        "DateTimeOriginal wins over DateTime"
    );
    let sony = inspect_file("originals/elephants-18mp-prog.jpg").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sony.camera.as_deref(), Some("SONY DSC-RX100M4"));
    assert_eq!(sony.captured_at.map(|t| t.to_string()).as_deref(), Some("2020-02-19 16:35:05"));
    let bare = inspect_file("originals/kleiber-20mp.jpg").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((bare.camera, bare.captured_at), (None, None));
}

#[test]
fn each_bad_file_is_refused_with_its_own_reason() {
    let empty = inspect_file("bad/empty.jpg");
    let text = inspect_file("bad/text-named.jpg");
    let truncated = inspect_file("bad/truncated.jpg");
    let four = inspect_file("bad/four-bytes.jpg");
    assert!(matches!(empty, Err(MediaError::Empty)), "{empty:?}");
    assert!(matches!(text, Err(MediaError::NotAnImage)), "{text:?}");
    assert!(matches!(truncated, Err(MediaError::Truncated { format: SourceFormat::Jpeg })), "{truncated:?}");
    assert!(matches!(four, Err(MediaError::NoImageData { format: SourceFormat::Jpeg })), "{four:?}");
    let mut messages: Vec<String> = [empty, text, truncated, four]
        .into_iter()
        .map(|r| r.err().map(|e| e.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(
        messages[1],
        "This file is not a JPEG, PNG, TIFF or WebP image. Export the photo in one of those formats and upload it again."
    );
    assert_eq!(messages[0], "The file is empty. Choose the photo again and re-upload it.");
    messages.sort();
    messages.dedup();
    assert_eq!(messages.len(), 4, "messages must differ: {messages:?}");
}

#[test]
fn limits_refuse_oversize_files_and_images() {
    let path = corpus("originals/kleiber-20mp.jpg");
    let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or_default();
    let open = || File::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let small_files = Limits { max_bytes: 1_000_000, ..Limits::default() };
    assert!(matches!(inspect(open(), len, &small_files), Err(MediaError::TooLarge { .. })));
    let few_pixels = Limits { max_pixels: 12_000_000, ..Limits::default() };
    let refused = inspect(open(), len, &few_pixels);
    assert!(matches!(refused, Err(MediaError::TooManyPixels { .. })), "{refused:?}");
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("6028 × 3391") && message.contains("20.4 megapixels"), "{message}");
    let short_sides = Limits { max_side: 4000, ..Limits::default() };
    assert!(matches!(inspect(open(), len, &short_sides), Err(MediaError::SideTooLong { .. })));
}

#[test]
fn truncated_png_tiff_and_jpeg_cut_anywhere_are_refused() {
    for (file, format) in [
        ("originals/kleiber-3014px.png", SourceFormat::Png),
        ("originals/kleiber-3014px-16bit.tif", SourceFormat::Tiff),
        ("originals/elephants-18mp-prog.jpg", SourceFormat::Jpeg),
    ] {
        let bytes = read(file);
        for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            let head = &bytes[..cut];
            let result = inspect(Cursor::new(head), head.len() as u64, &Limits::default());
            assert!(
                matches!(&result, Err(MediaError::Truncated { format: f }) if *f == format),
                "{file} cut at {cut}: {result:?}"
            );
        }
    }
}

#[test]
fn bytes_after_the_jpeg_end_marker_are_allowed() {
    let mut bytes = read("demo/freshflower.jpg");
    bytes.extend_from_slice(b"trailing data some phones append");
    let result = inspect(Cursor::new(&bytes), bytes.len() as u64, &Limits::default());
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn standard_sizes_of_a_landscape_original() {
    let renditions = rendered("originals/kleiber-20mp.jpg");
    let dims: Vec<(u32, u32)> = renditions.iter().map(|r| (r.width, r.height)).collect();
    assert_eq!(dims, [(3840, 2160), (1920, 1080), (1600, 900), (960, 540), (640, 360), (480, 270)]);
    for r in renditions {
        let decoded = decode_rgb(&r.jpeg);
        assert_eq!(decoded.dimensions(), (r.width, r.height));
        let Fit::LongEdge(edge) = r.fit else { panic!("unexpected fit") };
        assert_eq!((r.width, r.height), fit_dims(6028, 3391, Fit::LongEdge(edge)));
    }
}

#[test]
fn standard_sizes_of_a_portrait_original() {
    // A synthetic portrait: smooth gradients so it compresses like a photo.
    let (width, height) = (2000u32, 3000u32);
    let pixels: Vec<u8> =
        (0..height).flat_map(|y| (0..width).flat_map(move |x| [(x / 8) as u8, (y / 12) as u8, 128])).collect();
    let mut portrait = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut portrait, 90);
    encoder
        .encode(&pixels, width as u16, height as u16, jpeg_encoder::ColorType::Rgb)
        .unwrap_or_else(|e| panic!("{e}"));
    let renditions = render(&portrait, &standard_fits(), 85, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    let dims: Vec<(u32, u32)> = renditions.iter().map(|r| (r.width, r.height)).collect();
    assert_eq!(dims, [(2000, 3000), (1280, 1920), (1067, 1600), (640, 960), (427, 640), (320, 480)]);
    for r in &renditions {
        assert_eq!(decode_rgb(&r.jpeg).dimensions(), (r.width, r.height));
    }
}

#[test]
fn a_small_original_is_never_enlarged() {
    let renditions = render(&read("demo/storm.jpg"), &[Fit::LongEdge(3840)], 85, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((renditions[0].width, renditions[0].height), (1920, 1280));
    assert_eq!(decode_rgb(&renditions[0].jpeg).dimensions(), (1920, 1280));
}

#[test]
fn renditions_come_back_in_the_callers_order() {
    let fits = [Fit::LongEdge(480), Fit::Box { width: 1000, height: 1000 }, Fit::LongEdge(960)];
    let renditions =
        render(&read("demo/greenmeadow.jpg"), &fits, 85, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(Fit, u32, u32)> = renditions.iter().map(|r| (r.fit, r.width, r.height)).collect();
    assert_eq!(got, [(fits[0], 480, 384), (fits[1], 1000, 800), (fits[2], 960, 768)]);
}

#[test]
fn orientation_six_renders_upright_landscape() {
    let turned = rendered("originals/kleiber-20mp-orient6.jpg");
    let upright = rendered("originals/kleiber-20mp.jpg");
    let dims: Vec<(u32, u32)> = turned.iter().map(|r| (r.width, r.height)).collect();
    let expected: Vec<(u32, u32)> = standard_fits().into_iter().map(|fit| fit_dims(6016, 3391, fit)).collect();
    assert_eq!(dims, expected);
    assert_eq!(dims[0], (3840, 2164));
    let a = grid_means(&decode_rgb(&rendition(turned, 480).jpeg), 6);
    let b = grid_means(&decode_rgb(&rendition(upright, 480).jpeg), 6);
    let difference = max_cell_difference(&a, &b);
    assert!(difference < 6.0, "orient6 rendition differs from the upright original: {difference}");
}

#[test]
fn display_p3_renders_like_the_srgb_original() {
    let p3 = rendered("originals/kleiber-20mp-p3.jpg");
    let srgb = rendered("originals/kleiber-20mp.jpg");
    for edge in [480, 3840] {
        let a = grid_means(&decode_rgb(&rendition(p3, edge).jpeg), 1);
        let b = grid_means(&decode_rgb(&rendition(srgb, edge).jpeg), 1);
        let difference = max_cell_difference(&a, &b);
        assert!(difference < 1.5, "{edge}: P3 mean {a:?} vs sRGB mean {b:?}");
    }
    let a = grid_means(&decode_rgb(&rendition(p3, 480).jpeg), 6);
    let b = grid_means(&decode_rgb(&rendition(srgb, 480).jpeg), 6);
    assert!(max_cell_difference(&a, &b) < 3.0);
}

#[test]
fn renditions_carry_no_metadata() {
    let renditions = rendered("originals/storm-gps-camera.jpg");
    for r in renditions {
        let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&r.jpeg));
        assert!(exif.is_err(), "{}: EXIF survived", r.width);
        let segments = app_segments(&r.jpeg);
        assert!(segments.iter().all(|&m| m == 0xE0), "only JFIF APP0 allowed: {segments:x?}");
        assert!(!r.jpeg.windows(4).any(|w| w == b"Exif" || w == b"GPS\0"));
    }
}

#[test]
fn renditions_use_4_2_0_chroma() {
    let renditions = render(&read("demo/freshflower.jpg"), &[Fit::LongEdge(480)], 85, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let jpeg = &renditions[0].jpeg;
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap_or_else(|| panic!("no SOF0"));
    // SOF0: length(2) precision(1) height(2) width(2) components(1), then id + HV sampling.
    assert_eq!(jpeg[sof + 9], 3);
    assert_eq!(jpeg[sof + 11], 0x22, "luma must be sampled 2×2 against chroma");
}

#[test]
fn sixteen_bit_tiff_and_png_render_like_the_jpeg() {
    let reference = grid_means(&decode_rgb(&rendition(rendered("originals/kleiber-20mp.jpg"), 480).jpeg), 4);
    for file in ["originals/kleiber-3014px-16bit.tif", "originals/kleiber-3014px.png"] {
        let renditions = render(&read(file), &[Fit::LongEdge(1920), Fit::LongEdge(480)], 85, &Limits::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let dims: Vec<(u32, u32)> = renditions.iter().map(|r| (r.width, r.height)).collect();
        assert_eq!(dims, [(1920, 1080), (480, 270)], "{file}");
        let means = grid_means(&decode_rgb(&renditions[1].jpeg), 4);
        let difference = max_cell_difference(&means, &reference);
        assert!(difference < 4.0, "{file} differs from the JPEG original by {difference}");
    }
}

#[test]
fn webp_inspects_renders_and_is_checked_for_truncation() {
    let (width, height) = (640u32, 400u32);
    let pixels: Vec<u8> =
        (0..height).flat_map(|y| (0..width).flat_map(move |x| [(x / 3) as u8, (y / 2) as u8, 90])).collect();
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .encode(&pixels, width, height, image::ExtendedColorType::Rgb8)
        .unwrap_or_else(|e| panic!("{e}"));
    let inspection =
        inspect(Cursor::new(&webp), webp.len() as u64, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((inspection.format, inspection.width, inspection.height), (SourceFormat::WebP, 640, 400));
    let cut = &webp[..webp.len() - 10];
    let truncated = inspect(Cursor::new(cut), cut.len() as u64, &Limits::default());
    assert!(matches!(truncated, Err(MediaError::Truncated { format: SourceFormat::WebP })));
    let renditions = render(&webp, &[Fit::LongEdge(320)], 85, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((renditions[0].width, renditions[0].height), (320, 200));
}

#[test]
fn grey_jpeg_becomes_rgb_and_alpha_is_flattened_onto_white() {
    let (width, height) = (300u32, 200u32);
    let grey: Vec<u8> = (0..width * height).map(|i| (i % width) as u8).collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 95)
        .encode(&grey, width as u16, height as u16, jpeg_encoder::ColorType::Luma)
        .unwrap_or_else(|e| panic!("{e}"));
    let renditions = render(&jpeg, &[Fit::LongEdge(150)], 90, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    let decoded = decode_rgb(&renditions[0].jpeg);
    assert_eq!(decoded.dimensions(), (150, 100));
    assert!(decoded.pixels().all(|p| p[0].abs_diff(p[1]) <= 3 && p[1].abs_diff(p[2]) <= 3));

    // Fully transparent red on the left half, opaque blue on the right.
    let rgba: Vec<u8> = (0..height)
        .flat_map(|_| (0..width).flat_map(|x| if x < width / 2 { [255, 0, 0, 0] } else { [0, 0, 255, 255] }))
        .collect();
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &rgba,
        width,
        height,
        image::ExtendedColorType::Rgba8,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let renditions = render(&png, &[Fit::LongEdge(300)], 95, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    let decoded = decode_rgb(&renditions[0].jpeg);
    let left = decoded.get_pixel(20, 100);
    let right = decoded.get_pixel(280, 100);
    assert!(left.0.iter().all(|&c| c > 245), "transparent must be white: {left:?}");
    assert!(right[2] > 230 && right[0] < 25, "opaque blue stays blue: {right:?}");
}

#[test]
fn render_refuses_what_inspect_refuses() {
    assert!(matches!(render(&[], &standard_fits(), 85, &Limits::default()), Err(MediaError::Empty)));
    assert!(matches!(render(b"hello", &standard_fits(), 85, &Limits::default()), Err(MediaError::NotAnImage)));
    // A truncated JPEG is refused at upload; render must still not panic on one.
    let _ = render(&read("bad/truncated.jpg"), &[Fit::LongEdge(480)], 85, &Limits::default());
}

/// The APPn marker codes of a JPEG's header segments, up to the first scan.
fn app_segments(jpeg: &[u8]) -> Vec<u8> {
    let mut found = Vec::new();
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xFF {
        let marker = jpeg[i + 1];
        if marker == 0xDA {
            break;
        }
        if (0xE0..=0xEF).contains(&marker) {
            found.push(marker);
        }
        i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
    }
    found
}
