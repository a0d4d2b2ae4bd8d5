// The Node entry: the browser entry's API plus the TCP transport.
export * from "./browser.ts";
export { TcpTransport, type TcpTransportOptions } from "./transport-tcp.ts";
