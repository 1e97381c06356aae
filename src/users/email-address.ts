/**
 * The one stored form of an email address: Unicode NFC (so a composed and a decomposed "é"
 * are one address) with the domain in lower case (RFC 5321 §2.4: domains are case-insensitive;
 * the local part is the mailbox owner's, so its case is kept). Compatibility forms are left
 * alone (NFC, not NFKC): "Ａda" is not "Ada" to a mail server.
 */
export function normalizeEmail(email: string): string {
  const composed = email.normalize('NFC');
  const at = composed.lastIndexOf('@');
  if (at < 0) return composed;
  return `${composed.slice(0, at)}@${composed.slice(at + 1).toLowerCase()}`;
}
