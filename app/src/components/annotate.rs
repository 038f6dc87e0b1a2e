//! Annotating a photo in the lightbox: the visitor's saved marks drawn over it, and — when the
//! policy allows — a toolbar to draw freehand lines, arrows, rectangles and note pins in a few
//! colours, undo, and save. Pointer events cover mouse, pen and touch alike; with the keyboard,
//! the photo takes the focus and a cursor moves with the arrow keys, Enter starting and ending a
//! mark (see [`on_key`]). The marks load in
//! the browser only (they are the visitor's own), so the server-rendered page never differs from
//! the hydrated one.

use super::marks::{line_width, marks_view, shape_view};
use super::modal::{WAIT_FRAMES, focus_id_when_shown};
use super::proofing::Proofing;
use crate::api::annotations::{image_annotations, save_annotations};
use domain::annotations::{AnnotationView, MarkColor, Point, Shape, validate_pin_text, validate_shapes};
use domain::card::ImageCard;
use domain::policy::Action;
use leptos::prelude::*;

/// The drawing tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tool {
    Pen,
    Arrow,
    Rect,
    Pin,
}

impl Tool {
    const ALL: [Tool; 4] = [Tool::Pen, Tool::Arrow, Tool::Rect, Tool::Pin];

    const fn label(self) -> &'static str {
        match self {
            Tool::Pen => "Draw",
            Tool::Arrow => "Arrow",
            Tool::Rect => "Box",
            Tool::Pin => "Note",
        }
    }

    /// The mark it draws, as a screen reader is told of it ("Line started…", "Arrow drawn.").
    const fn mark(self) -> &'static str {
        match self {
            Tool::Pen => "Line",
            other => other.label(),
        }
    }
}

/// The visitor's marks on a photo: shown over it, and edited while `editing` is on.
#[derive(Clone, Copy)]
pub struct Annotating {
    pub editing: RwSignal<bool>,
    shapes: RwSignal<Vec<Shape>>,
    saved: RwSignal<Vec<Shape>>,
    draft: RwSignal<Option<Shape>>,
    tool: RwSignal<Tool>,
    color: RwSignal<MarkColor>,
    note: RwSignal<String>,
    error: RwSignal<Option<String>>,
    status: RwSignal<Option<&'static str>>,
    /// What a keyboard step did, read out to a screen reader ("Arrow started at 50 %, 50 %").
    said: RwSignal<String>,
    /// Where the keyboard draws from, and whether the drawing surface has the focus (the cursor
    /// is shown only then).
    cursor: RwSignal<Point>,
    focused: RwSignal<bool>,
    /// The visitor's earlier marks are in: until then nothing may be drawn (the load would
    /// overwrite it), and a save would replace marks it never saw.
    loaded: RwSignal<bool>,
}

impl Annotating {
    /// Loads the visitor's marks on `card` (browser only).
    pub fn new(card: &ImageCard) -> Self {
        let this = Self {
            editing: RwSignal::new(false),
            shapes: RwSignal::new(Vec::new()),
            saved: RwSignal::new(Vec::new()),
            draft: RwSignal::new(None),
            tool: RwSignal::new(Tool::Arrow),
            color: RwSignal::new(MarkColor::Red),
            note: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            status: RwSignal::new(None),
            said: RwSignal::new(String::new()),
            cursor: RwSignal::new(Point { x: 0.5, y: 0.5 }),
            focused: RwSignal::new(false),
            loaded: RwSignal::new(false),
        };
        let id = card.id;
        Effect::new(move |_| {
            leptos::task::spawn_local(async move {
                match image_annotations(id).await {
                    Ok(list) => {
                        let own = own_shapes(&list);
                        this.saved.try_set(own.clone());
                        this.shapes.try_set(own);
                        this.loaded.try_set(true);
                    }
                    // Drawing on an empty sheet and saving would delete the marks not loaded.
                    Err(err) => {
                        this.error.try_set(Some(format!(
                            "Your earlier marks on this photo could not be loaded, so it cannot be annotated just now: {err} Close the photo and open it again."
                        )));
                    }
                }
            });
        });
        this
    }
}

impl Annotating {
    /// Whether marks were drawn (or removed) since the last save.
    pub fn unsaved(&self) -> bool {
        self.shapes.with(|now| self.saved.with(|saved| now != saved))
    }

    /// Leaves drawing, putting back the saved marks.
    pub fn cancel(&self) {
        self.shapes.set(self.saved.get_untracked());
        self.draft.set(None);
        self.editing.set(false);
        self.error.set(None);
    }
}

fn own_shapes(list: &[AnnotationView]) -> Vec<Shape> {
    list.iter().filter(|a| a.mine).flat_map(|a| a.shapes.clone()).collect()
}

/// Pins the note being typed at `at` (a tap on the photo, or Enter in the note field).
fn place_pin(annotating: Annotating, at: Point) {
    let color = annotating.color.get_untracked();
    match validate_pin_text(&annotating.note.get_untracked()) {
        Ok(text) => {
            annotating.shapes.update(|s| s.push(Shape::Pin { color, at, text }));
            annotating.note.set(String::new());
            annotating.error.set(None);
        }
        Err(refused) => annotating.error.set(Some(refused.message)),
    }
}

/// Ends the mark being drawn: kept unless it is too small to mean anything (a click without a
/// drag). Answers whether a mark was kept.
fn finish_draft(annotating: Annotating) -> bool {
    let Some(shape) = annotating.draft.get_untracked() else { return false };
    annotating.draft.set(None);
    let tiny = is_tiny(&shape);
    if !tiny {
        annotating.shapes.update(|s| s.push(shape));
    }
    !tiny
}

/// Whether `shape` is too small to mean anything.
fn is_tiny(shape: &Shape) -> bool {
    match shape {
        Shape::Stroke { points, .. } => points.len() < 2,
        Shape::Arrow { from, to, .. } | Shape::Rect { from, to, .. } => {
            (from.x - to.x).abs() + (from.y - to.y).abs() < 0.01
        }
        Shape::Pin { .. } => false,
    }
}

/// Whether the mark in progress is an arrow or a box still at its first point: a tap begins
/// it, to wait for the tap that ends it.
fn awaits_second_tap(annotating: Annotating) -> bool {
    annotating.draft.with_untracked(
        |draft| matches!(draft, Some(shape @ (Shape::Arrow { .. } | Shape::Rect { .. })) if is_tiny(shape)),
    )
}

/// Whether the mark in progress is an arrow or a box (one a tap began goes on to the next tap,
/// following a hovering pointer meanwhile).
fn open_line(annotating: Annotating) -> bool {
    annotating.draft.with_untracked(|draft| matches!(draft, Some(Shape::Arrow { .. } | Shape::Rect { .. })))
}

/// Draws the mark in progress on to `p`: a line gets a point, an arrow or a box its other end.
fn extend_draft(annotating: Annotating, p: Point) {
    annotating.draft.update(|draft| match draft {
        // Skip points closer than ~0.2% of the photo: smooth enough, far fewer points.
        Some(Shape::Stroke { points, .. })
            if points.last().is_none_or(|l| (l.x - p.x).abs() + (l.y - p.y).abs() > 0.002)
                && points.len() < domain::annotations::MAX_STROKE_POINTS =>
        {
            points.push(p);
        }
        Some(Shape::Arrow { to, .. } | Shape::Rect { to, .. }) => *to = p,
        _ => {}
    });
}

/// Starts a mark of the chosen tool at `p` (a pin is placed at once).
fn start_draft(annotating: Annotating, p: Point) {
    let color = annotating.color.get_untracked();
    match annotating.tool.get_untracked() {
        Tool::Pin => place_pin(annotating, p),
        Tool::Pen => annotating.draft.set(Some(Shape::Stroke { color, points: vec![p] })),
        Tool::Arrow => annotating.draft.set(Some(Shape::Arrow { color, from: p, to: p })),
        Tool::Rect => annotating.draft.set(Some(Shape::Rect { color, from: p, to: p })),
    }
}

/// Drawing without a pointer, on the focused photo: the arrow keys move the cursor (2 % of the
/// photo a step, 10 % with Shift) and draw the mark in progress along; Enter or Space starts a
/// mark, ends it, or pins the note; Escape drops the mark in progress (and only that: with none,
/// it goes on to the lightbox, which asks before leaving unsaved marks).
fn on_key(annotating: Annotating, ev: &web_sys::KeyboardEvent) {
    if !annotating.editing.get_untracked() || ev.is_composing() {
        return;
    }
    let step = if ev.shift_key() { 0.1 } else { 0.02 };
    let (dx, dy) = match ev.key().as_str() {
        "ArrowLeft" => (-step, 0.0),
        "ArrowRight" => (step, 0.0),
        "ArrowUp" => (0.0, -step),
        "ArrowDown" => (0.0, step),
        "Enter" | " " => {
            ev.prevent_default();
            ev.stop_propagation();
            let at = annotating.cursor.get_untracked();
            let tool = annotating.tool.get_untracked();
            if annotating.draft.with_untracked(Option::is_some) {
                end_keyboard_mark(annotating);
            } else {
                start_draft(annotating, at);
                let said = match tool {
                    Tool::Pin if annotating.error.with_untracked(Option::is_none) => {
                        format!("Note pinned at {}.", where_is(at))
                    }
                    Tool::Pin => String::new(),
                    _ => format!(
                        "{} started at {}. Move with the arrow keys, then press Enter to end it.",
                        tool.mark(),
                        where_is(at)
                    ),
                };
                say(annotating, said);
            }
            return;
        }
        "Escape" if annotating.draft.with_untracked(Option::is_some) => {
            ev.prevent_default();
            ev.stop_propagation();
            annotating.draft.set(None);
            say(annotating, "Mark dropped.".to_owned());
            return;
        }
        _ => return,
    };
    // The arrows are the cursor's here, not the lightbox's (next photo) nor the page's scroll.
    ev.prevent_default();
    ev.stop_propagation();
    let moved = annotating.cursor.get_untracked();
    let p = Point { x: (moved.x + dx).clamp(0.0, 1.0), y: (moved.y + dy).clamp(0.0, 1.0) };
    annotating.cursor.set(p);
    extend_draft(annotating, p);
    say(annotating, where_is(p));
}

/// Ends the keyboard's mark in progress, if any (Enter, or the focus leaving the photo: a mark
/// left open would be neither saved nor asked about), and says what became of it.
fn end_keyboard_mark(annotating: Annotating) {
    let Some(kind) = annotating.draft.with_untracked(|d| d.as_ref().map(kind_of)) else { return };
    let what = if finish_draft(annotating) { "drawn" } else { "too small, so not kept: move further before ending it" };
    say(annotating, format!("{kind} {what}."));
}

/// A mark's kind, as the tools name it.
fn kind_of(shape: &Shape) -> &'static str {
    match shape {
        Shape::Stroke { .. } => Tool::Pen.mark(),
        Shape::Arrow { .. } => Tool::Arrow.mark(),
        Shape::Rect { .. } => Tool::Rect.mark(),
        Shape::Pin { .. } => Tool::Pin.mark(),
    }
}

/// Reads `words` out through the toolbar's live region. The region is emptied first and filled a
/// frame later: the same words twice (a second arrow drawn, the edge of the photo reached again)
/// would otherwise change nothing in the page, and be read out once only.
fn say(annotating: Annotating, words: String) {
    annotating.said.set(String::new());
    request_animation_frame(move || {
        annotating.said.try_set(words);
    });
}

/// A point as a screen reader says it: across, then down, in per cent of the photo.
fn where_is(p: Point) -> String {
    format!("{:.0} % across, {:.0} % down", p.x * 100.0, p.y * 100.0)
}

/// The keyboard's cursor: a cross in white outlined in black, to be seen on any photo.
fn cursor_view(at: Point, w: f32, h: f32, line: f32) -> impl IntoView {
    let (x, y) = (at.x * w, at.y * h);
    let arm = line * 6.0;
    let path = format!("M{} {y}H{}M{x} {}V{}", x - arm, x + arm, y - arm, y + arm);
    view! {
        <g class="draw-cursor" aria-hidden="true">
            <path d=path.clone() stroke="#000" stroke-width=line * 2.2 stroke-linecap="round"/>
            <path d=path stroke="#fff" stroke-width=line stroke-linecap="round"/>
        </g>
    }
}

/// The SVG over the photo: saved marks, and the drawing surface while editing.
#[component]
pub fn MarksLayer(annotating: Annotating, card: ImageCard) -> impl IntoView {
    let (w, h) = (card.width.max(1), card.height.max(1));
    let start = StoredValue::new(None::<Point>);
    // The mark in progress was begun by a tap (see `on_up`); no longer once it is ended or
    // dropped any other way (Enter, Escape, Save, Cancel).
    let tapped = RwSignal::new(false);
    Effect::new(move |_| {
        if annotating.draft.with(Option::is_none) {
            tapped.set(false);
        }
    });
    let point_of = move |ev: &web_sys::PointerEvent| -> Option<Point> {
        use wasm_bindgen::JsCast;
        let svg = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
        let rect = svg.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return None;
        }
        let x = ((f64::from(ev.client_x()) - rect.left()) / rect.width()).clamp(0.0, 1.0) as f32;
        let y = ((f64::from(ev.client_y()) - rect.top()) / rect.height()).clamp(0.0, 1.0) as f32;
        Some(Point { x, y })
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        // A second finger (a pinch tried while drawing) draws nothing.
        if !annotating.editing.get_untracked() || !ev.is_primary() {
            return;
        }
        ev.prevent_default();
        ev.stop_propagation();
        let Some(p) = point_of(&ev) else { return };
        // An arrow or a box begun by a tap is ended by the next (drawing one without dragging,
        // for a hand or a pointer that cannot hold and move).
        if tapped.get_untracked() && open_line(annotating) {
            tapped.set(false);
            extend_draft(annotating, p);
            end_keyboard_mark(annotating);
            annotating.cursor.set(p);
            return;
        }
        tapped.set(false);
        // A mark the keyboard was drawing is ended as it is, not lost under the pointer's.
        finish_draft(annotating);
        if let Some(target) =
            ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        start_draft(annotating, p);
        // The keyboard goes on from where the pointer last drew.
        annotating.cursor.set(p);
        start.set_value(Some(p));
    };
    // A mark begun by a tap follows a hovering pointer to where the next tap will end it.
    let on_move = move |ev: web_sys::PointerEvent| {
        let following = tapped.get_untracked() && open_line(annotating);
        if (start.get_value().is_none() && !following) || !ev.is_primary() {
            return;
        }
        let Some(p) = point_of(&ev) else { return };
        extend_draft(annotating, p);
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        if !ev.is_primary() {
            return;
        }
        // A pointer lifted ends the pointer's mark, not one the keyboard is drawing; an arrow or
        // a box lifted where it began (a tap) waits for a second tap at its other end.
        if start.get_value().is_some() {
            start.set_value(None);
            if awaits_second_tap(annotating) {
                tapped.set(true);
                say(annotating, format!("{} started. Tap where it ends.", annotating.tool.get_untracked().mark()));
            } else {
                finish_draft(annotating);
            }
        }
    };
    // A gesture the browser took over (a pinch, a scroll) draws nothing, and ends none.
    let on_cancel = move |ev: web_sys::PointerEvent| {
        if ev.is_primary() && start.get_value().is_some() {
            start.set_value(None);
            tapped.set(false);
            annotating.draft.set(None);
        }
    };
    // The pointer leaving the photo leaves a tapped mark at its first point: going off to the
    // tools draws nothing (the focus leaving drops a mark that small).
    let on_leave = move |_: web_sys::PointerEvent| {
        if tapped.get_untracked() {
            annotating.draft.update(|draft| {
                if let Some(Shape::Arrow { from, to, .. } | Shape::Rect { from, to, .. }) = draft {
                    *to = *from;
                }
            });
        }
    };
    let line = line_width(w, h);
    view! {
        <svg
            class="marks"
            class:drawing=move || annotating.editing.get()
            viewBox=format!("0 0 {w} {h}")
            preserveAspectRatio="none"
            data-testid="marks"
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_cancel
            on:pointerleave=on_leave
            // Focusable while drawing, so a keyboard can draw too (`on_key`).
            tabindex=move || annotating.editing.get().then_some("0")
            role=move || annotating.editing.get().then_some("application")
            aria-label=move || annotating.editing.get().then_some("The photo, to draw on")
            aria-describedby=move || annotating.editing.get().then_some("annotate-keys")
            on:keydown=move |ev: web_sys::KeyboardEvent| on_key(annotating, &ev)
            // The cursor is the keyboard's: shown when the focus came by keyboard, not by a click.
            on:focus=move |ev: leptos::ev::FocusEvent| {
                use wasm_bindgen::JsCast;
                let by_keyboard = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_none_or(|e| e.matches(":focus-visible").unwrap_or(true));
                annotating.focused.set(by_keyboard);
            }
            on:blur=move |_| {
                // A photo taken from the page while focused may tell of it after its state went
                // (`try_set` hands the value back then).
                let alive = annotating.focused.try_set(false).is_none();
                if alive {
                    // A mark begun by a tap and stretched by a hovering pointer is not drawn by
                    // leaving (it is dropped); the keyboard's is ended as it is.
                    if tapped.get_untracked() {
                        tapped.set(false);
                        annotating.draft.set(None);
                    }
                    end_keyboard_mark(annotating);
                }
            }
            on:touchstart=move |ev: web_sys::TouchEvent| if annotating.editing.get_untracked() { ev.stop_propagation(); }
            on:touchend=move |ev: web_sys::TouchEvent| if annotating.editing.get_untracked() { ev.stop_propagation(); }
        >
            {move || marks_view(&annotating.shapes.get(), w, h)}
            {move || annotating.draft.get().map(|d| shape_view(&d, w as f32, h as f32, line, 0))}
            // Where a tapped arrow or box begins, until its other end is tapped.
            {move || annotating.draft.with(|d| match d {
                Some(Shape::Arrow { from, .. } | Shape::Rect { from, .. }) if tapped.get() => Some(*from),
                _ => None,
            }).map(|p| view! {
                <circle class="mark-start" cx=p.x * w as f32 cy=p.y * h as f32 r=line * 2.5 fill="none" stroke="#fff" stroke-width=line/>
            })}
            {move || (annotating.editing.get() && annotating.focused.get())
                .then(|| cursor_view(annotating.cursor.get(), w as f32, h as f32, line))}
        </svg>
    }
}

/// The toolbar (and the "Annotate" button that opens it).
#[component]
pub fn AnnotateTools(proofing: Proofing, annotating: Annotating, card: ImageCard) -> impl IntoView {
    if !proofing.offers(Action::Annotate { image: proofing.facts(&card) }) {
        return None;
    }
    let id = card.id;
    let save = move || {
        // A mark still being drawn is part of what the visitor sees, so it is saved too.
        finish_draft(annotating);
        let shapes = annotating.shapes.get_untracked();
        if let Err(refused) = validate_shapes(&shapes) {
            annotating.error.set(Some(refused.message));
            return;
        }
        proofing.call(
            move || save_annotations(id, shapes.clone()),
            move |list: Vec<AnnotationView>| {
                let own = own_shapes(&list);
                annotating.saved.set(own.clone());
                annotating.shapes.set(own);
                annotating.editing.set(false);
                annotating.error.set(None);
                annotating.status.set(Some("Saved"));
                proofing.prompts.announce("Your marks are saved.".to_owned());
            },
        );
    };
    // Each of Annotate, Save and Cancel gives way to the other set of controls, and takes the
    // focus with it: a keyboard user lands on the first tool when drawing starts, and back on
    // "Annotate" when it ends (by Save, Cancel or Escape), inside the lightbox either way. A save
    // answered after the visitor moved on (to the comments, say) leaves their focus where it is.
    Effect::watch(
        move || annotating.editing.get(),
        |editing, _, _| {
            let lost = document().active_element().is_none_or(|e| e.tag_name() == "BODY");
            if *editing {
                focus_id_when_shown("annotate-first-tool".to_owned(), WAIT_FRAMES);
            } else if lost {
                focus_id_when_shown("annotate-start".to_owned(), WAIT_FRAMES);
            }
        },
        false,
    );
    Some(view! {
        {move || (!annotating.editing.get()).then(|| view! {
            <button type="button" class="secondary" id="annotate-start" disabled=move || !annotating.loaded.get() on:click=move |_| {
                annotating.status.set(None);
                annotating.editing.set(true);
            }>"Annotate"</button>
            {move || (!annotating.loaded.get()).then(|| annotating.error.get()).flatten().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            // (Read out through the page's status region: see `save`.)
            {move || annotating.status.get().map(|s| view! { <span class="muted">{s}</span> })}
        })}
        {move || annotating.editing.get().then(|| view! {
            <div class="annotate-tools" role="toolbar" aria-label="Annotation tools">
                <div class="tool-group">
                    {Tool::ALL.into_iter().enumerate().map(|(n, t)| view! {
                        <button type="button" class="tool" id=(n == 0).then_some("annotate-first-tool") aria-pressed=move || (annotating.tool.get() == t).to_string()
                            on:click=move |_| annotating.tool.set(t)>{t.label()}</button>
                    }).collect_view()}
                </div>
                <div class="tool-group">
                    {MarkColor::ALL.into_iter().map(|c| view! {
                        <button type="button" class="swatch" style=format!("background:{}", c.hex()) aria-label=c.label()
                            aria-pressed=move || (annotating.color.get() == c).to_string()
                            on:click=move |_| annotating.color.set(c)></button>
                    }).collect_view()}
                </div>
                {move || (annotating.tool.get() == Tool::Pin).then(|| view! {
                    <label class="note-text">"Note (then tap the photo, or press Enter to pin it in the middle)"
                        <input type="text" maxlength="140" prop:value=move || annotating.note.get()
                            on:input=move |ev| annotating.note.set(event_target_value(&ev))
                            on:keydown=move |ev: web_sys::KeyboardEvent| {
                                // Without a pointer: the note is pinned in the middle of the photo,
                                // each next one a little lower, so none hides another.
                                // (Not the Enter that picks a word in an input method.)
                                if ev.key() == "Enter" && !ev.is_composing() {
                                    ev.prevent_default();
                                    let pins = annotating.shapes.with_untracked(|s| s.iter().filter(|s| matches!(s, Shape::Pin { .. })).count());
                                    let y = (0.5 + 0.06 * pins as f32).min(0.95);
                                    place_pin(annotating, Point { x: 0.5, y });
                                }
                            }/>
                    </label>
                })}
                <div class="tool-group">
                    <button type="button" class="secondary" disabled=move || annotating.shapes.with(Vec::is_empty)
                        on:click=move |_| annotating.shapes.update(|s| { s.pop(); })>"Undo"</button>
                    <button type="button" on:click=move |_| save()>"Save marks"</button>
                    <button type="button" class="secondary" on:click=move |_| annotating.cancel()>"Cancel"</button>
                </div>
                <p class="muted small keys-hint" id="annotate-keys">
                    "An arrow or a box can be tapped at one end and then the other instead of dragged. With a keyboard: Tab to the photo, move with the arrow keys (with Shift, in bigger steps), and press Enter to start a mark and again to end it."
                </p>
                <p class="visually-hidden" aria-live="polite">{move || annotating.said.get()}</p>
                {move || annotating.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
        })}
    })
}
