// Workbench: an API error's message as a person reads it (the request paths it names left out).
/**
 * The API's message as a person reads it: the request paths it names (`body.fundingCapFen：`) left out — the field
 * errors are shown at the fields themselves.
 */
export const withoutPaths = (message: string): string =>
  message
    .replace(/(?:body|query|path)(?:\.[\w-]+)+\s*[：:]\s*/g, "")
    .replace(/\s+/g, " ")
    .trim();
