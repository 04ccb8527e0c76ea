// Faults armed by tests through /__admin/faults, applied to the next matching requests: error
// statuses (429 with Retry-After), dropped connections, stalled replies, malformed or truncated bodies.
import { sendError } from "./util.mjs";

export class Faults {
  constructor() {
    this.armed = [];
  }

  arm(spec) {
    const fault = {
      method: (spec.method ?? "*").toUpperCase(),
      path: spec.path ?? ".*",
      regex: new RegExp(spec.path ?? ".*"),
      kind: spec.kind ?? "status",
      status: spec.status ?? 503,
      retryAfter: spec.retryAfter,
      count: spec.count ?? 1,
      afterBytes: spec.afterBytes ?? 0,
    };
    if (!["status", "drop", "stall", "malformed", "truncate"].includes(fault.kind))
      throw new Error(`unknown fault kind ${fault.kind}`);
    this.armed.push(fault);
    return fault;
  }

  clear() {
    this.armed = [];
  }

  list() {
    return this.armed.map(({ regex, ...f }) => f);
  }

  // The fault for this request, consumed; null when none matches.
  take(req, pathname) {
    const i = this.armed.findIndex(
      (f) => (f.method === "*" || f.method === req.method) && f.regex.test(pathname) && f.count > 0
    );
    if (i < 0) return null;
    const f = this.armed[i];
    if (--f.count <= 0) this.armed.splice(i, 1);
    return f;
  }

  // Applies a fault that acts before the handler runs; returns true when the request is done.
  async apply(fault, req, res) {
    switch (fault.kind) {
      case "status": {
        const headers = {};
        if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
        req.resume();
        const message = fault.status === 429 ? "You have been rate-limited; retry later" : `Injected failure (${fault.status})`;
        sendError(res, fault.status, message, undefined, headers);
        return true;
      }
      case "drop": {
        if (fault.afterBytes > 0) {
          await new Promise((resolve) => {
            let seen = 0;
            req.on("data", (chunk) => {
              seen += chunk.length;
              if (seen >= fault.afterBytes) resolve();
            });
            req.on("end", resolve);
            req.on("error", resolve);
          });
        }
        req.socket.destroy();
        return true;
      }
      case "stall":
        // Never answer; the socket stays open until the client gives up.
        req.resume();
        return true;
      case "malformed": {
        req.resume();
        const body = Buffer.from('{"not": json at all');
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length });
        res.end(body);
        return true;
      }
      default:
        return false; // "truncate" acts on the reply: see truncateReply
    }
  }
}

// Wraps res so that only half of the announced body is sent before the connection closes.
export function truncateReply(res) {
  const origWriteHead = res.writeHead.bind(res);
  let budget = Infinity;
  res.writeHead = (status, headers) => {
    const length = Number(headers?.["Content-Length"] ?? headers?.["content-length"] ?? 0);
    budget = Math.floor(length / 2);
    return origWriteHead(status, headers);
  };
  const origWrite = res.write.bind(res);
  const cut = () => {
    if (!res.headersSent) res.flushHeaders();
    setImmediate(() => res.socket?.destroy());
    return false;
  };
  res.write = (chunk, ...rest) => {
    if (budget <= 0) return cut();
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (buf.length > budget) {
      origWrite(buf.subarray(0, budget));
      budget = 0;
      return cut();
    }
    budget -= buf.length;
    return origWrite(buf, ...rest);
  };
  res.end = (chunk) => {
    if (chunk) res.write(chunk);
    return cut();
  };
}
