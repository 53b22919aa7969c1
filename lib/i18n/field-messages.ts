// The domain's own field messages (zod refinements, ApiError details) are English, like the API that returns
// them. Forms in another language show the catalogue's words for the ones a console form can produce
// ("validation.<key>"); an unknown message is shown as it is.
export const fieldMessageKeys: Record<string, string> = {
  "at least 2 characters": "min2",
  "at least 8 characters": "min8",
  "at most 64 characters": "max64",
  "at most 72 bytes": "max72Bytes",
  "letters, digits, dot, dash and underscore only": "usernameChars",
  "letters, digits, space, dot, dash, underscore": "nameChars",
  "already taken": "taken",
  "0 to 30 days": "days0to30",
  "choose at least one event": "oneEvent",
  "must be an http or https URL": "httpUrl",
  "must be an absolute http or https URL": "httpUrl",
  "must be a host name such as api.example.com or *.example.com": "hostName",
  "must be a PEM certificate": "pemCert",
  "must be an unencrypted PEM private key": "pemKey",
  "say what was done by hand": "note",
};
