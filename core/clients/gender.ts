// Whom to greet on 8 March or 23 February, and "Уважаемая" or "Уважаемый":
// the gender the client stated, else the one their Russian patronymic
// implies ("Ивановна", "Ильинична" → female; "Иванович", "Ильич" → male).
// Unknown stays unknown: staff decide.
export const GENDERS = ["female", "male"] as const;
export type Gender = (typeof GENDERS)[number];

const FEMALE = /(вна|чна|кызы)$/iu;
const MALE = /(вич|ич|оглы|улы)$/iu;

export function impliedGender(patronymic: string | null | undefined): Gender | null {
  const p = patronymic?.trim();
  if (!p) return null;
  if (FEMALE.test(p)) return "female";
  if (MALE.test(p)) return "male";
  return null;
}

export function genderOf(client: { gender: string | null; patronymic: string | null }): Gender | null {
  if (client.gender === "female" || client.gender === "male") return client.gender;
  return impliedGender(client.patronymic);
}

/** The same rule in SQL over a "Client" row aliased `c`, for set-based selections (names are stored capitalised, so the endings are lower case). */
export const GENDER_SQL = `COALESCE(c."gender", CASE
  WHEN c."patronymic" LIKE '%вна' OR c."patronymic" LIKE '%чна' OR c."patronymic" LIKE '%кызы' THEN 'female'
  WHEN c."patronymic" LIKE '%вич' OR c."patronymic" LIKE '%ич' OR c."patronymic" LIKE '%оглы' OR c."patronymic" LIKE '%улы' THEN 'male'
END)`;
