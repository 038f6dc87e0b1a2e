//! The visitor's downloads: the menu (sizes, "Download all" or the enabled sets), the quota badge
//! and the per-photo download in the lightbox. Everything shown comes from the policy's answer for
//! this visitor; every click is checked by the server first (`downloads/check`, through
//! `Prompts::call`, so a refusal reads as a sentence and a need opens its dialog), and the
//! download URL decides again when the browser fetches it.

use super::prompts::Prompts;
use crate::api::client::client_access;
use crate::api::downloads::{check_download, describe_zip};
use crate::error::AppError;
use domain::archive::RestoreWish;
use domain::card::ImageCard;
use domain::downloads::{ClientAccess, DownloadTarget};
use domain::dto::SetView;
use domain::policy::{DownloadSize, Need, ZipContents};
use domain::rendition::RenditionSize;
use leptos::prelude::*;
use std::time::Duration;

/// The downloads state of one gallery page, shared by the menu and the lightbox.
#[derive(Clone, Copy)]
pub struct Downloads {
    access: RwSignal<ClientAccess>,
    prompts: Prompts,
    /// A download waiting for originals from long-term storage: the restore dialog is open.
    restore: RwSignal<Option<RestoreWish>>,
}

impl Downloads {
    /// The state for a gallery page, starting from the page's `access`.
    pub fn new(access: ClientAccess, prompts: Prompts) -> Self {
        Self { access: RwSignal::new(access), prompts, restore: RwSignal::new(None) }
    }

    /// The page's prompts (its notices, what it asks for).
    pub fn prompts(self) -> Prompts {
        self.prompts
    }

    /// The download waiting for a restore, if any (`RestoreDialog` shows it).
    pub fn restore_wish(self) -> RwSignal<Option<RestoreWish>> {
        self.restore
    }

    /// The gallery's slug.
    pub fn slug(self) -> String {
        self.prompts.slug()
    }

    /// The large previews the lightbox may load of `card` (HD and 4K only where the policy lets
    /// this visitor see them).
    pub fn large_previews(self, card: &ImageCard) -> Vec<RenditionSize> {
        self.access.with_untracked(|access| access.large_previews(card))
    }

    /// Checks a download with the server and starts it, or asks for what it needs.
    /// Originals in long-term storage open the restore dialog instead.
    pub fn start(self, target: DownloadTarget, size: DownloadSize) {
        let slug = self.prompts.slug();
        let check = move || {
            let slug = slug.clone();
            async move {
                match check_download(slug, target, size).await {
                    Err(AppError::Needs(Need::Restore)) => Ok(None),
                    checked => checked.map(Some),
                }
            }
        };
        self.prompts.call(check, move |url: Option<String>| match url {
            Some(url) => {
                save(&url);
                self.prompts.announce(match target {
                    DownloadTarget::Zip(_) => "Your ZIP download has started.".to_owned(),
                    _ => "Your download has started.".to_owned(),
                });
                set_timeout(move || self.refresh(), Duration::from_millis(1500));
            }
            None => self.restore.set(Some(RestoreWish { target, size })),
        });
    }

    /// Reloads what the visitor may download (the quota moves as main clients download); nothing
    /// when the visitor has left the gallery since.
    fn refresh(self) {
        let Some(slug) = self.prompts.try_slug() else { return };
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
    // Memos: the menu is drawn again only when what it offers changes, not at every star, nor at
    // every refresh of the visitor's allowance after a download (each drawing asks again what
    // every ZIP holds when the menu is open).
    let menu = Memo::new(move |_| downloads.access.with(ClientAccess::menu));
    let selected_count = Signal::derive(move || selected.map_or(0, |n| n.get()));
    let with_selects = Memo::new(move |_| selected_count.get() > 0);
    let size = RwSignal::new(None::<DownloadSize>);
    let chosen = Signal::derive(move || size.get().or_else(|| downloads.access.with(ClientAccess::default_size)));
    // What each ZIP holds is asked for only once the menu is open.
    let open = RwSignal::new(false);
    let sets = StoredValue::new(sets);
    move || {
        let current = menu.get();
        if current.sizes.is_empty() {
            return None;
        }
        // Every set the visitor sees can be taken on its own too (a ZIP of one set).
        let mut targets: Vec<(String, ZipContents)> = match &current.sets {
            None => std::iter::once(("All photos".to_owned(), ZipContents::All))
                .chain(sets.with_value(|sets| {
                    sets.iter().map(|s| (s.name.clone(), ZipContents::Set(s.id))).collect::<Vec<_>>()
                }))
                .collect(),
            Some(ids) => sets.with_value(|sets| {
                sets.iter().filter(|s| ids.contains(&s.id)).map(|s| (s.name.clone(), ZipContents::Set(s.id))).collect()
            }),
        };
        if current.selects && with_selects.get() {
            targets.push(("my selects".to_owned(), ZipContents::Selects));
        }
        // Set download mode with none of the open sets in this link: single photos only (the
        // lightbox offers those it may).
        if targets.is_empty() {
            return None;
        }
        Some(view! {
            <details class="download-menu" on:toggle=move |ev| open.set(is_open(&ev))>
                <summary>"Download"</summary>
                <div class="menu-body">
                    <fieldset>
                        <legend>"Size"</legend>
                        {current.sizes.iter().copied().map(|s| view! {
                            <label class="check">
                                <input type="radio" name="download-size" value=s.token()
                                    prop:checked=move || chosen.get() == Some(s) on:change=move |_| size.set(Some(s))/>
                                {s.label()}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    {current.sets.is_some().then(|| view! { <p class="muted">"Downloads are open for these sets:"</p> })}
                    <ul class="plain">
                        {targets.into_iter().enumerate().map(|(n, (label, contents))| view! {
                            <li><ZipTarget downloads label contents size=chosen open selected=selected_count id=format!("zip-summary-{n}")/></li>
                        }).collect_view()}
                    </ul>
                </div>
            </details>
        })
    }
}

/// One "Download …" button of the menu, with what its ZIP holds ("48 photos · 312 MB") or why it
/// would be refused, asked from the server while the menu is open and whenever the size, the
/// visitor's allowance or (for "my selects") the number of selected photos changes.
#[component]
fn ZipTarget(
    downloads: Downloads,
    label: String,
    contents: ZipContents,
    size: Signal<Option<DownloadSize>>,
    open: RwSignal<bool>,
    selected: Signal<usize>,
    id: String,
) -> impl IntoView {
    let summary = RwSignal::new(None::<Result<String, String>>);
    Effect::new(move |_| {
        let (Some(asked), true) = (size.get(), open.get()) else { return };
        downloads.access.track();
        if contents == ZipContents::Selects {
            selected.track();
        }
        summary.set(None);
        let slug = downloads.prompts.slug();
        leptos::task::spawn_local(async move {
            let answer = describe_zip(slug, contents, asked).await;
            // A later choice of size has its own answer coming (or the menu is gone).
            if size.try_get_untracked().flatten() != Some(asked) {
                return;
            }
            summary.set(match answer {
                Ok(found) => Some(Ok(found.label())),
                Err(AppError::Needs(Need::Restore)) => Some(Ok("In long-term storage: restored on request".to_owned())),
                // The email or the PIN is asked on the click, as for the download itself.
                Err(AppError::Needs(_)) => None,
                Err(refused) => Some(Err(refused.to_string())),
            });
        });
    });
    view! {
        <button class="download-target" aria-describedby=id.clone() on:click=move |ev| {
            close_menu(&ev);
            if let Some(s) = size.get_untracked() { downloads.start(DownloadTarget::Zip(contents), s); }
        }>{format!("Download {label}")}</button>
        <span class="zip-summary" id=id class:refused=move || matches!(summary.get(), Some(Err(_)))>
            {move || match summary.get() {
                Some(Ok(said) | Err(said)) => said,
                None => String::new(),
            }}
        </span>
    }
}

/// Whether the `<details>` a toggle event came from is now open.
fn is_open(ev: &leptos::ev::Event) -> bool {
    use wasm_bindgen::JsCast;
    ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open())
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
    // What the menu offers, drawn again only when that changes: not at every refresh of the
    // allowance after a download, which would take the keyboard's focus from its summary.
    let offer = Memo::new(move |_| {
        downloads.access.with(|access| {
            card.with_value(|c| (access.image_sizes(c), access.counted.contains(&c.id) && access.quota().is_some()))
        })
    });
    let (id, name) = card.with_value(|c| (c.id, c.file_name.clone()));
    move || {
        let (sizes, counted) = offer.get();
        let name = name.clone();
        if sizes.is_empty() {
            return None;
        }
        Some(view! {
            <details class="image-download">
                <summary>"Download"</summary>
                <ul class="plain menu-body">
                    {counted.then(|| view! { <li class="muted free-again">"Free to download again"</li> })}
                    {sizes.into_iter().map(|s| view! {
                        <li><button aria-label=format!("Download {name} ({})", s.label()) on:click=move |ev| {
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
/// Focus goes back to the menu's summary first: the chosen button, which had it, is hidden with
/// the menu, and focus would otherwise fall to the page's top (behind the lightbox, outside its
/// Tab loop), and a dialog opened next (email, PIN) would give it back there.
fn close_menu(ev: &leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let menu = ev
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("details").ok().flatten());
    if let Some(menu) = menu {
        if let Some(summary) =
            menu.query_selector("summary").ok().flatten().and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = summary.focus();
        }
        let _ = menu.remove_attribute("open");
    }
}
