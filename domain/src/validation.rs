//! Field validation shared by the forms (to explain early) and the server (to enforce). Each
//! function returns the cleaned value or a sentence that names the problem and the fix.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A refused field value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    /// A refusal of `field`, with the sentence saying how to put it right.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

/// Shortest password accepted (NIST SP 800-63B's floor is 8; we ask a little more).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Trims and lower-cases an email address and checks its shape.
pub fn email(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim().to_lowercase();
    let problem = || FieldError::new("email", "Enter an email address like name@example.com.");
    let joiner = |c: char| matches!(c, '\u{200C}' | '\u{200D}');
    if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || is_hidden_char(c) || joiner(c)) {
        return Err(problem());
    }
    let (local, domain) = value.split_once('@').ok_or_else(problem)?;
    if !is_dot_atom(local) || !is_domain(domain) {
        return Err(problem());
    }
    Ok(value)
}

/// Trims and lower-cases an address to look up one already kept (a visitor to forget, a comment
/// thread, an account to sign in to): kept under earlier, looser checks, it need not meet
/// `email`'s shape, only be one line with an `@`.
pub fn email_to_find(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim().to_lowercase();
    if value.len() > 254 || !value.contains('@') || value.chars().any(|c| c.is_whitespace() || is_hidden_char(c)) {
        return Err(FieldError::new("email", "Enter an email address like name@example.com."));
    }
    Ok(value)
}

/// An address's local part as mail servers take it unquoted (RFC 5321's dot-string, with
/// RFC 6531's non-ASCII letters): at most 64 bytes of atoms joined by single dots. What passes
/// here the mail library's parser takes too: an address kept now and refused only when its mail
/// is made (a restore's "ready" mail, days later) would reach nobody.
fn is_dot_atom(local: &str) -> bool {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || c.is_alphanumeric();
    local.len() <= 64 && local.split('.').all(|atom| !atom.is_empty() && atom.chars().all(atext))
}

/// A domain of at least two labels, each of letters, digits and inner hyphens, at most 63 bytes
/// (non-ASCII letters for internationalised names, which the mail server must take as they are:
/// SMTPUTF8).
fn is_domain(domain: &str) -> bool {
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    domain.len() <= 253 && domain.contains('.') && domain.split('.').all(label)
}

/// Checks a new password's length (it is never trimmed: spaces are characters too).
pub fn new_password(raw: &str) -> Result<String, FieldError> {
    let count = raw.chars().count();
    if count < MIN_PASSWORD_CHARS {
        return Err(FieldError::new(
            "password",
            format!("Choose a password of at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    if raw.len() > 1024 {
        return Err(FieldError::new("password", "Choose a password shorter than 1,024 characters."));
    }
    if raw.chars().any(is_hidden_char) {
        return Err(FieldError::new(
            "password",
            "Use letters, digits, spaces and symbols you can see in the password.",
        ));
    }
    Ok(raw.to_owned())
}

/// Characters a person cannot see but that change what text means or how it displays: control
/// characters (NUL included, which PostgreSQL refuses in text) and the format characters of
/// [`is_invisible_format`] (`U+202E` turns "gpj.exe" into "exe.jpg" on screen; a Hangul filler
/// makes a name that looks blank). The zero-width joiners stay: emoji families and Persian words
/// are made with them.
pub fn is_hidden_char(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// How a piece of text may look: the field it is, the sentence when it is empty, its longest
/// length in characters, and whether it may hold line breaks.
#[derive(Debug, Clone, Copy)]
pub struct TextRule {
    pub field: &'static str,
    /// What to call it in sentences ("list name").
    pub label: &'static str,
    /// The sentence when nothing was given ("Give the list a name.").
    pub empty: &'static str,
    pub max: usize,
    /// Line breaks (and tabs) allowed, as in a comment.
    pub multiline: bool,
}

/// The one check every free text goes through before it is stored or queried: trimmed (line
/// endings made `\n`), not empty, at most `rule.max` characters, no hidden characters
/// ([`is_hidden_char`]; line breaks and tabs only where the rule allows).
pub fn text(rule: TextRule, raw: &str) -> Result<String, FieldError> {
    let normalised = with_plain_line_breaks(raw);
    let value = normalised.trim();
    // The braille blank is drawn as a space but is no whitespace to `trim`.
    if value.chars().all(|c| c.is_whitespace() || c == '\u{2800}') {
        return Err(FieldError::new(rule.field, rule.empty));
    }
    if value.chars().count() > rule.max {
        return Err(FieldError::new(
            rule.field,
            format!("Shorten the {} to {} characters or fewer.", rule.label, rule.max),
        ));
    }
    if has_hidden(value, rule.multiline) {
        let what = if rule.multiline { "control characters" } else { "line breaks and control characters" };
        return Err(FieldError::new(rule.field, format!("Remove the {what} from the {}.", rule.label)));
    }
    Ok(value.to_owned())
}

/// `raw` with every line ending a `\n`: Windows' `\r\n`, and the line and paragraph separators
/// some editors paste.
pub fn with_plain_line_breaks(raw: &str) -> String {
    raw.replace("\r\n", "\n").replace(['\u{2028}', '\u{2029}'], "\n")
}

/// Whether `value` holds a hidden character ([`is_hidden_char`]), line breaks and tabs apart
/// when `multiline`. Tag characters pass where they spell a flag (🏴, tag letters, the cancel
/// tag: England's, Scotland's, Wales's), and only there: elsewhere they are invisible text.
pub fn has_hidden(value: &str, multiline: bool) -> bool {
    let chars: Vec<char> = value.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{1F3F4}' {
            let letters = chars[i + 1..].iter().take_while(|t| ('\u{E0061}'..='\u{E007A}').contains(*t)).count();
            if letters > 0 && chars.get(i + 1 + letters) == Some(&'\u{E007F}') {
                i += letters + 2;
                continue;
            }
        }
        if is_hidden_char(c) && !(multiline && matches!(c, '\n' | '\t')) {
            return true;
        }
        i += 1;
    }
    false
}

fn bounded_text(field: &'static str, label: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let empty = match field {
        "studio_name" => "Enter a studio name.",
        "title" => "Enter a title.",
        _ => "Enter a name.",
    };
    text(TextRule { field, label, empty, max, multiline: false }, raw)
}

/// A gallery password: short enough to share with a client, long enough not to guess at once.
pub fn gallery_password(raw: &str) -> Result<String, FieldError> {
    let count = raw.chars().count();
    if !(4..=128).contains(&count) {
        return Err(FieldError::new("password", "Choose a gallery password of 4 to 128 characters."));
    }
    if raw.chars().any(is_hidden_char) {
        return Err(FieldError::new(
            "password",
            "Use letters, digits, spaces and symbols you can see in the password.",
        ));
    }
    Ok(raw.to_owned())
}

/// An accent colour as `#rrggbb` (what `<input type=color>` sends), lower-cased.
pub fn accent_color(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim().to_lowercase();
    let hex = value.strip_prefix('#').unwrap_or_default();
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(FieldError::new("accent_color", "Choose the accent colour as #rrggbb, like #8a5a44."));
    }
    Ok(value)
}

/// A studio's display name.
pub fn studio_name(raw: &str) -> Result<String, FieldError> {
    bounded_text("studio_name", "studio name", raw, 100)
}

/// A gallery title.
pub fn gallery_title(raw: &str) -> Result<String, FieldError> {
    bounded_text("title", "title", raw, 200)
}

/// A set's name.
pub fn set_name(raw: &str) -> Result<String, FieldError> {
    bounded_text("name", "set name", raw, 80)
}

/// Checks a slug chosen by the photographer: the gallery's public URL is `/g/{slug}`.
pub fn slug(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim().to_lowercase();
    let ok_chars = value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if value.len() < 3
        || value.len() > 80
        || !ok_chars
        || value.starts_with('-')
        || value.ends_with('-')
        || value.contains("--")
    {
        return Err(FieldError::new(
            "slug",
            "Use 3 to 80 lower-case letters, digits and single hyphens for the link (like smith-wedding-2026).",
        ));
    }
    Ok(value)
}

/// Derives a slug from a title: ASCII letters and digits, words joined by hyphens. Accented Latin
/// letters lose their accents; other scripts fall back to "gallery".
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let trimmed = out.trim_matches('-').to_owned();
    if trimmed.len() < 3 { "gallery".to_owned() } else { trimmed }
}

fn fold_accent(c: char) -> std::vec::IntoIter<char> {
    let folded: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        '&' => " and ",
        _ => return vec![c].into_iter(),
    };
    folded.chars().collect::<Vec<_>>().into_iter()
}

/// Makes an uploaded file's name safe to store and show: only the last path component, no
/// control characters, no bidirectional controls or other invisible format characters (so
/// `invoice<RLO>gpj.exe` cannot pose as `invoiceexe.jpg`), at most 200 bytes (cut on a character
/// boundary, keeping the extension). Unicode letters are kept for display, composed (NFC): a Mac
/// sends "é" as "e" and a combining accent, Windows as one character, and the same name from
/// both must be one name (in a ZIP, a search, a list sorted by name).
pub fn file_name(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    // Filtered first: an invisible character between a letter and its accent would keep them apart.
    let visible: String = last.chars().filter(|&c| !c.is_control() && !is_invisible_format(c)).collect();
    let cleaned: String = visible.nfc().collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        return "image".to_owned();
    }
    const MAX: usize = 200;
    if cleaned.len() <= MAX {
        return cleaned;
    }
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if ext.len() <= 10 => (stem, format!(".{ext}")),
        _ => (cleaned.as_str(), String::new()),
    };
    let mut cut = MAX - ext.len();
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{}", &stem[..cut], ext)
}

/// Characters that change how a name reads without being seen: the bidirectional embeddings,
/// overrides, isolates and marks; zero-width spaces and the word joiner family; the byte-order
/// mark; the soft hyphen; line and paragraph separators; interlinear annotation marks; the
/// Mongolian vowel separator; Hangul fillers; and tag characters. The zero-width non-joiner and
/// joiner (U+200C, U+200D) stay: Persian and Indic words and emoji sequences need them, and they
/// cannot reorder text.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(email("  Anna@Example.COM ").as_deref(), Ok("anna@example.com"));
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.com",
            "anna@example",
            "an na@example.com",
            "a@b@c.com",
            "a\u{0}b@example.com",
            "anna@exa\u{7}mple.com",
            "anna\u{202E}moc@example.com",
            "an\u{200B}na@example.com",
            // What mail servers and the mail library refuse unquoted.
            "john..doe@gmail.com",
            ".anna@example.com",
            "anna.@example.com",
            "a\"b@example.com",
            "a,b@example.com",
            "anna@exam_ple.com",
            "anna@-example.com",
            "anna@example..com",
            &format!("{}@example.com", "a".repeat(65)),
            "o\u{2019}brien@example.com",
            "jose\u{301}@example.com",
            "ana\u{1F600}@example.com",
        ] {
            assert!(email(bad).is_err(), "{bad:?} should be refused");
        }
        for good in ["o'brien+wedding@example.co.uk", "josé@example.com", "ana@bücher.de", "a.b-c_d@sub.example.museum"]
        {
            assert!(email(good).is_ok(), "{good:?} should be taken");
        }
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert!(new_password("short").is_err());
        assert!(new_password("long enough pass").is_ok());
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Anna & Tom — Wedding 2026"), "anna-and-tom-wedding-2026");
        assert_eq!(slugify("Café Zoë"), "cafe-zoe");
        assert_eq!(slugify("東京"), "gallery");
        assert!(slug("smith-wedding-2026").is_ok());
        for bad in ["ab", "-abc", "abc-", "a--b", "with space", "ÜBER"] {
            assert!(slug(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn file_names_lose_paths_and_controls_but_keep_unicode() {
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("C:\\photos\\Zoë am Meer.jpg"), "Zoë am Meer.jpg");
        assert_eq!(file_name("bad\u{0}name\n.jpg"), "badname.jpg");
        assert_eq!(file_name(".."), "image");
        assert_eq!(file_name(""), "image");
        let long = format!("{}.jpg", "é".repeat(300));
        let cut = file_name(&long);
        assert!(cut.len() <= 200 && cut.ends_with(".jpg"));
    }

    #[test]
    fn file_names_are_composed_whichever_system_sent_them() {
        let mac = "Cafe\u{301} de\u{301}cor.jpg";
        assert_eq!(file_name(mac), "Caf\u{e9} d\u{e9}cor.jpg");
        assert_eq!(file_name(mac), file_name("Caf\u{e9} d\u{e9}cor.jpg"));
    }

    #[test]
    fn file_names_lose_bidi_overrides_and_invisible_characters() {
        // "invoice<RLO>gpj.exe" shows as "invoiceexe.jpg" but is an .exe.
        assert_eq!(file_name("invoice\u{202E}gpj.exe"), "invoicegpj.exe");
        assert_eq!(file_name("\u{2067}photo\u{2069}\u{200B}\u{FEFF}.jpg"), "photo.jpg");
        assert_eq!(file_name("a\u{200E}b\u{200F}c\u{061C}d\u{2066}e\u{2068}f\u{202A}g.jpg"), "abcdefg.jpg");
        assert_eq!(file_name("soft\u{00AD}hyphen\u{2060}join\u{2028}.jpg"), "softhyphenjoin.jpg");
        assert_eq!(file_name("\u{202E}\u{200B}"), "image");
        // Joiners that scripts and emoji need stay.
        assert_eq!(file_name("می\u{200C}خواهم.jpg"), "می\u{200C}خواهم.jpg");
        assert_eq!(file_name("👩\u{200D}👩\u{200D}👧.jpg"), "👩\u{200D}👩\u{200D}👧.jpg");
    }

    #[test]
    fn accent_colours() {
        assert_eq!(accent_color(" #8A5A44 ").as_deref(), Ok("#8a5a44"));
        for bad in ["8a5a44", "#8a5a4", "#8a5a44ff", "#zzzzzz", "red", "#8a5a44;}body{"] {
            assert!(accent_color(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(gallery_title("  Wedding ").as_deref(), Ok("Wedding"));
        assert!(gallery_title("   ").is_err());
        assert!(gallery_title(&"x".repeat(201)).is_err());
    }

    #[test]
    fn text_that_looks_blank_is_empty_and_joiners_are_kept() {
        for blank in ["\u{3164}", "\u{115F}\u{1160}", "\u{FFA0}", "\u{2800}", "a\u{2028}b", "x\u{E0041}"] {
            assert!(gallery_title(blank).is_err(), "{blank:?}");
        }
        let scotland = "Hamish & Isla \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(gallery_title(scotland).as_deref(), Ok(scotland), "a flag is spelt with tag characters");
        let smuggled = format!("\u{1F3F4}{}", "\u{E0041}".repeat(30));
        assert!(gallery_title(&smuggled).is_err(), "tag characters that spell no flag are hidden text");
        let pasted = TextRule { field: "body", label: "comment", empty: "Write something.", max: 100, multiline: true };
        assert_eq!(text(pasted, "Lovely\u{2028}thanks").as_deref(), Ok("Lovely\nthanks"));
        let family = "Us \u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(gallery_title(family).as_deref(), Ok(family), "an emoji family is made with joiners");
        assert!(gallery_title("\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}").is_ok(), "a Persian word");
        assert!(email("an\u{200D}na@example.com").is_err());
    }
}

/// Parses an event date from a form (`YYYY-MM-DD`; empty means none).
pub fn event_date(raw: &str) -> Result<Option<chrono::NaiveDate>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    calendar_date(value)
        .map(Some)
        .ok_or_else(|| FieldError::new("event_date", "Enter the event date as a date, like 2026-06-14."))
}

/// A `YYYY-MM-DD` date of a year a gallery can have (1900–2200): chrono alone takes a sign and
/// any number of digits ("-5000-01-01", "+20000-06-14"), which PostgreSQL refuses to store.
fn calendar_date(value: &str) -> Option<chrono::NaiveDate> {
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let date = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok().filter(|_| shaped)?;
    (1900..=2200).contains(&chrono::Datelike::year(&date)).then_some(date)
}

/// A gallery's last day as typed in the Details form: empty for none.
pub fn last_day(raw: &str) -> Result<Option<chrono::NaiveDate>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    calendar_date(value).map(Some).ok_or_else(|| {
        FieldError::new("last_day", "Enter the gallery's last day as a date, like 2027-06-14, or leave it empty.")
    })
}

#[cfg(test)]
mod date_tests {
    #[test]
    fn event_dates() {
        assert_eq!(super::event_date(""), Ok(None));
        assert_eq!(super::event_date("2026-06-14"), Ok(chrono::NaiveDate::from_ymd_opt(2026, 6, 14)));
        assert!(super::event_date("14/06/2026").is_err());
        assert_eq!(super::last_day(" "), Ok(None));
        assert!(super::last_day("next week").is_err());
        for out_of_range in ["-5000-01-01", "+20000-06-14", "0001-01-01", "9999-12-31", "2026-6-14"] {
            assert!(super::event_date(out_of_range).is_err(), "{out_of_range}");
            assert!(super::last_day(out_of_range).is_err(), "{out_of_range}");
        }
    }
}
