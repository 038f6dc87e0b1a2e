import { expect, test } from "./fixtures";
import { corpus, DESKTOP_ONLY, emailedPath, hydrated, unique } from "./helpers";

test("a photographer signs up, confirms the email, creates a gallery, uploads three photos and publishes", DESKTOP_ONLY, async ({ page }) => {
  const id = unique();
  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel("Studio name").fill("Meadow Light");
  await page.getByLabel("Email").fill(`anna-${id}@example.com`);
  await page.getByLabel("Password").fill("a long password 1");
  await page.getByRole("button", { name: "Create studio" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  // The emailed link opens a page; its button creates the studio.
  await page.goto(await emailedPath(`anna-${id}@example.com`, "/signup/confirm/"));
  await hydrated(page);
  await page.getByRole("button", { name: "Create my studio" }).click();
  await expect(page).toHaveURL(/\/studio$/);
  await expect(page.getByRole("heading", { name: "Your galleries" })).toBeVisible();

  await hydrated(page);
  await page.getByLabel("Title", { exact: true }).fill(`Wedding ${id}`);
  await page.getByLabel("Link (optional)").fill(`wedding-${id}`);
  await page.getByRole("button", { name: "Create gallery" }).click();
  await expect(page).toHaveURL(/\/studio\/galleries\//);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: `Wedding ${id}` })).toBeVisible();

  await page.getByLabel("New set").fill("Ceremony");
  await page.getByRole("button", { name: "Add set" }).click();
  await expect(page.getByLabel("Set name")).toHaveValue("Ceremony");
  await expect(page.getByLabel("New set")).toHaveValue("");

  // Something half-typed must survive the uploads and the processing that follow.
  await page.getByLabel("New set").fill("Party");

  // Three photos at once through the file picker; each gets its own progress bar.
  await page.locator('input[type="file"]').setInputFiles([
    corpus("demo/aqua.jpg"),
    corpus("demo/ladybird.jpg"),
    corpus("originals/kleiber-20mp-orient6.jpg"),
  ]);
  await expect(page.getByLabel("Total upload progress")).toBeVisible();
  await expect(page.locator(".upload-row")).toHaveCount(3);
  await expect(page.getByText("3 of 3 uploaded")).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.upload-row[data-outcome="done"]')).toHaveCount(3);
  await expect(page.getByLabel("Total upload progress")).toHaveJSProperty("value", 1);

  // A bad file is refused with its reason while the good ones stay.
  await page.locator('input[type="file"]').setInputFiles([corpus("bad/truncated.jpg")]);
  await expect(page.locator('.upload-row[data-outcome="failed"]')).toContainText("incomplete");

  // Processing, then thumbnails.
  await expect(page.locator(".edit-tile img")).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "Photos (3)" })).toBeVisible();
  await expect(page.getByLabel("New set")).toHaveValue("Party");

  // Put one photo into the set.
  await page.getByLabel("Set of aqua.jpg").selectOption({ label: "Ceremony" });
  await expect(page.getByLabel("Set of aqua.jpg")).toHaveValue(/[0-9a-f-]{36}/);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.locator(".badge.published")).toBeVisible();

  // The client view shows the photos.
  await page.goto(`/g/wedding-${id}`);
  await expect(page.locator(".grid .tile")).toHaveCount(3);
  await expect(page.getByRole("heading", { name: `Wedding ${id}` })).toBeVisible();
});
