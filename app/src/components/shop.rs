//! The shop on a store-mode gallery page: "Buy" on each tile and in the lightbox opens the
//! licence choice for that photo; the header links to the cart (with its count) and to the
//! visitor's orders, and offers the whole-gallery licence where the sheet sells one. Prices are
//! shown as the server formats them; nothing paid is computed here.

use super::on_demand::on_demand;
use crate::api::store::{add_to_cart, shop};
use crate::components::prompts::Prompts;
use domain::card::ImageCard;
use domain::downloads::ClientAccess;
use domain::ids::ProductId;
use domain::policy::Action;
use domain::store::views::{ProductView, ShopView};
use leptos::prelude::*;

/// The shop of one gallery page.
#[derive(Clone, Copy)]
pub struct Shop {
    access: StoredValue<ClientAccess>,
    prompts: Prompts,
    /// Licences, bundles, the cart's count and the visitor's orders, as the server last said.
    pub view: RwSignal<Option<ShopView>>,
    /// The photo whose licences are being chosen (`None`: the whole-gallery choice when
    /// `choosing_bundle`).
    pub choosing: RwSignal<Option<ImageCard>>,
    pub choosing_bundle: RwSignal<bool>,
    /// What the last "Add to cart" said.
    pub note: RwSignal<Option<String>>,
}

impl Shop {
    /// What the last "Add to cart" said, on the page or inside a photo view covering it (see
    /// `Prompts::notices`).
    pub fn toast(self, inside: bool) -> impl IntoView {
        move || {
            self.note.get().filter(|_| self.prompts.shows_notices(inside)).map(|note| view! {
                // Not a live region: `Prompts::announce` says the same sentence once.
                <p class="toast">{note} " " <a href=self.cart_href()>"View cart"</a>
                    <button type="button" class="link" aria-label="Dismiss" on:click=move |_| self.note.set(None)>"✕"</button>
                </p>
            })
        }
    }

    /// The shop of a gallery page, loading its licences once in the browser.
    pub fn new(access: ClientAccess, prompts: Prompts) -> Self {
        let shop = Self {
            access: StoredValue::new(access),
            prompts,
            view: RwSignal::new(None),
            choosing: RwSignal::new(None),
            choosing_bundle: RwSignal::new(false),
            note: RwSignal::new(None),
        };
        Effect::new(move |_| shop.reload());
        shop
    }

    fn reload(self) {
        let slug = self.prompts.slug();
        self.prompts.call(move || shop(slug.clone()), move |view| self.view.set(Some(view)));
    }

    /// Whether the policy lets this visitor buy `card`.
    pub fn sells(self, card: &ImageCard) -> bool {
        self.access.with_value(|access| access.offers(Action::Buy { image: access.image_facts(card), size: None }))
    }

    /// The cart page's address (it links back to the gallery's).
    pub fn cart_href(self) -> String {
        format!("/cart/{}", self.prompts.slug())
    }

    fn add(self, image: Option<ImageCard>, product: ProductView) {
        let slug = self.prompts.slug();
        let id: Option<_> = image.as_ref().map(|c| c.id);
        let what = image.map_or_else(|| "All photos".to_owned(), |c| c.file_name);
        let licence = product.name.clone();
        let product: ProductId = product.id;
        self.prompts.call(
            move || add_to_cart(slug.clone(), id, product),
            move |count| {
                self.view.update(|v| {
                    if let Some(v) = v {
                        v.cart_count = count;
                    }
                });
                let added = format!("Added “{licence}” for {what} to your cart.");
                self.prompts.announce(added.clone());
                self.note.set(Some(added));
                self.choosing.set(None);
                self.choosing_bundle.set(false);
            },
        );
    }
}

/// "Buy" for one photo.
#[component]
pub fn BuyButton(shop: Shop, card: ImageCard, #[prop(optional)] large: bool) -> impl IntoView {
    let label = format!("Buy a licence for {}", card.file_name);
    view! {
        <button type="button" class=if large { "buy buy-large" } else { "buy" } aria-label=label
            on:click=move |_| shop.choosing.set(Some(card.clone()))>
            "Buy"
        </button>
    }
}

/// The header's shop links: the cart with its count, the visitor's orders, and the whole-gallery
/// licence when offered.
#[component]
pub fn ShopBar(shop: Shop) -> impl IntoView {
    view! {
        {move || shop.view.get().map(|v| {
            let count = v.cart_count;
            let bundle = (!v.bundles.is_empty()).then(|| view! {
                <button type="button" on:click=move |_| shop.choosing_bundle.set(true)>"Buy all photos"</button>
            });
            let orders = (!v.orders.is_empty()).then(|| view! {
                <details class="my-orders">
                    <summary>{format!("Your orders ({})", v.orders.len())}</summary>
                    <ul>
                        {v.orders.iter().map(|o| view! {
                            <li><a href=o.path.clone()>{format!("Order {} · {}", o.number, o.status.label())}</a></li>
                        }).collect_view()}
                    </ul>
                </details>
            });
            view! {
                <a class="button cart-link" href=shop.cart_href() aria-label=format!("Cart, {count} licences")>
                    "Cart" <span class="badge" aria-hidden="true">{count}</span>
                </a>
                {bundle}
                {orders}
            }
        })}
    }
}

/// The licence choice, for one photo or for the whole gallery. Its code is fetched the first
/// time it opens.
#[component]
pub fn LicenceDialog(shop: Shop) -> impl IntoView {
    let open = Memo::new(move |_| shop.choosing.with(Option::is_some) || shop.choosing_bundle.get());
    view! {
        {move || open.get().then(|| on_demand(licence_dialog(shop)))}
        {shop.toast(false)}
    }
}

#[lazy]
fn licence_dialog(shop: Shop) -> AnyView {
    let dialog = NodeRef::<leptos::html::Div>::new();
    let close = move || {
        shop.choosing.set(None);
        shop.choosing_bundle.set(false);
    };
    let keys = crate::components::modal::modal(dialog, close);
    // Over the page and any photo view, it says a refused "Add to cart" itself.
    shop.prompts.hold_notices();
    view! {
        {move || {
            let image = shop.choosing.get();
            let bundle = shop.choosing_bundle.get();
            if image.is_none() && !bundle {
                return None;
            }
            let view = shop.view.get()?;
            let (title, products) = match &image {
                Some(card) => (format!("Licences for {}", card.file_name), view.licences.clone()),
                None => ("A licence for every photo of this gallery".to_owned(), view.bundles.clone()),
            };
            // A licence the policy would not sell again (already bought) is shown as bought.
            let facts = image.as_ref().map(|card| shop.access.with_value(|a| a.image_facts(card)));
            let bought = move |size| match facts {
                Some(image) => !shop.access.with_value(|a| a.offers(Action::Buy { image, size: Some(size) })),
                None => !shop.access.with_value(|a| a.buys_gallery(size)),
            };
            let thumb = image.as_ref().map(|card| view! {
                <img class="licence-thumb" src=card.rendition_url(domain::rendition::RenditionSize::Grid480) alt=""/>
            });
            Some(view! {
                <div class="dialog-backdrop">
                    <div class="dialog licence-dialog" role="dialog" aria-modal="true" aria-labelledby="licence-title"
                        tabindex="-1" node_ref=dialog on:keydown=keys.clone()>
                        <h2 id="licence-title">{title}</h2>
                        {thumb}
                        {products.is_empty().then(|| view! { <p>"Nothing is for sale here right now."</p> })}
                        <ul class="licences">
                            {products.into_iter().map(|p| {
                                let owned = bought(p.size);
                                let chosen = image.clone();
                                let product = p.clone();
                                view! {
                                    <li class="licence">
                                        <div>
                                            <div class="licence-head">
                                                <strong>{p.name.clone()}</strong>
                                                <span class="price">{p.price.clone()}</span>
                                            </div>
                                            <p class="muted">{format!("Download: {}", p.size.label())}</p>
                                            {(!p.description.is_empty()).then(|| view! { <p>{p.description.clone()}</p> })}
                                        </div>
                                        {if owned {
                                            view! { <span class="ok">"Bought"</span> }.into_any()
                                        } else {
                                            view! {
                                                <button type="button" aria-label=format!("Add {} to cart", p.name)
                                                    on:click=move |_| shop.add(chosen.clone(), product.clone())>"Add to cart"</button>
                                            }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {move || shop.prompts.refusal().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                        <div class="dialog-actions">
                            <a class="button secondary" href=shop.cart_href()>"Go to cart"</a>
                            <button type="button" class="secondary" on:click=move |_| close()>"Close"</button>
                        </div>
                    </div>
                </div>
            })
        }}
    }
    .into_any()
}
