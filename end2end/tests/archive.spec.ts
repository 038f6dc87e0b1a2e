import { expect, test } from "./fixtures";
import { statSync } from "node:fs";
import { corpus, downloadGallery, emailedPath, hydrated, meetsWcag, unique } from "./helpers";

test("a visitor asks for archived originals, sees the estimate, and the emailed link downloads them", async ({ page, browser }) => {
  // The photographer, in a browser of their own, archives the gallery by hand.
  const studio = await browser.newContext();
  const photographer = await studio.newPage();
  const made = await downloadGallery(photographer.request, ["demo/aqua.jpg", "demo/ladybird.jpg"]);
  await photographer.goto(`/studio/galleries/${made.gallery}?tab=access`);
  await hydrated(photographer);
  const storage = photographer.getByRole("region", { name: "Storage" });
  await expect(storage.locator(".storage-figures")).toHaveText(/^Originals: 2 photos live \([\d.]+ (kB|MB)\)$/);
  await storage.getByRole("button", { name: "Archive originals now" }).click();
  await expect(storage.locator(".storage-figures")).toHaveText(/^Originals: 2 photos in the archive \([\d.]+ (kB|MB)\)$/, {
    timeout: 30_000,
  });

  // The visitor (on this project's device): the gallery looks the same; the originals wait.
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await expect(page.locator(".grid img").first()).toBeVisible();
  await page.getByText("Download", { exact: true }).first().click();
  await page.getByLabel("Original", { exact: true }).check();
  await expect(page.locator(".zip-summary")).toHaveText("In long-term storage: restored on request");
  await page.getByRole("button", { name: "Download All photos" }).click();

  // Before asking: what a restore takes.
  const dialog = page.getByRole("dialog", { name: "In long-term storage" });
  await expect(dialog.locator(".restore-estimate")).toHaveText(
    /^2 photos \([\d.]+ (kB|MB)\) are in long-term storage\. Restoring them takes (under a minute|about \d+ minutes?)\.$/,
  );
  await meetsWcag(page, "the restore dialog");
  const email = `visitor-${unique()}@example.com`;
  await dialog.getByLabel("Email the link to").fill(email);
  await dialog.getByRole("button", { name: "Restore and email me" }).click();
  const answer = dialog.getByRole("status");
  await expect(answer).toContainText(`will email a download link to ${email}`);
  await expect(answer).toBeFocused();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();

  // The emailed link serves the ZIP of the originals, from anywhere.
  const path = await emailedPath(email, "/restored/");
  const other = await browser.newContext();
  const zip = await other.request.get(path);
  expect(zip.status()).toBe(200);
  expect(zip.headers()["content-disposition"]).toContain(`${made.slug}-all-original.zip`);
  const originals = statSync(corpus("demo/aqua.jpg")).size + statSync(corpus("demo/ladybird.jpg")).size;
  expect((await zip.body()).length).toBeGreaterThan(originals);

  // Restored for everyone meanwhile: the gallery's own ZIP starts at once now.
  await page.reload();
  await hydrated(page);
  await page.getByText("Download", { exact: true }).first().click();
  await page.getByLabel("Original", { exact: true }).check();
  await expect(page.locator(".zip-summary")).toHaveText(/^2 photos · [\d.]+ (kB|MB)$/);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download All photos" }).click();
  expect((await download).suggestedFilename()).toBe(`${made.slug}-all-original.zip`);
  await other.close();
  await studio.close();
});

test("a delivery recipient asks for archived originals from the delivery page", async ({ page, browser }) => {
  const studio = await browser.newContext();
  const photographer = await studio.newPage();
  const made = await downloadGallery(photographer.request, ["demo/aqua.jpg", "demo/ladybird.jpg"]);
  const sizes = { original: true, four_k: false, hd: true, custom_web: null, custom_box: null };
  const created = await photographer.request.post("/api/delivery/create", {
    data: { gallery: made.gallery, form: { name: "Finals", sizes, ends_on: null } },
  });
  const pkg: string = await created.json();
  expect((await photographer.request.post("/api/delivery/add", { data: { gallery: made.gallery, package: pkg, images: made.images } })).status()).toBe(200);
  const link = await (
    await photographer.request.post("/api/delivery/link", { data: { gallery: made.gallery, package: pkg, label: "Anna", expires_on: null } })
  ).json();
  expect((await photographer.request.post("/api/galleries/archive", { form: { id: made.gallery } })).status()).toBe(200);
  await expect
    .poll(async () => (await (await photographer.request.post("/api/galleries/storage", { form: { id: made.gallery } })).json()).archived_photos, {
      timeout: 30_000,
    })
    .toBe(2);

  // The recipient: HD downloads at once; the originals are asked for.
  await page.goto(link.path);
  await hydrated(page);
  await page.getByLabel("Original", { exact: true }).check();
  await expect(page.locator(".restore-estimate")).toHaveText(/^2 photos \([\d.]+ (kB|MB)\) are in long-term storage\./);
  await expect(page.getByText("In long-term storage", { exact: true })).toHaveCount(2);
  await meetsWcag(page, "the delivery page asking for a restore");
  const email = `anna-${unique()}@example.com`;
  await page.getByLabel("Email the link to").fill(email);
  await page.getByRole("button", { name: "Restore and email me" }).click();
  await expect(page.getByRole("status").filter({ hasText: "will email a download link" })).toContainText(email);
  await page.getByLabel("HD · 1920 px").check();
  await expect(page.getByRole("link", { name: "Download all (HD · 1920 px)" })).toBeVisible();

  const path = await emailedPath(email, "/restored/");
  const zip = await (await browser.newContext()).request.get(path);
  expect(zip.status()).toBe(200);
  expect(zip.headers()["content-disposition"]).toContain("-finals-original.zip");
  await studio.close();
});
