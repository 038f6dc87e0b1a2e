import { expect, test } from "./fixtures";
import { corpus, hydrated, publishedGallery, signUp, unique } from "./helpers";

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

test("a photographer deletes a gallery, its client finds it gone, and it comes back from Recently deleted", async ({ page, browser }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);
  const remove = page.getByRole("button", { name: "Delete this gallery" });
  // Saying no deletes nothing.
  let deletes = 0;
  page.on("request", (r) => {
    if (r.url().endsWith("/api/galleries/delete")) deletes += 1;
  });
  page.once("dialog", (dialog) => dialog.dismiss());
  await remove.click();
  await page.waitForTimeout(300);
  expect(deletes).toBe(0);
  await expect(page).toHaveURL(new RegExp(`/studio/galleries/${gallery}$`));
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    dialog.accept();
  });
  await remove.click();
  await expect(page).toHaveURL(/\/studio$/);
  expect(asked).toContain("Delete “Garden party”?");
  const deleted = page.getByRole("region", { name: "Recently deleted" });
  await expect(deleted.getByText("Garden party")).toBeVisible();
  await expect(page.getByText("No galleries yet. Create your first one below.")).toBeVisible();

  // Its guests find nothing there any more.
  const guest = await browser.newPage();
  const gone = await guest.goto(`/g/${slug}`);
  expect(gone?.status()).toBe(404);

  // By keyboard.
  await deleted.getByRole("button", { name: "Bring back Garden party" }).focus();
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/galleries/bring_back") && r.ok()),
    page.keyboard.press("Enter"),
  ]);
  await expect(page.getByRole("heading", { name: "Your galleries" })).toBeFocused();
  await expect(page.locator(".gallery-list").getByText("Garden party")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Brought back" })).toHaveCount(1);
  await expect(deleted).toHaveCount(0);
  const back = await guest.goto(`/g/${slug}`);
  expect(back?.status()).toBe(200);
  await guest.close();
});
