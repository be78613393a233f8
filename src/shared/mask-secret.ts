/** Shows only the last four characters of a secret: `"••••abcd"`. */
export const maskSecret = (secret: string): string => `••••${secret.slice(-4)}`
