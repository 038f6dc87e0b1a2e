//! The visitor's downloads: the menu (sizes, "Download all" or the enabled sets), the quota badge,
//! the per-photo download in the lightbox, and the email and PIN dialogs. Everything shown comes
//! from the policy's answer for this visitor; every click is checked by the server first
//! (`downloads/check`) so a refusal reads as a sentence and a need opens its dialog, and the
//! download URL decides again when the browser fetches it.

use crate::api::client::client_access;
use crate::api::client::give_email;
use crate::api::downloads::{check_download, give_pin};
use crate::error::AppError;
use domain::downloads::{ClientAccess, DownloadTarget};
use domain::dto::{ImageCard, SetView};
use domain::policy::{DownloadSize, Need, ZipContents};
use domain::rendition::RenditionSize;
use leptos::prelude::*;
use std::time::Duration;

/// The downloads state of one gallery page, shared by the menu, the lightbox and the dialogs.
#[derive(Clone, Copy)]
pub struct Downloads {
    slug: StoredValue<String>,
    access: RwSignal<ClientAccess>,
    /// The need being asked, and the download waiting for it.
    asking: RwSignal<Option<(Need, DownloadTarget, DownloadSize)>>,
    dialog_error: RwSignal<Option<String>>,
    message: RwSignal<Option<String>>,
}

impl Downloads {
    /// The state for the gallery at `slug`, starting from the page's `access`.
    pub fn new(slug: String, access: ClientAccess) -> Self {
        Self {
            slug: StoredValue::new(slug),
            access: RwSignal::new(access),
            asking: RwSignal::new(None),
            dialog_error: RwSignal::new(None),
            message: RwSignal::new(None),
        }
    }

    /// The large previews the lightbox may load of `card` (HD and 4K only where the policy lets
    /// this visitor see them).
    pub fn large_previews(self, card: &ImageCard) -> Vec<RenditionSize> {
        self.access.with_untracked(|access| access.large_previews(card))
    }

    /// Checks a download with the server and starts it, or asks for what it needs.
    pub fn start(self, target: DownloadTarget, size: DownloadSize) {
        let slug = self.slug.get_value();
        self.message.set(None);
        leptos::task::spawn_local(async move {
            match check_download(slug, target, size).await {
                Ok(url) => {
                    save(&url);
                    set_timeout(move || self.refresh(), Duration::from_millis(1500));
                }
                Err(AppError::Needs(need @ (Need::Email | Need::Pin))) => {
                    self.dialog_error.set(None);
                    self.asking.set(Some((need, target, size)));
                }
                Err(err) => self.message.set(Some(err.to_string())),
            }
        });
    }

    /// Gives what the dialog asked for, then carries on with the waiting download.
    fn answer(self, value: String) {
        let Some((need, target, size)) = self.asking.get_untracked() else { return };
        let slug = self.slug.get_value();
        leptos::task::spawn_local(async move {
            let given = match need {
                Need::Pin => give_pin(slug, value).await,
                _ => give_email(slug, value, String::new()).await,
            };
            match given {
                Ok(()) => {
                    self.asking.set(None);
                    self.start(target, size);
                }
                Err(err) => self.dialog_error.set(Some(err.to_string())),
            }
        });
    }

    /// Reloads what the visitor may download (the quota moves as main clients download).
    fn refresh(self) {
        let slug = self.slug.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(access) = client_access(slug).await {
                self.access.set(access);
            }
        });
    }
}

/// The download menu in the gallery's header: sizes, then "All photos" or the enabled sets.
#[component]
pub fn DownloadMenu(
    downloads: Downloads,
    sets: Vec<SetView>,
    /// How many photos the visitor selected ("Download my selects" needs at least one).
    #[prop(optional, into)]
    selected: Option<Signal<usize>>,
) -> impl IntoView {
    let menu = move || downloads.access.with(ClientAccess::menu);
    let size = RwSignal::new(None::<DownloadSize>);
    let chosen = move || size.get().or_else(|| menu().sizes.first().copied());
    let sets = StoredValue::new(sets);
    move || {
        let current = menu();
        if current.sizes.is_empty() {
            return None;
        }
        let mut targets: Vec<(String, ZipContents)> = match &current.sets {
            None => vec![("All photos".to_owned(), ZipContents::All)],
            Some(ids) => sets.with_value(|sets| {
                sets.iter().filter(|s| ids.contains(&s.id)).map(|s| (s.name.clone(), ZipContents::Set(s.id))).collect()
            }),
        };
        if current.selects && selected.is_some_and(|n| n.get() > 0) {
            targets.push(("my selects".to_owned(), ZipContents::Selects));
        }
        // Set download mode with none of the open sets in this link: single photos only (the
        // lightbox offers those it may).
        if targets.is_empty() {
            return None;
        }
        Some(view! {
            <details class="download-menu">
                <summary>"Download"</summary>
                <div class="menu-body">
                    <fieldset>
                        <legend>"Size"</legend>
                        {current.sizes.iter().copied().map(|s| view! {
                            <label class="check">
                                <input type="radio" name="download-size" value=s.token()
                                    prop:checked=move || chosen() == Some(s) on:change=move |_| size.set(Some(s))/>
                                {s.label()}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    {current.sets.is_some().then(|| view! { <p class="muted">"Downloads are open for these sets:"</p> })}
                    <ul class="plain">
                        {targets.into_iter().map(|(label, contents)| view! {
                            <li><button class="download-target" on:click=move |ev| {
                                close_menu(&ev);
                                if let Some(s) = chosen() { downloads.start(DownloadTarget::Zip(contents), s); }
                            }>{format!("Download {label}")}</button></li>
                        }).collect_view()}
                    </ul>
                </div>
            </details>
        })
    }
}

/// "3 of 10 free high-res downloads left", for main clients when a quota is set.
#[component]
pub fn QuotaBadge(downloads: Downloads) -> impl IntoView {
    move || {
        downloads.access.with(ClientAccess::quota).map(|(used, total)| {
            let left = total - used;
            view! {
                <p class="quota-badge" role="status" data-left=left>
                    {format!("{left} of {total} free high-res downloads left")}
                </p>
            }
        })
    }
}

/// The download button of one photo (in the lightbox).
#[component]
pub fn ImageDownload(downloads: Downloads, card: ImageCard) -> impl IntoView {
    let card = StoredValue::new(card);
    move || {
        let access = downloads.access.get();
        let sizes = card.with_value(|c| access.image_sizes(c));
        if sizes.is_empty() {
            return None;
        }
        let counted = card.with_value(|c| access.counted.contains(&c.id)) && access.quota().is_some();
        let id = card.with_value(|c| c.id);
        Some(view! {
            <details class="image-download">
                <summary>"Download"</summary>
                <ul class="plain menu-body">
                    {counted.then(|| view! { <li class="muted free-again">"Free to download again"</li> })}
                    {sizes.into_iter().map(|s| view! {
                        <li><button on:click=move |ev| {
                            close_menu(&ev);
                            downloads.start(DownloadTarget::Image(id), s);
                        }>{s.label()}</button></li>
                    }).collect_view()}
                </ul>
            </details>
        })
    }
}

/// Starts the browser's download of `url` through a temporary `<a download>`: the page stays
/// as it is, also when the server refuses at the last moment (the browser's download list says so
/// instead of the page turning into an error).
pub(crate) fn save(url: &str) {
    use wasm_bindgen::JsCast;
    let document = document();
    let Some(body) = document.body() else { return };
    let Ok(link) = document.create_element("a").map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>()) else {
        return;
    };
    link.set_href(url);
    link.set_download("");
    if body.append_child(&link).is_ok() {
        link.click();
        link.remove();
    }
}

/// Closes the menu a choice was made in (the menus are `<details>`; the browser owns `open`).
fn close_menu(ev: &leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let menu = ev
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("details").ok().flatten());
    if let Some(menu) = menu {
        let _ = menu.remove_attribute("open");
    }
}

/// The email and PIN dialogs and the last refusal, for the whole page.
#[component]
pub fn DownloadDialogs(downloads: Downloads) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let dialog = move || {
        downloads.asking.get().map(|(need, _, _)| {
            let (title, label, kind, mode, auto) = match need {
                Need::Pin => ("Download PIN", "PIN", "password", "numeric", "off"),
                _ => ("Your email", "Email address", "email", "email", "email"),
            };
            value.set(String::new());
            view! {
                <div class="dialog-backdrop">
                    <form class="dialog stack" role="dialog" aria-modal="true" aria-label=title
                        on:submit=move |ev| { ev.prevent_default(); downloads.answer(value.get_untracked()); }>
                        <h2>{title}</h2>
                        <p>{need.prompt()}</p>
                        {(need == Need::Email).then(|| view! {
                            <p class="muted">"Your photographer sees which photos were downloaded with it."</p>
                        })}
                        <label>{label}
                            <input type=kind name=kind inputmode=mode autocomplete=auto required autofocus
                                on:input=move |ev| value.set(event_target_value(&ev))/>
                        </label>
                        {move || downloads.dialog_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <div class="row">
                            <button type="submit">"Continue"</button>
                            <button type="button" class="secondary" on:click=move |_| downloads.asking.set(None)>"Cancel"</button>
                        </div>
                    </form>
                </div>
            }
        })
    };
    view! {
        {dialog}
        {move || downloads.message.get().map(|m| view! {
            <p class="error download-message" role="alert">{m}
                <button class="icon" aria-label="Dismiss" on:click=move |_| downloads.message.set(None)>"✕"</button>
            </p>
        })}
    }
}
