//! Name tests: cut for the format, made safe, numbered when repeated.

use super::layout_tests::entry;
use super::*;

#[test]
fn overlong_names_are_cut_for_the_format() {
    let layout = ZipLayout::new(vec![entry(&"é".repeat(40_000), b"x")]);
    assert_eq!(layout.entries()[0].name.len(), 65_534);
}

#[test]
fn safe_names() {
    let names =
        safe_unique_names(["../etc/passwd", "a:b?.jpg", "  .hidden ", "", "..", "tab\there", "x*y\"z<a>b|c\\d"]);
    assert_eq!(names, ["_etc_passwd", "a_b_.jpg", "hidden", "file", "file (2)", "tab_here", "x_y_z_a_b_c_d"]);
    assert!(!names[0].contains('/'));
    assert_eq!(
        safe_unique_names(["Ünïcödé 日本語.JPG", "CON.jpg", "nul", "console.txt"]),
        ["Ünïcödé 日本語.JPG", "_CON.jpg", "_nul", "console.txt"]
    );
}

#[test]
fn duplicates_are_numbered_case_insensitively() {
    let names = safe_unique_names(["IMG.JPG", "img.jpg", "Img.Jpg", "IMG (2).JPG", "IMG_1.jpg", "IMG_1.jpg", "a", "A"]);
    assert_eq!(
        names,
        ["IMG.JPG", "img (2).jpg", "Img (3).Jpg", "IMG (2) (2).JPG", "IMG_1.jpg", "IMG_1 (2).jpg", "a", "A (2)"]
    );
    let many = safe_unique_names(std::iter::repeat_n("x.txt", 5000));
    assert_eq!(many[4999], "x (5000).txt");
    assert_eq!(many.iter().map(|n| n.to_lowercase()).collect::<HashSet<_>>().len(), 5000);
}

#[test]
fn long_names_are_cut_on_a_char_boundary_keeping_the_extension() {
    let long = format!("{}.jpeg", "日".repeat(100)); // 300 + 5 bytes
    let names = safe_unique_names([long.as_str(), long.as_str()]);
    assert_eq!(names[0], format!("{}.jpeg", "日".repeat(65)));
    assert!(names[0].len() <= MAX_SAFE_NAME_BYTES);
    assert_eq!(names[1], format!("{} (2).jpeg", "日".repeat(63)));
    assert!(names[1].len() <= MAX_SAFE_NAME_BYTES);
    // An overlong "extension" isn't kept: the whole name is cut.
    let odd = format!("a.{}", "b".repeat(300));
    assert_eq!(safe_unique_names([odd.as_str()])[0], format!("a.{}", "b".repeat(198)));
    // A cut that ends in spaces or dots drops them.
    let spaced = format!("{}{}.png", "a".repeat(195), " ".repeat(20));
    assert_eq!(safe_unique_names([spaced.as_str()])[0], format!("{}.png", "a".repeat(195)));
}
