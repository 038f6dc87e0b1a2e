import { expect, test } from "@playwright/test";
import { corpus, hydrated, unique } from "./helpers";

test("a photographer brands the studio with a name, colour and logo", async ({ page }) => {
  const id = unique();
  const signUp = await page.request.post("/api/auth/sign_up", {
    form: { studio_name: "Plain Studio", email: `brand-${id}@example.com`, password: "a long password 1" },
    maxRedirects: 0,
  });
  expect(signUp.status()).toBeLessThan(400);
  await page.goto("/studio/settings");
  await hydrated(page);
  await page.getByLabel("Studio name").fill(`Harbour Light ${id}`);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  await page.locator('input[type="file"]').setInputFiles(corpus("demo/aqua.jpg"));
  await expect(page.getByAltText("Your logo")).toBeVisible();
  await expect(page.getByLabel("Studio name")).toHaveValue(`Harbour Light ${id}`);
});
