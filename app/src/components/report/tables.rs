//! The report's tables.

use crate::components::when::When;
use domain::engagement::report::{DayRow, GalleryLine, ImageRow, PersonRow};
use leptos::prelude::*;

/// The chart's numbers, behind a disclosure (screen readers and the curious).
#[component]
pub(super) fn DaysTable(days: Vec<DayRow>) -> impl IntoView {
    view! {
        <details class="report-table">
            <summary>"The numbers, day by day"</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Days table">
            <table>
                <caption class="visually-hidden">"Visits, unique visitors and downloads per day"</caption>
                <thead><tr><th scope="col">"Day"</th><th scope="col">"Visits"</th><th scope="col">"Unique visitors"</th><th scope="col">"Downloads"</th></tr></thead>
                <tbody>
                    {days.into_iter().rev().map(|d| view! {
                        <tr><th scope="row">{d.day.format("%Y-%m-%d").to_string()}</th><td>{d.visits}</td><td>{d.visitors}</td><td>{d.downloads}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </details>
    }
}

#[component]
pub(super) fn ImagesTable(images: Vec<ImageRow>) -> impl IntoView {
    if images.is_empty() {
        return view! { <p class="empty">"No photo was opened, selected or downloaded in this range."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Photos table">
        <table class="report-images">
            <thead><tr><th scope="col">"Photo"</th><th scope="col">"Opened"</th><th scope="col">"Selects"</th><th scope="col">"Downloads"</th></tr></thead>
            <tbody>
                {images.into_iter().map(|i| view! {
                    <tr>
                        <th scope="row"><img src=i.thumb alt="" width="64" height="64" loading="lazy"/> {i.file_name}</th>
                        <td>{i.views}</td><td>{i.selects}</td><td>{i.downloads}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

#[component]
pub(super) fn PeopleTable(people: Vec<PersonRow>) -> impl IntoView {
    if people.is_empty() {
        return view! { <p class="empty">"Nobody gave an email address in this range."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="People table">
        <table class="report-people">
            <thead><tr><th scope="col">"Email"</th><th scope="col">"Visits"</th><th scope="col">"Selects"</th><th scope="col">"Downloads"</th><th scope="col">"Comments"</th><th scope="col">"Annotations"</th><th scope="col">"Last seen"</th></tr></thead>
            <tbody>
                {people.into_iter().map(|p| view! {
                    <tr>
                        <th scope="row">{p.email}</th><td>{p.visits}</td><td>{p.selects}</td><td>{p.downloads}</td><td>{p.comments}</td><td>{p.annotations}</td>
                        <td><When at=p.last_seen with_year=true/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

#[component]
pub(super) fn GalleriesTable(galleries: Vec<GalleryLine>) -> impl IntoView {
    if galleries.is_empty() {
        return view! { <p class="empty">"No gallery had visitors in this range."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Galleries table">
        <table class="report-galleries">
            <thead><tr><th scope="col">"Gallery"</th><th scope="col">"Visits"</th><th scope="col">"Unique visitors"</th><th scope="col">"Emails"</th><th scope="col">"Selects"</th><th scope="col">"Downloads"</th><th scope="col">"Comments"</th><th scope="col">"Annotations"</th><th scope="col">"Orders"</th></tr></thead>
            <tbody>
                {galleries.into_iter().map(|g| view! {
                    <tr>
                        <th scope="row"><a href=format!("/studio/galleries/{}?tab=report", g.gallery)>{g.title}</a></th>
                        <td>{g.totals.visits}</td><td>{g.totals.visitors}</td><td>{g.totals.emails}</td><td>{g.totals.selects}</td><td>{g.totals.downloads}</td><td>{g.totals.comments}</td><td>{g.totals.annotations}</td><td>{g.totals.orders}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}
