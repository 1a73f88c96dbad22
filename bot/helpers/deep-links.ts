// The payloads of t.me/<bot>?start=… links the bot hands out and understands.
// A referral link carries the inviting client's code (onboarding records it).

export const REFERRAL_PREFIX = "ref_";

export const referralLink = (botUsername: string, code: string) => `https://t.me/${botUsername}?start=${REFERRAL_PREFIX}${code}`;
