//! The downloads log of a gallery: who, which image, which size, when, how many bytes.

use crate::api::downloads::downloads_log;
use domain::ids::GalleryId;
use leptos::prelude::*;

/// The log, newest first.
#[component]
pub fn DownloadsLog(gallery: GalleryId) -> impl IntoView {
    let log = crate::resource::resource(|| (), move |()| downloads_log(gallery));
    view! {
        <section class="card">
            <h2>"Downloads"</h2>
            <Transition fallback=|| view! { <p>"Loading the log…"</p> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">"Nothing downloaded yet."</p> }.into_any(),
                        Ok(rows) => view! {
                            <table class="log">
                                <thead><tr><th>"When (UTC)"</th><th>"Who"</th><th>"Link"</th><th>"Photo"</th><th>"Size"</th><th>"Bytes"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|row| view! {
                                        <tr>
                                            <td>{row.at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                            <td>{row.email.clone().unwrap_or_else(|| "—".to_owned())}
                                                <span class="muted">{format!(" {}", row.role.map_or("You", |r| r.label()))}</span></td>
                                            <td>{row.link_label.clone().unwrap_or_else(|| if row.role.is_some() { "Public link" } else { "—" }.to_owned())}</td>
                                            <td>{row.file_name.clone()}{row.in_zip.then_some(" (in a ZIP)")}</td>
                                            <td>{row.size.clone()}</td>
                                            <td class="num">{human_bytes(row.bytes)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn human_bytes(bytes: u64) -> String {
    match bytes {
        0..1_000_000 => format!("{:.0} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}
