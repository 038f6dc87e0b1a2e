//! Entry names that unpack safely everywhere: no paths, no characters Windows refuses, no
//! reserved device names, capped in length, and unique (case-insensitively) within an archive.

use super::*;

/// The format stores name lengths in 16 bits.
pub(super) fn cap_name_for_format(name: &mut String) {
    let end = name.floor_char_boundary(u16::MAX as usize);
    name.truncate(end);
}

/// Makes names safe for every unzip tool and unique (case-insensitively, since macOS/Windows file systems are
/// case-insensitive): keep unicode letters, replace path separators `/` `\`, control characters, and
/// `: * ? " < > |` with `_`, strip leading dots and spaces and trailing dots and spaces, never empty (use "file"),
/// cap at 200 bytes on a char boundary keeping the extension; a duplicate gets " (2)", " (3)" … inserted before the
/// extension ("IMG_1.jpg", "IMG_1 (2).jpg"). Deterministic for the same input order.
///
/// Also prefixes Windows device names ("CON.jpg" → "_CON.jpg"), which Windows can't create. Names are composed (NFC)
/// and compared with `str::to_lowercase`: macOS takes "Cafe\u{301}.jpg" and "Café.jpg" for one file, and a photo
/// uploaded before upload names were composed may still be stored decomposed.
pub fn safe_unique_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut unique = UniqueNames::default();
    names.into_iter().map(|name| unique.claim(safe_name(name))).collect()
}

/// Hands out names no earlier name equals case-insensitively.
#[derive(Default)]
pub(super) struct UniqueNames {
    /// Lowercased names handed out so far.
    taken: HashSet<String>,
    /// Lowercased name → the next " (n)" to try for it, so many copies of one name don't rescan from 2 (quadratic).
    next_number: HashMap<String, u64>,
}

impl UniqueNames {
    fn claim(&mut self, name: String) -> String {
        let key = name.to_lowercase();
        if self.taken.insert(key.clone()) {
            return name;
        }
        let number = self.next_number.entry(key).or_insert(2);
        loop {
            let candidate = numbered_name(&name, *number);
            *number += 1;
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
        }
    }
}

/// "stem (n).ext", with the stem shortened so the result still fits the cap.
pub(super) fn numbered_name(name: &str, number: u64) -> String {
    let (stem, extension) = split_extension(name);
    let suffix = format!(" ({number})");
    let stem = cut_stem(stem, MAX_SAFE_NAME_BYTES - suffix.len() - extension.len());
    format!("{stem}{suffix}{extension}")
}

pub(super) fn safe_name(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let replaced: String = raw.nfc().map(|c| if is_unsafe_char(c) { '_' } else { c }).collect();
    let trimmed = replaced.trim_matches(is_trimmed_char);
    let name = if trimmed.is_empty() { FALLBACK_NAME.to_owned() } else { avoid_windows_device_name(trimmed) };
    cap_safe_name(name)
}

pub(super) fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
}

/// Windows drops trailing dots and spaces (so "a." and "a" collide) and leading ones hide files or confuse shells.
pub(super) fn is_trimmed_char(c: char) -> bool {
    c == '.' || c == ' '
}

pub(super) fn avoid_windows_device_name(name: &str) -> String {
    let base = name.split('.').next().unwrap_or(name).trim_end();
    if WINDOWS_RESERVED.iter().any(|reserved| reserved.eq_ignore_ascii_case(base)) {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

/// Cuts to `MAX_SAFE_NAME_BYTES`, keeping the extension so the file still opens with the right program.
pub(super) fn cap_safe_name(name: String) -> String {
    if name.len() <= MAX_SAFE_NAME_BYTES {
        return name;
    }
    let (stem, extension) = split_extension(&name);
    let stem = cut_stem(stem, MAX_SAFE_NAME_BYTES - extension.len());
    format!("{stem}{extension}")
}

/// Cuts on a char boundary and drops the dots and spaces the cut may leave at the end.
pub(super) fn cut_stem(stem: &str, max_bytes: usize) -> &str {
    let cut = &stem[..stem.floor_char_boundary(max_bytes)];
    let cut = cut.trim_end_matches(is_trimmed_char);
    if cut.is_empty() { FALLBACK_NAME } else { cut }
}

/// ("IMG_1", ".jpg"); no extension when there's no dot after the first char or what follows the last dot is too
/// long to be one.
pub(super) fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= MAX_EXTENSION_BYTES => name.split_at(dot),
        _ => (name, ""),
    }
}
