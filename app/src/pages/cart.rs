//! `/cart/:slug`: the visitor's cart in one gallery, and checkout — name, email and how to pay.
//! The total is the server's; the browser sends only who is buying and how.

use crate::api::store::{cart, checkout, remove_from_cart};
use crate::error::AppError;
use domain::ids::CartLineId;
use domain::rendition::RenditionSize;
use domain::store::views::{CartView, CheckoutForm, PaymentMethod};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

/// The cart page.
#[component]
pub fn CartPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    // Back to the gallery at its address, where a session that opened a link keeps its standing.
    // (Never an `/l/…` address from the query: a link put there by someone else would replace the
    // visitor's own link on the way back, as a click on this site is not asked about.)
    let back = move || format!("/g/{}", slug());
    // The cart as the last removal left it, with the gallery it is of (a cart of another slug is
    // never shown under this one).
    let changed = RwSignal::new(None::<(String, CartView)>);
    let loaded = crate::resource::resource(slug, cart);
    // What the visitor types stays when a line is removed and the cart is drawn anew.
    let buyer = Buyer {
        name: RwSignal::new(String::new()),
        email: RwSignal::new(String::new()),
        method: RwSignal::new(None),
        notice: RwSignal::new(None),
    };
    // What a removal did, said to screen readers (the region is in the page from the start, so
    // every change of its text is read).
    let said = RwSignal::new(String::new());
    view! {
        <Title text="Your cart · Proofroom"/>
        <Meta name="robots" content="noindex"/>
        <header class="topbar">
            <a class="brand" href=back>"← Back to the gallery"</a>
        </header>
        <main class="narrow cart">
            <h1 id="cart-heading" tabindex="-1">"Your cart"</h1>
            <p class="visually-hidden" role="status">{move || said.get()}</p>
            <Transition fallback=|| view! { <p>"Loading your cart…"</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok(first) => {
                            // Untracked: the resource is keyed by the slug, so this runs again
                            // once the new gallery's cart is in, not before with the old one.
                            let slug = untrack(slug);
                            if changed.with_untracked(|c| c.as_ref().is_none_or(|(of, _)| *of != slug)) {
                                buyer.fill(&first);
                                changed.set(Some((slug, first)));
                            }
                            view! { {move || changed.get().map(|(slug, c)| cart_body(slug, c, changed, buyer, said))} }.into_any()
                        }
                        Err(AppError::NotFound) => view! { <p>"This gallery does not sell photos, or its link has ended."</p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// The checkout form's fields, kept by the page.
#[derive(Clone, Copy)]
struct Buyer {
    name: RwSignal<String>,
    email: RwSignal<String>,
    method: RwSignal<Option<PaymentMethod>>,
    /// Why the last checkout was refused.
    notice: RwSignal<Option<String>>,
}

impl Buyer {
    /// What the server remembers of the buyer, in fields the visitor has not typed in.
    fn fill(self, view: &CartView) {
        if self.name.get_untracked().is_empty() {
            self.name.set(view.buyer_name.clone());
        }
        if self.email.get_untracked().is_empty() {
            self.email.set(view.buyer_email.clone());
        }
    }
}

fn cart_body(
    slug: String,
    view: CartView,
    changed: RwSignal<Option<(String, CartView)>>,
    buyer: Buyer,
    said: RwSignal<String>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    // A refused checkout's sentence, kept when the cart is drawn anew under it.
    let notice = buyer.notice;
    let remove = {
        let slug = slug.clone();
        move |line: CartLineId, what: String| {
            let slug = slug.clone();
            leptos::task::spawn_local(async move {
                match remove_from_cart(slug.clone(), line).await {
                    Ok(view) => {
                        // What a refused checkout said is about the cart before this change.
                        notice.set(None);
                        said.set(match view.lines.is_empty() {
                            true => format!("Removed {what}. Your cart is empty."),
                            false => format!("Removed {what}. Total now {}.", view.total),
                        });
                        changed.set(Some((slug, view)));
                        // The button that had the focus is gone with its line: the keyboard goes
                        // on from the top of the cart, not from the page's start.
                        crate::components::modal::focus_id_when_shown("cart-heading".to_owned(), 60);
                    }
                    Err(err) => error.set(Some(err.to_string())),
                }
            });
        }
    };
    let dropped = (view.dropped > 0).then(|| {
        view! {
            <p class="note" role="status">{format!(
                "{} {} taken out of your cart: the photo or its licence is no longer for sale.",
                view.dropped, if view.dropped == 1 { "licence was" } else { "licences were" }
            )}</p>
        }
    });
    if view.lines.is_empty() {
        return view! { {dropped} <p>"Your cart is empty. Open a photo and choose “Buy” to add a licence."</p> }
            .into_any();
    }
    let lines = view.lines.iter().map(|line| {
        let id = line.id;
        let remove = remove.clone();
        let (item, thumb) = match &line.image {
            Some(card) => (card.file_name.clone(), Some(view! {
                <img src=card.rendition_url(RenditionSize::Grid480) alt="" width="96" height="72" class="cart-thumb"/>
            })),
            None => ("All photos".to_owned(), None),
        };
        let what = format!("{} for {item}", line.product.name);
        view! {
            <li class="cart-line">
                {thumb}
                <div class="cart-what">
                    <strong>{item.clone()}</strong>
                    <span>{format!("{} · {}", line.product.name, line.product.size.label())}</span>
                </div>
                <span class="price">{line.product.price.clone()}</span>
                <button type="button" class="link" aria-label=format!("Remove {what}")
                    on:click=move |_| remove(id, what.clone())>"Remove"</button>
            </li>
        }
    }).collect_view();
    let Buyer { name, email, method: chosen, .. } = buyer;
    // The method chosen, while this cart offers it; else the first it offers.
    let first = view.methods.first().copied().unwrap_or(PaymentMethod::Invoice);
    let offered = view.methods.clone();
    let method = Signal::derive(move || chosen.get().filter(|m| offered.contains(m)).unwrap_or(first));
    let placing = RwSignal::new(false);
    let seen = view.seen.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = CheckoutForm {
            name: name.get_untracked(),
            email: email.get_untracked(),
            method: method.get_untracked(),
            seen: Some(seen.clone()),
        };
        let slug = slug.clone();
        placing.set(true);
        notice.set(None);
        leptos::task::spawn_local(async move {
            match checkout(slug.clone(), form).await {
                Ok(next) => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_href(&next);
                    }
                }
                Err(err) => {
                    placing.set(false);
                    // The cart as it is now (a price changed, a line gone): drawn anew under the
                    // sentence, which the page keeps.
                    let fresh = cart(slug.clone()).await;
                    notice.set(Some(err.to_string()));
                    if let Ok(view) = fresh
                        && view.seen
                            != changed.with_untracked(|c| c.as_ref().map(|(_, v)| v.seen.clone()).unwrap_or_default())
                    {
                        changed.set(Some((slug, view)));
                    }
                    // The keyboard goes to the sentence (the button it was on may be drawn anew).
                    request_animation_frame(|| {
                        crate::components::modal::focus_id_when_shown("checkout-notice".to_owned(), 10)
                    });
                }
            }
        });
    };
    let methods = view.methods.clone();
    view! {
        {dropped}
        <ul class="cart-lines">{lines}</ul>
        <p class="cart-total">"Total " <strong>{view.total.clone()}</strong></p>
        <form class="stack checkout" on:submit=submit>
            <h2>"Checkout"</h2>
            <label>"Your name" <input type="text" autocomplete="name" required
                prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <label>"Email for the receipt and your downloads" <input type="email" autocomplete="email" required
                prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/></label>
            <fieldset>
                <legend>"How would you like to pay?"</legend>
                {methods.into_iter().map(|m| view! {
                    <label class="check">
                        <input type="radio" name="method" prop:checked=move || method.get() == m on:change=move |_| chosen.set(Some(m))/>
                        {m.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <button type="submit" disabled=move || placing.get()>
                {move || if placing.get() { "Placing your order…" } else { "Place order" }}
            </button>
        </form>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        {move || notice.get().map(|e| view! { <p class="error" role="alert" id="checkout-notice" tabindex="-1">{e}</p> })}
    }
    .into_any()
}
