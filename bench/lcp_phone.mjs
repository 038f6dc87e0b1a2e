// One cold load of a client gallery on an emulated phone (Pixel 7, slow 4G: 1.6 Mbit/s down,
// 750 kbit/s up, 150 ms round trip; CPU 4x slower; empty cache), in Debian's Chromium. Prints
// JSON: largest contentful paint, cumulative layout shift (after 3 s of rest) and the time the
// app is interactive (hydrated: its buttons work), all from navigation start, in ms.
//
//   node bench/lcp_phone.mjs http://127.0.0.1:3199/g/large
//   TRACE=1 node bench/lcp_phone.mjs …   (also prints each request's timing to stderr)
//   PROFILE=load.cpuprofile node bench/lcp_phone.mjs …   (also writes a CPU profile of the load,
//     from navigation to interactive; bench/profile_summary.py sums it by function)
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(root, "end2end", "package.json"));
const { chromium, devices } = require("playwright-core");

const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const context = await browser.newContext({ ...devices["Pixel 7"] });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Network.enable");
await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
await cdp.send("Network.emulateNetworkConditions", {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (750 * 1000) / 8,
});
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
await page.addInitScript(() => {
  const w = window;
  w.__lcp = 0;
  w.__cls = 0;
  w.__interactive = null;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) w.__cls += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  new MutationObserver((_, observer) => {
    if (document.body && document.body.hasAttribute("data-hydrated")) {
      w.__interactive = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
});
if (process.env.PROFILE) {
  // A sample every 200 µs of the (throttled) main thread.
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
}
await page.goto(url, { waitUntil: "load", timeout: 120_000 });
await page.waitForFunction(() => window.__interactive !== null, null, { timeout: 120_000 });
if (process.env.PROFILE) {
  const { profile } = await cdp.send("Profiler.stop");
  writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}
await page.waitForTimeout(3000);
const result = await page.evaluate(() => ({ lcp: window.__lcp, cls: window.__cls, interactive: window.__interactive }));
const bytes = await page.evaluate(() =>
  performance.getEntriesByType("resource").reduce((sum, r) => sum + (r.transferSize || 0), 0) +
  (performance.getEntriesByType("navigation")[0]?.transferSize || 0),
);
if (process.env.TRACE) {
  // What was fetched when (TRACE=1): [path, start, end (ms from navigation), bytes, initiator].
  const entries = await page.evaluate(() =>
    performance.getEntriesByType("resource").map((r) =>
      [r.name.replace(location.origin, "").slice(0, 70), Math.round(r.startTime), Math.round(r.responseEnd), r.transferSize, r.initiatorType]),
  );
  for (const entry of entries) console.error(JSON.stringify(entry));
}
console.log(JSON.stringify({ ...result, bytes }));
await browser.close();
