//! Property tests over arbitrary actors, actions and facts: the rules that must hold whatever the
//! settings, and the agreement between `decide` and the helpers the UI builds its menus from.

use super::tests::{now, says_why_and_what_to_do};
use super::*;
use crate::gallery::GalleryStatus;
use crate::ids::DeliverySetId;
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use proptest::{bool::weighted, collection::vec, option, sample::select};
use uuid::Uuid;

fn set_id() -> impl Strategy<Value = SetId> {
    (1u128..=4).prop_map(|n| SetId(Uuid::from_u128(n)))
}

/// An optional time a few hours around `now` (exactly `now` included: that is already past).
fn around_now() -> impl Strategy<Value = Option<DateTime<Utc>>> {
    option::of((-3i64..=3).prop_map(|h| now() + Duration::hours(h)))
}

fn role() -> impl Strategy<Value = Role> {
    select(Role::ALL.to_vec())
}

fn right() -> impl Strategy<Value = DownloadRight> {
    select(vec![DownloadRight::Neither, DownloadRight::WebSize, DownloadRight::HighRes, DownloadRight::Both])
}

/// Sizes drawn so that custom ones sometimes match what `offered()` offers.
fn size() -> impl Strategy<Value = DownloadSize> {
    prop_oneof![
        Just(DownloadSize::Original),
        Just(DownloadSize::FourK),
        Just(DownloadSize::Hd),
        select(vec![1200u32, 2000]).prop_map(|long_edge| DownloadSize::CustomWeb { long_edge }),
        select(vec![(3000u32, 2000u32), (4000, 4000)])
            .prop_map(|(width, height)| DownloadSize::CustomBox { width, height }),
    ]
}

fn high_res_size() -> impl Strategy<Value = DownloadSize> {
    size().prop_filter("high-res", |s| s.is_high_res())
}

fn offered() -> impl Strategy<Value = OfferedSizes> {
    (
        any::<[bool; 3]>(),
        option::of(select(vec![1200u32, 2000])),
        option::of(select(vec![(3000u32, 2000u32), (4000, 4000)])),
    )
        .prop_map(|([original, four_k, hd], custom_web, custom_box)| OfferedSizes {
            original,
            four_k,
            hd,
            custom_web,
            custom_box,
        })
}

fn switches() -> impl Strategy<Value = Switches> {
    any::<[bool; 7]>().prop_map(|[selects, comments, annotations, downloads, sharing, contact_sheets, compare]| {
        Switches { selects, comments, annotations, downloads, sharing, contact_sheets, compare }
    })
}

fn download_facts() -> impl Strategy<Value = DownloadFacts> {
    (
        offered(),
        [right(), right(), right(), right()],
        option::of(0u32..4),
        0u32..5,
        any::<[bool; 2]>(),
        vec(set_id(), 0..3),
    )
        .prop_map(
            |(
                sizes,
                [main_client, photographer_invited, client_invited, guest],
                high_res_quota,
                quota_used,
                [pin_set, email_tracking],
                download_sets,
            )| {
                DownloadFacts {
                    sizes,
                    rights: RoleRights { main_client, photographer_invited, client_invited, guest },
                    high_res_quota,
                    quota_used,
                    pin_set,
                    email_tracking,
                    download_sets,
                }
            },
        )
}

fn facts() -> impl Strategy<Value = GalleryFacts> {
    let status = prop_oneof![1 => Just(GalleryStatus::Draft), 4 => Just(GalleryStatus::Published)];
    let delivery = option::of((download_facts(), around_now()))
        .prop_map(|d| d.map(|(downloads, ends_at)| DeliveryFacts { sizes: downloads.sizes, ends_at }));
    (status, weighted(0.1), around_now(), any::<[bool; 5]>(), switches(), download_facts(), delivery).prop_map(
        |(
            status,
            deleted,
            expires_at,
            [has_password, store_mode, public_link, cross_site, watermark_previews],
            switches,
            downloads,
            delivery,
        )| GalleryFacts {
            status,
            deleted,
            expires_at,
            now: now(),
            has_password,
            switches,
            store_mode,
            public_link,
            watermark_previews,
            downloads,
            delivery,
            request: RequestFacts { cross_site },
        },
    )
}

fn scope() -> impl Strategy<Value = Scope> {
    prop_oneof![
        3 => Just(Scope::Gallery),
        3 => vec(set_id(), 0..3).prop_map(Scope::Sets),
        1 => Just(Scope::Delivery(DeliverySetId(Uuid::from_u128(9)))),
    ]
}

fn visitor() -> impl Strategy<Value = VisitorAccess> {
    (role(), scope(), around_now(), weighted(0.2), any::<[bool; 4]>()).prop_map(
        |(role, scope, expires_at, revoked, [password_unlocked, pin_verified, email_given, person_joined])| {
            VisitorAccess {
                link: AccessLink { role, scope, expires_at, revoked },
                session: VisitorSession { password_unlocked, pin_verified, email_given, person_joined },
            }
        },
    )
}

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![1 => Just(Actor::Owner), 1 => Just(Actor::Buyer), 4 => visitor().prop_map(Actor::Visitor)]
}

fn image_state() -> impl Strategy<Value = ImageState> {
    prop_oneof![
        6 => Just(ImageState::Ready),
        1 => Just(ImageState::Processing),
        1 => Just(ImageState::Failed),
    ]
}

fn bought() -> impl Strategy<Value = Bought> {
    vec(size(), 0..3).prop_map(|sizes| sizes.into_iter().fold(Bought::default(), Bought::with))
}

fn image() -> impl Strategy<Value = ImageFacts> {
    (option::of(set_id()), image_state(), any::<[bool; 4]>(), bought(), weighted(0.8)).prop_map(
        |(set, state, [deleted, archived, already_counted, in_delivery], bought, watermarked)| ImageFacts {
            set,
            state,
            deleted,
            archived,
            already_counted,
            in_delivery,
            bought,
            watermarked,
        },
    )
}

fn zip_contents() -> impl Strategy<Value = ZipContents> {
    prop_oneof![Just(ZipContents::All), set_id().prop_map(ZipContents::Set), Just(ZipContents::Selects)]
}

/// What store mode must never allow: free ZIPs, selects, comments, annotations, compare.
/// (Single downloads have their own property: only what was bought.)
fn store_blocked_action() -> impl Strategy<Value = Action> {
    let set = || option::of(set_id());
    prop_oneof![
        (size(), zip_contents()).prop_map(|(size, contents)| Action::DownloadZip { size, contents }),
        set().prop_map(|set| Action::Select { image: ImageFacts::in_set(set) }),
        set().prop_map(|set| Action::Comment { image: ImageFacts::in_set(set) }),
        set().prop_map(|set| Action::Annotate { image: ImageFacts::in_set(set) }),
        Just(Action::Compare),
        Just(Action::SelectLists),
    ]
}

/// Actions about one image, built for an image in `set`.
fn per_image_actions(set: Option<SetId>, size: DownloadSize) -> [Action; 6] {
    [
        Action::ViewRendition { image: ImageFacts::in_set(set) },
        Action::Select { image: ImageFacts::in_set(set) },
        Action::Comment { image: ImageFacts::in_set(set) },
        Action::Annotate { image: ImageFacts::in_set(set) },
        Action::Buy { image: ImageFacts::in_set(set), size: None },
        Action::Download { size, image: ImageFacts::in_set(set) },
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        store_blocked_action(),
        option::of(set_id()).prop_map(|set| Action::ViewRendition { image: ImageFacts::in_set(set) }),
        option::of(set_id()).prop_map(|set| Action::Buy { image: ImageFacts::in_set(set), size: None }),
        select(vec![
            Action::ViewGallery,
            Action::ManageGallery,
            Action::ContactSheet,
            Action::Share,
            Action::BuyGallery { size: None, bought: Bought::default() }
        ]),
    ]
}

fn is_deny(decision: &Decision) -> bool {
    matches!(decision, Decision::Deny(_))
}

/// A visitor by one of the gallery's own links: the gallery's visitor rules (roles, switches,
/// quota, watermark) are theirs. A delivery link has rules of its own (`recipient`).
fn gallery_visitor() -> impl Strategy<Value = VisitorAccess> {
    visitor().prop_filter("a gallery link", |v| !matches!(v.link.scope, Scope::Delivery(_)))
}

/// A visitor by a delivery link, with whatever else their session holds.
fn recipient() -> impl Strategy<Value = VisitorAccess> {
    visitor().prop_map(|mut v| {
        v.link.scope = Scope::Delivery(DeliverySetId(Uuid::from_u128(9)));
        v
    })
}

/// Checks that `action` stays denied to `v` whatever their session does: as they are (at most
/// asked for the password), and with password, email and PIN all given.
fn never_granted(v: &VisitorAccess, action: Action, facts: &GalleryFacts) -> Result<(), TestCaseError> {
    let as_is = decide(&Actor::Visitor(v.clone()), action, facts);
    prop_assert!(is_deny(&as_is) || as_is == Decision::Needs(Need::Password), "{:?}: {:?}", action, as_is);
    let session =
        VisitorSession { password_unlocked: true, pin_verified: true, email_given: true, person_joined: true };
    let unlocked = decide(&Actor::Visitor(VisitorAccess { session, ..v.clone() }), action, facts);
    prop_assert!(is_deny(&unlocked), "{:?} after unlocking: {:?}", action, unlocked);
    Ok(())
}

/// Allowed now, or once the visitor gives an email or the PIN or waits for a restore: what the
/// menu must offer. (Behind the password the menu is empty on purpose.)
fn reachable(decision: &Decision) -> bool {
    matches!(decision, Decision::Allow | Decision::Needs(Need::Email | Need::Pin | Need::Restore))
}

proptest! {
    /// Pages are read from the database by the listing's conditions: they must say what
    /// `decide` says of every image, for every actor.
    #[test]
    fn the_listing_agrees_with_decide(actor in actor(), facts in facts(), image in image()) {
        let decided = decide(&actor, Action::ViewRendition { image }, &facts).is_allowed();
        prop_assert_eq!(listing(&actor, &facts).admits(&image), decided, "{:?}", listing(&actor, &facts));
    }

    #[test]
    fn deterministic_and_owner_allowed_all_but_what_is_clients(actor in actor(), action in action(), mut facts in facts()) {
        prop_assert_eq!(decide(&actor, action, &facts), decide(&actor.clone(), action, &facts.clone()));
        facts.request.cross_site = false;
        facts.deleted = false;
        let clients = matches!(
            action,
            Action::Select { .. } | Action::SelectLists | Action::Comment { .. } | Action::Annotate { .. } | Action::Share | Action::Buy { .. } | Action::BuyGallery { .. }
        );
        let decision = decide(&Actor::Owner, action, &facts);
        if clients {
            prop_assert!(matches!(decision, Decision::Deny(Denial::Refused(_))), "{:?}", decision);
        } else {
            prop_assert_eq!(decision, Decision::Allow);
        }
    }

    #[test]
    fn in_store_mode_only_a_bought_licence_downloads(v in gallery_visitor(), mut facts in facts(), size in size(), image in image()) {
        facts.store_mode = true;
        let decision = decide(&Actor::Visitor(v.clone()), Action::Download { size, image }, &facts);
        if decision == Decision::Allow {
            prop_assert!(image.bought.covers(size), "{:?} without a licence", size);
            prop_assert!(v.link.scope.covers(&image) && image.state == ImageState::Ready && !image.deleted);
        }
        // Without any licence nothing is downloaded: at best the purchase is asked for.
        let unbought = ImageFacts { bought: Bought::default(), ..image };
        prop_assert_ne!(decide(&Actor::Visitor(v), Action::Download { size, image: unbought }, &facts), Decision::Allow);
    }

    #[test]
    fn no_scope_reaches_an_image_outside_it(v in visitor(), facts in facts(), size in size(), image in image()) {
        prop_assume!(!v.link.scope.covers(&image));
        for action in [
            Action::ViewRendition { image },
            Action::Select { image },
            Action::Comment { image },
            Action::Annotate { image },
            Action::Buy { image, size: None },
            Action::Download { size, image },
        ] {
            prop_assert!(is_deny(&decide(&Actor::Visitor(v.clone()), action, &facts)) || decide(&Actor::Visitor(v.clone()), action, &facts) == Decision::Needs(Need::Password), "{:?}", action);
        }
    }

    #[test]
    fn deleted_and_unfinished_images_are_the_owners_alone(v in visitor(), facts in facts(), mut image in image(), size in size()) {
        prop_assume!(image.state != ImageState::Ready || image.deleted);
        image.bought = Bought::default();
        for action in [Action::ViewRendition { image }, Action::Select { image }, Action::Download { size, image }] {
            prop_assert!(!decide(&Actor::Visitor(v.clone()), action, &facts).is_allowed(), "{:?}", action);
        }
        let owner_sees = image.state == ImageState::Ready && !facts.deleted;
        prop_assert_eq!(decide(&Actor::Owner, Action::ViewRendition { image }, &facts).is_allowed(), owner_sees);
    }

    #[test]
    fn a_download_another_site_started_is_never_allowed(actor in actor(), mut facts in facts(), size in size(), image in image(), contents in zip_contents()) {
        facts.request.cross_site = true;
        for action in [Action::Download { size, image }, Action::DownloadZip { size, contents }] {
            let decision = decide(&actor, action, &facts);
            prop_assert!(is_deny(&decision) || decision == Decision::Needs(Need::Password), "{:?}", decision);
        }
    }

    #[test]
    fn without_the_public_link_a_guest_reaches_nothing(mut v in gallery_visitor(), mut facts in facts(), action in action()) {
        v.link.role = Role::Guest;
        facts.public_link = false;
        prop_assert_eq!(decide(&Actor::Visitor(v), action, &facts), Decision::Deny(Denial::Hidden));
    }

    #[test]
    fn a_typed_address_alone_never_reaches_proofing(mut v in visitor(), facts in facts(), set in option::of(set_id())) {
        v.session.person_joined = false;
        for action in [Action::Select { image: ImageFacts::in_set(set) }, Action::SelectLists, Action::Comment { image: ImageFacts::in_set(set) }, Action::Annotate { image: ImageFacts::in_set(set) }] {
            prop_assert_ne!(decide(&Actor::Visitor(v.clone()), action, &facts), Decision::Allow);
        }
    }

    #[test]
    fn every_refusal_says_why_and_what_to_do(actor in actor(), action in action(), facts in facts()) {
        if let Decision::Deny(Denial::Refused(reason)) = decide(&actor, action, &facts) {
            prop_assert!(says_why_and_what_to_do(&reason), "{}", reason);
        }
    }

    #[test]
    fn a_package_follows_none_of_the_gallerys_visitor_settings(v in recipient(), facts in facts(), other in facts(), action in action()) {
        prop_assume!(facts.delivery.is_some());
        // Another gallery altogether, but for the package, the request, the time and whether it
        // still exists.
        let elsewhere = GalleryFacts {
            delivery: facts.delivery.clone(),
            request: facts.request,
            now: facts.now,
            deleted: facts.deleted,
            ..other
        };
        let actor = Actor::Visitor(v);
        prop_assert_eq!(decide(&actor, action, &facts), decide(&actor, action, &elsewhere));
    }

    #[test]
    fn a_delivery_link_allows_its_package_and_nothing_else(v in recipient(), facts in facts(), action in action()) {
        if decide(&Actor::Visitor(v), action, &facts) == Decision::Allow {
            match action {
                Action::ViewGallery => {}
                Action::ViewRendition { image } | Action::Download { image, .. } => {
                    prop_assert!(image.in_delivery && image.state == ImageState::Ready && !image.deleted, "{:?}", image);
                }
                Action::DownloadZip { contents, .. } => prop_assert_eq!(contents, ZipContents::All),
                other => prop_assert!(false, "{:?} allowed to a delivery link", other),
            }
        }
    }

    #[test]
    fn a_deleted_gallery_is_gone_for_all_but_its_buyers(actor in actor(), action in action(), mut facts in facts()) {
        facts.deleted = true;
        let decision = decide(&actor, action, &facts);
        if actor == Actor::Buyer {
            // What was bought stays the buyer's: deleting the gallery changes nothing of it.
            prop_assert_eq!(decision, decide(&actor, action, &GalleryFacts { deleted: false, ..facts }));
        } else {
            prop_assert_eq!(decision, Decision::Deny(Denial::Hidden));
        }
    }

    #[test]
    fn visitors_never_manage(v in visitor(), facts in facts()) {
        prop_assert_eq!(decide(&Actor::Visitor(v), Action::ManageGallery, &facts), Decision::Deny(Denial::Hidden));
    }

    #[test]
    fn store_mode_never_allows_free_downloads_or_proofing(v in gallery_visitor(), mut facts in facts(), action in store_blocked_action()) {
        facts.store_mode = true;
        let decision = decide(&Actor::Visitor(v), action, &facts);
        prop_assert!(is_deny(&decision), "{:?} gave {:?}", action, decision);
    }

    #[test]
    fn a_dead_link_allows_nothing(mut v in visitor(), facts in facts(), action in action(), revoke in any::<bool>(), hours in 0i64..48) {
        if revoke {
            v.link.revoked = true;
        } else {
            v.link.expires_at = Some(now() - Duration::hours(hours));
        }
        let actor = Actor::Visitor(v);
        prop_assert!(is_deny(&decide(&actor, action, &facts)));
        prop_assert!(allowed_sizes(&actor, &facts).is_empty());
    }

    #[test]
    fn password_comes_first(v in gallery_visitor(), mut facts in facts(), action in action()) {
        facts.has_password = true;
        facts.store_mode = false;
        let locked = !v.session.password_unlocked;
        let decision = decide(&Actor::Visitor(v), action, &facts);
        if locked {
            prop_assert!(is_deny(&decision) || decision == Decision::Needs(Need::Password), "{:?}", decision);
        }
    }

    #[test]
    fn outside_the_link_is_hidden(mut v in visitor(), facts in facts(), size in size(), mine in vec(set_id(), 0..3), other in option::of(set_id())) {
        prop_assume!(!mine.contains(&other.unwrap_or(SetId(Uuid::nil()))) || other.is_none());
        v.link.scope = Scope::Sets(mine);
        let gate = admit(&v, &facts).unwrap_or(Decision::Deny(Denial::Hidden));
        for action in per_image_actions(other, size) {
            prop_assert_eq!(decide(&Actor::Visitor(v.clone()), action, &facts), gate.clone());
        }
    }

    #[test]
    fn set_mode_never_downloads_unassigned_or_closed_sets(v in gallery_visitor(), mut facts in facts(), size in size(), mut image in image(), enabled in vec(set_id(), 1..3)) {
        // Free downloads: a shop delivers what was bought from the order page instead.
        facts.store_mode = false;
        facts.downloads.download_sets = enabled;
        let closed = image.set.filter(|set| !facts.downloads.download_sets.contains(set));
        for set in [None, closed] {
            image.set = set;
            never_granted(&v, Action::Download { size, image }, &facts)?;
            prop_assert!(!download_menu(&Actor::Visitor(v.clone()), &facts).all);
        }
    }

    #[test]
    fn no_high_res_right_never_gets_high_res(v in gallery_visitor(), mut facts in facts(), size in high_res_size(), image in image(), contents in zip_contents(), web_only in any::<bool>()) {
        // Free downloads: a shop delivers what was bought from the order page instead.
        facts.store_mode = false;
        let right = if web_only { DownloadRight::WebSize } else { DownloadRight::Neither };
        match v.link.role {
            Role::MainClient => facts.downloads.rights.main_client = right,
            Role::PhotographerInvited => facts.downloads.rights.photographer_invited = right,
            Role::ClientInvited => facts.downloads.rights.client_invited = right,
            Role::Guest => facts.downloads.rights.guest = right,
        }
        never_granted(&v, Action::Download { size, image }, &facts)?;
        never_granted(&v, Action::DownloadZip { size, contents }, &facts)?;
        prop_assert!(allowed_sizes(&Actor::Visitor(v), &facts).iter().all(|s| !s.is_high_res()));
    }

    #[test]
    fn spent_quota_refuses_new_high_res_to_main_clients(mut v in gallery_visitor(), mut facts in facts(), size in high_res_size(), mut image in image(), quota in 0u32..4, over in 0u32..3) {
        // Free downloads: a shop delivers what was bought from the order page instead.
        facts.store_mode = false;
        v.link.role = Role::MainClient;
        facts.downloads.high_res_quota = Some(quota);
        facts.downloads.quota_used = quota + over;
        image.already_counted = false;
        never_granted(&v, Action::Download { size, image }, &facts)?;
    }

    #[test]
    fn allowed_sizes_agree_with_decide(v in gallery_visitor(), mut facts in facts(), size in size(), image in image()) {
        // Free downloads: a shop delivers what was bought from the order page instead.
        facts.store_mode = false;
        // The menu is for pages, which are never the download request itself.
        facts.request.cross_site = false;
        let actor = Actor::Visitor(v.clone());
        let sizes = allowed_sizes(&actor, &facts);
        let decision = decide(&actor, Action::Download { size, image }, &facts);
        if reachable(&decision) {
            prop_assert!(sizes.contains(&size), "{:?} reachable but not in {:?}", size, sizes);
        }
        let quota_free = image.already_counted || v.link.role != Role::MainClient || size.is_web_size()
            || facts.downloads.high_res_quota.is_none_or(|n| facts.downloads.quota_used < n);
        let shown = image.watermarked || !previews_watermarked(&facts);
        if sizes.contains(&size) && v.link.scope.covers(&image) && image.state == ImageState::Ready && !image.deleted && shown && facts.downloads.set_allows(image.set) && quota_free {
            prop_assert!(reachable(&decision), "{:?} offered but {:?}", size, decision);
        }
    }

    #[test]
    fn download_menu_agrees_with_decide(v in gallery_visitor(), mut facts in facts(), set in set_id()) {
        // Free downloads: a shop delivers what was bought from the order page instead.
        facts.store_mode = false;
        // The menu is for pages, which are never the download request itself.
        facts.request.cross_site = false;
        let actor = Actor::Visitor(v.clone());
        let menu = download_menu(&actor, &facts);
        for size in facts.downloads.sizes.list() {
            let offered = menu.sizes.contains(&size);
            let zip = |contents| reachable(&decide(&actor, Action::DownloadZip { size, contents }, &facts));
            prop_assert_eq!(zip(ZipContents::All), offered && menu.all);
            prop_assert_eq!(zip(ZipContents::Selects), offered && menu.selects);
            let set_listed = match &menu.sets {
                None => v.link.scope.covers_set(set),
                Some(sets) => sets.contains(&set),
            };
            prop_assert_eq!(zip(ZipContents::Set(set)), offered && set_listed);
        }
    }

    #[test]
    fn nothing_downloads_in_store_mode_without_a_paid_line_for_that_size(v in gallery_visitor(), buyer in any::<bool>(), mut facts in facts(), size in size(), image in image()) {
        facts.store_mode = true;
        let actor = if buyer { Actor::Buyer } else { Actor::Visitor(v) };
        if decide(&actor, Action::Download { size, image }, &facts).is_allowed() {
            prop_assert!(image.bought.covers(size), "{:?} without its licence", size);
        }
        // A cancelled or refunded order leaves nothing bought: every grant goes at once.
        let taken_back = ImageFacts { bought: Bought::default(), ..image };
        let download = Action::Download { size, image: taken_back };
        prop_assert!(!decide(&actor, download, &facts).is_allowed(), "{:?}", download);
        prop_assert_eq!(preview(&actor, crate::rendition::RenditionSize::Hd, taken_back, &facts), None);
    }

    #[test]
    fn a_buyer_reaches_only_the_bought_files(facts in facts(), action in action(), image in image(), size in size()) {
        let decision = decide(&Actor::Buyer, Action::Download { size, image }, &facts);
        if decision.is_allowed() {
            // A photo deleted since it was bought stays its buyer's (the caller counts for it
            // only what was bought for it by name).
            prop_assert!(image.bought.covers(size) && image.state == ImageState::Ready);
        }
        if !matches!(action, Action::ViewRendition { .. } | Action::Download { .. }) {
            prop_assert_eq!(decide(&Actor::Buyer, action, &facts), Decision::Deny(Denial::Hidden), "{:?}", action);
        }
    }

    #[test]
    fn where_previews_carry_the_watermark_visitors_see_no_clean_preview(v in gallery_visitor(), mut facts in facts(), image in image(), size in select(crate::rendition::RenditionSize::ALL.to_vec())) {
        facts.watermark_previews = true;
        let actor = Actor::Visitor(v);
        if decide(&actor, Action::ViewRendition { image }, &facts).is_allowed() {
            prop_assert!(image.watermarked, "an image without its watermarked previews is not shown yet");
        }
        let is_download_size = matches!(size, crate::rendition::RenditionSize::Hd | crate::rendition::RenditionSize::FourK);
        match preview(&actor, size, image, &facts) {
            Some(Preview::Clean) => prop_assert!(is_download_size, "{:?} clean", size),
            Some(Preview::Watermarked) => prop_assert!(!is_download_size),
            None => prop_assert!(is_download_size),
        }
        prop_assert_ne!(preview(&Actor::Owner, size, image, &facts), Some(Preview::Watermarked));
        // A buyer by an order link sees nothing clean that the order did not pay for.
        if preview(&Actor::Buyer, size, image, &facts) == Some(Preview::Clean) {
            prop_assert!(image.bought.any(), "{:?} clean without a paid licence", size);
        }
    }

    #[test]
    fn turning_store_mode_off_restores_everything_it_turned_off(facts in facts()) {
        let mut shop = facts.clone();
        shop.store_mode = true;
        let mut after = shop.clone();
        after.store_mode = false;
        let stored = GalleryFacts { store_mode: false, ..facts };
        prop_assert_eq!(effective_switches(&after), stored.switches);
        prop_assert_eq!(password_asked(&after), password_asked(&stored));
        prop_assert_eq!(pin_asked(&after), pin_asked(&stored));
        let on = effective_switches(&shop);
        prop_assert!(!on.selects && !on.comments && !on.annotations && !on.downloads && !on.compare);
        prop_assert_eq!((on.sharing, on.contact_sheets), (stored.switches.sharing, stored.switches.contact_sheets));
    }

    #[test]
    fn only_links_to_the_whole_gallery_buy_the_bundle(v in visitor(), mut facts in facts()) {
        facts.store_mode = true;
        let whole = v.link.scope == Scope::Gallery;
        if decide(&Actor::Visitor(v), Action::BuyGallery { size: None, bought: Bought::default() }, &facts).is_allowed() {
            prop_assert!(whole);
        }
    }
}
