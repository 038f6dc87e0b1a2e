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
