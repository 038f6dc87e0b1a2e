//! Compare: the tray of photos a visitor picked, and the side-by-side view (stacked on a phone)
//! where zoom and pan stay in step on both sides — mouse wheel, pinch with two fingers, drag
//! with one. Both panes have the same size, so one transform applied to both keeps the same
//! part of each photo in view.

use super::modal::{WAIT_FRAMES, focus_id_when_shown};
use super::on_demand::on_demand;
use super::proofing::Proofing;
use super::selects::StarButton;
use domain::card::ImageCard;
use domain::policy::Action;
use domain::rendition::RenditionSize;
use leptos::prelude::*;

/// How far in a photo can be zoomed.
const MAX_ZOOM: f64 = 8.0;

/// The tray: the picked photos, two chosen to compare. Hidden when compare is not offered.
#[component]
pub fn CompareTray(proofing: Proofing) -> impl IntoView {
    let chosen = RwSignal::new(Vec::<domain::ids::ImageId>::new());
    move || {
        let tray = proofing.tray.get();
        // A photo taken out of the tray elsewhere (its tile's toggle, or pushed out by a newer
        // one) is no longer one of the two chosen.
        chosen.update(|c| c.retain(|id| tray.iter().any(|card| card.id == *id)));
        if tray.is_empty() || !proofing.offers(Action::Compare) {
            return None;
        }
        let picked = move |id| chosen.with(|c: &Vec<_>| c.contains(&id));
        let ready = move || chosen.with(|c| c.len() == 2);
        Some(view! {
            <aside class="compare-tray" aria-label="Compare tray">
                <p class="muted">"Pick two to compare"</p>
                <ul class="plain tray-items">
                    {tray.into_iter().map(|card| {
                        let id = card.id;
                        let remove = card.clone();
                        view! {
                            <li>
                                <button type="button" class="tray-item" aria-pressed=move || picked(id).to_string()
                                    aria-label=format!("Choose {}", card.file_name)
                                    on:click=move |_| {
                                        chosen.update(|c| {
                                            if let Some(at) = c.iter().position(|x| *x == id) { c.remove(at); }
                                            else { if c.len() == 2 { c.remove(0); } c.push(id); }
                                        });
                                        // The second one chosen opens the side-by-side view;
                                        // "Compare" opens it again once closed.
                                        if let [a, b] = chosen.get_untracked()[..] && picked(id) { proofing.compare(a, b); }
                                    }>
                                    <img src=card.rendition_url(RenditionSize::Grid480) alt=card.file_name.clone() width="64" height="64"/>
                                </button>
                                <button type="button" class="link small" aria-label=format!("Take {} out", remove.file_name)
                                    on:click=move |_| { chosen.update(|c| c.retain(|x| *x != remove.id)); proofing.toggle_tray(&remove); }>"✕"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <button type="button" disabled=move || !ready() on:click=move |_| {
                    let pair = chosen.get_untracked();
                    if let [a, b] = pair[..] { proofing.compare(a, b); }
                }>"Compare"</button>
            </aside>
        })
    }
}

/// The "Compare" toggle of one photo.
#[component]
pub fn CompareToggle(proofing: Proofing, card: ImageCard) -> impl IntoView {
    if !proofing.offers(Action::Compare) {
        return None;
    }
    let id = card.id;
    let name = card.file_name.clone();
    let card = StoredValue::new(card);
    let in_tray = move || proofing.tray.with(|t| t.iter().any(|c| c.id == id));
    Some(view! {
        <button type="button" class="secondary compare-toggle" aria-pressed=move || in_tray().to_string()
            aria-label=format!("Compare {name}")
            on:click=move |ev| { ev.prevent_default(); ev.stop_propagation(); card.with_value(|c| proofing.toggle_tray(c)); }>
            // Its name stays "Compare …" (`aria-pressed` says whether it is in the tray); the tick
            // shows it to the eye, on a phone too, where the words give way to an icon.
            {move || if in_tray() { "✓ Compare" } else { "Compare" }}
        </button>
    })
}

/// Zoom and pan shared by both panes: scale, then offset in px.
#[derive(Clone, Copy, Debug, PartialEq)]
struct View {
    scale: f64,
    x: f64,
    y: f64,
}

impl View {
    const HOME: View = View { scale: 1.0, x: 0.0, y: 0.0 };

    /// Zooms by `factor` about the point (`cx`, `cy`) of the pane, so that point stays put.
    fn zoom_about(self, factor: f64, cx: f64, cy: f64) -> View {
        let scale = (self.scale * factor).clamp(1.0, MAX_ZOOM);
        let k = scale / self.scale;
        if scale == 1.0 {
            return View::HOME;
        }
        View { scale, x: cx - (cx - self.x) * k, y: cy - (cy - self.y) * k }
    }

    fn css(self) -> String {
        format!("transform: translate({:.2}px, {:.2}px) scale({:.4})", self.x, self.y, self.scale)
    }
}

/// The width and height of a pane (both panes have the same size).
fn pane_size() -> (f64, f64) {
    document()
        .query_selector(".compare-pane")
        .ok()
        .flatten()
        .map(|pane| {
            let rect = pane.get_bounding_client_rect();
            (rect.width(), rect.height())
        })
        .unwrap_or_default()
}

/// The side-by-side view, while two photos are being compared. Its code is a chunk of its own,
/// fetched the first time a visitor compares (most never do).
#[component]
pub fn CompareView(proofing: Proofing) -> impl IntoView {
    // Open or closed, not which pair: swapping sides keeps the zoom.
    let open = Memo::new(move |_| proofing.comparing.with(Option::is_some));
    move || open.get().then(|| on_demand(compare_dialog(proofing)))
}

#[lazy]
fn compare_dialog(proofing: Proofing) -> AnyView {
    let view_state = RwSignal::new(View::HOME);
    // Pointers down on either pane: id and last position (two make a pinch).
    let pointers = StoredValue::new(Vec::<(i32, f64, f64)>::new());
    let replace_side = RwSignal::new(None::<usize>);
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let (cx, cy) = local_point(&ev, ev.client_x() as f64, ev.client_y() as f64);
        view_state.update(|v| *v = v.zoom_about(wheel_factor(&ev), cx, cy));
    };
    // Past 150 % the panes swap their screen-sized image for the largest the visitor may see
    // (4K where allowed), once: zooming is for detail, and a phone need not fetch 4K to compare.
    let sharp = RwSignal::new(false);
    Effect::new(move |_| {
        if view_state.with(|v| v.scale > 1.5) {
            sharp.set(true);
        }
    });
    // While a finger or the mouse drags, the photo follows at once; wheel and buttons ease.
    let panning = RwSignal::new(false);
    let on_down = move |ev: web_sys::PointerEvent| {
        // The star under a photo is a button, not a place to drag from.
        let on_button = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|e| e.closest("button").ok().flatten())
            .is_some();
        if on_button {
            return;
        }
        if let Some(target) =
            ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        let (x, y) = local_point(&ev, ev.client_x() as f64, ev.client_y() as f64);
        pointers.update_value(|p| p.push((ev.pointer_id(), x, y)));
        panning.set(true);
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let (x, y) = local_point(&ev, ev.client_x() as f64, ev.client_y() as f64);
        let id = ev.pointer_id();
        let before = pointers.get_value();
        let Some(at) = before.iter().position(|p| p.0 == id) else { return };
        let (_, px, py) = before[at];
        match before.len() {
            1 => view_state.update(|v| {
                if v.scale > 1.0 {
                    v.x += x - px;
                    v.y += y - py;
                }
            }),
            2 => {
                let other = before[1 - at];
                let (d0, d1) = (dist((px, py), (other.1, other.2)), dist((x, y), (other.1, other.2)));
                if d0 > 0.0 {
                    let (cx, cy) = ((x + other.1) / 2.0, (y + other.2) / 2.0);
                    view_state.update(|v| *v = v.zoom_about(d1 / d0, cx, cy));
                }
            }
            _ => {}
        }
        pointers.update_value(|p| p[at] = (id, x, y));
    };
    // A modal view: focus moves in, Tab stays inside, Escape closes, focus goes back.
    let frame = NodeRef::<leptos::html::Div>::new();
    let modal_keys = super::modal::modal(frame, move || proofing.comparing.set(None));
    // Zooming without a wheel or a pinch (the keyboard, a switch, a mouse with no wheel): the
    // buttons and the + and − keys zoom one step about the middle of the panes.
    let zoom_step = move |factor: f64| {
        let (w, h) = pane_size();
        view_state.update(|v| *v = v.zoom_about(factor, w / 2.0, h / 2.0));
    };
    // Zoomed in, the arrow keys move both photos together (a tenth of a pane a press): the
    // keyboard's drag.
    let pan_step = move |dx: f64, dy: f64| {
        let (w, h) = pane_size();
        view_state.update(|v| {
            if v.scale > 1.0 {
                v.x += dx * w / 10.0;
                v.y += dy * h / 10.0;
            }
        });
    };
    let keys = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        // Escape closes the choice of a replacement first, then the view.
        "Escape" if replace_side.get_untracked().is_some() => {
            ev.prevent_default();
            if let Some(side) = replace_side.get_untracked() {
                replace_side.set(None);
                focus_id_when_shown(format!("replace-{side}"), WAIT_FRAMES);
            }
        }
        "+" | "=" => zoom_step(ZOOM_STEP),
        "-" | "_" => zoom_step(1.0 / ZOOM_STEP),
        "ArrowLeft" if view_state.get_untracked().scale > 1.0 => pan_step(1.0, 0.0),
        "ArrowRight" if view_state.get_untracked().scale > 1.0 => pan_step(-1.0, 0.0),
        "ArrowUp" if view_state.get_untracked().scale > 1.0 => pan_step(0.0, 1.0),
        "ArrowDown" if view_state.get_untracked().scale > 1.0 => pan_step(0.0, -1.0),
        _ => modal_keys(ev),
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        pointers.update_value(|p| p.retain(|q| q.0 != ev.pointer_id()));
        panning.set(pointers.with_value(|p| !p.is_empty()));
    };
    // The dialog is made once per opening, its focus trap with it (made anew at each swap or
    // replace, it would hand the focus back to the page behind); the pair inside it changes.
    let open = Memo::new(move |_| proofing.comparing.with(Option::is_some));
    let pair = move || {
        let [left, right] = proofing.comparing.get()?;
        let (left_id, right_id) = (left.id, right.id);
        let pane = move |card: ImageCard, side: usize| {
            let (w, h) = RenditionSize::Hd.dims(card.width, card.height);
            let previews = proofing.large_previews(&card);
            let (fit, fit_set, largest) =
                (card.large_src(&previews), card.large_srcset(&previews), card.largest_url(&previews));
            let star = proofing
                .offers(Action::Select { image: proofing.facts(&card) })
                .then(|| view! { <StarButton proofing image=card.id name=card.file_name.clone()/> });
            view! {
                <div class="compare-pane" data-side=side class:panning=move || panning.get()
                    on:wheel=on_wheel on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointercancel=on_up>
                    <div class="compare-zoom" data-testid="compare-zoom" style=move || view_state.get().css()>
                        <img src=move || if sharp.get() { largest.clone() } else { fit.clone() }
                            srcset=move || (!sharp.get()).then(|| fit_set.clone())
                            sizes="(max-width: 700px) 100vw, 50vw"
                            width=w height=h alt=card.file_name.clone() draggable="false"/>
                    </div>
                    <p class="compare-name">{star} <span class="file-name">{card.file_name.clone()}</span> " "
                        // Beside its photo, so it names the right one whether the panes stand
                        // side by side or stacked (a phone).
                        <button type="button" class="link small" id=format!("replace-{side}")
                            aria-label=format!("Replace {}", card.file_name)
                            aria-expanded=move || (replace_side.get() == Some(side)).to_string()
                            aria-controls=move || (replace_side.get() == Some(side)).then_some("replace-picker")
                            on:click=move |_| {
                                // Pressed again, it closes its choice.
                                if replace_side.get_untracked() == Some(side) {
                                    replace_side.set(None);
                                    return;
                                }
                                replace_side.set(Some(side));
                                let more = proofing.tray.with_untracked(|t| t.iter().any(|c| c.id != left_id && c.id != right_id));
                                let first = if more { "replace-pick-0" } else { "replace-pick-cancel" };
                                // On the next frame: the choice of the other side, if open, is
                                // drawn anew first.
                                request_animation_frame(move || focus_id_when_shown(first.to_owned(), WAIT_FRAMES));
                            }>"Replace"</button>
                    </p>
                </div>
            }
        };
        let tray = proofing.tray.get();
        Some(view! {
                {move || replace_side.get().map(|side| {
                    // The photos on show are not offered: one photo on both sides compares nothing.
                    let others: Vec<ImageCard> =
                        tray.iter().filter(|c| c.id != left_id && c.id != right_id).cloned().collect();
                    let done = move || {
                        replace_side.set(None);
                        focus_id_when_shown(format!("replace-{side}"), WAIT_FRAMES);
                    };
                    view! {
                        <div class="replace-picker" id="replace-picker" role="group" aria-label="Replace with">
                            {others.is_empty().then(|| view! {
                                <p class="muted">"Add more photos to the compare tray to choose another one here."</p>
                            })}
                            <ul class="plain tray-items">
                                {others.into_iter().enumerate().map(|(n, card)| {
                                    let pick = card.id;
                                    view! { <li><button type="button" class="tray-item" id=format!("replace-pick-{n}")
                                        aria-label=format!("Use {}", card.file_name)
                                        on:click=move |_| {
                                            // Asked of the server like the first pair (compare may
                                            // have been turned off meanwhile).
                                            let pair = if side == 0 { (pick, right_id) } else { (left_id, pick) };
                                            // The focus stays in the dialog while the server
                                            // answers: on the button, then on the new one.
                                            done();
                                            proofing.replace_pair(pair.0, pair.1, move || {
                                                focus_id_when_shown(format!("replace-{side}"), WAIT_FRAMES);
                                            });
                                        }>
                                        <img src=card.rendition_url(RenditionSize::Grid480) alt=card.file_name.clone() width="64" height="64"/>
                                    </button></li> }
                                }).collect_view()}
                            </ul>
                            <button type="button" class="secondary" id="replace-pick-cancel" on:click=move |_| done()>"Cancel"</button>
                        </div>
                    }
                })}
                <div class="compare-panes">{pane(left, 0)}{pane(right, 1)}</div>
        })
    };
    (move || {
        open.get().then(|| {
            view! {
            <div class="compare-view" role="dialog" aria-modal="true" aria-label="Compare photos" tabindex="-1"
                node_ref=frame on:keydown=keys.clone()>
                <div class="compare-bar">
                    <button type="button" class="secondary" on:click=move |_| {
                        proofing.comparing.update(|p| if let Some([a, b]) = p.take() { *p = Some([b, a]); });
                    }>"Swap sides"</button>
                    <button type="button" class="secondary" on:click=move |_| view_state.set(View::HOME)>"Fit"</button>
                    // `aria-disabled`, not `disabled`: a focused button that disabled itself at the
                    // end of its range would drop the focus out of the dialog.
                    <button type="button" class="icon" aria-label="Zoom out" aria-keyshortcuts="-"
                        aria-disabled=move || view_state.with(|v| v.scale <= 1.0).to_string()
                        on:click=move |_| zoom_step(1.0 / ZOOM_STEP)>"−"</button>
                    <span class="muted zoom-level" aria-live="polite">{move || format!("{:.0}%", view_state.get().scale * 100.0)}</span>
                    <button type="button" class="icon" aria-label="Zoom in" aria-keyshortcuts="+"
                        aria-disabled=move || view_state.with(|v| v.scale >= MAX_ZOOM).to_string()
                        on:click=move |_| zoom_step(ZOOM_STEP)>"+"</button>
                    // Moving both photos without dragging them (a mouse with one button held is
                    // not every hand's), as the arrow keys do; only zoomed in (`aria-disabled`,
                    // as the zoom buttons, so the focus stays on them at 100 %).
                    <span class="pan-buttons" role="group" aria-label="Move both photos">
                        {[("Show more to the left", "ArrowLeft", "←", 1.0, 0.0), ("Show more above", "ArrowUp", "↑", 0.0, 1.0),
                          ("Show more below", "ArrowDown", "↓", 0.0, -1.0), ("Show more to the right", "ArrowRight", "→", -1.0, 0.0)]
                            .into_iter()
                            .map(|(label, key, arrow, dx, dy)| view! {
                                <button type="button" class="icon" aria-label=label aria-keyshortcuts=key
                                    aria-disabled=move || view_state.with(|v| v.scale <= 1.0).to_string()
                                    on:click=move |_| pan_step(dx, dy)>{arrow}</button>
                            })
                            .collect_view()}
                    </span>
                    <button type="button" class="icon" aria-label="Close compare" on:click=move |_| proofing.comparing.set(None)>"✕"</button>
                </div>
                {pair}
            </div>
            }
        })
    })
    .into_any()
}

/// One step of the zoom buttons and keys.
const ZOOM_STEP: f64 = 1.5;

/// The event's point relative to the pane it happened on.
fn local_point(ev: &web_sys::Event, client_x: f64, client_y: f64) -> (f64, f64) {
    use wasm_bindgen::JsCast;
    let Some(pane) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return (client_x, client_y);
    };
    let rect = pane.get_bounding_client_rect();
    (client_x - rect.left(), client_y - rect.top())
}

/// How much one wheel event zooms: in proportion to how far it scrolled (a trackpad's small
/// steps stay small), whatever the unit the browser counts in, and at most about 20 % per event,
/// so a mouse wheel's notch is one even step (six notches: about 300 %, not 600 %).
fn wheel_factor(ev: &web_sys::WheelEvent) -> f64 {
    let pixels = match ev.delta_mode() {
        web_sys::WheelEvent::DOM_DELTA_LINE => ev.delta_y() * 16.0,
        web_sys::WheelEvent::DOM_DELTA_PAGE => ev.delta_y() * 400.0,
        _ => ev.delta_y(),
    };
    (-pixels.clamp(-100.0, 100.0) * 0.0018).exp()
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let v = View::HOME.zoom_about(2.0, 100.0, 50.0);
        assert_eq!(v.scale, 2.0);
        // The pane point (100, 50) maps to itself: x' = x*scale + tx.
        assert!((100.0 * v.scale + v.x - 100.0).abs() < 1e-9 && (50.0 * v.scale + v.y - 50.0).abs() < 1e-9);
        assert_eq!(v.zoom_about(0.1, 0.0, 0.0), View::HOME, "zooming out stops at fit");
        assert_eq!(View::HOME.zoom_about(100.0, 0.0, 0.0).scale, MAX_ZOOM);
    }
}
