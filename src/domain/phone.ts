// Phone numbers (the Security role's), read and shown through libphonenumber-js. The library and its
// metadata take a twentieth of a second to load, and only the security-contact commands and notices
// need it, so it is required on first use instead of at every start.
import { createRequire } from 'node:module';

type PhoneLib = typeof import('libphonenumber-js');

let lib: PhoneLib | undefined;
const phoneLib = (): PhoneLib => (lib ??= createRequire(import.meta.url)('libphonenumber-js') as PhoneLib);

/** The number in `text` (international form expected), or undefined when it is none. */
export const parsePhone = (text: string) => phoneLib().parsePhoneNumberFromString(text);

/** A stored E.164 number as people read it, e.g. +351 912 345 678; empty when there is none. */
export const formatPhone = (e164: string | undefined): string =>
  parsePhone(e164 ?? '')?.formatInternational() ?? '';
