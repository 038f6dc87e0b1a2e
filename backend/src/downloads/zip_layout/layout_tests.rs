//! Layout tests: the archive passes `unzip` and Python's zipfile, any range matches the whole,
//! ZIP64 by size, offset and count.

use super::*;
use chrono::NaiveDate;
use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

const GIB: u64 = 1 << 30;

/// A file under the system temp dir, removed on drop (the project has no `tempfile`).
struct TempPath(PathBuf);

impl TempPath {
    fn new(tag: &str) -> Self {
        Self(std::env::temp_dir().join(format!("zip_layout_test_{}_{tag}", std::process::id())))
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(super) fn time(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d).and_then(|date| date.and_hms_opt(h, mi, s)).expect("valid test time")
}

pub(super) fn entry(name: &str, data: &[u8]) -> ZipEntry {
    ZipEntry {
        name: name.to_owned(),
        size: data.len() as u64,
        crc32: crc32fast::hash(data),
        modified: time(2024, 5, 6, 7, 8, 9),
    }
}

#[test]
fn names_that_one_file_system_takes_for_one_are_made_unique() {
    let names = safe_unique_names(["Cafe\u{301}.jpg", "Caf\u{e9}.jpg", "CAF\u{c9}.JPG"]);
    assert_eq!(names, ["Caf\u{e9}.jpg", "Caf\u{e9} (2).jpg", "CAF\u{c9} (3).JPG"]);
}

/// Names and contents for test 1: a unicode name, an empty file and duplicates made unique.
fn sample() -> (ZipLayout, Vec<Vec<u8>>) {
    let raw = ["IMG_0001.jpg", "Café Ünïcödé 日本.txt", "empty.bin", "img_0001.JPG", "../sub/notes.txt"];
    let names = safe_unique_names(raw);
    let data: Vec<Vec<u8>> = vec![
        (0..=255u8).cycle().take(1000).collect(),
        "héllo wörld\n".as_bytes().to_vec(),
        Vec::new(),
        b"second image".to_vec(),
        b"notes".to_vec(),
    ];
    let entries = names.iter().zip(&data).map(|(name, data)| entry(name, data)).collect();
    (ZipLayout::new(entries), data)
}

fn assemble(layout: &ZipLayout, range: Range<u64>, data: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in layout.pieces(range) {
        match piece {
            Piece::Bytes(bytes) => out.extend_from_slice(&bytes),
            Piece::Entry { index, range } => {
                out.extend_from_slice(&data[index][range.start as usize..range.end as usize])
            }
        }
    }
    out
}

fn full_bytes(layout: &ZipLayout, data: &[Vec<u8>]) -> Vec<u8> {
    assemble(layout, 0..layout.len(), data)
}

fn write_file(tag: &str, bytes: &[u8]) -> TempPath {
    let path = TempPath::new(tag);
    std::fs::write(&path.0, bytes).expect("write temp zip");
    path
}

/// Writes only the generated pieces at their offsets (and data of entries `data` has), leaving holes for the
/// rest, so multi-GiB archives cost no disk or memory.
fn write_sparse(tag: &str, layout: &ZipLayout, data: &[Option<Vec<u8>>]) -> TempPath {
    let path = TempPath::new(tag);
    let mut file = File::create(&path.0).expect("create sparse zip");
    file.set_len(layout.len()).expect("set sparse length");
    let mut offset = 0;
    for piece in layout.pieces(0..layout.len()) {
        let len = match &piece {
            Piece::Bytes(bytes) => {
                write_at(&mut file, offset, bytes);
                bytes.len() as u64
            }
            Piece::Entry { index, range } => {
                if let Some(bytes) = &data[*index] {
                    write_at(&mut file, offset, &bytes[range.start as usize..range.end as usize]);
                }
                range.end - range.start
            }
        };
        offset += len;
    }
    assert_eq!(offset, layout.len());
    path
}

fn write_at(file: &mut File, offset: u64, bytes: &[u8]) {
    file.seek(SeekFrom::Start(offset)).expect("seek");
    file.write_all(bytes).expect("write");
}

fn run(command: &mut Command) -> String {
    let output = command.output().expect("run tool");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{command:?} failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

fn python(script: &str, zip: &Path) -> String {
    run(Command::new("python3").arg("-c").arg(script).arg(zip))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn archive_passes_unzip_and_python() {
    let (layout, data) = sample();
    let bytes = full_bytes(&layout, &data);
    assert_eq!(bytes.len() as u64, layout.len());
    let zip = write_file("sample.zip", &bytes);

    let tested = run(Command::new("unzip").arg("-t").arg(&zip.0).env("LC_ALL", "C.UTF-8"));
    assert!(tested.contains("No errors detected"), "{tested}");

    let script = r#"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    for i in z.infolist():
        print(i.filename.encode().hex(), z.read(i).hex(), oct(i.external_attr >> 16), "%d-%d-%d-%d-%d-%d" % i.date_time)
"#;
    let listed = python(script, &zip.0);
    let expected: Vec<String> = layout
        .entries()
        .iter()
        .zip(&data)
        .map(|(entry, data)| format!("{} {} 0o100644 2024-5-6-7-8-8", hex(entry.name.as_bytes()), hex(data)))
        .collect();
    assert_eq!(listed.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn unzip_extracts_names_contents_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (layout, data) = sample();
    let zip = write_file("extract.zip", &full_bytes(&layout, &data));
    let dir = TempPath::new("extract.dir");
    run(Command::new("unzip").arg("-q").arg(&zip.0).arg("-d").arg(&dir.0).env("LC_ALL", "C.UTF-8"));
    for (entry, data) in layout.entries().iter().zip(&data) {
        let path = dir.0.join(&entry.name);
        assert_eq!(&std::fs::read(&path).expect("extracted file"), data, "{}", entry.name);
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o644, "{}", entry.name);
    }
}

#[test]
fn any_range_matches_the_full_bytes() {
    let (layout, data) = sample();
    let full = full_bytes(&layout, &data);
    let len = layout.len();
    // Every range of this small archive: covers 0, len-1, single bytes and every header/data boundary.
    for start in 0..=len {
        for end in start..=len {
            assert_eq!(assemble(&layout, start..end, &data), full[start as usize..end as usize], "{start}..{end}");
        }
    }
    // Deterministic pseudo-random ranges, some reaching past the end (clamped).
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..1000 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let start = (seed >> 33) % (len + 10);
        let end = start + (seed >> 13) % (len / 2);
        let expected = &full[(start.min(len)) as usize..(end.min(len)).max(start.min(len)) as usize];
        assert_eq!(assemble(&layout, start..end, &data), expected, "{start}..{end}");
    }
}

#[test]
fn pieces_are_non_empty_and_sliced_at_the_range() {
    let (layout, _) = sample();
    let len = layout.len();
    assert_eq!(layout.pieces(0..0), Vec::new());
    assert_eq!(layout.pieces(len..len + 5), Vec::new());
    let (start, end) = (5, 3);
    assert_eq!(layout.pieces(start..end), Vec::new(), "reversed range");
    for piece in layout.pieces(0..len) {
        match piece {
            Piece::Bytes(bytes) => assert!(!bytes.is_empty()),
            Piece::Entry { range, .. } => assert!(range.start < range.end),
        }
    }
    // Inside the first entry's data (after its 30-byte header and 12-byte name): one entry piece.
    assert_eq!(layout.pieces(50..60), vec![Piece::Entry { index: 0, range: 8..18 }]);
    // Inside the first local header: one bytes piece of exactly the asked length.
    assert!(matches!(layout.pieces(3..9).as_slice(), [Piece::Bytes(b)] if b.len() == 6));
    assert!(matches!(layout.pieces(len - 1..len).as_slice(), [Piece::Bytes(b)] if b[..] == [0]));
    assert!(matches!(layout.pieces(len - 2..len + 100).as_slice(), [Piece::Bytes(b)] if b[..] == [0, 0]));
}

#[test]
fn same_entries_give_identical_bytes() {
    let (a, data) = sample();
    let (b, _) = sample();
    assert_eq!(full_bytes(&a, &data), full_bytes(&b, &data));
    assert!(!a.is_empty());
}

#[test]
fn empty_archive_is_just_the_end_record() {
    let layout = ZipLayout::new(Vec::new());
    assert_eq!(layout.len(), 22);
    assert!(!layout.is_empty());
    let zip = write_file("empty.zip", &full_bytes(&layout, &[]));
    assert_eq!(python("import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))", &zip.0), "0\n");
}

#[test]
fn zip64_sizes_and_offsets_read_by_python() {
    let small = b"small".to_vec();
    let entries = vec![
        ZipEntry { name: "five.bin".into(), size: 5 * GIB, crc32: 0, modified: time(2024, 1, 1, 0, 0, 0) },
        ZipEntry { name: "three.bin".into(), size: 3 * GIB, crc32: 0, modified: time(2024, 1, 1, 0, 0, 0) },
        entry("small.txt", &small),
    ];
    let layout = ZipLayout::new(entries);
    let zip = write_sparse("zip64.zip", &layout, &[None, None, Some(small)]);

    // Local headers: 30 bytes + name (+ 20-byte ZIP64 extra only for the 5 GiB entry).
    let three_offset = 30 + 8 + 20 + 5 * GIB;
    let small_offset = three_offset + 30 + 9 + 3 * GIB;
    assert!(three_offset > 4 * GIB);
    let script = r#"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for i in z.infolist():
        with z.open(i) as f:  # reads and checks the local header at header_offset
            head = f.read(5)
        print(i.filename, i.file_size, i.compress_size, i.header_offset, i.extract_version, head.hex())
"#;
    let expected = [
        format!("five.bin {0} {0} 0 45 0000000000", 5 * GIB),
        format!("three.bin {0} {0} {three_offset} 45 0000000000", 3 * GIB),
        format!("small.txt 5 5 {small_offset} 45 {}", hex(b"small")),
    ];
    assert_eq!(python(script, &zip.0).lines().collect::<Vec<_>>(), expected);

    let listed = run(Command::new("unzip").arg("-l").arg(&zip.0));
    assert!(listed.contains(&format!("{}  ", 5 * GIB)) && listed.contains("3 files"), "{listed}");
}

#[test]
fn zip64_extra_fields_are_exactly_the_overflowed_ones() {
    let below = ZipEntry { name: "a".into(), size: OVERFLOW_32 - 1, crc32: 0, modified: time(2024, 1, 1, 0, 0, 0) };
    let at_limit = ZipEntry { name: "b".into(), size: OVERFLOW_32, ..below.clone() };

    // Alone, a size just below the limit needs no ZIP64 at all in its headers.
    let alone = ZipLayout::new(vec![below.clone()]);
    let generated = &alone.generated;
    assert_eq!(&generated[4..6], &VERSION_DEFAULT.to_le_bytes());
    assert_eq!(&generated[26..30], &[1, 0, 0, 0]);
    assert_eq!(u16::from_le_bytes([generated[31 + 30], generated[31 + 31]]), 0);

    // "b" at offset 0 has sizes at the limit; "a" after it has an offset past the limit.
    let layout = ZipLayout::new(vec![at_limit, below]);
    let generated = &layout.generated;
    assert_eq!(&generated[4..6], &VERSION_ZIP64.to_le_bytes());
    assert_eq!(&generated[18..26], &[0xFF; 8]);
    assert_eq!(&generated[26..30], &[1, 0, 20, 0]);
    assert_eq!(
        &generated[31..51],
        &[[1, 0, 16, 0].as_slice(), &OVERFLOW_32.to_le_bytes(), &OVERFLOW_32.to_le_bytes()].concat()
    );
    // "a" locally: ZIP64 version, real sizes, no extra (its offset isn't in the local header).
    let a = 51;
    assert_eq!(&generated[a + 4..a + 6], &VERSION_ZIP64.to_le_bytes());
    assert_eq!(&generated[a + 18..a + 26], &[[0xFE, 0xFF, 0xFF, 0xFF]; 2].concat());
    assert_eq!(&generated[a + 26..a + 30], &[1, 0, 0, 0]);
    // Central: "b" both sizes only, "a" the offset only.
    let b_central = a + 31;
    assert_eq!(&generated[b_central + 30..b_central + 32], &[20, 0]);
    assert_eq!(&generated[b_central + 42..b_central + 46], &[0; 4]);
    assert_eq!(&generated[b_central + 47..b_central + 51], &[1, 0, 16, 0]);
    let a_central = b_central + 46 + 1 + 20;
    let a_offset = 51 + OVERFLOW_32;
    assert_eq!(&generated[a_central + 6..a_central + 8], &VERSION_ZIP64.to_le_bytes());
    assert_eq!(&generated[a_central + 20..a_central + 28], &[[0xFE, 0xFF, 0xFF, 0xFF]; 2].concat());
    assert_eq!(&generated[a_central + 30..a_central + 32], &[12, 0]);
    assert_eq!(&generated[a_central + 42..a_central + 46], &[0xFF; 4]);
    assert_eq!(&generated[a_central + 47..a_central + 51], &[1, 0, 8, 0]);
    assert_eq!(&generated[a_central + 51..a_central + 59], &a_offset.to_le_bytes());
}

/// Reads all 8 GiB (holes) so it takes a while; run with `cargo test -- --ignored`.
#[test]
#[ignore]
fn zip64_sparse_archive_passes_unzip_test() {
    let entries = vec![
        ZipEntry {
            name: "five.bin".into(),
            size: 5 * GIB,
            crc32: zeros_crc(5 * GIB),
            modified: time(2024, 1, 1, 0, 0, 0),
        },
        ZipEntry {
            name: "three.bin".into(),
            size: 3 * GIB,
            crc32: zeros_crc(3 * GIB),
            modified: time(2024, 1, 1, 0, 0, 0),
        },
        entry("small.txt", &[0; 5]),
    ];
    let layout = ZipLayout::new(entries);
    let zip = write_sparse("zip64_full.zip", &layout, &[None, None, None]);
    let tested = run(Command::new("unzip").arg("-tq").arg(&zip.0));
    assert!(tested.contains("No errors detected"), "{tested}");
    python("import sys, zipfile; assert zipfile.ZipFile(sys.argv[1]).testzip() is None", &zip.0);
}

fn zeros_crc(len: u64) -> u32 {
    const BLOCK: u64 = 1 << 20;
    let mut block = crc32fast::Hasher::new();
    block.update(&vec![0; BLOCK as usize]);
    let mut total = crc32fast::Hasher::new();
    (0..len / BLOCK).for_each(|_| total.combine(&block));
    total.update(&vec![0; (len % BLOCK) as usize]);
    total.finalize()
}

#[test]
fn zip64_by_entry_count() {
    let names: Vec<String> = (0..70_000).map(|i| format!("e{i:05}.txt")).collect();
    let entries = safe_unique_names(names.iter().map(String::as_str)).iter().map(|n| entry(n, &[])).collect();
    let layout = ZipLayout::new(entries);
    let bytes = full_bytes(&layout, &[]);
    // Only the count overflowed: the classic record holds 0xFFFF there and the real directory size and offset.
    let end = &bytes[bytes.len() - 22..];
    assert_eq!(&end[8..12], &[0xFF; 4]);
    assert_ne!(&end[12..16], &[0xFF; 4]);
    assert_ne!(&end[16..20], &[0xFF; 4]);
    assert_eq!(&bytes[bytes.len() - 42..bytes.len() - 38], &ZIP64_LOCATOR_SIGNATURE.to_le_bytes());
    let zip = write_file("many.zip", &bytes);
    let script =
        "import sys, zipfile; n = zipfile.ZipFile(sys.argv[1]).namelist(); print(len(n), len(set(n)), n[0], n[-1])";
    assert_eq!(python(script, &zip.0), "70000 70000 e00000.txt e69999.txt\n");
    let tested = run(Command::new("unzip").arg("-tq").arg(&zip.0));
    assert!(tested.contains("No errors detected"), "{tested}");
}

#[test]
fn dos_time_rules() {
    assert_eq!(dos_time_date(time(1979, 12, 31, 23, 59, 59)), (0, (1 << 5) | 1));
    assert_eq!(dos_time_date(time(1970, 1, 1, 0, 0, 0)), (0, (1 << 5) | 1));
    assert_eq!(dos_time_date(time(1980, 1, 1, 0, 0, 1)), (0, (1 << 5) | 1));
    assert_eq!(dos_time_date(time(2024, 5, 6, 7, 8, 9)), ((7 << 11) | (8 << 5) | 4, (44 << 9) | (5 << 5) | 6));
    assert_eq!(
        dos_time_date(time(2107, 12, 31, 23, 59, 59)),
        ((23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31)
    );
    assert_eq!(dos_time_date(time(2300, 6, 1, 0, 0, 0)), ((23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31));
}
