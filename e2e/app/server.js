// The demo app: a few server-rendered pages over the seeded database.
import express from 'express';
import knex from 'knex';
import config from './knexfile.js';
import { PROJECT_STATUSES } from './lib/domain.js';

const db = knex(config);
const app = express();
app.disable('x-powered-by');
app.use(express.urlencoded({ extended: false }));

const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) =>
  ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function layout(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · TDM demo</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
  header { background: #1d2330; padding: .7rem 2rem; }
  header a { color: #fff; margin-right: 1.2rem; text-decoration: none; }
  main { max-width: 60rem; margin: 1.5rem auto; padding: 0 2rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 1.5rem; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e3e6eb; }
  th { background: #eef0f4; }
  .status { padding: .1rem .5rem; border-radius: .8rem; font-size: 85%; }
  .status-draft { background: #eef0f4; } .status-active { background: #d7f3df; } .status-archived { background: #f3e1d7; }
  form { background: #fff; padding: 1rem; display: grid; gap: .6rem; max-width: 28rem; }
  label { display: grid; gap: .2rem; }
  .notice { background: #d7f3df; padding: .5rem 1rem; } .error { background: #f8d7da; padding: .5rem 1rem; }
</style></head>
<body><header><a href="/">Organizations</a><a href="/login">Sign in</a><a href="/me">Me</a></header>
<main>${body}</main></body></html>`;
}

const statusBadge = (status) => `<span class="status status-${esc(status)}">${esc(status)}</span>`;

function idParam(req) {
  const id = Number(req.params.id);
  return Number.isInteger(id) && id > 0 ? id : null;
}

function notFound(res, what) {
  res.status(404).send(layout('Not found', `<h1>Not found</h1><p>No such ${esc(what)}.</p>`));
}

function cookie(req, name) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

// The answer names the database the app uses: tdm checks it before handing a slot's app to a
// test (tdm_add_playwright_tests APP_HEALTH_PATH), so a test never drives another slot's app.
app.get('/health', async (req, res) => {
  try {
    const [rows] = await db.raw('SELECT DATABASE() AS name');
    res.type('text').send(String(rows[0].name));
  } catch {
    res.status(503).type('text').send('database unavailable');
  }
});

app.get('/', async (req, res) => {
  const orgs = await db('organizations as o')
    .select('o.id', 'o.slug', 'o.name')
    .select(db('users').count().where('organization_id', db.ref('o.id')).as('users'))
    .select(db('projects').count().where('organization_id', db.ref('o.id')).as('projects'))
    .orderBy('o.id');
  res.send(layout('Organizations', `<h1>Organizations</h1>
<table data-testid="organizations"><tr><th>Name</th><th>Slug</th><th>Users</th><th>Projects</th></tr>
${orgs.map((o) => `<tr><td><a href="/orgs/${o.id}">${esc(o.name)}</a></td><td>${esc(o.slug)}</td><td>${o.users}</td><td>${o.projects}</td></tr>`).join('\n')}
</table>`));
});

app.get('/orgs/:id', async (req, res) => {
  const org = await db('organizations').where('id', idParam(req)).first();
  if (!org) return notFound(res, 'organization');
  const users = await db('users as u').join('roles as r', 'r.id', 'u.role_id')
    .where('u.organization_id', org.id).orderBy('u.id')
    .select('u.id', 'u.name', 'u.email', 'r.name as role');
  const projects = await db('projects as p').join('users as u', 'u.id', 'p.owner_id')
    .where('p.organization_id', org.id).orderBy('p.id')
    .select('p.id', 'p.title', 'p.status', 'p.budget', 'u.name as owner');
  res.send(layout(org.name, `<h1>${esc(org.name)}</h1>
<h2>Users (${users.length})</h2>
<table data-testid="users"><tr><th>Name</th><th>Email</th><th>Role</th></tr>
${users.map((u) => `<tr><td>${esc(u.name)}</td><td>${esc(u.email)}</td><td>${esc(u.role)}</td></tr>`).join('\n')}
</table>
<h2>Projects (${projects.length})</h2>
<table data-testid="projects"><tr><th>Title</th><th>Status</th><th>Budget</th><th>Owner</th></tr>
${projects.map((p) => `<tr data-status="${esc(p.status)}"><td><a href="/projects/${p.id}">${esc(p.title)}</a></td><td>${statusBadge(p.status)}</td><td>${esc(p.budget)}</td><td>${esc(p.owner)}</td></tr>`).join('\n')}
</table>`));
});

function loginPage(error = '') {
  return layout('Sign in', `<h1>Sign in</h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/login">
  <label>Email <input type="email" name="email" required autofocus></label>
  <button type="submit">Sign in</button>
</form>`);
}

app.get('/login', (req, res) => res.send(loginPage()));

app.post('/login', async (req, res) => {
  const user = await db('users').where('email', String(req.body.email ?? '').trim()).first('id');
  if (!user) return res.status(401).send(loginPage('Unknown email address.'));
  res.cookie('uid', String(user.id), { httpOnly: true, sameSite: 'lax' });
  res.redirect(303, '/me');
});

app.get('/me', async (req, res) => {
  const me = await db('users as u')
    .join('roles as r', 'r.id', 'u.role_id')
    .join('organizations as o', 'o.id', 'u.organization_id')
    .where('u.id', Number(cookie(req, 'uid')) || 0)
    .first('u.name', 'u.email', 'r.name as role', 'o.id as org_id', 'o.name as org');
  if (!me) return res.redirect(303, '/login');
  res.send(layout('Me', `<h1>Me</h1>
<p data-testid="signed-in">Signed in as ${esc(me.name)} (${esc(me.role)})</p>
<p>${esc(me.email)} · <a href="/orgs/${me.org_id}">${esc(me.org)}</a></p>`));
});

async function findProject(id) {
  return db('projects as p').join('organizations as o', 'o.id', 'p.organization_id')
    .where('p.id', id).first('p.*', 'o.name as org');
}

function projectPage(project, notice = '') {
  return layout(project.title, `<h1 data-testid="project-title">${esc(project.title)}</h1>
${notice ? `<p class="notice" role="status">${esc(notice)}</p>` : ''}
<p>Status: <span data-testid="project-status">${statusBadge(project.status)}</span> · Budget ${esc(project.budget)}
 · <a href="/orgs/${project.organization_id}">${esc(project.org)}</a></p>
<h2>Edit</h2>
<form method="post" action="/projects/${project.id}">
  <label>Title <input name="title" value="${esc(project.title)}" required maxlength="191"></label>
  <label>Status <select name="status">
    ${PROJECT_STATUSES.map((s) => `<option${s === project.status ? ' selected' : ''}>${s}</option>`).join('')}
  </select></label>
  <button type="submit">Save</button>
</form>`);
}

app.get('/projects/:id', async (req, res) => {
  const project = await findProject(idParam(req));
  if (!project) return notFound(res, 'project');
  res.send(projectPage(project, req.query.saved ? 'Saved.' : ''));
});

app.post('/projects/:id', async (req, res) => {
  const id = idParam(req);
  const title = String(req.body.title ?? '').trim();
  const status = String(req.body.status ?? '');
  if (!title || title.length > 191 || !PROJECT_STATUSES.includes(status)) {
    return res.status(400).send(layout('Invalid', '<p class="error">Title (1–191 characters) and a valid status are required.</p>'));
  }
  const changed = await db('projects').where('id', id).update({ title, status });
  if (!changed) return notFound(res, 'project');
  res.redirect(303, `/projects/${id}?saved=1`);
});

const port = Number(process.env.PORT || 3000);
const server = app.listen(port, '127.0.0.1', () => {
  console.log(`app listening on http://127.0.0.1:${port}`);
});

// Playwright stops the server with SIGTERM: close the pool so no connection lingers.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => db.destroy().finally(() => process.exit(0))));
}
