
// (Added by tools/bundle.sh.) The loader fetches a part's files with this rather than `fetch`:
// while the link is down, or the server answers 5xx, it tries again, when the browser is back
// online or after a pause that doubles up to 30 s. A part that cannot be loaded stops the app
// (a `#[lazy]` function panics), so a photo opened on a train between two masts must wait for
// its part, not kill the page. Any other answer (a 404 after a deploy, say) is final, as before.
async function fetchPart(url) {
  for (let pause = 500; ; pause = Math.min(2 * pause, 30000)) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return response;
    } catch (_) {
      // A network error: the link is down, or the request was cut.
    }
    await new Promise((resume) => {
      if (navigator.onLine) setTimeout(resume, pause);
      else addEventListener("online", resume, { once: true });
    });
  }
}
