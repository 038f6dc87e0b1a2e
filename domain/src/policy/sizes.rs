//! Download sizes: which ones a gallery offers, which are high-res and which web-size, and which
//! kind each role may take.

use super::role::Role;
use crate::rendition::{Fit, RenditionSize};
use serde::{Deserialize, Serialize};

/// A size a file can be downloaded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DownloadSize {
    /// The exact uploaded file.
    Original,
    /// 3840 px long edge.
    FourK,
    /// 1920 px long edge.
    Hd,
    /// The gallery's custom web size: this long edge in pixels.
    CustomWeb { long_edge: u32 },
    /// The gallery's custom high-res size: fitted inside this box.
    CustomBox { width: u32, height: u32 },
}

impl DownloadSize {
    /// High-res sizes: Original, 4K and the custom box. These are what the quota counts and what
    /// a role's high-res right grants.
    pub const fn is_high_res(self) -> bool {
        matches!(self, Self::Original | Self::FourK | Self::CustomBox { .. })
    }

    /// Sizes kept with the original in the archive tier: the original and the custom sizes made
    /// from it. 4K and HD are previews too, and stay live.
    pub const fn kept_with_original(self) -> bool {
        !matches!(self, Self::FourK | Self::Hd)
    }

    /// Web sizes: HD and the custom long edge.
    pub const fn is_web_size(self) -> bool {
        !self.is_high_res()
    }

    /// The size as it appears in download URLs: `original`, `4k`, `hd`, `web-1200`,
    /// `box-3000x2000`. [`DownloadSize::from_token`] reads it back.
    pub fn token(self) -> String {
        match self {
            Self::Original => "original".to_owned(),
            Self::FourK => "4k".to_owned(),
            Self::Hd => "hd".to_owned(),
            Self::CustomWeb { long_edge } => format!("web-{long_edge}"),
            Self::CustomBox { width, height } => format!("box-{width}x{height}"),
        }
    }

    /// Reads a URL token; anything else is `None` (the route answers 404).
    pub fn from_token(token: &str) -> Option<Self> {
        let number = |s: &str| s.parse::<u32>().ok().filter(|n| *n > 0 && !s.starts_with('0'));
        match token {
            "original" => Some(Self::Original),
            "4k" => Some(Self::FourK),
            "hd" => Some(Self::Hd),
            _ => {
                if let Some(edge) = token.strip_prefix("web-") {
                    return number(edge).map(|long_edge| Self::CustomWeb { long_edge });
                }
                let (w, h) = token.strip_prefix("box-")?.split_once('x')?;
                Some(Self::CustomBox { width: number(w)?, height: number(h)? })
            }
        }
    }

    /// The menu label.
    pub fn label(self) -> String {
        match self {
            Self::Original => "Original".to_owned(),
            Self::FourK => "4K · 3840 px".to_owned(),
            Self::Hd => "HD · 1920 px".to_owned(),
            Self::CustomWeb { long_edge } => format!("Web · {long_edge} px"),
            Self::CustomBox { width, height } => format!("High-res · {width} × {height} px"),
        }
    }

    /// What goes between a file's stem and `.jpg` in a download's name (`IMG_1-hd.jpg`); the
    /// original keeps its own name.
    pub fn file_suffix(self) -> Option<String> {
        match self {
            Self::Original => None,
            other => Some(other.token()),
        }
    }

    /// How the file is made from the original; `None` for the original itself.
    pub const fn fit(self) -> Option<Fit> {
        match self {
            Self::Original => None,
            Self::FourK => Some(Fit::LongEdge(RenditionSize::FourK.long_edge())),
            Self::Hd => Some(Fit::LongEdge(RenditionSize::Hd.long_edge())),
            Self::CustomWeb { long_edge } => Some(Fit::LongEdge(long_edge)),
            Self::CustomBox { width, height } => Some(Fit::Box { width, height }),
        }
    }
}

/// The sizes a gallery offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OfferedSizes {
    pub original: bool,
    pub four_k: bool,
    pub hd: bool,
    /// An optional custom web size: long edge in pixels.
    pub custom_web: Option<u32>,
    /// An optional custom high-res box: (width, height) in pixels.
    pub custom_box: Option<(u32, u32)>,
}

impl Default for OfferedSizes {
    /// Original, 4K and HD; no custom sizes.
    fn default() -> Self {
        Self { original: true, four_k: true, hd: true, custom_web: None, custom_box: None }
    }
}

impl OfferedSizes {
    /// Whether `size` is offered. A custom size must match the gallery's exactly, so a visitor
    /// cannot ask for sizes the photographer never chose.
    pub fn offers(&self, size: DownloadSize) -> bool {
        match size {
            DownloadSize::Original => self.original,
            DownloadSize::FourK => self.four_k,
            DownloadSize::Hd => self.hd,
            DownloadSize::CustomWeb { long_edge } => self.custom_web == Some(long_edge),
            DownloadSize::CustomBox { width, height } => self.custom_box == Some((width, height)),
        }
    }

    /// The offered sizes in menu order: high-res first (Original, 4K, custom box), then web-size
    /// (HD, custom long edge).
    pub fn list(&self) -> Vec<DownloadSize> {
        let custom_box = self.custom_box.map(|(width, height)| DownloadSize::CustomBox { width, height });
        let custom_web = self.custom_web.map(|long_edge| DownloadSize::CustomWeb { long_edge });
        [
            self.original.then_some(DownloadSize::Original),
            self.four_k.then_some(DownloadSize::FourK),
            custom_box,
            self.hd.then_some(DownloadSize::Hd),
            custom_web,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// What kind of sizes a role may download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DownloadRight {
    Neither,
    WebSize,
    HighRes,
    Both,
}

impl DownloadRight {
    /// Whether this right covers `size`.
    pub const fn allows(self, size: DownloadSize) -> bool {
        match self {
            Self::Neither => false,
            Self::WebSize => size.is_web_size(),
            Self::HighRes => size.is_high_res(),
            Self::Both => true,
        }
    }
}

/// The download right of each role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleRights {
    pub main_client: DownloadRight,
    pub photographer_invited: DownloadRight,
    pub client_invited: DownloadRight,
    pub guest: DownloadRight,
}

impl Default for RoleRights {
    /// The people the photographer chose (main clients and those they invited) get both; those
    /// who came by a client's share or the public link get web sizes.
    fn default() -> Self {
        Self {
            main_client: DownloadRight::Both,
            photographer_invited: DownloadRight::Both,
            client_invited: DownloadRight::WebSize,
            guest: DownloadRight::WebSize,
        }
    }
}

impl RoleRights {
    /// The right of `role`.
    pub const fn of(&self, role: Role) -> DownloadRight {
        match role {
            Role::MainClient => self.main_client,
            Role::PhotographerInvited => self.photographer_invited,
            Role::ClientInvited => self.client_invited,
            Role::Guest => self.guest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_KINDS: [DownloadSize; 5] = [
        DownloadSize::Original,
        DownloadSize::FourK,
        DownloadSize::Hd,
        DownloadSize::CustomWeb { long_edge: 1200 },
        DownloadSize::CustomBox { width: 3000, height: 2000 },
    ];

    #[test]
    fn high_res_and_web_size_split() {
        let high: Vec<_> = ALL_KINDS.into_iter().filter(|s| s.is_high_res()).collect();
        assert_eq!(
            high,
            [DownloadSize::Original, DownloadSize::FourK, DownloadSize::CustomBox { width: 3000, height: 2000 }]
        );
        assert!(ALL_KINDS.into_iter().all(|s| s.is_high_res() != s.is_web_size()));
        assert_eq!(DownloadSize::Original.fit(), None);
        assert_eq!(DownloadSize::Hd.fit(), Some(Fit::LongEdge(1920)));
    }

    #[test]
    fn custom_sizes_are_offered_only_when_they_match_exactly() {
        let offered =
            OfferedSizes { custom_web: Some(1200), custom_box: Some((3000, 2000)), ..OfferedSizes::default() };
        assert!(ALL_KINDS.into_iter().all(|s| offered.offers(s)));
        assert!(!offered.offers(DownloadSize::CustomWeb { long_edge: 1201 }));
        assert!(!offered.offers(DownloadSize::CustomBox { width: 3000, height: 2001 }));
        assert_eq!(offered.list().len(), 5);
        assert_eq!(offered.list()[0], DownloadSize::Original);
        let none = OfferedSizes { original: false, four_k: false, hd: false, custom_web: None, custom_box: None };
        assert!(none.list().is_empty() && ALL_KINDS.into_iter().all(|s| !none.offers(s)));
    }

    #[test]
    fn tokens_round_trip_and_refuse_anything_else() {
        for size in ALL_KINDS {
            assert_eq!(DownloadSize::from_token(&size.token()), Some(size), "{size:?}");
        }
        for bad in ["", "4K", "web-", "web-0", "web-012", "box-3000", "box-3000x", "box-x2000", "web--1", "full"] {
            assert_eq!(DownloadSize::from_token(bad), None, "{bad}");
        }
        assert_eq!(DownloadSize::Original.file_suffix(), None);
        assert_eq!(DownloadSize::Hd.file_suffix().as_deref(), Some("hd"));
    }

    #[test]
    fn rights_table() {
        use DownloadRight::*;
        for (right, original, hd) in
            [(Neither, false, false), (WebSize, false, true), (HighRes, true, false), (Both, true, true)]
        {
            assert_eq!(right.allows(DownloadSize::Original), original, "{right:?}");
            assert_eq!(right.allows(DownloadSize::Hd), hd, "{right:?}");
        }
        let rights = RoleRights::default();
        assert_eq!(rights.of(Role::MainClient), Both);
        assert_eq!(rights.of(Role::Guest), WebSize);
    }
}
