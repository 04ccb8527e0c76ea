// The LFS half of the protocol: the batch API (uploads by basic and multipart transfers with
// verify; downloads, as git-lfs fetches them), and the pre-signed URLs it hands out, which carry
// no Authorization header.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { readBody, sendError, sendJson, sign } from "./util.mjs";

const LFS_JSON = "application/vnd.git-lfs+json";
const WRITE_BLOCK = 1 << 20;

export class Lfs {
  constructor(store, stats, options) {
    this.store = store;
    this.stats = stats;
    this.secret = randomBytes(16).toString("hex");
    this.multipartThreshold = options.multipartThreshold;
    this.chunkSize = options.chunkSize;
    this.cdnBase = options.cdnBase;
    this.linkSeconds = options.linkSeconds ?? 3600;
  }

  // Where an object's bytes are served: the CDN's pre-signed URL (on the CDN's own origin when
  // the Hub runs one, as the real Hub does).
  downloadHref(base, oid) {
    return `${this.cdnBase ?? base}/__cdn/lfs/${oid}?sig=${sign(this.secret, `cdn/${oid}`)}`;
  }

  signedUrl(base, route, oid, extra = "") {
    return `${base}/__lfs/${route}/${oid}${extra}?sig=${sign(this.secret, `${route}/${oid}${extra}`)}`;
  }
  checkSignature(route, oid, extra, url) {
    return url.searchParams.get("sig") === sign(this.secret, `${route}/${oid}${extra}`);
  }

  // POST {repo}.git/info/lfs/objects/batch. `allowed(write)` answers (and returns true) when the
  // caller may not read (download) or write (upload) the repository; `stored(oid)` says whether
  // the repository references an object, so that a download never reaches another one's objects.
  async batch(req, res, base, allowed, stored) {
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    if (!["upload", "download"].includes(body.operation))
      return sendError(res, 422, `unknown operation ${body.operation}`);
    if (allowed(body.operation === "upload")) return;
    if (body.hash_algo && !["sha_256", "sha256"].includes(body.hash_algo))
      return sendError(res, 422, `unsupported hash algorithm ${body.hash_algo}`);
    const transfers = body.transfers ?? ["basic"];
    if (body.operation === "download") {
      if (!transfers.includes("basic")) return sendError(res, 422, "no transfer offered that this server speaks (basic)");
      return this.downloads(res, base, body.objects ?? [], stored);
    }
    let usedMultipart = false;
    const objects = (body.objects ?? []).map(({ oid, size }) => {
      if (!/^[0-9a-f]{64}$/.test(oid) || !Number.isInteger(size) || size < 0)
        return { oid, size, error: { code: 422, message: "invalid object id or size" } };
      if (this.store.hasLfs(oid, size)) return { oid, size }; // stored already: no actions
      const verify = { href: this.signedUrl(base, "verify", oid), header: {} };
      if (transfers.includes("multipart") && size > this.multipartThreshold) {
        usedMultipart = true;
        const parts = Math.ceil(size / this.chunkSize);
        const header = { chunk_size: String(this.chunkSize) };
        for (let i = 1; i <= parts; i++) header[String(i)] = this.signedUrl(base, "part", oid, `/${i}`);
        return { oid, size, authenticated: true, actions: { upload: { href: this.signedUrl(base, "complete", oid), header }, verify } };
      }
      return { oid, size, authenticated: true, actions: { upload: { href: this.signedUrl(base, "upload", oid), header: {} }, verify } };
    });
    const data = Buffer.from(JSON.stringify({ transfer: usedMultipart ? "multipart" : "basic", objects }));
    res.writeHead(200, { "Content-Type": LFS_JSON, "Content-Length": data.length });
    res.end(data);
  }

  // The answer to a download batch: a pre-signed href for every object the repository holds, a
  // 404 error object for the others (git-lfs's protocol).
  downloads(res, base, objects, stored) {
    const answered = objects.map(({ oid, size }) => {
      if (!/^[0-9a-f]{64}$/.test(oid) || !Number.isInteger(size) || size < 0)
        return { oid, size, error: { code: 422, message: "invalid object id or size" } };
      if (!stored(oid) || !this.store.hasLfs(oid, size)) return { oid, size, error: { code: 404, message: "Object does not exist" } };
      return { oid, size, authenticated: true, actions: { download: { href: this.downloadHref(base, oid), header: {}, expires_in: this.linkSeconds } } };
    });
    const data = Buffer.from(JSON.stringify({ transfer: "basic", objects: answered }));
    res.writeHead(200, { "Content-Type": LFS_JSON, "Content-Length": data.length });
    res.end(data);
  }

  // Streams a body to disk while hashing it: never held in memory whole. With `start`, into an
  // existing file at that offset (a part of a multipart object). The socket's chunks (often
  // 16 KiB) are gathered into writes of up to 1 MiB: each file write is a round trip through
  // libuv's thread pool, and one per chunk made the server, not the client, set the pace.
  async receive(req, file, start) {
    const hash = createHash("sha256");
    let size = 0;
    let pending = [];
    let pendingBytes = 0;
    const take = () => {
      const block = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      hash.update(block);
      pending = [];
      pendingBytes = 0;
      return block;
    };
    const batcher = new Transform({
      transform: (chunk, _enc, done) => {
        size += chunk.length;
        this.stats.lfsPayloadBytes += chunk.length; // as it arrives: tests read it mid-body
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= WRITE_BLOCK) done(null, take());
        else done();
      },
      flush: (done) => {
        if (pendingBytes > 0) batcher.push(take());
        done();
      },
    });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await pipeline(req, batcher, fs.createWriteStream(file, start === undefined ? {} : { flags: "r+", start }));
    return { sha256: hash.digest("hex"), size };
  }

  async commitObject(tmp, oid, got, res) {
    if (got.sha256 !== oid) {
      fs.rmSync(tmp, { force: true });
      return sendError(res, 400, `the uploaded content does not match ${oid} (got ${got.sha256})`);
    }
    fs.renameSync(tmp, this.store.lfsPath(oid));
    res.writeHead(200, { "Content-Length": 0 });
    res.end();
  }

  // PUT /__lfs/upload/{oid}: a basic transfer.
  async upload(req, res, oid, url) {
    if (!this.checkSignature("upload", oid, "", url)) return sendError(res, 403, "invalid signature");
    const tmp = path.join(this.store.root, "uploads", `${oid}.${randomBytes(4).toString("hex")}`);
    const got = await this.receive(req, tmp);
    return this.commitObject(tmp, oid, got, res);
  }

  // PUT /__lfs/part/{oid}/{n}: one part of a multipart transfer, written straight to its place in
  // the object (so that completing needs no second copy); answers its ETag.
  async part(req, res, oid, n, url) {
    if (!this.checkSignature("part", oid, `/${n}`, url)) return sendError(res, 403, "invalid signature");
    const dir = path.join(this.store.root, "uploads", oid);
    fs.mkdirSync(dir, { recursive: true });
    const object = path.join(dir, "object");
    fs.closeSync(fs.openSync(object, "a")); // created, never truncated: parts arrive in any order
    const got = await this.receive(req, object, (Number(n) - 1) * this.chunkSize);
    // The part's hash and size, recorded once it is whole: completion checks ETags by them.
    fs.writeFileSync(path.join(dir, `part-${n}.done`), `${got.sha256} ${got.size}`);
    const etag = `"${got.sha256.slice(0, 32)}"`;
    res.writeHead(200, { ETag: etag, "Content-Length": 0 });
    res.end();
  }

  // POST /__lfs/complete/{oid}: checks that every part arrived with its ETag, then the whole.
  async complete(req, res, oid, url) {
    if (!this.checkSignature("complete", oid, "", url)) return sendError(res, 403, "invalid signature");
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    if (body.oid !== oid || !Array.isArray(body.parts) || body.parts.length === 0)
      return sendError(res, 400, "the completion names no parts");
    const dir = path.join(this.store.root, "uploads", oid);
    let total = 0;
    for (const { partNumber, etag } of [...body.parts].sort((a, b) => a.partNumber - b.partNumber)) {
      const done = path.join(dir, `part-${partNumber}.done`);
      if (!fs.existsSync(done)) return sendError(res, 400, `part ${partNumber} was never uploaded`);
      const [sha, size] = fs.readFileSync(done, "utf8").split(" ");
      if (etag && etag !== `"${sha.slice(0, 32)}"`) return sendError(res, 400, `part ${partNumber}: ETag mismatch`);
      total += Number(size);
    }
    const object = path.join(dir, "object");
    fs.truncateSync(object, total); // nothing of an earlier, longer attempt stays behind
    const hash = createHash("sha256");
    for await (const chunk of fs.createReadStream(object, { highWaterMark: 1 << 20 })) hash.update(chunk);
    const tmp = `${dir}.assembled`;
    fs.renameSync(object, tmp);
    fs.rmSync(dir, { recursive: true, force: true });
    return this.commitObject(tmp, oid, { sha256: hash.digest("hex") }, res);
  }

  // POST /__lfs/verify/{oid}
  async verify(req, res, oid, url) {
    if (!this.checkSignature("verify", oid, "", url)) return sendError(res, 403, "invalid signature");
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    if (!this.store.hasLfs(oid, body.size)) return sendError(res, 404, `object ${oid} of ${body.size} bytes is not stored`);
    sendJson(res, 200, { message: "ok" });
  }
}
