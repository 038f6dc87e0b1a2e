import { expect, test } from "./fixtures";
import { downloadGallery, hydrated } from "./helpers";

test("a main client gives their email, then the PIN, and the ZIP downloads", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], { pin: true, emailTracking: true });
  await page.goto(made.mainClientLink);
  await expect(page).toHaveURL(new RegExp(`${made.mainClientLink}$`));
  await hydrated(page);

  await page.getByText("Download", { exact: true }).first().click();
  await page.getByLabel("HD · 1920 px").check();
  await page.getByRole("button", { name: "Download All photos" }).click();

  const emailDialog = page.getByRole("dialog", { name: "Your email" });
  await expect(emailDialog).toBeVisible();
  // The browser accepts it; the server does not, and says why.
  await emailDialog.getByLabel("Email address").fill("anna@localhost");
  await emailDialog.getByRole("button", { name: "Continue" }).click();
  await expect(emailDialog.getByRole("alert")).toContainText("name@example.com");
  await emailDialog.getByLabel("Email address").fill("anna@couple.example");
  await emailDialog.getByRole("button", { name: "Continue" }).click();

  const pinDialog = page.getByRole("dialog", { name: "Download PIN" });
  await expect(pinDialog).toBeVisible();
  await pinDialog.getByLabel("PIN").fill(made.pin === "0000" ? "1111" : "0000");
  await pinDialog.getByRole("button", { name: "Continue" }).click();
  await expect(pinDialog.getByRole("alert")).toContainText("not right");
  await pinDialog.getByLabel("PIN").fill(made.pin!);
  const download = page.waitForEvent("download");
  await pinDialog.getByRole("button", { name: "Continue" }).click();
  expect((await download).suggestedFilename()).toBe(`${made.slug}-all-hd.zip`);
  await expect(pinDialog).toBeHidden();
});

test("in set download mode the menu lists the enabled sets instead of Download all", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], {
    sets: ["Portraits", "Party"],
    downloadSets: ["Portraits"],
  });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await page.getByText("Download", { exact: true }).first().click();
  await expect(page.getByText("Downloads are open for these sets:")).toBeVisible();
  await expect(page.getByRole("button", { name: "Download Portraits" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Download Party" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Download All photos" })).toHaveCount(0);
  // The menu starts on 4K (high-res, without the original's weight) and says what the ZIP holds.
  await expect(page.getByLabel("4K · 3840 px")).toBeChecked();
  await expect(page.locator(".zip-summary")).toHaveText(/^1 photo · (about )?[\d.]+ (kB|MB)$/);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download Portraits" }).click();
  expect((await download).suggestedFilename()).toBe(`${made.slug}-Portraits-4k.zip`);
});

test("outside set download mode each set can be taken on its own, beside all photos", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], { sets: ["Portraits", "Party"] });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await page.getByText("Download", { exact: true }).first().click();
  await expect(page.getByRole("button", { name: "Download All photos" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Download Party" })).toBeVisible();
  await page.getByLabel("HD · 1920 px").check();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download Portraits" }).click();
  expect((await download).suggestedFilename()).toBe(`${made.slug}-Portraits-hd.zip`);
});

test("main clients see the shared high-res allowance go down, and counted photos are free again", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], { quota: 2 });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  const badge = page.locator(".quota-badge");
  await expect(badge).toHaveText("2 of 2 free high-res downloads left");

  await page.goto(`/g/${made.slug}?image=${made.images[0]}`);
  await hydrated(page);
  const lightbox = page.getByRole("dialog");
  await lightbox.getByText("Download", { exact: true }).click();
  const download = page.waitForEvent("download");
  await lightbox.getByRole("button", { name: "Original" }).click();
  expect((await download).suggestedFilename()).toBe("ladybird.jpg");
  await expect(badge).toHaveText("1 of 2 free high-res downloads left");
  await lightbox.getByText("Download", { exact: true }).click();
  await expect(lightbox.getByText("Free to download again")).toBeVisible();
});

test("with a free high-res allowance the menu starts on a web size, and says before a ZIP what it holds or why not", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg", "demo/wood.jpg"], { quota: 2 });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await page.getByText("Download", { exact: true }).first().click();
  const all = page.getByRole("button", { name: "Download All photos" });
  await expect(page.getByLabel("HD · 1920 px")).toBeChecked();
  await expect(all).toHaveAccessibleDescription(/^3 photos · (about )?[\d.]+ (kB|MB)$/);
  // Three originals over an allowance of two: said before anything starts.
  await page.getByLabel("Original").check();
  await expect(all).toHaveAccessibleDescription(/2/);
  await expect(page.locator(".zip-summary.refused")).toBeVisible();
  await expect(page.locator(".quota-badge")).toHaveText("2 of 2 free high-res downloads left");
});

test("keyboard only: the menu, the email and PIN dialogs, and the download", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], { pin: true, emailTracking: true });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  const menu = page.locator(".download-menu > summary");
  await menu.focus();
  await page.keyboard.press("Enter");
  const all = page.getByRole("button", { name: "Download All photos" });
  await expect(all).toBeVisible();
  await all.focus();
  await page.keyboard.press("Enter");
  const emailDialog = page.getByRole("dialog", { name: "Your email" });
  await expect(emailDialog.getByLabel("Your name")).toBeFocused();
  await page.keyboard.type("Anna");
  await page.keyboard.press("Tab");
  await expect(emailDialog.getByLabel("Email address")).toBeFocused();
  await page.keyboard.type("anna@couple.example");
  await page.keyboard.press("Enter");
  const pinDialog = page.getByRole("dialog", { name: "Download PIN" });
  await expect(pinDialog.getByLabel("PIN")).toBeFocused();
  await page.keyboard.type(made.pin!);
  const download = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  expect((await download).suggestedFilename()).toBe(`${made.slug}-all-4k.zip`);
  await expect(pinDialog).toBeHidden();
  // The keyboard is back on the menu it started from, and a screen reader was told.
  await expect(menu).toBeFocused();
  await expect(page.locator('p.visually-hidden[role="status"]')).toHaveText(/Your ZIP download has started/);
});

test("keys in a dialog over the lightbox are the dialog's: Escape closes it alone, and focus goes back into the lightbox", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], { emailTracking: true });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await page.locator(".grid .tile-link").first().click();
  const lightbox = page.getByRole("dialog", { name: "ladybird.jpg" });
  await expect(lightbox).toContainText("1 of 2");
  const menu = lightbox.locator(".image-download > summary");
  await menu.click();
  await lightbox.locator(".image-download .menu-body button").first().click();
  const emailDialog = page.getByRole("dialog", { name: "Your email" });
  await expect(emailDialog.getByLabel("Your name")).toBeFocused();
  // Keys pressed on the dialog's buttons (not in a field) stay the dialog's.
  await emailDialog.getByRole("button", { name: "Cancel" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(lightbox).toContainText("1 of 2");
  await page.keyboard.press("Escape");
  await expect(emailDialog).toBeHidden();
  await expect(lightbox).toBeVisible();
  await expect(menu).toBeFocused();
  // With the dialog gone, Escape is the lightbox's again.
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("a set's download switch that could not be saved goes back, and says why", async ({ page }) => {
  const made = await downloadGallery(page.request, ["demo/aqua.jpg", "demo/ladybird.jpg"], { sets: ["Portraits", "Party"], downloadSets: ["Portraits"] });
  await page.goto(`/studio/galleries/${made.gallery}?tab=access`);
  await hydrated(page);
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Downloads by set" }) });
  const party = card.getByLabel("Allow downloads: Party");
  await expect(card.getByLabel("Allow downloads: Portraits")).toBeChecked();
  await expect(party).not.toBeChecked();
  // The change does not reach the server: the switch shows what visitors still get.
  await page.route("**/api/access/set_downloads", (route) => route.abort());
  await party.click();
  await expect(card.getByRole("alert")).toContainText("The server could not be reached");
  await expect(party).not.toBeChecked();
  await page.unroute("**/api/access/set_downloads");
  await party.click();
  await expect(card.getByRole("status")).toHaveText("All changes saved");
  await expect(party).toBeChecked();
  await page.reload();
  await hydrated(page);
  await expect(card.getByLabel("Allow downloads: Party")).toBeChecked();
});
