//! Strict decoding: a file cut short (and made to look whole again: an end marker appended, its
//! container sizes fixed) is refused by `verify`, for every format, while every real photograph
//! of the corpus passes. The lying files are made here from the corpus.

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::PathBuf;

use media::{ArrivingJpeg, Limits, MediaError, SourceFormat, admit_jpeg, inspect, sniff, verify};

fn read(relative: &str) -> Vec<u8> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus")).join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Inspects (structure) then verifies (every byte of picture data) `bytes`. A JPEG is checked
/// the way an arriving upload is too (`admit_jpeg`, then `verify` in the same read, through a
/// reader that hands out a few bytes at a time), which must accept exactly the same files with
/// the same inspection, and refuse the others.
fn check(bytes: &[u8]) -> Result<(), MediaError> {
    let len = bytes.len() as u64;
    let two_reads = inspect(Cursor::new(bytes), len, &Limits::default())
        .and_then(|inspection| verify(Cursor::new(bytes), len, &inspection).map(|()| inspection));
    let one_read = admit_jpeg(Trickle(Cursor::new(bytes)), len, &Limits::default())
        .and_then(|arriving| arriving.map(ArrivingJpeg::verify).transpose());
    match (&two_reads, one_read) {
        (Ok(inspection), Ok(Some(arrived))) => assert_eq!(inspection, &arrived),
        (_, Ok(None)) => assert_ne!(sniff(bytes), Some(SourceFormat::Jpeg), "a JPEG must be read as it arrives"),
        (Err(_), Err(_)) => {}
        (two, one) => panic!("inspect and verify said {two:?}, while arriving said {one:?}"),
    }
    two_reads.map(|_| ())
}

/// A reader that hands out at most 1,000 bytes per read, as a file still being written does.
struct Trickle<R>(R);

impl<R: Read> Read for Trickle<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let most = buf.len().min(1_000);
        self.0.read(&mut buf[..most])
    }
}

impl<R: Seek> Seek for Trickle<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.0.seek(pos)
    }
}

fn assert_cut_short(name: &str, bytes: &[u8]) {
    match check(bytes) {
        Err(MediaError::Truncated { .. } | MediaError::Corrupt { .. } | MediaError::Decode { .. }) => {}
        other => panic!("{name}: a file cut short must be refused, got {other:?}"),
    }
}

/// The first `percent` % of a JPEG with an end-of-image marker appended.
fn jpeg_cut(bytes: &[u8], percent: usize) -> Vec<u8> {
    let mut cut = bytes[..bytes.len() * percent / 100].to_vec();
    cut.extend_from_slice(&[0xFF, 0xD9]);
    cut
}

#[test]
fn every_corpus_photo_verifies() {
    for name in [
        "originals/boats-24mp-grain.jpg",
        "originals/elephants-18mp-prog.jpg",
        "originals/kleiber-20mp-orient6.jpg",
        "originals/kleiber-20mp-p3.jpg",
        "originals/kleiber-20mp.jpg",
        "originals/kleiber-3014px-16bit.tif",
        "originals/kleiber-3014px.png",
        "originals/kleiber-45mp-grain.jpg",
        "originals/storm-gps-camera.jpg",
        "demo/aqua.jpg",
        "demo/blinds.jpg",
        "demo/dune.jpg",
        "demo/freshflower.jpg",
        "demo/garden.jpg",
        "demo/greenmeadow.jpg",
        "demo/ladybird.jpg",
        "demo/raindrops.jpg",
        "demo/storm.jpg",
        "demo/twowings.jpg",
        "demo/wood.jpg",
        "demo/yellowflower.jpg",
    ] {
        if let Err(e) = check(&read(name)) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn jpegs_with_encoder_variants_verify() {
    // Progressive, restart intervals, every chroma sampling, grey: what cameras and editors write.
    let picture = image::RgbImage::from_fn(301, 203, |x, y| {
        image::Rgb([(x * 7 % 256) as u8, (y * 5 % 256) as u8, ((x * y) % 251) as u8])
    });
    for progressive in [false, true] {
        for restart in [0u16, 1, 7] {
            for sampling in [
                jpeg_encoder::SamplingFactor::R_4_4_4,
                jpeg_encoder::SamplingFactor::R_4_2_2,
                jpeg_encoder::SamplingFactor::R_4_2_0,
                jpeg_encoder::SamplingFactor::R_4_1_1,
            ] {
                let mut out = Vec::new();
                let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
                encoder.set_progressive(progressive);
                encoder.set_restart_interval(restart);
                encoder.set_sampling_factor(sampling);
                encoder.set_optimized_huffman_tables(!progressive && restart == 0);
                encoder.encode(picture.as_raw(), 301, 203, jpeg_encoder::ColorType::Rgb).expect("encode");
                if let Err(e) = check(&out) {
                    panic!("progressive {progressive}, restart {restart}, {sampling:?}: {e}");
                }
                let cut = jpeg_cut(&out, 60);
                assert_cut_short(&format!("cut: progressive {progressive}, restart {restart}, {sampling:?}"), &cut);
            }
        }
    }
    let grey = image::GrayImage::from_fn(120, 90, |x, y| image::Luma([((x + y) % 256) as u8]));
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(grey.as_raw(), 120, 90, jpeg_encoder::ColorType::Luma)
        .expect("encode");
    check(&out).expect("grey");
}

#[test]
fn a_baseline_jpeg_cut_short_is_refused() {
    // The fault run's case: 60 % of a 20 MP photo and FF D9 showed green bands.
    let cut = jpeg_cut(&read("originals/kleiber-20mp.jpg"), 60);
    match check(&cut) {
        Err(e @ MediaError::Truncated { .. }) => assert!(e.to_string().contains("cut off"), "{e}"),
        other => panic!("expected Truncated, got {other:?}"),
    }
}

#[test]
fn a_progressive_jpeg_cut_short_is_refused() {
    let original = read("originals/elephants-18mp-prog.jpg");
    assert_cut_short("progressive 60 %", &jpeg_cut(&original, 60));
    // Cut exactly between two scans: every scan that is there is whole, but scans are missing.
    let scans: Vec<usize> =
        original.windows(2).enumerate().filter(|(_, w)| w == &[0xFF, 0xDA]).map(|(i, _)| i).collect();
    assert!(scans.len() > 3, "a progressive file has several scans");
    let mut cut = original[..scans[scans.len() - 2]].to_vec();
    cut.extend_from_slice(&[0xFF, 0xD9]);
    match check(&cut) {
        Err(MediaError::Truncated { .. }) => {}
        other => panic!("missing scans must be refused, got {other:?}"),
    }
}

#[test]
fn corrupt_huffman_data_is_refused() {
    let mut bytes = read("demo/aqua.jpg");
    // Overwrite a run of entropy-coded bytes in the middle with ones: no valid Huffman code.
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 64] {
        *byte = 0xFE;
    }
    assert!(check(&bytes).is_err(), "corrupt entropy data must be refused");
}

/// A Huffman table with more codes of a length than that length has (three 1-bit codes) is
/// refused as corrupt, never a panic (it once indexed the decoding table past its end).
#[test]
fn an_impossible_huffman_table_is_refused() {
    let mut bytes = read("demo/aqua.jpg");
    let dht = bytes.windows(2).position(|w| w == [0xFF, 0xC4]).expect("a DHT segment");
    // Marker, length (2 bytes), class and id, then the 16 code counts.
    bytes[dht + 5] = 3;
    match check(&bytes) {
        Err(MediaError::Corrupt { .. }) => {}
        other => panic!("an impossible Huffman table must be refused as corrupt, got {other:?}"),
    }
}

#[test]
fn a_png_cut_at_a_chunk_boundary_is_refused() {
    let original = read("originals/kleiber-3014px.png");
    // Walk the chunks; keep those that start before 60 % of the file, then IEND.
    let mut pos = 8;
    let mut keep = 8;
    while pos + 8 <= original.len() {
        let len = u32::from_be_bytes(original[pos..pos + 4].try_into().expect("4")) as usize;
        if pos > original.len() * 60 / 100 {
            break;
        }
        pos += 12 + len;
        keep = pos;
    }
    let mut cut = original[..keep].to_vec();
    cut.extend_from_slice(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]);
    assert_cut_short("png", &cut);
}

#[test]
fn a_tiff_whose_strips_are_cut_is_refused() {
    let mut bytes = read("originals/kleiber-3014px-16bit.tif");
    // The strips' compressed data after 60 % is gone (zeros), the directory still promises it.
    let from = bytes.len() * 60 / 100;
    let to = bytes.len() * 95 / 100;
    for byte in &mut bytes[from..to] {
        *byte = 0;
    }
    assert_cut_short("tiff", &bytes);
}

#[test]
fn a_webp_cut_short_is_refused() {
    let picture = image::load_from_memory(&read("demo/freshflower.jpg")).expect("decode").to_rgb8();
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .encode(picture.as_raw(), picture.width(), picture.height(), image::ExtendedColorType::Rgb8)
        .expect("encode webp");
    check(&webp).expect("the whole WebP verifies");
    // Keep 60 % of the bitstream and make the RIFF and chunk sizes agree with the cut.
    let keep = webp.len() * 60 / 100;
    let mut cut = webp[..keep].to_vec();
    let riff = (cut.len() - 8) as u32;
    cut[4..8].copy_from_slice(&riff.to_le_bytes());
    let chunk = (cut.len() - 20) as u32;
    cut[16..20].copy_from_slice(&chunk.to_le_bytes());
    assert_cut_short("webp", &cut);
}

#[test]
fn what_inspection_alone_refuses_is_refused_when_read_as_it_arrives_too() {
    // `check` asks both ways; these are refused by inspection, before any scan is decoded.
    let photo = read("originals/kleiber-20mp.jpg");
    for percent in [1, 10, 50, 99] {
        // Cut with no end marker: inspection already sees the end come too early.
        let cut = &photo[..photo.len() * percent / 100];
        assert!(matches!(check(cut), Err(MediaError::Truncated { .. })), "{percent} %");
    }
    // A frame promising 192 MP in 80 kB: the head alone shows it cannot be.
    let sof = photo.windows(2).position(|w| w == [0xFF, 0xC0]).expect("SOF0");
    let mut bomb = photo[..sof].to_vec();
    let mut frame = photo[sof..].to_vec();
    frame[5..7].copy_from_slice(&12_000u16.to_be_bytes());
    frame[7..9].copy_from_slice(&16_000u16.to_be_bytes());
    bomb.extend_from_slice(&frame[..80_000]);
    bomb.extend_from_slice(&[0xFF, 0xD9]);
    assert!(matches!(check(&bomb), Err(MediaError::Implausible { .. })), "{:?}", check(&bomb));
    // Too many pixels, and not an image at all.
    frame[5..7].copy_from_slice(&20_000u16.to_be_bytes());
    let mut over = photo[..sof].to_vec();
    over.extend_from_slice(&frame);
    assert!(matches!(check(&over), Err(MediaError::TooManyPixels { .. })), "{:?}", check(&over));
    assert!(matches!(check(b"plain text, not a photo"), Err(MediaError::NotAnImage)));
    assert!(matches!(check(b""), Err(MediaError::Empty)));
}
