//! `/cart/:slug`: the visitor's cart in one gallery, and checkout — name, email and how to pay.
//! The total is the server's; the browser sends only who is buying and how.

use crate::api::store::{cart, checkout, remove_from_cart};
use crate::error::AppError;
use domain::ids::CartLineId;
use domain::rendition::RenditionSize;
use domain::store::views::{CartView, CheckoutForm, PaymentMethod};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The cart page.
#[component]
pub fn CartPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    // Back to the page the visitor came from: a gallery or link address of ours only.
    let back = move || {
        query
            .read()
            .get("back")
            .filter(|b| (b.starts_with("/g/") || b.starts_with("/l/")) && !b.contains("//"))
            .unwrap_or_else(|| format!("/g/{}", slug()))
    };
    let changed = RwSignal::new(None::<CartView>);
    let loaded = crate::resource::resource(slug, cart);
    view! {
        <Title text="Your cart · Proofroom"/>
        <Meta name="robots" content="noindex"/>
        <header class="topbar">
            <a class="brand" href=back>"← Back to the gallery"</a>
        </header>
        <main class="narrow cart">
            <h1>"Your cart"</h1>
            <Transition fallback=|| view! { <p>"Loading your cart…"</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok(first) => {
                            if changed.get_untracked().is_none() {
                                changed.set(Some(first));
                            }
                            view! { {move || changed.get().map(|c| cart_body(slug(), c, changed))} }.into_any()
                        }
                        Err(AppError::NotFound) => view! { <p>"This gallery does not sell photos, or its link has ended."</p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

fn cart_body(slug: String, view: CartView, changed: RwSignal<Option<CartView>>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let remove = {
        let slug = slug.clone();
        move |line: CartLineId| {
            let slug = slug.clone();
            leptos::task::spawn_local(async move {
                match remove_from_cart(slug, line).await {
                    Ok(view) => changed.set(Some(view)),
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
        view! {
            <li class="cart-line">
                {thumb}
                <div class="cart-what">
                    <strong>{item.clone()}</strong>
                    <span>{format!("{} · {}", line.product.name, line.product.size.label())}</span>
                </div>
                <span class="price">{line.product.price.clone()}</span>
                <button type="button" class="link" aria-label=format!("Remove {} for {item}", line.product.name)
                    on:click=move |_| remove(id)>"Remove"</button>
            </li>
        }
    }).collect_view();
    let name = RwSignal::new(view.buyer_name.clone());
    let email = RwSignal::new(view.buyer_email.clone());
    let method = RwSignal::new(view.methods.first().copied().unwrap_or(PaymentMethod::Invoice));
    let placing = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form =
            CheckoutForm { name: name.get_untracked(), email: email.get_untracked(), method: method.get_untracked() };
        let slug = slug.clone();
        placing.set(true);
        leptos::task::spawn_local(async move {
            match checkout(slug, form).await {
                Ok(next) => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_href(&next);
                    }
                }
                Err(err) => {
                    placing.set(false);
                    error.set(Some(err.to_string()));
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
                        <input type="radio" name="method" prop:checked=move || method.get() == m on:change=move |_| method.set(m)/>
                        {m.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <button type="submit" disabled=move || placing.get()>
                {move || if placing.get() { "Placing your order…" } else { "Place order" }}
            </button>
        </form>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
    .into_any()
}
