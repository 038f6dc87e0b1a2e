//! The photographer's pages, as the routes name them. In the studio bundle (and on the server)
//! they are the pages themselves; the client bundle, which visitors download, leaves their code
//! out and has a stand-in that loads the page from the server in full (the server then sends the
//! studio bundle), so following a link from a gallery to the studio still works.

#[cfg(feature = "studio")]
pub use crate::components::report::StudioReportPage;
#[cfg(feature = "studio")]
pub use crate::pages::{
    confirm_sign_up::ConfirmSignUpPage,
    email_sent::{ResetSent, SignUpSent},
    gallery_editor::GalleryEditor,
    home::Home,
    password_reset::{ForgotPassword, ResetPasswordPage},
    price_sheets::PriceSheetsPage,
    sign_in::SignIn,
    sign_up::SignUp,
    studio::Studio,
    studio_inbox::StudioInboxPage,
    studio_settings::StudioSettingsPage,
};

#[cfg(not(feature = "studio"))]
pub use stand_in::{
    FullLoad as ConfirmSignUpPage, FullLoad as ResetSent, FullLoad as SignUpSent, FullLoad as GalleryEditor,
    FullLoad as Home, FullLoad as ForgotPassword, FullLoad as ResetPasswordPage, FullLoad as PriceSheetsPage,
    FullLoad as SignIn, FullLoad as SignUp, FullLoad as Studio, FullLoad as StudioSettingsPage,
    FullLoad as StudioReportPage, FullLoad as StudioInboxPage,
};

#[cfg(not(feature = "studio"))]
mod stand_in {
    use leptos::prelude::*;

    /// Loads the current address from the server (which answers with the studio bundle).
    #[component]
    pub fn FullLoad() -> impl IntoView {
        Effect::new(move |_| {
            let _ = window().location().reload();
        });
        view! { <p class="loading">"Opening…"</p> }
    }
}
