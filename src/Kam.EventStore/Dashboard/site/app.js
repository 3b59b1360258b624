// The Kam.EventStore dashboard: read-only pages over the public API, called with the signed-in person's bearer token.
// The token lives in this tab's session storage only: never in a URL, a cookie or a log line.
import { html, render, useState, useEffect } from './vendor/htm-preact-standalone.module.js';

const BASE = '/dashboard';
const TOKEN_KEY = 'kam.session';
const OIDC_KEY = 'kam.oidc';

// ---------------------------------------------------------------- session

function decodeJwt(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return {};
  }
}

const session = {
  get() {
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(TOKEN_KEY) || 'null'); } catch { saved = null; }
    if (!saved || !saved.token) return null;
    if (saved.expiresAt && Date.parse(saved.expiresAt) <= Date.now()) { sessionStorage.removeItem(TOKEN_KEY); return null; }
    return saved;
  },
  set(token, expiresAt) {
    const claims = decodeJwt(token);
    const expiry = expiresAt || (claims.exp ? new Date(claims.exp * 1000).toISOString() : null);
    const roles = [].concat(claims.role || claims.roles || []);
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ token, expiresAt: expiry, user: claims.sub || claims.preferred_username || '', roles }));
  },
  clear() { sessionStorage.removeItem(TOKEN_KEY); },
};

// ---------------------------------------------------------------- routing

function navigate(url, replace = false) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  window.dispatchEvent(new Event('kam:navigate'));
}

function useLocation() {
  const [where, setWhere] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setWhere(location.pathname + location.search);
    addEventListener('popstate', update);
    addEventListener('kam:navigate', update);
    return () => { removeEventListener('popstate', update); removeEventListener('kam:navigate', update); };
  }, []);
  return where;
}

function Link({ href, children, ...rest }) {
  const follow = e => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(href);
  };
  return html`<a href=${href} onClick=${follow} ...${rest}>${children}</a>`;
}

/** A path inside the dashboard, or the portfolio: sign-in never sends anyone elsewhere. */
function safeReturn(path) {
  return typeof path === 'string' && path.startsWith(BASE) && !path.startsWith('//') ? path : BASE + '/';
}

function sendToSignIn() {
  navigate(`${BASE}/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}`, true);
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, v);
  }
  const text = q.toString();
  return text ? '?' + text : '';
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(path, params) {
  const current = session.get();
  if (!current) { sendToSignIn(); throw new ApiError(401, { title: 'Not signed in.' }); }
  const response = await fetch(path + query(params), {
    headers: { Authorization: `Bearer ${current.token}`, Accept: 'application/json' },
  });
  if (response.status === 401) { session.clear(); sendToSignIn(); throw new ApiError(401, { title: 'Signed out.' }); }
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response.json();
}

/** Loads with `load` whenever `key` changes; stale answers (of an earlier key) are dropped. */
function useLoad(load, key) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    setState(s => ({ ...s, loading: true, error: null }));
    load().then(data => live && setState({ data, loading: false }), error => live && setState({ error, loading: false }));
    return () => { live = false; };
  }, [key]);
  return state;
}

// ---------------------------------------------------------------- formatting

const fmtDate = d => (d ? String(d).slice(0, 10) : '—');
const fmtInstant = t => (t ? new Date(t).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC').replace(/:\d\dZ$/, ' UTC') : '—');
const fmtMoney = m => (m ? `${Number(m.amount).toLocaleString('en-GB')} ${m.currency}` : '');
const words = s => (s ? String(s).replace(/([a-z])([A-Z])/g, '$1 $2') : '');

function Problem({ error }) {
  if (!error) return null;
  const rule = error.problem && error.problem.rule ? ` (${error.problem.rule})` : '';
  return html`<p class="problem" role="alert">${error.message}${rule}</p>`;
}

function Badge({ tone, children }) {
  return html`<span class=${'badge ' + (tone || '')}>${children}</span>`;
}

function statusTone(status) {
  return { Active: 'good', AtRisk: 'bad', Dormant: 'muted', InForce: 'good', PendingApproval: 'warn', Fulfilled: 'good', Broken: 'bad', Withdrawn: 'muted', Rejected: 'muted' }[status] || '';
}

/** Coverage signals of a relationship map, in words. */
function gaps(coverage) {
  if (!coverage) return [];
  const list = [];
  if (coverage.singleThreaded) list.push(`single-threaded${coverage.onlyLinkHolder ? ' (' + coverage.onlyLinkHolder + ')' : ''}`);
  const dms = (coverage.decisionMakersWithoutStrongLink || []).length;
  if (dms) list.push(`${dms} decision maker${dms > 1 ? 's' : ''} without a strong link`);
  for (const level of coverage.levelsWithoutLink || []) list.push(`no link at ${level} level`);
  if (coverage.staleLinks) list.push(`${coverage.staleLinks} stale link${coverage.staleLinks > 1 ? 's' : ''}`);
  return list;
}

// ---------------------------------------------------------------- sign-in

function SignIn({ config }) {
  const params = new URLSearchParams(location.search);
  const returnTo = safeReturn(params.get('returnTo'));
  const [pasted, setPasted] = useState('');
  const [user, setUser] = useState('');
  const [roles, setRoles] = useState(['reader']);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const accept = async (token, expiresAt) => {
    // Check the token with the API before keeping it, so a wrong one is refused here and not on the next page.
    const answer = await fetch('/api/accounts?limit=1', { headers: { Authorization: `Bearer ${token}` } });
    if (answer.status === 401) throw new ApiError(401, { title: 'The service refused this token (expired, or signed for another service).' });
    if (!answer.ok && answer.status !== 403) throw new ApiError(answer.status, await answer.json().catch(() => null));
    session.set(token, expiresAt);
    navigate(returnTo, true);
  };

  const run = action => async e => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try { await action(); } catch (failure) { setError(failure); } finally { setBusy(false); }
  };

  const paste = run(() => accept(pasted.trim().replace(/^Bearer\s+/i, '')));
  const development = run(async () => {
    const answer = await fetch(`${BASE}/development-token`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: user.trim(), roles }),
    });
    const body = await answer.json().catch(() => null);
    if (!answer.ok) throw new ApiError(answer.status, body);
    await accept(body.token, body.expiresAt);
  });
  const toggle = role => setRoles(roles.includes(role) ? roles.filter(r => r !== role) : [...roles, role]);

  return html`
    <main class="sign-in">
      <h1>Sign in</h1>
      <p>The dashboard shows the key accounts' history as the service records it. It reads the API with your token; the token stays in this browser tab.</p>
      <${Problem} error=${error} />
      ${config.signIn === 'oidc' && html`
        <section class="card">
          <h2>Your organisation's account</h2>
          <button class="primary" disabled=${busy} onClick=${run(() => beginOidc(config, returnTo))}>Sign in with ${new URL(config.authority).host}</button>
        </section>`}
      ${config.signIn === 'development' && html`
        <form class="card" method="post" onSubmit=${development} aria-labelledby="dev-title">
          <h2 id="dev-title">Development sign-in</h2>
          <p class="hint">Only in the Development environment: issues a token signed with the development key, as <code>scripts/run.sh token</code> does.</p>
          <label>Name <input name="user" required value=${user} onInput=${e => setUser(e.target.value)} placeholder="e.g. alice" autocomplete="username" /></label>
          <fieldset><legend>Roles</legend>
            ${config.roles.map(role => html`<label class="inline"><input type="checkbox" checked=${roles.includes(role)} onChange=${() => toggle(role)} /> ${role}</label>`)}
          </fieldset>
          <button class="primary" type="submit" disabled=${busy}>Sign in</button>
        </form>`}
      ${config.signIn !== 'oidc' && html`
        <form class="card" method="post" onSubmit=${paste} aria-labelledby="paste-title">
          <h2 id="paste-title">Paste a token</h2>
          <p class="hint">From <code>scripts/run.sh token --user alice --role reader</code>.</p>
          <label>Bearer token <textarea name="token" rows="4" required value=${pasted} onInput=${e => setPasted(e.target.value)} spellcheck="false" autocomplete="off"></textarea></label>
          <button type="submit" disabled=${busy}>Use this token</button>
        </form>`}
    </main>`;
}

// OpenID Connect: the authorization code flow with PKCE (S256), as a public client. Only the code and state pass through
// the address bar; the code is exchanged by a POST and the address is cleaned at once.
function b64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discovery(authority) {
  const answer = await fetch(authority.replace(/\/+$/, '') + '/.well-known/openid-configuration');
  if (!answer.ok) throw new ApiError(answer.status, { title: 'The sign-in provider did not answer.' });
  return answer.json();
}

async function beginOidc(config, returnTo) {
  const meta = await discovery(config.authority);
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(OIDC_KEY, JSON.stringify({ verifier, state, returnTo, tokenEndpoint: meta.token_endpoint }));
  location.assign(meta.authorization_endpoint + query({
    response_type: 'code', client_id: config.clientId, redirect_uri: location.origin + BASE + '/callback', scope: config.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  }));
}

function Callback({ config }) {
  const [error, setError] = useState(null);
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    history.replaceState(null, '', BASE + '/callback');
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(OIDC_KEY) || 'null'); } catch { saved = null; }
    sessionStorage.removeItem(OIDC_KEY);
    (async () => {
      if (params.get('error')) throw new ApiError(400, { title: params.get('error_description') || params.get('error') });
      if (!saved || !params.get('code') || params.get('state') !== saved.state) throw new ApiError(400, { title: 'The sign-in answer does not match the request; sign in again.' });
      const answer = await fetch(saved.tokenEndpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code', code: params.get('code'), redirect_uri: location.origin + BASE + '/callback',
          client_id: config.clientId, code_verifier: saved.verifier,
        }),
      });
      const tokens = await answer.json().catch(() => ({}));
      if (!answer.ok || !tokens.access_token) throw new ApiError(answer.status, { title: tokens.error_description || tokens.error || 'The code exchange failed.' });
      session.set(tokens.access_token, tokens.expires_in ? new Date(Date.now() + tokens.expires_in * 1000).toISOString() : null);
      navigate(safeReturn(saved.returnTo), true);
    })().catch(setError);
  }, []);
  return html`<main class="sign-in"><h1>Signing in…</h1><${Problem} error=${error} />
    ${error && html`<p><${Link} href=${BASE + '/sign-in'}>Try again</${Link}></p>`}</main>`;
}

// ---------------------------------------------------------------- portfolio

const SORTS = {
  name: a => a.name.toLowerCase(),
  tier: a => ['Strategic', 'Key', 'Development'].indexOf(a.tier),
  status: a => ['AtRisk', 'Dormant', 'Active'].indexOf(a.status),
  kam: a => a.accountManager || '~',
  open: a => -(a.commitments ? a.commitments.open : -1),
  overdue: a => -(a.commitments ? a.commitments.overdue : -1),
  pending: a => -(a.commitments ? a.commitments.pendingApproval : -1),
  lastContact: a => (a.interactions && a.interactions.lastInteraction ? a.interactions.lastInteraction.happenedAt : '0'),
  gaps: a => -(a.gaps ? a.gaps.length : -1),
};

function Portfolio() {
  const params = new URLSearchParams(location.search);
  const filter = { q: params.get('q') || '', tier: params.get('tier') || '', status: params.get('status') || '', includeEnded: params.get('includeEnded') === 'true' };
  const cursor = params.get('cursor') || '';
  const sort = SORTS[params.get('sort')] ? params.get('sort') : 'name';
  const page = Number(params.get('page') || '1');
  const key = JSON.stringify({ filter, cursor });

  const list = useLoad(async () => {
    const found = await api('/api/accounts', { ...filter, cursor, limit: 20 });
    // The list row is the account's status; its commitment counts and coverage come from its status and map reads.
    const rows = await Promise.all(found.items.map(async account => {
      const [status, map] = await Promise.all([
        api(`/api/accounts/${account.id}`),
        api(`/api/accounts/${account.id}/relationship-map`).catch(() => null),
      ]);
      return { ...account, commitments: status.commitments, interactions: status.interactions || account.interactions, gaps: map ? gaps(map.coverage) : null };
    }));
    return { rows, next: found.next };
  }, key);

  const set = changes => {
    const next = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === '' || v === false || v === null || v === undefined) next.delete(k); else next.set(k, v);
    }
    navigate(`${BASE}/${next.toString() ? '?' + next : ''}`, !('cursor' in changes));
  };
  const refilter = changes => set({ ...changes, cursor: null, page: null });
  const rows = list.data ? [...list.data.rows].sort((a, b) => {
    const x = SORTS[sort](a); const y = SORTS[sort](b);
    return x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
  }) : [];
  const header = (label, key) => html`<th aria-sort=${sort === key ? 'ascending' : 'none'}>
      <button class="sort" onClick=${() => set({ sort: key === 'name' ? null : key })}>${label}${sort === key ? ' ▾' : ''}</button></th>`;

  return html`
    <main>
      <h1>Portfolio</h1>
      <form class="filters" role="search" onSubmit=${e => e.preventDefault()}>
        <label>Name <input type="search" name="q" value=${filter.q} onChange=${e => refilter({ q: e.target.value })} placeholder="Search accounts" /></label>
        <label>Tier <select name="tier" value=${filter.tier} onChange=${e => refilter({ tier: e.target.value })}>
          <option value="">All</option><option value="Strategic">Strategic</option><option value="Key">Key</option><option value="Development">Development</option></select></label>
        <label>Status <select name="status" value=${filter.status} onChange=${e => refilter({ status: e.target.value })}>
          <option value="">All</option><option value="Active">Active</option><option value="AtRisk">At risk</option><option value="Dormant">Dormant</option></select></label>
        <label class="inline"><input type="checkbox" name="includeEnded" checked=${filter.includeEnded} onChange=${e => refilter({ includeEnded: e.target.checked ? 'true' : null })} /> Include ended</label>
        <label>Sort <select name="sort" value=${sort} onChange=${e => set({ sort: e.target.value === 'name' ? null : e.target.value })}>
          <option value="name">Name</option><option value="tier">Tier</option><option value="status">Status (at risk first)</option>
          <option value="kam">KAM</option><option value="open">Open commitments</option><option value="overdue">Overdue</option>
          <option value="pending">Pending approval</option><option value="lastContact">Last contact (oldest first)</option><option value="gaps">Coverage gaps</option></select></label>
      </form>
      <${Problem} error=${list.error} />
      <table class="portfolio" aria-busy=${list.loading ? 'true' : 'false'}>
        <thead><tr>
          ${header('Account', 'name')}${header('Tier', 'tier')}${header('Status', 'status')}${header('KAM', 'kam')}
          ${header('Open', 'open')}${header('Overdue', 'overdue')}${header('Pending approval', 'pending')}
          ${header('Last contact', 'lastContact')}${header('Coverage gaps', 'gaps')}
        </tr></thead>
        <tbody>
          ${rows.map(a => html`<tr data-account=${a.id}>
            <td><${Link} href=${`${BASE}/accounts/${a.id}`}>${a.name}</${Link}>${a.designationEnded ? html` <${Badge} tone="muted">ended</${Badge}>` : ''}</td>
            <td>${a.tier}</td>
            <td><${Badge} tone=${statusTone(a.status)}>${words(a.status)}</${Badge}></td>
            <td>${a.accountManager || html`<span class="muted">vacant</span>`}</td>
            <td class="num">${a.commitments ? a.commitments.open : '…'}</td>
            <td class="num">${a.commitments ? (a.commitments.overdue ? html`<${Badge} tone="bad">${a.commitments.overdue}</${Badge}>` : 0) : '…'}</td>
            <td class="num">${a.commitments ? (a.commitments.pendingApproval ? html`<${Badge} tone="warn">${a.commitments.pendingApproval}</${Badge}>` : 0) : '…'}</td>
            <td>${a.interactions && a.interactions.lastInteraction ? fmtDate(a.interactions.lastInteraction.happenedAt) : html`<span class="muted">none</span>`}</td>
            <td>${a.gaps === null ? '—' : a.gaps.length === 0 ? html`<span class="muted">none</span>` : a.gaps.map(g => html`<${Badge} tone="warn">${g}</${Badge}> `)}</td>
          </tr>`)}
          ${!list.loading && rows.length === 0 && html`<tr><td colspan="9" class="muted">No accounts match.</td></tr>`}
        </tbody>
      </table>
      <p class="hint">Sorting orders the accounts on this page; pages follow the service's order (by name).</p>
      <nav class="pager" aria-label="Pages">
        ${cursor && html`<button onClick=${() => set({ cursor: null, page: null })}>First page</button>`}
        <span>Page ${page}</span>
        ${list.data && list.data.next && html`<button onClick=${() => set({ cursor: list.data.next, page: page + 1 })}>Next page</button>`}
      </nav>
    </main>`;
}

// ---------------------------------------------------------------- account

const KINDS = {
  '': 'Everything',
  'InteractionRecorded,InteractionCorrected,InteractionRetracted': 'Interactions',
  'CommitmentMade,CommitmentApproved,CommitmentRejected,CommitmentAmended,CommitmentFulfilled,CommitmentBroken,CommitmentWithdrawn,CommitmentOwnerReassigned,CommitmentOwnershipAcknowledged,CommitmentOwnershipKept,CommitmentBecameOverdue': 'Commitments',
  'AccountManagerAssigned,AccountManagerHandedOver,AccountManagerPositionVacated,KamRoleOrganised,AccountTeamMemberAdded,AccountTeamMemberRoleChanged,AccountTeamMemberRemoved': 'Our roles',
  'StakeholderAdded,StakeholderChanged,StakeholderLeftCustomer,StakeholderPersonalDataErased,RelationshipLinkEstablished,RelationshipLinkStrengthChanged,RelationshipLinkEnded,CompetitorNoted,CompetitorNoLongerPresent': 'Stakeholders and links',
  'KeyAccountDesignated,KeyAccountRenamed,AccountDetailsCorrected,KeyAccountReclassified,AccountStatusChanged,KeyAccountDesignationEnded': 'Account details',
  NoteRecorded: 'Notes',
};

/** The first instant after a business date (UTC): "by the end of D". */
function endOfDay(date) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

function AccountPage({ id }) {
  const params = new URLSearchParams(location.search);
  const asOf = params.get('asOf') || '';
  const on = params.get('on') || '';
  const when = { asOf, on };
  const key = JSON.stringify(when);
  const set = changes => {
    const next = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
    navigate(`${BASE}/accounts/${id}${next.toString() ? '?' + next : ''}`);
  };

  const status = useLoad(() => api(`/api/accounts/${id}`, { asOf, on }), id + key);
  const first = useLoad(() => api(`/api/accounts/${id}/events`, { limit: 1 }), id);
  const firstRecorded = first.data && first.data.items[0] ? first.data.items[0].recordedAt : null;
  const s = status.data;

  return html`
    <main class="account">
      <p class="crumbs"><${Link} href=${BASE + '/'}>Portfolio</${Link}> ›</p>
      <${Problem} error=${status.error} />
      <header class="account-head">
        <h1>${s ? s.name : status.error ? 'Account' : 'Loading…'}</h1>
        ${s && html`<div class="facts">
          <${Badge}>${s.tier}</${Badge}> <${Badge} tone=${statusTone(s.status)}>${words(s.status)}</${Badge}>
          ${s.designationEnded && html`<${Badge} tone="muted">designation ended ${fmtDate(s.endedOn)}</${Badge}>`}
          <span>KAM <strong data-testid="kam">${s.accountManager || 'vacant'}</strong>${s.accountManagerSince ? ` since ${fmtDate(s.accountManagerSince)}` : ''}</span>
          <span>Designated ${fmtDate(s.designatedOn)}</span><span>${s.segment}</span><span>Budget ${fmtMoney(s.revenueBudget)}</span>
          <span class="muted">version ${s.version}</span>
        </div>`}
      </header>
      <${TimeControl} asOf=${asOf} on=${on} firstRecorded=${firstRecorded} onChange=${set} />
      ${s && html`<${Summary} status=${s} />`}
      <nav class="sections" aria-label="Sections"><a href="#timeline">Timeline</a><a href="#commitments">Commitments</a><a href="#map">Relationship map</a><a href="#roles">Roles over time</a></nav>
      ${!status.error && html`
        <${Timeline} id=${id} asOf=${asOf} on=${on} />
        <${Commitments} id=${id} asOf=${asOf} on=${on} />
        <${RelationshipMap} id=${id} asOf=${asOf} on=${on} />
        <${Roles} id=${id} asOf=${asOf} />`}
    </main>`;
}

/**
 * The page's two clocks: a slider and an exact instant for "as recorded at" (asOf), and a date for "as of the business
 * date" (on). Both live in the address, so a link reproduces the view.
 */
function TimeControl({ asOf, on, firstRecorded, onChange }) {
  const now = Date.now();
  const min = firstRecorded ? Date.parse(firstRecorded) : now - 365 * 86400000;
  const current = asOf ? Math.min(Date.parse(asOf), now) : now;
  const [sliding, setSliding] = useState(null);
  const shown = sliding ?? current;
  const commit = value => {
    setSliding(null);
    onChange({ asOf: Number(value) >= now - 1000 ? null : new Date(Number(value)).toISOString() });
  };
  const exact = asOf ? new Date(asOf).toISOString().slice(0, 16) : '';

  return html`
    <section class="time card" aria-label="Time">
      <div class="time-row">
        <label for="as-of-slider">As recorded at</label>
        <input id="as-of-slider" type="range" min=${min} max=${now} step="1000" value=${shown}
          aria-valuetext=${fmtInstant(shown)}
          onInput=${e => setSliding(Number(e.target.value))} onChange=${e => commit(e.target.value)} />
        <output for="as-of-slider" data-testid="as-of-label">${asOf || sliding ? fmtInstant(shown) : 'now'}</output>
      </div>
      <div class="time-row">
        <label>Instant (UTC) <input type="datetime-local" name="asOf" value=${exact}
          onChange=${e => onChange({ asOf: e.target.value ? new Date(e.target.value + 'Z').toISOString() : null })} /></label>
        <button type="button" onClick=${() => onChange({ asOf: null })} disabled=${!asOf}>Now</button>
        <label>Business date <input type="date" name="on" value=${on} onChange=${e => onChange({ on: e.target.value || null })} /></label>
        <button type="button" onClick=${() => onChange({ on: null })} disabled=${!on}>Today</button>
      </div>
      ${(asOf || on) && html`<p class="as-of-banner" role="status">
        ${asOf && html`Showing the records as they stood at <strong>${fmtInstant(asOf)}</strong>: facts recorded later are left out, even when backdated. `}
        ${on && html`The account as the facts stood on <strong>${on}</strong>: status, roles, relationship map and commitments on that day; the timeline up to its end.`}
      </p>`}
    </section>`;
}

function Summary({ status }) {
  const c = status.commitments || {};
  const i = status.interactions || {};
  const last = i.lastInteraction;
  return html`
    <section class="summary" aria-label="Summary">
      <div class="stat"><span class="value" data-testid="open-commitments">${c.open ?? '—'}</span><span>open commitments</span></div>
      <div class="stat"><span class="value">${c.overdue ?? '—'}</span><span>overdue</span></div>
      <div class="stat"><span class="value">${c.pendingApproval ?? '—'}</span><span>pending approval</span></div>
      <div class="stat"><span class="value">${last ? fmtDate(last.happenedAt) : '—'}</span><span>last contact${last ? ': ' + (last.subject || words(last.kind)) : ''}</span></div>
      <div class="stat"><span class="value">${i.interactionsLast90Days ?? '—'}</span><span>interactions in 90 days</span></div>
      <div class="stat"><span class="value">${status.stakeholderCount}</span><span>stakeholders</span></div>
    </section>`;
}

function Timeline({ id, asOf, on }) {
  const [filter, setFilter] = useState({ kinds: '', person: '', from: '', to: '' });
  const [pages, setPages] = useState([]);
  const base = {
    kinds: filter.kinds, person: filter.person.trim(), asOf,
    from: filter.from ? filter.from + 'T00:00:00Z' : '', to: filter.to ? endOfDay(filter.to) : '', on, limit: 15,
  };
  const key = JSON.stringify([id, base]);
  const first = useLoad(() => api(`/api/accounts/${id}/timeline`, base), key);
  useEffect(() => setPages([]), [key]);
  const items = [...(first.data ? first.data.items : []), ...pages.flatMap(p => p.items)];
  const next = pages.length ? pages[pages.length - 1].next : first.data && first.data.next;
  const more = async () => setPages([...pages, await api(`/api/accounts/${id}/timeline`, { ...base, cursor: next })]);
  const change = field => e => setFilter({ ...filter, [field]: e.target.value });

  return html`
    <section id="timeline" class="card">
      <h2>Relationship timeline</h2>
      <form class="filters" onSubmit=${e => e.preventDefault()}>
        <label>Show <select name="kinds" value=${filter.kinds} onChange=${change('kinds')}>
          ${Object.entries(KINDS).map(([value, label]) => html`<option value=${value}>${label}</option>`)}</select></label>
        <label>Our person <input name="person" value=${filter.person} onChange=${change('person')} placeholder="person id" /></label>
        <label>From <input type="date" name="from" value=${filter.from} onChange=${change('from')} /></label>
        <label>To <input type="date" name="to" value=${filter.to} onChange=${change('to')} /></label>
      </form>
      <${Problem} error=${first.error} />
      <ol class="timeline" aria-busy=${first.loading ? 'true' : 'false'}>
        ${items.map(e => html`<li class=${e.retracted ? 'retracted' : ''} data-kind=${e.kind}>
          <time datetime=${e.businessTime}>${fmtDate(e.businessTime)}</time>
          <div><strong>${e.title}</strong>${e.revision > 1 ? html` <${Badge} tone="warn">reading ${e.revision}</${Badge}>` : ''}${e.retracted ? html` <${Badge} tone="muted">retracted</${Badge}>` : ''}
            <div class="meta">${words(e.kind)} · recorded ${fmtInstant(e.recordedAt)} by ${e.actor}</div></div>
        </li>`)}
        ${!first.loading && items.length === 0 && html`<li class="muted">Nothing recorded${asOf ? ' by then' : ''}.</li>`}
      </ol>
      ${next && html`<button onClick=${more}>Older entries</button>`}
    </section>`;
}

function Commitments({ id, asOf, on }) {
  const [open, setOpen] = useState(null);
  const register = useLoad(() => api(`/api/accounts/${id}/commitments`, { asOf, on, limit: 200 }), JSON.stringify([id, asOf, on]));
  const items = register.data ? register.data.items : [];
  return html`
    <section id="commitments" class="card">
      <h2>Commitment register</h2>
      <${Problem} error=${register.error} />
      <table class="commitments" aria-busy=${register.loading ? 'true' : 'false'}>
        <thead><tr><th>Promise</th><th>Kind</th><th>Status</th><th>Made</th><th>Due</th><th>Owner</th><th></th></tr></thead>
        <tbody>
          ${items.map(c => html`
            <tr data-commitment=${c.id}>
              <td>${c.description}${c.value ? html` <span class="muted">(${fmtMoney(c.value)})</span>` : ''}${c.discountPercent != null ? html` <span class="muted">(${c.discountPercent} %)</span>` : ''}</td>
              <td>${words(c.kind)}</td>
              <td><${Badge} tone=${statusTone(c.status)}>${words(c.status)}</${Badge}>${c.overdue ? html` <${Badge} tone="bad">overdue</${Badge}>` : ''}${c.pendingApprover ? html` <span class="muted">by ${c.pendingApprover}</span>` : ''}</td>
              <td>${fmtDate(c.madeOn)} <span class="muted">by ${c.madeBy}</span></td>
              <td>${fmtDate(c.dueOn)}</td>
              <td>${c.owner}${c.ownershipAcknowledged === false ? html` <${Badge} tone="warn">not acknowledged</${Badge}>` : ''}</td>
              <td><button class="link" aria-expanded=${open === c.id} onClick=${() => setOpen(open === c.id ? null : c.id)}>Lineage</button></td>
            </tr>
            ${open === c.id && html`<tr class="lineage-row"><td colspan="7"><${Lineage} id=${c.id} asOf=${asOf} on=${on} /></td></tr>`}`)}
          ${!register.loading && items.length === 0 && html`<tr><td colspan="7" class="muted">No commitments${asOf ? ' recorded by then' : ''}.</td></tr>`}
        </tbody>
      </table>
    </section>`;
}

function describe(data) {
  const keys = ['reason', 'note', 'evidence', 'description', 'owner', 'approver', 'newOwner', 'dueOn', 'fulfilledOn', 'brokenOn', 'withdrawnOn', 'discountPercent'];
  return keys.filter(k => data && data[k] != null && data[k] !== '').map(k => `${k}: ${typeof data[k] === 'object' ? JSON.stringify(data[k]) : data[k]}`).join(' · ');
}

function Lineage({ id, asOf, on }) {
  const loaded = useLoad(() => api(`/api/commitments/${id}`, { asOf, on }), JSON.stringify([id, asOf, on]));
  const events = loaded.data ? loaded.data.lineage : [];
  return html`<div class="lineage"><${Problem} error=${loaded.error} />
    <ol>${events.map(e => html`<li><strong>${words(e.type)}</strong> ${fmtInstant(e.occurredAt)}${" "}
      <span class="muted">recorded ${fmtInstant(e.recordedAt)} by ${e.recordedBy}</span><div class="meta">${describe(e.data)}</div></li>`)}</ol></div>`;
}

function RelationshipMap({ id, asOf, on }) {
  const map = useLoad(() => api(`/api/accounts/${id}/relationship-map`, { asOf, on }), JSON.stringify([id, asOf, on]));
  const m = map.data;
  return html`
    <section id="map" class="card">
      <h2>Relationship map${m ? html` <span class="muted">on ${fmtDate(m.on)}</span>` : ''}</h2>
      <${Problem} error=${map.error} />
      ${m && html`
        <p class="coverage">${gaps(m.coverage).length ? gaps(m.coverage).map(g => html`<${Badge} tone="warn">${g}</${Badge}> `) : html`<${Badge} tone="good">no coverage gaps</${Badge}>`}</p>
        <table class="map">
          <thead><tr><th>Stakeholder</th><th>Level</th><th>Buying role</th><th>Stance</th><th>Last contact</th><th>Our links</th></tr></thead>
          <tbody>${m.stakeholders.map(st => html`<tr>
            <td><strong>${st.profile.name}</strong><div class="meta">${st.profile.title}, ${st.profile.department}</div></td>
            <td>${st.profile.level}</td><td>${words(st.profile.buyingRole)}</td><td>${st.profile.stance}</td>
            <td>${fmtDate(st.lastContact)}</td>
            <td>${st.links.length ? st.links.map(l => html`<div>${l.personId} <${Badge} tone=${l.strength === 'Strong' ? 'good' : ''}>${l.strength}</${Badge}>${l.stale ? html` <${Badge} tone="warn">stale</${Badge}>` : ''}</div>`) : html`<span class="muted">none</span>`}</td>
          </tr>`)}
          ${m.stakeholders.length === 0 && html`<tr><td colspan="6" class="muted">No stakeholders on that date.</td></tr>`}</tbody>
        </table>`}
    </section>`;
}

function Terms({ title, rows, columns }) {
  if (!rows || rows.length === 0) return null;
  return html`<h3>${title}</h3><table class="terms"><thead><tr>${columns.map(([label]) => html`<th>${label}</th>`)}<th>From</th><th>To</th></tr></thead>
    <tbody>${rows.map(r => html`<tr class=${r.to ? '' : 'current'}>${columns.map(([, value]) => html`<td>${value(r)}</td>`)}<td>${fmtDate(r.from)}</td><td>${r.to ? fmtDate(r.to) : html`<${Badge} tone="good">current</${Badge}>`}</td></tr>`)}</tbody></table>`;
}

function Roles({ id, asOf }) {
  const history = useLoad(() => api(`/api/accounts/${id}/role-history`, { asOf }), JSON.stringify([id, asOf]));
  const h = history.data;
  const names = {};
  for (const t of (h && h.stakeholders) || []) names[t.stakeholderId] = t.profile.name;
  return html`
    <section id="roles" class="card">
      <h2>Roles over time</h2>
      <${Problem} error=${history.error} />
      ${h && html`
        <${Terms} title="Key account managers" rows=${h.managers} columns=${[['KAM', r => r.personId], ['Ended by', r => words(r.endedBy) || '']]} />
        <${Terms} title="How the KAM role is organised" rows=${h.kamRole} columns=${[['KAM', r => r.personId], ['Role', r => r.role], ['Manager', r => r.managerPersonId || ''], ['Sales share', r => r.salesSharePercent != null ? r.salesSharePercent + ' %' : '']]} />
        <${Terms} title="Account team" rows=${h.team} columns=${[['Member', r => r.personId], ['Role', r => r.roleName || words(r.role)]]} />
        <${Terms} title="Stakeholders" rows=${h.stakeholders} columns=${[['Name', r => r.profile.name], ['Title', r => r.profile.title], ['Level', r => r.profile.level], ['Buying role', r => words(r.profile.buyingRole)], ['', r => (r.left ? 'left' : r.changeReason || '')]]} />
        <${Terms} title="Relationship links" rows=${h.links} columns=${[['Our person', r => r.personId], ['Their person', r => names[r.stakeholderId] || r.stakeholderId], ['Strength', r => r.strength]]} />
        <${Terms} title="Competitors" rows=${h.competitors} columns=${[['Competitor', r => r.name], ['Where', r => r.where]]} />
        ${h.managers.length + h.team.length + h.stakeholders.length + h.links.length + h.competitors.length === 0 && html`<p class="muted">No roles recorded${asOf ? ' by then' : ''}.</p>`}`}
    </section>`;
}

// ---------------------------------------------------------------- shell

function App() {
  const where = useLocation();
  const [config, setConfig] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    fetch(`${BASE}/config.json`).then(r => (r.ok ? r.json() : Promise.reject(new ApiError(r.status)))).then(setConfig, setError);
  }, []);
  const path = location.pathname.replace(/\/+$/, '');
  const open = path === `${BASE}/sign-in` || path === `${BASE}/callback`;
  const current = session.get();
  useEffect(() => { if (!open && !current) sendToSignIn(); }, [where]);

  if (error) return html`<main><${Problem} error=${error} /></main>`;
  if (!config) return html`<p class="loading">Loading…</p>`;
  if (path === `${BASE}/sign-in`) return html`<${Shell}><${SignIn} config=${config} /></${Shell}>`;
  if (path === `${BASE}/callback`) return html`<${Shell}><${Callback} config=${config} /></${Shell}>`;
  if (!current) return null;
  const account = path.match(/^\/dashboard\/accounts\/([0-9a-fA-F-]{36})$/);
  return html`<${Shell} session=${current}>${account ? html`<${AccountPage} key=${account[1]} id=${account[1]} />` : html`<${Portfolio} />`}</${Shell}>`;
}

function Shell({ session: current, children }) {
  const signOut = () => { session.clear(); navigate(`${BASE}/sign-in`, true); };
  return html`
    <header class="top">
      <${Link} href=${BASE + '/'} class="brand">Kam.EventStore</${Link}>
      <span class="spacer"></span>
      ${current && html`<span class="who">Signed in as <strong data-testid="user">${current.user}</strong>${current.roles.length ? ` (${current.roles.join(', ')})` : ''}</span>
        <button onClick=${signOut}>Sign out</button>`}
      <a href="/swagger" class="api">API</a>
    </header>
    ${children}`;
}

render(html`<${App} />`, document.getElementById('app'));
