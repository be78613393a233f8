import { z } from 'zod'
import { normalizePhoneNumber } from '../../shared/phone-number.js'

/** A phone number in any form fabio normalises (docs/api.md "Phone numbers"); a 400 names the field otherwise. */
export const phoneFieldSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .refine((value) => normalizePhoneNumber(value) !== null, 'not a phone number: give the area code and number, or + and the country code')
