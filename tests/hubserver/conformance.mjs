#!/usr/bin/env node
// Proves the test Hub faithful: the official @huggingface/hub client runs against it, and git-lfs
// fetches through its LFS batch API (which the JS client does not use). Also checks
// ranges, the stale-parent refusal, read-only and revoked tokens, and each injectable fault.
import { createRequire } from "node:module";
import { createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "./lib/launch.mjs";

const require = createRequire(import.meta.url);
let hub;
try {
  hub = require("@huggingface/hub");
} catch {
  console.error("conformance: @huggingface/hub is missing; run `npm ci` in tests/hubserver (scripts/setup.sh --tests does)");
  process.exit(1);
}

const TOKEN = "hf_test_alice_write";
const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`PASS ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
async function rejectsWith(promise, status) {
  try {
    await promise;
  } catch (e) {
    assert(e.statusCode === status, `expected HTTP ${status}, got ${e.statusCode}: ${e.message}`);
    return e;
  }
  throw new Error(`expected a failure with HTTP ${status}`);
}
async function blobBytes(blob) {
  return Buffer.from(await blob.arrayBuffer());
}

// Small pages prove the pagination; a 3 MiB multipart threshold makes the 5 MiB file go multipart.
const server = await startServer(["--page-size", "2", "--multipart-threshold", String(3 << 20), "--chunk-size", String(1 << 20),
  "--token", `${TOKEN}:alice:write`, "--token", "hf_test_alice_read:alice:read", "--token", "hf_test_bob:bob:write"]);
const hubUrl = server.url;
const repo = { type: "dataset", name: "alice/conformance" };
const opts = { hubUrl, accessToken: TOKEN, repo };
const small = Buffer.from("hello from the official client\n");
const lfs2mb = Buffer.concat([Buffer.from([0]), randomBytes(2 * 1024 * 1024)]);
const multi5mb = randomBytes(5 * 1024 * 1024 + 123);

try {
  await check("whoAmI", async () => {
    const me = await hub.whoAmI({ hubUrl, accessToken: TOKEN });
    assert(me.name === "alice" && me.auth.accessToken.role === "write", JSON.stringify(me));
  });
  await check("createRepo (dataset) and repoExists", async () => {
    const created = await hub.createRepo({ ...opts, private: true });
    assert(created.repoUrl.endsWith("/datasets/alice/conformance"), created.repoUrl);
    assert(await hub.repoExists({ hubUrl, accessToken: TOKEN, repo }), "repoExists");
    await rejectsWith(hub.createRepo({ ...opts, private: true }), 409);
  });
  await check("uploadFiles: small, LFS (basic) and LFS (multipart)", async () => {
    const files = [
      { path: "notes/hello.txt", content: new Blob([small]) },
      { path: "data/model.bin", content: new Blob([lfs2mb]) },
      { path: "data/big.dat", content: new Blob([multi5mb]) },
    ];
    for (let i = 0; i < 5; i++) files.push({ path: `many/file${i}.txt`, content: new Blob([`file ${i}\n`]) });
    const out = await hub.uploadFiles({ ...opts, files, commitTitle: "upload" });
    assert(/^[0-9a-f]{40}$/.test(out.commit.oid), JSON.stringify(out));
    const stats = await server.admin("stats");
    assert(stats.lfsPayloadBytes === lfs2mb.length + multi5mb.length, JSON.stringify(stats));
  });
  await check("listFiles recursive over several pages", async () => {
    const log0 = (await server.admin("log")).filter((l) => l.path.includes("/tree/")).length;
    const files = [];
    for await (const f of hub.listFiles({ ...opts, recursive: true })) files.push(f);
    const paths = files.filter((f) => f.type === "file").map((f) => f.path).sort();
    assert(paths.length === 9, paths.join(","));
    const pages = (await server.admin("log")).filter((l) => l.path.includes("/tree/")).length - log0;
    assert(pages > 2, `${pages} pages`);
    const big = files.find((f) => f.path === "data/big.dat");
    assert(big.lfs && big.lfs.size === multi5mb.length && big.lfs.oid.length === 64, JSON.stringify(big));
    assert(files.some((f) => f.type === "directory" && f.path === "data"), "directories listed");
  });
  await check("downloadFile byte for byte (small, LFS, multipart LFS)", async () => {
    for (const [path, content] of [["notes/hello.txt", small], ["data/model.bin", lfs2mb], ["data/big.dat", multi5mb]]) {
      const info = await hub.fileDownloadInfo({ ...opts, path });
      assert(info.size === content.length && info.etag, JSON.stringify(info));
      const blob = await hub.downloadFile({ ...opts, path });
      assert((await blobBytes(blob)).equals(content), `content of ${path}`);
    }
  });
  await check("git-lfs downloads through the LFS batch API (read token, CDN without the token)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lfs-conformance-"));
    const env = { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" };
    const git = (args, input) => execFileSync("git", args, { cwd: dir, env, input, stdio: ["pipe", "pipe", "pipe"], maxBuffer: 64 << 20 });
    const pointer = (content) =>
      `version https://git-lfs.github.com/spec/v1\noid sha256:${createHash("sha256").update(content).digest("hex")}\nsize ${content.length}\n`;
    try {
      git(["init", "-q"]);
      git(["config", "lfs.url", `${hubUrl}/datasets/alice/conformance.git/info/lfs`]);
      // Scoped to the Hub's origin, as a credential is: the CDN refuses requests carrying it.
      git(["config", `http.${hubUrl}/.extraHeader`, "Authorization: Bearer hf_test_alice_read"]);
      const log0 = (await server.admin("log?n=100000")).length;
      for (const content of [lfs2mb, multi5mb])
        assert(git(["lfs", "smudge", "x.bin"], pointer(content)).equals(content), "git-lfs smudged the object's bytes");
      const log = (await server.admin("log?n=100000")).slice(log0);
      assert(log.filter((l) => l.path.endsWith(".git/info/lfs/objects/batch")).length === 2, JSON.stringify(log));
      assert(log.filter((l) => l.path.startsWith("/__cdn/lfs/")).length === 2, "each object from the CDN");
      const stranger = randomBytes(4096);
      let refused = false;
      try {
        git(["lfs", "smudge", "y.bin"], pointer(stranger));
      } catch (e) {
        refused = /does not exist|404|not found/i.test(String(e.stderr));
      }
      assert(refused, "an object the repository does not reference is not handed out");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  await check("an unchanged re-upload sends no LFS bytes", async () => {
    await server.admin("stats/reset", "POST");
    await hub.uploadFiles({ ...opts, files: [{ path: "data/copy.bin", content: new Blob([lfs2mb]) }] });
    const stats = await server.admin("stats");
    assert(stats.lfsPayloadBytes === 0, JSON.stringify(stats));
  });
  await check("deleteFile", async () => {
    await hub.deleteFile({ ...opts, path: "notes/hello.txt" });
    assert((await hub.fileDownloadInfo({ ...opts, path: "notes/hello.txt" })) === null, "deleted file still there");
    assert((await hub.downloadFile({ ...opts, path: "notes/hello.txt" })) === null, "downloadFile of a deleted file");
  });
  await check("errors: wrong token 401, missing repo 404, private repo hidden, read token 403", async () => {
    await rejectsWith(hub.whoAmI({ hubUrl, accessToken: "hf_wrong" }), 401);
    await rejectsWith((async () => { for await (const _ of hub.listFiles({ ...opts, repo: { type: "dataset", name: "alice/nope" } })); })(), 404);
    assert(!(await hub.repoExists({ hubUrl, accessToken: "hf_test_bob", repo })), "bob sees alice's private repo");
    await rejectsWith(hub.uploadFiles({ ...opts, accessToken: "hf_test_alice_read", files: [{ path: "x.txt", content: new Blob(["x"]) }] }), 403);
  });
  await check("stale parentCommit is refused with 412", async () => {
    const first = (await hub.uploadFiles({ ...opts, files: [{ path: "p.txt", content: new Blob(["1"]) }] })).commit.oid;
    await hub.uploadFiles({ ...opts, files: [{ path: "p.txt", content: new Blob(["2"]) }] });
    await rejectsWith(hub.commit({ ...opts, title: "stale", parentCommit: first, operations: [{ operation: "addOrUpdate", path: "q.txt", content: new Blob(["q"]) }] }), 412);
  });
  await check("Range requests, the LFS redirect and X-* headers on resolve", async () => {
    const url = `${hubUrl}/datasets/alice/conformance/resolve/main/data/big.dat`;
    const hop = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` }, redirect: "manual" });
    assert(hop.status === 302 && new URL(hop.headers.get("location")).origin !== hubUrl, "LFS content comes from another origin");
    assert(hop.headers.get("x-linked-size") === String(multi5mb.length) && /^[0-9a-f]{40}$/.test(hop.headers.get("x-repo-commit")), "headers");
    const leaked = await fetch(hop.headers.get("location"), { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert(leaked.status === 400, "the CDN refuses a request that carries the token");
    const r = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}`, Range: "bytes=10-19" } });
    assert(r.status === 206, `status ${r.status}`);
    assert(r.headers.get("content-range") === `bytes 10-19/${multi5mb.length}`, r.headers.get("content-range"));
    assert(Buffer.from(await r.arrayBuffer()).equals(multi5mb.subarray(10, 20)), "range content");
    const bad = await fetch(`${hubUrl}/datasets/alice/conformance/resolve/main/p.txt`, {
      headers: { Authorization: `Bearer ${TOKEN}`, Range: "bytes=5000-" },
    });
    assert(bad.status === 416, `status ${bad.status}`);
    const missing = await fetch(`${hubUrl}/datasets/alice/conformance/resolve/main/none.txt`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert(missing.status === 404 && missing.headers.get("x-error-code") === "EntryNotFound", "EntryNotFound");
  });
  await check("revoked token", async () => {
    await server.admin("tokens", "POST", { token: "hf_temp", user: "alice", role: "write" });
    assert((await hub.whoAmI({ hubUrl, accessToken: "hf_temp" })).name === "alice", "temp token works");
    await server.admin("tokens/hf_temp", "DELETE");
    await rejectsWith(hub.whoAmI({ hubUrl, accessToken: "hf_temp" }), 401);
  });
  await check("createRepo (space, model) is a git repository over smart HTTP with the token", async () => {
    const space = { type: "space", name: "alice/site" };
    const created = await hub.createRepo({ hubUrl, accessToken: TOKEN, repo: space, private: true, sdk: "static" });
    assert(created.repoUrl.endsWith("/spaces/alice/site"), created.repoUrl);
    await hub.createRepo({ hubUrl, accessToken: TOKEN, repo: { type: "model", name: "alice/weights" } });
    const refs = (path, auth) => fetch(`${hubUrl}/${path}/info/refs?service=git-upload-pack`, auth ? { headers: { Authorization: auth } } : {});
    const basic = (token) => `Basic ${Buffer.from(`alice:${token}`).toString("base64")}`;
    const anonymous = await refs("spaces/alice/site");
    assert(anonymous.status === 401 && /^Basic /.test(anonymous.headers.get("www-authenticate") ?? ""), `anonymous ${anonymous.status}`);
    assert((await refs("spaces/alice/site", basic("hf_wrong"))).status === 401, "wrong token");
    assert((await refs("spaces/alice/site", basic("hf_test_bob"))).status === 403, "another user's private repository");
    const ok = await refs("spaces/alice/site", basic(TOKEN));
    assert(ok.status === 200 && ok.headers.get("content-type") === "application/x-git-upload-pack-advertisement", `${ok.status}`);
    assert((await ok.text()).includes("refs/heads/main"), "advertises main");
    assert((await refs("alice/weights", basic(TOKEN))).status === 200, "model over git");
    const files = [];
    for await (const f of hub.listFiles({ hubUrl, accessToken: TOKEN, repo: space })) files.push(f.path);
    assert(files.join() === ".gitattributes", files.join());
  });
  await check("faults: 5xx, 429 with Retry-After, drop, stall, malformed, truncate", async () => {
    const whoami = (signal) => fetch(`${hubUrl}/api/whoami-v2`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal });
    await server.admin("faults", "POST", { path: "whoami", kind: "status", status: 503 });
    assert((await whoami()).status === 503, "503");
    await server.admin("faults", "POST", { path: "whoami", kind: "status", status: 429, retryAfter: 7 });
    const limited = await whoami();
    assert(limited.status === 429 && limited.headers.get("retry-after") === "7", "429");
    await server.admin("faults", "POST", { path: "whoami", kind: "drop" });
    await whoami().then(() => { throw new Error("drop answered"); }, () => {});
    await server.admin("faults", "POST", { path: "whoami", kind: "stall" });
    await whoami(AbortSignal.timeout(500)).then(() => { throw new Error("stall answered"); }, () => {});
    await server.admin("faults", "POST", { path: "whoami", kind: "malformed" });
    await (await whoami()).json().then(() => { throw new Error("malformed parsed"); }, () => {});
    await server.admin("faults", "POST", { path: "resolve", kind: "truncate" });
    const cut = await fetch(`${hubUrl}/datasets/alice/conformance/resolve/main/many/file0.txt`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    await cut.arrayBuffer().then((b) => { throw new Error(`truncated body read whole: ${b.byteLength}`); }, () => {});
    assert((await whoami()).status === 200, "faults are consumed");
    assert((await server.admin("faults")).armed.length === 0, "no fault left armed");
  });
} finally {
  await server.stop();
}

const failed = results.filter(([, ok]) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
