// Who a visitor of the sandbox can be. Ids are Telegram user ids; the demo
// data makes the seller staff and names the owner in OWNER_IDS.
export interface Persona {
  id: number;
  first_name: string;
  last_name?: string;
  language_code: "ru" | "zh";
  phone: string;
  role: "client" | "staff" | "owner";
  label: string;
  /** What to try first, shown under the label on the page. */
  hint?: string;
  /** Already has demo purchases and points in the demo database. */
  demo: boolean;
}

export const PERSONAS: Persona[] = [
  { id: 1001, first_name: "Анна", language_code: "ru", phone: "+79001234567", role: "client", label: "Новая клиентка (русский)", demo: false },
  { id: 1002, first_name: "芳", last_name: "王", language_code: "zh", phone: "+8613800138000", role: "client", label: "新客户（中文）", demo: false },
  { id: 1003, first_name: "Ольга", language_code: "ru", phone: "+79161112233", role: "client", label: "Постоянная клиентка (демо)", hint: "Попробуйте: /service → чистка с фото (📎), /tickets, /cleaning; /events, /news", demo: true },
  { id: 2001, first_name: "Игорь", language_code: "ru", phone: "+79035550101", role: "staff", label: "Продавец", hint: "Попробуйте: /tickets — двигайте заявку по этапам; /cleaning, /wishes, /viewing", demo: true },
  { id: 9001, first_name: "Елена", language_code: "ru", phone: "+79035550000", role: "owner", label: "Владелец", hint: "Попробуйте: /report — выручка и графики за 3 года истории; «📎 пример» → файл клиентов или покупок с ошибками → проверка и импорт; /export, /backup; /broadcast, /events → 📨 Пригласить, /broadcasts, /cleaning → ➕ день чистки", demo: true },
];

export const OWNER_PERSONA = PERSONAS.find((p) => p.role === "owner")!;
