//! `/orders/:token`: an order, reached by the link emailed to its buyer (and from the gallery page
//! of the browser that placed it). Once paid, every bought photo downloads here in the size its
//! licence grants, one by one or as one ZIP with the licence terms.

use crate::api::store::{order_page, pay_order};
use crate::components::restore::{LinkRestore, RestoreFor};
use crate::components::when::When;
use crate::error::AppError;
use domain::store::OrderStatus;
use domain::store::views::{OrderView, PaymentMethod};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The order page.
#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let back_from_card = move || query.read().get("paid").is_some();
    let order = crate::resource::resource(token, order_page);
    view! {
        <Title text="Your order · Proofroom"/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <main class="narrow order">
            <Transition fallback=|| view! { <p>"Loading your order…"</p> }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(view) => order_body(untrack(token), view, untrack(back_from_card)).into_any(),
                        Err(AppError::NotFound) => view! {
                            <h1>"Order not found"</h1>
                            <p>"Check the link in your order email. If it still does not open, ask your photographer."</p>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

fn order_body(token: String, view: OrderView, back_from_card: bool) -> impl IntoView {
    let status_line = match view.status {
        OrderStatus::Paid => "Paid — your downloads are ready.".to_owned(),
        OrderStatus::AwaitingPayment if back_from_card => {
            "Thank you! We are waiting for the card payment to be confirmed; this page opens your downloads as soon as it is. Reload in a moment.".to_owned()
        }
        OrderStatus::AwaitingPayment if view.method == PaymentMethod::Card && view.can_pay_by_card => {
            "Awaiting payment. Pay by card below; your downloads open here as soon as the payment is confirmed.".to_owned()
        }
        OrderStatus::AwaitingPayment => format!(
            "Awaiting payment. {} will mark the order paid once it is settled; your downloads open here then.",
            view.studio_name
        ),
        OrderStatus::Cancelled => "This order was cancelled.".to_owned(),
        OrderStatus::Refunded => "This order was refunded; its downloads are closed.".to_owned(),
    };
    let error = RwSignal::new(None::<String>);
    let pay = view.can_pay_by_card.then(|| {
        let token = token.clone();
        view! {
            <button type="button" on:click=move |_| {
                let token = token.clone();
                leptos::task::spawn_local(async move {
                    match pay_order(token).await {
                        Ok(url) => { if let Some(w) = web_sys::window() { let _ = w.location().set_href(&url); } }
                        Err(err) => error.set(Some(err.to_string())),
                    }
                });
            }>"Pay by card"</button>
        }
    });
    view! {
        <p class="studio-name">{view.studio_name.clone()}</p>
        <h1>{format!("Order {}", view.number)}</h1>
        <p class="muted">{format!("{} · placed ", view.gallery_title)}<When at=view.placed_at with_year=true/>{format!(" by {} ({})", view.buyer_name, view.buyer_email)}</p>
        <p class=format!("order-status status-{}", view.status.as_str()) role="status">{status_line}</p>
        {pay}
        {view.zip_url.clone().map(|url| view! { <a class="button" href=url download="">"Download everything (ZIP)"</a> })}
        {view.restore.then(|| view! { <LinkRestore asked_for=RestoreFor::Order { token: token.clone() }/> })}
        <ul class="order-lines">
            {view.lines.iter().map(|line| view! {
                <li class="order-line">
                    {line.thumb_url.clone().map(|src| view! { <img src=src alt="" width="96" height="72" class="cart-thumb"/> })}
                    <div class="cart-what">
                        <strong>{line.item.clone()}</strong>
                        <span>{format!("{} · {}", line.licence, line.size.label())}</span>
                        {(!line.description.is_empty()).then(|| view! { <span class="muted">{line.description.clone()}</span> })}
                    </div>
                    <span class="price">{line.price.clone()}</span>
                    {line.in_archive.then(|| view! { <span class="muted">"In long-term storage"</span> })}
                    {line.download_url.clone().map(|url| view! {
                        <a class="button secondary" href=url download="" aria-label=format!("Download {} ({})", line.item, line.size.label())>"Download"</a>
                    })}
                </li>
            }).collect_view()}
        </ul>
        <p class="cart-total">"Total " <strong>{view.total.clone()}</strong></p>
        {view.studio_contact.clone().map(|email| view! { <p>"Questions? " <a href=format!("mailto:{email}")>{format!("Write to {}", view.studio_name)}</a></p> })}
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}
