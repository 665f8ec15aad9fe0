// docs/openapi.json checked by a real OpenAPI validator (swagger-parser), then
// every operation of a real `levers serve` called and each JSON answer checked
// against the schema the document gives for that operation and status (Ajv);
// each body the server took against the documented request body; HEAD and
// OPTIONS on every path; and the answers any route can get (413 for headers
// over the limit, 503 over --max-connections) on every operation.
//
// Usage: node openapi_test.mjs LEVERS_BINARY SOURCE_DIR
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer } from './serve_fixture.mjs';

const [levers, sourceDir] = process.argv.slice(2);
const docPath = join(sourceDir, 'docs/openapi.json');
let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) { passed++; } else { failed++; console.log(`FAIL: ${what}`); }
}
setTimeout(() => { console.log('FAIL: timed out after 120 s'); process.exit(1); }, 120_000).unref();
// The methods a path item documents (it may also hold path-wide parameters).
const kMethods = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete', 'trace'];
const methodsOf = (item) => Object.keys(item).filter((k) => kMethods.includes(k));
const sameSet = (a, b) => a.length === b.length && a.every((x) => b.includes(x));
// One request on a socket of its own, read to the end, for the answers that
// close the connection: {status, text} with text what follows the headers.
// (A HEAD may be answered with a body there, which an HTTP client refuses.)
function rawRequest(base, method, path, headers = {}) {
  return new Promise((resolve) => {
    const { port } = new URL(base);
    const sock = connect(port, '127.0.0.1');
    let got = '';
    sock.setEncoding('utf8');
    sock.on('data', (c) => { got += c; });
    sock.on('error', (e) => { got += `(${e.message})`; });
    sock.on('close', () => {
      const end = got.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(got)?.[1] ?? 0);
      resolve({ status, text: end < 0 ? got : got.slice(end + 4) });
    });
    const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close',
                   ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    sock.write(lines.join('\r\n') + '\r\n\r\n');
  });
}

// 1. The document is valid OpenAPI 3, and the validator does reject a broken one.
const raw = JSON.parse(readFileSync(docPath, 'utf8'));
let doc;
try {
  doc = await SwaggerParser.validate(structuredClone(raw));
  check(doc.openapi.startsWith('3.'), 'openapi version 3.x');
} catch (e) {
  check(false, `docs/openapi.json is not valid OpenAPI: ${e.message}`);
  process.exit(1);
}
const broken = structuredClone(raw);
delete broken.paths['/api/health'].get.responses;
(broken.paths['/api/guides'].parameters ?? broken.paths['/api/guides'].get.parameters)[0].in = 'body';
let rejected = false;
try { await SwaggerParser.validate(broken); } catch { rejected = true; }
check(rejected, 'the validator rejects a document with a missing responses object');

// 2. Real answers against the document's schemas.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const templates = Object.keys(doc.paths).map((t) => ({
  t, re: new RegExp('^' + t.replace(/\{[^}]+\}/g, '[^?]+?') + '$'),
}));
function templateOf(path) {
  const bare = path.split('?')[0];
  // The longest template wins: /api/guides/{id}/findings before /api/guides/{id}.
  const hits = templates.filter((x) => x.re.test(bare)).sort((a, b) => b.t.length - a.t.length);
  return hits.length ? hits[0].t : null;
}

const server = await startServer(levers, sourceDir);
const offer = JSON.parse(readFileSync(join(sourceDir, 'data/offers/paris-offer-eur.json'), 'utf8'));
const google = { label: 'Google L6', company: 'Google', role: 'Engineering Manager',
                 region: 'San Francisco', currency: 'USD', date: '2025-05-09', base: 268000 };
// Amounts are whole or decimal numbers (docs/offer-format.md), in every key
// that holds one: options with a decimal schedule, and RSUs with a decimal
// bonus percentage.
const decimalOptions = {
  label: 'Options', currency: 'USD', date: '2025-05-09', base: 123456.78, bonus: 1234.56,
  signing: { year1: 1000.5, year2: '99.50' }, refresh: { per_year: 2500.25, from_year: 2 },
  relocation: 5000.75,
  equity: { kind: 'options', shares: 1000, strike: 0.005, fair_value: 1.123456,
            vesting: [40.5, 29.5, 20, 10], cliff_months: 6, frequency: 'quarterly' },
};
const decimalRsu = {
  label: 'RSU', currency: 'usd', base: 100000.5, bonus_pct: 12.5, signing: 2000.25, refresh: 3000.5,
  equity: { kind: 'public_rsu', value: 40000.4, years: 4 },
};
const list = await (await fetch(`${server.base}/api/guides?limit=200`)).json();
const id = list.items[0].id;
const hfId = list.items.find((g) => g.company === 'huggingface-enterprise').id;

const calls = [
  ['GET', '/api/health', 200],
  ['GET', '/api/guides', 200],
  ['GET', '/api/guides?company=huggingface-enterprise&sort=-last_updated&limit=2&offset=1', 200],
  ['GET', '/api/guides?q=%27%20OR%201%3D1%20--', 200],
  ['GET', '/api/guides?limit=0', 400],
  ['GET', '/api/guides?sort=salary', 400],
  ['GET', `/api/guides/${id}`, 200],
  ['GET', `/api/guides/${hfId}?format=md`, 200, 'text/markdown'],
  ['GET', `/api/guides/${hfId}?format=html`, 200, 'text/html'],
  ['GET', `/api/guides/${id}?format=pdf`, 400],
  ['GET', '/api/guides/no-such-guide', 404],
  ['GET', `/api/guides/${id}/findings`, 200],
  ['GET', '/api/guides/no-such-guide/findings', 404],
  ['GET', '/api/bands', 200],
  ['GET', '/api/bands?currency=EUR', 200],
  ['GET', '/api/bands?colour=red', 400],
  ['GET', '/api/levels?q=Google%20L6', 200],
  ['GET', '/api/levels?q=Google%20T4&indirect=1&limit=1', 200],
  ['GET', '/api/levels', 400],
  ['GET', '/api/levels?q=Nosuchco%20L6', 404],
  ['GET', '/api/findings', 200],
  ['GET', '/api/findings?severity=warning', 200],
  ['GET', '/api/findings?severity=fatal', 400],
  ['POST', '/api/offers/evaluate', 200, null, offer],
  ['POST', '/api/offers/evaluate?explain=1', 200, null, offer],
  ['POST', '/api/offers/evaluate', 400, null, '{"company":'],
  ['POST', '/api/offers/evaluate', 415, null, offer, 'text/plain'],
  ['POST', '/api/offers/evaluate', 422, null, { company: 'x' }],
  ['POST', '/api/offers/evaluate', 413, null, { pad: 'x'.repeat(2 << 20) }],
  ['POST', '/api/offers/compare', 200, null, { offers: [offer, google], currency: 'USD' }],
  ['POST', '/api/offers/compare', 422, null, { offers: [] }],
  ['POST', '/api/offers/counter', 200, null, { offer, others: [google] }],
  // No competing offers: best_alternative and walk_away are null, as documented.
  ['POST', '/api/offers/counter', 200, null, { offer }],
  // No guide for the company: no band position, and band.note says why.
  ['POST', '/api/offers/evaluate', 200, null, { ...offer, company: 'Nosuch Corp' }],
  ['POST', '/api/offers/counter', 422, null, { offer: google }],
  ['POST', '/api/offers/evaluate', 200, null, decimalOptions],
  ['POST', '/api/offers/evaluate?explain=1', 200, null, decimalRsu],
  ['POST', '/api/offers/evaluate', 200, null, { ...decimalRsu, bonus_pct: undefined, bonus_amount: 999.99 }],
  ['POST', '/api/offers/compare', 200, null, { offers: [decimalOptions, decimalRsu], rank: 'first-year' }],
  ['POST', '/api/offers/counter?explain=1', 200, null, { offer: { ...offer, base: 200000.5 }, others: [decimalOptions] }],
  // Refused by the server and by the documented request body alike.
  ['POST', '/api/offers/evaluate', 422, null, { ...decimalRsu, bonus_pct: undefined, bonus_rate: 10 }],
  ['POST', '/api/offers/evaluate', 422, null, { ...decimalRsu, equity: { kind: 'rsu', value: 1 } }],
  ['GET', '/api/openapi.json', 200],
];
// Every operation answers 400 to a query parameter it does not take, and its
// path answers 405 to a method it does not take: each must be documented.
const bodies = {
  '/api/offers/evaluate': offer,
  '/api/offers/compare': { offers: [offer, google], currency: 'USD' },
  '/api/offers/counter': { offer, others: [google] },
};
// OPTIONS reads no query (204 whatever it holds); HEAD is called below.
for (const [t, item] of Object.entries(doc.paths)) {
  const path = t.replace('{id}', encodeURIComponent(id));
  for (const m of methodsOf(item).filter((x) => x !== 'head')) {
    calls.push([m.toUpperCase(), `${path}?nosuch=1`, m === 'options' ? 204 : 400, null, bodies[t]]);
  }
  calls.push([item.get ? 'POST' : 'GET', path, 405, null, item.get ? offer : undefined]);
  calls.push(['DELETE', path, 405]);
  if (!item.get) calls.push(['HEAD', path, 405]);
  calls.push(['OPTIONS', path, 204]);
}
// HEAD answers every GET with GET's status and headers, and no body.
for (const [method, path, status, textType] of [...calls]) {
  if (method === 'GET' && status !== 405) calls.push(['HEAD', path, status, textType]);
}
const seen = new Set();
const getBodies = new Map();  // path -> the body GET answered, for HEAD's Content-Length
const answers = [];  // [method, path, status, body, JSON] of each JSON answer
for (const [method, path, status, textType, body, contentType] of calls) {
  const init = { method, headers: {} };
  if (body !== undefined && method === 'POST') {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['content-type'] = contentType ?? 'application/json';
  }
  let res;
  try {
    res = await fetch(server.base + path, init);
  } catch (e) {
    check(false, `${method} ${path}: ${e.message}`);
    continue;
  }
  const text = await res.text();
  if (method === 'GET') getBodies.set(path, text);
  check(res.status === status, `${method} ${path}: status ${res.status}, expected ${status}: ${text.slice(0, 200)}`);
  const t = templateOf(path);
  check(!!t, `${path} is in the document`);
  if (!t) continue;
  const ops = methodsOf(doc.paths[t]);
  const allow = (res.headers.get('allow') ?? '').split(', ').map((x) => x.toLowerCase());
  if (method === 'HEAD' || res.status === 204) {
    check(text === '', `${method} ${path} ${res.status} has no body: ${text.slice(0, 40)}`);
  }
  if (res.status === 405) {
    // A method the path does not take: every operation of the path but HEAD
    // and OPTIONS documents the answer, and Allow names exactly the methods
    // the document gives it.
    check(!ops.includes(method.toLowerCase()), `${method} ${t} answered 405 but is documented`);
    check(sameSet(allow, ops), `${method} ${path}: Allow ${allow} is exactly ${ops}`);
    for (const m of ops.filter((x) => x !== 'head' && x !== 'options')) {
      check(!!doc.paths[t][m].responses['405'], `${m.toUpperCase()} ${t} documents status 405`);
    }
    if (method === 'HEAD') continue;
    const schema = doc.paths[t][ops[0]].responses['405']?.content?.['application/json']?.schema;
    check(!!schema && ajv.validate(schema, JSON.parse(text)), `${method} ${path} 405 against the schema`);
    continue;
  }
  const op = doc.paths[t][method.toLowerCase()];
  check(!!op, `${method} ${path} is in the document`);
  if (!op) continue;
  seen.add(`${method} ${t}`);
  const documented = op.responses[String(res.status)];
  check(!!documented, `${method} ${t} documents status ${res.status}`);
  if (!documented) continue;
  const ct = res.headers.get('content-type') ?? '';
  if (method === 'POST') {
    // The body is checked against the documented request body: taken by the
    // server, it fits; refused as an unknown key or kind, it does not.
    const rs = op.requestBody.content['application/json'].schema;
    const fits = typeof body === 'object' && ajv.validate(rs, JSON.parse(init.body));
    if (res.status === 200) {
      check(fits, `${method} ${path}: the body taken fits the request schema: ${ajv.errorsText()}`);
    } else if (res.status === 422 && /unknown key|must be public_rsu/.test(text)) {
      check(!fits, `${method} ${path}: the body refused (${text.slice(0, 80)}) fails the request schema`);
    }
  }
  if (res.status === 204) {
    // OPTIONS: Allow names the documented methods, and nothing describes a body.
    check(sameSet(allow, ops), `${method} ${path}: Allow ${allow} is exactly ${ops}`);
    check(!res.headers.has('content-type') && !res.headers.has('content-length'),
          `${method} ${path}: 204 without Content-Type or Content-Length`);
    check(!documented.content, `${method} ${t} 204 documents no body`);
    continue;
  }
  if (method === 'HEAD') {
    check(ct.startsWith(textType ?? 'application/json'), `${method} ${path}: content type ${ct}`);
    const length = res.headers.get('content-length');
    check(length === String(Buffer.byteLength(getBodies.get(path) ?? '')),
          `${method} ${path}: Content-Length ${length} is that of GET's body`);
    check(!documented.content, `${method} ${t} ${res.status} documents no body`);
    continue;
  }
  if (textType) {
    check(ct.startsWith(textType), `${method} ${path}: content type ${ct}`);
    check(!!documented.content[textType], `${method} ${t} documents ${textType}`);
    continue;
  }
  check(ct === 'application/json', `${method} ${path}: content type ${ct}`);
  const schema = documented.content?.['application/json']?.schema;
  check(!!schema, `${method} ${t} ${res.status} has a JSON schema`);
  if (!schema) continue;
  let json;
  try { json = JSON.parse(text); } catch { check(false, `${method} ${path}: not JSON`); continue; }
  const validate = ajv.compile(schema);
  check(validate(json), `${method} ${path} ${res.status} against the schema: ${ajv.errorsText(validate.errors)}`);
  answers.push({ method, path, status: res.status, sent: body, json, text, note: res.headers.get('x-levers-note') });
}
// What the schemas cannot say: every JSON answer is compact, on one line
// (the OpenAPI document is served as the file it is).
for (const a of answers) {
  if (a.path === '/api/openapi.json') continue;
  check(!a.text.trimEnd().includes('\n') && !/^[{[]\s/.test(a.text),
        `${a.method} ${a.path} ${a.status} answers JSON on one line: ${a.text.slice(0, 40)}`);
}
const ok = (path, pred) => answers.filter((a) => a.path === path && a.status === 200 && pred(a));
const [alone] = ok('/api/offers/counter', (a) => !a.sent.others);
check(alone && alone.json.walk_away === null && alone.json.best_alternative === null,
      `a counter without competing offers has no walk-away: ${JSON.stringify(alone?.json.walk_away)}`);
const [withOther] = ok('/api/offers/counter', (a) => a.sent.others?.[0] === google);
check(withOther && withOther.json.walk_away?.offer === 'Google L6', 'a counter with a competing offer walks away at it');
// The decimal offers, valued to the cent: options' refresher at the 30%
// liquidity discount (2500.25 × 0.7, rounded down), the bonus percentage of a
// decimal base rounded down, a decimal grant vesting a quarter in year 1.
const [opts] = ok('/api/offers/evaluate', (a) => a.sent === decimalOptions);
const y = opts?.json.years ?? [];
check(JSON.stringify(y.map((r) => [r.base, r.bonus, r.signing, r.refresh, r.relocation])) ===
      JSON.stringify([[123456.78, 1234.56, 1000.5, 0, 5000.75], [123456.78, 1234.56, 99.5, 1750.17, 0],
                      [123456.78, 1234.56, 0, 1750.17, 0], [123456.78, 1234.56, 0, 1750.17, 0]]),
      `decimal amounts are valued as given: ${JSON.stringify(y)}`);
const [rsu] = ok('/api/offers/evaluate?explain=1', (a) => a.sent === decimalRsu);
const r1 = rsu?.json.years[0] ?? {};
check(rsu?.json.currency === 'USD' && r1.base?.value === 100000.5 && r1.bonus?.value === 12500.06 &&
      r1.signing?.value === 2000.25 && r1.refresh?.value === 0 && r1.equity_expected?.value === 10000.1 &&
      rsu.json.years[1].refresh.value === 3000.5,
      `a decimal base, bonus percentage, sign-on, refresher (from year 2) and grant: ${JSON.stringify(rsu?.json.years)}`);
const [amount] = ok('/api/offers/evaluate', (a) => a.sent.bonus_amount === 999.99);
check(amount?.json.years[0].bonus === 999.99, `a decimal bonus_amount: ${JSON.stringify(amount?.json.years[0])}`);
const [decCompare] = ok('/api/offers/compare', (a) => a.sent.rank === 'first-year');
check(JSON.stringify(decCompare?.json.ranking) === '["Options","RSU"]' &&
      decCompare.json.offers[1].first_year_total === 124500.91,
      `decimal offers compared: ${JSON.stringify(decCompare?.json.ranking)}`);
// walk_away gives the competing offer's figures, with formulas under ?explain=1.
const [decCounter] = ok('/api/offers/counter?explain=1', () => true);
const walk = decCounter?.json.walk_away;
check(walk?.offer === 'Options' && typeof walk.first_year?.formula === 'string' &&
      typeof walk.four_year_average?.value === 'number' && walk.conversions.length > 0,
      `walk_away with ?explain=1: ${JSON.stringify(walk)}`);
check(withOther && typeof withOther.json.walk_away.first_year === 'number' &&
      withOther.json.walk_away.first_year === withOther.json.walk_away.four_year_average,
      `walk_away without ?explain: ${JSON.stringify(withOther?.json.walk_away)}`);
// A level answer: each role with its fields, each source with the role it was
// matched through, and query.ladder the query in its ladder's spelling.
const [l6] = ok('/api/levels?q=Google%20L6', () => true);
check(JSON.stringify(l6?.json.query) === '{"label":"Google L6","company":"Google","title":null,' +
      '"level_low":"L6","level_high":"L6","text":"Google L6","ladder":null}',
      `levels query: ${JSON.stringify(l6?.json.query)}`);
check(JSON.stringify(l6?.json.matched.map((m) => [m.label, m.level_low, m.level_high, m.title])) ===
      '[["Google L5-L6 EM","L5","L6","EM"],["Google L6","L6","L6",null]]' &&
      l6.json.matched.every((m) => m.sources.every((x) => x.matched.label === m.label)),
      `levels matched: ${JSON.stringify(l6?.json.matched).slice(0, 300)}`);
const [t4] = ok('/api/levels?q=Google%20T4&indirect=1&limit=1', () => true);
check(JSON.stringify(t4?.json.query.ladder) === '{"label":"Google L4","company":"Google","title":null,' +
      '"level_low":"L4","level_high":"L4","text":"Google L4"}',
      `levels query.ladder: ${JSON.stringify(t4?.json.query)}`);
check(t4 && t4.json.equivalents.some((m) => m.indirect) &&
      t4.json.equivalents.every((m) => m.sources.length <= 1 && m.sources_total >= m.sources.length),
      'levels indirect=1&limit=1: indirect roles, one source each of sources_total');
// A band names its guide by the id the guide route takes.
const [evaluated] = ok('/api/offers/evaluate', (a) => a.sent.company === offer.company && !a.path.includes('explain'));
check(evaluated && evaluated.json.band.guide === hfId && evaluated.note === null,
      `evaluate names the guide ${hfId}: ${JSON.stringify(evaluated?.json.band)}`);
check(withOther && withOther.json.offer.band.guide === hfId, 'counter names the guide by id');
check((await fetch(`${server.base}/api/guides/${evaluated?.json.band.guide}`)).status === 200,
      'band.guide is a guide id the API serves');
const [unmatched] = ok('/api/offers/evaluate', (a) => a.sent.company === 'Nosuch Corp');
check(unmatched && unmatched.json.band.guide === null && unmatched.json.band.positions.length === 0 &&
      /^no guide for company 'Nosuch Corp'; closest: /.test(unmatched.json.band.note) &&
      unmatched.note === 'no guide for this company and role',
      `evaluate without a guide says why in band.note: ${JSON.stringify(unmatched?.json.band)}`);
for (const [t, item] of Object.entries(doc.paths)) {
  for (const m of methodsOf(item)) check(seen.has(`${m.toUpperCase()} ${t}`), `${m.toUpperCase()} ${t} was called`);
}
// The schemas are strict enough to catch a wrong answer.
const guideSummary = doc.components.schemas.GuideSummary;
check(!ajv.validate(guideSummary, { ...list.items[0], errors: 'none' }), 'a summary with a string count fails its schema');
check(!ajv.validate(doc.components.schemas.Error, { error: { code: 'oops', message: 'x' } }), 'an unknown error code fails the Error schema');
// Each documented field of these answers is required: an answer without it fails.
const levelsSchema = doc.paths['/api/levels'].get.responses['200'].content['application/json'].schema;
const counterSchema = doc.paths['/api/offers/counter'].post.responses['200'].content['application/json'].schema;
const drop = (o, f) => { const c = structuredClone(o); f(c); return c; };
for (const [what, broke] of [
  ['query.ladder', (j) => { delete j.query.ladder; }],
  ['query.text', (j) => { delete j.query.text; }],
  ['matched[0].label', (j) => { delete j.matched[0].label; }],
  ['matched[0].level_high', (j) => { delete j.matched[0].level_high; }],
  ['equivalents[0].title', (j) => { delete j.equivalents[0].title; }],
  ['matched[0].sources[0].matched', (j) => { delete j.matched[0].sources[0].matched; }],
  ['matched[0].sources[0].matched.company', (j) => { delete j.matched[0].sources[0].matched.company; }],
  ['an unknown key', (j) => { j.matched[0].rank = 1; }],
]) {
  check(l6 && ajv.validate(levelsSchema, l6.json) && !ajv.validate(levelsSchema, drop(l6.json, broke)),
        `a level answer without ${what} fails its schema`);
}
for (const key of ['offer', 'first_year', 'four_year_average', 'conversions']) {
  check(withOther && !ajv.validate(counterSchema, drop(withOther.json, (j) => { delete j.walk_away[key]; })),
        `a counter plan whose walk_away has no ${key} fails its schema`);
}

// Request line and headers over --max-header-bytes (16 KiB): 413 on every
// operation, documented there with its JSON error.
const pad = { 'x-pad': 'a'.repeat(20_000) };
for (const [t, item] of Object.entries(doc.paths)) {
  const path = t.replace('{id}', encodeURIComponent(id));
  for (const m of methodsOf(item)) {
    const r = await rawRequest(server.base, m.toUpperCase(), path, pad);
    const documented = item[m].responses['413'];
    check(r.status === 413 && !!documented, `${m.toUpperCase()} ${path} with 20 KB of headers: ` +
          `${r.status} ${r.text.slice(0, 80)}, documented: ${!!documented}`);
    if (m === 'head' || !documented) continue;
    check(ajv.validate(documented.content['application/json'].schema, JSON.parse(r.text || '{}')),
          `${m.toUpperCase()} ${path} 413 against the schema: ${r.text.slice(0, 80)}`);
  }
}

const stopped = await server.stop();
check(stopped.code === 0, `levers serve exits 0 on SIGTERM (got ${JSON.stringify(stopped)})`);

// 3. Ids are file names: every id the list gives is one GuideId describes and
// one the guide routes serve, percent-encoded whole. "a/findings" and
// "sub/findings" end as the findings route does.
const odd = mkdtempSync(join(tmpdir(), 'levers-ids-'));
const names = ['a b', 'café', '日本', 'q?x', '50%', 'a', 'a/findings', 'sub/findings', 'findings'];
const text = readFileSync(join(sourceDir, 'data/guides', `${id}.md`));
for (const n of names) {
  mkdirSync(dirname(join(odd, n)), { recursive: true });
  writeFileSync(join(odd, `${n}.md`), text);
}
const oddServer = await startServer(levers, sourceDir, [], odd);
const oddList = await (await fetch(`${oddServer.base}/api/guides?limit=200`)).json();
check(JSON.stringify(oddList.items.map((g) => g.id)) === JSON.stringify([...names].sort()),
      `every file is listed by its id: ${oddList.items.map((g) => g.id)}`);
const guideId = doc.components.parameters.GuideId.schema;
const findingsSchema = doc.paths['/api/guides/{id}/findings'].get.responses['200'].content['application/json'].schema;
for (const g of oddList.items) {
  check(ajv.validate(guideId, g.id), `GuideId describes the served id '${g.id}': ${ajv.errorsText()}`);
  const url = `${oddServer.base}/api/guides/${encodeURIComponent(g.id)}`;
  const one = await fetch(url);
  const body = one.status === 200 ? await one.json() : {};
  check(one.status === 200 && body.path === g.path, `GET ${url}: ${one.status} ${body.path}`);
  const f = await fetch(`${url}/findings`);
  const fb = f.status === 200 ? await f.json() : {};
  check(f.status === 200 && fb.guide_id === g.id && ajv.validate(findingsSchema, fb),
        `GET ${url}/findings: ${f.status} ${fb.guide_id}`);
}
// Written with its '/' as sent, an id ending in "/findings" is the findings
// of the guide before it when there is one, else the guide itself.
const a = await (await fetch(`${oddServer.base}/api/guides/a/findings`)).json();
check(a.guide_id === 'a', `/api/guides/a/findings is a's findings: ${JSON.stringify(a).slice(0, 80)}`);
const sub = await (await fetch(`${oddServer.base}/api/guides/sub/findings`)).json();
check(sub.path === 'sub/findings.md', `/api/guides/sub/findings is that guide: ${sub.path}`);
for (const bad of ['', '.', '..', 'a//b', 'a/../b', '/a', 'a/', 'new\nline']) {
  check(!ajv.validate(guideId, bad), `GuideId refuses '${bad}'`);
}
await oddServer.stop();
rmSync(odd, { recursive: true, force: true });

// 4. Two guides that disagree on a level, served with --max-connections 1.
const two = mkdtempSync(join(tmpdir(), 'levers-levels-'));
const hf = readFileSync(join(sourceDir, 'data/guides/hugging-face-enterprise--software-engineer.md'), 'utf8');
check(hf.includes('= Meta E4 = Google L4 ='), 'the Hugging Face guide maps Meta E4 to Google L4');
writeFileSync(join(two, 'a.md'), hf);
writeFileSync(join(two, 'b.md'), hf.replace('= Meta E4 = Google L4 =', '= Meta E4 = Google L5 ='));
const oneServer = await startServer(levers, sourceDir,
                                    ['--max-connections', '1', '--request-timeout', '100'], two);
const disagree = JSON.parse((await rawRequest(oneServer.base, 'GET', '/api/levels?q=Meta%20E4')).text || '{}');
check(ajv.validate(levelsSchema, disagree), `a level answer with a disagreement against the schema: ${ajv.errorsText()}`);
const d0 = disagree.disagreements?.[0];
check(disagree.disagreements?.length === 1 && d0.about === 'Google L level for Meta E4' &&
      d0.claims_total === 2 && JSON.stringify(d0.claims.map((c) => [c.source.guide_id, c.equivalent.label])) ===
      '[["a","Google L4"],["b","Google L5"]]', `the disagreement: ${JSON.stringify(d0).slice(0, 300)}`);
for (const [what, broke] of [['about', (j) => { delete j.disagreements[0].about; }],
                             ['claims[0].subject', (j) => { delete j.disagreements[0].claims[0].subject; }],
                             ['claims[0].subject.text', (j) => { delete j.disagreements[0].claims[0].subject.text; }]]) {
  check(!ajv.validate(levelsSchema, drop(disagree, broke)), `a disagreement without ${what} fails its schema`);
}
// With one connection held open in the middle of a request, every other is
// answered 503 before routing, whatever the route and method: each operation
// documents it. The held connection is one the server answered (kept alive),
// so it is counted (it is tried again while the previous one may still
// count), then given the start of a second request, so it is not idle (an
// idle one would be closed to make room).
let held = null;
for (let i = 0; i < 50 && !held; i++) {
  const sock = connect(new URL(oneServer.base).port, '127.0.0.1');
  const head = await new Promise((resolve) => {
    let got = '';
    sock.setEncoding('utf8');
    sock.on('data', (c) => { got += c; if (got.includes('\r\n\r\n')) resolve(got); });
    sock.on('close', () => resolve(got));
    sock.on('error', () => {});
    sock.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  });
  if (head.startsWith('HTTP/1.1 200 ')) {
    held = sock;
    sock.write('GET /api/health HTTP/1.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
  } else { sock.destroy(); await new Promise((resolve) => setTimeout(resolve, 100)); }
}
check(!!held, 'a connection is held open on the server of --max-connections 1');
for (const [t, item] of Object.entries(doc.paths)) {
  const path = t.replace('{id}', 'a');
  for (const m of methodsOf(item)) {
    const r = await rawRequest(oneServer.base, m.toUpperCase(), path);
    const documented = item[m].responses['503'];
    check(r.status === 503 && !!documented,
          `${m.toUpperCase()} ${path} over --max-connections: ${r.status} ${r.text.slice(0, 80)}, documented: ${!!documented}`);
    if (m === 'head' || !documented) continue;
    check(ajv.validate(documented.content['application/json'].schema, JSON.parse(r.text || '{}')),
          `${m.toUpperCase()} ${path} 503 against the schema: ${r.text.slice(0, 80)}`);
  }
}
held?.destroy();
await oneServer.stop();
rmSync(two, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
