//! The editor's Delivery tab: private packages of the gallery's photos, each with its own sizes,
//! last day and one link per recipient. Photos are added from the Photos tab (tick them, then
//! "Add to delivery"); here they are put in order or taken out, links are made, copied, emailed
//! and revoked, and each package shows when it was last opened and how much was downloaded.

use crate::api::delivery::{
    ArrangeDelivery, CreateDelivery, DeleteDelivery, RemoveFromDelivery, RevokeDeliveryLink, create_delivery_link,
    delivery_sets, update_delivery,
};
use crate::components::clipboard::{self, with_origin};
use crate::components::confirm;
use crate::components::drafts::Drafts;
use crate::components::error_note::ActionError;
use crate::components::when::When;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use domain::delivery::{DeliveryForm, DeliveryLinkView, DeliverySetView};
use domain::ids::{DeliverySetId, GalleryId, ImageId};
use domain::policy::{DownloadSize, OfferedSizes};
use leptos::prelude::*;

/// Every server action of the tab; any of them finishing reloads the list.
#[derive(Clone, Copy)]
struct Actions {
    gallery: GalleryId,
    create: ServerAction<CreateDelivery>,
    delete: ServerAction<DeleteDelivery>,
    remove: ServerAction<RemoveFromDelivery>,
    arrange: ServerAction<ArrangeDelivery>,
    revoke: ServerAction<RevokeDeliveryLink>,
    /// A package saved or a link made (sent by its own form, which keeps its draft until then).
    sent: RwSignal<usize>,
    /// What is typed into each package's forms.
    drafts: Drafts<DeliverySetId, PackageDraft>,
    /// The control to focus again once the list is drawn anew (its id): a keyboard user moving a
    /// photo keeps their place.
    refocus: StoredValue<Option<String>>,
}

impl Actions {
    fn version(&self) -> usize {
        self.create.version().get()
            + self.delete.version().get()
            + self.remove.version().get()
            + self.arrange.version().get()
            + self.revoke.version().get()
            + self.sent.get()
    }
}

/// What is typed into one package's forms and not sent yet. The list is drawn anew after every
/// action in the tab (a photo moved, a link made for another package), so the drafts are kept by
/// the tab, by package.
#[derive(Clone, Copy)]
struct PackageDraft {
    /// "Name, sizes and last day", and whether it is open.
    fields: PackageFields,
    open: RwSignal<bool>,
    saved: RwSignal<Option<Result<(), AppError>>>,
    /// The next link: its recipient and last day.
    recipient: RwSignal<String>,
    expires: RwSignal<String>,
    made: RwSignal<Option<Result<(), AppError>>>,
    /// A save or a link on its way: a second click sends nothing.
    sending: RwSignal<bool>,
}

impl PackageDraft {
    fn new() -> Self {
        Self {
            fields: PackageFields::new(),
            open: RwSignal::new(false),
            saved: RwSignal::new(None),
            recipient: RwSignal::new(String::new()),
            expires: RwSignal::new(String::new()),
            made: RwSignal::new(None),
            sending: RwSignal::new(false),
        }
    }
}

/// A package's name, sizes and last day as typed: `None` where nothing was changed, so the form
/// shows what is saved.
#[derive(Clone, Copy)]
struct PackageFields {
    name: RwSignal<Option<String>>,
    sizes: RwSignal<Option<OfferedSizes>>,
    ends: RwSignal<Option<String>>,
}

impl PackageFields {
    fn new() -> Self {
        Self { name: RwSignal::new(None), sizes: RwSignal::new(None), ends: RwSignal::new(None) }
    }

    /// Whether what is typed is what is `saved` (tracked).
    fn match_saved(self, saved: &SavedPackage) -> bool {
        self.name.with(|t| t.as_ref().is_none_or(|t| t.trim() == saved.name))
            && self.sizes.with(|t| t.is_none_or(|t| t == saved.sizes))
            && self.ends.with(|t| t.as_ref().is_none_or(|t| *t == saved.ends))
    }

    /// What the form would send.
    fn form(self, saved: &SavedPackage) -> DeliveryForm {
        let ends = self.ends.get_untracked().unwrap_or_else(|| saved.ends.clone());
        DeliveryForm {
            name: self.name.get_untracked().unwrap_or_else(|| saved.name.clone()),
            sizes: self.sizes.get_untracked().unwrap_or(saved.sizes),
            ends_on: NaiveDate::parse_from_str(&ends, "%Y-%m-%d").ok(),
        }
    }
}

/// A package's name, sizes and last day as saved (as the form shows them), or a new package's.
#[derive(Clone, Default)]
struct SavedPackage {
    name: String,
    sizes: OfferedSizes,
    ends: String,
}

impl SavedPackage {
    fn of(package: Option<&DeliverySetView>) -> Self {
        package.map_or_else(Self::default, |p| Self {
            name: p.name.clone(),
            sizes: p.sizes,
            ends: p.last_day.map(|day| day.to_string()).unwrap_or_default(),
        })
    }
}

/// The Delivery tab of `gallery`.
#[component]
pub fn DeliveryPanel(gallery: GalleryId) -> impl IntoView {
    let actions = Actions {
        gallery,
        create: ServerAction::new(),
        delete: ServerAction::new(),
        remove: ServerAction::new(),
        arrange: ServerAction::new(),
        revoke: ServerAction::new(),
        sent: RwSignal::new(0),
        drafts: Drafts::default(),
        refocus: StoredValue::new(None),
    };
    let list = crate::resource::resource(move || actions.version(), move |_| delivery_sets(gallery));
    let made = RwSignal::new(0u32);
    // A package made: the form is ready for the next one.
    Effect::watch(
        move || actions.create.version().get(),
        move |_, _, _| {
            if matches!(actions.create.value().get_untracked(), Some(Ok(_))) {
                made.update(|n| *n += 1);
            }
        },
        false,
    );
    // The list drawn anew after an action: focus goes back where the person was.
    Effect::new(move |_| {
        if list.get().is_some()
            && let Some(id) = actions.refocus.get_value()
        {
            actions.refocus.set_value(None);
            refocus(id, crate::components::modal::WAIT_FRAMES);
        }
    });
    view! {
        <section class="card" aria-labelledby="new-delivery">
            <h2 id="new-delivery">"New delivery"</h2>
            <p class="muted">"A delivery is a private package of photos — the finals, an album selection, a press kit — with its own download sizes, an optional last day and one link per recipient. It does not follow the gallery's switches or store mode, and it reaches nothing of the gallery outside the package."</p>
            {move || {
                made.get();
                package_form(None, PackageFields::new(), "Make delivery", move |form| {
                    actions.create.dispatch(CreateDelivery { gallery, form });
                })
            }}
            <ActionError value=actions.create.value()/>
        </section>
        <Transition fallback=|| view! { <p>"Loading deliveries…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(packages) if packages.is_empty() => view! {
                        <p class="muted">"No deliveries yet."</p>
                    }.into_any(),
                    Ok(packages) => packages.into_iter().map(|p| package_card(p, actions)).collect_view().into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
        <ActionError value=actions.delete.value()/>
        <ActionError value=actions.remove.value()/>
        <ActionError value=actions.arrange.value()/>
        <ActionError value=actions.revoke.value()/>
    }
}

/// Focuses the element `id` once it is in the page (a disabled arrow hands over to the photo's
/// Remove button, which is always there).
fn refocus(id: String, frames_left: u16) {
    use wasm_bindgen::JsCast;
    let found = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlButtonElement>().ok());
    match found {
        Some(button) if button.disabled() => {
            if let Some(image) = id.strip_prefix("move-").and_then(|rest| rest.split('-').next()) {
                refocus(format!("remove-{image}"), frames_left);
            }
        }
        Some(button) => {
            let _ = button.focus();
        }
        None if frames_left > 0 => request_animation_frame(move || refocus(id, frames_left - 1)),
        None => {}
    }
}

/// The name, sizes and last day of a package: empty for a new one, or `current`'s, with what is
/// typed in `fields` over them.
fn package_form(
    current: Option<&DeliverySetView>,
    fields: PackageFields,
    submit_label: &'static str,
    on_submit: impl Fn(DeliveryForm) + Copy + 'static,
) -> impl IntoView {
    // What the form shows: what is typed, else what is saved. (Plain closures over the saved
    // values, not signals: a form replaced by a redraw may still be woken once by a change of
    // the draft, and must then find nothing disposed.)
    let saved = std::sync::Arc::new(SavedPackage::of(current));
    let sizes = {
        let saved_sizes = saved.sizes;
        move || fields.sizes.get().unwrap_or(saved_sizes)
    };
    let name = {
        let saved = saved.clone();
        move || fields.name.get().unwrap_or_else(|| saved.name.clone())
    };
    let ends = {
        let saved = saved.clone();
        move || fields.ends.get().unwrap_or_else(|| saved.ends.clone())
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit(fields.form(&saved));
    };
    let size_box = move |size: DownloadSize| {
        let on = move || sizes().offers(size);
        view! {
            <label class="check">
                <input type="checkbox" prop:checked=on on:change=move |ev| {
                    let checked = event_target_checked(&ev);
                    let mut wanted = untrack(sizes);
                    match size {
                        DownloadSize::Original => wanted.original = checked,
                        DownloadSize::FourK => wanted.four_k = checked,
                        _ => wanted.hd = checked,
                    }
                    fields.sizes.set(Some(wanted));
                }/>
                {size.label()}
            </label>
        }
    };
    // Every package's form has the same visible words: the names say which package.
    let of = current.map(|p| format!(" of {}", p.name)).unwrap_or_default();
    view! {
        <form class="stack delivery-form" on:submit=submit>
            <label>"Name" <input type="text" name="name" placeholder="Finals" maxlength="80" required
                aria-label=format!("Name{of}")
                prop:value=name on:input=move |ev| fields.name.set(Some(event_target_value(&ev)))/></label>
            <fieldset aria-label=format!("Sizes{of}")>
                <legend>"Sizes"</legend>
                {size_box(DownloadSize::Original)}
                {size_box(DownloadSize::FourK)}
                {size_box(DownloadSize::Hd)}
            </fieldset>
            <label>"Last day (optional)" <input type="date" name="ends_on" aria-label=format!("Last day{of} (optional)")
                prop:value=ends on:change=move |ev| fields.ends.set(Some(event_target_value(&ev)))/></label>
            <button type="submit" aria-label=format!("{submit_label}{of}")>{submit_label}</button>
        </form>
    }
}

/// One package: what it is, its photos, its links.
fn package_card(package: DeliverySetView, actions: Actions) -> impl IntoView {
    let gallery = actions.gallery;
    let id = package.id;
    let name = package.name.clone();
    let photos = domain::words::photos(package.images.len() as u64);
    let sizes: Vec<String> = package.sizes.list().into_iter().map(DownloadSize::label).collect();
    let mut summary = vec![photos, sizes.join(", ")];
    if let Some(day) = package.last_day {
        let day = domain::dates::long_date(day);
        summary.push(if package.ended { format!("ended {day}") } else { format!("until {day}") });
    }
    summary.push(match package.files {
        0 => "nothing downloaded yet".to_owned(),
        1 => "1 file downloaded".to_owned(),
        n => format!("{n} files downloaded"),
    });
    let heading = format!("delivery-{id}");
    let labelled_by = heading.clone();
    let order: Vec<ImageId> = package.images.iter().map(|i| i.id).collect();
    let order = StoredValue::new(order);
    let shift = move |image: ImageId, by: isize| {
        let mut ids = order.get_value();
        let Some(at) = ids.iter().position(|i| *i == image) else { return };
        let to = at as isize + by;
        if to < 0 || to as usize >= ids.len() {
            return;
        }
        ids.swap(at, to as usize);
        // A second click before the list is drawn anew builds on this one.
        order.set_value(ids.clone());
        let direction = if by < 0 { "earlier" } else { "later" };
        actions.refocus.set_value(Some(format!("move-{}-{direction}", image.0.simple())));
        actions.arrange.dispatch(ArrangeDelivery { gallery, package: id, images: ids });
    };
    let last = package.images.len().saturating_sub(1);
    let delete_name = name.clone();
    let delete_label = format!("Delete delivery {name}");
    let draft = actions.drafts.of(id, PackageDraft::new);
    // Saved: the list is read again, and the form then shows what is saved (it stays open, with
    // the keyboard where it was).
    let save = move |form: DeliveryForm| {
        if draft.sending.get_untracked() {
            return;
        }
        draft.sending.set(true);
        leptos::task::spawn_local(async move {
            let result = update_delivery(gallery, id, form).await;
            draft.sending.try_set(false);
            if result.is_ok() {
                actions.sent.try_update(|n| *n += 1);
            }
            draft.saved.try_set(Some(result));
        });
    };
    view! {
        <section class="card delivery-card" aria-labelledby=labelled_by>
            <h2 id=heading>{name.clone()}</h2>
            <p class="muted">{summary.join(" · ")} " · " {opened(package.last_opened_at)}</p>
            <details prop:open=move || draft.open.get()
                on:toggle=move |ev| draft.open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                <summary>"Name, sizes and last day"</summary>
                {package_form(Some(&package), draft.fields, "Save", save)}
                {
                    let shown = SavedPackage::of(Some(&package));
                    move || (matches!(draft.saved.get(), Some(Ok(()))) && draft.fields.match_saved(&shown))
                        .then(|| view! { <p class="ok" role="status">"Saved."</p> })
                }
                <ActionError value=draft.saved/>
            </details>
            <h3>"Photos"</h3>
            {package.images.is_empty().then(|| view! {
                <p class="muted">"No photos yet. In the Photos tab, tick the photos to deliver and choose “Add to delivery”."</p>
            })}
            <ul class="delivery-strip">
                {package.images.iter().enumerate().map(|(n, image)| {
                    // After "Remove", the keyboard goes to the next photo's Remove (the previous
                    // one's for the last photo), not to whatever takes this one's place.
                    let neighbour = package
                        .images
                        .get(n + 1)
                        .or_else(|| n.checked_sub(1).and_then(|p| package.images.get(p)))
                        .map(|i| format!("remove-{}", i.id.0.simple()));
                    let (w, h) = image.tile_dims();
                    let image_id = image.id;
                    let file = image.file_name.clone();
                    let package_name = name.clone();
                    view! {
                        <li>
                            <img src=image.thumb_url.clone() width=w height=h alt=file.clone() loading="lazy"/>
                            <span class="file-name" title=file.clone()>{file.clone()}</span>
                            <div class="row">
                                <button type="button" class="secondary" disabled=n == 0 id=format!("move-{}-earlier", image_id.0.simple())
                                    aria-label=format!("Move {file} earlier") on:click=move |_| shift(image_id, -1)>"←"</button>
                                <button type="button" class="secondary" disabled=n == last id=format!("move-{}-later", image_id.0.simple())
                                    aria-label=format!("Move {file} later") on:click=move |_| shift(image_id, 1)>"→"</button>
                                <button type="button" class="secondary" id=format!("remove-{}", image_id.0.simple())
                                    aria-label=format!("Remove {file} from {package_name}") on:click=move |_| {
                                        actions.refocus.set_value(neighbour.clone());
                                        actions.remove.dispatch(RemoveFromDelivery { gallery, package: id, images: vec![image_id] });
                                    }>"Remove"</button>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h3>"Links"</h3>
            {link_form(actions, id, draft, name.clone())}
            {package.links.is_empty().then(|| view! {
                <p class="muted">"No links yet: make one for each person you deliver to."</p>
            })}
            <ul class="links">
                {package.links.into_iter().map(|link| link_row(link, actions)).collect_view()}
            </ul>
            <button type="button" class="secondary danger" aria-label=delete_label on:click=move |_| {
                let question = format!("Delete the delivery “{delete_name}”? Its links stop working at once. The photos stay in the gallery.");
                if confirm::ask(&question) {
                    actions.delete.dispatch(DeleteDelivery { gallery, package: id });
                }
            }>"Delete delivery"</button>
        </section>
    }
}

/// "last opened …" or "not opened yet".
fn opened(at: Option<DateTime<Utc>>) -> impl IntoView {
    match at {
        Some(at) => view! { "last opened " <When at=at with_year=true/> }.into_any(),
        None => "not opened yet".into_any(),
    }
}

/// Makes a link for one recipient of a package; once made, the form is empty for the next one.
fn link_form(actions: Actions, package: DeliverySetId, draft: PackageDraft, package_name: String) -> impl IntoView {
    let PackageDraft { recipient: label, expires, made, sending, .. } = draft;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let gallery = actions.gallery;
        let label_sent = label.get_untracked();
        let expires_on = NaiveDate::parse_from_str(&expires.get_untracked(), "%Y-%m-%d").ok();
        leptos::task::spawn_local(async move {
            let result = create_delivery_link(gallery, package, label_sent, expires_on).await.map(|_| ());
            sending.try_set(false);
            if result.is_ok() {
                label.try_set(String::new());
                expires.try_set(String::new());
                actions.sent.try_update(|n| *n += 1);
            }
            made.try_set(Some(result));
        });
    };
    view! {
        <form class="inline-form delivery-link-form" on:submit=submit aria-label=format!("New link to {package_name}")>
            <label>"Recipient" <input type="text" name="label" placeholder="Anna & Tom" maxlength="80"
                aria-label=format!("Recipient of a link to {package_name}")
                prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev))/></label>
            <label>"Link's last day (optional)" <input type="date" name="expires_on"
                aria-label=format!("Link's last day (optional), {package_name}")
                prop:value=move || expires.get() on:change=move |ev| expires.set(event_target_value(&ev))/></label>
            <button type="submit" aria-label=format!("Make link to {package_name}")>"Make link"</button>
        </form>
        <ActionError value=made/>
    }
}

fn link_row(link: DeliveryLinkView, actions: Actions) -> impl IntoView {
    let expiry = link.last_day.map(|day| {
        let day = domain::dates::long_date(day);
        if link.expired { format!("Expired {day}") } else { format!("Until {day}") }
    });
    let files = match link.files {
        0 => "nothing downloaded".to_owned(),
        1 => "1 file downloaded".to_owned(),
        n => format!("{n} files downloaded"),
    };
    let path = link.path.clone();
    let id = link.id;
    let label = link.label.clone();
    let copied = RwSignal::new(false);
    view! {
        <li class="link-row">
            <div>
                <strong>{link.label.clone()}</strong>
                {expiry.map(|e| view! { " · " <span class="muted">{e}</span> })}
                " · " <span class="muted">{opened(link.last_opened_at)}</span>
                " · " <span class="muted">{files}</span>
            </div>
            <input class="link-url" type="text" readonly value=path.clone() aria-label=format!("Delivery link for {}", link.label)
                on:focus=move |ev| clipboard::show_full_address(&ev)/>
            <div class="link-tools">
                <button type="button" class="secondary" aria-label={
                    let label = link.label.clone();
                    move || if copied.get() { format!("Copied {label}’s delivery link") } else { format!("Copy {label}’s delivery link") }
                } on:click={
                    let path = path.clone();
                    move |_| {
                        clipboard::copy(&with_origin(&path), move |done| copied.set(done));
                    }
                }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
                <button type="button" class="secondary" aria-label=format!("Email {}’s delivery link", link.label) on:click={
                    let path = path.clone();
                    move |_| clipboard::email("Your photos are ready", &format!("Your photos are ready to download:\n\n{}\n", with_origin(&path)))
                }>"Email"</button>
                <button type="button" class="secondary" aria-label=format!("Revoke {}’s delivery link", link.label) on:click=move |_| {
                    if confirm::ask(&format!("Revoke the delivery link for {label}? It stops working at once.")) {
                        actions.revoke.dispatch(RevokeDeliveryLink { gallery: actions.gallery, link: id });
                    }
                }>"Revoke"</button>
            </div>
        </li>
    }
}
