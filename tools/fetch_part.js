
// (Added by tools/bundle.sh.) The loader fetches a part's files with this rather than `fetch`:
// while the link is down, or the server answers 5xx, it tries again, when the browser is back
// online or after a pause that doubles up to 30 s. A part that cannot be loaded stops the app
// (a `#[lazy]` function panics), so a photo opened on a train between two masts must wait for
// its part, not kill the page; hence no limit on the tries either. The whole file is read here,
// so a link that drops mid-file is tried again too (`instantiateStreaming` would only fail).
// Any other answer (a 404 after a deploy, say) is final, as before.
async function fetchPart(url) {
  for (let pause = 500; ; pause = Math.min(2 * pause, 30000)) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        const bytes = await response.arrayBuffer();
        return new Response(bytes, { headers: { "Content-Type": "application/wasm" } });
      }
      if (response.status < 500) return response;
      response.body?.cancel();
    } catch (_) {
      // A network error: the link is down, or the request or the file was cut.
    }
    await new Promise((resume) => {
      if (navigator.onLine) setTimeout(resume, pause);
      else addEventListener("online", resume, { once: true });
    });
  }
}
