//! The editor's Orders tab: the gallery's orders, newest first, filtered by status; mark paid,
//! cancel or refund (which closes the buyer's downloads at once); every line as CSV.

use crate::api::store::{change_order, gallery_orders};
use crate::components::when::When;
use domain::ids::GalleryId;
use domain::store::views::{OrderSummary, RefundWay};
use domain::store::{OrderChange, OrderStatus};
use leptos::prelude::*;

/// The Orders tab.
#[component]
pub fn OrdersPanel(gallery: GalleryId) -> impl IntoView {
    let status = RwSignal::new(None::<OrderStatus>);
    let version = RwSignal::new(0usize);
    let error = RwSignal::new(None::<String>);
    // What the last change did, read out (the order may leave a filtered list with it).
    let said = RwSignal::new(String::new());
    let orders = crate::resource::resource(
        move || (status.get(), version.get()),
        move |(status, _)| gallery_orders(gallery, status),
    );
    let change = move |order, number: String, what: OrderChange| {
        leptos::task::spawn_local(async move {
            match change_order(gallery, order, what).await {
                Ok(()) => {
                    error.set(None);
                    said.set(match what {
                        OrderChange::MarkPaid => {
                            format!("Order {number} is marked paid; the buyer was sent the receipt.")
                        }
                        OrderChange::Cancel => format!("Order {number} is cancelled."),
                        OrderChange::Refund => format!("Order {number} is refunded; its downloads are closed."),
                    });
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
            <p class="muted" role="status">{move || said.get()}</p>
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
    change: impl Fn(domain::ids::OrderId, String, OrderChange) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = o.id;
    let number = o.number.clone();
    let refund_way = o.refund;
    view! {
        <li class="order-summary" data-order=o.number.clone()>
            <div class="order-head">
                <strong>{format!("Order {}", o.number)}</strong>
                <span class=format!("status status-{}", o.status.as_str())>{o.status.label()}</span>
                <span class="price">{o.total.clone()}</span>
            </div>
            <p class="muted"><When at=o.placed_at with_year=true/>{format!(
                " · {} <{}> · {}",
                o.buyer_name, o.buyer_email, o.method.label()
            )}</p>
            <ul class="order-lines">
                {o.lines.iter().map(|l| view! {
                    <li>{format!("{} — {} ({}) — {}", l.item, l.licence, l.size.label(), l.price)}</li>
                }).collect_view()}
            </ul>
            <div class="row-actions">
                {o.changes.into_iter().map(|c| {
                    let label = format!("{} for order {number}", c.label());
                    // Cancelled and refunded are for good (a refund closes the buyer's downloads at
                    // once), and the buttons sit beside "Mark paid": they ask first.
                    let question = match c {
                        OrderChange::MarkPaid => None,
                        OrderChange::Cancel => Some(format!("Cancel order {number}? It cannot be paid or reopened afterwards.")),
                        OrderChange::Refund => Some(match refund_way {
                            RefundWay::Stripe => format!("Refund order {number}? Its card payment is given back through Stripe, and the buyer's downloads close at once, for good."),
                            RefundWay::StripeDashboard => format!("Mark order {number} refunded? Card payments are no longer set up here: refund its card payment in your Stripe dashboard. The buyer's downloads close at once, for good."),
                            RefundWay::ByHand => format!("Mark order {number} refunded? Pay the buyer back yourself; their downloads close at once, for good."),
                        }),
                    };
                    let number = number.clone();
                    view! {
                        <button type="button" class=if c == OrderChange::MarkPaid { "" } else { "secondary" }
                            aria-label=label on:click=move |_| {
                                if question.as_deref().is_none_or(crate::components::confirm::ask) {
                                    change(id, number.clone(), c);
                                }
                            }>{c.label()}</button>
                    }
                }).collect_view()}
            </div>
        </li>
    }
}
