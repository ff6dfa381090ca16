import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from './seed-users.js';
import { catalogDocuments } from './seed-catalog.js';
import { CATEGORIES } from './product-image.js';

describe('seed catalog', () => {
  // catalogDocuments() parses every store and product with the domain schemas and throws on the first bad one.
  const { stores, products } = catalogDocuments();

  it('has at least 3 stores and 40 products, every id unique and valid as a document id', () => {
    expect(stores.length).toBeGreaterThanOrEqual(3);
    expect(products.length).toBeGreaterThanOrEqual(40);
    const ids = [...stores, ...products].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('covers every category, with a few inactive products', () => {
    expect(new Set(products.map((p) => p.product.category))).toEqual(new Set(CATEGORIES));
    const inactive = products.filter((p) => !p.product.active).length;
    expect(inactive).toBeGreaterThanOrEqual(2);
    expect(inactive).toBeLessThan(products.length / 4);
  });

  it('stocks every product in every store, with sold-out and low (1–3) levels among them', () => {
    const levels = products.flatMap((p) => stores.map((s) => p.stock.get(s.id)));
    for (const level of levels) expect(Number.isInteger(level) && level! >= 0).toBe(true);
    expect(levels.filter((n) => n === 0).length).toBeGreaterThanOrEqual(5);
    expect(levels.filter((n) => n! >= 1 && n! <= 3).length).toBeGreaterThanOrEqual(5);
  });

  it('draws every product image locally: a small SVG data URL, the same for the same product, different across products', () => {
    for (const { product } of products) {
      expect(product.image).toMatch(/^data:image\/svg\+xml,/);
      expect(product.image.length).toBeLessThan(4000);
      const svg = decodeURIComponent(product.image.slice('data:image/svg+xml,'.length));
      expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
    expect(catalogDocuments().products.map((p) => p.product.image)).toEqual(
      products.map((p) => p.product.image),
    );
    expect(new Set(products.map((p) => p.product.image)).size).toBe(products.length);
  });

  it('has exactly one admin among the demo users', () => {
    expect(DEMO_USERS.filter((u) => u.admin).map((u) => u.email)).toEqual(['admin@example.com']);
  });
});
