import { expect, test } from "./fixtures";
import { corpus, DESKTOP_ONLY, emailedPath, hydrated, publishedGallery, selectionTools, unique } from "./helpers";

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
  await page.getByLabel("The password you chose when signing up").fill("a long password 1");
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

  // The limit the server keeps (PROOFROOM_MAX_UPLOAD_MB, 40 in these tests) is the one the panel
  // says (a larger file is refused below).
  await expect(page.getByText("JPEG, PNG, TIFF or WebP, up to 40 MB each.")).toBeVisible();
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
  // A file over the limit is refused without being sent, and not offered again.
  let sent = 0;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/images")) sent += 1;
  });
  await page.locator('input[type="file"]').setInputFiles([
    { name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(40_000_001) },
  ]);
  const huge = page.locator(".upload-row").filter({ hasText: "huge.jpg" });
  await expect(huge).toHaveAttribute("data-outcome", "failed");
  await expect(huge).toContainText("The file is larger than 40 MB, the most one upload may be.");
  await expect(huge.getByRole("button")).toHaveCount(0);
  expect(sent).toBe(0);

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

test("uploads go on while the photographer looks at a set or another tab, and leaving asks first", async ({ page }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  expect((await page.request.post("/api/sets/create", { form: { gallery, name: "Ceremony" } })).status()).toBe(200);
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);
  // Each upload held back a moment, so the queue is still full when the view changes.
  await page.route(`**/api/galleries/${gallery}/images`, async (route) => {
    await new Promise((resume) => setTimeout(resume, 1_500));
    await route.continue();
  });
  const files = ["demo/dune.jpg", "demo/garden.jpg", "demo/ladybird.jpg", "demo/storm.jpg", "demo/raindrops.jpg"];
  await page.locator('input[type="file"]').setInputFiles(files.map(corpus));
  await expect(page.locator(".upload-row")).toHaveCount(5);
  // Leaving while they are sent asks first, by a link out of the editor or by the browser (the
  // photographer stays both times). The browser asks only on a page someone has clicked in.
  let question = "";
  page.once("dialog", async (dialog) => {
    question = dialog.message();
    await dialog.dismiss();
  });
  await page.getByRole("link", { name: "← Galleries" }).click();
  await expect.poll(() => question).toContain("Photos are still uploading");
  await expect(page).toHaveURL(new RegExp(`/studio/galleries/${gallery}$`));
  const asked = new Promise<string>((answer) =>
    page.once("dialog", async (dialog) => {
      answer(dialog.type());
      await dialog.dismiss();
    }),
  );
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe("beforeunload");
  // Another `?show=`, another tab (where the uploads stay in view), and back, while they are sent.
  await page.getByRole("link", { name: "Ceremony (0)" }).click();
  await expect(page.getByRole("link", { name: "Ceremony (0)" })).toHaveAttribute("aria-current", "page");
  await expect(page.locator(".upload-row")).toHaveCount(5);
  await page.getByRole("link", { name: "Delivery", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Delivery");
  await expect(page.locator(".upload-row")).toHaveCount(5);
  await page.getByRole("link", { name: "Photos", exact: true }).click();
  await page.getByRole("link", { name: /^All \(/ }).click();
  await expect(page.getByText("5 of 5 uploaded")).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.upload-row[data-outcome="done"]')).toHaveCount(5);
  await expect(page.getByRole("heading", { name: "Photos (6)" })).toBeVisible({ timeout: 60_000 });
});

test("what the photographer is in the middle of stays while photos arrive and sets move", async ({ page }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg", "demo/dune.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  for (const name of ["Ceremony", "Party"]) {
    expect((await page.request.post("/api/sets/create", { form: { gallery, name } })).status()).toBe(200);
  }
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);

  // A photo ticked, a set and a place chosen; then a photo arrives and the grid is drawn anew.
  await page.getByLabel("Tick aqua.jpg").check();
  await selectionTools(page);
  await page.getByLabel("Move to").selectOption({ label: "Party" });
  await page.locator(".place-input").fill("2");
  await page.locator('input[type="file"]').setInputFiles([corpus("demo/garden.jpg")]);
  await expect(page.getByText("1 of 1 uploaded")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "Photos (3)" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel("Move to")).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByLabel("Move to").locator("option:checked")).toHaveText("Party");
  await expect(page.locator(".place-input")).toHaveValue("2");

  // A new name half-typed for Ceremony; Party moves above it. The name stays with Ceremony.
  const row = (set: string) => page.locator(".set-row").filter({ has: page.getByRole("button", { name: `Delete set ${set}` }) });
  await row("Ceremony").getByLabel("Set name").fill("Vows");
  await page.getByRole("button", { name: "Move Party up" }).click();
  await expect(page.locator(".set-row").first().getByRole("button", { name: "Delete set Party" })).toBeVisible();
  await expect(row("Ceremony").getByLabel("Set name")).toHaveValue("Vows");
  await expect(row("Party").getByLabel("Set name")).toHaveValue("Party");
  await row("Ceremony").getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("button", { name: "Delete set Vows" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete set Party" })).toBeVisible();
});

test("files dragged onto the grid move no photo, even after a photo's drag ended unseen", DESKTOP_ONLY, async ({ page }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg", "demo/dune.jpg", "demo/garden.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);
  const names = page.locator(".edit-tile .file-name");
  const order = await names.allTextContents();
  const tiles = page.locator(".edit-tile");
  const arranged: string[] = [];
  page.on("request", (r) => r.url().endsWith("/api/images/arrange") && arranged.push(r.url()));

  // A photo's drag starts, and its end never reaches the page (its tile was drawn anew mid-drag).
  const photo = await page.evaluateHandle(() => new DataTransfer());
  await tiles.nth(0).dispatchEvent("dragstart", { dataTransfer: photo });
  // Then a file from the computer is dropped on another photo.
  const files = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(["not a photo"], "notes.txt", { type: "text/plain" }));
    return data;
  });
  await tiles.nth(2).dispatchEvent("dragover", { dataTransfer: files });
  await tiles.nth(2).dispatchEvent("drop", { dataTransfer: files });
  await page.waitForTimeout(500);
  expect(arranged).toHaveLength(0);
  await expect(names).toHaveText(order);

  // A photo's own drag still moves it.
  const data = await page.evaluateHandle(() => new DataTransfer());
  await tiles.nth(2).dispatchEvent("dragstart", { dataTransfer: data });
  await tiles.nth(0).dispatchEvent("dragover", { dataTransfer: data });
  await tiles.nth(0).dispatchEvent("drop", { dataTransfer: data });
  await tiles.nth(2).dispatchEvent("dragend", { dataTransfer: data });
  await expect(names).toHaveText([order[2], order[0], order[1]]);
  expect(arranged).toHaveLength(1);
});

test("ticking photos while the page of photos is being read again breaks nothing", async ({ page }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg", "demo/dune.jpg", "demo/garden.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  expect((await page.request.post("/api/sets/create", { form: { gallery, name: "Ceremony" } })).status()).toBe(200);
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);

  // A photo moved: the page of photos is read again, slowly (a phone on a poor connection)…
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/galleries/photos", async (route) => {
    await held;
    await route.fallback();
  });
  await page.getByLabel("Tick aqua.jpg").check();
  await selectionTools(page);
  await page.getByLabel("Move to").selectOption({ label: "Ceremony" });
  const reading = page.waitForRequest("**/api/galleries/photos");
  await page.getByRole("button", { name: "Move", exact: true }).click();
  await reading;
  // …and meanwhile the photographer ticks photos and the whole page.
  await page.getByLabel("Tick dune.jpg").check();
  await page.getByRole("button", { name: "Tick this page" }).click();
  release();
  await expect(page.getByRole("link", { name: /^Ceremony/ })).toHaveText("Ceremony (1)");
  await expect(page.getByRole("group", { name: "Selected photos" })).toContainText(/\d photos? ticked/);
});

test("two moves of ticked photos answered out of order each untick their own photos", async ({ page }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg", "demo/dune.jpg", "demo/garden.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  for (const name of ["Ceremony", "Party"]) {
    expect((await page.request.post("/api/sets/create", { form: { gallery, name } })).status()).toBe(200);
  }
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);
  const bar = page.getByRole("group", { name: "Selected photos" });

  // The first move (aqua.jpg to Ceremony) is answered late…
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let moves = 0;
  await page.route("**/api/images/move", async (route) => {
    moves += 1;
    if (moves === 1) await held;
    await route.fallback();
  });
  await page.getByLabel("Tick aqua.jpg").check();
  await selectionTools(page);
  await bar.getByLabel("Move to").selectOption({ label: "Ceremony" });
  const first = page.waitForRequest("**/api/images/move");
  await bar.getByRole("button", { name: "Move", exact: true }).click();
  await first;
  // …after a second (dune.jpg to Party), sent meanwhile and answered at once.
  await page.getByLabel("Tick aqua.jpg").uncheck();
  await page.getByLabel("Tick dune.jpg").check();
  await bar.getByLabel("Move to").selectOption({ label: "Party" });
  await bar.getByRole("button", { name: "Move", exact: true }).click();
  await expect(page.getByRole("link", { name: /^Party/ })).toHaveText("Party (1)");
  await expect(page.getByLabel("Tick dune.jpg")).not.toBeChecked();
  await expect(page.getByLabel("Tick garden.jpg")).not.toBeChecked();
  // The first answer comes: aqua.jpg is in Ceremony, and nothing else is unticked by it.
  await page.getByLabel("Tick garden.jpg").check();
  release();
  await expect(page.getByRole("link", { name: /^Ceremony/ })).toHaveText("Ceremony (1)");
  await expect(page.getByLabel("Tick garden.jpg")).toBeChecked();
  await expect(bar).toContainText("1 photo ticked");
});

test("deleting ticked photos asks first, and one Undo brings them all back", async ({ page }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg", "demo/dune.jpg", "demo/garden.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);
  const live = page.locator(".edit-grid:not(.deleted) .edit-tile");
  await expect(live).toHaveCount(3);
  await page.getByRole("button", { name: "Tick this page" }).click();
  await selectionTools(page);
  // Saying no deletes nothing.
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("button", { name: "Delete 3 photos" }).click();
  await page.waitForTimeout(300);
  await expect(live).toHaveCount(3);
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    dialog.accept();
  });
  await page.getByRole("button", { name: "Delete 3 photos" }).click();
  expect(asked).toContain("Delete 3 photos?");
  const undo = page.getByRole("button", { name: "Undo", exact: true });
  await expect(undo).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "3 photos deleted." })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Undo delete of / })).toHaveCount(3);
  await expect(live).toHaveCount(0);
  await undo.click();
  await expect(live).toHaveCount(3);
  await expect(page.getByRole("button", { name: /^Undo delete of / })).toHaveCount(0);
  await expect(undo).toHaveCount(0);
  // Deleted again, they all come back by "Bring all 3 back" too, and the Undo goes with them.
  await page.getByRole("button", { name: "Tick this page" }).click();
  await selectionTools(page);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete 3 photos" }).click();
  await expect(live).toHaveCount(0);
  await page.getByRole("button", { name: "Bring all 3 back" }).click();
  await expect(live).toHaveCount(3);
  await expect(undo).toHaveCount(0);
});

test("a ticked photo binned is unticked, and one deleted in another window leaves the rest ticked, with the reason in the bar", async ({ page }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg", "demo/dune.jpg", "demo/garden.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  expect((await page.request.post("/api/sets/create", { form: { gallery, name: "Ceremony" } })).status()).toBe(200);
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);
  const bar = page.getByRole("group", { name: "Selected photos" });
  for (const name of ["aqua.jpg", "dune.jpg", "garden.jpg"]) await page.getByLabel(`Tick ${name}`).check();
  await expect(bar).toContainText("3 photos ticked");
  await page.getByRole("button", { name: "Delete dune.jpg" }).click();
  await expect(bar).toContainText("2 photos ticked");
  // Another window deletes aqua.jpg: moving the ticked photos is refused, and nothing is lost.
  const aqua = await page.locator(".edit-tile", { has: page.getByLabel("Tick aqua.jpg") }).getAttribute("data-image");
  expect((await page.request.post("/api/images/delete", { data: { gallery, images: [aqua] } })).status()).toBe(200);
  await selectionTools(page);
  await bar.getByLabel("Move to").selectOption({ label: "Ceremony" });
  await bar.getByRole("button", { name: "Move", exact: true }).click();
  await expect(bar.getByRole("alert")).toContainText("no longer in this gallery");
  await expect(bar).toContainText("2 photos ticked");
  await expect(page.getByRole("link", { name: /^Ceremony/ })).toHaveText("Ceremony (0)");
});

test("by keyboard, a photo walks along with its arrow, and a deleted photo's Undo takes the focus", async ({ page }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg", "demo/dune.jpg", "demo/garden.jpg"]);
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  await page.goto(`/studio/galleries/${gallery}`);
  await hydrated(page);
  const names = page.locator(".edit-grid:not(.deleted) .edit-tile .file-name");
  const order = await names.allTextContents();
  const first = order[0].replace(" ★", "");
  const later = page.getByRole("button", { name: `Move ${first} later` });
  await later.focus();
  await page.keyboard.press("Enter");
  await expect(names).toHaveText([order[1], order[0], order[2]]);
  await expect(later).toBeFocused();
  // Enter again moves the same photo on, not the one that took its place.
  await page.keyboard.press("Enter");
  await expect(names).toHaveText([order[1], order[2], order[0]]);
  await expect(later).toBeFocused();
  const last = order[2].replace(" ★", "");
  await page.getByRole("button", { name: `Delete ${last}` }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: `Undo delete of ${last}` })).toBeFocused();
  await expect(names).toHaveCount(2);
});
