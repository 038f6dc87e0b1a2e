//! Decision tables for downloads and ZIPs, and the download menu. The base gallery has downloads
//! on and every other download setting at its default; visitors made with `with_email` have
//! already given their email.

use super::tests::{Expect, Row, S1, S2, S3, as_is, guest, published, run, visitor, visitor_with, with_email};
use super::*;

fn downloads_on() -> GalleryFacts {
    let mut facts = published();
    facts.switches.downloads = true;
    facts
}

fn one(size: DownloadSize, set: Option<SetId>) -> Action {
    Action::Download { size, image: ImageFacts::in_set(set) }
}

fn archived(size: DownloadSize) -> Action {
    Action::Download {
        size,
        image: ImageFacts { set: None, archived: true, already_counted: false, ..ImageFacts::default() },
    }
}

fn counted(size: DownloadSize) -> Action {
    Action::Download {
        size,
        image: ImageFacts { set: None, archived: false, already_counted: true, ..ImageFacts::default() },
    }
}

/// A download of `size` of an image the visitor bought `licence` for.
fn bought(licence: DownloadSize, size: DownloadSize) -> Action {
    Action::Download { size, image: ImageFacts { bought: Bought::default().with(licence), ..ImageFacts::default() } }
}

fn zip(size: DownloadSize, contents: ZipContents) -> Action {
    Action::DownloadZip { size, contents }
}

const ORIGINAL: DownloadSize = DownloadSize::Original;
const FOUR_K: DownloadSize = DownloadSize::FourK;
const HD: DownloadSize = DownloadSize::Hd;
const WEB_1200: DownloadSize = DownloadSize::CustomWeb { long_edge: 1200 };
const BOX_3000: DownloadSize = DownloadSize::CustomBox { width: 3000, height: 2000 };
const SETS_ONLY: &str = "open only for some sets";
const QUOTA: &str = "2 of 2 free high-res downloads have been used";

fn with_custom_sizes(f: &mut GalleryFacts) {
    f.downloads.sizes.custom_web = Some(1200);
    f.downloads.sizes.custom_box = Some((3000, 2000));
}

fn quota_spent(f: &mut GalleryFacts) {
    f.downloads.high_res_quota = Some(2);
    f.downloads.quota_used = 2;
}

fn set_mode(f: &mut GalleryFacts) {
    f.downloads.download_sets = vec![S1, S2];
}

#[test]
fn download_table() {
    use Expect::*;
    let main = || with_email(Role::MainClient);
    run(
        downloads_on,
        &[
            Row(
                "owner, HD of an archived photo, everything off",
                Actor::Owner,
                archived(HD),
                |f| f.store_mode = true,
                Allow,
            ),
            Row(
                "owner, archived original: restored first",
                Actor::Owner,
                archived(ORIGINAL),
                |f| f.store_mode = true,
                Needs(Need::Restore),
            ),
            Row("guest takes HD", with_email(Role::Guest), one(HD, None), as_is, Allow),
            Row(
                "guest has no high-res",
                with_email(Role::Guest),
                one(ORIGINAL, None),
                as_is,
                Refused("web-size downloads only"),
            ),
            Row(
                "guest has no 4K",
                with_email(Role::Guest),
                one(FOUR_K, None),
                as_is,
                Refused("web-size downloads only"),
            ),
            Row("main client takes the original", main(), one(ORIGINAL, Some(S1)), as_is, Allow),
            Row("main client takes 4K", main(), one(FOUR_K, None), as_is, Allow),
            Row(
                "photographer-invited takes 4K",
                with_email(Role::PhotographerInvited),
                one(FOUR_K, None),
                as_is,
                Allow,
            ),
            Row(
                "client-invited takes HD only",
                with_email(Role::ClientInvited),
                one(BOX_3000, None),
                with_custom_sizes,
                Refused("web-size downloads only"),
            ),
            Row(
                "role without rights",
                with_email(Role::Guest),
                one(HD, None),
                |f| f.downloads.rights.guest = DownloadRight::Neither,
                Refused("does not include downloads"),
            ),
            Row(
                "high-res-only role asks HD",
                main(),
                one(HD, None),
                |f| f.downloads.rights.main_client = DownloadRight::HighRes,
                Refused("high-res downloads only"),
            ),
            Row(
                "downloads off",
                main(),
                one(HD, None),
                |f| f.switches.downloads = false,
                Refused("Downloads are turned off"),
            ),
            Row(
                "downloads off by default",
                main(),
                one(HD, None),
                |f| *f = published(),
                Refused("Downloads are turned off"),
            ),
            Row("store mode: no free download", main(), one(HD, None), |f| f.store_mode = true, Needs(Need::Purchase)),
            Row(
                "store mode: no free original",
                main(),
                one(ORIGINAL, None),
                |f| f.store_mode = true,
                Needs(Need::Purchase),
            ),
            Row("store mode: a bought licence downloads", main(), bought(HD, HD), |f| f.store_mode = true, Allow),
            Row(
                "store mode: a bought original, the free quota spent",
                main(),
                bought(ORIGINAL, ORIGINAL),
                |f| {
                    quota_spent(f);
                    f.store_mode = true;
                },
                Allow,
            ),
            Row(
                "store mode: its size only",
                main(),
                bought(HD, ORIGINAL),
                |f| f.store_mode = true,
                Needs(Need::Purchase),
            ),
            Row(
                "store mode: a bought licence needs no email or PIN",
                visitor(Role::Guest),
                bought(ORIGINAL, ORIGINAL),
                |f| {
                    f.store_mode = true;
                    f.downloads.pin_set = true;
                    f.switches.downloads = false;
                },
                Allow,
            ),
            Row(
                "store mode: a bought archived original is restored",
                main(),
                Action::Download {
                    size: ORIGINAL,
                    image: ImageFacts {
                        archived: true,
                        bought: Bought::default().with(ORIGINAL),
                        ..ImageFacts::default()
                    },
                },
                |f| f.store_mode = true,
                Needs(Need::Restore),
            ),
            Row("store mode: no free ZIP", main(), zip(HD, ZipContents::All), |f| f.store_mode = true, Refused("shop")),
            Row("HD not offered", main(), one(HD, None), |f| f.downloads.sizes.hd = false, Refused("not offered")),
            Row(
                "original not offered",
                main(),
                one(ORIGINAL, None),
                |f| f.downloads.sizes.original = false,
                Refused("not offered"),
            ),
            Row("no custom web size", with_email(Role::Guest), one(WEB_1200, None), as_is, Refused("not offered")),
            Row("custom web size", with_email(Role::Guest), one(WEB_1200, None), with_custom_sizes, Allow),
            Row(
                "other custom web size",
                with_email(Role::Guest),
                one(DownloadSize::CustomWeb { long_edge: 5000 }, None),
                with_custom_sizes,
                Refused("not offered"),
            ),
            Row("custom box for a main client", main(), one(BOX_3000, None), with_custom_sizes, Allow),
            Row(
                "outside the link is hidden",
                visitor_with(Role::MainClient, |v| v.link.scope = Scope::Sets(vec![S1])),
                one(HD, Some(S2)),
                |f| f.switches.downloads = false,
                Hidden,
            ),
            Row("set mode: enabled set", main(), one(HD, Some(S2)), set_mode, Allow),
            Row("set mode: other set", main(), one(HD, Some(S3)), set_mode, Refused(SETS_ONLY)),
            Row("set mode: unassigned", main(), one(ORIGINAL, None), set_mode, Refused(SETS_ONLY)),
            Row("quota spent", main(), one(ORIGINAL, None), quota_spent, Refused(QUOTA)),
            Row("quota spent, 4K", main(), one(FOUR_K, None), quota_spent, Refused(QUOTA)),
            Row(
                "quota spent, custom box",
                main(),
                one(BOX_3000, None),
                |f| {
                    quota_spent(f);
                    with_custom_sizes(f);
                },
                Refused(QUOTA),
            ),
            Row("quota spent, counted image is free", main(), counted(ORIGINAL), quota_spent, Allow),
            Row("quota spent, web size is not counted", main(), one(HD, None), quota_spent, Allow),
            Row(
                "quota left",
                main(),
                one(ORIGINAL, None),
                |f| {
                    quota_spent(f);
                    f.downloads.quota_used = 1;
                },
                Allow,
            ),
            Row(
                "quota of zero",
                main(),
                one(ORIGINAL, None),
                |f| f.downloads.high_res_quota = Some(0),
                Refused("0 of 0 free high-res"),
            ),
            Row(
                "quota is for main clients",
                with_email(Role::PhotographerInvited),
                one(ORIGINAL, None),
                quota_spent,
                Allow,
            ),
            Row("email first", visitor(Role::MainClient), one(HD, None), as_is, Needs(Need::Email)),
            Row(
                "no email without tracking",
                visitor(Role::MainClient),
                one(HD, None),
                |f| f.downloads.email_tracking = false,
                Allow,
            ),
            Row(
                "refusal before the email",
                visitor(Role::Guest),
                one(ORIGINAL, None),
                as_is,
                Refused("web-size downloads only"),
            ),
            Row("quota before the email", visitor(Role::MainClient), one(ORIGINAL, None), quota_spent, Refused(QUOTA)),
            Row("PIN", main(), one(HD, None), |f| f.downloads.pin_set = true, Needs(Need::Pin)),
            Row(
                "email before the PIN",
                visitor(Role::MainClient),
                one(HD, None),
                |f| f.downloads.pin_set = true,
                Needs(Need::Email),
            ),
            Row(
                "PIN given",
                visitor_with(Role::MainClient, |v| {
                    v.session.email_given = true;
                    v.session.pin_verified = true;
                }),
                one(HD, None),
                |f| f.downloads.pin_set = true,
                Allow,
            ),
            Row(
                "password before email and PIN",
                visitor(Role::MainClient),
                one(HD, None),
                |f| {
                    f.has_password = true;
                    f.downloads.pin_set = true;
                },
                Needs(Need::Password),
            ),
            Row("archived original", main(), archived(ORIGINAL), as_is, Needs(Need::Restore)),
            Row("archived, HD is still there", main(), archived(HD), as_is, Allow),
            Row(
                "archived: a custom size went to the archive with its original",
                main(),
                archived(DownloadSize::CustomBox { width: 3000, height: 2000 }),
                |f| f.downloads.sizes.custom_box = Some((3000, 2000)),
                Needs(Need::Restore),
            ),
            Row(
                "archived: email before restore",
                visitor(Role::MainClient),
                archived(ORIGINAL),
                as_is,
                Needs(Need::Email),
            ),
            Row(
                "archived: PIN before restore",
                main(),
                archived(ORIGINAL),
                |f| f.downloads.pin_set = true,
                Needs(Need::Pin),
            ),
            Row("archived: quota before restore", main(), archived(ORIGINAL), quota_spent, Refused(QUOTA)),
            Row(
                "archived: rights before restore",
                with_email(Role::Guest),
                archived(ORIGINAL),
                as_is,
                Refused("web-size"),
            ),
        ],
    );
}

#[test]
fn zip_table() {
    use Expect::*;
    let main = || with_email(Role::MainClient);
    run(
        downloads_on,
        &[
            Row("download all", main(), zip(ORIGINAL, ZipContents::All), as_is, Allow),
            Row("download all in set mode", main(), zip(HD, ZipContents::All), set_mode, Refused("set by set")),
            Row("download a set", main(), zip(HD, ZipContents::Set(S3)), as_is, Allow),
            Row("download an enabled set", main(), zip(HD, ZipContents::Set(S1)), set_mode, Allow),
            Row(
                "download a closed set",
                main(),
                zip(HD, ZipContents::Set(S3)),
                set_mode,
                Refused("not open for this set"),
            ),
            Row(
                "set outside the link",
                visitor_with(Role::MainClient, |v| v.link.scope = Scope::Sets(vec![S1])),
                zip(HD, ZipContents::Set(S2)),
                set_mode,
                Hidden,
            ),
            Row("download selects", main(), zip(HD, ZipContents::Selects), set_mode, Allow),
            Row(
                "selects off",
                main(),
                zip(HD, ZipContents::Selects),
                |f| f.switches.selects = false,
                Refused("Selects are turned off"),
            ),
            Row(
                "zip size beyond the role",
                with_email(Role::Guest),
                zip(FOUR_K, ZipContents::All),
                as_is,
                Refused("web-size downloads only"),
            ),
            Row("zip size not offered", main(), zip(WEB_1200, ZipContents::All), as_is, Refused("not offered")),
            Row(
                "zip downloads off",
                main(),
                zip(HD, ZipContents::All),
                |f| f.switches.downloads = false,
                Refused("turned off"),
            ),
            Row("zip in store mode", main(), zip(HD, ZipContents::All), |f| f.store_mode = true, Refused("shop")),
            Row("zip needs the email", visitor(Role::MainClient), zip(HD, ZipContents::All), as_is, Needs(Need::Email)),
            Row(
                "zip needs the PIN",
                main(),
                zip(HD, ZipContents::All),
                |f| f.downloads.pin_set = true,
                Needs(Need::Pin),
            ),
            Row("zip with the quota spent starts", main(), zip(ORIGINAL, ZipContents::All), quota_spent, Allow),
            Row(
                "zip behind the password",
                main(),
                zip(HD, ZipContents::All),
                |f| f.has_password = true,
                Needs(Need::Password),
            ),
        ],
    );
}

/// A row of the sizes table: name, who asks, a tweak of the facts, the sizes expected.
type SizesRow = (&'static str, Actor, fn(&mut GalleryFacts), &'static [DownloadSize]);

#[test]
fn allowed_sizes_table() {
    use DownloadSize::*;
    let custom = |f: &mut GalleryFacts| with_custom_sizes(f);
    let rows: &[SizesRow] = &[
        ("downloads off", with_email(Role::MainClient), |f| f.switches.downloads = false, &[]),
        ("owner sees every offered size", Actor::Owner, |f| f.switches.downloads = false, &[Original, FourK, Hd]),
        ("guest", guest(), as_is, &[Hd]),
        ("main client", visitor(Role::MainClient), as_is, &[Original, FourK, Hd]),
        ("main client, custom sizes", visitor(Role::MainClient), custom, &[Original, FourK, BOX_3000, Hd, WEB_1200]),
        ("guest, custom sizes", guest(), custom, &[Hd, WEB_1200]),
        (
            "high-res only",
            visitor(Role::MainClient),
            |f| f.downloads.rights.main_client = DownloadRight::HighRes,
            &[Original, FourK],
        ),
        ("store mode", visitor(Role::MainClient), |f| f.store_mode = true, &[]),
        ("behind the password", visitor(Role::MainClient), |f| f.has_password = true, &[]),
        ("revoked link", visitor_with(Role::MainClient, |v| v.link.revoked = true), as_is, &[]),
        ("draft", visitor(Role::MainClient), |f| f.status = crate::gallery::GalleryStatus::Draft, &[]),
        (
            "quota spent keeps high-res (counted images stay free)",
            visitor(Role::MainClient),
            quota_spent,
            &[Original, FourK, Hd],
        ),
    ];
    for (name, actor, tweak, expected) in rows {
        let mut facts = downloads_on();
        tweak(&mut facts);
        assert_eq!(allowed_sizes(actor, &facts), *expected, "{name}");
    }
}

#[test]
fn download_menu_table() {
    let scoped = visitor_with(Role::MainClient, |v| v.link.scope = Scope::Sets(vec![S2, S3]));
    let mut facts = downloads_on();
    assert_eq!(
        download_menu(&scoped, &facts),
        DownloadMenu { sizes: vec![ORIGINAL, FOUR_K, HD], all: true, sets: None, selects: true },
        "outside set mode: download all, any set"
    );
    set_mode(&mut facts);
    assert_eq!(
        download_menu(&scoped, &facts),
        DownloadMenu { sizes: vec![ORIGINAL, FOUR_K, HD], all: false, sets: Some(vec![S2]), selects: true },
        "set mode: the enabled sets within the link, no download all"
    );
    assert_eq!(download_menu(&Actor::Owner, &facts).sets, Some(vec![S1, S2]));
    facts.switches.selects = false;
    assert!(!download_menu(&scoped, &facts).selects);
    facts.store_mode = true;
    assert_eq!(
        download_menu(&scoped, &facts),
        DownloadMenu { sizes: Vec::new(), all: false, sets: Some(Vec::new()), selects: false }
    );
}

#[test]
fn zip_quota_is_decided_whole() {
    let mut facts = downloads_on();
    facts.downloads.high_res_quota = Some(10);
    facts.downloads.quota_used = 7;
    let main = with_email(Role::MainClient);
    // Within what is left, or nothing new to count: allowed.
    assert_eq!(zip_quota(&main, ORIGINAL, 3, &facts), Decision::Allow);
    assert_eq!(zip_quota(&main, ORIGINAL, 0, &facts), Decision::Allow);
    // Over: refused whole, with the number left.
    match zip_quota(&main, FOUR_K, 4, &facts) {
        Decision::Deny(Denial::Refused(reason)) => {
            assert!(reason.contains("4 photos") && reason.contains("there are 3 left"), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Web sizes, other roles and the owner never count.
    assert_eq!(zip_quota(&main, HD, 400, &facts), Decision::Allow);
    assert_eq!(zip_quota(&with_email(Role::PhotographerInvited), ORIGINAL, 400, &facts), Decision::Allow);
    assert_eq!(zip_quota(&Actor::Owner, ORIGINAL, 400, &facts), Decision::Allow);
    // The entries are checked without the quota, so a spent quota does not drop them one by one.
    facts.downloads.quota_used = 10;
    let entry = one(ORIGINAL, None);
    assert!(!decide(&main, entry, &facts).is_allowed());
    assert_eq!(decide(&main, entry, &without_quota(&facts)), Decision::Allow);
}

#[test]
fn hd_and_4k_previews_only_when_that_download_is_free_and_allowed() {
    use crate::rendition::RenditionSize::{FourK, Grid480, Grid640, Grid960, Hd, Screen};
    let mut facts = downloads_on();
    let image = ImageFacts::in_set(None);
    let may = |actor: &Actor, size, image, facts: &GalleryFacts| preview(actor, size, image, facts).is_some();
    for size in [FourK, Hd, Screen, Grid960, Grid640, Grid480] {
        assert!(may(&Actor::Owner, size, image, &published()), "the owner always sees {size:?}");
    }
    for size in [Screen, Grid960, Grid640, Grid480] {
        assert!(may(&visitor(Role::Guest), size, image, &published()), "{size:?} is a preview for everyone");
    }
    // A guest may take web sizes only: HD previews, no 4K.
    assert!(may(&with_email(Role::Guest), Hd, image, &facts));
    assert!(!may(&with_email(Role::Guest), FourK, image, &facts));
    // Before the email is given, the HD download is not free yet: screen previews only.
    assert!(!may(&visitor(Role::Guest), Hd, image, &facts), "the email is still to give");
    // Downloads off, HD not offered, or a role without web sizes: no HD preview.
    assert!(!may(&with_email(Role::Guest), Hd, image, &published()), "downloads off");
    let mut no_hd = facts.clone();
    no_hd.downloads.sizes.hd = false;
    assert!(!may(&with_email(Role::MainClient), Hd, image, &no_hd), "HD not offered");
    let mut high_res_only = facts.clone();
    high_res_only.downloads.rights.main_client = DownloadRight::HighRes;
    assert!(!may(&with_email(Role::MainClient), Hd, image, &high_res_only));
    assert!(may(&with_email(Role::MainClient), FourK, image, &high_res_only));
    // A set closed to downloads in set download mode: no HD preview for its photos.
    let mut closed = facts.clone();
    closed.downloads.download_sets = vec![S2];
    assert!(!may(&with_email(Role::MainClient), Hd, ImageFacts::in_set(Some(S1)), &closed));
    assert!(may(&with_email(Role::MainClient), Hd, ImageFacts::in_set(Some(S2)), &closed));
    // A main client who gave the email: 4K, until a PIN is asked or the quota would count it.
    let main = with_email(Role::MainClient);
    assert!(may(&main, FourK, image, &facts));
    facts.downloads.high_res_quota = Some(5);
    assert!(!may(&main, FourK, image, &facts), "it would cost a free download");
    assert!(may(&main, Hd, image, &facts), "web sizes never count");
    let counted = ImageFacts { already_counted: true, ..image };
    assert!(may(&main, FourK, counted, &facts), "already counted: free again");
    facts.downloads.pin_set = true;
    assert!(!may(&main, FourK, counted, &facts), "the PIN is still to give");
    assert!(!may(&main, Hd, counted, &facts), "the PIN is still to give");
    // Downloads off: nobody but the owner.
    assert!(!may(&main, FourK, counted, &published()));
}

/// A shop has no free downloads: a main client's bought high-res file is never counted against
/// the free quota the gallery keeps for when the shop closes (it would be refused once spent).
#[test]
fn a_shop_counts_nothing_against_the_free_quota() {
    let mut facts = published();
    quota_spent(&mut facts);
    let main = with_email(Role::MainClient);
    assert!(counts_against_quota(&main, ORIGINAL, &facts));
    facts.store_mode = true;
    assert!(!counts_against_quota(&main, ORIGINAL, &facts));
    assert!(!shares_quota(&main, &facts));
}
