import { expect, test } from "@playwright/test";
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
  expect(csv.split("\r\n")[0]).toBe("email,visits,selects,downloads,comments,last_seen");
  // She gave her address after her visit began: the visit is the gallery's, the download hers.
  expect(csv).toContain("ana@example.com,0,0,1,0,");
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
