// What every HTTP route gets, like express's own error middleware: security headers fit for a page on a
// classroom network, a bounded body, and readable JSON errors instead of HTML stack traces.
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';

/** No route takes a body: anything longer than this is refused before it is read. */
export const HTTP_BODY_MAX_BYTES = 1024;

/** The page loads only its own scripts and styles, talks only to this server, and is never framed by another site. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const securityHeaders = (strictPage: boolean): RequestHandler => (_request, response, next) => {
  response.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  });
  // Vite's dev server injects inline scripts for hot reload: the policy is for the built page.
  if (strictPage) response.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  next();
};

const boundedBody: RequestHandler = (request, response, next) => {
  const length = Number(request.headers['content-length'] ?? 0);
  if (request.headers['transfer-encoding'] !== undefined || !Number.isFinite(length) || length > HTTP_BODY_MAX_BYTES) {
    response.status(413).set('Connection', 'close').json({ error: `This server takes no request bodies over ${HTTP_BODY_MAX_BYTES} bytes.` });
    return;
  }
  next();
};

/** Mounted first: headers and the body bound, for every route. */
export function guardRequests(app: Express, strictPage: boolean): void {
  app.disable('x-powered-by');
  app.use(securityHeaders(strictPage), boundedBody);
}

/** Mounted after the API routes: an unknown /api path and any error answer in JSON. */
export function answerApiErrors(app: Express): void {
  app.use('/api', (request, response) => {
    response.status(404).json({ error: `There is no ${request.method} ${request.originalUrl.slice(0, 200)} here.` });
  });
  const readableError: ErrorRequestHandler = (error: { status?: unknown; message?: unknown }, request, response, next) => {
    if (response.headersSent) return next(error);
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) console.error(`emit playground: ${request.method} ${request.path} failed:`, error);
    response.status(status).json({ error: status === 500 ? 'The server could not answer this request; it has been logged.' : 'This request could not be read.' });
  };
  app.use(readableError);
}
