import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { downloadGallery, hydrated } from "./helpers";

/** axe-core's WCAG 2.2 A and AA checks on the page as it is now; `what` names it in a failure. */
async function meetsWcag(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const found = result.violations.flatMap((v) => v.nodes.map((n) => `${what}: ${v.id} at ${n.target.join(" ")}: ${n.failureSummary}`));
  expect(found).toEqual([]);
}

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
  await expect(share.getByLabel("Email it to (optional)")).toBeFocused();
  for (const key of ["Tab", "Tab", "Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
    await client.keyboard.press(key);
    expect(await share.evaluate((dialog) => dialog.contains(document.activeElement)), `after ${key}`).toBe(true);
  }
  await client.keyboard.press("Escape");
  await expect(share).toHaveCount(0);
  await expect(client.getByRole("button", { name: "Share", exact: true })).toBeFocused();
});
