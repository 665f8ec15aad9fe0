// levers web app: small enhancements over pages that work without script.
// Served by `levers serve` as /assets/app.js and written by `levers build` as
// assets/app.js. No inline script anywhere, so pages can forbid it (CSP).
'use strict';

// Home: filter the table of guides as the search box is typed into. The page
// lists every guide (levers serve hides those its ?q= does not match), and the
// search means what the API's q means: one plain substring of a guide's
// company or role (slug or name) or a region, ASCII case-insensitive, over the
// same text the server searched (each row's data-search, already lower case).
function lowerAscii(text) {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

function setUpGuideSearch() {
  const input = document.getElementById('q');
  const table = document.getElementById('guides');
  if (!input || !table) return;
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
      const text = source ? source.textContent : '';
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

// base64url (RFC 4648 section 5) of UTF-8 text, without padding.
function decodeBase64Url(text) {
  let s = text.replace(/-/g, '+').replace(/_/g, '/');
  while (s.length % 4) s += '=';
  const binary = atob(s);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
}

// Compare: a shared link /compare#offers=<base64url JSON> carries the offers in
// the fragment, which browsers never send to a server. Decode it and post the
// offers as the compare form would; the server renders the comparison.
function setUpSharedComparison() {
  const form = document.getElementById('compare-form');
  if (!form) return;
  const share = document.getElementById('share-url');
  if (share && share.dataset.url) {
    history.replaceState(null, '', share.dataset.url);
    return;
  }
  const m = /^#offers=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!m) return;
  const error = document.getElementById('share-error');
  let shared;
  try {
    shared = JSON.parse(decodeBase64Url(m[1]));
    if (!shared || !Array.isArray(shared.offers)) throw new Error('no offers');
  } catch (e) {
    if (error) {
      error.hidden = false;
      error.textContent = 'This comparison link is damaged: ' + e.message + '.';
    }
    return;
  }
  const post = document.createElement('form');
  post.method = 'post';
  // form.action would be the form's buttons named "action", not its address.
  post.action = form.getAttribute('action');
  post.hidden = true;
  const add = (name, value) => {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = String(value);
    post.appendChild(input);
  };
  for (const key of ['currency', 'rank']) {
    if (typeof shared[key] === 'string') add(key, shared[key]);
  }
  shared.offers.forEach((offer, i) => {
    if (!offer || typeof offer !== 'object') return;
    for (const [key, value] of Object.entries(offer)) {
      if (typeof value === 'string' || typeof value === 'number') add('o' + (i + 1) + '.' + key, value);
    }
  });
  add('action', 'compare');
  document.body.appendChild(post);
  post.submit();
}

document.addEventListener('DOMContentLoaded', () => {
  setUpGuideSearch();
  setUpCopyButtons();
  setUpSharedComparison();
});
