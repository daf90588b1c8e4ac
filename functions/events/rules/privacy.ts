// Rules: what never leaves the platform in a published event — personal data, bank accounts and references, fraud
// and overlap findings before a decision, reviews' votes and scores per expert, free-text reasons and comments.

/** Field names (any case, anywhere in a name) that a public event type's data may never have. */
export const privateFieldPatterns: readonly RegExp[] = [
  /bank/i,
  /account/i,
  /iban/i,
  /name/i,
  /phone/i,
  /mobile/i,
  /e-?mail/i,
  /address/i,
  /id-?number|identity|citizen/i,
  /score/i,
  /vote|verdict/i,
  /expert/i,
  /fraud|overlap|suspicion|credit/i,
  /comment|note|error|message/i,
  /actor|user|proposedBy|by$/i,
  /reference/i,
  /file/i,
];

/** The field names of `names` that are private (empty when all may be published). */
export const privateFields = (names: readonly string[]): string[] =>
  names.filter((name) => privateFieldPatterns.some((pattern) => pattern.test(name)));
