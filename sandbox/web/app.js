// The sandbox's chat page: pick a persona, talk to the bot through the
// sandbox API (sandbox/bot-api-server.ts). Message text is always inserted as
// text, never as HTML: it holds what people typed.
const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
};

let personas = [];
let current = null;
let version = -1;
let lastToast = 0;
let polling = 0;

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return res.json();
}

function time(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function renderPersonas() {
  const list = $("personas");
  list.replaceChildren();
  for (const p of personas) {
    const initials = (p.first_name || "?").slice(0, 1);
    const who = el("div", { className: "who" }, `${p.first_name}${p.last_name ? ` ${p.last_name}` : ""}`);
    if (p.demo) who.append(el("span", { className: "demo", textContent: "demo" }));
    who.append(el("small", { textContent: p.label }));
    if (p.hint) who.append(el("small", { className: "hint", textContent: p.hint }));
    const item = el("li", { className: p.id === current?.id ? "active" : "" }, el("span", { className: "avatar", textContent: initials }), who);
    item.dataset.testid = `persona-${p.id}`;
    item.addEventListener("click", () => select(p.id));
    list.append(item);
  }
}

function renderKeyboard(markup, messageId) {
  const rows = markup?.inline_keyboard;
  if (!rows?.length) return null;
  const box = el("div", { className: "keyboard" });
  for (const row of rows) {
    const line = el("div", { className: "row" });
    for (const button of row) {
      const b = el("button", { type: "button", textContent: button.text });
      b.dataset.testid = "inline-button";
      if (button.callback_data) b.dataset.callback = button.callback_data;
      b.addEventListener("click", () => {
        if (button.url) window.open(button.url, "_blank", "noopener");
        else if (button.callback_data) api(`/sandbox/chat/${current.id}/callback`, { message_id: messageId, data: button.callback_data });
      });
      line.append(b);
    }
    box.append(line);
  }
  return box;
}

function renderMessage(m) {
  const bubble = el("div", { className: `bubble ${m.from}` });
  bubble.dataset.testid = "message";
  bubble.dataset.from = m.from;
  if (m.photo) {
    const img = el("img", { src: m.photo, alt: "" });
    img.dataset.testid = "photo";
    img.addEventListener("click", () => window.open(m.photo, "_blank", "noopener"));
    bubble.append(img);
  }
  if (m.document) bubble.append(el("a", { href: m.document.url, download: m.document.name, textContent: `📎 ${m.document.name}` }));
  if (m.contact) bubble.append(el("div", { textContent: `📱 ${m.contact.phone_number}` }));
  const text = m.text ?? m.caption;
  if (text) bubble.append(el("div", { textContent: text }));
  const keyboard = renderKeyboard(m.reply_markup, m.id);
  if (keyboard) bubble.append(keyboard);
  bubble.append(el("div", { className: "meta", textContent: `${m.edited ? "✎ " : ""}${time(m.date)}` }));
  return bubble;
}

function renderReplyKeyboard(markup) {
  const box = $("reply-keyboard");
  box.replaceChildren();
  box.hidden = !markup?.keyboard?.length;
  for (const row of markup?.keyboard ?? []) {
    const line = el("div", { className: "row" });
    for (const button of row) {
      const label = typeof button === "string" ? button : button.text;
      const b = el("button", { type: "button", textContent: label });
      b.dataset.testid = "reply-button";
      b.addEventListener("click", () =>
        button.request_contact ? api(`/sandbox/chat/${current.id}/contact`, {}) : api(`/sandbox/chat/${current.id}/text`, { text: label }),
      );
      line.append(b);
    }
    box.append(line);
  }
}

function renderCommands(commands) {
  const box = $("commands");
  box.replaceChildren();
  for (const c of commands) {
    const item = el("div", {}, el("b", { textContent: `/${c.command}` }), c.description);
    item.addEventListener("click", () => {
      box.hidden = true;
      send(`/${c.command}`);
    });
    box.append(item);
  }
  $("menu").hidden = commands.length === 0;
}

/** A short note on top; `chatId` says whose chat it came from (null: the page's own). */
function flash(text, chatId, ms = 3000) {
  const box = $("toast");
  box.textContent = text;
  box.dataset.chat = chatId ?? "";
  box.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => (box.hidden = true), ms);
}

/** A button's answer from one persona's chat does not stay on screen in another's. */
function clearChatToast() {
  if ($("toast").dataset.chat) {
    clearTimeout(flash.timer);
    $("toast").hidden = true;
  }
  $("modal").hidden = true;
}

function showToast(toast) {
  if (!toast || toast.at <= lastToast) return;
  lastToast = toast.at;
  if (toast.show_alert) {
    $("modal-text").textContent = toast.text;
    $("modal").hidden = false;
    return;
  }
  flash(toast.text, current.id);
}

// The sandbox's own date: the bot's clock, which the "next day" button moves on.
const dayFormat = {
  ru: new Intl.DateTimeFormat("ru-RU", { weekday: "short", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
  zh: new Intl.DateTimeFormat("zh-CN", { weekday: "short", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
  short: new Intl.DateTimeFormat("ru-RU", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }),
};
const dayOf = (iso) => new Date(`${iso}T12:00:00Z`);

function renderClock(clock) {
  const box = $("sandbox-date");
  box.dataset.date = clock.date;
  const day = dayOf(clock.date);
  box.replaceChildren(
    el("span", { className: "ru", textContent: dayFormat.ru.format(day) }),
    el("span", { className: "zh", textContent: dayFormat.zh.format(day) }),
    el("span", { className: "short", textContent: dayFormat.short.format(day) }),
  );
}

async function loadClock() {
  const res = await fetch("/sandbox/clock").catch(() => null);
  if (!res?.ok) return void ($("next-day").closest(".day").hidden = true);
  renderClock(await res.json());
}

async function nextDay() {
  const button = $("next-day");
  button.disabled = true;
  try {
    const answer = await api("/sandbox/control/next-day", {});
    if (!answer.ok) return flash(`⚠️ ${answer.description ?? "Не получилось · 失败"}`, null);
    renderClock(answer.clock);
    const day = dayFormat.ru.format(dayOf(answer.clock.date));
    flash(
      answer.morning?.pushed > 0
        ? `☀️ ${day}: утренний список звонков отправлен · 早间回访名单已发送`
        : `☀️ ${day}: звонить сегодня некому · 今天没有需要回访的客户`,
      null,
      4000,
    );
  } catch {
    flash("⚠️ Песочница не отвечает · 沙盒没有响应", null);
  } finally {
    button.disabled = false;
  }
}

function render(state) {
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(...state.messages.map(renderMessage));
  if (atBottom || state.messages.at(-1)?.from === "user") list.scrollTop = list.scrollHeight;
  renderReplyKeyboard(state.keyboard);
  renderCommands(state.commands ?? []);
  showToast(state.toast);
}

async function poll(token) {
  while (token === polling) {
    try {
      const state = await api(`/sandbox/chat/${current.id}?version=${version}`);
      if (token !== polling) return;
      version = state.version;
      render(state);
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function select(id) {
  current = personas.find((p) => p.id === id) ?? personas[0];
  location.hash = `user-${current.id}`;
  version = -1;
  lastToast = Date.now();
  clearChatToast();
  $("chat-title").textContent = `${current.first_name} — ${current.label}`;
  $("messages").replaceChildren();
  renderPersonas();
  poll(++polling);
  $("input").focus();
}

function send(text) {
  if (!text.trim() || !current) return;
  api(`/sandbox/chat/${current.id}/text`, { text });
}

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  send($("input").value);
  $("input").value = "";
});
$("menu").addEventListener("click", () => ($("commands").hidden = !$("commands").hidden));
$("modal-ok").addEventListener("click", () => ($("modal").hidden = true));
$("next-day").addEventListener("click", () => void nextDay());

personas = (await api("/sandbox/personas")).personas;
const fromHash = Number(/user-(\d+)/.exec(location.hash)?.[1]);
select(personas.some((p) => p.id === fromHash) ? fromHash : personas[0].id);
await loadClock();
// A real midnight moves the date too.
setInterval(() => void loadClock(), 60_000);
