//! The Invite tab: the public link switch, links for main clients and people the photographer
//! invites, "secure links" with chosen role, sets and last day, the list of live links with
//! revoke, the invitations emailed from it and every share email the clients had sent, each
//! with what became of its mail.

use crate::api::access::{CreateLink, RevokeLink, SetPublicLink, invitations, list_links, share_emails};
use crate::components::clipboard::{self, with_origin};
use crate::components::error_note::ActionError;
use crate::components::invite_email::{InviteDraft, InviteDrafts, InviteEmail};
use crate::components::when::When;
use domain::dto::SetView;
use domain::engagement::notifications::MailDelivery;
use domain::ids::{GalleryId, SetId};
use domain::links::{AccessLinkView, LinkForm};
use domain::policy::Role;
use leptos::prelude::*;

/// The Invite tab of a gallery with `sets`, at `slug`, whose public link is `public_link`.
#[component]
pub fn InvitePanel(gallery: GalleryId, slug: String, sets: Vec<SetView>, public_link: bool) -> impl IntoView {
    let create = ServerAction::<CreateLink>::new();
    let revoke = ServerAction::<RevokeLink>::new();
    let links = crate::resource::resource(
        move || (create.version().get(), revoke.version().get()),
        move |_| list_links(gallery),
    );
    let public = RwSignal::new(public_link);
    let drafts = InviteDrafts::default();
    // Bumped by each invitation sent, so the list of sent ones shows it.
    let invited = RwSignal::new(0u32);
    let label = RwSignal::new(String::new());
    let role = RwSignal::new(Role::MainClient);
    let whole = RwSignal::new(true);
    let chosen = RwSignal::new(Vec::<SetId>::new());
    let expires = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = LinkForm {
            label: label.get_untracked(),
            role: role.get_untracked(),
            sets: (!whole.get_untracked()).then(|| chosen.get_untracked()),
            expires_on: chrono::NaiveDate::parse_from_str(&expires.get_untracked(), "%Y-%m-%d").ok(),
        };
        create.dispatch(CreateLink { id: gallery, form });
    };
    // A link made: the form is ready for the next person.
    Effect::watch(
        move || create.version().get(),
        move |_, _, _| {
            if matches!(create.value().get_untracked(), Some(Ok(_))) {
                label.set(String::new());
            }
        },
        false,
    );
    let set_names = StoredValue::new(sets.clone());
    view! {
        <PublicLinkCard gallery slug public/>
        <section class="card">
            <h2>"Invite"</h2>
            <p class="muted">"Each link carries who it is for. Main clients are the people the gallery was made for; people you invite (a planner, an agency) get their own rights. Limit a link to some sets, or let it end on a day."</p>
            <form class="stack invite-form" on:submit=submit>
                <label>"Who is it for" <input type="text" name="label" placeholder="Anna & Tom" maxlength="80"
                    prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev))/></label>
                <fieldset>
                    <legend>"Role"</legend>
                    <label class="check"><input type="radio" name="role" value="main_client" checked
                        on:change=move |_| role.set(Role::MainClient)/>"Main client"</label>
                    <label class="check"><input type="radio" name="role" value="photographer_invited"
                        on:change=move |_| role.set(Role::PhotographerInvited)/>"Someone I invite"</label>
                </fieldset>
                {(!sets.is_empty()).then(|| view! {
                    <fieldset>
                        <legend>"What it shows"</legend>
                        <label class="check"><input type="checkbox" name="whole" prop:checked=move || whole.get()
                            on:change=move |ev| whole.set(event_target_checked(&ev))/>"The whole gallery"</label>
                        {move || (!whole.get()).then(|| sets.iter().map(|set| {
                            let id = set.id;
                            view! {
                                <label class="check"><input type="checkbox" name=format!("set_{id}")
                                    prop:checked=move || chosen.with(|c| c.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| { c.retain(|s| *s != id); if on { c.push(id); } });
                                    }/>{set.name.clone()}</label>
                            }
                        }).collect_view())}
                    </fieldset>
                })}
                <label>"Last day (optional)" <input type="date" name="expires_on"
                    on:change=move |ev| expires.set(event_target_value(&ev))/></label>
                <button type="submit">"Make link"</button>
            </form>
            <ActionError value=create.value()/>
        </section>
        <section class="card">
            <h2>"Live links"</h2>
            <Transition fallback=|| view! { <p>"Loading links…"</p> }>
                {move || Suspend::new(async move {
                    match links.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No links yet: make one above for each person or group you share the gallery with."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="links">
                                {list.into_iter().map(|link| link_row(gallery, link, set_names.get_value(), revoke, public, drafts, invited)).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <ActionError value=revoke.value()/>
        </section>
        <SentInvitations gallery invited/>
        <ShareEmails gallery/>
    }
}

/// The public link switch, with what it means for revoking.
#[component]
fn PublicLinkCard(gallery: GalleryId, slug: String, public: RwSignal<bool>) -> impl IntoView {
    let save = ServerAction::<SetPublicLink>::new();
    let address = format!("/g/{slug}");
    Effect::new(move |_| {
        if let Some(Err(_)) = save.value().get() {
            // Show what the server still has.
            public.set(!public.get_untracked());
        }
    });
    view! {
        <section class="card">
            <h2>"Public link"</h2>
            <label class="check">
                <input type="checkbox" name="public_link" prop:checked=move || public.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        public.set(on);
                        save.dispatch(SetPublicLink { id: gallery, on });
                    }/>
                "Anyone with the gallery address can view as a guest"
            </label>
            <p class="muted" role="status">{move || if public.get() {
                format!("On: anyone who has {address} sees the gallery as a guest. Revoking a link below takes away that link's role and sets, but its holder can still view the gallery as a guest at this address. Turn the public link off to close the gallery to everyone without a link.")
            } else {
                format!("Off: only the links below open this gallery; {address} answers \"not found\" to everyone else. Revoking a link closes the gallery to its holder at once.")
            }}</p>
            <ActionError value=save.value()/>
        </section>
    }
}

/// The invitations emailed from this tab, newest first, each with what became of its mail: a
/// refused one (an address mistyped) is shown as such, with the mail server's words.
#[component]
fn SentInvitations(gallery: GalleryId, invited: RwSignal<u32>) -> impl IntoView {
    let checked = RwSignal::new(0u32);
    let sent = crate::resource::resource(move || (invited.get(), checked.get()), move |_| invitations(gallery));
    view! {
        <section class="card">
            <h2>"Invitations sent"</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match sent.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No invitations yet: use “Send by email” on a link above."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="links">
                                {list.into_iter().map(|i| {
                                    let trouble = i.delivery.is_trouble();
                                    view! {
                                        <li class="sent-row" class:trouble=trouble>
                                            <div>
                                                <strong>{i.recipient.clone()}</strong>
                                                " · " {i.link_label.clone()}
                                                " · " <span class="muted"><When at=i.at with_year=true/></span>
                                            </div>
                                            <p class=if trouble { "error" } else { "muted" }>{delivery_note(&i.delivery)}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <button type="button" class="secondary" on:click=move |_| checked.update(|n| *n += 1)>"Check again"</button>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The share emails the gallery's clients had sent, so the photographer sees who got a link.
#[component]
fn ShareEmails(gallery: GalleryId) -> impl IntoView {
    let sent = crate::resource::resource(|| (), move |_| share_emails(gallery));
    view! {
        <section class="card">
            <h2>"Shared by email"</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match sent.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"Your clients have not emailed the gallery to anyone."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="links">
                                {list.into_iter().map(|s| view! {
                                    <li class="link-row">
                                        <div>
                                            <strong>{s.recipient.clone()}</strong>
                                            " · " {format!("by {}", s.shared_by)}
                                            " · " <span class="muted"><When at=s.at with_year=true/></span>
                                            {s.revoked.then(|| view! { " · " <span class="muted">"link revoked"</span> })}
                                        </div>
                                        {(!s.note.is_empty()).then(|| view! { <p class="note">{s.note.clone()}</p> })}
                                        {s.delivery.clone().map(|d| view! {
                                            <p class=if d.is_trouble() { "error" } else { "muted" }>{delivery_note(&d)}</p>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn link_row(
    gallery: GalleryId,
    link: AccessLinkView,
    sets: Vec<SetView>,
    revoke: ServerAction<RevokeLink>,
    public: RwSignal<bool>,
    drafts: InviteDrafts,
    invited: RwSignal<u32>,
) -> impl IntoView {
    let scope = match &link.sets {
        None => "Whole gallery".to_owned(),
        Some(ids) => {
            let names: Vec<String> = sets.iter().filter(|s| ids.contains(&s.id)).map(|s| s.name.clone()).collect();
            // Its sets were deleted: it shows nothing (never the whole gallery).
            if names.is_empty() { "No sets left: shows nothing".to_owned() } else { names.join(", ") }
        }
    };
    let expiry = link.last_day.map(|day| {
        let last_day = day.format("%e %b %Y").to_string();
        if link.expired { format!("Expired {last_day}") } else { format!("Until {last_day}") }
    });
    let path = link.path.clone();
    let id = link.id;
    let label = link.label.clone();
    let copied = RwSignal::new(false);
    view! {
        <li class="link-row" data-role=link.role.as_str()>
            <div>
                <strong>{link.label.clone()}</strong>
                " · " {link.role.label()} " · " {scope}
                {expiry.map(|e| view! { " · " <span class="muted">{e}</span> })}
            </div>
            <input class="link-url" type="text" readonly value=path.clone() aria-label=format!("Link for {}", link.label)
                on:focus=move |ev| clipboard::show_full_address(&ev)/>
            <div class="link-tools">
            <button type="button" class="secondary" aria-label={
                let label = link.label.clone();
                move || if copied.get() { format!("Copied {label}’s link") } else { format!("Copy {label}’s link") }
            } on:click={
                let path = path.clone();
                move |_| {
                    clipboard::copy(&with_origin(&path), move |done| copied.set(done));
                }
            }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
            <button type="button" class="secondary" on:click=move |_| {
                let question = if public.get_untracked() {
                    format!("Revoke the link for {label}? Whoever has it loses its role and sets at once, and every link shared from it stops too. The public link is on, so they can still view the gallery as a guest.")
                } else {
                    format!("Revoke the link for {label}? Whoever has it loses access at once, and every link shared from it stops too.")
                };
                if crate::components::confirm::ask(&question) {
                    revoke.dispatch(RevokeLink { id: gallery, link: id });
                }
            }>"Revoke"</button>
            </div>
            {(!link.expired).then(|| view! { <InviteEmail gallery link=id draft=drafts.of(id, || InviteDraft::new(&link.label)) invited/> })}
        </li>
    }
}

/// What became of a mail: its sentence, and when it went.
fn delivery_note(delivery: &MailDelivery) -> impl IntoView + use<> {
    let at = match delivery {
        MailDelivery::Sent { at } => Some(*at),
        _ => None,
    };
    view! { {delivery.sentence()} {at.map(|at| view! { " " <When at=at with_year=true/> })} }
}
