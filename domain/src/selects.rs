//! Selects: the images a visitor starred, in named lists that belong to the email they gave
//! ("Favourites", "Album", "Prints"…). Wire types for the visitor and the photographer, and the
//! rules for list names.

use crate::card::ImageCard;
use crate::ids::{ImageId, SelectListId};
use crate::validation::{FieldError, TextRule, text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The list a first star goes into when the visitor has none yet.
pub const DEFAULT_LIST_NAME: &str = "Favourites";

/// The longest list name, in characters.
pub const MAX_LIST_NAME: usize = 60;

/// How many lists one person may keep in one gallery.
pub const MAX_LISTS: usize = 20;

/// One of the visitor's lists, with the images in it (in the order they were starred).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectListView {
    pub id: SelectListId,
    pub name: String,
    pub images: Vec<ImageId>,
    /// When the visitor sent it to the photographer (closed to changes until reopened).
    #[serde(default)]
    pub sent_at: Option<DateTime<Utc>>,
}

/// The visitor's own selects in a gallery. Only ever sent to the person whose email they
/// belong to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MySelects {
    pub lists: Vec<SelectListView>,
}

impl MySelects {
    /// Whether `image` is in any of the lists.
    pub fn contains(&self, image: ImageId) -> bool {
        self.lists.iter().any(|list| list.images.contains(&image))
    }

    /// Whether `image` is in the list `list`.
    pub fn in_list(&self, list: SelectListId, image: ImageId) -> bool {
        self.lists.iter().any(|l| l.id == list && l.images.contains(&image))
    }

    /// Distinct images over all lists.
    pub fn distinct_images(&self) -> Vec<ImageId> {
        let mut seen = Vec::new();
        for id in self.lists.iter().flat_map(|l| l.images.iter().copied()) {
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
        seen
    }
}

/// One person's lists as the photographer sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonSelects {
    pub email: String,
    pub lists: Vec<PersonList>,
}

/// One list with its images, for the photographer's Selects tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonList {
    pub id: SelectListId,
    pub name: String,
    /// How many photos the list holds.
    pub count: u32,
    /// The first [`SHOWN_PER_LIST`] of them, in the order they were starred.
    pub images: Vec<ImageCard>,
    /// When the visitor sent it, and what they wrote with it.
    pub sent_at: Option<DateTime<Utc>>,
    pub sent_note: Option<String>,
}

/// How many of a list's photos the photographer's Selects tab shows as thumbnails; the filter and
/// the CSV carry every one.
pub const SHOWN_PER_LIST: usize = 24;

/// The longest note sent with a selection, in characters.
pub const MAX_SELECTION_NOTE: usize = 2000;

/// Why a sent list cannot change: the photographer is working from it. `None` while it is open.
pub fn sent_list_refusal(name: &str, sent_at: Option<DateTime<Utc>>) -> Option<String> {
    let sent = sent_at?;
    Some(format!(
        "You sent “{name}” to your photographer on {}. Ask them to reopen it if you want to change it, or start a new list.",
        sent.format("%-d %B %Y")
    ))
}

/// Checks the note sent with a selection: optional, up to [`MAX_SELECTION_NOTE`] characters.
pub fn validate_selection_note(note: &str) -> Result<String, FieldError> {
    if note.trim().is_empty() {
        return Ok(String::new());
    }
    text(TextRule { field: "note", label: "note", empty: "", max: MAX_SELECTION_NOTE, multiline: true }, note)
}

/// Checks a list name: trimmed, 1 to [`MAX_LIST_NAME`] characters, no control characters.
pub fn validate_list_name(name: &str) -> Result<String, FieldError> {
    text(
        TextRule {
            field: "name",
            label: "list name",
            empty: "Give the list a name.",
            max: MAX_LIST_NAME,
            multiline: false,
        },
        name,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn list_names_are_trimmed_and_bounded() {
        assert_eq!(validate_list_name("  Album "), Ok("Album".to_owned()));
        assert!(validate_list_name("   ").is_err());
        assert!(validate_list_name(&"x".repeat(MAX_LIST_NAME + 1)).is_err());
        assert!(validate_list_name("a\nb").is_err());
        assert_eq!(validate_list_name("Álbum für Oma"), Ok("Álbum für Oma".to_owned()));
    }

    #[test]
    fn distinct_images_keep_first_order() {
        let (a, b, c) = (ImageId(Uuid::from_u128(1)), ImageId(Uuid::from_u128(2)), ImageId(Uuid::from_u128(3)));
        let list = |n: u128, images: Vec<ImageId>| SelectListView {
            id: SelectListId(Uuid::from_u128(n)),
            name: n.to_string(),
            images,
            sent_at: None,
        };
        let mine = MySelects { lists: vec![list(10, vec![b, a]), list(11, vec![a, c])] };
        assert_eq!(mine.distinct_images(), vec![b, a, c]);
        assert!(mine.contains(c) && mine.in_list(SelectListId(Uuid::from_u128(11)), c));
        assert!(!mine.in_list(SelectListId(Uuid::from_u128(10)), c));
    }

    #[test]
    fn a_sent_list_says_when_and_what_to_do() {
        use chrono::TimeZone;
        assert_eq!(sent_list_refusal("Album", None), None);
        let sent = Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).single().expect("date");
        let why = sent_list_refusal("Album", Some(sent)).expect("refused");
        assert!(why.contains("“Album”") && why.contains("3 December 2026") && why.contains("reopen"), "{why}");
        assert_eq!(validate_selection_note("  "), Ok(String::new()));
        assert!(validate_selection_note(&"x".repeat(MAX_SELECTION_NOTE + 1)).is_err());
    }
}
