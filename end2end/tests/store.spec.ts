import { expect, test } from "./fixtures";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corpus, hydrated, signUp, unique, meetsWcag } from "./helpers";
import { readFileSync } from "node:fs";

test("a photographer opens a shop; a visitor buys three photos by invoice and downloads exactly what was bought", async ({
  page,
  browser,
}) => {
  // The photographer, in a browser of their own.
  const studio = await browser.newContext();
  const photographer = await studio.newPage();
  const id = unique();
  await signUp(studio.request, `shop-${id}@example.com`);
  const created = await studio.request.post("/api/galleries/create", {
    form: { title: "Garden wedding", slug: `shop-${id}`, event_date: "2026-06-14" },
  });
  const gallery: string = await created.json();
  const files = ["demo/ladybird.jpg", "demo/aqua.jpg", "demo/garden.jpg"];
  for (const file of files) {
    const upload = await studio.request.post(`/api/galleries/${gallery}/images`, {
      headers: { "X-File-Name": file.split("/").pop()!, "Content-Type": "application/octet-stream" },
      data: readFileSync(corpus(file)),
    });
    expect(upload.status()).toBe(201);
  }
  await studio.request.post("/api/galleries/publish", { form: { id: gallery, published: "true" } });

  // A price sheet with two licences, made in the page.
  await photographer.goto("/studio/price-sheets");
  await hydrated(photographer);
  await photographer.getByLabel("Name", { exact: true }).fill("Weddings 2026");
  await photographer.getByLabel("Currency").selectOption("EUR");
  await photographer.getByRole("button", { name: "Make price sheet" }).click();
  const sheet = photographer.getByRole("region", { name: "Weddings 2026" });
  await expect(sheet).toBeVisible();
  for (const [name, price, size] of [
    ["Personal digital", "25", "hd"],
    ["Full buyout", "120", "original"],
  ]) {
    const form = sheet.locator("details.add-product form");
    // The form stays open after a licence is added; open it when it is closed.
    if (!(await form.getByLabel("Licence name").isVisible())) await sheet.getByText("Add a licence").click();
    await expect(form.getByLabel("Licence name")).toBeVisible();
    await form.getByLabel("Licence name").fill(name);
    await form.getByLabel("Price").fill(price);
    await form.getByLabel("Download size it grants").selectOption(size);
    await form.getByRole("button", { name: "Add licence" }).click();
    await expect(sheet.locator(".product").filter({ hasText: name })).toBeVisible();
  }
  await expect(sheet.locator(".product").filter({ hasText: "Personal digital" })).toContainText("€25.00");

  // Store mode on, from the Store tab, after reading what it changes.
  await photographer.goto(`/studio/galleries/${gallery}?tab=store`);
  await hydrated(photographer);
  await photographer.getByRole("button", { name: "Turn store mode on…" }).click();
  const confirm = photographer.getByRole("dialog", { name: "Turn store mode on?" });
  await expect(confirm).toContainText("Free downloads are switched off");
  await expect(confirm.getByRole("button", { name: "Turn store mode on" })).toBeFocused();
  await meetsWcag(photographer, "store mode question");
  await confirm.getByRole("button", { name: "Turn store mode on" }).click();
  await expect(photographer.getByText("Store mode is on")).toBeVisible();
  const link = await studio.request.post("/api/access/create_link", {
    data: { id: gallery, form: { label: "Buyer", role: "MainClient", sets: null, expires_on: null } },
  });
  const linkPath: string = (await link.json()).path;

  // The visitor sees watermarked previews only (the marks are burned in the background).
  await expect
    .poll(async () => {
      await page.goto(linkPath);
      return page.locator(".tile img").count();
    }, { timeout: 60_000 })
    .toBe(3);
  await hydrated(page);
  for (const src of await page.locator(".tile img").evaluateAll((imgs) => imgs.map((i) => i.getAttribute("src")))) {
    // The mark's version is in the URL: a new mark is fetched at once.
    expect(src).toMatch(/\/media\/[0-9a-f-]+\/wm\/480\?v=[0-9a-f]{16}$/);
  }
  const imageIds = await page.locator(".tile").evaluateAll((tiles) => tiles.map((t) => t.getAttribute("data-image")!));

  // Three photos, two licences, into the cart.
  const buy = async (file: string, licence: string) => {
    await page.getByRole("button", { name: `Buy a licence for ${file}` }).click();
    const dialog = page.getByRole("dialog", { name: `Licences for ${file}` });
    await expect(dialog).toContainText("€25.00");
    await meetsWcag(page, "licence dialog");
    await dialog.getByRole("button", { name: `Add ${licence} to cart` }).click();
    await expect(dialog).toBeHidden();
  };
  await buy("ladybird.jpg", "Personal digital");
  await buy("aqua.jpg", "Personal digital");
  await buy("garden.jpg", "Full buyout");
  await buy("garden.jpg", "Personal digital");
  await expect(page.getByRole("link", { name: "Cart, 4 licences" })).toBeVisible();

  await page.getByRole("link", { name: "Cart, 4 licences" }).click();
  await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await hydrated(page);
  await expect(page.locator(".cart-line")).toHaveCount(4);
  await page.getByLabel("Your name").fill("Ana Client");
  await page.getByLabel("Email for the receipt and your downloads").fill(`ana-${id}@example.com`);
  await page.getByLabel("Pay by invoice or in person").check();
  // A line taken out: the cart is drawn anew, and what was typed stays.
  await page.getByRole("button", { name: "Remove Personal digital for garden.jpg" }).click();
  await expect(page.locator(".cart-line")).toHaveCount(3);
  await expect(page.locator(".cart-total")).toContainText("€170.00");
  // Said to a screen reader, and the keyboard goes on from the top of the cart (the button it
  // pressed is gone with its line).
  await expect(page.getByRole("status")).toHaveText("Removed Personal digital for garden.jpg. Total now €170.00.");
  await expect(page.getByRole("heading", { name: "Your cart" })).toBeFocused();
  await expect(page.getByLabel("Your name")).toHaveValue("Ana Client");
  await expect(page.getByLabel("Email for the receipt and your downloads")).toHaveValue(`ana-${id}@example.com`);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f]{64}$/);
  await expect(page.getByRole("status")).toContainText("Awaiting payment");
  const orderUrl = page.url();

  // The photographer marks it paid in the Orders tab.
  await photographer.goto(`/studio/galleries/${gallery}?tab=orders`);
  await hydrated(photographer);
  const order = photographer.locator(".order-summary").first();
  await expect(order).toContainText("Ana Client");
  await expect(order).toContainText("€170.00");
  await order.getByRole("button", { name: /^Mark paid for order/ }).click();
  await expect(order).toContainText("Paid");

  // The visitor's order page opens the downloads; the ZIP holds exactly what was bought.
  await page.goto(orderUrl);
  await hydrated(page);
  await expect(page.getByRole("status")).toContainText("Paid");
  const zipHref = await page.getByRole("link", { name: "Download everything (ZIP)" }).getAttribute("href");
  const zip = await page.request.get(zipHref!);
  expect(zip.status()).toBe(200);
  const dir = mkdtempSync(join(tmpdir(), "order-"));
  writeFileSync(join(dir, "order.zip"), await zip.body());
  const listing = execFileSync("unzip", ["-Z1", join(dir, "order.zip")]).toString().trim().split("\n");
  expect(listing).toEqual(["ladybird-hd.jpg", "aqua-hd.jpg", "garden.jpg", "LICENCE.txt", "SHA256SUMS.txt"]);

  // Watermarks are in the previews and not in the bought files.
  const [ladybird] = imageIds;
  const marked = await page.request.get(`/media/${ladybird}/wm/1600`);
  const clean = await studio.request.get(`/media/${ladybird}/1600`);
  expect(marked.status()).toBe(200);
  expect(Buffer.compare(await marked.body(), await clean.body())).not.toBe(0);
  expect((await page.request.get(`/media/${ladybird}/1600`)).status()).toBe(404);
  const boughtHd = await page.request.get(`/order-files/${orderUrl.split("/").pop()}/${ladybird}/hd`);
  const cleanHd = await studio.request.get(`/media/${ladybird}/hd`);
  expect(Buffer.compare(await boughtHd.body(), await cleanHd.body())).toBe(0);
  await studio.close();
});

test("what is typed into a licence form stays while other licences are saved or removed", async ({ page }) => {
  await signUp(page.request, `sheets-${unique()}@example.com`);
  await page.goto("/studio/price-sheets");
  await hydrated(page);
  await page.getByLabel("Name", { exact: true }).fill("Portraits");
  await page.getByRole("button", { name: "Make price sheet" }).click();
  const sheet = page.getByRole("region", { name: "Portraits" });
  const adding = sheet.locator("details.add-product form");
  await sheet.getByText("Add a licence").click();
  for (const [name, price] of [["Personal digital", "25"], ["Full buyout", "120"], ["Web use", "40"]]) {
    await adding.getByLabel("Licence name").fill(name);
    await adding.getByLabel("Price").fill(price);
    await adding.getByRole("button", { name: "Add licence" }).click();
    await expect(sheet.locator(".product").filter({ hasText: name })).toBeVisible();
    // Added: the form is empty for the next one.
    await expect(adding.getByLabel("Licence name")).toHaveValue("");
  }

  // A licence half-added, and another one half-edited…
  await adding.getByLabel("Licence name").fill("Album print");
  await adding.getByLabel("Download size it grants").selectOption("original");
  const personal = sheet.locator(".product").filter({ hasText: "Personal digital" });
  await personal.getByRole("button", { name: "Edit" }).click();
  await personal.locator("form").getByLabel("Price").fill("30");
  // …while a third is removed, and the sheets are drawn anew.
  page.once("dialog", (dialog) => dialog.accept());
  await sheet.getByRole("button", { name: "Remove Full buyout" }).click();
  await expect(sheet.locator(".product").filter({ hasText: "Full buyout" })).toHaveCount(0);
  await expect(adding.getByLabel("Licence name")).toHaveValue("Album print");
  await expect(adding.getByLabel("Download size it grants")).toHaveValue("original");
  await expect(personal.locator("form").getByLabel("Price")).toHaveValue("30");

  // The edit saved: the new price shows and the editor closes; the licence being added is still there.
  await personal.getByRole("button", { name: "Save licence" }).click();
  await expect(personal).toContainText("€30.00");
  await expect(personal.locator("form")).toHaveCount(0);
  await expect(personal.getByRole("button", { name: "Edit" })).toBeFocused();
  await expect(adding.getByLabel("Licence name")).toHaveValue("Album print");
  // Opening the editor again starts from what is saved.
  await personal.getByRole("button", { name: "Edit" }).click();
  await expect(personal.locator("form").getByLabel("Price")).toHaveValue("30.00");
});
