import { type Locator, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createServer, request as forward } from "node:http";
import type { AddressInfo } from "node:net";
import { DESKTOP_ONLY, hydrated } from "./helpers";

// The 1,000-photo gallery `server seed-large` makes before the browser tests' server starts
// (playwright.config.ts): four sets of 250, public link on.
const GALLERY = "/g/large";
const TOTAL = 1000;

/** Signs in as the demo studio and opens the editor of `large-editor` (250 photos). */
async function openLargeEditor(page: Page) {
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("Email").fill("demo@proofroom.local");
  await page.getByLabel("Password").fill("proofroom-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/studio$/);
  const href = await page.locator("a[href^='/studio/galleries/']").filter({ hasText: "250 photos" }).first().getAttribute("href");
  await page.goto(href!);
  await hydrated(page);
}

/** Drags `from` onto `to` with the browser's drag-and-drop events (one shared DataTransfer). */
async function drag(page: Page, from: Locator, to: Locator) {
  const data = await page.evaluateHandle(() => new DataTransfer());
  await from.dispatchEvent("dragstart", { dataTransfer: data });
  await to.dispatchEvent("dragenter", { dataTransfer: data });
  await to.dispatchEvent("dragover", { dataTransfer: data });
  await to.dispatchEvent("drop", { dataTransfer: data });
  await from.dispatchEvent("dragend", { dataTransfer: data });
}

/** Sums the layout shifts the page reports (none caused by input). */
async function watchLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    (window as any).__cls = 0;
    (window as any).__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as any[]) {
        if (entry.hadRecentInput) continue;
        (window as any).__cls += entry.value;
        // What moved, so a failure says where to look.
        const moved = (entry.sources ?? []).map((s: any) => {
          const node = s.node as Element | null;
          const name = node ? `${node.nodeName.toLowerCase()}.${(node.className || "").toString().split(" ").join(".")}` : "?";
          return `${name} ${JSON.stringify(s.previousRect)}→${JSON.stringify(s.currentRect)}`;
        });
        (window as any).__shifts.push(`${entry.value.toFixed(4)} at ${Math.round(entry.startTime)} ms: ${moved.join("; ")}`);
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/**
 * A proxy in front of the app that sends a page's HTML in two parts, `pause` ms apart, the second
 * starting at `cut`: a page as a slow or busy link brings it. Everything else passes through.
 */
async function slowPageProxy(target: string, cut: string, pause: number) {
  const app = new URL(target);
  const proxy = createServer((request, response) => {
    const headers = { ...request.headers, host: app.host, "accept-encoding": "identity" };
    const upstream = forward({ host: app.hostname, port: app.port, path: request.url, method: request.method, headers }, (answer) => {
      if (!(answer.headers["content-type"] ?? "").startsWith("text/html")) {
        response.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(response);
        return;
      }
      const parts: Buffer[] = [];
      answer.on("data", (part: Buffer) => parts.push(part));
      answer.on("end", () => {
        const html = Buffer.concat(parts).toString();
        const at = html.indexOf(cut);
        if (at <= 0) throw new Error(`the page has no ${cut}`);
        const { "content-length": _, "transfer-encoding": __, ...kept } = answer.headers;
        response.writeHead(answer.statusCode!, kept);
        response.write(html.slice(0, at));
        setTimeout(() => response.end(html.slice(at)), pause);
      });
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, close: () => proxy.close() };
}

test("a page whose HTML arrives in parts is painted whole: nothing on it moves", async ({ page, baseURL }) => {
  // The second part starts with the hero's buttons: painted without them, the title above would
  // rise when they came.
  const proxy = await slowPageProxy(baseURL!, '<div class="hero-actions">', 800);
  try {
    await watchLayoutShifts(page);
    await page.goto(`${proxy.url}${GALLERY}`);
    await hydrated(page);
    await expect(page.getByRole("button", { name: "Contact sheet (PDF)" })).toBeVisible();
    const shifts: string[] = await page.evaluate(() => (window as any).__shifts);
    expect(await page.evaluate(() => (window as any).__cls), `layout shift:\n${shifts.join("\n")}`).toBe(0);
  } finally {
    proxy.close();
  }
});

test("scrolling a 1,000-photo gallery to the end shows every photo once, without shifting", async ({ page }) => {
  await watchLayoutShifts(page);
  // Every preview fetched: the sizes asked for each photo.
  const grid = new Map<string, string[]>();
  page.on("request", (request) => {
    const found = request.url().match(/\/media\/([0-9a-f-]{36})\/(\d+)$/);
    if (found) grid.set(found[1], [...(grid.get(found[1]) ?? []), found[2]]);
  });
  const response = await page.goto(GALLERY);
  const html = await response!.text();
  expect((html.match(/class="tile"/g) ?? []).length, "the server renders one page, not the gallery").toBe(60);
  await hydrated(page);

  const seen = new Set<string>();
  for (let step = 0; step < 400; step++) {
    for (const id of await page.locator(".grid .tile").evaluateAll((tiles) => tiles.map((t) => t.getAttribute("data-image")!))) {
      seen.add(id);
    }
    if (seen.size === TOTAL && (await page.locator(".page-link.later").count()) === 0) break;
    await page.mouse.wheel(0, 1200);
    await page.waitForTimeout(60);
  }
  expect(seen.size, "photos seen").toBe(TOTAL);
  // Pages far above give their tiles back: the page never holds the whole gallery.
  expect(await page.locator(".grid .tile").count()).toBeLessThan(TOTAL / 2);
  // The cover is also a tile: on a desktop, its tile is a smaller file than the cover's.
  const cover = (await page.locator(".hero-image").getAttribute("src"))!.split("/")[2];
  const twice = [...grid.entries()].filter(([id, sizes]) => sizes.length > 1 && id !== cover);
  expect(twice, "no grid image is fetched twice").toEqual([]);
  if (test.info().project.name === "phone") {
    // A phone's cover is the 960 px file, which its tile takes from the cache.
    expect(grid.get(cover), "the cover's photo is fetched once, in one size").toEqual(["960"]);
  }
  const shifts: string[] = await page.evaluate(() => (window as any).__shifts);
  expect(await page.evaluate(() => (window as any).__cls), `layout shift:\n${shifts.join("\n")}`).toBe(0);
});

test("a page the visitor outruns has its room held, and nothing moves when it comes", async ({ page }) => {
  await watchLayoutShifts(page);
  // The next page is answered only when the test lets it go: the visitor is ahead of the network.
  let letGo = () => {};
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  await page.route(/\/api\/client\/page/, async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(GALLERY);
  await hydrated(page);
  // The second page's room: its 60 photos' shapes, in the rows the page will have.
  const coming = page.locator(".grid-page.coming");
  await expect(coming.locator(".tile-shape")).toHaveCount(60);
  const room = (await coming.boundingBox())!.height;
  expect(room, "the room of 60 photos").toBeGreaterThan(500);
  // The visitor scrolls through the first page and the room of the second, and on.
  for (let step = 0; step < 60 && (await coming.evaluate((el) => el.getBoundingClientRect().bottom)) > 0; step++) {
    await page.mouse.wheel(0, 1200);
    await page.waitForTimeout(60);
  }
  // Four screens on, past where the third page will be.
  for (let step = 0; step < 4; step++) {
    await page.mouse.wheel(0, 1200);
    await page.waitForTimeout(60);
  }
  await expect(page.locator(".page-link.later")).toContainText("Loading more photos");
  // The footer (and the link) stay at the gallery's end, behind the room of the pages to come.
  await expect(page.locator(".client-footer")).not.toBeInViewport();

  letGo();
  const arrived = page.locator(".grid-page[data-page='2']");
  // (Given time: on a loaded CI machine the held requests may take a while once let go.)
  await expect(arrived.locator(".tile")).toHaveCount(60, { timeout: 60_000 });
  expect((await arrived.boundingBox())!.height, "the page takes the room held for it").toBeCloseTo(room, 1);
  // The pages up to where the visitor is come one after the other, until photos fill the screen.
  const inView = () =>
    page.locator(".grid .tile").evaluateAll((tiles) => tiles.filter((t) => t.getBoundingClientRect().bottom > 0 && t.getBoundingClientRect().top < innerHeight).length);
  await expect.poll(inView, { message: "photos where the visitor is" }).toBeGreaterThan(0);
  await expect(page.locator(".grid-page[data-page='3']")).toHaveCount(1);
  await expect(page.locator(".client-footer")).not.toBeInViewport();
  const shifts: string[] = await page.evaluate(() => (window as any).__shifts);
  expect(await page.evaluate(() => (window as any).__cls), `layout shift:\n${shifts.join("\n")}`).toBe(0);
});

test("a page that fails to come says so, and Try again brings it", async ({ page }) => {
  let failures = 1;
  await page.route(/\/api\/client\/page/, async (route) => {
    if (failures-- > 0) await route.fulfill({ status: 503, contentType: "text/plain", body: "busy" });
    else await route.continue();
  });
  await page.goto(GALLERY);
  await hydrated(page);
  await page.locator(".grid-page.coming").scrollIntoViewIfNeeded();
  const alert = page.getByRole("alert");
  await expect(alert).toHaveText(/^The server could not be reached\. Check your connection and try again\./);
  await expect(page.locator(".grid-page[data-page='2']")).toHaveCount(0);
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page.locator(".grid-page[data-page='2'] .tile")).toHaveCount(60);
  await expect(alert).toHaveCount(0);
});

test("while the bundle loads, tiles wait, those under the cover too; a tile scrolled to is fetched at once, and all are free once the page is interactive", async ({ page }) => {
  // The bundle's wasm is held back until the test lets it go.
  let letGo = () => {};
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  await page.route(/_bg\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  const fetched = new Set<string>();
  page.on("request", (request) => {
    const found = request.url().match(/\/media\/([0-9a-f-]{36})\//);
    if (found) fetched.add(found[1]);
  });
  await page.goto(GALLERY, { waitUntil: "domcontentloaded" });
  const tiles = page.locator(".grid .tile");
  await expect(tiles).toHaveCount(60);
  const ids = await tiles.evaluateAll((all) => all.map((t) => t.getAttribute("data-image")!));
  // The tiles within a screen below the view, which the browser's own lazy loading (1,250 px
  // ahead at least) would fetch at once.
  const below = await tiles.evaluateAll((all) =>
    all.flatMap((t) => {
      const top = t.getBoundingClientRect().top;
      return top > innerHeight && top < innerHeight + 900 ? [t.getAttribute("data-image")!] : [];
    }),
  );
  expect(below.length, "tiles just below the view").toBeGreaterThan(0);
  // The tiles in view under the cover (the cover's own tile aside: its photo is the cover).
  const cover = (await page.locator(".hero-image").getAttribute("src"))!.split("/")[2];
  const inView = await tiles.evaluateAll((all) =>
    all.flatMap((t) => {
      const box = t.getBoundingClientRect();
      return box.top < innerHeight && box.bottom > 0 ? [t.getAttribute("data-image")!] : [];
    }),
  );
  expect(inView.filter((id) => id !== cover).length, "tiles in view under the cover").toBeGreaterThan(0);
  await page.waitForTimeout(1500);
  expect(below.filter((id) => fetched.has(id)), "tiles below the view are not fetched yet").toEqual([]);
  expect(inView.filter((id) => id !== cover && fetched.has(id)), "tiles in view wait for the bundle").toEqual([]);
  await expect(page.locator("html.hold")).toHaveCount(1);

  // Once the visitor scrolls, the tiles in view are let go, bundle or not.
  await page.evaluate(() => scrollBy(0, 1));
  await expect
    .poll(() => inView.filter((id) => id !== cover).every((id) => fetched.has(id)), { message: "tiles in view after a scroll" })
    .toBe(true);
  // So is a tile the visitor scrolls to.
  await tiles.nth(45).scrollIntoViewIfNeeded();
  await expect.poll(() => fetched.has(ids[45]), { message: "the tile in view is fetched" }).toBe(true);
  await expect(tiles.nth(45).locator("img")).toBeVisible();
  expect(fetched.has(ids[59]), "a tile still far below is not").toBe(false);

  letGo();
  await hydrated(page);
  await expect(page.locator("html.hold")).toHaveCount(0);
  await tiles.nth(59).scrollIntoViewIfNeeded();
  await expect.poll(() => fetched.has(ids[59])).toBe(true);
});

test("a link to photo 900 opens it, and the lightbox moves past the loaded page", async ({ page }) => {
  await page.goto(`${GALLERY}?page=15`);
  const id = await page.locator(".grid .tile").last().getAttribute("data-image");
  await page.goto(`${GALLERY}?image=${id}`);
  await hydrated(page);
  const lightbox = page.getByRole("dialog");
  await expect(lightbox).toContainText("IMG_00900.jpg · 900 of 1000");
  await page.keyboard.press("ArrowRight");
  await expect(lightbox).toContainText("IMG_00901.jpg · 901 of 1000");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(lightbox).toContainText("IMG_00899.jpg · 899 of 1000");
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/\?page=15$/);
  await expect(lightbox).toHaveCount(0);
});

test("a set tab jumps to its set, and compare takes photos from two pages", async ({ page }) => {
  await page.goto(GALLERY);
  await hydrated(page);
  const sets = page.getByRole("navigation", { name: "Sets" });
  await sets.getByRole("link", { name: "Party" }).click();
  const party = page.locator("#set-" + (await page.locator(".set-tabs a", { hasText: "Party" }).getAttribute("href"))!.split("set=")[1].split("#")[0]);
  await expect(party).toBeInViewport();
  // The tab of the set being read says so.
  await expect(sets.getByRole("link", { name: "Party" })).toHaveAttribute("aria-current", "location");
  await expect(sets.locator("a[aria-current]")).toHaveCount(1);
  const later = page.locator(".grid .tile").filter({ has: page.locator("img[alt='IMG_00751.jpg']") });
  await later.getByRole("button", { name: "Compare" }).click();
  await sets.getByRole("link", { name: "Getting ready" }).click();
  await expect(sets.getByRole("link", { name: "Getting ready" })).toHaveAttribute("aria-current", "location");
  const first = page.locator(".grid .tile").filter({ has: page.locator("img[alt='IMG_00001.jpg']") });
  await first.getByRole("button", { name: "Compare" }).click();
  const tray = page.getByRole("complementary", { name: "Compare tray" });
  await tray.getByRole("button", { name: /^Choose / }).nth(0).click();
  await tray.getByRole("button", { name: /^Choose / }).nth(1).click();
  const view = page.getByRole("dialog", { name: "Compare photos" });
  await expect(view).toContainText("IMG_00751.jpg");
  await expect(view).toContainText("IMG_00001.jpg");
});

test("the editor arranges a large gallery a page at a time, photos ticked on two pages move together", DESKTOP_ONLY, async ({ page }) => {
  // The demo studio owns `large-editor` (250 photos in four sets), made for this test alone: the
  // visitor tests above count on `large` keeping its order.
  await openLargeEditor(page);

  await expect(page.getByRole("heading", { name: "Photos (250)" })).toBeVisible();
  await expect(page.locator(".edit-tile").filter({ has: page.locator(".tick") })).toHaveCount(100);
  const pages = page.getByRole("navigation", { name: "Photo pages" });
  await expect(pages).toContainText("Photos 1–100 of 250 · page 1 of 3");

  await page.getByLabel("Tick IMG_00001.jpg").check();
  await page.getByLabel("Tick IMG_00002.jpg").check();
  await pages.getByRole("link", { name: "Next →" }).click();
  await expect(pages).toContainText("Photos 101–200 of 250 · page 2 of 3");
  await expect(page).toHaveURL(/page=2/);
  await page.getByLabel("Tick IMG_00101.jpg").check();
  const bar = page.getByRole("group", { name: "Selected photos" });
  await expect(bar).toContainText("3 photos ticked");
  await bar.getByLabel("Move to").selectOption({ label: "Party" });
  await bar.getByRole("button", { name: "Move" }).click();
  await expect(bar).toContainText("No photos ticked");

  // The Party filter lists them (first: they stand earliest in the gallery's order).
  await page.getByRole("navigation", { name: "Show photos of" }).getByRole("link", { name: /^Party/ }).click();
  await expect(page).toHaveURL(/show=/);
  const names = page.locator(".edit-tile .file-name");
  await expect(names.nth(0)).toHaveText("IMG_00001.jpg");
  await expect(names.nth(1)).toHaveText("IMG_00002.jpg");
  await expect(names.nth(2)).toHaveText("IMG_00101.jpg");
});

test("photos ticked on the last page are put at place 1 of the whole gallery, and the editor follows them", DESKTOP_ONLY, async ({ page }) => {
  await openLargeEditor(page);
  const pages = page.getByRole("navigation", { name: "Photo pages" });
  await page.goto(`${page.url().split("?")[0]}?page=3`);
  await hydrated(page);
  await expect(pages).toContainText("page 3 of 3");
  const names = page.locator(".edit-tile .file-name");
  const first = (await names.first().textContent())!.replace(" ★", "");
  const last = (await names.last().textContent())!.replace(" ★", "");
  await page.getByLabel(`Tick ${first}`).check();
  await page.getByLabel(`Tick ${last}`).check();
  const bar = page.getByRole("group", { name: "Selected photos" });
  await bar.getByLabel("Put at place").fill("1");
  await bar.getByRole("button", { name: "Put there" }).click();
  await expect(pages).toContainText("page 1 of 3");
  await expect(names.nth(0)).toHaveText(new RegExp(`^${first}`));
  await expect(names.nth(1)).toHaveText(new RegExp(`^${last}`));
  await expect(bar).toContainText("No photos ticked");
});

test("the editor ticks 50 photos with Shift+click, moves them by dropping on a set, reorders by drag and sorts by name", DESKTOP_ONLY, async ({ page }) => {
  // The same `large-editor` gallery; every step works from whatever the run before left.
  await openLargeEditor(page);
  const sets = page.getByRole("navigation", { name: "Show photos of" });
  await sets.getByRole("link", { name: /^Ceremony/ }).click();
  await expect(page).toHaveURL(/show=/);
  await hydrated(page);

  // Sorted by file name (after a question), the set reads in name order.
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByLabel("Order all photos by").selectOption({ label: "File name" });
  const sorted = page.waitForResponse((r) => r.url().includes("/api/images/sort"));
  await page.getByRole("button", { name: "Sort", exact: true }).click();
  expect((await sorted).status()).toBe(200);
  await page.waitForLoadState("networkidle");
  const names = page.locator(".edit-tile .file-name");
  await expect.poll(async () => {
    const shown = await names.allTextContents();
    return shown.length > 2 && shown.every((n, i) => i === 0 || shown[i - 1] < n);
  }).toBe(true);
  const [first, second, third] = (await names.allTextContents()).slice(0, 3);

  // Drag the third photo onto the first (with the mouse): it takes the first place.
  await page.locator(".edit-tile img").nth(2).dragTo(page.locator(".edit-tile img").nth(0));
  await expect(names.nth(0)).toHaveText(third);
  await expect(names.nth(1)).toHaveText(first);
  await expect(names.nth(2)).toHaveText(second);

  // Shift+click ticks a range: 50 photos in two clicks.
  const shown = await names.allTextContents();
  expect(shown.length).toBeGreaterThanOrEqual(50);
  await page.getByLabel(`Tick ${shown[0]}`).check();
  await page.getByLabel(`Tick ${shown[49]}`).click({ modifiers: ["Shift"] });
  const bar = page.getByRole("group", { name: "Selected photos" });
  await expect(bar).toContainText("50 photos ticked");
  // Dropping a ticked photo on a set's link moves all 50 there.
  const portraits = sets.getByRole("link", { name: /^Portraits/ });
  const before = Number((await portraits.textContent())!.match(/\((\d+)\)/)![1]);
  await drag(page, page.locator(".edit-tile").nth(10), portraits);
  await expect(portraits).toHaveText(`Portraits (${before + 50})`);
  // And back, so the next run finds the same sets.
  await sets.getByRole("link", { name: /^Portraits/ }).click();
  await hydrated(page);
  await expect(bar).toContainText("No photos ticked");
  for (const name of shown.slice(0, 50)) {
    await expect(page.getByLabel(`Tick ${name}`)).toBeVisible();
  }
  await page.getByLabel(`Tick ${shown[0]}`).check();
  await page.getByLabel(`Tick ${shown[49]}`).click({ modifiers: ["Shift"] });
  await expect(bar).toContainText("50 photos ticked");
  await bar.getByLabel("Move to").selectOption({ label: "Ceremony" });
  await bar.getByRole("button", { name: "Move" }).click();
  await expect(sets.getByRole("link", { name: /^Portraits/ })).toHaveText(`Portraits (${before})`);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the page links reach every photo", async ({ page }) => {
    await page.goto(GALLERY);
    // The room held for the next page is for a script to fill: without one, it is not there.
    await expect(page.locator(".grid-page.coming")).toBeHidden();
    // Nothing is held back for a bundle that never comes: a tile far down shows its photo.
    const deep = page.locator(".grid .tile img").nth(50);
    await deep.scrollIntoViewIfNeeded();
    await expect(deep).toBeVisible();
    await expect.poll(() => deep.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const seen = new Set<string>();
    for (let pages = 0; pages < 30; pages++) {
      for (const id of await page.locator(".grid .tile").evaluateAll((tiles) => tiles.map((t) => t.getAttribute("data-image")!))) {
        seen.add(id);
      }
      const more = page.locator(".page-link.later a");
      if ((await more.count()) === 0) break;
      await more.click();
    }
    expect(seen.size).toBe(TOTAL);
  });
});
