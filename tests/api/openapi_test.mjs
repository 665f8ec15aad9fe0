// docs/openapi.json checked by a real OpenAPI validator (swagger-parser), then
// every operation of a real `levers serve` called and each JSON answer checked
// against the schema the document gives for that operation and status (Ajv).
//
// Usage: node openapi_test.mjs LEVERS_BINARY SOURCE_DIR
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
broken.paths['/api/guides'].get.parameters[0].in = 'body';
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
  ['GET', '/api/openapi.json', 200],
];
// Every operation answers 400 to a query parameter it does not take, and its
// path answers 405 to a method it does not take: each must be documented.
const bodies = {
  '/api/offers/evaluate': offer,
  '/api/offers/compare': { offers: [offer, google], currency: 'USD' },
  '/api/offers/counter': { offer, others: [google] },
};
for (const [t, ops] of Object.entries(doc.paths)) {
  const path = t.replace('{id}', encodeURIComponent(id));
  for (const m of Object.keys(ops)) {
    calls.push([m.toUpperCase(), `${path}?nosuch=1`, 400, null, bodies[t]]);
  }
  calls.push([ops.get ? 'POST' : 'GET', path, 405, null, ops.get ? offer : undefined]);
  calls.push(['DELETE', path, 405]);
}
const seen = new Set();
const answers = [];  // [method, path, status, body, JSON] of each JSON answer
for (const [method, path, status, textType, body, contentType] of calls) {
  const init = { method, headers: {} };
  if (body !== undefined) {
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
  check(res.status === status, `${method} ${path}: status ${res.status}, expected ${status}: ${text.slice(0, 200)}`);
  const t = templateOf(path);
  check(!!t, `${path} is in the document`);
  if (!t) continue;
  if (res.status === 405) {
    // A method the path does not take: every operation of the path documents
    // the answer, and Allow names exactly the methods the document gives it.
    const ops = Object.keys(doc.paths[t]);
    const allow = (res.headers.get('allow') ?? '').split(', ').map((x) => x.toLowerCase());
    check(!ops.includes(method.toLowerCase()), `${method} ${t} answered 405 but is documented`);
    check(ops.every((m) => allow.includes(m)), `${method} ${path}: Allow ${allow} names ${ops}`);
    for (const m of ops) {
      check(!!doc.paths[t][m].responses['405'], `${m.toUpperCase()} ${t} documents status 405`);
    }
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
const [withOther] = ok('/api/offers/counter', (a) => a.sent.others);
check(withOther && withOther.json.walk_away?.offer === 'Google L6', 'a counter with a competing offer walks away at it');
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
for (const [t, ops] of Object.entries(doc.paths)) {
  for (const m of Object.keys(ops)) check(seen.has(`${m.toUpperCase()} ${t}`), `${m.toUpperCase()} ${t} was called`);
}
// The schemas are strict enough to catch a wrong answer.
const guideSummary = doc.components.schemas.GuideSummary;
check(!ajv.validate(guideSummary, { ...list.items[0], errors: 'none' }), 'a summary with a string count fails its schema');
check(!ajv.validate(doc.components.schemas.Error, { error: { code: 'oops', message: 'x' } }), 'an unknown error code fails the Error schema');

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
check(sub.path === join(odd, 'sub/findings.md'), `/api/guides/sub/findings is that guide: ${sub.path}`);
for (const bad of ['', '.', '..', 'a//b', 'a/../b', '/a', 'a/', 'new\nline']) {
  check(!ajv.validate(guideId, bad), `GuideId refuses '${bad}'`);
}
await oddServer.stop();
rmSync(odd, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
