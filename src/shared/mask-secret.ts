/**
 * Shows only the last four characters of a secret (`"••••abcd"`), and none of a short one,
 * where four characters would give away too much of it.
 */
export const maskSecret = (secret: string): string => (secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••')
