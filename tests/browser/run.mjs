// Browser tests of the levers web app: Debian's Chromium driven by
// playwright-core. Serves a fresh corpus (data/guides plus a guide full of
// script injections) on 127.0.0.1, then looks up a guide (and, without
// script, shows its bands in another currency), values an offer
// (alone and against competing offers), compares two, checks escaping,
// keyboard use, labels, contrast, the 375 px layout and chart text at 320 px,
// and writes a screenshot of each page into the artifacts folder.
//
// node run.mjs --node-modules DIR --artifacts DIR --source DIR --levers BIN
// `levers import` fills a fresh SQLite store and `levers serve` listens on
// 127.0.0.1 with a free port; everything stops by itself.
import {spawn, execFileSync} from 'node:child_process';
import {createRequire} from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const TODAY = '2026-11-23';
const TEST_TIMEOUT_MS = 45_000;
const RUN_TIMEOUT_MS = 240_000;

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const k of ['node-modules', 'artifacts', 'source', 'levers']) {
    if (!out[k]) throw new Error(`missing --${k}`);
  }
  return out;
}
const opt = args();
const {chromium} = createRequire(path.join(path.resolve(opt['node-modules']), 'x.js'))('playwright-core');

const children = [];
const cleanups = [];
function stopAll() {
  for (const c of children) {
    if (c.exitCode === null) c.kill('SIGKILL');
  }
  for (const f of cleanups.splice(0)) {
    try {
      f();
    } catch (e) {}
  }
}
const watchdog = setTimeout(() => {
  console.error(`browser tests: over ${RUN_TIMEOUT_MS / 1000} s, stopping`);
  stopAll();
  process.exit(1);
}, RUN_TIMEOUT_MS);

// A fresh corpus: the bundled guides and the injection fixture.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'levers-browser-'));
cleanups.push(() => fs.rmSync(work, {recursive: true, force: true}));
const guides = path.join(work, 'guides');
fs.mkdirSync(guides);
for (const f of fs.readdirSync(path.join(opt.source, 'data/guides'))) {
  if (f.endsWith('.md')) fs.copyFileSync(path.join(opt.source, 'data/guides', f), path.join(guides, f));
}
fs.copyFileSync(path.join(opt.source, 'tests/browser/fixtures/script-injection.md'),
                path.join(guides, 'script-injection.md'));
fs.mkdirSync(opt.artifacts, {recursive: true});

// `levers import` into a fresh SQLite file, then `levers serve` on a free
// loopback port; the address is read from the line it prints.
async function startServe() {
  const db = 'sqlite:' + path.join(work, 'levers.db');
  execFileSync(opt.levers, ['import', guides, '--db', db, '--today', TODAY], {stdio: 'ignore'});
  const serve = spawn(opt.levers, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--today', TODAY],
                      {stdio: ['ignore', 'pipe', 'inherit']});
  children.push(serve);
  const lines = readline.createInterface({input: serve.stdout});
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('levers serve printed no address in 20 s')), 20_000);
    serve.on('exit', (code) => reject(new Error(`levers serve exited with ${code}`)));
    lines.on('line', (line) => {
      const m = / at (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
}

// Checks run on every page.
async function pageChecks(page, name) {
  const problems = await page.evaluate(() => {
    const out = [];
    for (const e of document.querySelectorAll('input, select, textarea')) {
      if (e.type === 'hidden') continue;
      if (!(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        out.push(`no label: ${e.id || e.name}`);
    }
    const parse = (s) => {
      const m = /rgba?\(([^)]+)\)/.exec(s || '');
      return m ? m[1].split(/[\s,/]+/).filter(Boolean).map(Number) : null;
    };
    const lum = (c) => {
      const [r, g, b] = c.map((v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && (c.length < 4 || c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    for (const el of document.querySelectorAll('body *')) {
      if (!el.checkVisibility()) continue;
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      const cs = getComputedStyle(el);
      const svg = el instanceof SVGElement;
      const fg = parse(svg ? cs.fill : cs.color);
      if (!fg) continue;
      const l1 = lum(fg.slice(0, 3));
      const l2 = lum(svg ? [255, 255, 255] : background(el));
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = parseFloat(cs.fontSize);
      const large = size >= 24 || (parseInt(cs.fontWeight, 10) >= 700 && size >= 18.66);
      if (ratio < (large ? 3 : 4.5))
        out.push(`contrast ${ratio.toFixed(2)}: ${el.tagName} "${el.textContent.trim().slice(0, 30)}"`);
    }
    return out;
  });
  if (problems.length) throw new Error(`${name}: ${problems.slice(0, 5).join('; ')}`);
}

// How the stylesheet draws the band chart in `figure`: the bar's fill, the
// weights of a row's label and of a tick label, and each tick label's anchor.
// The chart's markup carries none of these; app.css gives them by class.
async function expectBandChartStyled(page, figure, where) {
  const s = await page.locator(`${figure} svg.chart`).evaluate((svg) => {
    const cs = (el) => getComputedStyle(el);
    const ticks = [...svg.querySelectorAll('.ticks text')];
    return {
      fill: cs(svg.querySelector('rect')).fill,
      label: cs(svg.querySelector(':scope > text, :scope > g:not(.ticks) > text')).fontWeight,
      tick: cs(ticks[0]).fontWeight,
      anchors: ticks.map((t) => cs(t).textAnchor),
    };
  });
  expect(s.fill === 'rgb(47, 111, 179)', `${where}: bar fill ${s.fill}`);
  expect(s.label === '600' && s.tick === '400', `${where}: label weight ${s.label}, tick ${s.tick}`);
  const a = s.anchors;
  expect(a.length >= 2 && a[0] === 'start' && a[a.length - 1] === 'end' &&
         a.slice(1, -1).every((x) => x === 'middle'), `${where}: tick anchors ${a}`);
}

// The accessible name and description Chromium gives each chart: its title
// and its desc, each said once.
async function chartAccessibility(page) {
  const cdp = await page.context().newCDPSession(page);
  const {nodes} = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => n.role && n.role.value === 'image' && !n.ignored)
      .map((n) => ({name: n.name && n.name.value, description: n.description && n.description.value}));
}

// The names of the nodes of `role` (e.g. 'heading') in Chromium's
// accessibility tree, and every name any node is given, as a screen reader
// would find them.
async function accessibleNames(page, role) {
  const cdp = await page.context().newCDPSession(page);
  const {nodes} = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const shown = nodes.filter((n) => !n.ignored && n.name && n.name.value);
  return {
    ofRole: shown.filter((n) => n.role && n.role.value === role).map((n) => n.name.value),
    all: shown.map((n) => n.name.value),
  };
}

async function shot(page, name) {
  await page.screenshot({path: path.join(opt.artifacts, `${name}.png`), fullPage: true});
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

const tests = [];
const test = (name, fn) => tests.push({name, fn});

test('home: search the corpus and open a guide', async ({page, base}) => {
  await page.goto(base + '/');
  expect(await page.locator('#guides tbody tr').count() === 11, 'expected 11 guides');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement.className) === 'skip',
         'the first Tab should reach the skip link');
  // q means what the API's q means: one substring, ASCII case-insensitive.
  await page.fill('#q', 'MANAGER');
  await page.waitForFunction(() => document.querySelectorAll('#guides tbody tr:not([hidden])').length === 3);
  expect((await page.textContent('#search-status')).startsWith('3 of 11'), 'search status');
  expect(await page.textContent('#guides caption') === 'Guides matching \u201cMANAGER\u201d, by company',
         'the caption says what is shown');
  await pageChecks(page, 'home');
  await shot(page, 'home');
  await page.click('text=Hugging Face Enterprise >> nth=0');
  await page.waitForSelector('h1');
});

test('home: typing after a search filters every guide, as the server would', async ({page, base}) => {
  await page.goto(base + '/?q=london');
  const london = await page.textContent('#search-status');
  expect(await page.textContent('#guides caption') === 'Guides matching \u201clondon\u201d, by company',
         'caption of a filtered page');
  await page.fill('#q', 'hugging');
  const typed = await page.textContent('#search-status');
  const server = await (await page.request.get(base + '/?q=hugging')).text();
  const want = /id="search-status"[^>]*>([^<]*)</.exec(server)[1];
  expect(typed === want && typed === '5 of 11 guides', `typed "hugging" after ?q=london (${london}): ${typed}, server: ${want}`);
  await page.fill('#q', '');
  expect(await page.textContent('#search-status') === '11 of 11 guides', 'an empty search shows every guide');
  expect(await page.textContent('#guides caption') === 'Every guide, by company', 'caption of the whole list');
});

test('guide: band charts in each currency and in USD', async ({page, base}) => {
  await page.goto(base + '/guides/hugging-face-enterprise--engineering-manager');
  const local = page.locator('.view-local svg.chart');
  expect(await local.count() === 3, 'three regional charts');
  expect(await local.first().isVisible(), 'regional charts visible');
  expect(!(await page.locator('.view-usd svg.chart').first().isVisible()), 'USD charts hidden at first');
  const paris = await page.locator('#b3 desc').textContent();
  expect(paris === 'Base: EUR 187,000 to 234,000; Stock grant (4 yr): EUR 187,000 to 332,000; ' +
         'Total comp / year: EUR 258,000 to 386,000', `Paris chart: ${paris}`);
  const charts = await chartAccessibility(page);
  const parisChart = charts.find((c) => c.name === 'Paris (EUR)');
  expect(parisChart && parisChart.description === paris,
         `Paris chart named by its title, described by its desc: ${JSON.stringify(charts.slice(0, 3))}`);
  expect(charts.length === 3 && charts.every((c) => c.description && !c.name.includes(c.description)),
         `three charts shown, each name said without its description: ${JSON.stringify(charts)}`);
  // The caption is said once, as the chart's name, not again as the figure's text.
  const said = (await accessibleNames(page, 'image')).all.filter((n) => n === 'Paris (EUR)');
  expect(said.length === 1, `"Paris (EUR)" is said ${said.length} times`);
  await expectBandChartStyled(page, '#b3', 'served guide');
  // The bands table's figures line up on the right, each on one line.
  const cell = await page.locator('table.bands td').first().evaluate(
      (td) => `${getComputedStyle(td).textAlign} ${getComputedStyle(td).whiteSpace}`);
  expect(cell === 'right nowrap', `bands table cell: ${cell}`);
  // Keyboard: focus the toggle's checked radio and move to USD with an arrow key.
  await page.focus('#cur-local');
  await page.keyboard.press('ArrowDown');
  expect(await page.isChecked('#cur-usd'), 'arrow key selects USD');
  expect(await page.locator('.view-usd svg.chart').first().isVisible(), 'USD charts shown');
  expect(!(await local.first().isVisible()), 'regional charts hidden');
  const usd = await page.locator('#usd1 desc').textContent();
  expect(usd.includes('Paris: USD 210,412.40 to 263,296.80'), `Paris base in USD: ${usd}`);
  // The bar's tooltip: the exact figures and the rate that made them; the
  // rate's date is said once, under the charts.
  const bar = await page.locator('#usd1 svg.chart g > title').textContent();
  expect(bar === 'EUR 187,000 – 234,000 × 1.1252 USD/EUR = USD 210,412.40 – 263,296.80', `Paris bar: ${bar}`);
  expect((await page.locator('.view-usd li').first().textContent()) ===
         'EUR 1 × 1.1252 USD/EUR (ECB 2025-05-09) ≈ USD 1.13', 'the rate in full under the charts');
  await expectBandChartStyled(page, '#usd1', 'served guide, USD');
  // The exact converted figures are also a table in the view, with the rate
  // and date of each region: the numbers the descriptions say.
  const converted = page.locator('.view-usd table.converted');
  expect(await converted.isVisible(), 'the converted view has a table');
  const parisRow = await converted.locator('tr', {hasText: 'Paris'}).locator('th, td').allTextContents();
  expect(JSON.stringify(parisRow) === JSON.stringify([
    'Paris', 'USD 210,412.40 – 263,296.80', 'USD 210,412.40 – 373,566.40 /4y', 'USD 290,301.60 – 434,327.20',
    'EUR × 1.1252 USD/EUR (ECB 2025-05-09)']), `Paris converted: ${JSON.stringify(parisRow)}`);
  const cells = await converted.locator('tbody tr').evaluateAll((rows) => rows.map(
      (r) => [...r.children].map((c) => c.textContent)));
  for (const [k, id] of ['#usd1', '#usd2', '#usd3'].entries()) {
    const desc = await page.locator(`${id} desc`).textContent();
    for (const part of desc.split('; ')) {
      const m = /^(.*?)(?: \(\d+ yr\))?: USD ([\d,.]+)(?: to ([\d,.]+))?$/.exec(part);
      expect(m, `${id}: ${part}`);
      const row = cells.find((r) => r[0] === m[1]);
      const want = 'USD ' + m[2] + (m[3] ? ' – ' + m[3] : '');
      expect(row && row[k + 1].startsWith(want), `${id} ${m[1]}: table ${row && row[k + 1]}, desc ${want}`);
    }
  }
  const usdCharts = await chartAccessibility(page);
  expect(usdCharts.length === 3 && usdCharts[0].name === 'Base by region (USD)' && usdCharts[0].description === usd,
         `the USD charts named and described: ${JSON.stringify(usdCharts[0])}`);
  // No other guide states this guide's equivalents: no link that leads to an empty search.
  expect(await page.locator('.levels a').count() === 0, 'no level map link leads nowhere');
  await pageChecks(page, 'guide');
  await shot(page, 'guide');
});

test('guide: the currency form shows every region in GBP, without script', async ({browser, base}) => {
  const context = await browser.newContext({viewport: {width: 1100, height: 900}, javaScriptEnabled: false});
  const page = await context.newPage();
  const guide = '/guides/hugging-face-enterprise--engineering-manager';
  await page.goto(base + guide);
  const common = page.locator('.toggle label', {hasText: 'for every region'});
  expect(await page.inputValue('#cur-pick') === 'USD', 'USD is selected at first');
  expect((await common.textContent()).trim() === 'USD for every region', 'the toggle offers USD');
  // The select is named by its label; pick GBP and send the form.
  await page.getByLabel('Currency for every region').selectOption('GBP');
  await Promise.all([page.waitForNavigation(), page.locator('form:has(#cur-pick) button').click()]);
  expect(page.url() === base + guide + '?currency=GBP#bands', `went to ${page.url()}`);
  expect((await common.textContent()).trim() === 'GBP for every region', 'the toggle offers GBP');
  expect(await page.inputValue('#cur-pick') === 'GBP', 'GBP stays selected');
  // The view asked for is shown: Paris's EUR 187,000 × 0.8477 = GBP 158,519.90.
  expect(await page.isChecked('#cur-usd'), 'the GBP view is chosen');
  expect(await page.locator('#usd1').isVisible(), 'the GBP charts are shown');
  const base1 = await page.locator('#usd1 desc').textContent();
  expect(base1.includes('Paris: GBP 158,519.90 to 198,361.80'), `Paris base in GBP: ${base1}`);
  expect(!(await page.locator('.view-local svg.chart').first().isVisible()), 'regional charts hidden');
  await pageChecks(page, 'guide in GBP');
  await shot(page, 'guide-gbp');
  // A code the rates cannot convert into is refused, saying what was expected.
  const refused = await page.goto(base + guide + '?currency=aed');
  expect(refused.status() === 400, `?currency=aed: ${refused.status()}`);
  expect((await page.textContent('main p')).startsWith('currency must be one the ECB rates can convert into'),
         'the 400 page says what was expected');
  await context.close();
});

test('guide: the level map links to the guides mapped to each role', async ({page, base}) => {
  await page.goto(base + '/guides/hugging-face-enterprise--software-engineer');
  const google = page.locator('.levels li', {hasText: 'Google L4'});
  expect(await google.locator('a').count() === 5, 'five other guides are mapped to Google L4');
  await Promise.all([page.waitForNavigation(), google.locator('a', {hasText: 'Glimmerfen Health'}).click()]);
  expect(page.url().endsWith('/guides/glimmerfen-health--data-scientist'), `went to ${page.url()}`);
  expect((await page.textContent('h1')).includes('Data Scientist'), 'the guide opened');
});

test('375 px: every page fits the width', async ({browser, base}) => {
  const context = await browser.newContext({viewport: {width: 375, height: 800}});
  const page = await context.newPage();
  // The injection guide also lists a data source that is one long URL.
  for (const p of ['/', '/guides/hugging-face-enterprise--engineering-manager', '/guides/script-injection',
                   '/offer', '/compare', '/health']) {
    await page.goto(base + p);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 375, `${p} is ${width} px wide at 375`);
  }
  await page.goto(base + '/guides/hugging-face-enterprise--engineering-manager');
  await shot(page, 'guide-375');
  // The bands table scrolls in its box, which the keyboard reaches: its focus
  // ring is the site's 3 px one.
  await page.keyboard.press('Tab');
  let ring = null;
  for (let i = 0; i < 40 && !ring; i++) {
    await page.keyboard.press('Tab');
    ring = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e.classList.contains('wrap')) return null;
      const cs = getComputedStyle(e);
      return `${cs.outlineStyle} ${cs.outlineWidth}`;
    });
  }
  expect(ring === 'solid 3px', `a scrolling table's box, focused: ${ring}`);
  await context.close();
});

// Every chart text shown on the page: its size in CSS px once the chart has
// scaled to the window (the font size in the chart's units times the scale),
// and whether it lies inside its chart.
async function chartTexts(page) {
  return await page.evaluate(() => [...document.querySelectorAll('svg.chart text')]
      .filter((t) => t.checkVisibility())
      .map((t) => {
        const box = t.getBoundingClientRect();
        const svg = t.ownerSVGElement.getBoundingClientRect();
        return {
          text: t.textContent,
          px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
          inside: box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5,
        };
      }));
}

// At 320 px (WCAG's reflow width) a chart shrinks to fit: its text stays at
// least 12 CSS px and inside the chart, a band label too long for the width
// cut shorter; from 380 px up the charts are drawn as before.
test('320 px: chart text stays readable and inside its chart', async ({browser, base}) => {
  const guide = '/guides/hugging-face-enterprise--engineering-manager';
  // A region too long for a narrow chart, in a standalone page.
  const long = path.join(work, 'long-region.md');
  fs.writeFileSync(long, fs.readFileSync(path.join(guides, 'hugging-face-enterprise--engineering-manager.md'), 'utf8')
      .replace('region: Paris', 'region: Paris and the Île-de-France region, remote'));
  const standalone = path.join(work, 'long-region.html');
  fs.writeFileSync(standalone, execFileSync(opt.levers, ['render', '--to', 'html', long]));
  const check = async (page, where, width) => {
    const texts = await chartTexts(page);
    expect(texts.length > 0, `${where}: no chart text`);
    const small = texts.filter((t) => t.px < 11.95);
    expect(small.length === 0, `${where} at ${width}: ${small.length} texts under 12 px, e.g. ` +
           `"${small[0] && small[0].text}" at ${small[0] && small[0].px.toFixed(1)} px`);
    const out = texts.filter((t) => !t.inside);
    expect(out.length === 0, `${where} at ${width}: "${out[0] && out[0].text}" runs out of its chart`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll <= width, `${where} is ${scroll} px wide at ${width}`);
    return texts;
  };
  for (const width of [320, 1100]) {
    const context = await browser.newContext({viewport: {width, height: 900}});
    const page = await context.newPage();
    await page.goto(base + guide);
    const local = await check(page, 'guide', width);
    // 12 px text on a wide screen, as it was.
    if (width === 1100) expect(local.every((t) => t.px >= 12 && t.px < 18), 'wide guide charts');
    await page.check('#cur-usd');
    await check(page, 'guide in USD', width);
    if (width === 320) await shot(page, 'guide-320');
    // Its label in the USD view, where each row is a region.
    await page.goto('file://' + standalone);
    await page.check('#cur-usd');
    const labels = (await check(page, 'a long region', width)).map((t) => t.text);
    const cut = width === 320 ? 'Paris and the Île-de-Fr…: USD 210K – 263K'
                              : 'Paris and the Île-de-France…: USD 210K – 263K';
    expect(labels.includes(cut), `${width}: the long region's label: ${labels.filter((l) => l.startsWith('Paris'))}`);
    // The offer's marker text, its longest with "(above the band)", and the year bars.
    await page.goto(base + '/offer?company=Hugging%20Face%20Enterprise&role=Engineering%20Manager');
    await page.fill('#f-region', 'San Francisco');
    await page.fill('#f-date', '2025-05-09');
    await page.fill('#f-base', '990000');
    await Promise.all([page.waitForNavigation(), page.click('text=Value this offer >> nth=0')]);
    const offer = await check(page, 'offer', width);
    expect(offer.some((t) => t.text.endsWith('(above the band)')), 'the marker says above the band');
    if (width === 320) await shot(page, 'offer-320');
    // Six offers compared: the chart's letters and figures.
    const six = {offers: Array.from({length: 6}, (_, i) => ({label: 'O' + i, currency: 'USD', base: String(100000 + 50000 * i)}))};
    await page.goto(base + '/compare#offers=' + Buffer.from(JSON.stringify(six)).toString('base64url'));
    await page.waitForSelector('#compare-table');
    await check(page, 'compare', width);
    if (width === 320) await shot(page, 'compare-320');
    await context.close();
  }
});

test('360 and 375 px: a long name and the formulas fit the width', async ({browser, base}) => {
  for (const width of [375, 360]) {
    const context = await browser.newContext({viewport: {width, height: 800}});
    const page = await context.newPage();
    await page.goto(base + '/offer?company=Hugging%20Face%20Enterprise&role=Engineering%20Manager');
    await page.fill('#f-region', 'Paris');
    await page.fill('#f-currency', 'EUR');
    await page.fill('#f-base', '195000');
    await page.fill('#f-bonus', '10%');
    await page.selectOption('#f-equity-kind', 'private_rsu');
    await page.fill('#f-equity-value', '250000');
    await page.fill('#f-c1-label', 'A very long competing offer name without spaces ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    await page.fill('#f-c1-currency', 'USD');
    await page.fill('#f-c1-base', '300000');
    await Promise.all([page.waitForNavigation(), page.click('text=Value this offer >> nth=0')]);
    expect(await page.locator('#walk-away').isVisible(), 'valued, with a walk-away');
    await page.check('#show-formulas');
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll <= width, `the offer with formulas is ${scroll} px wide at ${width}`);
    if (width === 360) await shot(page, 'offer-360-formulas');
    await context.close();
  }
});

test('offer: fill the form, get the evaluation and a counter plan', async ({page, base, context}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: base});
  await page.goto(base + '/guides/hugging-face-enterprise--engineering-manager');
  await page.click('text=Value an offer against this guide');
  await page.waitForSelector('#offer-form');
  expect(await page.inputValue('#f-company') === 'Hugging Face Enterprise', 'company prefilled');
  await page.fill('#f-region', 'San Francisco');
  await page.fill('#f-date', '2025-05-09');
  await page.fill('#f-bonus', '10%');
  await page.fill('#f-signing-year1', '20000');
  await page.selectOption('#f-equity-kind', 'private_rsu');
  await page.fill('#f-equity-value', '240000');
  await page.fill('#f-base', '240000');
  await Promise.all([page.waitForNavigation(), page.press('#f-base', 'Enter')]);
  const cards = await page.locator('.cards').first().textContent();
  expect(cards.includes('USD 326,000first-year total'), `first-year total: ${cards}`);
  expect(cards.includes('USD 311,000four-year average'), 'four-year average');
  expect(await page.locator('#chart-position svg.chart').isVisible(), 'band position chart');
  const marker = await page.locator('#chart-position svg.chart .m').first().evaluate((m) => {
    const cs = getComputedStyle(m);
    return `${cs.fill} ${cs.stroke} ${getComputedStyle(m.ownerSVGElement.querySelector('.o')).fontWeight}`;
  });
  expect(marker === 'rgb(180, 83, 9) rgb(27, 31, 36) 400', `offer marker and its text: ${marker}`);
  expect(await page.locator('#chart-years svg.chart rect').count() >= 12, 'stacked bars for four years');
  const message = await page.textContent('#counter-message');
  expect(message.length > 100, 'a counter message');
  expect(!(await page.locator('.formula').first().isVisible()), 'formulas hidden at first');
  await page.check('#show-formulas');
  expect(await page.locator('.formula').first().isVisible(), 'formulas shown on demand');
  await page.click('text=Copy the message');
  await page.waitForFunction(() => document.getElementById('counter-message-status').textContent !== '');
  expect(await page.textContent('#counter-message-status') === 'Copied.', 'copied');
  expect(await page.evaluate(() => navigator.clipboard.readText()) === message, 'clipboard holds the message');
  await pageChecks(page, 'offer');
  await shot(page, 'offer');
});

test('offer: competing offers give the counter plan a walk-away total', async ({page, base}) => {
  await page.goto(base + '/offer?company=Hugging%20Face%20Enterprise&role=Engineering%20Manager');
  await page.fill('#f-region', 'San Francisco');
  await page.fill('#f-date', '2025-05-09');
  await page.fill('#f-base', '240000');
  expect(await page.inputValue('#f-c1-currency') === 'USD', 'a competing offer starts in the offer\'s currency');
  // A second competing offer, added without script, takes the keyboard.
  await Promise.all([page.waitForNavigation(), page.click('button[value=add-other]')]);
  expect(await page.evaluate(() => document.activeElement.id) === 'f-c2-label', 'focus on the added offer');
  expect(await page.inputValue('#f-base') === '240000', 'the offer is kept');
  // The offer is required; competing offers may stay blank, so are not.
  expect(await page.$eval('#f-base', (e) => e.required), 'the offer\'s base is required');
  for (const id of ['#f-c1-base', '#f-c1-currency', '#f-c2-base', '#f-c2-currency'])
    expect(!(await page.$eval(id, (e) => e.required)), `${id} is not required`);
  await page.fill('#f-c1-label', 'Google L6');
  await page.fill('#f-c1-company', 'Google');
  await page.fill('#f-c1-date', '2025-05-09');
  await page.fill('#f-c1-base', '268000');
  await page.fill('#f-c1-bonus', '15%');
  await page.fill('#f-c2-label', 'Startup');
  await page.fill('#f-c2-base', '150000');
  await Promise.all([page.waitForNavigation(), page.click('text=Value this offer >> nth=0')]);
  const walk = page.locator('#walk-away + p + dl');
  expect(await page.locator('#walk-away').isVisible(), 'the walk-away heading');
  const said = await page.locator('#walk-away + p').textContent();
  expect(said.endsWith('your best alternative, Google L6:'), `the best alternative: ${said}`);
  // 268,000 + 15% = 308,200 a year, every year; the startup's 150,000 is lower.
  const totals = await walk.locator('dd').allTextContents();
  expect(totals.length === 2 && totals.every((t) => t.startsWith('USD 308,200')),
         `walk-away totals: ${JSON.stringify(totals)}`);
  expect(!(await walk.locator('.formula').first().isVisible()), 'formulas hidden at first');
  await page.check('#show-formulas');
  expect(await walk.locator('.formula').first().isVisible(), 'the walk-away shows its formula');
  await pageChecks(page, 'offer-walk-away');
  await shot(page, 'offer-walk-away');
});

test('offer: the company box suggests names the page left out, asked of the API', async ({page, base}) => {
  // As over a corpus of more companies than the page suggests: the page comes
  // without Glimmerfen Health among its suggestions.
  await page.route(base + '/offer', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('<option value="Glimmerfen Health"></option>', '');
    await route.fulfill({response, body: html});
  });
  await page.goto(base + '/offer');
  const suggested = () => page.evaluate(() => [...document.querySelectorAll('#dl-companies option')]
      .filter((o) => o.value === 'Glimmerfen Health').length);
  expect(await suggested() === 0, 'the page leaves it out');
  const asked = page.waitForRequest((r) => r.url() === base + '/api/guides?limit=50&q=glimmer');
  await page.type('#f-company', 'glimmer');
  await asked;
  await page.waitForFunction(() => document.getElementById('dl-companies').dataset.looked === 'glimmer');
  expect(await suggested() === 1, 'suggested once, after the API answered');
  // Names already suggested are not added twice.
  const hf = () => page.evaluate(() => [...document.querySelectorAll('#dl-companies option')]
      .filter((o) => o.value === 'Hugging Face Enterprise').length);
  await page.fill('#f-company', '');
  await page.type('#f-company', 'hugging');
  await page.waitForFunction(() => document.getElementById('dl-companies').dataset.looked === 'hugging');
  expect(await hf() === 1, 'no duplicate suggestion');
});

test('offer: a bad amount is named at its field', async ({page, base}) => {
  await page.goto(base + '/offer');
  await page.fill('#f-base', 'lots');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('text=Value this offer')]);
  expect(response.status() === 422, `status ${response.status()}`);
  // The summary takes the focus, so the keyboard starts at what to fix.
  await page.waitForFunction(() => document.activeElement.id === 'errors');
  expect(await page.getAttribute('#f-base', 'aria-invalid') === 'true', 'base marked invalid');
  const summary = page.locator('#errors a[href="#f-base"]');
  expect(await summary.isVisible(), 'summary links to the field');
  await summary.click();
  expect(await page.evaluate(() => document.activeElement.id) === 'f-base', 'the link focuses the field');
  await pageChecks(page, 'offer-error');
  await shot(page, 'offer-error');
});

test('offer: a blank form names the base salary, and its link shows the label', async ({page, base}) => {
  await page.goto(base + '/offer');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('text=Value this offer >> nth=0')]);
  expect(response.status() === 422, `status ${response.status()}`);
  expect((await page.title()) === 'Error: Value an offer — levers', `title: ${await page.title()}`);
  await page.waitForFunction(() => document.activeElement.id === 'errors');
  expect(await page.getAttribute('#f-base', 'aria-invalid') === 'true', 'base marked invalid');
  expect((await page.textContent('#f-base-error')).startsWith('the form is empty'), 'the message at base');
  await page.locator('#errors a[href="#f-base"]').click();
  expect(await page.evaluate(() => document.activeElement.id) === 'f-base', 'the link focuses the field');
  const top = await page.evaluate(() => document.querySelector('label[for=f-base]').getBoundingClientRect().top);
  expect(top >= 0, `the field's label is above the window: top ${top}`);
});

test('compare: each offer\'s headings say which offer they are of', async ({page, base}) => {
  await page.goto(base + '/compare');
  for (let i = 0; i < 4; i++)
    await Promise.all([page.waitForNavigation(), page.click('button[value=add]')]);
  expect(await page.locator('fieldset.offer').count() === 6, 'six offers');
  const headings = (await accessibleNames(page, 'heading')).ofRole.filter((n) => /Cash|Equity|The offer/.test(n));
  expect(headings.length === 18 && new Set(headings).size === 18 && headings.includes('Offer 6: Cash'),
         `headings: ${JSON.stringify(headings)}`);
  // Both offers blank: each is named at its base salary, in one round.
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button[value=compare]')]);
  expect(response.status() === 422, `status ${response.status()}`);
  expect((await page.title()) === 'Error: Compare offers — levers', `title: ${await page.title()}`);
  expect(await page.textContent('#errors h2') === 'The offers cannot be compared yet', 'summary heading');
  const links = await page.locator('#errors a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(JSON.stringify(links) === '["#f-o1-base","#f-o2-base"]', `summary links: ${links}`);
});

// "Add another offer" on a form that already holds six: an error as any
// other (422, "Error: " in the title, a summary linked to the field), saying
// the most and what to do, with script and without (the form posts to the
// server either way).
test('compare: "Add another offer" at the most says what to do, with script and without', async ({browser, base}) => {
  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({viewport: {width: 1100, height: 900}, javaScriptEnabled});
    const page = await context.newPage();
    const where = javaScriptEnabled ? 'with script' : 'without script';
    await page.goto(base + '/compare');
    for (let i = 0; i < 4; i++) {
      await page.fill(`#f-o${i + 1}-base`, String(100000 + i));
      await Promise.all([page.waitForNavigation(), page.click('button[value=add]')]);
    }
    expect(await page.locator('fieldset.offer').count() === 6, `${where}: six offers`);
    // Full: no button, and the page says why there is none.
    expect(await page.locator('button[value=add]').count() === 0, `${where}: no "Add another offer"`);
    const note = await page.textContent('#form-full');
    expect(note.includes('at most 6 offers'), `${where}: the note: ${note}`);
    await pageChecks(page, 'compare full');
    // As a page that still has the button would send it (one open in another
    // tab before the form filled up): the form's fields and action=add.
    await page.evaluate(() => {
      const b = document.createElement('button');
      b.type = 'submit';
      b.name = 'action';
      b.value = 'add';
      b.textContent = 'Add another offer';
      document.querySelector('#compare-form .actions').append(b);
    });
    await page.fill('#f-o5-base', '5');
    await page.fill('#f-o6-base', '6');
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[value=add]')]);
    expect(response.status() === 422, `${where}: status ${response.status()}`);
    expect((await page.title()) === 'Error: Compare offers — levers', `${where}: title ${await page.title()}`);
    const link = page.locator('#errors a[href="#f-o6-label"]');
    const said = await link.textContent();
    expect(said === 'A comparison takes at most 6 offers, and the form already holds 6: to add another, ' +
           'clear the fields of one you no longer need (a blank one is left out) and enter the new one there.',
           `${where}: the summary: ${said}`);
    expect(await page.locator('fieldset.offer').count() === 6, `${where}: still six offers`);
    expect(await page.inputValue('#f-o6-base') === '6', `${where}: the offers are kept`);
    if (javaScriptEnabled)
      await page.waitForFunction(() => document.activeElement.id === 'errors');
    await link.click();
    if (javaScriptEnabled)
      expect(await page.evaluate(() => document.activeElement.id) === 'f-o6-label', 'the link focuses the field');
    else
      expect(page.url().endsWith('#f-o6-label'), `the link goes to the field: ${page.url()}`);
    await pageChecks(page, 'compare full, error');
    if (!javaScriptEnabled) await shot(page, 'compare-full-error');
    await context.close();
  }
});

test('compare: two offers, a chart and a link that brings them back', async ({page, base, browser}) => {
  await page.goto(base + '/compare');
  await page.fill('#f-o1-label', 'Google L6');
  await page.fill('#f-o1-base', '268000');
  await page.fill('#f-o1-bonus', '15%');
  await page.selectOption('#f-o1-equity-kind', 'public_rsu');
  await page.fill('#f-o1-equity-value', '430000');
  await page.fill('#f-o2-label', 'Paris');
  await page.fill('#f-o2-company', 'Hugging Face Enterprise');
  await page.fill('#f-o2-role', 'Engineering Manager');
  await page.fill('#f-o2-region', 'Paris');
  await page.fill('#f-o2-currency', 'EUR');
  await page.fill('#f-o2-date', '2025-05-09');
  await page.fill('#f-o2-base', '187000');
  // Both offers are needed, so both are required; none is past the second.
  for (const id of ['#f-o1-base', '#f-o1-currency', '#f-o2-base', '#f-o2-currency'])
    expect(await page.$eval(id, (e) => e.required), `${id} is required`);
  await Promise.all([page.waitForNavigation(), page.click('button[value=compare]')]);
  expect(await page.locator('#chart-compare svg.chart').isVisible(), 'comparison chart');
  const table = await page.textContent('#compare-table');
  expect(table.includes('Google L6') && table.includes('Paris'), 'both offers in the table');
  // Each offer in its own guide's band: Paris in its guide's Paris band (EUR),
  // Google L6 (no company given) without one.
  expect(table.includes("Position in its guide's band") && table.includes('Paris band (EUR)base: '),
         `the Paris offer placed in its band: ${table}`);
  expect(table.includes('the offer names no company'), `why the other has no band: ${table}`);
  const url = await page.getAttribute('#share-url', 'data-url');
  expect(/^\/compare#offers=[A-Za-z0-9_-]+$/.test(url), `share url ${url}`);
  expect(page.url().endsWith(url), 'the address bar holds the shareable link');
  await pageChecks(page, 'compare');
  await shot(page, 'compare');
  // Someone else opens the link: the offers come back from the fragment alone.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  const errors2 = [];
  page2.on('pageerror', (e) => errors2.push(e.message));
  await page2.goto(base + url);
  await page2.waitForSelector('#compare-table');
  expect(await page2.textContent('#compare-table') === table, 'the shared link shows the same comparison');
  expect(errors2.length === 0, `script errors: ${errors2.join('; ')}`);
  await other.close();
});

test('compare: share links copy whole, reopen in the same tab, and say what is wrong', async ({page, base, context}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: base});
  const link = (o) => base + '/compare#offers=' + Buffer.from(JSON.stringify(o)).toString('base64url');
  const two = (a, b) => ({offers: [{label: a, currency: 'USD', base: '100000'}, {label: b, currency: 'USD', base: '200000'}]});
  await page.goto(link(two('Alpha', 'Beta')));
  await page.waitForSelector('#compare-table');
  await page.click('button[data-copy=share-url]');
  await page.waitForFunction(() => document.getElementById('share-url-status').textContent !== '');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.startsWith(base + '/compare#offers=') && copied === page.url(), `copied ${copied}`);
  expect(await page.textContent('#share-url') === copied, 'the link shown is the one copied');
  // A second link pasted into the same tab: only the fragment changes.
  await Promise.all([page.waitForNavigation(), page.goto(link(two('Gamma', 'Delta')))]);
  await page.waitForSelector('#compare-table');
  const table = await page.textContent('#compare-table');
  expect(table.includes('Gamma') && !table.includes('Alpha'), `second link compared: ${table.slice(0, 80)}`);
  // An offer as docs/offer-format.md writes it: equity as a mapping.
  await Promise.all([page.waitForNavigation(), page.goto(link({offers: [
    {label: 'A', currency: 'USD', base: 1000, equity: {kind: 'public_rsu', value: 40000}},
    {label: 'B', currency: 'USD', base: 2000}]}))]);
  await page.waitForSelector('#compare-table');
  const equity = await page.locator('#compare-table tr', {hasText: 'Equity grant, expected'}).textContent();
  expect(equity.includes('USD 40,000'), `nested equity kept: ${equity}`);
  // Links that cannot be compared say so.
  const damaged = async (url, want) => {
    const fresh = await context.newPage();
    await fresh.goto(url);
    await fresh.waitForFunction(() => !document.getElementById('share-error').hidden);
    const text = await fresh.textContent('#share-error');
    expect(text.includes(want), `${url.slice(base.length, base.length + 40)}: ${text}`);
    await fresh.close();
  };
  const seven = {offers: Array.from({length: 7}, (_, i) => ({company: 'C' + i, currency: 'USD', base: String(100000 + i)}))};
  await damaged(link(seven), 'it holds 7 offers, and a comparison takes at most 6');
  await damaged(base + '/compare#offers=not*base64', 'not base64url');
  await damaged(base + '/compare#offers=AAAA', 'not JSON');
  await damaged(link({offers: [{base: [1, 2]}, {}]}), 'offer 1: base is not a text or a number');
});

test('compare: after "Add another offer" the keyboard is in the new offer', async ({page, base}) => {
  await page.goto(base + '/compare');
  await Promise.all([page.waitForNavigation(), page.click('button[value=add]')]);
  expect(await page.locator('fieldset.offer').count() === 3, 'three offers');
  expect(await page.evaluate(() => document.activeElement.id) === 'f-o3-label', 'focus on the new offer');
});

test('a guide with <script> and "><img onerror> renders them as text', async ({page, base}) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    d.dismiss();
  });
  await page.goto(base + '/guides/script-injection');
  expect(await page.getByText('Inject<script>window.__xss = 1</script>Co').first().isVisible(),
         'script text visible');
  expect(await page.getByText('"><img src=x onerror="window.__xss = 2">Engineer').first().isVisible(),
         'img text visible');
  const state = await page.evaluate(() => ({
    xss: window.__xss,
    scripts: [...document.scripts].map((s) => s.src),
    images: document.images.length,
  }));
  expect(state.xss === undefined, `a script ran: __xss = ${state.xss}`);
  expect(state.scripts.length === 1 && state.scripts[0].endsWith('/assets/app.js'), 'only app.js');
  expect(state.images === 0, 'no img element');
  expect(dialogs === 0, 'no dialog');
  await shot(page, 'script-injection');
  await page.goto(base + '/?q=inject');
  expect(await page.evaluate(() => window.__xss) === undefined, 'home page ran no injected script');
});

test('static site: the same pages from levers build, escaped without a CSP', async ({page}) => {
  const site = path.join(work, 'site');
  execFileSync(opt.levers, ['build', guides, site, '--today', TODAY], {stdio: 'ignore'});
  await page.goto('file://' + path.join(site, 'script-injection.html'));
  expect(await page.evaluate(() => window.__xss) === undefined, 'no injected script ran');
  expect(await page.getByText('Inject<script>window.__xss = 1</script>Co').first().isVisible(), 'text visible');
  await page.goto('file://' + path.join(site, 'index.html') + '?q=manager');
  await page.waitForFunction(() => document.querySelectorAll('#guides tbody tr:not([hidden])').length === 3);
  await page.goto('file://' + path.join(site, 'hugging-face-enterprise--engineering-manager.html'));
  await expectBandChartStyled(page, '#b3', 'static guide');
  await page.check('#cur-usd');
  expect(await page.locator('.view-usd table.converted').isVisible(), 'the static page\'s converted table');
  // One standalone page from `levers render --to html`, its stylesheet inline.
  const standalone = path.join(work, 'standalone.html');
  fs.writeFileSync(standalone, execFileSync(opt.levers, ['render', '--to', 'html',
      path.join(guides, 'hugging-face-enterprise--engineering-manager.md')]));
  await page.goto('file://' + standalone);
  await expectBandChartStyled(page, '#b3', 'standalone guide');
  await page.goto('file://' + path.join(site, 'health.html'));
  expect(await page.locator('table.matrix').isVisible(), 'coverage matrix');
  await pageChecks(page, 'static health');
  await shot(page, 'static-health');
});

let passed = 0;
let failed = 0;
let browser;
try {
  const base = await startServe();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  for (const t of tests) {
    const context = await browser.newContext({viewport: {width: 1100, height: 900}});
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let timer;
    try {
      await Promise.race([
        t.fn({page, base, browser, context}),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`over ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
        }),
      ]);
      if (errors.length) throw new Error(`script errors: ${errors.join('; ')}`);
      passed++;
      console.log(`ok   ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}: ${e.message}`);
      await page.screenshot({path: path.join(opt.artifacts, `failed-${passed + failed}.png`)}).catch(() => {});
    } finally {
      clearTimeout(timer);
      await context.close();
    }
  }
} catch (e) {
  failed++;
  console.log(`FAIL setting up: ${e.stack || e.message}`);
} finally {
  if (browser) await browser.close();
  stopAll();
  clearTimeout(watchdog);
}
console.log(`screenshots: ${opt.artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
