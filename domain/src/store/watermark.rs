//! The studio's watermark, as the photographer sets it in studio settings: what is marked (the
//! studio's name, other words, or the logo), where, how large and how strong. Burned into
//! visitors' previews in store mode (and in any gallery that asks for it); bought files are clean.

use crate::validation::{FieldError, TextRule, text};
use serde::{Deserialize, Serialize};

/// Sizes a mark may take, in percent of the preview's width.
pub const SIZE_RANGE: std::ops::RangeInclusive<u8> = 10..=80;
/// Opacities a mark may have, in percent.
pub const OPACITY_RANGE: std::ops::RangeInclusive<u8> = 10..=90;

/// What the mark shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WatermarkMark {
    /// The studio's name.
    StudioName,
    /// Other words (e.g. "© Jane Doe Photography · proof").
    Text(String),
    /// The studio's logo, made white so it reads on any photo.
    Logo,
}

/// Where the mark goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WatermarkPosition {
    Center,
    BottomRight,
    BottomLeft,
    TopRight,
    TopLeft,
    /// Repeated across the whole photo, on a slant: the hardest to crop away.
    Tiled,
}

impl WatermarkPosition {
    pub const ALL: [WatermarkPosition; 6] =
        [Self::Center, Self::Tiled, Self::BottomRight, Self::BottomLeft, Self::TopRight, Self::TopLeft];

    /// For people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Center => "Centre",
            Self::BottomRight => "Bottom right",
            Self::BottomLeft => "Bottom left",
            Self::TopRight => "Top right",
            Self::TopLeft => "Top left",
            Self::Tiled => "Tiled across the photo",
        }
    }

    /// The form value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Center => "center",
            Self::BottomRight => "bottom-right",
            Self::BottomLeft => "bottom-left",
            Self::TopRight => "top-right",
            Self::TopLeft => "top-left",
            Self::Tiled => "tiled",
        }
    }

    /// Reads the form value.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// The whole watermark setting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WatermarkSettings {
    pub mark: WatermarkMark,
    pub position: WatermarkPosition,
    /// The mark's width in percent of the preview's width (a tile's, when tiled).
    pub size_percent: u8,
    pub opacity_percent: u8,
}

impl Default for WatermarkSettings {
    /// The studio's name across the middle, 40% wide, half transparent.
    fn default() -> Self {
        Self {
            mark: WatermarkMark::StudioName,
            position: WatermarkPosition::Center,
            size_percent: 40,
            opacity_percent: 50,
        }
    }
}

impl WatermarkSettings {
    /// Checks the words, the size and the opacity; returns the cleaned settings.
    pub fn validated(self) -> Result<Self, FieldError> {
        let mark = match self.mark {
            WatermarkMark::Text(words) => WatermarkMark::Text(text(
                TextRule {
                    field: "watermark_text",
                    label: "watermark text",
                    empty: "Type the words of the watermark, or choose the studio name.",
                    max: 60,
                    multiline: false,
                },
                &words,
            )?),
            other => other,
        };
        if !SIZE_RANGE.contains(&self.size_percent) {
            return Err(FieldError::new(
                "watermark_size",
                format!(
                    "Choose a size between {}% and {}% of the photo's width.",
                    SIZE_RANGE.start(),
                    SIZE_RANGE.end()
                ),
            ));
        }
        if !OPACITY_RANGE.contains(&self.opacity_percent) {
            return Err(FieldError::new(
                "watermark_opacity",
                format!("Choose an opacity between {}% and {}%.", OPACITY_RANGE.start(), OPACITY_RANGE.end()),
            ));
        }
        Ok(Self { mark, ..self })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_bounded() {
        assert!(WatermarkSettings::default().validated().is_ok());
        let faint = WatermarkSettings { opacity_percent: 0, ..WatermarkSettings::default() };
        assert_eq!(faint.validated().expect_err("invisible").field, "watermark_opacity");
        let huge = WatermarkSettings { size_percent: 100, ..WatermarkSettings::default() };
        assert_eq!(huge.validated().expect_err("too large").field, "watermark_size");
        let blank = WatermarkSettings { mark: WatermarkMark::Text("  ".to_owned()), ..WatermarkSettings::default() };
        assert_eq!(blank.validated().expect_err("blank").field, "watermark_text");
        for position in WatermarkPosition::ALL {
            assert_eq!(WatermarkPosition::parse(position.as_str()), Some(position));
        }
    }
}
