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
  await page.locator('input[type="file"]').setInputFiles(corpus("demo/aqua.jpg"));
  await expect(page.getByAltText("Your logo")).toBeVisible();
  await expect(page.getByLabel("Studio name")).toHaveValue(`Harbour Light ${id}`);
});
