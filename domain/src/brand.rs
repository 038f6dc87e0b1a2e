//! A studio's accent colour as the pages, mails and contact sheets show it. The photographer may
//! choose any `#rrggbb`; a pale one (a soft yellow, a pastel) would leave white button text and
//! links on white unreadable, so where the colour carries text it is darkened, keeping its hue,
//! until it reads.

/// The accent a new studio starts with, and the one used when a studio's cannot be read at all
/// (not `#rrggbb`).
pub const DEFAULT_ACCENT: &str = "#8a5a44";

/// WCAG's contrast for normal text (white button labels, links on white).
pub const TEXT_CONTRAST: f64 = 4.5;

/// `#rrggbb` as sRGB bytes; `None` for anything else.
pub fn rgb(hex: &str) -> Option<[u8; 3]> {
    let digits = hex.strip_prefix('#').filter(|d| d.len() == 6 && d.is_ascii())?;
    let byte = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The contrast ratio of `rgb` against white (1 to 21).
pub fn contrast_on_white(rgb: [u8; 3]) -> f64 {
    // WCAG's relative luminance; white's is 1.
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let luminance = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    (1.0 + 0.05) / (luminance + 0.05)
}

/// The studio's accent `hex` as it is shown behind white text and as text on white: itself when
/// it reads (4.5:1), else the same hue darkened just enough; the default accent when `hex` is no
/// colour at all.
pub fn readable_accent(hex: &str) -> String {
    let Some(mut shade) = rgb(hex) else { return DEFAULT_ACCENT.to_owned() };
    // Each step takes 5 % off every channel: black (21:1) is reached in well under 100 steps.
    while contrast_on_white(shade) < TEXT_CONTRAST {
        shade = shade.map(|c| (f64::from(c) * 0.95).floor() as u8);
    }
    format!("#{:02x}{:02x}{:02x}", shade[0], shade[1], shade[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_colours_are_kept() {
        assert_eq!(readable_accent("#8a5a44"), "#8a5a44");
        assert_eq!(readable_accent("#000000"), "#000000");
    }

    #[test]
    fn pale_colours_are_darkened_until_white_text_reads_on_them() {
        for pale in ["#ffd54f", "#ffffff", "#a0e0ff", "#77dd77"] {
            let shown = readable_accent(pale);
            let shade = rgb(&shown).expect("a colour");
            assert!(contrast_on_white(shade) >= TEXT_CONTRAST, "{pale} → {shown}");
            // Only just: one step lighter would not read.
            let lighter = shade.map(|c| ((f64::from(c) / 0.95).ceil() as u8).max(c));
            assert!(contrast_on_white(lighter) < TEXT_CONTRAST + 0.8, "{pale} → {shown} is darker than it needs");
        }
        // The hue stays: a yellow stays warmer in red than in blue.
        let yellow = rgb(&readable_accent("#ffd54f")).expect("a colour");
        assert!(yellow[0] > yellow[2] && yellow[1] > yellow[2]);
    }

    #[test]
    fn anything_else_is_the_default() {
        assert_eq!(readable_accent("red;}"), DEFAULT_ACCENT);
        assert_eq!(readable_accent("#8a5a4"), DEFAULT_ACCENT);
        assert_eq!(rgb("8a5a44"), None);
        assert_eq!(rgb("#zz5a44"), None);
    }
}
