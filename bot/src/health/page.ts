/** Renders the operator page from the view model. Pure string building; every value is escaped. */
import type { ConnectionState, CounterName } from "./status.ts";
import type { HealthPageModel } from "./view-model.ts";

/** What each counter means, in an operator's words; a new counter without a label fails to compile. */
const COUNTER_LABELS: Record<CounterName, string> = {
  received: "messages received",
  duplicates: "duplicate deliveries ignored",
  skipped: "skipped (groups, own sends, reactions, …)",
  unsupported: "not text (voice, sticker, …): answered with a note",
  relayed: "relayed to the front desk",
  relayRetries: "relay retries",
  replied: "replies sent",
  deadLettered: "dead letters",
  outboxSent: "staff replies and reminders sent",
  outboxFailed: "staff replies and reminders failed",
  reconnects: "reconnects to WhatsApp",
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

function tokenQuery(token: string | null): string {
  return token === null ? "" : `?token=${encodeURIComponent(token)}`;
}

export function renderHealthPage(model: HealthPageModel, token: string | null): string {
  const { json } = model;
  const counters = Object.entries(json.counters)
    .map(([name, value]) => `<tr><th>${escapeHtml(COUNTER_LABELS[name as CounterName])}</th><td id="counter-${escapeHtml(name)}">${value}</td></tr>`)
    .join("");
  const deadLetters =
    model.deadLetters.length === 0
      ? ""
      : `<h2>Dead letters</h2><ul>${model.deadLetters
          .map((d) => `<li><code>${escapeHtml(d.at)}</code> ${escapeHtml(d.chatJid)}: ${escapeHtml(d.reason)}</li>`)
          .join("")}</ul>`;
  const qr = model.qrDataUrl
    ? `<img id="qr" alt="WhatsApp QR code" width="264" height="264" src="${escapeHtml(model.qrDataUrl)}">`
    : model.qrHidden
      ? `<p id="qr-hidden">The QR code is hidden: open this page with <code>?token=…</code> (HEALTH_TOKEN).</p>`
      : "";
  const repair = model.canRepair
    ? `<form method="post" action="/health/new-qr${escapeHtml(tokenQuery(token))}"><button id="new-qr" type="submit">New QR code</button></form>`
    : "";
  const refresh = `<meta http-equiv="refresh" content="${model.refreshS}">`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>WhatsApp front desk: ${escapeHtml(json.state)}</title>${refresh}
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
.state{font-weight:bold;color:#fff;background:${STATE_COLOURS[json.state]};padding:.1rem .5rem;border-radius:.3rem}th{text-align:left;padding-right:1rem;font-weight:normal}img{image-rendering:pixelated}</style></head>
<body>
<h1>WhatsApp front desk</h1>
<p>State: <span id="state" class="state">${escapeHtml(json.state)}</span>: ${escapeHtml(model.headline)}</p>
${model.notice ? `<p id="notice">${escapeHtml(model.notice)}</p>` : ""}
${json.me ? `<p>Linked number: <span id="me">${escapeHtml(json.me)}</span></p>` : ""}
${qr}
${repair}
<h2>Queue</h2>
<table><tr><th>inbound waiting</th><td id="queue-inbound">${json.queue.inbound}</td></tr><tr><th>dead letters</th><td id="queue-dead">${json.queue.deadLetters}</td></tr></table>
<h2>Counters</h2>
<table>${counters}</table>
<h2>Last error</h2>
<p id="last-error">${json.lastError ? `${escapeHtml(json.lastError)}${model.lastErrorAt ? ` <small>(${escapeHtml(model.lastErrorAt)})</small>` : ""}` : "none"}</p>
${deadLetters}
<p><small>Up ${formatUptime(json.uptimeS)} · <a href="/health.json">health.json</a></small></p>
</body></html>`;
}
