//! Orders a photographer can give a gallery at once: by file name (as a person counts:
//! IMG_2 before IMG_10), by the time the camera took each photo, or the order of upload.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A whole-gallery order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhotoSort {
    FileName,
    CaptureTime,
    Upload,
}

impl PhotoSort {
    pub const ALL: [PhotoSort; 3] = [PhotoSort::FileName, PhotoSort::CaptureTime, PhotoSort::Upload];

    pub const fn label(self) -> &'static str {
        match self {
            Self::FileName => "File name",
            Self::CaptureTime => "Time taken",
            Self::Upload => "Upload order",
        }
    }

    /// The `<option>` value.
    pub const fn token(self) -> &'static str {
        match self {
            Self::FileName => "name",
            Self::CaptureTime => "taken",
            Self::Upload => "upload",
        }
    }

    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.token() == token)
    }
}

/// What a sort looks at of one photo.
#[derive(Debug, Clone)]
pub struct SortKey<'a> {
    pub file_name: &'a str,
    pub captured_at: Option<NaiveDateTime>,
    pub uploaded_at: DateTime<Utc>,
}

impl PhotoSort {
    /// Compares two photos in this order; ties fall back to the file name, then the upload.
    /// Photos without a capture time go after those with one.
    pub fn compare(self, a: &SortKey<'_>, b: &SortKey<'_>) -> Ordering {
        let by_name = || natural_cmp(a.file_name, b.file_name).then(a.uploaded_at.cmp(&b.uploaded_at));
        match self {
            Self::FileName => by_name(),
            Self::CaptureTime => match (a.captured_at, b.captured_at) {
                (Some(x), Some(y)) => x.cmp(&y).then_with(by_name),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => by_name(),
            },
            Self::Upload => a.uploaded_at.cmp(&b.uploaded_at).then_with(by_name),
        }
    }
}

/// Compares file names as a person reads them: runs of digits by their value (IMG_2 < IMG_10),
/// letters without regard to case.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let take = |it: &mut std::iter::Peekable<std::str::Chars<'_>>| {
                    let mut digits = String::new();
                    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
                        digits.push(c);
                        it.next();
                    }
                    digits
                };
                let (m, n) = (take(&mut x), take(&mut y));
                let (m_trim, n_trim) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                let order = m_trim.len().cmp(&n_trim.len()).then_with(|| m_trim.cmp(n_trim));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(c), Some(d)) => {
                let order = c.to_lowercase().cmp(d.to_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                x.next();
                y.next();
            }
        }
    }
}

/// The gallery's order once `moving` is put at place `position` (1-based) of a view of it (all
/// photos, or one set's: `in_view`): the moving photos are taken out, then put back together, in
/// the order they had, just before the photo that holds that place in the view once they are out;
/// past the view's end, just after its last photo. Photos on any page can be moved to any other,
/// so a 10,000-photo gallery is arranged without dragging across 50 pages.
pub fn place<T: Copy + Eq + std::hash::Hash>(
    order: &[T],
    in_view: impl Fn(T) -> bool,
    moving: &[T],
    position: usize,
) -> Vec<T> {
    let moving: std::collections::HashSet<T> = moving.iter().copied().collect();
    let (mut rest, moved): (Vec<T>, Vec<T>) = order.iter().partition(|p| !moving.contains(p));
    if moved.is_empty() {
        return order.to_vec();
    }
    let view: Vec<usize> = rest.iter().enumerate().filter(|(_, p)| in_view(**p)).map(|(i, _)| i).collect();
    let at = match (view.get(position.saturating_sub(1)), view.last()) {
        (Some(&before), _) => before,
        (None, Some(&last)) => last + 1,
        (None, None) => rest.len(),
    };
    let tail = rest.split_off(at);
    rest.extend(moved);
    rest.extend(tail);
    rest
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn names_sort_as_people_count() {
        let mut names = vec!["IMG_10.jpg", "img_2.jpg", "IMG_1.jpg", "IMG_0101.jpg", "IMG_0102.jpg", "a.jpg"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["a.jpg", "IMG_1.jpg", "img_2.jpg", "IMG_10.jpg", "IMG_0101.jpg", "IMG_0102.jpg"]);
    }

    #[test]
    fn capture_time_first_then_the_rest_by_name() {
        let at = |h| chrono::NaiveDate::from_ymd_opt(2026, 6, 14).expect("date").and_hms_opt(h, 0, 0);
        let up = Utc.with_ymd_and_hms(2026, 6, 15, 9, 0, 0).single().expect("date");
        let key = |name, taken| SortKey { file_name: name, captured_at: taken, uploaded_at: up };
        let mut photos = [key("c.jpg", None), key("b.jpg", at(15)), key("a.jpg", None), key("d.jpg", at(11))];
        photos.sort_by(|a, b| PhotoSort::CaptureTime.compare(a, b));
        let names: Vec<_> = photos.iter().map(|k| k.file_name).collect();
        assert_eq!(names, ["d.jpg", "b.jpg", "a.jpg", "c.jpg"]);
        assert_eq!(PhotoSort::from_token("taken"), Some(PhotoSort::CaptureTime));
        assert_eq!(PhotoSort::from_token("size"), None);
    }

    #[test]
    fn photos_are_placed_in_the_view_from_any_page() {
        let order: Vec<u32> = (1..=10).collect();
        let all = |_| true;
        assert_eq!(place(&order, all, &[9, 10], 1), vec![9, 10, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(place(&order, all, &[10, 2], 3), vec![1, 3, 2, 10, 4, 5, 6, 7, 8, 9], "gallery order kept");
        assert_eq!(place(&order, all, &[1], 99), vec![2, 3, 4, 5, 6, 7, 8, 9, 10, 1]);
        assert_eq!(place(&order, all, &[1], 0), order, "place 0 is place 1");
        assert_eq!(place(&order, all, &[], 3), order);
        // A set's view: even numbers. Place 2 of the set is before 4 (the set's second photo).
        let even = |p: u32| p.is_multiple_of(2);
        assert_eq!(place(&order, even, &[10], 2), vec![1, 2, 3, 10, 4, 5, 6, 7, 8, 9]);
        // Past the set's end: just after its last photo, not at the gallery's end.
        let first_half = |p: u32| p <= 5;
        assert_eq!(place(&order, first_half, &[1], 50), vec![2, 3, 4, 5, 1, 6, 7, 8, 9, 10]);
        assert_eq!(place(&order, |_| false, &[1], 1), vec![2, 3, 4, 5, 6, 7, 8, 9, 10, 1]);
    }
}
