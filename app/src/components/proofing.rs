//! The visitor's proofing state on one gallery page — their select lists and the active one, the
//! compare tray, the name they sign with — shared by the grid, the lightbox, the header and the
//! dialogs. Every change goes through a server function; when the server answers that an email
//! is needed first, the email dialog opens and the change is retried once it is given; when the
//! address belongs to someone here already, the visitor is told to open the emailed sign-in link.

use crate::api::client::give_email;
use crate::error::AppError;
use domain::downloads::ClientAccess;
use domain::dto::ImageCard;
use domain::ids::{ImageId, SelectListId};
use domain::policy::{Action, Need};
use domain::selects::MySelects;
use leptos::prelude::*;
use std::future::Future;

/// How many photos the compare tray holds.
pub const TRAY_SIZE: usize = 6;

/// The proofing state of one gallery page.
#[derive(Clone, Copy)]
pub struct Proofing {
    slug: StoredValue<String>,
    access: StoredValue<ClientAccess>,
    /// The visitor's lists, as the server last answered.
    pub selects: RwSignal<MySelects>,
    /// The list stars go into (`None`: the first list, made on the first star).
    pub active_list: RwSignal<Option<SelectListId>>,
    /// Photos chosen for comparing, in the order they were added.
    pub tray: RwSignal<Vec<ImageCard>>,
    /// The two photos open side by side.
    pub comparing: RwSignal<Option<[ImageCard; 2]>>,
    /// The name the visitor signs comments with.
    pub name: RwSignal<String>,
    /// The change waiting for the visitor's email.
    waiting: RwSignal<Option<Callback<()>>>,
    email_error: RwSignal<Option<String>>,
    /// The address given is in use here: waiting for the emailed sign-in link to be opened. Holds
    /// the change to retry if the visitor gives another address instead.
    sign_in_link: RwSignal<Option<Callback<()>>>,
    /// What the "send it again" button answered.
    sign_in_note: RwSignal<Option<String>>,
    /// The last refusal, shown until dismissed.
    pub message: RwSignal<Option<String>>,
}

impl Proofing {
    /// The state for the gallery at `slug`.
    pub fn new(slug: String, access: ClientAccess, selects: MySelects, name: Option<String>) -> Self {
        let active = selects.lists.first().map(|l| l.id);
        Self {
            slug: StoredValue::new(slug),
            access: StoredValue::new(access),
            selects: RwSignal::new(selects),
            active_list: RwSignal::new(active),
            tray: RwSignal::new(Vec::new()),
            comparing: RwSignal::new(None),
            name: RwSignal::new(name.unwrap_or_default()),
            waiting: RwSignal::new(None),
            email_error: RwSignal::new(None),
            sign_in_link: RwSignal::new(None),
            sign_in_note: RwSignal::new(None),
            message: RwSignal::new(None),
        }
    }

    /// The gallery's slug.
    pub fn slug(self) -> String {
        self.slug.get_value()
    }

    /// Whether the policy offers `action` to this visitor (needs are asked on use).
    pub fn offers(self, action: Action) -> bool {
        self.access.with_value(|access| access.offers(action))
    }

    /// The largest preview of `card` this visitor may see (compare zooms into it).
    pub fn largest_preview_url(self, card: &ImageCard) -> String {
        self.access.with_value(|access| card.largest_url(&access.large_previews(card)))
    }

    /// Whether the visitor is the gallery's photographer previewing it.
    pub fn is_owner(self) -> bool {
        self.access.with_value(|access| access.actor == domain::policy::Actor::Owner)
    }

    /// Runs a server call; a need for the email opens the dialog and runs it again once given,
    /// a refusal is shown as a sentence.
    pub fn call<T, F, Fut, D>(self, op: F, done: D)
    where
        T: 'static,
        F: Fn() -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<T, AppError>> + 'static,
        D: Fn(T) + Clone + Send + Sync + 'static,
    {
        let (again_op, again_done) = (op.clone(), done.clone());
        leptos::task::spawn_local(async move {
            match op().await {
                Ok(value) => {
                    self.message.set(None);
                    done(value);
                }
                Err(AppError::Needs(Need::Email)) => {
                    self.email_error.set(None);
                    let retry = Callback::new(move |()| self.call(again_op.clone(), again_done.clone()));
                    self.waiting.set(Some(retry));
                }
                Err(AppError::Needs(Need::SignInLink)) => {
                    self.sign_in_note.set(None);
                    let retry = Callback::new(move |()| self.call(again_op.clone(), again_done.clone()));
                    self.sign_in_link.set(Some(retry));
                }
                Err(err) => self.message.set(Some(err.to_string())),
            }
        });
    }

    /// Stars or un-stars `image` in the active list.
    pub fn toggle_star(self, image: ImageId) {
        let list = self.active_list.get_untracked();
        let on = !self.is_starred_untracked(image);
        self.call(
            move || crate::api::selects::star_image(image, list, on),
            move |mine: MySelects| {
                if self.active_list.get_untracked().is_none() {
                    self.active_list.set(mine.lists.first().map(|l| l.id));
                }
                self.selects.set(mine);
            },
        );
    }

    /// Whether `image` is in the active list (reactive).
    pub fn is_starred(self, image: ImageId) -> bool {
        let active = self.active_list.get();
        self.selects.with(|s| match active {
            Some(list) => s.in_list(list, image),
            None => false,
        })
    }

    fn is_starred_untracked(self, image: ImageId) -> bool {
        let active = self.active_list.get_untracked();
        self.selects.with_untracked(|s| active.is_some_and(|list| s.in_list(list, image)))
    }

    /// Adds a photo to the compare tray, or takes it out.
    pub fn toggle_tray(self, card: &ImageCard) {
        let card = card.clone();
        self.tray.update(|tray| {
            if let Some(at) = tray.iter().position(|c| c.id == card.id) {
                tray.remove(at);
            } else {
                if tray.len() >= TRAY_SIZE {
                    tray.remove(0);
                }
                tray.push(card);
            }
        });
    }

    /// Opens the side-by-side view of two photos, after the server agreed.
    pub fn compare(self, left: ImageId, right: ImageId) {
        self.call(
            move || crate::api::compare::compare_pair(left, right),
            move |pair: [ImageCard; 2]| self.comparing.set(Some(pair)),
        );
    }

    fn resend_sign_in_link(self) {
        let slug = self.slug();
        leptos::task::spawn_local(async move {
            let note = match crate::api::client::send_sign_in_link(slug).await {
                Ok(()) => "We have sent the link again.".to_owned(),
                Err(err) => err.to_string(),
            };
            self.sign_in_note.set(Some(note));
        });
    }

    fn give_email(self, name: String, email: String) {
        let slug = self.slug();
        leptos::task::spawn_local(async move {
            match give_email(slug, email, name.clone()).await {
                Ok(()) => {
                    if !name.trim().is_empty() {
                        self.name.set(name.trim().to_owned());
                    }
                    if let Some(retry) = self.waiting.get_untracked() {
                        self.waiting.set(None);
                        retry.run(());
                    }
                }
                Err(err) => self.email_error.set(Some(err.to_string())),
            }
        });
    }
}

/// The email dialog proofing asks with, and the last refusal.
#[component]
pub fn ProofingDialogs(proofing: Proofing) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(proofing.name.get_untracked());
    let dialog = move || {
        proofing.waiting.get().map(|_| {
            view! {
                <div class="dialog-backdrop">
                    <form class="dialog stack" role="dialog" aria-modal="true" aria-label="Your email"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            proofing.give_email(name.get_untracked(), email.get_untracked());
                        }>
                        <h2>"Your email"</h2>
                        <p>"Your favourites, comments and notes are kept under your email address, so your photographer knows they are yours."</p>
                        <label>"Your name"
                            <input type="text" name="name" autocomplete="name" maxlength="80"
                                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                        </label>
                        <label>"Email address"
                            <input type="email" name="email" inputmode="email" autocomplete="email" required autofocus
                                on:input=move |ev| email.set(event_target_value(&ev))/>
                        </label>
                        {move || proofing.email_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <div class="row">
                            <button type="submit">"Continue"</button>
                            <button type="button" class="secondary" on:click=move |_| proofing.waiting.set(None)>"Cancel"</button>
                        </div>
                    </form>
                </div>
            }
        })
    };
    let sign_in = move || {
        proofing.sign_in_link.get().map(|retry| {
            view! {
                <div class="dialog-backdrop">
                    <div class="dialog stack" role="dialog" aria-modal="true" aria-labelledby="sign-in-link-title">
                        <h2 id="sign-in-link-title">"Check your email"</h2>
                        <p>{Need::SignInLink.prompt()}</p>
                        <p class="muted">"Downloads work with your address right away."</p>
                        {move || proofing.sign_in_note.get().map(|n| view! { <p role="status">{n}</p> })}
                        <div class="row">
                            <button type="button" class="secondary" on:click=move |_| proofing.resend_sign_in_link()>"Send the link again"</button>
                            <button type="button" class="secondary" on:click=move |_| {
                                proofing.sign_in_link.set(None);
                                proofing.email_error.set(None);
                                proofing.waiting.set(Some(retry));
                            }>"Use another address"</button>
                            <button type="button" on:click=move |_| proofing.sign_in_link.set(None)>"Close"</button>
                        </div>
                    </div>
                </div>
            }
        })
    };
    view! {
        {dialog}
        {sign_in}
        {move || proofing.message.get().map(|m| view! {
            <p class="error download-message" role="alert">{m}
                <button class="icon" aria-label="Dismiss" on:click=move |_| proofing.message.set(None)>"✕"</button>
            </p>
        })}
    }
}
