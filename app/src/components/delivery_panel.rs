//! The editor's Delivery tab: private packages of the gallery's photos, each with its own sizes,
//! last day and one link per recipient. Photos are added from the Photos tab (tick them, then
//! "Add to delivery"); here they are put in order or taken out, links are made, copied, emailed
//! and revoked, and each package shows when it was last opened and how much was downloaded.

use crate::api::delivery::{
    ArrangeDelivery, CreateDelivery, CreateDeliveryLink, DeleteDelivery, RemoveFromDelivery, RevokeDeliveryLink,
    UpdateDelivery, delivery_sets,
};
use crate::components::clipboard::{self, with_origin};
use crate::components::confirm;
use crate::components::error_note::ActionError;
use chrono::{DateTime, NaiveDate, Utc};
use domain::delivery::{DeliveryForm, DeliveryLinkView, DeliverySetView};
use domain::ids::{GalleryId, ImageId};
use domain::policy::{DownloadSize, OfferedSizes};
use leptos::prelude::*;

/// Every server action of the tab; any of them finishing reloads the list.
#[derive(Clone, Copy)]
struct Actions {
    gallery: GalleryId,
    create: ServerAction<CreateDelivery>,
    update: ServerAction<UpdateDelivery>,
    delete: ServerAction<DeleteDelivery>,
    remove: ServerAction<RemoveFromDelivery>,
    arrange: ServerAction<ArrangeDelivery>,
    make_link: ServerAction<CreateDeliveryLink>,
    revoke: ServerAction<RevokeDeliveryLink>,
    /// The control to focus again once the list is drawn anew (its id): a keyboard user moving a
    /// photo keeps their place.
    refocus: StoredValue<Option<String>>,
}

impl Actions {
    fn version(&self) -> usize {
        self.create.version().get()
            + self.update.version().get()
            + self.delete.version().get()
            + self.remove.version().get()
            + self.arrange.version().get()
            + self.make_link.version().get()
            + self.revoke.version().get()
    }
}

/// The Delivery tab of `gallery`.
#[component]
pub fn DeliveryPanel(gallery: GalleryId) -> impl IntoView {
    let actions = Actions {
        gallery,
        create: ServerAction::new(),
        update: ServerAction::new(),
        delete: ServerAction::new(),
        remove: ServerAction::new(),
        arrange: ServerAction::new(),
        make_link: ServerAction::new(),
        revoke: ServerAction::new(),
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
                package_form(None, "Make delivery", move |form| {
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
        <ActionError value=actions.update.value()/>
        <ActionError value=actions.delete.value()/>
        <ActionError value=actions.remove.value()/>
        <ActionError value=actions.arrange.value()/>
        <ActionError value=actions.make_link.value()/>
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

/// The last day a stored end stands for (ends are kept as the first moment after it).
fn last_day(end: DateTime<Utc>) -> NaiveDate {
    (end - chrono::Duration::seconds(1)).date_naive()
}

/// The name, sizes and last day of a package: empty for a new one, or `current`'s.
fn package_form(
    current: Option<&DeliverySetView>,
    submit_label: &'static str,
    on_submit: impl Fn(DeliveryForm) + Copy + 'static,
) -> impl IntoView {
    let name = RwSignal::new(current.map(|p| p.name.clone()).unwrap_or_default());
    let sizes = RwSignal::new(current.map_or(OfferedSizes::default(), |p| p.sizes));
    let ends = RwSignal::new(current.and_then(|p| p.ends_at).map(|at| last_day(at).to_string()).unwrap_or_default());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit(DeliveryForm {
            name: name.get_untracked(),
            sizes: sizes.get_untracked(),
            ends_on: NaiveDate::parse_from_str(&ends.get_untracked(), "%Y-%m-%d").ok(),
        });
    };
    let size_box = move |size: DownloadSize| {
        let on = move || sizes.with(|s| s.offers(size));
        view! {
            <label class="check">
                <input type="checkbox" prop:checked=on on:change=move |ev| {
                    let checked = event_target_checked(&ev);
                    sizes.update(|s| match size {
                        DownloadSize::Original => s.original = checked,
                        DownloadSize::FourK => s.four_k = checked,
                        _ => s.hd = checked,
                    });
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
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <fieldset aria-label=format!("Sizes{of}")>
                <legend>"Sizes"</legend>
                {size_box(DownloadSize::Original)}
                {size_box(DownloadSize::FourK)}
                {size_box(DownloadSize::Hd)}
            </fieldset>
            <label>"Last day (optional)" <input type="date" name="ends_on" aria-label=format!("Last day{of} (optional)")
                prop:value=move || ends.get() on:change=move |ev| ends.set(event_target_value(&ev))/></label>
            <button type="submit" aria-label=format!("{submit_label}{of}")>{submit_label}</button>
        </form>
    }
}

/// One package: what it is, its photos, its links.
fn package_card(package: DeliverySetView, actions: Actions) -> impl IntoView {
    let gallery = actions.gallery;
    let id = package.id;
    let name = package.name.clone();
    let photos = match package.images.len() {
        1 => "1 photo".to_owned(),
        n => format!("{n} photos"),
    };
    let sizes: Vec<String> = package.sizes.list().into_iter().map(DownloadSize::label).collect();
    let mut summary = vec![photos, sizes.join(", ")];
    if let Some(end) = package.ends_at {
        let day = domain::dates::long_date(last_day(end));
        summary.push(if package.ended { format!("ended {day}") } else { format!("until {day}") });
    }
    summary.push(match package.files {
        0 => "nothing downloaded yet".to_owned(),
        1 => "1 file downloaded".to_owned(),
        n => format!("{n} files downloaded"),
    });
    summary.push(opened(package.last_opened_at));
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
    view! {
        <section class="card delivery-card" aria-labelledby=labelled_by>
            <h2 id=heading>{name.clone()}</h2>
            <p class="muted">{summary.join(" · ")}</p>
            <details>
                <summary>"Name, sizes and last day"</summary>
                {package_form(Some(&package), "Save", move |form| {
                    actions.update.dispatch(UpdateDelivery { gallery, package: id, form });
                })}
            </details>
            <h3>"Photos"</h3>
            {package.images.is_empty().then(|| view! {
                <p class="muted">"No photos yet. In the Photos tab, tick the photos to deliver and choose “Add to delivery”."</p>
            })}
            <ul class="delivery-strip">
                {package.images.iter().enumerate().map(|(n, image)| {
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
                                        actions.remove.dispatch(RemoveFromDelivery { gallery, package: id, images: vec![image_id] });
                                    }>"Remove"</button>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h3>"Links"</h3>
            {link_form(actions, package.id, name.clone())}
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

/// "Last opened …" or "Not opened yet".
fn opened(at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(|| "not opened yet".to_owned(), |at| format!("last opened {}", at.format("%e %b %Y, %H:%M UTC")))
}

/// Makes a link for one recipient of a package.
fn link_form(actions: Actions, package: domain::ids::DeliverySetId, package_name: String) -> impl IntoView {
    let label = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.make_link.dispatch(CreateDeliveryLink {
            gallery: actions.gallery,
            package,
            label: label.get_untracked(),
            expires_on: NaiveDate::parse_from_str(&expires.get_untracked(), "%Y-%m-%d").ok(),
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
    }
}

fn link_row(link: DeliveryLinkView, actions: Actions) -> impl IntoView {
    let expiry = link.expires_at.map(|at| {
        let day = domain::dates::long_date(last_day(at));
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
                <button type="button" class="secondary" aria-label=format!("Copy {}’s delivery link", link.label) on:click={
                    let path = path.clone();
                    move |_| {
                        clipboard::copy(&with_origin(&path));
                        copied.set(true);
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
