/**
 * The renderer's Content-Security-Policy, sent as a header by both faces that serve it:
 * browser mode (`quorum serve`) and the desktop app's `quorum://app` protocol. It matches
 * the meta tag in renderer/index.html, which covers the Vite dev server; `frame-ancestors`
 * only works as a header, so the meta tag leaves it out.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
