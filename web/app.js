// levers web app: small enhancements over pages that work without script.
// Served by `levers serve` as /assets/app.js and written by `levers build` as
// assets/app.js. No inline script anywhere, so pages can forbid it (CSP).
'use strict';

// Home: filter the table of guides as the search box is typed into. The page
// lists every guide (levers serve hides those its ?q= does not match; over a
// corpus too large for one page it lists one page of the matches, marked
// data-paged, and the search is left to the server), and the
// search means what the API's q means: one plain substring of a guide's
// company or role (slug or name) or a region, ASCII case-insensitive, over the
// same text the server searched (each row's data-search, already lower case).
function lowerAscii(text) {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

function setUpGuideSearch() {
  const input = document.getElementById('q');
  const table = document.getElementById('guides');
  if (!input || !table || table.dataset.paged !== undefined) return;
  const status = document.getElementById('search-status');
  const rows = Array.from(table.tBodies[0].rows);
  const apply = () => {
    const q = input.value;
    const needle = lowerAscii(q);
    let shown = 0;
    for (const row of rows) {
      const match = needle === '' || (row.dataset.search || '').includes(needle);
      row.hidden = !match;
      if (match) shown++;
    }
    if (status) status.textContent = shown + ' of ' + rows.length + ' guides';
    if (table.caption) {
      table.caption.textContent = q === '' ? 'Every guide, by company'
                                           : 'Guides matching \u201c' + q + '\u201d, by company';
    }
  };
  const q = new URLSearchParams(location.search).get('q');
  if (q !== null && input.value === '') input.value = q;
  input.addEventListener('input', apply);
  apply();
}

// Copy buttons: <button data-copy="ID"> copies the text of element ID.
function setUpCopyButtons() {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const source = document.getElementById(button.dataset.copy);
      const status = document.getElementById(button.dataset.copy + '-status');
      // A link is copied as its absolute address, which works when pasted anywhere.
      const text = !source ? '' : source instanceof HTMLAnchorElement ? source.href : source.textContent;
      let ok = false;
      try {
        await navigator.clipboard.writeText(text);
        ok = true;
      } catch (e) {
        // No clipboard permission (an insecure origin): select the text instead.
        const range = document.createRange();
        range.selectNodeContents(source);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }
      if (status) status.textContent = ok ? 'Copied.' : 'Selected: press Ctrl+C to copy.';
    });
  }
}

// base64url (RFC 4648 section 5) of UTF-8 text, without padding. Throws on
// anything else.
function decodeBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new Error('the part after #offers= is not base64url');
  }
  let s = text.replace(/-/g, '+').replace(/_/g, '/');
  while (s.length % 4) s += '=';
  const binary = atob(s);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch (e) {
    throw new Error('the offers are not UTF-8 text');
  }
}

// The compare form's fields for the offers of a shared link: "o2.base" and,
// for an offer written as in docs/offer-format.md, "o1.equity.kind" from
// equity: {kind: ...}. Throws, naming the offer and key, on what the form
// cannot carry.
function sharedFields(shared) {
  const max = 6;  // levers::web::kMaxCompareOffers
  if (!shared || typeof shared !== 'object' || !Array.isArray(shared.offers)) {
    throw new Error('it holds no list of offers');
  }
  if (shared.offers.length > max) {
    throw new Error('it holds ' + shared.offers.length + ' offers, and a comparison takes at most ' + max);
  }
  const fields = [];
  const scalar = (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  for (const key of ['currency', 'rank']) {
    if (shared[key] === undefined) continue;
    if (!scalar(shared[key])) throw new Error(key + ' is not text');
    fields.push([key, String(shared[key])]);
  }
  shared.offers.forEach((offer, i) => {
    const who = 'offer ' + (i + 1);
    if (!offer || typeof offer !== 'object' || Array.isArray(offer)) throw new Error(who + ' is not a set of fields');
    for (const [key, value] of Object.entries(offer)) {
      if (value === null) continue;
      if (scalar(value)) {
        fields.push(['o' + (i + 1) + '.' + key, String(value)]);
      } else if (typeof value === 'object' && !Array.isArray(value)) {
        for (const [sub, v] of Object.entries(value)) {
          if (v === null) continue;
          if (!scalar(v)) throw new Error(who + ': ' + key + '.' + sub + ' is not a text or a number');
          fields.push(['o' + (i + 1) + '.' + key + '.' + sub, String(v)]);
        }
      } else {
        throw new Error(who + ': ' + key + ' is not a text or a number');
      }
    }
  });
  return fields;
}

// Compare: a shared link /compare#offers=<base64url JSON> carries the offers in
// the fragment, which browsers never send to a server. Decode it and post the
// offers as the compare form would; the server renders the comparison (and
// names what it cannot use). A link pasted into an open page is read too.
function openSharedComparison() {
  const form = document.getElementById('compare-form');
  if (!form || !location.hash.startsWith('#offers=')) return;
  const error = document.getElementById('share-error');
  let fields;
  try {
    fields = sharedFields(JSON.parse(decodeBase64Url(location.hash.slice('#offers='.length))));
  } catch (e) {
    const reason = e instanceof SyntaxError ? 'the offers are not JSON' : e.message;
    if (error) {
      error.hidden = false;
      error.textContent = 'This comparison link is damaged: ' + reason + '.';
      error.focus();
    }
    return;
  }
  if (error) error.hidden = true;
  const post = document.createElement('form');
  post.method = 'post';
  // form.action would be the form's buttons named "action", not its address.
  post.action = form.getAttribute('action');
  post.hidden = true;
  const add = (name, value) => {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    post.appendChild(input);
  };
  for (const [name, value] of fields) add(name, value);
  add('action', 'compare');
  document.body.appendChild(post);
  post.submit();
}

function setUpSharedComparison() {
  if (!document.getElementById('compare-form')) return;
  const share = document.getElementById('share-url');
  if (share && share.dataset.url) {
    history.replaceState(null, '', share.dataset.url);
    share.textContent = share.href;  // the absolute address, as it is copied
  } else {
    openSharedComparison();
  }
  window.addEventListener('hashchange', openSharedComparison);
}

// Offer and compare forms: the company and role boxes come with at most 200
// suggestions (those the most guides name). As a name is typed, the guides
// whose company or role holds it are asked of the API (GET /api/guides?q=, one
// page of 50) and their names added to the suggestions, so every guide can be
// found however large the corpus. Without script the boxes take any name all
// the same.
function setUpSuggestions() {
  const fields = {'dl-companies': 'company_display', 'dl-roles': 'role_display'};
  for (const [id, field] of Object.entries(fields)) {
    const list = document.getElementById(id);
    if (!list) continue;
    const known = new Set(Array.from(list.options, (o) => o.value));
    let timer = null;
    const lookUp = async (typed) => {
      try {
        const res = await fetch('/api/guides?limit=50&q=' + encodeURIComponent(typed));
        if (!res.ok) return;
        const page = await res.json();
        const needle = lowerAscii(typed);
        for (const item of page.items || []) {
          const name = item[field];
          if (typeof name !== 'string' || name === '' || known.has(name)) continue;
          if (!lowerAscii(name).includes(needle)) continue;
          known.add(name);
          const option = document.createElement('option');
          option.value = name;
          list.appendChild(option);
        }
        list.dataset.looked = typed;
      } catch (e) {
        // The page's own suggestions stay.
      }
    };
    for (const input of document.querySelectorAll(`input[list="${id}"]`)) {
      input.addEventListener('input', () => {
        clearTimeout(timer);
        const typed = input.value.trim();
        if (typed.length < 2) return;
        timer = setTimeout(() => lookUp(typed), 250);
      });
    }
  }
}

// Offer and compare pages answered 422: the error summary (role=alert) takes
// the focus, so the keyboard and a screen reader start at what to fix; its
// links lead on to each field. Without script it is first after the title.
function focusErrorSummary() {
  const summary = document.getElementById('errors');
  if (summary && !document.querySelector('[autofocus]')) summary.focus();
}

document.addEventListener('DOMContentLoaded', () => {
  focusErrorSummary();
  setUpGuideSearch();
  setUpCopyButtons();
  setUpSharedComparison();
  setUpSuggestions();
});
