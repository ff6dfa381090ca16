import type { Store } from '@storefront/domain';
import type { Category } from './product-image.js';

/**
 * The demo catalog: a small regional home-improvement chain. Ids are stable (seeding is
 * idempotent), prices are in cents (usd), and stock is per store, deliberately uneven: plenty,
 * a few units, or none, so the UI's low-stock and sold-out states show up at once.
 */

export interface SeedStore extends Store {
  id: string;
}

export const STORES = [
  {
    id: 'portland-hawthorne',
    name: 'Harbor Home & Hardware — Hawthorne',
    address: '1420 SE Hawthorne Blvd, Portland, OR',
    postalCode: '97214',
    location: { latitude: 45.5121, longitude: -122.6512 },
  },
  {
    id: 'austin-south-lamar',
    name: 'Harbor Home & Hardware — South Lamar',
    address: '2901 S Lamar Blvd, Austin, TX',
    postalCode: '78704',
    location: { latitude: 30.2449, longitude: -97.7831 },
  },
  {
    id: 'burlington-pine-st',
    name: 'Harbor Home & Hardware — Pine Street',
    address: '339 Pine St, Burlington, VT',
    postalCode: '05401',
    location: { latitude: 44.4697, longitude: -73.2149 },
  },
] as const satisfies readonly SeedStore[];

/** Units on hand in each store, in the order of STORES. */
type StockByStore = readonly [portland: number, austin: number, burlington: number];

export interface SeedProduct {
  id: string;
  name: string;
  category: Category;
  /** Cents. */
  price: number;
  description: string;
  active: boolean;
  stock: StockByStore;
}

const product = (
  id: string,
  category: Category,
  name: string,
  price: number,
  stock: StockByStore,
  description: string,
  active = true,
): SeedProduct => ({ id, name, category, price, description, active, stock });

// One product per line: a table reads better than prettier's one-argument-per-line layout.
// prettier-ignore
export const PRODUCTS: readonly SeedProduct[] = [
  // Tools
  product('drill-driver-20v', 'Tools', '20V Cordless Drill/Driver Kit', 12900, [14, 6, 3], 'Two-speed drill/driver with a 2.0 Ah battery, charger and bag. 1/2 in. keyless chuck and 22 clutch settings.'),
  product('circular-saw-7in', 'Tools', '7-1/4 in. Circular Saw, 15 A', 8999, [5, 0, 2], 'Corded circular saw with a carbide blade, 0–56° bevel and an electric brake that stops the blade in seconds.'),
  product('claw-hammer-16oz', 'Tools', '16 oz Fiberglass Claw Hammer', 1898, [40, 25, 18], 'Smooth-face hammer with a shock-absorbing fiberglass handle and a curved claw for pulling nails.'),
  product('tape-measure-25ft', 'Tools', '25 ft Tape Measure', 1297, [60, 35, 22], 'Nylon-coated blade with 11 ft standout, a magnetic hook and a belt clip.'),
  product('mechanics-set-94', 'Tools', '94-Piece Mechanics Tool Set', 7900, [8, 4, 1], 'SAE and metric sockets, ratchets, extensions and hex keys in a blow-molded case.'),
  product('oscillating-tool', 'Tools', 'Oscillating Multi-Tool Kit', 9900, [0, 0, 0], 'Variable-speed multi-tool with sanding, cutting and scraping accessories. Discontinued.', false),
  // Paint
  product('interior-eggshell-gal', 'Paint', 'Interior Eggshell Paint, Warm White, 1 gal', 3698, [30, 22, 12], 'Low-VOC paint and primer in one with a washable eggshell finish. Covers up to 400 sq ft.'),
  product('exterior-satin-gal', 'Paint', 'Exterior Satin Paint, Harbor Gray, 1 gal', 4498, [18, 10, 0], 'Weather- and mildew-resistant acrylic for siding and trim. Dries to the touch in one hour.'),
  product('multi-surface-primer-gal', 'Paint', 'Multi-Surface Primer, 1 gal', 2798, [12, 9, 7], 'Water-based primer that seals drywall, wood and masonry and blocks light stains.'),
  product('roller-kit-9in', 'Paint', '9 in. Roller Kit, 7-Piece', 1497, [25, 14, 9], 'Roller frame, two 3/8 in. nap covers, tray, liner, brush and extension adapter.'),
  product('sash-brush-2in', 'Paint', '2 in. Angled Sash Brush', 1099, [33, 20, 15], 'Polyester blend bristles for clean cut-in lines with latex and oil paints.'),
  product('painters-tape', 'Paint', "Painter's Tape, 1.88 in. x 60 yd", 799, [80, 45, 30], 'Medium-adhesion tape that removes cleanly for up to 14 days.'),
  // Garden
  product('garden-hose-50ft', 'Garden', 'Kink-Resistant Garden Hose, 50 ft', 3499, [20, 12, 2], '5/8 in. hybrid polymer hose with crush-proof brass couplings; stays flexible in the cold.'),
  product('bypass-pruners', 'Garden', 'Bypass Pruning Shears', 1999, [24, 11, 6], 'Hardened steel blades for clean cuts on live stems up to 3/4 in., with a safety lock.'),
  product('cedar-raised-bed', 'Garden', 'Cedar Raised Garden Bed, 4 x 4 ft', 11900, [3, 1, 0], 'Tool-free western red cedar bed, 11 in. deep. Naturally rot-resistant.'),
  product('potting-mix-2cuft', 'Garden', 'Organic Potting Mix, 2 cu ft', 1397, [50, 40, 0], 'Peat-free mix with compost and perlite for containers and raised beds.'),
  product('leaf-rake-24in', 'Garden', 'Steel Leaf Rake, 24 in.', 2498, [15, 3, 10], 'Spring-steel tines with a cushioned ash handle.'),
  product('push-mower-21in', 'Garden', '21 in. Gas Push Lawn Mower', 32900, [2, 1, 0], '140 cc engine, 3-in-1 mulch, bag or side discharge, six cutting heights.'),
  // Plumbing
  product('pex-a-half-100ft', 'Plumbing', '1/2 in. x 100 ft PEX-A Pipe, Red', 4298, [16, 8, 5], 'Flexible cross-linked pipe for hot water lines; expansion-fitting compatible.'),
  product('pulldown-kitchen-faucet', 'Plumbing', 'Pull-Down Kitchen Faucet, Stainless', 18900, [6, 2, 1], 'Single-handle faucet with a magnetic docking spray head and a one- or three-hole install.'),
  product('toilet-flapper', 'Plumbing', 'Universal Toilet Flapper, 2 in.', 698, [70, 38, 26], 'Chlorine-resistant rubber flapper that fits most 2 in. flush valves.'),
  product('flange-plunger', 'Plumbing', 'Heavy-Duty Flange Plunger', 1298, [22, 15, 0], 'Fold-out flange seals on toilets and flattens for sinks.'),
  product('pipe-wrench-14in', 'Plumbing', '14 in. Cast Iron Pipe Wrench', 2697, [9, 5, 3], 'Drop-forged hook jaw and adjustable nut for pipes up to 2 in.'),
  product('sump-pump-third-hp', 'Plumbing', '1/3 HP Submersible Sump Pump', 14900, [4, 0, 2], 'Thermoplastic pump with a vertical float switch; moves 2,700 gallons per hour.'),
  // Electrical
  product('extension-cord-25ft', 'Electrical', '25 ft Outdoor Extension Cord, 12/3', 3497, [28, 16, 9], 'Heavy-duty cord for power tools, rated 15 A, with a lighted end.'),
  product('gfci-outlet-15a', 'Electrical', '15 A GFCI Outlet, White', 1998, [45, 30, 12], 'Self-testing ground-fault outlet with tamper-resistant receptacles.'),
  product('smart-switch', 'Electrical', 'Wi-Fi Smart Light Switch', 2497, [18, 0, 3], 'Schedules and voice control with no hub; needs a neutral wire.'),
  product('nm-b-14-2-50ft', 'Electrical', '14/2 NM-B Wire with Ground, 50 ft', 5298, [12, 7, 4], 'Copper building wire for 15 A branch circuits.'),
  product('voltage-tester', 'Electrical', 'Non-Contact Voltage Tester', 1997, [19, 13, 8], 'Beeps and flashes near live wires from 12 to 1,000 V AC.'),
  product('surge-protector-6', 'Electrical', '6-Outlet Surge Protector', 1698, [36, 21, 14], '1,200-joule protection with a 4 ft cord and a rotating flat plug.'),
  // Lumber
  product('stud-2x4-8ft', 'Lumber', '2 in. x 4 in. x 8 ft Kiln-Dried Stud', 398, [240, 180, 95], 'Premium spruce-pine-fir stud for framing walls.'),
  product('plywood-half-4x8', 'Lumber', '1/2 in. 4 x 8 ft Sanded Plywood', 4698, [40, 26, 0], 'Birch-faced plywood for shelving, cabinets and furniture.'),
  product('cedar-fence-picket', 'Lumber', '5/8 in. x 5-1/2 in. x 6 ft Cedar Fence Picket', 349, [300, 0, 120], 'Dog-ear western red cedar picket, ready to stain.'),
  product('treated-post-4x4-8ft', 'Lumber', '4 in. x 4 in. x 8 ft Pressure-Treated Post', 1398, [55, 34, 21], 'Ground-contact rated post for decks and fences.'),
  product('composite-deck-board', 'Lumber', 'Composite Deck Board, 12 ft, Driftwood', 3998, [60, 2, 18], 'Capped composite board that resists fading, staining and mold.'),
  // Hardware
  product('deck-screws-5lb', 'Hardware', '#9 x 3 in. Deck Screws, 5 lb', 3297, [26, 15, 10], 'Coated star-drive screws for pressure-treated lumber.'),
  product('cabinet-pulls-10', 'Hardware', 'Brushed Nickel Cabinet Pulls, 10-Pack', 2698, [14, 9, 1], '5 in. bar pulls with 3-3/4 in. hole centers and screws.'),
  product('door-hinges-3pk', 'Hardware', '3-1/2 in. Door Hinges, Satin Nickel, 3-Pack', 1198, [31, 19, 13], 'Residential butt hinges with 1/4 in. radius corners.'),
  product('deadbolt-keyed', 'Hardware', 'Single-Cylinder Deadbolt', 3499, [10, 6, 2], 'Grade 2 deadbolt with re-keyable cylinder and two keys.'),
  product('drywall-anchor-kit', 'Hardware', 'Drywall Anchor Kit, 120-Piece', 1497, [27, 18, 12], 'Self-drilling anchors, toggles and screws in a sorted case.'),
  product('shelf-brackets-12in', 'Hardware', 'Heavy-Duty Shelf Brackets, 12 in., 2-Pack', 1298, [20, 0, 7], 'Steel brackets that hold up to 300 lb per pair.'),
  // Lighting
  product('led-a19-4pk', 'Lighting', 'LED A19 Bulbs, 60 W Equivalent, Soft White, 4-Pack', 997, [90, 64, 40], '800 lumens from 8.5 W, dimmable, rated for 15,000 hours.'),
  product('flush-mount-13in', 'Lighting', '13 in. LED Flush-Mount Ceiling Light', 4998, [11, 8, 3], 'Integrated LED fixture with a frosted lens and a selectable color temperature.'),
  product('motion-floodlight', 'Lighting', 'Motion-Sensing LED Security Floodlight', 5997, [7, 3, 0], 'Twin-head 3,000-lumen floodlight with adjustable sensitivity and timer.'),
  product('pendant-matte-black', 'Lighting', 'Industrial Pendant Light, Matte Black', 7900, [2, 0, 1], 'Metal dome pendant with an adjustable 6 ft cord for kitchen islands.'),
  product('string-lights-48ft', 'Lighting', 'Outdoor String Lights, 48 ft', 3998, [16, 12, 5], 'Shatterproof bulbs on a weatherproof cord; connect up to three strands.'),
  product('solar-path-lights-6', 'Lighting', 'Solar Path Lights, 6-Pack', 2997, [0, 14, 0], 'Stainless stake lights that charge by day. Seasonal: back in spring.', false),
];
