//! What a visitor is asked for on a gallery page, in one place: when the server answers that
//! something is needed first (`Needs(Email)`, `Needs(Pin)`, `Needs(SignInLink)`), the matching
//! dialog opens, and once it is given the call that needed it runs again. Downloads, selects,
//! comments, annotations, compare and share all go through [`Prompts::call`]; a refusal is shown
//! as a sentence until dismissed. (The gallery password is asked by the page itself: nothing of
//! the gallery shows before it.)

use super::modal::modal;
use super::on_demand::on_demand;
use crate::api::client::{give_email, send_sign_in_link};
use crate::api::downloads::give_pin;
use crate::error::AppError;
use domain::ids::ImageId;
use domain::policy::Need;
use leptos::prelude::*;
use std::future::Future;

/// The prompts of one gallery page.
#[derive(Clone, Copy)]
pub struct Prompts {
    slug: StoredValue<String>,
    /// The need being asked, and the call to run again once it is given.
    asking: RwSignal<Option<(Need, Callback<()>)>>,
    /// Why the last answer was refused (a bad address, a wrong PIN), shown in the dialog.
    error: RwSignal<Option<String>>,
    /// What "send the link again" answered.
    note: RwSignal<Option<String>>,
    /// The last refusal, shown until dismissed.
    message: RwSignal<Option<String>>,
    /// The name the visitor signs comments and annotations with.
    pub name: RwSignal<String>,
    /// What a screen reader is told last (a download started, a licence added, marks saved).
    said: RwSignal<String>,
    /// How many photo views (`aria-modal`) cover the page: while one does, what is said and
    /// refused is shown inside it, since a screen reader hears nothing outside a modal and Tab
    /// cannot leave it.
    covered: RwSignal<u32>,
    /// How many dialogs over everything show the last refusal themselves (the licence choice):
    /// neither the page nor a photo view under them shows it then.
    held: RwSignal<u32>,
    /// The photo the last photo view showed: a view made anew for the same photo (its
    /// neighbours arrived) keeps what was said.
    shown: StoredValue<Option<ImageId>>,
    /// An answer on its way: a second press of the dialog's button waits for it (two addresses
    /// given at once from one browser would each try to start the person).
    giving: StoredValue<bool>,
}

impl Prompts {
    /// The prompts for the gallery at `slug`; `name` is the name the visitor gave before.
    pub fn new(slug: String, name: Option<String>) -> Self {
        Self {
            slug: StoredValue::new(slug),
            asking: RwSignal::new(None),
            error: RwSignal::new(None),
            note: RwSignal::new(None),
            message: RwSignal::new(None),
            name: RwSignal::new(name.unwrap_or_default()),
            said: RwSignal::new(String::new()),
            covered: RwSignal::new(0),
            held: RwSignal::new(0),
            shown: StoredValue::new(None),
            giving: StoredValue::new(false),
        }
    }

    /// Called by a modal photo view as it opens: until it goes, notices show inside it
    /// (`notices(true)` there). A count, since the next photo's view opens before the last goes.
    /// What was said or refused before is about what was on screen then: it is dropped as a view
    /// opens on another photo, or the last view goes, so that moving the regions does not read it
    /// out again.
    pub fn cover_page(self, photo: ImageId) {
        if self.shown.get_value() != Some(photo) {
            self.shown.set_value(Some(photo));
            self.forget_notices();
        }
        self.covered.update(|n| *n += 1);
        on_cleanup(move || {
            // The whole page may be going (a navigation away): then there is nothing to update.
            let _ = self.covered.try_update(|n| *n = n.saturating_sub(1));
            // Closed, once no view came in its place (one is made in the same turn).
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async move {
                if self.covered.try_get_untracked() == Some(0) {
                    let _ = self.shown.try_set_value(None);
                    let _ = self.said.try_set(String::new());
                    let _ = self.message.try_set(None);
                }
            });
        });
    }

    /// Called by a dialog that shows the last refusal itself (`refusal`), over everything, while
    /// it is open.
    pub fn hold_notices(self) {
        // A refusal from before is not about this choice.
        self.message.set(None);
        self.held.update(|n| *n += 1);
        on_cleanup(move || {
            let _ = self.held.try_update(|n| *n = n.saturating_sub(1));
            // Its refusal was about its own choice: not shown (and read) again under it.
            let _ = self.message.try_set(None);
        });
    }

    /// The last refusal, for a dialog that holds the notices.
    pub fn refusal(self) -> Option<String> {
        self.message.get()
    }

    fn forget_notices(self) {
        self.said.set(String::new());
        self.message.set(None);
    }

    /// Whether notices belong `inside` a modal photo view right now (else on the page).
    pub fn shows_notices(self, inside: bool) -> bool {
        self.held.get() == 0 && (self.covered.get() > 0) == inside
    }

    /// The status region and the last refusal, on the page (`inside` false) or inside a photo
    /// view covering it (`inside` true); each shows them only while it is where they belong.
    /// Both start empty (nothing is said before the page is live), so the server's page and
    /// the browser's agree.
    pub fn notices(self, inside: bool) -> impl IntoView {
        view! {
            <p class="visually-hidden" role="status">{move || if self.shows_notices(inside) { self.said.get() } else { String::new() }}</p>
            {move || self.message.get().filter(|_| self.shows_notices(inside)).map(|m| view! {
                <p class="error download-message" role="alert">{m}
                    <button class="icon" aria-label="Dismiss" on:click=move |_| self.message.set(None)>"✕"</button>
                </p>
            })}
        }
    }

    /// Tells a screen reader `sentence`, through the page's status region, which is in the page
    /// from its first paint: a status element added together with its message is not read by
    /// every screen reader.
    pub fn announce(self, sentence: String) {
        // The same sentence twice in a row (a second download) changes the text, so it is read.
        let said =
            if self.said.with_untracked(|said| *said == sentence) { format!("{sentence}\u{a0}") } else { sentence };
        self.said.set(said.clone());
        // Said once: emptied a little later (which is not read), so a region that shows it anew
        // (a photo view closing) has nothing to read again.
        set_timeout(
            move || {
                let _ = self.said.try_update(|now| {
                    if *now == said {
                        now.clear();
                    }
                });
            },
            std::time::Duration::from_secs(5),
        );
    }

    /// The gallery's slug.
    pub fn slug(self) -> String {
        self.slug.get_value()
    }

    /// The gallery's slug, or `None` once its page is gone (for work that ends after a wait).
    pub fn try_slug(self) -> Option<String> {
        self.slug.try_get_value()
    }

    /// Shows a refusal as a sentence.
    pub fn refuse(self, sentence: String) {
        self.message.set(Some(sentence));
    }

    /// Runs a server call: its value goes to `done`; a need opens its prompt and runs the call
    /// again once given; a refusal is shown as a sentence.
    pub fn call<T, F, Fut, D>(self, op: F, done: D)
    where
        T: 'static,
        F: Fn() -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<T, AppError>> + 'static,
        D: Fn(T) + Clone + Send + Sync + 'static,
    {
        self.call_then(op, done, || {});
    }

    /// `call`, and `answered` once the server has answered (whatever it said; a need answers too,
    /// and the call run again once it is given is a new one): a button kept disabled while its
    /// request travels is enabled again then, never earlier.
    pub fn call_then<T, F, Fut, D, A>(self, op: F, done: D, answered: A)
    where
        T: 'static,
        F: Fn() -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<T, AppError>> + 'static,
        D: Fn(T) + Clone + Send + Sync + 'static,
        A: Fn() + 'static,
    {
        let (again_op, again_done) = (op.clone(), done.clone());
        leptos::task::spawn_local(async move {
            let answer = op().await;
            // The visitor may have left the gallery while the answer was on its way (the cart, Back):
            // what `done` would update is gone with its page, and reading it would stop the app.
            if self.slug.try_get_value().is_none() {
                return;
            }
            answered();
            match answer {
                Ok(value) => {
                    self.message.set(None);
                    done(value);
                }
                Err(AppError::Needs(need @ (Need::Email | Need::Pin | Need::SignInLink))) => {
                    self.error.set(None);
                    self.note.set(None);
                    let retry = Callback::new(move |()| self.call(again_op.clone(), again_done.clone()));
                    self.asking.set(Some((need, retry)));
                }
                Err(err) => self.message.set(Some(err.to_string())),
            }
        });
    }

    /// Gives what the dialog asked for, then runs the waiting call again.
    fn answer(self, value: String, name: String) {
        let Some((need, retry)) = self.asking.get_untracked() else { return };
        if self.giving.get_value() {
            return;
        }
        self.giving.set_value(true);
        let slug = self.slug();
        leptos::task::spawn_local(async move {
            let given = match need {
                Need::Pin => give_pin(slug, value).await,
                _ => give_email(slug, value, name.clone()).await,
            };
            self.giving.try_set_value(false);
            match given {
                Ok(()) => {
                    if !name.trim().is_empty() {
                        self.name.set(name.trim().to_owned());
                    }
                    self.asking.set(None);
                    retry.run(());
                }
                Err(err) => self.error.set(Some(err.to_string())),
            }
        });
    }

    /// Asks for another address instead of the one already in use here.
    fn use_another_address(self) {
        if let Some((_, retry)) = self.asking.get_untracked() {
            self.error.set(None);
            self.asking.set(Some((Need::Email, retry)));
        }
    }

    fn resend_sign_in_link(self) {
        let slug = self.slug();
        leptos::task::spawn_local(async move {
            let note = match send_sign_in_link(slug).await {
                Ok(()) => "We have sent the link again.".to_owned(),
                Err(err) => err.to_string(),
            };
            self.note.set(Some(note));
        });
    }
}

/// The dialogs and the last refusal, for the whole page.
#[component]
pub fn PromptDialogs(prompts: Prompts) -> impl IntoView {
    // Which need, not which retry: a new retry of the same need keeps what was typed. The
    // dialogs' code is fetched the first time one opens.
    let need = Memo::new(move |_| prompts.asking.with(|a| a.as_ref().map(|(need, _)| *need)));
    let dialog = move || need.get().map(|need| on_demand(prompt_dialog(prompts, need)));
    view! {
        {prompts.notices(false)}
        {dialog}
    }
}

/// The dialog that asks for `need`.
#[lazy]
fn prompt_dialog(prompts: Prompts, need: Need) -> AnyView {
    match need {
        Need::SignInLink => sign_in_link_dialog(prompts).into_any(),
        _ => answer_dialog(prompts, need).into_any(),
    }
}

/// The email or PIN dialog.
fn answer_dialog(prompts: Prompts, need: Need) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let name = RwSignal::new(prompts.name.get_untracked());
    let email = need == Need::Email;
    let (title, label, kind, mode, auto) = if email {
        ("Your email", "Email address", "email", "email", "email")
    } else {
        ("Download PIN", "PIN", "password", "numeric", "off")
    };
    let frame = NodeRef::<leptos::html::Div>::new();
    let keys = modal(frame, move || prompts.asking.set(None));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-label=title tabindex="-1" node_ref=frame on:keydown=keys>
            <form class="stack"
                on:submit=move |ev| { ev.prevent_default(); prompts.answer(value.get_untracked(), name.get_untracked()); }>
                <h2>{title}</h2>
                {if email {
                    view! {
                        <p>"Your favourites, comments, notes and downloads are kept under your email address, so your photographer knows they are yours."</p>
                        <label>"Your name"
                            <input type="text" name="name" autocomplete="name" maxlength="80"
                                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                        </label>
                    }.into_any()
                } else {
                    view! { <p>{need.prompt()}</p> }.into_any()
                }}
                <label>{label}
                    <input type=kind name=kind inputmode=mode autocomplete=auto required
                        aria-describedby="prompt-error"
                        aria-invalid=move || if prompts.error.get().is_some() { "true" } else { "false" }
                        on:input=move |ev| value.set(event_target_value(&ev))/>
                </label>
                {move || prompts.error.get().map(|e| view! { <p class="error" role="alert" id="prompt-error">{e}</p> })}
                <div class="row">
                    <button type="submit">"Continue"</button>
                    <button type="button" class="secondary" on:click=move |_| prompts.asking.set(None)>"Cancel"</button>
                </div>
            </form>
            </div>
        </div>
    }
}

/// The address is in use here: the emailed sign-in link is the way on.
fn sign_in_link_dialog(prompts: Prompts) -> impl IntoView {
    let frame = NodeRef::<leptos::html::Div>::new();
    let keys = modal(frame, move || prompts.asking.set(None));
    view! {
        <div class="dialog-backdrop">
            <div class="dialog stack" role="dialog" aria-modal="true" aria-labelledby="sign-in-link-title" tabindex="-1"
                node_ref=frame on:keydown=keys>
                <h2 id="sign-in-link-title">"Check your email"</h2>
                <p>{Need::SignInLink.prompt()}</p>
                <p class="muted">"Downloads work with your address right away."</p>
                {move || prompts.note.get().map(|n| view! { <p role="status">{n}</p> })}
                <div class="row">
                    <button type="button" class="secondary" on:click=move |_| prompts.resend_sign_in_link()>"Send the link again"</button>
                    <button type="button" class="secondary" on:click=move |_| prompts.use_another_address()>"Use another address"</button>
                    <button type="button" on:click=move |_| prompts.asking.set(None)>"Close"</button>
                </div>
            </div>
        </div>
    }
}
