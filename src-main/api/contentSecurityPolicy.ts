/**
 * The renderer's Content-Security-Policy: everything from the app's own files, no inline code, no network, no
 * plugins. src-renderer/index.html carries it as a meta tag (Electron loads the page from file://, where no
 * headers exist); `mull serve` sends it as a header. A unit test keeps the two equal.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; object-src 'none'";
