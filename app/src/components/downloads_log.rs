//! The downloads log of a gallery: totals, then one line per download — who, through which
//! link, which size, when, how much — a ZIP as one line whose photos unfold beneath it.

use crate::api::downloads::read_downloads_log;
use crate::components::when::When;
use domain::downloads::{Downloader, human_bytes};
use domain::downloads_log::{DownloadLine, DownloadTotals};
use domain::ids::GalleryId;
use leptos::prelude::*;

/// The log, newest first.
#[component]
pub fn DownloadsLog(gallery: GalleryId) -> impl IntoView {
    let log = crate::resource::resource(|| (), move |()| read_downloads_log(gallery));
    view! {
        <section class="card">
            <h2>"Downloads"</h2>
            <Transition fallback=|| view! { <p>"Loading the log…"</p> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Ok(log) if log.lines.is_empty() => view! { <p class="muted">"Nothing downloaded yet."</p> }.into_any(),
                        Ok(log) => view! {
                            {totals(log.totals)}
                            <p><a class="button secondary" href=format!("/export/galleries/{gallery}/downloads.csv") download>"Download the whole log (CSV)"</a></p>
                            {log.truncated.then(|| view! { <p class="muted">"The list below shows the latest downloads; the totals count them all."</p> })}
                            // Six columns need more than a phone's width: the table scrolls on its own.
                            <div class="table-scroll" tabindex="0" role="region" aria-label="Downloads">
                            <table class="log">
                                <thead><tr><th>"When"</th><th>"Who"</th><th>"Link"</th><th>"What"</th><th>"Size"</th><th class="num">"Bytes"</th></tr></thead>
                                <tbody>{log.lines.into_iter().map(line).collect_view()}</tbody>
                            </table>
                            </div>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn totals(t: DownloadTotals) -> impl IntoView {
    let people = match t.people {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    };
    view! {
        <dl class="log-totals">
            <div><dt>"ZIPs"</dt><dd>{t.zips}</dd></div>
            <div><dt>"Single photos"</dt><dd>{t.singles}</dd></div>
            <div><dt>"Photos sent"</dt><dd>{t.files}</dd></div>
            <div><dt>"Data sent"</dt><dd>{human_bytes(t.bytes)}</dd></div>
            <div><dt>"By email"</dt><dd>{people}</dd></div>
        </dl>
    }
}

fn line(line: DownloadLine) -> impl IntoView {
    let what = if line.zip {
        let count = match line.files.len() {
            1 => "ZIP · 1 photo".to_owned(),
            n => format!("ZIP · {n} photos"),
        };
        view! {
            <details class="zip-files">
                <summary>{count}</summary>
                <ol>{line.files.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ol>
            </details>
        }
        .into_any()
    } else {
        line.files.into_iter().next().unwrap_or_default().into_any()
    };
    view! {
        <tr>
            <td><When at=line.at with_year=true/></td>
            <td>{line.email.clone().unwrap_or_else(|| "—".to_owned())}
                <span class="muted">{format!(" {}", match line.who { Downloader::Photographer => "You", who => who.label() })}</span></td>
            <td>{line.link_label.clone().unwrap_or_else(|| if line.who.role().is_some() { "Public link" } else { "—" }.to_owned())}</td>
            <td>{what}</td>
            <td>{line.size}</td>
            <td class="num">{human_bytes(line.bytes)}</td>
        </tr>
    }
}
