export { createOperator } from "./admin/index.ts";
export { buildApp, type GatewayDeps } from "./app.ts";
export {
  type ApiKeyInput,
  type BusinessLineInput,
  createApiKey,
  createBusinessLine,
  type IssuedKey,
  revokeApiKey,
  rotateApiKey,
  SCOPES,
} from "./business-keys.ts";
