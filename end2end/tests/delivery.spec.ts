import { expect, test } from "./fixtures";
import { statSync } from "node:fs";
import { corpus, hydrated, meetsWcag, publishedGallery, selectionTools } from "./helpers";

test("the photographer packages the finals and the recipient downloads them all", async ({ page, browser }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg", "demo/ladybird.jpg", "demo/garden.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;

  // A package: its name and sizes.
  await page.goto(`/studio/galleries/${gallery}?tab=delivery`);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Delivery");
  const creating = page.getByRole("region", { name: "New delivery" });
  await creating.getByLabel("Name").fill("Finals");
  await creating.getByLabel("4K").uncheck();
  await creating.getByRole("button", { name: "Make delivery" }).click();
  await expect(page.getByRole("heading", { name: "Finals" })).toBeVisible();
  await expect(creating.getByLabel("Name")).toHaveValue("");
  await expect(creating.getByLabel("4K")).toBeChecked();

  // Its photos, picked in the Photos tab.
  await page.getByRole("link", { name: "Photos", exact: true }).click();
  await hydrated(page);
  await page.getByLabel("Tick aqua.jpg").check();
  await page.getByLabel("Tick ladybird.jpg").check();
  await selectionTools(page);
  await page.getByLabel("Add to delivery").selectOption({ label: "Finals" });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added to the delivery" })).toBeVisible();

  // In order, and a link for the recipient.
  await page.getByRole("link", { name: "Delivery", exact: true }).click();
  await hydrated(page);
  await expect(page.getByText("2 photos · Original, HD")).toBeVisible();
  await page.getByRole("button", { name: "Move ladybird.jpg earlier" }).click();
  await expect(page.locator(".delivery-strip li").first()).toContainText("ladybird.jpg");
  // A link with a last day; the form is then ready for the next one, and shows what it would send.
  await page.getByLabel("Recipient").fill("Anna");
  const lastDay = new Date(Date.now() + 30 * 86_400_000);
  await page.getByLabel("Link's last day (optional), Finals").fill(lastDay.toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Make link" }).click();
  const field = page.getByLabel("Delivery link for Anna");
  await expect(field).toBeVisible();
  await expect(page.locator(".links li").filter({ has: field })).toContainText(
    `Until ${lastDay.getUTCDate()} ${lastDay.toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${lastDay.getUTCFullYear()}`,
  );
  await expect(page.getByLabel("Recipient")).toHaveValue("");
  await expect(page.getByLabel("Link's last day (optional), Finals")).toHaveValue("");
  const link = await field.inputValue();
  expect(link).toMatch(/^\/d\/[0-9a-f]{32}$/);
  await meetsWcag(page, "the Delivery tab");

  // The recipient: a fresh browser with nothing but the link.
  const context = await browser.newContext();
  const recipient = await context.newPage();
  await recipient.goto(link);
  await hydrated(recipient);
  await expect(recipient.getByRole("heading", { name: "Finals" })).toBeVisible();
  await expect(recipient.getByText("Garden party · for Anna")).toBeVisible();
  // Its last minute, in the recipient's own time zone (the studio's midnight, another hour elsewhere).
  const lastMonth = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][lastDay.getUTCMonth()];
  await expect(recipient.getByText(`Available until ${lastDay.getUTCDate()} ${lastMonth} ${lastDay.getUTCFullYear()}, 23:59`)).toBeVisible();
  await expect(recipient.locator(".delivery-tile img")).toHaveCount(2);
  await expect(recipient.locator(".delivery-tile img").first()).toHaveAttribute("alt", "ladybird.jpg");
  await meetsWcag(recipient, "the delivery page");
  // What "Download all" weighs, before it starts: exact for the originals, "about" while HD is not made.
  await expect(recipient.locator(".zip-summary")).toHaveText(/^2 photos · [\d.]+ (kB|MB)$/);
  const [zip] = await Promise.all([
    recipient.waitForEvent("download"),
    recipient.getByRole("link", { name: "Download all (Original)" }).click(),
  ]);
  expect(zip.suggestedFilename()).toBe(`${slug}-finals-original.zip`);
  const originals = statSync(corpus("demo/aqua.jpg")).size + statSync(corpus("demo/ladybird.jpg")).size;
  expect(statSync(await zip.path()).size).toBeGreaterThan(originals);
  await recipient.getByLabel("HD · 1920 px").check();
  await expect(recipient.locator(".zip-summary")).toHaveText(/^2 photos · (about )?[\d.]+ (kB|MB)$/);
  const [one] = await Promise.all([
    recipient.waitForEvent("download"),
    recipient.getByRole("link", { name: "Download aqua.jpg (HD · 1920 px)" }).click(),
  ]);
  expect(one.suggestedFilename()).toBe("aqua-hd.jpg");
  expect(statSync(await one.path()).size).toBeGreaterThan(10_000);

  // The photographer sees it opened and downloaded; revoking closes it at once.
  await page.reload();
  await hydrated(page);
  await expect(page.locator(".delivery-card > p.muted").first()).toContainText("3 files downloaded");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Revoke Anna’s delivery link" }).click();
  await expect(page.getByLabel("Delivery link for Anna")).toHaveCount(0);
  await recipient.reload();
  await expect(recipient.getByRole("alert")).toContainText("revoked");
  await context.close();
});

test("what is typed into one package's forms stays while another package changes", async ({ page }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  await page.goto(`/studio/galleries/${gallery}?tab=delivery`);
  await hydrated(page);
  const creating = page.getByRole("region", { name: "New delivery" });
  for (const name of ["Finals", "Album"]) {
    await creating.getByLabel("Name").fill(name);
    await creating.getByRole("button", { name: "Make delivery" }).click();
    await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  }

  // Half-way through renaming the finals and making a link to them…
  const finals = page.locator(".delivery-card").filter({ has: page.getByRole("heading", { name: "Finals", exact: true }) });
  await finals.getByText("Name, sizes and last day").click();
  await page.getByLabel("Name of Finals", { exact: true }).fill("Finals, retouched");
  await finals.getByRole("group", { name: "Sizes of Finals" }).getByLabel("4K").uncheck();
  await page.getByLabel("Recipient of a link to Finals", { exact: true }).fill("Anna");
  // …a link is made for the album, which draws every package anew.
  await page.getByLabel("Recipient of a link to Album", { exact: true }).fill("Grandma");
  await page.getByRole("button", { name: "Make link to Album" }).click();
  await expect(page.getByLabel("Delivery link for Grandma")).toBeVisible();
  await expect(page.getByLabel("Recipient of a link to Album", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Name of Finals", { exact: true })).toHaveValue("Finals, retouched");
  await expect(page.getByLabel("Recipient of a link to Finals", { exact: true })).toHaveValue("Anna");
  await expect(finals.getByRole("group", { name: "Sizes of Finals" }).getByLabel("4K")).not.toBeChecked();

  // Saved: the package has its new name and sizes, the form says so with the keyboard still on
  // "Save", and the link's recipient stays.
  await page.getByRole("button", { name: "Save of Finals", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Finals, retouched", exact: true })).toBeVisible();
  await expect(page.getByText("0 photos · Original, HD")).toBeVisible();
  const retouched = page.locator(".delivery-card").filter({ has: page.getByRole("heading", { name: "Finals, retouched" }) });
  await expect(retouched.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByLabel("Name of Finals, retouched", { exact: true })).toHaveValue("Finals, retouched");
  await expect(page.getByRole("button", { name: "Save of Finals, retouched", exact: true })).toBeFocused();
  await expect(page.getByLabel("Recipient of a link to Finals, retouched", { exact: true })).toHaveValue("Anna");
  // Typing again: no longer "Saved.".
  await page.getByLabel("Name of Finals, retouched", { exact: true }).fill("Finals 2");
  await expect(retouched.getByRole("status")).toHaveCount(0);
});
