//! The contact sheet button: when the visitor has selects (and selects are on) it asks "All
//! images or your selects?"; with only one valid choice the PDF starts at once.

use super::downloads::save;
use super::proofing::Proofing;
use crate::api::contact_sheets::check_contact_sheet;
use domain::contact_sheets::{SheetScope, sheet_choices};
use domain::policy::Action;
use leptos::prelude::*;

/// "Contact sheet (PDF)", offered when the policy allows contact sheets.
#[component]
pub fn ContactSheetButton(proofing: Proofing) -> impl IntoView {
    if !proofing.offers(Action::ContactSheet) {
        return None;
    }
    let asking = RwSignal::new(false);
    let slug = StoredValue::new(proofing.slug());
    // The server is asked first: a refusal (nothing to show, too many photos, an email needed
    // for selects) is said on the page, and the PDF starts only when it will come.
    let start = move |scope: SheetScope| {
        asking.set(false);
        let check = move || check_contact_sheet(slug.get_value(), scope);
        proofing.prompts.call(check, move |_photos: u32| {
            save(&scope.url(&slug.get_value()));
            proofing.prompts.announce("Your contact sheet is being made; the PDF downloads in a moment.".to_owned());
        });
    };
    let click = move |_| {
        let selected = proofing.selects.with_untracked(|s| s.distinct_images().len());
        let choices = sheet_choices(proofing.offers(Action::SelectLists), selected);
        match choices[..] {
            [only] => start(only),
            _ => asking.set(true),
        }
    };
    Some(view! {
        <button type="button" class="secondary" on:click=click>"Contact sheet (PDF)"</button>
        {move || asking.get().then(|| {
            let frame = NodeRef::<leptos::html::Div>::new();
            let keys = crate::components::modal::modal(frame, move || asking.set(false));
            view! {
            <div class="dialog-backdrop">
                <div class="dialog stack" role="dialog" aria-modal="true" aria-label="Contact sheet" tabindex="-1"
                    node_ref=frame on:keydown=keys>
                    <h2>"Contact sheet"</h2>
                    <p>"All images or your selects?"</p>
                    {proofing.sheet_keeps_to_download_sets().then(|| view! {
                        <p class="muted">"Only photos of the sets open for download go on it."</p>
                    })}
                    <div class="row">
                        <button type="button" on:click=move |_| start(SheetScope::All)>{SheetScope::All.label()}</button>
                        <button type="button" on:click=move |_| start(SheetScope::Selects)>{SheetScope::Selects.label()}</button>
                        <button type="button" class="secondary" on:click=move |_| asking.set(false)>"Cancel"</button>
                    </div>
                </div>
            </div>
        }})}
    })
}
