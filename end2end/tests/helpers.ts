import { APIRequestContext, Page, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The shared corpus of real photographs. */
export const corpus = (path: string) => join(__dirname, "..", "..", "..", "shared", "corpus", path);

/** A unique suffix so every spec makes its own data. */
export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

/** Waits until the page has hydrated (the app marks <body> from an effect). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/**
 * Makes a published gallery with `files` (rendered) through the HTTP API, as a photographer's
 * browser would, and returns its slug.
 */
export async function publishedGallery(
  request: APIRequestContext,
  files: string[],
  options: { password?: string } = {},
): Promise<string> {
  const id = unique();
  const email = `studio-${id}@example.com`;
  const signUp = await request.post("/api/auth/sign_up", {
    form: { studio_name: "Meadow Light", email, password: "a long password 1" },
    maxRedirects: 0,
  });
  expect(signUp.status()).toBeLessThan(400);
  const slug = `gallery-${id}`;
  const created = await request.post("/api/galleries/create", {
    form: { title: "Garden party", slug, event_date: "2026-06-14" },
    maxRedirects: 0,
  });
  expect(created.status()).toBeLessThan(400);
  const gallery: string = await created.json();
  for (const file of files) {
    const upload = await request.post(`/api/galleries/${gallery}/images`, {
      headers: { "X-File-Name": file.split("/").pop()!, "Content-Type": "application/octet-stream" },
      data: readFileSync(corpus(file)),
    });
    expect(upload.status()).toBe(201);
  }
  await expect
    .poll(
      async () => {
        const view = await (await request.post("/api/galleries/editor", { form: { id: gallery } })).json();
        return view.images.every((i: any) => i.card.status === "Ready");
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  const publish = await request.post("/api/galleries/publish", { form: { id: gallery, published: "true" } });
  expect(publish.status()).toBe(200);
  if (options.password) {
    const locked = await request.post("/api/galleries/password", { form: { id: gallery, password: options.password } });
    expect(locked.status()).toBe(200);
  }
  return slug;
}

/** A published gallery with downloads on, as `downloadGallery` made it. */
export interface DownloadGallery {
  slug: string;
  gallery: string;
  images: string[];
  /** The PIN, when one was asked for. */
  pin?: string;
  /** A main client's link (`/l/…`). */
  mainClientLink: string;
}

/**
 * Makes a published gallery with downloads on and the given settings, plus a main client's link.
 * `sets` puts the photos in order into named sets; `downloadSets` turns on "allow downloads" for
 * those set names.
 */
export async function downloadGallery(
  request: APIRequestContext,
  files: string[],
  options: {
    pin?: boolean;
    emailTracking?: boolean;
    quota?: number;
    sets?: string[];
    downloadSets?: string[];
    annotations?: boolean;
  } = {},
): Promise<DownloadGallery> {
  const slug = await publishedGallery(request, files);
  const view = await (await request.post("/api/galleries/list", {})).json();
  const gallery: string = view.find((g: any) => g.slug === slug).id;
  const editor = await (await request.post("/api/galleries/editor", { form: { id: gallery } })).json();
  const images: string[] = editor.images.map((i: any) => i.card.id);
  const settings = {
    switches: {
      selects: true, comments: true, annotations: options.annotations ?? false, downloads: true, sharing: true, contact_sheets: true, compare: true,
    },
    sizes: { original: true, four_k: true, hd: true, custom_web: null, custom_box: null },
    rights: { main_client: "Both", photographer_invited: "Both", client_invited: "WebSize", guest: "WebSize" },
    high_res_quota: options.quota ?? null,
    email_tracking: options.emailTracking ?? false,
  };
  expect((await request.post("/api/access/settings", { data: { id: gallery, settings } })).status()).toBe(200);
  for (const [index, name] of (options.sets ?? []).entries()) {
    const set: string = await (await request.post("/api/sets/create", { form: { gallery, name } })).json();
    const moved = await request.post("/api/images/move", { data: { gallery, images: [images[index]], set } });
    expect(moved.status()).toBe(200);
    if ((options.downloadSets ?? []).includes(name)) {
      const allowed = await request.post("/api/access/set_downloads", { data: { id: gallery, set, allow: true } });
      expect(allowed.status()).toBe(200);
    }
  }
  let pin: string | undefined;
  if (options.pin) {
    pin = await (await request.post("/api/access/set_pin", { form: { id: gallery, pin: "" } })).json();
  }
  const link = await request.post("/api/access/create_link", {
    data: { id: gallery, form: { label: "Anna & Tom", role: "MainClient", sets: null, expires_on: null } },
  });
  expect(link.status()).toBe(200);
  return { slug, gallery, images, pin, mainClientLink: (await link.json()).path };
}
