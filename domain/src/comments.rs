//! Comments on images: a visitor writes, the photographer replies, and reads them all in one
//! inbox per gallery. Text is kept as plain text and always rendered escaped.

use crate::dto::ImageCard;
use crate::ids::{CommentId, ImageId};
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

/// Checks a comment's text: trimmed, not empty, at most [`MAX_COMMENT`] characters. Line breaks
/// are kept; other control characters are refused.
pub fn validate_comment(body: &str) -> Result<String, String> {
    let body = body.replace("\r\n", "\n");
    let body = body.trim();
    if body.is_empty() {
        return Err("Write something first.".to_owned());
    }
    if body.chars().count() > MAX_COMMENT {
        return Err(format!("Keep the comment under {MAX_COMMENT} characters."));
    }
    if body.chars().any(|c| crate::validation::is_hidden_char(c) && c != '\n' && c != '\t') {
        return Err("The comment contains characters that cannot be shown.".to_owned());
    }
    Ok(body.to_owned())
}

/// Checks an author name: trimmed, 1 to [`MAX_AUTHOR_NAME`] characters, one line.
pub fn validate_author(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Tell the photographer your name.".to_owned());
    }
    if name.chars().count() > MAX_AUTHOR_NAME {
        return Err(format!("Keep your name under {MAX_AUTHOR_NAME} characters."));
    }
    if name.chars().any(crate::validation::is_hidden_char) {
        return Err("Your name cannot contain line breaks or hidden characters.".to_owned());
    }
    Ok(name.to_owned())
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
