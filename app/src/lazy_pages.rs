//! The visitor pages other than the gallery, as lazy routes: in the browser each page's code is a
//! part of its own, fetched when the page is opened (or navigated to), so the bundle a gallery's
//! visitor waits for before the page is interactive does not carry the cart, order, delivery and
//! join pages. On the server they render as any page does.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use crate::pages;

/// `/cart/:slug`.
pub struct Cart;

#[lazy_route]
impl LazyRoute for Cart {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::cart::CartPage/> }.into_any()
    }
}

/// `/orders/:token`.
pub struct Order;

#[lazy_route]
impl LazyRoute for Order {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::order::OrderPage/> }.into_any()
    }
}

/// `/d/:token`.
pub struct Delivery;

#[lazy_route]
impl LazyRoute for Delivery {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::delivery::DeliveryPageView/> }.into_any()
    }
}

/// `/join/:token`.
pub struct Join;

#[lazy_route]
impl LazyRoute for Join {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::join::JoinPage/> }.into_any()
    }
}
