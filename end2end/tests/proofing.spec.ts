import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DESKTOP_ONLY, downloadGallery, hydrated, meetsWcag } from "./helpers";

/** Answers the proofing email dialog (asked once, on the first star, comment or saved marks). */
async function giveEmail(page: Page, name: string, email: string) {
  const dialog = page.getByRole("dialog", { name: "Your email" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Your name").fill(name);
  await dialog.getByLabel("Email address").fill(email);
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog).toBeHidden();
}

test("a client stars photos into two lists, and they are still starred after a reload", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg", "demo/dune.jpg"]);
  await page.goto(made.mainClientLink);
  await hydrated(page);
  const tiles = page.locator(".grid .tile");
  await tiles.nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await giveEmail(page, "Anna", "anna@couple.example");
  await expect(tiles.nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: true })).toHaveAttribute("aria-pressed", "true");

  await page.locator(".selects-bar summary").click();
  await page.getByLabel("New list").fill("Prints");
  await page.getByRole("button", { name: "Add list" }).click();
  await expect(page.getByLabel("Prints (0)")).toBeChecked();
  await page.locator(".selects-bar summary").click();
  await tiles.nth(2).getByRole("button", { name: /^Star .* in Prints$/, pressed: false }).click();
  await expect(page.getByTestId("selects-total")).toHaveText("2");
  await page.locator(".selects-bar summary").click();
  await expect(page.getByLabel("Favourites (1)")).toBeVisible();
  await expect(page.getByLabel("Prints (1)")).toBeVisible();

  await page.reload();
  await hydrated(page);
  // The first list is active again; its photo is starred in the server-rendered page too.
  await expect(tiles.nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: true })).toBeVisible();
  await expect(page.getByTestId("selects-total")).toHaveText("2");
});

test("a client comments on a photo and the photographer sees it in the inbox", async ({ page, request, browser, isMobile }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg"]);
  await page.goto(made.mainClientLink);
  await page.goto(`/g/${made.slug}?image=${made.images[0]}`);
  await hydrated(page);
  // On a phone the comments wait behind a button, so the photo keeps the screen.
  const toggle = page.getByRole("button", { name: "Comment", exact: true });
  const comments = page.getByRole("region", { name: "Comments" });
  if (isMobile) {
    await expect(comments).toBeHidden();
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
  } else {
    await expect(toggle).toBeHidden();
  }
  await comments.getByLabel("Your name").fill("Tom");
  await comments.getByLabel("Comment").fill("Could this one be a little warmer? <b>please</b>");
  await comments.getByRole("button", { name: "Send comment" }).click();
  await giveEmail(page, "Tom", "tom@couple.example");
  await expect(comments.locator(".comment-body")).toHaveText("Could this one be a little warmer? <b>please</b>");
  await expect(comments.locator(".comment-meta strong")).toHaveText("Tom");
  // The button counts the thread.
  if (isMobile) await expect(page.getByRole("button", { name: "Comments (1)" })).toBeVisible();

  const inbox = await (await request.post("/api/comments/inbox", { form: { id: made.gallery } })).json();
  expect(inbox.unread).toBe(1);
  expect(inbox.threads[0].comments[0].comment.body).toContain("warmer");

  // The photographer starts a reply, marks the thread read (the list is drawn anew): the reply
  // being written stays; sent, it joins the thread and the field is empty.
  // The photographer is on Kiritimati (UTC+14, no summer time): the comment's moment reads in
  // their own time there, as the client's reads in theirs (without the server's "UTC").
  const studio = await browser.newContext({ storageState: await request.storageState(), timezoneId: "Pacific/Kiritimati" });
  const editor = await studio.newPage();
  await editor.goto(`/studio/galleries/${made.gallery}?tab=inbox`);
  await hydrated(editor);
  const written = editor.locator(".comment-meta time").first();
  const at = new Date(Date.parse((await written.getAttribute("datetime")) ?? "") + 14 * 3_600_000);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  await expect(written).toHaveText(`${at.getUTCDate()} ${months[at.getUTCMonth()]} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`);
  await expect(comments.locator(".comment-meta time")).not.toContainText("UTC");
  await editor.getByLabel("Reply").fill("Of course, warmer it is.");
  await editor.getByRole("button", { name: "Mark read" }).click();
  await expect(editor.getByRole("button", { name: "Mark read" })).toHaveCount(0);
  await expect(editor.getByLabel("Reply")).toHaveValue("Of course, warmer it is.");
  await editor.getByRole("button", { name: "Send reply" }).click();
  await expect(editor.locator(".comment-body").last()).toHaveText("Of course, warmer it is.");
  await expect(editor.getByLabel("Reply")).toHaveValue("");
  // The studio's one inbox holds the gallery's threads too, under its title (a link to it).
  await editor.goto("/studio");
  await hydrated(editor);
  await editor.getByRole("link", { name: "Comments", exact: true }).click();
  await expect(editor).toHaveURL(/\/studio\/inbox$/);
  await expect(editor.getByRole("heading", { name: "Garden party" }).getByRole("link")).toHaveAttribute(
    "href",
    `/studio/galleries/${made.gallery}?tab=inbox`,
  );
  await expect(editor.locator(".comment-body").first()).toHaveText("Could this one be a little warmer? <b>please</b>");
  await meetsWcag(editor, "studio inbox");
  await studio.close();
});

test("a client draws an arrow, saves it, and sees it after a reload", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg"], { annotations: true });
  await page.goto(made.mainClientLink);
  await page.goto(`/g/${made.slug}?image=${made.images[0]}`);
  await hydrated(page);
  await page.getByRole("button", { name: "Annotate" }).click();
  await page.getByRole("button", { name: "Arrow", exact: true }).click();
  const marks = page.getByTestId("marks");
  const box = (await marks.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.6, { steps: 8 });
  await page.mouse.up();
  await expect(marks.locator(".mark-arrow")).toHaveCount(1);
  // A box without dragging: a tap at one corner, then one at the other.
  await page.getByRole("button", { name: "Box", exact: true }).click();
  await page.mouse.click(box.x + box.width * 0.35, box.y + box.height * 0.45);
  await expect(page.locator(".annotate-tools p.visually-hidden[aria-live]")).toHaveText("Box started. Tap where it ends.");
  await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.7);
  await expect(marks.locator("rect.mark")).toHaveCount(1);
  // Unsaved marks are never lost by a key: Escape asks first (here: no, keep drawing).
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    dialog.dismiss();
  });
  await page.keyboard.press("Escape");
  await expect.poll(() => asked).toContain("Discard the marks");
  await expect(page.getByRole("dialog", { name: "ladybird.jpg" })).toBeVisible();
  await expect(marks.locator(".mark-arrow")).toHaveCount(1);
  // A note without a pointer: typed, then Enter pins it in the middle of the photo.
  await page.getByRole("button", { name: "Note", exact: true }).click();
  await page.getByLabel(/^Note \(then tap the photo/).fill("Softer here");
  await page.keyboard.press("Enter");
  await expect(marks.locator(".mark-pin")).toHaveCount(1);
  await expect(marks.locator(".mark-pin")).toContainText("1. Softer here");
  await page.getByRole("button", { name: "Save marks" }).click();
  await giveEmail(page, "Anna", "anna@couple.example");
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  // Said inside the photo's view (a screen reader hears nothing outside a modal dialog).
  const photo = page.getByRole("dialog", { name: /^ladybird\.jpg, photo 1 of 1$/ });
  await expect(photo.locator('p.visually-hidden[role="status"]')).toHaveText(/Your marks are saved/);

  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("marks").locator(".mark-arrow")).toHaveCount(1);
  const saved = await (await request.post("/api/annotations/by_image", { form: { id: made.gallery } })).json();
  expect(saved[0].annotations[0].author).toBe("Anna");
  const arrow = saved[0].annotations[0].shapes[0];
  expect(arrow.kind).toBe("arrow");
  expect(saved[0].annotations[0].shapes[1].kind).toBe("rect");
  expect(saved[0].annotations[0].shapes[2].kind).toBe("pin");
  expect(arrow.from.x).toBeGreaterThan(0.15);
  expect(arrow.to.x).toBeLessThan(0.75);
});

test("a client draws with the keyboard alone: arrow keys move, Enter starts and ends a mark", DESKTOP_ONLY, async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], { annotations: true });
  await page.goto(made.mainClientLink);
  await page.goto(`/g/${made.slug}?image=${made.images[0]}`);
  await hydrated(page);
  // The button waits for the photo's marks to load (a key pressed on it before does nothing).
  const annotate = page.getByRole("button", { name: "Annotate" });
  await expect(annotate).toBeEnabled();
  await annotate.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Draw", exact: true })).toBeFocused();
  await page.getByRole("button", { name: "Arrow", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Arrow", exact: true })).toHaveAttribute("aria-pressed", "true");
  // The photo is in the Tab order while drawing, described by the keyboard's hint.
  const surface = page.getByRole("application", { name: "The photo, to draw on" });
  await expect(surface).toHaveAccessibleDescription(/arrow keys/);
  for (let n = 0; n < 30 && !(await surface.evaluate((el) => el === document.activeElement)); n++) {
    await page.keyboard.press("Shift+Tab");
  }
  await expect(surface).toBeFocused();
  await expect(surface.locator(".draw-cursor")).toHaveCount(1);
  const said = page.locator(".annotate-tools p.visually-hidden[aria-live]");
  await page.keyboard.press("Enter");
  await expect(said).toHaveText(/Arrow started at 50 % across, 50 % down/);
  for (let n = 0; n < 5; n++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowDown");
  await expect(said).toHaveText("60 % across, 60 % down");
  await page.keyboard.press("Enter");
  await expect(said).toHaveText("Arrow drawn.");
  const marks = page.getByTestId("marks");
  await expect(marks.locator(".mark-arrow")).toHaveCount(1);
  // The arrow keys drew; they did not turn to the next photo.
  await expect(page).toHaveURL(new RegExp(`image=${made.images[0]}`));
  // Escape drops only the mark in progress: no question, the photo stays open, the arrow stays.
  await page.getByRole("button", { name: "Box", exact: true }).focus();
  await page.keyboard.press("Enter");
  await surface.focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(marks.locator("rect.mark")).toHaveCount(1);
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    dialog.dismiss();
  });
  await page.keyboard.press("Escape");
  await expect(said).toHaveText("Mark dropped.");
  await expect(marks.locator("rect.mark")).toHaveCount(0);
  await expect(marks.locator(".mark-arrow")).toHaveCount(1);
  await expect(page.getByRole("dialog", { name: "ladybird.jpg" })).toBeVisible();
  expect(asked).toBe("");
  // A box still being drawn when the focus leaves the photo is ended there, not lost.
  await page.keyboard.press("Enter");
  for (const key of ["ArrowDown", "ArrowDown", "ArrowRight", "ArrowRight"]) await page.keyboard.press(key);
  await page.getByRole("button", { name: "Save marks" }).focus();
  await expect(said).toHaveText("Box drawn.");
  await expect(marks.locator("rect.mark")).toHaveCount(1);
  await page.keyboard.press("Enter");
  await giveEmail(page, "Anna", "anna@couple.example");
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  const saved = await (await request.post("/api/annotations/by_image", { form: { id: made.gallery } })).json();
  const shapes = saved[0].annotations[0].shapes;
  expect(shapes).toHaveLength(2);
  expect(shapes[1].kind).toBe("rect");
  expect(shapes[0].kind).toBe("arrow");
  expect(shapes[0].from.x).toBeCloseTo(0.5, 3);
  expect(shapes[0].from.y).toBeCloseTo(0.5, 3);
  expect(shapes[0].to.x).toBeCloseTo(0.6, 3);
  expect(shapes[0].to.y).toBeCloseTo(0.6, 3);
});

test("two photos compared side by side zoom in step, and one is replaced from the tray", async ({ page, request }, testInfo) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg", "demo/wood.jpg"]);
  // The compare view's code is a part of the bundle of its own, fetched when it first opens.
  const parts: string[] = [];
  page.on("request", (r) => {
    if (/_split_compare_dialog_\d+\.wasm$/.test(r.url())) parts.push(r.url());
  });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  const tiles = page.locator(".grid .tile");
  for (const n of [0, 1, 2]) await tiles.nth(n).getByRole("button", { name: "Compare" }).click();
  const names = await Promise.all([0, 1, 2].map((n) => tiles.nth(n).locator("img").getAttribute("alt")));
  const tray = page.getByRole("complementary", { name: "Compare tray" });
  await tray.getByRole("button", { name: /^Choose / }).nth(0).click();
  expect(parts).toEqual([]);
  // The second one chosen opens the view.
  await tray.getByRole("button", { name: /^Choose / }).nth(1).click();
  const view = page.getByRole("dialog", { name: "Compare photos" });
  await expect(view).toBeVisible();
  await meetsWcag(page, "compare view");
  expect(parts).toHaveLength(1);
  const panes = view.locator(".compare-pane");
  const zooms = view.getByTestId("compare-zoom");
  const left = (await panes.nth(0).boundingBox())!;
  const right = (await panes.nth(1).boundingBox())!;
  if (testInfo.project.name === "phone") {
    // Stacked on a phone; pinch with two fingers on the top pane.
    expect(right.y).toBeGreaterThanOrEqual(left.y + left.height - 1);
    const cx = left.x + left.width / 2;
    const cy = left.y + left.height / 2;
    const pointer = (type: string, pointerId: number, x: number) =>
      panes.nth(0).dispatchEvent(type, { pointerId, clientX: x, clientY: cy, bubbles: true, isPrimary: pointerId === 1 });
    await pointer("pointerdown", 1, cx - 20);
    await pointer("pointerdown", 2, cx + 20);
    for (const spread of [40, 60, 80]) {
      await pointer("pointermove", 2, cx + spread);
    }
    await pointer("pointerup", 1, cx - 20);
    await pointer("pointerup", 2, cx + 80);
  } else {
    expect(right.x).toBeGreaterThanOrEqual(left.x + left.width - 1);
    await page.mouse.move(left.x + left.width / 2, left.y + left.height / 2);
    await page.mouse.wheel(0, -400);
  }
  await expect(zooms.nth(0)).not.toHaveAttribute("style", /scale\(1\.0000\)/);
  let leftStyle = await zooms.nth(0).getAttribute("style");
  expect(leftStyle).toMatch(/scale\((\d+\.\d+)\)/);
  expect(await zooms.nth(1).getAttribute("style")).toBe(leftStyle);
  // A mouse wheel zooms in even steps, and past 150 % the panes load the largest preview.
  if (testInfo.project.name !== "phone") {
    await view.getByRole("button", { name: "Fit" }).click();
    await page.mouse.move(left.x + left.width / 2, left.y + left.height / 2);
    for (let notch = 0; notch < 6; notch++) await page.mouse.wheel(0, -100);
    await expect(view.locator(".zoom-level")).toHaveText(/^(2[5-9]\d|3[0-4]\d)%$/);
    await expect(zooms.nth(0).locator("img")).toHaveAttribute("src", /\/4k$/);
  }
  // Without a wheel or a pinch: the zoom buttons, and the + and − keys.
  await view.getByRole("button", { name: "Fit" }).click();
  await expect(view.getByRole("button", { name: "Zoom out" })).toHaveAttribute("aria-disabled", "true");
  await view.getByRole("button", { name: "Zoom in" }).click();
  await expect(view.locator(".zoom-level")).toHaveText("150%");
  await page.keyboard.press("+");
  await expect(view.locator(".zoom-level")).toHaveText("225%");
  await page.keyboard.press("-");
  await expect(view.locator(".zoom-level")).toHaveText("150%");
  // Zoomed in, the arrow keys move both photos together (the keyboard's drag).
  const unmoved = (await zooms.nth(0).getAttribute("style"))!;
  await page.keyboard.press("ArrowLeft");
  await expect(zooms.nth(0)).not.toHaveAttribute("style", unmoved);
  expect(await zooms.nth(1).getAttribute("style")).toBe(await zooms.nth(0).getAttribute("style"));
  // So do buttons, for a hand that cannot drag (shown only while zoomed in).
  const keyed = (await zooms.nth(0).getAttribute("style"))!;
  await view.getByRole("button", { name: "Show more below" }).click();
  await expect(zooms.nth(0)).not.toHaveAttribute("style", keyed);
  expect(await zooms.nth(1).getAttribute("style")).toBe(await zooms.nth(0).getAttribute("style"));
  // Each photo can be starred from here.
  await expect(view.getByRole("button", { name: /^Star .* in Favourites$/, pressed: false })).toHaveCount(2);
  leftStyle = await zooms.nth(0).getAttribute("style");
  // Swapping keeps the zoom, and the keyboard's place (the dialog is not made anew).
  const swap = view.getByRole("button", { name: "Swap sides" });
  await swap.focus();
  await page.keyboard.press("Enter");
  await expect(view.locator(".compare-name").nth(0)).toContainText(names[1]!);
  await expect(swap).toBeFocused();
  expect(await zooms.nth(1).getAttribute("style")).toBe(leftStyle);
  // Replaced from the tray, by the button beside the photo: only the photo not on show is
  // offered, the keyboard goes into the choice and comes back to the button.
  await expect(view.locator(".compare-name").nth(0)).toContainText(names[1]!);
  await view.getByRole("button", { name: `Replace ${names[1]}` }).click();
  const picker = view.getByRole("group", { name: "Replace with" });
  await expect(picker.getByRole("button", { name: /^Use / })).toHaveCount(1);
  await expect(picker.getByRole("button", { name: `Use ${names[2]}` })).toBeFocused();
  await meetsWcag(page, "compare view, choosing a replacement");
  // Escape closes the choice alone, and gives the focus back to its button.
  await page.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  await expect(view).toBeVisible();
  await expect(view.getByRole("button", { name: `Replace ${names[1]}` })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(picker.getByRole("button", { name: `Use ${names[2]}` })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(picker).toBeHidden();
  await expect(view.locator(".compare-name").nth(0)).toContainText(names[2]!);
  await expect(view.locator(".compare-name").nth(1)).toContainText(names[0]!);
  await expect(view.getByRole("button", { name: `Replace ${names[2]}` })).toBeFocused();
  // Closing ends the view.
  await view.getByRole("button", { name: "Close compare" }).click();
  await expect(view).toBeHidden();
});

test("the contact sheet starts at once without selects, and asks All or Selects with them", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"]);
  await page.goto(made.mainClientLink);
  await hydrated(page);
  // No selects yet: only one valid choice, so the PDF starts at once.
  let download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Contact sheet (PDF)" }).click();
  expect((await download).suggestedFilename()).toBe(`${made.slug}-contact-sheet.pdf`);
  await expect(page.getByRole("dialog", { name: "Contact sheet" })).toHaveCount(0);

  await page.locator(".grid .tile").nth(1).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await giveEmail(page, "Anna", "anna@couple.example");
  await expect(page.getByTestId("selects-total")).toHaveText("1");
  await page.getByRole("button", { name: "Contact sheet (PDF)" }).click();
  const choice = page.getByRole("dialog", { name: "Contact sheet" });
  await expect(choice).toContainText("All images or your selects?");
  await meetsWcag(page, "contact sheet choice");
  download = page.waitForEvent("download");
  await choice.getByRole("button", { name: "Your selects" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${made.slug}-contact-sheet-selects.pdf`);
  const pdf = require("node:fs").readFileSync(await file.path());
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
});

test("a main client shares a link, and the photographer copies their selects for Lightroom", async ({ page, request, context }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"]);
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await page.locator(".grid .tile").nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await giveEmail(page, "Anna", "anna@couple.example");
  await expect(page.getByTestId("selects-total")).toHaveText("1");

  await page.getByRole("button", { name: "Share", exact: true }).click();
  const share = page.getByRole("dialog", { name: "Share this gallery" });
  await share.getByRole("button", { name: "Create link" }).click();
  const url = await share.getByLabel("Share link").inputValue();
  expect(url).toMatch(/\/l\/[0-9a-f]{32}$/);
  // Copied, and said so from inside the dialog (a screen reader may skip the page behind it).
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await share.getByRole("button", { name: "Copy link" }).click();
  await expect(share.getByRole("status").filter({ hasText: "Link copied." })).toHaveCount(1);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await share.getByRole("button", { name: "Done" }).click();
  // The friend opens it: a client-invited visitor, who cannot share further.
  const friend = await context.browser()!.newPage();
  await friend.goto(url);
  await hydrated(friend);
  await expect(friend.locator(".grid .tile")).toHaveCount(2);
  await expect(friend.getByRole("button", { name: "Share", exact: true })).toHaveCount(0);
  await friend.close();

  // The photographer (the request context is signed in as the studio).
  const filter = await request.post("/api/selects/by_person", { form: { id: made.gallery } });
  const people = await filter.json();
  expect(people[0].email).toBe("anna@couple.example");
  expect(people[0].lists[0].images[0].file_name).toBe("ladybird.jpg");
  const copied = await request.post("/api/selects/filter", {
    data: { id: made.gallery, list: people[0].lists[0].id, format: "LightroomClassic" },
  });
  expect(await copied.json()).toBe("ladybird");
});

test("a client reviews her favourites, takes one out, and sends them to the photographer with a note", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg", "demo/dune.jpg"]);
  await page.goto(made.mainClientLink);
  await hydrated(page);
  const tiles = page.locator(".grid .tile");
  await tiles.nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await giveEmail(page, "Anna", "anna@couple.example");
  for (const n of [1, 2]) await tiles.nth(n).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await expect(page.getByTestId("selects-total")).toHaveText("3");

  await page.locator(".selects-bar summary").click();
  await page.getByRole("button", { name: "Review and send" }).click();
  const review = page.getByRole("dialog", { name: /^Favourites · / });
  await expect(review.getByRole("heading")).toHaveText("Favourites · 3 photos");
  // The dialog takes the focus itself: nothing typed yet, no phone keyboard over the photos.
  await expect(review).toBeFocused();
  await expect(review.locator(".review-grid img")).toHaveCount(3);
  await review.getByRole("button", { name: "Take aqua.jpg out of the list" }).click();
  await expect(review.getByRole("heading")).toHaveText("Favourites · 2 photos");
  await expect(review.locator(".review-grid img")).toHaveCount(2);
  await review.getByLabel("A note for Meadow Light (optional)").fill("These two for the album, please.");
  await review.getByRole("button", { name: "Send 2 photos" }).click();
  await expect(review.getByRole("status")).toContainText("Sent to Meadow Light on");
  await expect(review.getByRole("button", { name: /^Take / })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(review).toHaveCount(0);
  await page.locator(".selects-bar summary").click();

  // Sent: the photographer has it, and the list is closed to changes until they reopen it.
  const people = await (await request.post("/api/selects/by_person", { form: { id: made.gallery } })).json();
  expect(people[0].lists[0].images.map((i: any) => i.file_name)).toEqual(["ladybird.jpg", "dune.jpg"]);
  expect(people[0].lists[0].sent_note).toBe("These two for the album, please.");
  await tiles.nth(1).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await expect(page.getByText(/You sent “Favourites” to your photographer on/)).toBeVisible();
  await expect(page.getByTestId("selects-total")).toHaveText("2");
});

test("starring photos with the download menu open asks again only what \"my selects\" holds", DESKTOP_ONLY, async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg", "demo/dune.jpg"]);
  await page.goto(made.mainClientLink);
  await hydrated(page);
  const tiles = page.locator(".grid .tile");
  // One photo starred: the menu offers "my selects" too.
  await tiles.nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await giveEmail(page, "Anna", "anna@couple.example");
  await expect(tiles.nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: true })).toHaveAttribute("aria-pressed", "true");
  await page.getByText("Download", { exact: true }).first().click();
  await expect(page.locator(".zip-summary")).toHaveCount(2);
  await expect(page.locator(".zip-summary").first()).toHaveText(/\d+ photos? · /);
  await page.waitForLoadState("networkidle");
  const asked: string[] = [];
  page.on("request", (r) => r.url().endsWith("/api/downloads/zip_summary") && asked.push(r.postData() ?? ""));
  // More stars: what the menu offers is the same, and only what "my selects" holds changes.
  for (const n of [1, 2]) {
    await tiles.nth(n).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
    await expect(tiles.nth(n).getByRole("button", { name: /^Star .* in Favourites$/, pressed: true })).toHaveAttribute("aria-pressed", "true");
  }
  await expect(page.locator(".zip-summary").last()).toHaveText(/^3 photos · /);
  await page.waitForLoadState("networkidle");
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.filter((body) => !body.includes("Selects"))).toEqual([]);
});

test("on a 375 px wide phone, the header's menus open within the screen", async ({ browser, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"]);
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await page.locator(".grid .tile").nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await giveEmail(page, "Anna", "anna@couple.example");
  for (const menu of [".download-menu", ".selects-bar"]) {
    await page.locator(`${menu} > summary`).click();
    const body = page.locator(`${menu}[open] > .menu-body`);
    await expect(body).toBeVisible();
    const box = (await body.boundingBox())!;
    expect(box.x, menu).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, menu).toBeLessThanOrEqual(375);
    await page.locator(`${menu} > summary`).click();
  }
  await context.close();
});
