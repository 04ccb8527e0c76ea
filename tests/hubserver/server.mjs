#!/usr/bin/env node
// A Hugging Face Hub test server for HAWKMOTH's tests: the subset of the Hub HTTP API described in
// shared/hf-hub-protocol.md, stored in a folder, on 127.0.0.1 only, with fault injection.
// usage: node server.mjs --port 0 --data DIR [--page-size N] [--token hf_x:user:role ...]
//        [--port-file FILE] [--multipart-threshold BYTES] [--chunk-size BYTES] [--no-lfs-redirect]
//        [--lfs-link-seconds N]   (the lifetime the LFS batch API states for a download link)
import http from "node:http";
import fs from "node:fs";
import { Hub } from "./lib/hub.mjs";

function parseArgs(argv) {
  const o = { port: 0, data: null, pageSize: 1000, tokens: [], portFile: null, multipartThreshold: 8 * 1024 * 1024, chunkSize: 8 * 1024 * 1024, redirect: true, linkSeconds: 3600 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === "--port") o.port = Number(next());
    else if (a === "--data") o.data = next();
    else if (a === "--page-size") o.pageSize = Number(next());
    else if (a === "--port-file") o.portFile = next();
    else if (a === "--multipart-threshold") o.multipartThreshold = Number(next());
    else if (a === "--chunk-size") o.chunkSize = Number(next());
    else if (a === "--no-lfs-redirect") o.redirect = false;
    else if (a === "--lfs-link-seconds") o.linkSeconds = Number(next());
    else if (a === "--token") {
      const [token, user, role = "write"] = next().split(":");
      if (!token.startsWith("hf_")) throw new Error(`tokens start with hf_: ${token}`);
      o.tokens.push({ token, user, role, orgs: [] });
    } else throw new Error(`unknown option ${a}`);
  }
  if (!o.data) throw new Error("--data DIR is required");
  if (o.tokens.length === 0) o.tokens.push({ token: "hf_test_alice_write", user: "alice", role: "write", orgs: [] });
  return o;
}

const options = parseArgs(process.argv.slice(2));
fs.mkdirSync(options.data, { recursive: true });

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server.address().port));
  });
}

const cdn = http.createServer();
const main = http.createServer();
main.keepAliveTimeout = 30000;
const cdnPort = options.redirect ? await listen(cdn, 0) : null;
options.cdnBase = cdnPort ? `http://127.0.0.1:${cdnPort}` : null;
const hub = new Hub(options);
const handler = (req, res) => hub.handle(req, res).catch((e) => {
  if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ error: e.message }));
});
main.on("request", handler);
cdn.on("request", handler);
const port = await listen(main, options.port);
if (options.portFile) fs.writeFileSync(options.portFile, String(port));
console.log(`listening http://127.0.0.1:${port}`);

const stop = () => {
  main.close();
  cdn.close();
  main.closeAllConnections?.();
  cdn.closeAllConnections?.();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
