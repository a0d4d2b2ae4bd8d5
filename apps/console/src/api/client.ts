import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema.gen.ts";

/** Every gateway error body: `{ error: { code, message, field? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type Api = ReturnType<typeof createApi>;

/**
 * The one typed client of the admin API, generated from the gateway's OpenAPI
 * document. Same origin as the console (the console proxies /admin), so the
 * session cookie rides along and no key ever reaches the browser. Writes carry
 * the session's CSRF token.
 */
export function createApi(options: { onUnauthenticated: () => void }) {
  let csrfToken = "";
  const csrf: Middleware = {
    onRequest({ request }) {
      if (request.method !== "GET" && request.method !== "HEAD" && csrfToken)
        request.headers.set("x-csrf-token", csrfToken);
      return request;
    },
    async onResponse({ response, request }) {
      if (response.ok) return response;
      let code = "HTTP_ERROR";
      let message = `${response.status} ${response.statusText}`;
      let field: string | undefined;
      try {
        const body = (await response.clone().json()) as { error?: { code?: string; message?: string; field?: string } };
        code = body.error?.code ?? code;
        message = body.error?.message ?? message;
        field = body.error?.field;
      } catch {
        // Not JSON (a proxy error page): keep the status line.
      }
      if (response.status === 401 && !new URL(request.url).pathname.endsWith("/admin/login"))
        options.onUnauthenticated();
      throw new ApiError(response.status, code, message, field);
    },
  };
  const client = createClient<paths>({ baseUrl: typeof window === "undefined" ? "http://127.0.0.1" : "" });
  client.use(csrf);
  return {
    client,
    setCsrfToken(token: string) {
      csrfToken = token;
    },
  };
}

/** Unwraps an openapi-fetch result: errors were already thrown by the middleware. */
export function data<T>(result: { data?: T; error?: unknown }): T {
  if (result.data === undefined) throw new ApiError(500, "EMPTY_RESPONSE", "the server sent no data");
  return result.data;
}
