//! The editor's Orders tab: the gallery's orders, newest first, filtered by status; mark paid,
//! cancel or refund (which closes the buyer's downloads at once); every line as CSV.

use crate::api::store::{change_order, gallery_orders};
use domain::ids::GalleryId;
use domain::store::views::OrderSummary;
use domain::store::{OrderChange, OrderStatus};
use leptos::prelude::*;

/// The Orders tab.
#[component]
pub fn OrdersPanel(gallery: GalleryId) -> impl IntoView {
    let status = RwSignal::new(None::<OrderStatus>);
    let version = RwSignal::new(0usize);
    let error = RwSignal::new(None::<String>);
    let orders = crate::resource::resource(
        move || (status.get(), version.get()),
        move |(status, _)| gallery_orders(gallery, status),
    );
    let change = move |order, what: OrderChange| {
        leptos::task::spawn_local(async move {
            match change_order(gallery, order, what).await {
                Ok(()) => {
                    error.set(None);
                    version.update(|v| *v += 1);
                }
                Err(err) => error.set(Some(err.to_string())),
            }
        });
    };
    view! {
        <section class="card orders-panel">
            <h2>"Orders"</h2>
            <div class="row">
                <label for="orders-filter">"Show"</label>
                    <select id="orders-filter" on:change=move |ev| status.set(OrderStatus::parse(&event_target_value(&ev)))>
                        <option value="">"All orders"</option>
                        {OrderStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                    </select>
                <a class="button secondary" href=format!("/export/galleries/{gallery}/orders.csv") download="">"Export CSV"</a>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Transition fallback=|| view! { <p>"Loading orders…"</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(list) if list.is_empty() => view! { <p>"No orders yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="orders">{list.into_iter().map(|o| order_item(o, change)).collect_view()}</ul>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn order_item(
    o: OrderSummary,
    change: impl Fn(domain::ids::OrderId, OrderChange) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = o.id;
    let number = o.number.clone();
    view! {
        <li class="order-summary" data-order=o.number.clone()>
            <div class="order-head">
                <strong>{format!("Order {}", o.number)}</strong>
                <span class=format!("status status-{}", o.status.as_str())>{o.status.label()}</span>
                <span class="price">{o.total.clone()}</span>
            </div>
            <p class="muted">{format!(
                "{} · {} <{}> · {}",
                o.placed_at.format("%e %b %Y %H:%M"), o.buyer_name, o.buyer_email, o.method.label()
            )}</p>
            <ul class="order-lines">
                {o.lines.iter().map(|l| view! {
                    <li>{format!("{} — {} ({}) — {}", l.item, l.licence, l.size.label(), l.price)}</li>
                }).collect_view()}
            </ul>
            <div class="row-actions">
                {o.changes.into_iter().map(|c| {
                    let label = format!("{} for order {number}", c.label());
                    view! {
                        <button type="button" class=if c == OrderChange::MarkPaid { "" } else { "secondary" }
                            aria-label=label on:click=move |_| change(id, c)>{c.label()}</button>
                    }
                }).collect_view()}
            </div>
        </li>
    }
}
