//! Counts said in words, the same way on every screen and in every mail.

/// "1 photo", "12 photos".
pub fn photos(n: u64) -> String {
    if n == 1 { "1 photo".to_owned() } else { format!("{n} photos") }
}
