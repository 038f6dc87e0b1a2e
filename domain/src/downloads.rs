//! Downloads as the visitor's menu and the photographer's log see them.

use crate::card::ImageCard;
use crate::gallery::ImageStatus;
use crate::ids::{ImageId, SetId};
use crate::policy::ImageState;
use crate::policy::{
    Action, Actor, Bought, Decision, DownloadMenu, DownloadSize, GalleryFacts, ImageFacts, Role, ZipContents, decide,
    download_menu, preview, shares_quota,
};
use crate::rendition::RenditionSize;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a visitor may download, and what the UI needs to say so. The server builds it from the
/// same facts it decides with; the UI only uses it to hide what would be refused anyway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientAccess {
    pub actor: Actor,
    pub facts: GalleryFacts,
    /// Images already counted against the high-res quota: free to download again.
    pub counted: Vec<ImageId>,
    /// What this visitor bought photo by photo (store mode; paid orders only).
    #[serde(default)]
    pub bought: Vec<(ImageId, Bought)>,
    /// The whole-gallery licences this visitor bought: they cover every photo shown (said once,
    /// not once per photo of a 10,000-photo gallery) but those in `uncovered`.
    #[serde(default)]
    pub bought_gallery: Bought,
    /// Photos shown that the whole-gallery licences do not all cover (added after an order was
    /// placed), with what they do cover.
    #[serde(default)]
    pub uncovered: Vec<(ImageId, Bought)>,
}

impl ClientAccess {
    /// The policy's answer for `action` (the server decides the same on every request).
    pub fn decide(&self, action: Action) -> Decision {
        decide(&self.actor, action, &self.facts)
    }

    /// Whether the UI should offer `action`: anything but a refusal (needs are asked on use).
    pub fn offers(&self, action: Action) -> bool {
        !matches!(self.decide(action), Decision::Deny(_))
    }

    /// The download menu for this visitor.
    pub fn menu(&self) -> DownloadMenu {
        download_menu(&self.actor, &self.facts)
    }

    /// The policy's answer for one image in one size.
    pub fn image(&self, card: &ImageCard, size: DownloadSize) -> Decision {
        decide(&self.actor, Action::Download { size, image: self.image_facts(card) }, &self.facts)
    }

    /// The large preview renditions this visitor may see of `card`, smallest first: the screen
    /// size always, HD and 4K only where `policy::preview` allows (the server refuses them
    /// otherwise).
    pub fn large_previews(&self, card: &ImageCard) -> Vec<RenditionSize> {
        let image = self.image_facts(card);
        [RenditionSize::Screen, RenditionSize::Hd, RenditionSize::FourK]
            .into_iter()
            .filter(|&size| preview(&self.actor, size, image, &self.facts).is_some())
            .collect()
    }

    /// What was bought for `card` by name.
    fn bought_of(&self, card: &ImageCard) -> Bought {
        self.bought.iter().find(|(id, _)| *id == card.id).map(|(_, bought)| *bought).unwrap_or_default()
    }

    /// What the whole-gallery licences bought cover of `card`.
    fn covered_of(&self, card: &ImageCard) -> Bought {
        self.uncovered.iter().find(|(id, _)| *id == card.id).map_or(self.bought_gallery, |(_, covered)| *covered)
    }

    /// The policy's answer to buying the whole-gallery licence in `size` again.
    pub fn buys_gallery(&self, size: DownloadSize) -> bool {
        self.offers(Action::BuyGallery { size: Some(size), bought: self.bought_gallery })
    }

    /// What the policy knows of `card` for this visitor (the server builds the same facts).
    pub fn image_facts(&self, card: &ImageCard) -> ImageFacts {
        let state = match card.status {
            ImageStatus::Ready => ImageState::Ready,
            ImageStatus::Processing => ImageState::Processing,
            ImageStatus::Failed => ImageState::Failed,
        };
        ImageFacts {
            set: card.set_id,
            state,
            already_counted: self.counted.contains(&card.id),
            bought: self.covered_of(card).sizes().fold(self.bought_of(card), Bought::with),
            // The page lists only what the visitor may see, so its previews are ready as shown.
            watermarked: true,
            ..ImageFacts::default()
        }
    }

    /// The sizes this visitor may download `card` in right now (needs such as the email or the PIN
    /// are asked when they click; refusals are left out), without sizes that would be the same
    /// pixels as another (see `distinct_sizes`).
    pub fn image_sizes(&self, card: &ImageCard) -> Vec<DownloadSize> {
        let allowed: Vec<DownloadSize> = self
            .menu()
            .sizes
            .into_iter()
            .filter(|&size| !matches!(self.image(card, size), Decision::Deny(_)))
            .collect();
        distinct_sizes(&allowed, card.width, card.height)
    }

    /// The size the download menu starts on. With a free high-res quota, the largest web size (a
    /// ZIP in a high-res size would spend the quota, or be refused for going past it); otherwise
    /// the best high-res size short of the original (the same prints, a fraction of the bytes),
    /// then the original, then the web sizes.
    pub fn default_size(&self) -> Option<DownloadSize> {
        let sizes = self.menu().sizes;
        let spends_quota = self.quota().is_some();
        let rank = |size: &DownloadSize| match (size, spends_quota) {
            (DownloadSize::Hd, true) => 0,
            (DownloadSize::CustomWeb { .. }, true) => 1,
            (DownloadSize::FourK, _) => 2,
            (DownloadSize::CustomBox { .. }, _) => 3,
            (DownloadSize::Original, _) => 4,
            (DownloadSize::Hd, false) => 5,
            (DownloadSize::CustomWeb { .. }, false) => 6,
        };
        sizes.into_iter().min_by_key(rank)
    }

    /// `(used, total)` of the shared high-res quota, shown to main clients only.
    pub fn quota(&self) -> Option<(u32, u32)> {
        let total = self.facts.downloads.high_res_quota?;
        shares_quota(&self.actor, &self.facts).then_some((self.facts.downloads.quota_used.min(total), total))
    }
}

/// `sizes` of a `width` × `height` photo without those that come out as the same pixels as
/// another offered: a photo no bigger than HD is no bigger in 4K, and offering both would have a
/// main client spend a free high-res download on what HD gives for nothing. Of sizes with the
/// same pixels, one web size is kept (the first offered) and one high-res size (the first); a
/// resized high-res copy also goes when a web size has its pixels. The original always stays:
/// it is the untouched file (a TIFF's 4K copy is a JPEG, a different thing at the same size).
pub fn distinct_sizes(sizes: &[DownloadSize], width: u32, height: u32) -> Vec<DownloadSize> {
    let dims = |size: DownloadSize| match size.fit() {
        None => (width, height),
        Some(fit) => crate::rendition::fit_dims(width, height, fit),
    };
    let resized_high_res = |size: DownloadSize| size.is_high_res() && size != DownloadSize::Original;
    let mut kept: Vec<DownloadSize> = Vec::new();
    // The original and the web sizes first: they win their pixels over a resized high-res copy.
    let order = sizes
        .iter()
        .copied()
        .filter(|s| !resized_high_res(*s))
        .chain(sizes.iter().copied().filter(|s| resized_high_res(*s)));
    for size in order {
        // (Web sizes come before resized high-res ones, so a web size meets only web sizes here.)
        let twin = size != DownloadSize::Original
            && kept.iter().any(|&other| other != DownloadSize::Original && dims(other) == dims(size));
        if !twin {
            kept.push(size);
        }
    }
    // In the order the menu offers them.
    sizes.iter().copied().filter(|s| kept.contains(s)).collect()
}

/// What a visitor asks to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DownloadTarget {
    Image(ImageId),
    Zip(ZipContents),
}

impl DownloadTarget {
    /// The URL that streams it, for the gallery at `slug`.
    pub fn url(self, slug: &str, size: DownloadSize) -> String {
        let size = size.token();
        match self {
            Self::Image(id) => format!("/download/{id}/{size}"),
            Self::Zip(ZipContents::All) => format!("/zip/{slug}/all/{size}"),
            Self::Zip(ZipContents::Set(set)) => format!("/zip/{slug}/set-{set}/{size}"),
            Self::Zip(ZipContents::Selects) => format!("/zip/{slug}/selects/{size}"),
        }
    }
}

/// Reads the `{contents}` part of a ZIP URL.
pub fn zip_contents_from_token(token: &str) -> Option<ZipContents> {
    match token {
        "all" => Some(ZipContents::All),
        "selects" => Some(ZipContents::Selects),
        _ => token.strip_prefix("set-")?.parse().ok().map(|set: SetId| ZipContents::Set(set)),
    }
}

/// What a ZIP would hold, told before it starts: how many photos and how many bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZipSummary {
    pub photos: u32,
    pub bytes: u64,
    /// False when some sizes are not made yet and their bytes are estimated.
    pub exact: bool,
}

impl ZipSummary {
    /// "48 photos · 312 MB", or "· about 312 MB" when estimated.
    pub fn label(self) -> String {
        let photos = crate::words::photos(self.photos.into());
        let about = if self.exact { "" } else { "about " };
        format!("{photos} · {about}{}", human_bytes(self.bytes))
    }
}

/// Bytes as a person reads them (decimal units, as file managers and phones show sizes).
pub fn human_bytes(bytes: u64) -> String {
    match bytes {
        0..1_000_000 => format!("{:.0} kB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.2} GB", bytes as f64 / 1e9),
    }
}

/// Who downloaded, as the downloads log says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Downloader {
    /// The photographer (their own gallery, or their own delivery link).
    Photographer,
    /// A visitor with this role.
    Visitor(Role),
    /// A buyer, from their order's page.
    Buyer,
}

impl Downloader {
    /// A visitor's role, or the photographer (`None`).
    pub fn of_role(role: Option<Role>) -> Self {
        role.map_or(Self::Photographer, Self::Visitor)
    }

    /// The stored `role` column: a role's name, `"buyer"`, or nothing for the photographer.
    pub fn token(self) -> Option<&'static str> {
        match self {
            Self::Photographer => None,
            Self::Visitor(role) => Some(role.as_str()),
            Self::Buyer => Some(BUYER),
        }
    }

    /// Reads [`Downloader::token`] back.
    pub fn from_token(token: Option<&str>) -> Self {
        match token {
            None => Self::Photographer,
            Some(BUYER) => Self::Buyer,
            Some(role) => Self::Visitor(Role::parse(role)),
        }
    }

    /// The visitor's role, if a visitor.
    pub fn role(self) -> Option<Role> {
        match self {
            Self::Visitor(role) => Some(role),
            Self::Photographer | Self::Buyer => None,
        }
    }

    /// How the photographer's log and its CSV name them.
    pub fn label(self) -> &'static str {
        match self {
            Self::Photographer => "Photographer",
            Self::Visitor(role) => role.label(),
            Self::Buyer => "Buyer (order page)",
        }
    }
}

const BUYER: &str = "buyer";

/// One line of the photographer's downloads log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DownloadRecord {
    pub at: DateTime<Utc>,
    pub email: Option<String>,
    pub who: Downloader,
    pub link_label: Option<String>,
    pub file_name: String,
    pub size: String,
    pub bytes: u64,
    /// Part of a ZIP (each file of a ZIP is one line).
    pub in_zip: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery::GalleryStatus;
    use crate::policy::{AccessLink, OfferedSizes, VisitorAccess};
    use uuid::Uuid;

    fn access(actor: Actor, sizes: OfferedSizes, quota: Option<u32>) -> ClientAccess {
        let mut facts = GalleryFacts::new(GalleryStatus::Published, None, Utc::now());
        facts.switches.downloads = true;
        facts.downloads.email_tracking = false;
        facts.downloads.sizes = sizes;
        facts.downloads.high_res_quota = quota;
        ClientAccess {
            actor,
            facts,
            counted: Vec::new(),
            bought: Vec::new(),
            bought_gallery: Bought::default(),
            uncovered: Vec::new(),
        }
    }

    #[test]
    fn a_whole_gallery_licence_said_once_covers_every_photo_shown() {
        let main_client = Actor::Visitor(VisitorAccess::new(AccessLink::new(Role::MainClient)));
        let mut shop = access(main_client, OfferedSizes::default(), None);
        shop.facts.store_mode = true;
        let card = ImageCard {
            id: crate::ids::ImageId(Uuid::from_u128(1)),
            file_name: "a.jpg".to_owned(),
            width: 6000,
            height: 4000,
            status: ImageStatus::Ready,
            set_id: None,
            watermark: Some("0a1b2c3d4e5f6071".to_owned()),
        };
        let buy =
            |shop: &ClientAccess, size| shop.offers(Action::Buy { image: shop.image_facts(&card), size: Some(size) });
        assert!(shop.buys_gallery(DownloadSize::Hd) && buy(&shop, DownloadSize::Hd));
        shop.bought_gallery = Bought::default().with(DownloadSize::Hd);
        // Bought for the gallery: neither sold again for it nor for any of its photos.
        assert!(!shop.buys_gallery(DownloadSize::Hd) && !buy(&shop, DownloadSize::Hd));
        assert!(shop.buys_gallery(DownloadSize::Original) && buy(&shop, DownloadSize::Original));
    }

    #[test]
    fn the_menu_starts_on_a_size_that_works_for_a_whole_zip() {
        let main_client = || Actor::Visitor(VisitorAccess::new(AccessLink::new(Role::MainClient)));
        let every = OfferedSizes { custom_web: Some(1200), custom_box: Some((3000, 2000)), ..OfferedSizes::default() };
        // No quota: the best high-res size short of the original.
        assert_eq!(access(main_client(), every, None).default_size(), Some(DownloadSize::FourK));
        let no_4k = OfferedSizes { four_k: false, ..every };
        assert_eq!(
            access(main_client(), no_4k, None).default_size(),
            Some(DownloadSize::CustomBox { width: 3000, height: 2000 })
        );
        let original_or_hd = OfferedSizes { four_k: false, ..OfferedSizes::default() };
        assert_eq!(access(main_client(), original_or_hd, None).default_size(), Some(DownloadSize::Original));
        // A quota: a web size, which never spends it.
        assert_eq!(access(main_client(), every, Some(10)).default_size(), Some(DownloadSize::Hd));
        let only_high = OfferedSizes { hd: false, ..OfferedSizes::default() };
        assert_eq!(access(main_client(), only_high, Some(10)).default_size(), Some(DownloadSize::FourK));
        // The photographer's own menu has no quota.
        assert_eq!(access(Actor::Owner, every, Some(10)).default_size(), Some(DownloadSize::FourK));
    }

    #[test]
    fn zip_summaries_read_as_people_count() {
        assert_eq!(ZipSummary { photos: 48, bytes: 312_400_000, exact: true }.label(), "48 photos · 312.4 MB");
        assert_eq!(ZipSummary { photos: 1, bytes: 2_500_000_000, exact: false }.label(), "1 photo · about 2.50 GB");
    }

    #[test]
    fn zip_urls_read_back() {
        let set = SetId(Uuid::from_u128(7));
        for contents in [ZipContents::All, ZipContents::Selects, ZipContents::Set(set)] {
            let url = DownloadTarget::Zip(contents).url("wedding", DownloadSize::Hd);
            let token = url.split('/').nth(3).expect("contents part");
            assert_eq!(zip_contents_from_token(token), Some(contents), "{url}");
        }
        assert_eq!(zip_contents_from_token("set-nope"), None);
        assert_eq!(zip_contents_from_token("everything"), None);
    }

    #[test]
    fn sizes_that_come_out_as_the_same_pixels_are_offered_once() {
        use DownloadSize::{FourK, Hd, Original};
        let all = [Original, FourK, Hd];
        // 1920 × 1280: 4K is the same pixels as HD and as the original.
        assert_eq!(distinct_sizes(&all, 1920, 1280), vec![Original, Hd]);
        // 1600 px: the same again.
        assert_eq!(distinct_sizes(&all, 1600, 1203), vec![Original, Hd]);
        // 3000 px: 4K is the original's pixels but a JPEG of them (the original may be a TIFF).
        assert_eq!(distinct_sizes(&all, 3000, 2000), vec![Original, FourK, Hd]);
        // 6000 px: all three differ.
        assert_eq!(distinct_sizes(&all, 6000, 4000), vec![Original, FourK, Hd]);
        // Without the original, 4K stays where HD has other pixels, goes where it has the same.
        assert_eq!(distinct_sizes(&[FourK, Hd], 3000, 2000), vec![FourK, Hd]);
        assert_eq!(distinct_sizes(&[FourK, Hd], 1920, 1280), vec![Hd]);
        // High-res rights only: 4K of a small photo is still offered when the original is not.
        assert_eq!(distinct_sizes(&[FourK], 1920, 1280), vec![FourK]);
        let custom = DownloadSize::CustomWeb { long_edge: 1920 };
        assert_eq!(distinct_sizes(&[Hd, custom], 6000, 4000), vec![Hd], "two web sizes of the same pixels");
    }
}
