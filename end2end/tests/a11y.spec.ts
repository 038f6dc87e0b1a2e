import { expect, test } from "./fixtures";
import { DESKTOP_ONLY, downloadGallery, hydrated, meetsWcag } from "./helpers";

test("the client gallery, its Share dialog and the editor pass axe's WCAG 2.2 AA checks, and the dialog holds the keyboard", async ({ page, browser }) => {
  const made = await downloadGallery(page.request, ["demo/aqua.jpg", "demo/wood.jpg", "demo/greenmeadow.jpg"]);
  const deleted = await page.request.post("/api/images/delete", { data: { gallery: made.gallery, images: [made.images[2]] } });
  expect(deleted.status()).toBe(200);
  await page.goto(`/studio/galleries/${made.gallery}`);
  await hydrated(page);
  await expect(page.getByRole("button", { name: /^Undo delete of / })).toBeVisible();
  await meetsWcag(page, "editor");

  const client = await (await browser.newContext({ viewport: page.viewportSize()! })).newPage();
  await client.goto(made.mainClientLink);
  await hydrated(client);
  await expect(client.locator(".grid .tile")).toHaveCount(2);
  await meetsWcag(client, "gallery");
  await client.getByRole("button", { name: "Share", exact: true }).click();
  const share = client.getByRole("dialog", { name: "Share this gallery" });
  await expect(share).toBeVisible();
  await meetsWcag(client, "share dialog");
  // The dialog takes the focus, Tab goes round inside it, Escape closes it and gives the focus back.
  await expect(share).toBeFocused();
  for (const key of ["Tab", "Tab", "Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
    await client.keyboard.press(key);
    expect(await share.evaluate((dialog) => dialog.contains(document.activeElement)), `after ${key}`).toBe(true);
  }
  await client.keyboard.press("Escape");
  await expect(share).toHaveCount(0);
  await expect(client.getByRole("button", { name: "Share", exact: true })).toBeFocused();
});

test("the lightbox holds the keyboard: focus moves in, stays inside, follows Next, and returns to the photo's tile", async ({ page, request, isMobile }) => {
  const made = await downloadGallery(request, ["demo/aqua.jpg", "demo/wood.jpg", "demo/greenmeadow.jpg"]);
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await page.locator(".grid .tile-link").first().focus();
  await page.keyboard.press("Enter");
  const lightbox = page.getByRole("dialog", { name: "aqua.jpg" });
  await expect(lightbox).toBeFocused();
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press(i % 5 === 4 ? "Shift+Tab" : "Tab");
    expect(await lightbox.evaluate((d) => d.contains(document.activeElement)), `after Tab ${i}`).toBe(true);
  }
  if (isMobile) {
    // The comments are a sheet opened on purpose.
    await expect(lightbox.getByRole("region", { name: "Comments" })).toBeHidden();
    await lightbox.getByRole("button", { name: "Comment", exact: true }).click();
    await expect(lightbox.getByRole("region", { name: "Comments" })).toBeVisible();
    await expect(lightbox.getByRole("link", { name: "Next photo" })).toBeHidden();
  }
  await meetsWcag(page, "lightbox");
  if (isMobile) await lightbox.getByRole("button", { name: "Comment", exact: true }).click();
  await lightbox.getByRole("link", { name: "Next photo" }).focus();
  await page.keyboard.press("Enter");
  const second = page.getByRole("dialog", { name: "wood.jpg" });
  await expect(second).toContainText("2 of 3");
  await expect(second.getByRole("link", { name: "Next photo" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.locator(`.tile[data-image="${made.images[1]}"] .tile-link`)).toBeFocused();
});

test("every tab of the editor has a heading and passes axe", DESKTOP_ONLY, async ({ page }) => {
  const made = await downloadGallery(page.request, ["demo/aqua.jpg", "demo/wood.jpg"]);
  const tabs: [string, string][] = [
    ["", "Photos"], ["access", "Access & downloads"], ["invite", "Invite"], ["downloads", "Downloads log"],
    ["selects", "Selects"], ["inbox", "Comments"], ["annotations", "Annotations"], ["store", "Store"], ["orders", "Orders"],
  ];
  for (const [tab, label] of tabs) {
    await page.goto(`/studio/galleries/${made.gallery}${tab ? `?tab=${tab}` : ""}`);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    if (tab) {
      await expect(page.getByRole("heading", { level: 1 })).toContainText(label);
      await expect(page).toHaveTitle(new RegExp(`^${label.replace("&", "\\&")} · `));
    }
    await meetsWcag(page, `editor tab ${label}`);
  }
});

test("the email and PIN prompts and the favourites review pass axe", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/aqua.jpg", "demo/wood.jpg"], { pin: true, emailTracking: true });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await page.getByText("Download", { exact: true }).first().click();
  await page.getByRole("button", { name: "Download All photos" }).click();
  const email = page.getByRole("dialog", { name: "Your email" });
  await expect(email.getByLabel("Your name")).toBeFocused();
  await meetsWcag(page, "email prompt");
  await email.getByLabel("Email address").fill("anna@couple.example");
  await email.getByRole("button", { name: "Continue" }).click();
  const pin = page.getByRole("dialog", { name: "Download PIN" });
  await expect(pin.getByLabel("PIN")).toBeFocused();
  await meetsWcag(page, "PIN prompt");
  await page.keyboard.press("Escape");
  await expect(pin).toHaveCount(0);

  await page.locator(".grid .tile").first().getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await expect(page.getByTestId("selects-total")).toHaveText("1");
  await page.locator(".selects-bar summary").click();
  await page.getByRole("button", { name: "Review and send" }).click();
  const review = page.getByRole("dialog", { name: "Favourites · 1 photo" });
  await expect(review.locator(".review-grid img")).toHaveCount(1);
  await meetsWcag(page, "favourites review");
});

test("a keyboard user skips to the photos, sees which photo has the focus, and keeps focus in a dialog whose focused control goes away", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/aqua.jpg", "demo/wood.jpg"]);
  await page.goto(made.mainClientLink);
  await hydrated(page);
  // The first Tab shows the skip link; it leads past the header to the photos.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to the photos" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#photos")).toBeFocused();
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.getElementById("photos")!.contains(document.activeElement))).toBe(true);

  // A focused photo shows its ring inside the tile (an outline outside it would be clipped).
  await page.locator(".grid .tile-link").first().focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  const ring = await page.locator(".grid .tile-link").first().evaluate((a) => getComputedStyle(a, "::after").boxShadow);
  expect(ring).toContain("inset");

  // Removing the photo whose "Remove" had the focus keeps the focus in the review: Tab and
  // Escape still work there.
  const star = (n: number) => page.locator(".grid .tile").nth(n).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await star(0);
  const email = page.getByRole("dialog", { name: "Your email" });
  await email.getByLabel("Email address").fill("anna@couple.example");
  await email.getByRole("button", { name: "Continue" }).click();
  await expect(email).toBeHidden();
  await expect(page.getByTestId("selects-total")).toHaveText("1");
  await star(1);
  await expect(page.getByTestId("selects-total")).toHaveText("2");
  await page.locator(".selects-bar summary").click();
  await page.getByRole("button", { name: "Review and send" }).click();
  const review = page.getByRole("dialog", { name: /^Favourites · / });
  await expect(review.locator(".review-grid img")).toHaveCount(2);
  await review.getByRole("button", { name: "Take aqua.jpg out of the list" }).focus();
  await page.keyboard.press("Enter");
  await expect(review.locator(".review-grid img")).toHaveCount(1);
  await expect.poll(() => review.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  for (const key of ["Tab", "Tab", "Shift+Tab"]) {
    await page.keyboard.press(key);
    expect(await review.evaluate((d) => d.contains(document.activeElement)), `after ${key}`).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(review).toHaveCount(0);
});

test("Tab goes round the lightbox's shown controls while its arrows are hidden", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/aqua.jpg", "demo/wood.jpg", "demo/greenmeadow.jpg"]);
  await page.goto(`${made.mainClientLink}?image=${made.images[1]}`);
  await hydrated(page);
  const lightbox = page.getByRole("dialog", { name: "wood.jpg" });
  await expect(lightbox).toBeVisible();
  // Hide the arrows and the close link as drawing does, then walk the whole loop both ways.
  await lightbox.evaluate((d) => d.classList.add("drawing"));
  await expect(lightbox.getByRole("link", { name: "Next photo" })).toBeHidden();
  for (let i = 0; i < 24; i++) {
    await page.keyboard.press(i < 12 ? "Tab" : "Shift+Tab");
    expect(await lightbox.evaluate((d) => d.contains(document.activeElement)), `after key ${i}`).toBe(true);
  }
});
