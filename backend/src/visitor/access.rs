//! Turns a request's session and a gallery row into the policy's `Actor` and `GalleryFacts`, and
//! asks `domain::policy::decide`. Every server function and byte route goes through here.
//!
//! What a visitor has done is kept per gallery in their session (`Visit`): the link they came by,
//! the password, the email, the PIN. The link itself is read from the database on every request,
//! so revoking it or letting it expire takes effect on the very next request of an open session.

use crate::ctx::Ctx;
use crate::entities::{access_link, gallery, set};
use crate::error::{ServiceError, ServiceResult};
use crate::gallery::records::settings_of;
use crate::store::purchases::Purchases;
use chrono::{DateTime, Utc};
use domain::gallery::GalleryStatus;
use domain::ids::{SetId, StudioId};
use domain::policy::{self, Action, Actor, Decision, GalleryFacts, Role, VisitorAccess, VisitorSession};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::IpAddr;
use tower_sessions::Session;
use uuid::Uuid;

/// Session key: what the visitor has done, per gallery.
const VISITS_KEY: &str = "visits";

/// What a visitor has done in one gallery this session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// The access link they opened last; `None`: the public link (a guest).
    pub link: Option<Uuid>,
    /// The password epoch they gave the gallery password under; a changed or removed password
    /// makes it stale.
    #[serde(default)]
    pub password_epoch: Option<i32>,
    /// The email they gave (downloads are recorded with it).
    pub email: Option<String>,
    /// The name they sign comments and annotations with.
    #[serde(default)]
    pub name: Option<String>,
    /// The people (email addresses) whose identity this browser holds here: it started them, or
    /// opened the sign-in link emailed to them. Proofing goes to `email` only when it is one.
    #[serde(default)]
    pub people: Vec<String>,
    /// Which of `people` this browser proved: it opened a link emailed to the address. It holds
    /// the others only because it typed the address first, when the person was started (in its
    /// first epoch), and such a hold lapses once anyone proves the address, which turns the epoch
    /// over (`identity::join`).
    #[serde(default)]
    pub proven: Vec<String>,
    /// For each of `people`, when the person it held was started (its row's `created_at`, in
    /// microseconds): a person the photographer forgot and someone started again since is another
    /// person, whom this browser does not hold. (Holds made before this was kept have no entry.)
    #[serde(default)]
    pub held_since: std::collections::BTreeMap<String, i64>,
    /// The PIN epoch they gave the PIN under; a changed PIN makes it stale.
    pub pin_epoch: Option<i32>,
    /// Their cart here (store mode): only this session knows its id.
    #[serde(default)]
    pub cart: Option<Uuid>,
    /// The orders they placed here from this session; paid ones grant their licences.
    #[serde(default)]
    pub orders: Vec<OwnOrder>,
}

/// An order placed from this session, with its link's secret (so the gallery page can link to it;
/// the session is kept on the server, never in the browser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnOrder {
    pub id: Uuid,
    pub token: String,
}

impl Visit {
    /// The person this browser proofs as: the email it gave, when it holds that identity.
    pub fn person(&self) -> Option<&str> {
        self.email.as_deref().filter(|email| self.people.iter().any(|p| p == email))
    }
}

/// Drops from `visit` the person it holds without proof when the address was proven elsewhere
/// since: from then on this browser must open an emailed link as well. A person the photographer
/// forgot (`forget`) is held by no browser, proven or not (the address no longer counts as given
/// there), nor is the person someone starts with that address again.
async fn lapse_unproven(ctx: &Ctx, gallery: Uuid, visit: &mut Visit) -> ServiceResult<()> {
    let Some(email) = visit.person().map(str::to_owned) else { return Ok(()) };
    let now = crate::entities::person::Entity::find_by_id((gallery, email.clone())).one(&ctx.db).await?;
    let started_at = |person: &crate::entities::person::Model| person.created_at.timestamp_micros();
    match now {
        // Forgotten, or forgotten and given again since (another person): let go, and the
        // address is no longer this browser's.
        None => let_go(visit, &email, true),
        Some(person) if visit.held_since.get(&email).is_some_and(|since| *since != started_at(&person)) => {
            let_go(visit, &email, true)
        }
        // Held for having started the person, in its first epoch.
        Some(person) if person.epoch != 0 && !visit.proven.contains(&email) => let_go(visit, &email, false),
        Some(_) => {}
    }
    Ok(())
}

/// Drops the hold of `email` from `visit` (and, when `forgotten`, the address it gave).
fn let_go(visit: &mut Visit, email: &str, forgotten: bool) {
    visit.people.retain(|p| p != email);
    visit.proven.retain(|p| p != email);
    visit.held_since.remove(email);
    if forgotten && visit.email.as_deref() == Some(email) {
        visit.email = None;
    }
}

/// Who is asking, as the session says: the signed-in studio (if any) and their visits, plus what
/// the browser said about this request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub studio: Option<StudioId>,
    pub visits: HashMap<Uuid, Visit>,
    /// The client's address, as the throttles count it.
    pub client: IpAddr,
    /// The browser marked this request as started by another site (set by the byte routes that
    /// download; pages and server functions never carry it).
    pub cross_site: bool,
}

impl Viewer {
    /// The visit to one gallery (empty when they have done nothing there yet).
    pub fn visit(&self, gallery: Uuid) -> Visit {
        self.visits.get(&gallery).cloned().unwrap_or_default()
    }
}

/// A visitor's session in use is kept alive (`studio::auth::keep_alive`), as a photographer's is:
/// a client who keeps coming back keeps their link, PIN, password and proven address. Called by
/// pages and server functions, not by the byte routes: a burst of thumbnails must not each write
/// the whole session back over a change made meanwhile.
pub async fn keep_visit_alive(session: &Session, viewer: &Viewer) -> ServiceResult<()> {
    if viewer.studio.is_none() && !viewer.visits.is_empty() {
        crate::studio::auth::keep_alive(session).await?;
    }
    Ok(())
}

/// Reads the viewer from the session; `client` is the request's address (`secrets::client_addr`).
pub async fn viewer(session: &Session, client: IpAddr) -> ServiceResult<Viewer> {
    let studio = crate::studio::auth::current_studio_id(session).await?;
    let visits = session
        .get::<HashMap<Uuid, Visit>>(VISITS_KEY)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .unwrap_or_default();
    Ok(Viewer { studio, visits, client, cross_site: false })
}

/// Gives the session a new id, keeping its data: done at every privilege change (a link opened,
/// a password or PIN given, an identity taken), so an id planted or seen before is worthless
/// after it.
pub async fn renew(session: &Session) -> ServiceResult<()> {
    session.cycle_id().await.map_err(|e| ServiceError::Internal(e.into()))
}

/// Changes this session's visit to a gallery.
pub async fn update_visit(session: &Session, gallery: Uuid, change: impl FnOnce(&mut Visit)) -> ServiceResult<()> {
    let mut visits = session
        .get::<HashMap<Uuid, Visit>>(VISITS_KEY)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .unwrap_or_default();
    change(visits.entry(gallery).or_default());
    session.insert(VISITS_KEY, visits).await.map_err(|e| ServiceError::Internal(e.into()))
}

/// A viewer's standing in one gallery: who they are to the policy, the facts it decides on, and
/// the link and visit those came from.
#[derive(Debug, Clone)]
pub struct Admission {
    pub actor: Actor,
    pub facts: GalleryFacts,
    pub link: Option<access_link::Model>,
    pub visit: Visit,
    /// What this viewer bought here (paid orders only; empty for the owner).
    pub purchases: Purchases,
}

impl Admission {
    /// The access link this visitor stands on (not a dead one they hold where the gallery's
    /// public link made them a guest).
    pub fn link_id(&self) -> Option<Uuid> {
        self.link.as_ref().map(|link| link.id)
    }

    /// Whether the policy refuses `action` outright (not merely asking for something first).
    pub fn denies(&self, action: Action) -> bool {
        matches!(policy::decide(&self.actor, action, &self.facts), Decision::Deny(_))
    }

    /// Allows the action or returns the policy's answer as an error (hidden → not found,
    /// refused → forbidden with the reason, a need → `Needs`).
    pub fn check(&self, action: Action) -> ServiceResult<()> {
        into_result(policy::decide(&self.actor, action, &self.facts))
    }

    /// The visitor's role; `None` for the owner.
    pub fn role(&self) -> Option<Role> {
        match &self.actor {
            Actor::Owner | Actor::Buyer => None,
            Actor::Visitor(visitor) => Some(visitor.link.role),
        }
    }

    /// True for the gallery's own studio.
    pub fn is_owner(&self) -> bool {
        self.actor == Actor::Owner
    }
}

/// Turns a decision into a result.
pub fn into_result(decision: Decision) -> ServiceResult<()> {
    match decision {
        Decision::Allow => Ok(()),
        Decision::Deny(denial) => Err(denial.into()),
        Decision::Needs(need) => Err(ServiceError::Needs(need)),
    }
}

/// Builds the viewer's standing in `gallery` at `now`, at the gallery's address.
pub async fn admission(
    ctx: &Ctx,
    viewer: &Viewer,
    gallery: &gallery::Model,
    now: DateTime<Utc>,
) -> ServiceResult<Admission> {
    admission_at(ctx, viewer, gallery, now, Address::Gallery).await
}

/// The viewer's standing in `gallery` at `now`, asked at `address`.
pub async fn admission_at(
    ctx: &Ctx,
    viewer: &Viewer,
    gallery: &gallery::Model,
    now: DateTime<Utc>,
    address: Address,
) -> ServiceResult<Admission> {
    let facts = facts_for(ctx, gallery, now).await?;
    admit_with(ctx, viewer, gallery, facts, true, address).await
}

/// Where a request stands: the gallery's own address (and everything asked by its slug), or the
/// page of the access link the visitor holds (`/l/{token}`), where a link that no longer works
/// answers with its own sentence even where the public link is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    Gallery,
    Link,
}

/// The viewer's standing for looking at previews only: the facts leave out which sets allow
/// downloads and what the visitor bought (queries fewer on the path every thumbnail takes), so it
/// must never decide a download.
pub async fn admission_to_view(
    ctx: &Ctx,
    viewer: &Viewer,
    gallery: &gallery::Model,
    now: DateTime<Utc>,
) -> ServiceResult<Admission> {
    // Previews do not depend on purchases (a visitor's screen and grid sizes are the same bought or
    // not), so the path every thumbnail takes skips reading them.
    admit_with(ctx, viewer, gallery, stored_facts(gallery, now), false, Address::Gallery).await
}

async fn admit_with(
    ctx: &Ctx,
    viewer: &Viewer,
    gallery: &gallery::Model,
    mut facts: GalleryFacts,
    read_purchases: bool,
    address: Address,
) -> ServiceResult<Admission> {
    facts.request.cross_site = viewer.cross_site;
    let mut visit = viewer.visit(gallery.id);
    // Previews never depend on a person; everything else may, and reads who this browser is.
    if read_purchases {
        lapse_unproven(ctx, gallery.id, &mut visit).await?;
    }
    if viewer.studio.is_some_and(|studio| studio.0 == gallery.studio_id) {
        return Ok(Admission { actor: Actor::Owner, facts, link: None, visit, purchases: Purchases::default() });
    }
    let (link, policy_link) = match visit.link {
        Some(id) => match crate::visitor::links::load_effective(ctx, gallery.id, id).await? {
            Some((row, effective)) => (Some(row), effective),
            // A link that no longer exists is as dead as a revoked one.
            None => (None, policy::AccessLink { revoked: true, ..policy::AccessLink::new(Role::ClientInvited) }),
        },
        None => (None, policy::AccessLink::public()),
    };
    // A dead link leaves a guest where the public link is on, but on its own page it says why.
    let (link, policy_link) = match policy::standing_link(policy_link.clone(), &facts) {
        (guest, true) if address == Address::Gallery => (None, guest),
        _ => (link, policy_link),
    };
    let mut access = VisitorAccess::new(policy_link);
    access.session = VisitorSession {
        password_unlocked: visit.password_epoch == Some(gallery.password_epoch),
        pin_verified: visit.pin_epoch == Some(gallery.pin_epoch),
        email_given: visit.email.is_some(),
        person_joined: visit.person().is_some(),
    };
    let purchases = if read_purchases {
        let own: Vec<Uuid> = visit.orders.iter().map(|o| o.id).collect();
        Purchases::of_orders(ctx, gallery.id, &own).await?
    } else {
        Purchases::default()
    };
    Ok(Admission { actor: Actor::Visitor(access), facts, link, visit, purchases })
}

/// The facts the policy needs about a gallery at time `now`.
pub async fn facts_for(ctx: &Ctx, gallery: &gallery::Model, now: DateTime<Utc>) -> ServiceResult<GalleryFacts> {
    let mut facts = stored_facts(gallery, now);
    facts.downloads.download_sets = set::Entity::find()
        .filter(set::Column::GalleryId.eq(gallery.id))
        .filter(set::Column::AllowDownloads.eq(true))
        .order_by_asc(set::Column::Position)
        .order_by_asc(set::Column::CreatedAt)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| SetId(s.id))
        .collect();
    Ok(facts)
}

/// The facts held on the gallery row itself (everything but the sets that allow downloads, which
/// only the gallery's own download rules read).
pub fn stored_facts(gallery: &gallery::Model, now: DateTime<Utc>) -> GalleryFacts {
    let settings = settings_of(gallery);
    let mut facts = GalleryFacts::new(GalleryStatus::parse(&gallery.status), gallery.expires_at, now);
    facts.deleted = gallery.deleted_at.is_some();
    facts.has_password = gallery.password_hash.is_some();
    facts.switches = settings.switches;
    facts.store_mode = gallery.store_mode;
    facts.public_link = gallery.public_link;
    facts.watermark_previews = settings.watermark_previews;
    let downloads = &mut facts.downloads;
    downloads.sizes = settings.sizes;
    downloads.rights = settings.rights;
    downloads.high_res_quota = settings.high_res_quota;
    downloads.quota_used = gallery.quota_used.max(0) as u32;
    downloads.pin_set = gallery.pin_hash.is_some();
    downloads.email_tracking = settings.email_tracking;
    facts
}
