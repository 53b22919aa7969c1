import type { FieldIssue } from "../errors";
import { fieldMessageKeys } from "./field-messages";

/**
 * The catalogue entry ("validation.issues.<key>") that says what a zod check wanted, in plain words: "at most 64
 * characters" rather than zod's "Too big: expected string to have <=64 characters". Browser-safe (no server imports).
 */
export function issueMessage(issue: FieldIssue): { key: string; values: Record<string, string | number> } {
  const n = issue.code === "too_small" ? issue.minimum : issue.maximum;
  // A number where it is one, so the catalogue's plurals work ("1 character", "64 characters").
  const values = { n: typeof n === "string" && /^\d+$/.test(n) ? Number(n) : (n ?? 0) };
  const kind = issue.origin === "string" ? "String" : issue.origin === "array" || issue.origin === "set" ? "Array" : issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint" ? "Number" : "";
  switch (issue.code) {
    case "too_small":
      // "At least 1 character" is how zod says a field is empty.
      if (kind === "String" && Number(n) === 1) return { key: "required", values };
      return { key: kind ? `tooSmall${kind}` : "invalid", values };
    case "too_big":
      return { key: kind ? `tooBig${kind}` : "invalid", values };
    case "invalid_type":
      return { key: "invalidType", values };
    case "invalid_format":
      return { key: issue.format === "url" ? "invalidUrl" : issue.format === "email" ? "invalidEmail" : issue.format === "datetime" ? "invalidDateTime" : "invalidFormat", values };
    case "invalid_value":
      return { key: "invalidValue", values };
    case "unrecognized_keys":
      return { key: "unknownField", values };
    default:
      return { key: "invalid", values };
  }
}

/** Every key issueMessage can return: the catalogue test checks each exists in every language. */
export const issueKeys = [
  "required", "tooSmallString", "tooSmallArray", "tooSmallNumber", "tooBigString", "tooBigArray", "tooBigNumber", "invalidType",
  "invalidUrl", "invalidEmail", "invalidDateTime", "invalidFormat", "invalidValue", "unknownField", "invalid",
] as const;

/** A translator of the "validation" namespace, server's (getTranslations) or browser's (useTranslations). */
export type ValidationText = (key: string, values?: Record<string, string | number>) => string;

/**
 * One field message in plain words and the viewer's language. Bida's own messages have catalogue entries
 * (lib/i18n/field-messages.ts); zod's own checks are reworded from what they checked, in every language; Bida's
 * other messages are lower-case phrases ("a full task id") that English shows as they are. Server actions and API
 * answers shown in the console go through this one function, so no form shows "Too small: expected string to have
 * >=1 characters".
 */
export function wordField(detail: { message: string; issue?: FieldIssue }, locale: string, t: ValidationText): string {
  const own = fieldMessageKeys[detail.message];
  if (own) return locale === "en" ? detail.message : t(own);
  if (!detail.issue || (locale === "en" && !zodsOwnWords(detail.message))) return detail.message;
  const { key, values } = issueMessage(detail.issue);
  return t(`issues.${key}`, values);
}

// zod's messages are capitalised sentences ("Too small: …", "Invalid input: …"); Bida's start in lower case.
const zodsOwnWords = (message: string) => /^[A-Z]/.test(message);
