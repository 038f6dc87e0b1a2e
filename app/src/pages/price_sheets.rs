//! `/studio/price-sheets`: the studio's price sheets — licences with a name, a description for
//! buyers, a price and the download size each grants, in one currency per sheet. Galleries in
//! store mode sell from one of them. Every value is checked again on the server.

use crate::api::store::{
    add_product, create_price_sheet, delete_price_sheet, delete_product, price_sheets, update_product,
};
use crate::error::AppError;
use domain::ids::PriceSheetId;
use domain::policy::DownloadSize;
use domain::store::views::{PriceSheetView, ProductView};
use domain::store::{ProductForm, ProductKind, SheetForm};
use leptos::prelude::*;
use leptos_meta::Title;

/// The price sheets page.
#[component]
pub fn PriceSheetsPage() -> impl IntoView {
    let version = RwSignal::new(0usize);
    let error = RwSignal::new(None::<String>);
    // The sheet whose "Add a licence" form is open: it stays open while licences are added.
    let adding = RwSignal::new(None::<PriceSheetId>);
    let sheets = crate::resource::resource(move || version.get(), |_| price_sheets());
    let done = move |result: Result<(), AppError>| match result {
        Ok(()) => {
            error.set(None);
            version.update(|v| *v += 1);
        }
        Err(err) => error.set(Some(err.to_string())),
    };
    let new_name = RwSignal::new(String::new());
    let new_currency = RwSignal::new("EUR".to_owned());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = SheetForm { name: new_name.get_untracked(), currency: new_currency.get_untracked() };
        leptos::task::spawn_local(async move {
            let result = create_price_sheet(form).await.map(|_| ());
            if result.is_ok() {
                new_name.set(String::new());
            }
            done(result);
        });
    };
    view! {
        <Title text="Price sheets · Proofroom"/>
        <header class="topbar">
            <a class="brand" href="/studio">"← Galleries"</a>
        </header>
        <main class="narrow price-sheets">
            <h1>"Price sheets"</h1>
            <p class="muted">"The licences your store-mode galleries sell. Changing a price never changes an order already placed."</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match sheets.await {
                        Ok(page) => {
                            let currencies = page.currencies.clone();
                            view! {
                                {page.sheets.is_empty().then(|| view! { <p>"No price sheet yet. Make your first one below."</p> })}
                                {page.sheets.into_iter().map(|sheet| sheet_card(sheet, adding, done)).collect_view()}
                                <form class="card stack" on:submit=create>
                                    <h2>"New price sheet"</h2>
                                    <label>"Name" <input type="text" required placeholder="Weddings 2027"
                                        prop:value=new_name on:input=move |ev| new_name.set(event_target_value(&ev))/></label>
                                    <label for="new-sheet-currency">"Currency"</label>
                                        <select id="new-sheet-currency" prop:value=move || new_currency.get()
                                            on:change=move |ev| new_currency.set(event_target_value(&ev))>
                                            {currencies.into_iter().map(|(code, name)| {
                                                let selected = code == "EUR";
                                                view! { <option value=code.clone() selected=selected>{format!("{code} · {name}")}</option> }
                                            }).collect_view()}
                                        </select>
                                    <button type="submit">"Make price sheet"</button>
                                </form>
                            }.into_any()
                        }
                        Err(AppError::Unauthenticated) => view! { <p>"Sign in to edit your price sheets. " <a href="/signin">"Sign in"</a></p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

fn sheet_card(
    sheet: PriceSheetView,
    adding: RwSignal<Option<PriceSheetId>>,
    done: impl Fn(Result<(), AppError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = sheet.id;
    let remove_sheet = move |_| {
        leptos::task::spawn_local(async move { done(delete_price_sheet(id).await) });
    };
    let used = if sheet.galleries.is_empty() {
        "Not used by any gallery yet.".to_owned()
    } else {
        format!("Sold in: {}", sheet.galleries.join(", "))
    };
    view! {
        <section class="card sheet" aria-label=sheet.name.clone()>
            <h2>{format!("{} · {}", sheet.name, sheet.currency)}</h2>
            <p class="muted">{used}</p>
            {sheet.products.is_empty().then(|| view! { <p>"No licences yet. Add the first one below."</p> })}
            <ul class="products">
                {sheet.products.into_iter().map(|p| product_row(p, done)).collect_view()}
            </ul>
            {product_form(id, adding, done)}
            <button type="button" class="secondary danger" on:click=remove_sheet>"Delete this price sheet"</button>
        </section>
    }
}

fn product_row(p: ProductView, done: impl Fn(Result<(), AppError>) + Copy + Send + Sync + 'static) -> impl IntoView {
    let id = p.id;
    let editing = RwSignal::new(false);
    let remove = move |_| {
        leptos::task::spawn_local(async move { done(delete_product(id).await) });
    };
    let kind = match p.kind {
        ProductKind::Image => "per photo",
        ProductKind::Gallery => "whole gallery",
    };
    let shown = p.clone();
    view! {
        <li class="product">
            <div>
                <strong>{shown.name.clone()}</strong> " " <span class="price">{shown.price.clone()}</span>
                <p class="muted">{format!("{kind} · {}", shown.size.label())}</p>
                {(!shown.description.is_empty()).then(|| view! { <p>{shown.description.clone()}</p> })}
            </div>
            <div class="row-actions">
                <button type="button" class="secondary" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>"Edit"</button>
                <button type="button" class="secondary" aria-label=format!("Remove {}", p.name) on:click=remove>"Remove"</button>
            </div>
            {move || editing.get().then(|| product_form_edit(p.clone(), done))}
        </li>
    }
}

fn product_form_edit(
    p: ProductView,
    done: impl Fn(Result<(), AppError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = p.id;
    product_form_with(
        ProductForm { kind: p.kind, name: p.name, description: p.description, price: p.price_input, size: p.size },
        format!("product-{id}"),
        "Save licence",
        move |form| async move { update_product(id, form).await },
        done,
    )
}

fn product_form(
    sheet: PriceSheetId,
    adding: RwSignal<Option<PriceSheetId>>,
    done: impl Fn(Result<(), AppError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let blank = ProductForm {
        kind: ProductKind::Image,
        name: String::new(),
        description: String::new(),
        price: String::new(),
        size: DownloadSize::Hd,
    };
    view! {
        <details class="add-product" prop:open=move || adding.get() == Some(sheet)
            on:toggle=move |ev| {
                let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                adding.update(|a| match (open, *a == Some(sheet)) {
                    (true, false) => *a = Some(sheet),
                    (false, true) => *a = None,
                    _ => {}
                });
            }>
            <summary>"Add a licence"</summary>
            {product_form_with(blank, format!("new-product-{sheet}"), "Add licence", move |form| async move { add_product(sheet, form).await.map(|_| ()) }, done)}
        </details>
    }
}

/// The licence fields; `send` saves them.
fn product_form_with<F, Fut>(
    initial: ProductForm,
    id_prefix: String,
    button: &'static str,
    send: F,
    done: impl Fn(Result<(), AppError>) + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    F: Fn(ProductForm) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), AppError>> + 'static,
{
    let kind = RwSignal::new(initial.kind);
    let name = RwSignal::new(initial.name);
    let description = RwSignal::new(initial.description);
    let price = RwSignal::new(initial.price);
    let (size_choice, web_edge) = match initial.size {
        DownloadSize::CustomWeb { long_edge } => ("web".to_owned(), long_edge.to_string()),
        other => (other.token(), "1200".to_owned()),
    };
    let size_choice = RwSignal::new(size_choice);
    let web_edge = RwSignal::new(web_edge);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let size = match size_choice.get_untracked().as_str() {
            "web" => DownloadSize::CustomWeb { long_edge: web_edge.get_untracked().trim().parse().unwrap_or(0) },
            token => DownloadSize::from_token(token).unwrap_or(DownloadSize::Hd),
        };
        let form = ProductForm {
            kind: kind.get_untracked(),
            name: name.get_untracked(),
            description: description.get_untracked(),
            price: price.get_untracked(),
            size,
        };
        leptos::task::spawn_local(async move { done(send(form).await) });
    };
    let sizes = [DownloadSize::Original, DownloadSize::FourK, DownloadSize::Hd];
    view! {
        <form class="stack product-form" on:submit=submit>
            <label>"Licence name" <input type="text" required placeholder="Personal digital"
                prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
            <label>"What the buyer may do with it (shown to buyers, and in their licence file)"
                <textarea rows="3" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))></textarea></label>
            <label>"Price" <input type="text" inputmode="decimal" required placeholder="25.00"
                prop:value=price on:input=move |ev| price.set(event_target_value(&ev))/></label>
            <label for=format!("{id_prefix}-size")>"Download size it grants"</label>
                <select id=format!("{id_prefix}-size") prop:value=move || size_choice.get()
                    on:change=move |ev| size_choice.set(event_target_value(&ev))>
                    {sizes.into_iter().map(|s| {
                        let token = s.token();
                        let selected = size_choice.get_untracked() == token;
                        view! { <option value=token selected=selected>{s.label()}</option> }
                    }).collect_view()}
                    <option value="web" selected=size_choice.get_untracked() == "web">"Web size (choose the long edge)"</option>
                </select>
            {move || (size_choice.get() == "web").then(|| view! {
                <label>"Long edge in pixels" <input type="number" min="200" max="8000"
                    prop:value=web_edge on:input=move |ev| web_edge.set(event_target_value(&ev))/></label>
            })}
            <fieldset>
                <legend>"Sold"</legend>
                <label class="check"><input type="radio" name="kind" prop:checked=move || kind.get() == ProductKind::Image
                    on:change=move |_| kind.set(ProductKind::Image)/>"Per photo"</label>
                <label class="check"><input type="radio" name="kind" prop:checked=move || kind.get() == ProductKind::Gallery
                    on:change=move |_| kind.set(ProductKind::Gallery)/>"For the whole gallery at once"</label>
            </fieldset>
            <button type="submit">{button}</button>
        </form>
    }
}
