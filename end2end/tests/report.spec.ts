import { expect, test } from "./fixtures";
import { DESKTOP_ONLY, downloadGallery, hydrated, mailTo, meetsWcag, unique } from "./helpers";

test("the photographer reads a gallery's report, changes its range and exports CSV", DESKTOP_ONLY, async ({ page, browser }) => {
  const made = await downloadGallery(page.request, ["demo/aqua.jpg", "demo/wood.jpg"]);
  // A client opens her link, gives her email, opens a photo large (a reload within the minute:
  // the same visit) and downloads it.
  const client = await browser.newContext();
  const visitor = await client.newPage();
  await visitor.goto(made.mainClientLink);
  await hydrated(visitor);
  const given = await visitor.request.post("/api/downloads/email", { form: { slug: made.slug, email: "ana@example.com" } });
  expect(given.status()).toBe(200);
  await visitor.goto(`${made.mainClientLink}?image=${made.images[0]}`);
  await expect(visitor.getByRole("dialog")).toBeVisible();
  expect((await visitor.request.get(`/download/${made.images[0]}/hd`)).status()).toBe(200);
  await client.close();

  await page.goto(`/studio/galleries/${made.gallery}?tab=report`);
  await hydrated(page);
  const figure = (label: string) => page.locator(".report-totals div").filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) }).locator("dd");
  await expect(figure("Visits")).toHaveText("1");
  await expect(figure("Unique visitors")).toHaveText("1");
  await expect(figure("Emails collected")).toHaveText("1");
  await expect(figure("Downloads")).toHaveText("1");
  await expect(figure("Photos opened")).toHaveText("1");
  const chart = page.getByRole("img", { name: "Visits and downloads per day" });
  await expect(chart).toBeVisible();
  const bars = chart.locator("rect.bar.visits");
  await expect(bars).toHaveCount(30);
  await expect(bars.last()).toHaveAttribute("height", /^[1-9]/);
  await expect(page.getByRole("table").filter({ hasText: "ana@example.com" })).toBeVisible();
  await meetsWcag(page, "the gallery report");
  await test.info().attach("report", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  // A week in the past: nothing happened then, and the chart has seven days.
  await page.getByLabel("From", { exact: true }).fill("2026-01-01");
  await page.getByLabel("To", { exact: true }).fill("2026-01-07");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/from=2026-01-01&to=2026-01-07/);
  await expect(figure("Visits")).toHaveText("0");
  await expect(chart.locator("rect.bar.visits")).toHaveCount(7);
  await expect(page.getByText("Nobody gave an email address in this range.")).toBeVisible();

  // Back to the last 30 days, and the people table as CSV.
  await page.getByRole("link", { name: "Last 30 days" }).click();
  await expect(figure("Visits")).toHaveText("1");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download people (CSV)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^report-people-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv$/);
  const text = await (await file.createReadStream()).toArray();
  const csv = Buffer.concat(text).toString("utf8");
  // A byte order mark first, so Excel reads it as UTF-8.
  expect(csv.split("\r\n")[0]).toBe("\uFEFFemail,visits,selects,downloads,comments,annotations,last_seen");
  // She gave her address after her visit began: the visit is the gallery's, the download hers.
  expect(csv).toContain("ana@example.com,0,0,1,0,");
});

test("a client who asks to be erased is forgotten from the report", async ({ page, browser }) => {
  const made = await downloadGallery(page.request, ["demo/aqua.jpg"]);
  const client = await browser.newContext();
  const visitor = await client.newPage();
  await visitor.goto(made.mainClientLink);
  const given = await visitor.request.post("/api/downloads/email", { form: { slug: made.slug, email: "erase-me@example.com" } });
  expect(given.status()).toBe(200);
  expect((await visitor.request.get(`/download/${made.images[0]}/hd`)).status()).toBe(200);
  await client.close();

  await page.goto(`/studio/galleries/${made.gallery}?tab=report`);
  await hydrated(page);
  const people = page.getByRole("table").filter({ hasText: "erase-me@example.com" });
  await expect(people).toBeVisible();
  const card = page.getByRole("region", { name: "Forget a person" });
  await card.getByLabel("Email address").fill("Erase-Me@example.com");
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    dialog.accept();
  });
  // By keyboard: Enter in the field asks, as the button does.
  await card.getByLabel("Email address").press("Enter");
  await expect(card.getByRole("status")).toHaveText("Forgotten: nothing of theirs is left in this gallery.");
  expect(asked).toContain("Forget Erase-Me@example.com in this gallery?");
  await expect(people).toHaveCount(0);
  await expect(page.getByText("Nobody gave an email address in this range.")).toBeVisible();
});

test("an invitation email reads well on a phone", DESKTOP_ONLY, async ({ page, browser }) => {
  const made = await downloadGallery(page.request, ["demo/aqua.jpg"]);
  await page.goto(`/studio/galleries/${made.gallery}?tab=invite`);
  await hydrated(page);
  const to = `guest-${unique()}@example.com`;
  const row = page.locator(".link-row").filter({ hasText: "Anna & Tom" });
  await row.getByText("Send by email").click();
  await row.getByLabel("Email address").fill(to);
  await row.getByLabel("A note (optional)").fill("Your wedding photos are ready — enjoy them!");
  // Another link made meanwhile redraws the list; the invitation being written stays, open.
  await page.getByLabel("Who is it for").fill("Grandma");
  await page.getByRole("button", { name: "Make link" }).click();
  await expect(page.getByLabel("Link for Grandma")).toBeVisible();
  await expect(row.getByLabel("Email address")).toHaveValue(to);
  await expect(row.getByLabel("A note (optional)")).toHaveValue("Your wedding photos are ready — enjoy them!");
  await row.getByRole("button", { name: "Send invitation" }).click();
  await expect(row.getByRole("status")).toHaveText(`Invitation sent to ${to}.`);
  let html = "";
  await expect.poll(async () => { html = (await mailTo(to)).map((m: any) => m.html).pop() ?? ""; return html.length; }, { timeout: 30_000 }).toBeGreaterThan(0);

  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
  const mail = await phone.newPage();
  await mail.setContent(html);
  await expect(mail.getByText("Your wedding photos are ready — enjoy them!")).toBeVisible();
  const button = mail.getByRole("link", { name: "Open the gallery" });
  await expect(button).toBeVisible();
  expect(await button.getAttribute("href")).toContain(made.mainClientLink);
  await expect(mail.getByRole("link", { name: "Unsubscribe" })).toBeVisible();
  // Nothing wider than the phone: no sideways scrolling in a mail program.
  expect(await mail.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await test.info().attach("invitation-phone", { body: await mail.screenshot({ fullPage: true }), contentType: "image/png" });
  await phone.close();
});

test("by keyboard, on a phone too: the photographer sets the daily digest and emails an invitation", async ({ page }) => {
  const made = await downloadGallery(page.request, ["demo/aqua.jpg"]);
  const fitsTheScreen = async () =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);

  // Studio settings → Notifications, from the keyboard: the digest (on for a new studio) off and
  // on again, an hour earlier, saved; a reload shows what was saved.
  await page.goto("/studio/settings");
  await hydrated(page);
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Notifications" }) });
  const digest = card.getByRole("checkbox", { name: /Daily digest/ });
  await expect(digest).toBeChecked();
  await digest.focus();
  await page.keyboard.press("Space");
  await expect(digest).not.toBeChecked();
  await page.keyboard.press("Space");
  await expect(digest).toBeChecked();
  const hour = card.getByLabel("Sent at");
  const before = Number(await hour.inputValue());
  await page.keyboard.press("Tab");
  await expect(hour).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(hour).toHaveValue(String(before - 1));
  await card.getByRole("button", { name: "Save notifications" }).focus();
  await page.keyboard.press("Enter");
  await expect(card.getByRole("status")).toHaveText("Notifications saved.");
  await fitsTheScreen();
  await meetsWcag(page, "notifications");
  await test.info().attach("notifications", { body: await card.screenshot(), contentType: "image/png" });
  await page.reload();
  await hydrated(page);
  await expect(card.getByRole("checkbox", { name: /Daily digest/ })).toBeChecked();
  await expect(card.getByLabel("Sent at")).toHaveValue(String(before - 1));

  // Invite tab → "Send by email": open it, fill it and send it without a pointer.
  await page.goto(`/studio/galleries/${made.gallery}?tab=invite`);
  await hydrated(page);
  const row = page.locator(".link-row").filter({ hasText: "Anna & Tom" });
  const open = row.getByText("Send by email");
  await open.focus();
  await page.keyboard.press("Enter");
  const to = `keys-${unique()}@example.com`;
  await page.keyboard.press("Tab");
  await expect(row.getByLabel("Email address")).toBeFocused();
  await page.keyboard.type(to);
  await page.keyboard.press("Tab");
  await expect(row.getByLabel("Their name (optional)")).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.type("See you at the album meeting.");
  await page.keyboard.press("Tab");
  await expect(row.getByRole("button", { name: "Send invitation" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(row.getByRole("status")).toHaveText(`Invitation sent to ${to}.`);
  await fitsTheScreen();
  await meetsWcag(page, "invite by email");
  await test.info().attach("invite-by-email", { body: await row.screenshot(), contentType: "image/png" });
  await expect.poll(async () => (await mailTo(to)).length, { timeout: 30_000 }).toBe(1);
  expect((await mailTo(to))[0].text).toContain("See you at the album meeting.");
  // The tab lists it, and says it went once the mail server took it.
  const sent = page.locator("section").filter({ has: page.getByRole("heading", { name: "Invitations sent" }) });
  const invitation = sent.locator(".sent-row").filter({ hasText: to });
  await expect(invitation).toContainText("Anna & Tom");
  await expect(async () => {
    await sent.getByRole("button", { name: "Check again" }).click();
    await expect(invitation).toContainText(/Sent \d+ \w+ \d{4}/, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
});
