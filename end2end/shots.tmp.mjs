import { chromium, devices } from "@playwright/test";
const base = "http://127.0.0.1:3300";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const owner = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await owner.newPage();
await page.request.post(base + "/api/auth/sign_in", { form: { email: "demo@proofroom.local", password: "proofroom-demo" } });
const list = await (await page.request.post(base + "/api/galleries/list", {})).json();
const id = list[0].id;
const settings = { switches: { selects: true, comments: true, annotations: false, downloads: true, sharing: true, contact_sheets: true, compare: true },
  sizes: { original: true, four_k: true, hd: true, custom_web: 1200, custom_box: null },
  rights: { main_client: "Both", photographer_invited: "Both", client_invited: "WebSize", guest: "WebSize" }, high_res_quota: 10, email_tracking: true };
await page.request.post(base + "/api/access/settings", { data: { id, settings } });
await page.request.post(base + "/api/access/set_pin", { form: { id, pin: "1234" } });
const link = await (await page.request.post(base + "/api/access/create_link", { data: { id, form: { label: "Anna & Tom", role: "MainClient", sets: null, expires_on: "2027-01-31" } } })).json();
await page.goto(base + `/studio/galleries/${id}?tab=access`); await page.waitForTimeout(1500);
await page.screenshot({ path: "/tmp/shots/settings.png", fullPage: true });
await page.goto(base + `/studio/galleries/${id}?tab=invite`); await page.waitForTimeout(1500);
await page.screenshot({ path: "/tmp/shots/invite.png", fullPage: true });
for (const [name, opts] of [["desktop", { viewport: { width: 1280, height: 900 } }], ["phone", devices["Pixel 7"]]]) {
  const ctx = await browser.newContext(opts);
  const v = await ctx.newPage();
  await v.goto(base + link.path); await v.waitForTimeout(2000);
  await v.getByText("Download", { exact: true }).first().click();
  await v.waitForTimeout(300);
  await v.screenshot({ path: `/tmp/shots/menu-${name}.png` });
  await v.getByRole("button", { name: "Download All photos" }).click();
  await v.waitForTimeout(800);
  await v.screenshot({ path: `/tmp/shots/email-${name}.png` });
  await v.keyboard.press("Escape");
  const img = (await (await v.request.post(base + "/api/client/gallery", { form: { slug: "demo" } })).json()).images[0].id;
  await v.goto(base + `/g/demo?image=${img}`); await v.waitForTimeout(1500);
  await v.getByRole("dialog").getByText("Download", { exact: true }).click();
  await v.waitForTimeout(300);
  await v.screenshot({ path: `/tmp/shots/lightbox-${name}.png` });
}
await page.goto(base + `/studio/galleries/${id}?tab=downloads`); await page.waitForTimeout(1000);
await browser.close();
