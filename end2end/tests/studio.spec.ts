import { expect, test } from "./fixtures";
import { corpus, hydrated, signUp, unique } from "./helpers";

test("a photographer brands the studio with a name, colour and logo", async ({ page }) => {
  const id = unique();
  await signUp(page.request, `brand-${id}@example.com`, "Plain Studio");
  await page.goto("/studio/settings");
  await hydrated(page);
  await page.getByLabel("Studio name").fill(`Harbour Light ${id}`);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  // What is typed and not saved stays while the logo arrives: the studio's name, and the watermark.
  await page.getByLabel("Studio name").fill(`Harbour Light Studio ${id}`);
  const watermark = page.locator("#watermark");
  await expect(watermark.getByLabel("Your logo (upload one above first)")).toBeDisabled();
  await watermark.getByLabel("Your own words").check();
  await watermark.getByRole("textbox", { name: "Words" }).fill("© proof");
  await page.locator('input[type="file"]').setInputFiles(corpus("demo/aqua.jpg"));
  await expect(page.getByAltText("Your logo")).toBeVisible();
  await expect(page.getByLabel("Studio name")).toHaveValue(`Harbour Light Studio ${id}`);
  await expect(watermark.getByRole("textbox", { name: "Words" })).toHaveValue("© proof");
  // The watermark may now be the logo.
  await expect(watermark.getByLabel("Your logo (made white)")).toBeEnabled();
  const [saved] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/studio/update")),
    page.getByRole("button", { name: "Save settings" }).click(),
  ]);
  expect(saved.ok()).toBe(true);
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Studio name")).toHaveValue(`Harbour Light Studio ${id}`);
  // The logo chosen as the mark, then removed: the mark falls back to the studio's name.
  await watermark.getByLabel("Your logo (made white)").check();
  await page.getByRole("button", { name: "Remove logo" }).click();
  await expect(page.getByAltText("Your logo")).toHaveCount(0);
  await expect(watermark.getByLabel("Your logo (upload one above first)")).toBeDisabled();
  await expect(watermark.getByLabel("The studio’s name")).toBeChecked();
});
