//! Several routers in one process (every integration test builds its own): building one never
//! stalls a page that another is rendering. Leptos walks the app for its route list with resource
//! loading switched off process-wide, so a page rendered meanwhile waited for its data for ever.

use crate::support::{Db, TestApp};
use reqwest::StatusCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn building_a_router_never_stalls_a_page_being_rendered() {
    let app = TestApp::start(Db::Sqlite).await;
    let done = Arc::new(AtomicBool::new(false));
    let builder = {
        let (state, done) = (app.state.clone(), done.clone());
        let runtime = tokio::runtime::Handle::current();
        std::thread::spawn(move || {
            let _entered = runtime.enter();
            let mut built = 0;
            while !done.load(Ordering::Relaxed) {
                drop(server::router(state.clone(), false));
                built += 1;
            }
            built
        })
    };
    for n in 0..60 {
        // Missing galleries, each from its own address so the lookup throttle stays out of it.
        let page =
            app.stranger().get(app.url(&format!("/g/missing-{n}"))).header("X-Forwarded-For", format!("10.0.{n}.1"));
        let answer = tokio::time::timeout(Duration::from_secs(10), page.send()).await;
        let answer = answer.unwrap_or_else(|_| panic!("page {n} got no answer while another router was built"));
        assert_eq!(answer.expect("page").status(), StatusCode::NOT_FOUND);
    }
    done.store(true, Ordering::Relaxed);
    assert!(builder.join().expect("builder") > 0, "routers were built meanwhile");
}
