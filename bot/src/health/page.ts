/** Renders the operator pages from the view model. Pure string building; every value is escaped. */
import type { ConnectionState, CounterName, GaugeName } from "./status.ts";
import type { HealthPageModel } from "./view-model.ts";

/** What each counter means, in an operator's words; a new counter without a label fails to compile. */
const COUNTER_LABELS: Record<CounterName | GaugeName, string> = {
  received: "messages received",
  duplicates: "duplicate deliveries ignored",
  skipped: "skipped (groups, own sends, reactions, …)",
  unsupported: "not text (voice, sticker, …): answered with a note",
  relayed: "relayed to the front desk",
  relayRetries: "relay retries",
  replied: "replies sent",
  deadLettered: "dead letters",
  deadLetterApologies: "apologies sent for dead letters",
  deadLetterReports: "dead letters reported to the front desk",
  outboxSent: "staff replies, reminders and notices sent",
  outboxPaced: "of which paced (reminders, notices, alerts)",
  outboxFailed: "staff replies, reminders and notices failed",
  functionUnauthorized: "requests the function refused (401)",
  alertsSent: "alerts posted to ALERT_WEBHOOK_URL",
  alertsFailed: "alerts that could not be posted",
  reconnects: "reconnects to WhatsApp",
  pacedWaiting: "paced messages waiting now",
  pacedSentLast24h: "paced messages sent in the last 24 h",
  deadLetterReportsPending: "dead-letter reports waiting for the front desk",
};

/** Green when linked, amber while it may still come up by itself, red when an operator must act. */
const STATE_COLOURS: Record<ConnectionState, string> = {
  open: "#1a7f37",
  connecting: "#9a6700",
  waiting_for_scan: "#9a6700",
  logged_out: "#cf222e",
  stopped: "#cf222e",
};

const S_PER_MINUTE = 60;
const S_PER_HOUR = 3_600;
const S_PER_DAY = 86_400;

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatUptime(seconds: number): string {
  if (seconds < S_PER_MINUTE) return `${seconds} s`;
  if (seconds < S_PER_HOUR) return `${Math.floor(seconds / S_PER_MINUTE)} min`;
  if (seconds < S_PER_DAY) return `${Math.floor(seconds / S_PER_HOUR)} h ${Math.floor((seconds % S_PER_HOUR) / S_PER_MINUTE)} min`;
  return `${Math.floor(seconds / S_PER_DAY)} d ${Math.floor((seconds % S_PER_DAY) / S_PER_HOUR)} h`;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** `?token=…` for links and form actions when the viewer came with a token. */
export function tokenQuery(token: string | null): string {
  return token === null ? "" : `?token=${encodeURIComponent(token)}`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
.state{font-weight:bold;color:#fff;padding:.1rem .5rem;border-radius:.3rem}th{text-align:left;padding-right:1rem;font-weight:normal;vertical-align:top}
img{image-rendering:pixelated}.fault{border:2px solid #cf222e;padding:.5rem 1rem;border-radius:.3rem}
.danger{background:#cf222e;color:#fff;border:0;padding:.4rem .8rem;border-radius:.3rem}table.list td,table.list th{padding:.2rem .5rem .2rem 0}
form.inline{display:inline}`;

function layout(title: string, body: string, refreshS: number | null): string {
  const refresh = refreshS === null ? "" : `<meta http-equiv="refresh" content="${refreshS}">`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>${refresh}
<style>${STYLE}</style></head>
<body>
${body}
</body></html>`;
}

/** How someone not sitting at this machine reaches the page without exposing the QR code. */
function remoteAccess(port: number): string {
  return `<details id="remote-access"><summary>Reaching this page from another computer</summary>
<p>Never open this port to the internet: the QR code links the clinic's number to whoever scans it. Instead:</p>
<ul>
<li><b>SSH tunnel</b> (simplest): <code>ssh -N -L ${port}:127.0.0.1:${port} you@this-server</code>, then open <code>http://127.0.0.1:${port}/health</code> on your computer.</li>
<li><b>A TLS reverse proxy</b> (Caddy, nginx) on this server, forwarding to <code>127.0.0.1:${port}</code>: set <code>HEALTH_TOKEN</code>, add the proxy's host name to <code>HEALTH_ALLOWED_HOSTS</code> (other host names are refused), and open <code>https://&lt;that name&gt;/health?token=…</code>.</li>
<li><code>HEALTH_TOKEN</code> alone (with <code>HEALTH_HOST</code> on a private network) works too, but without TLS the token crosses the network in the clear.</li>
</ul></details>`;
}

function pacedSection(model: HealthPageModel): string {
  const { paced } = model;
  const rows = paced.entries
    .map((e) => `<tr><td>${escapeHtml(e.kind)}</td><td>${escapeHtml(e.chatJid)}</td><td><code>${escapeHtml(e.dueAt ?? "when linked")}</code></td></tr>`)
    .join("");
  const cap = paced.capResumesAt ? `<p id="paced-capped">The daily cap is reached: reminders and notices wait in the outbox until <code>${escapeHtml(paced.capResumesAt)}</code>.</p>` : "";
  return `<h2>Reminders and notices (paced)</h2>
<p>One every ${paced.gapS} s or more, ${paced.chatGapS} s or more apart to the same patient, at most ${paced.dailyCap} in 24 hours; staff replies and answers to patients are never held back.</p>
<table><tr><th>waiting to be sent</th><td id="paced-waiting">${paced.waiting}</td></tr>
<tr><th>next one due</th><td id="paced-next">${paced.nextDueAt ? `<code>${escapeHtml(paced.nextDueAt)}</code>` : "none"}</td></tr>
<tr><th>sent in the last 24 hours</th><td id="paced-sent">${paced.sentLast24h} of ${paced.dailyCap}</td></tr></table>
${cap}${rows ? `<table class="list" id="paced-list"><tr><th>kind</th><th>chat</th><th>due</th></tr>${rows}</table>` : ""}`;
}

function deadLetterSection(model: HealthPageModel, token: string | null): string {
  if (model.deadLetters.length === 0) return "";
  const action = `/health/dead-letters/retry${escapeHtml(tokenQuery(token))}`;
  const retry = (seq: number): string =>
    model.actions.retryDeadLetters
      ? `<form class="inline" method="post" action="${action}"><input type="hidden" name="seq" value="${seq}"><button type="submit" id="retry-${seq}">Retry</button></form>`
      : "";
  const rows = model.deadLetters
    .map((d) => `<tr id="dead-${d.seq}"><td><code>${escapeHtml(d.at)}</code></td><td>${escapeHtml(d.chatJid)}</td><td>${escapeHtml(d.reason)}<br><small>${escapeHtml(d.followUp)}</small></td><td>${retry(d.seq)}</td></tr>`)
    .join("");
  const all = model.actions.retryDeadLetters
    ? `<form method="post" action="${action}"><input type="hidden" name="seq" value="all"><button type="submit" id="retry-all">Retry all, oldest first</button></form>`
    : "";
  return `<h2>Dead letters</h2>
<p>Patients' messages the bot gave up on (the function or the database was down, or refused them). Each patient was told that staff will follow up. Retry relays them again, in the order they arrived.</p>
<table class="list" id="dead-letters">${rows}</table>${all}`;
}

function actionsSection(model: HealthPageModel, token: string | null): string {
  const parts: string[] = [];
  if (model.actions.newPairing) parts.push(`<p><a id="new-qr" href="/health/new-qr${escapeHtml(tokenQuery(token))}">Start a new pairing (new QR code)…</a></p>`);
  if (model.actions.unlink) parts.push(`<p><a id="unlink" href="/health/unlink${escapeHtml(tokenQuery(token))}">Unlink this number…</a></p>`);
  return parts.join("\n");
}

export function renderHealthPage(model: HealthPageModel, token: string | null, port: number): string {
  const { json } = model;
  const counters = Object.entries(json.counters)
    .map(([name, value]) => `<tr><th>${escapeHtml(COUNTER_LABELS[name as CounterName | GaugeName])}</th><td id="counter-${escapeHtml(name)}">${value}</td></tr>`)
    .join("");
  const qr = model.qrDataUrl
    ? `<img id="qr" alt="WhatsApp QR code" width="264" height="264" src="${escapeHtml(model.qrDataUrl)}">`
    : model.qrHidden
      ? `<p id="qr-hidden">The QR code is hidden: open this page with <code>?token=…</code> (HEALTH_TOKEN).</p>`
      : "";
  const fault = model.configFault
    ? `<div class="fault" id="config-fault"><b>Configuration fault</b> since <code>${escapeHtml(model.configFault.since)}</code>: ${escapeHtml(model.configFault.message)}. Patients' messages wait in the queue until it is fixed.</div>`
    : "";
  const body = `<h1>WhatsApp front desk</h1>
${fault}
<p>State: <span id="state" class="state" style="background:${STATE_COLOURS[json.state]}">${escapeHtml(json.state)}</span>: ${escapeHtml(model.headline)}</p>
${model.notice ? `<p id="notice">${escapeHtml(model.notice)}</p>` : ""}
${json.me ? `<p>Linked number: <span id="me">${escapeHtml(json.me)}</span></p>` : ""}
${qr}
${actionsSection(model, token)}
<h2>Queue</h2>
<table><tr><th>inbound waiting</th><td id="queue-inbound">${json.queue.inbound}</td></tr><tr><th>dead letters</th><td id="queue-dead">${json.queue.deadLetters}</td></tr></table>
${pacedSection(model)}
${deadLetterSection(model, token)}
<h2>Counters</h2>
<table>${counters}</table>
<h2>Last error</h2>
<p id="last-error">${json.lastError ? `${escapeHtml(json.lastError)}${model.lastErrorAt ? ` <small>(${escapeHtml(model.lastErrorAt)})</small>` : ""}` : "none"}</p>
${remoteAccess(port)}
<p><small>Up ${formatUptime(json.uptimeS)} · <a href="/health.json">health.json</a></small></p>`;
  return layout(`WhatsApp front desk: ${json.state}`, body, model.refreshS);
}

/** The confirmation before a new pairing: no self-refresh, so it waits for the operator. */
export function renderConfirmNewPairing(state: ConnectionState, token: string | null): string {
  const body = `<h1>Start a new pairing?</h1>
<p>State now: <b>${escapeHtml(state)}</b>. This discards the current, unfinished pairing and shows a new QR code. No number is linked now, so nothing else is lost.</p>
<form method="post" action="/health/new-qr${escapeHtml(tokenQuery(token))}"><input type="hidden" name="confirm" value="yes">
<button type="submit" id="confirm-new-qr">Yes, show a new QR code</button> <a href="/health${escapeHtml(tokenQuery(token))}" id="cancel">Cancel</a></form>`;
  return layout("Start a new pairing?", body, null);
}

/** What the operator must type to unlink: the linked number's digits, or "unlink" when it is not known. */
export function unlinkPhrase(me: string | null): string {
  const digits = me?.replace(/\D/g, "") ?? "";
  return digits === "" ? "unlink" : digits;
}

/** The typed confirmation before unlinking the clinic's number. */
export function renderConfirmUnlink(me: string | null, token: string | null, mistyped: boolean): string {
  const phrase = unlinkPhrase(me);
  const body = `<h1>Unlink this number?</h1>
<p>This logs <b>${escapeHtml(me ?? "this number")}</b> out of WhatsApp on this server: patients' messages are no longer answered, and reminders stop, until someone scans a new QR code with the clinic's phone. The phone's WhatsApp itself keeps working.</p>
${mistyped ? `<p id="mistyped" class="fault">That did not match; nothing was changed.</p>` : ""}
<form method="post" action="/health/unlink${escapeHtml(tokenQuery(token))}">
<label>Type <code>${escapeHtml(phrase)}</code> to confirm: <input name="confirm" id="unlink-confirm" autocomplete="off" required></label>
<button type="submit" class="danger" id="confirm-unlink">Unlink this number</button> <a href="/health${escapeHtml(tokenQuery(token))}" id="cancel">Cancel</a></form>`;
  return layout("Unlink this number?", body, null);
}
