/**
 * Product pictures drawn locally as small SVG data URLs (no image hosting, no network): the
 * category's colour and pictogram, a few decorative circles placed from a hash of the product id,
 * and the product's name. The same product always gets the same picture.
 */

export const CATEGORIES = [
  'Tools',
  'Paint',
  'Garden',
  'Plumbing',
  'Electrical',
  'Lumber',
  'Hardware',
  'Lighting',
] as const;
export type Category = (typeof CATEGORIES)[number];

interface CategoryArt {
  colour: string;
  /** SVG elements drawn in white, centred on (0, 0), about 80 units across. */
  pictogram: string;
}

const ART: Readonly<Record<Category, CategoryArt>> = {
  Tools: {
    colour: '#d9480f',
    pictogram:
      '<g transform="rotate(-45)"><rect x="-6" y="-10" width="12" height="50" rx="3"/><path d="M-18-40h36v18a10 10 0 0 1-10 10h-16a10 10 0 0 1-10-10z"/></g>',
  },
  Paint: {
    colour: '#7048e8',
    pictogram:
      '<rect x="-28" y="-22" width="56" height="50" rx="4"/><ellipse cy="-22" rx="28" ry="8" opacity=".7"/><path d="M-28-10h56v8h-56z" opacity=".5"/>',
  },
  Garden: {
    colour: '#2b8a3e',
    pictogram:
      '<path d="M0 36V-4" stroke="#fff" stroke-width="6"/><path d="M0 6C-30 6-36-20-32-36C-10-34 0-20 0 6z"/><path d="M0 14C24 14 32-6 30-20C12-20 0-8 0 14z" opacity=".8"/>',
  },
  Plumbing: {
    colour: '#1971c2',
    pictogram:
      '<path d="M-36-28h40a14 14 0 0 1 14 14v46h-16v-40h-38z"/><rect x="-40" y="-34" width="8" height="28" rx="2"/><rect x="10" y="28" width="28" height="8" rx="2"/>',
  },
  Electrical: {
    colour: '#e67700',
    pictogram: '<path d="M8-40L-24 6h20l-8 34L28-8H8z"/>',
  },
  Lumber: {
    colour: '#8d5524',
    pictogram:
      '<rect x="-38" y="-30" width="76" height="16" rx="2"/><rect x="-38" y="-8" width="76" height="16" rx="2" opacity=".85"/><rect x="-38" y="14" width="76" height="16" rx="2" opacity=".7"/>',
  },
  Hardware: {
    colour: '#495057',
    pictogram: '<path d="M-34 0L-17-30H17L34 0L17 30H-17z"/><circle r="14" fill="#495057"/>',
  },
  Lighting: {
    colour: '#0c8599',
    pictogram:
      '<circle cy="-10" r="26"/><rect x="-12" y="14" width="24" height="10" rx="2" opacity=".85"/><rect x="-9" y="27" width="18" height="8" rx="2" opacity=".7"/>',
  },
};

/** FNV-1a: a small, stable hash, so the decoration depends only on the product id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The name in at most two lines of about `width` characters, the second shortened with "…". */
function wrap(name: string, width = 24): string[] {
  const lines: string[] = [''];
  for (const word of name.split(/\s+/)) {
    const last = lines[lines.length - 1]!;
    if (last === '' || last.length + 1 + word.length <= width)
      lines[lines.length - 1] = last ? `${last} ${word}` : word;
    else lines.push(word);
  }
  if (lines.length <= 2) return lines;
  const second = lines.slice(1).join(' ');
  return [lines[0]!, `${second.slice(0, width - 1).trimEnd()}…`];
}

export function productImage(product: { id: string; name: string; category: Category }): string {
  const { colour, pictogram } = ART[product.category];
  const h = hash(product.id);
  const circles = [0, 1, 2]
    .map((i) => {
      const bits = h >>> (i * 10);
      return `<circle cx="${(bits & 0x1f) * 10}" cy="${((bits >>> 5) & 0x1f) * 6}" r="${24 + (bits % 40)}" fill="#fff" opacity=".08"/>`;
    })
    .join('');
  const text = wrap(product.name)
    .map((line, i) => `<text x="160" y="${196 + i * 22}">${escapeXml(line)}</text>`)
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240" width="320" height="240">` +
    `<rect width="320" height="240" fill="${colour}"/>${circles}` +
    `<g transform="translate(160 92)" fill="#fff">${pictogram}</g>` +
    `<g fill="#fff" font-family="system-ui,sans-serif" font-size="17" font-weight="600" text-anchor="middle">${text}</g></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
