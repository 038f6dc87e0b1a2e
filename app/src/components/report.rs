//! The engagement report: a gallery's (the editor's Report tab) and the studio's overview
//! (`/studio/report`). Rendered on the server and readable without JavaScript: the range is a
//! plain GET form, the chart is SVG with a title, a description and its numbers as a table, and
//! every table has its CSV.

mod chart;
mod tables;

use crate::api::engagement::{ForgetPerson, load_gallery_report, load_studio_report};
use crate::error::AppError;
use chart::DayChart;
use domain::dto::Forgotten;
use domain::engagement::report::{DayRow, ReportRange, Totals};
use domain::ids::GalleryId;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tables::{DaysTable, GalleriesTable, ImagesTable, PeopleTable};

/// The range the address asks for (`?from=&to=`), as given.
fn asked() -> impl Fn() -> (Option<String>, Option<String>) + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        let q = query.read();
        (q.get("from"), q.get("to"))
    }
}

/// A gallery's report, in the editor's Report tab.
#[component]
pub fn GalleryReportPanel(gallery: GalleryId) -> impl IntoView {
    let asked = asked();
    let forget = ServerAction::<ForgetPerson>::new();
    let report = crate::resource::resource(
        move || (asked(), forget.version().get()),
        move |((from, to), _)| load_gallery_report(gallery, from, to),
    );
    view! {
        <Transition fallback=|| view! { <p>"Loading the report…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(r) => {
                        let csv = move |table: &str| format!(
                            "/export/galleries/{}/report/{table}.csv?{}", r.gallery, range_query(r.range));
                        view! {
                            <RangeForm range=r.range today=r.today action=format!("/studio/galleries/{}", r.gallery) tab=true/>
                            <TotalsList totals=r.totals/>
                            <DaysCard days=r.days.clone() csv=csv("days") zone=r.time_zone.clone()/>
                            <section class="card">
                                <h2>"Photos"</h2>
                                <p class="muted">"The photos clients selected, downloaded and opened most."</p>
                                <ImagesTable images=r.images.clone()/>
                                <a class="button secondary" href=csv("images") download>"Download photos (CSV)"</a>
                            </section>
                            <section class="card">
                                <h2>"People"</h2>
                                <p class="muted">"Everyone who gave an email address in this gallery. Only your studio sees these addresses."</p>
                                <PeopleTable people=r.people.clone()/>
                                <a class="button secondary" href=csv("people") download>"Download people (CSV)"</a>
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
        <ForgetPersonCard gallery forget/>
    }
}

/// Forgetting a person (a client who asks to be erased): outside the report, so what it said
/// stays while the report is read again. It cannot be undone, so it is asked first, which needs
/// the page's script: there is no form to post without it.
#[component]
fn ForgetPersonCard(gallery: GalleryId, forget: ServerAction<ForgetPerson>) -> impl IntoView {
    let email = NodeRef::<leptos::html::Input>::new();
    let asked_for = RwSignal::new(String::new());
    let done = move || match forget.value().get() {
        Some(Ok(Forgotten { found: false, .. })) => {
            format!("Nothing in this gallery is kept under {}. Check the address.", asked_for.get())
        }
        Some(Ok(Forgotten { orders_kept: 0, .. })) => {
            "Forgotten: nothing of theirs is left in this gallery.".to_owned()
        }
        Some(Ok(Forgotten { orders_kept: 1, .. })) => {
            "Forgotten. Their order stays: it is the record of a sale, and their way to their files.".to_owned()
        }
        Some(Ok(Forgotten { orders_kept, .. })) => format!(
            "Forgotten. Their {orders_kept} orders stay: they are the records of sales, and their way to their files."
        ),
        _ => String::new(),
    };
    let ask = move || {
        if forget.pending().get_untracked() {
            return;
        }
        let Some(input) = email.get_untracked() else { return };
        let address = input.value().trim().to_owned();
        if address.is_empty() {
            let _ = input.focus();
            return;
        }
        let question = format!(
            "Forget {address} in this gallery? Their selects, comments and notes go for good. This cannot be undone."
        );
        if crate::components::confirm::ask(&question) {
            asked_for.set(address.clone());
            forget.dispatch(ForgetPerson { id: gallery, email: address });
        }
    };
    view! {
        <section class="card" aria-labelledby="forget-person">
            <h2 id="forget-person">"Forget a person"</h2>
            <p class="muted">"When a client asks to be erased: their selects, comments, notes and mails go, and their address leaves the downloads log and this report. Their orders stay."</p>
            <div class="inline-form">
                <label>"Email address"
                    <input type="email" autocomplete="off" node_ref=email
                        on:keydown=move |ev| if ev.key() == "Enter" && !ev.is_composing() { ev.prevent_default(); ask(); }/>
                </label>
                <button type="button" class="secondary danger" disabled=move || forget.pending().get()
                    on:click=move |_| ask()>"Forget this person"</button>
            </div>
            <p class=move || if matches!(forget.value().get(), Some(Ok(Forgotten { found: false, .. }))) { "error" } else { "ok" }
                role="status">{done}</p>
            <crate::components::error_note::ActionError value=forget.value()/>
        </section>
    }
}

/// `/studio/report`: every gallery's activity.
#[component]
pub fn StudioReportPage() -> impl IntoView {
    let asked = asked();
    let report = crate::resource::resource(asked, |(from, to)| load_studio_report(from, to));
    view! {
        <leptos_meta::Title text="Reports · Proofroom"/>
        <header class="topbar">
            <a class="brand" href="/studio">"← Galleries"</a>
        </header>
        <main class="wide report">
            <h1>"Reports"</h1>
            <Transition fallback=|| view! { <p>"Loading the report…"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => {
                            let csv = move |table: &str| format!("/export/studio/report/{table}.csv?{}", range_query(r.range));
                            view! {
                                <RangeForm range=r.range today=r.today action="/studio/report".to_owned() tab=false/>
                                <TotalsList totals=r.totals/>
                                <DaysCard days=r.days.clone() csv=csv("days") zone=r.time_zone.clone()/>
                                <section class="card">
                                    <h2>"Galleries"</h2>
                                    <GalleriesTable galleries=r.galleries.clone()/>
                                    <a class="button secondary" href=csv("galleries") download>"Download galleries (CSV)"</a>
                                </section>
                            }.into_any()
                        }
                        Err(AppError::Unauthenticated) => view! { <p>"Sign in to see your reports. " <a href="/signin">"Sign in"</a></p> }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// `from=…&to=…` for links that keep the range.
fn range_query(range: ReportRange) -> String {
    format!("from={}&to={}", ReportRange::key(range.from), ReportRange::key(range.to))
}

/// The range picker: two dates and quick ranges, as a GET form (it works without JavaScript).
#[component]
fn RangeForm(range: ReportRange, today: chrono::NaiveDate, action: String, tab: bool) -> impl IntoView {
    let quick = |days: u64, label: &'static str| {
        let from = today - chrono::Days::new(days - 1);
        let extra = if tab { "tab=report&" } else { "" };
        let href = format!("{action}?{extra}from={}&to={}", ReportRange::key(from), ReportRange::key(today));
        let current = range.from == from && range.to == today;
        view! { <a href=href aria-current=current.then_some("page")>{label}</a> }
    };
    let earliest = ReportRange::key(ReportRange::earliest(today));
    view! {
        <form class="report-range" method="get" action=action.clone()>
            {tab.then(|| view! { <input type="hidden" name="tab" value="report"/> })}
            <label>"From" <input type="date" name="from" value=ReportRange::key(range.from) prop:value=ReportRange::key(range.from) min=earliest.clone() max=ReportRange::key(today)/></label>
            <label>"To" <input type="date" name="to" value=ReportRange::key(range.to) prop:value=ReportRange::key(range.to) min=earliest max=ReportRange::key(today)/></label>
            <button type="submit">"Show"</button>
            <nav class="quick-ranges" aria-label="Quick ranges">
                {quick(7, "Last 7 days")}
                {quick(30, "Last 30 days")}
                {quick(365, "Last 12 months")}
            </nav>
        </form>
    }
}

/// Visits and downloads per day: the chart, its numbers, and their CSV at `csv`.
#[component]
fn DaysCard(days: Vec<DayRow>, csv: String, zone: String) -> impl IntoView {
    view! {
        <section class="card report-days">
            <h2>"Visits and downloads per day"</h2>
            <p class="muted">
                {format!("Days run from midnight to midnight in {zone}, your studio's time zone (")}
                <a href="/studio/settings">"Settings"</a>")."
            </p>
            <DayChart days=days.clone()/>
            <DaysTable days/>
            <a class="button secondary" href=csv download>"Download days (CSV)"</a>
        </section>
    }
}

/// The totals as a list of figures.
#[component]
fn TotalsList(totals: Totals) -> impl IntoView {
    let figures = [
        ("Visits", totals.visits),
        ("Unique visitors", totals.visitors),
        ("Photos opened", totals.views),
        ("Emails collected", totals.emails),
        ("Selects", totals.selects),
        ("Comments", totals.comments),
        ("Annotations", totals.annotations),
        ("Shares", totals.shares),
        ("Downloads", totals.downloads),
        ("ZIPs", totals.zips),
        ("Orders", totals.orders),
    ];
    view! {
        <dl class="report-totals">
            {figures.into_iter().map(|(label, n)| view! {
                <div><dt>{label}</dt><dd>{n.to_string()}</dd></div>
            }).collect_view()}
        </dl>
        <p class="muted small">"Unique visitors are counted day by day: to keep visitors' addresses private, a visitor is recognised within a day only. Selects are the stars given in these days (a photo starred again the same day counts once); the Selects tab shows what each person has starred now."</p>
    }
}
