//! A view whose code is a lazy part of the bundle (a `#[lazy]` function, cut out by
//! tools/bundle.sh): nothing shows until its part has arrived, the first time it is asked for;
//! after that, and on the server (where nothing is split), at once.

use leptos::prelude::*;

/// Shows the view `lazy` (the call of a `#[lazy]` function) once its part of the bundle is in.
pub fn on_demand(lazy: impl Future<Output = AnyView> + Send + 'static) -> impl IntoView {
    view! { <Suspense fallback=|| ()>{Suspend::new(lazy)}</Suspense> }
}
