//! What the photographer's uploads may be, said the same way by the upload panel (before a byte
//! is sent) and by the server (which decides).

/// The refusal of a file larger than `max_bytes`, the most one upload may be.
pub fn too_large(max_bytes: u64) -> String {
    format!(
        "The file is larger than {}, the most one upload may be. Export it at a smaller size and try again.",
        megabytes(max_bytes)
    )
}

/// The upload panel's hint under the file picker.
pub fn accepted(max_bytes: u64) -> String {
    format!("JPEG, PNG, TIFF or WebP, up to {} each.", megabytes(max_bytes))
}

/// Whole megabytes as people read file sizes ("200 MB"), below one megabyte in kilobytes.
fn megabytes(bytes: u64) -> String {
    if bytes >= 1_000_000 { format!("{} MB", bytes / 1_000_000) } else { format!("{} KB", bytes.div_ceil(1_000)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_said_as_configured() {
        assert_eq!(accepted(200_000_000), "JPEG, PNG, TIFF or WebP, up to 200 MB each.");
        assert_eq!(accepted(50_000_000), "JPEG, PNG, TIFF or WebP, up to 50 MB each.");
        assert!(too_large(1_000_000).starts_with("The file is larger than 1 MB,"));
        assert!(too_large(400_000).starts_with("The file is larger than 400 KB,"));
    }
}
