/**
 * The one form of a typed username that lockout counts: Unicode NFKC (fullwidth `ａｄｍｉｎ` is `admin`), case-folded,
 * invisible characters (zero-width spaces, soft hyphens) dropped, and trimmed. The database matches usernames
 * under utf8mb4_unicode_ci, which treats such spellings as one name, so lockout must too: otherwise a look-alike
 * spelling of a locked account signs in.
 */
export function canonicalUsername(typed: string): string {
  const folded = typed.normalize("NFKC").replace(/\p{Default_Ignorable_Code_Point}/gu, "");
  // Upper then lower approximates Unicode case folding (ß → ss, ſ → s), which JavaScript has no call for.
  return folded.toUpperCase().toLowerCase().normalize("NFKC").trim();
}
