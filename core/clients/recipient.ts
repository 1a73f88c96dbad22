// Whom a notice goes to: the chat, and enough of the client for the bot to
// greet them in their language ("Уважаемая Анна Ивановна", "尊敬的王女士").
// Events, cleaning days and feedback each add what their message needs.
export interface Recipient {
  clientId: number;
  chatId: number;
  language: string;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  gender: string | null;
}
