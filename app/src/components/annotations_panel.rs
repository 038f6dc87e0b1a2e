//! The photographer's Annotations tab: every annotated photo with everyone's marks drawn over
//! it, each person's marks listed, and the PNG with the marks burned in for the retoucher.

use super::marks::marks_view;
use crate::api::annotations::gallery_annotations;
use domain::annotations::Shape;
use domain::ids::GalleryId;
use domain::rendition::RenditionSize;
use leptos::prelude::*;

/// The Annotations tab.
#[component]
pub fn AnnotationsPanel(gallery: GalleryId) -> impl IntoView {
    let list = crate::resource::resource(|| (), move |()| gallery_annotations(gallery));
    view! {
        <section class="card">
            <h2>"Annotations"</h2>
            <Transition fallback=|| view! { <p>"Loading annotations…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="muted">"No one has annotated a photo yet."</p> }.into_any(),
                        Ok(items) => items.into_iter().map(|item| {
                            let card = item.image.clone();
                            let all: Vec<Shape> = item.annotations.iter().flat_map(|a| a.shapes.clone()).collect();
                            let (w, h) = (card.width.max(1), card.height.max(1));
                            let (dw, dh) = RenditionSize::Hd.dims(card.width, card.height);
                            view! {
                                <article class="annotated">
                                    <div class="lb-stage">
                                        <img src=card.rendition_url(RenditionSize::Hd) width=dw height=dh alt=card.file_name.clone() loading="lazy"/>
                                        <svg class="marks" viewBox=format!("0 0 {w} {h}") preserveAspectRatio="none">{marks_view(&all, w, h)}</svg>
                                    </div>
                                    <div>
                                        <h3>{card.file_name.clone()}</h3>
                                        <p><a class="button" href=format!("/export/annotated/{}", card.id) download="">"Download PNG with all marks"</a></p>
                                        <ul class="plain">
                                            {item.annotations.into_iter().map(|a| {
                                                let email = a.email.clone().unwrap_or_default();
                                                let notes: Vec<String> = a.shapes.iter().filter_map(|s| match s {
                                                    Shape::Pin { text, .. } => Some(text.clone()),
                                                    _ => None,
                                                }).collect();
                                                let href = format!("/export/annotated/{}?by={}", card.id, encode(&email));
                                                view! {
                                                    <li>
                                                        <strong>{a.author}</strong> " (" {email} ") · "
                                                        {format!("{} mark{}", a.shapes.len(), if a.shapes.len() == 1 { "" } else { "s" })}
                                                        " · " <a href=href download="">"PNG"</a>
                                                        {(!notes.is_empty()).then(|| view! {
                                                            <ol>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ol>
                                                        })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </div>
                                </article>
                            }
                        }).collect_view().into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Percent-encodes a query value (an email address).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
