//! Comments on images: a visitor writes, the photographer replies, and reads them all in one
//! inbox: the studio's, gallery by gallery. Text is kept as plain text and always rendered escaped.

use crate::card::ImageCard;
use crate::ids::{CommentId, GalleryId, ImageId};
use crate::validation::{FieldError, TextRule, text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The longest comment, in characters.
pub const MAX_COMMENT: usize = 2000;

/// The longest author name, in characters.
pub const MAX_AUTHOR_NAME: usize = 80;

/// One comment as a visitor or the photographer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: CommentId,
    pub image_id: ImageId,
    /// The visitor's name, or the studio's name for a reply.
    pub author: String,
    /// Written by the photographer (a reply).
    pub from_studio: bool,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// The comments on one image, for the photographer's inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxThread {
    pub image: ImageCard,
    pub comments: Vec<InboxComment>,
}

/// A comment in the inbox: who wrote it (with their email, which only the studio sees) and
/// whether the photographer has read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxComment {
    pub comment: CommentView,
    pub email: Option<String>,
    pub unread: bool,
}

/// The photographer's inbox for one gallery: threads with unread comments first, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub threads: Vec<InboxThread>,
    pub unread: u32,
}

/// A gallery with comments, as the studio's inbox lists it, with its threads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GalleryComments {
    pub id: GalleryId,
    pub title: String,
    pub inbox: Inbox,
}

/// How many galleries one page of the studio's inbox shows.
pub const INBOX_PAGE: u32 = 10;

/// One page of the studio's inbox: galleries with unread comments first, then the one a client
/// wrote in last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxPage {
    pub galleries: Vec<GalleryComments>,
    /// This page, from 1 (the last one when a later page was asked for).
    pub page: u32,
    /// How many pages there are (at least 1).
    pub pages: u32,
    /// How many galleries have comments, on every page.
    pub total: u32,
}

/// Checks a comment's text: trimmed, not empty, at most [`MAX_COMMENT`] characters. Line breaks
/// are kept; other control characters are refused.
pub fn validate_comment(body: &str) -> Result<String, FieldError> {
    text(
        TextRule {
            field: "body",
            label: "comment",
            empty: "Write something first.",
            max: MAX_COMMENT,
            multiline: true,
        },
        body,
    )
}

/// Checks an author name: trimmed, 1 to [`MAX_AUTHOR_NAME`] characters, one line.
pub fn validate_author(name: &str) -> Result<String, FieldError> {
    let rule = TextRule {
        field: "name",
        label: "name",
        empty: "Tell the photographer your name.",
        max: MAX_AUTHOR_NAME,
        multiline: false,
    };
    text(rule, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_trimmed_bounded_and_keep_line_breaks() {
        assert_eq!(validate_comment("  Love it\r\nthanks "), Ok("Love it\nthanks".to_owned()));
        assert!(validate_comment(" \n ").is_err());
        assert!(validate_comment(&"é".repeat(MAX_COMMENT + 1)).is_err());
        assert!(validate_comment("bell\u{7}").is_err());
        assert_eq!(validate_comment("<b>hi</b>"), Ok("<b>hi</b>".to_owned()), "kept as text, escaped on output");
    }

    #[test]
    fn author_names_are_one_line() {
        assert_eq!(validate_author(" Ana "), Ok("Ana".to_owned()));
        assert!(validate_author("").is_err() && validate_author("a\nb").is_err());
    }
}
