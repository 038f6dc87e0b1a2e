import { expect, test } from "./fixtures";
import { hydrated, publishedGallery } from "./helpers";

test("the photographer opens downloads, sets a PIN, invites a client, sees the download logged and revokes the link", async ({
  page,
  browser,
}) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg", "demo/ladybird.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;

  await page.goto(`/studio/galleries/${gallery}?tab=access`);
  await hydrated(page);
  await page.getByLabel("Downloads", { exact: true }).check();
  await page.getByLabel("Ask for an email before the first download (email tracking)").uncheck();
  // A typo in a number field is pointed out, never saved as "no limit".
  const quota = page.getByLabel("Free high-res downloads for main clients (all together)");
  await quota.fill("-5");
  await quota.blur();
  await expect(page.getByText("Enter a whole number")).toBeVisible();
  await quota.fill("");
  await quota.blur();
  await expect(page.getByText("Enter a whole number")).toHaveCount(0);
  // Something that is no number at all ("5-", which the field reads as empty) is not "no limit"
  // either: the quota stays, the field says why, and the error is tied to it.
  await quota.fill("7");
  await quota.blur();
  await expect
    .poll(async () => (await (await page.request.post("/api/galleries/editor", { form: { id: gallery } })).json()).settings.high_res_quota)
    .toBe(7);
  await quota.fill("");
  await quota.pressSequentially("5-");
  await quota.blur();
  await expect(page.getByText("Enter a whole number")).toBeVisible();
  await expect(quota).toHaveAttribute("aria-invalid", "true");
  await expect(quota).toHaveAccessibleDescription(/whole number/);
  await page.waitForTimeout(600);
  expect((await (await page.request.post("/api/galleries/editor", { form: { id: gallery } })).json()).settings.high_res_quota).toBe(7);
  await quota.fill("");
  await quota.blur();
  await expect(page.getByText("Enter a whole number")).toHaveCount(0);
  // Every change saves itself, and the card says so; a reload shows the saved values.
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Downloads", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Ask for an email before the first download (email tracking)")).not.toBeChecked();
  // A change made just before leaving the tab is saved all the same.
  await page.getByLabel("Compare", { exact: true }).uncheck();
  await page.getByRole("link", { name: "Invite" }).click();
  await expect
    .poll(async () => (await (await page.request.post("/api/galleries/editor", { form: { id: gallery } })).json()).settings.switches.compare)
    .toBe(false);
  await page.getByRole("link", { name: "Access & downloads" }).click();
  await hydrated(page);
  await page.getByLabel("Compare", { exact: true }).check();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await page.getByLabel("PIN", { exact: true }).fill("2468");
  await page.getByRole("button", { name: "Set PIN" }).click();
  await expect(page.locator(".pin-shown")).toContainText("The PIN is 2468");
  await expect(page.getByRole("button", { name: "Reset PIN" })).toBeVisible();

  await page.getByRole("link", { name: "Invite" }).click();
  await hydrated(page);
  await page.getByLabel("Who is it for").fill("Anna & Tom");
  await page.getByRole("button", { name: "Make link" }).click();
  const field = page.getByLabel("Link for Anna & Tom");
  await expect(field).toBeVisible();
  const link = await field.inputValue();
  expect(link).toMatch(/^\/l\/[0-9a-f]{32}$/);
  // The form is ready for the next person, and Copy puts the full address on the clipboard.
  await expect(page.getByLabel("Who is it for")).toHaveValue("");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const copy = page.getByRole("button", { name: /^Cop(y|ied) Anna & Tom’s link$/ });
  await copy.click();
  await expect(copy).toHaveText("Copied");
  await expect(copy).toHaveAccessibleName("Copied Anna & Tom’s link");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(new URL(link, page.url()).href);

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(link);
  await hydrated(visitor);
  await visitor.getByText("Download", { exact: true }).first().click();
  await visitor.getByLabel("HD · 1920 px").check();
  await visitor.getByRole("button", { name: "Download All photos" }).click();
  const pin = visitor.getByRole("dialog", { name: "Download PIN" });
  await pin.getByLabel("PIN").fill("2468");
  const download = visitor.waitForEvent("download");
  await pin.getByRole("button", { name: "Continue" }).click();
  expect((await download).suggestedFilename()).toBe(`${slug}-all-hd.zip`);

  await page.getByRole("link", { name: "Downloads log" }).click();
  // One line for the ZIP, its photos unfolding beneath it, and the totals above.
  await expect(page.locator("table.log tbody tr")).toHaveCount(1);
  const zip = page.locator("table.log tbody tr").first();
  await expect(zip).toContainText("ZIP · 2 photos");
  await expect(zip).toContainText("Anna & Tom");
  await zip.getByText("ZIP · 2 photos").click();
  await expect(zip.getByRole("listitem")).toHaveText(["aqua.jpg", "ladybird.jpg"]);
  const totals = page.locator(".log-totals");
  await expect(totals.locator("div").filter({ hasText: "ZIPs" }).locator("dd")).toHaveText("1");
  await expect(totals.locator("div").filter({ hasText: "Photos sent" }).locator("dd")).toHaveText("2");

  await page.getByRole("link", { name: "Invite" }).click();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByLabel("Link for Anna & Tom")).toHaveCount(0);
  await visitor.reload();
  await expect(visitor.getByText("This link has been revoked")).toBeVisible();
  await visitorContext.close();
});

test("the photographer gives the gallery a last day: a day already past is refused with a sentence, today is kept and said", async ({
  page,
}) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);
  const lastDay = page.getByLabel("Last day visitors can open it (optional)");
  await expect(lastDay).toHaveAccessibleDescription("No last day: the gallery stays open to its links.");
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await lastDay.fill(day(-2));
  await page.getByRole("button", { name: "Save details" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "Choose a last day from today on" });
  await expect(refused).toBeVisible();
  await lastDay.fill(day(1));
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(refused).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await expect(lastDay).toHaveValue(day(1));
  await expect(lastDay).toHaveAccessibleDescription(
    /^Visitors can open the gallery through .*, until midnight in your studio's time zone \(Studio settings\); after that they are told it has expired/,
  );
});
