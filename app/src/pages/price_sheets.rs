//! `/studio/price-sheets`: the studio's price sheets — licences with a name, a description for
//! buyers, a price and the download size each grants, in one currency per sheet. Galleries in
//! store mode sell from one of them. Every value is checked again on the server.

use crate::api::store::{
    add_product, create_price_sheet, delete_price_sheet, delete_product, price_sheets, update_product,
};
use crate::components::drafts::Drafts;
use crate::error::AppError;
use domain::ids::{PriceSheetId, ProductId};
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
    // What is typed into the licence forms, kept by the page: every save draws the sheets anew.
    let drafts = LicenceDrafts { adding: RwSignal::new(None), adds: Drafts::default(), edits: Drafts::default() };
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
                                {page.sheets.into_iter().map(|sheet| sheet_card(sheet, drafts, done)).collect_view()}
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

/// The licence forms' drafts. The sheets are drawn anew after every save, and what is typed into
/// another licence's form (or the sheet's "Add a licence") must stay.
#[derive(Clone, Copy)]
struct LicenceDrafts {
    /// The sheet whose "Add a licence" form is open: it stays open while licences are added.
    adding: RwSignal<Option<PriceSheetId>>,
    adds: Drafts<PriceSheetId, LicenceFields>,
    /// Each licence's edit form: whether it is open, and what is typed into it.
    edits: Drafts<ProductId, (RwSignal<bool>, LicenceFields)>,
}

/// The fields of a licence form.
#[derive(Clone, Copy)]
struct LicenceFields {
    kind: RwSignal<ProductKind>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    price: RwSignal<String>,
    /// A size's token, or "web" for a web size of `web_edge` pixels.
    size_choice: RwSignal<String>,
    web_edge: RwSignal<String>,
    /// Saving: a second click sends nothing.
    sending: RwSignal<bool>,
}

impl LicenceFields {
    fn new() -> Self {
        let fields = Self {
            kind: RwSignal::new(ProductKind::Image),
            name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            price: RwSignal::new(String::new()),
            size_choice: RwSignal::new(String::new()),
            web_edge: RwSignal::new(String::new()),
            sending: RwSignal::new(false),
        };
        fields.fill(&Self::blank());
        fields
    }

    fn blank() -> ProductForm {
        ProductForm {
            kind: ProductKind::Image,
            name: String::new(),
            description: String::new(),
            price: String::new(),
            size: DownloadSize::Hd,
        }
    }

    /// Shows `form`.
    fn fill(self, form: &ProductForm) {
        let (size_choice, web_edge) = match form.size {
            DownloadSize::CustomWeb { long_edge } => ("web".to_owned(), long_edge.to_string()),
            other => (other.token(), "1200".to_owned()),
        };
        self.kind.try_set(form.kind);
        self.name.try_set(form.name.clone());
        self.description.try_set(form.description.clone());
        self.price.try_set(form.price.clone());
        self.size_choice.try_set(size_choice);
        self.web_edge.try_set(web_edge);
    }

    /// What the form would send.
    fn form(self) -> ProductForm {
        let size = match self.size_choice.get_untracked().as_str() {
            "web" => DownloadSize::CustomWeb { long_edge: self.web_edge.get_untracked().trim().parse().unwrap_or(0) },
            token => DownloadSize::from_token(token).unwrap_or(DownloadSize::Hd),
        };
        ProductForm {
            kind: self.kind.get_untracked(),
            name: self.name.get_untracked(),
            description: self.description.get_untracked(),
            price: self.price.get_untracked(),
            size,
        }
    }
}

fn sheet_card(
    sheet: PriceSheetView,
    drafts: LicenceDrafts,
    done: impl Fn(Result<(), AppError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = sheet.id;
    let question = format!("Delete the price sheet “{}” and its licences?", sheet.name);
    let remove_sheet = move |_| {
        if crate::components::confirm::ask(&question) {
            leptos::task::spawn_local(async move { done(delete_price_sheet(id).await) });
        }
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
                {sheet.products.into_iter().map(|p| product_row(p, drafts, done)).collect_view()}
            </ul>
            {product_form(id, drafts, done)}
            <button type="button" class="secondary danger" on:click=remove_sheet>"Delete this price sheet"</button>
        </section>
    }
}

fn product_row(
    p: ProductView,
    drafts: LicenceDrafts,
    done: impl Fn(Result<(), AppError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = p.id;
    let (editing, fields) = drafts.edits.of(id, || (RwSignal::new(false), LicenceFields::new()));
    let question = format!("Remove the licence “{}” from this price sheet?", p.name);
    let remove = move |_| {
        if crate::components::confirm::ask(&question) {
            leptos::task::spawn_local(async move { done(delete_product(id).await) });
        }
    };
    let kind = match p.kind {
        ProductKind::Image => "per photo",
        ProductKind::Gallery => "whole gallery",
    };
    let saved = ProductForm {
        kind: p.kind,
        name: p.name.clone(),
        description: p.description.clone(),
        price: p.price_input.clone(),
        size: p.size,
    };
    // Opening the editor starts from what is saved; while it is open, what is typed stays.
    let toggle = move |_| {
        if !editing.get_untracked() {
            fields.fill(&saved);
        }
        editing.update(|e| *e = !*e);
    };
    view! {
        <li class="product">
            <div>
                <strong>{p.name.clone()}</strong> " " <span class="price">{p.price.clone()}</span>
                <p class="muted">{format!("{kind} · {}", p.size.label())}</p>
                {(!p.description.is_empty()).then(|| view! { <p>{p.description.clone()}</p> })}
            </div>
            <div class="row-actions">
                <button type="button" class="secondary" id=format!("edit-licence-{id}") aria-expanded=move || editing.get().to_string()
                    on:click=toggle>"Edit"</button>
                <button type="button" class="secondary" aria-label=format!("Remove {}", p.name) on:click=remove>"Remove"</button>
            </div>
            {move || editing.get().then(|| product_form_with(
                fields,
                format!("product-{id}"),
                "Save licence",
                move |form| async move { update_product(id, form).await },
                // Saved: the editor closes, and the keyboard goes back to its "Edit".
                move || {
                    editing.set(false);
                    crate::components::modal::focus_id_when_shown(format!("edit-licence-{id}"), crate::components::modal::WAIT_FRAMES);
                },
                done,
            ))}
        </li>
    }
}

fn product_form(
    sheet: PriceSheetId,
    drafts: LicenceDrafts,
    done: impl Fn(Result<(), AppError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let adding = drafts.adding;
    let fields = drafts.adds.of(sheet, LicenceFields::new);
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
            {product_form_with(
                fields,
                format!("new-product-{sheet}"),
                "Add licence",
                move |form| async move { add_product(sheet, form).await.map(|_| ()) },
                // Added: the form is empty for the next licence.
                move || fields.fill(&LicenceFields::blank()),
                done,
            )}
        </details>
    }
}

/// The licence fields; `send` saves them, then `saved` runs if it went well.
fn product_form_with<F, Fut>(
    fields: LicenceFields,
    id_prefix: String,
    button: &'static str,
    send: F,
    saved: impl Fn() + Copy + Send + Sync + 'static,
    done: impl Fn(Result<(), AppError>) + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    F: Fn(ProductForm) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), AppError>> + 'static,
{
    let LicenceFields { kind, name, description, price, size_choice, web_edge, sending } = fields;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let form = fields.form();
        leptos::task::spawn_local(async move {
            let result = send(form).await;
            sending.try_set(false);
            if result.is_ok() {
                saved();
            }
            done(result);
        });
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
