//! Contact sheets: which images a visitor's PDF holds, and when to ask. If selects are on and
//! the visitor has selected images, they choose "All images" or "Your selects"; with only one
//! valid choice the PDF starts at once.

use serde::{Deserialize, Serialize};

/// Which images a contact sheet lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SheetScope {
    /// Every image the visitor can see (in set download mode: of the sets open for download).
    All,
    /// The visitor's selects, over all their lists.
    Selects,
}

impl SheetScope {
    /// The URL segment.
    pub const fn token(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Selects => "selects",
        }
    }

    /// Reads a URL segment.
    pub fn from_token(token: &str) -> Option<Self> {
        [Self::All, Self::Selects].into_iter().find(|s| s.token() == token)
    }

    /// The choice's label.
    pub const fn label(self) -> &'static str {
        match self {
            Self::All => "All images",
            Self::Selects => "Your selects",
        }
    }

    /// Where the PDF is served.
    pub fn url(self, slug: &str) -> String {
        format!("/contact-sheet/{slug}/{}", self.token())
    }
}

/// The valid choices for a visitor: always All, and Selects when selects are offered to them and
/// they have selected at least one image.
pub fn sheet_choices(selects_offered: bool, selected: usize) -> Vec<SheetScope> {
    if selects_offered && selected > 0 { vec![SheetScope::All, SheetScope::Selects] } else { vec![SheetScope::All] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_only_when_there_is_a_choice() {
        assert_eq!(sheet_choices(true, 3), vec![SheetScope::All, SheetScope::Selects]);
        assert_eq!(sheet_choices(true, 0), vec![SheetScope::All], "no selects: starts at once");
        assert_eq!(sheet_choices(false, 3), vec![SheetScope::All], "selects off: starts at once");
        assert_eq!(SheetScope::from_token("selects"), Some(SheetScope::Selects));
        assert_eq!(SheetScope::from_token("nope"), None);
        assert_eq!(SheetScope::All.url("demo"), "/contact-sheet/demo/all");
    }
}
