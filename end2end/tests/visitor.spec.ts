import { expect, test } from "./fixtures";
import { downloadGallery, hydrated, publishedGallery } from "./helpers";

test("a visitor opens the link, the lightbox, and moves through it", async ({ page, request, isMobile }) => {
  const slug = await publishedGallery(request, ["demo/aqua.jpg", "demo/dune.jpg", "demo/wood.jpg"]);
  await page.goto(`/g/${slug}`);
  await hydrated(page);
  // The lightbox's code is a part of the bundle, fetched ahead once the page is interactive:
  // opening a photo then waits for the photo alone. Here the link drops once the part is in,
  // and the photo still opens.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const ahead = [...document.querySelectorAll<HTMLLinkElement>("link[rel=prefetch]")].map((l) => l.href);
        const done = new Set(performance.getEntriesByType("resource").map((r) => r.name));
        return ahead.some((href) => /_split_lightbox_part_\d+\.wasm$/.test(href)) && ahead.every((href) => done.has(href));
      }),
      { message: "the lightbox's part is fetched ahead" },
    )
    .toBe(true);
  const tiles = page.locator(".grid .tile");
  await expect(tiles).toHaveCount(3);
  // Every grid image has its size set before loading (no layout shift) and a srcset.
  for (const img of await page.locator(".grid img").all()) {
    await expect(img).toHaveAttribute("width", /\d+/);
    await expect(img).toHaveAttribute("height", /\d+/);
    await expect(img).toHaveAttribute("srcset", /480w/);
  }

  await page.context().setOffline(true);
  await tiles.first().click();
  const lightbox = page.getByRole("dialog");
  await expect(lightbox).toBeVisible();
  await expect(lightbox).toContainText("1 of 3");
  await page.context().setOffline(false);
  const first = page.url();
  expect(first).toContain("?image=");

  if (isMobile) {
    // Swipe left with real touch events: the next photo.
    const cdp = await page.context().newCDPSession(page);
    const swipe = async (fromX: number, toX: number) => {
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: fromX, y: 400 }] });
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: (fromX + toX) / 2, y: 400 }] });
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: toX, y: 400 }] });
      await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    };
    await swipe(330, 60);
    await expect(lightbox).toContainText("2 of 3");
    await swipe(60, 330);
    await expect(lightbox).toContainText("1 of 3");
    // A pinch whose fingers move sideways (the first lifted far to the left) zooms: it never turns
    // the photo.
    const touch = (type: string, touchPoints: { x: number; y: number; id: number }[]) =>
      cdp.send("Input.dispatchTouchEvent", { type, touchPoints });
    await touch("touchStart", [{ x: 200, y: 400, id: 0 }]);
    await touch("touchStart", [{ x: 200, y: 400, id: 0 }, { x: 220, y: 420, id: 1 }]);
    await touch("touchMove", [{ x: 40, y: 400, id: 0 }, { x: 330, y: 420, id: 1 }]);
    await touch("touchEnd", [{ x: 330, y: 420, id: 1 }]);
    await touch("touchEnd", []);
    await page.waitForTimeout(300);
    await expect(lightbox).toContainText("1 of 3");
    await cdp.send("Emulation.setPageScaleFactor", { pageScaleFactor: 1 });
    await page.getByRole("link", { name: "Close" }).click();
  } else {
    await page.keyboard.press("ArrowRight");
    await expect(lightbox).toContainText("2 of 3");
    await page.keyboard.press("ArrowLeft");
    await expect(lightbox).toContainText("1 of 3");
    await page.keyboard.press("Escape");
  }
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // The deep link opens the same photo directly.
  await page.goto(first);
  await expect(page.getByRole("dialog")).toContainText("1 of 3");
});

test("a lazy part that cannot be fetched is fetched again, and the page lives on", async ({ page, request }) => {
  const slug = await publishedGallery(request, ["demo/aqua.jpg", "demo/dune.jpg"]);
  // The lazy parts' files fail, by turns as a dropped link does and as a server that cannot
  // answer now. A `#[lazy]` function whose part fails to load panics, which stops the whole
  // app; the loader (tools/fetch_part.js) tries again instead.
  const refused: string[] = [];
  const lazyFiles = /_(split|chunk)_[^/]*\.wasm$/;
  await page.route(lazyFiles, (route) => {
    refused.push(route.request().url());
    return refused.length % 2 ? route.abort("internetdisconnected") : route.fulfill({ status: 503, body: "" });
  });
  await page.goto(`/g/${slug}`);
  await hydrated(page);
  await page.locator(".grid .tile").first().click();
  await expect(page).toHaveURL(/\?image=/);
  const lightboxPart = (url: string) => /_split_lightbox_part_\d+\.wasm$/.test(url);
  // Asked for more than once: the prefetch, the loader, and the loader again after a pause.
  await expect.poll(() => refused.filter(lightboxPart).length, { message: "the part is asked for again" }).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await page.unroute(lazyFiles);
  const lightbox = page.getByRole("dialog");
  await expect(lightbox).toContainText("1 of 2", { timeout: 15_000 });
  await page.keyboard.press("ArrowRight");
  await expect(lightbox).toContainText("2 of 2");
});

test("a lazy part asked for while offline is fetched as soon as the browser is back online", async ({ page, context, request }) => {
  const slug = await publishedGallery(request, ["demo/aqua.jpg", "demo/dune.jpg"]);
  // No part reaches the page ahead of time (the prefetch fails), so opening a photo needs the
  // network.
  const lazyFiles = /_(split|chunk)_[^/]*\.wasm$/;
  await page.route(lazyFiles, (route) => route.abort("internetdisconnected"));
  await page.goto(`/g/${slug}`);
  await hydrated(page);
  const asked: string[] = [];
  page.on("request", (r) => {
    if (/_split_lightbox_part_\d+\.wasm$/.test(r.url())) asked.push(r.url());
  });
  // Offline before the files are let through, so a prefetch cannot slip in between.
  await context.setOffline(true);
  await page.unroute(lazyFiles);
  asked.length = 0;
  await page.locator(".grid .tile").first().click();
  await expect(page).toHaveURL(/\?image=/);
  await expect.poll(() => asked.length).toBeGreaterThanOrEqual(1);
  // Offline, the loader waits for the browser to be back rather than asking again and again
  // (with pauses of 0.5, 1, 2 and 4 s it would have asked four more times by now).
  await page.waitForTimeout(8_000);
  expect(asked.length).toBeLessThanOrEqual(2);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  // Back online: the part is fetched at once, not after the next pause.
  await context.setOffline(false);
  await expect(page.getByRole("dialog")).toContainText("1 of 2", { timeout: 5_000 });
});

test("the gallery reads with JavaScript off", async ({ browser, request }) => {
  const slug = await publishedGallery(request, ["demo/garden.jpg", "demo/storm.jpg"]);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const images: string[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/media/") && r.status() === 200) images.push(r.url());
  });
  await page.goto(`/g/${slug}`);
  await expect(page.locator(".grid .tile")).toHaveCount(2);
  await expect(page.getByRole("heading", { name: "Garden party" })).toBeVisible();
  await expect.poll(() => images.length).toBeGreaterThanOrEqual(2);
  // The lightbox is a plain link too.
  await page.locator(".grid .tile").first().click();
  await expect(page.getByRole("dialog")).toContainText("1 of 2");
  await page.getByRole("link", { name: "Next photo" }).click();
  await expect(page.getByRole("dialog")).toContainText("2 of 2");
  await context.close();
});

test("a visitor gives the gallery password once, then sees the photos", async ({ browser, request }) => {
  const slug = await publishedGallery(request, ["demo/yellowflower.jpg", "demo/raindrops.jpg"], { password: "tulips" });
  // A new browser: not the photographer.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/g/${slug}`);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "This gallery is protected" })).toBeVisible();
  // Whose gallery it is shows before the password: the studio's name.
  await expect(page.locator(".password-brand")).toContainText("Meadow Light");
  await expect(page.locator(".grid .tile")).toHaveCount(0);
  await page.getByLabel("Gallery password").fill("roses");
  await page.getByRole("button", { name: "Open gallery" }).click();
  await expect(page.getByRole("alert")).toContainText("not right");
  await page.getByLabel("Gallery password").fill("tulips");
  await page.getByRole("button", { name: "Open gallery" }).click();
  await expect(page.locator(".grid .tile")).toHaveCount(2);
  // Asked once per session: a reload goes straight to the photos.
  await page.reload();
  await expect(page.locator(".grid .tile")).toHaveCount(2);
  await context.close();
});

test("tiles show each photo whole, on a phone too, and their tools keep to a corner", async ({ page, request }) => {
  const slug = await publishedGallery(request, ["demo/aqua.jpg", "demo/wood.jpg", "demo/greenmeadow.jpg"]);
  await page.goto(`/g/${slug}`);
  await hydrated(page);
  const tiles = page.locator(".grid .tile");
  await expect(tiles).toHaveCount(3);
  for (const tile of await tiles.all()) {
    const img = tile.locator("img");
    const photo = Number(await img.getAttribute("width")) / Number(await img.getAttribute("height"));
    const box = (await tile.boundingBox())!;
    // The tile has the photo's own shape: nothing of it is cropped away.
    expect(Math.abs(box.width / box.height - photo) / photo).toBeLessThan(0.03);
    // The star and Compare cover a corner, not the photo.
    const tools = (await tile.locator(".tile-tools").boundingBox())!;
    expect((tools.width * tools.height) / (box.width * box.height)).toBeLessThan(0.2);
    await expect(tile.getByRole("button", { name: "Compare" })).toBeVisible();
  }
  // Tiles of one row share its height.
  const boxes = await tiles.evaluateAll((all) => all.map((t) => t.getBoundingClientRect()).map((r) => ({ top: r.top, height: r.height })));
  for (const a of boxes) for (const b of boxes) if (Math.abs(a.top - b.top) < 1) expect(Math.abs(a.height - b.height)).toBeLessThan(1.5);
});

test("at the end of the gallery its short last set is the one marked, and a phone's tab strip shows it", async ({ page, request }) => {
  const sets = ["Getting ready at the house", "The ceremony in the garden", "Dancing under the lights"];
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg", "demo/dune.jpg"], { sets });
  await page.goto(`/g/${made.slug}`);
  await hydrated(page);
  const tabs = page.getByRole("navigation", { name: "Sets" });
  // One photo a set: the last set's heading can never reach the line under the tabs.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  expect(await page.evaluate(() => window.scrollY), "the page is taller than the screen").toBeGreaterThan(0);
  const last = tabs.getByRole("link", { name: "Dancing under the lights" });
  await expect(last).toHaveAttribute("aria-current", "location");
  await expect(tabs.locator("a[aria-current]")).toHaveCount(1);
  // Wholly inside the strip, which scrolls sideways on a phone.
  const inside = (tab: typeof last) => async () =>
    tab.evaluate((tab) => {
      const strip = tab.parentElement!.getBoundingClientRect();
      const own = tab.getBoundingClientRect();
      return own.left >= strip.left - 1 && own.right <= strip.right + 1;
    });
  await expect.poll(inside(last)).toBe(true);
  // A short set chosen from its tab is the one marked, though its heading cannot reach the line:
  // chosen from the end of the page (nothing scrolls), and from the top.
  const middle = tabs.getByRole("link", { name: "The ceremony in the garden" });
  await middle.click();
  await expect(middle).toHaveAttribute("aria-current", "location");
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(tabs.getByRole("link", { name: "Getting ready at the house" })).toHaveAttribute("aria-current", "location");
  await middle.click();
  await expect(middle).toHaveAttribute("aria-current", "location");
  await expect(tabs.locator("a[aria-current]")).toHaveCount(1);
  // Back at the top, the first set (right under the tabs) is read, and its tab is in the strip.
  await page.evaluate(() => window.scrollTo(0, 0));
  const first = tabs.getByRole("link", { name: "Getting ready at the house" });
  await expect(first).toHaveAttribute("aria-current", "location");
  await expect.poll(inside(first)).toBe(true);
});
