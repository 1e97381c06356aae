// Draws docs/images/totp-enrolment.svg, the README's picture of the enrolment step of two-factor
// sign-in: what an app shows with the answer of POST /auth/mfa/totp. The QR code is a real one,
// made by the `qrcode` package from a sample otpauth URI (Google Authenticator's Key URI format,
// RFC 6238 parameters), so an authenticator app can scan the picture itself. The output is the
// same bytes on every run: run `node scripts/docs/totp-enrolment-picture.mjs` and commit it.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';

const OUTPUT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'docs',
  'images',
  'totp-enrolment.svg',
);

/** Base32 of the 20 ASCII bytes "Warden sample secret": 160 bits, as RFC 4226 §4 recommends. */
const SECRET = 'K5QXEZDFNYQHGYLNOBWGKIDTMVRXEZLU';
const ISSUER = 'Warden';
const ACCOUNT = 'ada';
const URI =
  `otpauth://totp/${ISSUER}:${ACCOUNT}?secret=${SECRET}` +
  `&issuer=${ISSUER}&algorithm=SHA1&digits=6&period=30`;
const CAPTION = 'Scan with your authenticator app, then confirm with the 6-digit code';

const WIDTH = 760;
const HEIGHT = 580;
const SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace";
const INK = '#1f2937';
const MUTED = '#6b7280';
const LINE = '#d1d5db';
const ACCENT = '#2563eb';

/** Text content and attribute values, escaped for XML. */
function escape(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function attributes(values) {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escape(value)}"`)
    .join(' ');
}

function element(name, values, content) {
  return content === undefined
    ? `<${name} ${attributes(values)}/>`
    : `<${name} ${attributes(values)}>${content}</${name}>`;
}

function text(x, y, content, style = {}) {
  return element(
    'text',
    { x, y, 'font-family': SANS, 'font-size': 15, fill: INK, ...style },
    escape(content),
  );
}

/** The secret as an app shows it for typing in by hand: groups of four, four groups a line. */
function secretLines(secret) {
  const groups = secret.match(/.{1,4}/g);
  const lines = [];
  for (let index = 0; index < groups.length; index += 4)
    lines.push(groups.slice(index, index + 4).join(' '));
  return lines;
}

/**
 * The QR code's own SVG, placed as a nested <svg>: its viewBox (in modules, quiet zone included)
 * scaled to `size` pixels. A whole number of pixels per module keeps the edges crisp.
 */
async function qrCode(x, y, size) {
  const svg = await QRCode.toString(URI, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const viewBox = /viewBox="([^"]+)"/.exec(svg)?.[1];
  const inner = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(svg)?.[1];
  if (viewBox === undefined || inner === undefined)
    throw new Error(`unexpected QR code SVG: ${svg}`);
  const modules = Number(viewBox.split(' ')[2]);
  if (size % modules !== 0)
    throw new Error(`${size} px is not a whole number of ${modules} modules`);
  const frame = element('rect', {
    x: x - 9,
    y: y - 9,
    width: size + 18,
    height: size + 18,
    rx: 10,
    fill: '#ffffff',
    stroke: LINE,
  });
  const code = element(
    'svg',
    { x, y, width: size, height: size, viewBox, 'shape-rendering': 'crispEdges' },
    inner.trim(),
  );
  return [frame, code];
}

function windowFrame() {
  return [
    element('rect', { width: WIDTH, height: HEIGHT, fill: '#eef1f5' }),
    element('rect', {
      x: 44,
      y: 36,
      width: 680,
      height: 510,
      rx: 14,
      fill: '#000000',
      'fill-opacity': 0.06,
    }),
    element('rect', {
      x: 40,
      y: 30,
      width: 680,
      height: 510,
      rx: 14,
      fill: '#ffffff',
      stroke: LINE,
    }),
    element('path', {
      d: 'M40 74V44a14 14 0 0 1 14-14h652a14 14 0 0 1 14 14v30z',
      fill: '#f3f4f6',
    }),
    element('line', { x1: 40, y1: 74.5, x2: 720, y2: 74.5, stroke: LINE }),
    element('circle', { cx: 64, cy: 52, r: 6, fill: '#f87171' }),
    element('circle', { cx: 84, cy: 52, r: 6, fill: '#fbbf24' }),
    element('circle', { cx: 104, cy: 52, r: 6, fill: '#34d399' }),
    text(380, 57, 'Account security', { 'text-anchor': 'middle', 'font-size': 14, fill: MUTED }),
  ];
}

function heading() {
  return [
    text(72, 118, 'Set up two-factor sign-in', { 'font-size': 24, 'font-weight': 700 }),
    text(72, 144, 'Step 1 of 2: add Warden to your authenticator app', { fill: MUTED }),
  ];
}

function instructions() {
  const x = 318;
  const step = (y, number, label) => [
    element('circle', { cx: x + 11, cy: y - 5, r: 11, fill: ACCENT }),
    text(x + 11, y, number, {
      'text-anchor': 'middle',
      'font-size': 13,
      'font-weight': 700,
      fill: '#ffffff',
    }),
    text(x + 32, y, label),
  ];
  const lines = secretLines(SECRET);
  return [
    ...step(198, '1', 'Open your authenticator app'),
    ...step(234, '2', 'Scan the QR code, or type this key:'),
    element('rect', { x, y: 254, width: 370, height: 74, rx: 8, fill: '#f9fafb', stroke: LINE }),
    ...lines.map((line, index) =>
      text(x + 185, 284 + index * 28, line, {
        'text-anchor': 'middle',
        'font-family': MONO,
        'font-size': 20,
        'letter-spacing': 1,
      }),
    ),
    text(x, 356, `Account: ${ISSUER} (${ACCOUNT})`, { fill: MUTED, 'font-size': 14 }),
    text(x, 378, 'Time-based (TOTP), 6 digits, a new code every 30 s', {
      fill: MUTED,
      'font-size': 14,
    }),
  ];
}

/** The caption and the box for the first code, with the button that sends it to confirm. */
function confirmation() {
  const y = 442;
  const cells = Array.from({ length: 6 }, (_, index) =>
    element('rect', {
      x: 72 + index * 50 + (index >= 3 ? 14 : 0),
      y,
      width: 42,
      height: 52,
      rx: 8,
      fill: '#ffffff',
      stroke: index === 0 ? ACCENT : LINE,
      'stroke-width': index === 0 ? 2 : 1,
    }),
  );
  return [
    element('line', { x1: 72, y1: 404.5, x2: 688, y2: 404.5, stroke: '#e5e7eb' }),
    text(72, 430, CAPTION, { 'font-weight': 600 }),
    ...cells,
    element('line', { x1: 93, y1: y + 14, x2: 93, y2: y + 38, stroke: ACCENT, 'stroke-width': 2 }),
    element('rect', { x: 548, y, width: 140, height: 52, rx: 8, fill: ACCENT }),
    text(618, y + 32, 'Confirm', {
      'text-anchor': 'middle',
      'font-size': 17,
      'font-weight': 600,
      fill: '#ffffff',
    }),
    text(72, y + 74, 'Confirming shows your 10 recovery codes, once: keep them somewhere safe.', {
      fill: MUTED,
      'font-size': 13,
    }),
  ];
}

async function picture() {
  const description =
    'A sign-in settings card titled "Set up two-factor sign-in". On the left, a QR code of ' +
    `the otpauth URI ${URI}. On the right, steps: open your authenticator app; scan the QR code ` +
    `or type the key ${secretLines(SECRET).join(' ')}; account ${ISSUER} (${ACCOUNT}); ` +
    `time-based, 6 digits, a new code every 30 seconds. Below: "${CAPTION}", six empty digit ` +
    'boxes and a Confirm button, and a note that confirming shows 10 recovery codes once.';
  const body = [
    ...windowFrame(),
    ...heading(),
    ...(await qrCode(81, 181, 196)),
    ...instructions(),
    ...confirmation(),
  ];
  return [
    `<svg ${attributes({
      xmlns: 'http://www.w3.org/2000/svg',
      width: WIDTH,
      height: HEIGHT,
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-labelledby': 'title desc',
    })}>`,
    `  <title id="title">Enrolling an authenticator app: scan the QR code, then confirm with a code</title>`,
    `  <desc id="desc">${escape(description)}</desc>`,
    ...body.map((line) => `  ${line}`),
    '</svg>',
    '',
  ].join('\n');
}

await mkdir(dirname(OUTPUT), { recursive: true });
await writeFile(OUTPUT, await picture());
console.log('wrote docs/images/totp-enrolment.svg');
