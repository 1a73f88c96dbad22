// The sandbox's chat page: pick a persona, talk to the bot through the
// sandbox API (sandbox/bot-api-server.ts): type, tap, send a photo or a
// file. Message text is always inserted as text, never as HTML: it holds what
// people typed.
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
  // Only the owner imports files: the sample button is theirs.
  $("sample").hidden = current.role !== "owner";
  $("sample-menu").hidden = true;
  $("messages").replaceChildren();
  renderPersonas();
  poll(++polling);
  $("input").focus();
}

function send(text) {
  if (!text.trim() || !current) return;
  api(`/sandbox/chat/${current.id}/text`, { text });
}

// 📎: what Telegram's apps do before sending a photo — turn it into a JPEG of
// at most 1280 px a side — then the stand-in gives it Telegram's sizes. A file
// goes as it is. The text typed so far becomes the caption.
const LIMITS = { photo: 10, document: 50 }; // MB, what Telegram takes from a person
const PHOTO_SIDE = 1280;

async function asTelegramPhoto(file) {
  try {
    const bitmap = await createImageBitmap(file);
    const k = Math.min(1, PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = el("canvas", { width: Math.max(1, Math.round(bitmap.width * k)), height: Math.max(1, Math.round(bitmap.height * k)) });
    const g = canvas.getContext("2d");
    g.fillStyle = "#fff"; // a transparent PNG shows on white, as in Telegram
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.87));
  } catch {
    return null; // not an image the browser can read: it goes as a file
  }
}

async function attach(file, asPhoto) {
  if (!file || !current) return;
  const photo = asPhoto ? await asTelegramPhoto(file) : null;
  const kind = photo ? "photo" : "document";
  const body = photo ?? file;
  if (body.size > LIMITS[kind] * 1024 * 1024) return flash(`⚠️ ${file.name}: больше ${LIMITS[kind]} МБ · 超过 ${LIMITS[kind]} MB`, null, 4000);
  const caption = $("input").value.trim();
  const query = new URLSearchParams({ name: file.name || "file" });
  if (caption) query.set("caption", caption);
  $("attach").disabled = true;
  try {
    const res = await fetch(`/sandbox/chat/${current.id}/${kind}?${query}`, {
      method: "POST",
      headers: { "content-type": body.type || "application/octet-stream" },
      body,
    });
    const answer = await res.json();
    if (!answer.ok) return flash(`⚠️ ${answer.description ?? res.status}`, null, 4000);
    if (caption) $("input").value = "";
  } catch {
    flash("⚠️ Песочница не отвечает · 沙盒没有响应", null);
  } finally {
    $("attach").disabled = false;
  }
}

$("attach").addEventListener("click", () => {
  $("attach-menu").hidden = !$("attach-menu").hidden;
  $("sample-menu").hidden = true;
});
for (const pick of document.querySelectorAll("[data-pick]")) {
  pick.addEventListener("click", () => {
    $("attach-menu").hidden = true;
    $(pick.dataset.pick).click();
  });
}
for (const [id, asPhoto] of [["photo-input", true], ["file-input", false]]) {
  $(id).addEventListener("change", async (event) => {
    const input = event.target;
    for (const file of [...input.files]) await attach(file, asPhoto);
    input.value = "";
  });
}
// A picture dropped on the chat or pasted into the input goes as a photo, anything else as a file.
const chatPane = document.querySelector(".chat");
chatPane.addEventListener("dragover", (event) => {
  event.preventDefault();
  chatPane.classList.add("dropping");
});
chatPane.addEventListener("dragleave", () => chatPane.classList.remove("dropping"));
chatPane.addEventListener("drop", async (event) => {
  event.preventDefault();
  chatPane.classList.remove("dropping");
  for (const file of [...event.dataTransfer.files]) await attach(file, file.type.startsWith("image/"));
});
$("input").addEventListener("paste", (event) => {
  const image = [...event.clipboardData.files].find((f) => f.type.startsWith("image/"));
  if (!image) return;
  event.preventDefault();
  void attach(image, true);
});

// The owner's "📎 пример": the sandbox's sample file, sent into the chat as a
// document the way 📎 sends one, so the bot gets a real upload to check.
$("sample").addEventListener("click", () => ($("sample-menu").hidden = !$("sample-menu").hidden));
for (const pick of document.querySelectorAll("[data-sample]")) {
  pick.addEventListener("click", async () => {
    $("sample-menu").hidden = true;
    $("sample").disabled = true;
    try {
      const res = await fetch(`/sandbox/samples/${pick.dataset.sample}.csv`);
      if (!res.ok) return flash(`⚠️ ${res.status}`, null);
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `${pick.dataset.sample}.csv`;
      await attach(new File([await res.blob()], name, { type: "text/csv" }), false);
    } catch {
      flash("⚠️ Песочница не отвечает · 沙盒没有响应", null);
    } finally {
      $("sample").disabled = false;
    }
  });
}
for (const link of document.querySelectorAll("#sample-menu a")) link.addEventListener("click", () => ($("sample-menu").hidden = true));

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  send($("input").value);
  $("input").value = "";
});
$("menu").addEventListener("click", () => {
  $("commands").hidden = !$("commands").hidden;
  $("attach-menu").hidden = true;
});
$("modal-ok").addEventListener("click", () => ($("modal").hidden = true));
$("next-day").addEventListener("click", () => void nextDay());

personas = (await api("/sandbox/personas")).personas;
const fromHash = Number(/user-(\d+)/.exec(location.hash)?.[1]);
select(personas.some((p) => p.id === fromHash) ? fromHash : personas[0].id);
await loadClock();
// A real midnight moves the date too.
setInterval(() => void loadClock(), 60_000);
