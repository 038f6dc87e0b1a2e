//! The upload zone: drag-and-drop or a file picker, many files at once. Each file goes in its own
//! request (XHR, for upload progress), at most three at a time, so every file has its own
//! progress bar and outcome and one failure does not stop the others. The files of one drop go
//! in file-name order (IMG_2 before IMG_10) and, however their uploads finish, land in the
//! gallery in that order.

use crate::api::images::arrange_images;
use domain::ids::{GalleryId, ImageId};
use domain::photo_order::natural_cmp;
use leptos::ev;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::collections::VecDeque;

/// How many files travel at once.
const PARALLEL: usize = 3;

/// Where one file's upload stands.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Outcome {
    Waiting,
    Sending,
    Done,
    /// Not uploaded; sending it again may work (a lost connection, a refusal by the server).
    Failed(String),
    /// Not uploaded, and never sent: sending it cannot work (larger than the limit).
    Refused(String),
}

impl Outcome {
    fn settled(&self) -> bool {
        matches!(self, Self::Done | Self::Failed(_) | Self::Refused(_))
    }

    fn not_uploaded(&self) -> bool {
        matches!(self, Self::Failed(_) | Self::Refused(_))
    }
}

#[derive(Clone)]
struct Item {
    key: usize,
    name: String,
    size: f64,
    loaded: RwSignal<f64>,
    outcome: RwSignal<Outcome>,
    /// The photo made of it, once accepted.
    image: RwSignal<Option<ImageId>>,
    /// The drop or pick it came with.
    batch: usize,
}

/// Files waiting for a free upload slot.
type Queue = StoredValue<VecDeque<(Item, SendWrapper<web_sys::File>)>>;

/// Uploads into `gallery`; calls `on_uploaded` after each accepted file. `uploading` says whether
/// photos are waiting or on their way (the editor keeps the uploader in view while they are).
/// `max_bytes` is the most one file may be, as the server keeps it, once the page knows it.
#[component]
pub fn Uploader(
    gallery: GalleryId,
    on_uploaded: Callback<()>,
    uploading: RwSignal<bool>,
    max_bytes: Signal<Option<u64>>,
) -> impl IntoView {
    let items: RwSignal<Vec<Item>> = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        let busy = items.with(|all| all.iter().any(|i| matches!(i.outcome.get(), Outcome::Waiting | Outcome::Sending)));
        uploading.set(busy);
    });
    // Shared storage holding browser-only files, each wrapped: a local `StoredValue` made while
    // the server renders is dropped on whichever thread ends the render, which panics and cut the
    // editor's response off; an empty queue drops nothing.
    let queue: Queue = StoredValue::new(VecDeque::new());
    // Every file given, by its row's key, so a failed one (a dropped connection, a server that
    // was restarting) can be sent again without finding it in the file picker again.
    let kept: StoredValue<Vec<(usize, SendWrapper<web_sys::File>)>> = StoredValue::new(Vec::new());
    let in_flight = RwSignal::new(0usize);
    // A file larger than the limit is refused here, before any of its bytes travel (the server
    // refuses it too, with the same sentence). Said in the hint once the page is running: the
    // server renders the hint without it, and the browser must first hydrate the same words.
    let limit = RwSignal::new(None::<u64>);
    Effect::new(move |_| limit.set(max_bytes.get()));
    let dragging = RwSignal::new(false);

    // When the last file of a drop is settled, its photos are put in file order.
    let settled = Callback::new(move |batch: usize| {
        let (done, accepted) = items.with_untracked(|all| {
            let mine: Vec<&Item> = all.iter().filter(|i| i.batch == batch).collect();
            let done = mine.iter().all(|i| i.outcome.with_untracked(Outcome::settled));
            (done, mine.iter().filter_map(|i| i.image.get_untracked()).collect::<Vec<_>>())
        });
        if done && accepted.len() > 1 {
            leptos::task::spawn_local(async move {
                // (The editor may have been left while the order was being saved.)
                if arrange_images(gallery, accepted).await.is_ok() {
                    on_uploaded.try_run(());
                }
            });
        }
    });
    let pump = move || pump(gallery, queue, in_flight, on_uploaded, settled);
    let batches = StoredValue::new(0_usize);
    let add_files = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return };
        let mut files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        files.sort_by(|a, b| natural_cmp(&a.name(), &b.name()));
        let batch = batches.get_value() + 1;
        batches.set_value(batch);
        let start = items.with_untracked(Vec::len);
        let max_bytes = limit.get_untracked();
        for (index, file) in files.into_iter().enumerate() {
            let too_large = max_bytes.filter(|max| file.size() > *max as f64);
            let item = Item {
                key: start + index,
                name: file.name(),
                size: file.size(),
                loaded: RwSignal::new(0.0),
                outcome: RwSignal::new(match too_large {
                    Some(max) => Outcome::Refused(domain::uploads::too_large(max)),
                    None => Outcome::Waiting,
                }),
                image: RwSignal::new(None),
                batch,
            };
            items.update(|all| all.push(item.clone()));
            if too_large.is_some() {
                continue;
            }
            kept.update_value(|k| k.push((item.key, SendWrapper::new(file.clone()))));
            queue.update_value(|q| q.push_back((item, SendWrapper::new(file))));
        }
        pump();
    };
    // Sends failed files again (`None`: every failed one).
    let retry = Callback::new(move |only: Option<usize>| {
        let again: Vec<Item> = items.with_untracked(|all| {
            all.iter()
                .filter(|i| {
                    only.is_none_or(|key| key == i.key) && matches!(i.outcome.get_untracked(), Outcome::Failed(_))
                })
                .cloned()
                .collect()
        });
        for item in again {
            let Some(file) = kept.with_value(|k| k.iter().find(|(key, _)| *key == item.key).map(|(_, f)| f.clone()))
            else {
                continue;
            };
            item.loaded.set(0.0);
            item.outcome.set(Outcome::Waiting);
            queue.update_value(|q| q.push_back((item, file)));
        }
        pump();
    });
    let failed = move || items.with(|all| all.iter().filter(|i| matches!(i.outcome.get(), Outcome::Failed(_))).count());

    let total = move || {
        // A file refused before it was sent takes no part in the progress.
        let all: Vec<Item> =
            items.get().into_iter().filter(|i| !matches!(i.outcome.get(), Outcome::Refused(_))).collect();
        let size: f64 = all.iter().map(|i| i.size).sum();
        let done: f64 =
            all.iter().map(|i| if i.outcome.with(Outcome::settled) { i.size } else { i.loaded.get() }).sum();
        if size > 0.0 { done / size } else { 0.0 }
    };
    let summary = move || {
        let all = items.get();
        let ok = all.iter().filter(|i| i.outcome.get() == Outcome::Done).count();
        let failed = all.iter().filter(|i| i.outcome.with(Outcome::not_uploaded)).count();
        format!(
            "{ok} of {} uploaded{}",
            all.len(),
            if failed > 0 { format!(", {failed} refused") } else { String::new() }
        )
    };

    // Leaving the page (closing it, reloading, another address) while photos are still waiting
    // or on their way would drop them: the browser asks first.
    let busy = move || uploading.get_untracked();
    let leaving = window_event_listener(ev::beforeunload, move |ev: web_sys::BeforeUnloadEvent| {
        if busy() {
            ev.prevent_default();
            ev.set_return_value("Photos are still uploading.");
        }
    });
    on_cleanup(move || leaving.remove());
    // A link out of the editor (to the galleries, say) would drop the photos still waiting: it
    // asks first. Listened to before the router's own listener, which then sees the refusal.
    let link_out = leave_by_link(gallery, busy);
    on_cleanup(move || drop(link_out));

    view! {
            <div
                class="dropzone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(false);
                    add_files(ev.data_transfer().and_then(|d| d.files()));
                }
            >
                <p>"Drop photos here, or"</p>
                <label class="button">
                    "Choose photos"
                    <input
                        type="file"
                        multiple
                        accept="image/jpeg,image/png,image/tiff,image/webp,.jpg,.jpeg,.png,.tif,.tiff,.webp"
                        class="visually-hidden"
                        on:change=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            add_files(input.files());
                            input.set_value("");
                        }
                    />
                </label>
    <p class="muted">{move || match limit.get() {
                    Some(max) => domain::uploads::accepted(max),
                    None => "JPEG, PNG, TIFF or WebP.".to_owned(),
                }}</p>
            </div>
            <Show when=move || !items.get().is_empty()>
                <div class="upload-total">
                    <progress max="1" value=total aria-label="Total upload progress"></progress>
                    // Read out as each file ends ("12 of 40 uploaded, 1 refused"); the rows say nothing
                    // by themselves, or three uploads at once would read out every percent.
                    <span role="status">{summary}</span>
                    {move || (failed() > 0).then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| retry.run(None)>
                            {match failed() { 1 => "Try the refused file again".to_owned(), n => format!("Try the {n} refused files again") }}
                        </button>
                    })}
                </div>
                <ul class="upload-list">
                    <For each=move || items.get() key=|item| item.key let:item>
                        <UploadRow item retry/>
                    </For>
                </ul>
            </Show>
        }
}

#[component]
fn UploadRow(item: Item, retry: Callback<Option<usize>>) -> impl IntoView {
    let Item { key, name, size, loaded, outcome, .. } = item;
    let failed = move || matches!(outcome.get(), Outcome::Failed(_));
    let again = format!("Try {name} again");
    let status = move || match outcome.get() {
        Outcome::Waiting => "Waiting".to_owned(),
        Outcome::Sending => format!("{:.0} %", 100.0 * loaded.get() / size.max(1.0)),
        Outcome::Done => "Uploaded".to_owned(),
        Outcome::Failed(reason) | Outcome::Refused(reason) => reason,
    };
    view! {
        <li class="upload-row" data-outcome=move || match outcome.get() {
            Outcome::Waiting => "waiting", Outcome::Sending => "sending", Outcome::Done => "done", Outcome::Failed(_) | Outcome::Refused(_) => "failed",
        }>
            <span class="file-name">{name.clone()}</span>
            <progress max=size value=move || if outcome.get() == Outcome::Done { size } else { loaded.get() } aria-label=format!("Progress of {name}")></progress>
            <span class="upload-status">{status}</span>
            <Show when=failed>
                <button type="button" class="secondary small" aria-label=again.clone() on:click=move |_| retry.run(Some(key))>"Try again"</button>
            </Show>
        </li>
    }
}

/// Asks before a click on a link to a page other than this gallery's editor goes there while
/// `busy`; a "no" stops the click. Listens on the window in the capture phase, so before the
/// router, which leaves a click whose default is prevented alone. Stops listening when dropped.
fn leave_by_link(gallery: GalleryId, busy: impl Fn() -> bool + 'static) -> Option<SendWrapper<ClickGuard>> {
    use wasm_bindgen::JsCast;
    if !cfg!(target_arch = "wasm32") {
        return None; // Rendered on the server: no window, no clicks.
    }
    use wasm_bindgen::closure::Closure;
    let editor = format!("/studio/galleries/{gallery}");
    let listener = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !busy()
            || ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        let Some(href) = link.and_then(|a| a.get_attribute("href")) else { return };
        let stays = href.starts_with('#') || href == editor || href.starts_with(&format!("{editor}?"));
        if !stays
            && !crate::components::confirm::ask(
                "Photos are still uploading. Leave this page and stop the ones not sent yet?",
            )
        {
            ev.prevent_default();
        }
    });
    let window = web_sys::window()?;
    window.add_event_listener_with_callback_and_bool("click", listener.as_ref().unchecked_ref(), true).ok()?;
    Some(SendWrapper::new(ClickGuard { window, listener }))
}

/// A capture-phase click listener on the window, removed when dropped.
struct ClickGuard {
    window: web_sys::Window,
    listener: wasm_bindgen::closure::Closure<dyn Fn(web_sys::MouseEvent)>,
}

impl Drop for ClickGuard {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        let _ = self.window.remove_event_listener_with_callback_and_bool(
            "click",
            self.listener.as_ref().unchecked_ref(),
            true,
        );
    }
}

/// Starts queued uploads while fewer than `PARALLEL` are in flight.
fn pump(
    gallery: GalleryId,
    queue: Queue,
    in_flight: RwSignal<usize>,
    on_uploaded: Callback<()>,
    settled: Callback<usize>,
) {
    // Once the uploader is gone (the photographer left the editor and chose to stop), the files
    // already on their way still finish, and nothing is left to start or to tell.
    while in_flight.try_get_untracked().is_some_and(|n| n < PARALLEL) {
        let Some((item, file)) = queue.try_update_value(VecDeque::pop_front).flatten() else { break };
        in_flight.update(|n| *n += 1);
        item.outcome.set(Outcome::Sending);
        let finished = move |outcome: Outcome, body: String| {
            let accepted = outcome == Outcome::Done;
            if accepted {
                item.image.set(accepted_image(&body));
            }
            item.outcome.set(outcome);
            in_flight.update(|n| *n = n.saturating_sub(1));
            if accepted {
                on_uploaded.try_run(());
            }
            settled.try_run(item.batch);
            pump(gallery, queue, in_flight, on_uploaded, settled);
        };
        if let Err(reason) = send_file(&format!("/api/galleries/{gallery}/images"), &file, item.loaded, finished) {
            item.outcome.set(Outcome::Failed(reason));
            in_flight.update(|n| *n = n.saturating_sub(1));
            settled.try_run(item.batch);
        }
    }
}

/// The id of the photo an accepted upload made (`{"image": {"id": …}}`).
fn accepted_image(body: &str) -> Option<ImageId> {
    #[derive(serde::Deserialize)]
    struct Accepted {
        image: Made,
    }
    #[derive(serde::Deserialize)]
    struct Made {
        id: ImageId,
    }
    serde_json::from_str::<Accepted>(body).ok().map(|a| a.image.id)
}

/// Sends one file as the raw body of a POST to `url`, with XHR (fetch has no upload progress).
pub(crate) fn send_file(
    url: &str,
    file: &web_sys::File,
    loaded: RwSignal<f64>,
    finished: impl Fn(Outcome, String) + 'static,
) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let fail = |_| "The upload could not start. Reload the page and try again.".to_owned();
    let xhr = web_sys::XmlHttpRequest::new().map_err(fail)?;
    xhr.open("POST", url).map_err(fail)?;
    xhr.set_request_header("X-File-Name", &String::from(js_sys::encode_uri_component(&file.name()))).map_err(fail)?;
    let progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| loaded.set(ev.loaded()));
    xhr.upload().map_err(fail)?.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    let request = xhr.clone();
    let done = Closure::<dyn FnMut()>::new(move || {
        let status = request.status().unwrap_or(0);
        let body = request.response_text().ok().flatten().unwrap_or_default();
        let outcome = match status {
            200..=299 => Outcome::Done,
            0 => Outcome::Failed("The connection was lost. Check your network and upload this file again.".to_owned()),
            401 => Outcome::Failed("Your session ended. Sign in again, then upload this file again.".to_owned()),
            _ => Outcome::Failed(error_sentence(&body)),
        };
        finished(outcome, body);
    });
    xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
    // The closures must outlive this call; they are small and live as long as the page.
    progress.forget();
    done.forget();
    xhr.send_with_opt_blob(Some(file)).map_err(fail)
}

/// The `error` sentence of a JSON refusal, or a general one.
fn error_sentence(body: &str) -> String {
    #[derive(serde::Deserialize)]
    struct Refusal {
        error: String,
    }
    serde_json::from_str::<Refusal>(body)
        .map_or_else(|_| "The server refused this file. Try again.".to_owned(), |r| r.error)
}
